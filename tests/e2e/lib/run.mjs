// The main loop of the extension E2E scripts: start the form-replica proxy, run `run(kind,
// server)` for each browser named on the command line (default both), report, exit non-zero on
// any failure.
import { startServer } from '../../fixtures/forms/server.mjs';
import { check, summary } from './check.mjs';

export async function runInBrowsers(name, run) {
  const kinds = process.argv.slice(2).length ? process.argv.slice(2) : ['chrome', 'firefox'];
  const server = await startServer();
  try {
    for (const k of kinds) {
      try {
        await run(k, server);
      } catch (e) {
        check(false, `${k}: run`, e.stack || String(e));
      }
    }
  } finally {
    await server.close();
  }
  process.exit(summary(name) ? 0 : 1);
}

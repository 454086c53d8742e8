// Launch real headless Chromium or Firefox ESR with the BUILT extension (target/ext/<browser>,
// the same files as dist/rebound-<browser>-<v>.zip) through puppeteer-core — one driver for both
// (research/toolchain.md §3, §4). The browsers go through the fixture proxy, which serves the
// Microsoft form replicas under the real host names and records everything else; the TLS
// certificate of the replicas is self-signed, so certificate errors are ignored.
import puppeteer from 'puppeteer-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, waitIn } from './poll.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIREFOX_UUID = '5e4b0c1a-7d2f-4c3e-9a61-2b8f0d9e4c17';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

export const extDir = (kind) => path.join(ROOT, 'target/ext', kind === 'firefox' ? 'firefox' : 'chrome');
const manifestOf = (kind) => JSON.parse(fs.readFileSync(path.join(extDir(kind), 'manifest.json'), 'utf8'));

// Chrome: id = first 32 hex digits of sha256(public key DER), mapped 0-f → a-p.
export function chromeExtensionId(manifest) {
  const hex = crypto.createHash('sha256').update(Buffer.from(manifest.key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export { sleep, waitIn };

export async function launch(kind, { userDataDir, proxyPort }) {
  const dir = extDir(kind);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir} is missing: run cargo xtask build`);
  const manifest = manifestOf(kind);
  let browser;
  let origin;
  if (kind === 'chrome') {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      pipe: true,
      userDataDir,
      enableExtensions: [dir],
      acceptInsecureCerts: true,
      args: ['--no-sandbox', `--proxy-server=http://127.0.0.1:${proxyPort}`, '--ignore-certificate-errors', '--disable-gpu', '--disable-sync', '--no-pings',
        '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,SignInProfileCreation,AccountConsistency'],
    });
    origin = `chrome-extension://${chromeExtensionId(manifest)}`;
  } else {
    const geckoId = manifest.browser_specific_settings.gecko.id;
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir,
      enableExtensions: [dir],
      acceptInsecureCerts: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_UUID }),
        // The add-on is (re)installed as a temporary add-on at each start; keep its storage
        // and UUID across restarts, as for a normally installed add-on.
        'extensions.webextensions.keepStorageOnUninstall': true,
        'extensions.webextensions.keepUuidOnUninstall': true,
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxyPort,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
      },
    });
    origin = `moz-extension://${FIREFOX_UUID}`;
  }
  return {
    kind,
    browser,
    origin,
    manifest,
    // Open a URL in a new tab. Firefox never resolves goto(moz-extension://…) (toolchain.md §4):
    // don't wait for it, wait for the DOM instead.
    async open(url) {
      const page = await browser.newPage();
      if (kind === 'firefox' && url.startsWith('moz-extension:')) {
        // Right after start the add-on may not be installed yet: try again.
        for (let attempt = 1; ; attempt++) {
          page.goto(url, { timeout: 3000 }).catch(() => {});
          try {
            await waitIn(page, () => document.readyState === 'complete' && location.protocol === 'moz-extension:', null, { timeout: 8000, what: `load of ${url}` });
            break;
          } catch (e) {
            if (attempt === 3) throw e;
          }
        }
      } else {
        // Chromium, right after a restart with the same profile, refuses the extension's pages
        // (net::ERR_BLOCKED_BY_CLIENT) until it has loaded the extension again: try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await page.goto(url, { waitUntil: 'load', timeout: 20000 });
            break;
          } catch (e) {
            if (attempt === 5 || !String(e).includes('ERR_BLOCKED_BY_CLIENT')) throw e;
            await sleep(500);
          }
        }
      }
      await page.bringToFront().catch(() => {});
      return page;
    },
    // The open tab whose URL starts with `prefix` (e.g. one the extension opened).
    async findPage(prefix, { timeout = 20000 } = {}) {
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        for (const p of await browser.pages()) if (p.url().startsWith(prefix)) return p;
        await sleep(100);
      }
      throw new Error(`no tab with ${prefix} (tabs: ${(await browser.pages()).map((p) => p.url()).join(', ')})`);
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

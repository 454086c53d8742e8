// Polling helpers shared by the extension and page E2E tests.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll `fn` in the page until it returns something truthy (no rAF polling: it hangs in
// background tabs, toolchain.md §3).
export async function waitIn(page, fn, arg, { timeout = 20000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

// Reading a form replica's own state (tests/fixtures/forms): React state dumped in
// <pre id="replica-state"> — a value counts only if the page's React saw it.
import { waitIn } from './ext-browsers.mjs';

export const replicaState = (page) =>
  waitIn(page, () => {
    const pre = document.getElementById('replica-state');
    return pre && pre.dataset.ready === 'true' ? JSON.parse(pre.textContent) : null;
  }, null, { what: 'the replica to render' });

// Wait until the filler's in-page summary is there (it is added after the last field).
export const waitForSummary = (page, timeout = 25000) =>
  waitIn(page, () => !!document.getElementById('rebound-fill-summary'), null, { timeout, what: 'the fill summary' });

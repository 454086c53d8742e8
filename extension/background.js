// Rebound's background: a service worker in Chrome, an event page in Firefox (same file).
//
// It exists for one job: "Open … form" must fill the form once the new tab has loaded, even
// after the popup has closed. The popup sends {type: 'open', plan}; we open the tab, keep the
// pending plan in storage.session (memory only, survives the worker being suspended), and on
// that tab's load completing on a host the plan allows, inject filler.js and apply the plan.
// No wasm here and no network requests; the plan was computed by the Rust core in the popup.
'use strict';

const api = globalThis.browser ?? globalThis.chrome;
const PENDING = 'pending:'; // storage.session key prefix, one entry per tab
const PENDING_TTL_MS = 30 * 60 * 1000; // a sign-in detour may take a while, not forever

// Host access the manifest grants (host_permissions) — a plan may only fill pages there.
const allowedOrigins = () =>
  (api.runtime.getManifest().host_permissions || []).map((p) => p.replace(/\*$/, ''));

// A plan's `matches` are URL prefixes from Rust in which `*` stands for one path segment
// (a locale such as `en-us`). Same rule in popup.js.
const matchesUrl = (prefix, url) =>
  new RegExp('^' + prefix.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/?#]+')).test(url);

// The plan's own `matches` and our host permissions must both agree.
const planApplies = (plan, url) =>
  typeof url === 'string' &&
  (plan.matches || []).some((m) => matchesUrl(m, url)) &&
  allowedOrigins().some((o) => url.startsWith(o));

const strings = () => {
  const get = (k) => {
    try {
      return api.i18n.getMessage(k) || undefined;
    } catch (_) {
      return undefined;
    }
  };
  return { summary: get('filler_summary'), notFilled: get('filler_not_filled'), close: get('filler_close') };
};

// Inject the filler and apply the plan; resolves to the filler's per-field result.
async function fillTab(tabId, plan) {
  await api.scripting.executeScript({ target: { tabId }, files: ['filler.js'] });
  const [res] = await api.scripting.executeScript({
    target: { tabId },
    func: (p, s) => globalThis.__reboundFiller.fill(p, s),
    args: [plan, strings()],
  });
  return res?.result ?? null;
}

async function openAndFill(plan) {
  if (!/^https:\/\//.test(plan.url || '')) throw new Error('a form URL must be https');
  const tab = await api.tabs.create({ url: plan.url, active: true });
  await api.storage.session.set({ [PENDING + tab.id]: { plan, since: Date.now() } });
  // The page may have finished loading before the entry was stored.
  const now = await api.tabs.get(tab.id).catch(() => null);
  if (now?.status === 'complete') await onTabUpdated(tab.id, { status: 'complete' }, now);
  return { tabId: tab.id };
}

async function onTabUpdated(tabId, change, tab) {
  if (change.status !== 'complete') return;
  const key = PENDING + tabId;
  const entry = (await api.storage.session.get(key))[key];
  if (!entry) return;
  if (Date.now() - entry.since > PENDING_TTL_MS) return api.storage.session.remove(key);
  // A redirect or a sign-in page is not the form yet: keep waiting for the form to load.
  if (!planApplies(entry.plan, tab?.url)) return;
  await api.storage.session.remove(key);
  try {
    const result = await fillTab(tabId, entry.plan);
    await api.storage.session.set({ ['result:' + tabId]: result });
  } catch (e) {
    console.warn('Rebound: could not fill', e);
  }
}

api.tabs.onUpdated.addListener((tabId, change, tab) => {
  onTabUpdated(tabId, change, tab);
});
api.tabs.onRemoved.addListener((tabId) => {
  api.storage.session.remove([PENDING + tabId, 'result:' + tabId]);
});

// Request/response with sendResponse + `return true`: a returned Promise does not work on
// Chrome's chrome.* namespace (research/ecosystem.md §1.2).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !msg || typeof msg !== 'object') return false;
  if (msg.type === 'open' && msg.plan) {
    openAndFill(msg.plan).then(sendResponse, (e) => sendResponse({ error: String(e) }));
    return true;
  }
  if (msg.type === 'fill' && msg.plan && Number.isInteger(msg.tabId)) {
    api.tabs
      .get(msg.tabId)
      .then((tab) => {
        if (!planApplies(msg.plan, tab.url)) throw new Error('this page is not the form the plan is for');
        return fillTab(msg.tabId, msg.plan);
      })
      .then(sendResponse, (e) => sendResponse({ error: String(e) }));
    return true;
  }
  return false;
});

// The popup shell: loads the Rust core (wasm) and its renderer, and gives the renderer a `host`
// that adapts it to the extension (contract: src/ui/mod.rs). No logic lives here beyond that:
// - the bounce is kept in storage.session (memory only, gone when the browser closes);
// - only the user's own profile is kept in storage.local;
// - "Open … form" hands the plan to the background, which opens the tab and fills it once
//   loaded (even after this popup has closed); "Fill this page" fills the form tab now.
import init, { mount, decode } from './pkg/rebound.js';

const api = globalThis.browser ?? globalThis.chrome;
// The Microsoft form hosts (manifest host_permissions), and whether we may script them now.
const HOSTS = api.runtime.getManifest().host_permissions || [];
let hostAccess = await api.permissions.contains({ origins: HOSTS }).catch(() => false);

// Ask the background; it answers through sendResponse (see background.js).
const ask = (msg) =>
  api.runtime.sendMessage(msg).then((res) => {
    if (res && res.error) throw new Error(res.error);
    return res;
  });

// A plan's `matches` are URL prefixes in which `*` stands for one path segment (as in background.js).
const matchesUrl = (prefix, url) =>
  new RegExp('^' + prefix.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/?#]+')).test(url);

// The tab holding a Microsoft form, and the plan of the current bounce that applies to it.
// Normally the active tab; when the popup itself is open as a tab (tests, or a pinned popup),
// the most recently used tab on a form host (host permissions let us see those URLs).
async function formTab() {
  const bounce = (await api.storage.session.get('bounce')).bounce;
  if (!bounce) return null;
  const plans = (decode(bounce)?.remedies || []).map((r) => r.fill_plan).filter(Boolean);
  const applies = (tab) => plans.find((p) => tab?.url && p.matches.some((m) => matchesUrl(m, tab.url)));
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  if (applies(active)) return { tab: active, plan: applies(active) };
  const tabs = (await api.tabs.query({ url: HOSTS })).filter(applies);
  tabs.sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));
  return tabs.length ? { tab: tabs[0], plan: applies(tabs[0]) } : null;
}

const host = {
  mode: 'popup',
  t: (key) => {
    try {
      return api.i18n.getMessage(key) || undefined;
    } catch (_) {
      return undefined;
    }
  },
  // Not async: a permission prompt must be asked for within the click (user gesture).
  openRemedy(remedy) {
    if (remedy.fill_plan) {
      // Firefox users can withdraw host access at any time; ask again on this click.
      const granted = hostAccess ? Promise.resolve(true) : api.permissions.request({ origins: HOSTS });
      return granted.then((ok) => {
        hostAccess = ok;
        return ask({ type: 'open', plan: remedy.fill_plan });
      });
    }
    // A mail step (delist@) opens its prepared mailto:, other steps their page.
    const url = remedy.mailto || remedy.url;
    if (url && /^(https?:|mailto:)/i.test(url)) return api.tabs.create({ url });
    return Promise.resolve(null);
  },
  async activeTabForm() {
    return (await formTab())?.plan.form ?? null;
  },
  async fillActiveTab(plan) {
    const found = await formTab();
    if (!found) throw new Error('no form tab');
    return ask({ type: 'fill', tabId: found.tab.id, plan });
  },
  async loadProfile() {
    return (await api.storage.local.get('profile')).profile || {};
  },
  saveProfile: (profile) => api.storage.local.set({ profile }),
  async loadBounce() {
    return (await api.storage.session.get('bounce')).bounce || null;
  },
  saveBounce: (bounce) => api.storage.session.set({ bounce }),
};

await init();
mount(document.getElementById('app'), host);
document.documentElement.dataset.ready = 'true';

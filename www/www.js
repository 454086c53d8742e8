// The offline page's shell: load the wasm, give the shared renderer (src/ui) its host object,
// register the service worker. No logic here; nothing is sent anywhere.
import init, { mount } from './pkg/rebound.js';

// The single-file build (dist/rebound.html) replaces this line with the module's bytes.
const WASM = undefined;

const host = {
  mode: 'www',
  // A remedy button: open Microsoft's form (or the mail client) in a new tab. The URL was built
  // by Rust; still, only http(s) and mailto ever get opened.
  openRemedy(remedy) {
    if (!remedy) return;
    // As the renderer's own links (src/ui/text.rs remedy_href): the e-mail route opens its mailto.
    const url = remedy.kind === 'delist_email' ? remedy.mailto || remedy.url : remedy.url || remedy.mailto;
    if (typeof url !== 'string' || !/^(https?:|mailto:)/i.test(url)) return;
    if (/^mailto:/i.test(url)) location.href = url;
    else window.open(url, '_blank', 'noopener');
  },
};

await init(WASM ? { module_or_path: WASM } : undefined);
mount(document.getElementById('app'), host);

if (!WASM && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('rebound: service worker', e));
}

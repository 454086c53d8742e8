// Caches the page's own files on the first visit so that it works offline afterwards.
// Cache-first for our files; anything else goes to the network untouched (there is nothing else).
const VERSION = 'dev'; // the build puts a hash of the files here, so a new build replaces the cache
const CACHE = `rebound-${VERSION}`;
const FILES = ['./', 'index.html', 'www.js', 'rebound.css', 'page.css', 'pkg/rebound.js', 'pkg/rebound_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('rebound-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET') return;
  event.respondWith(
    caches.open(CACHE).then((c) => c.match(event.request, { ignoreSearch: true })).then((hit) => hit || fetch(event.request)),
  );
});

// Kompeten's service worker: keeps the app shell (index.html, JS, WASM, CSS, icon) so the app opens
// with no network after one visit. `cargo xtask dist` fills in the version and the file list.
// The API is never cached here: data lives in the app's own storage and moves by sync.
const VERSION = "{{VERSION}}";
const SHELL = {{SHELL}};
const CACHE = `kompeten-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  // Assets are content-hashed and served immutable, so these come from the HTTP cache when the
  // page has just loaded them: the precache costs no second download.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("kompeten-shell-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// The page asks a waiting new version to take over once the user agrees to reload.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same shell: from the cache, so it opens offline and fast.
    event.respondWith(caches.match("/", { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});

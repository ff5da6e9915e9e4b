// Kompeten's service worker: keeps the app shell (index.html, JS, WASM, CSS, icon) and the wasm
// chunks of the screens loaded on demand, so the app and every screen open with no network after
// one visit (also right after an update: a new version's files are all kept before it takes over).
// `cargo xtask dist` fills in the version and the file lists.
// The API is never cached here: data lives in the app's own storage and moves by sync.
const VERSION = "{{VERSION}}";
const SHELL = {{SHELL}};
const ON_DEMAND = {{ON_DEMAND}};
const CACHE = `kompeten-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  // Assets are content-hashed and served immutable, so the shell comes from the HTTP cache when
  // the page has just loaded it (no second download); the chunks, fetched in the background
  // here, are what the page does not need at first.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...SHELL, ...ON_DEMAND])));
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
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetchAndKeep(event)));
});

// Any other hashed asset is kept once fetched (one the lists missed would open offline afterwards
// too). Its name changes with its content, so a kept copy is never stale; a new version's cache
// starts again from its own lists.
async function fetchAndKeep(event) {
  const response = await fetch(event.request);
  if (response.ok && new URL(event.request.url).pathname.startsWith("/assets/")) {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}

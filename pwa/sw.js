// The storefront's service worker. `pwa/build.mjs` writes it into the site with the
// precache list of the current build (from workbox-build) and the cache limit.
//
// - The app shell (wasm, JS, CSS, icons, the offline page) comes from a precache of
//   this build, so HTML, JS and wasm never mismatch: a new build installs beside the
//   old one and waits until the page says "Reload" (message SKIP_WAITING).
// - Pages (navigations) and the storefront's reads (GET /api/…) go to the network
//   first with a short timeout and fall back to the last copy; a page never seen
//   falls back to /offline.html. Copies carry when they were saved, which the page
//   shows ("Offline — showing what you saw at 14:05").
// - Product images come from a runtime cache first.
// - Everything kept at runtime shares one byte budget, least recently used out.
// - The seller console and admin (/sell, /admin, /api/console, /api/admin), every
//   change (POST) and a request marked `x-bazaar-fresh` (the offline layer asking who
//   is signed in) go straight to the network.
"use strict";

const MANIFEST = self.__WB_MANIFEST;
const BUILD = self.__BUILD;
const LIMIT_BYTES = self.__LIMIT_BYTES;
const PRECACHE = "precache-" + BUILD;
const PAGES = "pages";
const DATA = "data";
const IMAGES = "images";
const TIMEOUT_MS = 3000;
const SAVED_AT = "x-saved-at";

const precached = new Map(MANIFEST.map((e) => [new URL(e.url, self.location).pathname, e]));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(PRECACHE).then((cache) =>
      Promise.all(
        MANIFEST.map((e) =>
          fetch(new URL(e.url, self.location), { cache: "reload" }).then((res) => {
            if (!res.ok) throw new Error("precache " + e.url + " " + res.status);
            return cache.put(new URL(e.url, self.location).pathname, res);
          }),
        ),
      ),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith("precache-") && n !== PRECACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.type === "SKIP_WAITING") self.skipWaiting();
  // The page that was open before the worker took over is saved too.
  if (msg.type === "SAVE_PAGE" && typeof msg.url === "string") {
    const url = new URL(msg.url, self.location);
    if (url.origin === self.location.origin && !onlineOnly(url.pathname)) {
      event.waitUntil(
        fetch(url.href, { credentials: "same-origin" }).then((res) => (res.ok ? keep(PAGES, url.href, res) : undefined), () => undefined),
      );
    }
  }
  if (msg.type === "CLEAR_ACCOUNT") {
    event.waitUntil(clearAccount());
  }
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (onlineOnly(path) || req.headers.has("x-bazaar-fresh")) return;
  const entry = precached.get(path);
  if (entry && url.search === "") {
    event.respondWith(fromPrecache(req, path));
  } else if (req.mode === "navigate") {
    event.respondWith(networkFirst(req, PAGES, event, true));
  } else if (path.startsWith("/api/")) {
    event.respondWith(networkFirst(req, DATA, event, false));
  } else if (path.startsWith("/img/")) {
    event.respondWith(cacheFirst(req, IMAGES));
  }
});

function onlineOnly(path) {
  return (
    path === "/sell" || path.startsWith("/sell/") || path === "/admin" || path.startsWith("/admin/") ||
    path.startsWith("/api/console/") || path.startsWith("/api/admin/") || path === "/sw.js" ||
    path.startsWith("/help/images")
  );
}

async function fromPrecache(req, path) {
  const hit = await caches.match(path, { cacheName: PRECACHE });
  return hit || fetch(req);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function networkFirst(req, cacheName, event, page) {
  const network = fetch(req);
  try {
    const res = await withTimeout(network, TIMEOUT_MS);
    if (res.ok && res.type === "basic") event.waitUntil(keep(cacheName, req.url, res.clone()));
    return res;
  } catch (err) {
    const saved = await caches.match(req.url, { cacheName, ignoreVary: true });
    if (saved) {
      event.waitUntil(touch(req.url));
      const at = saved.headers.get(SAVED_AT);
      if (!page) event.waitUntil(tell(event.clientId, at));
      return page ? markPage(saved, at) : withQueue(new URL(req.url).pathname, saved);
    }
    if (page) {
      const offline = await caches.match("/offline.html", { cacheName: PRECACHE });
      if (offline) return offline;
    }
    // Still in flight after the timeout: wait for it rather than fail.
    return network;
  }
}

async function cacheFirst(req, cacheName) {
  const hit = await caches.match(req.url, { cacheName, ignoreVary: true });
  if (hit) {
    touch(req.url);
    return hit;
  }
  try {
    const res = await fetch(req);
    if (res.ok) keep(cacheName, req.url, res.clone());
    return res;
  } catch (err) {
    // Offline and never seen: a plain tile instead of a broken image.
    return new Response(PLACEHOLDER, { headers: { "content-type": "image/svg+xml" } });
  }
}

const PLACEHOLDER =
  '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" viewBox="0 0 4 4"><rect width="4" height="4" fill="#eceef1"/></svg>';

// A saved page says when it was saved, for the page's offline notice.
async function markPage(res, at) {
  const html = await res.text();
  const meta = '<meta name="bazaar-saved-at" content="' + Number(at || 0) + '">';
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(html.replace("<head>", "<head>" + meta), { status: 200, headers });
}

async function tell(clientId, at) {
  if (!clientId) return;
  const client = await self.clients.get(clientId);
  if (client) client.postMessage({ type: "SERVED_SAVED", at: Number(at || 0) });
}

async function keep(cacheName, url, res) {
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  headers.set(SAVED_AT, String(Date.now()));
  headers.delete("content-length");
  // Kept by URL alone: the copy serves whatever the request's encoding.
  headers.delete("vary");
  const cache = await caches.open(cacheName);
  await cache.put(url, new Response(body, { status: res.status, statusText: res.statusText, headers }));
  await record(cacheName, url, body.byteLength);
}

// A saved answer about the hearts or the cart count, with the changes still waiting
// in the page's queue (`/offline.js`) laid over it, so every page opened offline
// shows them.
async function withQueue(path, res) {
  if (path !== "/api/wished_products" && path !== "/api/cart_count") return res;
  const queue = await waiting().catch(() => []);
  if (!queue.length) return res;
  let value = await res.clone().json();
  for (const { change, was } of queue) {
    if (path === "/api/wished_products" && change.kind === "wish") {
      value = value.filter((p) => p !== change.product);
      if (change.on) value.push(change.product);
    }
    if (path === "/api/cart_count" && change.kind === "add_to_cart") value += change.quantity;
    // A new quantity replaces the one the cart page showed (`was`).
    if (path === "/api/cart_count" && change.kind === "set_quantity" && typeof was === "number") {
      value = Math.max(0, value + change.quantity - was);
    }
  }
  return new Response(JSON.stringify(value), { status: 200, headers: res.headers });
}

function waiting() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("bazaar-offline", 1);
    open.onupgradeneeded = () => {
      const d = open.result;
      d.createObjectStore("meta");
      d.createObjectStore("queue", { keyPath: "id" });
      d.createObjectStore("failed", { autoIncrement: true });
    };
    open.onsuccess = () => {
      const req = open.result.transaction("queue", "readonly").objectStore("queue").getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    };
    open.onerror = () => reject(open.error);
  });
}

// ---- The byte budget: one IndexedDB index of what the runtime caches hold. ----

function db() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("bazaar-sw", 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore("entries", { keyPath: "url" });
      store.createIndex("used", "used");
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

async function record(cacheName, url, size) {
  const d = await db();
  const tx = d.transaction("entries", "readwrite");
  tx.objectStore("entries").put({ url, cache: cacheName, size, used: Date.now() });
  await done(tx);
  await trim(d);
}

async function touch(url) {
  const d = await db();
  const tx = d.transaction("entries", "readwrite");
  const store = tx.objectStore("entries");
  const get = store.get(url);
  get.onsuccess = () => {
    if (get.result) store.put({ ...get.result, used: Date.now() });
  };
  await done(tx);
}

// Least recently used out until the total is within the budget.
async function trim(d) {
  const entries = await new Promise((resolve, reject) => {
    const tx = d.transaction("entries", "readonly");
    const req = tx.objectStore("entries").index("used").getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  let total = entries.reduce((sum, e) => sum + e.size, 0);
  const out = [];
  for (const e of entries) {
    if (total <= LIMIT_BYTES) break;
    total -= e.size;
    out.push(e);
  }
  if (!out.length) return;
  for (const e of out) {
    const cache = await caches.open(e.cache);
    await cache.delete(e.url);
  }
  const tx = d.transaction("entries", "readwrite");
  for (const e of out) tx.objectStore("entries").delete(e.url);
  await done(tx);
}

// Signing out (or another account signing in) forgets the pages and data kept for
// the previous account; images are the shop's and stay.
async function clearAccount() {
  await caches.delete(PAGES);
  await caches.delete(DATA);
  for (const client of await self.clients.matchAll()) client.postMessage({ type: "FORGOTTEN" });
  const d = await db();
  const all = await new Promise((resolve, reject) => {
    const tx = d.transaction("entries", "readonly");
    const req = tx.objectStore("entries").getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const tx = d.transaction("entries", "readwrite");
  for (const e of all) if (e.cache !== IMAGES) tx.objectStore("entries").delete(e.url);
  await done(tx);
}

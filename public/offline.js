// The storefront's offline layer, loaded after the page has hydrated (its own file,
// outside the first download). It registers the service worker and shows what it
// does, and keeps the queue of changes made offline:
//
// - "Offline — showing what you saw at 14:05" when a page or its data came from the
//   worker's saved copies; "A new version is available — Reload" when a new build's
//   worker is waiting; the "Install app" entry and the iOS hint.
// - The queue: the page calls `bazaarOffline.enqueue(change)` when a wishlist or cart
//   change cannot reach the shop. Each change gets the next mutation id of this
//   profile's client id, in one IndexedDB transaction, and is replayed in order when
//   the network returns, by one tab at a time (Web Locks), in batches of 100 to
//   /api/sync_push, which applies each id once (`server::services::sync`). A lost
//   answer or a second tab only sends ids the shop skips. Refused changes are shown
//   and dropped; network and server failures are retried with backoff.
// - Per account: when someone else (or no one) is signed in, the pages and data kept
//   for the previous account and its queue are forgotten.
"use strict";
(function () {
  if (window.bazaarOffline) return;
  const DB = "bazaar-offline";
  const BATCH = 100;
  let backoff = 1000;
  let retryTimer = null;

  // ---- IndexedDB ----
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const open = indexedDB.open(DB, 1);
        open.onupgradeneeded = () => {
          const d = open.result;
          d.createObjectStore("meta");
          d.createObjectStore("queue", { keyPath: "id" });
          d.createObjectStore("failed", { autoIncrement: true });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
    }
    return dbPromise;
  }
  function req(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  function done(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  function newClient() {
    return { client: crypto.randomUUID(), next: 1 };
  }
  async function meta() {
    const d = await db();
    const tx = d.transaction("meta", "readwrite");
    const store = tx.objectStore("meta");
    let m = await req(store.get("client"));
    if (!m) {
      m = newClient();
      store.put(m, "client");
    }
    await done(tx);
    return m;
  }

  // Adds one change with the next mutation id (ids only grow, across tabs too: the
  // read and the write are one transaction).
  //
  // The page passes a change as its kind and numbers (`client::queue_offline`); this
  // is the wire form of `model::sync::Change`. Tests pass the object itself.
  const FORMS = {
    wish: (a, b) => ({ product: a, on: !!b }),
    move_wished: (a, b, c) => ({ product: a, from: b, to: c }),
    create_list: (a, b, c, name) => ({ name }),
    rename_list: (a, b, c, name) => ({ list: a, name }),
    add_to_cart: (a, b) => ({ variant: a, quantity: b }),
    set_quantity: (a, b) => ({ variant: a, quantity: b }),
  };
  async function enqueue(change, a, b, c, name) {
    const entry = { change, at: Date.now() };
    if (typeof change === "string") {
      if (!FORMS[change]) throw new Error("unknown change " + change);
      entry.change = { kind: change, ...FORMS[change](a, b, c, name) };
      // The quantity the cart page showed before, kept beside the change (not sent):
      // the worker corrects the saved cart count of pages opened offline with it.
      if (change === "set_quantity" && c >= 0) entry.was = c;
    }
    const d = await db();
    const tx = d.transaction(["meta", "queue"], "readwrite");
    const metaStore = tx.objectStore("meta");
    let m = (await req(metaStore.get("client"))) || newClient();
    const id = m.next;
    metaStore.put({ ...m, next: id + 1 }, "client");
    tx.objectStore("queue").put({ ...entry, id });
    await done(tx);
    await showQueue();
    if (navigator.onLine) replay();
    return id;
  }

  async function queued(limit) {
    const d = await db();
    const tx = d.transaction("queue", "readonly");
    return req(tx.objectStore("queue").getAll(undefined, limit));
  }
  async function count() {
    const d = await db();
    return req(d.transaction("queue", "readonly").objectStore("queue").count());
  }

  // ---- Replay ----
  function replay() {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("bazaar-replay", () => replayHeld());
    }
    return replayHeld();
  }

  async function replayHeld() {
    for (;;) {
      const batch = await queued(BATCH);
      if (!batch.length) break;
      const m = await meta();
      let res;
      try {
        res = await fetch("/api/sync_push", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ client: m.client, changes: batch.map((q) => ({ id: q.id, change: q.change })) }),
        });
      } catch (e) {
        return retryLater();
      }
      if (res.status >= 500 || res.status === 429) return retryLater();
      if (res.status === 401) return; // signed out: kept until the account is known
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        const message = (body && (body.Validation?.message || body.NotFound || body.BadRequest)) || "The shop refused these changes.";
        await settle(batch, batch.map((q) => ({ id: q.id, outcome: "refused", message })));
        continue;
      }
      const state = await res.json();
      backoff = 1000;
      await settle(batch, state.results);
      window.dispatchEvent(new CustomEvent("bazaar:synced", { detail: state }));
    }
    await showQueue();
  }

  function retryLater() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      replay();
    }, backoff);
    backoff = Math.min(backoff * 2, 60000);
  }

  async function settle(batch, results) {
    const byId = new Map(batch.map((q) => [q.id, q]));
    const d = await db();
    const tx = d.transaction(["queue", "failed"], "readwrite");
    for (const r of results) {
      const q = byId.get(r.id);
      if (!q) continue;
      tx.objectStore("queue").delete(r.id);
      if (r.outcome === "refused") tx.objectStore("failed").add({ id: r.id, change: q.change, message: r.message });
    }
    await done(tx);
    await showQueue();
    await showFailed();
  }

  // ---- Per account ----
  // One check at a time, across every tab and page of this profile (a Web Lock), and
  // in order within a page: a check whose answer was fetched before a sign-in must
  // not compare it with what a later page, after the sign-in, has already noted, and
  // take the stale answer for a change of account.
  let checking = Promise.resolve();
  function checkAccount() {
    const run = () =>
      navigator.locks && navigator.locks.request ? navigator.locks.request("bazaar-account", checkAccountNow) : checkAccountNow();
    checking = checking.then(run, run);
    return checking;
  }
  // Who is signed in, asked past the worker (a saved answer would name whoever was
  // signed in before); undefined when the shop cannot be asked.
  async function currentAccount() {
    try {
      const res = await fetch("/api/current_viewer", { headers: { accept: "application/json", "x-bazaar-fresh": "1" } });
      if (!res.ok) return undefined;
      const viewer = await res.json();
      return viewer && viewer.id ? String(viewer.id) : "";
    } catch (e) {
      return undefined;
    }
  }
  async function checkAccountNow() {
    let account = await currentAccount();
    if (account === undefined) return;
    const d = await db();
    const known = await req(d.transaction("meta", "readonly").objectStore("meta").get("account"));
    if (known && known !== account) {
      // Forgetting cannot be undone: the shop is asked once more, and an answer that
      // no longer says the account changed (one overtaken by a sign-in) keeps all.
      const again = await currentAccount();
      if (again === undefined || again === known) return;
      account = again;
      // Signed out, or someone else signed in: forget the previous account.
      console.info("Offline: who is signed in changed (" + (known || "none") + " to " + (account || "none") + "); the previous account's saved pages are forgotten");
      await reset(account);
    } else if (known !== account) {
      // A first sign-in after browsing as a guest keeps what was saved (it is the
      // shop's, not anyone's own).
      const tx = d.transaction("meta", "readwrite");
      tx.objectStore("meta").put(account, "account");
      await done(tx);
    }
    if (account && (await count()) > 0 && navigator.onLine) replay();
  }

  // Forgets the previous account's pages, data and queue; a new client id.
  async function reset(account) {
    const d = await db();
    const tx = d.transaction(["meta", "queue", "failed"], "readwrite");
    tx.objectStore("queue").clear();
    tx.objectStore("failed").clear();
    tx.objectStore("meta").put(newClient(), "client");
    tx.objectStore("meta").put(account, "account");
    await done(tx);
    await clearWorkerCaches();
    await showQueue();
    await showFailed();
  }

  async function clearWorkerCaches() {
    // The worker does it when it runs this page; the caches are the origin's, so the
    // page can also delete them itself.
    await Promise.all(["pages", "data"].map((n) => caches.delete(n)));
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "CLEAR_ACCOUNT" });
  }

  // ---- What the page shows ----
  function bar(id, cls) {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = cls;
      el.setAttribute("role", "status");
      document.body.appendChild(el);
    }
    return el;
  }
  function remove(id) {
    const el = document.getElementById(id);
    if (el) el.remove();
  }
  function clock(ms) {
    const d = new Date(ms);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  let savedAt = 0;
  function showSaved(at) {
    savedAt = Math.max(savedAt, at || 0);
    const el = bar("offline-notice", "offline-notice");
    document.documentElement.classList.add("has-offline-notice");
    el.textContent = savedAt ? "Offline — showing what you saw at " + clock(savedAt) : "Offline — showing what you saw last";
    if (location.pathname === "/checkout") showCheckoutNotice();
  }
  function showCheckoutNotice() {
    const el = bar("offline-checkout", "offline-notice offline-checkout");
    el.textContent = "Checkout needs a connection. Your cart is kept; place the order when you are back online.";
  }
  function online() {
    savedAt = 0;
    remove("offline-notice");
    document.documentElement.classList.remove("has-offline-notice");
    remove("offline-checkout");
    replay();
  }

  async function showQueue() {
    const n = await count();
    if (!n) return remove("sync-marker");
    const el = bar("sync-marker", "sync-marker");
    el.textContent = n === 1 ? "1 change waiting to sync" : n + " changes waiting to sync";
  }

  const LABELS = {
    wish: (c) => (c.on ? "Saving a product to your wishlist" : "Removing a product from your wishlist"),
    move_wished: () => "Moving a product between lists",
    create_list: (c) => "Creating the list “" + c.name + "”",
    rename_list: (c) => "Renaming a list to “" + c.name + "”",
    add_to_cart: () => "Adding a product to your cart",
    set_quantity: (c) => (c.quantity ? "Changing a quantity in your cart" : "Removing a product from your cart"),
  };

  async function showFailed() {
    const d = await db();
    const tx = d.transaction("failed", "readonly");
    const all = await req(tx.objectStore("failed").getAll());
    if (!all.length) return remove("sync-failed");
    const el = bar("sync-failed", "sync-failed");
    el.setAttribute("role", "alert");
    el.textContent = "";
    const title = document.createElement("strong");
    title.textContent = all.length === 1 ? "A change made offline couldn't be saved" : all.length + " changes made offline couldn't be saved";
    el.appendChild(title);
    const list = document.createElement("ul");
    for (const f of all) {
      const li = document.createElement("li");
      const label = (LABELS[f.change.kind] || (() => "A change"))(f.change);
      li.textContent = label + ": " + f.message;
      list.appendChild(li);
    }
    el.appendChild(list);
    const ok = document.createElement("button");
    ok.type = "button";
    ok.className = "button";
    ok.textContent = "Dismiss";
    ok.addEventListener("click", async () => {
      const t = (await db()).transaction("failed", "readwrite");
      t.objectStore("failed").clear();
      await done(t);
      remove("sync-failed");
    });
    el.appendChild(ok);
  }

  // ---- The service worker, its updates and installation ----
  function offerReload(worker) {
    const el = bar("update-prompt", "update-prompt");
    el.textContent = "A new version is available — ";
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button button-primary";
    b.textContent = "Reload";
    b.addEventListener("click", () => worker.postMessage({ type: "SKIP_WAITING" }));
    el.appendChild(b);
  }

  function register() {
    if (!("serviceWorker" in navigator)) return;
    let reloading = false;
    let controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (!controlled) {
        controlled = true;
        // The first worker just took over: it did not see this page load, so it is
        // asked to keep a copy of it.
        navigator.serviceWorker.controller.postMessage({ type: "SAVE_PAGE", url: location.href });
        return;
      }
      if (reloading) return;
      reloading = true;
      location.reload();
    });
    navigator.serviceWorker.addEventListener("message", (e) => {
      if (e.data && e.data.type === "SERVED_SAVED") showSaved(e.data.at);
      if (e.data && e.data.type === "FORGOTTEN") console.info("Offline: the worker forgot the saved pages and data");
    });
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
      const watch = (worker) => {
        if (!worker) return;
        const check = () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
        };
        worker.addEventListener("statechange", check);
        check();
      };
      if (reg.waiting && navigator.serviceWorker.controller) offerReload(reg.waiting);
      watch(reg.installing);
      reg.addEventListener("updatefound", () => watch(reg.installing));
      window.bazaarOffline.registration = reg;
    }, () => {
      // No worker (a development build has none): the page works online as before.
    });
  }

  // The "Install app" entry and the iOS hint are in the account page, hidden; they
  // are shown whenever the page renders them and the browser offers installation.
  let installPrompt = null;
  let ios = false;
  function showInstall() {
    for (const el of document.querySelectorAll("[data-install]")) el.hidden = !installPrompt;
    for (const el of document.querySelectorAll("[data-ios-install]")) el.hidden = !ios;
  }
  function install() {
    window.addEventListener("beforeinstallprompt", (e) => {
      e.preventDefault();
      installPrompt = e;
      showInstall();
    });
    window.addEventListener("appinstalled", () => {
      installPrompt = null;
      showInstall();
    });
    document.addEventListener("click", async (e) => {
      const target = e.target.closest && e.target.closest("[data-install]");
      if (!target || !installPrompt) return;
      const prompt = installPrompt;
      installPrompt = null;
      showInstall();
      prompt.prompt();
      await prompt.userChoice;
    });
    ios = /iphone|ipad|ipod/i.test(navigator.userAgent) && !navigator.standalone;
    new MutationObserver(() => {
      if (installPrompt || ios) showInstall();
    }).observe(document.body, { childList: true, subtree: true });
    showInstall();
  }

  // The offline page lists what can be opened without a connection.
  async function listSaved() {
    const list = document.getElementById("saved-pages");
    if (!list) return;
    const cache = await caches.open("pages");
    const keys = await cache.keys();
    list.textContent = "";
    for (const k of keys) {
      const url = new URL(k.url);
      const res = await cache.match(k);
      const html = res ? await res.text() : "";
      const m = html.match(/<title>([^<]*)<\/title>/);
      const a = document.createElement("a");
      a.href = url.pathname + url.search;
      const title = m ? new DOMParser().parseFromString(m[1], "text/html").documentElement.textContent : "";
      // "Cart · Bazaar" reads as "Cart"; the home page's title is the shop's name.
      a.textContent = url.pathname === "/" ? "Home" : title.replace(/ · Bazaar$/, "") || url.pathname;
      const li = document.createElement("li");
      li.appendChild(a);
      list.appendChild(li);
    }
    const empty = document.getElementById("saved-pages-empty");
    if (empty) empty.hidden = keys.length > 0;
  }

  window.bazaarOffline = {
    enqueue,
    replay,
    check: checkAccount,
    count,
  };

  // The notices' look, here rather than in the first download's CSS.
  const style = document.createElement("style");
  style.textContent =
    ".offline-notice,.sync-marker,.update-prompt,.sync-failed{position:fixed;left:12px;right:12px;z-index:45;margin:0 auto;max-width:560px;" +
    "padding:10px 14px;border-radius:12px;font-size:14px;box-shadow:var(--shadow);background:#fff;color:var(--ink);border:1px solid var(--line)}" +
    // Quiet: a pill above the tab bar that never takes a tap.
    ".offline-notice{bottom:calc(var(--tabbar-h) + 8px + env(safe-area-inset-bottom));width:max-content;max-width:calc(100% - 24px);" +
    "padding:6px 12px;border-radius:999px;font-size:13px;background:rgb(29 31 35 / 88%);color:#fff;border:0;pointer-events:none}" +
    ".offline-checkout{bottom:calc(var(--tabbar-h) + 48px + env(safe-area-inset-bottom));background:#fff4e0;color:#5c3700;border:1px solid #f0c36d;border-radius:12px;font-size:14px}" +
    ".has-offline-notice .toast-region{bottom:calc(var(--tabbar-h) + 48px + env(safe-area-inset-bottom))}" +
    ".sync-marker{bottom:calc(var(--tabbar-h) + 92px + env(safe-area-inset-bottom));width:max-content;border-radius:999px;font-weight:600;pointer-events:none}" +
    ".update-prompt{bottom:calc(var(--tabbar-h) + 12px + env(safe-area-inset-bottom));display:flex;align-items:center;gap:10px;justify-content:space-between}" +
    ".sync-failed{top:calc(8px + env(safe-area-inset-top));border-color:#f1b2b5;background:#fff5f5}.sync-failed ul{margin:6px 0;padding-left:18px}" +
    "@media (min-width: 900px){.offline-notice{bottom:16px}.offline-checkout,.has-offline-notice .toast-region{bottom:56px}.sync-marker{bottom:100px}.update-prompt{bottom:56px}}" +
    ".offline-page .saved-pages{line-height:2.2;padding:12px 12px 12px 32px}";
  document.head.appendChild(style);

  const saved = document.querySelector('meta[name="bazaar-saved-at"]');
  if (saved) showSaved(Number(saved.content));
  window.addEventListener("online", online);
  window.addEventListener("offline", () => {
    if (location.pathname === "/checkout") showCheckoutNotice();
  });
  if (!navigator.onLine && location.pathname === "/checkout") showCheckoutNotice();
  register();
  install();
  listSaved();
  showQueue();
  showFailed();
  if (navigator.onLine) checkAccount();
})();

import { test, expect, hydrated, signIn, signUpBuyer, sql } from "./fixtures";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The installable, offline storefront: the service worker's saved pages and data, the
// queue of changes made offline (replayed exactly once), installability and updates.

/// Waits until the service worker controls the page and the offline layer is loaded.
async function workerReady(page: Page) {
  await hydrated(page);
  await page.waitForFunction(() => !!(window as any).bazaarOffline, null, { timeout: 30_000 });
  // The first worker may still be installing (it precaches the whole build); once it
  // is active, a page loaded before it took over is loaded again under it.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // A page loaded before the worker took over is kept only by the worker's best-effort
  // copy on taking over (SAVE_PAGE), which a fresh profile has been seen to lose; the
  // tests load such a page again, so the worker serves (and keeps) it.
  const served = await page.evaluate(
    () => ((performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.workerStart ?? 0) > 0,
  );
  if (!served || !(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
    await hydrated(page);
    await page.waitForFunction(() => !!(window as any).bazaarOffline && !!navigator.serviceWorker.controller, null, { timeout: 30_000 });
  }
}

/// Opens a page online and waits until the worker has kept a copy of it.
async function visit(page: Page, path: string) {
  await page.goto(path);
  await workerReady(page);
  await page.waitForFunction(async (p) => !!(await (await caches.open("pages")).match(p)), path);
}

async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
}

async function queued(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).bazaarOffline.count());
}

async function enqueue(page: Page, change: object) {
  await page.evaluate((c) => (window as any).bazaarOffline.enqueue(c), change);
}

function accountId(email: string): string {
  return sql(`SELECT id FROM accounts WHERE email = '${email}'`);
}

/// An active product with stock, from the seeded catalogue: its page, id and first variant.
function products(n: number): { slug: string; id: string; variant: string }[] {
  return sql(
    `SELECT p.slug, p.id, (SELECT MIN(v.id) FROM variants v WHERE v.product_id = p.id AND v.stock > 5) FROM products p JOIN stores s ON s.id = p.store_id
     WHERE p.status = 'active' AND s.status = 'verified' AND (SELECT MIN(v.id) FROM variants v WHERE v.product_id = p.id AND v.stock > 5) IS NOT NULL
     ORDER BY p.id LIMIT ${n}`,
  )
    .split("\n")
    .map((line) => {
      const [slug, id, variant] = line.split("|");
      return { slug, id, variant };
    });
}

function productPath(p: { slug: string; id: string }) {
  return `/p/${p.id}/${p.slug}`;
}

test("the storefront installs: a manifest on every page, a worker, no installability errors", async ({ page }, testInfo) => {
  await page.goto("/");
  await workerReady(page);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.icons.map((i: any) => i.purpose)).toContain("maskable");
  expect(manifest.shortcuts.map((s: any) => s.name)).toEqual(["Wishlist", "Cart", "Orders"]);
  for (const icon of [...manifest.icons, ...manifest.screenshots]) {
    const res = await page.request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/png");
  }
  // Installability is judged in a browser profile of its own (not a throwaway one).
  const profile = mkdtempSync(join(tmpdir(), "bazaar-install-"));
  const persistent = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    viewport: { width: 412, height: 915 },
  });
  try {
    const installed = persistent.pages()[0] ?? (await persistent.newPage());
    await installed.goto(new URL("/", testInfo.project.use.baseURL).href);
    await workerReady(installed);
    const cdp = await persistent.newCDPSession(installed);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await persistent.close();
    rmSync(profile, { recursive: true, force: true });
  }
  // The seller console keeps working with the worker in place (online only).
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("pages seen online open offline with a notice; a page never seen shows the offline page", async ({ page, context }, testInfo) => {
  // What the page said and what was saved after each visit, for the message of a
  // failure below.
  const log: string[] = [];
  page.on("console", (m) => log.push(m.text()));
  await signIn(page, "buyer@demo.shop");
  const [first, second] = products(2);
  const storeSlug = sql(`SELECT s.slug FROM stores s JOIN products p ON p.store_id = s.id WHERE p.id = ${first.id}`);
  const seen = ["/", productPath(first), productPath(second), "/search?q=shirt", `/s/${storeSlug}`, "/wishlist", "/cart", "/orders", "/help"];
  const headings: Record<string, string> = {};
  for (const path of seen) {
    await visit(page, path);
    headings[path] = (await page.locator("main h1").first().innerText()).trim();
    const saved = await page.evaluate(async () => (await (await caches.open("pages")).keys()).map((r) => new URL(r.url).pathname));
    log.push(`after ${path}: ${saved.join(" ")}`);
  }
  // Every page seen after the sign-in is still kept (a check of the account that was
  // overtaken by the sign-in does not forget them).
  for (const path of seen) {
    expect(await page.evaluate(async (p) => !!(await (await caches.open("pages")).match(p)), path), `${path}\n${log.join("\n")}`).toBe(true);
  }
  await goOffline(context);
  for (const path of seen) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator("main h1").first()).toHaveText(headings[path]);
    await expect(page.locator("#offline-notice")).toHaveText(/^Offline — showing what you saw at \d\d:\d\d$/);
  }
  await page.screenshot({ path: testInfo.outputPath("offline-cart.png"), fullPage: true });

  // Navigating inside the app reads the saved data.
  await page.goto(productPath(first));
  await hydrated(page);
  await page.locator("header").getByRole("link", { name: /home/i }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("main h1").first()).toHaveText(headings["/"]);

  // A new tab opens a saved page too.
  const tab = await context.newPage();
  await tab.goto(productPath(second));
  await expect(tab.locator("main h1").first()).toHaveText(headings[productPath(second)]);
  await tab.close();

  // A page never opened: the offline page, linking to what is saved.
  const [, , never] = products(3);
  await page.goto(productPath(never));
  await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  await expect.poll(() => page.locator("#saved-pages a").count()).toBeGreaterThanOrEqual(seen.length);
  await page.screenshot({ path: testInfo.outputPath("offline-page.png"), fullPage: true });
  await page.locator("#saved-pages a", { hasText: headings[productPath(first)] }).first().click();
  await expect(page.locator("main h1").first()).toHaveText(headings[productPath(first)]);

  // Checkout needs a connection and keeps the cart.
  await context.setOffline(false);
  await visit(page, "/checkout");
  await goOffline(context);
  await page.goto("/checkout");
  await hydrated(page);
  await expect(page.locator("#offline-checkout")).toContainText("Checkout needs a connection");
  await context.setOffline(false);
});

test("hearts and a cart line added offline reach the shop exactly once when back online", async ({ page, context }, testInfo) => {
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const [a, b] = products(2);
  await visit(page, productPath(a));
  await visit(page, productPath(b));
  await goOffline(context);

  await page.goto(productPath(a));
  await workerReady(page);
  await expect(page.locator("#offline-notice")).toBeVisible();
  const buy = page.locator(".buy-buttons");
  await buy.getByRole("button", { name: "Add to wishlist" }).click();
  await expect(buy.getByRole("button", { name: "Add to wishlist" })).toHaveAttribute("aria-pressed", "true");
  await buy.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator("#sync-marker")).toHaveText("2 changes waiting to sync");
  await page.goto(productPath(b));
  await workerReady(page);
  await page.locator(".buy-buttons").getByRole("button", { name: "Add to wishlist" }).click();
  await expect(page.locator("#sync-marker")).toHaveText("3 changes waiting to sync");
  await page.screenshot({ path: testInfo.outputPath("queued.png") });
  expect(sql(`SELECT COUNT(*) FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = ${account}`)).toBe("0");

  await expect(page.locator(".tab-badge")).toHaveText("1");
  await context.setOffline(false);
  await expect(page.locator("#sync-marker")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator("#offline-notice")).toHaveCount(0);
  // The hearts and the cart count are the shop's after the sync.
  await expect(page.locator(".buy-buttons").getByRole("button", { name: "Add to wishlist" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".tab-badge")).toHaveText("1");
  expect(sql(`SELECT wi.product_id FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = ${account} ORDER BY wi.product_id`))
    .toBe([a.id, b.id].sort((x, y) => Number(x) - Number(y)).join("\n"));
  const cart = sql(`SELECT ci.variant_id || ':' || ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = ${account}`);
  expect(cart).toMatch(/^\d+:1$/);
  expect(sql(`SELECT last_mutation_id FROM sync_clients WHERE account_id = ${account}`)).toBe("3");
});

test("lists created, renamed and moved between offline show at once and reach the shop once", async ({ page, context }, testInfo) => {
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const [a] = products(1);
  await visit(page, productPath(a));
  await page.locator(".buy-buttons").getByRole("button", { name: "Add to wishlist" }).click();
  await expect.poll(() => sql(`SELECT COUNT(*) FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = ${account}`)).toBe("1");
  await page.goto("/wishlist");
  await hydrated(page);
  await page.getByLabel("New list").fill("Gifts");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page).toHaveURL(/\/wishlist\/\d+$/);
  await visit(page, "/wishlist");
  await expect(page.locator(".wished")).toHaveCount(1);

  await goOffline(context);
  await page.goto("/wishlist");
  await workerReady(page);
  await expect(page.locator("#offline-notice")).toBeVisible();
  // Moved to another list: gone from this one at once.
  await page.getByLabel("Move to list").selectOption({ label: "Gifts" });
  await expect(page.locator(".wished:visible")).toHaveCount(0);
  // Renamed: the heading and the tab say the new name.
  await page.locator("#rename-list").fill("Favourites");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { name: "“Favourites” settings" })).toBeVisible();
  await expect(page.locator(".list-tabs [aria-current=page]")).toHaveText("Favourites (1)");
  // Created: a tab that waits for the sync.
  await page.getByLabel("New list").fill("Birthday <b>ideas</b>");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page.locator(".list-tabs .chip-pending")).toHaveText("Birthday <b>ideas</b> (waiting to sync)");
  await expect(page.locator("#sync-marker")).toHaveText("3 changes waiting to sync");
  await page.screenshot({ path: testInfo.outputPath("lists-offline.png") });
  expect(sql(`SELECT name FROM wishlists WHERE account_id = ${account} ORDER BY id`)).toBe("Wishlist\nGifts");

  await context.setOffline(false);
  await expect(page.locator("#sync-marker")).toHaveCount(0, { timeout: 20_000 });
  // The page shows the shop's lists after the sync.
  await expect(page.locator(".list-tabs .chip-pending")).toHaveCount(0);
  await expect(page.locator(".list-tabs")).toContainText("Birthday <b>ideas</b> (0)");
  await expect(page.locator(".list-tabs")).toContainText("Gifts (1)");
  await expect(page.locator(".list-tabs [aria-current=page]")).toHaveText("Favourites (0)");
  expect(sql(`SELECT name FROM wishlists WHERE account_id = ${account} ORDER BY id`)).toBe("Favourites\nGifts\nBirthday <b>ideas</b>");
  expect(sql(`SELECT w.name FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = ${account}`)).toBe("Gifts");
});

test("a quantity changed offline in the cart is counted on every page opened offline", async ({ page, context }) => {
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const [a] = products(1);
  await visit(page, productPath(a));
  await page.locator(".buy-buttons").getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator(".tab-badge")).toHaveText("1");
  await visit(page, "/cart");
  await visit(page, "/");
  await goOffline(context);
  await page.goto("/cart");
  await workerReady(page);
  await page.getByLabel(/^Quantity of /).selectOption("3");
  await expect(page.locator("#sync-marker")).toHaveText("1 change waiting to sync");
  await expect(page.locator(".tab-badge")).toHaveText("3");
  // Another page opened offline counts the new quantity, not the saved one.
  await page.goto("/");
  await workerReady(page);
  await expect(page.locator("#offline-notice")).toBeVisible();
  await expect(page.locator(".tab-badge")).toHaveText("3");

  await context.setOffline(false);
  await expect(page.locator("#sync-marker")).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator(".tab-badge")).toHaveText("3");
  expect(sql(`SELECT ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = ${account}`)).toBe("3");
});

test("the Install app entry appears when the browser offers installation, and the iOS hint on iPhones", async ({ page, browser, baseURL }) => {
  await signIn(page, "buyer@demo.shop");
  await page.goto("/account");
  await workerReady(page);
  const install = page.locator("[data-install]");
  await expect(install).toBeHidden();
  // What Chromium fires when the app may be installed (headless Chromium never does).
  await page.evaluate(() => {
    const e: any = new Event("beforeinstallprompt", { cancelable: true });
    e.prompt = () => {
      (window as any).prompted = true;
      return Promise.resolve();
    };
    e.userChoice = Promise.resolve({ outcome: "accepted" });
    window.dispatchEvent(e);
  });
  await expect(install).toBeVisible();
  await install.click();
  await expect.poll(() => page.evaluate(() => (window as any).prompted)).toBe(true);
  await expect(install).toBeHidden();

  const iphone = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  try {
    const phone = await iphone.newPage();
    await signIn(phone, "buyer@demo.shop");
    await phone.goto("/account");
    await hydrated(phone);
    await phone.waitForFunction(() => !!(window as any).bazaarOffline, null, { timeout: 30_000 });
    await expect(phone.locator("[data-ios-install]")).toBeVisible();
    await expect(phone.locator("[data-install]")).toBeHidden();
  } finally {
    await iphone.close();
  }
});

test("an acknowledgement lost after the shop applied a batch replays without duplicating", async ({ page, context }) => {
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const [a] = products(1);
  await visit(page, productPath(a));
  await goOffline(context);
  await enqueue(page, { kind: "add_to_cart", variant: Number(a.variant), quantity: 2 });
  await enqueue(page, { kind: "wish", product: Number(a.id), on: true });
  let sent = 0;
  await page.route("**/api/sync_push", async (route) => {
    sent += 1;
    if (sent === 1) {
      // The shop applies the batch, then the answer is lost on the way back.
      await route.fetch();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await context.setOffline(false);
  await page.evaluate(() => (window as any).bazaarOffline.replay());
  await expect.poll(() => queued(page), { timeout: 20_000 }).toBe(0);
  expect(sent).toBeGreaterThanOrEqual(2);
  expect(sql(`SELECT ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = ${account}`)).toBe("2");
  expect(sql(`SELECT COUNT(*) FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = ${account}`)).toBe("1");
});

test("two tabs replaying one queue at once apply each change once", async ({ page, context }) => {
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const [a] = products(1);
  sql(`UPDATE variants SET stock = 5000 WHERE id = ${a.variant}`);
  await visit(page, productPath(a));
  await goOffline(context);
  for (let i = 0; i < 30; i++) await enqueue(page, { kind: "add_to_cart", variant: Number(a.variant), quantity: 1 });
  const second = await context.newPage();
  await second.goto(productPath(a));
  await workerReady(second);
  expect(await queued(second)).toBe(30);
  await context.setOffline(false);
  // Both tabs see the network come back; both start replaying.
  await Promise.all([page, second].map((p) => p.evaluate(() => (window as any).bazaarOffline.replay())));
  await expect.poll(() => queued(page), { timeout: 20_000 }).toBe(0);
  expect(sql(`SELECT ci.quantity FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = ${account}`)).toBe("30");
  await second.close();
});

test("a thousand changes queued offline replay with none lost or doubled", async ({ page, context }) => {
  test.setTimeout(180_000);
  const email = await signUpBuyer(page);
  const account = accountId(email);
  const ten = products(10);
  sql(`UPDATE variants SET stock = 5000 WHERE id IN (${ten.map((p) => p.variant).join(",")})`);
  await visit(page, productPath(ten[0]));
  await goOffline(context);
  await page.evaluate(async (variants) => {
    for (let i = 0; i < 1000; i++) {
      await (window as any).bazaarOffline.enqueue({ kind: "add_to_cart", variant: Number(variants[i % 10]), quantity: 1 });
    }
  }, ten.map((p) => p.variant));
  expect(await queued(page)).toBe(1000);
  await context.setOffline(false);
  await page.evaluate(() => (window as any).bazaarOffline.replay());
  await expect.poll(() => queued(page), { timeout: 120_000 }).toBe(0);
  expect(sql(`SELECT GROUP_CONCAT(ci.quantity) FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = ${account}`))
    .toBe(Array(10).fill("100").join(","));
  expect(sql(`SELECT last_mutation_id FROM sync_clients WHERE account_id = ${account}`)).toBe("1000");
});

test("a change the shop refuses is shown and not retried", async ({ page, context }, testInfo) => {
  await signUpBuyer(page);
  const [a] = products(1);
  const title = sql(`SELECT title FROM products WHERE id = ${a.id}`);
  await visit(page, productPath(a));
  await goOffline(context);
  await page.locator(".buy-buttons").getByRole("button", { name: "Add to cart" }).click();
  await expect(page.locator("#sync-marker")).toHaveText("1 change waiting to sync");
  const stock = sql(`SELECT stock FROM variants WHERE id = ${a.variant}`);
  sql(`UPDATE variants SET stock = 0 WHERE product_id = ${a.id}`);
  try {
    await context.setOffline(false);
    const failed = page.locator("#sync-failed");
    await expect(failed).toContainText("couldn't be saved", { timeout: 20_000 });
    await expect(failed).toContainText(`Adding a product to your cart: “${title}” is sold out.`);
    // The page takes the shop's state after the sync: the refused line is not counted.
    await expect(page.locator(".tab-badge")).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath("refused.png") });
    expect(await queued(page)).toBe(0);
    await failed.getByRole("button", { name: "Dismiss" }).click();
    await expect(failed).toHaveCount(0);
  } finally {
    sql(`UPDATE variants SET stock = ${stock} WHERE id = ${a.variant}`);
  }
});

test("signing out forgets the saved pages and data of the account", async ({ page }) => {
  await signIn(page, "buyer@demo.shop");
  // The offline layer has taken note of who signed in before the pages are kept.
  await visit(page, "/account");
  await page.evaluate(() => (window as any).bazaarOffline.check());
  await visit(page, "/orders");
  await visit(page, "/account");
  await page.evaluate(() => (window as any).bazaarOffline.check());
  // What was kept of the buyer's own things: their orders page and its data.
  const kept = () => page.evaluate(async () => {
    let n = 0;
    for (const name of ["pages", "data"]) {
      n += (await (await caches.open(name)).keys()).filter((r) => /order/.test(new URL(r.url).pathname)).length;
    }
    return n;
  });
  await expect.poll(kept).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect.poll(kept, { timeout: 15_000 }).toBe(0);
});

test("a new build shows the reload prompt and switches cleanly", async ({ page }) => {
  const file = "../target/site/sw.js";
  const original = readFileSync(file, "utf8");
  await page.goto("/");
  await workerReady(page);
  try {
    writeFileSync(file, original + `\n// build ${Date.now()}\n`);
    await page.evaluate(() => (window as any).bazaarOffline.registration.update());
    const prompt = page.locator("#update-prompt");
    await expect(prompt).toContainText("A new version is available", { timeout: 30_000 });
    await Promise.all([page.waitForEvent("load"), prompt.getByRole("button", { name: "Reload" }).click()]);
    await workerReady(page);
    await expect(page.locator("#update-prompt")).toHaveCount(0);
  } finally {
    writeFileSync(file, original);
  }
});

import { test, expect, hydrated, signIn, sql } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

// Accessibility: axe-core on the shop's pages, the storefront at phone size and the
// seller console and admin at desktop size. No serious or critical violation.

async function serious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join("\n  ")}`);
}

async function check(page: Page, path: string, found: Record<string, string[]>) {
  page.on("response", (r) => { if (r.status() >= 500) console.log("500:", r.url()); });
  await page.goto(path);
  await hydrated(page);
  const v = await serious(page);
  if (v.length) found[path] = v;
}

test("the storefront's pages have no serious accessibility violations (phone)", async ({ page }) => {
  const [id, slug] = sql(
    `SELECT p.id || '|' || p.slug FROM products p JOIN stores s ON s.id = p.store_id
     WHERE p.status = 'active' AND s.status = 'verified' ORDER BY p.id LIMIT 1`,
  ).split("|");
  const store = sql(`SELECT slug FROM stores WHERE status = 'verified' ORDER BY id LIMIT 1`);
  const category = sql(`SELECT slug FROM categories ORDER BY id LIMIT 1`);
  const found: Record<string, string[]> = {};
  for (const path of ["/", "/search?q=shirt", `/c/${category}`, `/p/${id}/${slug}`, `/s/${store}`, "/signin", "/signup", "/no/such/page"]) {
    await check(page, path, found);
  }
  await signIn(page, "buyer@demo.shop");
  const order = sql(`SELECT o.id FROM orders o JOIN accounts a ON a.id = o.buyer_id WHERE a.email = 'buyer@demo.shop' ORDER BY o.id LIMIT 1`);
  const ticket = sql(`SELECT t.id FROM tickets t JOIN accounts a ON a.id = t.buyer_id WHERE a.email = 'buyer@demo.shop' ORDER BY t.id LIMIT 1`);
  for (const path of ["/", "/wishlist", "/cart", "/checkout", "/orders", `/orders/${order}`, `/orders/${order}/help`, "/help", `/help/${ticket}`, "/account"]) {
    await check(page, path, found);
  }
  expect(found, JSON.stringify(found, null, 2)).toEqual({});
});

test("the seller console and the admin have no serious accessibility violations (desktop)", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  const found: Record<string, string[]> = {};
  await signIn(page, "seller@demo.shop");
  for (const path of ["/sell", "/sell/products", "/sell/products/new", "/sell/inventory", "/sell/orders", "/sell/promotions", "/sell/boost", "/sell/payments", "/sell/performance", "/sell/support", "/sell/support/replies", "/sell/reviews", "/sell/store"]) {
    await check(page, path, found);
  }
  const store = "(SELECT s.id FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE a.email = 'seller@demo.shop')";
  const order = sql(`SELECT id FROM orders WHERE store_id = ${store} ORDER BY id LIMIT 1`);
  const product = sql(`SELECT id FROM products WHERE store_id = ${store} ORDER BY id LIMIT 1`);
  const ticket = sql(`SELECT id FROM tickets WHERE store_id = ${store} ORDER BY id LIMIT 1`);
  const dispute = sql(`SELECT id FROM disputes ORDER BY id LIMIT 1`);
  for (const path of [`/sell/orders/${order}`, `/sell/products/${product}`, `/sell/support/${ticket}`, `/sell/disputes/${dispute}`]) {
    await check(page, path, found);
  }
  await page.context().clearCookies();
  await signIn(page, "admin@demo.shop");
  await check(page, "/admin", found);
  const escalated = sql(`SELECT id FROM tickets WHERE status = 'escalated' ORDER BY id LIMIT 1`);
  if (escalated) await check(page, `/admin/tickets/${escalated}`, found);
  expect(found, JSON.stringify(found, null, 2)).toEqual({});
});

import { test, expect, hydrated, signIn, signUp, sql } from "./fixtures";
import type { APIResponse, BrowserContext, Page } from "@playwright/test";

/// Hostile strings, each trying to run `window.__pwned = n` a different way: closing
/// the title or a script, event-handler attributes, SVG, a `javascript:` URL,
/// template-looking text and Unicode direction overrides.
const CORPUS = [
  "</title><script>window.__pwned=1</script>",
  "<img src=x onerror=\"window.__pwned=2\">",
  "\"><svg onload=window.__pwned=3>",
  "javascript:window.__pwned=4",
  "{{constructor.constructor('window.__pwned=5')()}} ${window.__pwned=5}",
  "\u202Egnp.exe\u202C <b>bold</b> \u2066x\u2069",
  "<iframe srcdoc=\"<script>parent.__pwned=7</script>\"></iframe>",
  "</script><script>window.__pwned=8</script>",
  "'-alert(9)-'\\u003cscript\\u003ewindow.__pwned=9\\u003c/script\\u003e",
];
/// Short enough for names; each still closes a tag and opens a script.
const SHORT = CORPUS.map((s, i) => `${i}${s}`.slice(0, 60));

/// Watches a page for anything a hostile string could make happen.
async function guard(page: Page) {
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as any).__csp.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  page.on("dialog", (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
}

/// Opens `path`, waits for hydration and checks nothing ran and no policy was broken.
async function visit(page: Page, path: string, shows?: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await hydrated(page);
  if (shows) await expect(page.getByText(shows, { exact: false }).first()).toBeVisible();
  const state = await page.evaluate(() => ({ pwned: (window as any).__pwned, csp: (window as any).__csp }));
  expect(state.pwned, `${path}: a hostile string ran`).toBeUndefined();
  expect(state.csp, `${path}: CSP violations`).toEqual([]);
  expect(await page.locator("iframe, svg[onload], img[onerror]").count(), path).toBe(0);
}

async function call(context: BrowserContext, endpoint: string, body: { form?: Record<string, string>; data?: unknown }): Promise<APIResponse> {
  const origin = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3100").origin;
  const res = await context.request.post(`/api/${endpoint}`, { headers: { Origin: origin }, ...body });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBe(200);
  return res;
}

test("hostile text in every field a person writes runs nowhere it is shown", async ({ browser, page }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (p: Page, name: string) => p.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // A seller with a hostile store name, verified by the admin.
  const seller = await browser.newContext();
  const sellerPage = await seller.newPage();
  await guard(sellerPage);
  const stamp = Date.now();
  await signUp(sellerPage, SHORT[5], `hostile-seller-${stamp}@example.com`, "a-long-test-password");
  await call(seller, "open_store", { form: { store_name: SHORT[0] } });
  const overview = await (await seller.request.get("/api/console/overview")).json();
  const store = overview.store;
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await guard(adminPage);
  await signIn(adminPage, "admin@demo.shop");
  await call(admin, "admin/review_store", { form: { id: String(store.id), approve: "true", reason: "" } });
  await call(seller, "console/save_store_profile", {
    data: {
      profile: {
        name: SHORT[0], description: CORPUS.join("\n"), contact_email: `hostile-${stamp}@example.com`,
        ships_from: "US", payout_holder: SHORT[1], payout_iban: "DE89 3704 0044 0532 0130 00", logo: "",
      },
    },
  });

  // A product whose every text field is hostile.
  // A photo: the seed's own, uploaded again (the store gets its own ownership of it).
  const photo = await (await seller.request.get(`/img/${sql("SELECT key FROM images LIMIT 1")}/800.webp`)).body();
  const origin = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3100").origin;
  const uploaded = await seller.request.post("/sell/images", { headers: { Origin: origin, "Content-Type": "image/webp" }, data: photo });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const image = (await uploaded.json()).key;
  const form = await (await seller.request.get("/api/console/product?id=0")).json();
  const category = form.categories[0].id;
  const saved = await (await call(seller, "console/save_product", {
    data: {
      id: 0,
      draft: {
        title: SHORT[7], description: CORPUS.join("\n\n"), category, tags: "<script>x=1</script>, {{7*7}} ${7*7}, \"><svg onload=x=1>",
        images: [image], video_url: "", shipping: "0", handling_days: "2", status: "Active",
        variants: [
          { id: null, size: SHORT[2].slice(0, 30), color: SHORT[5].slice(0, 30), sku: `HOST-${stamp}-A`, price: "12.00", compare_at: "", stock: "20" },
        ],
      },
    },
  })).json();
  const product = saved.id;
  await call(seller, "console/create_promotion", {
    data: { promotion: { name: SHORT[6], kind: "percent", amount: "10", flash: false, starts: "2020-01-01", ends: "2099-01-01", targets: [{ product, variant: null }] } },
  });
  await call(seller, "console/create_campaign", {
    data: { campaign: { name: SHORT[8], products: [product], bid: "1.00", weekly_budget: "5.00", starts: "2020-01-01", ends: "2099-01-01" } },
  });

  // A buyer with a hostile name, address, wishlist and search, who orders it.
  await guard(page);
  await signUp(page, SHORT[1], `hostile-buyer-${stamp}@example.com`, "a-long-test-password");
  const buyer = page.context();
  await call(buyer, "update_profile", { form: { name: SHORT[3] } });
  const address = await (await call(buyer, "save_address", {
    data: {
      id: null, make_default: true,
      address: { full_name: SHORT[0], line1: SHORT[1], line2: SHORT[2], city: SHORT[6], region: "CA", postal_code: "94105", country: "US", phone: "" },
    },
  })).json();
  const list = await (await call(buyer, "create_wishlist", { form: { name: SHORT[0] } })).json();
  await call(buyer, "set_wished", { form: { product: String(product), on: "true" } });
  const shared = await (await call(buyer, "share_wishlist", { form: { id: String(list.id), on: "true" } })).json();
  const variant = saved.draft.variants[0].id;
  const cart = await (await call(buyer, "add_to_cart", { form: { variant: String(variant), quantity: "1" } })).json();
  const card = await (await call(buyer, "tokenize_card", { form: { number: "4242424242424242", expiry: "12/40", cvc: "123" } })).json();
  const seen = cart.groups.flatMap((g: any) => g.lines.map((l: any) => ({ variant: l.variant, quantity: l.quantity, unit_price_minor: l.unit_price.minor })));
  const placed = await (await call(buyer, "place_order", {
    data: { idempotency_key: `hostile-${stamp}-key`, order: { address: address.id, shipping: [], payment: { Token: { token: card.token, save: false } }, seen } },
  })).json();
  const order = placed.orders[0];

  // Every page that shows them, as the buyer…
  for (const q of [CORPUS[0], CORPUS[2], CORPUS[7]]) await visit(page, `/search?q=${encodeURIComponent(q)}`);
  await visit(page, `/p/${product}`, "window.__pwned=8");
  await shot(page, "hostile-product-phone");
  await visit(page, `/s/${store.slug}`);
  await visit(page, `/w/${shared.share_token}`);
  await visit(page, "/wishlist");
  await visit(page, `/wishlist/${list.id}`);
  await visit(page, "/account");
  await visit(page, "/orders");
  await visit(page, `/orders/${order}`);
  await shot(page, "hostile-order-phone");
  await visit(page, "/cart");
  await visit(page, "/");
  // …and as the seller.
  await sellerPage.setViewportSize({ width: 1280, height: 900 });
  for (const path of ["/sell", "/sell/products", `/sell/products/${product}`, "/sell/orders", `/sell/orders/${order}`,
    `/sell/orders/${order}/slip`, "/sell/promotions", "/sell/boost", "/sell/store", "/sell/inventory"]) {
    await visit(sellerPage, path);
  }
  await shot(sellerPage, "hostile-console-desktop");
  await visit(adminPage, "/admin");
  // The text is shown as text, not dropped.
  await sellerPage.goto(`/sell/orders/${order}`);
  await expect(sellerPage.getByText(SHORT[0]).first()).toBeVisible();
  await seller.close();
  await admin.close();
});

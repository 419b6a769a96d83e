import { test, expect, hydrated, signIn, signUp, signUpBuyer } from "./fixtures";

test("the storefront and the seller console load separate bundles, and links between them lead across", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const bundles: string[] = [];
  page.on("request", (r) => {
    const m = new URL(r.url()).pathname.match(/^\/pkg\/(marketplace|console)\.wasm$/);
    if (m) bundles.push(m[1]);
  });
  await signIn(page, "seller@demo.shop");
  await page.goto("/");
  await hydrated(page);
  expect(bundles).not.toContain("console");

  // The top bar's link into the console: a full load of the console bundle.
  bundles.length = 0;
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sell" }).click();
  await expect(page).toHaveURL(/\/sell$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await hydrated(page);
  expect(bundles).toEqual(["console"]);

  // Inside the console, navigation stays in the page.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.getByRole("navigation", { name: "Seller console" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/sell\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // Back to the shop: the buyer's bundle again, with its query string kept.
  bundles.length = 0;
  await page.getByRole("searchbox", { name: "Search" }).fill("mug");
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(/\/search\?q=mug$/);
  await hydrated(page);
  await expect(page.getByRole("article").first()).toBeVisible();
  expect(bundles).toEqual(["marketplace"]);
  await page.getByRole("link", { name: "Bazaar home" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("article").first()).toBeVisible();
});

test("the seller ships an order: a mistyped tracking number is refused, then the buyer sees the tracking", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");

  // The dashboard: figures for the period and a chart with a bar per day.
  await page.goto("/sell");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const chart = page.getByRole("img", { name: /Daily sales over 30 days/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("rect")).toHaveCount(30);
  await expect(chart.locator("rect title").last()).toContainText(/\$\d/);
  await expect(page.getByRole("link", { name: /new orders? to confirm/ })).toBeVisible();
  await shot("console-dashboard-desktop");
  await page.getByRole("link", { name: "7 days" }).click();
  await expect(page.getByRole("img", { name: /Daily sales over 7 days/ }).locator("rect")).toHaveCount(7);

  // The queues, with counts; the demo buyer's confirmed order waits in "To ship".
  await page.goto("/sell/orders");
  await hydrated(page);
  const queues = page.getByRole("navigation", { name: "Order queues" });
  await expect(queues.getByRole("link", { name: /New \d+/ })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("table.data-table tbody tr").first()).toBeVisible();
  await shot("console-orders-desktop");
  await queues.getByRole("link", { name: /To ship/ }).click();
  await expect(page).toHaveURL(/queue=to_ship/);
  const row = page.locator("tbody tr", { hasText: "Dana Buyer" });
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page).toHaveURL(/\/sell\/orders\/\d+$/);
  await hydrated(page);
  const orderUrl = new URL(page.url()).pathname;
  const orderId = orderUrl.split("/").pop();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Order #${orderId}`);

  // A mistyped UPS number (wrong check digit) is refused next to the field.
  await page.getByLabel("Carrier").selectOption({ label: "UPS" });
  await page.getByLabel("Tracking number").fill("1Z5R89390357567128");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.locator(".field-error")).toContainText("check digit");
  await expect(page.getByLabel("Tracking number")).toBeVisible();
  await shot("console-order-refused-tracking");

  // The right one ships it and captures the payment.
  await page.getByLabel("Tracking number").fill("1Z 4A7 X12 3456 7890 19");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByText("Marked as shipped; the payment was captured.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Shipped");
  await expect(page.getByText("1Z4A7X123456789019")).toBeVisible();
  await expect(page.locator("section", { hasText: "Money" }).getByText("Sale")).toBeVisible();
  await shot("console-order-shipped-desktop");

  // The packing slip lists the items without prices.
  await page.getByRole("link", { name: "Packing slip" }).click();
  await expect(page.getByText(`Packing slip · Order #${orderId}`)).toBeVisible();
  await shot("console-packing-slip");

  // Payments: the sale is pending until delivery.
  await page.goto("/sell/payments");
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await expect(page.getByText("Pending", { exact: true })).toBeVisible();
  await expect(page.locator("tbody tr", { hasText: `Order #${orderId}` }).first()).toBeVisible();
  await shot("console-payments-desktop");
  await page.setViewportSize({ width: 412, height: 915 });
  await shot("console-payments-phone");
  await page.goto("/sell/orders?queue=shipped");
  await shot("console-orders-phone");

  // The buyer sees the carrier and the number on their order.
  await page.context().clearCookies();
  await signIn(page, "buyer@demo.shop");
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByText("Tracking:")).toBeVisible();
  await expect(page.getByRole("link", { name: "1Z4A7X123456789019" })).toHaveAttribute("href", /ups\.com/);
  const timeline = page.getByRole("list", { name: "Order timeline" });
  await expect(timeline.getByRole("listitem").nth(2)).toContainText("Shipped");
  await expect(timeline.getByRole("listitem").nth(2)).not.toContainText("Pending");
  await shot("buyer-order-tracking-phone");
});

test("the seller lists a product with two photos and a 2×2 matrix; a buyer finds it and orders it; the seller confirms and ships", async ({ page, browser }, testInfo) => {
  const shot = (p: typeof page, name: string) => p.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const title = `Aurora Trail Jacket ${Date.now() % 100000}`;

  // Two real photos: product images the shop already serves.
  await page.goto("/");
  const sources = await page.locator("article.card img").evaluateAll((imgs) => imgs.slice(0, 2).map((i) => (i as HTMLImageElement).currentSrc || (i as HTMLImageElement).src));
  const photos = await Promise.all(sources.map(async (src, i) => ({
    name: `photo-${i + 1}.webp`,
    mimeType: "image/webp",
    buffer: Buffer.from(await (await page.request.get(src)).body()),
  })));

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/products");
  await hydrated(page);
  await expect(page.locator("table.data-table tbody tr").first()).toBeVisible();
  await shot(page, "console-products-desktop");
  await page.getByRole("link", { name: "Add product" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "New product" })).toBeVisible();
  await hydrated(page);

  // Saving an empty form shows what is missing, next to the fields.
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByText(/Fix the \d+ fields marked below/)).toBeVisible();
  await expect(page.getByText("Give the product a title of at least 3 characters.")).toBeVisible();

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("A light shell for windy ridges.\n\nPacks into its own pocket.");
  await page.getByLabel("Category").selectOption({ index: 1 });
  await page.getByLabel("Tags").fill("jacket, hiking");
  await page.locator("#product-images").setInputFiles(photos);
  const slots = page.getByRole("list", { name: "Product images" }).getByRole("listitem");
  await expect(slots).toHaveCount(2);
  await expect(page.getByText("Uploading…")).toHaveCount(0);
  // Reorder: the second photo becomes the cover.
  await page.getByRole("button", { name: "Move Image 2 earlier" }).click();
  await page.getByLabel("Shipping price").fill("5.00");
  await page.getByLabel("Sizes").fill("S, M");
  await page.getByLabel("Colours").fill("Red, Blue");
  await page.getByLabel("Price for new variants").fill("45.00");
  await page.getByRole("button", { name: "Build variants" }).click();
  const rows = page.locator(".variant-table tbody tr");
  await expect(rows).toHaveCount(4);
  for (const name of ["Red / S", "Blue / S", "Red / M", "Blue / M"]) {
    await page.getByLabel(`Stock of ${name}`, { exact: true }).fill("6");
  }
  await page.getByLabel("Price of Blue / M", { exact: true }).fill("49.00");
  await page.getByRole("radio", { name: "Active" }).check();
  await shot(page, "console-product-form-desktop");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page).toHaveURL(/\/sell\/products\/\d+\?saved=1/);
  await expect(page.getByText("Product saved.")).toBeVisible();
  await page.setViewportSize({ width: 412, height: 915 });
  await shot(page, "console-product-form-phone");

  // Inventory: stock is edited in place.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/sell/inventory");
  await hydrated(page);
  const stock = page.getByLabel(`Stock of ${title} Red / S`);
  await stock.fill("12");
  await stock.press("Tab");
  await expect(page.locator("tr", { has: stock }).getByText("Saved")).toBeVisible();
  await shot(page, "console-inventory-desktop");

  // A buyer (phone) finds it by search and orders the M / Blue variant.
  const buyer = await browser.newPage({ viewport: { width: 412, height: 915 } });
  const email = `jacket-${Date.now()}@example.com`;
  await signUp(buyer, "Jo Hiker", email, "a-long-test-password");
  await buyer.goto(`/search?q=${encodeURIComponent("Aurora Trail Jacket")}`);
  await buyer.locator("article.card", { hasText: title }).getByRole("link").first().click();
  await expect(buyer.locator("h1.product-title")).toHaveText(title);
  await hydrated(buyer);
  await expect(buyer.locator(".gallery img").first()).toBeVisible();
  await buyer.getByRole("radio", { name: "Blue" }).check();
  await buyer.getByRole("radio", { name: "M", exact: true }).check();
  await expect(buyer).toHaveURL(/[?&]variant=\d+/);
  await expect(buyer.locator("main .price").first()).toHaveText("$49.00");
  await buyer.getByRole("button", { name: "Add to cart" }).click();
  await expect(buyer.getByRole("status")).toContainText("Added to cart");
  await buyer.goto("/checkout");
  await hydrated(buyer);
  await buyer.getByLabel("Full name").fill("Jo Hiker");
  await buyer.getByLabel("Street address").fill("1 Market St");
  await buyer.getByLabel("City").fill("San Francisco");
  await buyer.getByLabel("State / region").fill("CA");
  await buyer.getByLabel("Postal code").fill("94105");
  await buyer.getByRole("button", { name: "Save address" }).click();
  await buyer.getByLabel("Card number").fill("4242 4242 4242 4242");
  await buyer.getByLabel("Expiry (MM/YY)").fill("12/34");
  await buyer.getByLabel("Security code").fill("123");
  await buyer.getByRole("button", { name: "Place order" }).click();
  await expect(buyer).toHaveURL(/\/orders\/\d+\?placed=1/);
  const orderId = new URL(buyer.url()).pathname.split("/").pop();

  // The seller sees it in "New", confirms and ships it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/sell/orders/${orderId}`);
  await hydrated(page);
  await expect(page.getByText(`1 × ${title}`)).toBeVisible();
  await page.getByRole("button", { name: "Confirm order" }).click();
  await expect(page.getByText("Order confirmed.")).toBeVisible();
  await page.getByLabel("Carrier").selectOption({ label: "USPS" });
  await page.getByLabel("Tracking number").fill("9400 1112 0108 0805 4877 78");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.locator(".field-error")).toContainText("check digit");
  await page.getByLabel("Tracking number").fill("9400 1112 0108 0805 4877 79");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByText("Marked as shipped; the payment was captured.")).toBeVisible();

  await buyer.goto(`/orders/${orderId}`);
  await expect(buyer.getByRole("link", { name: "9400111201080805487779" })).toBeVisible();
  await shot(buyer, "buyer-order-shipped-phone");
  await buyer.close();
});

test("a boost campaign puts a Sponsored card in the feed and reports its impressions", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/boost");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Boost" })).toBeVisible();
  // A campaign needs products: refused with the field named.
  await page.getByLabel("Campaign name").fill("Winter push");
  await page.getByRole("button", { name: "Start campaign" }).click();
  await expect(page.getByText("Choose at least one product to boost.")).toBeVisible();
  const pick = page.getByRole("group", { name: "Products to boost" }).getByRole("checkbox").first();
  const boosted = (await page.getByRole("group", { name: "Products to boost" }).locator("label").first().innerText()).trim();
  await pick.check();
  await page.getByLabel("Bid per 1,000 impressions ($)").fill("3.00");
  await page.getByRole("button", { name: "Start campaign" }).click();
  await expect(page.getByText("Campaign started.")).toBeVisible();
  await expect(page.locator(".campaign", { hasText: "Winter push" })).toContainText("active");

  // The feed shows it, marked "Sponsored".
  await page.setViewportSize({ width: 412, height: 915 });
  await page.goto("/");
  const card = page.locator("article.card", { hasText: "Sponsored" }).first();
  await expect(card).toBeVisible();
  await expect(card).toContainText(boosted);
  await page.screenshot({ path: testInfo.outputPath("feed-sponsored-phone.png") });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/sell/boost");
  const impressions = page.locator(".campaign", { hasText: "Winter push" }).locator(".stat", { hasText: "Impressions" }).locator(".stat-value");
  await expect(impressions).not.toHaveText("0");
  await page.screenshot({ path: testInfo.outputPath("console-boost-desktop.png"), fullPage: true });
});

test("a new seller opens a store, completes its settings, and an admin verifies it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const email = await signUpBuyer(page);
  const storeName = `Harbor Goods ${Date.now() % 100000}`;
  await page.getByLabel("Store name").fill(storeName);
  await page.getByRole("button", { name: "Open a store" }).click();
  // Opening the store leads into the console, which loads its own bundle.
  await expect(page).toHaveURL(/\/sell$/);
  await hydrated(page);
  await expect(page.getByRole("complementary").getByText(storeName)).toBeVisible();

  await page.goto("/sell/store");
  await hydrated(page);
  await expect(page.getByText("waiting for an admin to verify it")).toBeVisible();
  await page.getByLabel("Contact email").fill("help@harbor.example");
  await page.getByLabel("Account holder").fill("Harbor Goods LLC");
  await page.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 01");
  await page.getByRole("button", { name: "Save store settings" }).click();
  await expect(page.getByText("check digits do not match")).toBeVisible();
  await page.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
  await page.getByRole("button", { name: "Save store settings" }).click();
  await expect(page.getByText("Store settings saved.")).toBeVisible();
  await expect(page.getByText("IBAN on file: DE•••• 3000")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("console-store-settings-desktop.png"), fullPage: true });

  await page.context().clearCookies();
  await signIn(page, "admin@demo.shop");
  await page.goto("/admin");
  await hydrated(page);
  const pending = page.getByRole("article", { name: storeName });
  await expect(pending).toContainText(email);
  await expect(pending).toContainText("Payout details on file.");
  await page.screenshot({ path: testInfo.outputPath("admin-pending-desktop.png"), fullPage: true });
  const waiting = page.locator(".stat", { hasText: "Stores awaiting verification" }).locator(".stat-value");
  const before = Number(await waiting.innerText());
  expect(before).toBeGreaterThanOrEqual(1);
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(`${storeName} is verified.`)).toBeVisible();
  await expect(page.getByRole("article", { name: storeName })).toHaveCount(0);
  // The overview counts the decision at once.
  await expect(waiting).toHaveText(String(before - 1));
});

test("a promotion changes the price on the storefront, with a flash-sale countdown, and a promo code comes off at checkout", async ({ page, browser }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/promotions");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Promotions" })).toBeVisible();
  const picks = page.getByRole("group", { name: "Products and variants" });
  const label = (await picks.locator(".pick > label").first().innerText()).trim();
  const title = label.split(" · ")[0].trim();
  // The picker finds products by name rather than by scrolling a long list.
  const find = picks.getByRole("searchbox", { name: "Find a product to promote" });
  const all = await picks.locator(".pick").count();
  await find.fill(title);
  await expect.poll(() => picks.locator(".pick:visible").count()).toBeLessThan(all);
  for (const text of await picks.locator(".pick:visible > label").allInnerTexts()) expect(text.toLowerCase()).toContain(title.toLowerCase());
  await find.fill("");
  await expect(picks.locator(".pick:visible")).toHaveCount(all);

  // The price a buyer sees before.
  const buyer = await browser.newPage({ viewport: { width: 412, height: 915 } });
  await buyer.goto(`/search?q=${encodeURIComponent(title)}`);
  const card = buyer.locator("article.card", { hasText: title }).first();
  await expect(card).toBeVisible();
  const before = (await card.locator(".price").innerText()).trim();
  await expect(card.locator(".sale-line")).toHaveCount(0);

  // A flash sale longer than 72 hours is refused next to its field, then fixed.
  const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  await page.getByLabel("Name").fill("Flash Friday");
  await page.getByLabel("Amount", { exact: true }).first().fill("30");
  await page.getByLabel("Starts (UTC)").first().fill(utc(Date.now() - 60_000));
  await page.getByLabel(/Flash sale/).check();
  await picks.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Schedule promotion" }).click();
  await expect(page.getByText("A flash sale lasts at most 72 hours")).toBeVisible();
  await page.getByLabel("Ends (UTC)").first().fill(utc(Date.now() + 6 * 3600_000));
  await page.getByRole("button", { name: "Schedule promotion" }).click();
  await expect(page.getByText("Promotion scheduled.")).toBeVisible();
  const row = page.locator("tr", { hasText: "Flash Friday" });
  await expect(row).toContainText("live");
  await expect(row).toContainText("30% off");

  // A promo code for the store.
  await page.getByLabel("Code", { exact: true }).fill("demo15");
  await page.locator("#code-amount").fill("15");
  await page.getByRole("button", { name: "Create code" }).click();
  await expect(page.getByText("Promo code created.")).toBeVisible();
  await expect(page.locator("tr", { hasText: "DEMO15" })).toContainText("live");
  await page.screenshot({ path: testInfo.outputPath("console-promotions-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 412, height: 915 });
  await page.screenshot({ path: testInfo.outputPath("console-promotions-phone.png"), fullPage: true });

  // The storefront shows the lower price, struck "was" price and a ticking countdown.
  await buyer.reload();
  await hydrated(buyer);
  const promoted = buyer.locator("article.card", { hasText: title }).first();
  await expect(promoted.locator(".sale-line")).toContainText("Flash sale");
  await expect(promoted.locator(".compare-at")).toContainText(before);
  const after = (await promoted.locator(".price").innerText()).trim();
  expect(after).not.toBe(before);
  const first = await promoted.locator(".countdown").innerText();
  await expect(promoted.locator(".countdown")).not.toHaveText(first, { timeout: 5_000 });
  await buyer.screenshot({ path: testInfo.outputPath("search-flash-sale-phone.png") });
  await promoted.locator("a.card-link").click();
  await expect(buyer.locator("h1.product-title")).toHaveText(title);
  await expect(buyer.locator(".product-info .sale-line")).toContainText("Flash sale ends in");
  await expect(buyer.locator(".product-info .price").first()).toHaveText(after);
  await buyer.screenshot({ path: testInfo.outputPath("product-flash-sale-phone.png") });

  // The code at checkout: 15% off the store's items.
  await signIn(buyer, "buyer@demo.shop");
  await buyer.goto(`/search?q=${encodeURIComponent(title)}`);
  await buyer.locator("article.card", { hasText: title }).first().locator("a.card-link").click();
  await hydrated(buyer);
  await buyer.getByRole("button", { name: "Add to cart" }).click();
  await expect(buyer.getByRole("status")).toContainText(/cart/i);
  await buyer.goto("/checkout");
  await hydrated(buyer);
  const total = (await buyer.getByTestId("grand-total").innerText()).trim();
  await buyer.getByLabel("Promo code").fill("NOSUCH");
  await buyer.getByRole("button", { name: "Apply" }).click();
  await expect(buyer.getByText("There is no promo code “NOSUCH”.")).toBeVisible();
  await buyer.getByLabel("Promo code").fill("demo15");
  await buyer.getByRole("button", { name: "Apply" }).click();
  await expect(buyer.getByText("15% off orders from Demo Outfitters")).toBeVisible();
  await expect(buyer.getByTestId("discount").first()).toContainText("−$");
  await expect(buyer.getByTestId("grand-total")).not.toHaveText(total);
  await buyer.screenshot({ path: testInfo.outputPath("checkout-promo-code-phone.png"), fullPage: true });
  await buyer.close();
});

test("a catalogue CSV with mistakes is reported line by line and imports nothing; the fixed file imports", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const title = `Canvas Deck Shoe ${Date.now() % 100000}`;
  const header = "product_id,title,status,category,tags,shipping,handling_days,sku,size,color,price,compare_at,stock\n";
  const sku = `CDS${Date.now() % 100000}`;
  const rows = (price: string, category: string) =>
    `,${title},draft,shoes,canvas;summer,4.00,2,${sku}-40,40,Navy,39.00,,5\n` +
    `,${title},draft,shoes,canvas;summer,4.00,2,${sku}-41,41,Navy,${price},,5\n` +
    `,Rope Sandal ${sku},draft,${category},,0,1,${sku}-R,,,19.00,,3\n`;
  const file = (body: string) => ({ name: "catalogue.csv", mimeType: "text/csv", buffer: Buffer.from(header + body) });

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/products");
  await hydrated(page);
  await page.locator("#import-csv").setInputFiles(file(rows("forty", "sandals")));
  const panel = page.getByRole("region", { name: "CSV import" });
  await expect(panel.getByText(/Nothing was imported: 2 problems in 3 rows/)).toBeVisible();
  const errors = panel.locator("table.import-errors tbody tr");
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText("3");
  await expect(errors.nth(0)).toContainText("price");
  await expect(errors.nth(1)).toContainText("category");
  await expect(errors.nth(1)).toContainText("Unknown category “sandals”");
  await shot("console-import-errors-desktop");
  await page.goto(`/sell/products?q=${sku}`);
  await hydrated(page);
  await expect(page.getByText("No products here")).toBeVisible();

  await page.locator("#import-csv").setInputFiles(file(rows("41.00", "shoes")));
  await expect(panel.getByText("Imported 3 rows: 2 products created, 0 updated, 3 variants in all.")).toBeVisible();
  await expect(page.locator("table.data-table tbody tr")).toHaveCount(2);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await shot("console-import-done-desktop");
  // A bulk change over the imported products goes in batches and reports the count.
  await page.getByRole("checkbox", { name: "Select all" }).check();
  await page.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(page.getByText("2 of 2 products updated.")).toBeVisible();
});

test("the seller answers a payment dispute with a photo, and uploads a store logo buyers see", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.goto("/");
  const src = await page.locator("article.card img").first().evaluate((i) => (i as HTMLImageElement).currentSrc || (i as HTMLImageElement).src);
  const photo = { name: "parcel.webp", mimeType: "image/webp", buffer: Buffer.from(await (await page.request.get(src)).body()) };

  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/payments");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Disputes · 1 need a response" })).toBeVisible();
  await page.getByRole("link", { name: /Answer the dispute on order/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Dispute on order #\d+/ })).toBeVisible();
  await hydrated(page);
  await shot("console-dispute-desktop");
  // Too short a statement is refused next to the field.
  await page.getByLabel("Statement").fill("It arrived.");
  await page.getByRole("button", { name: "Send evidence" }).click();
  await expect(page.getByText(/at least 20 characters/)).toBeVisible();
  await page.getByLabel("Statement").fill("The buyer ordered this and the carrier scanned it as delivered; photo of the parcel attached.");
  await page.locator("#dispute-documents").setInputFiles([photo]);
  await expect(page.getByRole("img", { name: "Document 1" })).toBeVisible();
  await page.getByRole("button", { name: "Send evidence" }).click();
  await expect(page.getByText("Your evidence was sent.")).toBeVisible();
  await expect(page.locator(".badge", { hasText: "Under review" })).toBeVisible();
  await page.setViewportSize({ width: 412, height: 915 });
  await shot("console-dispute-answered-phone");

  // The logo: uploaded, previewed, saved, and shown on the store page.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/sell/store");
  await hydrated(page);
  await page.locator("#store-logo").setInputFiles([{ ...photo, name: "logo.webp" }]);
  await expect(page.getByRole("img", { name: "Store logo" })).toBeVisible();
  await page.getByRole("button", { name: "Save store settings" }).click();
  await expect(page.getByText("Store settings saved.")).toBeVisible();
  await shot("console-store-logo-desktop");
  await page.getByRole("link", { name: "View your store page" }).click();
  await expect(page.locator("header.store-header img.store-logo")).toBeVisible();
  await page.setViewportSize({ width: 412, height: 915 });
  await shot("store-page-logo-phone");
});

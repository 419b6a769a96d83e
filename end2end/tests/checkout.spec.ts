import { test, expect, hydrated, signUpBuyer, addAddress, addAddressFields, sql } from "./fixtures";

test("a guest finds a product, signs in, hearts it, and orders it with the sandbox card", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // Search with a filter and a sort.
  await page.goto("/");
  await hydrated(page);
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.fill("shirt");
  await box.press("Enter");
  const filters = page.getByRole("form", { name: "Filters" });
  await page.locator(".filters-button").click();
  await filters.getByLabel("Max price").fill("80");
  await filters.getByLabel("Sort by").selectOption({ label: "Price: low to high" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/sort=price_asc/);
  await shot("1-search");

  // Open a product and pick another variant where there is one.
  await page.locator("article.card").first().getByRole("link").click();
  await hydrated(page);
  const title = (await page.locator("h1.product-title").innerText()).trim();
  const other = page.locator(".variant-picker label:has(input:not([disabled]):not(:checked))");
  if ((await other.count()) > 0) {
    await other.first().click();
    await expect(page).toHaveURL(/[?&]variant=\d+/);
  }
  const sku = (await page.locator(".sku").innerText()).trim();
  const productUrl = page.url();
  await shot("2-product");

  // Sign in (a new account), come back and heart it.
  await signUpBuyer(page);
  await page.goto(productUrl);
  await hydrated(page);
  const heart = page.locator(".buy-buttons").getByRole("button", { name: "Add to wishlist" });
  await expect(heart).toHaveAttribute("aria-pressed", "false");
  await heart.click();
  await expect(heart).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("status")).toContainText("Saved to your wishlist");

  // The wishlist has it.
  await page.goto("/wishlist");
  await expect(page.locator("article.card", { hasText: title })).toBeVisible();
  await expect(page.locator("article.card", { hasText: title }).getByRole("button", { name: "Add to wishlist" })).toHaveAttribute("aria-pressed", "true");
  await shot("3-wishlist");

  // Add the chosen variant to the cart.
  await page.goto(productUrl);
  await hydrated(page);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to cart");
  // The phone tab bar counts what is in the cart.
  await expect(page.locator(".tabbar .tab-badge")).toHaveText("1");
  await page.getByRole("link", { name: "View cart" }).click();
  await expect(page.locator(".cart-line", { hasText: title })).toBeVisible();
  await shot("4-cart");

  // Check out with the success card.
  await page.getByRole("link", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/checkout/);
  await hydrated(page);
  await addAddress(page);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("Security code").fill("123");
  await expect(page.getByTestId("grand-total")).toHaveText(/\$\d/);
  await shot("5-checkout");
  await page.getByRole("button", { name: "Place order" }).click();

  // The order, with its timeline.
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1/);
  await expect(page.getByText("Thank you! Your order was placed.")).toBeVisible();
  const timeline = page.getByRole("list", { name: "Order timeline" });
  await expect(timeline.getByRole("listitem")).toHaveCount(5);
  await expect(timeline.getByRole("listitem").first()).toContainText("Placed");
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Pending");
  await expect(page.getByText(`SKU ${sku}`)).toBeVisible();
  await expect(page.getByText("Paid with Visa •••• 4242")).toBeVisible();
  await shot("6-order");

  // The cart is empty now and the order is listed.
  await page.goto("/orders");
  await expect(page.locator(".order-row")).toHaveCount(1);
  await page.goto("/cart");
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
});

test("a declined card shows the error and keeps the cart", async ({ page }, testInfo) => {
  await signUpBuyer(page);
  await page.goto("/");
  await page.locator("article.card").first().getByRole("link").click();
  await hydrated(page);
  const title = (await page.locator("h1.product-title").innerText()).trim();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toContainText("Added to cart");

  await page.goto("/checkout");
  await hydrated(page);
  await addAddress(page);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("alert")).toContainText("Your card was declined");
  await expect(page).toHaveURL(/\/checkout/);
  await page.screenshot({ path: testInfo.outputPath("checkout-declined.png"), fullPage: true });

  await page.goto("/cart");
  await expect(page.locator(".cart-line", { hasText: title })).toBeVisible();
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "No orders yet" })).toBeVisible();
});

test("a buyer adds an address in the account and edits it", async ({ page }, testInfo) => {
  await signUpBuyer(page);
  await hydrated(page);
  await page.getByRole("button", { name: "Add an address" }).click();
  await addAddressFields(page);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.locator(".settings-list li", { hasText: "1 Market St" })).toBeVisible();

  await page.getByRole("button", { name: "Edit 1 Market St" }).click();
  await expect(page.getByLabel("City")).toHaveValue("San Francisco");
  await page.getByLabel("Street address").fill("9 Harbor Way");
  await page.getByLabel("City").fill("Oakland");
  await page.getByRole("button", { name: "Save address" }).click();
  const line = page.locator(".settings-list li", { hasText: "9 Harbor Way" });
  await expect(line).toContainText("Oakland");
  await expect(page.locator(".settings-list li", { hasText: "1 Market St" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("account-address-edited.png"), fullPage: true });

  // A bad edit is refused next to the field and the saved address stays.
  await page.getByRole("button", { name: "Edit 9 Harbor Way" }).click();
  await page.getByLabel("Postal code").fill("");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.locator(".field-error").first()).toBeVisible();
  await page.reload();
  await expect(page.locator(".settings-list li", { hasText: "9 Harbor Way" })).toBeVisible();
});

test("a checkout from two stores confirms both orders, one per store", async ({ page }, testInfo) => {
  await signUpBuyer(page);
  // One product with stock from each of two verified stores.
  const picks = sql(
    `SELECT MIN(p.id) || '|' || MIN(p.slug) FROM products p JOIN stores s ON s.id = p.store_id
     WHERE p.status = 'active' AND s.status = 'verified'
       AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 5)
     GROUP BY p.store_id ORDER BY p.store_id LIMIT 2`,
  ).split("\n");
  expect(picks).toHaveLength(2);
  for (const pick of picks) {
    const [id] = pick.split("|");
    await page.goto(`/p/${id}/${sql(`SELECT slug FROM products WHERE id = ${id}`)}`);
    await hydrated(page);
    await page.locator(".buy-buttons").getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("status")).toContainText("Added to cart");
  }
  await page.goto("/checkout");
  await hydrated(page);
  await addAddress(page);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("Security code").fill("123");
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page).toHaveURL(/\/orders\?placed=\d+,\d+$/);
  const placed = page.getByRole("region", { name: "Thank you! Your order is placed" });
  await expect(placed).toContainText("placed as 2 orders, one per store");
  await expect(placed.locator(".order-row")).toHaveCount(2);
  const stores = sql(`SELECT s.name FROM stores s WHERE s.id IN (SELECT store_id FROM products WHERE id IN (${picks.map((p) => p.split("|")[0]).join(",")})) ORDER BY s.name`).split("\n");
  for (const store of stores) await expect(placed).toContainText(store);
  await page.screenshot({ path: testInfo.outputPath("placed-two-orders.png"), fullPage: true });
  // Each opens on its own.
  await placed.locator(".order-row a").first().click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expect(page.getByRole("list", { name: "Order timeline" })).toBeVisible();
  await hydrated(page);

  // Cancelling asks why and says what happens to the payment; keeping it changes nothing.
  await page.getByRole("button", { name: "Cancel order…" }).click();
  const confirm = page.getByRole("form", { name: "Cancel this order?" });
  await expect(confirm).toContainText("Nothing has been charged yet");
  await expect(confirm).toContainText("Visa •••• 4242");
  await confirm.getByRole("button", { name: "Keep order" }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole("button", { name: "Cancel order…" }).click();
  await confirm.getByLabel("Why are you cancelling?").selectOption({ label: "Ordered by mistake" });
  await page.screenshot({ path: testInfo.outputPath("cancel-confirm.png"), fullPage: true });
  await confirm.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByText("You cancelled this order: Ordered by mistake. Nothing was charged")).toBeVisible();
  await expect(page.getByRole("list", { name: "Order timeline" })).toContainText("Cancelled");
});

test("without JavaScript, Add to cart works as a plain form and shows the cart", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 412, height: 915 } });
  try {
    const page = await context.newPage();
    const [id, slug] = sql(
      `SELECT p.id || '|' || p.slug FROM products p JOIN stores s ON s.id = p.store_id
       WHERE p.status = 'active' AND s.status = 'verified'
         AND (SELECT MIN(v.stock) FROM variants v WHERE v.product_id = p.id) > 5
       ORDER BY p.id LIMIT 1`,
    ).split("|");
    await page.goto(`/p/${id}/${slug}`);
    const title = (await page.locator("h1.product-title").innerText()).trim();
    await page.locator(".buy-buttons").getByRole("button", { name: "Add to cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.locator(".cart-line", { hasText: title })).toBeVisible();
  } finally {
    await context.close();
  }
});

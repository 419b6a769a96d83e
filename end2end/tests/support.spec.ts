import { test, expect, hydrated, signIn, addAddressFields, sql, type Page } from "./fixtures";

/// Places an order for the signed-in buyer through the shop's own API (the checkout
/// page has its own tests): the order's id.
async function placeOrder(page: Page, email: string): Promise<number> {
  const variant = sql(
    `SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id JOIN stores s ON s.id = p.store_id
     JOIN accounts a ON a.id = s.owner_id WHERE a.email = 'seller@demo.shop' AND p.status = 'active' AND v.stock > 3
     ORDER BY v.id LIMIT 1`,
  );
  const address = sql(`SELECT ad.id FROM addresses ad JOIN accounts a ON a.id = ad.account_id WHERE a.email = '${email}' ORDER BY ad.id LIMIT 1`);
  const origin = new URL(page.url()).origin;
  const headers = { Origin: origin };
  const cart = await (await page.request.post("/api/add_to_cart", { form: { variant, quantity: "1" }, headers })).json();
  const token = (await (await page.request.post("/api/tokenize_card", {
    form: { number: "4242424242424242", expiry: "12/40", cvc: "123" }, headers,
  })).json()).token;
  const seen = cart.groups.flatMap((g: any) => g.lines.map((l: any) => ({
    variant: l.variant, quantity: l.quantity, unit_price_minor: l.unit_price.minor,
  })));
  const placed = await page.request.post("/api/place_order", {
    headers,
    data: {
      idempotency_key: `e2e-help-${Date.now()}`,
      order: { address: Number(address), shipping: [], payment: { Token: { token, save: false } }, seen },
    },
  });
  expect(placed.status()).toBe(200);
  return (await placed.json()).orders[0];
}

test("a buyer asks to change the address of an unshipped order; the seller accepts it in the inbox and the buyer sees the new address", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await signIn(page, "buyer@demo.shop");
  const order = await placeOrder(page, "buyer@demo.shop");

  // The order page offers help; the flow asks only for the new address.
  await page.goto(`/orders/${order}`);
  await hydrated(page);
  await page.getByRole("link", { name: "Get help with this order" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "How can we help?" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("radio", { name: /An item arrived damaged/ })).toBeDisabled();
  await page.getByRole("radio", { name: /Change the delivery address/ }).check();
  await page.getByRole("button", { name: "Use a new address" }).click();
  await addAddressFields(page);
  await page.getByLabel("Street address").fill("88 Harbour Road");
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByRole("radio", { name: /88 Harbour Road/ })).toBeChecked();
  await page.getByLabel(/Anything the seller should know/).fill("I'm moving on Friday <b>thanks</b>");
  await shot("help-change-address-phone");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/help\/\d+$/);
  const ticket = new URL(page.url()).pathname.split("/").pop();
  await expect(page.getByText("Waiting for the seller").first()).toBeVisible();
  await expect(page.getByText("I'm moving on Friday <b>thanks</b>")).toBeVisible();
  await shot("help-ticket-waiting-phone");

  // The seller finds it in Action required, with its reply clock, and accepts.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell/support");
  await hydrated(page);
  const queues = page.getByRole("navigation", { name: "Ticket queues" });
  await expect(queues.getByRole("link", { name: /Action required \d+/ })).toHaveAttribute("aria-current", "page");
  await expect(page.locator(".console-nav .count-badge")).not.toBeHidden();
  const row = page.locator("tbody tr").filter({ has: page.getByRole("link", { name: `#${ticket}`, exact: true }) });
  await expect(row).toContainText("Needs a decision");
  await expect(row.locator(".clock")).toContainText("h left");
  await shot("console-inbox-desktop");
  await row.getByRole("link", { name: `#${ticket}` }).click();
  await hydrated(page);
  await expect(page.getByText("Ship to: Pat Buyer, 88 Harbour Road")).toBeVisible();
  await shot("console-ticket-request-desktop");
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByText("Accepted: the order is changed.")).toBeVisible();
  await expect(page.locator(".badge", { hasText: "Accepted" })).toBeVisible();

  // The buyer sees the new address on the order and the answer on the request.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 412, height: 915 });
  await signIn(page, "buyer@demo.shop");
  await page.goto(`/orders/${order}`);
  await expect(page.locator("address")).toContainText("88 Harbour Road");
  await page.goto(`/help/${ticket}`);
  await expect(page.locator(".badge", { hasText: "Accepted" })).toBeVisible();
  await expect(page.getByText(/Accepted: Delivery address changed to Pat Buyer, 88 Harbour Road/).first()).toBeVisible();
  await shot("help-ticket-accepted-phone");
});

test("a seller accepts a return with instructions; a declined return goes to the marketplace at the buyer's request", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  // The demo's return waiting for the store: accepted with instructions.
  const seeded = sql(`SELECT id FROM tickets WHERE kind = 'return_refund' AND return_state = 'requested' ORDER BY id LIMIT 1`);
  expect(seeded).not.toBe("");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto(`/sell/support/${seeded}`);
  await hydrated(page);
  await expect(page.locator(".return-panel .badge")).toHaveText("Return requested");
  await page.getByLabel(/Instructions for the buyer/).fill("Send it to Demo Outfitters, 5 Depot Lane, Reno NV 89501, in its original bag.");
  await shot("console-return-requested-desktop");
  await page.getByRole("button", { name: "Accept return" }).click();
  await expect(page.getByText("Return accepted: the buyer has your instructions.")).toBeVisible();
  await expect(page.locator(".return-panel .badge")).toHaveText("Return accepted: send it back");
  await expect(page.getByRole("button", { name: /Mark received and refund/ })).toBeVisible();

  // The demo buyer asks to return their delivered order.
  const order = sql(
    `SELECT o.id FROM orders o JOIN accounts a ON a.id = o.buyer_id WHERE a.email = 'buyer@demo.shop'
     AND o.status = 'delivered' ORDER BY o.id LIMIT 1`,
  );
  expect(order).not.toBe("");
  await page.context().clearCookies();
  await page.setViewportSize({ width: 412, height: 915 });
  await signIn(page, "buyer@demo.shop");
  await page.goto(`/orders/${order}/help`);
  await hydrated(page);
  await page.getByRole("radio", { name: /Return or refund/ }).check();
  await page.getByLabel("What are you returning?").selectOption("0");
  await page.getByLabel("Why are you returning it?").fill("It doesn't fit <script>alert(1)</script>");
  await shot("help-return-phone");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/help\/\d+$/);
  const ticket = new URL(page.url()).pathname.split("/").pop();
  await expect(page.locator(".return-panel .badge")).toHaveText("Return requested");
  await expect(page.getByText("It doesn't fit <script>alert(1)</script>")).toBeVisible();

  // The seller declines it with a reason…
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto(`/sell/support/${ticket}`);
  await hydrated(page);
  await page.getByLabel("Reason (for declining)").fill("Worn items can't be returned.");
  await page.getByRole("button", { name: "Decline return" }).click();
  await expect(page.getByText("Return declined.", { exact: true })).toBeVisible();

  // …and the buyer asks the marketplace, which takes it at once.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 412, height: 915 });
  await signIn(page, "buyer@demo.shop");
  await page.goto(`/help/${ticket}`);
  await hydrated(page);
  await expect(page.locator(".return-panel .badge")).toHaveText("Return declined");
  await expect(page.getByText(/Return declined: Worn items can't be returned\./).first()).toBeVisible();
  await page.getByRole("button", { name: "Ask the marketplace to step in" }).click();
  await expect(page.getByText(/You asked the marketplace to step in/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Ask the marketplace to step in" })).toHaveCount(0);
  await shot("help-return-appealed-phone");
});

test("a buyer reports a damaged item with a photo and the seller refunds it", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.goto("/");
  const src = await page.locator("article.card img").first().evaluate((i) => (i as HTMLImageElement).currentSrc || (i as HTMLImageElement).src);
  const photo = { name: "dent.webp", mimeType: "image/webp", buffer: Buffer.from(await (await page.request.get(src)).body()) };
  const order = sql(
    `SELECT o.id FROM orders o JOIN accounts a ON a.id = o.buyer_id WHERE a.email = 'buyer@demo.shop'
     AND o.status IN ('delivered', 'in_transit', 'shipped') AND o.refunded_minor = 0 ORDER BY o.id LIMIT 1`,
  );
  expect(order).not.toBe("");

  await signIn(page, "buyer@demo.shop");
  await page.goto(`/orders/${order}`);
  await hydrated(page);
  await page.locator(".item-help a").first().click();
  await hydrated(page);
  await page.getByRole("radio", { name: /An item arrived damaged/ }).check();
  await page.locator("#ticket-photos").setInputFiles([photo]);
  await expect(page.getByRole("img", { name: "Attached photo" })).toBeVisible();
  await page.getByLabel("Tell the seller what happened").fill("The lid arrived cracked.");
  await shot("help-damaged-phone");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/help\/\d+$/);
  const ticket = new URL(page.url()).pathname.split("/").pop();
  await expect(page.getByRole("img", { name: "Photo attached to the message" })).toBeVisible();

  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");
  await page.goto(`/sell/support/${ticket}`);
  await hydrated(page);
  await expect(page.getByRole("img", { name: "Photo attached to the message" })).toBeVisible();
  await page.getByRole("button", { name: "Refund item" }).click();
  await expect(page.getByText("Refunded.", { exact: true })).toBeVisible();
  await shot("console-ticket-refunded-desktop");

  await page.context().clearCookies();
  await page.setViewportSize({ width: 412, height: 915 });
  await signIn(page, "buyer@demo.shop");
  await page.goto(`/help/${ticket}`);
  await expect(page.getByText(/Refunded \$[\d.]+ to your card/).first()).toBeVisible();
  await expect(page.locator(".badge", { hasText: "Closed" })).toBeVisible();
  await page.goto("/help");
  await expect(page.locator(".ticket-row").first()).toBeVisible();
  await shot("help-list-phone");
});

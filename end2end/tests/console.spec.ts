import { test, expect, hydrated, signIn } from "./fixtures";

test("the seller ships an order: a mistyped tracking number is refused, then the buyer sees the tracking", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "seller@demo.shop");

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
  await page.getByLabel("Tracking number").fill("1Z 5R8 939 0357 5671 27");
  await page.getByRole("button", { name: "Mark as shipped" }).click();
  await expect(page.getByText("Marked as shipped; the payment was captured.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Shipped");
  await expect(page.getByText("1Z5R89390357567127")).toBeVisible();
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
  await expect(page.getByRole("link", { name: "1Z5R89390357567127" })).toHaveAttribute("href", /ups\.com/);
  const timeline = page.getByRole("list", { name: "Order timeline" });
  await expect(timeline.getByRole("listitem").nth(2)).toContainText("Shipped");
  await expect(timeline.getByRole("listitem").nth(2)).not.toContainText("Pending");
  await shot("buyer-order-tracking-phone");
});

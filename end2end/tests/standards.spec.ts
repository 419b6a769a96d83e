import { test, expect, hydrated, signIn, sql } from "./fixtures";

test("the demo seller sees the integrity verdict, the five standards with their charts and the dashboard's verdict", async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "seller@demo.shop");

  await page.goto("/sell");
  await hydrated(page);
  await expect(page.locator(".dashboard-verdict")).toContainText("Integrity store");

  await page.getByRole("navigation").getByRole("link", { name: "Performance" }).first().click();
  await expect(page).toHaveURL(/\/sell\/performance$/);
  await hydrated(page);
  const standing = page.getByRole("region", { name: "Integrity store" });
  await expect(standing).toBeVisible();
  await expect(standing).toContainText("orders in the last 90 days");
  // Twelve weeks of standing, one mark per week.
  await expect(standing.getByRole("list", { name: "Your standing week by week" }).locator("li")).toHaveCount(12);

  const table = page.getByRole("region", { name: "The five standards" });
  for (const metric of ["valid_tracking_rate", "delayed_shipment_rate", "average_rating_30d", "refund_rate_63_93d", "counterfeit_rate"]) {
    const row = table.locator(`tr[data-metric="${metric}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator(".badge")).not.toHaveText("Fails");
  }
  // The chart of a metric with data draws a line.
  const chart = table.getByRole("img", { name: "Valid tracking over 12 weeks" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("polyline, circle").first()).toBeAttached();
  await expect(page.getByRole("region", { name: "Service" })).toContainText("Cancellations by buyers");
  await shot("console-performance-desktop");
});

test("a store failing a standard is told what to fix, with the orders that count against it", async ({ page }, testInfo) => {
  const email = sql(
    `SELECT a.email FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE s.verdict = 'failing' ORDER BY s.id LIMIT 1`,
  );
  expect(email).not.toBe("");
  // Other seeded owners cannot sign in; give this one the demo password.
  sql(`UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE email = 'seller@demo.shop') WHERE email = '${email}'`);
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, email);
  await page.goto("/sell/performance");
  await hydrated(page);
  await expect(page.getByRole("region", { name: "Below standard" })).toContainText("Delayed shipments");
  await expect(page.locator('tr[data-metric="delayed_shipment_rate"] .badge')).toHaveText("Fails");
  const fix = page.getByRole("region", { name: "What to fix" });
  await expect(fix).toBeVisible();
  await expect(fix.locator(".order-chips a").first()).toHaveAttribute("href", /\/sell\/orders\/\d+/);
  await page.screenshot({ path: testInfo.outputPath("console-performance-failing-desktop.png"), fullPage: true });
});

test("buyers see the integrity badge on the store page, its product cards and the product page", async ({ page }, testInfo) => {
  const slug = sql(`SELECT slug FROM stores WHERE name = 'Demo Outfitters'`);
  await page.goto(`/s/${slug}`);
  await hydrated(page);
  await expect(page.locator(".integrity-badge-line")).toContainText("Integrity store");
  await expect(page.locator("article.card .integrity-mark").first()).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath("store-integrity-phone.png") });
  await page.locator("article.card a").first().click();
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByText("Integrity store").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("product-integrity-phone.png") });

  // A failing store's page carries no badge.
  const failing = sql(`SELECT slug FROM stores WHERE verdict = 'failing' ORDER BY id LIMIT 1`);
  await page.goto(`/s/${failing}`);
  await hydrated(page);
  await expect(page.locator("h1")).toBeVisible();
  await expect(page.locator(".integrity-badge-line")).toHaveCount(0);
});

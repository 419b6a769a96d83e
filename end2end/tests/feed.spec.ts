import { test, expect, hydrated } from "./fixtures";

test("the endless feed loads the next page before the end is reached", async ({ page }, testInfo) => {
  await page.goto("/");
  await hydrated(page);
  const cards = page.locator("article.card");
  // A page holds 24 products; a sponsored card a boost campaign pays for takes one
  // more place, or the place of the same product's organic card.
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(24);
  const organic = await page.locator("article.card:not(:has(.sponsored-label))").count();
  expect(organic).toBeGreaterThanOrEqual(23);
  expect(organic).toBeLessThanOrEqual(24);
  // Scroll to about two thirds of the first page: the next page should arrive on its own.
  await cards.nth(16).scrollIntoViewIfNeeded();
  await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(24);
  const titles = await cards.locator("h3").allInnerTexts();
  const ids = await cards.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  expect(new Set(ids).size, "no card appears twice").toBe(ids.length);
  expect(titles.length).toBeGreaterThan(24);
  await page.screenshot({ path: testInfo.outputPath("feed-second-page-phone.png") });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the feed continues through the More products link", async ({ page }) => {
    await page.goto("/");
    const first = await page.locator("article.card h3").first().innerText();
    await page.getByRole("link", { name: "More products" }).click();
    await expect(page.locator("article.card").first()).toBeVisible();
    expect(await page.locator("article.card h3").first().innerText()).not.toBe(first);
  });
});

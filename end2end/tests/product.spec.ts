import { test, expect, hydrated } from "./fixtures";

test("choosing a variant updates the SKU and the URL, and survives a reload", async ({ page }, testInfo) => {
  await page.goto("/");
  const hrefs = await page.locator("article.card a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(href);
    const other = page.locator(".variant-picker label:has(input:not([disabled]):not(:checked))");
    if ((await other.count()) === 0) continue;
    await hydrated(page);
    const sku = page.locator(".sku");
    const before = await sku.innerText();
    const option = other.first();
    const name = (await option.innerText()).trim();
    await option.click();
    await expect(page).toHaveURL(/[?&]variant=\d+/);
    await expect(sku).not.toHaveText(before);
    await expect(page.getByRole("radio", { name })).toBeChecked();
    const chosen = await sku.innerText();
    await page.reload();
    await expect(page.locator(".sku")).toHaveText(chosen);
    await expect(page.getByRole("radio", { name })).toBeChecked();
    await expect(page.getByText(/arrives \w{3} \d+ – \w{3} \d+/)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("product-variant-phone.png"), fullPage: true });
    return;
  }
  throw new Error("no product on the first page has a second variant in stock");
});

test("the gallery swipes between images on a phone and the share button is there", async ({ page }) => {
  await page.goto("/");
  await page.locator("article.card").first().getByRole("link").click();
  await hydrated(page);
  const track = page.locator(".gallery-track");
  await expect(page.locator(".gallery-count")).toHaveText("1 / 2");
  await track.evaluate((el) => el.scrollTo({ left: el.clientWidth, behavior: "instant" }));
  await expect(page.locator(".gallery-count")).toHaveText("2 / 2");
  await expect(page.getByRole("button", { name: "Share" })).toBeVisible();
});

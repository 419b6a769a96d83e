import { test, expect, hydrated, signUpBuyer } from "./fixtures";

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

test("reviews page on, reorder by most helpful and take a helpful vote", async ({ page }, testInfo) => {
  // A product with more than one page of reviews, from the first two feed pages.
  await page.goto("/");
  let hrefs = await page.locator("article.card a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  const more = await page.getByRole("link", { name: "More products" }).getAttribute("href");
  if (more) {
    await page.goto(more);
    hrefs = hrefs.concat(await page.locator("article.card a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!)));
  }
  let found = false;
  for (const href of hrefs) {
    await page.goto(href);
    if ((await page.getByRole("button", { name: "More reviews" }).count()) > 0) { found = true; break; }
  }
  expect(found, "a product with more than ten reviews").toBe(true);
  await hydrated(page);
  const reviews = page.locator(".review-list article.review");
  await expect(reviews).toHaveCount(10);
  await page.getByRole("button", { name: "More reviews" }).click();
  await expect.poll(() => reviews.count()).toBeGreaterThan(10);

  const helpfulFirst = page.getByRole("button", { name: "Most helpful" });
  await helpfulFirst.click();
  await expect(helpfulFirst).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "Newest" })).toHaveAttribute("aria-pressed", "false");
  const counts = async () =>
    (await page.locator(".review-list .helpful").allInnerTexts()).map((t) => Number(/\((\d+)\)/.exec(t)![1]));
  await expect.poll(async () => { const c = await counts(); return c.every((n, i) => i === 0 || c[i - 1] >= n); }).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("product-reviews-phone.png"), fullPage: true });

  // A guest is asked to sign in; a signed-in buyer's vote counts once.
  const first = page.locator(".review-list .helpful").first();
  await first.click();
  await expect(page.getByRole("status")).toContainText("Sign in to vote");
  const productUrl = page.url();
  await signUpBuyer(page);
  await page.goto(productUrl);
  await hydrated(page);
  const vote = page.locator(".review-list .helpful").first();
  const before = Number(/\((\d+)\)/.exec(await vote.innerText())![1]);
  await vote.click();
  await expect(vote).toHaveText(`Thanks · Helpful (${before + 1})`);
  await expect(vote).toBeDisabled();
});

test("the store card on a product page leads to the store's own page with its products", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.locator("article.card a.card-link").first().click();
  await hydrated(page);
  const storeName = (await page.locator(".store-card .store-name").innerText()).trim();
  await page.locator("a.store-card").click();
  await expect(page).toHaveURL(/\/s\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: storeName })).toBeVisible();
  await expect(page.getByText(/Ships from [A-Z]{2} · \d+ products · selling since/)).toBeVisible();
  const cards = page.locator("article.card");
  await expect(cards.first()).toBeVisible();
  for (const name of await cards.locator(".card-store").allInnerTexts()) {
    expect(name).toContain(storeName);
  }
  await page.screenshot({ path: testInfo.outputPath("store-page-phone.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("store-page-desktop.png") });
});

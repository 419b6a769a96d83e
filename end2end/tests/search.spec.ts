import { test, expect, hydrated } from "./fixtures";

test("a guest searches, filters and sorts, and the URL keeps every choice", async ({ page }, testInfo) => {
  await page.goto("/");
  await hydrated(page);
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.fill("shirt");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=shirt/);
  await expect(page.getByRole("heading", { level: 1, name: "Results for “shirt”" })).toBeVisible();
  await expect(page.locator("article.card").first()).toBeVisible();

  // On a phone the results come first; the filters wait behind a button.
  const filters = page.getByRole("form", { name: "Filters" });
  await expect(filters).toBeHidden();
  const cardTop = (await page.locator("article.card").first().boundingBox())!.y;
  expect(cardTop).toBeLessThan(400);
  await page.locator(".filters-button").click();
  await expect(filters).toBeVisible();
  await filters.getByLabel("Max price").fill("60");
  await filters.getByLabel("Sort by").selectOption({ label: "Price: low to high" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/max=60/);
  await expect(page).toHaveURL(/sort=price_asc/);
  // The results come first again, and only the choices made are in the URL: no empty
  // fields, no stray "&=".
  await expect(filters).toBeHidden();
  expect(page.url()).not.toContain("&=");
  expect(page.url()).not.toMatch(/[?&](min|rating|from|category)=(&|$)/);
  await expect(page.locator(".filters-button")).toHaveText("Filters · 1");
  const prices = await page.locator("article.card .price").allInnerTexts();
  const cents = prices.map((p) => Number(p.replace(/[$,.]/g, "")));
  expect(cents.length).toBeGreaterThan(0);
  expect(cents.every((c) => c <= 6000), prices.join(" ")).toBe(true);
  expect([...cents].sort((a, b) => a - b)).toEqual(cents);
  await page.screenshot({ path: testInfo.outputPath("search-phone.png") });

  // Reloading the shared URL gives the same search.
  await page.reload();
  await expect(page.getByLabel("Max price")).toHaveValue("60");
  await expect(page.getByLabel("Sort by")).toHaveValue("price_asc");

  // Ships-from and availability filters join the URL too.
  await hydrated(page);
  await page.locator(".filters-button").click();
  await filters.getByLabel("Ships from").selectOption({ label: "China" });
  await filters.getByLabel("Availability").selectOption({ label: "Include sold out" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=CN/);
  await expect(page).toHaveURL(/stock=all/);
  // Results, or the empty state when no shirt under $60 ships from China.
  await expect(page.locator("article.card, .empty-state").first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Ships from")).toHaveValue("CN");
  await expect(page.getByLabel("Availability")).toHaveValue("all");
});

test("a search with no results offers a way on", async ({ page }) => {
  await page.goto("/search?q=zzzzqqq");
  await expect(page.getByRole("heading", { name: "No matches" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse the feed" })).toBeVisible();
});

test("suggestions appear while typing, even with a typo", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("searchbox", { name: "Search" }).pressSequentially("sneakres", { delay: 30 });
  const list = page.getByRole("list", { name: "Suggestions" });
  await expect(list.getByRole("link", { name: "sneakers" })).toBeVisible();
  await list.getByRole("link", { name: "sneakers" }).click();
  await expect(page).toHaveURL(/\/search\?q=sneakers/);
  await expect(list).toHaveCount(0);
});

test("the Search tab browses by category, and a product's breadcrumb leads back", async ({ page }) => {
  await page.goto("/");
  await page.locator(".tabbar").getByRole("link", { name: "Search" }).click();
  const chips = page.getByRole("navigation", { name: "Categories" });
  await expect(chips.getByRole("link").first()).toBeVisible();
  const name = (await chips.getByRole("link").first().innerText()).trim();
  await chips.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/c\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(chips.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
  // A product of the category names it in its breadcrumb, as a link back.
  await page.locator("article.card").first().getByRole("link").first().click();
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.getByRole("link", { name })).toBeVisible();
  await crumbs.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

import { test, expect, hydrated, mailedLink, signIn } from "./fixtures";

test.describe("a guest", () => {
  test("sees product cards on the home page and opens a product", async ({ page }, testInfo) => {
    await page.goto("/");
    const cards = page.locator("article.card");
    await expect(cards.first()).toBeVisible();
    expect(await cards.count()).toBeGreaterThanOrEqual(8);
    await expect(cards.first().locator("img")).toBeVisible();
    await expect(cards.first().locator(".price")).toHaveText(/^\$\d+\.\d{2}$/);
    await hydrated(page);
    await page.screenshot({ path: testInfo.outputPath("home-phone.png") });

    const title = (await cards.first().locator("h3").innerText()).trim();
    await cards.first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.locator(".product-info .price")).toHaveText(/^\$\d/);
    await expect(page.getByText("Sold by")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("product-phone.png"), fullPage: true });
  });

  test("has the search box and the tab bar", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
    const tabs = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Home", "Search", "Wishlist", "Cart", "Account"]) {
      await expect(tabs.getByRole("link", { name })).toBeVisible();
    }
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the home page still shows product cards", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("article.card").first()).toBeVisible();
    expect(await page.locator("article.card").count()).toBeGreaterThanOrEqual(8);
    await expect(page.locator("article.card img").first()).toHaveAttribute("srcset", /200w.*400w.*800w/);
  });
});

test("a new person signs up, signs out and signs back in", async ({ page }) => {
  const email = `e2e-${Date.now()}@example.com`;
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Name").fill("Playwright Person");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("#field-password-error")).toHaveText(/Use at least 10 characters/);
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill("a-long-e2e-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  // Signing up never says whether an address has an account: the mail does.
  await expect(page).toHaveURL(/\/verify-email\?sent=1$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(mailedLink(email));
  await hydrated(page);
  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByText("you're signed in")).toBeVisible();
  await page.goto("/account");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Hello, Playwright Person" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  // Without a reload: the app learns of the sign-out from the action itself.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Hello, Playwright Person" })).toHaveCount(0);

  await signIn(page, email, "a-long-e2e-password");
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Hello, Playwright Person" })).toBeVisible();
});

test("a wrong password shows a message on the form", async ({ page }) => {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill("buyer@demo.shop");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match");
  await expect(page).toHaveURL(/\/signin/);
});

test("the demo seller reaches the seller console", async ({ page }, testInfo) => {
  await signIn(page, "seller@demo.shop");
  await page.goto("/sell");
  const nav = page.getByRole("navigation", { name: "Seller console" });
  for (const name of ["Dashboard", "Products", "Orders", "Customer service", "Promotions", "Boost", "Payments", "Performance"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Active products")).toBeVisible();
  await hydrated(page);
  await nav.getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("console-phone.png") });
});

test("the demo buyer is refused at /sell and /admin", async ({ page }) => {
  await signIn(page, "buyer@demo.shop");
  const res = await page.goto("/sell");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This area is for sellers" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Seller console" })).toHaveCount(0);
  const admin = await page.goto("/admin");
  expect(admin?.status()).toBe(403);
});

test("the demo admin reaches the admin area", async ({ page }) => {
  await signIn(page, "admin@demo.shop");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Platform admin" })).toBeVisible();
  await expect(page.getByText("Stores awaiting verification")).toBeVisible();
});

test("an unknown page is a friendly 404", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
});

test("a buyer's pages never download the seller console or admin code", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto("/");
  await hydrated(page);
  await page.locator("article.card").first().getByRole("link").click();
  await expect(page.locator(".product-title")).toBeVisible();
  expect(wasm.some((p) => /console|dashboard|section|admin/.test(p)), wasm.join(", ")).toBe(false);

  await signIn(page, "seller@demo.shop");
  await page.goto("/sell");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // The console comes as its own bundle, never as a chunk of the buyer's.
  expect(wasm.filter((p) => /console|dashboard|section|admin/.test(p))).toEqual(["/pkg/console.wasm"]);
});

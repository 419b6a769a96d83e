import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";

/// Chromium logs every 4xx response as a console error; refusals the tests expect
/// (validation 422, 401/403 pages, the 404 page) are answers, not faults.
const expectedRefusal = /^Failed to load resource: the server responded with a status of (401|402|403|404|409|422|429) /;

/// Every test fails if the page logs an error or throws.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && !expectedRefusal.test(m.text())) errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/// Waits until the page is hydrated (the wasm bundle ran), so clicks are handled by the app.
export async function hydrated(page: Page) {
  await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/// Creates a fresh buyer account and leaves it signed in.
export async function signUpBuyer(page: Page): Promise<string> {
  const email = `buyer-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Name").fill("Pat Buyer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-test-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/account/);
  return email;
}

/// Fills an address form with a valid US address.
export async function addAddressFields(page: Page) {
  await page.getByLabel("Full name").fill("Pat Buyer");
  await page.getByLabel("Street address").fill("1 Market St");
  await page.getByLabel("City").fill("San Francisco");
  await page.getByLabel("State / region").fill("CA");
  await page.getByLabel("Postal code").fill("94105");
}

/// Fills the checkout's new-address form with a valid US address and saves it.
export async function addAddress(page: Page) {
  await addAddressFields(page);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByRole("radio", { name: /1 Market St/ })).toBeChecked();
}

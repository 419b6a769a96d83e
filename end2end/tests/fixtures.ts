import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";

/// Chromium logs every 4xx response as a console error; refusals the tests expect
/// (validation 422, 401/403 pages, the 404 page) are answers, not faults.
const expectedRefusal = /^Failed to load resource: the server responded with a status of (401|403|404|422|429) /;

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

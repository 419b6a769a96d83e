import { test as base, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";

export const DEMO_PASSWORD = "demo-password";

/// Chromium logs every 4xx response as a console error; refusals the tests expect
/// (validation 422, 401/403 pages, the 404 page) are answers, not faults.
const expectedRefusal = /^Failed to load resource: the server responded with a status of (401|402|403|404|409|422|429) /;
/// The offline tests cut the network (or one connection): the browser reports each
/// request that could not leave, which the page then handles.
const expectedOffline = /^Failed to load resource: net::(ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET|ERR_FAILED)$/;

/// Every test fails if the page logs an error or throws.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && !expectedRefusal.test(m.text()) && !expectedOffline.test(m.text())) errors.push(m.text());
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

/// The database of the server the tests started (playwright.config.ts).
export const E2E_DATABASE = "../target/e2e/e2e.db";

/// One query on the test server's database, its output as text.
export function sql(query: string): string {
  return execFileSync("sqlite3", [E2E_DATABASE, query]).toString().trim();
}

/// The link in the last mail sent to `email`, read from the server's outbox.
export function mailedLink(email: string): string {
  const body = sql(`SELECT body FROM email_outbox WHERE to_email = '${email.replace(/'/g, "''")}' ORDER BY id DESC LIMIT 1`);
  const link = body.match(/https?:\/\/\S+/);
  if (!link) throw new Error(`no link in the mail to ${email}: ${body}`);
  return new URL(link[0]).pathname + new URL(link[0]).search;
}

/// Fills the sign-up form, then opens the confirmation link from the mail, which
/// signs the new account in.
export async function signUp(page: Page, name: string, email: string, password: string) {
  await page.goto("/signup");
  await hydrated(page);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(mailedLink(email));
  await hydrated(page);
  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByText("you're signed in")).toBeVisible();
}

/// Creates a fresh buyer account and leaves it signed in, on its account page.
export async function signUpBuyer(page: Page): Promise<string> {
  const email = `buyer-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await signUp(page, "Pat Buyer", email, "a-long-test-password");
  await page.goto("/account");
  await hydrated(page);
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

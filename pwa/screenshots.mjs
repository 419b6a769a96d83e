// Takes the web manifest's screenshots (public/icons/screenshot-{narrow,wide}.png) of a
// running shop: the home feed at phone size and a product page at desktop size.
//
//   node pwa/screenshots.mjs http://127.0.0.1:3000
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "end2end", "package.json"));
const { chromium } = require("@playwright/test");

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const shoot = async (width, height, path, file) => {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(base + path);
  await page.locator("body[data-hydrated]").waitFor({ state: "attached" });
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(here, "..", "public", "icons", file) });
  await page.close();
};
await shoot(412, 915, "/", "screenshot-narrow.png");
const page = await browser.newPage();
await page.goto(base + "/");
const href = await page.locator("article.card a").first().getAttribute("href");
await page.close();
await shoot(1366, 768, href, "screenshot-wide.png");
await browser.close();
console.log("screenshots written to public/icons/");

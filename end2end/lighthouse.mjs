// Lighthouse on the storefront as a phone sees it (Lighthouse's mobile defaults:
// a mid-range phone, simulated slow 4G), the median of several runs, on the home,
// search and product pages of a running shop. `make lighthouse` starts the release
// build on a fresh demo database and runs this; LIGHTHOUSE_URL points it elsewhere,
// LIGHTHOUSE_RUNS sets the runs per page (3).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const base = (process.env.LIGHTHOUSE_URL ?? "http://127.0.0.1:3300").replace(/\/$/, "");
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const categories = ["performance", "accessibility", "best-practices", "seo"];

// A product page: the first product of the shop's sitemap.
async function productPath() {
  const xml = await (await fetch(`${base}/sitemaps/products-1.xml`)).text();
  const loc = xml.match(/<loc>([^<]+)<\/loc>/);
  if (!loc) throw new Error("the sitemap lists no product");
  return new URL(loc[1]).pathname;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pages = [
  ["home", "/"],
  ["search", "/search?q=shirt"],
  ["product", await productPath()],
];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const rows = [];
try {
  for (const [name, path] of pages) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const { lhr } = await lighthouse(`${base}${path}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
      results.push(lhr);
    }
    const score = (c) => median(results.map((r) => Math.round((r.categories[c]?.score ?? 0) * 100)));
    const metric = (id) => median(results.map((r) => r.audits[id]?.numericValue ?? 0));
    rows.push({
      page: name,
      performance: score("performance"),
      accessibility: score("accessibility"),
      "best practices": score("best-practices"),
      seo: score("seo"),
      "LCP s": (metric("largest-contentful-paint") / 1000).toFixed(1),
      "TBT ms": Math.round(metric("total-blocking-time")),
      "CLS": metric("cumulative-layout-shift").toFixed(2),
      requests: median(results.map((r) => r.audits["network-requests"]?.details?.items?.length ?? 0)),
    });
  }
} finally {
  await chrome.kill();
}
console.log(`Lighthouse, mobile, median of ${runs} runs, ${base}`);
console.table(rows);

// Writes the service worker into the built site: pwa/sw.js with the precache list of
// this build (workbox-build's getManifest: every file of the storefront's shell with
// a revision hash of its content), a build id made from those hashes, and the byte
// budget of the runtime caches (OFFLINE_CACHE_MB, default 50).
//
//   node pwa/build.mjs [site-root]      (run by `make build-release` after the build)
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "end2end", "package.json"));
const { getManifest } = require("workbox-build");

const site = process.argv[2] ?? join(here, "..", "target", "site");
const limitMb = Number(process.env.OFFLINE_CACHE_MB ?? 50);
if (!(limitMb > 0)) throw new Error("OFFLINE_CACHE_MB must be a positive number");

const { manifestEntries, warnings, size } = await getManifest({
  globDirectory: site,
  globPatterns: [
    "pkg/marketplace*.{js,wasm,css}",
    "pkg/*.{js,wasm}",
    "offline.html",
    "offline.js",
    "manifest.webmanifest",
    "favicon.ico",
    "icon-*.png",
    "icons/*.png",
  ],
  // The console bundle is for sellers, online only.
  globIgnores: ["pkg/console*", "sw.js", "icons/screenshot-*"],
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  dontCacheBustURLsMatching: /^$/,
});
for (const w of warnings) console.warn("pwa:", w);
const entries = manifestEntries.map((e) => ({ url: "/" + e.url.replace(/^\//, ""), revision: e.revision }));
const build = createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 16);
const source = readFileSync(join(here, "sw.js"), "utf8")
  .replace("self.__WB_MANIFEST", JSON.stringify(entries))
  .replace("self.__BUILD", JSON.stringify(build))
  .replace("self.__LIMIT_BYTES", String(Math.round(limitMb * 1024 * 1024)));
writeFileSync(join(site, "sw.js"), source);
console.log(`pwa: sw.js for build ${build}: ${entries.length} files precached (${Math.round(size / 1024)} KB)`);

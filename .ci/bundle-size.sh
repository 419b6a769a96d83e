#!/usr/bin/env bash
# Reports what a buyer downloads to start the app (the main wasm, JS and CSS), the
# chunks loaded on demand (the storefront's other pages) and the seller console's
# own bundle, brotli-compressed. Fails when the buyer's first download is over its
# budget (254 KB; BUYER_BUDGET_KB sets another), so the build that grows it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const dir = "target/site/pkg";
const br = (f) => zlib.brotliCompressSync(fs.readFileSync(path.join(dir, f)),
  { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let initial = 0, lazy = 0, console_ = 0;
for (const f of fs.readdirSync(dir).sort()) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const size = br(f);
  const kind = /^(split_|chunk_)/.test(f) ? "on demand " : /^console\./.test(f) ? "console   " : "initial   ";
  if (kind === "on demand ") lazy += size; else if (kind === "console   ") console_ += size; else initial += size;
  console.log(`    ${kind + f.slice(0, 44).padEnd(46)} ${String(size).padStart(8)} B brotli`);
}
console.log(`    buyer initial download: ${(initial / 1024).toFixed(1)} KB brotli; loaded on demand: ${(lazy / 1024).toFixed(0)} KB; seller console bundle: ${(console_ / 1024).toFixed(0)} KB`);
// The offline layer loads after hydration and the service worker in its own thread:
// neither is part of the first download.
for (const f of ["offline.js", "sw.js"]) {
  const file = path.join("target/site", f);
  if (!fs.existsSync(file)) continue;
  const size = zlib.brotliCompressSync(fs.readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`    ${(f === "sw.js" ? "worker    " : "after hydration ") + f}  ${size} B brotli`);
}
const budget = Number(process.env.BUYER_BUDGET_KB || 254);
if (initial > budget * 1024) {
  console.error(`    the buyer initial download is over its budget of ${budget} KB brotli`);
  process.exit(1);
}
'

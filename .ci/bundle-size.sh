#!/usr/bin/env bash
# Reports what a buyer downloads to start the app: wasm + JS + CSS, brotli-compressed.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const dir = "target/site/pkg";
let total = 0;
for (const f of fs.readdirSync(dir).sort()) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const raw = fs.readFileSync(path.join(dir, f));
  const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total += br;
  console.log(`    ${f.padEnd(36)} ${String(raw.length).padStart(9)} bytes raw ${String(br).padStart(8)} brotli`);
}
console.log(`    initial download, brotli: ${total} bytes (${(total / 1024).toFixed(0)} KB)`);
'

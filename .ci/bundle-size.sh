#!/usr/bin/env bash
# Reports what a buyer downloads to start the app (the main wasm, JS and CSS) and the
# chunks loaded on demand (seller console, admin), brotli-compressed.
set -euo pipefail
cd "$(dirname "$0")/.."
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const dir = "target/site/pkg";
const br = (f) => zlib.brotliCompressSync(fs.readFileSync(path.join(dir, f)),
  { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let initial = 0, lazy = 0;
for (const f of fs.readdirSync(dir).sort()) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const size = br(f);
  const onDemand = /^(split_|chunk_)/.test(f);
  if (onDemand) lazy += size; else initial += size;
  console.log(`    ${(onDemand ? "on demand " : "initial   ") + f.slice(0, 44).padEnd(46)} ${String(size).padStart(8)} B brotli`);
}
console.log(`    buyer initial download: ${(initial / 1024).toFixed(0)} KB brotli; loaded on demand: ${(lazy / 1024).toFixed(0)} KB`);
'

#!/usr/bin/env bash
# Builds the seller console's WebAssembly bundle (console and admin pages) into the
# site: target/site/pkg/console.js and console.wasm. Run it after `cargo leptos
# build`, which empties target/site.
#   .ci/console-bundle.sh              debug build
#   .ci/console-bundle.sh --release    release build, optimised for size
#   .ci/console-bundle.sh --after-site debug build once `cargo leptos watch` has
#                                      written the site (used by `make dev`)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

mode=${1:-}
site=target/site/pkg
if [ "$mode" = "--after-site" ]; then
  stamp=$(mktemp)
  until [ -f "$site/marketplace.js" ] && [ "$site/marketplace.js" -nt "$stamp" ]; do sleep 2; done
  rm -f "$stamp"
fi

# Its own target directory: cargo-leptos builds the buyer's bundle with other flags,
# and sharing one directory would rebuild every dependency at each switch.
# Components are type-erased in every build, as cargo-leptos is told to do; flags the
# caller sets for wasm builds (the Makefile's size options in release) apply here too.
target_dir=target/console
flags="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} --cfg erase_components"
if [ "$mode" = "--release" ]; then
  profile=wasm-release out=wasm-release
else
  profile=dev out=debug
fi
echo "==> Building the console bundle ($profile)"
RUSTFLAGS="$flags" cargo build -q -p app --lib --target wasm32-unknown-unknown \
  --no-default-features --features hydrate,console --profile "$profile" \
  --target-dir "$target_dir" --locked
mkdir -p "$site"
wasm-bindgen --target web --no-typescript --out-dir "$site" --out-name console \
  "$target_dir/wasm32-unknown-unknown/$out/app.wasm"
mv "$site/console_bg.wasm" "$site/console.wasm"
if [ "$mode" = "--release" ]; then
  wasm-opt -Oz --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$site/console.wasm" -o "$site/console.wasm"
fi
echo "    $site/console.js, $site/console.wasm"

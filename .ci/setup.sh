#!/usr/bin/env bash
# Installs what building and testing the marketplace needs, skipping what is present.
#   .ci/setup.sh          tools to build and serve (wasm target, rust-src,
#                         cargo-leptos, wasm-bindgen-cli, wasm-opt, npm packages)
#   .ci/setup.sh --test   the same plus Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
step() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
ok() { printf '    %s\n' "$*"; }

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# A crate's source, unpacked from the registry into a scratch directory.
fetch_crate() { # name version -> prints the directory
  local dir="${TMPDIR:-/tmp}/marketplace-setup/$1-$2"
  if [ ! -f "$dir/Cargo.toml" ]; then
    mkdir -p "$(dirname "$dir")"
    curl -sSfL "https://static.crates.io/crates/$1/$1-$2.crate" | tar xz -C "$(dirname "$dir")"
  fi
  echo "$dir"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
else ok "wasm32 target: present"; fi

# The release wasm rebuilds the standard library for size (Makefile: WASM_SIZE_ENV).
if ! rustup component list --installed | grep -q '^rust-src'; then
  step "Adding the rust-src component"
  rustup component add rust-src
else ok "rust-src: present"; fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  step "Building cargo-leptos $CARGO_LEPTOS_VERSION (first time only; about 12 minutes on 2 cores)"
  src=$(fetch_crate cargo-leptos "$CARGO_LEPTOS_VERSION")
  # Its lock file pins cargo-util-schemas 0.14.2, which needs a newer Rust than 1.95.
  (cd "$src" && cargo update -q -p cargo-util-schemas --precise 0.14.1 \
     && cargo install -q --locked --path . --features no_downloads)
else ok "cargo-leptos $CARGO_LEPTOS_VERSION: present"; fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[" ]/,""); sub("version=",""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  step "Building wasm-bindgen-cli $bindgen_version (first time only; about 2 minutes)"
  src=$(fetch_crate wasm-bindgen-cli "$bindgen_version")
  # Its lock file pins a webpki-roots version the registry no longer serves.
  (cd "$src" && { cargo update -q -p webpki-roots --precise 1.0.10 2>/dev/null || true; } \
     && cargo install -q --locked --path .)
else ok "wasm-bindgen-cli $bindgen_version: present"; fi

# npm packages: Playwright for the browser tests, workbox-build for the service
# worker's precache list, and binaryen's wasm-opt (Debian's
# binaryen 108 produces wasm that fails to hydrate).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "Installing npm packages in end2end/"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
else ok "npm packages: present"; fi

if [ "$want_test" = 1 ]; then
  if ! command -v chromium >/dev/null; then
    step "Installing Chromium from Debian's packages"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else ok "Chromium: present"; fi
  # The browser tests read the mailed links from the test server's outbox.
  if ! command -v sqlite3 >/dev/null; then
    step "Installing the sqlite3 shell from Debian's packages"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq sqlite3 >/dev/null
  else ok "sqlite3: present"; fi
fi

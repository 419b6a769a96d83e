# Entry points: `make run` serves the marketplace with demo data; `make test` runs
# every check and test. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

RELEASE_BIN := target/release/server

.PHONY: run test setup setup-test build-release fmt lint unit e2e dev console seed-big bench lighthouse

## Install tools, build in release mode, seed ./data when empty, serve on :3000.
run: setup build-release
	@mkdir -p data
	@echo "==> Preparing the database under ./data (demo data on the first run; about a minute)"
	@$(RELEASE_BIN) seed-demo
	@$(RELEASE_BIN) serve

## Install tools (and Chromium), then run every check and test; fails on any failure.
test: setup-test fmt lint unit e2e
	@echo "==> All checks and tests passed"

setup:
	@.ci/setup.sh

setup-test:
	@.ci/setup.sh --test

SOURCES := app server style public pwa end2end/package-lock.json Cargo.toml Cargo.lock rust-toolchain.toml

# The release wasm is built for size: the standard library rebuilt with its small
# algorithms, panics that abort at once (no messages, no unwinding, no panic hook),
# no source locations and no Debug text. These are unstable compiler options, enabled
# on the stable toolchain for these builds only (README, Design). Debug builds keep
# panic messages.
WASM_SIZE_ENV := RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
QUIET := grep -vE '^\s+(Compiling|Checking|Fresh) |Blocking waiting for file lock'

build-release:
	@if [ -f $(RELEASE_BIN) ] && [ -f target/site/pkg/marketplace.wasm ] && [ -f target/site/pkg/console.wasm ] \
	   && [ -z "$$(find $(SOURCES) -newer $(RELEASE_BIN) -print -quit)" ] \
	   && [ -z "$$(find $(SOURCES) -newer target/site/pkg/marketplace.wasm -print -quit)" ]; then \
	  echo "==> Release build is up to date"; \
	else \
	  echo "==> Building the marketplace in release mode (the first build takes 5-10 minutes)"; \
	  $(WASM_SIZE_ENV) cargo leptos build --release --split --frontend-only 2>&1 | $(QUIET); \
	  status=$${PIPESTATUS[0]}; [ $$status -eq 0 ] || exit $$status; \
	  cargo leptos build --release --server-only 2>&1 | $(QUIET); \
	  status=$${PIPESTATUS[0]}; [ $$status -eq 0 ] || exit $$status; \
	  $(WASM_SIZE_ENV) .ci/console-bundle.sh --release && node pwa/build.mjs && .ci/bundle-size.sh; \
	fi

fmt:
	@echo "==> cargo fmt --check"
	@cargo fmt --all --check

lint:
	@echo "==> import cycles (files and folders of app/src and server/src)"
	@.ci/import-cycles.py app/src server/src
	@echo "==> clippy (server build, ssr)"
	@cargo clippy --workspace --all-targets --locked -- -D warnings
	@echo "==> clippy (browser build, hydrate)"
	@cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --locked -- -D warnings
	@echo "==> clippy (console bundle, hydrate + console)"
	@cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate,console --locked -- -D warnings

unit:
	@echo "==> Unit and integration tests on SQLite"
	@if [ -z "$$TEST_POSTGRES_URL" ]; then \
	  echo "    PostgreSQL: SKIPPED (set TEST_POSTGRES_URL=postgres://user@host/db to run every integration test on PostgreSQL too)"; \
	else echo "    and on PostgreSQL at $$TEST_POSTGRES_URL"; fi
	@cargo test --workspace --locked

e2e: build-release
	@echo "==> Browser tests (Playwright in Chromium, release build)"
	@cd end2end && npx playwright test

## Day-to-day: a debug build that rebuilds on save (serves on :3000 with ./data).
dev: setup
	@mkdir -p data
	@cargo build -p server && target/debug/server seed-demo
	@.ci/console-bundle.sh --after-site & cargo leptos watch --split

## The console bundle again after changing console or admin pages under `make dev`.
console:
	@.ci/console-bundle.sh

## The large catalogue (100,000 products) into ./data.
seed-big: build-release
	@$(RELEASE_BIN) seed-demo --products 100000

## Lighthouse (mobile, median of 3) on the home, search and product pages of the release
## build, served on :3300 from a fresh demo database; prints the scores.
LH_DIR := target/lighthouse
lighthouse: setup build-release
	@rm -rf $(LH_DIR) && mkdir -p $(LH_DIR)
	@export DATABASE_URL=sqlite://$(CURDIR)/$(LH_DIR)/shop.db IMAGE_DIR=$(LH_DIR)/images \
	   BIND_ADDR=127.0.0.1:3300 PUBLIC_URL=http://127.0.0.1:3300 LEPTOS_SITE_ROOT=target/site RUST_LOG=warn; \
	 $(RELEASE_BIN) seed-demo --products 240 >/dev/null && \
	 { $(RELEASE_BIN) serve & server=$$!; trap 'kill $$server' EXIT; \
	   for _ in $$(seq 1 60); do curl -sf http://127.0.0.1:3300/healthz >/dev/null && break; sleep 1; done; \
	   LIGHTHOUSE_URL=http://127.0.0.1:3300 node end2end/lighthouse.mjs; }

## Load benchmark: the release server on a fresh seeded database, driven over loopback.
## Options: make bench BENCH_ARGS="--seconds 20 --clients 32"
bench: setup build-release
	@$(RELEASE_BIN) bench $(BENCH_ARGS)

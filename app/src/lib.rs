//! The marketplace app: one Leptos crate compiled three times: `ssr` into the server,
//! `hydrate` into the buyer's WebAssembly bundle and `hydrate,console` into the
//! seller console's. Buyer storefront, seller console and admin are three route trees
//! that share `ui::kit` and `ui::shared`; the server renders all of them, each bundle
//! hydrates its own (see `routes`).
//!
//! **The release wasm is built with unstable size options on the stable toolchain.**
//! `make build-release` builds both bundles with `RUSTC_BOOTSTRAP=1`, the standard
//! library rebuilt from `rust-src` with its `optimize_for_size` algorithms
//! (`-Zbuild-std`), `-Cpanic=immediate-abort` (a panic traps at once: no message, no
//! hook, no formatting machinery), `-Zlocation-detail=none` and `-Zfmt-debug=none`
//! (`Debug` prints nothing; nothing in the browser shows `Debug` output). This is the
//! size recipe Leptos documents, and without it the first download stayed over 250 KB.
//! It is confined to release wasm: the server, the tests, clippy and `make dev` use the
//! plain stable compiler, and debug bundles keep panic messages. The price is that a
//! toolchain update can change these options, and the wasm build rebuilds `std` (about
//! a minute). cargo-leptos builds the storefront (`--frontend-only`, with these
//! options) and then the server (`--server-only`, without) in two steps.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod client;
pub mod domain;
pub mod error;
pub mod model;
#[cfg(feature = "ssr")]
pub mod tokens;
pub mod ui;

mod bundle;
mod routes;

use routes::AppRoutes;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::Router;
use ui::shell as app_shell;

pub use ui::shell::SHOP_NAME;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <AutoReload options=options.clone() />
                {bundle::scripts(options)}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    app_shell::AuthState::provide();
    ui::shared::ShopState::provide();
    // Effects run only in the browser; the mark goes on once the whole page, lazy
    // route included, is hydrated and interactive. Tests wait for it.
    Effect::new(|| {
        client::after_hydration(|| {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        })
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/marketplace.css" />
        <Link rel="icon" href="/favicon.ico" />
        <Meta name="theme-color" content="#e8363d" />
        <Meta name="description" content="Discover great finds from independent stores." />
        // The one title formatter: every page's title is escaped here (ui::shell).
        <Title formatter=app_shell::page_title />
        <Router>
            <app_shell::TopBar />
            <main id="main" class="main">
                <AppRoutes />
            </main>
            <app_shell::TabBar />
            <ui::shared::Toast />
        </Router>
    }
}

/// Entry point of the WebAssembly bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A bundle built to abort at once on a panic never runs a panic hook.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    // The storefront's lazy routes must load before their markup hydrates; the
    // console bundle has none.
    #[cfg(not(feature = "console"))]
    leptos::mount::hydrate_lazy(App);
    #[cfg(feature = "console")]
    leptos::mount::hydrate_body(App);
}

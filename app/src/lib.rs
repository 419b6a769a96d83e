//! The marketplace app: one Leptos crate compiled twice, `ssr` into the server and
//! `hydrate` to WebAssembly. Buyer storefront, seller console and admin are three
//! route trees that share `ui::kit` and `ui::shared`.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod client;
pub mod domain;
pub mod error;
pub mod model;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{ParentRoute, Route, Router, Routes},
    path,
};
use ui::{admin, console, shell as app_shell, storefront};

/// The shop's name as people see it.
pub const SHOP_NAME: &str = "Bazaar";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
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
        <Title formatter=|title: String| {
            if title.is_empty() { SHOP_NAME.to_string() } else { format!("{title} · {SHOP_NAME}") }
        } />
        <Router>
            <app_shell::TopBar />
            <main id="main" class="main">
                <Routes fallback=|| view! { <app_shell::NotFound /> }>
                    <Route path=path!("/") view=storefront::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view={Lazy::<storefront::lazy::Search>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/c/:slug") view={Lazy::<storefront::lazy::Search>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/p/:id/:slug") view={Lazy::<storefront::lazy::Product>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/p/:id") view={Lazy::<storefront::lazy::Product>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/s/:slug") view={Lazy::<storefront::lazy::Store>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wishlist") view={Lazy::<storefront::lazy::Wishlist>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wishlist/:id") view={Lazy::<storefront::lazy::Wishlist>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/w/:token") view={Lazy::<storefront::lazy::SharedWishlist>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/cart") view={Lazy::<storefront::lazy::Cart>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/checkout") view={Lazy::<storefront::lazy::Checkout>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orders") view={Lazy::<storefront::lazy::Orders>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id") view={Lazy::<storefront::lazy::Order>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signin") view={Lazy::<storefront::lazy::SignIn>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/signup") view={Lazy::<storefront::lazy::SignUp>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view={Lazy::<storefront::lazy::Account>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/verify-email") view={Lazy::<storefront::lazy::VerifyEmail>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view={Lazy::<storefront::lazy::ResetPassword>::new()} ssr=SsrMode::Async />
                    <ParentRoute path=path!("/sell") view={Lazy::<console::ConsoleRoute>::new()} ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<console::DashboardRoute>::new()} />
                        <Route path=path!("orders") view={Lazy::<console::OrdersRoute>::new()} />
                        <Route path=path!("orders/:id") view={Lazy::<console::OrderRoute>::new()} />
                        <Route path=path!("orders/:id/slip") view={Lazy::<console::SlipRoute>::new()} />
                        <Route path=path!("payments") view={Lazy::<console::PaymentsRoute>::new()} />
                        <Route path=path!("disputes/:id") view={Lazy::<console::DisputeRoute>::new()} />
                        <Route path=path!("products") view={Lazy::<console::ProductsRoute>::new()} />
                        <Route path=path!("boost") view={Lazy::<console::BoostRoute>::new()} />
                        <Route path=path!("promotions") view={Lazy::<console::PromotionsRoute>::new()} />
                        <Route path=path!("store") view={Lazy::<console::StoreRoute>::new()} />
                        <Route path=path!("inventory") view={Lazy::<console::InventoryRoute>::new()} />
                        <Route path=path!("products/new") view={Lazy::<console::ProductEditRoute>::new()} />
                        <Route path=path!("products/:id") view={Lazy::<console::ProductEditRoute>::new()} />
                        <Route path=path!(":section") view={Lazy::<console::SectionRoute>::new()} />
                    </ParentRoute>
                    <Route path=path!("/admin") view={Lazy::<admin::AdminRoute>::new()} ssr=SsrMode::Async />
                </Routes>
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
    console_error_panic_hook::set_once();
    // Lazy routes (console, admin, the pages past browsing) must load before their
    // markup hydrates.
    leptos::mount::hydrate_lazy(App);
}

//! The route trees. The server renders every page, so its `<Routes>` holds both
//! trees; each WebAssembly bundle holds only its own: the buyer's bundle the
//! storefront (split into lazy chunks), the console bundle the seller console and
//! admin. A link from one tree into the other finds no route in the bundle that
//! followed it, and the fallback turns it into a full page load, which the server
//! answers with the other bundle.
//!
//! **Two bundles: the storefront's and the console's.** The server renders all three
//! route trees, but each WebAssembly bundle holds only its own (`app/src/routes.rs`):
//! the buyer's (`marketplace.wasm`, built by cargo-leptos with `--split`) has the
//! storefront, the console's (`console.wasm`, the `app` crate built again with the
//! `console` feature by `.ci/console-bundle.sh`, unsplit) has the seller console and
//! admin, and the shell picks the script by path. DESIGN has them as lazy route trees
//! of one bundle; measured that way, the console's routes, its 150 chunks and every
//! string of its pages (wasm-split leaves data in the main module) stayed in the
//! buyer's first download, about 31 KB of it. A link from one tree into the other finds
//! no route in the bundle that follows it, and the fallback turns it into a full page
//! load, which is what a seller crossing between the shop and the console gets; inside
//! either bundle navigation stays client-side. Sellers work at a desktop and visit many
//! console pages in one sitting, so the console is one download, not chunks.

use crate::ui::shell::NotFound;
#[cfg(any(feature = "ssr", not(feature = "console")))]
use crate::ui::storefront;
#[cfg(any(feature = "ssr", feature = "console"))]
use crate::ui::{admin, console};
use leptos::prelude::*;
#[cfg(any(feature = "ssr", not(feature = "console")))]
use leptos_router::Lazy;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
#[cfg(any(feature = "ssr", feature = "console"))]
use leptos_router::components::ParentRoute;
use leptos_router::components::{Route, Routes};
use leptos_router::{SsrMode, path};

/// Whether `path` belongs to the seller console's bundle (`/sell…`, `/admin…`).
pub fn in_console(path: &str) -> bool {
    ["/sell", "/admin"].iter().any(|root| {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

#[component]
pub fn AppRoutes() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let routes = view! {
        <Routes fallback=Elsewhere>
            <StorefrontRoutes />
            <ConsoleRoutes />
        </Routes>
    };
    #[cfg(all(not(feature = "ssr"), not(feature = "console")))]
    let routes = view! {
        <Routes fallback=Elsewhere>
            <StorefrontRoutes />
        </Routes>
    };
    #[cfg(all(not(feature = "ssr"), feature = "console"))]
    let routes = view! {
        <Routes fallback=Elsewhere>
            <ConsoleRoutes />
        </Routes>
    };
    routes
}

/// The buyer's pages (lazy chunks: see `storefront::lazy`).
#[cfg(any(feature = "ssr", not(feature = "console")))]
#[component(transparent)]
fn StorefrontRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use storefront::lazy;
    view! {
        <Route path=path!("/") view=storefront::HomePage ssr=SsrMode::Async />
        <Route path=path!("/search") view={Lazy::<lazy::Search>::new()} ssr=SsrMode::Async />
        <Route path=path!("/c/:slug") view={Lazy::<lazy::Search>::new()} ssr=SsrMode::Async />
        <Route path=path!("/p/:id/:slug") view={Lazy::<lazy::Product>::new()} ssr=SsrMode::Async />
        <Route path=path!("/p/:id") view={Lazy::<lazy::Product>::new()} ssr=SsrMode::Async />
        <Route path=path!("/s/:slug") view={Lazy::<lazy::Store>::new()} ssr=SsrMode::Async />
        <Route path=path!("/wishlist") view={Lazy::<lazy::Wishlist>::new()} ssr=SsrMode::Async />
        <Route path=path!("/wishlist/:id") view={Lazy::<lazy::Wishlist>::new()} ssr=SsrMode::Async />
        <Route path=path!("/w/:token") view={Lazy::<lazy::SharedWishlist>::new()} ssr=SsrMode::Async />
        <Route path=path!("/cart") view={Lazy::<lazy::Cart>::new()} ssr=SsrMode::Async />
        <Route path=path!("/checkout") view={Lazy::<lazy::Checkout>::new()} ssr=SsrMode::Async />
        <Route path=path!("/orders") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
        <Route path=path!("/orders/:id") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
        <Route path=path!("/orders/:id/help") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
        <Route path=path!("/help") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
        <Route path=path!("/help/:id") view={Lazy::<lazy::Order>::new()} ssr=SsrMode::Async />
        <Route path=path!("/signin") view={Lazy::<lazy::SignIn>::new()} ssr=SsrMode::Async />
        <Route path=path!("/signup") view={Lazy::<lazy::SignUp>::new()} ssr=SsrMode::Async />
        <Route path=path!("/account") view={Lazy::<lazy::Account>::new()} ssr=SsrMode::Async />
        <Route path=path!("/verify-email") view={Lazy::<lazy::VerifyEmail>::new()} ssr=SsrMode::Async />
        <Route path=path!("/reset-password") view={Lazy::<lazy::ResetPassword>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The seller console and the admin area: one bundle, no lazy chunks (sellers work
/// at a desktop and visit many of its pages in one sitting).
#[cfg(any(feature = "ssr", feature = "console"))]
#[component(transparent)]
fn ConsoleRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use console::*;
    view! {
        <ParentRoute path=path!("/sell") view=ConsoleLayout ssr=SsrMode::Async>
            <Route path=path!("") view=DashboardPage />
            <Route path=path!("orders") view=OrdersPage />
            <Route path=path!("orders/:id") view=SellerOrderPage />
            <Route path=path!("orders/:id/slip") view=PackingSlipPage />
            <Route path=path!("payments") view=PaymentsPage />
            <Route path=path!("performance") view=PerformancePage />
            <Route path=path!("disputes/:id") view=DisputePage />
            <Route path=path!("products") view=ProductsPage />
            <Route path=path!("boost") view=BoostPage />
            <Route path=path!("promotions") view=PromotionsPage />
            <Route path=path!("store") view=StorePage />
            <Route path=path!("inventory") view=InventoryPage />
            <Route path=path!("products/new") view=ProductEditPage />
            <Route path=path!("products/:id") view=ProductEditPage />
            <Route path=path!("support") view=InboxPage />
            <Route path=path!("support/replies") view=CannedRepliesPage />
            <Route path=path!("support/:id") view=SellerTicketPage />
            <Route path=path!("reviews") view=ReviewsPage />
            <Route path=path!(":section") view=SectionPage />
        </ParentRoute>
        <Route path=path!("/admin") view=admin::AdminPage ssr=SsrMode::Async />
        <Route path=path!("/admin/tickets/:id") view=admin::AdminTicketPage ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

/// No route in this bundle: a page of the other bundle is loaded in full, anything
/// else is not found.
#[component]
fn Elsewhere() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        let path = location.pathname.get_untracked();
        if in_console(&path) != cfg!(feature = "console") {
            let search = location.search.get_untracked();
            let url = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            // Replaces the history entry the router has just pushed.
            let _ = window().location().replace(&url);
            return ().into_any();
        }
    }
    view! { <NotFound /> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::in_console;

    #[test]
    fn console_paths_are_sell_and_admin_and_below() {
        for path in ["/sell", "/sell/", "/sell/orders/3", "/admin", "/admin/x"] {
            assert!(in_console(path), "{path}");
        }
        for path in [
            "/",
            "/seller",
            "/sellers/x",
            "/administer",
            "/s/shop",
            "/p/1",
        ] {
            assert!(!in_console(path), "{path}");
        }
    }
}

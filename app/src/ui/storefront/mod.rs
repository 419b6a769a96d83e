//! The buyer's pages.
//!
//! **Lazy storefront pages.** Every buyer page but the home feed (search, product,
//! store pages at `/s/{slug}`, cart, checkout, orders, wishlists, account, sign-in and
//! sign-up) is a `LazyRoute`, each its own chunk, so the first download carries only
//! the shell, the feed and the product card; the cart badge asks for a count, not the
//! whole cart, so the cart's types stay in the cart's chunk. The buyer's bundle
//! hydrates with `hydrate_lazy`, so a lazy page's chunk loads before its
//! server-rendered markup hydrates. Effects may run while that chunk loads, so
//! browser-only state (cart count, hearts) is fetched through
//! `client::after_hydration`, once the whole page is hydrated; otherwise it could reach
//! markup that has not hydrated yet, and hydration would keep the server's version.
//! Components are type-erased in every build (`always-erase-components`): less generic
//! code, a smaller bundle. A sale's end travels as UTC milliseconds and the feed's
//! countdown formats with the browser's `Date`, so no date parser or strftime is in the
//! first download.

mod account;
mod account_settings;
mod auth_pages;
mod cart;
mod checkout;
mod help;
mod home;
mod lists;
mod orders;
mod product;
mod reviews;
mod search;
mod store_page;

pub use account::AccountPage;
pub use auth_pages::{ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage};
pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use help::OrderPages;
pub use home::HomePage;
pub use lists::{SharedWishlistPage, WishlistPage};
pub use orders::OrderPage;
use orders::OrdersPage;
pub use product::ProductPage;
pub use search::SearchPage;
pub use store_page::StorePage;

/// Every page but the home feed loads on demand, each from its own chunk, so the
/// first download carries the shell, the feed and the product card.
pub mod lazy {
    use leptos::prelude::*;
    use leptos_router::{LazyRoute, lazy_route};

    macro_rules! lazy_page {
        ($($route:ident => $page:ident),* $(,)?) => {$(
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                fn view(_this: Self) -> AnyView {
                    view! { <super::$page /> }.into_any()
                }
            }
        )*};
    }

    lazy_page!(
        Search => SearchPage,
        Product => ProductPage,
        Wishlist => WishlistPage,
        SharedWishlist => SharedWishlistPage,
        Cart => CartPage,
        Checkout => CheckoutPage,
        Order => OrderPages,
        SignIn => SignInPage,
        SignUp => SignUpPage,
        Account => AccountPage,
        VerifyEmail => VerifyEmailPage,
        ResetPassword => ResetPasswordPage,
        Store => StorePage,
    );
}

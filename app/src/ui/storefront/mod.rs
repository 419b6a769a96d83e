//! The buyer's pages.

mod account;
mod account_settings;
mod auth_pages;
mod cart;
mod checkout;
mod home;
mod lists;
mod orders;
mod product;
mod search;
mod store_page;

pub use account::AccountPage;
pub use auth_pages::{ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage};
pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use home::HomePage;
pub use lists::{SharedWishlistPage, WishlistPage};
pub use orders::{OrderPage, OrdersPage};
pub use product::ProductPage;
pub use search::{SearchPage, urlencode};
pub use store_page::StorePage;

/// Every page but the home feed loads on demand, in two chunks: browsing (search,
/// categories, products, stores, shared lists) and the buyer's own pages (sign-in,
/// wishlists, cart, checkout, orders, account). One route view type per chunk keeps
/// per-page routing code out of the first download; the page is told by the path.
pub mod lazy {
    use leptos::prelude::*;
    use leptos_router::{LazyRoute, lazy_route};

    fn path() -> String {
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub(super) enum BrowsePage {
        Search,
        Product,
        Store,
        SharedWishlist,
    }

    pub(super) fn browse_page(path: &str) -> BrowsePage {
        match path.split('/').nth(1).unwrap_or_default() {
            "p" => BrowsePage::Product,
            "s" => BrowsePage::Store,
            "w" => BrowsePage::SharedWishlist,
            _ => BrowsePage::Search,
        }
    }

    pub struct Browse(BrowsePage);

    #[lazy_route]
    impl LazyRoute for Browse {
        fn data() -> Self {
            Browse(browse_page(&path()))
        }
        fn view(this: Self) -> AnyView {
            match this.0 {
                BrowsePage::Search => view! { <super::SearchPage /> }.into_any(),
                BrowsePage::Product => view! { <super::ProductPage /> }.into_any(),
                BrowsePage::Store => view! { <super::StorePage /> }.into_any(),
                BrowsePage::SharedWishlist => view! { <super::SharedWishlistPage /> }.into_any(),
            }
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub(super) enum MinePage {
        Wishlist,
        Cart,
        Checkout,
        Orders,
        Order,
        SignIn,
        SignUp,
        Account,
        VerifyEmail,
        ResetPassword,
    }

    pub(super) fn mine_page(path: &str) -> MinePage {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["wishlist", ..] => MinePage::Wishlist,
            ["cart"] => MinePage::Cart,
            ["checkout"] => MinePage::Checkout,
            ["orders"] => MinePage::Orders,
            ["orders", _] => MinePage::Order,
            ["signup"] => MinePage::SignUp,
            ["account"] => MinePage::Account,
            ["verify-email"] => MinePage::VerifyEmail,
            ["reset-password"] => MinePage::ResetPassword,
            _ => MinePage::SignIn,
        }
    }

    pub struct Mine(MinePage);

    #[lazy_route]
    impl LazyRoute for Mine {
        fn data() -> Self {
            Mine(mine_page(&path()))
        }
        fn view(this: Self) -> AnyView {
            match this.0 {
                MinePage::Wishlist => view! { <super::WishlistPage /> }.into_any(),
                MinePage::Cart => view! { <super::CartPage /> }.into_any(),
                MinePage::Checkout => view! { <super::CheckoutPage /> }.into_any(),
                MinePage::Orders => view! { <super::OrdersPage /> }.into_any(),
                MinePage::Order => view! { <super::OrderPage /> }.into_any(),
                MinePage::SignIn => view! { <super::SignInPage /> }.into_any(),
                MinePage::SignUp => view! { <super::SignUpPage /> }.into_any(),
                MinePage::Account => view! { <super::AccountPage /> }.into_any(),
                MinePage::VerifyEmail => view! { <super::VerifyEmailPage /> }.into_any(),
                MinePage::ResetPassword => view! { <super::ResetPasswordPage /> }.into_any(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lazy::*;

    #[test]
    fn each_buyer_path_has_its_page() {
        assert_eq!(browse_page("/search"), BrowsePage::Search);
        assert_eq!(browse_page("/c/shoes"), BrowsePage::Search);
        assert_eq!(browse_page("/p/12/lamp"), BrowsePage::Product);
        assert_eq!(browse_page("/s/demo"), BrowsePage::Store);
        assert_eq!(browse_page("/w/abc"), BrowsePage::SharedWishlist);
        assert_eq!(mine_page("/wishlist/3"), MinePage::Wishlist);
        assert_eq!(mine_page("/orders"), MinePage::Orders);
        assert_eq!(mine_page("/orders/7"), MinePage::Order);
        assert_eq!(mine_page("/checkout"), MinePage::Checkout);
        assert_eq!(mine_page("/signin"), MinePage::SignIn);
        assert_eq!(mine_page("/reset-password"), MinePage::ResetPassword);
    }
}

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
        Orders => OrdersPage,
        Order => OrderPage,
        SignIn => SignInPage,
        SignUp => SignUpPage,
        Account => AccountPage,
        VerifyEmail => VerifyEmailPage,
        ResetPassword => ResetPasswordPage,
        Store => StorePage,
    );
}

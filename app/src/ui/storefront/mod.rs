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

pub use account::AccountPage;
pub use auth_pages::{ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage};
pub use cart::CartPage;
pub use checkout::CheckoutPage;
pub use home::HomePage;
pub use lists::{SharedWishlistPage, WishlistPage};
pub use orders::{OrderPage, OrdersPage};
pub use product::ProductPage;
pub use search::{SearchPage, urlencode};

//! The buyer's pages.

mod account;
mod auth_pages;
mod home;
mod lists;
mod product;
mod search;

pub use account::AccountPage;
pub use auth_pages::{ResetPasswordPage, SignInPage, SignUpPage, VerifyEmailPage};
pub use home::HomePage;
pub use lists::{CartPage, WishlistPage};
pub use product::ProductPage;
pub use search::{SearchPage, urlencode};

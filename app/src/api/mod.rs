//! Server functions: the API. Each one authorises through [`guard::authorize`],
//! parses its input into domain types, calls one service and maps the error.

pub mod accounts;
pub mod admin;
pub mod console;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod listings;
pub mod profile;
pub mod promotions;
pub mod shop;
pub mod storefront;
pub mod wishlists;

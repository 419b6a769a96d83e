//! Server functions: the API, one module per business context (the same names as
//! `backend`, `model` and the server's `services`). Each one authorises through
//! [`guard::authorize`], parses its input into domain types, calls one service and
//! maps the error.
//!
//! Each function's Rust name is the last segment of its endpoint (`order_detail`
//! answers `/api/order_detail`); where the buyer and the seller have a function of the
//! same name, the seller's is in a `console` submodule (`orders::console::cancel_order`
//! answers `/api/console/cancel_order`).
//!
//! **Server functions on fixed paths.** Each `#[server]` has an explicit endpoint
//! (`/api/sign_in`, `/api/console/overview`), so tests, logs and rate limits refer to
//! stable URLs. Reads are `GET`; mutations are `POST`, and a middleware refuses a
//! mutating request whose `Origin` is neither `PUBLIC_URL` nor the request's own
//! scheme, host and port.

pub mod accounts;
pub mod ads;
pub mod cart;
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod listings;
pub mod money;
pub mod orders;
pub mod promotions;
pub mod reviews;
pub mod standards;
pub mod stores;
pub mod support;
pub mod sync;
pub mod wishlists;

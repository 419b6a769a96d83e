//! Implementations of the app's service traits over the storage layer, one module
//! per business context (the same names as `app::api`, `app::backend`, `app::model`
//! and `server/tests/api`).

pub mod accounts;
pub mod ads;
pub mod cart;
pub mod catalog;
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

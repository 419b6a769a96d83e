//! What the server sends to pages: plain data shared by both sides of the wire, one
//! module per business context. Every type is also re-exported here.

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

pub use accounts::*;
pub use ads::*;
pub use cart::*;
pub use catalog::*;
pub use listings::*;
pub use money::*;
pub use orders::*;
pub use promotions::*;
pub use reviews::*;
pub use standards::*;
pub use stores::*;
pub use support::*;
pub use sync::*;
pub use wishlists::*;

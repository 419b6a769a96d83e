//! Pure types and rules shared by the server and the browser. Nothing here knows
//! about leptos, sqlx or axum, so the same checks run on both sides.

pub mod address;
pub mod boost;
pub mod card;
pub mod catalog_csv;
pub mod chart;
pub mod delivery;
pub mod dispute;
mod email;
pub mod feed;
mod idempotency;
mod ids;
pub mod ledger;
pub mod listing;
mod money;
pub mod order_status;
mod password;
pub mod pricing;
pub mod promotion;
pub mod ranking;
pub mod return_path;
pub mod returns;
pub mod reviews;
mod role;
pub mod search;
mod sku;
pub mod standards;
pub mod store;
pub mod support;
pub mod sync;
mod text;
pub mod tracking;
mod url;

pub use email::Email;
pub use idempotency::IdempotencyKey;
pub use ids::{
    AccountId, AddressId, CampaignId, CannedReplyId, CategoryId, DisputeId, LedgerEntryId,
    OperationId, OrderId, OrderItemId, PaymentMethodId, PayoutId, ProductId, PromoCodeId,
    PromotionId, ReviewId, StoreId, TicketId, TicketMessageId, VariantId, WishlistId,
};
pub use money::{Currency, Money};
pub use password::Password;
pub use role::Role;
pub use sku::Sku;
pub use text::{DisplayName, Quantity, StoreName};
pub use url::urlencode;

/// Why a piece of input was refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

impl ParseError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

//! Typed identifiers, so an order id can never be passed where a product id is due.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A person's account.
    AccountId,
    /// A seller's store.
    StoreId,
    /// A product category.
    CategoryId,
    /// A product listing.
    ProductId,
    /// One buyable variant of a product (a size and colour), with its own SKU.
    VariantId,
    /// An order: one per store per checkout.
    OrderId,
    /// One line of an order.
    OrderItemId,
    /// A saved shipping address.
    AddressId,
    /// A saved payment card (a gateway token).
    PaymentMethodId,
    /// A named wishlist.
    WishlistId,
    /// A seller's boost campaign.
    CampaignId,
    /// A seller's promotion (a sale price over a period).
    PromotionId,
    /// A seller's promo code.
    PromoCodeId,
    /// A payment dispute (chargeback) on an order.
    DisputeId,
    /// A long console operation, such as a CSV import.
    OperationId,
    /// An entry in a store's ledger.
    LedgerEntryId,
    /// A payout to a store's bank account.
    PayoutId,
    /// A buyer's review of a product.
    ReviewId,
    /// A customer-service ticket on an order.
    TicketId,
    /// One message in a ticket.
    TicketMessageId,
    /// A store's canned reply (a template for answering tickets).
    CannedReplyId,
);

//! Orders as their buyer and their seller see them: items, tracking, timeline, queues and refunds.

use super::catalog::ImageRef;
use super::catalog::StoreSummary;
use super::money::LedgerEntryView;
use crate::domain::Money;
use crate::domain::OrderId;
use crate::domain::OrderItemId;
use crate::domain::ProductId;
use crate::domain::order_status::OrderStatus;
use crate::domain::pricing::OrderAmounts;
use crate::domain::pricing::ShippingOption;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub store_name: String,
    pub status: OrderStatus,
    pub total: Money,
    pub item_count: i64,
    pub image: Option<ImageRef>,
    pub first_title: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItemView {
    pub id: OrderItemId,
    pub product: Option<ProductId>,
    pub title: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price: Money,
    pub quantity: i64,
    /// How many of `quantity` were refunded.
    pub refunded_quantity: i64,
    pub image: Option<ImageRef>,
}

/// One scan the carrier reported for a shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingScan {
    pub description: String,
    pub location: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One step of the order timeline; `at` is set for the steps that happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub status: OrderStatus,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: OrderId,
    pub store: StoreSummary,
    pub status: OrderStatus,
    pub items: Vec<OrderItemView>,
    pub amounts: OrderAmounts,
    pub ship_to: Vec<String>,
    pub shipping_option: ShippingOption,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// The carrier's own tracking page for the number.
    pub tracking_url: Option<String>,
    /// The carrier's scans, oldest first.
    pub tracking: Vec<TrackingScan>,
    /// Money given back so far.
    pub refunded: Money,
    /// Why the order was cancelled or refunded, when it was.
    pub close_reason: String,
    /// The buyer cancelled it (the close reason is theirs, not the store's).
    #[serde(default)]
    pub cancelled_by_buyer: bool,
    pub payment: String,
    pub delivery: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub timeline: Vec<TimelineStep>,
    pub placed_at: chrono::DateTime<chrono::Utc>,
    pub can_cancel: bool,
}

/// One row of a seller's order queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrderRow {
    pub id: OrderId,
    pub buyer_name: String,
    pub status: OrderStatus,
    pub total: Money,
    pub item_count: i64,
    pub first_title: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
    /// Tracking is due by then (two days after the order).
    pub ship_by: chrono::DateTime<chrono::Utc>,
    /// Not shipped and past `ship_by`.
    pub overdue: bool,
}

/// A seller's order queue with the count of every queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrders {
    pub queue: crate::domain::order_status::OrderQueue,
    pub counts: Vec<(crate::domain::order_status::OrderQueue, i64)>,
    pub orders: Vec<SellerOrderRow>,
}

/// An order as its seller sees it: the buyer's view plus who bought it, the deadline,
/// what the seller may do next and the order's ledger entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrderDetail {
    pub order: OrderDetail,
    pub buyer_name: String,
    pub buyer_email: String,
    pub ship_by: chrono::DateTime<chrono::Utc>,
    pub overdue: bool,
    pub can_confirm: bool,
    pub can_ship: bool,
    pub can_cancel: bool,
    pub can_refund: bool,
    pub ledger: Vec<LedgerEntryView>,
    /// Changes the buyer asked for that the seller has not answered: look at them
    /// before shipping.
    pub pending_requests: Vec<PendingRequest>,
}

/// A buyer's change request on an order, waiting for the seller's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingRequest {
    pub ticket: crate::domain::TicketId,
    pub label: String,
}

/// Which items of an order to refund, and how many of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundLine {
    pub item: OrderItemId,
    pub quantity: i64,
}

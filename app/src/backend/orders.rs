//! Orders: the buyer's own, and the seller's fulfilment, cancellations and refunds.

use crate::domain::AccountId;
use crate::domain::OrderId;
use crate::domain::StoreId;
use crate::domain::order_status::{BuyerCancelReason, OrderQueue};
use crate::domain::tracking::TrackingNumber;
use crate::error::AppResult;
use crate::model::orders::OrderDetail;
use crate::model::orders::OrderSummary;
use crate::model::orders::RefundLine;
use crate::model::orders::SellerOrderDetail;
use crate::model::orders::SellerOrders;
use async_trait::async_trait;

/// A buyer's own orders. Every call is scoped to `buyer`: another account's order is
/// "not found".
#[async_trait]
pub trait OrderService: Send + Sync {
    async fn orders(&self, buyer: AccountId) -> AppResult<Vec<OrderSummary>>;
    async fn order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail>;
    /// Cancels an order the seller has not confirmed, for `reason`: stock returns, the
    /// payment is released.
    async fn cancel_order(
        &self,
        buyer: AccountId,
        id: OrderId,
        reason: BuyerCancelReason,
    ) -> AppResult<OrderDetail>;
}

/// A seller's orders, from confirmation to delivery, cancellations and refunds. Every
/// call is scoped to `store`: another store's order is "not found".
#[async_trait]
pub trait FulfilmentService: Send + Sync {
    async fn orders(&self, store: StoreId, queue: OrderQueue) -> AppResult<SellerOrders>;
    async fn order(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail>;
    async fn confirm(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail>;
    /// Records the carrier and tracking number and captures the payment.
    async fn ship(
        &self,
        store: StoreId,
        id: OrderId,
        tracking: TrackingNumber,
    ) -> AppResult<SellerOrderDetail>;
    /// Cancels an order that has not shipped: the payment is released, stock returns.
    async fn cancel(
        &self,
        store: StoreId,
        id: OrderId,
        reason: &str,
    ) -> AppResult<SellerOrderDetail>;
    /// Refunds a shipped order, whole (`lines` empty) or per item, through the gateway
    /// and into the ledger; `restock` puts the refunded units back in stock.
    async fn refund(
        &self,
        store: StoreId,
        id: OrderId,
        lines: Vec<RefundLine>,
        reason: &str,
        restock: bool,
    ) -> AppResult<SellerOrderDetail>;
}

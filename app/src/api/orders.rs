//! Orders: the buyer's list, detail and cancellation, and the seller's queue,
//! confirmation, shipping, cancellation and refunds. A seller reaches only its own
//! store's orders: another store's order is "not found".

pub mod console;

use crate::error::AppResult;
use crate::model::{OrderDetail, OrderSummary};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::OrderId,
    crate::error::AppError,
};

#[server(endpoint = "my_orders", input = GetUrl)]
pub async fn my_orders() -> AppResult<Vec<OrderSummary>> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.orders.orders(buyer).await)
}

#[server(name = GetOrderDetail, endpoint = "order_detail", input = GetUrl)]
pub async fn order_detail(id: i64) -> AppResult<OrderDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.orders.order(buyer, OrderId(id)).await)
}

/// The buyer cancels an order the store has not confirmed, giving one of
/// `BuyerCancelReason`'s reasons (422 for anything else).
#[server(endpoint = "cancel_order")]
pub async fn cancel_order(id: i64, reason: String) -> AppResult<OrderDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    let reason = finish(
        crate::domain::order_status::BuyerCancelReason::parse(&reason)
            .map_err(|e| AppError::validation("reason", e.0)),
    )?;
    finish(
        caller
            .services
            .orders
            .cancel_order(buyer, OrderId(id), reason)
            .await,
    )
}

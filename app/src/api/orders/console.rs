//! The seller's side of orders (`/api/console/…`): the queue, one order, and
//! confirming, shipping, cancelling and refunding it. Every function requires a
//! seller and reaches only the caller's own store: another store's order is "not
//! found".

use crate::error::AppResult;
use crate::model::{RefundLine, SellerOrderDetail, SellerOrders};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    crate::api::guard::{authorize_seller, finish},
    crate::domain::OrderId,
    crate::domain::order_status::OrderQueue,
    crate::domain::tracking::{Carrier, TrackingNumber},
    crate::error::AppError,
};

/// One order queue ("new", "to_ship", "shipped", "delivered", "closed") with every
/// queue's count.
#[server(endpoint = "console/orders", input = GetUrl)]
pub async fn orders(queue: String) -> AppResult<SellerOrders> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .fulfilment
            .orders(store, OrderQueue::from_param(&queue))
            .await,
    )
}

#[server(endpoint = "console/order", input = GetUrl)]
pub async fn order(id: i64) -> AppResult<SellerOrderDetail> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.fulfilment.order(store, OrderId(id)).await)
}

#[server(endpoint = "console/confirm_order")]
pub async fn confirm_order(
    id: i64,
    idempotency_key: Option<String>,
) -> AppResult<SellerOrderDetail> {
    let (caller, store) = authorize_seller().await?;
    let run = caller.services.fulfilment.confirm(store, OrderId(id));
    finish(
        caller
            .once(idempotency_key.as_deref(), &("confirm", id), run)
            .await,
    )
}

/// Ships with a carrier ("usps", "ups", "fedex", "dhl", "china_post", "royal_mail") and
/// a tracking number in that carrier's format; captures the payment.
#[server(endpoint = "console/ship_order")]
pub async fn ship_order(
    id: i64,
    carrier: String,
    tracking_number: String,
    idempotency_key: Option<String>,
) -> AppResult<SellerOrderDetail> {
    let (caller, store) = authorize_seller().await?;
    let tracking = finish(
        Carrier::parse(&carrier)
            .map_err(|e| AppError::validation("carrier", e.0))
            .and_then(|c| {
                TrackingNumber::parse(c, &tracking_number)
                    .map_err(|e| AppError::validation("tracking_number", e.0))
            }),
    )?;
    let request = ("ship", id, tracking.as_str().to_owned());
    let run = caller
        .services
        .fulfilment
        .ship(store, OrderId(id), tracking);
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

#[server(endpoint = "console/cancel_order")]
pub async fn cancel_order(
    id: i64,
    reason: String,
    idempotency_key: Option<String>,
) -> AppResult<SellerOrderDetail> {
    let (caller, store) = authorize_seller().await?;
    let request = ("cancel", id, reason.clone());
    let run = caller
        .services
        .fulfilment
        .cancel(store, OrderId(id), &reason);
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

/// Refunds a shipped order: every item left when `lines` is empty, else the given
/// quantities; `restock` returns the units to stock.
#[server(endpoint = "console/refund_order", input = Json)]
pub async fn refund_order(
    id: i64,
    lines: Vec<RefundLine>,
    reason: String,
    restock: bool,
    idempotency_key: Option<String>,
) -> AppResult<SellerOrderDetail> {
    let (caller, store) = authorize_seller().await?;
    let request = ("refund", id, lines.clone(), reason.clone(), restock);
    let run = caller
        .services
        .fulfilment
        .refund(store, OrderId(id), lines, &reason, restock);
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

//! The seller console's server functions. Every one requires a seller and works only
//! on the caller's own store: another store's order is "not found".

use crate::error::AppResult;
use crate::model::{BalanceView, RefundLine, SellerOrderDetail, SellerOrders, StoreOverview};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, authorize_seller, finish},
    crate::domain::OrderId,
    crate::domain::order_status::OrderQueue,
    crate::domain::tracking::{Carrier, TrackingNumber},
    crate::error::AppError,
};

#[server(endpoint = "console/overview", input = GetUrl)]
pub async fn get_store_overview() -> AppResult<StoreOverview> {
    let caller = authorize(Access::Seller).await?;
    let store = caller.signed_in()?.store.clone().ok_or(AppError::Forbidden);
    let store = finish(store)?;
    finish(caller.services.console.overview(&store).await)
}

/// One order queue ("new", "to_ship", "shipped", "delivered", "closed") with every
/// queue's count.
#[server(endpoint = "console/orders", input = GetUrl)]
pub async fn get_seller_orders(queue: String) -> AppResult<SellerOrders> {
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
pub async fn get_seller_order(id: i64) -> AppResult<SellerOrderDetail> {
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
pub async fn seller_cancel_order(
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

#[server(endpoint = "console/balance", input = GetUrl)]
pub async fn store_balance() -> AppResult<BalanceView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.ledger.balance(store).await)
}

/// The dashboard over the last `days` days (7, 30 or 90).
#[server(endpoint = "console/dashboard", input = GetUrl)]
pub async fn get_dashboard(days: u32) -> AppResult<crate::model::Dashboard> {
    let caller = authorize(Access::Seller).await?;
    let store = caller.signed_in()?.store.clone().ok_or(AppError::Forbidden);
    let store = finish(store)?;
    finish(caller.services.console.dashboard(&store, days).await)
}

#[server(endpoint = "console/store_profile", input = GetUrl)]
pub async fn get_store_profile() -> AppResult<crate::model::StoreProfileView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.console.profile(store).await)
}

/// Saves the store's profile and payout details (an empty IBAN keeps the one on file).
#[server(endpoint = "console/save_store_profile", input = Json)]
pub async fn save_store_profile(
    profile: crate::domain::store::StoreProfileDraft,
) -> AppResult<crate::model::StoreProfileView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.console.save_profile(store, profile).await)
}

/// The store's payment disputes, open ones first.
#[server(endpoint = "console/disputes", input = GetUrl)]
pub async fn get_disputes() -> AppResult<crate::model::DisputeList> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.disputes.list(store).await)
}

#[server(endpoint = "console/dispute", input = GetUrl)]
pub async fn get_dispute(id: i64) -> AppResult<crate::model::DisputeView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.disputes.dispute(store, id).await)
}

/// Answers a dispute with a statement and uploaded documents (image keys), once,
/// before its deadline; the order's tracking goes with them.
#[server(endpoint = "console/answer_dispute", input = Json)]
pub async fn answer_dispute(
    id: i64,
    evidence: crate::domain::dispute::EvidenceDraft,
    idempotency_key: Option<String>,
) -> AppResult<crate::model::DisputeView> {
    let (caller, store) = authorize_seller().await?;
    let request = ("answer_dispute", id, &evidence);
    let run = caller.services.disputes.answer(store, id, evidence.clone());
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

//! A store's money: its balance, ledger and payouts, and its payment disputes.
//! Every function requires a seller and reaches only the caller's own store.

use crate::error::AppResult;
use crate::model::{BalanceView, DisputeList, DisputeView};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use super::guard::{authorize_seller, finish};

#[server(endpoint = "console/balance", input = GetUrl)]
pub async fn balance() -> AppResult<BalanceView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.ledger.balance(store).await)
}

/// The store's payment disputes, open ones first.
#[server(endpoint = "console/disputes", input = GetUrl)]
pub async fn disputes() -> AppResult<DisputeList> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.disputes.list(store).await)
}

#[server(endpoint = "console/dispute", input = GetUrl)]
pub async fn dispute(id: i64) -> AppResult<DisputeView> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .disputes
            .dispute(store, crate::domain::DisputeId(id))
            .await,
    )
}

/// Answers a dispute with a statement and uploaded documents (image keys), once,
/// before its deadline; the order's tracking goes with them.
#[server(endpoint = "console/answer_dispute", input = Json)]
pub async fn answer_dispute(
    id: i64,
    evidence: crate::domain::dispute::EvidenceDraft,
    idempotency_key: Option<String>,
) -> AppResult<DisputeView> {
    let (caller, store) = authorize_seller().await?;
    let request = ("answer_dispute", id, &evidence);
    let run =
        caller
            .services
            .disputes
            .answer(store, crate::domain::DisputeId(id), evidence.clone());
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

//! The platform's queue of escalated tickets (`/api/admin/…`): admins read them,
//! answer, accept or decline a requested change, refund on the store's account, or
//! close. Admins reach only tickets that were escalated.

use crate::error::AppResult;
use crate::model::{Settlement, TicketDetail, TicketSummary};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::key_of,
    crate::api::guard::{Access, authorize, finish},
    crate::backend::Side,
    crate::domain::TicketId,
};

#[server(endpoint = "admin/escalated_tickets", input = GetUrl)]
pub async fn escalated_tickets() -> AppResult<Vec<TicketSummary>> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.support.escalated().await)
}

#[server(endpoint = "admin/ticket", input = GetUrl)]
pub async fn ticket(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::Admin).await?;
    let side = Side::Admin(caller.signed_in()?.id);
    finish(caller.services.support.ticket(side, TicketId(id)).await)
}

#[server(endpoint = "admin/post_message", input = Json)]
pub async fn post_message(
    id: i64,
    text: String,
    idempotency_key: String,
) -> AppResult<TicketDetail> {
    let caller = authorize(Access::Admin).await?;
    let side = Side::Admin(caller.signed_in()?.id);
    let key = finish(key_of(&idempotency_key))?;
    finish(
        caller
            .services
            .support
            .post(side, TicketId(id), &text, Vec::new(), key)
            .await,
    )
}

#[server(endpoint = "admin/close_ticket")]
pub async fn close_ticket(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::Admin).await?;
    let side = Side::Admin(caller.signed_in()?.id);
    finish(caller.services.support.close(side, TicketId(id)).await)
}

#[server(endpoint = "admin/answer_request")]
pub async fn answer_request(id: i64, accept: bool, reason: String) -> AppResult<TicketDetail> {
    let caller = authorize(Access::Admin).await?;
    let side = Side::Admin(caller.signed_in()?.id);
    finish(
        caller
            .services
            .support
            .answer_request(side, TicketId(id), accept, &reason)
            .await,
    )
}

/// Refunds on the store's account (the ledger entry is against the store), or sends
/// a replacement.
#[server(endpoint = "admin/settle_ticket", input = Json)]
pub async fn settle_ticket(
    id: i64,
    settlement: Settlement,
    note: String,
) -> AppResult<TicketDetail> {
    let caller = authorize(Access::Admin).await?;
    let side = Side::Admin(caller.signed_in()?.id);
    finish(
        caller
            .services
            .support
            .settle(side, TicketId(id), settlement, &note)
            .await,
    )
}

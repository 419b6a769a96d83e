//! The seller's customer-service inbox (`/api/console/…`): the queues, one ticket,
//! replies, accepting or declining requested changes, settling complaints, closing,
//! and the store's canned replies. Every function requires a seller and reaches only
//! the caller's own store's tickets: another store's is "not found".

use crate::error::AppResult;
use crate::model::{CannedReply, Settlement, SupportInbox, TicketDetail};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::key_of,
    crate::api::guard::{authorize_seller, finish},
    crate::backend::Side,
    crate::domain::support::TicketStatus,
    crate::domain::{CannedReplyId, TicketId},
};

/// One queue ("awaiting_seller", "awaiting_buyer", "escalated", "closed") with every
/// queue's count; `after` is the previous page's `next`.
#[server(endpoint = "console/inbox", input = GetUrl)]
pub async fn inbox(queue: String, after: Option<String>) -> AppResult<SupportInbox> {
    let (caller, store) = authorize_seller().await?;
    let queue = TicketStatus::parse(&queue).unwrap_or(TicketStatus::AwaitingSeller);
    finish(caller.services.support.inbox(store, queue, after).await)
}

#[server(endpoint = "console/ticket", input = GetUrl)]
pub async fn ticket(id: i64) -> AppResult<TicketDetail> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .ticket(Side::Store(store), TicketId(id))
            .await,
    )
}

#[server(endpoint = "console/post_message", input = Json)]
pub async fn post_message(
    id: i64,
    text: String,
    photos: Vec<String>,
    idempotency_key: String,
) -> AppResult<TicketDetail> {
    let (caller, store) = authorize_seller().await?;
    let key = finish(key_of(&idempotency_key))?;
    finish(
        caller
            .services
            .support
            .post(Side::Store(store), TicketId(id), &text, photos, key)
            .await,
    )
}

#[server(endpoint = "console/close_ticket")]
pub async fn close_ticket(id: i64) -> AppResult<TicketDetail> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .close(Side::Store(store), TicketId(id))
            .await,
    )
}

/// Accepts (applying the change to the order) or declines (with a reason the buyer
/// sees) a requested change.
#[server(endpoint = "console/answer_request")]
pub async fn answer_request(id: i64, accept: bool, reason: String) -> AppResult<TicketDetail> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .answer_request(Side::Store(store), TicketId(id), accept, &reason)
            .await,
    )
}

/// Settles a complaint: a full or partial refund, a replacement, or asking for photos.
#[server(endpoint = "console/settle_ticket", input = Json)]
pub async fn settle_ticket(
    id: i64,
    settlement: Settlement,
    note: String,
) -> AppResult<TicketDetail> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .settle(Side::Store(store), TicketId(id), settlement, &note)
            .await,
    )
}

#[server(endpoint = "console/canned_replies", input = GetUrl)]
pub async fn canned_replies() -> AppResult<Vec<CannedReply>> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.support.canned_replies(store).await)
}

/// Adds a canned reply (no `id`) or changes one.
#[server(endpoint = "console/save_canned_reply")]
pub async fn save_canned_reply(
    id: Option<i64>,
    title: String,
    body: String,
) -> AppResult<Vec<CannedReply>> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .save_canned_reply(store, id.map(CannedReplyId), &title, &body)
            .await,
    )
}

#[server(endpoint = "console/delete_canned_reply")]
pub async fn delete_canned_reply(id: i64) -> AppResult<Vec<CannedReply>> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .support
            .delete_canned_reply(store, CannedReplyId(id))
            .await,
    )
}

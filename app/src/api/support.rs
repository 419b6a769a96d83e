//! Customer service, the buyer's side (`/api/…`): what may be asked about an order,
//! opening a ticket, the buyer's tickets, writing, closing and reopening. The
//! seller's inbox is in [`console`], the platform's escalated queue in [`admin`].
//! A buyer reaches only their own tickets: another's is "not found".

pub mod admin;
pub mod console;

use crate::error::AppResult;
use crate::model::{HelpOptions, NewTicket, TicketDetail, TicketSummary};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::backend::Side,
    crate::domain::{IdempotencyKey, OrderId, TicketId},
    crate::error::AppError,
};

/// Parses the browser's idempotency key for a ticket or a message.
#[cfg(feature = "ssr")]
pub(crate) fn key_of(key: &str) -> AppResult<IdempotencyKey> {
    IdempotencyKey::parse(key).map_err(|e| AppError::validation("idempotency_key", e.0))
}

#[server(name = GetHelpOptions, endpoint = "help_options", input = GetUrl)]
pub async fn help_options(order: i64) -> AppResult<HelpOptions> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(
        caller
            .services
            .support
            .help_options(buyer, OrderId(order))
            .await,
    )
}

/// Opens a ticket on one of the buyer's orders; the same key twice opens one.
#[server(endpoint = "open_ticket", input = Json)]
pub async fn open_ticket(ticket: NewTicket, idempotency_key: String) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    let key = finish(key_of(&idempotency_key))?;
    finish(caller.services.support.open(buyer, ticket, key).await)
}

#[server(endpoint = "my_tickets", input = GetUrl)]
pub async fn my_tickets() -> AppResult<Vec<TicketSummary>> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.support.buyer_tickets(buyer).await)
}

/// How many of the buyer's tickets have an answer not yet read (0 for guests).
#[server(endpoint = "unread_tickets", input = GetUrl)]
pub async fn unread_tickets() -> AppResult<i64> {
    let caller = authorize(Access::Public).await?;
    match &caller.viewer {
        Some(v) => finish(caller.services.support.unread(v.id).await),
        None => Ok(0),
    }
}

#[server(endpoint = "ticket", input = GetUrl)]
pub async fn ticket(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let side = Side::Buyer(caller.signed_in()?.id);
    finish(caller.services.support.ticket(side, TicketId(id)).await)
}

/// Writes in one of the buyer's tickets (text and uploaded photo keys); the same key
/// twice is one message.
#[server(endpoint = "post_message", input = Json)]
pub async fn post_message(
    id: i64,
    text: String,
    photos: Vec<String>,
    idempotency_key: String,
) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let side = Side::Buyer(caller.signed_in()?.id);
    let key = finish(key_of(&idempotency_key))?;
    finish(
        caller
            .services
            .support
            .post(side, TicketId(id), &text, photos, key)
            .await,
    )
}

#[server(endpoint = "close_ticket")]
pub async fn close_ticket(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let side = Side::Buyer(caller.signed_in()?.id);
    finish(caller.services.support.close(side, TicketId(id)).await)
}

#[server(endpoint = "reopen_ticket")]
pub async fn reopen_ticket(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.support.reopen(buyer, TicketId(id)).await)
}

/// The buyer sent an accepted return back: the carrier and its tracking number.
#[server(endpoint = "send_back")]
pub async fn send_back(
    id: i64,
    carrier: String,
    tracking_number: String,
) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(
        caller
            .services
            .support
            .send_back(buyer, TicketId(id), &carrier, &tracking_number)
            .await,
    )
}

/// After the seller declined a return, the buyer asks the marketplace to decide.
#[server(endpoint = "ask_marketplace")]
pub async fn ask_marketplace(id: i64) -> AppResult<TicketDetail> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(
        caller
            .services
            .support
            .ask_marketplace(buyer, TicketId(id))
            .await,
    )
}

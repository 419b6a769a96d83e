//! Customer service: tickets between a buyer and a store about an order, the
//! requested changes the seller accepts or declines, complaints it settles, canned
//! replies, and the platform's queue of escalated tickets.

use crate::domain::support::TicketStatus;
use crate::domain::{AccountId, CannedReplyId, IdempotencyKey, OrderId, StoreId, TicketId};
use crate::error::AppResult;
use crate::model::support::{
    CannedReply, HelpOptions, NewTicket, Settlement, SupportInbox, TicketDetail, TicketSummary,
};
use async_trait::async_trait;

/// Whose view of tickets a call has: a buyer reaches only their own tickets, a store
/// only its own, an admin every escalated one. A ticket outside it is "not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Buyer(AccountId),
    Store(StoreId),
    Admin(AccountId),
}

#[async_trait]
pub trait SupportService: Send + Sync {
    /// What the buyer may ask about `order`, with why a kind is not offered.
    async fn help_options(&self, buyer: AccountId, order: OrderId) -> AppResult<HelpOptions>;
    /// Opens a ticket; the same `key` twice opens one.
    async fn open(
        &self,
        buyer: AccountId,
        ticket: NewTicket,
        key: IdempotencyKey,
    ) -> AppResult<TicketDetail>;
    /// A buyer's tickets, newest first.
    async fn buyer_tickets(&self, buyer: AccountId) -> AppResult<Vec<TicketSummary>>;
    /// How many of the buyer's tickets have something unread.
    async fn unread(&self, buyer: AccountId) -> AppResult<i64>;
    /// A store's queue, one page (`after` is the previous page's `next`).
    async fn inbox(
        &self,
        store: StoreId,
        queue: TicketStatus,
        after: Option<String>,
    ) -> AppResult<SupportInbox>;
    /// Every escalated ticket, oldest first (admins).
    async fn escalated(&self) -> AppResult<Vec<TicketSummary>>;
    /// One ticket; reading it marks it read for `side`.
    async fn ticket(&self, side: Side, id: TicketId) -> AppResult<TicketDetail>;
    /// Writes in a ticket (text and photo keys); the same `key` twice is one message.
    async fn post(
        &self,
        side: Side,
        id: TicketId,
        text: &str,
        photos: Vec<String>,
        key: IdempotencyKey,
    ) -> AppResult<TicketDetail>;
    async fn close(&self, side: Side, id: TicketId) -> AppResult<TicketDetail>;
    /// The buyer reopens a closed ticket (within 7 days of closing).
    async fn reopen(&self, buyer: AccountId, id: TicketId) -> AppResult<TicketDetail>;
    /// The buyer sent an accepted return back: carrier and tracking number.
    async fn send_back(
        &self,
        buyer: AccountId,
        id: TicketId,
        carrier: &str,
        tracking_number: &str,
    ) -> AppResult<TicketDetail>;
    /// After a declined return, the buyer asks the marketplace to decide (once).
    async fn ask_marketplace(&self, buyer: AccountId, id: TicketId) -> AppResult<TicketDetail>;
    /// Accepts (applying the change to the order) or declines a requested change.
    async fn answer_request(
        &self,
        side: Side,
        id: TicketId,
        accept: bool,
        reason: &str,
    ) -> AppResult<TicketDetail>;
    /// Settles a complaint: a refund, a replacement, or a request for photos.
    async fn settle(
        &self,
        side: Side,
        id: TicketId,
        settlement: Settlement,
        note: &str,
    ) -> AppResult<TicketDetail>;
    async fn canned_replies(&self, store: StoreId) -> AppResult<Vec<CannedReply>>;
    /// Creates (`id` None) or changes a canned reply.
    async fn save_canned_reply(
        &self,
        store: StoreId,
        id: Option<CannedReplyId>,
        title: &str,
        body: &str,
    ) -> AppResult<Vec<CannedReply>>;
    async fn delete_canned_reply(
        &self,
        store: StoreId,
        id: CannedReplyId,
    ) -> AppResult<Vec<CannedReply>>;
}

//! Customer service as pages see it: tickets, their conversation and the requested
//! change, the seller's queues with their reply clocks, canned replies, and what a
//! buyer may ask for on an order.

use super::accounts::AddressView;
use super::catalog::ImageRef;
use super::orders::OrderDetail;
use super::orders::RefundLine;
use crate::domain::address::AddressInput;
use crate::domain::returns::ReturnState;
use crate::domain::support::{Party, ReplyClock, TicketKind, TicketStatus};
use crate::domain::{
    CannedReplyId, Money, OrderId, OrderItemId, TicketId, TicketMessageId, VariantId,
};
use serde::{Deserialize, Serialize};

/// One ticket in a list (the buyer's help page, a seller's queue, the admin's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: TicketId,
    pub order: OrderId,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub buyer_name: String,
    pub store_name: String,
    /// The latest message, shortened.
    pub last_message: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The seller's reply clock while the ticket waits for the seller.
    pub clock: Option<ReplyClock>,
    /// Something new for whoever is looking.
    pub unread: bool,
    /// A requested change still waiting for Accept or Decline.
    pub request_pending: bool,
}

/// One message of a ticket's conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketMessageView {
    pub id: TicketMessageId,
    pub author: Party,
    pub author_name: String,
    pub body: String,
    pub photos: Vec<ImageRef>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Whether a requested change is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestState {
    Pending,
    Accepted,
    Declined,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Accepted => "accepted",
            RequestState::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            RequestState::Pending,
            RequestState::Accepted,
            RequestState::Declined,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// What a ticket asks to change (or which item it is about), in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeRequestView {
    /// "Ship to: …", "Cancel 1 × Linen shirt", "Linen shirt: M / Blue → L / Blue".
    pub summary: String,
    /// The new address, for an address change.
    pub new_address: Vec<String>,
    /// Money that goes back to the buyer when the change is applied.
    pub refund: Option<Money>,
    pub state: Option<RequestState>,
}

/// What each side may do with a ticket now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketActions {
    pub reply: bool,
    pub close: bool,
    pub reopen: bool,
    /// Accept or decline a requested change (the seller; an admin on escalation).
    pub answer_request: bool,
    /// Refund, send a replacement or ask for photos (a complaint).
    pub settle: bool,
    /// "That answers it" / "I still need help" after an automatic answer.
    pub confirm_answer: bool,
    /// Accept or decline a requested return (staff).
    #[serde(default)]
    pub answer_return: bool,
    /// Mark the returned parcel received and refund it (staff).
    #[serde(default)]
    pub receive_return: bool,
    /// Enter the tracking number of the parcel sent back (the buyer).
    #[serde(default)]
    pub ship_back: bool,
    /// Ask the marketplace to step in after a declined return (the buyer).
    #[serde(default)]
    pub appeal: bool,
}

/// A return as both sides see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnView {
    pub state: ReturnState,
    /// "2 × Linen shirt (M / Blue)".
    pub lines: Vec<String>,
    /// The units asked back, for the refund when it is received.
    pub units: Vec<RefundLine>,
    /// What the seller wants done (where to send it, how to pack it).
    pub instructions: String,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    /// What the units cost the buyer (refunded when received).
    pub value: Money,
    /// Days after delivery a return may be asked for.
    pub window_days: i64,
}

/// A whole ticket: the order, the conversation and what may be done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub id: TicketId,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub order: OrderDetail,
    pub buyer_name: String,
    pub item: Option<OrderItemId>,
    pub request: Option<ChangeRequestView>,
    pub resolution: String,
    pub messages: Vec<TicketMessageView>,
    pub clock: Option<ReplyClock>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub escalated: bool,
    /// The buyer's other tickets with this store (the seller's and admin's view).
    pub history: Vec<TicketSummary>,
    /// The return of a `return_refund` ticket.
    #[serde(default)]
    pub return_view: Option<ReturnView>,
    /// The store's canned replies, filled in for this ticket (the seller's view).
    pub canned: Vec<CannedReply>,
    pub actions: TicketActions,
}

/// A variant the buyer may switch an item to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantChoice {
    pub id: VariantId,
    pub label: String,
    pub price: Money,
    pub stock: i64,
}

/// One item of the order with the variants it may change to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpItem {
    pub id: OrderItemId,
    pub title: String,
    pub variant_label: String,
    /// Units not cancelled or refunded.
    pub quantity: i64,
    pub unit_price: Money,
    pub variants: Vec<VariantChoice>,
}

/// Everything the "Get help" flow needs for one order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpOptions {
    pub order: OrderId,
    pub status_label: String,
    /// Every kind, with why it is not offered when it is not.
    pub kinds: Vec<(TicketKind, Option<String>)>,
    pub items: Vec<HelpItem>,
    pub addresses: Vec<AddressView>,
    /// Open tickets on this order, to look at before asking again.
    pub open_tickets: Vec<TicketSummary>,
}

/// A buyer's new ticket, as the form sends it (what a kind does not need may be left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTicket {
    pub order: i64,
    pub kind: String,
    pub item: Option<i64>,
    pub quantity: Option<i64>,
    pub variant: Option<i64>,
    pub address_id: Option<i64>,
    pub address: Option<AddressInput>,
    pub message: String,
    pub photos: Vec<String>,
    /// The units to return (a `return_refund`); empty means `item` and `quantity`.
    pub lines: Vec<RefundLine>,
}

/// What the seller (or an admin) does about a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Settlement {
    /// Through the order's refund path: every unit left when `lines` is empty.
    Refund { lines: Vec<RefundLine> },
    /// A new zero-price order with the same item, shipped like any other.
    Replacement,
    /// Ask the buyer for photos (the ticket goes to the buyer).
    AskPhotos,
    /// Agree to a return; the buyer is shown `instructions` and sends it back.
    AcceptReturn { instructions: String },
    /// Refuse a return; the note is the reason (the buyer may ask the marketplace).
    DeclineReturn,
    /// The parcel came back: refund the returned units, restocking them if asked.
    ReturnReceived { restock: bool },
}

/// A seller's queue, one page of it, with the count of every queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportInbox {
    pub queue: TicketStatus,
    pub counts: Vec<(TicketStatus, i64)>,
    pub tickets: Vec<TicketSummary>,
    /// Pass back to read the next page.
    pub next: Option<String>,
}

/// A store's template for answering tickets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CannedReply {
    pub id: CannedReplyId,
    pub title: String,
    pub body: String,
}

//! Customer service: the kinds of help a buyer can ask for on an order, the ticket's
//! states and the moves between them, and the seller's 48-hour reply clock.
//!
//! A ticket waits on one side at a time. It opens waiting for the seller (or, for the
//! questions the order itself answers, for the buyer); a seller's reply hands it to
//! the buyer, a buyer's message hands it back. A ticket that waits for the seller for
//! more than [`REPLY_WITHIN_MS`] is escalated to the platform. Either side may close;
//! the buyer may reopen within [`REOPEN_WITHIN_DAYS`] days. Every move goes through
//! [`TicketStatus::after`]; the server turns the allowed "from" states into the SQL
//! condition of each update, so two clicks at once move a ticket once.

use super::ParseError;
use super::order_status::OrderStatus;
use serde::{Deserialize, Serialize};

/// How long a seller has to answer a ticket waiting for it: 48 hours, weekends
/// included. Exactly 48 hours after is still on time; a millisecond later is overdue.
pub const REPLY_WITHIN_MS: i64 = 48 * 3600 * 1000;
/// Under this much time left the clock turns amber.
pub const AMBER_UNDER_MS: i64 = 12 * 3600 * 1000;
/// A closed ticket may be reopened by its buyer for this many days.
pub const REOPEN_WITHIN_DAYS: i64 = 7;
/// At most this many photos on one message.
pub const MAX_PHOTOS: usize = 5;
/// The longest message.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// What a buyer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketKind {
    OrderDetails,
    ChangeAddress,
    CancelItem,
    ChangeVariant,
    OrderStatus,
    DeliveryTime,
    Damaged,
    Missing,
    NotAsDescribed,
    ReturnRefund,
}

impl TicketKind {
    pub const ALL: [TicketKind; 10] = [
        TicketKind::OrderStatus,
        TicketKind::DeliveryTime,
        TicketKind::OrderDetails,
        TicketKind::ChangeAddress,
        TicketKind::ChangeVariant,
        TicketKind::CancelItem,
        TicketKind::Damaged,
        TicketKind::Missing,
        TicketKind::NotAsDescribed,
        TicketKind::ReturnRefund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::OrderDetails => "order_details",
            TicketKind::ChangeAddress => "change_address",
            TicketKind::CancelItem => "cancel_item",
            TicketKind::ChangeVariant => "change_variant",
            TicketKind::OrderStatus => "order_status",
            TicketKind::DeliveryTime => "delivery_time",
            TicketKind::Damaged => "damaged",
            TicketKind::Missing => "missing",
            TicketKind::NotAsDescribed => "not_as_described",
            TicketKind::ReturnRefund => "return_refund",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TicketKind::OrderDetails => "Question about the order",
            TicketKind::ChangeAddress => "Change the delivery address",
            TicketKind::CancelItem => "Cancel an item",
            TicketKind::ChangeVariant => "Change size or colour",
            TicketKind::OrderStatus => "Where is my order?",
            TicketKind::DeliveryTime => "When will it arrive?",
            TicketKind::Damaged => "An item arrived damaged",
            TicketKind::Missing => "Something is missing",
            TicketKind::NotAsDescribed => "Not as described",
            TicketKind::ReturnRefund => "Return or refund",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown kind of help “{input}”.")))
    }

    /// A change to the order that the seller accepts or declines, and that only an
    /// order which has not shipped can take.
    pub fn is_change_request(self) -> bool {
        matches!(
            self,
            TicketKind::ChangeAddress | TicketKind::CancelItem | TicketKind::ChangeVariant
        )
    }

    /// Answered at once from the order itself (status, carrier, tracking, window).
    pub fn answered_from_order(self) -> bool {
        matches!(self, TicketKind::OrderStatus | TicketKind::DeliveryTime)
    }

    /// A problem with what arrived; counted as a complaint against the store.
    pub fn is_complaint(self) -> bool {
        matches!(
            self,
            TicketKind::Damaged | TicketKind::Missing | TicketKind::NotAsDescribed
        )
    }

    /// Photos are asked for (and allowed on the first message).
    pub fn takes_photos(self) -> bool {
        matches!(self, TicketKind::Damaged | TicketKind::NotAsDescribed)
    }

    /// Which item of the order the request is about.
    pub fn needs_item(self) -> bool {
        matches!(
            self,
            TicketKind::CancelItem
                | TicketKind::ChangeVariant
                | TicketKind::Damaged
                | TicketKind::Missing
                | TicketKind::NotAsDescribed
        )
    }

    /// Whether a buyer may ask this of an order in `status`; `Err` says why not, in
    /// words for the buyer.
    pub fn offered_for(self, status: OrderStatus) -> Result<(), &'static str> {
        use OrderStatus::*;
        let unshipped = matches!(status, Placed | Confirmed);
        let sent = matches!(status, Shipped | InTransit | Delivered | Refunded);
        if self.is_change_request() {
            return if unshipped {
                Ok(())
            } else if status == Cancelled {
                Err("This order was cancelled, so it can't be changed.")
            } else {
                Err(
                    "This order has already shipped, so it can't be changed. Ask for a return or refund instead.",
                )
            };
        }
        if self.is_complaint() || self == TicketKind::ReturnRefund {
            return if sent {
                Ok(())
            } else {
                Err("This order hasn't shipped yet. Ask the seller a question instead.")
            };
        }
        Ok(())
    }
}

/// Where a ticket stands: whose turn it is, or that it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketStatus {
    /// Waiting for the seller (the reply clock runs).
    AwaitingSeller,
    /// The seller answered (or the order answered itself); the buyer's turn.
    AwaitingBuyer,
    /// The seller did not answer within 48 hours; the platform handles it.
    Escalated,
    Closed,
}

/// Who did something to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    Buyer,
    Seller,
    Admin,
    /// The marketplace itself: automatic answers, escalations.
    System,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Buyer => "buyer",
            Party::Seller => "seller",
            Party::Admin => "admin",
            Party::System => "system",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        [Party::Buyer, Party::Seller, Party::Admin, Party::System]
            .into_iter()
            .find(|p| p.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown party “{input}”.")))
    }
}

/// What happens to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketEvent {
    /// The buyer writes (also "I still need help" after an automatic answer).
    BuyerMessage,
    /// The seller (or, on an escalated ticket, an admin) writes.
    Reply(Party),
    /// The seller declines a requested change: the buyer's turn.
    Decline,
    /// The seller accepts a requested change, or settles a complaint: closed.
    Resolve,
    /// Either side closes it.
    Close,
    /// The buyer reopens a closed ticket (within the reopen window).
    Reopen,
    /// The seller let it wait more than 48 hours.
    Escalate,
    /// The buyer asks the marketplace to step in after the seller declined.
    Appeal,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::AwaitingSeller,
        TicketStatus::AwaitingBuyer,
        TicketStatus::Escalated,
        TicketStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::AwaitingSeller => "awaiting_seller",
            TicketStatus::AwaitingBuyer => "awaiting_buyer",
            TicketStatus::Escalated => "escalated",
            TicketStatus::Closed => "closed",
        }
    }

    /// The seller's queue name.
    pub fn queue_label(self) -> &'static str {
        match self {
            TicketStatus::AwaitingSeller => "Action required",
            TicketStatus::AwaitingBuyer => "Awaiting buyer",
            TicketStatus::Escalated => "Escalated",
            TicketStatus::Closed => "Closed",
        }
    }

    /// What the buyer is told.
    pub fn buyer_label(self) -> &'static str {
        match self {
            TicketStatus::AwaitingSeller => "Waiting for the seller",
            TicketStatus::AwaitingBuyer => "Answered",
            TicketStatus::Escalated => "The marketplace is looking into it",
            TicketStatus::Closed => "Closed",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown ticket status “{input}”.")))
    }

    pub fn is_open(self) -> bool {
        self != TicketStatus::Closed
    }

    /// The state after `event`, or `None` when the event cannot happen now.
    pub fn after(self, event: TicketEvent) -> Option<TicketStatus> {
        use TicketEvent as E;
        use TicketStatus as S;
        match (self, event) {
            (S::AwaitingSeller | S::AwaitingBuyer, E::BuyerMessage) => Some(S::AwaitingSeller),
            (S::Escalated, E::BuyerMessage) => Some(S::Escalated),
            (S::AwaitingSeller | S::AwaitingBuyer, E::Reply(Party::Seller)) => {
                Some(S::AwaitingBuyer)
            }
            // Once escalated, the platform decides; the seller may still write.
            (S::Escalated, E::Reply(Party::Seller | Party::Admin)) => Some(S::Escalated),
            (S::AwaitingSeller | S::Escalated, E::Decline) => Some(S::AwaitingBuyer),
            (S::AwaitingSeller | S::AwaitingBuyer | S::Escalated, E::Resolve | E::Close) => {
                Some(S::Closed)
            }
            (S::Closed, E::Reopen) => Some(S::AwaitingSeller),
            (S::AwaitingSeller, E::Escalate) => Some(S::Escalated),
            (S::AwaitingBuyer, E::Appeal) => Some(S::Escalated),
            _ => None,
        }
    }

    /// Every state from which `event` leads somewhere, for the SQL guard of a move.
    pub fn sources(event: TicketEvent) -> Vec<TicketStatus> {
        Self::ALL
            .into_iter()
            .filter(|s| s.after(event).is_some())
            .collect()
    }
}

/// Whether a buyer may still reopen a ticket closed at `closed_at_ms`.
pub fn may_reopen(closed_at_ms: i64, now_ms: i64) -> bool {
    now_ms <= closed_at_ms + REOPEN_WITHIN_DAYS * 24 * 3600 * 1000
}

/// How the seller's reply clock looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClockState {
    /// More than 12 hours left.
    OnTime,
    /// 12 hours or less left.
    Amber,
    /// Past the 48 hours.
    Overdue,
}

/// The seller's reply clock on a ticket waiting since `waiting_since_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyClock {
    pub due_at_ms: i64,
    /// Milliseconds left (negative once overdue).
    pub left_ms: i64,
    pub state: ClockState,
}

impl ReplyClock {
    pub fn at(waiting_since_ms: i64, now_ms: i64) -> Self {
        let due_at_ms = waiting_since_ms + REPLY_WITHIN_MS;
        let left_ms = due_at_ms - now_ms;
        let state = if left_ms < 0 {
            ClockState::Overdue
        } else if left_ms <= AMBER_UNDER_MS {
            ClockState::Amber
        } else {
            ClockState::OnTime
        };
        Self {
            due_at_ms,
            left_ms,
            state,
        }
    }

    /// "31 h left", "45 min left", "overdue by 3 h".
    pub fn describe(&self) -> String {
        let span = |ms: i64| {
            let minutes = ms.abs() / 60_000;
            if minutes >= 120 {
                format!("{} h", minutes / 60)
            } else {
                format!("{minutes} min")
            }
        };
        if self.left_ms < 0 {
            format!("Overdue by {}", span(self.left_ms))
        } else {
            format!("{} left", span(self.left_ms))
        }
    }
}

/// A canned reply's text with the ticket's details filled in. Unknown placeholders
/// stay as typed, so a seller sees the mistake in the preview.
pub fn fill_template(template: &str, values: &TemplateValues<'_>) -> String {
    template
        .replace("{buyer_name}", values.buyer_name)
        .replace("{order_number}", values.order_number)
        .replace("{tracking_link}", values.tracking_link)
        .replace("{estimated_delivery}", values.estimated_delivery)
}

/// What a canned reply's placeholders stand for on one ticket.
pub struct TemplateValues<'a> {
    pub buyer_name: &'a str,
    pub order_number: &'a str,
    pub tracking_link: &'a str,
    pub estimated_delivery: &'a str,
}

/// The placeholders a canned reply may use.
pub const PLACEHOLDERS: [&str; 4] = [
    "{buyer_name}",
    "{order_number}",
    "{tracking_link}",
    "{estimated_delivery}",
];

/// A message's text: trimmed, at most [`MAX_MESSAGE_CHARS`]; empty only where photos
/// say it (`allow_empty`).
pub fn message_text(input: &str, allow_empty: bool) -> Result<String, ParseError> {
    let text = input.trim();
    if text.is_empty() && !allow_empty {
        return Err(ParseError::new("Write a message."));
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ParseError::new(format!(
            "Keep the message under {MAX_MESSAGE_CHARS} characters."
        )));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600 * 1000;

    #[test]
    fn exactly_48_hours_after_is_not_yet_overdue() {
        let clock = ReplyClock::at(0, 48 * HOUR);
        assert_eq!(clock.left_ms, 0);
        assert_eq!(clock.state, ClockState::Amber);
        assert_eq!(ReplyClock::at(0, 48 * HOUR + 1).state, ClockState::Overdue);
    }

    #[test]
    fn the_clock_turns_amber_at_12_hours_left() {
        assert_eq!(ReplyClock::at(0, 36 * HOUR - 1).state, ClockState::OnTime);
        assert_eq!(ReplyClock::at(0, 36 * HOUR).state, ClockState::Amber);
    }

    #[test]
    fn the_clock_says_how_long_is_left_or_how_late() {
        assert_eq!(ReplyClock::at(0, 17 * HOUR).describe(), "31 h left");
        assert_eq!(
            ReplyClock::at(0, 48 * HOUR - 45 * 60_000).describe(),
            "45 min left"
        );
        assert_eq!(ReplyClock::at(0, 51 * HOUR).describe(), "Overdue by 3 h");
    }

    #[test]
    fn a_seller_reply_hands_the_ticket_to_the_buyer_and_a_buyer_message_back() {
        let s = TicketStatus::AwaitingSeller;
        let s = s.after(TicketEvent::Reply(Party::Seller)).unwrap();
        assert_eq!(s, TicketStatus::AwaitingBuyer);
        assert_eq!(
            s.after(TicketEvent::BuyerMessage),
            Some(TicketStatus::AwaitingSeller)
        );
    }

    #[test]
    fn only_a_ticket_waiting_for_the_seller_escalates() {
        assert_eq!(
            TicketStatus::sources(TicketEvent::Escalate),
            vec![TicketStatus::AwaitingSeller]
        );
    }

    #[test]
    fn a_buyer_appeals_only_when_it_is_their_turn() {
        assert_eq!(
            TicketStatus::sources(TicketEvent::Appeal),
            vec![TicketStatus::AwaitingBuyer]
        );
        assert_eq!(
            TicketStatus::AwaitingBuyer.after(TicketEvent::Appeal),
            Some(TicketStatus::Escalated)
        );
    }

    #[test]
    fn a_closed_ticket_takes_no_message_until_reopened() {
        let closed = TicketStatus::Closed;
        assert_eq!(closed.after(TicketEvent::BuyerMessage), None);
        assert_eq!(closed.after(TicketEvent::Reply(Party::Seller)), None);
        assert_eq!(closed.after(TicketEvent::Close), None);
        assert_eq!(
            closed.after(TicketEvent::Reopen),
            Some(TicketStatus::AwaitingSeller)
        );
    }

    #[test]
    fn an_admin_writes_only_on_escalated_tickets() {
        assert_eq!(
            TicketStatus::sources(TicketEvent::Reply(Party::Admin)),
            vec![TicketStatus::Escalated]
        );
    }

    #[test]
    fn a_declined_request_goes_back_to_the_buyer() {
        assert_eq!(
            TicketStatus::AwaitingSeller.after(TicketEvent::Decline),
            Some(TicketStatus::AwaitingBuyer)
        );
        assert_eq!(
            TicketStatus::AwaitingBuyer.after(TicketEvent::Decline),
            None
        );
    }

    #[test]
    fn a_ticket_can_be_reopened_for_seven_days_after_closing() {
        let day = 24 * HOUR;
        assert!(may_reopen(0, 7 * day));
        assert!(!may_reopen(0, 7 * day + 1));
    }

    #[test]
    fn changes_are_offered_only_before_shipment_and_complaints_only_after() {
        use OrderStatus::*;
        for kind in [
            TicketKind::ChangeAddress,
            TicketKind::CancelItem,
            TicketKind::ChangeVariant,
        ] {
            assert!(kind.offered_for(Placed).is_ok());
            assert!(kind.offered_for(Confirmed).is_ok());
            assert!(kind.offered_for(Shipped).is_err());
            assert!(kind.offered_for(Delivered).is_err());
        }
        assert!(TicketKind::Damaged.offered_for(Placed).is_err());
        assert!(TicketKind::Damaged.offered_for(Delivered).is_ok());
        assert!(TicketKind::ReturnRefund.offered_for(Delivered).is_ok());
        assert!(TicketKind::OrderStatus.offered_for(Cancelled).is_ok());
    }

    #[test]
    fn every_kind_and_status_reads_back_from_its_name() {
        for k in TicketKind::ALL {
            assert_eq!(TicketKind::parse(k.as_str()), Ok(k));
        }
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Ok(s));
        }
    }

    #[test]
    fn a_canned_reply_fills_its_placeholders() {
        let text = fill_template(
            "Hi {buyer_name}, order {order_number} arrives {estimated_delivery}: {tracking_link} {unknown}",
            &TemplateValues {
                buyer_name: "Ana",
                order_number: "#12",
                tracking_link: "https://t/1",
                estimated_delivery: "Dec 9–16",
            },
        );
        assert_eq!(
            text,
            "Hi Ana, order #12 arrives Dec 9–16: https://t/1 {unknown}"
        );
    }

    #[test]
    fn a_message_is_trimmed_and_bounded() {
        assert_eq!(message_text("  hi ", false), Ok("hi".into()));
        assert!(message_text("   ", false).is_err());
        assert_eq!(message_text("", true), Ok(String::new()));
        assert!(message_text(&"x".repeat(MAX_MESSAGE_CHARS + 1), false).is_err());
    }
}

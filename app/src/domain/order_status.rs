//! The order's life: placed → confirmed → shipped → in transit → delivered, or
//! cancelled (before shipment) / refunded. Every change goes through `can_become`:
//! the server's `services::orders::status_guard` turns the allowed changes into the
//! SQL condition of each status update.

use super::ParseError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    Placed,
    Confirmed,
    Shipped,
    InTransit,
    Delivered,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    /// The happy path, in order: the steps a timeline shows.
    pub const PATH: [OrderStatus; 5] = [
        OrderStatus::Placed,
        OrderStatus::Confirmed,
        OrderStatus::Shipped,
        OrderStatus::InTransit,
        OrderStatus::Delivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::InTransit => "in_transit",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Placed => "Placed",
            OrderStatus::Confirmed => "Confirmed",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::InTransit => "In transit",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled => "Cancelled",
            OrderStatus::Refunded => "Refunded",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        [
            OrderStatus::Placed,
            OrderStatus::Confirmed,
            OrderStatus::Shipped,
            OrderStatus::InTransit,
            OrderStatus::Delivered,
            OrderStatus::Cancelled,
            OrderStatus::Refunded,
        ]
        .into_iter()
        .find(|s| s.as_str() == input)
        .ok_or_else(|| ParseError::new(format!("Unknown order status “{input}”.")))
    }

    /// Whether an order in this status may move to `next`.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (Placed, Confirmed)
                | (Confirmed, Shipped)
                | (Shipped, InTransit)
                | (Shipped | InTransit, Delivered)
                | (Placed | Confirmed, Cancelled)
                | (Shipped | InTransit | Delivered, Refunded)
        )
    }

    /// Whether the buyer may still cancel on their own (the seller has not confirmed).
    pub fn buyer_may_cancel(self) -> bool {
        self == OrderStatus::Placed
    }

    pub fn is_closed(self) -> bool {
        matches!(
            self,
            OrderStatus::Delivered | OrderStatus::Cancelled | OrderStatus::Refunded
        )
    }
}

/// How long a seller has from the order to adding tracking (the "ship by" deadline).
pub const TRACKING_DUE_DAYS: i64 = 2;

/// The seller's order queues; every order is in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum OrderQueue {
    /// Placed, waiting for the seller to confirm.
    #[default]
    New,
    /// Confirmed, waiting for a tracking number.
    ToShip,
    /// With the carrier.
    Shipped,
    Delivered,
    /// Cancelled or refunded.
    Closed,
}

impl OrderQueue {
    pub const ALL: [OrderQueue; 5] = [
        OrderQueue::New,
        OrderQueue::ToShip,
        OrderQueue::Shipped,
        OrderQueue::Delivered,
        OrderQueue::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderQueue::New => "new",
            OrderQueue::ToShip => "to_ship",
            OrderQueue::Shipped => "shipped",
            OrderQueue::Delivered => "delivered",
            OrderQueue::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderQueue::New => "New",
            OrderQueue::ToShip => "To ship",
            OrderQueue::Shipped => "Shipped",
            OrderQueue::Delivered => "Delivered",
            OrderQueue::Closed => "Cancelled / refunded",
        }
    }

    /// The queue named in a URL; anything else is the first queue.
    pub fn from_param(input: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|q| q.as_str() == input)
            .unwrap_or_default()
    }

    /// The statuses of the orders in this queue.
    pub fn statuses(self) -> &'static [OrderStatus] {
        match self {
            OrderQueue::New => &[OrderStatus::Placed],
            OrderQueue::ToShip => &[OrderStatus::Confirmed],
            OrderQueue::Shipped => &[OrderStatus::Shipped, OrderStatus::InTransit],
            OrderQueue::Delivered => &[OrderStatus::Delivered],
            OrderQueue::Closed => &[OrderStatus::Cancelled, OrderStatus::Refunded],
        }
    }

    pub fn of(status: OrderStatus) -> Self {
        Self::ALL
            .into_iter()
            .find(|q| q.statuses().contains(&status))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::*;

    #[test]
    fn orders_move_forward_along_the_path() {
        for pair in OrderStatus::PATH.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{pair:?}");
            assert!(!pair[1].can_become(pair[0]), "{pair:?} backwards");
        }
    }

    #[test]
    fn only_unshipped_orders_cancel_and_only_placed_ones_by_the_buyer() {
        assert!(Placed.can_become(Cancelled));
        assert!(Confirmed.can_become(Cancelled));
        assert!(!Shipped.can_become(Cancelled));
        assert!(Placed.buyer_may_cancel());
        assert!(!Confirmed.buyer_may_cancel());
        assert!(!Cancelled.can_become(Placed));
    }

    #[test]
    fn every_status_is_in_exactly_one_queue() {
        for s in [
            Placed, Confirmed, Shipped, InTransit, Delivered, Cancelled, Refunded,
        ] {
            let queues = OrderQueue::ALL
                .into_iter()
                .filter(|q| q.statuses().contains(&s))
                .count();
            assert_eq!(queues, 1, "{s:?}");
            assert!(OrderQueue::of(s).statuses().contains(&s));
        }
        assert_eq!(OrderQueue::from_param("to_ship"), OrderQueue::ToShip);
        assert_eq!(OrderQueue::from_param("bogus"), OrderQueue::New);
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in [
            Placed, Confirmed, Shipped, InTransit, Delivered, Cancelled, Refunded,
        ] {
            assert_eq!(OrderStatus::parse(s.as_str()), Ok(s));
        }
    }
}

/// Why a buyer cancels an order the store has not confirmed yet: one of a short list,
/// so the store and the standards read the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuyerCancelReason {
    Mistake,
    BetterPrice,
    TooSlow,
    ChangedMind,
    Other,
}

impl BuyerCancelReason {
    pub const ALL: [BuyerCancelReason; 5] = [
        BuyerCancelReason::Mistake,
        BuyerCancelReason::BetterPrice,
        BuyerCancelReason::TooSlow,
        BuyerCancelReason::ChangedMind,
        BuyerCancelReason::Other,
    ];

    pub fn param(self) -> &'static str {
        match self {
            BuyerCancelReason::Mistake => "mistake",
            BuyerCancelReason::BetterPrice => "better_price",
            BuyerCancelReason::TooSlow => "too_slow",
            BuyerCancelReason::ChangedMind => "changed_mind",
            BuyerCancelReason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BuyerCancelReason::Mistake => "Ordered by mistake",
            BuyerCancelReason::BetterPrice => "Found a better price",
            BuyerCancelReason::TooSlow => "Delivery would take too long",
            BuyerCancelReason::ChangedMind => "Changed my mind",
            BuyerCancelReason::Other => "Another reason",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|r| r.param() == input.trim())
            .ok_or_else(|| ParseError::new("Choose why you are cancelling."))
    }
}

#[cfg(test)]
mod cancel_reason_tests {
    use super::*;

    #[test]
    fn every_reason_reads_back_and_others_are_refused() {
        for r in BuyerCancelReason::ALL {
            assert_eq!(BuyerCancelReason::parse(r.param()), Ok(r));
        }
        assert!(BuyerCancelReason::parse("").is_err());
        assert!(BuyerCancelReason::parse("<script>").is_err());
    }
}

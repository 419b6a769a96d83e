//! Returns: a `return_refund` ticket after delivery, within the return window. The
//! seller accepts it (with instructions), refunds without a return, or declines with
//! a reason (the buyer may then ask the marketplace at once); an accepted return is
//! sent back with a tracking number and refunded when the seller marks it received.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Days after delivery a return may be asked for, unless configured otherwise.
pub const RETURN_WINDOW_DAYS: i64 = 30;

/// Where a return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnState {
    /// The buyer asked; the seller decides.
    Requested,
    /// The seller agreed and gave instructions; the buyer sends it back.
    Accepted,
    /// The buyer sent it back with a tracking number.
    Shipped,
    /// The seller received it and refunded.
    Received,
    /// The seller declined, with a reason.
    Declined,
}

/// What happens to a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnEvent {
    Accept,
    Decline,
    /// The buyer enters the return's tracking number.
    ShipBack,
    /// The seller marks it received (also without a tracking number entered).
    Receive,
}

impl ReturnState {
    pub const ALL: [ReturnState; 5] = [
        ReturnState::Requested,
        ReturnState::Accepted,
        ReturnState::Shipped,
        ReturnState::Received,
        ReturnState::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnState::Requested => "requested",
            ReturnState::Accepted => "accepted",
            ReturnState::Shipped => "shipped",
            ReturnState::Received => "received",
            ReturnState::Declined => "declined",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }

    /// In words for either side.
    pub fn label(self) -> &'static str {
        match self {
            ReturnState::Requested => "Return requested",
            ReturnState::Accepted => "Return accepted: send it back",
            ReturnState::Shipped => "On its way back",
            ReturnState::Received => "Returned and refunded",
            ReturnState::Declined => "Return declined",
        }
    }

    /// The state after `event`, or `None` when it cannot happen now.
    pub fn after(self, event: ReturnEvent) -> Option<ReturnState> {
        use ReturnEvent as E;
        use ReturnState as S;
        match (self, event) {
            (S::Requested, E::Accept) => Some(S::Accepted),
            (S::Requested, E::Decline) => Some(S::Declined),
            (S::Accepted, E::ShipBack) => Some(S::Shipped),
            (S::Accepted | S::Shipped, E::Receive) => Some(S::Received),
            _ => None,
        }
    }
}

/// Whether a return may be asked for at `now` on an order delivered at `delivered`,
/// with a window of `days`: from delivery until exactly `days` days later. `Err` says
/// why not, for the buyer.
pub fn may_return(
    delivered: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    days: i64,
) -> Result<(), String> {
    match delivered {
        Some(at) if at <= now => {
            if now <= at + Duration::days(days) {
                Ok(())
            } else {
                Err(format!(
                    "Returns can be asked for within {days} days of delivery; this order was delivered on {}.",
                    at.format("%b %-d, %Y")
                ))
            }
        }
        _ => Err("A return can be asked for once the order has been delivered.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_return_can_be_asked_for_until_exactly_thirty_days_after_delivery() {
        let delivered = Some(day(1));
        assert!(may_return(delivered, day(1), 30).is_ok());
        assert!(
            may_return(delivered, day(31), 30).is_ok(),
            "exactly 30 days is still inside"
        );
        let late = day(31) + Duration::seconds(1);
        assert!(
            may_return(delivered, late, 30)
                .unwrap_err()
                .contains("within 30 days")
        );
    }

    #[test]
    fn the_window_is_configurable() {
        assert!(may_return(Some(day(1)), day(10), 7).is_err());
        assert!(may_return(Some(day(1)), day(8), 7).is_ok());
    }

    #[test]
    fn nothing_undelivered_can_be_returned() {
        assert!(may_return(None, day(5), 30).is_err());
        assert!(
            may_return(Some(day(6)), day(5), 30).is_err(),
            "a delivery in the future has not happened"
        );
    }

    #[test]
    fn a_return_is_accepted_or_declined_then_sent_back_and_received() {
        use ReturnEvent as E;
        use ReturnState as S;
        assert_eq!(S::Requested.after(E::Accept), Some(S::Accepted));
        assert_eq!(S::Requested.after(E::Decline), Some(S::Declined));
        assert_eq!(S::Accepted.after(E::ShipBack), Some(S::Shipped));
        assert_eq!(S::Shipped.after(E::Receive), Some(S::Received));
        assert_eq!(S::Accepted.after(E::Receive), Some(S::Received));
        assert_eq!(
            S::Requested.after(E::Receive),
            None,
            "not received before it was accepted"
        );
        assert_eq!(S::Declined.after(E::Accept), None);
        assert_eq!(S::Received.after(E::Receive), None, "received once");
        assert_eq!(S::Shipped.after(E::ShipBack), None);
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in ReturnState::ALL {
            assert_eq!(ReturnState::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReturnState::parse("lost"), None);
    }
}

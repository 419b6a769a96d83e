//! A store's money: the kinds of ledger entry, the platform's commission and the
//! payout schedule. The ledger is append-only; a store's balance is the sum of its
//! entries, and an entry's money is *available* from its `available_at` on (sales wait
//! for delivery or the hold period), *pending* before.

use super::{Currency, Money, ParseError};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    /// An order's captured payment, on shipment (+).
    Sale,
    /// The platform's share of a sale (−).
    Commission,
    /// Money returned to a buyer (−).
    Refund,
    /// The commission given back on a refund (+).
    CommissionRefund,
    /// Paid exposure (−).
    BoostSpend,
    /// A buyer's bank reversed a payment (−).
    Chargeback,
    /// A dispute the store won: the chargeback given back (+).
    ChargebackReversal,
    /// Money sent to the seller's bank (−).
    Payout,
}

impl EntryKind {
    pub const ALL: [EntryKind; 8] = [
        EntryKind::Sale,
        EntryKind::Commission,
        EntryKind::Refund,
        EntryKind::CommissionRefund,
        EntryKind::BoostSpend,
        EntryKind::Chargeback,
        EntryKind::ChargebackReversal,
        EntryKind::Payout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Sale => "sale",
            EntryKind::Commission => "commission",
            EntryKind::Refund => "refund",
            EntryKind::CommissionRefund => "commission_refund",
            EntryKind::BoostSpend => "boost_spend",
            EntryKind::Chargeback => "chargeback",
            EntryKind::ChargebackReversal => "chargeback_reversal",
            EntryKind::Payout => "payout",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Sale => "Sale",
            EntryKind::Commission => "Commission",
            EntryKind::Refund => "Refund",
            EntryKind::CommissionRefund => "Commission returned",
            EntryKind::BoostSpend => "Boost spend",
            EntryKind::Chargeback => "Chargeback",
            EntryKind::ChargebackReversal => "Chargeback reversed",
            EntryKind::Payout => "Payout",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown ledger entry kind “{input}”.")))
    }

    /// Whether entries of this kind add to the balance (otherwise they take from it).
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            EntryKind::Sale | EntryKind::CommissionRefund | EntryKind::ChargebackReversal
        )
    }
}

/// The platform's commission on `amount` at `basis_points` (1,500 = 15 %), rounded
/// half up to the minor unit. A refund gives back the commission on the refunded
/// amount computed the same way, so a full refund returns exactly what was taken.
pub fn commission(amount: Money, basis_points: u32) -> Money {
    let minor = amount.minor().max(0);
    let cut = (i128::from(minor) * i128::from(basis_points) + 5_000) / 10_000;
    Money::new(i64::try_from(cut).unwrap_or(i64::MAX), amount.currency())
}

/// The next payout run on or after `today` for runs on the given days of the month
/// (1–28, so every month has them). `None` when no day is configured.
pub fn next_payout(today: NaiveDate, days: &[u32]) -> Option<NaiveDate> {
    let mut days: Vec<u32> = days
        .iter()
        .copied()
        .filter(|d| (1..=28).contains(d))
        .collect();
    days.sort_unstable();
    days.dedup();
    if let Some(day) = days.iter().find(|d| **d >= today.day()) {
        return today.with_day(*day);
    }
    let first = *days.first()?;
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, first)
}

/// Parses a list of payout days such as "1,15".
pub fn parse_payout_days(input: &str) -> Result<Vec<u32>, ParseError> {
    input
        .split(',')
        .map(|d| {
            d.trim()
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=28).contains(d))
                .ok_or_else(|| ParseError::new("Payout days are days of the month from 1 to 28."))
        })
        .collect()
}

/// A zero amount in a currency, for sums over no entries.
pub fn zero(currency: Currency) -> Money {
    Money::new(0, currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::default())
    }

    #[test]
    fn commission_rounds_half_up_and_a_full_refund_returns_it_exactly() {
        assert_eq!(commission(usd(10_000), 1_500), usd(1_500));
        assert_eq!(commission(usd(333), 1_500), usd(50)); // 49.95 → 50
        assert_eq!(commission(usd(3), 1_500), usd(0)); // 0.45 → 0
        assert_eq!(commission(usd(0), 1_500), usd(0));
        assert_eq!(commission(usd(-5), 1_500), usd(0));
        let sale = usd(4_599);
        assert_eq!(commission(sale, 1_000), commission(sale, 1_000));
    }

    #[test]
    fn payouts_run_on_the_next_configured_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(next_payout(d(2026, 3, 1), &[1, 15]), Some(d(2026, 3, 1)));
        assert_eq!(next_payout(d(2026, 3, 2), &[1, 15]), Some(d(2026, 3, 15)));
        assert_eq!(next_payout(d(2026, 3, 16), &[15, 1]), Some(d(2026, 4, 1)));
        assert_eq!(next_payout(d(2026, 12, 20), &[1, 15]), Some(d(2027, 1, 1)));
        assert_eq!(next_payout(d(2026, 12, 20), &[]), None);
    }

    #[test]
    fn payout_days_are_parsed_and_checked() {
        assert_eq!(parse_payout_days("1, 15"), Ok(vec![1, 15]));
        assert!(parse_payout_days("0").is_err());
        assert!(parse_payout_days("31").is_err());
        assert!(parse_payout_days("first").is_err());
    }

    #[test]
    fn kinds_round_trip_and_know_their_sign() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Ok(k));
        }
        assert!(EntryKind::Sale.is_credit());
        assert!(!EntryKind::Payout.is_credit());
    }
}

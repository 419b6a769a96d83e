//! A store's ledger, balance and payouts, and its payment disputes.

use super::catalog::ImageRef;
use crate::domain::Money;
use crate::domain::OrderId;
use crate::domain::{DisputeId, LedgerEntryId, PayoutId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntryView {
    pub id: LedgerEntryId,
    pub kind: crate::domain::ledger::EntryKind,
    pub amount: Money,
    pub memo: String,
    pub order: Option<OrderId>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub available_at: chrono::DateTime<chrono::Utc>,
    pub available: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutView {
    pub id: PayoutId,
    pub run_date: chrono::NaiveDate,
    pub amount: Money,
    pub status: String,
}

/// A store's money: the balance (the sum of every ledger entry), what of it is
/// available for the next payout and what is pending, the latest entries and payouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceView {
    pub balance: Money,
    pub available: Money,
    pub pending: Money,
    pub next_payout: Option<chrono::NaiveDate>,
    /// The platform's commission in basis points (1,500 = 15 %).
    pub commission_bps: u32,
    /// Days a sale waits for delivery before it becomes available anyway.
    pub hold_days: i64,
    pub entries: Vec<LedgerEntryView>,
    pub payouts: Vec<PayoutView>,
}

/// A payment dispute as the store sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeView {
    pub id: DisputeId,
    pub order: OrderId,
    pub buyer_name: String,
    pub reason: crate::domain::dispute::DisputeReason,
    pub status: crate::domain::dispute::DisputeStatus,
    pub amount: Money,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    /// The last moment evidence is accepted.
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub statement: String,
    pub documents: Vec<ImageRef>,
    /// "UPS 1Z…" when the order shipped with tracking.
    pub tracking: Option<String>,
    pub delivered: bool,
}

/// A store's disputes, open ones first, and how many need an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DisputeList {
    pub disputes: Vec<DisputeView>,
    pub needs_response: i64,
}

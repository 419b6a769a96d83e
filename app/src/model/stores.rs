//! A store's console overview, dashboard and settings, and the admin's review of stores.

use super::catalog::StoreSummary;
use crate::domain::Money;
use crate::domain::ProductId;
use crate::domain::StoreId;
use serde::{Deserialize, Serialize};

/// The seller console's first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreOverview {
    pub store: StoreSummary,
    pub active_products: i64,
    pub variants_out_of_stock: i64,
    pub units_in_stock: i64,
}

/// The admin's first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub accounts: i64,
    pub stores: i64,
    pub pending_stores: i64,
    pub products: i64,
}

/// The seller's dashboard over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub store: StoreSummary,
    pub days: u32,
    /// Orders placed in the period, cancelled ones left out.
    pub sales: Money,
    pub orders: i64,
    /// Views of the store's product pages.
    pub visits: i64,
    /// Who made those views: each signed-in account once, each anonymous view alone.
    #[serde(default)]
    pub visitors: i64,
    /// Visitors who placed an order with the store after their visit.
    #[serde(default)]
    pub ordering_visitors: i64,
    pub average_order: Money,
    /// Sales per day, oldest first.
    pub daily_sales: Vec<(chrono::NaiveDate, Money)>,
    pub daily_orders: Vec<(chrono::NaiveDate, i64)>,
    /// Best sellers of the period: product, title, units, revenue.
    pub top_products: Vec<(Option<ProductId>, String, i64, Money)>,
    pub to_confirm: i64,
    pub to_ship: i64,
    pub tracking_overdue: i64,
    /// Variants with this few units or fewer (and more than none).
    pub low_stock: Vec<(ProductId, String, String, i64)>,
    pub out_of_stock: i64,
    pub active_products: i64,
    /// Payment disputes waiting for the store's answer.
    #[serde(default)]
    pub disputes_to_answer: i64,
    /// Where the store stands against the seller standards now, and the standards it
    /// fails (empty when it meets them all or is unrated).
    #[serde(default = "unrated")]
    pub verdict: crate::domain::standards::Verdict,
    #[serde(default)]
    pub failing: Vec<crate::domain::standards::MetricName>,
    /// Orders placed in the last 90 days, against the minimum that makes a store rated.
    #[serde(default)]
    pub orders_90d: i64,
    #[serde(default)]
    pub min_orders: i64,
}

fn unrated() -> crate::domain::standards::Verdict {
    crate::domain::standards::Verdict::Unrated
}

/// The store settings form: the profile (IBAN left empty: the one on file is kept
/// unless a new one is typed) and where the admin's review stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreProfileView {
    pub store: StoreSummary,
    pub draft: crate::domain::store::StoreProfileDraft,
    /// The IBAN on file, masked; empty when there is none.
    pub payout_on_file: String,
    /// Why an admin rejected the store, if they did.
    pub review_note: String,
}

/// A store waiting for an admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingStore {
    pub id: StoreId,
    pub name: String,
    pub owner_name: String,
    pub owner_email: String,
    pub description: String,
    pub ships_from: String,
    pub contact_email: String,
    pub has_payout: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

//! Boost campaigns and their reports.

use crate::domain::CampaignId;
use crate::domain::Money;
use crate::domain::ProductId;
use serde::{Deserialize, Serialize};

/// A boost campaign with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: CampaignId,
    pub name: String,
    pub bid: Money,
    pub weekly_budget: Money,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// "active", "paused", "scheduled" or "ended".
    pub state: String,
    pub spent_this_week: Money,
    pub spent: Money,
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub products: Vec<CampaignProductView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignProductView {
    pub product: ProductId,
    pub title: String,
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub spent: Money,
}

/// The boost page: campaigns and the store's products that can be boosted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoostOverview {
    pub campaigns: Vec<CampaignView>,
    pub products: Vec<(ProductId, String)>,
}

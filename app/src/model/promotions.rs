//! Promotions and promo codes with their reports.

use crate::domain::Money;
use crate::domain::ProductId;
use crate::domain::VariantId;
use crate::domain::{PromoCodeId, PromotionId};
use serde::{Deserialize, Serialize};

/// A promotion on the console's promotions page, with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionView {
    pub id: PromotionId,
    pub name: String,
    /// "20% off" or "$5.00 off".
    pub discount: String,
    pub flash: bool,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// "scheduled", "live" or "ended".
    pub state: String,
    /// What it covers: product titles, with the variant when only one is chosen.
    pub targets: Vec<String>,
    pub orders: i64,
    pub units: i64,
    pub revenue: Money,
    pub discount_given: Money,
    /// Units of the promoted products sold in the same length of time before the
    /// promotion, and during it so far (at any price).
    #[serde(default)]
    pub units_before: i64,
    #[serde(default)]
    pub units_during: i64,
    /// How many percent more units sold during than before (`None` without sales before).
    #[serde(default)]
    pub uplift_percent: Option<i64>,
}

/// A promo code with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromoCodeView {
    pub id: PromoCodeId,
    pub code: String,
    pub discount: String,
    pub min_order: Money,
    pub max_uses: Option<i64>,
    pub per_buyer: Option<i64>,
    pub uses: i64,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub state: String,
    pub revenue: Money,
    pub discount_given: Money,
}

/// A product a promotion can cover, with its variants (id, label, list price).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotableProduct {
    pub id: ProductId,
    pub title: String,
    pub variants: Vec<(VariantId, String, Money)>,
}

/// The promotions page: promotions, codes and what can be promoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PromotionsOverview {
    pub promotions: Vec<PromotionView>,
    pub codes: Vec<PromoCodeView>,
    pub products: Vec<PromotableProduct>,
}

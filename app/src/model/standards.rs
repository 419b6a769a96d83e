//! The seller standards as the console and the admin see them: the store's standing
//! now, the orders that count against a failing metric, and a 12-week trend.

use crate::domain::standards::{MetricName, Metrics, Standing, Verdict};
use crate::domain::{OrderId, ProductId};
use crate::model::ImageRef;
use serde::{Deserialize, Serialize};

/// One order, to open from the performance page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRef {
    pub id: OrderId,
    pub placed_at: chrono::DateTime<chrono::Utc>,
}

/// The orders that count against one failing metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailingOrders {
    pub metric: MetricName,
    pub orders: Vec<OrderRef>,
}

/// The standing on one day of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub day: chrono::NaiveDate,
    pub verdict: Verdict,
    pub metrics: Metrics,
}

/// Console › Performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    pub standing: Standing,
    pub verdict: Verdict,
    /// Orders in 90 days that make a store rated.
    pub min_orders: i64,
    pub failing: Vec<FailingOrders>,
    /// One point a week, oldest first, the last one now.
    pub trend: Vec<TrendPoint>,
}

/// A listing in the admin's counterfeit review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingToReview {
    pub id: ProductId,
    pub slug: String,
    pub title: String,
    pub image: Option<ImageRef>,
    pub store_name: String,
    /// Found counterfeit: hidden, and the seller cannot publish it again.
    pub blocked: bool,
    /// The last verdict: `Some(true)` counterfeit, `Some(false)` genuine, `None` not reviewed.
    pub last_verdict: Option<bool>,
}

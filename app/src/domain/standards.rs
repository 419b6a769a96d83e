//! Seller standards: the five metrics that decide whether a store is an **integrity
//! store**, and the service figures reported beside them. One pure function,
//! [`evaluate`], over a store's history; the console, the badge, the ranking, the
//! daily snapshots and `server standards evaluate FILE` all call it.
//!
//! Conventions: times are UTC; a day is exactly 24 hours; every window is half-open,
//! `[from, to)`; an event later than `at` has not happened yet. A metric is a fraction
//! `numerator / denominator`; with denominator 0 it has no data and neither meets nor
//! fails. Targets are compared in integers, never in floating point.
//!
//! | metric | counted (denominator) | numerator | target |
//! |---|---|---|---|
//! | `valid_tracking_rate` | orders placed in `[at−21d, at−14d)` with tracking uploaded by `at` | with a first scan by `at` | ≥ 95 % |
//! | `delayed_shipment_rate` | the same | tracking later than placement + 48 h, or first scan later than + 72 h or none | ≤ 10 % |
//! | `average_rating_30d` | reviews created in `[at−30d, at)` | sum of ratings (the mean) | ≥ 4.0 |
//! | `refund_rate_63_93d` | orders placed in `[at−93d, at−63d)` | refunded or cancelled by `at` | ≤ 10 % |
//! | `counterfeit_rate` | listing reviews made by `at` | found counterfeit | ≤ 0.5 % |
//!
//! Service figures (reported, not deciding): on-time delivery (`[at−44d, at−14d)`,
//! shipped; delivered by `at` and within 14 days), out of stock, cancellations (split
//! by who cancelled) and complaints over orders placed in `[at−30d, at)`, and tickets
//! of `[at−30d, at)` first answered within 48 hours (a ticket still unanswered and not
//! yet 48 hours old is left out). A store is **rated** with at least 50 orders placed
//! in `[at−90d, at)`; it is an integrity store when rated and no metric fails.

use crate::domain::support::TicketKind;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Who cancelled an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    Buyer,
    Seller,
    System,
}

impl CancelledBy {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelledBy::Buyer => "buyer",
            CancelledBy::Seller => "seller",
            CancelledBy::System => "system",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [Self::Buyer, Self::Seller, Self::System]
            .into_iter()
            .find(|c| c.as_str() == input)
    }
}

/// The cancel or refund reason that counts for the out-of-stock figure.
pub const OUT_OF_STOCK: &str = "out_of_stock";

/// The reason code of a cancel or refund reason the seller wrote: "Out of stock",
/// "sold out" and the like are [`OUT_OF_STOCK`].
pub fn reason_code(reason: &str) -> Option<&'static str> {
    let text = reason.to_lowercase().replace(['_', '-'], " ");
    (text.contains("out of stock") || text.contains("sold out") || text.contains("no stock"))
        .then_some(OUT_OF_STOCK)
}

/// What the standards read of one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub id: String,
    pub placed_at: DateTime<Utc>,
    #[serde(default)]
    pub tracking_uploaded_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub first_scan_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub delivered_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub cancelled_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub cancelled_by: Option<CancelledBy>,
    #[serde(default)]
    pub refunded_at: Option<DateTime<Utc>>,
    /// The cancel or refund reason code (`out_of_stock`, …).
    #[serde(default)]
    pub reason: Option<String>,
}

/// One review of one of the store's products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFacts {
    pub created_at: DateTime<Utc>,
    pub rating: i64,
}

/// The platform's review of one of the store's listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingReviewFacts {
    pub reviewed_at: DateTime<Utc>,
    pub counterfeit: bool,
}

/// One customer-service ticket about one of the store's orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub opened_at: DateTime<Utc>,
    #[serde(default)]
    pub first_reply_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "kind_out", deserialize_with = "kind_in")]
    pub kind: TicketKind,
}

fn kind_out<S: Serializer>(kind: &TicketKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

fn kind_in<'de, D: Deserializer<'de>>(d: D) -> Result<TicketKind, D::Error> {
    let text = String::deserialize(d)?;
    TicketKind::parse(&text).map_err(|_| {
        serde::de::Error::custom(format!(
            "unknown ticket kind `{text}`, expected one of {}",
            TicketKind::ALL.map(TicketKind::as_str).join(", ")
        ))
    })
}

/// Everything the standards read about one store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreHistory {
    #[serde(default)]
    pub orders: Vec<OrderFacts>,
    #[serde(default)]
    pub reviews: Vec<ReviewFacts>,
    #[serde(default)]
    pub listing_reviews: Vec<ListingReviewFacts>,
    #[serde(default)]
    pub tickets: Vec<TicketFacts>,
}

/// A fraction, reported as it was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figure {
    pub numerator: i64,
    pub denominator: i64,
}

impl Figure {
    /// The value in hundredths of a percent (9_500 = 95 %), `None` without data.
    pub fn basis_points(&self) -> Option<i64> {
        (self.denominator > 0).then(|| self.numerator * 10_000 / self.denominator)
    }
}

/// A metric with a target: `met` is `None` without data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metric {
    pub numerator: i64,
    pub denominator: i64,
    pub met: Option<bool>,
}

impl Metric {
    fn judged(numerator: i64, denominator: i64, target: Target) -> Self {
        Metric {
            numerator,
            denominator,
            met: (denominator > 0).then(|| target.met(numerator, denominator)),
        }
    }

    pub fn fails(&self) -> bool {
        self.met == Some(false)
    }

    pub fn figure(&self) -> Figure {
        Figure {
            numerator: self.numerator,
            denominator: self.denominator,
        }
    }
}

/// Cancellations, also split by who cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cancellations {
    pub numerator: i64,
    pub denominator: i64,
    pub buyer: i64,
    pub seller: i64,
    pub system: i64,
}

/// The five metrics and the service figures, by their published names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metrics {
    pub valid_tracking_rate: Metric,
    pub delayed_shipment_rate: Metric,
    pub average_rating_30d: Metric,
    pub refund_rate_63_93d: Metric,
    pub counterfeit_rate: Metric,
    pub on_time_delivery_rate: Figure,
    pub out_of_stock_rate: Figure,
    pub cancellation_rate: Cancellations,
    pub ticket_reply_48h_rate: Figure,
    pub complaint_rate: Figure,
}

impl Metrics {
    /// The standards that fail their target, in the order they are shown.
    pub fn failing(&self) -> Vec<MetricName> {
        MetricName::ALL
            .into_iter()
            .filter(|m| m.of(self).fails())
            .collect()
    }
}

/// A store's standing at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub at: DateTime<Utc>,
    pub orders_90d: i64,
    pub rated: bool,
    pub integrity_store: bool,
    pub metrics: Metrics,
}

/// The five metrics, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetricName {
    ValidTracking,
    DelayedShipment,
    AverageRating,
    RefundRate,
    Counterfeit,
}

impl MetricName {
    pub const ALL: [MetricName; 5] = [
        MetricName::ValidTracking,
        MetricName::DelayedShipment,
        MetricName::AverageRating,
        MetricName::RefundRate,
        MetricName::Counterfeit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetricName::ValidTracking => "valid_tracking_rate",
            MetricName::DelayedShipment => "delayed_shipment_rate",
            MetricName::AverageRating => "average_rating_30d",
            MetricName::RefundRate => "refund_rate_63_93d",
            MetricName::Counterfeit => "counterfeit_rate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MetricName::ValidTracking => "Valid tracking",
            MetricName::DelayedShipment => "Delayed shipments",
            MetricName::AverageRating => "Average rating (30 days)",
            MetricName::RefundRate => "Refunds (63–93 days)",
            MetricName::Counterfeit => "Counterfeit listings",
        }
    }

    /// The target as shown to sellers.
    pub fn target(self) -> &'static str {
        match self {
            MetricName::ValidTracking => "at least 95%",
            MetricName::DelayedShipment => "at most 10%",
            MetricName::AverageRating => "at least 4.0",
            MetricName::RefundRate => "at most 10%",
            MetricName::Counterfeit => "at most 0.5%",
        }
    }

    /// What to do when it fails.
    pub fn advice(self) -> &'static str {
        match self {
            MetricName::ValidTracking => {
                "Hand parcels to the carrier as soon as you enter the tracking number, and check the number before you save it."
            }
            MetricName::DelayedShipment => {
                "Enter tracking within 2 days of the order and have the parcel scanned within 3."
            }
            MetricName::AverageRating => {
                "Read the low reviews, answer them, and fix what buyers complain about."
            }
            MetricName::RefundRate => {
                "Describe products exactly, keep stock counts right, and pack well."
            }
            MetricName::Counterfeit => {
                "Remove any listing that copies another brand; sell only genuine goods."
            }
        }
    }

    /// The metric in a standing.
    pub fn of(self, m: &Metrics) -> Metric {
        match self {
            MetricName::ValidTracking => m.valid_tracking_rate,
            MetricName::DelayedShipment => m.delayed_shipment_rate,
            MetricName::AverageRating => m.average_rating_30d,
            MetricName::RefundRate => m.refund_rate_63_93d,
            MetricName::Counterfeit => m.counterfeit_rate,
        }
    }

    /// The window it covers at `at`, `[from, to)`; `None` for all time.
    pub fn window(self, at: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match self {
            MetricName::ValidTracking | MetricName::DelayedShipment => {
                Some((at - days(21), at - days(14)))
            }
            MetricName::AverageRating => Some((at - days(30), at)),
            MetricName::RefundRate => Some((at - days(93), at - days(63))),
            MetricName::Counterfeit => None,
        }
    }

    /// The value as text: a mean for the rating, else a percentage; "No data".
    pub fn value_text(self, metric: &Metric) -> String {
        if metric.denominator == 0 {
            return "No data".into();
        }
        match self {
            MetricName::AverageRating => {
                let tenths = metric.numerator * 10 / metric.denominator;
                format!("{}.{}", tenths / 10, tenths % 10)
            }
            _ => percent_text(metric.figure()),
        }
    }
}

/// A fraction as a percentage with one decimal: "12.5%"; "No data".
pub fn percent_text(f: Figure) -> String {
    match f.basis_points() {
        None => "No data".into(),
        Some(bp) => format!("{}.{}%", bp / 100, (bp % 100) / 10),
    }
}

/// A target as a comparison in integers.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// numerator / denominator ≥ n / d
    AtLeast(i64, i64),
    /// numerator / denominator ≤ n / d
    AtMost(i64, i64),
}

impl Target {
    fn met(self, numerator: i64, denominator: i64) -> bool {
        match self {
            Target::AtLeast(n, d) => numerator * d >= n * denominator,
            Target::AtMost(n, d) => numerator * d <= n * denominator,
        }
    }
}

/// The settings of the standards: how many orders make a store rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub min_orders: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { min_orders: 50 }
    }
}

fn days(n: i64) -> Duration {
    Duration::hours(24 * n)
}

/// Whether `t` is in `[from, to)`.
fn within(t: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    from <= t && t < to
}

/// The time of an event that has happened by `at`.
fn by(t: Option<DateTime<Utc>>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    t.filter(|t| *t <= at)
}

/// The store's standing at `at`, with the default rules.
pub fn evaluate(history: &StoreHistory, at: DateTime<Utc>) -> Standing {
    evaluate_with(history, at, Rules::default())
}

/// The store's standing at `at`.
pub fn evaluate_with(history: &StoreHistory, at: DateTime<Utc>, rules: Rules) -> Standing {
    let count = |pred: &dyn Fn(&OrderFacts) -> bool| {
        history.orders.iter().filter(|o| pred(o)).count() as i64
    };
    let placed_in =
        |o: &OrderFacts, from: i64, to: i64| within(o.placed_at, at - days(from), at - days(to));
    let shipped = |o: &OrderFacts| by(o.tracking_uploaded_at, at).is_some();

    // Tracking: orders placed three to two weeks ago that were shipped.
    let tracked = |o: &OrderFacts| placed_in(o, 21, 14) && shipped(o);
    let tracking_den = count(&tracked);
    let valid = count(&|o| tracked(o) && by(o.first_scan_at, at).is_some());
    let delayed = count(&|o| tracked(o) && is_delayed(o, at));

    let recent_reviews = history
        .reviews
        .iter()
        .filter(|r| within(r.created_at, at - days(30), at));
    let (rating_sum, rating_count) = recent_reviews.fold((0, 0), |(s, n), r| (s + r.rating, n + 1));

    let refund_den = count(&|o| placed_in(o, 93, 63));
    let refunded = count(&|o| placed_in(o, 93, 63) && closed_by(o, at));

    let reviewed = history
        .listing_reviews
        .iter()
        .filter(|l| l.reviewed_at <= at);
    let (counterfeit, listings) =
        reviewed.fold((0, 0), |(c, n), l| (c + i64::from(l.counterfeit), n + 1));

    let delivery = |o: &OrderFacts| placed_in(o, 44, 14) && shipped(o);
    let on_time = count(&|o| {
        delivery(o) && by(o.delivered_at, at).is_some_and(|d| d <= o.placed_at + days(14))
    });

    let month = |o: &OrderFacts| placed_in(o, 30, 0);
    let month_orders = count(&month);
    let out_of_stock =
        count(&|o| month(o) && closed_by(o, at) && o.reason.as_deref() == Some(OUT_OF_STOCK));
    let cancelled = |o: &OrderFacts| month(o) && by(o.cancelled_at, at).is_some();
    let cancelled_by = |who| count(&|o| cancelled(o) && o.cancelled_by == Some(who));

    let month_tickets = history
        .tickets
        .iter()
        .filter(|t| within(t.opened_at, at - days(30), at));
    let answered = |t: &TicketFacts| by(t.first_reply_at, at);
    let counted_tickets = month_tickets
        .clone()
        .filter(|t| answered(t).is_some() || at - t.opened_at > Duration::hours(48));
    let replied_in_time = counted_tickets
        .clone()
        .filter(|t| answered(t).is_some_and(|r| r <= t.opened_at + Duration::hours(48)))
        .count() as i64;
    let complaints = month_tickets
        .clone()
        .filter(|t| {
            matches!(
                t.kind,
                TicketKind::Damaged | TicketKind::Missing | TicketKind::NotAsDescribed
            )
        })
        .count() as i64;

    let metrics = Metrics {
        valid_tracking_rate: Metric::judged(valid, tracking_den, Target::AtLeast(95, 100)),
        delayed_shipment_rate: Metric::judged(delayed, tracking_den, Target::AtMost(10, 100)),
        average_rating_30d: Metric::judged(rating_sum, rating_count, Target::AtLeast(4, 1)),
        refund_rate_63_93d: Metric::judged(refunded, refund_den, Target::AtMost(10, 100)),
        counterfeit_rate: Metric::judged(counterfeit, listings, Target::AtMost(5, 1000)),
        on_time_delivery_rate: Figure {
            numerator: on_time,
            denominator: count(&delivery),
        },
        out_of_stock_rate: Figure {
            numerator: out_of_stock,
            denominator: month_orders,
        },
        cancellation_rate: Cancellations {
            numerator: count(&cancelled),
            denominator: month_orders,
            buyer: cancelled_by(CancelledBy::Buyer),
            seller: cancelled_by(CancelledBy::Seller),
            system: cancelled_by(CancelledBy::System),
        },
        ticket_reply_48h_rate: Figure {
            numerator: replied_in_time,
            denominator: counted_tickets.count() as i64,
        },
        complaint_rate: Figure {
            numerator: complaints,
            denominator: month_orders,
        },
    };
    let orders_90d = count(&|o| placed_in(o, 90, 0));
    let rated = orders_90d >= rules.min_orders;
    Standing {
        at,
        orders_90d,
        rated,
        integrity_store: rated && metrics.failing().is_empty(),
        metrics,
    }
}

/// Tracking entered more than 2 days after placement, or the first scan more than 3
/// days after it or not by `at`.
fn is_delayed(o: &OrderFacts, at: DateTime<Utc>) -> bool {
    let late_upload = by(o.tracking_uploaded_at, at).is_some_and(|t| t > o.placed_at + days(2));
    let late_scan = by(o.first_scan_at, at).is_none_or(|s| s > o.placed_at + days(3));
    late_upload || late_scan
}

/// Refunded (any amount) or cancelled by `at`.
fn closed_by(o: &OrderFacts, at: DateTime<Utc>) -> bool {
    by(o.refunded_at, at).is_some() || by(o.cancelled_at, at).is_some()
}

/// The ids of the orders that count against a failing metric (those in its numerator,
/// for a lower-is-better metric; those missing from it, for a higher-is-better one).
pub fn counted_against(
    history: &StoreHistory,
    at: DateTime<Utc>,
    metric: MetricName,
) -> Vec<String> {
    let placed_in =
        |o: &OrderFacts, from: i64, to: i64| within(o.placed_at, at - days(from), at - days(to));
    let shipped = |o: &OrderFacts| by(o.tracking_uploaded_at, at).is_some();
    history
        .orders
        .iter()
        .filter(|o| match metric {
            MetricName::ValidTracking => {
                placed_in(o, 21, 14) && shipped(o) && by(o.first_scan_at, at).is_none()
            }
            MetricName::DelayedShipment => placed_in(o, 21, 14) && shipped(o) && is_delayed(o, at),
            MetricName::RefundRate => placed_in(o, 93, 63) && closed_by(o, at),
            MetricName::AverageRating | MetricName::Counterfeit => false,
        })
        .map(|o| o.id.clone())
        .collect()
}

/// How much a store's standing multiplies its products' ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exposure {
    pub integrity: f64,
    pub failing: f64,
    pub unrated: f64,
}

impl Default for Exposure {
    fn default() -> Self {
        Exposure {
            integrity: 1.25,
            failing: 0.8,
            unrated: 1.0,
        }
    }
}

/// Where a store stands, for the badge and the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Integrity,
    Failing,
    Unrated,
}

impl Verdict {
    pub fn of(standing: &Standing) -> Self {
        if standing.integrity_store {
            Verdict::Integrity
        } else if standing.rated {
            Verdict::Failing
        } else {
            Verdict::Unrated
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Integrity => "integrity",
            Verdict::Failing => "failing",
            Verdict::Unrated => "unrated",
        }
    }

    pub fn parse(input: &str) -> Self {
        match input {
            "integrity" => Verdict::Integrity,
            "failing" => Verdict::Failing,
            _ => Verdict::Unrated,
        }
    }

    pub fn factor(self, exposure: &Exposure) -> f64 {
        match self {
            Verdict::Integrity => exposure.integrity,
            Verdict::Failing => exposure.failing,
            Verdict::Unrated => exposure.unrated,
        }
    }
}

#[cfg(test)]
mod tests;

//! Where tracking events come from: the carrier interface and the built-in carrier
//! simulator.
//!
//! The simulator is for the demo and for tests, not for real parcels: it invents a
//! plausible journey for any valid tracking number from the time it was shipped and
//! reports the scans that are due by the configured clock. A real integration would
//! ask each carrier's tracking API (or receive its webhooks) behind the same trait.
//!
//! **Carrier scans come from an interface; the built-in one simulates.**
//! `services::orders::carriers::CarrierTracker` reports a shipment's scans; the built-in
//! `CarrierSimulator` (for the demo and tests, not real parcels) derives a journey from
//! the shipment time, first scan after 3 hours, in transit after a day, delivered after
//! 3 to 4 days, and reports what is due by the app clock. A minute job (one node, by
//! lease) records new scans (unique per order and scan) and moves orders to in transit
//! and delivered with conditional updates.

use app::domain::order_status::OrderStatus;
use app::domain::tracking::TrackingNumber;
use app::error::AppResult;
use async_trait::async_trait;

/// One scan a carrier reports. `code` is unique per shipment, so reporting the same
/// scan twice records it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub code: String,
    pub description: String,
    pub location: String,
    pub at_ms: i64,
    /// The order status the scan moves the order to, if any.
    pub status: Option<OrderStatus>,
}

#[async_trait]
pub trait CarrierTracker: Send + Sync {
    /// Every scan of the shipment up to `now_ms`, oldest first.
    async fn scans(
        &self,
        tracking: &TrackingNumber,
        shipped_at_ms: i64,
        now_ms: i64,
    ) -> AppResult<Vec<Scan>>;
}

/// Simulated carrier: first scan 3 hours after shipping, in transit after a day,
/// out for delivery and delivered after 3 to 4 days (the number decides which).
pub struct CarrierSimulator;

const HOUR: i64 = 3_600_000;

impl CarrierSimulator {
    /// The whole journey, due or not.
    pub fn journey(tracking: &TrackingNumber, shipped_at_ms: i64) -> Vec<Scan> {
        let extra_day = tracking
            .as_str()
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
            % 2;
        let delivered = shipped_at_ms + (72 + 24 * i64::from(extra_day)) * HOUR;
        let carrier = tracking.carrier().label();
        let scan = |code: &str, description: String, location: &str, at_ms, status| Scan {
            code: code.into(),
            description,
            location: location.into(),
            at_ms,
            status,
        };
        vec![
            scan(
                "accepted",
                format!("Picked up by {carrier}"),
                "Origin facility",
                shipped_at_ms + 3 * HOUR,
                None,
            ),
            scan(
                "departed",
                "Departed the origin facility, in transit".into(),
                "Origin facility",
                shipped_at_ms + 24 * HOUR,
                Some(OrderStatus::InTransit),
            ),
            scan(
                "arrived",
                "Arrived at the destination facility".into(),
                "Destination facility",
                delivered - 20 * HOUR,
                None,
            ),
            scan(
                "out_for_delivery",
                "Out for delivery".into(),
                "Local delivery office",
                delivered - 5 * HOUR,
                None,
            ),
            scan(
                "delivered",
                "Delivered".into(),
                "Recipient's address",
                delivered,
                Some(OrderStatus::Delivered),
            ),
        ]
    }
}

#[async_trait]
impl CarrierTracker for CarrierSimulator {
    async fn scans(
        &self,
        tracking: &TrackingNumber,
        shipped_at_ms: i64,
        now_ms: i64,
    ) -> AppResult<Vec<Scan>> {
        Ok(Self::journey(tracking, shipped_at_ms)
            .into_iter()
            .filter(|s| s.at_ms <= now_ms)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::tracking::Carrier;

    #[tokio::test]
    async fn scans_appear_as_time_passes_and_end_in_delivery() {
        let n = TrackingNumber::parse(Carrier::Ups, "1Z5R89390357567127").unwrap();
        let t0 = 1_000_000_000_000;
        let sim = CarrierSimulator;
        assert!(sim.scans(&n, t0, t0 + HOUR).await.unwrap().is_empty());
        let day = sim.scans(&n, t0, t0 + 25 * HOUR).await.unwrap();
        assert_eq!(day.len(), 2);
        assert_eq!(day[1].status, Some(OrderStatus::InTransit));
        let all = sim.scans(&n, t0, t0 + 200 * HOUR).await.unwrap();
        assert_eq!(all.last().unwrap().status, Some(OrderStatus::Delivered));
        assert!(all.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        let delivered = all.last().unwrap().at_ms - t0;
        assert!((72 * HOUR..=96 * HOUR).contains(&delivered));
    }
}

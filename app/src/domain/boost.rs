//! Boosted products: what a campaign is, how much an impression costs and when a
//! budget week starts. Spend is counted in thousandths of a minor unit, so a bid of
//! $2.00 per 1,000 impressions costs exactly 200 of them per impression.

use super::{Currency, Money, ParseError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The campaign form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CampaignDraft {
    pub name: String,
    pub products: Vec<i64>,
    /// Per 1,000 impressions, e.g. "2.50".
    pub bid: String,
    pub weekly_budget: String,
    /// YYYY-MM-DD, UTC; the campaign runs from the start of `starts` to the end of `ends`.
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCampaign {
    pub name: String,
    pub products: Vec<i64>,
    pub bid: Money,
    pub weekly_budget: Money,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The smallest bid: $0.10 per 1,000 impressions.
pub const MIN_BID_MINOR: i64 = 10;

impl CampaignDraft {
    pub fn check(&self, today: NaiveDate) -> Result<ValidCampaign, (&'static str, ParseError)> {
        let currency = Currency::default();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err((
                "name",
                ParseError::new("Name the campaign (up to 80 characters)."),
            ));
        }
        if self.products.is_empty() {
            return Err((
                "products",
                ParseError::new("Choose at least one product to boost."),
            ));
        }
        if self.products.len() > 50 {
            return Err((
                "products",
                ParseError::new("Boost at most 50 products per campaign."),
            ));
        }
        let bid = Money::parse(&self.bid, currency).map_err(|e| ("bid", e))?;
        if bid.minor() < MIN_BID_MINOR {
            return Err((
                "bid",
                ParseError::new("Bid at least $0.10 per 1,000 impressions."),
            ));
        }
        let weekly_budget =
            Money::parse(&self.weekly_budget, currency).map_err(|e| ("weekly_budget", e))?;
        if weekly_budget.minor() < bid.minor() {
            return Err((
                "weekly_budget",
                ParseError::new(
                    "The weekly budget must cover at least 1,000 impressions at your bid.",
                ),
            ));
        }
        let date = |s: &str, field: &'static str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| (field, ParseError::new("Enter a date as YYYY-MM-DD.")))
        };
        let starts = date(&self.starts, "starts")?;
        let ends = date(&self.ends, "ends")?;
        if ends < starts {
            return Err((
                "ends",
                ParseError::new("The end date is before the start date."),
            ));
        }
        if ends < today {
            return Err(("ends", ParseError::new("The end date has passed.")));
        }
        let midnight =
            |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
        Ok(ValidCampaign {
            name: name.to_owned(),
            products: {
                let mut p = self.products.clone();
                p.sort_unstable();
                p.dedup();
                p
            },
            bid,
            weekly_budget,
            starts_at: midnight(starts),
            ends_at: midnight(ends) + Duration::days(1),
        })
    }
}

/// The start (Monday 00:00 UTC) of the budget week holding `at`, in milliseconds.
pub fn week_start_ms(at: DateTime<Utc>) -> i64 {
    let date = at.date_naive();
    let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
    Utc.from_utc_datetime(&monday.and_hms_opt(0, 0, 0).unwrap_or_default())
        .timestamp_millis()
}

/// Thousandths of a minor unit as money, rounded down to the cent.
pub fn milli_to_money(milli: i64, currency: Currency) -> Money {
    Money::new(milli / 1000, currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CampaignDraft {
        CampaignDraft {
            name: "Spring".into(),
            products: vec![3, 1, 3],
            bid: "2.50".into(),
            weekly_budget: "20".into(),
            starts: "2026-03-02".into(),
            ends: "2026-03-31".into(),
        }
    }

    #[test]
    fn a_campaign_runs_whole_days_and_keeps_each_product_once() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let c = draft().check(today).unwrap();
        assert_eq!(c.products, [1, 3]);
        assert_eq!(c.bid.minor(), 250);
        assert_eq!(c.ends_at - c.starts_at, Duration::days(30));
    }

    #[test]
    fn bad_campaigns_name_their_field() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let field = |f: fn(&mut CampaignDraft)| {
            let mut d = draft();
            f(&mut d);
            d.check(today).unwrap_err().0
        };
        assert_eq!(field(|d| d.products.clear()), "products");
        assert_eq!(field(|d| d.bid = "0.05".into()), "bid");
        assert_eq!(field(|d| d.weekly_budget = "1".into()), "weekly_budget");
        assert_eq!(field(|d| d.ends = "2026-02-01".into()), "ends");
        assert_eq!(field(|d| d.starts = "soon".into()), "starts");
    }

    #[test]
    fn budget_weeks_start_on_monday_utc() {
        let wed = Utc.with_ymd_and_hms(2026, 3, 4, 15, 30, 0).unwrap();
        let mon = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
        assert_eq!(week_start_ms(wed), mon.timestamp_millis());
        assert_eq!(week_start_ms(mon), mon.timestamp_millis());
        assert_eq!(milli_to_money(2_599, Currency::default()).minor(), 2);
    }
}

//! When a parcel should arrive: handling on business days, then transit on calendar days.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Standard shipping's transit time, in calendar days.
pub const STANDARD_TRANSIT_DAYS: (u32, u32) = (5, 12);

/// Adds `days` business days (Monday to Friday) to `from`.
pub fn add_business_days(from: NaiveDate, days: u32) -> NaiveDate {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    date
}

/// The earliest and latest delivery dates of an order placed on `ordered`.
pub fn delivery_window(
    ordered: NaiveDate,
    handling_days: u32,
    transit: (u32, u32),
) -> (NaiveDate, NaiveDate) {
    let shipped = add_business_days(ordered, handling_days);
    (
        shipped + Duration::days(i64::from(transit.0)),
        shipped + Duration::days(i64::from(transit.1.max(transit.0))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn handling_skips_the_weekend() {
        // Friday + 2 business days = Tuesday.
        assert_eq!(add_business_days(day(2026, 11, 20), 2), day(2026, 11, 24));
        assert_eq!(add_business_days(day(2026, 11, 23), 0), day(2026, 11, 23));
    }

    #[test]
    fn an_order_placed_on_friday_with_two_handling_days_arrives_within_the_transit_window() {
        let (from, to) = delivery_window(day(2026, 11, 20), 2, STANDARD_TRANSIT_DAYS);
        assert_eq!(from, day(2026, 11, 29));
        assert_eq!(to, day(2026, 12, 6));
    }
}

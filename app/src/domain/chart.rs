//! Numbers for charts: daily buckets over a period and "nice" axis ticks.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Sums `(time, amount)` pairs into one bucket per UTC day from `first` for `days`
/// days; amounts outside the period are ignored.
pub fn daily(
    first: NaiveDate,
    days: usize,
    points: &[(DateTime<Utc>, i64)],
) -> Vec<(NaiveDate, i64)> {
    let mut out: Vec<(NaiveDate, i64)> = (0..days)
        .map(|i| (first + Duration::days(i as i64), 0))
        .collect();
    for (at, amount) in points {
        let offset = (at.date_naive() - first).num_days();
        if offset >= 0
            && let Some(bucket) = out.get_mut(offset as usize)
        {
            bucket.1 += amount;
        }
    }
    out
}

/// Axis ticks from 0 to at least `max`: 4–5 steps of 1, 2 or 5 × 10ⁿ.
pub fn nice_ticks(max: i64) -> Vec<i64> {
    if max <= 0 {
        return vec![0, 1];
    }
    let rough = (max as f64 / 4.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude) as i64;
    let step = step.max(1);
    let top = (max + step - 1) / step * step;
    (0..=top / step).map(|i| i * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn amounts_fall_into_their_day() {
        let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let at = |d, h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap();
        let days = daily(
            first,
            3,
            &[
                (at(1, 1), 5),
                (at(1, 23), 7),
                (at(3, 12), 2),
                (at(9, 0), 100),
            ],
        );
        assert_eq!(days.iter().map(|d| d.1).collect::<Vec<_>>(), [12, 0, 2]);
        assert_eq!(days[2].0, NaiveDate::from_ymd_opt(2026, 3, 3).unwrap());
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(nice_ticks(0), [0, 1]);
        assert_eq!(nice_ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(nice_ticks(100), [0, 50, 100]);
        assert_eq!(nice_ticks(12_345), [0, 5_000, 10_000, 15_000]);
        for max in [1, 3, 99, 1_001, 987_654] {
            let t = nice_ticks(max);
            assert!(*t.last().unwrap() >= max && t.len() <= 6, "{max}: {t:?}");
        }
    }
}

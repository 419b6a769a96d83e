//! Reviews buyers write from delivered orders: what a review may hold, how long it
//! stays editable, and what a store's reply and a report may say. Shared by the
//! review form (checked as the buyer types) and the server (checked again).

use chrono::{DateTime, Duration, Utc};

/// A review can be changed for this many days after it was written.
pub const EDIT_DAYS: i64 = 30;
/// The longest review text.
pub const MAX_REVIEW_CHARS: usize = 2000;
/// The longest store reply.
pub const MAX_REPLY_CHARS: usize = 1000;
/// The longest reason a buyer gives when reporting a review.
pub const MAX_REPORT_CHARS: usize = 300;
/// Photos on one review (the same as on a ticket).
pub const MAX_REVIEW_PHOTOS: usize = crate::domain::support::MAX_PHOTOS;

/// The last moment a review written at `written` may be changed (exclusive).
pub fn editable_until(written: DateTime<Utc>) -> DateTime<Utc> {
    written + Duration::days(EDIT_DAYS)
}

/// Whether a review written at `written` may still be changed at `now`: for 30 days
/// (exactly 30 days later it no longer may).
pub fn may_edit(written: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < editable_until(written)
}

/// Whether a review may be written about an order in this state: once delivered
/// (also when the order was refunded after delivery).
pub fn may_review(delivered_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    delivered_at.is_some_and(|at| at <= now)
}

/// Why a review's content is refused, in the buyer's words.
pub fn check_review(rating: i64, body: &str, photos: usize) -> Result<(), (&'static str, String)> {
    if !(1..=5).contains(&rating) {
        return Err(("rating", "Choose from 1 to 5 stars.".into()));
    }
    if body.chars().count() > MAX_REVIEW_CHARS {
        return Err((
            "body",
            format!("Keep the review under {MAX_REVIEW_CHARS} characters."),
        ));
    }
    if photos > MAX_REVIEW_PHOTOS {
        return Err((
            "photos",
            format!("Attach at most {MAX_REVIEW_PHOTOS} photos."),
        ));
    }
    Ok(())
}

/// Why a store's reply is refused.
pub fn check_reply(text: &str) -> Result<(), String> {
    let n = text.trim().chars().count();
    if n == 0 {
        return Err("Write a reply.".into());
    }
    if n > MAX_REPLY_CHARS {
        return Err(format!(
            "Keep the reply under {MAX_REPLY_CHARS} characters."
        ));
    }
    Ok(())
}

/// Why a report is refused.
pub fn check_report(reason: &str) -> Result<(), String> {
    let n = reason.trim().chars().count();
    if n == 0 {
        return Err("Say what is wrong with the review.".into());
    }
    if n > MAX_REPORT_CHARS {
        return Err(format!("Keep it under {MAX_REPORT_CHARS} characters."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
    }

    #[test]
    fn a_review_is_editable_until_just_before_thirty_days_have_passed() {
        let written = at(1, 9);
        assert!(may_edit(written, written));
        assert!(may_edit(written, at(31, 8)));
        assert!(
            !may_edit(written, at(31, 9)),
            "exactly 30 days later it is final"
        );
        assert!(!may_edit(written, at(31, 10)));
    }

    #[test]
    fn only_delivered_orders_can_be_reviewed() {
        assert!(!may_review(None, at(2, 0)));
        assert!(may_review(Some(at(1, 0)), at(2, 0)));
        assert!(
            !may_review(Some(at(3, 0)), at(2, 0)),
            "a delivery in the future has not happened"
        );
    }

    #[test]
    fn ratings_run_from_one_to_five_stars() {
        assert!(check_review(0, "", 0).is_err());
        assert!(check_review(6, "", 0).is_err());
        assert!(check_review(1, "", 0).is_ok());
        assert!(check_review(5, "Great", 5).is_ok());
    }

    #[test]
    fn long_texts_and_too_many_photos_are_refused() {
        let long = "x".repeat(MAX_REVIEW_CHARS + 1);
        assert_eq!(check_review(4, &long, 0).unwrap_err().0, "body");
        assert_eq!(check_review(4, "ok", 6).unwrap_err().0, "photos");
        assert!(check_reply("   ").is_err());
        assert!(check_reply(&"y".repeat(MAX_REPLY_CHARS + 1)).is_err());
        assert!(check_reply("Thank you!").is_ok());
        assert!(check_report("").is_err());
        assert!(check_report("Insults the seller").is_ok());
    }
}

//! Writing CSV for spreadsheets: every export (catalogue, ledger, payouts, disputes)
//! goes through these, so quoting, formula guarding and amounts are the same in all.

use app::domain::{Currency, Money};
use chrono::{DateTime, Utc};

/// One CSV field, quoted when it holds a comma, quote or line break; a leading
/// `=`, `+`, `-` or `@` in text is prefixed with `'` so spreadsheets do not run it.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Minor units as a CSV amount in major units: -8.25, 46.75, 0.05.
pub fn amount(minor: i64) -> String {
    Money::new(minor, Currency::default()).decimal()
}

/// A time as ISO 8601 in UTC, to the second: 2026-03-01T09:30:00Z.
pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_a_formula_is_defused() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("-12.5"), "-12.5");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("plain"), "plain");
    }

    #[test]
    fn amounts_keep_two_decimals_and_their_sign() {
        assert_eq!(amount(4675), "46.75");
        assert_eq!(amount(-825), "-8.25");
        assert_eq!(amount(5), "0.05");
        assert_eq!(amount(-5), "-0.05");
        assert_eq!(amount(0), "0.00");
    }
}

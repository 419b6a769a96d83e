//! Money as an integer count of minor units with its ISO-4217 currency.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// The currencies the marketplace settles in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Currency {
    #[default]
    USD,
    EUR,
    GBP,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::USD => "USD",
            Currency::EUR => "EUR",
            Currency::GBP => "GBP",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::USD => "$",
            Currency::EUR => "€",
            Currency::GBP => "£",
        }
    }

    pub fn parse(code: &str) -> Result<Self, ParseError> {
        match code.trim().to_ascii_uppercase().as_str() {
            "USD" => Ok(Currency::USD),
            "EUR" => Ok(Currency::EUR),
            "GBP" => Ok(Currency::GBP),
            other => Err(ParseError::new(format!("Unknown currency “{other}”."))),
        }
    }
}

/// An amount of money: minor units (cents) and a currency. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub const fn usd(minor: i64) -> Self {
        Self::new(minor, Currency::USD)
    }

    pub const fn minor(self) -> i64 {
        self.minor
    }

    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// Parses what a person types as a price: "12", "12.5", "12.50", "$1,299.99".
    /// Negative amounts and more than two decimals are refused.
    pub fn parse(input: &str, currency: Currency) -> Result<Self, ParseError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches(currency.symbol())
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let invalid = || ParseError::new("Enter a price such as 12.99.");
        if cleaned.is_empty() || cleaned.starts_with('-') {
            return Err(invalid());
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(invalid());
        }
        if frac.len() > 2 {
            return Err(ParseError::new("A price has at most two decimals."));
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| invalid())?
        };
        let frac_value: i64 = format!("{frac:0<2}").parse().map_err(|_| invalid())?;
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(frac_value))
            .map(|minor| Self::new(minor, currency))
            .ok_or_else(|| ParseError::new("That price is too large."))
    }

    /// The amount as a plain decimal, as [`Money::parse`] reads it back and as
    /// spreadsheets and form fields expect: "1299.99", "-8.25", "0.05".
    pub fn decimal(self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// The sum of two amounts in the same currency.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.minor.checked_add(other.minor))
            .flatten()
            .map(|minor| Money::new(minor, self.currency))
    }

    /// This amount times a count, e.g. a unit price times a quantity.
    pub fn times(self, count: u32) -> Option<Money> {
        self.minor
            .checked_mul(i64::from(count))
            .map(|minor| Money::new(minor, self.currency))
    }

    /// The whole percent that `self` is below `reference` (a compare-at price), if lower.
    pub fn percent_off(self, reference: Money) -> Option<u32> {
        if reference.currency != self.currency
            || reference.minor <= self.minor
            || reference.minor <= 0
        {
            return None;
        }
        let off = (reference.minor - self.minor) * 100 / reference.minor;
        u32::try_from(off).ok().filter(|p| *p > 0)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(
            f,
            "{sign}{}{grouped}.{:02}",
            self.currency.symbol(),
            abs % 100
        )
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn decimal_text_reads_back_and_keeps_its_sign() {
        for minor in [0, 5, 99, 100, 4675, 129_999] {
            let m = Money::new(minor, Currency::USD);
            assert_eq!(Money::parse(&m.decimal(), Currency::USD), Ok(m));
        }
        assert_eq!(Money::new(-825, Currency::USD).decimal(), "-8.25");
        assert_eq!(Money::new(-5, Currency::USD).decimal(), "-0.05");
    }
    use super::*;

    #[test]
    fn a_typed_price_becomes_minor_units() {
        assert_eq!(Money::parse("12", Currency::USD).unwrap().minor(), 1200);
        assert_eq!(Money::parse("12.5", Currency::USD).unwrap().minor(), 1250);
        assert_eq!(
            Money::parse("$1,299.99", Currency::USD).unwrap().minor(),
            129_999
        );
        assert_eq!(Money::parse(".99", Currency::USD).unwrap().minor(), 99);
    }

    #[test]
    fn negative_fractional_cent_and_garbage_prices_are_refused() {
        for bad in ["-1", "1.999", "abc", "", "1.2.3", "."] {
            assert!(
                Money::parse(bad, Currency::USD).is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn money_is_shown_with_symbol_grouping_and_two_decimals() {
        assert_eq!(Money::usd(129_999).to_string(), "$1,299.99");
        assert_eq!(Money::usd(5).to_string(), "$0.05");
        assert_eq!(Money::usd(-250).to_string(), "-$2.50");
    }

    #[test]
    fn amounts_in_different_currencies_do_not_add() {
        let usd = Money::usd(100);
        assert_eq!(usd.checked_add(Money::usd(50)), Some(Money::usd(150)));
        assert_eq!(usd.checked_add(Money::new(50, Currency::EUR)), None);
    }

    #[test]
    fn percent_off_is_whole_percent_below_compare_at() {
        assert_eq!(Money::usd(750).percent_off(Money::usd(1000)), Some(25));
        assert_eq!(Money::usd(1000).percent_off(Money::usd(1000)), None);
        assert_eq!(Money::usd(1200).percent_off(Money::usd(1000)), None);
    }
}

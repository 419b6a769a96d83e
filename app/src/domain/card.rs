//! Payment card input as typed at checkout. The number is checked here (length and
//! Luhn check digit) and handed to the gateway for a token; it is never stored.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// A card number that passed the length and check-digit tests. Not `Serialize`
/// and its `Debug` hides all but the last four digits, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardNumber(…{})", self.last4())
    }
}

impl CardNumber {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(ParseError::new("Enter the card number."));
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(ParseError::new("A card number has only digits."));
        }
        if !(12..=19).contains(&digits.len()) {
            return Err(ParseError::new(
                "That card number is too short or too long.",
            ));
        }
        if !luhn_ok(&digits) {
            return Err(ParseError::new(
                "That card number is not valid. Check the digits.",
            ));
        }
        Ok(Self(digits))
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    pub fn brand(&self) -> CardBrand {
        let d = &self.0;
        let prefix2: u32 = d[..2].parse().unwrap_or(0);
        let prefix4: u32 = d[..4].parse().unwrap_or(0);
        if d.starts_with('4') {
            CardBrand::Visa
        } else if (51..=55).contains(&prefix2) || (2221..=2720).contains(&prefix4) {
            CardBrand::Mastercard
        } else if prefix2 == 34 || prefix2 == 37 {
            CardBrand::Amex
        } else if d.starts_with("6011") || d.starts_with("65") {
            CardBrand::Discover
        } else {
            CardBrand::Other
        }
    }
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Other,
}

impl CardBrand {
    pub fn name(self) -> &'static str {
        match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::Discover => "Discover",
            CardBrand::Other => "Card",
        }
    }
}

/// A card's expiry month and year, not in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expiry {
    pub month: u32,
    pub year: i32,
}

impl Expiry {
    /// Parses "MM/YY" or "MM/YYYY"; `today` is (year, month).
    pub fn parse(input: &str, today: (i32, u32)) -> Result<Self, ParseError> {
        let invalid = || ParseError::new("Enter the expiry date as MM/YY.");
        let (m, y) = input.trim().split_once('/').ok_or_else(invalid)?;
        let month: u32 = m.trim().parse().map_err(|_| invalid())?;
        let year: i32 = y.trim().parse().map_err(|_| invalid())?;
        let year = if (0..100).contains(&year) {
            2000 + year
        } else {
            year
        };
        if !(1..=12).contains(&month) {
            return Err(invalid());
        }
        if (year, month) < today {
            return Err(ParseError::new("This card has expired."));
        }
        if year > today.0 + 20 {
            return Err(invalid());
        }
        Ok(Self { month, year })
    }
}

/// The security code: 3 digits, or 4 for American Express.
pub fn check_cvc(input: &str, brand: CardBrand) -> Result<(), ParseError> {
    let len = if brand == CardBrand::Amex { 4 } else { 3 };
    if input.len() == len && input.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ParseError::new(format!(
            "Enter the {len}-digit security code."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_well_known_test_numbers_pass_the_check_digit() {
        for n in [
            "4242 4242 4242 4242",
            "4000 0000 0000 0002",
            "4000-0000-0000-9995",
            "5555555555554444",
        ] {
            assert!(CardNumber::parse(n).is_ok(), "{n}");
        }
        assert_eq!(
            CardNumber::parse("4242424242424242").unwrap().brand(),
            CardBrand::Visa
        );
        assert_eq!(
            CardNumber::parse("5555555555554444").unwrap().brand(),
            CardBrand::Mastercard
        );
    }

    #[test]
    fn mistyped_numbers_are_refused() {
        for n in ["4242 4242 4242 4241", "1234", "4242x4242x4242x4242", ""] {
            assert!(CardNumber::parse(n).is_err(), "{n}");
        }
    }

    #[test]
    fn debug_output_hides_the_number() {
        let n = CardNumber::parse("4242424242424242").unwrap();
        assert_eq!(format!("{n:?}"), "CardNumber(…4242)");
    }

    #[test]
    fn expiry_must_be_a_real_month_not_in_the_past() {
        let today = (2026, 11);
        assert_eq!(
            Expiry::parse("12/28", today),
            Ok(Expiry {
                month: 12,
                year: 2028
            })
        );
        assert!(Expiry::parse("11/26", today).is_ok());
        assert!(Expiry::parse("10/26", today).is_err());
        assert!(Expiry::parse("13/30", today).is_err());
        assert!(Expiry::parse("1230", today).is_err());
    }

    #[test]
    fn cvc_length_follows_the_brand() {
        assert!(check_cvc("123", CardBrand::Visa).is_ok());
        assert!(check_cvc("1234", CardBrand::Visa).is_err());
        assert!(check_cvc("1234", CardBrand::Amex).is_ok());
    }
}

//! Small pieces of typed text and counts: names and quantities.

use super::ParseError;
use serde::{Deserialize, Serialize};

fn bounded_text(input: &str, what: &str, min: usize, max: usize) -> Result<String, ParseError> {
    let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = text.chars().count();
    if len < min {
        return Err(ParseError::new(format!(
            "Enter {what} of at least {min} characters."
        )));
    }
    if len > max {
        return Err(ParseError::new(format!(
            "Keep {what} to {max} characters or fewer."
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(ParseError::new(format!(
            "Remove the control characters from {what}."
        )));
    }
    Ok(text)
}

/// The name a person shows on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        bounded_text(input, "a name", 1, 60).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A store's public name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreName(String);

impl StoreName {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        bounded_text(input, "a store name", 3, 60).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many units of a variant: 1 to 999 in one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Quantity(u32);

impl Quantity {
    pub const MAX: u32 = 999;

    pub fn new(value: u32) -> Result<Self, ParseError> {
        if value == 0 {
            Err(ParseError::new("Choose at least one."))
        } else if value > Self::MAX {
            Err(ParseError::new(format!("At most {} at a time.", Self::MAX)))
        } else {
            Ok(Self(value))
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        input
            .trim()
            .parse::<u32>()
            .map_err(|_| ParseError::new("Enter a whole number."))
            .and_then(Self::new)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantity_is_between_one_and_the_maximum() {
        assert_eq!(Quantity::parse(" 3 ").unwrap().get(), 3);
        for bad in ["0", "-1", "1000", "two", "1.5", ""] {
            assert!(Quantity::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn names_collapse_whitespace_and_respect_bounds() {
        assert_eq!(
            DisplayName::parse("  Ann   Lee ").unwrap().as_str(),
            "Ann Lee"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(StoreName::parse("ab").is_err());
        assert!(StoreName::parse(&"x".repeat(61)).is_err());
    }
}

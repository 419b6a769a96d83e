//! A stock-keeping unit: the seller's code for one variant.

use super::ParseError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sku(String);

impl Sku {
    /// 1–40 characters of A–Z, 0–9, '-', '_' or '.', upper-cased; starts with a letter or digit.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let sku = input.trim().to_ascii_uppercase();
        if sku.is_empty() {
            return Err(ParseError::new("Enter a SKU."));
        }
        if sku.len() > 40 {
            return Err(ParseError::new("A SKU has at most 40 characters."));
        }
        let starts_ok = sku
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if !starts_ok
            || !sku
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(ParseError::new(
                "A SKU uses letters, digits, '-', '_' and '.', and starts with a letter or digit.",
            ));
        }
        Ok(Self(sku))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Sku {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sku_is_trimmed_and_upper_cased() {
        assert_eq!(Sku::parse(" tee-blk-m ").unwrap().as_str(), "TEE-BLK-M");
    }

    #[test]
    fn skus_with_spaces_symbols_or_too_long_are_refused() {
        let long = "A".repeat(41);
        for bad in ["", "tee shirt", "-TEE", "TEE/1", "TÉE", long.as_str()] {
            assert!(Sku::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}

//! The key a client sends with a mutation so that a retry or a replay runs it once.

use super::ParseError;

/// A client's idempotency key: 8 to 100 ASCII letters, digits, dashes or
/// underscores (the browser sends a UUID). Parsed at the edge; services take only
/// this type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        if input.is_empty() {
            return Err(ParseError::new(
                "The request is missing its idempotency key.",
            ));
        }
        let ok = (8..=100).contains(&input.len())
            && input
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(ParseError::new(
                "The request's idempotency key is malformed.",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_a_key() {
        let key = IdempotencyKey::parse("0b6e6f2c-5d1e-4c4a-9a53-6f1d7f0f1a2b").unwrap();
        assert_eq!(key.as_str(), "0b6e6f2c-5d1e-4c4a-9a53-6f1d7f0f1a2b");
    }

    #[test]
    fn an_empty_key_is_missing() {
        assert_eq!(
            IdempotencyKey::parse("").unwrap_err().0,
            "The request is missing its idempotency key."
        );
    }

    #[test]
    fn short_long_and_unusual_keys_are_malformed() {
        for bad in [
            "short",
            &"k".repeat(101),
            "has space-1234",
            "ключ-12345678",
            "semi;colon1",
        ] {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad:?}");
        }
        assert!(IdempotencyKey::parse(&"k".repeat(100)).is_ok());
        assert!(IdempotencyKey::parse("12345678").is_ok());
    }
}

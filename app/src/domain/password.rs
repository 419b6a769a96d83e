//! The password policy: long enough, not trivially guessable. Hashing lives on the server.

use super::ParseError;

/// A password that meets the policy. Never serialised, never logged.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 10;

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let chars = input.chars().count();
        if chars < Self::MIN_LEN {
            return Err(ParseError::new(format!(
                "Use at least {} characters for your password.",
                Self::MIN_LEN
            )));
        }
        if chars > 128 {
            return Err(ParseError::new(
                "Use at most 128 characters for your password.",
            ));
        }
        let distinct: std::collections::HashSet<char> = input.chars().collect();
        let lower = input.to_lowercase();
        if distinct.len() < 4 || COMMON.iter().any(|c| lower.contains(c)) {
            return Err(ParseError::new(
                "That password is too easy to guess; pick another.",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

const COMMON: &[&str] = &[
    "password1",
    "1234567890",
    "qwertyuiop",
    "0987654321",
    "letmein123",
    "iloveyou12",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_repetitive_and_common_passwords_are_refused() {
        for bad in ["short", "aaaaaaaaaaaa", "Password123", "1234567890ab"] {
            assert!(Password::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_long_varied_password_is_accepted() {
        assert!(Password::parse("correct horse battery").is_ok());
        assert!(Password::parse("demo-password").is_ok());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}

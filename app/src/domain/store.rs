//! A store's public profile and payout details, as the seller types them.

use super::{Email, ParseError, StoreName};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StoreProfileDraft {
    pub name: String,
    pub description: String,
    pub contact_email: String,
    /// ISO country code the store ships from.
    pub ships_from: String,
    pub payout_holder: String,
    pub payout_iban: String,
    /// The key of the uploaded logo image; empty for none (the store's initial shows).
    #[serde(default)]
    pub logo: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStoreProfile {
    pub name: StoreName,
    pub description: String,
    pub contact_email: Email,
    pub ships_from: String,
    pub payout_holder: String,
    pub payout_iban: String,
    pub logo: Option<String>,
}

/// Checks an IBAN: 15–34 letters and digits, a country code, and the ISO 13616
/// mod-97 check. Returns it without spaces, upper-cased.
pub fn parse_iban(input: &str) -> Result<String, ParseError> {
    let iban: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let shape = (15..=34).contains(&iban.len())
        && iban.chars().all(|c| c.is_ascii_alphanumeric())
        && iban[..2].chars().all(|c| c.is_ascii_uppercase())
        && iban[2..4].chars().all(|c| c.is_ascii_digit());
    if !shape {
        return Err(ParseError::new(
            "Enter an IBAN like DE89 3704 0044 0532 0130 00.",
        ));
    }
    let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
    let mut rest: u32 = 0;
    for c in rearranged.chars() {
        let digits = if c.is_ascii_digit() {
            c.to_string()
        } else {
            (u32::from(c) - u32::from('A') + 10).to_string()
        };
        for d in digits.chars() {
            rest = (rest * 10 + d.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    if rest != 1 {
        return Err(ParseError::new(
            "That IBAN's check digits do not match; check it for a typo.",
        ));
    }
    Ok(iban)
}

/// An IBAN shown with all but the last four characters hidden.
pub fn mask_iban(iban: &str) -> String {
    if iban.len() <= 4 {
        return iban.to_owned();
    }
    format!("{}•••• {}", &iban[..2], &iban[iban.len() - 4..])
}

impl StoreProfileDraft {
    pub fn check(&self, origins: &[&str]) -> Result<ValidStoreProfile, (&'static str, ParseError)> {
        let name = StoreName::parse(&self.name).map_err(|e| ("name", e))?;
        let description = self.description.trim().to_owned();
        if description.chars().count() > 2_000 {
            return Err((
                "description",
                ParseError::new("Keep the description under 2,000 characters."),
            ));
        }
        let contact_email = Email::parse(&self.contact_email).map_err(|e| ("contact_email", e))?;
        let ships_from = self.ships_from.trim().to_ascii_uppercase();
        if !origins.contains(&ships_from.as_str()) {
            return Err((
                "ships_from",
                ParseError::new("Choose the country you ship from."),
            ));
        }
        let payout_holder = self.payout_holder.trim().to_owned();
        if payout_holder.chars().count() < 2 || payout_holder.chars().count() > 100 {
            return Err((
                "payout_holder",
                ParseError::new("Enter the account holder's name."),
            ));
        }
        let payout_iban = parse_iban(&self.payout_iban).map_err(|e| ("payout_iban", e))?;
        let logo = self.logo.trim();
        let logo = if logo.is_empty() {
            None
        } else if logo.len() <= 64 && logo.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some(logo.to_owned())
        } else {
            return Err(("logo", ParseError::new("Upload the logo again.")));
        };
        Ok(ValidStoreProfile {
            name,
            description,
            contact_email,
            ships_from,
            payout_holder,
            payout_iban,
            logo,
        })
    }
}

/// The dashboard's conversion: the share of visitors who ordered, to one decimal,
/// in integer arithmetic ("—" with no visitors). Capped at 100 %: those who ordered
/// are counted among the visitors, so a larger count is a fault in the data.
pub fn conversion_label(ordering_visitors: i64, visitors: i64) -> String {
    if visitors <= 0 {
        return "—".into();
    }
    let ordering = ordering_visitors.clamp(0, visitors);
    // Tenths of a percent, rounded half up.
    let tenths = (ordering * 2000 + visitors) / (visitors * 2);
    format!("{}.{} %", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_is_the_share_of_visitors_who_ordered_and_never_passes_100_percent() {
        assert_eq!(conversion_label(0, 0), "—");
        assert_eq!(conversion_label(1, 8), "12.5 %");
        assert_eq!(conversion_label(1, 3), "33.3 %");
        assert_eq!(conversion_label(2, 3), "66.7 %");
        assert_eq!(conversion_label(2, 2), "100.0 %");
        assert_eq!(conversion_label(11, 2), "100.0 %");
    }

    #[test]
    fn ibans_are_checked_with_mod_97() {
        assert_eq!(
            parse_iban("de89 3704 0044 0532 0130 00").unwrap(),
            "DE89370400440532013000"
        );
        assert!(parse_iban("GB82 WEST 1234 5698 7654 32").is_ok());
        assert!(parse_iban("DE89 3704 0044 0532 0130 01").is_err());
        assert!(parse_iban("12345").is_err());
        assert_eq!(mask_iban("DE89370400440532013000"), "DE•••• 3000");
    }

    #[test]
    fn a_profile_names_the_field_it_refuses() {
        let ok = StoreProfileDraft {
            name: "Harbor Goods".into(),
            description: "Things for the sea.".into(),
            contact_email: "help@harbor.example".into(),
            ships_from: "us".into(),
            payout_holder: "Harbor Goods LLC".into(),
            payout_iban: "DE89370400440532013000".into(),
            logo: String::new(),
        };
        assert_eq!(ok.check(&["US", "CN"]).unwrap().ships_from, "US");
        let mut bad = ok.clone();
        bad.payout_iban = "DE00".into();
        assert_eq!(bad.check(&["US"]).unwrap_err().0, "payout_iban");
        let mut bad = ok.clone();
        bad.ships_from = "XX".into();
        assert_eq!(bad.check(&["US"]).unwrap_err().0, "ships_from");
        let mut bad = ok.clone();
        bad.contact_email = "nope".into();
        assert_eq!(bad.check(&["US"]).unwrap_err().0, "contact_email");
        let mut bad = ok;
        bad.logo = "../../etc/passwd".into();
        assert_eq!(bad.check(&["US"]).unwrap_err().0, "logo");
    }
}

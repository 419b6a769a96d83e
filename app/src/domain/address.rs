//! A shipping address, validated the same way in the browser and on the server.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// Countries the marketplace ships to: (ISO code, name).
pub const COUNTRIES: [(&str, &str); 10] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("AU", "Australia"),
    ("CN", "China"),
];

/// What a person types into the address form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AddressInput {
    pub full_name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    #[serde(default)]
    pub region: String,
    pub postal_code: String,
    pub country: String,
    #[serde(default)]
    pub phone: String,
}

/// An address that passed validation; each error names its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address(AddressInput);

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn required(
    field: &'static str,
    value: &str,
    what: &str,
    max: usize,
) -> Result<String, (&'static str, ParseError)> {
    let v = clean(value);
    if v.is_empty() {
        return Err((field, ParseError::new(format!("Enter {what}."))));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err((
            field,
            ParseError::new(format!("Keep {what} to {max} characters.")),
        ));
    }
    Ok(v)
}

impl Address {
    /// Checks every field; the error carries the field's name.
    pub fn parse(input: &AddressInput) -> Result<Self, (&'static str, ParseError)> {
        let full_name = required("full_name", &input.full_name, "the recipient's name", 80)?;
        let line1 = required("line1", &input.line1, "the street address", 120)?;
        let line2 = clean(&input.line2);
        if line2.chars().count() > 120 {
            return Err((
                "line2",
                ParseError::new("Keep the second line to 120 characters."),
            ));
        }
        let city = required("city", &input.city, "the city", 80)?;
        let region = clean(&input.region);
        let country = input.country.trim().to_ascii_uppercase();
        if !COUNTRIES.iter().any(|(code, _)| *code == country) {
            return Err(("country", ParseError::new("Choose a country we ship to.")));
        }
        if country == "US" && region.is_empty() {
            return Err(("region", ParseError::new("Enter the state.")));
        }
        let postal_code = clean(&input.postal_code).to_ascii_uppercase();
        if !postal_code_ok(&country, &postal_code) {
            return Err((
                "postal_code",
                ParseError::new(match country.as_str() {
                    "US" => "Enter a ZIP code such as 94103 or 94103-1234.",
                    "GB" => "Enter a postcode such as SW1A 1AA.",
                    _ => "Enter a valid postal code.",
                }),
            ));
        }
        let phone = clean(&input.phone);
        if !phone.is_empty()
            && (phone.chars().filter(char::is_ascii_digit).count() < 6
                || !phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c)))
        {
            return Err((
                "phone",
                ParseError::new("Enter a phone number with digits only."),
            ));
        }
        Ok(Self(AddressInput {
            full_name,
            line1,
            line2,
            city,
            region,
            postal_code,
            country,
            phone,
        }))
    }

    pub fn fields(&self) -> &AddressInput {
        &self.0
    }

    /// The address as lines on a label.
    pub fn lines(&self) -> Vec<String> {
        let a = &self.0;
        let mut lines = vec![a.full_name.clone(), a.line1.clone()];
        if !a.line2.is_empty() {
            lines.push(a.line2.clone());
        }
        let place = [a.city.as_str(), a.region.as_str(), a.postal_code.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(place);
        lines.push(
            COUNTRIES
                .iter()
                .find(|(c, _)| *c == a.country)
                .map(|(_, n)| (*n).to_owned())
                .unwrap_or_else(|| a.country.clone()),
        );
        lines
    }
}

fn postal_code_ok(country: &str, code: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match country {
        "US" => {
            digits(code, 5)
                || code
                    .split_once('-')
                    .is_some_and(|(a, b)| digits(a, 5) && digits(b, 4))
        }
        "DE" | "FR" | "ES" | "IT" => digits(code, 5),
        "AU" => digits(code, 4),
        "CN" => digits(code, 6),
        "GB" => {
            let compact: String = code.chars().filter(|c| *c != ' ').collect();
            (5..=7).contains(&compact.len())
                && compact.chars().all(|c| c.is_ascii_alphanumeric())
                && compact
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && compact[compact.len() - 3..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
        }
        _ => {
            (3..=10).contains(&code.len())
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AddressInput {
        AddressInput {
            full_name: "  Ada   Lovelace ".into(),
            line1: "1 Market St".into(),
            city: "San Francisco".into(),
            region: "CA".into(),
            postal_code: "94105".into(),
            country: "us".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_address_is_tidied() {
        let a = Address::parse(&input()).unwrap();
        assert_eq!(a.fields().full_name, "Ada Lovelace");
        assert_eq!(a.fields().country, "US");
        assert_eq!(a.lines().last().unwrap(), "United States");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Change = fn(&mut AddressInput);
        let cases: [(&str, Change); 5] = [
            ("full_name", |a| a.full_name = " ".into()),
            ("line1", |a| a.line1.clear()),
            ("postal_code", |a| a.postal_code = "9410".into()),
            ("country", |a| a.country = "ZZ".into()),
            ("region", |a| a.region.clear()),
        ];
        for (field, change) in cases {
            let mut a = input();
            change(&mut a);
            assert_eq!(Address::parse(&a).unwrap_err().0, field);
        }
    }

    #[test]
    fn postal_codes_follow_the_country() {
        assert!(postal_code_ok("US", "94105-1234"));
        assert!(postal_code_ok("GB", "SW1A 1AA"));
        assert!(!postal_code_ok("GB", "12345"));
        assert!(postal_code_ok("CN", "100000"));
        assert!(!postal_code_ok("DE", "1234"));
    }
}

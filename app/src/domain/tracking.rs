//! Carriers and their tracking-number formats. A seller types a number when shipping;
//! `TrackingNumber::parse` checks its shape and, where the carrier defines one, its
//! check digit, so a typo is caught before the buyer gets a number that tracks nothing.
//!
//! Formats accepted:
//! - USPS: 20 digits, or 22 digits starting 91–95 (Intelligent Mail package barcode),
//!   mod-10 check digit (weights 3, 1 from the left); or an S10 number ending "US".
//! - UPS: "1Z", 15 letters or digits, a mod-10 check character (letters count as
//!   (code − 3) mod 10, every second character doubled).
//! - FedEx: 12 digits (Express; weights 3, 1, 7, sum mod 11 mod 10), 15 digits (Ground;
//!   mod 10, every second digit tripled) or 22 digits starting 96 (Ground 96; the same
//!   rule over the last 14 digits before the check digit).
//! - DHL Express: 10 or 11 digits, the last one the rest modulo 7.
//! - China Post / EMS and Royal Mail: the UPU S10 format, two letters, eight digits, a
//!   check digit (weights 8 6 4 2 3 5 9 7, mod 11) and the country ("CN" or "GB").

use super::ParseError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Carrier {
    Usps,
    Ups,
    Fedex,
    Dhl,
    ChinaPost,
    RoyalMail,
}

impl Carrier {
    pub const ALL: [Carrier; 6] = [
        Carrier::Usps,
        Carrier::Ups,
        Carrier::Fedex,
        Carrier::Dhl,
        Carrier::ChinaPost,
        Carrier::RoyalMail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Usps => "usps",
            Carrier::Ups => "ups",
            Carrier::Fedex => "fedex",
            Carrier::Dhl => "dhl",
            Carrier::ChinaPost => "china_post",
            Carrier::RoyalMail => "royal_mail",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Carrier::Usps => "USPS",
            Carrier::Ups => "UPS",
            Carrier::Fedex => "FedEx",
            Carrier::Dhl => "DHL Express",
            Carrier::ChinaPost => "China Post / EMS",
            Carrier::RoyalMail => "Royal Mail",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == input)
            .ok_or_else(|| ParseError::new("Choose a carrier."))
    }

    /// What a valid number looks like, for the error message and the field's hint.
    pub fn format_hint(self) -> &'static str {
        match self {
            Carrier::Usps => "20 or 22 digits, or like EA123456785US",
            Carrier::Ups => "18 characters starting with 1Z",
            Carrier::Fedex => "12, 15 or 22 digits",
            Carrier::Dhl => "10 or 11 digits",
            Carrier::ChinaPost => "like EA123456785CN",
            Carrier::RoyalMail => "like AB123456785GB",
        }
    }

    /// The carrier's public tracking page for a number.
    pub fn tracking_url(self, number: &str) -> String {
        match self {
            Carrier::Usps => {
                format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={number}")
            }
            Carrier::Ups => format!("https://www.ups.com/track?tracknum={number}"),
            Carrier::Fedex => format!("https://www.fedex.com/fedextrack/?trknbr={number}"),
            Carrier::Dhl => {
                format!("https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}")
            }
            Carrier::ChinaPost => format!("https://www.ems.com.cn/qps/yjcx?mailNum={number}"),
            Carrier::RoyalMail => {
                format!("https://www.royalmail.com/track-your-item#/tracking-results/{number}")
            }
        }
    }
}

/// A tracking number that fits its carrier's format, upper-cased, without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingNumber {
    carrier: Carrier,
    number: String,
}

impl TrackingNumber {
    pub fn parse(carrier: Carrier, input: &str) -> Result<Self, ParseError> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if number.is_empty() {
            return Err(ParseError::new("Enter the tracking number."));
        }
        // Every carrier's numbers are ASCII letters and digits; the shape checks
        // below slice by byte and rely on it.
        let shape_ok = if !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Shape::Malformed
        } else {
            match carrier {
                Carrier::Usps => is_usps(&number),
                Carrier::Ups => is_ups(&number),
                Carrier::Fedex => is_fedex(&number),
                Carrier::Dhl => is_dhl(&number),
                Carrier::ChinaPost => s10(&number, "CN"),
                Carrier::RoyalMail => s10(&number, "GB"),
            }
        };
        match shape_ok {
            Shape::Valid => Ok(Self { carrier, number }),
            Shape::Malformed => Err(ParseError::new(format!(
                "That is not a {} tracking number: expected {}.",
                carrier.label(),
                carrier.format_hint()
            ))),
            Shape::BadCheckDigit => Err(ParseError::new(format!(
                "That {} tracking number's check digit does not match; check it for a typo.",
                carrier.label()
            ))),
        }
    }

    pub fn carrier(&self) -> Carrier {
        self.carrier
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }
}

enum Shape {
    Valid,
    Malformed,
    BadCheckDigit,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn checked(ok: bool) -> Shape {
    if ok {
        Shape::Valid
    } else {
        Shape::BadCheckDigit
    }
}

/// A character's value in the mod-10 schemes: digits as themselves, letters as
/// (ASCII code − 3) mod 10 (A = 2, B = 3, … I = 0).
fn value(c: u8) -> u32 {
    if c.is_ascii_digit() {
        u32::from(c - b'0')
    } else {
        (u32::from(c) - 3) % 10
    }
}

/// Mod-10 check over `sequence` from the left: characters at even positions (0, 2, …)
/// are multiplied by `even`, those at odd positions by `odd`.
fn mod10(sequence: &str, check: u8, even: u32, odd: u32) -> bool {
    let total: u32 = sequence
        .bytes()
        .enumerate()
        .map(|(i, c)| value(c) * if i % 2 == 0 { even } else { odd })
        .sum();
    (10 - total % 10) % 10 == value(check)
}

fn split_check(number: &str) -> (&str, u8) {
    let (sequence, check) = number.split_at(number.len() - 1);
    (sequence, check.as_bytes()[0])
}

fn is_usps(number: &str) -> Shape {
    if number.len() == 13 {
        return s10(number, "US");
    }
    let impb = number.len() == 22 && matches!(&number[..2], "91" | "92" | "93" | "94" | "95");
    if !all_digits(number) || !(number.len() == 20 || impb) {
        return Shape::Malformed;
    }
    let (sequence, check) = split_check(number);
    checked(mod10(sequence, check, 3, 1))
}

fn is_ups(number: &str) -> Shape {
    if number.len() != 18
        || !number.starts_with("1Z")
        || !number.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Shape::Malformed;
    }
    let (sequence, check) = split_check(&number[2..]);
    checked(mod10(sequence, check, 1, 2))
}

fn is_fedex(number: &str) -> Shape {
    if !all_digits(number) {
        return Shape::Malformed;
    }
    match number.len() {
        12 => {
            let (sequence, check) = split_check(number);
            let weights = [3, 1, 7];
            let total: u32 = sequence
                .bytes()
                .enumerate()
                .map(|(i, c)| u32::from(c - b'0') * weights[i % 3])
                .sum();
            checked(total % 11 % 10 == u32::from(check - b'0'))
        }
        15 => {
            let (sequence, check) = split_check(number);
            checked(mod10(sequence, check, 1, 3))
        }
        22 if number.starts_with("96") => {
            let (sequence, check) = split_check(&number[7..]);
            checked(mod10(sequence, check, 1, 3))
        }
        _ => Shape::Malformed,
    }
}

fn is_dhl(number: &str) -> Shape {
    if !all_digits(number) || !(number.len() == 10 || number.len() == 11) {
        return Shape::Malformed;
    }
    let (sequence, check) = split_check(number);
    let serial: u64 = sequence.parse().unwrap_or(0);
    checked(serial % 7 == u64::from(check - b'0'))
}

/// The UPU S10 format: two letters, eight digits, a check digit, the country code.
fn s10(number: &str, country: &str) -> Shape {
    let b = number.as_bytes();
    let shape = b.len() == 13
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..11].iter().all(u8::is_ascii_digit)
        && &number[11..] == country;
    if !shape {
        return Shape::Malformed;
    }
    let weights = [8, 6, 4, 2, 3, 5, 9, 7];
    let total: u32 = b[2..10]
        .iter()
        .zip(weights)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = match 11 - total % 11 {
        10 => 0,
        11 => 5,
        n => n,
    };
    checked(check == u32::from(b[10] - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_letters_outside_ascii_is_refused_not_a_panic() {
        let input = "9\u{202e}00000000000000000000";
        for carrier in Carrier::ALL {
            assert!(TrackingNumber::parse(carrier, input).is_err());
        }
    }

    /// Numbers as carriers print them (spaces included), valid and invalid, per carrier.
    const TABLE: &[(Carrier, &str, bool)] = &[
        (Carrier::Usps, "9400 1112 0108 0805 4830 16", true),
        (Carrier::Usps, "9361 2898 7870 0317 6337 95", true),
        (Carrier::Usps, "9505 5110 6960 5048 6006 24", true),
        (Carrier::Usps, "0307 1790 0005 2348 3741", true),
        (Carrier::Usps, "7112 3456 7891 2345 6787", true),
        (Carrier::Usps, "EA123456785US", true),
        (Carrier::Usps, "0307 1790 0005 2348 3742", false),
        (Carrier::Usps, "9200000000000000000000", false),
        (Carrier::Usps, "9400 1112 0108 0805 4830 17", false),
        (Carrier::Usps, "1Z5R89390357567127", false),
        (Carrier::Usps, "EA123456785CN", false),
        (Carrier::Ups, "1Z5R89390357567127", true),
        (Carrier::Ups, "1Z879E930346834440", true),
        (Carrier::Ups, "1z410e7w0392751591", true),
        (Carrier::Ups, "1Z8V92A70367203024", true),
        (Carrier::Ups, "2Z5R89390357567127", false),
        (Carrier::Ups, "1A5R89390357567127", false),
        (Carrier::Ups, "1Z1111111111111111", false),
        (Carrier::Ups, "1Z5R8939035756712", false),
        (Carrier::Fedex, "986578788855", true),
        (Carrier::Fedex, "477179081230", true),
        (Carrier::Fedex, "7905 3531 2317", true),
        (Carrier::Fedex, "0414 4176 0228 964", true),
        (Carrier::Fedex, "5682 8361 0012 734", true),
        (Carrier::Fedex, "9611020987654312345672", true),
        (Carrier::Fedex, "996578788855", false),
        (Carrier::Fedex, "5682 8361 0012 732", false),
        (Carrier::Fedex, "9600000000000000000001", false),
        (Carrier::Fedex, "98657878885", false),
        (Carrier::Dhl, "3318810025", true),
        (Carrier::Dhl, "73891051146", true),
        (Carrier::Dhl, "8487135506", true),
        (Carrier::Dhl, "1099255990", true),
        (Carrier::Dhl, "3318810010", false),
        (Carrier::Dhl, "3318810034", false),
        (Carrier::Dhl, "331881002", false),
        (Carrier::ChinaPost, "EA123456785CN", true),
        (Carrier::ChinaPost, "RR 123 456 785 CN", true),
        (Carrier::ChinaPost, "EA123456784CN", false),
        (Carrier::ChinaPost, "EA123456785GB", false),
        (Carrier::ChinaPost, "E1234567853CN", false),
        (Carrier::RoyalMail, "AB123456785GB", true),
        (Carrier::RoyalMail, "ab-123456785-gb", true),
        (Carrier::RoyalMail, "AB123456786GB", false),
        (Carrier::RoyalMail, "AB12345678GB", false),
    ];

    #[test]
    fn every_carrier_accepts_its_numbers_and_refuses_typos() {
        for &(carrier, number, valid) in TABLE {
            let parsed = TrackingNumber::parse(carrier, number);
            assert_eq!(
                parsed.is_ok(),
                valid,
                "{} {number}: {parsed:?}",
                carrier.label()
            );
        }
    }

    #[test]
    fn numbers_are_kept_without_spaces_and_upper_cased() {
        let n = TrackingNumber::parse(Carrier::Ups, " 1z410e7w 0392751591 ").unwrap();
        assert_eq!(n.as_str(), "1Z410E7W0392751591");
        assert_eq!(n.carrier(), Carrier::Ups);
    }

    #[test]
    fn a_wrong_check_digit_and_a_wrong_shape_get_different_messages() {
        let typo = TrackingNumber::parse(Carrier::Dhl, "3318810010").unwrap_err();
        assert!(typo.0.contains("check digit"), "{typo}");
        let shape = TrackingNumber::parse(Carrier::Dhl, "ABC").unwrap_err();
        assert!(shape.0.contains("10 or 11 digits"), "{shape}");
        let empty = TrackingNumber::parse(Carrier::Dhl, "  ").unwrap_err();
        assert_eq!(empty.0, "Enter the tracking number.");
    }

    #[test]
    fn carriers_round_trip_through_their_names() {
        for c in Carrier::ALL {
            assert_eq!(Carrier::parse(c.as_str()), Ok(c));
        }
        assert!(Carrier::parse("pigeon").is_err());
    }
}

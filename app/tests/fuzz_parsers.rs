//! Property tests over every parser of typed input: whatever a person or a client
//! sends, a parser answers `Ok` or `Err`, never panics, and what it accepts parses
//! again to the same value.
//!
//! `make test` runs a short bounded pass (`PROPTEST_CASES`, 256 cases per property
//! by default). For a long run: `PROPTEST_CASES=200000 cargo test -p app --test
//! fuzz_parsers --release`.

use app::domain::address::{Address, AddressInput};
use app::domain::tracking::{Carrier, TrackingNumber};
use app::domain::{Currency, DisplayName, Email, Money, Password, Sku, StoreName};
use proptest::prelude::*;

/// Text a hostile client might send: any Unicode, with markup, control and
/// direction characters and digits well represented.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "[0-9., $€£-]{0,24}",
        "[<>\"'&/\\\\\\u{0}\\u{202e}\\u{200b}a-z0-9@.:=-]{0,40}",
    ]
}

proptest! {
    #[test]
    fn money_parses_or_refuses(input in hostile_text()) {
        if let Ok(m) = Money::parse(&input, Currency::default()) {
            prop_assert!(m.minor() >= 0, "{input:?} -> {m}");
        }
    }

    #[test]
    fn emails_parse_or_refuse(input in hostile_text()) {
        if let Ok(e) = Email::parse(&input) {
            prop_assert_eq!(Email::parse(e.as_str()).ok(), Some(e.clone()));
            prop_assert!(!e.as_str().contains(['<', '>', '\0', ' ']), "{}", e.as_str());
        }
    }

    #[test]
    fn names_skus_and_passwords_parse_or_refuse(input in hostile_text()) {
        let _ = Sku::parse(&input);
        let _ = DisplayName::parse(&input);
        let _ = StoreName::parse(&input);
        let _ = Password::parse(&input);
    }

    #[test]
    fn tracking_numbers_parse_or_refuse(input in hostile_text()) {
        for carrier in Carrier::ALL {
            if let Ok(t) = TrackingNumber::parse(carrier, &input) {
                prop_assert_eq!(TrackingNumber::parse(carrier, t.as_str()).ok(), Some(t.clone()));
            }
        }
    }

    #[test]
    fn addresses_parse_or_refuse(
        parts in proptest::collection::vec(hostile_text(), 8),
        country in prop_oneof![Just("US".to_owned()), Just("GB".to_owned()), Just("CN".to_owned()), hostile_text()],
    ) {
        let input = AddressInput {
            full_name: parts[0].clone(),
            line1: parts[1].clone(),
            line2: parts[2].clone(),
            city: parts[3].clone(),
            region: parts[4].clone(),
            postal_code: parts[5].clone(),
            country,
            phone: parts[6].clone(),
        };
        let _ = Address::parse(&input);
    }

    #[test]
    fn catalogue_files_read_or_report_their_problems(
        lines in proptest::collection::vec(hostile_text(), 0..8),
        header in prop_oneof![
            Just("product_id,title,sku,price,stock".to_owned()),
            Just("title,description,category,tags,sku,size,color,price,compare_at,stock".to_owned()),
            hostile_text(),
        ],
    ) {
        let text = std::iter::once(header).chain(lines).collect::<Vec<_>>().join("\n");
        let _ = app::domain::catalog_csv::read(&text);
    }
}

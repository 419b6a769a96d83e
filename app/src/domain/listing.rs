//! A seller's product as typed in the console, and the rules it must meet. The same
//! `ProductDraft::check` runs in the browser (messages next to the fields before
//! anything is sent) and on the server (nothing invalid is ever stored).

use super::{Currency, Money, ParseError, Sku};
use serde::{Deserialize, Serialize};

/// A listing's visibility: drafts and hidden products are never shown to buyers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ListingStatus {
    #[default]
    Draft,
    Active,
    Hidden,
}

impl ListingStatus {
    pub const ALL: [ListingStatus; 3] = [
        ListingStatus::Draft,
        ListingStatus::Active,
        ListingStatus::Hidden,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Draft => "draft",
            ListingStatus::Active => "active",
            ListingStatus::Hidden => "hidden",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListingStatus::Draft => "Draft",
            ListingStatus::Active => "Active",
            ListingStatus::Hidden => "Hidden",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| ParseError::new("Choose draft, active or hidden."))
    }
}

/// One variant row of the form: its options, SKU, price, compare-at price and stock as
/// typed. `id` is set for a variant that already exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VariantDraft {
    pub id: Option<i64>,
    pub size: String,
    pub color: String,
    pub sku: String,
    pub price: String,
    pub compare_at: String,
    pub stock: String,
}

/// The product form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProductDraft {
    pub title: String,
    pub description: String,
    pub category: i64,
    pub tags: String,
    /// Keys of uploaded images, in display order.
    pub images: Vec<String>,
    pub video_url: String,
    pub shipping: String,
    pub handling_days: String,
    /// Stock at or below which a variant counts as low (empty: the default of 5).
    #[serde(default)]
    pub low_stock: String,
    /// When sold-out stock is expected back, YYYY-MM-DD, shown to buyers (optional).
    #[serde(default)]
    pub restock_on: String,
    pub status: ListingStatus,
    pub variants: Vec<VariantDraft>,
}

/// A checked variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidVariant {
    pub id: Option<i64>,
    pub size: Option<String>,
    pub color: Option<String>,
    pub sku: Sku,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub stock: i64,
}

/// A checked product: what the server stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidListing {
    pub title: String,
    pub description: String,
    pub category: i64,
    pub tags: Vec<String>,
    pub images: Vec<String>,
    pub video_url: Option<String>,
    pub shipping: Money,
    pub handling_days: i64,
    pub low_stock: i64,
    pub restock_on: Option<chrono::NaiveDate>,
    pub status: ListingStatus,
    pub variants: Vec<ValidVariant>,
}

/// The low-stock level when a seller sets none.
pub const DEFAULT_LOW_STOCK: i64 = 5;

pub const MAX_IMAGES: usize = 10;
pub const MAX_VARIANTS: usize = 100;
pub const MAX_TAGS: usize = 15;

/// Splits a comma-separated list of option values ("S, M, L"), trimmed, without
/// empties or repeats.
pub fn option_values(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in input.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
            out.push(v.to_owned());
        }
    }
    out
}

/// The variant matrix of sizes × colours (either may be empty), keeping what was
/// already typed for a combination that still exists; new rows get a SKU made from
/// `sku_base` and the options, and the default price.
pub fn variant_matrix(
    sizes: &[String],
    colors: &[String],
    existing: &[VariantDraft],
    sku_base: &str,
    default_price: &str,
) -> Vec<VariantDraft> {
    let sizes: Vec<&str> = if sizes.is_empty() {
        vec![""]
    } else {
        sizes.iter().map(String::as_str).collect()
    };
    let colors: Vec<&str> = if colors.is_empty() {
        vec![""]
    } else {
        colors.iter().map(String::as_str).collect()
    };
    let code = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .take(3)
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let mut rows = Vec::new();
    for size in &sizes {
        for color in &colors {
            if let Some(found) = existing
                .iter()
                .find(|v| v.size.eq_ignore_ascii_case(size) && v.color.eq_ignore_ascii_case(color))
            {
                rows.push(found.clone());
                continue;
            }
            let mut sku = code(sku_base);
            if sku.is_empty() {
                sku = "ITEM".into();
            }
            for part in [*size, *color] {
                if !part.is_empty() {
                    sku.push('-');
                    sku.push_str(&code(part));
                }
            }
            rows.push(VariantDraft {
                id: None,
                size: (*size).to_owned(),
                color: (*color).to_owned(),
                sku,
                price: default_price.to_owned(),
                compare_at: String::new(),
                stock: "0".into(),
            });
        }
    }
    rows
}

/// One refused field: its name in the form ("title", "variants.2.sku", …) and why.
pub type FieldError = (String, String);

impl ProductDraft {
    /// Checks every field; all problems at once, each named by its field.
    pub fn check(&self) -> Result<ValidListing, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut fail =
            |field: &str, message: &str| errors.push((field.to_owned(), message.to_owned()));
        let currency = Currency::default();

        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let title_len = title.chars().count();
        if title_len < 3 {
            fail(
                "title",
                "Give the product a title of at least 3 characters.",
            );
        } else if title_len > 120 {
            fail("title", "Keep the title under 120 characters.");
        }
        let description = self.description.trim().replace("\r\n", "\n");
        if description.chars().count() > 5_000 {
            fail(
                "description",
                "Keep the description under 5,000 characters.",
            );
        }
        if self.category <= 0 {
            fail("category", "Choose a category.");
        }
        let tags = option_values(&self.tags);
        if tags.len() > MAX_TAGS {
            fail("tags", &format!("Use at most {MAX_TAGS} tags."));
        }
        if tags.iter().any(|t| t.chars().count() > 30) {
            fail("tags", "Keep each tag under 30 characters.");
        }
        if self.images.len() > MAX_IMAGES {
            fail(
                "images",
                &format!("A product has at most {MAX_IMAGES} images."),
            );
        }
        if self.status == ListingStatus::Active && self.images.is_empty() {
            fail(
                "images",
                "Add at least one image before making the product active.",
            );
        }
        let video = self.video_url.trim();
        let video_url = if video.is_empty() {
            None
        } else if !video.starts_with("https://")
            || video.len() > 300
            || video.contains(char::is_whitespace)
        {
            fail(
                "video_url",
                "Enter a video link starting with https://, or leave it empty.",
            );
            None
        } else {
            Some(video.to_owned())
        };
        let shipping = if self.shipping.trim().is_empty() {
            Money::new(0, currency)
        } else {
            match Money::parse(&self.shipping, currency) {
                Ok(m) => m,
                Err(e) => {
                    fail("shipping", &e.0);
                    Money::new(0, currency)
                }
            }
        };
        let handling_days = match self.handling_days.trim().parse::<i64>() {
            Ok(d) if (0..=30).contains(&d) => d,
            _ => {
                fail(
                    "handling_days",
                    "Handling time is a whole number of days from 0 to 30.",
                );
                0
            }
        };
        let low_stock = match self.low_stock.trim() {
            "" => DEFAULT_LOW_STOCK,
            typed => match typed.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => n,
                _ => {
                    fail(
                        "low_stock",
                        "Enter a whole number of units from 0 to 10,000.",
                    );
                    DEFAULT_LOW_STOCK
                }
            },
        };
        let restock_on = match self.restock_on.trim() {
            "" => None,
            typed => match chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    fail(
                        "restock_on",
                        "Enter a date as YYYY-MM-DD, or leave it empty.",
                    );
                    None
                }
            },
        };
        if self.variants.is_empty() {
            fail("variants", "Add at least one variant with a price.");
        }
        if self.variants.len() > MAX_VARIANTS {
            fail(
                "variants",
                &format!("A product has at most {MAX_VARIANTS} variants."),
            );
        }
        let mut variants = Vec::new();
        for (i, v) in self.variants.iter().enumerate() {
            let field = |name: &str| format!("variants.{i}.{name}");
            let sku = match Sku::parse(&v.sku) {
                Ok(s) => Some(s),
                Err(e) => {
                    fail(&field("sku"), &e.0);
                    None
                }
            };
            if let Some(s) = &sku
                && self.variants[..i]
                    .iter()
                    .any(|o| o.sku.trim().eq_ignore_ascii_case(s.as_str()))
            {
                fail(&field("sku"), "Each variant needs its own SKU.");
            }
            let price = match Money::parse(&v.price, currency) {
                Ok(p) if p.minor() > 0 => Some(p),
                Ok(_) => {
                    fail(&field("price"), "The price must be more than zero.");
                    None
                }
                Err(e) => {
                    fail(&field("price"), &e.0);
                    None
                }
            };
            let compare_at = if v.compare_at.trim().is_empty() {
                None
            } else {
                match Money::parse(&v.compare_at, currency) {
                    Ok(c) if price.is_some_and(|p| c.minor() > p.minor()) => Some(c),
                    Ok(_) => {
                        fail(
                            &field("compare_at"),
                            "The compare-at price must be higher than the price.",
                        );
                        None
                    }
                    Err(e) => {
                        fail(&field("compare_at"), &e.0);
                        None
                    }
                }
            };
            let stock = match v.stock.trim().parse::<i64>() {
                Ok(s) if (0..=1_000_000).contains(&s) => s,
                _ => {
                    fail(
                        &field("stock"),
                        "Stock is a whole number from 0 to 1,000,000.",
                    );
                    0
                }
            };
            let clean = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
            if v.size.chars().count() > 40 || v.color.chars().count() > 40 {
                fail(&field("size"), "Keep option names under 40 characters.");
            }
            if let (Some(sku), Some(price)) = (sku, price) {
                variants.push(ValidVariant {
                    id: v.id,
                    size: clean(&v.size),
                    color: clean(&v.color),
                    sku,
                    price,
                    compare_at,
                    stock,
                });
            }
        }
        let combos: Vec<(String, String)> = self
            .variants
            .iter()
            .map(|v| (v.size.trim().to_lowercase(), v.color.trim().to_lowercase()))
            .collect();
        for (i, c) in combos.iter().enumerate() {
            if combos[..i].contains(c) {
                fail(
                    &format!("variants.{i}.size"),
                    "Two variants have the same size and colour.",
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidListing {
            title,
            description,
            category: self.category,
            tags,
            images: self.images.clone(),
            video_url,
            shipping,
            handling_days,
            low_stock,
            restock_on,
            status: self.status,
            variants,
        })
    }
}

/// Changes a price by a whole percentage (−90 … +500), rounded to the cent; the
/// result is at least one cent.
pub fn change_by_percent(price: Money, percent: i64) -> Result<Money, ParseError> {
    if !(-90..=500).contains(&percent) || percent == 0 {
        return Err(ParseError::new(
            "Change prices by a percentage from -90 to 500, not 0.",
        ));
    }
    let minor = i128::from(price.minor()) * i128::from(100 + percent);
    let rounded = (minor + 50).div_euclid(100);
    Ok(Money::new(
        i64::try_from(rounded.max(1)).unwrap_or(i64::MAX),
        price.currency(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProductDraft {
        ProductDraft {
            title: "  Linen   Shirt ".into(),
            description: "Light and airy.".into(),
            category: 3,
            tags: "linen, summer, linen".into(),
            images: vec!["a".repeat(32)],
            video_url: String::new(),
            shipping: "4.99".into(),
            handling_days: "2".into(),
            low_stock: "3".into(),
            restock_on: "2026-12-20".into(),
            status: ListingStatus::Active,
            variants: variant_matrix(
                &option_values("S, M"),
                &option_values("White, Sand"),
                &[],
                "Linen Shirt",
                "39.00",
            ),
        }
    }

    #[test]
    fn a_two_by_two_matrix_checks_out() {
        let valid = draft().check().unwrap();
        assert_eq!(valid.title, "Linen Shirt");
        assert_eq!(valid.tags, ["linen", "summer"]);
        assert_eq!(valid.variants.len(), 4);
        assert_eq!(valid.variants[0].sku.as_str(), "LIN-S-WHI");
        assert_eq!(valid.variants[3].sku.as_str(), "LIN-M-SAN");
        assert_eq!(valid.variants[1].price.minor(), 3900);
        assert_eq!(valid.shipping.minor(), 499);
        assert_eq!(valid.low_stock, 3);
        assert_eq!(
            valid.restock_on,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 20)
        );
    }

    #[test]
    fn the_low_stock_level_and_restock_date_are_optional_but_checked() {
        let blank = ProductDraft {
            low_stock: " ".into(),
            restock_on: String::new(),
            ..draft()
        }
        .check()
        .unwrap();
        assert_eq!(
            (blank.low_stock, blank.restock_on),
            (DEFAULT_LOW_STOCK, None)
        );
        let bad = ProductDraft {
            low_stock: "-1".into(),
            restock_on: "next week".into(),
            ..draft()
        }
        .check()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["low_stock", "restock_on"]);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut d = draft();
        d.title = "Hi".into();
        d.category = 0;
        d.video_url = "ftp://video".into();
        d.variants[1].price = "free".into();
        d.variants[2].sku = d.variants[0].sku.clone();
        d.variants[3].compare_at = "10".into();
        d.variants[3].stock = "-1".into();
        let fields: Vec<String> = d.check().unwrap_err().into_iter().map(|(f, _)| f).collect();
        for expected in [
            "title",
            "category",
            "video_url",
            "variants.1.price",
            "variants.2.sku",
            "variants.3.compare_at",
            "variants.3.stock",
        ] {
            assert!(
                fields.iter().any(|f| f == expected),
                "{expected} missing from {fields:?}"
            );
        }
    }

    #[test]
    fn an_active_product_needs_an_image_and_a_draft_does_not() {
        let mut d = draft();
        d.images.clear();
        assert!(d.check().is_err());
        d.status = ListingStatus::Draft;
        assert!(d.check().is_ok());
    }

    #[test]
    fn the_matrix_keeps_typed_rows_when_options_change() {
        let mut rows = variant_matrix(&option_values("S"), &[], &[], "Tee", "10");
        rows[0].stock = "7".into();
        let grown = variant_matrix(&option_values("S, M"), &[], &rows, "Tee", "10");
        assert_eq!(grown.len(), 2);
        assert_eq!(grown[0].stock, "7");
        assert_eq!(grown[1].sku, "TEE-M");
        let single = variant_matrix(&[], &[], &[], "", "5");
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].sku, "ITEM");
    }

    #[test]
    fn prices_change_by_whole_percentages() {
        let p = Money::new(1999, Currency::default());
        assert_eq!(change_by_percent(p, -10).unwrap().minor(), 1799); // 1799.1
        assert_eq!(change_by_percent(p, 15).unwrap().minor(), 2299); // 2298.85
        assert!(change_by_percent(p, 0).is_err());
        assert!(change_by_percent(p, -95).is_err());
        assert_eq!(
            change_by_percent(Money::new(1, Currency::default()), -90)
                .unwrap()
                .minor(),
            1
        );
    }
}

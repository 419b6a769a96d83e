//! Promotions: discounts a store puts on chosen products or variants for a while
//! (a flash sale is a short one with a countdown), and promo codes a buyer types at
//! checkout. What a discount does to a price is decided in [`super::pricing`].
//!
//! **A promotion's uplift compares like with like.** Its report counts units of the
//! promoted products sold during the promotion so far (at any price) against the same
//! length of time just before it started (`domain::promotion::uplift_percent`); with no
//! sales before there is no base, and the console says so instead of a percentage.

use super::{Currency, Money, ParseError, StoreId};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A flash sale runs for at most this many hours.
pub const FLASH_MAX_HOURS: i64 = 72;
/// A percentage discount is between 1 and this many percent.
pub const MAX_PERCENT: i64 = 90;
/// At most this many products or variants per promotion.
pub const MAX_TARGETS: usize = 200;

/// How a discount is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DiscountKind {
    /// `amount` is whole percent off.
    #[default]
    Percent,
    /// `amount` is minor units off.
    Fixed,
}

impl DiscountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscountKind::Percent => "percent",
            DiscountKind::Fixed => "fixed",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        match input {
            "percent" => Ok(DiscountKind::Percent),
            "fixed" => Ok(DiscountKind::Fixed),
            _ => Err(ParseError::new("Choose a percentage or a fixed amount.")),
        }
    }

    /// "20% off" or "$5.00 off".
    pub fn describe(self, amount: i64, currency: Currency) -> String {
        match self {
            DiscountKind::Percent => format!("{amount}% off"),
            DiscountKind::Fixed => format!("{} off", Money::new(amount, currency)),
        }
    }
}

/// A discount as stored: a kind and an amount (percent, or minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    pub kind: DiscountKind,
    pub amount: i64,
}

impl Discount {
    /// How much comes off `price`, never more than `price - floor`.
    pub fn off(self, price: Money, floor: i64) -> i64 {
        let raw = match self.kind {
            // Rounded to the nearest minor unit, halves up.
            DiscountKind::Percent => {
                (i128::from(price.minor()) * i128::from(self.amount) + 50) / 100
            }
            DiscountKind::Fixed => i128::from(self.amount),
        };
        let most = i128::from(price.minor() - floor).max(0);
        i64::try_from(raw.clamp(0, most)).unwrap_or(0)
    }
}

/// One live or scheduled promotion as the pricing function sees it: the whole product
/// when `variant` is `None`, else that variant only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub promotion: i64,
    pub name: String,
    pub variant: Option<i64>,
    pub discount: Discount,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub flash: bool,
}

impl Offer {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && now < self.ends_at
    }

    pub fn applies_to(&self, variant: i64) -> bool {
        self.variant.is_none_or(|v| v == variant)
    }
}

/// A product or one of its variants chosen for a promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub product: i64,
    pub variant: Option<i64>,
}

/// The promotion form as typed. Times are UTC, `YYYY-MM-DDTHH:MM` (what a
/// `datetime-local` field gives) or a bare date for midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PromotionDraft {
    pub name: String,
    pub kind: String,
    pub amount: String,
    pub flash: bool,
    pub starts: String,
    pub ends: String,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPromotion {
    pub name: String,
    pub discount: Discount,
    pub flash: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub targets: Vec<Target>,
}

type FieldError = (&'static str, ParseError);

fn name_of(name: &str, what: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err((
            "name",
            ParseError::new(format!("Name the {what} (up to 80 characters).")),
        ));
    }
    Ok(name.to_owned())
}

fn discount_of(kind: &str, amount: &str, currency: Currency) -> Result<Discount, FieldError> {
    let kind = DiscountKind::parse(kind).map_err(|e| ("kind", e))?;
    let amount = match kind {
        DiscountKind::Percent => {
            let typed = amount.trim().trim_end_matches('%').trim();
            let percent: i64 = typed.parse().map_err(|_| {
                (
                    "amount",
                    ParseError::new("Enter a whole percentage such as 20."),
                )
            })?;
            if !(1..=MAX_PERCENT).contains(&percent) {
                return Err((
                    "amount",
                    ParseError::new(format!("A percentage is between 1 and {MAX_PERCENT}.")),
                ));
            }
            percent
        }
        DiscountKind::Fixed => {
            let m = Money::parse(amount, currency).map_err(|e| ("amount", e))?;
            if m.minor() <= 0 {
                return Err(("amount", ParseError::new("Enter an amount above zero.")));
            }
            m.minor()
        }
    };
    Ok(Discount { kind, amount })
}

/// A UTC time typed as `YYYY-MM-DDTHH:MM` (seconds allowed) or `YYYY-MM-DD`.
pub fn parse_time(input: &str) -> Result<DateTime<Utc>, ParseError> {
    let s = input.trim();
    let invalid = || ParseError::new("Enter a date and time such as 2026-12-24T18:00.");
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
        })
        .map_err(|_| invalid())?;
    Ok(Utc.from_utc_datetime(&naive))
}

/// How a time is put in a `datetime-local` field.
pub fn format_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

fn window(
    starts: &str,
    ends: &str,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldError> {
    let starts_at = parse_time(starts).map_err(|e| ("starts", e))?;
    let ends_at = parse_time(ends).map_err(|e| ("ends", e))?;
    if ends_at <= starts_at {
        return Err(("ends", ParseError::new("The end is not after the start.")));
    }
    if ends_at <= now {
        return Err(("ends", ParseError::new("The end has already passed.")));
    }
    Ok((starts_at, ends_at))
}

impl PromotionDraft {
    pub fn check(&self, now: DateTime<Utc>) -> Result<ValidPromotion, FieldError> {
        let name = name_of(&self.name, "promotion")?;
        let discount = discount_of(&self.kind, &self.amount, Currency::default())?;
        let (starts_at, ends_at) = window(&self.starts, &self.ends, now)?;
        if self.flash && ends_at - starts_at > Duration::hours(FLASH_MAX_HOURS) {
            return Err((
                "ends",
                ParseError::new(format!(
                    "A flash sale lasts at most {FLASH_MAX_HOURS} hours; make it a regular promotion instead."
                )),
            ));
        }
        let mut targets = self.targets.clone();
        targets.sort_by_key(|t| (t.product, t.variant));
        targets.dedup();
        // A whole product covers its variants.
        let whole: Vec<i64> = targets
            .iter()
            .filter(|t| t.variant.is_none())
            .map(|t| t.product)
            .collect();
        targets.retain(|t| t.variant.is_none() || !whole.contains(&t.product));
        if targets.is_empty() {
            return Err((
                "targets",
                ParseError::new("Choose at least one product or variant."),
            ));
        }
        if targets.len() > MAX_TARGETS {
            return Err((
                "targets",
                ParseError::new(format!(
                    "Choose at most {MAX_TARGETS} products or variants."
                )),
            ));
        }
        Ok(ValidPromotion {
            name,
            discount,
            flash: self.flash,
            starts_at,
            ends_at,
            targets,
        })
    }
}

/// The promo code form as typed; empty limits mean "no limit".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PromoCodeDraft {
    pub code: String,
    pub kind: String,
    pub amount: String,
    pub min_order: String,
    pub max_uses: String,
    pub per_buyer: String,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPromoCode {
    pub code: String,
    pub discount: Discount,
    pub min_order: Money,
    pub max_uses: Option<i64>,
    pub per_buyer: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A code as buyers type it: letters and digits (and dashes), any case, 3 to 20 long;
/// stored in capitals.
pub fn normalize_code(input: &str) -> Result<String, ParseError> {
    let code = input.trim().to_ascii_uppercase();
    let ok = (3..=20).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(code)
    } else {
        Err(ParseError::new(
            "A code is 3 to 20 letters, digits or dashes, such as WINTER-10.",
        ))
    }
}

fn limit(input: &str, field: &'static str) -> Result<Option<i64>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err((
            field,
            ParseError::new("Enter a whole number of at least 1, or leave it empty for no limit."),
        )),
    }
}

impl PromoCodeDraft {
    pub fn check(&self, now: DateTime<Utc>) -> Result<ValidPromoCode, FieldError> {
        let currency = Currency::default();
        let code = normalize_code(&self.code).map_err(|e| ("code", e))?;
        let discount = discount_of(&self.kind, &self.amount, currency)?;
        let min_order = if self.min_order.trim().is_empty() {
            Money::new(0, currency)
        } else {
            Money::parse(&self.min_order, currency).map_err(|e| ("min_order", e))?
        };
        if discount.kind == DiscountKind::Fixed
            && min_order.minor() > 0
            && discount.amount >= min_order.minor()
        {
            return Err((
                "min_order",
                ParseError::new("The minimum order must be more than the amount off."),
            ));
        }
        let (starts_at, ends_at) = window(&self.starts, &self.ends, now)?;
        Ok(ValidPromoCode {
            code,
            discount,
            min_order,
            max_uses: limit(&self.max_uses, "max_uses")?,
            per_buyer: limit(&self.per_buyer, "per_buyer")?,
            starts_at,
            ends_at,
        })
    }
}

/// A promo code's terms, as checkout needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeTerms {
    pub id: super::PromoCodeId,
    pub code: String,
    pub store: StoreId,
    pub store_name: String,
    pub discount: Discount,
    pub min_order: Money,
}

impl CodeTerms {
    /// "10% off orders from Demo Outfitters of $30.00 or more".
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} orders from {}",
            self.discount
                .kind
                .describe(self.discount.amount, self.min_order.currency()),
            self.store_name
        );
        if self.min_order.minor() > 0 {
            s.push_str(&format!(" of {} or more", self.min_order));
        }
        s
    }

    /// What the code takes off a store's item subtotal; refused below the minimum.
    pub fn discount_on(&self, subtotal: Money) -> Result<Money, ParseError> {
        if subtotal.minor() < self.min_order.minor() {
            let short = Money::new(
                self.min_order.minor() - subtotal.minor(),
                subtotal.currency(),
            );
            return Err(ParseError::new(format!(
                "{} needs an order of {} from {}; add {short} more.",
                self.code, self.min_order, self.store_name
            )));
        }
        Ok(Money::new(
            self.discount.off(subtotal, 0),
            subtotal.currency(),
        ))
    }
}

/// Time left as a countdown shows it: "2d 03:14:05", "03:14:05", or "ended".
pub fn countdown(left: Duration) -> String {
    let secs = left.num_seconds();
    if secs <= 0 {
        return "ended".into();
    }
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d {h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// The period a promotion's uplift compares: its window so far (from `starts` to
/// `ends` or now, whichever is first) and the period of the same length just before.
/// `None` before it starts.
pub fn uplift_periods(starts: i64, ends: i64, now: i64) -> Option<((i64, i64), (i64, i64))> {
    let until = ends.min(now);
    (until > starts).then(|| ((2 * starts - until, starts), (starts, until)))
}

/// Uplift: how many percent more units of the promoted products sold during the
/// promotion than in the same length of time before it (rounded to the nearest
/// percent, halves away from zero). `None` when nothing sold before: there is no
/// base to compare with.
pub fn uplift_percent(units_before: i64, units_during: i64) -> Option<i64> {
    if units_before <= 0 {
        return None;
    }
    let change = (units_during - units_before) * 100;
    let half = units_before / 2;
    Some(if change >= 0 {
        (change + half) / units_before
    } else {
        -((-change + half) / units_before)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uplift_compares_the_window_with_the_same_length_before() {
        assert_eq!(uplift_periods(100, 200, 150), Some(((50, 100), (100, 150))));
        assert_eq!(uplift_periods(100, 200, 500), Some(((0, 100), (100, 200))));
        assert_eq!(uplift_periods(100, 200, 90), None, "not started");
        assert_eq!(uplift_percent(10, 15), Some(50));
        assert_eq!(uplift_percent(3, 4), Some(33));
        assert_eq!(uplift_percent(3, 5), Some(67));
        assert_eq!(uplift_percent(4, 1), Some(-75));
        assert_eq!(uplift_percent(3, 1), Some(-67));
        assert_eq!(uplift_percent(0, 9), None, "no base to compare with");
    }

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    fn draft() -> PromotionDraft {
        PromotionDraft {
            name: "Winter sale".into(),
            kind: "percent".into(),
            amount: "20".into(),
            flash: false,
            starts: "2026-12-01T00:00".into(),
            ends: "2026-12-31".into(),
            targets: vec![Target {
                product: 7,
                variant: None,
            }],
        }
    }

    #[test]
    fn a_promotion_is_checked_field_by_field() {
        let now = at("2026-12-02T10:00");
        let ok = draft().check(now).unwrap();
        assert_eq!(
            ok.discount,
            Discount {
                kind: DiscountKind::Percent,
                amount: 20
            }
        );
        assert_eq!(ok.ends_at, at("2026-12-31T00:00"));
        let field = |d: PromotionDraft| d.check(now).unwrap_err().0;
        assert_eq!(
            field(PromotionDraft {
                name: " ".into(),
                ..draft()
            }),
            "name"
        );
        assert_eq!(
            field(PromotionDraft {
                amount: "95".into(),
                ..draft()
            }),
            "amount"
        );
        assert_eq!(
            field(PromotionDraft {
                amount: "0".into(),
                ..draft()
            }),
            "amount"
        );
        assert_eq!(
            field(PromotionDraft {
                kind: "bogof".into(),
                ..draft()
            }),
            "kind"
        );
        assert_eq!(
            field(PromotionDraft {
                ends: "2026-11-30".into(),
                ..draft()
            }),
            "ends"
        );
        assert_eq!(
            field(PromotionDraft {
                ends: "2026-12-02T09:00".into(),
                starts: "2026-11-01".into(),
                ..draft()
            }),
            "ends"
        );
        assert_eq!(
            field(PromotionDraft {
                starts: "soon".into(),
                ..draft()
            }),
            "starts"
        );
        assert_eq!(
            field(PromotionDraft {
                targets: vec![],
                ..draft()
            }),
            "targets"
        );
        let fixed = PromotionDraft {
            kind: "fixed".into(),
            amount: "$5".into(),
            ..draft()
        };
        assert_eq!(fixed.check(now).unwrap().discount.amount, 500);
    }

    #[test]
    fn countdowns_read_as_clocks() {
        assert_eq!(
            countdown(Duration::seconds(3 * 3600 + 14 * 60 + 5)),
            "03:14:05"
        );
        assert_eq!(countdown(Duration::seconds(2 * 86_400 + 61)), "2d 00:01:01");
        assert_eq!(countdown(Duration::seconds(0)), "ended");
    }

    #[test]
    fn a_flash_sale_is_short() {
        let now = at("2026-12-02T10:00");
        let flash = PromotionDraft {
            flash: true,
            starts: "2026-12-02T10:00".into(),
            ends: "2026-12-05T10:00".into(),
            ..draft()
        };
        assert!(flash.check(now).is_ok(), "72 hours is allowed");
        let long = PromotionDraft {
            ends: "2026-12-05T10:01".into(),
            ..flash
        };
        assert_eq!(long.check(now).unwrap_err().0, "ends");
    }

    #[test]
    fn a_whole_product_covers_its_variants() {
        let d = PromotionDraft {
            targets: vec![
                Target {
                    product: 1,
                    variant: Some(10),
                },
                Target {
                    product: 1,
                    variant: None,
                },
                Target {
                    product: 2,
                    variant: Some(20),
                },
                Target {
                    product: 2,
                    variant: Some(20),
                },
            ],
            ..draft()
        };
        let ok = d.check(at("2026-12-02T00:00")).unwrap();
        assert_eq!(
            ok.targets,
            [
                Target {
                    product: 1,
                    variant: None
                },
                Target {
                    product: 2,
                    variant: Some(20)
                }
            ]
        );
    }

    #[test]
    fn percentages_round_to_the_nearest_cent_and_never_pass_the_floor() {
        let pct = |n| Discount {
            kind: DiscountKind::Percent,
            amount: n,
        };
        assert_eq!(pct(15).off(Money::usd(999), 1), 150); // 149.85
        assert_eq!(pct(10).off(Money::usd(5), 1), 1); // 0.5 rounds up
        let fixed = Discount {
            kind: DiscountKind::Fixed,
            amount: 2000,
        };
        assert_eq!(fixed.off(Money::usd(1500), 1), 1499);
        assert_eq!(fixed.off(Money::usd(1500), 0), 1500);
    }

    #[test]
    fn codes_are_capitals_with_limits_and_a_minimum() {
        assert_eq!(normalize_code(" winter-10 ").unwrap(), "WINTER-10");
        assert!(normalize_code("no spaces").is_err());
        assert!(normalize_code("AB").is_err());
        let now = at("2026-12-02T10:00");
        let d = PromoCodeDraft {
            code: "save5".into(),
            kind: "fixed".into(),
            amount: "5".into(),
            min_order: "30".into(),
            max_uses: "100".into(),
            per_buyer: "1".into(),
            starts: "2026-12-01".into(),
            ends: "2027-01-01".into(),
        };
        let ok = d.check(now).unwrap();
        assert_eq!(
            (ok.code.as_str(), ok.max_uses, ok.per_buyer),
            ("SAVE5", Some(100), Some(1))
        );
        let field = |d: PromoCodeDraft| d.check(now).unwrap_err().0;
        assert_eq!(
            field(PromoCodeDraft {
                max_uses: "0".into(),
                ..d.clone()
            }),
            "max_uses"
        );
        assert_eq!(
            field(PromoCodeDraft {
                per_buyer: "x".into(),
                ..d.clone()
            }),
            "per_buyer"
        );
        assert_eq!(
            field(PromoCodeDraft {
                min_order: "4".into(),
                ..d.clone()
            }),
            "min_order"
        );
        assert_eq!(
            PromoCodeDraft {
                max_uses: "".into(),
                ..d
            }
            .check(now)
            .unwrap()
            .max_uses,
            None
        );
    }

    #[test]
    fn a_code_takes_its_discount_off_the_subtotal_above_the_minimum() {
        let terms = CodeTerms {
            id: crate::domain::PromoCodeId(1),
            code: "TEN".into(),
            store: StoreId(3),
            store_name: "Demo Outfitters".into(),
            discount: Discount {
                kind: DiscountKind::Percent,
                amount: 10,
            },
            min_order: Money::usd(3000),
        };
        assert_eq!(terms.discount_on(Money::usd(4550)), Ok(Money::usd(455)));
        let short = terms.discount_on(Money::usd(2500)).unwrap_err();
        assert!(short.0.contains("add $5.00 more"), "{short}");
        let fixed = CodeTerms {
            discount: Discount {
                kind: DiscountKind::Fixed,
                amount: 5000,
            },
            min_order: Money::usd(0),
            ..terms
        };
        assert_eq!(
            fixed.discount_on(Money::usd(1200)),
            Ok(Money::usd(1200)),
            "never more than the subtotal"
        );
    }
}

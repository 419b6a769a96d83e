//! The one place that decides what a buyer pays: unit price, line totals, shipping per
//! store and each order's total. Cards, the product page, the cart, checkout and the
//! stored order all call these functions, so they cannot disagree.
//!
//! Promotions: a variant's price is its list price less the best live promotion that
//! covers it (the whole product, or that variant). Discounts never stack: when
//! several overlap, the buyer gets the one that leaves the lowest price (on a tie, the
//! one ending first). A promoted price is never below one minor unit. The struck
//! "was" price is the higher of the list price and the compare-at price.
//!
//! Promo codes: one code per checkout; it takes its percentage or amount off the item
//! subtotal of its own store's order (after promotions, before shipping), never more
//! than that subtotal, and only when the subtotal reaches the code's minimum.
//!
//! Shipping per store: standard shipping costs the highest shipping price among the
//! store's items in the order (one parcel per store); express adds a flat
//! [`EXPRESS_SURCHARGE_MINOR`] and shortens transit to [`EXPRESS_TRANSIT_DAYS`].

use super::promotion::{CodeTerms, Offer};
use super::{Money, ParseError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What express shipping adds to a store's standard shipping, in minor units.
pub const EXPRESS_SURCHARGE_MINOR: i64 = 899;
/// Express transit time, in calendar days.
pub const EXPRESS_TRANSIT_DAYS: (u32, u32) = (2, 4);

/// How a store's parcel travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ShippingOption {
    #[default]
    Standard,
    Express,
}

impl ShippingOption {
    pub const ALL: [ShippingOption; 2] = [ShippingOption::Standard, ShippingOption::Express];

    pub fn as_str(self) -> &'static str {
        match self {
            ShippingOption::Standard => "standard",
            ShippingOption::Express => "express",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ShippingOption::Standard => "Standard",
            ShippingOption::Express => "Express",
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        match input {
            "standard" => Ok(ShippingOption::Standard),
            "express" => Ok(ShippingOption::Express),
            other => Err(ParseError::new(format!(
                "“{other}” is not a shipping option."
            ))),
        }
    }

    /// Transit days for this option, given the standard window.
    pub fn transit(self, standard: (u32, u32)) -> (u32, u32) {
        match self {
            ShippingOption::Standard => standard,
            ShippingOption::Express => EXPRESS_TRANSIT_DAYS,
        }
    }
}

/// The promotion a price comes from, as a buyer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub promotion: i64,
    pub name: String,
    /// On the wire as UTC milliseconds: the buyer's bundle then needs no date parser.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub ends_at: DateTime<Utc>,
    /// A flash sale: shown with a countdown.
    pub flash: bool,
}

/// What one unit of a variant costs now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub price: Money,
    /// The struck-through reference price, when above `price`.
    pub was: Option<Money>,
    pub sale: Option<Sale>,
}

/// The price of one unit of variant `variant` at `now`: its list price, its compare-at
/// price and the product's promotions (see the module's rule for overlaps).
pub fn quote(
    list: Money,
    compare_at: Option<Money>,
    variant: i64,
    offers: &[Offer],
    now: DateTime<Utc>,
) -> Quote {
    let best = offers
        .iter()
        .filter(|o| o.is_live(now) && o.applies_to(variant))
        .map(|o| (list.minor() - o.discount.off(list, 1), o))
        .filter(|(price, _)| *price < list.minor())
        .min_by_key(|(price, o)| (*price, o.ends_at, o.promotion));
    match best {
        Some((price, o)) => Quote {
            price: Money::new(price, list.currency()),
            was: Some(
                compare_at
                    .filter(|c| c.minor() > list.minor())
                    .unwrap_or(list),
            ),
            sale: Some(Sale {
                promotion: o.promotion,
                name: o.name.clone(),
                ends_at: o.ends_at,
                flash: o.flash,
            }),
        },
        None => Quote {
            price: list,
            was: compare_at.filter(|c| c.minor() > list.minor()),
            sale: None,
        },
    }
}

/// A unit price times a quantity; `None` on overflow.
pub fn line_total(unit: Money, quantity: u32) -> Option<Money> {
    unit.times(quantity)
}

/// What one store's parcel costs to ship with `option`, given each item's shipping price.
pub fn store_shipping(option: ShippingOption, item_shipping: &[Money]) -> Option<Money> {
    let first = item_shipping.first()?;
    let standard = item_shipping
        .iter()
        .map(|m| m.minor())
        .max()
        .unwrap_or_default();
    let minor = match option {
        ShippingOption::Standard => standard,
        ShippingOption::Express => standard.checked_add(EXPRESS_SURCHARGE_MINOR)?,
    };
    Some(Money::new(minor, first.currency()))
}

/// Every amount of one store's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderAmounts {
    pub subtotal: Money,
    pub shipping: Money,
    pub discount: Money,
    pub total: Money,
}

/// The amounts of one store's order: `lines` are (unit price, quantity, item shipping);
/// `code` is a promo code for this store (below its minimum it takes nothing off).
pub fn order_amounts(
    lines: &[(Money, u32, Money)],
    option: ShippingOption,
    code: Option<&CodeTerms>,
) -> Option<OrderAmounts> {
    let currency = lines.first()?.0.currency();
    let mut subtotal = Money::new(0, currency);
    for (unit, quantity, _) in lines {
        subtotal = subtotal.checked_add(line_total(*unit, *quantity)?)?;
    }
    let shipping_prices: Vec<Money> = lines.iter().map(|l| l.2).collect();
    let shipping = store_shipping(option, &shipping_prices)?;
    let discount = code
        .and_then(|c| c.discount_on(subtotal).ok())
        .unwrap_or(Money::new(0, currency));
    let after = Money::new(subtotal.minor().checked_sub(discount.minor())?, currency);
    Some(OrderAmounts {
        subtotal,
        shipping,
        discount,
        total: after.checked_add(shipping)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::promotion::{Discount, DiscountKind, parse_time};

    #[test]
    fn standard_shipping_is_the_dearest_items_shipping_and_express_adds_the_surcharge() {
        let items = [Money::usd(299), Money::usd(499), Money::usd(0)];
        assert_eq!(
            store_shipping(ShippingOption::Standard, &items),
            Some(Money::usd(499))
        );
        assert_eq!(
            store_shipping(ShippingOption::Express, &items),
            Some(Money::usd(499 + EXPRESS_SURCHARGE_MINOR))
        );
        assert_eq!(store_shipping(ShippingOption::Standard, &[]), None);
    }

    #[test]
    fn an_orders_total_is_its_lines_plus_one_shipping_charge() {
        let lines = [
            (Money::usd(1250), 2, Money::usd(300)),
            (Money::usd(999), 1, Money::usd(500)),
        ];
        let amounts = order_amounts(&lines, ShippingOption::Standard, None).unwrap();
        assert_eq!(amounts.subtotal, Money::usd(3499));
        assert_eq!(amounts.shipping, Money::usd(500));
        assert_eq!(amounts.discount, Money::usd(0));
        assert_eq!(amounts.total, Money::usd(3999));
    }

    #[test]
    fn overflowing_amounts_are_refused_not_wrapped() {
        let lines = [(Money::usd(i64::MAX / 2), 3, Money::usd(0))];
        assert_eq!(order_amounts(&lines, ShippingOption::Standard, None), None);
    }

    fn offer(id: i64, variant: Option<i64>, kind: DiscountKind, amount: i64, ends: &str) -> Offer {
        Offer {
            promotion: id,
            name: format!("Promo {id}"),
            variant,
            discount: Discount { kind, amount },
            starts_at: parse_time("2026-12-01").unwrap(),
            ends_at: parse_time(ends).unwrap(),
            flash: false,
        }
    }

    #[test]
    fn without_a_live_promotion_the_list_price_stands() {
        let now = parse_time("2026-12-02T12:00").unwrap();
        let q = quote(Money::usd(2000), Some(Money::usd(2500)), 5, &[], now);
        assert_eq!(
            (q.price, q.was, q.sale),
            (Money::usd(2000), Some(Money::usd(2500)), None)
        );
        // Ended, not started, or for another variant: none apply.
        let offers = [
            offer(1, None, DiscountKind::Percent, 50, "2026-12-02T12:00"),
            Offer {
                starts_at: parse_time("2026-12-03").unwrap(),
                ..offer(2, None, DiscountKind::Percent, 50, "2026-12-09")
            },
            offer(3, Some(6), DiscountKind::Percent, 50, "2026-12-09"),
        ];
        assert_eq!(
            quote(Money::usd(2000), None, 5, &offers, now).price,
            Money::usd(2000)
        );
    }

    #[test]
    fn overlapping_promotions_do_not_stack_the_lowest_price_wins() {
        let now = parse_time("2026-12-02T12:00").unwrap();
        let offers = [
            offer(1, None, DiscountKind::Percent, 10, "2026-12-20"),
            offer(2, Some(5), DiscountKind::Fixed, 500, "2026-12-10"),
            offer(3, None, DiscountKind::Fixed, 300, "2026-12-05"),
        ];
        // $40.00: 10% is $4.00 off, the variant's fixed $5.00 wins.
        let q = quote(Money::usd(4000), None, 5, &offers, now);
        assert_eq!(q.price, Money::usd(3500));
        assert_eq!(q.was, Some(Money::usd(4000)));
        assert_eq!(q.sale.map(|s| s.promotion), Some(2));
        // $60.00 for another variant: 10% ($6.00) beats $3.00.
        assert_eq!(
            quote(Money::usd(6000), None, 9, &offers, now).price,
            Money::usd(5400)
        );
        // A tie goes to the promotion that ends first.
        let tie = [
            offer(1, None, DiscountKind::Fixed, 500, "2026-12-20"),
            offer(2, None, DiscountKind::Fixed, 500, "2026-12-10"),
        ];
        assert_eq!(
            quote(Money::usd(4000), None, 5, &tie, now)
                .sale
                .map(|s| s.promotion),
            Some(2)
        );
    }

    #[test]
    fn a_promoted_price_keeps_the_higher_reference_and_a_cent_at_least() {
        let now = parse_time("2026-12-02T12:00").unwrap();
        let big = [offer(1, None, DiscountKind::Fixed, 10_000, "2026-12-20")];
        let q = quote(Money::usd(1500), Some(Money::usd(1800)), 5, &big, now);
        assert_eq!(q.price, Money::usd(1));
        assert_eq!(q.was, Some(Money::usd(1800)));
    }

    #[test]
    fn a_code_comes_off_its_stores_subtotal_before_shipping() {
        let code = CodeTerms {
            id: crate::domain::PromoCodeId(1),
            code: "TEN".into(),
            store: crate::domain::StoreId(1),
            store_name: "Shop".into(),
            discount: Discount {
                kind: DiscountKind::Percent,
                amount: 10,
            },
            min_order: Money::usd(2000),
        };
        let lines = [(Money::usd(1250), 2, Money::usd(300))];
        let a = order_amounts(&lines, ShippingOption::Standard, Some(&code)).unwrap();
        assert_eq!(
            (a.subtotal, a.discount, a.shipping, a.total),
            (
                Money::usd(2500),
                Money::usd(250),
                Money::usd(300),
                Money::usd(2550)
            )
        );
        let small = [(Money::usd(1250), 1, Money::usd(300))];
        let b = order_amounts(&small, ShippingOption::Standard, Some(&code)).unwrap();
        assert_eq!((b.discount, b.total), (Money::usd(0), Money::usd(1550)));
    }

    #[test]
    fn shipping_options_round_trip_through_their_names() {
        for option in ShippingOption::ALL {
            assert_eq!(ShippingOption::parse(option.as_str()), Ok(option));
        }
        assert!(ShippingOption::parse("teleport").is_err());
    }
}

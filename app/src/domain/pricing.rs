//! The one place that decides what a buyer pays: unit price, line totals, shipping per
//! store and each order's total. Cards, the product page, the cart, checkout and the
//! stored order all call these functions, so they cannot disagree.
//!
//! Shipping per store: standard shipping costs the highest shipping price among the
//! store's items in the order (one parcel per store); express adds a flat
//! [`EXPRESS_SURCHARGE_MINOR`] and shortens transit to [`EXPRESS_TRANSIT_DAYS`].

use super::{Money, ParseError};
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

/// The price of one unit of a variant. Promotions hook in here.
pub fn unit_price(list_price: Money) -> Money {
    list_price
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

/// The amounts of one store's order: `lines` are (unit price, quantity, item shipping).
pub fn order_amounts(
    lines: &[(Money, u32, Money)],
    option: ShippingOption,
) -> Option<OrderAmounts> {
    let currency = lines.first()?.0.currency();
    let mut subtotal = Money::new(0, currency);
    for (unit, quantity, _) in lines {
        subtotal = subtotal.checked_add(line_total(*unit, *quantity)?)?;
    }
    let shipping_prices: Vec<Money> = lines.iter().map(|l| l.2).collect();
    let shipping = store_shipping(option, &shipping_prices)?;
    let discount = Money::new(0, currency);
    Some(OrderAmounts {
        subtotal,
        shipping,
        discount,
        total: subtotal.checked_add(shipping)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let amounts = order_amounts(&lines, ShippingOption::Standard).unwrap();
        assert_eq!(amounts.subtotal, Money::usd(3499));
        assert_eq!(amounts.shipping, Money::usd(500));
        assert_eq!(amounts.discount, Money::usd(0));
        assert_eq!(amounts.total, Money::usd(3999));
    }

    #[test]
    fn overflowing_amounts_are_refused_not_wrapped() {
        let lines = [(Money::usd(i64::MAX / 2), 3, Money::usd(0))];
        assert_eq!(order_amounts(&lines, ShippingOption::Standard), None);
    }

    #[test]
    fn shipping_options_round_trip_through_their_names() {
        for option in ShippingOption::ALL {
            assert_eq!(ShippingOption::parse(option.as_str()), Ok(option));
        }
        assert!(ShippingOption::parse("teleport").is_err());
    }
}

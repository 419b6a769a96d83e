//! The cart, the checkout page and the request that places orders.

use super::accounts::AddressView;
use super::accounts::PaymentMethodView;
use super::catalog::ImageRef;
use super::catalog::StoreSummary;
use crate::domain::AddressId;
use crate::domain::Money;
use crate::domain::OrderId;
use crate::domain::PaymentMethodId;
use crate::domain::ProductId;
use crate::domain::StoreId;
use crate::domain::VariantId;
use crate::domain::pricing::Sale;
use crate::domain::pricing::ShippingOption;
use serde::{Deserialize, Serialize};

/// One variant in the cart, with what the buyer needs to decide and what checkout
/// needs to price it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub variant: VariantId,
    pub product: ProductId,
    pub slug: String,
    pub title: String,
    pub variant_label: String,
    pub sku: String,
    pub image: Option<ImageRef>,
    /// What one unit costs now, promotions included.
    pub unit_price: Money,
    /// The price before the promotion, when one applies.
    #[serde(default)]
    pub was: Option<Money>,
    #[serde(default)]
    pub sale: Option<Sale>,
    pub quantity: u32,
    /// Units left; the quantity can never be set above it.
    pub stock: i64,
    /// This item's shipping price (the store's parcel costs the highest of its items).
    pub shipping: Money,
    pub handling_days: i64,
}

impl CartLine {
    pub fn href(&self) -> String {
        format!("/p/{}/{}?variant={}", self.product, self.slug, self.variant)
    }
}

/// The cart's items from one store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartGroup {
    pub store: StoreSummary,
    pub lines: Vec<CartLine>,
    pub subtotal: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CartView {
    pub groups: Vec<CartGroup>,
    pub item_count: u32,
}

/// A cart line as the buyer saw it when they pressed "Place order".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenLine {
    pub variant: VariantId,
    pub quantity: u32,
    pub unit_price_minor: i64,
}

/// A card turned into a gateway token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: i32,
    /// The gateway's name for the card itself, the same for every token of one card
    /// number: a card saved twice is kept once. Server-side only.
    #[serde(skip, default)]
    pub fingerprint: String,
}

/// Everything the checkout page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub cart: CartView,
    pub addresses: Vec<AddressView>,
    pub payment_methods: Vec<PaymentMethodView>,
}

/// How the buyer pays: a saved card or a card just tokenised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PaymentChoice {
    Saved(PaymentMethodId),
    Token { token: String, save: bool },
}

/// The "Place order" request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    pub address: AddressId,
    pub shipping: Vec<(StoreId, ShippingOption)>,
    pub payment: PaymentChoice,
    pub seen: Vec<SeenLine>,
    /// A promo code for one store's order.
    #[serde(default)]
    pub promo_code: Option<String>,
}

/// What placing an order returns; the same for every retry with the same key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedOrders {
    pub checkout_id: String,
    pub orders: Vec<OrderId>,
    pub total: Money,
}

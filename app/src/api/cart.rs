//! The buyer's cart and checkout: lines, the checkout page, promo codes and placing
//! orders.

use crate::domain::promotion::CodeTerms;
use crate::error::AppResult;
use crate::model::{CardToken, CartView, CheckoutRequest, CheckoutView, PlacedOrders};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::{IdempotencyKey, Quantity, VariantId},
    crate::error::AppError,
};

#[server(endpoint = "cart", input = GetUrl)]
pub async fn cart() -> AppResult<CartView> {
    let caller = authorize(Access::Public).await?;
    match caller.cart_owner(false) {
        Some(owner) => finish(caller.services.cart.cart(&owner).await),
        None => Ok(CartView::default()),
    }
}

/// How many items the cart holds, for the badge on every page (a small answer, so
/// the first download does not carry the whole cart's types).
#[server(endpoint = "cart_count", input = GetUrl)]
pub async fn cart_count() -> AppResult<u32> {
    let caller = authorize(Access::Public).await?;
    match caller.cart_owner(false) {
        Some(owner) => finish(
            caller
                .services
                .cart
                .cart(&owner)
                .await
                .map(|c| c.item_count),
        ),
        None => Ok(0),
    }
}

#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(
    variant: i64,
    quantity: u32,
    idempotency_key: Option<String>,
) -> AppResult<CartView> {
    let caller = authorize(Access::Public).await?;
    let quantity =
        finish(Quantity::new(quantity).map_err(|e| AppError::validation("quantity", e.0)))?;
    let owner = caller.cart_owner(true).ok_or(AppError::Internal)?;
    let request = (variant, quantity.get());
    let cart = finish(
        caller
            .once(
                idempotency_key.as_deref(),
                &request,
                caller
                    .services
                    .cart
                    .add_to_cart(&owner, VariantId(variant), quantity),
            )
            .await,
    )?;
    // The product page's form posted without JavaScript: show the cart.
    if super::guard::plain_form() {
        leptos_axum::redirect("/cart");
    }
    Ok(cart)
}

/// Sets a cart line's quantity; 0 removes the line.
#[server(endpoint = "set_cart_quantity")]
pub async fn set_cart_quantity(variant: i64, quantity: u32) -> AppResult<CartView> {
    let caller = authorize(Access::Public).await?;
    match caller.cart_owner(false) {
        Some(owner) => finish(
            caller
                .services
                .cart
                .set_cart_quantity(&owner, VariantId(variant), quantity)
                .await,
        ),
        None => Ok(CartView::default()),
    }
}

#[server(endpoint = "checkout", input = GetUrl)]
pub async fn checkout() -> AppResult<CheckoutView> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.cart.checkout(buyer).await)
}

/// Exchanges card details for a gateway token. The number is checked, handed to the
/// gateway and dropped; it is never stored or logged.
#[server(endpoint = "tokenize_card")]
pub async fn tokenize_card(number: String, expiry: String, cvc: String) -> AppResult<CardToken> {
    let caller = authorize(Access::SignedIn).await?;
    finish(
        caller
            .services
            .payments
            .tokenize(&number, &expiry, cvc.trim())
            .await,
    )
}

/// Places one order per store from the cart, exactly once per idempotency key.
#[server(endpoint = "place_order", input = Json)]
pub async fn place_order(
    idempotency_key: String,
    order: CheckoutRequest,
) -> AppResult<PlacedOrders> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    let key = finish(
        IdempotencyKey::parse(&idempotency_key)
            .map_err(|e| AppError::validation("idempotency_key", e.0)),
    )?;
    finish(caller.services.cart.place_order(buyer, &key, order).await)
}

/// A promo code's terms for the signed-in buyer, so checkout can show the discount
/// before the order is placed (placing it checks the code again).
#[server(endpoint = "promo_code", input = GetUrl)]
pub async fn promo_code(code: String) -> AppResult<CodeTerms> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.promotions.code_terms(buyer, &code).await)
}

//! The cart and checkout.

use crate::domain::AccountId;
use crate::domain::IdempotencyKey;
use crate::domain::Quantity;
use crate::domain::VariantId;
use crate::error::AppResult;
use crate::model::cart::CartView;
use crate::model::cart::CheckoutRequest;
use crate::model::cart::CheckoutView;
use crate::model::cart::PlacedOrders;
use async_trait::async_trait;

/// Whose cart: a signed-in account's, or a guest's (by the token in their cart cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartOwner {
    Account(AccountId),
    Guest(String),
}

#[async_trait]
pub trait CartService: Send + Sync {
    async fn cart(&self, owner: &CartOwner) -> AppResult<CartView>;
    /// Adds units of a variant (capped by stock; refused when none are left).
    async fn add_to_cart(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: Quantity,
    ) -> AppResult<CartView>;
    /// Sets a line's quantity; 0 removes it.
    async fn set_cart_quantity(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: u32,
    ) -> AppResult<CartView>;
    /// Moves a guest's cart into the account's cart (quantities add up, capped by stock).
    async fn merge_guest_cart(&self, guest_token: &str, account: AccountId) -> AppResult<()>;
    async fn checkout(&self, buyer: AccountId) -> AppResult<CheckoutView>;
    /// Places one order per store, exactly once per `idempotency_key`.
    async fn place_order(
        &self,
        buyer: AccountId,
        idempotency_key: &IdempotencyKey,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders>;
}

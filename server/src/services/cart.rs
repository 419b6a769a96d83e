//! The buyer's cart: lines per store with what checkout needs to price them, guest
//! carts kept by a cookie and merged at sign-in, and the checkout page. Placing an
//! order is in `checkout`.
//!
//! **Guest carts** live in the database under a random cookie (`mp_cart`, its SHA-256
//! stored) and are merged into the account's cart on sign-in or when a new account
//! confirms its address, quantities added up and capped by stock.

pub(crate) mod changes;
mod checkout;
mod lines;

use lines::group;

use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::services::money::payments::Gateway;
use crate::storage::Db;
use app::backend::{CartOwner, CartService};
use app::domain::{AccountId, IdempotencyKey, Quantity, VariantId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

pub struct Cart {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
}

impl Cart {
    pub fn new(db: Db, clock: Arc<dyn Clock>, gateway: Arc<dyn Gateway>) -> Self {
        Self { db, clock, gateway }
    }

    /// A connection for one change (the change functions take a connection).
    async fn conn(&self) -> AppResult<sqlx::pool::PoolConnection<sqlx::Any>> {
        self.db
            .pool
            .acquire()
            .await
            .internal("acquiring a connection")
    }

    async fn cart_id(&self, owner: &CartOwner, create: bool) -> AppResult<Option<i64>> {
        lines::cart_id(&mut *self.conn().await?, self.clock.now_ms(), owner, create).await
    }

    async fn lines(&self, cart: i64) -> AppResult<Vec<(StoreSummary, CartLine)>> {
        lines::lines(&self.db, self.clock.now(), cart).await
    }

    async fn view(&self, owner: &CartOwner) -> AppResult<CartView> {
        match self.cart_id(owner, false).await? {
            Some(cart) => Ok(group(self.lines(cart).await?)),
            None => Ok(CartView::default()),
        }
    }
}

#[async_trait]
impl CartService for Cart {
    #[tracing::instrument(skip_all)]
    async fn cart(&self, owner: &CartOwner) -> AppResult<CartView> {
        self.view(owner).await
    }

    #[tracing::instrument(skip_all, fields(variant = %variant))]
    async fn add_to_cart(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: Quantity,
    ) -> AppResult<CartView> {
        changes::add(
            &mut *self.conn().await?,
            self.clock.now_ms(),
            owner,
            variant,
            quantity,
        )
        .await?;
        self.view(owner).await
    }

    #[tracing::instrument(skip_all, fields(variant = %variant))]
    async fn set_cart_quantity(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: u32,
    ) -> AppResult<CartView> {
        changes::set_quantity(
            &mut *self.conn().await?,
            self.clock.now_ms(),
            owner,
            variant,
            quantity,
        )
        .await?;
        self.view(owner).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn merge_guest_cart(&self, guest_token: &str, account: AccountId) -> AppResult<()> {
        let guest = CartOwner::Guest(guest_token.to_owned());
        let Some(guest_cart) = self.cart_id(&guest, false).await? else {
            return Ok(());
        };
        let mine = self
            .cart_id(&CartOwner::Account(account), true)
            .await?
            .ok_or(AppError::Internal)?;
        let mut tx = self.db.begin().await.internal("starting a cart merge")?;
        sqlx::query(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_minor, added_at)
             SELECT $1, g.variant_id, CASE WHEN g.quantity > v.stock THEN v.stock ELSE g.quantity END, g.unit_price_minor, g.added_at
             FROM cart_items g JOIN variants v ON v.id = g.variant_id
             WHERE g.cart_id = $2 AND v.stock > 0
             ON CONFLICT (cart_id, variant_id) DO UPDATE
             SET quantity = excluded.quantity + cart_items.quantity",
        )
        .bind(mine)
        .bind(guest_cart)
        .execute(&mut *tx)
        .await
        .internal("merging the guest cart")?;
        // Never past the stock after adding up.
        sqlx::query(
            "UPDATE cart_items SET quantity = (SELECT v.stock FROM variants v WHERE v.id = cart_items.variant_id)
             WHERE cart_id = $1 AND quantity > (SELECT v.stock FROM variants v WHERE v.id = cart_items.variant_id)
               AND (SELECT v.stock FROM variants v WHERE v.id = cart_items.variant_id) > 0",
        )
        .bind(mine)
        .execute(&mut *tx)
        .await
        .internal("capping merged quantities")?;
        sqlx::query("DELETE FROM carts WHERE id = $1")
            .bind(guest_cart)
            .execute(&mut *tx)
            .await
            .internal("removing the guest cart")?;
        tx.commit().await.internal("committing the cart merge")
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn checkout(&self, buyer: AccountId) -> AppResult<CheckoutView> {
        let cart = self.view(&CartOwner::Account(buyer)).await?;
        let addresses = crate::services::accounts::profile::addresses(&self.db, buyer).await?;
        let payment_methods =
            crate::services::accounts::profile::payment_methods(&self.db, buyer).await?;
        Ok(CheckoutView {
            cart,
            addresses,
            payment_methods,
        })
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn place_order(
        &self,
        buyer: AccountId,
        key: &IdempotencyKey,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders> {
        let checkout = checkout::Checkout {
            db: &self.db,
            clock: self.clock.as_ref(),
            gateway: self.gateway.as_ref(),
        };
        checkout.place(buyer, key, order).await
    }
}

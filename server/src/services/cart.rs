//! The buyer's cart: lines per store with what checkout needs to price them, guest
//! carts kept by a cookie and merged at sign-in, and the checkout page. Placing an
//! order is in `checkout`.

mod checkout;

use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::platform::token_hash;
use crate::services::money::payments::Gateway;
use crate::storage::{Db, Row};
use app::backend::{CartOwner, CartService};
use app::domain::pricing;
use app::domain::{
    AccountId, Currency, IdempotencyKey, Money, ProductId, Quantity, StoreId, VariantId,
};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::sync::Arc;

pub struct Cart {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
}

const LINE_COLUMNS: &str = "ci.variant_id, ci.quantity, v.sku, v.size, v.color, v.price_minor, v.stock,
    p.id, p.slug, p.title, p.currency, p.shipping_minor, p.handling_days, s.id, s.name, s.slug, s.status,
    (SELECT i.image_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1)";

/// Lines of a cart whose products can still be bought.
const LINE_FROM: &str = "cart_items ci JOIN variants v ON v.id = ci.variant_id
    JOIN products p ON p.id = v.product_id JOIN stores s ON s.id = p.store_id
    WHERE ci.cart_id = $1 AND p.status = 'active' AND s.status = 'verified'";

fn line(row: &AnyRow) -> Result<(StoreSummary, CartLine), sqlx::Error> {
    let currency = Currency::parse(&row.try_get::<String, _>(10)?).unwrap_or_default();
    let title: String = row.try_get(9)?;
    let stock: i64 = row.try_get(6)?;
    let quantity: i64 = row.try_get(1)?;
    Ok((
        StoreSummary {
            id: StoreId(row.try_get(13)?),
            name: row.try_get(14)?,
            slug: row.try_get(15)?,
            status: row.try_get(16)?,
        },
        CartLine {
            variant: VariantId(row.try_get(0)?),
            product: ProductId(row.try_get(7)?),
            slug: row.try_get(8)?,
            image: row.try_get::<Option<String>, _>(17)?.map(|key| ImageRef {
                key,
                alt: title.clone(),
            }),
            title,
            variant_label: variant_label(
                row.try_get::<Option<String>, _>(3)?.as_deref(),
                row.try_get::<Option<String>, _>(4)?.as_deref(),
            ),
            sku: row.try_get(2)?,
            // The list price; `lines` applies promotions.
            unit_price: Money::new(row.try_get(5)?, currency),
            was: None,
            sale: None,
            quantity: u32::try_from(quantity).unwrap_or(0),
            stock,
            shipping: Money::new(row.try_get(11)?, currency),
            handling_days: row.try_get(12)?,
        },
    ))
}

fn group(lines: Vec<(StoreSummary, CartLine)>) -> CartView {
    let mut view = CartView::default();
    for (store, line) in lines {
        view.item_count += line.quantity;
        let amount = pricing::line_total(line.unit_price, line.quantity).unwrap_or(line.unit_price);
        match view.groups.iter_mut().find(|g| g.store.id == store.id) {
            Some(g) => {
                g.subtotal = g.subtotal.checked_add(amount).unwrap_or(g.subtotal);
                g.lines.push(line);
            }
            None => view.groups.push(CartGroup {
                store,
                subtotal: amount,
                lines: vec![line],
            }),
        }
    }
    view
}

impl Cart {
    pub fn new(db: Db, clock: Arc<dyn Clock>, gateway: Arc<dyn Gateway>) -> Self {
        Self { db, clock, gateway }
    }

    /// The cart's id, creating the cart when `create` is set.
    async fn cart_id(&self, owner: &CartOwner, create: bool) -> AppResult<Option<i64>> {
        let now = self.clock.now_ms();
        let row = match (owner, create) {
            (CartOwner::Account(a), false) => {
                sqlx::query("SELECT id FROM carts WHERE account_id = $1")
                    .bind(a.0)
                    .fetch_optional(&self.db.pool)
                    .await
            }
            (CartOwner::Guest(t), false) => {
                sqlx::query("SELECT id FROM carts WHERE guest_token = $1")
                    .bind(token_hash(t))
                    .fetch_optional(&self.db.pool)
                    .await
            }
            (CartOwner::Account(a), true) => {
                sqlx::query(
                    "INSERT INTO carts (account_id, updated_at) VALUES ($1, $2)
                     ON CONFLICT (account_id) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
                )
                .bind(a.0)
                .bind(now)
                .fetch_optional(&self.db.pool)
                .await
            }
            (CartOwner::Guest(t), true) => {
                sqlx::query(
                    "INSERT INTO carts (guest_token, updated_at) VALUES ($1, $2)
                     ON CONFLICT (guest_token) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
                )
                .bind(token_hash(t))
                .bind(now)
                .fetch_optional(&self.db.pool)
                .await
            }
        }
        .internal("finding the cart")?;
        row.map(|r| r.try_get(0)).transpose().internal("cart id")
    }

    async fn lines(&self, cart: i64) -> AppResult<Vec<(StoreSummary, CartLine)>> {
        let rows = sqlx::query(&format!(
            "SELECT {LINE_COLUMNS} FROM {LINE_FROM} ORDER BY s.name, s.id, ci.added_at, ci.variant_id"
        ))
        .bind(cart)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the cart")?;
        let mut lines: Vec<(StoreSummary, CartLine)> = rows
            .iter()
            .map(line)
            .collect::<Result<_, _>>()
            .internal("reading a cart line")?;
        let mut priced: Vec<CartLine> = lines.iter().map(|(_, l)| l.clone()).collect();
        crate::services::promotions::price_lines(&self.db, self.clock.now(), &mut priced).await?;
        for ((_, l), p) in lines.iter_mut().zip(priced) {
            *l = p;
        }
        Ok(lines)
    }

    async fn view(&self, owner: &CartOwner) -> AppResult<CartView> {
        match self.cart_id(owner, false).await? {
            Some(cart) => Ok(group(self.lines(cart).await?)),
            None => Ok(CartView::default()),
        }
    }

    /// A buyable variant's stock and title, or a clear error.
    async fn buyable(&self, variant: VariantId) -> AppResult<(i64, String)> {
        let row = sqlx::query(
            "SELECT v.stock, p.title FROM variants v JOIN products p ON p.id = v.product_id
             JOIN stores s ON s.id = p.store_id
             WHERE v.id = $1 AND p.status = 'active' AND s.status = 'verified'",
        )
        .bind(variant.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("checking a variant")?
        .ok_or_else(|| AppError::not_found("product"))?;
        Ok((
            row.try_get(0).internal("stock")?,
            row.try_get(1).internal("title")?,
        ))
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
        let (stock, title) = self.buyable(variant).await?;
        if stock <= 0 {
            return Err(AppError::Conflict(format!("“{title}” is sold out.")));
        }
        let cart = self.cart_id(owner, true).await?.ok_or(AppError::Internal)?;
        let price: i64 = sqlx::query("SELECT price_minor FROM variants WHERE id = $1")
            .bind(variant.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("reading a price")?
            .try_get(0)
            .internal("price")?;
        // Adds to what is there, never past the stock.
        sqlx::query(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_minor, added_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (cart_id, variant_id) DO UPDATE
             SET quantity = CASE WHEN cart_items.quantity + excluded.quantity > $6 THEN $6
                                 ELSE cart_items.quantity + excluded.quantity END,
                 unit_price_minor = excluded.unit_price_minor",
        )
        .bind(cart)
        .bind(variant.0)
        .bind(i64::from(quantity.get()).min(stock))
        .bind(price)
        .bind(self.clock.now_ms())
        .bind(stock.min(i64::from(Quantity::MAX)))
        .execute(&self.db.pool)
        .await
        .internal("adding to the cart")?;
        self.view(owner).await
    }

    #[tracing::instrument(skip_all, fields(variant = %variant))]
    async fn set_cart_quantity(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: u32,
    ) -> AppResult<CartView> {
        let Some(cart) = self.cart_id(owner, false).await? else {
            return Ok(CartView::default());
        };
        if quantity == 0 {
            sqlx::query("DELETE FROM cart_items WHERE cart_id = $1 AND variant_id = $2")
                .bind(cart)
                .bind(variant.0)
                .execute(&self.db.pool)
                .await
                .internal("removing from the cart")?;
        } else {
            let quantity =
                Quantity::new(quantity).map_err(|e| AppError::validation("quantity", e.0))?;
            let (stock, title) = self.buyable(variant).await?;
            if i64::from(quantity.get()) > stock {
                return Err(AppError::validation(
                    "quantity",
                    if stock <= 0 {
                        format!("“{title}” is sold out.")
                    } else {
                        format!("Only {stock} of “{title}” left.")
                    },
                ));
            }
            sqlx::query(
                "UPDATE cart_items SET quantity = $3 WHERE cart_id = $1 AND variant_id = $2",
            )
            .bind(cart)
            .bind(variant.0)
            .bind(i64::from(quantity.get()))
            .execute(&self.db.pool)
            .await
            .internal("changing a quantity")?;
        }
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
        checkout::place(self, buyer, key, order).await
    }
}

/// What a buyer is told when the cart is no longer the one the checkout was priced from.
const CART_CHANGED: &str =
    "Your cart changed since this page was loaded. Check it and place the order again.";

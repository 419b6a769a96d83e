//! Cart, checkout and the buyer's orders.
//!
//! Placing an order: the gateway authorises the whole checkout first (keyed by the
//! buyer's idempotency key, so a retry reuses the same authorisation); then one
//! transaction claims the idempotency key, decrements each variant's stock with one
//! conditional statement, writes one order per store with its items and first
//! timeline event, empties those cart lines and stores the response under the key.
//! If the transaction fails the authorisation is released; if another request with
//! the same key won, its stored response is returned.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::platform::token_hash;
use crate::services::money::payments::Gateway;
use crate::services::orders::{self, Scope};
use crate::storage::{Db, Row};
use app::backend::{CartOwner, ShopService};
use app::domain::address::Address;
use app::domain::delivery::{STANDARD_TRANSIT_DAYS, delivery_window};
use app::domain::order_status::OrderStatus;
use app::domain::pricing::{self, OrderAmounts, ShippingOption};
use app::domain::promotion::CodeTerms;
use app::domain::{
    AccountId, Currency, IdempotencyKey, Money, OrderId, ProductId, Quantity, StoreId, VariantId,
};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::sync::Arc;

pub struct Shop {
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

impl Shop {
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

    async fn stored_response(
        &self,
        buyer: AccountId,
        key: &str,
    ) -> AppResult<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT request_hash, response FROM idempotency_keys WHERE account_id = $1 AND key = $2",
        )
        .bind(buyer.0)
        .bind(key)
        .fetch_optional(&self.db.pool)
        .await
        .internal("reading an idempotency key")?;
        row.map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
            .internal("idempotency row")
    }

    fn replay(stored: (String, String), hash: &str) -> AppResult<PlacedOrders> {
        if stored.0 != hash {
            return Err(AppError::Conflict(
                "This checkout was already used for a different order. Reload the page and try again."
                    .into(),
            ));
        }
        serde_json::from_str(&stored.1).internal("reading a stored response")
    }
}

#[async_trait]
impl ShopService for Shop {
    async fn cart(&self, owner: &CartOwner) -> AppResult<CartView> {
        self.view(owner).await
    }

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

    async fn place_order(
        &self,
        buyer: AccountId,
        key: &IdempotencyKey,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders> {
        let key = key.as_str();
        let hash = token_hash(&serde_json::to_string(&order).internal("hashing the request")?);
        if let Some(stored) = self.stored_response(buyer, key).await? {
            return Self::replay(stored, &hash);
        }
        match self.place_new_order(buyer, key, &hash, order).await {
            Ok(placed) => Ok(placed),
            // A request with the same key may have finished while this one was
            // checking the cart (which that request emptied): answer as it did.
            Err(e) => match self.stored_response(buyer, key).await? {
                Some(stored) if !stored.1.is_empty() => Self::replay(stored, &hash),
                _ => Err(e),
            },
        }
    }

    async fn orders(&self, buyer: AccountId) -> AppResult<Vec<OrderSummary>> {
        let rows = sqlx::query(
            "SELECT o.id, s.name, o.status, o.currency, o.total_minor, o.placed_at,
                    (SELECT CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi WHERE oi.order_id = o.id),
                    (SELECT oi.title FROM order_items oi WHERE oi.order_id = o.id ORDER BY oi.id LIMIT 1),
                    (SELECT i.image_key FROM order_items oi JOIN product_images i ON i.product_id = oi.product_id
                      WHERE oi.order_id = o.id ORDER BY oi.id, i.position, i.id LIMIT 1)
             FROM orders o JOIN stores s ON s.id = o.store_id
             WHERE o.buyer_id = $1 ORDER BY o.placed_at DESC, o.id DESC LIMIT 200",
        )
        .bind(buyer.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing orders")?;
        rows.iter()
            .map(|r| -> Result<OrderSummary, sqlx::Error> {
                let currency = Currency::parse(&r.try_get::<String, _>(3)?).unwrap_or_default();
                let first_title: String = r.try_get::<Option<String>, _>(7)?.unwrap_or_default();
                Ok(OrderSummary {
                    id: OrderId(r.try_get(0)?),
                    store_name: r.try_get(1)?,
                    status: OrderStatus::parse(&r.try_get::<String, _>(2)?)
                        .unwrap_or(OrderStatus::Placed),
                    total: Money::new(r.try_get(4)?, currency),
                    placed_at: from_ms(r.try_get(5)?),
                    item_count: r.try_get::<Option<i64>, _>(6)?.unwrap_or(0),
                    image: r.try_get::<Option<String>, _>(8)?.map(|key| ImageRef {
                        key,
                        alt: first_title.clone(),
                    }),
                    first_title,
                })
            })
            .collect::<Result<_, _>>()
            .internal("reading orders")
    }

    async fn order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail> {
        orders::detail(&self.db, Scope::Buyer(buyer), id).await
    }

    async fn cancel_order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail> {
        orders::cancel_unshipped(
            &self.db,
            self.gateway.as_ref(),
            self.clock.now_ms(),
            Scope::Buyer(buyer),
            id,
            orders::Cancellation {
                from: &[OrderStatus::Placed],
                note: "Cancelled by the buyer",
                refused: "The seller has already confirmed this order, so it can't be cancelled here. Contact the seller instead.",
            },
        )
        .await?;
        self.order(buyer, id).await
    }
}

enum WriteError {
    KeyTaken,
    App(AppError),
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

type Planned<'a> = (
    &'a CartGroup,
    ShippingOption,
    OrderAmounts,
    (chrono::NaiveDate, chrono::NaiveDate),
    Option<&'a CodeTerms>,
);

/// What a buyer is told when the cart is no longer the one the checkout was priced from.
const CART_CHANGED: &str =
    "Your cart changed since this page was loaded. Check it and place the order again.";

impl Shop {
    async fn place_new_order(
        &self,
        buyer: AccountId,
        key: &str,
        hash: &str,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders> {
        // What is in the cart now, against what the buyer saw.
        let owner = CartOwner::Account(buyer);
        let cart = self.cart_id(&owner, false).await?;
        let lines = match cart {
            Some(c) => self.lines(c).await?,
            None => Vec::new(),
        };
        if lines.is_empty() && !order.seen.is_empty() {
            // Emptied since the page was loaded (by another checkout, say).
            return Err(AppError::Conflict(CART_CHANGED.into()));
        }
        if lines.is_empty() {
            return Err(AppError::validation("cart", "Your cart is empty."));
        }
        let same_items = lines.len() == order.seen.len()
            && lines.iter().all(|(_, l)| {
                order
                    .seen
                    .iter()
                    .any(|s| s.variant == l.variant && s.quantity == l.quantity)
            });
        if !same_items {
            return Err(AppError::Conflict(CART_CHANGED.into()));
        }
        for (_, l) in &lines {
            let seen = order.seen.iter().find(|s| s.variant == l.variant);
            if let Some(seen) = seen
                && seen.unit_price_minor != l.unit_price.minor()
            {
                return Err(AppError::Conflict(format!(
                    "The price of “{}” changed from {} to {}. Check the new total and place the order again.",
                    l.title,
                    Money::new(seen.unit_price_minor, l.unit_price.currency()),
                    l.unit_price
                )));
            }
            if i64::from(l.quantity) > l.stock {
                return Err(AppError::Conflict(if l.stock <= 0 {
                    format!(
                        "“{}” has sold out. Remove it from your cart to continue.",
                        l.title
                    )
                } else {
                    format!(
                        "Only {} of “{}” left. Lower the quantity to continue.",
                        l.stock, l.title
                    )
                }));
            }
        }

        let address = crate::services::accounts::profile::address(&self.db, buyer, order.address)
            .await?
            .ok_or_else(|| AppError::validation("address", "Choose a shipping address."))?;
        let address =
            Address::parse(&address).map_err(|(field, e)| AppError::validation(field, e.0))?;

        let (token, payment_label, save) = match &order.payment {
            PaymentChoice::Saved(id) => {
                let row = sqlx::query(
                    "SELECT token, brand, last4 FROM payment_methods WHERE id = $1 AND account_id = $2",
                )
                .bind(id.0)
                .bind(buyer.0)
                .fetch_optional(&self.db.pool)
                .await
                .internal("loading a payment method")?
                .ok_or_else(|| AppError::validation("payment", "Choose a payment method."))?;
                let token: String = row.try_get(0).internal("token")?;
                let brand: String = row.try_get(1).internal("brand")?;
                let last4: String = row.try_get(2).internal("last4")?;
                (token, format!("{brand} •••• {last4}"), None)
            }
            PaymentChoice::Token { token, save } => {
                let card = self.gateway.card(token).await?.ok_or_else(|| {
                    AppError::validation("payment", "Enter your card details again.")
                })?;
                let label = format!("{} •••• {}", card.brand, card.last4);
                (token.clone(), label, save.then_some(card))
            }
        };

        // One order per store, priced by the one pricing function.
        let view = group(lines);
        let code = match order.promo_code.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => {
                let terms = crate::services::promotions::code_terms(
                    &self.db,
                    buyer,
                    c,
                    self.clock.now_ms(),
                )
                .await?;
                if !view.groups.iter().any(|g| g.store.id == terms.store) {
                    return Err(AppError::validation(
                        "promo_code",
                        format!(
                            "The code {} is for {}, and nothing from that store is in your cart.",
                            terms.code, terms.store_name
                        ),
                    ));
                }
                Some(terms)
            }
            _ => None,
        };
        let today = self.clock.now().date_naive();
        let mut planned = Vec::new();
        let mut total: Option<Money> = None;
        for g in &view.groups {
            let option = order
                .shipping
                .iter()
                .find(|(s, _)| *s == g.store.id)
                .map(|(_, o)| *o)
                .unwrap_or_default();
            let priced: Vec<(Money, u32, Money)> = g
                .lines
                .iter()
                .map(|l| (l.unit_price, l.quantity, l.shipping))
                .collect();
            let too_large = || AppError::validation("cart", "That order is too large.");
            let store_code = code.as_ref().filter(|c| c.store == g.store.id);
            if let Some(c) = store_code {
                let before = pricing::order_amounts(&priced, option, None).ok_or_else(too_large)?;
                c.discount_on(before.subtotal)
                    .map_err(|e| AppError::validation("promo_code", e.0))?;
            }
            let amounts =
                pricing::order_amounts(&priced, option, store_code).ok_or_else(too_large)?;
            total = Some(match total {
                None => amounts.total,
                Some(t) => t.checked_add(amounts.total).ok_or_else(|| {
                    AppError::validation(
                        "cart",
                        "Items in different currencies must be ordered separately.",
                    )
                })?,
            });
            let handling = g.lines.iter().map(|l| l.handling_days).max().unwrap_or(2);
            let window = delivery_window(
                today,
                u32::try_from(handling).unwrap_or(2),
                option.transit(STANDARD_TRANSIT_DAYS),
            );
            planned.push((g, option, amounts, window, store_code));
        }
        let total = total.ok_or(AppError::Internal)?;

        let gateway_key = format!("{}:{key}", buyer.0);
        let charge = self.gateway.authorize(&token, total, &gateway_key).await?;

        let checkout_id = format!("co_{}", &hash[..16]);
        let result = self
            .write_orders(
                buyer,
                key,
                hash,
                &checkout_id,
                cart.unwrap_or_default(),
                &planned,
                &address,
                &charge,
                &payment_label,
                total,
                save,
            )
            .await;
        match result {
            Ok(placed) => Ok(placed),
            Err(WriteError::KeyTaken) => {
                // Another request with this key won; it used the same authorisation.
                match self.stored_response(buyer, key).await? {
                    Some(stored) => Self::replay(stored, hash),
                    None => Err(AppError::Conflict(
                        "This order is already being placed. Check your orders in a moment.".into(),
                    )),
                }
            }
            Err(WriteError::App(e)) => {
                if let Err(release) = self.gateway.release(&charge, total).await {
                    tracing::error!(?release, charge, "releasing an authorisation failed");
                }
                Err(e)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn write_orders(
        &self,
        buyer: AccountId,
        key: &str,
        hash: &str,
        checkout_id: &str,
        cart: i64,
        planned: &[Planned<'_>],
        address: &Address,
        charge: &str,
        payment_label: &str,
        total: Money,
        save_card: Option<CardToken>,
    ) -> Result<PlacedOrders, WriteError> {
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting checkout")?;
        // The first statement writes, so SQLite takes its write lock at once.
        let claimed = sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, response, created_at) VALUES ($1, $2, $3, '', $4)",
        )
        .bind(buyer.0)
        .bind(key)
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match claimed {
            Ok(_) => {}
            Err(e) if Db::is_unique_violation(&e) => return Err(WriteError::KeyTaken),
            Err(e) => {
                tracing::error!(error = ?e, "claiming an idempotency key");
                return Err(WriteError::App(AppError::Internal));
            }
        }
        // The cart lines this checkout was priced from are consumed here, each one
        // as it was read: a concurrent checkout of the same cart (or a change made
        // since) finds a line gone or different and gets a conflict, not an order.
        for (g, _, _, _, _) in planned {
            for l in &g.lines {
                let consumed = sqlx::query(
                    "DELETE FROM cart_items WHERE cart_id = $1 AND variant_id = $2 AND quantity = $3",
                )
                .bind(cart)
                .bind(l.variant.0)
                .bind(i64::from(l.quantity))
                .execute(&mut *tx)
                .await
                .internal("emptying the cart")?
                .rows_affected();
                if consumed != 1 {
                    return Err(AppError::Conflict(CART_CHANGED.into()).into());
                }
            }
        }
        for (g, _, _, _, _) in planned {
            for l in &g.lines {
                let taken = sqlx::query(
                    "UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1",
                )
                .bind(i64::from(l.quantity))
                .bind(l.variant.0)
                .execute(&mut *tx)
                .await
                .internal("taking stock")?
                .rows_affected();
                if taken == 0 {
                    return Err(AppError::Conflict(format!(
                        "“{}” sold out while you were checking out. Remove it from your cart to continue.",
                        l.title
                    ))
                    .into());
                }
            }
        }
        let ship_to = address.lines().join("\n");
        let mut ids = Vec::new();
        for (g, option, amounts, window, code) in planned {
            let id: i64 = sqlx::query(
                "INSERT INTO orders (buyer_id, store_id, checkout_id, status, currency, subtotal_minor, shipping_minor,
                    discount_minor, total_minor, ship_to, placed_at, updated_at, shipping_option, charge_id, payment_label,
                    delivery_from, delivery_to, promo_code_id)
                 VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
            )
            .bind(buyer.0)
            .bind(g.store.id.0)
            .bind(checkout_id)
            .bind(amounts.total.currency().code())
            .bind(amounts.subtotal.minor())
            .bind(amounts.shipping.minor())
            .bind(amounts.discount.minor())
            .bind(amounts.total.minor())
            .bind(&ship_to)
            .bind(now)
            .bind(option.as_str())
            .bind(charge)
            .bind(payment_label)
            .bind(window.0.format("%Y-%m-%d").to_string())
            .bind(window.1.format("%Y-%m-%d").to_string())
            .bind(code.map(|c| c.id))
            .fetch_one(&mut *tx)
            .await
            .internal("writing an order")?
            .try_get(0)
            .internal("order id")?;
            if let Some(c) = code
                && !crate::services::promotions::take_use(&mut tx, c.id, buyer, id, now).await?
            {
                return Err(AppError::validation(
                    "promo_code",
                    format!(
                        "The code {} has just been used up. Remove it to place the order.",
                        c.code
                    ),
                )
                .into());
            }
            for l in &g.lines {
                sqlx::query(
                    "INSERT INTO order_items (order_id, variant_id, product_id, title, variant_label, sku, unit_price_minor, quantity,
                        list_price_minor, promotion_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(id)
                .bind(l.variant.0)
                .bind(l.product.0)
                .bind(&l.title)
                .bind(&l.variant_label)
                .bind(&l.sku)
                .bind(l.unit_price.minor())
                .bind(i64::from(l.quantity))
                .bind(l.was.unwrap_or(l.unit_price).minor())
                .bind(l.sale.as_ref().map(|s| s.promotion))
                .execute(&mut *tx)
                .await
                .internal("writing an order item")?;
            }
            sqlx::query(
                "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'placed', '', $2)",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .internal("writing the first order event")?;
            ids.push(OrderId(id));
        }
        if let Some(card) = save_card {
            sqlx::query(
                "INSERT INTO payment_methods (account_id, token, brand, last4, exp_month, exp_year, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, token) DO NOTHING",
            )
            .bind(buyer.0)
            .bind(&card.token)
            .bind(&card.brand)
            .bind(&card.last4)
            .bind(i64::from(card.exp_month))
            .bind(i64::from(card.exp_year))
            .bind(now)
            .execute(&mut *tx)
            .await
            .internal("saving the card")?;
        }
        let placed = PlacedOrders {
            checkout_id: checkout_id.to_owned(),
            orders: ids,
            total,
        };
        sqlx::query("UPDATE idempotency_keys SET response = $3 WHERE account_id = $1 AND key = $2")
            .bind(buyer.0)
            .bind(key)
            .bind(serde_json::to_string(&placed).internal("storing the response")?)
            .execute(&mut *tx)
            .await
            .internal("storing the response")?;
        tx.commit().await.internal("committing checkout")?;
        Ok(placed)
    }
}

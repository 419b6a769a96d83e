//! Reading a cart: finding (or making) an owner's cart, its lines with what checkout
//! needs to price them (promotions applied), grouped by store.

use crate::platform::OrInternal;
use crate::platform::token_hash;
use crate::storage::{Db, Row};
use app::backend::CartOwner;
use app::domain::pricing;
use app::domain::{Currency, Money, ProductId, StoreId, VariantId};
use app::error::AppResult;
use app::model::*;
use chrono::{DateTime, Utc};

/// What a buyer is told when the cart is no longer the one the checkout was priced from.
pub(super) const CART_CHANGED: &str =
    "Your cart changed since this page was loaded. Check it and place the order again.";

const LINE_COLUMNS: &str = "ci.variant_id, ci.quantity, v.sku, v.size, v.color, v.price_minor, v.stock,
    p.id AS product_id, p.slug, p.title, p.currency, p.shipping_minor, p.handling_days,
    s.id AS store_id, s.name AS store_name, s.slug AS store_slug, s.status AS store_status,
    (SELECT i.image_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_key";

/// Lines of a cart whose products can still be bought.
const LINE_FROM: &str = "cart_items ci JOIN variants v ON v.id = ci.variant_id
    JOIN products p ON p.id = v.product_id JOIN stores s ON s.id = p.store_id
    WHERE ci.cart_id = $1 AND p.status = 'active' AND s.status = 'verified'";

/// A cart line as [`LINE_COLUMNS`] reads it.
#[derive(sqlx::FromRow)]
struct LineRow {
    variant_id: i64,
    quantity: i64,
    sku: String,
    size: Option<String>,
    color: Option<String>,
    price_minor: i64,
    stock: i64,
    product_id: i64,
    slug: String,
    title: String,
    currency: String,
    shipping_minor: i64,
    handling_days: i64,
    store_id: i64,
    store_name: String,
    store_slug: String,
    store_status: String,
    image_key: Option<String>,
}

impl LineRow {
    fn line(self) -> (StoreSummary, CartLine) {
        let currency = Currency::parse(&self.currency).unwrap_or_default();
        (
            StoreSummary {
                id: StoreId(self.store_id),
                name: self.store_name,
                slug: self.store_slug,
                status: self.store_status,
            },
            CartLine {
                variant: VariantId(self.variant_id),
                product: ProductId(self.product_id),
                slug: self.slug,
                image: self.image_key.map(|key| ImageRef {
                    key,
                    alt: self.title.clone(),
                }),
                title: self.title,
                variant_label: variant_label(self.size.as_deref(), self.color.as_deref()),
                sku: self.sku,
                // The list price; `lines` applies promotions.
                unit_price: Money::new(self.price_minor, currency),
                was: None,
                sale: None,
                quantity: u32::try_from(self.quantity).unwrap_or(0),
                stock: self.stock,
                shipping: Money::new(self.shipping_minor, currency),
                handling_days: self.handling_days,
            },
        )
    }
}

pub(super) fn group(lines: Vec<(StoreSummary, CartLine)>) -> CartView {
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

/// The cart's id, creating the cart when `create` is set.
pub(crate) async fn cart_id(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    owner: &CartOwner,
    create: bool,
) -> AppResult<Option<i64>> {
    let row = match (owner, create) {
        (CartOwner::Account(a), false) => {
            sqlx::query("SELECT id FROM carts WHERE account_id = $1")
                .bind(a.0)
                .fetch_optional(&mut *conn)
                .await
        }
        (CartOwner::Guest(t), false) => {
            sqlx::query("SELECT id FROM carts WHERE guest_token = $1")
                .bind(token_hash(t))
                .fetch_optional(&mut *conn)
                .await
        }
        (CartOwner::Account(a), true) => {
            sqlx::query(
                "INSERT INTO carts (account_id, updated_at) VALUES ($1, $2)
                 ON CONFLICT (account_id) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
            )
            .bind(a.0)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
        }
        (CartOwner::Guest(t), true) => {
            sqlx::query(
                "INSERT INTO carts (guest_token, updated_at) VALUES ($1, $2)
                 ON CONFLICT (guest_token) DO UPDATE SET updated_at = excluded.updated_at RETURNING id",
            )
            .bind(token_hash(t))
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
        }
    }
    .internal("finding the cart")?;
    row.map(|r| r.try_get("id")).transpose().internal("cart id")
}

pub(super) async fn lines(
    db: &Db,
    now: DateTime<Utc>,
    cart: i64,
) -> AppResult<Vec<(StoreSummary, CartLine)>> {
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "SELECT {LINE_COLUMNS} FROM {LINE_FROM} ORDER BY s.name, s.id, ci.added_at, ci.variant_id"
    ))
    .bind(cart)
    .fetch_all(&db.pool)
    .await
    .internal("loading the cart")?;
    let mut lines: Vec<(StoreSummary, CartLine)> = rows.into_iter().map(LineRow::line).collect();
    let mut priced: Vec<CartLine> = lines.iter().map(|(_, l)| l.clone()).collect();
    crate::services::promotions::price_lines(db, now, &mut priced).await?;
    for ((_, l), p) in lines.iter_mut().zip(priced) {
        *l = p;
    }
    Ok(lines)
}

//! The cart changes a buyer can make, written against one connection so the same
//! statements run alone (the server functions) or inside the transaction that records
//! an offline change as applied (`services::sync`).

use super::lines::cart_id;
use crate::platform::OrInternal;
use crate::storage::Row;
use app::backend::CartOwner;
use app::domain::{Quantity, VariantId};
use app::error::{AppError, AppResult};
use sqlx::AnyConnection;

/// A buyable variant's stock, price and title, or "We couldn't find that product."
async fn buyable(conn: &mut AnyConnection, variant: VariantId) -> AppResult<(i64, i64, String)> {
    let row = sqlx::query(
        "SELECT v.stock, v.price_minor, p.title FROM variants v JOIN products p ON p.id = v.product_id
         JOIN stores s ON s.id = p.store_id
         WHERE v.id = $1 AND p.status = 'active' AND s.status = 'verified'",
    )
    .bind(variant.0)
    .fetch_optional(conn)
    .await
    .internal("checking a variant")?
    .ok_or_else(|| AppError::not_found("product"))?;
    Ok((
        row.try_get("stock").internal("stock")?,
        row.try_get("price_minor").internal("price")?,
        row.try_get("title").internal("title")?,
    ))
}

/// Adds `quantity` to what the cart holds of `variant`, never past the stock; a
/// sold-out variant is refused.
pub(crate) async fn add(
    conn: &mut AnyConnection,
    now_ms: i64,
    owner: &CartOwner,
    variant: VariantId,
    quantity: Quantity,
) -> AppResult<()> {
    let (stock, price, title) = buyable(conn, variant).await?;
    if stock <= 0 {
        return Err(AppError::Conflict(format!("“{title}” is sold out.")));
    }
    let cart = cart_id(conn, now_ms, owner, true)
        .await?
        .ok_or(AppError::Internal)?;
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
    .bind(now_ms)
    .bind(stock.min(i64::from(Quantity::MAX)))
    .execute(conn)
    .await
    .internal("adding to the cart")?;
    Ok(())
}

/// Sets a line's quantity (0 removes it); more than the stock is refused.
pub(crate) async fn set_quantity(
    conn: &mut AnyConnection,
    now_ms: i64,
    owner: &CartOwner,
    variant: VariantId,
    quantity: u32,
) -> AppResult<()> {
    let Some(cart) = cart_id(conn, now_ms, owner, false).await? else {
        return Ok(());
    };
    if quantity == 0 {
        sqlx::query("DELETE FROM cart_items WHERE cart_id = $1 AND variant_id = $2")
            .bind(cart)
            .bind(variant.0)
            .execute(conn)
            .await
            .internal("removing from the cart")?;
        return Ok(());
    }
    let quantity = Quantity::new(quantity).map_err(|e| AppError::validation("quantity", e.0))?;
    let (stock, _, title) = buyable(conn, variant).await?;
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
    sqlx::query("UPDATE cart_items SET quantity = $3 WHERE cart_id = $1 AND variant_id = $2")
        .bind(cart)
        .bind(variant.0)
        .bind(i64::from(quantity.get()))
        .execute(conn)
        .await
        .internal("changing a quantity")?;
    Ok(())
}

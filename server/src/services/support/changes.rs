//! Applying an accepted change request to an order that has not shipped, inside the
//! transaction that marks the request accepted: a new address, a variant swap with
//! stock moved both ways, or cancelled units restocked and taken off the order's
//! total. Each step is a conditional write; one that finds the order moved on (it
//! shipped, the new variant sold out) refuses, and the caller rolls everything back.
//!
//! Money: an unshipped order's payment is only authorised, so taking units or price
//! off the order shrinks what shipment will capture, and the difference is released
//! on the card after the commit ([`Applied::release`]).

use crate::platform::OrInternal;
use crate::services::money::ledger::Tx;
use crate::services::orders::status_guard;
use app::domain::order_status::OrderStatus;
use app::domain::{OrderId, OrderItemId, VariantId};
use app::error::{AppError, AppResult};

/// What an applied change leaves to do after the commit.
#[derive(Debug, Default)]
pub struct Applied {
    /// Authorised money to give back on the card (minor units).
    pub release: i64,
    /// Words for the ticket and the order's timeline.
    pub note: String,
}

const SHIPPED: &str = "This order has shipped in the meantime, so it can no longer be changed. Offer a return instead.";

/// Claims the order as still unshipped for the rest of the transaction.
async fn hold_unshipped(tx: &mut Tx<'_>, order: OrderId, now: i64) -> AppResult<()> {
    let held = sqlx::query(
        "UPDATE orders SET updated_at = $2 WHERE id = $1 AND status IN ('placed', 'confirmed')",
    )
    .bind(order.0)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("holding an order")?
    .rows_affected();
    if held == 0 {
        return Err(AppError::Conflict(SHIPPED.into()));
    }
    Ok(())
}

async fn timeline(tx: &mut Tx<'_>, order: OrderId, note: &str, now: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'changed', $2, $3)",
    )
    .bind(order.0)
    .bind(note)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("recording an order change")?;
    Ok(())
}

/// Ships the order to `lines` (the address, one line per row) instead.
pub async fn change_address(
    tx: &mut Tx<'_>,
    order: OrderId,
    lines: &str,
    now: i64,
) -> AppResult<Applied> {
    let changed = sqlx::query(
        "UPDATE orders SET ship_to = $2, updated_at = $3 WHERE id = $1 AND status IN ('placed', 'confirmed')",
    )
    .bind(order.0)
    .bind(lines)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("changing an order's address")?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict(SHIPPED.into()));
    }
    let note = format!("Delivery address changed to {}", lines.replace('\n', ", "));
    timeline(tx, order, &note, now).await?;
    Ok(Applied { release: 0, note })
}

/// Swaps an item to another variant of the same product: the new variant's stock is
/// taken (refused when it sold out), the old one's returned, and a lower price comes
/// off the order.
pub async fn change_variant(
    tx: &mut Tx<'_>,
    order: OrderId,
    item: OrderItemId,
    to: VariantId,
    now: i64,
) -> AppResult<Applied> {
    hold_unshipped(tx, order, now).await?;
    let line = sqlx::query(
        "SELECT oi.variant_id, oi.product_id, oi.quantity, oi.refunded_quantity, oi.unit_price_minor, oi.title
         FROM order_items oi WHERE oi.id = $1 AND oi.order_id = $2",
    )
    .bind(item.0)
    .bind(order.0)
    .fetch_optional(&mut **tx)
    .await
    .internal("reading an order item")?
    .ok_or_else(|| AppError::not_found("order item"))?;
    use crate::storage::Row;
    let from: Option<i64> = line.try_get("variant_id").internal("variant")?;
    let product: Option<i64> = line.try_get("product_id").internal("product")?;
    let quantity: i64 = line.try_get("quantity").internal("quantity")?;
    let refunded: i64 = line.try_get("refunded_quantity").internal("refunded")?;
    let old_price: i64 = line.try_get("unit_price_minor").internal("price")?;
    let title: String = line.try_get("title").internal("title")?;
    if refunded > 0 {
        return Err(AppError::Conflict(
            "Part of this item was cancelled already, so its variant can't be changed.".into(),
        ));
    }
    let new = sqlx::query(
        "SELECT sku, size, color, price_minor FROM variants WHERE id = $1 AND product_id = $2",
    )
    .bind(to.0)
    .bind(product.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await
    .internal("reading the new variant")?
    .ok_or_else(|| AppError::Conflict("That option is no longer sold.".into()))?;
    let price: i64 = new.try_get("price_minor").internal("price")?;
    let label = app::model::variant_label(
        new.try_get::<Option<String>, _>("size")
            .internal("size")?
            .as_deref(),
        new.try_get::<Option<String>, _>("color")
            .internal("color")?
            .as_deref(),
    );
    let sku: String = new.try_get("sku").internal("sku")?;
    let taken = sqlx::query("UPDATE variants SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
        .bind(to.0)
        .bind(quantity)
        .execute(&mut **tx)
        .await
        .internal("taking the new variant's stock")?
        .rows_affected();
    if taken == 0 {
        return Err(AppError::Conflict(format!(
            "{label} of “{title}” sold out in the meantime."
        )));
    }
    if let Some(from) = from {
        sqlx::query("UPDATE variants SET stock = stock + $2 WHERE id = $1")
            .bind(from)
            .bind(quantity)
            .execute(&mut **tx)
            .await
            .internal("returning the old variant's stock")?;
    }
    let swapped = sqlx::query(
        "UPDATE order_items SET variant_id = $2, variant_label = $3, sku = $4, unit_price_minor = $5
         WHERE id = $1 AND refunded_quantity = 0 AND variant_id IS NOT DISTINCT FROM $6",
    )
    .bind(item.0)
    .bind(to.0)
    .bind(&label)
    .bind(&sku)
    .bind(price.min(old_price))
    .bind(from)
    .execute(&mut **tx)
    .await
    .internal("swapping the variant")?
    .rows_affected();
    if swapped == 0 {
        return Err(AppError::Conflict(
            "This item changed in the meantime. Reload and try again.".into(),
        ));
    }
    let difference = (old_price - price).max(0) * quantity;
    if difference > 0 {
        take_off(tx, order, difference).await?;
    }
    let note = format!("“{title}” changed to {label}");
    timeline(tx, order, &note, now).await?;
    Ok(Applied {
        release: difference,
        note,
    })
}

/// Cancels `quantity` units of an item: restocked and taken off the order's total.
/// When nothing is left the whole order is cancelled and its whole authorisation
/// released.
pub async fn cancel_units(
    tx: &mut Tx<'_>,
    order: OrderId,
    item: OrderItemId,
    quantity: i64,
    now: i64,
) -> AppResult<Applied> {
    use crate::storage::Row;
    hold_unshipped(tx, order, now).await?;
    let line = sqlx::query(
        "SELECT variant_id, unit_price_minor, title FROM order_items WHERE id = $1 AND order_id = $2",
    )
    .bind(item.0)
    .bind(order.0)
    .fetch_optional(&mut **tx)
    .await
    .internal("reading an order item")?
    .ok_or_else(|| AppError::not_found("order item"))?;
    let variant: Option<i64> = line.try_get("variant_id").internal("variant")?;
    let price: i64 = line.try_get("unit_price_minor").internal("price")?;
    let title: String = line.try_get("title").internal("title")?;
    let claimed = sqlx::query(
        "UPDATE order_items SET refunded_quantity = refunded_quantity + $2
         WHERE id = $1 AND refunded_quantity + $2 <= quantity",
    )
    .bind(item.0)
    .bind(quantity)
    .execute(&mut **tx)
    .await
    .internal("cancelling units")?
    .rows_affected();
    if claimed == 0 {
        return Err(AppError::Conflict(
            "Fewer of this item are left on the order than asked to cancel.".into(),
        ));
    }
    if let Some(variant) = variant {
        sqlx::query("UPDATE variants SET stock = stock + $2 WHERE id = $1")
            .bind(variant)
            .bind(quantity)
            .execute(&mut **tx)
            .await
            .internal("restocking cancelled units")?;
    }
    let left: i64 = sqlx::query(
        "SELECT CAST(COALESCE(SUM(quantity - refunded_quantity), 0) AS BIGINT) AS n FROM order_items WHERE order_id = $1",
    )
    .bind(order.0)
    .fetch_one(&mut **tx)
    .await
    .internal("counting what is left")?
    .try_get("n")
    .internal("units left")?;
    let note = format!("{quantity} × “{title}” cancelled at the buyer's request");
    if left == 0 {
        let total: i64 = sqlx::query("SELECT total_minor FROM orders WHERE id = $1")
            .bind(order.0)
            .fetch_one(&mut **tx)
            .await
            .internal("reading the total")?
            .try_get("total_minor")
            .internal("total")?;
        let guard = status_guard(
            &[OrderStatus::Placed, OrderStatus::Confirmed],
            OrderStatus::Cancelled,
        )?;
        sqlx::query(&format!(
            "UPDATE orders SET status = 'cancelled', close_reason = $2, updated_at = $3,
                 cancelled_at = $3, cancelled_by = 'buyer' WHERE id = $1 AND {guard}"
        ))
        .bind(order.0)
        .bind("Every item was cancelled at the buyer's request")
        .bind(now)
        .execute(&mut **tx)
        .await
        .internal("cancelling the order")?;
        sqlx::query(
            "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'cancelled', $2, $3)",
        )
        .bind(order.0)
        .bind(&note)
        .bind(now)
        .execute(&mut **tx)
        .await
        .internal("recording the cancellation")?;
        return Ok(Applied {
            release: total,
            note,
        });
    }
    let amount = price * quantity;
    let taken = take_off(tx, order, amount).await?;
    timeline(tx, order, &note, now).await?;
    Ok(Applied {
        release: taken,
        note,
    })
}

/// Takes `amount` off an unshipped order's subtotal and total (never below zero);
/// answers what came off the total.
async fn take_off(tx: &mut Tx<'_>, order: OrderId, amount: i64) -> AppResult<i64> {
    use crate::storage::Row;
    let total: i64 = sqlx::query("SELECT total_minor FROM orders WHERE id = $1")
        .bind(order.0)
        .fetch_one(&mut **tx)
        .await
        .internal("reading the total")?
        .try_get("total_minor")
        .internal("total")?;
    let off = amount.min(total);
    sqlx::query(
        "UPDATE orders SET subtotal_minor = CASE WHEN subtotal_minor > $2 THEN subtotal_minor - $2 ELSE 0 END,
                total_minor = total_minor - $3 WHERE id = $1",
    )
    .bind(order.0)
    .bind(amount)
    .bind(off)
    .execute(&mut **tx)
    .await
    .internal("taking money off an order")?;
    Ok(off)
}

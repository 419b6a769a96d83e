//! Past orders that give the seller standards something to read: the demo store has
//! three months of orders shipped within a day and scanned hours later (an integrity
//! store), the next store ships late so often that it fails the delayed-shipment
//! standard, and the others have too few orders to be rated. The orders are history
//! written as it would have been recorded (placed, shipped, scanned, delivered), then
//! every store's standing is evaluated and its verdict set, as the daily job does.

use super::demo::demo_store;
use crate::AppState;
use crate::clock::DAY_MS;
use crate::storage::Row;

const HOUR: i64 = 3_600_000;

/// Past orders per rated store, one every 30 hours over the last 90 days.
const ORDERS: i64 = 70;

pub async fn seed(state: &AppState) -> anyhow::Result<usize> {
    let pool = &state.db.pool;
    let now = state.clock.now_ms();
    let demo = demo_store(pool).await?.0;
    let late: Option<i64> = sqlx::query(
        "SELECT id FROM stores WHERE status = 'verified' AND id <> $1 ORDER BY id LIMIT 1",
    )
    .bind(demo)
    .fetch_optional(pool)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let Some(ship_to) = sqlx::query("SELECT ship_to FROM orders ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get::<String, _>("ship_to"))
        .transpose()?
    else {
        return Ok(0);
    };
    let buyers: Vec<i64> =
        sqlx::query("SELECT id FROM accounts WHERE role = 'buyer' ORDER BY id LIMIT 20")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
    let mut written = 0;
    for (store, late_every) in [(Some(demo), 0), (late, 3)] {
        let Some(store) = store else { continue };
        written += history(state, store, late_every, &ship_to, &buyers, now).await?;
    }
    crate::services::standards::snapshot_due(
        &state.db,
        state.clock.now(),
        &state.config.standards,
        &state.config.public_url,
        state.config.smtp_url.is_none(),
    )
    .await?;
    crate::services::catalog::feed::recompute_scores(
        &state.db,
        state.clock.as_ref(),
        &state.config.standards.exposure,
    )
    .await?;
    Ok(written)
}

/// Writes a store's past orders; every `late_every`-th one (0: none) shipped three
/// days after it was placed.
async fn history(
    state: &AppState,
    store: i64,
    late_every: i64,
    ship_to: &str,
    buyers: &[i64],
    now: i64,
) -> anyhow::Result<usize> {
    let pool = &state.db.pool;
    let items: Vec<(i64, i64, String, String, String, i64, String)> = sqlx::query(
        "SELECT v.id AS variant_id, p.id AS product_id, p.title, v.sku, p.currency, v.price_minor,
                COALESCE(v.size, '') || CASE WHEN v.size IS NOT NULL AND v.color IS NOT NULL THEN ' / ' ELSE '' END || COALESCE(v.color, '') AS label
         FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.store_id = $1 AND p.status = 'active' ORDER BY p.id, v.id LIMIT 12",
    )
    .bind(store)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| -> Result<_, sqlx::Error> {
        Ok((
            r.try_get("variant_id")?,
            r.try_get("product_id")?,
            r.try_get("title")?,
            r.try_get("sku")?,
            r.try_get("currency")?,
            r.try_get("price_minor")?,
            r.try_get("label")?,
        ))
    })
    .collect::<Result<_, _>>()?;
    if items.is_empty() || buyers.is_empty() {
        return Ok(0);
    }
    let mut tx = state.db.begin().await?;
    for i in 0..ORDERS {
        let (variant, product, title, sku, currency, price, label) =
            &items[i as usize % items.len()];
        let buyer = buyers[i as usize % buyers.len()];
        // Newest first: from 15 days ago back to 90 days ago, so every window has data
        // and the last two weeks keep the demo orders that are still moving.
        let placed = now - 15 * DAY_MS - i * 30 * HOUR;
        let late = late_every > 0 && i % late_every == 0;
        let shipped = placed
            + if late {
                3 * DAY_MS + 4 * HOUR
            } else {
                18 * HOUR
            };
        let scanned = shipped + 3 * HOUR;
        let tracking = format!("1ZHIST{store:04}{i:08}");
        let delivered = shipped + 3 * DAY_MS;
        let shipping = 499;
        let total = price + shipping;
        let order: i64 = sqlx::query(
            "INSERT INTO orders (buyer_id, store_id, checkout_id, status, currency, subtotal_minor, shipping_minor,
                 total_minor, ship_to, carrier, tracking_number, placed_at, updated_at, payment_label,
                 captured_minor, shipped_at, delivered_at)
             VALUES ($1, $2, $3, 'delivered', $4, $5, $6, $7, $8, 'ups', $9, $10, $11, 'Visa •••• 4242', $7, $12, $11)
             RETURNING id",
        )
        .bind(buyer)
        .bind(store)
        .bind(format!("history-{store}-{i}"))
        .bind(currency)
        .bind(price)
        .bind(shipping)
        .bind(total)
        .bind(ship_to)
        .bind(&tracking)
        .bind(placed)
        .bind(delivered)
        .bind(shipped)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        sqlx::query(
            "INSERT INTO shipment_numbers (carrier, tracking_number, order_id) VALUES ('ups', $1, $2)",
        )
        .bind(&tracking)
        .bind(order)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO order_items (order_id, variant_id, product_id, title, variant_label, sku, unit_price_minor, quantity)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
        )
        .bind(order)
        .bind(variant)
        .bind(product)
        .bind(title)
        .bind(if label.is_empty() { "One size" } else { label.as_str() })
        .bind(sku)
        .bind(price)
        .execute(&mut *tx)
        .await?;
        for (status, at) in [
            ("placed", placed),
            ("confirmed", placed + HOUR),
            ("shipped", shipped),
            ("delivered", delivered),
        ] {
            sqlx::query(
                "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, $2, '', $3)",
            )
            .bind(order)
            .bind(status)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        for (code, description, at) in [
            ("picked_up", "Picked up by the carrier", scanned),
            ("delivered", "Delivered", delivered),
        ] {
            sqlx::query(
                "INSERT INTO tracking_events (order_id, code, description, location, at) VALUES ($1, $2, $3, '', $4)",
            )
            .bind(order)
            .bind(code)
            .bind(description)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(ORDERS as usize)
}

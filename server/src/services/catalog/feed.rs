//! The feed's ranking: recomputes each product's stored score from recent sales,
//! views, rating, age, discount, stock and the store's standing (its verdict times
//! the configured exposure, `domain::standards::Exposure`) with
//! [`app::domain::ranking::score`].

use crate::clock::Clock;
use crate::clock::DAY_MS;
use crate::storage::{Db, Row};
use app::domain::ranking::{RankInputs, score};
use app::domain::standards::Verdict;

const BATCH: i64 = 500;

/// Stored scores are the score × 1,000,000, as integers.
pub fn stored(score: Option<f64>) -> i64 {
    score.map_or(0, |s| (s * 1_000_000.0).round() as i64)
}

/// Recomputes every product's score; returns how many were updated.
#[tracing::instrument(skip_all)]
pub async fn recompute_scores(
    db: &Db,
    clock: &dyn Clock,
    exposure: &app::domain::standards::Exposure,
) -> anyhow::Result<u64> {
    let now = clock.now_ms();
    let week_ago = now - 7 * DAY_MS;
    let mut after = 0_i64;
    let mut updated = 0;
    loop {
        let rows = sqlx::query(
            "SELECT p.id, p.rating_sum, p.rating_count, p.created_at,
                (SELECT s.verdict FROM stores s WHERE s.id = p.store_id) AS verdict,
                (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS stock,
                (SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                  WHERE oi.product_id = p.id AND o.placed_at >= $2 AND o.status NOT IN ('cancelled', 'refunded')) AS sales_7d,
                (SELECT COUNT(*) FROM product_events e WHERE e.product_id = p.id AND e.kind = 'view' AND e.at >= $2) AS views_7d,
                (SELECT v.price_minor FROM variants v WHERE v.product_id = p.id AND v.stock > 0 ORDER BY v.price_minor, v.id LIMIT 1) AS price,
                (SELECT v.compare_at_minor FROM variants v WHERE v.product_id = p.id AND v.stock > 0 ORDER BY v.price_minor, v.id LIMIT 1) AS compare_at
             FROM products p WHERE p.id > $1 ORDER BY p.id LIMIT $3",
        )
        .bind(after)
        .bind(week_ago)
        .bind(BATCH)
        .fetch_all(&db.pool)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.try_get("id")?;
        let mut cases = String::new();
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let rating_sum: i64 = row.try_get("rating_sum")?;
            let review_count: i64 = row.try_get("rating_count")?;
            let created_at: i64 = row.try_get("created_at")?;
            let price: Option<i64> = row.try_get("price")?;
            let compare_at: Option<i64> = row.try_get("compare_at")?;
            let percent_off = match (price, compare_at) {
                (Some(p), Some(c)) if c > p && c > 0 => {
                    u32::try_from((c - p) * 100 / c).unwrap_or(0)
                }
                _ => 0,
            };
            let inputs = RankInputs {
                sales_7d: u32::try_from(row.try_get::<i64, _>("sales_7d")?).unwrap_or(u32::MAX),
                views_7d: u32::try_from(row.try_get::<i64, _>("views_7d")?).unwrap_or(u32::MAX),
                rating_x100: if review_count > 0 {
                    rating_sum * 100 / review_count
                } else {
                    0
                },
                review_count,
                age_days: (now - created_at) as f64 / DAY_MS as f64,
                percent_off,
                units_in_stock: row.try_get("stock")?,
                store_standing: Verdict::parse(&row.try_get::<String, _>("verdict")?)
                    .factor(exposure),
                category_affinity: 0.0,
            };
            // Ids and scores are integers we computed, so they can go into the SQL text.
            cases.push_str(&format!(" WHEN {id} THEN {}", stored(score(&inputs))));
            ids.push(id.to_string());
        }
        let done = sqlx::query(&format!(
            "UPDATE products SET rank_score = CASE id{cases} ELSE rank_score END WHERE id IN ({})",
            ids.join(", ")
        ))
        .execute(&db.pool)
        .await?;
        updated += done.rows_affected();
    }
    Ok(updated)
}

//! Fixed-window rate limits kept in the database, so every server node shares them.
//!
//! **Sessions and rate limits in the database.** Session cookies hold a random token;
//! the database keeps its SHA-256. Rate limits are fixed 15-minute windows counted with
//! one upsert, so any number of server processes share them; sign-in counts only
//! failures.

use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::error::{AppError, AppResult};

/// Counts one attempt in `bucket` and refuses when more than `limit` fall in the
/// current window of `window_ms`.
pub async fn hit(db: &Db, bucket: &str, limit: i64, window_ms: i64, now_ms: i64) -> AppResult<()> {
    let window_start = now_ms - now_ms.rem_euclid(window_ms);
    let row = sqlx::query(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await
    .internal("counting a rate-limited attempt")?;
    let hits: i64 = row.try_get(0).internal("reading the attempt count")?;
    if hits > limit {
        tracing::warn!(bucket, hits, "rate limit reached");
        return Err(AppError::RateLimited);
    }
    Ok(())
}

/// Refuses when `bucket` already holds more than `limit` hits in the current window,
/// without counting one: for limits that count only failures.
pub async fn check(
    db: &Db,
    bucket: &str,
    limit: i64,
    window_ms: i64,
    now_ms: i64,
) -> AppResult<()> {
    let window_start = now_ms - now_ms.rem_euclid(window_ms);
    let hits: i64 = sqlx::query(
        "SELECT COALESCE(MAX(hits), 0) FROM rate_limits WHERE bucket = $1 AND window_start = $2",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(&db.pool)
    .await
    .internal("reading a rate limit")?
    .try_get(0)
    .internal("reading the attempt count")?;
    if hits >= limit {
        tracing::warn!(bucket, hits, "rate limit reached");
        return Err(AppError::RateLimited);
    }
    Ok(())
}

/// Forgets windows that ended before `before_ms`.
#[tracing::instrument(skip_all)]
pub async fn prune(db: &Db, before_ms: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(before_ms)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

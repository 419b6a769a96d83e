//! Scheduled work. Every job is safe to run on many nodes at once: work items are
//! claimed in the database, never held in memory.

pub mod outbox;

use crate::AppState;
use crate::clock::DAY_MS;
use crate::storage::Db;
use std::time::Duration;

/// Takes (or renews) the lease on job `name` for `ttl_ms`; false when another node holds it.
pub async fn take_lease(
    db: &Db,
    name: &str,
    holder: &str,
    now_ms: i64,
    ttl_ms: i64,
) -> anyhow::Result<bool> {
    let row = sqlx::query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE job_leases.expires_at < $4 OR job_leases.holder = excluded.holder
         RETURNING holder",
    )
    .bind(name)
    .bind(holder)
    .bind(now_ms + ttl_ms)
    .bind(now_ms)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// This process's name in job leases.
fn node_id() -> String {
    use rand::Rng;
    format!(
        "{}-{:08x}",
        std::process::id(),
        rand::thread_rng().r#gen::<u32>()
    )
}

/// Starts the background jobs; they stop when the process does.
pub fn start(state: AppState) {
    let node = node_id();
    let tracking_node = node.clone();
    let feed_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let now = feed_state.clock.now_ms();
            match take_lease(&feed_state.db, "feed_scores", &node, now, 540_000).await {
                Ok(true) => match crate::services::catalog::feed::recompute_scores(
                    &feed_state.db,
                    feed_state.clock.as_ref(),
                    &feed_state.config.standards.exposure,
                )
                .await
                {
                    Ok(n) => {
                        tracing::info!(products = n, "feed scores recomputed");
                        if let Err(e) =
                            crate::services::catalog::search::rebuild_terms(&feed_state.db).await
                        {
                            tracing::error!(error = ?e, "rebuilding search terms failed");
                        }
                    }
                    Err(e) => tracing::error!(error = ?e, "recomputing feed scores failed"),
                },
                Ok(false) => {}
                Err(e) => tracing::error!(error = ?e, "taking the feed lease failed"),
            }
        }
    });
    let tracking_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = money_and_tracking(&tracking_state, &tracking_node).await {
                tracing::error!(error = ?e, "tracking or payout run failed");
            }
        }
    });
    let mail_state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = outbox::send_due(&mail_state).await {
                tracing::error!(error = ?e, "outbox run failed");
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let now = state.clock.now_ms();
            let day_ago = now - 24 * 3600 * 1000;
            if let Err(e) = crate::platform::rate_limit::prune(&state.db, day_ago).await {
                tracing::error!(error = ?e, "pruning rate limits failed");
            }
            if let Err(e) = prune_expired(&state.db, now).await {
                tracing::error!(error = ?e, "pruning expired rows failed");
            }
        }
    });
}

/// Every minute: records due carrier scans, records disputes the gateway opened or
/// decided, bills boost spend, escalates tickets the seller left for 48 hours, cancels
/// orders left unshipped (`AUTO_CANCEL_DAYS`), keeps each store's daily standing and
/// verdict, mails sellers about low stock; on a payout day, pays stores out (each
/// store once per date, whichever node runs it).
pub async fn money_and_tracking(state: &AppState, node: &str) -> anyhow::Result<()> {
    let now = state.clock.now_ms();
    if !take_lease(&state.db, "tracking", node, now, 55_000).await? {
        return Ok(());
    }
    let moved =
        crate::services::orders::fulfilment::sync_tracking(&state.db, state.tracker.as_ref(), now)
            .await?;
    if moved > 0 {
        tracing::info!(orders = moved, "tracking updates recorded");
    }
    let disputes =
        crate::services::money::disputes::sync(&state.db, state.gateway.as_ref(), now).await?;
    if disputes > 0 {
        tracing::info!(disputes, "disputes opened or decided");
    }
    crate::services::ads::bill(&state.db, now).await?;
    let escalated = crate::services::support::escalation::escalate_due(
        &state.db,
        now,
        &state.config.public_url,
        state.config.smtp_url.is_none(),
    )
    .await?;
    if escalated > 0 {
        tracing::info!(tickets = escalated, "tickets escalated");
    }
    let cancelled = crate::services::standards::cancel_overdue(
        &state.db,
        state.gateway.as_ref(),
        now,
        state.config.standards.auto_cancel_days,
        state.config.smtp_url.is_none(),
    )
    .await?;
    if cancelled > 0 {
        tracing::info!(orders = cancelled, "unshipped orders cancelled");
    }
    let evaluated = crate::services::standards::snapshot_due(
        &state.db,
        state.clock.now(),
        &state.config.standards,
        &state.config.public_url,
        state.config.smtp_url.is_none(),
    )
    .await?;
    if evaluated > 0 {
        tracing::info!(stores = evaluated, "seller standards evaluated");
    }
    crate::services::listings::mail_low_stock(
        &state.db,
        now,
        &state.config.public_url,
        state.config.smtp_url.is_none(),
    )
    .await?;
    let today = state.clock.now().date_naive();
    if app::domain::ledger::next_payout(today, &state.config.money.payout_days) == Some(today) {
        let paid = crate::services::money::ledger::run_payouts(&state.db, now, today).await?;
        if paid > 0 {
            tracing::info!(stores = paid, "payouts made");
        }
    }
    Ok(())
}

/// How long a mutation's stored answer is kept for replays of its idempotency key.
pub const IDEMPOTENCY_KEEP_DAYS: i64 = 7;
/// How long a finished console operation (an import and its report) is kept.
pub const OPERATIONS_KEEP_DAYS: i64 = 7;
/// How long product views and clicks are kept; ranking and affinity read less.
pub const EVENTS_KEEP_DAYS: i64 = 90;

/// Deletes sessions and one-time links that can no longer be used, idempotency keys
/// too old to be retried, product events too old to be read and console operations
/// finished a week ago.
pub async fn prune_expired(db: &Db, now_ms: i64) -> anyhow::Result<u64> {
    let keys = sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
        .bind(now_ms - IDEMPOTENCY_KEEP_DAYS * DAY_MS)
        .execute(&db.pool)
        .await?;
    let events = sqlx::query("DELETE FROM product_events WHERE at <= $1")
        .bind(now_ms - EVENTS_KEEP_DAYS * DAY_MS)
        .execute(&db.pool)
        .await?;
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    let tokens =
        sqlx::query("DELETE FROM account_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL")
            .bind(now_ms)
            .execute(&db.pool)
            .await?;
    let operations = sqlx::query("DELETE FROM operations WHERE updated_at <= $1")
        .bind(now_ms - OPERATIONS_KEEP_DAYS * DAY_MS)
        .execute(&db.pool)
        .await?;
    Ok(sessions.rows_affected()
        + tokens.rows_affected()
        + keys.rows_affected()
        + events.rows_affected()
        + operations.rows_affected())
}

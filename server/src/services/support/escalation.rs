//! Escalation: a ticket that has waited for the seller for more than 48 hours
//! (weekends included) goes to the platform's queue. Run every minute by any number
//! of servers: each ticket moves by a conditional update on its status and waiting
//! time, so it escalates once, with one message and one mail per side.

use super::notify;
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::domain::TicketId;
use app::domain::support::{Party, REPLY_WITHIN_MS};
use app::error::AppResult;

/// Escalates every ticket overdue at `now`; answers how many moved.
#[tracing::instrument(skip_all)]
pub async fn escalate_due(db: &Db, now: i64, public_url: &str, log_mail: bool) -> AppResult<u64> {
    let cutoff = now - REPLY_WITHIN_MS;
    let due = sqlx::query(
        "SELECT id FROM tickets WHERE status = 'awaiting_seller' AND waiting_since < $1 ORDER BY waiting_since LIMIT 500",
    )
    .bind(cutoff)
    .fetch_all(&db.pool)
    .await
    .internal("finding overdue tickets")?;
    let mut moved = 0;
    for r in &due {
        let id = TicketId(r.try_get("id").internal("ticket id")?);
        let mut tx = db.begin().await.internal("starting an escalation")?;
        let changed = sqlx::query(
            "UPDATE tickets SET status = 'escalated', escalated_at = $2, waiting_since = NULL,
                    buyer_unread = 1, updated_at = $2
             WHERE id = $1 AND status = 'awaiting_seller' AND waiting_since < $3",
        )
        .bind(id.0)
        .bind(now)
        .bind(cutoff)
        .execute(&mut *tx)
        .await
        .internal("escalating a ticket")?
        .rows_affected();
        if changed == 0 {
            continue;
        }
        let note = "The seller hasn't answered within 48 hours, so the marketplace's support team is looking into this now.";
        sqlx::query(
            "INSERT INTO ticket_messages (ticket_id, author, body, created_at) VALUES ($1, 'system', $2, $3)",
        )
        .bind(id.0)
        .bind(note)
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("recording an escalation")?;
        notify(&mut tx, id, Party::System, note, public_url, now, log_mail).await?;
        tx.commit().await.internal("committing an escalation")?;
        moved += 1;
    }
    Ok(moved)
}

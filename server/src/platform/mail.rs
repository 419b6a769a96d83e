//! Outgoing mail: written to the outbox in the same transaction as the change that
//! causes it; the outbox job sends it through SMTP when one is configured.

use sqlx::AnyConnection;

/// Queues one email. In development (no SMTP) the mail is also written to the log.
pub async fn enqueue(
    conn: &mut AnyConnection,
    to: &str,
    subject: &str,
    body: &str,
    now_ms: i64,
    log_body: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    if log_body {
        tracing::info!(
            to,
            subject,
            body,
            "mail queued (no SMTP configured; shown here)"
        );
    } else {
        tracing::info!(to, subject, "mail queued");
    }
    Ok(())
}

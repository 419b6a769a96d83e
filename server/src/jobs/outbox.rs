//! Sends queued mail through SMTP when `SMTP_URL` is set; without it, mail stays in
//! the outbox (and was logged when queued).
//!
//! **Mail through an outbox.** Mail is written in the same transaction as the change
//! that causes it; a job claims unsent rows with a lease and sends them through a plain
//! SMTP relay, so a crash never loses or doubles a mail.

use crate::AppState;
use crate::storage::Row;
use anyhow::Context as _;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Claims up to 20 unsent mails for a minute and sends them.
pub async fn send_due(state: &AppState) -> anyhow::Result<()> {
    let Some(url) = &state.config.smtp_url else {
        return Ok(());
    };
    let now = state.clock.now_ms();
    let rows = sqlx::query(
        "UPDATE email_outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id IN (SELECT id FROM email_outbox WHERE sent_at IS NULL AND attempts < 10
                      AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY id LIMIT 20)
           AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
         RETURNING id, to_email, subject, body",
    )
    .bind(now + 60_000)
    .bind(now)
    .fetch_all(&state.db.pool)
    .await
    .context("claiming outbox mail")?;
    if rows.is_empty() {
        return Ok(());
    }
    let transport = smtp_transport(url)?;
    let from: Mailbox = state
        .config
        .mail_from
        .parse()
        .context("MAIL_FROM is not a mailbox")?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let to: String = row.try_get("to_email")?;
        let result = async {
            let message = Message::builder()
                .from(from.clone())
                .to(to.parse().context("recipient")?)
                .subject(row.try_get::<String, _>("subject")?)
                .body(row.try_get::<String, _>("body")?)
                .context("building a mail")?;
            transport.send(message).await.context("sending a mail")?;
            anyhow::Ok(())
        }
        .await;
        let (sent_at, error) = match result {
            Ok(()) => (Some(state.clock.now_ms()), None),
            Err(e) => {
                tracing::warn!(id, error = ?e, "mail not sent; will retry");
                (None, Some(format!("{e:#}")))
            }
        };
        sqlx::query("UPDATE email_outbox SET sent_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3")
            .bind(sent_at)
            .bind(error)
            .bind(id)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(())
}

/// `smtp://[user:password@]host[:port]`: a plain SMTP relay (such as the host's
/// own mail server), which takes care of delivery and transport security.
fn smtp_transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let rest = url
        .strip_prefix("smtp://")
        .context("SMTP_URL must start with smtp://")?;
    let (auth, host_port) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    let host_port = host_port.trim_end_matches('/');
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().context("SMTP_URL has a bad port")?),
        None => (host_port, 25),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
    if let Some((user, password)) = auth.and_then(|a| a.split_once(':')) {
        builder = builder.credentials(Credentials::new(user.to_owned(), password.to_owned()));
    }
    Ok(builder.build())
}

//! Scheduled work. Every job is safe to run on many nodes at once: work items are
//! claimed in the database, never held in memory.

pub mod outbox;

use crate::AppState;
use std::time::Duration;

/// Starts the background jobs; they stop when the process does.
pub fn start(state: AppState) {
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
            let day_ago = state.clock.now_ms() - 24 * 3600 * 1000;
            if let Err(e) = crate::services::rate_limit::prune(&state.db, day_ago).await {
                tracing::error!(error = ?e, "pruning rate limits failed");
            }
        }
    });
}

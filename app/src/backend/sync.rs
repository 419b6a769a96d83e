//! Offline changes, replayed exactly once.

use crate::domain::AccountId;
use crate::domain::sync::ClientId;
use crate::error::AppResult;
use crate::model::sync::{QueuedChange, SyncState};
use async_trait::async_trait;

#[async_trait]
pub trait SyncService: Send + Sync {
    /// Applies a client's queued changes in order, each in its own transaction that
    /// also records the change's id as the client's last applied one; ids at or below
    /// it are skipped. A client id used first by another account is not found. The
    /// answer is the state after the batch (hearts, lists, cart).
    async fn push(
        &self,
        account: AccountId,
        client: &ClientId,
        changes: Vec<QueuedChange>,
    ) -> AppResult<SyncState>;
}

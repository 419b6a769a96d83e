//! Offline changes: the browser's queue of wishlist and cart changes, replayed here
//! and applied exactly once per mutation id (`services::sync`).

use crate::error::AppResult;
use crate::model::{QueuedChange, SyncState};
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::sync::ClientId,
    crate::error::AppError,
};

/// Applies a batch of queued changes in order (ids already applied are skipped) and
/// answers the state after it. An empty batch only reads that state.
#[server(endpoint = "sync_push", input = Json)]
pub async fn sync_push(client: String, changes: Vec<QueuedChange>) -> AppResult<SyncState> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    let client = finish(ClientId::parse(&client).map_err(|e| AppError::validation("client", e.0)))?;
    finish(caller.services.sync.push(account, &client, changes).await)
}

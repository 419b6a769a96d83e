//! The platform admin's server functions. Every one requires an admin.

use crate::error::AppResult;
use crate::model::AdminOverview;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::api::guard::{Access, authorize, finish};

#[server(endpoint = "admin/overview", input = GetUrl)]
pub async fn overview() -> AppResult<AdminOverview> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.admin.overview().await)
}

#[server(endpoint = "admin/pending_stores", input = GetUrl)]
pub async fn pending_stores() -> AppResult<Vec<crate::model::PendingStore>> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.admin.pending_stores().await)
}

/// Verifies (`approve`) or rejects a pending store; a rejection needs a reason.
#[server(endpoint = "admin/review_store")]
pub async fn review_store(
    id: i64,
    approve: bool,
    reason: String,
) -> AppResult<Vec<crate::model::PendingStore>> {
    let caller = authorize(Access::Admin).await?;
    finish(
        caller
            .services
            .admin
            .review_store(crate::domain::StoreId(id), approve, &reason)
            .await,
    )
}

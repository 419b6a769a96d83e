//! Moderation (`/api/admin/…`): reviews buyers reported, and the admin's decision.

use crate::error::AppResult;
use crate::model::ReportedReview;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    crate::api::guard::{Access, authorize, finish},
    crate::domain::ReviewId,
};

#[server(endpoint = "admin/reported_reviews", input = GetUrl)]
pub async fn reported_reviews() -> AppResult<Vec<ReportedReview>> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.reviews.reported().await)
}

/// Removes the review (off the product page and its rating) or keeps it; either way
/// its reports are settled.
#[server(endpoint = "admin/moderate_review")]
pub async fn moderate_review(review: i64, remove: bool) -> AppResult<()> {
    let caller = authorize(Access::Admin).await?;
    let admin = caller.signed_in()?.id;
    finish(
        caller
            .services
            .reviews
            .moderate(admin, ReviewId(review), remove)
            .await,
    )
}

//! Seller standards: the seller's performance page (its own store only) and the
//! admin's listing review.

use crate::error::AppResult;
use crate::model::ListingToReview;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::guard::{Access, authorize, authorize_store, finish};

/// The caller's store's standing, what counts against it and its trend.
#[server(endpoint = "console/performance", input = GetUrl)]
pub async fn performance() -> AppResult<crate::model::Performance> {
    let (caller, store) = authorize_store().await?;
    finish(caller.services.standards.performance(&store).await)
}

#[server(endpoint = "admin/listings_to_review", input = GetUrl)]
pub async fn listings_to_review() -> AppResult<Vec<ListingToReview>> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.standards.listings_to_review().await)
}

/// Records a listing as genuine or counterfeit (hidden and blocked).
#[server(endpoint = "admin/review_listing")]
pub async fn review_listing(id: i64, counterfeit: bool) -> AppResult<Vec<ListingToReview>> {
    let caller = authorize(Access::Admin).await?;
    let admin = caller.signed_in()?.id;
    finish(
        caller
            .services
            .standards
            .review_listing(admin, crate::domain::ProductId(id), counterfeit)
            .await,
    )
}

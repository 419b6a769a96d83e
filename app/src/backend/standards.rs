//! Seller standards: the store's performance for the console, and the platform's
//! review of listings (genuine or counterfeit) that the counterfeit rate reads.

use crate::domain::{AccountId, ProductId};
use crate::error::AppResult;
use crate::model::{ListingToReview, Performance, StoreSummary};
use async_trait::async_trait;

#[async_trait]
pub trait StandardsService: Send + Sync {
    /// The store's standing now, what counts against it and the 12-week trend.
    async fn performance(&self, store: &StoreSummary) -> AppResult<Performance>;
    /// Active listings, those never reviewed first, and the blocked ones.
    async fn listings_to_review(&self) -> AppResult<Vec<ListingToReview>>;
    /// Records the admin's verdict on a listing; a counterfeit one is hidden and blocked.
    async fn review_listing(
        &self,
        admin: AccountId,
        product: ProductId,
        counterfeit: bool,
    ) -> AppResult<Vec<ListingToReview>>;
}

//! Reviews written from delivered orders: the buyer writes one per order item
//! (editable for 30 days), the store replies once (editable), buyers report abuse and
//! admins keep or remove what was reported. Reading a product's reviews is
//! `CatalogService::reviews`.

use crate::domain::{AccountId, OrderId, ReviewId, StoreId};
use crate::error::AppResult;
use crate::model::{
    ItemReview, MyReview, ReportedReview, ReviewInput, StoreReview, StoreReviewPage,
};
use async_trait::async_trait;

#[async_trait]
pub trait ReviewService: Send + Sync {
    /// The delivered items of one of the buyer's orders, each with its review.
    async fn order_items(&self, buyer: AccountId, order: OrderId) -> AppResult<Vec<ItemReview>>;
    /// Delivered items the buyer has not reviewed yet, newest delivery first.
    async fn to_review(&self, buyer: AccountId) -> AppResult<Vec<ItemReview>>;
    /// Writes the review of a delivered item, or changes it within 30 days; one per item.
    async fn write(&self, buyer: AccountId, review: ReviewInput) -> AppResult<MyReview>;
    /// Reports a review as abusive; once per account and review.
    async fn report(&self, reporter: AccountId, review: ReviewId, reason: &str) -> AppResult<()>;
    /// A store's reviews, unanswered first, optionally of one rating.
    async fn store_reviews(
        &self,
        store: StoreId,
        rating: Option<i64>,
        after: Option<String>,
    ) -> AppResult<StoreReviewPage>;
    /// The store's public reply: the first call posts it, later calls change it.
    async fn reply(&self, store: StoreId, review: ReviewId, text: &str) -> AppResult<StoreReview>;
    /// Reviews with reports no admin has decided on, most reported first.
    async fn reported(&self) -> AppResult<Vec<ReportedReview>>;
    /// An admin's decision: remove the review (off the page and the rating) or keep it.
    async fn moderate(&self, admin: AccountId, review: ReviewId, remove: bool) -> AppResult<()>;
}

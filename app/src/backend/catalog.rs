//! The catalogue as buyers see it.

use crate::domain::AccountId;
use crate::domain::ProductId;
use crate::domain::ReviewId;
use crate::domain::search::SearchQuery;
use crate::error::AppResult;
use crate::model::catalog::CardPage;
use crate::model::catalog::CategoryView;
use crate::model::catalog::ProductDetail;
use crate::model::catalog::ProductEvent;
use crate::model::catalog::ReviewPage;
use crate::model::catalog::ReviewSort;
use crate::model::catalog::StorePageView;
use async_trait::async_trait;

#[async_trait]
pub trait CatalogService: Send + Sync {
    /// A page of the feed, personalised when `viewer` is a signed-in buyer.
    async fn home_feed(
        &self,
        viewer: Option<AccountId>,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage>;
    /// Records what buyers looked at and clicked, for ranking and personalisation.
    async fn record_events(
        &self,
        viewer: Option<AccountId>,
        events: Vec<ProductEvent>,
    ) -> AppResult<()>;
    /// A page of search results; `cursor` comes from the previous page.
    async fn search(
        &self,
        query: SearchQuery,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage>;
    /// Completions of what is being typed, tolerant of typos.
    async fn suggest(&self, text: &str) -> AppResult<Vec<String>>;
    async fn categories(&self) -> AppResult<Vec<CategoryView>>;
    async fn product(&self, id: ProductId) -> AppResult<ProductDetail>;
    /// A verified store's public page with a page of its products, best ranked first.
    async fn store_page(
        &self,
        slug: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<StorePageView>;
    /// A page of a product's reviews in the chosen order.
    async fn reviews(
        &self,
        product: ProductId,
        sort: ReviewSort,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<ReviewPage>;
    /// Marks a review helpful for `voter`, once per buyer; the review's new count.
    async fn vote_helpful(&self, voter: AccountId, review: ReviewId) -> AppResult<i64>;
}

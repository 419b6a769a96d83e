//! What guests and buyers read: the feed, search and product pages.

use crate::domain::search::SearchParams;
use crate::error::AppResult;
use crate::model::{CardPage, CategoryView, ProductDetail, ProductEvent, ReviewPage, ReviewSort};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::ProductId,
    crate::error::AppError,
};

/// Cards per feed page.
pub const FEED_PAGE: u32 = 24;

#[server(endpoint = "home_feed", input = GetUrl)]
pub async fn home_feed(cursor: Option<String>) -> AppResult<CardPage> {
    let caller = authorize(Access::Public).await?;
    let viewer = caller.viewer.as_ref().map(|v| v.id);
    finish(
        caller
            .services
            .catalog
            .home_feed(viewer, cursor, FEED_PAGE)
            .await,
    )
}

/// Results per search page.
pub const SEARCH_PAGE: u32 = 24;

#[server(endpoint = "search_products", input = GetUrl)]
pub async fn search_products(params: SearchParams, cursor: Option<String>) -> AppResult<CardPage> {
    let caller = authorize(Access::Public).await?;
    let query = finish(
        params
            .parse()
            .map_err(|e| AppError::validation("search", e.0)),
    )?;
    finish(
        caller
            .services
            .catalog
            .search(query, cursor, SEARCH_PAGE)
            .await,
    )
}

#[server(endpoint = "suggest", input = GetUrl)]
pub async fn suggest(q: String) -> AppResult<Vec<String>> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.suggest(&q).await)
}

#[server(endpoint = "categories", input = GetUrl)]
pub async fn categories() -> AppResult<Vec<CategoryView>> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.categories().await)
}

#[server(name = GetProductDetail, endpoint = "product_detail", input = GetUrl)]
pub async fn product_detail(id: i64) -> AppResult<ProductDetail> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.product(ProductId(id)).await)
}

/// A store's public page; `after` continues its product list.
#[server(endpoint = "store_page", input = GetUrl)]
pub async fn store_page(
    slug: String,
    after: Option<String>,
) -> AppResult<crate::model::StorePageView> {
    let caller = authorize(Access::Public).await?;
    finish(
        caller
            .services
            .catalog
            .store_page(&slug, after, STORE_PAGE_SIZE)
            .await,
    )
}

/// Products per page of a store's page.
pub const STORE_PAGE_SIZE: u32 = 24;

/// A page of a product's reviews, newest or most helpful first.
#[server(endpoint = "product_reviews", input = GetUrl)]
pub async fn product_reviews(
    product: i64,
    sort: ReviewSort,
    cursor: Option<String>,
) -> AppResult<ReviewPage> {
    let caller = authorize(Access::Public).await?;
    finish(
        caller
            .services
            .catalog
            .reviews(
                ProductId(product),
                sort,
                cursor,
                crate::model::REVIEWS_PER_PAGE,
            )
            .await,
    )
}

/// "Helpful": one vote per signed-in buyer per review; answers the review's new count.
#[server(endpoint = "vote_helpful")]
pub async fn vote_helpful(review: i64) -> AppResult<i64> {
    let caller = authorize(Access::SignedIn).await?;
    let voter = caller.signed_in()?.id;
    finish(
        caller
            .services
            .catalog
            .vote_helpful(voter, crate::domain::ReviewId(review))
            .await,
    )
}

/// At most this many events in one batch.
pub const MAX_EVENTS: usize = 100;

/// Records a batch of views and clicks (sent every few seconds, and when the page is hidden).
#[server(endpoint = "record_events", input = server_fn::codec::Json)]
pub async fn record_events(events: Vec<ProductEvent>) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    if events.len() > MAX_EVENTS {
        return finish(Err(crate::error::AppError::validation(
            "events",
            "Too many events in one batch.",
        )));
    }
    let viewer = caller.viewer.as_ref().map(|v| v.id);
    finish(caller.services.catalog.record_events(viewer, events).await)
}

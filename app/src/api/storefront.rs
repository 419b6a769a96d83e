//! What guests and buyers read: the feed, search and product pages.

use crate::error::AppResult;
use crate::model::{CardPage, ProductCard, ProductDetail};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::ProductId,
};

/// Cards per feed page.
pub const FEED_PAGE: u32 = 24;

#[server(endpoint = "home_feed", input = GetUrl)]
pub async fn home_feed(cursor: Option<String>) -> AppResult<CardPage> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.home_feed(cursor, FEED_PAGE).await)
}

#[server(endpoint = "search_products", input = GetUrl)]
pub async fn search_products(q: String) -> AppResult<Vec<ProductCard>> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.search(q.trim(), 48).await)
}

#[server(endpoint = "product_detail", input = GetUrl)]
pub async fn get_product(id: i64) -> AppResult<ProductDetail> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.catalog.product(ProductId(id)).await)
}

//! The store's reviews in the console (`/api/console/…`): its products' reviews,
//! unanswered first, and its public replies. Another store's review is "not found".

use crate::error::AppResult;
use crate::model::{StoreReview, StoreReviewPage};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    crate::api::guard::{authorize_seller, finish},
    crate::domain::ReviewId,
};

/// One page of the store's reviews; `rating` 1–5 shows only that rating.
#[server(endpoint = "console/reviews", input = GetUrl)]
pub async fn store_reviews(
    rating: Option<i64>,
    after: Option<String>,
) -> AppResult<StoreReviewPage> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .reviews
            .store_reviews(store, rating, after)
            .await,
    )
}

/// Posts the store's reply under a review, or changes it.
#[server(endpoint = "console/reply_review")]
pub async fn reply_review(review: i64, text: String) -> AppResult<StoreReview> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .reviews
            .reply(store, ReviewId(review), &text)
            .await,
    )
}

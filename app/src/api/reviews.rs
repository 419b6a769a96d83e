//! Reviews, the buyer's side (`/api/…`): the delivered items of an order with their
//! reviews, the items still to review, writing or changing a review, and reporting
//! one. The store's replies are in [`console`], moderation in [`admin`]. A buyer
//! reaches only their own orders' items: another's is "not found".

pub mod admin;
pub mod console;

use crate::error::AppResult;
use crate::model::{ItemReview, MyReview, ReviewInput};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::{OrderId, ReviewId},
};

/// The delivered items of one of the buyer's orders, each with the buyer's review.
#[server(endpoint = "order_reviews", input = GetUrl)]
pub async fn order_reviews(order: i64) -> AppResult<Vec<ItemReview>> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(
        caller
            .services
            .reviews
            .order_items(buyer, OrderId(order))
            .await,
    )
}

/// Delivered items the buyer has not reviewed yet.
#[server(endpoint = "to_review", input = GetUrl)]
pub async fn to_review() -> AppResult<Vec<ItemReview>> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.reviews.to_review(buyer).await)
}

/// Writes the review of a delivered item (or changes it within 30 days).
#[server(endpoint = "write_review", input = Json)]
pub async fn write_review(review: ReviewInput) -> AppResult<MyReview> {
    let caller = authorize(Access::SignedIn).await?;
    let buyer = caller.signed_in()?.id;
    finish(caller.services.reviews.write(buyer, review).await)
}

/// Reports a review as abusive; it goes to the admins' moderation list.
#[server(endpoint = "report_review")]
pub async fn report_review(review: i64, reason: String) -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let reporter = caller.signed_in()?.id;
    finish(
        caller
            .services
            .reviews
            .report(reporter, ReviewId(review), &reason)
            .await,
    )
}

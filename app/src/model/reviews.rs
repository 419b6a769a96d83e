//! Reviews as pages see them: the buyer's items to review and their own reviews, a
//! store's reviews with its replies, and the admin's list of reported reviews. The
//! product page's list of reviews is `catalog::ReviewView`.

use super::catalog::{ImageRef, ReviewReply};
use crate::domain::{OrderId, OrderItemId, ProductId, ReviewId};
use serde::{Deserialize, Serialize};

type Time = chrono::DateTime<chrono::Utc>;

/// A review as its author sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyReview {
    pub id: ReviewId,
    pub rating: i64,
    pub body: String,
    pub photos: Vec<ImageRef>,
    pub created_at: Time,
    /// It can be changed until then.
    pub editable_until: Time,
    pub editable: bool,
    pub reply: Option<ReviewReply>,
}

/// One delivered order item and the buyer's review of it, if written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemReview {
    pub item: OrderItemId,
    pub order: OrderId,
    pub product: Option<ProductId>,
    pub title: String,
    pub variant_label: String,
    pub image: Option<ImageRef>,
    pub delivered_at: Time,
    pub review: Option<MyReview>,
}

/// What a buyer sends to write or change the review of an order item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub item: OrderItemId,
    pub rating: i64,
    pub body: String,
    /// Keys of photos the buyer uploaded.
    pub photos: Vec<String>,
}

/// A review in the seller's console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreReview {
    pub id: ReviewId,
    pub product: ProductId,
    pub product_title: String,
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub photos: Vec<ImageRef>,
    pub created_at: Time,
    pub reply: Option<ReviewReply>,
}

/// One page of a store's reviews, unanswered first; `next` is the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StoreReviewPage {
    pub reviews: Vec<StoreReview>,
    pub next: Option<String>,
    /// Reviews (of the chosen rating) without a reply.
    pub unanswered: i64,
    pub total: i64,
}

/// A review buyers reported, waiting for an admin's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedReview {
    pub id: ReviewId,
    pub product: ProductId,
    pub product_title: String,
    pub store_name: String,
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub photos: Vec<ImageRef>,
    pub created_at: Time,
    pub reports: i64,
    /// The reporters' reasons, newest first.
    pub reasons: Vec<String>,
}

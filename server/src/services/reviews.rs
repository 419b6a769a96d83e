//! Reviews written from delivered orders, the store's replies and moderation.
//!
//! One review per order item: `reviews.order_item_id` is a unique key, and writing
//! is an `INSERT … ON CONFLICT (order_item_id) DO NOTHING` followed, when the row was
//! already there, by an edit (within 30 days, `domain::reviews::may_edit`). The
//! product's `rating_sum` / `rating_count` (read by the product page, search and the
//! feed's ranking) change in the same transaction as the review, by the difference
//! the write made, so two submissions at once count once. The store's reply is a
//! column of the review (one per review; posting again edits it). A removed review
//! leaves the product page and the product's rating in the transaction that removes it.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::services::support::check_photos;
use crate::storage::{Db, Row};
use app::backend::ReviewService;
use app::domain::reviews::{
    check_reply, check_report, check_review, editable_until, may_edit, may_review,
};
use app::domain::{AccountId, OrderId, OrderItemId, ProductId, ReviewId, StoreId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::sync::Arc;

/// Reviews per page of the console's list.
pub const PAGE: i64 = 30;

pub struct Reviews {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Reviews {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

/// The photo keys stored with a review, as images.
pub fn photos_of(keys: &str, alt: &str) -> Vec<ImageRef> {
    keys.split_whitespace()
        .map(|key| ImageRef {
            key: key.to_owned(),
            alt: alt.to_owned(),
        })
        .collect()
}

/// The store's reply of a review row (`reply`, `reply_at`, `reply_updated_at`).
pub fn reply_of(row: &AnyRow) -> Result<Option<ReviewReply>, sqlx::Error> {
    let body: Option<String> = row.try_get("reply")?;
    let at: Option<i64> = row.try_get("reply_at")?;
    let updated: Option<i64> = row.try_get("reply_updated_at")?;
    Ok(body.zip(at).map(|(body, at)| ReviewReply {
        body,
        at: from_ms(at),
        edited: updated.is_some_and(|u| u > at),
    }))
}

/// The columns `item_review` reads: an order item joined with its order and review.
const ITEM_SELECT: &str = "SELECT oi.id AS item_id, oi.order_id, oi.product_id, oi.title, oi.variant_label, o.delivered_at,
        (SELECT i.image_key FROM product_images i WHERE i.product_id = oi.product_id ORDER BY i.position, i.id LIMIT 1) AS image,
        r.id AS review_id, r.rating, r.body, r.photos, r.created_at AS review_at, r.removed_at,
        r.reply, r.reply_at, r.reply_updated_at
     FROM order_items oi JOIN orders o ON o.id = oi.order_id
     LEFT JOIN reviews r ON r.order_item_id = oi.id";

fn item_review(
    row: &AnyRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ItemReview, sqlx::Error> {
    let title: String = row.try_get("title")?;
    let review = match row.try_get::<Option<i64>, _>("review_id")? {
        Some(id) => {
            let created = from_ms(row.try_get("review_at")?);
            let removed = row.try_get::<Option<i64>, _>("removed_at")?.is_some();
            Some(MyReview {
                id: ReviewId(id),
                rating: row.try_get("rating")?,
                body: row.try_get("body")?,
                photos: photos_of(&row.try_get::<String, _>("photos")?, "Photo in your review"),
                created_at: created,
                editable_until: editable_until(created),
                editable: !removed && may_edit(created, now),
                reply: reply_of(row)?,
            })
        }
        None => None,
    };
    Ok(ItemReview {
        item: OrderItemId(row.try_get("item_id")?),
        order: OrderId(row.try_get("order_id")?),
        product: row.try_get::<Option<i64>, _>("product_id")?.map(ProductId),
        image: row
            .try_get::<Option<String>, _>("image")?
            .map(|key| ImageRef {
                key,
                alt: title.clone(),
            }),
        title,
        variant_label: row.try_get("variant_label")?,
        delivered_at: from_ms(
            row.try_get::<Option<i64>, _>("delivered_at")?
                .unwrap_or_default(),
        ),
        review,
    })
}

const STORE_SELECT: &str = "SELECT r.id, r.product_id, p.title AS product_title, a.name AS author, r.rating, r.body, r.photos,
        r.created_at, r.reply, r.reply_at, r.reply_updated_at
     FROM reviews r JOIN products p ON p.id = r.product_id JOIN accounts a ON a.id = r.account_id";

fn store_review(row: &AnyRow) -> Result<StoreReview, sqlx::Error> {
    Ok(StoreReview {
        id: ReviewId(row.try_get("id")?),
        product: ProductId(row.try_get("product_id")?),
        product_title: row.try_get("product_title")?,
        author: row.try_get("author")?,
        rating: row.try_get("rating")?,
        body: row.try_get("body")?,
        photos: photos_of(&row.try_get::<String, _>("photos")?, "Photo in the review"),
        created_at: from_ms(row.try_get("created_at")?),
        reply: reply_of(row)?,
    })
}

impl Reviews {
    /// The buyer's review of one item, as it is now.
    async fn item(&self, buyer: AccountId, item: OrderItemId) -> AppResult<ItemReview> {
        let row = sqlx::query(&format!(
            "{ITEM_SELECT} WHERE oi.id = $1 AND o.buyer_id = $2"
        ))
        .bind(item.0)
        .bind(buyer.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("loading a reviewed item")?
        .ok_or_else(|| AppError::not_found("order item"))?;
        item_review(&row, self.clock.now()).internal("reading a reviewed item")
    }

    async fn one_store_review(&self, store: StoreId, review: ReviewId) -> AppResult<StoreReview> {
        let row = sqlx::query(&format!(
            "{STORE_SELECT} WHERE r.id = $1 AND p.store_id = $2 AND r.removed_at IS NULL"
        ))
        .bind(review.0)
        .bind(store.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("loading a review")?
        .ok_or_else(|| AppError::not_found("review"))?;
        store_review(&row).internal("reading a review")
    }
}

#[async_trait]
impl ReviewService for Reviews {
    #[tracing::instrument(skip_all, fields(buyer = %buyer, order = %order))]
    async fn order_items(&self, buyer: AccountId, order: OrderId) -> AppResult<Vec<ItemReview>> {
        let delivered: Option<i64> =
            sqlx::query("SELECT delivered_at FROM orders WHERE id = $1 AND buyer_id = $2")
                .bind(order.0)
                .bind(buyer.0)
                .fetch_optional(&self.db.pool)
                .await
                .internal("loading an order")?
                .ok_or_else(|| AppError::not_found("order"))?
                .try_get("delivered_at")
                .internal("reading an order")?;
        let now = self.clock.now();
        if !may_review(delivered.map(from_ms), now) {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(&format!(
            "{ITEM_SELECT} WHERE o.id = $1 AND o.buyer_id = $2 ORDER BY oi.id"
        ))
        .bind(order.0)
        .bind(buyer.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading reviewed items")?;
        rows.iter()
            .map(|r| item_review(r, now))
            .collect::<Result<_, _>>()
            .internal("reading reviewed items")
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn to_review(&self, buyer: AccountId) -> AppResult<Vec<ItemReview>> {
        let now = self.clock.now();
        let rows = sqlx::query(&format!(
            "{ITEM_SELECT} WHERE o.buyer_id = $1 AND o.delivered_at IS NOT NULL AND o.delivered_at <= $2
               AND r.id IS NULL AND oi.product_id IS NOT NULL
             ORDER BY o.delivered_at DESC, oi.id DESC LIMIT 20"
        ))
        .bind(buyer.0)
        .bind(now.timestamp_millis())
        .fetch_all(&self.db.pool)
        .await
        .internal("loading items to review")?;
        rows.iter()
            .map(|r| item_review(r, now))
            .collect::<Result<_, _>>()
            .internal("reading items to review")
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, item = %input.item))]
    async fn write(&self, buyer: AccountId, input: ReviewInput) -> AppResult<MyReview> {
        // Check: the content, then the photos are the buyer's own uploads.
        let body = input.body.trim().to_owned();
        check_review(input.rating, &body, input.photos.len())
            .map_err(|(field, message)| AppError::validation(field, message))?;
        check_photos(&self.db, Some(buyer.0), &input.photos).await?;
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let mut tx = self.db.begin().await.internal("starting a review")?;
        // The item: the buyer's own, delivered, of a product still listed.
        let item = sqlx::query(
            "SELECT oi.product_id, o.delivered_at FROM order_items oi JOIN orders o ON o.id = oi.order_id
             WHERE oi.id = $1 AND o.buyer_id = $2",
        )
        .bind(input.item.0)
        .bind(buyer.0)
        .fetch_optional(&mut *tx)
        .await
        .internal("loading the reviewed item")?
        .ok_or_else(|| AppError::not_found("order item"))?;
        let delivered: Option<i64> = item.try_get("delivered_at").internal("reading the item")?;
        if !may_review(delivered.map(from_ms), now) {
            return Err(AppError::validation(
                "item",
                "You can review an item once it has been delivered.",
            ));
        }
        let product: i64 = item
            .try_get::<Option<i64>, _>("product_id")
            .internal("reading the item")?
            .ok_or_else(|| {
                AppError::validation(
                    "item",
                    "This product is no longer sold, so it can't be reviewed.",
                )
            })?;
        // Write: a new review, or the edit of the one already there.
        let photos = input.photos.join(" ");
        let inserted = sqlx::query(
            "INSERT INTO reviews (product_id, account_id, rating, body, created_at, order_item_id, photos, helpful_count)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0)
             ON CONFLICT (order_item_id) DO NOTHING",
        )
        .bind(product)
        .bind(buyer.0)
        .bind(input.rating)
        .bind(&body)
        .bind(now_ms)
        .bind(input.item.0)
        .bind(&photos)
        .execute(&mut *tx)
        .await
        .internal("writing a review")?
        .rows_affected();
        let (added, change) = if inserted == 1 {
            (1, input.rating)
        } else {
            let old = sqlx::query(
                "SELECT id, rating, created_at, removed_at FROM reviews WHERE order_item_id = $1",
            )
            .bind(input.item.0)
            .fetch_one(&mut *tx)
            .await
            .internal("loading the review")?;
            let (id, rating, created, removed) = (|| -> Result<_, sqlx::Error> {
                Ok((
                    old.try_get::<i64, _>("id")?,
                    old.try_get::<i64, _>("rating")?,
                    old.try_get::<i64, _>("created_at")?,
                    old.try_get::<Option<i64>, _>("removed_at")?,
                ))
            })()
            .internal("reading the review")?;
            if removed.is_some() {
                return Err(AppError::validation(
                    "review",
                    "This review was removed by the marketplace and can't be changed.",
                ));
            }
            if !may_edit(from_ms(created), now) {
                return Err(AppError::validation(
                    "review",
                    "A review can be changed for 30 days after it was written.",
                ));
            }
            sqlx::query(
                "UPDATE reviews SET rating = $1, body = $2, photos = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(input.rating)
            .bind(&body)
            .bind(&photos)
            .bind(now_ms)
            .bind(id)
            .execute(&mut *tx)
            .await
            .internal("changing a review")?;
            (0, input.rating - rating)
        };
        // Count: the product's rating moves by what this write changed.
        sqlx::query(
            "UPDATE products SET rating_sum = rating_sum + $1, rating_count = rating_count + $2 WHERE id = $3",
        )
        .bind(change)
        .bind(added)
        .bind(product)
        .execute(&mut *tx)
        .await
        .internal("updating the product's rating")?;
        tx.commit().await.internal("committing a review")?;
        self.item(buyer, input.item)
            .await?
            .review
            .ok_or(AppError::Internal)
    }

    #[tracing::instrument(skip_all, fields(reporter = %reporter, review = %review))]
    async fn report(&self, reporter: AccountId, review: ReviewId, reason: &str) -> AppResult<()> {
        check_report(reason).map_err(|m| AppError::validation("reason", m))?;
        let exists =
            sqlx::query("SELECT account_id FROM reviews WHERE id = $1 AND removed_at IS NULL")
                .bind(review.0)
                .fetch_optional(&self.db.pool)
                .await
                .internal("loading a review")?
                .ok_or_else(|| AppError::not_found("review"))?;
        let author: i64 = exists.try_get("account_id").internal("reading a review")?;
        if author == reporter.0 {
            return Err(AppError::validation(
                "review",
                "You can't report your own review.",
            ));
        }
        sqlx::query(
            "INSERT INTO review_reports (review_id, account_id, reason, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (review_id, account_id) DO NOTHING",
        )
        .bind(review.0)
        .bind(reporter.0)
        .bind(reason.trim())
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("recording a report")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn store_reviews(
        &self,
        store: StoreId,
        rating: Option<i64>,
        after: Option<String>,
    ) -> AppResult<StoreReviewPage> {
        let offset = crate::services::catalog::search::parse_cursor(after.as_deref())?;
        let rating = rating.filter(|r| (1..=5).contains(r));
        let filter = "p.store_id = $1 AND r.removed_at IS NULL AND ($2 = 0 OR r.rating = $2)";
        let rows = sqlx::query(&format!(
            "{STORE_SELECT} WHERE {filter}
             ORDER BY CASE WHEN r.reply IS NULL THEN 0 ELSE 1 END, r.created_at DESC, r.id DESC
             LIMIT $3 OFFSET $4"
        ))
        .bind(store.0)
        .bind(rating.unwrap_or(0))
        .bind(PAGE + 1)
        .bind(offset)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the store's reviews")?;
        let counts = sqlx::query(&format!(
            "SELECT COUNT(*) AS total, CAST(COALESCE(SUM(CASE WHEN r.reply IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS unanswered
             FROM reviews r JOIN products p ON p.id = r.product_id WHERE {filter}"
        ))
        .bind(store.0)
        .bind(rating.unwrap_or(0))
        .fetch_one(&self.db.pool)
        .await
        .internal("counting the store's reviews")?;
        let mut reviews = rows
            .iter()
            .map(store_review)
            .collect::<Result<Vec<_>, _>>()
            .internal("reading the store's reviews")?;
        let next = (reviews.len() as i64 > PAGE).then(|| format!("o{}", offset + PAGE));
        reviews.truncate(PAGE as usize);
        Ok(StoreReviewPage {
            reviews,
            next,
            total: counts.try_get("total").internal("reading counts")?,
            unanswered: counts.try_get("unanswered").internal("reading counts")?,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store, review = %review))]
    async fn reply(&self, store: StoreId, review: ReviewId, text: &str) -> AppResult<StoreReview> {
        check_reply(text).map_err(|m| AppError::validation("text", m))?;
        let now = self.clock.now_ms();
        // One reply per review: the first post sets `reply_at`, later ones edit.
        let changed = sqlx::query(
            "UPDATE reviews SET reply = $1, reply_at = COALESCE(reply_at, $2), reply_updated_at = $2
             WHERE id = $3 AND removed_at IS NULL
               AND product_id IN (SELECT id FROM products WHERE store_id = $4)",
        )
        .bind(text.trim())
        .bind(now)
        .bind(review.0)
        .bind(store.0)
        .execute(&self.db.pool)
        .await
        .internal("replying to a review")?
        .rows_affected();
        if changed == 0 {
            return Err(AppError::not_found("review"));
        }
        self.one_store_review(store, review).await
    }

    #[tracing::instrument(skip_all)]
    async fn reported(&self) -> AppResult<Vec<ReportedReview>> {
        let rows = sqlx::query(
            "SELECT r.id, r.product_id, p.title AS product_title, s.name AS store_name, a.name AS author,
                    r.rating, r.body, r.photos, r.created_at, COUNT(rr.id) AS reports
             FROM review_reports rr
             JOIN reviews r ON r.id = rr.review_id
             JOIN products p ON p.id = r.product_id
             JOIN stores s ON s.id = p.store_id
             JOIN accounts a ON a.id = r.account_id
             WHERE rr.resolved_at IS NULL AND r.removed_at IS NULL
             GROUP BY r.id, r.product_id, p.title, s.name, a.name, r.rating, r.body, r.photos, r.created_at
             ORDER BY COUNT(rr.id) DESC, r.id LIMIT 100",
        )
        .fetch_all(&self.db.pool)
        .await
        .internal("loading reported reviews")?;
        let mut list = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut review = (|| -> Result<ReportedReview, sqlx::Error> {
                Ok(ReportedReview {
                    id: ReviewId(row.try_get("id")?),
                    product: ProductId(row.try_get("product_id")?),
                    product_title: row.try_get("product_title")?,
                    store_name: row.try_get("store_name")?,
                    author: row.try_get("author")?,
                    rating: row.try_get("rating")?,
                    body: row.try_get("body")?,
                    photos: photos_of(&row.try_get::<String, _>("photos")?, "Photo in the review"),
                    created_at: from_ms(row.try_get("created_at")?),
                    reports: row.try_get("reports")?,
                    reasons: Vec::new(),
                })
            })()
            .internal("reading a reported review")?;
            review.reasons = sqlx::query(
                "SELECT reason FROM review_reports WHERE review_id = $1 AND resolved_at IS NULL
                 ORDER BY created_at DESC, id DESC LIMIT 10",
            )
            .bind(review.id.0)
            .fetch_all(&self.db.pool)
            .await
            .internal("loading report reasons")?
            .iter()
            .map(|r| r.try_get::<String, _>("reason"))
            .collect::<Result<_, _>>()
            .internal("reading report reasons")?;
            list.push(review);
        }
        Ok(list)
    }

    #[tracing::instrument(skip_all, fields(admin = %admin, review = %review, remove))]
    async fn moderate(&self, admin: AccountId, review: ReviewId, remove: bool) -> AppResult<()> {
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a moderation")?;
        // Settle the open reports first: the write takes SQLite's lock, and a second
        // admin deciding at the same time finds nothing left to settle.
        let settled = sqlx::query(
            "UPDATE review_reports SET resolved_at = $1 WHERE review_id = $2 AND resolved_at IS NULL",
        )
        .bind(now)
        .bind(review.0)
        .execute(&mut *tx)
        .await
        .internal("settling reports")?
        .rows_affected();
        if settled == 0 {
            return Err(AppError::not_found("reported review"));
        }
        if remove {
            let removed = sqlx::query(
                "UPDATE reviews SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL",
            )
            .bind(now)
            .bind(review.0)
            .execute(&mut *tx)
            .await
            .internal("removing a review")?
            .rows_affected();
            if removed == 1 {
                sqlx::query(
                    "UPDATE products SET rating_sum = rating_sum - (SELECT rating FROM reviews WHERE id = $1),
                            rating_count = rating_count - 1
                     WHERE id = (SELECT product_id FROM reviews WHERE id = $1)",
                )
                .bind(review.0)
                .execute(&mut *tx)
                .await
                .internal("taking the review off the rating")?;
            }
        }
        tx.commit().await.internal("committing a moderation")?;
        tracing::info!(admin = %admin, review = %review, remove, "review moderated");
        Ok(())
    }
}

//! Demo reviews for the demo store, through the real service: buyers of its delivered
//! orders review what they got (one with a photo), the store answers some of them and
//! some of the catalogue's older reviews, and a reader reports one for the admins.
//! The demo buyer's own delivered order is left for them to review.

use super::demo::{DEMO_BUYER, demo_store};
use crate::AppState;
use crate::storage::Row;
use app::domain::{AccountId, OrderItemId, ReviewId};
use app::model::ReviewInput;

const WRITTEN: [(i64, &str); 4] = [
    (
        5,
        "Exactly as pictured and it arrived two days early. Well packed, too.",
    ),
    (
        4,
        "Good quality for the price. The colour is a little darker than in the photos.",
    ),
    (
        2,
        "It works, but one of the clips was loose when it arrived.",
    ),
    (
        5,
        "Second time ordering from this store. Fast and friendly.",
    ),
];

const REPLIES: [&str; 3] = [
    "Thank you so much for the kind words! Enjoy it.",
    "Thanks for the honest review! We've passed the note about the colour on to our photographer.",
    "Sorry about the clip! Please open a ticket from your order and we'll send a replacement at once.",
];

pub async fn seed(state: &AppState) -> anyhow::Result<usize> {
    let pool = &state.db.pool;
    let reviews = &state.services.reviews;
    let store = demo_store(pool).await?;
    // Delivered items of other buyers (the demo buyer's stay "to review").
    let items = sqlx::query(
        "SELECT oi.id, o.buyer_id, oi.product_id FROM order_items oi JOIN orders o ON o.id = oi.order_id
         JOIN accounts a ON a.id = o.buyer_id
         WHERE o.store_id = $1 AND o.delivered_at IS NOT NULL AND a.email <> $2 AND oi.product_id IS NOT NULL
         ORDER BY oi.id",
    )
    .bind(store.0)
    .bind(DEMO_BUYER)
    .fetch_all(pool)
    .await?;
    let mut written = Vec::new();
    for (n, row) in items.iter().enumerate().take(WRITTEN.len()) {
        let (item, buyer, product): (i64, i64, i64) = (
            row.try_get("id")?,
            row.try_get("buyer_id")?,
            row.try_get("product_id")?,
        );
        let (rating, body) = WRITTEN[n];
        // The first buyer shows a photo of what arrived.
        let mut photos = Vec::new();
        if n == 0
            && let Some(img) = sqlx::query(
                "SELECT image_key FROM product_images WHERE product_id = $1 ORDER BY position, id LIMIT 1",
            )
            .bind(product)
            .fetch_optional(pool)
            .await?
        {
            let key: String = img.try_get("image_key")?;
            sqlx::query(
                "INSERT INTO account_images (image_key, account_id, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (image_key, account_id) DO NOTHING",
            )
            .bind(&key)
            .bind(buyer)
            .bind(state.clock.now_ms())
            .execute(pool)
            .await?;
            photos.push(key);
        }
        let review = reviews
            .write(
                AccountId(buyer),
                ReviewInput {
                    item: OrderItemId(item),
                    rating,
                    body: body.into(),
                    photos,
                },
            )
            .await?;
        written.push(review.id);
    }
    // The store answers the first reviews; the last one waits for an answer.
    for (id, reply) in written
        .iter()
        .zip(REPLIES)
        .take(written.len().saturating_sub(1))
    {
        reviews.reply(store, *id, reply).await?;
    }
    // …and a few of the catalogue's older reviews of its products.
    let older = sqlx::query(
        "SELECT r.id FROM reviews r JOIN products p ON p.id = r.product_id
         WHERE p.store_id = $1 AND r.order_item_id IS NULL ORDER BY r.helpful_count DESC, r.id LIMIT 6",
    )
    .bind(store.0)
    .fetch_all(pool)
    .await?;
    for (n, row) in older.iter().enumerate().filter(|(n, _)| n % 2 == 0) {
        let id = ReviewId(row.try_get("id")?);
        reviews.reply(store, id, REPLIES[n % 2]).await?;
    }
    // A reader reports a harsh review: the admins' moderation list has one to decide.
    let harsh = sqlx::query(
        "SELECT r.id, r.account_id FROM reviews r JOIN products p ON p.id = r.product_id
         WHERE p.store_id = $1 AND r.rating = 1 ORDER BY r.id LIMIT 1",
    )
    .bind(store.0)
    .fetch_optional(pool)
    .await?;
    if let Some(harsh) = harsh {
        let author: i64 = harsh.try_get("account_id")?;
        let reader: i64 = sqlx::query(
            "SELECT id FROM accounts WHERE role = 'buyer' AND id <> $1 ORDER BY id LIMIT 1",
        )
        .bind(author)
        .fetch_one(pool)
        .await?
        .try_get("id")?;
        reviews
            .report(
                AccountId(reader),
                ReviewId(harsh.try_get("id")?),
                "Insults the seller instead of describing the product",
            )
            .await?;
    }
    Ok(written.len())
}

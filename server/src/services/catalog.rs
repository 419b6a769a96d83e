//! The catalogue as buyers see it: feed, search, product pages. Only active
//! products of verified stores with stock are shown.
//!
//! **Sold-out products are shown only on request.** Search leaves out products with no
//! variant in stock by default, as the feed does; the Availability filter (`stock=all`)
//! brings them back with a "Sold out" badge and the lowest price of any variant, so a
//! buyer can still find and wish for them. The Ships-from filter (`from=CN`) matches
//! the store's ships-from country.
//!
//! **Reviews page by keyset, in two orders.** Newest first pages by `(created_at, id)`,
//! most helpful first by `(helpful_count, id)`; both have an index. "Helpful" votes are
//! one row per buyer per review (`review_votes`' primary key), counted on the review in
//! the same transaction, so the count is exact under concurrent votes and a buyer
//! cannot vote twice or for their own review.

pub mod feed;
pub mod search;
pub mod sitemap;

use crate::platform::OrInternal;

use crate::clock::{Clock, from_ms};
use crate::storage::{Db, Row};
use app::backend::CatalogService;
use app::domain::delivery::{STANDARD_TRANSIT_DAYS, delivery_window};
use app::domain::feed::{place_sponsored, sponsored_slots};
use app::domain::ranking::{CategorySignals, affinities};
use app::domain::search::SearchQuery;
use app::domain::{
    AccountId, CategoryId, Currency, Money, ProductId, ReviewId, StoreId, VariantId,
};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::sync::Arc;

/// Where the sponsored cards of the feed and search come from (the ads context, which
/// builds on the catalogue's cards, so the catalogue reaches it only through this).
#[async_trait]
pub trait Sponsors: Send + Sync {
    /// Cards for up to `slots` sponsored places on a page, paid by boost campaigns
    /// (relevant to the search `words`, if any); with none, the organic cards close up.
    async fn fill(&self, slots: usize, words: &[String]) -> AppResult<Vec<ProductCard>>;
    /// Counts a buyer's click on a product that sponsored cards may show.
    async fn record_click(&self, product: ProductId, now: i64) -> AppResult<()>;
}

pub struct Catalog {
    db: Db,
    clock: Arc<dyn Clock>,
    sponsors: Arc<dyn Sponsors>,
}

impl Catalog {
    pub fn new(db: Db, clock: Arc<dyn Clock>, sponsors: Arc<dyn Sponsors>) -> Self {
        Self {
            db,
            clock,
            sponsors,
        }
    }

    async fn sponsored(&self, slots: usize, words: &[String]) -> AppResult<Vec<ProductCard>> {
        self.sponsors.fill(slots, words).await
    }

    /// The signed-in buyer's interest per category, from the last 30 days of views,
    /// their wishlists and their orders.
    async fn affinities(&self, account: AccountId) -> AppResult<Vec<(i64, f64)>> {
        let since = self.clock.now_ms() - 30 * 24 * 3600 * 1000;
        let rows = sqlx::query(
            "SELECT p.category_id, 'view' AS kind, COUNT(*) AS n FROM product_events e JOIN products p ON p.id = e.product_id
               WHERE e.account_id = $1 AND e.kind = 'view' AND e.at >= $2 GROUP BY p.category_id
             UNION ALL
             SELECT p.category_id, 'wish', COUNT(*) FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id
               JOIN products p ON p.id = wi.product_id WHERE w.account_id = $1 GROUP BY p.category_id
             UNION ALL
             SELECT p.category_id, 'order', CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi
               JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
               WHERE o.buyer_id = $1 GROUP BY p.category_id",
        )
        .bind(account.0)
        .bind(since)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading category interest")?;
        let mut signals: Vec<(i64, CategorySignals)> = Vec::new();
        for row in rows {
            let category: i64 = row.try_get("category_id").internal("category")?;
            let kind: String = row.try_get("kind").internal("kind")?;
            let n =
                u32::try_from(row.try_get::<i64, _>("n").internal("count")?).unwrap_or(u32::MAX);
            let index = match signals.iter().position(|(c, _)| *c == category) {
                Some(i) => i,
                None => {
                    signals.push((category, CategorySignals::default()));
                    signals.len() - 1
                }
            };
            let s = &mut signals[index].1;
            match kind.as_str() {
                "view" => s.views = n,
                "wish" => s.wishes = n,
                _ => s.units_ordered = n,
            }
        }
        Ok(affinities(&signals))
    }
}

/// The columns a product card needs, from `products p JOIN stores s`.
/// A card's columns (eleven of them; callers add theirs after). The price shown is the
/// lowest price in stock, or the lowest price of a sold-out product.
pub(crate) const CARD_COLUMNS: &str = "p.id AS card_id, p.slug AS card_slug, p.title AS card_title,
    p.currency AS card_currency, p.rating_sum AS card_rating_sum, p.rating_count AS card_rating_count,
    s.name AS card_store, s.verdict AS card_verdict,
    (SELECT v.price_minor FROM variants v WHERE v.product_id = p.id ORDER BY CASE WHEN v.stock > 0 THEN 0 ELSE 1 END, v.price_minor, v.id LIMIT 1) AS card_price,
    (SELECT v.compare_at_minor FROM variants v WHERE v.product_id = p.id ORDER BY CASE WHEN v.stock > 0 THEN 0 ELSE 1 END, v.price_minor, v.id LIMIT 1) AS card_compare_at,
    (SELECT i.image_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS card_image";

/// The products a buyer may see, in stock or not.
pub(crate) const LISTED: &str = "p.status = 'active' AND s.status = 'verified'";

/// Whether a listed product has a variant in stock.
pub(crate) const IN_STOCK: &str =
    "EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)";

/// Products a buyer may see.
pub(crate) const VISIBLE: &str = "p.status = 'active' AND s.status = 'verified'
    AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)";

/// A keyset cursor `<sort key>.<id>` of the last row shown; none starts at the top.
fn keyset_cursor(cursor: Option<&str>) -> AppResult<(i64, i64)> {
    let Some(c) = cursor else {
        return Ok((i64::MAX, i64::MAX));
    };
    c.split_once('.')
        .and_then(|(key, id)| Some((key.parse().ok()?, id.parse().ok()?)))
        .ok_or_else(|| AppError::validation("cursor", "That page link is broken."))
}

fn rating_x100(sum: i64, count: i64) -> i64 {
    if count == 0 { 0 } else { sum * 100 / count }
}

/// A product card from a row selected with [`CARD_COLUMNS`] (read by their names,
/// so a query may add columns of its own anywhere).
pub(crate) fn card(row: &AnyRow) -> Result<ProductCard, sqlx::Error> {
    let currency = Currency::parse(&row.try_get::<String, _>("card_currency")?).unwrap_or_default();
    let title: String = row.try_get("card_title")?;
    let sum: i64 = row.try_get("card_rating_sum")?;
    let count: i64 = row.try_get("card_rating_count")?;
    Ok(ProductCard {
        id: ProductId(row.try_get("card_id")?),
        slug: row.try_get("card_slug")?,
        image: row
            .try_get::<Option<String>, _>("card_image")?
            .map(|key| ImageRef {
                key,
                alt: title.clone(),
            }),
        title,
        price: Money::new(
            row.try_get::<Option<i64>, _>("card_price")?.unwrap_or(0),
            currency,
        ),
        compare_at: row
            .try_get::<Option<i64>, _>("card_compare_at")?
            .map(|m| Money::new(m, currency)),
        rating_x100: rating_x100(sum, count),
        review_count: count,
        store_name: row.try_get("card_store")?,
        in_stock: true,
        sponsored: false,
        sale: None,
        integrity_store: row.try_get::<String, _>("card_verdict")? == "integrity",
    })
}

#[async_trait]
impl CatalogService for Catalog {
    #[tracing::instrument(skip_all)]
    async fn home_feed(
        &self,
        viewer: Option<AccountId>,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage> {
        let (after_score, after_id) = keyset_cursor(cursor.as_deref())?;
        let rows = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS}, p.rank_score, p.category_id FROM products p JOIN stores s ON s.id = p.store_id
             WHERE {VISIBLE} AND (p.rank_score < $1 OR (p.rank_score = $1 AND p.id < $2))
             ORDER BY p.rank_score DESC, p.id DESC LIMIT $3"
        ))
        .bind(after_score)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the feed")?;
        let mut ranked = Vec::with_capacity(rows.len());
        for row in &rows {
            let card = card(row).internal("reading a feed row")?;
            let score: i64 = row.try_get("rank_score").internal("score")?;
            let category: i64 = row.try_get("category_id").internal("category")?;
            ranked.push((card, score, category));
        }
        let next = (ranked.len() == limit as usize)
            .then(|| {
                ranked
                    .last()
                    .map(|(c, score, _)| format!("{score}.{}", c.id))
            })
            .flatten();
        if let Some(account) = viewer {
            let affinity = self.affinities(account).await?;
            let personal = |score: i64, category: i64| {
                score as f64
                    * (1.0
                        + affinity
                            .iter()
                            .find(|(c, _)| *c == category)
                            .map_or(0.0, |(_, a)| *a))
            };
            ranked.sort_by(|a, b| personal(b.1, b.2).total_cmp(&personal(a.1, a.2)));
        }
        let cards: Vec<ProductCard> = ranked.into_iter().map(|(c, _, _)| c).collect();
        let sponsored = self.sponsored(sponsored_slots(cards.len()), &[]).await?;
        let mut cards = place_sponsored(cards, sponsored, |a, b| a.id == b.id);
        crate::services::promotions::price_cards(&self.db, self.clock.now(), &mut cards).await?;
        Ok(CardPage { cards, next })
    }

    #[tracing::instrument(skip_all)]
    async fn record_events(
        &self,
        viewer: Option<AccountId>,
        events: Vec<ProductEvent>,
    ) -> AppResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let now = self.clock.now_ms();
        // Unknown products are skipped, so one stale id does not lose the batch.
        let ids: Vec<String> = events.iter().map(|e| e.product.0.to_string()).collect();
        let known: Vec<i64> = sqlx::query(&format!(
            "SELECT id FROM products WHERE id IN ({})",
            ids.join(", ")
        ))
        .fetch_all(&self.db.pool)
        .await
        .internal("checking event products")?
        .iter()
        .map(|r| r.try_get::<i64, _>("id"))
        .collect::<Result<_, _>>()
        .internal("reading product ids")?;
        let events: Vec<&ProductEvent> = events
            .iter()
            .filter(|e| known.contains(&e.product.0))
            .collect();
        if events.is_empty() {
            return Ok(());
        }
        let events_clicked: Vec<ProductId> = events
            .iter()
            .filter(|e| e.kind == ProductEventKind::SponsoredClick)
            .map(|e| e.product)
            .collect();
        let values: Vec<String> = (0..events.len())
            .map(|i| format!("(${}, $1, ${}, $2)", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "INSERT INTO product_events (product_id, account_id, kind, at) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(viewer.map(|v| v.0)).bind(now);
        for e in events {
            query = query.bind(e.product.0).bind(e.kind.as_str());
        }
        query
            .execute(&self.db.pool)
            .await
            .internal("recording product events")?;
        for e in events_clicked {
            self.sponsors.record_click(e, now).await?;
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn search(
        &self,
        query: SearchQuery,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage> {
        let offset = search::parse_cursor(cursor.as_deref())?;
        let columns = format!(
            "{CARD_COLUMNS}, CAST(CASE WHEN {IN_STOCK} THEN 1 ELSE 0 END AS BIGINT) AS in_stock"
        );
        let sql = search::search_sql(
            self.db.backend,
            &columns,
            LISTED,
            IN_STOCK,
            &query,
            self.clock.now_ms(),
            (offset, i64::from(limit)),
        );
        let rows = sql
            .query()
            .fetch_all(&self.db.pool)
            .await
            .internal("searching")?;
        let cards = rows
            .iter()
            .map(|row| {
                let mut c = card(row)?;
                c.in_stock = row.try_get::<i64, _>("in_stock")? == 1;
                Ok(c)
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .internal("reading search rows")?;
        let next =
            (cards.len() == limit as usize).then(|| format!("o{}", offset + i64::from(limit)));
        let sponsored = self
            .sponsored(sponsored_slots(cards.len()), &query.words)
            .await?;
        let mut cards = place_sponsored(cards, sponsored, |a, b| a.id == b.id);
        crate::services::promotions::price_cards(&self.db, self.clock.now(), &mut cards).await?;
        Ok(CardPage { cards, next })
    }

    #[tracing::instrument(skip_all, fields(product = %product))]
    async fn reviews(
        &self,
        product: ProductId,
        sort: ReviewSort,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<ReviewPage> {
        // Keyset pages: the cursor is the sort key and id of the last review shown.
        let key = match sort {
            ReviewSort::Newest => "r.created_at",
            ReviewSort::MostHelpful => "r.helpful_count",
        };
        let (after_key, after_id) = keyset_cursor(cursor.as_deref())?;
        let rows = sqlx::query(&format!(
            "SELECT r.id, a.name AS author, r.rating, r.body, r.created_at, r.helpful_count, {key} AS sort_key,
                    r.photos, r.order_item_id, r.reply, r.reply_at, r.reply_updated_at
             FROM reviews r JOIN accounts a ON a.id = r.account_id
             WHERE r.product_id = $1 AND r.removed_at IS NULL AND ({key} < $2 OR ({key} = $2 AND r.id < $3))
             ORDER BY {key} DESC, r.id DESC LIMIT $4"
        ))
        .bind(product.0)
        .bind(after_key)
        .bind(after_id)
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading reviews")?;
        let mut page = ReviewPage::default();
        let mut last_key: i64 = 0;
        for r in rows.iter().take(limit as usize) {
            let review = (|| -> Result<ReviewView, sqlx::Error> {
                last_key = r.try_get("sort_key")?;
                Ok(ReviewView {
                    id: ReviewId(r.try_get("id")?),
                    author: r.try_get("author")?,
                    rating: r.try_get("rating")?,
                    body: r.try_get("body")?,
                    created_at: from_ms(r.try_get("created_at")?),
                    helpful: r.try_get("helpful_count")?,
                    photos: crate::services::reviews::photos_of(
                        &r.try_get::<String, _>("photos")?,
                        "Photo from a buyer",
                    ),
                    reply: crate::services::reviews::reply_of(r)?,
                    verified: r.try_get::<Option<i64>, _>("order_item_id")?.is_some(),
                })
            })()
            .internal("reading a review")?;
            page.reviews.push(review);
        }
        if rows.len() > limit as usize
            && let Some(last) = page.reviews.last()
        {
            page.next = Some(format!("{last_key}.{}", last.id));
        }
        Ok(page)
    }

    #[tracing::instrument(skip_all, fields(voter = %voter, review = %review))]
    async fn vote_helpful(&self, voter: AccountId, review: ReviewId) -> AppResult<i64> {
        let mut tx = self.db.begin().await.internal("starting a vote")?;
        // The first statement writes, so SQLite takes its write lock at once and
        // concurrent votes wait for each other instead of failing.
        let added = sqlx::query(
            "INSERT INTO review_votes (review_id, account_id, created_at)
             SELECT r.id, $2, $3 FROM reviews r WHERE r.id = $1 AND r.account_id <> $2
             ON CONFLICT (review_id, account_id) DO NOTHING",
        )
        .bind(review.0)
        .bind(voter.0)
        .bind(self.clock.now_ms())
        .execute(&mut *tx)
        .await
        .internal("recording the vote")?
        .rows_affected();
        if added == 1 {
            sqlx::query("UPDATE reviews SET helpful_count = helpful_count + 1 WHERE id = $1")
                .bind(review.0)
                .execute(&mut *tx)
                .await
                .internal("counting the vote")?;
        }
        let row = sqlx::query("SELECT account_id, helpful_count FROM reviews WHERE id = $1")
            .bind(review.0)
            .fetch_optional(&mut *tx)
            .await
            .internal("reading the review")?
            .ok_or_else(|| AppError::not_found("review"))?;
        let author: i64 = row.try_get("account_id").internal("reading the review")?;
        if author == voter.0 {
            return Err(AppError::validation(
                "review",
                "You can't vote for your own review.",
            ));
        }
        let count: i64 = row.try_get("helpful_count").internal("reading the count")?;
        tx.commit().await.internal("saving the vote")?;
        Ok(count)
    }

    #[tracing::instrument(skip_all)]
    async fn suggest(&self, text: &str) -> AppResult<Vec<String>> {
        search::suggest(&self.db, text).await
    }

    #[tracing::instrument(skip_all)]
    async fn categories(&self) -> AppResult<Vec<CategoryView>> {
        let rows = sqlx::query("SELECT id, slug, name FROM categories ORDER BY position, name")
            .fetch_all(&self.db.pool)
            .await
            .internal("loading categories")?;
        rows.iter()
            .map(|r| {
                Ok(CategoryView {
                    id: CategoryId(r.try_get("id")?),
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .internal("reading categories")
    }

    #[tracing::instrument(skip_all)]
    async fn store_page(
        &self,
        slug: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<StorePageView> {
        let row = sqlx::query(
            "SELECT s.id, s.name, s.slug, s.status, s.description, s.ships_from, s.created_at,
                (SELECT COUNT(*) FROM products p WHERE p.store_id = s.id AND p.status = 'active'
                   AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)) AS product_count,
                (SELECT CAST(COALESCE(SUM(p.rating_sum), 0) AS BIGINT) FROM products p WHERE p.store_id = s.id AND p.status = 'active') AS sum,
                (SELECT CAST(COALESCE(SUM(p.rating_count), 0) AS BIGINT) FROM products p WHERE p.store_id = s.id AND p.status = 'active') AS count,
                s.logo_key, s.verdict
             FROM stores s WHERE s.slug = $1 AND s.status = 'verified'",
        )
        .bind(slug)
        .fetch_optional(&self.db.pool)
        .await
        .internal("loading a store")?
        .ok_or_else(|| AppError::not_found("store"))?;
        let read = || -> Result<StorePageView, sqlx::Error> {
            let sum: i64 = row.try_get("sum")?;
            let count: i64 = row.try_get("count")?;
            let logo: String = row.try_get("logo_key")?;
            let name: String = row.try_get("name")?;
            Ok(StorePageView {
                logo: (!logo.is_empty()).then(|| ImageRef {
                    key: logo,
                    alt: format!("{name} logo"),
                }),
                store: StoreSummary {
                    id: StoreId(row.try_get("id")?),
                    name: row.try_get("name")?,
                    slug: row.try_get("slug")?,
                    status: row.try_get("status")?,
                },
                description: row.try_get("description")?,
                ships_from: row.try_get("ships_from")?,
                since: from_ms(row.try_get("created_at")?),
                product_count: row.try_get("product_count")?,
                rating_x100: rating_x100(sum, count),
                review_count: count,
                cards: CardPage::default(),
                integrity_store: row.try_get::<String, _>("verdict")? == "integrity",
            })
        };
        let mut page = read().internal("reading a store")?;
        let (after_score, after_id) = keyset_cursor(cursor.as_deref())?;
        let rows = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS}, p.rank_score FROM products p JOIN stores s ON s.id = p.store_id
             WHERE {VISIBLE} AND s.id = $1 AND (p.rank_score < $2 OR (p.rank_score = $2 AND p.id < $3))
             ORDER BY p.rank_score DESC, p.id DESC LIMIT $4"
        ))
        .bind(page.store.id.0)
        .bind(after_score)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await
        .internal("loading a store's products")?;
        let mut cards = Vec::with_capacity(rows.len());
        let mut last = None;
        for row in &rows {
            let c = card(row).internal("reading a store's product")?;
            last = Some((row.try_get::<i64, _>("rank_score").internal("score")?, c.id));
            cards.push(c);
        }
        crate::services::promotions::price_cards(&self.db, self.clock.now(), &mut cards).await?;
        page.cards = CardPage {
            next: (cards.len() == limit as usize)
                .then(|| last.map(|(score, id)| format!("{score}.{id}")))
                .flatten(),
            cards,
        };
        Ok(page)
    }

    #[tracing::instrument(skip_all, fields(id = %id))]
    async fn product(&self, id: ProductId) -> AppResult<ProductDetail> {
        let row = sqlx::query(
            "SELECT p.id AS p_id, p.slug AS p_slug, p.title, p.description, p.currency, p.shipping_minor, p.handling_days,
                    p.rating_sum, p.rating_count, c.id AS c_id, c.slug AS c_slug, c.name AS c_name, s.id AS s_id, s.name AS s_name, s.slug AS s_slug, s.status,
                    p.video_url, p.restock_on, s.verdict
             FROM products p JOIN stores s ON s.id = p.store_id JOIN categories c ON c.id = p.category_id
             WHERE p.id = $1 AND p.status = 'active' AND s.status = 'verified'",
        )
        .bind(id.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("loading a product")?
        .ok_or_else(|| AppError::not_found("product"))?;
        let read = || -> Result<ProductDetail, sqlx::Error> {
            let currency =
                Currency::parse(&row.try_get::<String, _>("currency")?).unwrap_or_default();
            let title: String = row.try_get("title")?;
            Ok(ProductDetail {
                id: ProductId(row.try_get("p_id")?),
                slug: row.try_get("p_slug")?,
                description: row.try_get("description")?,
                shipping: Money::new(row.try_get("shipping_minor")?, currency),
                handling_days: row.try_get("handling_days")?,
                rating_x100: rating_x100(row.try_get("rating_sum")?, row.try_get("rating_count")?),
                review_count: row.try_get("rating_count")?,
                category: CategoryView {
                    id: CategoryId(row.try_get("c_id")?),
                    slug: row.try_get("c_slug")?,
                    name: row.try_get("c_name")?,
                },
                store: StoreSummary {
                    id: StoreId(row.try_get("s_id")?),
                    name: row.try_get("s_name")?,
                    slug: row.try_get("s_slug")?,
                    status: row.try_get("status")?,
                },
                title,
                images: Vec::new(),
                variants: Vec::new(),
                reviews: ReviewPage::default(),
                rating_histogram: [0; 5],
                delivery: (chrono::NaiveDate::MIN, chrono::NaiveDate::MIN),
                similar: Vec::new(),
                video_url: Some(row.try_get::<String, _>("video_url")?).filter(|v| !v.is_empty()),
                restock_on: row
                    .try_get::<Option<String>, _>("restock_on")?
                    .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                integrity_store: row.try_get::<String, _>("verdict")? == "integrity",
            })
        };
        let mut product = read().internal("reading a product row")?;
        let currency = product.shipping.currency();

        let images = sqlx::query(
            "SELECT image_key, alt FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading product images")?;
        for (i, r) in images.iter().enumerate() {
            let alt: String = r.try_get("alt").internal("alt")?;
            product.images.push(ImageRef {
                key: r.try_get("image_key").internal("key")?,
                alt: if alt.is_empty() {
                    format!("{}, image {}", product.title, i + 1)
                } else {
                    alt
                },
            });
        }

        let variants = sqlx::query(
            "SELECT id, sku, size, color, price_minor, compare_at_minor, stock FROM variants
             WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading variants")?;
        for r in &variants {
            let v = (|| -> Result<VariantView, sqlx::Error> {
                Ok(VariantView {
                    id: VariantId(r.try_get("id")?),
                    sku: r.try_get("sku")?,
                    size: r.try_get("size")?,
                    color: r.try_get("color")?,
                    price: Money::new(r.try_get("price_minor")?, currency),
                    compare_at: r
                        .try_get::<Option<i64>, _>("compare_at_minor")?
                        .map(|m| Money::new(m, currency)),
                    stock: r.try_get("stock")?,
                    sale: None,
                })
            })()
            .internal("reading a variant")?;
            product.variants.push(v);
        }

        let now = self.clock.now();
        crate::services::promotions::price_variants(&self.db, now, id, &mut product.variants)
            .await?;

        product.reviews = self
            .reviews(id, ReviewSort::Newest, None, REVIEWS_PER_PAGE)
            .await?;

        let histogram = sqlx::query(
            "SELECT rating, COUNT(*) AS count FROM reviews WHERE product_id = $1 AND removed_at IS NULL GROUP BY rating",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the rating histogram")?;
        for r in &histogram {
            let stars: i64 = r.try_get("rating").internal("stars")?;
            if let Some(slot) = usize::try_from(stars - 1)
                .ok()
                .and_then(|i| product.rating_histogram.get_mut(i))
            {
                *slot = r.try_get("count").internal("count")?;
            }
        }

        product.restock_on = product.restock_on.filter(|d| *d > now.date_naive());
        product.delivery = delivery_window(
            self.clock.now().date_naive(),
            u32::try_from(product.handling_days).unwrap_or(0),
            STANDARD_TRANSIT_DAYS,
        );

        let similar = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS} FROM products p JOIN stores s ON s.id = p.store_id
             WHERE {VISIBLE} AND p.category_id = $1 AND p.id <> $2
             ORDER BY p.rank_score DESC, p.id DESC LIMIT 8"
        ))
        .bind(product.category.id.0)
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading similar items")?;
        product.similar = similar
            .iter()
            .map(card)
            .collect::<Result<_, _>>()
            .internal("reading similar items")?;
        crate::services::promotions::price_cards(&self.db, now, &mut product.similar).await?;
        Ok(product)
    }
}

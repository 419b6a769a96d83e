//! Promotions and promo codes. Prices are worked out when they are read: the live
//! promotions of the products on a page are loaded in one query and
//! [`app::domain::pricing::quote`] picks each variant's price, so a promotion starts
//! and ends exactly on time by the app clock, with nothing to recompute.
//!
//! **Promotions are priced when prices are read.** A promotion (percentage or fixed
//! amount, on whole products or chosen variants, with a start and an end; a flash sale
//! is one of at most 72 hours, shown with a countdown) is stored once and applied by
//! `domain::pricing::quote` wherever a price is read: feed, search, store and wishlist
//! cards (`services::promotions::price_cards`, one query for a page's live promotions),
//! the product page, the cart and checkout, so nothing is recomputed when a promotion
//! starts or ends and the app clock alone decides. Overlapping promotions never stack:
//! the buyer gets the one leaving the lowest price (on a tie, the one ending first),
//! and a promoted price is never below one cent; the struck price is the higher of the
//! list and compare-at prices. Each order item keeps its list price and promotion,
//! which the promotion report sums (orders, units, revenue, discount given). A promo
//! code (one per checkout) takes its percentage or amount off its own store's item
//! subtotal, after promotions and before shipping, once the subtotal reaches the code's
//! minimum; a use is taken with one conditional `UPDATE` inside the checkout
//! transaction, so concurrent checkouts never pass the code's total limit; the buyer's
//! uses are counted again after it (the `UPDATE` holds the code's row until commit, so
//! the count sees every earlier checkout, also on PostgreSQL), so one buyer checking
//! out twice at once cannot pass the per-buyer limit. Search's price filter, price
//! sorts and "On sale" apply the same discount rule in SQL
//! (`services::catalog::search::promotion_off`), so a promoted product is found at the price its
//! card shows.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::backend::PromotionService;
use app::domain::pricing::{Quote, quote};
use app::domain::promotion::{
    CodeTerms, Discount, DiscountKind, Offer, PromoCodeDraft, PromotionDraft, normalize_code,
    uplift_percent, uplift_periods,
};
use app::domain::{
    AccountId, Currency, Money, ProductId, PromoCodeId, PromotionId, StoreId, VariantId,
};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;

fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The live promotions of `products`, by product.
pub async fn live_offers(
    db: &Db,
    products: &[i64],
    now: DateTime<Utc>,
) -> AppResult<HashMap<i64, Vec<Offer>>> {
    let mut out: HashMap<i64, Vec<Offer>> = HashMap::new();
    if products.is_empty() {
        return Ok(out);
    }
    // Ids are integers from our own rows, so they can go into the SQL text.
    let rows = sqlx::query(&format!(
        "SELECT t.product_id, t.variant_id, p.id, p.name, p.kind, p.amount, p.starts_at, p.ends_at, p.flash
         FROM promotion_targets t JOIN promotions p ON p.id = t.promotion_id
         WHERE t.product_id IN ({}) AND p.starts_at <= $1 AND p.ends_at > $1",
        id_list(products)
    ))
    .bind(now.timestamp_millis())
    .fetch_all(&db.pool)
    .await
    .internal("loading live promotions")?;
    for r in &rows {
        let read = || -> Result<(i64, Offer), sqlx::Error> {
            Ok((
                r.try_get("product_id")?,
                Offer {
                    variant: r.try_get("variant_id")?,
                    promotion: r.try_get("id")?,
                    name: r.try_get("name")?,
                    discount: Discount {
                        kind: DiscountKind::parse(&r.try_get::<String, _>("kind")?)
                            .unwrap_or_default(),
                        amount: r.try_get("amount")?,
                    },
                    starts_at: from_ms(r.try_get("starts_at")?),
                    ends_at: from_ms(r.try_get("ends_at")?),
                    flash: r.try_get::<i64, _>("flash")? != 0,
                },
            ))
        };
        let (product, offer) = read().internal("reading a promotion")?;
        out.entry(product).or_default().push(offer);
    }
    Ok(out)
}

/// Prices cards by their promotions: a promoted card shows its lowest price in stock
/// (or, when sold out, its lowest price) after promotions.
pub async fn price_cards(db: &Db, now: DateTime<Utc>, cards: &mut [ProductCard]) -> AppResult<()> {
    let ids: Vec<i64> = cards.iter().map(|c| c.id.0).collect();
    let offers = live_offers(db, &ids, now).await?;
    if offers.is_empty() {
        return Ok(());
    }
    let promoted: Vec<i64> = offers.keys().copied().collect();
    let rows = sqlx::query(&format!(
        "SELECT product_id, id, price_minor, compare_at_minor, stock FROM variants WHERE product_id IN ({})",
        id_list(&promoted)
    ))
    .fetch_all(&db.pool)
    .await
    .internal("loading promoted variants")?;
    // product -> (in stock, price, quote) of its best variant
    let mut best: HashMap<i64, (bool, i64, Quote)> = HashMap::new();
    for r in &rows {
        let product: i64 = r.try_get("product_id").internal("product")?;
        let variant: i64 = r.try_get("id").internal("variant")?;
        let list: i64 = r.try_get("price_minor").internal("price")?;
        let compare_at: Option<i64> = r.try_get("compare_at_minor").internal("compare at")?;
        let stock: i64 = r.try_get("stock").internal("stock")?;
        let Some(card) = cards.iter().find(|c| c.id.0 == product) else {
            continue;
        };
        let currency = card.price.currency();
        let q = quote(
            Money::new(list, currency),
            compare_at.map(|c| Money::new(c, currency)),
            variant,
            offers.get(&product).map_or(&[], Vec::as_slice),
            now,
        );
        let key = (stock > 0, q.price.minor());
        let better = best
            .get(&product)
            .is_none_or(|(s, p, _)| (key.0 && !s) || (key.0 == *s && key.1 < *p));
        if better {
            best.insert(product, (key.0, key.1, q));
        }
    }
    for card in cards.iter_mut() {
        if let Some((_, _, q)) = best.remove(&card.id.0) {
            card.price = q.price;
            card.compare_at = q.was;
            card.sale = q.sale;
        }
    }
    Ok(())
}

/// Prices a product page's variants by the product's promotions.
pub async fn price_variants(
    db: &Db,
    now: DateTime<Utc>,
    product: ProductId,
    variants: &mut [VariantView],
) -> AppResult<()> {
    let offers = live_offers(db, &[product.0], now).await?;
    let offers = offers.get(&product.0).map_or(&[][..], Vec::as_slice);
    for v in variants.iter_mut() {
        let q = quote(v.price, v.compare_at, v.id.0, offers, now);
        v.price = q.price;
        v.compare_at = q.was;
        v.sale = q.sale;
    }
    Ok(())
}

/// Prices cart lines (whose `unit_price` holds the list price) by their promotions.
pub async fn price_lines(db: &Db, now: DateTime<Utc>, lines: &mut [CartLine]) -> AppResult<()> {
    let ids: Vec<i64> = lines.iter().map(|l| l.product.0).collect();
    let offers = live_offers(db, &ids, now).await?;
    for l in lines.iter_mut() {
        let q = quote(
            l.unit_price,
            None,
            l.variant.0,
            offers.get(&l.product.0).map_or(&[], Vec::as_slice),
            now,
        );
        l.unit_price = q.price;
        l.was = q.was;
        l.sale = q.sale;
    }
    Ok(())
}

fn state(now: i64, starts: i64, ends: i64) -> &'static str {
    if now >= ends {
        "ended"
    } else if now < starts {
        "scheduled"
    } else {
        "live"
    }
}

/// What a code needs to be used by `buyer` now, or why it can't be.
pub async fn code_terms(db: &Db, buyer: AccountId, code: &str, now: i64) -> AppResult<CodeTerms> {
    let code = normalize_code(code).map_err(|e| AppError::validation("promo_code", e.0))?;
    let row = sqlx::query(
        "SELECT c.id, c.store_id, s.name AS store_name, c.kind, c.amount, c.min_order_minor, c.max_uses, c.per_buyer, c.uses,
                c.starts_at, c.ends_at, s.status AS store_status,
                (SELECT COUNT(*) FROM promo_code_uses u WHERE u.code_id = c.id AND u.account_id = $2) AS buyer_uses
         FROM promo_codes c JOIN stores s ON s.id = c.store_id WHERE c.code = $1",
    )
    .bind(&code)
    .bind(buyer.0)
    .fetch_optional(&db.pool)
    .await
    .internal("loading a promo code")?;
    let refuse = |message: String| Err(AppError::validation("promo_code", message));
    let Some(r) = row else {
        return refuse(format!("There is no promo code “{code}”."));
    };
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            r.try_get::<i64, _>("id")?,
            r.try_get::<i64, _>("store_id")?,
            r.try_get::<String, _>("store_name")?,
            r.try_get::<String, _>("kind")?,
            r.try_get::<i64, _>("amount")?,
            r.try_get::<i64, _>("min_order_minor")?,
            (
                r.try_get::<Option<i64>, _>("max_uses")?,
                r.try_get::<Option<i64>, _>("per_buyer")?,
                r.try_get::<i64, _>("uses")?,
            ),
            (
                r.try_get::<i64, _>("starts_at")?,
                r.try_get::<i64, _>("ends_at")?,
            ),
            r.try_get::<String, _>("store_status")?,
            r.try_get::<i64, _>("buyer_uses")?,
        ))
    };
    let (
        id,
        store,
        store_name,
        kind,
        amount,
        min_order,
        (max_uses, per_buyer, uses),
        (starts, ends),
        status,
        mine,
    ) = read().internal("reading a promo code")?;
    if status != "verified" || now >= ends {
        return refuse(format!("The code {code} has expired."));
    }
    if now < starts {
        return refuse(format!(
            "The code {code} can be used from {}.",
            from_ms(starts).format("%b %-d, %H:%M UTC")
        ));
    }
    if max_uses.is_some_and(|m| uses >= m) {
        return refuse(format!("The code {code} has been used up."));
    }
    if per_buyer.is_some_and(|p| mine >= p) {
        return refuse(format!("You have already used the code {code}."));
    }
    Ok(CodeTerms {
        id: PromoCodeId(id),
        code,
        store: StoreId(store),
        store_name,
        discount: Discount {
            kind: DiscountKind::parse(&kind).unwrap_or_default(),
            amount,
        },
        min_order: Money::new(min_order, Currency::default()),
    })
}

/// Takes one use of a code for an order, inside the checkout transaction: one
/// conditional statement, so concurrent checkouts never pass the code's total limit.
/// The per-buyer limit is counted again after that statement: it holds the code's row
/// lock until the transaction ends, so a later statement (with a fresh snapshot on
/// PostgreSQL) sees every use committed by a checkout that got there first.
pub async fn take_use(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    code: PromoCodeId,
    buyer: AccountId,
    order: i64,
    now: i64,
) -> AppResult<bool> {
    let taken = sqlx::query(
        "UPDATE promo_codes SET uses = uses + 1
         WHERE id = $1 AND (max_uses IS NULL OR uses < max_uses)
           AND (per_buyer IS NULL OR per_buyer > (SELECT COUNT(*) FROM promo_code_uses WHERE code_id = $1 AND account_id = $2))",
    )
    .bind(code.0)
    .bind(buyer.0)
    .execute(&mut **tx)
    .await
    .internal("using a promo code")?
    .rows_affected();
    if taken == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO promo_code_uses (code_id, account_id, order_id, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(code.0)
    .bind(buyer.0)
    .bind(order)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("recording a promo code use")?;
    let over = sqlx::query(
        "SELECT COUNT(*) FROM promo_codes c WHERE c.id = $1 AND c.per_buyer IS NOT NULL
           AND c.per_buyer < (SELECT COUNT(*) FROM promo_code_uses u WHERE u.code_id = $1 AND u.account_id = $2)",
    )
    .bind(code.0)
    .bind(buyer.0)
    .fetch_one(&mut **tx)
    .await
    .internal("counting a buyer's code uses")?
    .try_get::<i64, _>(0)
    .internal("code uses")?;
    Ok(over == 0)
}

pub struct Promotions {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Promotions {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// Ends the store's promotion or promo code `id` (in `table`) now; a scheduled one
    /// ends before it starts, so it never runs. Ending an ended one changes nothing.
    async fn end_now(
        &self,
        table: &'static str,
        what: &'static str,
        store: StoreId,
        id: i64,
    ) -> AppResult<()> {
        let now = self.clock.now_ms();
        // `table` is one of our two table names, so it can go into the SQL text.
        let ended = sqlx::query(&format!(
            "UPDATE {table} SET starts_at = CASE WHEN starts_at >= $3 THEN $3 - 1 ELSE starts_at END, ends_at = $3
             WHERE id = $1 AND store_id = $2 AND ends_at > $3"
        ))
        .bind(id)
        .bind(store.0)
        .bind(now)
        .execute(&self.db.pool)
        .await
        .internal("ending a promotion")?
        .rows_affected();
        if ended == 0 {
            sqlx::query(&format!(
                "SELECT 1 FROM {table} WHERE id = $1 AND store_id = $2"
            ))
            .bind(id)
            .bind(store.0)
            .fetch_optional(&self.db.pool)
            .await
            .internal("finding a promotion")?
            .ok_or_else(|| AppError::not_found(what))?;
        }
        Ok(())
    }

    /// Checks that every target is the store's own product (and the variant that product's).
    async fn owns_targets(
        &self,
        store: StoreId,
        targets: &[app::domain::promotion::Target],
    ) -> AppResult<()> {
        let products: Vec<i64> = targets.iter().map(|t| t.product).collect();
        let rows = sqlx::query(&format!(
            "SELECT v.product_id, v.id FROM variants v JOIN products p ON p.id = v.product_id
             WHERE p.store_id = $1 AND p.id IN ({})",
            id_list(&products)
        ))
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("checking promoted products")?;
        let mut owned: Vec<(i64, i64)> = Vec::with_capacity(rows.len());
        for r in &rows {
            owned.push((
                r.try_get("product_id").internal("product")?,
                r.try_get("id").internal("variant")?,
            ));
        }
        let all_owned = targets.iter().all(|t| match t.variant {
            None => owned.iter().any(|(p, _)| *p == t.product),
            Some(v) => owned.contains(&(t.product, v)),
        });
        if all_owned {
            Ok(())
        } else {
            Err(AppError::validation(
                "targets",
                "Promote only your own products and their variants.",
            ))
        }
    }
}

#[async_trait]
impl PromotionService for Promotions {
    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn overview(&self, store: StoreId) -> AppResult<PromotionsOverview> {
        let now = self.clock.now_ms();
        let currency = Currency::default();
        let money = |m: Option<i64>| Money::new(m.unwrap_or(0), currency);
        let rows = sqlx::query(
            "SELECT p.id, p.name, p.kind, p.amount, p.flash, p.starts_at, p.ends_at,
                    (SELECT COUNT(DISTINCT oi.order_id) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                      WHERE oi.promotion_id = p.id AND o.status <> 'cancelled') AS orders,
                    (SELECT CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                      WHERE oi.promotion_id = p.id AND o.status <> 'cancelled') AS units,
                    (SELECT CAST(SUM(oi.quantity * oi.unit_price_minor) AS BIGINT) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                      WHERE oi.promotion_id = p.id AND o.status <> 'cancelled') AS revenue,
                    (SELECT CAST(SUM(oi.quantity * (oi.list_price_minor - oi.unit_price_minor)) AS BIGINT) FROM order_items oi
                      JOIN orders o ON o.id = oi.order_id WHERE oi.promotion_id = p.id AND o.status <> 'cancelled') AS discount_given
             FROM promotions p WHERE p.store_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 200",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading promotions")?;
        let mut promotions = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id").internal("promotion")?;
            let targets = sqlx::query(
                "SELECT pr.title, v.size, v.color FROM promotion_targets t JOIN products pr ON pr.id = t.product_id
                 LEFT JOIN variants v ON v.id = t.variant_id WHERE t.promotion_id = $1 ORDER BY pr.title, v.position",
            )
            .bind(id)
            .fetch_all(&self.db.pool)
            .await
            .internal("loading promotion targets")?
            .iter()
            .map(|t| -> Result<String, sqlx::Error> {
                let title: String = t.try_get("title")?;
                let size: Option<String> = t.try_get("size")?;
                let color: Option<String> = t.try_get("color")?;
                Ok(if size.is_none() && color.is_none() {
                    title
                } else {
                    format!("{title} ({})", variant_label(size.as_deref(), color.as_deref()))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .internal("reading promotion targets")?;
            let starts: i64 = r.try_get("starts_at").internal("starts")?;
            let ends: i64 = r.try_get("ends_at").internal("ends")?;
            let (units_before, units_during) = match uplift_periods(starts, ends, now) {
                Some((before, during)) => {
                    let u = sqlx::query(
                        "SELECT
                            CAST(COALESCE(SUM(CASE WHEN o.placed_at < $3 THEN oi.quantity ELSE 0 END), 0) AS BIGINT) AS units_before,
                            CAST(COALESCE(SUM(CASE WHEN o.placed_at >= $3 THEN oi.quantity ELSE 0 END), 0) AS BIGINT) AS units_during
                         FROM order_items oi JOIN orders o ON o.id = oi.order_id
                         WHERE o.store_id = $1 AND o.status <> 'cancelled' AND o.placed_at >= $2 AND o.placed_at < $4
                           AND EXISTS (SELECT 1 FROM promotion_targets t WHERE t.promotion_id = $5
                                AND t.product_id = oi.product_id AND (t.variant_id IS NULL OR t.variant_id = oi.variant_id))",
                    )
                    .bind(store.0)
                    .bind(before.0)
                    .bind(during.0)
                    .bind(during.1)
                    .bind(id)
                    .fetch_one(&self.db.pool)
                    .await
                    .internal("measuring a promotion's uplift")?;
                    (
                        u.try_get::<i64, _>("units_before")
                            .internal("units before")?,
                        u.try_get::<i64, _>("units_during")
                            .internal("units during")?,
                    )
                }
                None => (0, 0),
            };
            let read = || -> Result<PromotionView, sqlx::Error> {
                let kind =
                    DiscountKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or_default();
                Ok(PromotionView {
                    id: PromotionId(id),
                    name: r.try_get("name")?,
                    discount: kind.describe(r.try_get("amount")?, currency),
                    flash: r.try_get::<i64, _>("flash")? != 0,
                    starts_at: from_ms(starts),
                    ends_at: from_ms(ends),
                    state: state(now, starts, ends).into(),
                    targets: targets.clone(),
                    orders: r.try_get("orders")?,
                    units: r.try_get::<Option<i64>, _>("units")?.unwrap_or(0),
                    revenue: money(r.try_get("revenue")?),
                    discount_given: money(r.try_get("discount_given")?),
                    units_before,
                    units_during,
                    uplift_percent: uplift_percent(units_before, units_during),
                })
            };
            promotions.push(read().internal("reading a promotion")?);
        }

        let codes = sqlx::query(
            "SELECT c.id, c.code, c.kind, c.amount, c.min_order_minor, c.max_uses, c.per_buyer, c.uses, c.starts_at, c.ends_at,
                    (SELECT CAST(SUM(o.subtotal_minor - o.discount_minor) AS BIGINT) FROM orders o WHERE o.promo_code_id = c.id AND o.status <> 'cancelled') AS revenue,
                    (SELECT CAST(SUM(o.discount_minor) AS BIGINT) FROM orders o WHERE o.promo_code_id = c.id AND o.status <> 'cancelled') AS discount_given
             FROM promo_codes c WHERE c.store_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 200",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading promo codes")?
        .iter()
        .map(|r| -> Result<PromoCodeView, sqlx::Error> {
            let kind = DiscountKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or_default();
            let starts: i64 = r.try_get("starts_at")?;
            let ends: i64 = r.try_get("ends_at")?;
            Ok(PromoCodeView {
                id: PromoCodeId(r.try_get("id")?),
                code: r.try_get("code")?,
                discount: kind.describe(r.try_get("amount")?, currency),
                min_order: Money::new(r.try_get("min_order_minor")?, currency),
                max_uses: r.try_get("max_uses")?,
                per_buyer: r.try_get("per_buyer")?,
                uses: r.try_get("uses")?,
                starts_at: from_ms(starts),
                ends_at: from_ms(ends),
                state: state(now, starts, ends).into(),
                revenue: money(r.try_get("revenue")?),
                discount_given: money(r.try_get("discount_given")?),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .internal("reading promo codes")?;

        let variant_rows = sqlx::query(
            "SELECT p.id AS p_id, p.title, v.id AS variant, v.size, v.color, v.price_minor FROM products p JOIN variants v ON v.product_id = p.id
             WHERE p.store_id = $1 AND p.status = 'active' ORDER BY p.title, p.id, v.position, v.id LIMIT 2000",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading promotable products")?;
        let mut products: Vec<PromotableProduct> = Vec::new();
        for r in &variant_rows {
            let id = ProductId(r.try_get("p_id").internal("product")?);
            let variant = (
                VariantId(r.try_get("variant").internal("variant")?),
                variant_label(
                    r.try_get::<Option<String>, _>("size")
                        .internal("size")?
                        .as_deref(),
                    r.try_get::<Option<String>, _>("color")
                        .internal("color")?
                        .as_deref(),
                ),
                Money::new(r.try_get("price_minor").internal("price")?, currency),
            );
            match products.last_mut() {
                Some(p) if p.id == id => p.variants.push(variant),
                _ => products.push(PromotableProduct {
                    id,
                    title: r.try_get("title").internal("title")?,
                    variants: vec![variant],
                }),
            }
        }
        Ok(PromotionsOverview {
            promotions,
            codes,
            products,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn create(&self, store: StoreId, draft: PromotionDraft) -> AppResult<PromotionsOverview> {
        let p = draft
            .check(self.clock.now())
            .map_err(|(field, e)| AppError::validation(field, e.0))?;
        self.owns_targets(store, &p.targets).await?;
        let mut tx = self.db.begin().await.internal("starting a promotion")?;
        let id: i64 = sqlx::query(
            "INSERT INTO promotions (store_id, name, kind, amount, flash, starts_at, ends_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(store.0)
        .bind(&p.name)
        .bind(p.discount.kind.as_str())
        .bind(p.discount.amount)
        .bind(i64::from(p.flash))
        .bind(p.starts_at.timestamp_millis())
        .bind(p.ends_at.timestamp_millis())
        .bind(self.clock.now_ms())
        .fetch_one(&mut *tx)
        .await
        .internal("creating a promotion")?
        .try_get(0)
        .internal("promotion id")?;
        for t in &p.targets {
            sqlx::query("INSERT INTO promotion_targets (promotion_id, product_id, variant_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(t.product)
                .bind(t.variant)
                .execute(&mut *tx)
                .await
                .internal("adding a promotion target")?;
        }
        tx.commit().await.internal("committing a promotion")?;
        self.overview(store).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, promotion))]
    async fn end(&self, store: StoreId, promotion: PromotionId) -> AppResult<PromotionsOverview> {
        self.end_now("promotions", "promotion", store, promotion.0)
            .await?;
        self.overview(store).await
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn create_code(
        &self,
        store: StoreId,
        draft: PromoCodeDraft,
    ) -> AppResult<PromotionsOverview> {
        let c = draft
            .check(self.clock.now())
            .map_err(|(field, e)| AppError::validation(field, e.0))?;
        let inserted = sqlx::query(
            "INSERT INTO promo_codes (store_id, code, kind, amount, min_order_minor, max_uses, per_buyer, starts_at, ends_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(store.0)
        .bind(&c.code)
        .bind(c.discount.kind.as_str())
        .bind(c.discount.amount)
        .bind(c.min_order.minor())
        .bind(c.max_uses)
        .bind(c.per_buyer)
        .bind(c.starts_at.timestamp_millis())
        .bind(c.ends_at.timestamp_millis())
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await;
        match inserted {
            Ok(_) => self.overview(store).await,
            Err(e) if Db::is_unique_violation(&e) => Err(AppError::validation(
                "code",
                format!("The code {} is taken; choose another.", c.code),
            )),
            Err(e) => Err(e).internal("creating a promo code"),
        }
    }

    #[tracing::instrument(skip_all, fields(store = %store, code))]
    async fn end_code(&self, store: StoreId, code: PromoCodeId) -> AppResult<PromotionsOverview> {
        self.end_now("promo_codes", "promo code", store, code.0)
            .await?;
        self.overview(store).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn code_terms(&self, buyer: AccountId, code: &str) -> AppResult<CodeTerms> {
        code_terms(&self.db, buyer, code, self.clock.now_ms()).await
    }
}

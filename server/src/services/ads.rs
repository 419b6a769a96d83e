//! Boosted products: campaigns fill the sponsored slots of the feed and search, each
//! shown card is one impression paid at the campaign's bid, and the weekly budget is
//! never exceeded. The charge is one conditional statement, so concurrent pages can
//! never spend past the cap; out-of-stock products are neither shown nor charged.
//!
//! **Boosts pay per impression, in one statement.** A campaign bids per 1,000
//! impressions; spend is kept in thousandths of a cent's unit (`spent_milli`), so an
//! impression costs exactly `bid_minor` of them. Filling a slot picks live campaigns'
//! in-stock products by bid (least-shown first among equal bids; for a search, only
//! products whose title or tags match a query word) and charges each with one
//! conditional `UPDATE` that also rolls the weekly counter over on Mondays (UTC) and
//! refuses to pass the weekly budget, so concurrent pages on any number of servers
//! never overspend (a `CHECK` backs it up); a product that could not be charged is not
//! shown. Clicks on sponsored cards are sent as their own event kind. Spend reaches the
//! store's ledger in whole cents from the minute job.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::services::catalog::{CARD_COLUMNS, IN_STOCK, LISTED, Sponsors, card};
use crate::services::money::ledger::{self, Entry};
use crate::storage::{Db, Row};
use app::backend::AdService;
use app::domain::boost::{CampaignDraft, milli_to_money, week_start_ms};
use app::domain::ledger::EntryKind;
use app::domain::{CampaignId, Currency, Money, ProductId, StoreId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

/// The live-campaign condition with budget left this week: `$now`, `$week` are the
/// first two parameters.
const LIVE: &str = "bc.status = 'active' AND bc.starts_at <= $1 AND bc.ends_at > $1
    AND (CASE WHEN bc.week_start = $2 THEN bc.week_spent_milli ELSE 0 END) + bc.bid_minor <= bc.weekly_budget_minor * 1000";

/// Cards for up to `slots` sponsored places, highest bid first (the least shown first
/// among equal bids). For a search, only products matching one of `words` in their
/// title or tags. Every card returned has been paid for.
pub async fn fill(
    db: &Db,
    clock: &dyn Clock,
    slots: usize,
    words: &[String],
) -> AppResult<Vec<ProductCard>> {
    if slots == 0 {
        return Ok(Vec::new());
    }
    let now = clock.now_ms();
    let week = week_start_ms(clock.now());
    let mut relevant = String::new();
    for (i, _) in words.iter().enumerate().take(5) {
        relevant.push_str(if i == 0 { " AND (" } else { " OR " });
        relevant.push_str(&format!(
            "LOWER(p.title) LIKE ${n} OR LOWER(p.tags) LIKE ${n}",
            n = 3 + i
        ));
    }
    if !relevant.is_empty() {
        relevant.push(')');
    }
    let sql = format!(
        "SELECT {CARD_COLUMNS}, bc.id AS campaign_id FROM boost_products bp
           JOIN boost_campaigns bc ON bc.id = bp.campaign_id
           JOIN products p ON p.id = bp.product_id JOIN stores s ON s.id = p.store_id
         WHERE {LIVE} AND {LISTED} AND {IN_STOCK}{relevant}
         ORDER BY bc.bid_minor DESC, bp.impressions ASC, p.id LIMIT {}",
        slots * 4
    );
    let mut query = sqlx::query(&sql).bind(now).bind(week);
    for w in words.iter().take(5) {
        query = query.bind(format!("%{}%", w.to_lowercase().replace(['%', '_'], "")));
    }
    let rows = query
        .fetch_all(&db.pool)
        .await
        .internal("choosing sponsored products")?;
    let mut out: Vec<ProductCard> = Vec::new();
    for row in &rows {
        if out.len() == slots {
            break;
        }
        let mut c = card(row).internal("reading a sponsored card")?;
        if out.iter().any(|o| o.id == c.id) {
            continue;
        }
        let campaign: i64 = row.try_get("campaign_id").internal("campaign")?;
        if charge(db, campaign, c.id, now, week).await? {
            c.sponsored = true;
            out.push(c);
        }
    }
    Ok(out)
}

/// Pays for one impression if the campaign is live and has budget left this week.
pub async fn charge(
    db: &Db,
    campaign: i64,
    product: ProductId,
    now: i64,
    week: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await.internal("starting an impression")?;
    let paid = sqlx::query(&format!(
        "UPDATE boost_campaigns SET
            week_spent_milli = (CASE WHEN week_start = $2 THEN week_spent_milli ELSE 0 END) + bid_minor,
            week_start = $2, spent_milli = spent_milli + bid_minor, impressions = impressions + 1
         WHERE id = $3 AND {}",
        LIVE.replace("bc.", "")
    ))
    .bind(now)
    .bind(week)
    .bind(campaign)
    .execute(&mut *tx)
    .await
    .internal("charging an impression")?
    .rows_affected();
    if paid == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE boost_products SET impressions = impressions + 1,
            spent_milli = spent_milli + (SELECT bid_minor FROM boost_campaigns WHERE id = $1)
         WHERE campaign_id = $1 AND product_id = $2",
    )
    .bind(campaign)
    .bind(product.0)
    .execute(&mut *tx)
    .await
    .internal("counting an impression")?;
    tx.commit().await.internal("committing an impression")?;
    Ok(true)
}

/// Counts a click on a sponsored card for the live campaigns showing the product.
pub async fn record_click(db: &Db, product: ProductId, now: i64) -> AppResult<()> {
    let mut tx = db.begin().await.internal("starting a click")?;
    let campaigns = "SELECT id FROM boost_campaigns WHERE status = 'active' AND starts_at <= $2 AND ends_at > $2";
    sqlx::query(&format!(
        "UPDATE boost_products SET clicks = clicks + 1 WHERE product_id = $1 AND campaign_id IN ({campaigns})"
    ))
    .bind(product.0)
    .bind(now)
    .execute(&mut *tx)
    .await
    .internal("counting a sponsored click")?;
    sqlx::query(&format!(
        "UPDATE boost_campaigns SET clicks = clicks + 1 WHERE id IN ({campaigns})
           AND id IN (SELECT campaign_id FROM boost_products WHERE product_id = $1)"
    ))
    .bind(product.0)
    .bind(now)
    .execute(&mut *tx)
    .await
    .internal("counting a campaign click")?;
    tx.commit().await.internal("committing a click")?;
    Ok(())
}

/// Moves boost spend into the stores' ledgers in whole cents (what is left over
/// waits for the next run). Safe to run on many nodes: each amount is claimed first.
#[tracing::instrument(skip_all)]
pub async fn bill(db: &Db, now: i64) -> AppResult<u64> {
    let due = sqlx::query(
        "SELECT id, store_id, billed_minor, spent_milli / 1000 AS total FROM boost_campaigns WHERE spent_milli / 1000 > billed_minor",
    )
    .fetch_all(&db.pool)
    .await
    .internal("finding boost spend to bill")?;
    let mut billed = 0;
    for r in &due {
        let id: i64 = r.try_get("id").internal("campaign")?;
        let store = StoreId(r.try_get("store_id").internal("store")?);
        let before: i64 = r.try_get("billed_minor").internal("billed")?;
        let total: i64 = r.try_get("total").internal("spent")?;
        let amount = total - before;
        let mut tx = db.begin().await.internal("starting boost billing")?;
        let claimed = sqlx::query(
            "UPDATE boost_campaigns SET billed_minor = $3 WHERE id = $1 AND billed_minor = $2",
        )
        .bind(id)
        .bind(before)
        .bind(total)
        .execute(&mut *tx)
        .await
        .internal("claiming boost spend")?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        let memo = format!("Boost campaign #{id}");
        ledger::post(
            &mut tx,
            Entry {
                store,
                order: None,
                kind: EntryKind::BoostSpend,
                amount: Money::new(-amount, Currency::default()),
                memo: &memo,
                available_at: now,
            },
            now,
        )
        .await?;
        tx.commit().await.internal("committing boost billing")?;
        billed += 1;
    }
    Ok(billed)
}

pub struct Ads {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Ads {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

/// The catalogue's sponsored slots are filled and their clicks counted here.
#[async_trait]
impl Sponsors for Ads {
    #[tracing::instrument(skip_all)]
    async fn fill(&self, slots: usize, words: &[String]) -> AppResult<Vec<ProductCard>> {
        fill(&self.db, self.clock.as_ref(), slots, words).await
    }

    #[tracing::instrument(skip_all, fields(product = %product))]
    async fn record_click(&self, product: ProductId, now: i64) -> AppResult<()> {
        record_click(&self.db, product, now).await
    }
}

#[async_trait]
impl AdService for Ads {
    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn overview(&self, store: StoreId) -> AppResult<BoostOverview> {
        let now = self.clock.now_ms();
        let week = week_start_ms(self.clock.now());
        let currency = Currency::default();
        let rows = sqlx::query(
            "SELECT id, name, bid_minor, weekly_budget_minor, starts_at, ends_at, status,
                    CASE WHEN week_start = $2 THEN week_spent_milli ELSE 0 END AS spent_this_week, spent_milli, impressions, clicks
             FROM boost_campaigns WHERE store_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(store.0)
        .bind(week)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading campaigns")?;
        let mut campaigns = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id").internal("campaign")?;
            let starts: i64 = r.try_get("starts_at").internal("starts")?;
            let ends: i64 = r.try_get("ends_at").internal("ends")?;
            let status: String = r.try_get("status").internal("status")?;
            let state = if now >= ends {
                "ended"
            } else if status == "paused" {
                "paused"
            } else if now < starts {
                "scheduled"
            } else {
                "active"
            };
            let products = sqlx::query(
                "SELECT bp.product_id, p.title, bp.impressions, bp.clicks, bp.spent_milli,
                        (SELECT COUNT(DISTINCT oi.order_id) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                          WHERE oi.product_id = bp.product_id AND o.placed_at >= $2 AND o.placed_at < $3
                            AND o.status <> 'cancelled') AS orders
                 FROM boost_products bp JOIN products p ON p.id = bp.product_id
                 WHERE bp.campaign_id = $1 ORDER BY bp.impressions DESC, p.id",
            )
            .bind(id)
            .bind(starts)
            .bind(ends)
            .fetch_all(&self.db.pool)
            .await
            .internal("loading campaign products")?
            .iter()
            .map(|p| -> Result<CampaignProductView, sqlx::Error> {
                Ok(CampaignProductView {
                    product: ProductId(p.try_get("product_id")?),
                    title: p.try_get("title")?,
                    impressions: p.try_get("impressions")?,
                    clicks: p.try_get("clicks")?,
                    spent: milli_to_money(p.try_get("spent_milli")?, currency),
                    orders: p.try_get("orders")?,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .internal("reading campaign products")?;
            let read = || -> Result<CampaignView, sqlx::Error> {
                Ok(CampaignView {
                    id: CampaignId(id),
                    name: r.try_get("name")?,
                    bid: Money::new(r.try_get("bid_minor")?, currency),
                    weekly_budget: Money::new(r.try_get("weekly_budget_minor")?, currency),
                    starts_at: from_ms(starts),
                    ends_at: from_ms(ends),
                    state: state.into(),
                    spent_this_week: milli_to_money(r.try_get("spent_this_week")?, currency),
                    spent: milli_to_money(r.try_get("spent_milli")?, currency),
                    impressions: r.try_get("impressions")?,
                    clicks: r.try_get("clicks")?,
                    orders: products.iter().map(|p| p.orders).sum(),
                    products: products.clone(),
                })
            };
            campaigns.push(read().internal("reading a campaign")?);
        }
        let products = sqlx::query(
            "SELECT id, title FROM products WHERE store_id = $1 AND status = 'active' ORDER BY title, id LIMIT 500",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading boostable products")?
        .iter()
        .map(|r| Ok((ProductId(r.try_get("id")?), r.try_get("title")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .internal("reading boostable products")?;
        Ok(BoostOverview {
            campaigns,
            products,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn create(&self, store: StoreId, draft: CampaignDraft) -> AppResult<BoostOverview> {
        let c = draft
            .check(self.clock.now().date_naive())
            .map_err(|(field, e)| AppError::validation(field, e.0))?;
        let list = c
            .products
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let owned: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) FROM products WHERE store_id = $1 AND id IN ({list})"
        ))
        .bind(store.0)
        .fetch_one(&self.db.pool)
        .await
        .internal("checking boosted products")?
        .try_get(0)
        .internal("count")?;
        if owned != c.products.len() as i64 {
            return Err(AppError::validation(
                "products",
                "Boost only your own products.",
            ));
        }
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a campaign")?;
        let id: i64 = sqlx::query(
            "INSERT INTO boost_campaigns (store_id, name, bid_minor, weekly_budget_minor, starts_at, ends_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(store.0)
        .bind(&c.name)
        .bind(c.bid.minor())
        .bind(c.weekly_budget.minor())
        .bind(c.starts_at.timestamp_millis())
        .bind(c.ends_at.timestamp_millis())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .internal("creating a campaign")?
        .try_get(0)
        .internal("campaign id")?;
        for p in &c.products {
            sqlx::query("INSERT INTO boost_products (campaign_id, product_id) VALUES ($1, $2)")
                .bind(id)
                .bind(p)
                .execute(&mut *tx)
                .await
                .internal("adding a boosted product")?;
        }
        tx.commit().await.internal("committing a campaign")?;
        self.overview(store).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, campaign))]
    async fn set_paused(
        &self,
        store: StoreId,
        campaign: CampaignId,
        paused: bool,
    ) -> AppResult<BoostOverview> {
        let changed =
            sqlx::query("UPDATE boost_campaigns SET status = $3 WHERE id = $1 AND store_id = $2")
                .bind(campaign.0)
                .bind(store.0)
                .bind(if paused { "paused" } else { "active" })
                .execute(&self.db.pool)
                .await
                .internal("pausing a campaign")?
                .rows_affected();
        if changed == 0 {
            return Err(AppError::not_found("campaign"));
        }
        self.overview(store).await
    }
}

//! The seller console's reads and writes, always scoped to the caller's store.
//!
//! **Store logos are uploads like product photos.** The store settings take a logo
//! through `POST /sell/images`; saving accepts only an image the store uploaded, and
//! the store page shows it in place of the store's initial.

pub mod admin;

use crate::clock::DAY_MS;
use crate::clock::{Clock, from_ms};
use crate::config::StandardsSettings;
use crate::platform::OrInternal;
use crate::services::standards;
use crate::storage::{Db, Row};
use app::backend::StoreService;
use app::domain::StoreId;
use app::domain::chart::daily;
use app::domain::order_status::TRACKING_DUE_DAYS;
use app::domain::search::ORIGINS;
use app::domain::standards::Verdict;
use app::domain::store::{StoreProfileDraft, mask_iban};
use app::domain::{Currency, Money, ProductId};
use app::error::AppError;
use app::error::AppResult;
use app::model::{Dashboard, StoreOverview, StoreProfileView, StoreSummary};
use async_trait::async_trait;
use std::sync::Arc;

pub struct Stores {
    db: Db,
    clock: Arc<dyn Clock>,
    standards: StandardsSettings,
}

impl Stores {
    pub fn new(db: Db, clock: Arc<dyn Clock>, standards: StandardsSettings) -> Self {
        Self {
            db,
            clock,
            standards,
        }
    }
}

#[async_trait]
impl StoreService for Stores {
    #[tracing::instrument(skip_all, fields(store = %store.id))]
    async fn overview(&self, store: &StoreSummary) -> AppResult<StoreOverview> {
        let row = sqlx::query(
            "SELECT
                (SELECT COUNT(*) FROM products WHERE store_id = $1 AND status = 'active') AS active_products,
                (SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.store_id = $1 AND v.stock = 0) AS variants_out_of_stock,
                (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.store_id = $1) AS units_in_stock",
        )
        .bind(store.id.0)
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the store overview")?;
        Ok(StoreOverview {
            store: store.clone(),
            active_products: row.try_get("active_products").internal("active")?,
            variants_out_of_stock: row
                .try_get("variants_out_of_stock")
                .internal("out of stock")?,
            units_in_stock: row.try_get("units_in_stock").internal("units")?,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store.id, days))]
    async fn dashboard(&self, store: &StoreSummary, days: u32) -> AppResult<Dashboard> {
        let days = days.clamp(1, 365);
        let now = self.clock.now();
        let first = now.date_naive() - chrono::Duration::days(i64::from(days) - 1);
        let since = first
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
            .timestamp_millis();
        let currency = Currency::default();
        let placed = sqlx::query(
            "SELECT placed_at, total_minor FROM orders WHERE store_id = $1 AND placed_at >= $2 AND status <> 'cancelled'",
        )
        .bind(store.id.0)
        .bind(since)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the period's orders")?
        .iter()
        .map(|r| Ok((from_ms(r.try_get("placed_at")?), r.try_get::<i64, _>("total_minor")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .internal("reading orders")?;
        let sales: i64 = placed.iter().map(|p| p.1).sum();
        let orders = placed.len() as i64;
        let counts: Vec<_> = placed.iter().map(|p| (p.0, 1)).collect();
        let scalar = |sql: &'static str| {
            let pool = self.db.pool.clone();
            let store = store.id.0;
            async move {
                sqlx::query(sql)
                    .bind(store)
                    .bind(since)
                    .fetch_one(&pool)
                    .await
                    .and_then(|r| r.try_get::<i64, _>(0))
            }
        };
        let visits = scalar(
            "SELECT COUNT(*) FROM product_events e JOIN products p ON p.id = e.product_id
             WHERE p.store_id = $1 AND e.kind = 'view' AND e.at >= $2",
        )
        .await
        .internal("counting visits")?;
        // Conversion counts visitors, not views: each signed-in account once, each
        // anonymous view as its own visitor; those who ordered are the visiting
        // accounts with an order placed at or after a visit. They are a part of the
        // visitors, so conversion never passes 100 %.
        let visitors = scalar(
            "SELECT CAST(COUNT(DISTINCT e.account_id)
                    + COALESCE(SUM(CASE WHEN e.account_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM product_events e JOIN products p ON p.id = e.product_id
             WHERE p.store_id = $1 AND e.kind = 'view' AND e.at >= $2",
        )
        .await
        .internal("counting visitors")?;
        let ordering_visitors = scalar(
            "SELECT COUNT(DISTINCT e.account_id)
             FROM product_events e JOIN products p ON p.id = e.product_id
             WHERE p.store_id = $1 AND e.kind = 'view' AND e.at >= $2 AND e.account_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM orders o WHERE o.store_id = $1 AND o.buyer_id = e.account_id
                             AND o.placed_at >= e.at AND o.status <> 'cancelled')",
        )
        .await
        .internal("counting visitors who ordered")?;
        let top_products = sqlx::query(
            "SELECT oi.product_id, oi.title, CAST(SUM(oi.quantity) AS BIGINT) AS units, CAST(SUM(oi.quantity * oi.unit_price_minor) AS BIGINT) AS revenue
             FROM order_items oi JOIN orders o ON o.id = oi.order_id
             WHERE o.store_id = $1 AND o.placed_at >= $2 AND o.status <> 'cancelled'
             GROUP BY oi.product_id, oi.title ORDER BY revenue DESC LIMIT 5",
        )
        .bind(store.id.0)
        .bind(since)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading top products")?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<Option<i64>, _>("product_id")?.map(ProductId),
                r.try_get("title")?,
                r.try_get("units")?,
                Money::new(r.try_get("revenue")?, currency),
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .internal("reading top products")?;
        let queue = sqlx::query(
            "SELECT
                (SELECT COUNT(*) FROM orders WHERE store_id = $1 AND status = 'placed') AS to_confirm,
                (SELECT COUNT(*) FROM orders WHERE store_id = $1 AND status = 'confirmed') AS to_ship,
                (SELECT COUNT(*) FROM orders WHERE store_id = $1 AND status IN ('placed', 'confirmed') AND placed_at < $2) AS tracking_overdue,
                (SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.store_id = $1 AND p.status = 'active' AND v.stock = 0) AS out_of_stock,
                (SELECT COUNT(*) FROM products WHERE store_id = $1 AND status = 'active') AS active_products,
                (SELECT COUNT(*) FROM disputes WHERE store_id = $1 AND status = 'needs_response') AS disputes_to_answer",
        )
        .bind(store.id.0)
        .bind(now.timestamp_millis() - TRACKING_DUE_DAYS * DAY_MS)
        .fetch_one(&self.db.pool)
        .await
        .internal("counting alerts")?;
        let low_stock = sqlx::query(
            "SELECT p.id, p.title, COALESCE(v.color, '') || CASE WHEN v.color IS NOT NULL AND v.size IS NOT NULL THEN ' / ' ELSE '' END || COALESCE(v.size, '') AS variant, v.stock
             FROM variants v JOIN products p ON p.id = v.product_id
             WHERE p.store_id = $1 AND p.status = 'active' AND v.stock > 0 AND v.stock <= p.low_stock
             ORDER BY v.stock, p.title LIMIT 10",
        )
        .bind(store.id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading low stock")?
        .iter()
        .map(|r| {
            Ok((
                ProductId(r.try_get("id")?),
                r.try_get("title")?,
                r.try_get("variant")?,
                r.try_get("stock")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .internal("reading low stock")?;
        let read = |name: &str| queue.try_get::<i64, _>(name).internal("alert count");
        let standing = standards::standing(&self.db, store.id, now, &self.standards).await?;
        Ok(Dashboard {
            verdict: Verdict::of(&standing),
            failing: standing.metrics.failing(),
            orders_90d: standing.orders_90d,
            min_orders: self.standards.rules.min_orders,
            store: store.clone(),
            days,
            sales: Money::new(sales, currency),
            orders,
            visits,
            visitors,
            ordering_visitors,
            average_order: Money::new(if orders > 0 { sales / orders } else { 0 }, currency),
            daily_sales: daily(first, days as usize, &placed)
                .into_iter()
                .map(|(d, m)| (d, Money::new(m, currency)))
                .collect(),
            daily_orders: daily(first, days as usize, &counts),
            top_products,
            to_confirm: read("to_confirm")?,
            to_ship: read("to_ship")?,
            tracking_overdue: read("tracking_overdue")?,
            out_of_stock: read("out_of_stock")?,
            active_products: read("active_products")?,
            disputes_to_answer: read("disputes_to_answer")?,
            low_stock,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn profile(&self, store: StoreId) -> AppResult<StoreProfileView> {
        let r = sqlx::query(
            "SELECT id, name, slug, status, description, COALESCE(contact_email, '') AS contact_email, ships_from, payout_holder, payout_iban, review_note, logo_key
             FROM stores WHERE id = $1",
        )
        .bind(store.0)
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the store profile")?;
        let read = || -> Result<StoreProfileView, sqlx::Error> {
            let iban: String = r.try_get("payout_iban")?;
            Ok(StoreProfileView {
                store: StoreSummary {
                    id: StoreId(r.try_get("id")?),
                    name: r.try_get("name")?,
                    slug: r.try_get("slug")?,
                    status: r.try_get("status")?,
                },
                draft: StoreProfileDraft {
                    name: r.try_get("name")?,
                    description: r.try_get("description")?,
                    contact_email: r.try_get("contact_email")?,
                    ships_from: r.try_get("ships_from")?,
                    payout_holder: r.try_get("payout_holder")?,
                    payout_iban: String::new(),
                    logo: r.try_get("logo_key")?,
                },
                payout_on_file: if iban.is_empty() {
                    String::new()
                } else {
                    mask_iban(&iban)
                },
                review_note: r.try_get("review_note")?,
            })
        };
        read().internal("reading the store profile")
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn save_profile(
        &self,
        store: StoreId,
        mut draft: StoreProfileDraft,
    ) -> AppResult<StoreProfileView> {
        if draft.payout_iban.trim().is_empty() {
            draft.payout_iban = sqlx::query("SELECT payout_iban FROM stores WHERE id = $1")
                .bind(store.0)
                .fetch_one(&self.db.pool)
                .await
                .internal("loading the IBAN on file")?
                .try_get("payout_iban")
                .internal("iban")?;
        }
        let origins: Vec<&str> = ORIGINS.iter().map(|(code, _)| *code).collect();
        let p = draft
            .check(&origins)
            .map_err(|(field, e)| AppError::validation(field, e.0))?;
        // The logo: an image this store uploaded, or the one it already has.
        if let Some(logo) = &p.logo {
            let ours = sqlx::query(
                "SELECT COUNT(*) FROM images WHERE key = $1
                   AND (EXISTS (SELECT 1 FROM image_owners o WHERE o.image_key = $1 AND o.store_id = $2)
                        OR EXISTS (SELECT 1 FROM stores WHERE id = $2 AND logo_key = $1))",
            )
            .bind(logo)
            .bind(store.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("checking a logo")?
            .try_get::<i64, _>(0)
            .internal("logo")?;
            if ours == 0 {
                return Err(AppError::validation(
                    "logo",
                    "That logo was not uploaded here; upload it again.",
                ));
            }
        }
        // A rejected store that fixes its profile goes back to the admin's queue.
        sqlx::query(
            "UPDATE stores SET name = $2, description = $3, contact_email = $4, ships_from = $5, payout_holder = $6,
                payout_iban = $7, logo_key = $8, status = CASE WHEN status = 'rejected' THEN 'pending' ELSE status END
             WHERE id = $1",
        )
        .bind(store.0)
        .bind(p.name.as_str())
        .bind(&p.description)
        .bind(p.contact_email.as_str())
        .bind(&p.ships_from)
        .bind(&p.payout_holder)
        .bind(&p.payout_iban)
        .bind(p.logo.as_deref().unwrap_or_default())
        .execute(&self.db.pool)
        .await
        .internal("saving the store profile")?;
        self.profile(store).await
    }
}

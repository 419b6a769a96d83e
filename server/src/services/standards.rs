//! Seller standards on the database: a store's history read from its orders, reviews,
//! listing reviews and tickets, and evaluated by the one pure function
//! [`app::domain::standards::evaluate_with`] for the console, the badge, the ranking
//! and the daily snapshots.
//!
//! **Where the facts come from.** Tracking was uploaded at `orders.shipped_at`; the
//! first carrier scan is the earliest `tracking_events.at`; a refund is the earliest
//! `ledger_entries` row of kind `refund`; cancellations keep `cancelled_at`,
//! `cancelled_by` and `reason_code` (set by every cancel path). Reviews removed by
//! moderation do not count.
//!
//! **Snapshots and the verdict.** Once per store and UTC day the minute job writes the
//! standing to `store_standings` (`ON CONFLICT DO NOTHING` on `(store_id, day)`, so any
//! number of servers write it once) and moves `stores.verdict`, which the badge and the
//! ranking read, by a conditional update: the mail about gaining or losing the integrity
//! badge goes out in the transaction that changed it, once.
//!
//! **Automatic cancellation.** An order not shipped `AUTO_CANCEL_DAYS` after it was
//! placed is cancelled by the system through the same path as any cancellation (its
//! status guard makes it happen once), the payment released and both sides mailed.

pub mod file;

use crate::clock::{Clock, DAY_MS, from_ms};
use crate::config::StandardsSettings;
use crate::platform::OrInternal;
use crate::services::money::payments::Gateway;
use crate::services::orders::{self, Cancellation, Scope};
use crate::storage::{Db, Row};
use app::backend::StandardsService;
use app::domain::order_status::OrderStatus;
use app::domain::standards::{
    CancelledBy, ListingReviewFacts, OrderFacts, ReviewFacts, Standing, StoreHistory, TicketFacts,
    Verdict, counted_against, evaluate_with,
};
use app::domain::support::TicketKind;
use app::domain::{OrderId, ProductId, StoreId};
use app::error::{AppError, AppResult};
use app::model::{FailingOrders, ListingToReview, OrderRef, Performance, StoreSummary, TrendPoint};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The oldest window a standing reads: refunds of orders placed 93 days ago.
const HISTORY_DAYS: i64 = 93;
/// Weeks in the console's trend.
pub const TREND_WEEKS: i64 = 12;

pub struct Standards {
    db: Db,
    clock: Arc<dyn Clock>,
    settings: StandardsSettings,
}

impl Standards {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: StandardsSettings) -> Self {
        Self {
            db,
            clock,
            settings,
        }
    }
}

/// The store's history as the standards at `at` read it: orders placed in the 93
/// days before `at` (and up to `at`), reviews and tickets of the 30 days before, every
/// listing review. `since` widens the order window further back (for the trend).
pub async fn history(
    db: &Db,
    store: StoreId,
    at: DateTime<Utc>,
    since: DateTime<Utc>,
) -> AppResult<StoreHistory> {
    let at_ms = at.timestamp_millis();
    let from = since.timestamp_millis().min(at_ms - HISTORY_DAYS * DAY_MS);
    let orders = sqlx::query(
        "SELECT o.id, o.placed_at, o.shipped_at, o.delivered_at, o.cancelled_at, o.cancelled_by, o.reason_code,
            (SELECT MIN(t.at) FROM tracking_events t WHERE t.order_id = o.id) AS first_scan_at,
            (SELECT MIN(l.at) FROM ledger_entries l WHERE l.order_id = o.id AND l.kind = 'refund') AS refunded_at
         FROM orders o WHERE o.store_id = $1 AND o.placed_at >= $2 AND o.placed_at <= $3
         ORDER BY o.placed_at, o.id",
    )
    .bind(store.0)
    .bind(from)
    .bind(at_ms)
    .fetch_all(&db.pool)
    .await
    .internal("loading the store's orders")?
    .iter()
    .map(|r| -> Result<OrderFacts, sqlx::Error> {
        let time = |name: &str| -> Result<Option<DateTime<Utc>>, sqlx::Error> {
            Ok(r.try_get::<Option<i64>, _>(name)?.map(from_ms))
        };
        Ok(OrderFacts {
            id: r.try_get::<i64, _>("id")?.to_string(),
            placed_at: from_ms(r.try_get("placed_at")?),
            tracking_uploaded_at: time("shipped_at")?,
            first_scan_at: time("first_scan_at")?,
            delivered_at: time("delivered_at")?,
            cancelled_at: time("cancelled_at")?,
            cancelled_by: r
                .try_get::<Option<String>, _>("cancelled_by")?
                .as_deref()
                .and_then(CancelledBy::parse),
            refunded_at: time("refunded_at")?,
            reason: r.try_get("reason_code")?,
        })
    })
    .collect::<Result<Vec<_>, _>>()
    .internal("reading the store's orders")?;
    let month_ago = from - 30 * DAY_MS;
    let reviews = sqlx::query(
        "SELECT r.created_at, r.rating FROM reviews r JOIN products p ON p.id = r.product_id
         WHERE p.store_id = $1 AND r.removed_at IS NULL AND r.created_at >= $2 AND r.created_at <= $3",
    )
    .bind(store.0)
    .bind(month_ago)
    .bind(at_ms)
    .fetch_all(&db.pool)
    .await
    .internal("loading the store's reviews")?
    .iter()
    .map(|r| -> Result<ReviewFacts, sqlx::Error> {
        Ok(ReviewFacts {
            created_at: from_ms(r.try_get("created_at")?),
            rating: r.try_get("rating")?,
        })
    })
    .collect::<Result<Vec<_>, _>>()
    .internal("reading the store's reviews")?;
    let listing_reviews = sqlx::query(
        "SELECT reviewed_at, counterfeit FROM listing_reviews WHERE store_id = $1 AND reviewed_at <= $2",
    )
    .bind(store.0)
    .bind(at_ms)
    .fetch_all(&db.pool)
    .await
    .internal("loading the store's listing reviews")?
    .iter()
    .map(|r| -> Result<ListingReviewFacts, sqlx::Error> {
        Ok(ListingReviewFacts {
            reviewed_at: from_ms(r.try_get("reviewed_at")?),
            counterfeit: r.try_get::<i64, _>("counterfeit")? == 1,
        })
    })
    .collect::<Result<Vec<_>, _>>()
    .internal("reading the store's listing reviews")?;
    let tickets = sqlx::query(
        "SELECT created_at, first_reply_at, kind FROM tickets
         WHERE store_id = $1 AND created_at >= $2 AND created_at <= $3",
    )
    .bind(store.0)
    .bind(month_ago)
    .bind(at_ms)
    .fetch_all(&db.pool)
    .await
    .internal("loading the store's tickets")?
    .iter()
    .filter_map(|r| -> Option<Result<TicketFacts, sqlx::Error>> {
        let kind: String = match r.try_get("kind") {
            Ok(k) => k,
            Err(e) => return Some(Err(e)),
        };
        let kind = TicketKind::parse(&kind).ok()?;
        Some((|| {
            Ok(TicketFacts {
                opened_at: from_ms(r.try_get("created_at")?),
                first_reply_at: r.try_get::<Option<i64>, _>("first_reply_at")?.map(from_ms),
                kind,
            })
        })())
    })
    .collect::<Result<Vec<_>, _>>()
    .internal("reading the store's tickets")?;
    Ok(StoreHistory {
        orders,
        reviews,
        listing_reviews,
        tickets,
    })
}

/// The store's standing at `at`.
pub async fn standing(
    db: &Db,
    store: StoreId,
    at: DateTime<Utc>,
    settings: &StandardsSettings,
) -> AppResult<Standing> {
    let history = history(db, store, at, at).await?;
    Ok(evaluate_with(&history, at, settings.rules))
}

/// The UTC day a standing belongs to, as stored.
fn day_of(at: DateTime<Utc>) -> String {
    at.date_naive().format("%Y-%m-%d").to_string()
}

/// Writes today's standing of every store that has none yet and moves its verdict;
/// answers how many stores were evaluated. Mails a store that gained or lost the
/// integrity badge.
#[tracing::instrument(skip_all)]
pub async fn snapshot_due(
    db: &Db,
    now: DateTime<Utc>,
    settings: &StandardsSettings,
    public_url: &str,
    log_mail: bool,
) -> AppResult<u64> {
    let due = sqlx::query(
        "SELECT s.id FROM stores s WHERE s.status = 'verified'
           AND NOT EXISTS (SELECT 1 FROM store_standings d WHERE d.store_id = s.id AND d.day = $1)
         ORDER BY s.id LIMIT 200",
    )
    .bind(day_of(now))
    .fetch_all(&db.pool)
    .await
    .internal("finding stores to evaluate")?;
    let mut done = 0;
    for r in &due {
        let store = StoreId(r.try_get("id").internal("store id")?);
        snapshot(db, store, now, settings, public_url, log_mail).await?;
        done += 1;
    }
    Ok(done)
}

/// Evaluates one store at `at`, keeps the day's standing (the first one written for
/// the day stays) and moves the store's verdict; answers the verdict.
pub async fn snapshot(
    db: &Db,
    store: StoreId,
    at: DateTime<Utc>,
    settings: &StandardsSettings,
    public_url: &str,
    log_mail: bool,
) -> AppResult<Verdict> {
    let standing = standing(db, store, at, settings).await?;
    let verdict = Verdict::of(&standing);
    let json = serde_json::to_string(&standing).internal("writing a standing")?;
    let now = at.timestamp_millis();
    let mut tx = db.begin().await.internal("starting a snapshot")?;
    sqlx::query(
        "INSERT INTO store_standings (store_id, day, at, verdict, standing) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (store_id, day) DO NOTHING",
    )
    .bind(store.0)
    .bind(day_of(at))
    .bind(now)
    .bind(verdict.as_str())
    .bind(&json)
    .execute(&mut *tx)
    .await
    .internal("keeping a standing")?;
    let before = sqlx::query("SELECT verdict FROM stores WHERE id = $1")
        .bind(store.0)
        .fetch_optional(&mut *tx)
        .await
        .internal("reading the verdict")?
        .map(|r| r.try_get::<String, _>("verdict"))
        .transpose()
        .internal("verdict")?
        .map(|v| Verdict::parse(&v))
        .unwrap_or(Verdict::Unrated);
    let moved = sqlx::query("UPDATE stores SET verdict = $2 WHERE id = $1 AND verdict = $3")
        .bind(store.0)
        .bind(verdict.as_str())
        .bind(before.as_str())
        .execute(&mut *tx)
        .await
        .internal("moving the verdict")?
        .rows_affected();
    let badge_changed = (before == Verdict::Integrity) != (verdict == Verdict::Integrity);
    if moved == 1 && before != verdict && badge_changed {
        mail_badge(
            &mut tx,
            store,
            verdict == Verdict::Integrity,
            public_url,
            now,
            log_mail,
        )
        .await?;
    }
    tx.commit().await.internal("committing a snapshot")?;
    Ok(verdict)
}

/// Tells the store it gained or lost the integrity badge.
async fn mail_badge(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    store: StoreId,
    gained: bool,
    public_url: &str,
    now: i64,
    log_mail: bool,
) -> AppResult<()> {
    let row = sqlx::query(
        "SELECT s.name, COALESCE(NULLIF(s.contact_email, ''), a.email) AS email
         FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE s.id = $1",
    )
    .bind(store.0)
    .fetch_one(&mut **tx)
    .await
    .internal("loading the store's address")?;
    let name: String = row.try_get("name").internal("store name")?;
    let to: String = row.try_get("email").internal("store email")?;
    let (subject, body) = if gained {
        (
            format!("{name} is now an integrity store"),
            format!(
                "Congratulations: {name} meets every seller standard. Its products carry the integrity badge and get more exposure in the feed and search.\n\nSee your standing at {public_url}/sell/performance\n"
            ),
        )
    } else {
        (
            format!("{name} lost the integrity badge"),
            format!(
                "{name} no longer meets every seller standard, so its products lose the integrity badge and its extra exposure.\n\nSee which standard failed and what to do at {public_url}/sell/performance\n"
            ),
        )
    };
    crate::platform::mail::enqueue(tx, &to, &subject, &body, now, log_mail)
        .await
        .internal("queueing a standards mail")
}

/// Cancels every order left unshipped `days` days after it was placed; answers how
/// many. Each goes through [`orders::cancel_unshipped`], whose status guard lets one
/// of any number of servers cancel it; the mails go out only from the one that did.
#[tracing::instrument(skip_all)]
pub async fn cancel_overdue(
    db: &Db,
    gateway: &dyn Gateway,
    now: i64,
    days: i64,
    log_mail: bool,
) -> AppResult<u64> {
    if days <= 0 {
        return Ok(0);
    }
    let due = sqlx::query(
        "SELECT id, store_id FROM orders WHERE status IN ('placed', 'confirmed') AND placed_at < $1
         ORDER BY placed_at LIMIT 200",
    )
    .bind(now - days * DAY_MS)
    .fetch_all(&db.pool)
    .await
    .internal("finding overdue orders")?;
    let note = format!("Cancelled automatically: not shipped within {days} days");
    let mut cancelled = 0;
    for r in &due {
        let id = OrderId(r.try_get("id").internal("order id")?);
        let store = StoreId(r.try_get("store_id").internal("store id")?);
        let outcome = orders::cancel_unshipped(
            db,
            gateway,
            now,
            Scope::Store(store),
            id,
            Cancellation {
                from: &[OrderStatus::Placed, OrderStatus::Confirmed],
                by: CancelledBy::System,
                note: &note,
                refused: "already shipped or closed",
            },
        )
        .await;
        match outcome {
            Ok(()) => {
                mail_auto_cancel(db, id, days, now, log_mail).await?;
                cancelled += 1;
            }
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(cancelled)
}

/// Tells the buyer and the seller that an order was cancelled for not shipping.
async fn mail_auto_cancel(
    db: &Db,
    id: OrderId,
    days: i64,
    now: i64,
    log_mail: bool,
) -> AppResult<()> {
    let row = sqlx::query(
        "SELECT b.email AS buyer_email, COALESCE(NULLIF(s.contact_email, ''), a.email) AS store_email, s.name
         FROM orders o JOIN accounts b ON b.id = o.buyer_id JOIN stores s ON s.id = o.store_id
         JOIN accounts a ON a.id = s.owner_id WHERE o.id = $1",
    )
    .bind(id.0)
    .fetch_one(&db.pool)
    .await
    .internal("loading the order's addresses")?;
    let buyer: String = row.try_get("buyer_email").internal("buyer email")?;
    let seller: String = row.try_get("store_email").internal("store email")?;
    let store: String = row.try_get("name").internal("store name")?;
    let mut tx = db
        .begin()
        .await
        .internal("starting the cancellation mails")?;
    crate::platform::mail::enqueue(
        &mut tx,
        &buyer,
        &format!("Order #{id} was cancelled"),
        &format!(
            "{store} did not ship your order #{id} within {days} days, so we cancelled it. Your payment has been released; you have not been charged for it.\n"
        ),
        now,
        log_mail,
    )
    .await
    .internal("queueing the buyer's mail")?;
    crate::platform::mail::enqueue(
        &mut tx,
        &seller,
        &format!("Order #{id} was cancelled: not shipped in time"),
        &format!(
            "Order #{id} was not shipped within {days} days of being placed, so the marketplace cancelled it and released the buyer's payment. The cancellation counts in your seller standards.\n"
        ),
        now,
        log_mail,
    )
    .await
    .internal("queueing the seller's mail")?;
    tx.commit()
        .await
        .internal("committing the cancellation mails")
}

/// The start of the UTC day of `at`.
fn midnight(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

#[async_trait]
impl StandardsService for Standards {
    #[tracing::instrument(skip_all, fields(store = %store.id))]
    async fn performance(&self, store: &StoreSummary) -> AppResult<Performance> {
        let now = self.clock.now();
        let first_week = midnight(now) - chrono::Duration::days(7 * (TREND_WEEKS - 1));
        let history = history(&self.db, store.id, now, first_week).await?;
        let standing = evaluate_with(&history, now, self.settings.rules);
        let failing = standing
            .metrics
            .failing()
            .into_iter()
            .map(|metric| {
                let ids = counted_against(&history, now, metric);
                let orders = ids
                    .iter()
                    .filter_map(|id| id.parse::<i64>().ok())
                    .filter_map(|id| {
                        let facts = history.orders.iter().find(|o| o.id == id.to_string())?;
                        Some(OrderRef {
                            id: OrderId(id),
                            placed_at: facts.placed_at,
                        })
                    })
                    .collect();
                FailingOrders { metric, orders }
            })
            .collect();
        let kept = sqlx::query(
            "SELECT day, standing FROM store_standings WHERE store_id = $1 AND day >= $2 ORDER BY day",
        )
        .bind(store.id.0)
        .bind(day_of(first_week))
        .fetch_all(&self.db.pool)
        .await
        .internal("loading the store's standings")?
        .iter()
        .map(|r| -> Result<(String, String), sqlx::Error> {
            Ok((r.try_get("day")?, r.try_get("standing")?))
        })
        .collect::<Result<Vec<_>, _>>()
        .internal("reading the store's standings")?;
        // One point a week, the newest today: the day's snapshot where one was kept,
        // else the standing evaluated from the history as it was that day.
        let trend = (0..TREND_WEEKS)
            .rev()
            .map(|weeks_ago| {
                let at = if weeks_ago == 0 {
                    now
                } else {
                    midnight(now) - chrono::Duration::days(7 * weeks_ago)
                };
                let kept = kept
                    .iter()
                    .find(|(day, _)| *day == day_of(at))
                    .and_then(|(_, json)| serde_json::from_str::<Standing>(json).ok());
                let standing = match kept {
                    Some(s) if weeks_ago > 0 => s,
                    _ if weeks_ago == 0 => standing,
                    _ => evaluate_with(&history, at, self.settings.rules),
                };
                TrendPoint {
                    day: at.date_naive(),
                    verdict: Verdict::of(&standing),
                    metrics: standing.metrics,
                }
            })
            .collect();
        Ok(Performance {
            verdict: Verdict::of(&standing),
            min_orders: self.settings.rules.min_orders,
            standing,
            failing,
            trend,
        })
    }

    async fn listings_to_review(&self) -> AppResult<Vec<ListingToReview>> {
        let rows = sqlx::query(
            "SELECT p.id, p.title, p.slug, p.status, p.blocked_at, s.name AS store_name,
                (SELECT i.image_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image,
                (SELECT l.counterfeit FROM listing_reviews l WHERE l.product_id = p.id ORDER BY l.reviewed_at DESC, l.id DESC LIMIT 1) AS last_verdict
             FROM products p JOIN stores s ON s.id = p.store_id
             WHERE p.status = 'active' OR p.blocked_at IS NOT NULL
             ORDER BY CASE WHEN EXISTS (SELECT 1 FROM listing_reviews l WHERE l.product_id = p.id) THEN 1 ELSE 0 END,
                      p.created_at DESC, p.id DESC
             LIMIT 50",
        )
        .fetch_all(&self.db.pool)
        .await
        .internal("loading listings to review")?;
        rows.iter()
            .map(|r| -> Result<ListingToReview, sqlx::Error> {
                let title: String = r.try_get("title")?;
                Ok(ListingToReview {
                    id: ProductId(r.try_get("id")?),
                    slug: r.try_get("slug")?,
                    image: r.try_get::<Option<String>, _>("image")?.map(|key| {
                        app::model::ImageRef {
                            key,
                            alt: title.clone(),
                        }
                    }),
                    title,
                    store_name: r.try_get("store_name")?,
                    blocked: r.try_get::<Option<i64>, _>("blocked_at")?.is_some(),
                    last_verdict: r.try_get::<Option<i64>, _>("last_verdict")?.map(|c| c == 1),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .internal("reading listings to review")
    }

    #[tracing::instrument(skip_all, fields(product = %product))]
    async fn review_listing(
        &self,
        admin: app::domain::AccountId,
        product: ProductId,
        counterfeit: bool,
    ) -> AppResult<Vec<ListingToReview>> {
        let now = self.clock.now_ms();
        let mut tx = self
            .db
            .begin()
            .await
            .internal("starting a listing review")?;
        let store: i64 = sqlx::query("SELECT store_id FROM products WHERE id = $1")
            .bind(product.0)
            .fetch_optional(&mut *tx)
            .await
            .internal("loading the listing")?
            .ok_or_else(|| AppError::not_found("product"))?
            .try_get("store_id")
            .internal("store id")?;
        sqlx::query(
            "INSERT INTO listing_reviews (product_id, store_id, admin_id, counterfeit, reviewed_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(product.0)
        .bind(store)
        .bind(admin.0)
        .bind(i64::from(counterfeit))
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("recording the listing review")?;
        if counterfeit {
            // Hidden from buyers and blocked: the seller cannot publish it again.
            sqlx::query(
                "UPDATE products SET status = 'hidden', blocked_at = $2, updated_at = $2 WHERE id = $1",
            )
            .bind(product.0)
            .bind(now)
            .execute(&mut *tx)
            .await
            .internal("blocking the listing")?;
        }
        tx.commit()
            .await
            .internal("committing the listing review")?;
        self.listings_to_review().await
    }
}

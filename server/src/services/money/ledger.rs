//! Each store's ledger: append-only entries whose sum is the store's balance.
//!
//! Every entry goes through [`post`], which writes the entry and adds its amount to
//! `stores.balance_minor` in the caller's transaction, so the two never disagree.
//! A sale and its commission are *pending* until `available_at` (delivery, or the hold
//! period after shipment); refunds, fees and payouts count at once. The payout run
//! pays each store what is available on the configured days.
//!
//! **Each store has a ledger whose sum is its balance.** `services::money::ledger::post`
//! writes an entry and adds its amount to `stores.balance_minor` in the same
//! transaction; tests assert the two agree after every kind of change. A sale and its
//! commission (`COMMISSION_BPS`) are pending until delivery or `FUNDS_HOLD_DAYS` after
//! shipment; refunds, returned commission (computed on the cumulative refunded amount,
//! so a full refund returns exactly what was taken), boost spend and payouts count at
//! once. The payout run on `PAYOUT_DAYS` pays each store what is available, once per
//! store and date (a unique key). `/sell/payments/ledger.csv` exports every entry and
//! `/sell/payments/payouts.csv` every payout.

use crate::clock::{Clock, from_ms};
use crate::config::MoneySettings;
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::backend::LedgerService;
use app::domain::ledger::{EntryKind, next_payout};
use app::domain::{Currency, LedgerEntryId, Money, OrderId, PayoutId, StoreId};
use app::error::AppResult;
use app::model::{BalanceView, LedgerEntryView, PayoutView};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::sync::Arc;

pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// One entry to write.
pub struct Entry<'a> {
    pub store: StoreId,
    pub order: Option<OrderId>,
    pub kind: EntryKind,
    /// Signed: credits positive, debits negative.
    pub amount: Money,
    pub memo: &'a str,
    pub available_at: i64,
}

/// Writes an entry and moves the store's balance by its amount, in `tx`.
pub async fn post(tx: &mut Tx<'_>, entry: Entry<'_>, now: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO ledger_entries (store_id, order_id, kind, amount_minor, currency, memo, available_at, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.store.0)
    .bind(entry.order.map(|o| o.0))
    .bind(entry.kind.as_str())
    .bind(entry.amount.minor())
    .bind(entry.amount.currency().code())
    .bind(entry.memo)
    .bind(entry.available_at)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("writing a ledger entry")?;
    sqlx::query("UPDATE stores SET balance_minor = balance_minor + $2 WHERE id = $1")
        .bind(entry.store.0)
        .bind(entry.amount.minor())
        .execute(&mut **tx)
        .await
        .internal("moving a store balance")?;
    Ok(())
}

/// An order's sale and commission become available now, if they were still waiting.
pub async fn release_order(tx: &mut Tx<'_>, order: OrderId, now: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE ledger_entries SET available_at = $2
         WHERE order_id = $1 AND kind IN ('sale', 'commission') AND available_at > $2",
    )
    .bind(order.0)
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("releasing an order's funds")?;
    Ok(())
}

const ENTRY_COLUMNS: &str = "id, kind, amount_minor, currency, memo, order_id, at, available_at";

fn entry_view(r: &AnyRow, now: i64) -> Result<LedgerEntryView, sqlx::Error> {
    let currency = Currency::parse(&r.try_get::<String, _>("currency")?).unwrap_or_default();
    let available_at: i64 = r.try_get("available_at")?;
    Ok(LedgerEntryView {
        id: LedgerEntryId(r.try_get("id")?),
        kind: EntryKind::parse(&r.try_get::<String, _>("kind")?).unwrap_or(EntryKind::Sale),
        amount: Money::new(r.try_get("amount_minor")?, currency),
        memo: r.try_get("memo")?,
        order: r.try_get::<Option<i64>, _>("order_id")?.map(OrderId),
        at: from_ms(r.try_get("at")?),
        available_at: from_ms(available_at),
        available: available_at <= now,
    })
}

/// An order's entries, oldest first.
pub async fn order_entries(db: &Db, order: OrderId, now: i64) -> AppResult<Vec<LedgerEntryView>> {
    sqlx::query(&format!(
        "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE order_id = $1 ORDER BY at, id"
    ))
    .bind(order.0)
    .fetch_all(&db.pool)
    .await
    .internal("loading an order's ledger")?
    .iter()
    .map(|r| entry_view(r, now))
    .collect::<Result<_, _>>()
    .internal("reading ledger entries")
}

/// What of a store's balance is available at `now`.
async fn available(conn: &mut sqlx::AnyConnection, store: StoreId, now: i64) -> AppResult<i64> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS available FROM ledger_entries
         WHERE store_id = $1 AND available_at <= $2",
    )
    .bind(store.0)
    .bind(now)
    .fetch_one(conn)
    .await
    .internal("summing available funds")?;
    row.try_get("available").internal("available")
}

/// Pays every store its available balance for the run of `run_date` (once per store
/// and date, however often or on however many nodes it runs). Returns the payouts made.
#[tracing::instrument(skip_all, fields(run_date = %run_date))]
pub async fn run_payouts(db: &Db, now: i64, run_date: chrono::NaiveDate) -> AppResult<u64> {
    let stores = sqlx::query(
        "SELECT DISTINCT store_id FROM ledger_entries WHERE available_at <= $1 ORDER BY store_id",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await
    .internal("finding stores to pay")?;
    let mut paid = 0;
    for s in &stores {
        let store = StoreId(s.try_get("store_id").internal("store")?);
        let mut tx = db.begin().await.internal("starting a payout")?;
        // Lock the store's balance first, so nothing is posted while we pay it.
        sqlx::query("UPDATE stores SET balance_minor = balance_minor WHERE id = $1")
            .bind(store.0)
            .execute(&mut *tx)
            .await
            .internal("locking a store balance")?;
        let amount = available(&mut tx, store, now).await?;
        if amount <= 0 {
            continue;
        }
        let date = run_date.format("%Y-%m-%d").to_string();
        let payout = sqlx::query(
            "INSERT INTO payouts (store_id, run_date, amount_minor, currency, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (store_id, run_date) DO NOTHING RETURNING id",
        )
        .bind(store.0)
        .bind(&date)
        .bind(amount)
        .bind(Currency::default().code())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .internal("recording a payout")?;
        let Some(payout) = payout else { continue };
        let payout_id: i64 = payout.try_get(0).internal("payout id")?;
        let memo = format!("Payout of {date}");
        post(
            &mut tx,
            Entry {
                store,
                order: None,
                kind: EntryKind::Payout,
                amount: Money::new(-amount, Currency::default()),
                memo: &memo,
                available_at: now,
            },
            now,
        )
        .await?;
        sqlx::query("UPDATE ledger_entries SET payout_id = $1 WHERE store_id = $2 AND kind = 'payout' AND payout_id IS NULL")
            .bind(payout_id)
            .bind(store.0)
            .execute(&mut *tx)
            .await
            .internal("linking the payout entry")?;
        tx.commit().await.internal("committing a payout")?;
        paid += 1;
    }
    Ok(paid)
}

pub struct Ledger {
    db: Db,
    clock: Arc<dyn Clock>,
    settings: MoneySettings,
}

impl Ledger {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: MoneySettings) -> Self {
        Self {
            db,
            clock,
            settings,
        }
    }
}

#[async_trait]
impl LedgerService for Ledger {
    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn balance(&self, store: StoreId) -> AppResult<BalanceView> {
        let now = self.clock.now_ms();
        let currency = Currency::default();
        let balance: i64 = sqlx::query("SELECT balance_minor FROM stores WHERE id = $1")
            .bind(store.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("loading a balance")?
            .try_get("balance_minor")
            .internal("balance")?;
        let mut conn = self.db.pool.acquire().await.internal("a connection")?;
        let available = available(&mut conn, store, now).await?;
        drop(conn);
        let entries = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE store_id = $1 ORDER BY at DESC, id DESC LIMIT 100"
        ))
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading ledger entries")?
        .iter()
        .map(|r| entry_view(r, now))
        .collect::<Result<_, _>>()
        .internal("reading ledger entries")?;
        let payouts = sqlx::query(
            "SELECT id, run_date, amount_minor, currency, status FROM payouts WHERE store_id = $1
             ORDER BY run_date DESC LIMIT 24",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading payouts")?
        .iter()
        .map(|r| -> Result<PayoutView, sqlx::Error> {
            let date: String = r.try_get("run_date")?;
            Ok(PayoutView {
                id: PayoutId(r.try_get("id")?),
                run_date: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or_default(),
                amount: Money::new(
                    r.try_get("amount_minor")?,
                    Currency::parse(&r.try_get::<String, _>("currency")?).unwrap_or_default(),
                ),
                status: r.try_get("status")?,
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading payouts")?;
        Ok(BalanceView {
            balance: Money::new(balance, currency),
            available: Money::new(available, currency),
            pending: Money::new(balance - available, currency),
            next_payout: next_payout(self.clock.now().date_naive(), &self.settings.payout_days),
            commission_bps: self.settings.commission_bps,
            hold_days: self.settings.hold_days,
            entries,
            payouts,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn entries(&self, store: StoreId) -> AppResult<Vec<LedgerEntryView>> {
        let now = self.clock.now_ms();
        sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE store_id = $1 ORDER BY at, id"
        ))
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading ledger entries")?
        .iter()
        .map(|r| entry_view(r, now))
        .collect::<Result<_, _>>()
        .internal("reading ledger entries")
    }
}

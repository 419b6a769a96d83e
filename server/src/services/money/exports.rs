//! A store's money as CSV files for its accountant: ledger entries, payouts and
//! disputes (the plain routes under `/sell/payments/` send them).

use crate::clock::from_ms;
use crate::platform::OrInternal;
use crate::platform::csv;
use crate::storage::Db;
use app::backend::{DisputeService, LedgerService};
use app::domain::StoreId;
use app::error::AppResult;

/// Every ledger entry of `store`, oldest first.
pub async fn ledger_csv(ledger: &dyn LedgerService, store: StoreId) -> AppResult<String> {
    let mut out = String::from("id,date_utc,type,order,amount,currency,available_from_utc,memo\n");
    for e in ledger.entries(store).await? {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            e.id,
            csv::utc(e.at),
            e.kind.as_str(),
            e.order.map(|o| o.0.to_string()).unwrap_or_default(),
            csv::amount(e.amount.minor()),
            e.amount.currency().code(),
            csv::utc(e.available_at),
            csv::field(&e.memo),
        ));
    }
    Ok(out)
}

/// A payout as stored.
#[derive(sqlx::FromRow)]
struct PayoutRow {
    id: i64,
    run_date: String,
    amount_minor: i64,
    currency: String,
    status: String,
    created_at: i64,
}

/// Every payout of `store`, by run date.
pub async fn payouts_csv(db: &Db, store: StoreId) -> AppResult<String> {
    let rows: Vec<PayoutRow> = sqlx::query_as(
        "SELECT id, run_date, amount_minor, currency, status, created_at FROM payouts
         WHERE store_id = $1 ORDER BY run_date, id",
    )
    .bind(store.0)
    .fetch_all(&db.pool)
    .await
    .internal("exporting payouts")?;
    let mut out = String::from("id,run_date,amount,currency,status,created_utc\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.id,
            csv::field(&r.run_date),
            csv::amount(r.amount_minor),
            csv::field(&r.currency),
            csv::field(&r.status),
            csv::utc(from_ms(r.created_at)),
        ));
    }
    Ok(out)
}

/// Every dispute of `store`, open ones first.
pub async fn disputes_csv(disputes: &dyn DisputeService, store: StoreId) -> AppResult<String> {
    let mut out = String::from(
        "id,order,reason,status,amount,currency,opened_utc,respond_by_utc,answered_utc,closed_utc\n",
    );
    for d in disputes.list(store).await?.disputes {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            d.id,
            d.order.0,
            d.reason.as_str(),
            d.status.as_str(),
            csv::amount(d.amount.minor()),
            d.amount.currency().code(),
            csv::utc(d.opened_at),
            csv::utc(d.due_at),
            d.submitted_at.map(csv::utc).unwrap_or_default(),
            d.closed_at.map(csv::utc).unwrap_or_default(),
        ));
    }
    Ok(out)
}

//! The platform admin's reads and writes.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::backend::AdminService;
use app::domain::StoreId;
use app::error::{AppError, AppResult};
use app::model::{AdminOverview, PendingStore};
use async_trait::async_trait;
use std::sync::Arc;

pub struct Admin {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Admin {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

#[async_trait]
impl AdminService for Admin {
    #[tracing::instrument(skip_all)]
    async fn overview(&self) -> AppResult<AdminOverview> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM accounts) AS accounts, (SELECT COUNT(*) FROM stores) AS stores,
                    (SELECT COUNT(*) FROM stores WHERE status = 'pending') AS pending_stores, (SELECT COUNT(*) FROM products) AS products",
        )
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the admin overview")?;
        Ok(AdminOverview {
            accounts: row.try_get("accounts").internal("accounts")?,
            stores: row.try_get("stores").internal("stores")?,
            pending_stores: row.try_get("pending_stores").internal("pending")?,
            products: row.try_get("products").internal("products")?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn pending_stores(&self) -> AppResult<Vec<PendingStore>> {
        sqlx::query(
            "SELECT s.id, s.name AS s_name, a.name AS owner_name, a.email, s.description, s.ships_from, COALESCE(s.contact_email, '') AS contact_email,
                    s.payout_iban, s.created_at
             FROM stores s JOIN accounts a ON a.id = s.owner_id
             WHERE s.status = 'pending' ORDER BY s.created_at, s.id LIMIT 200",
        )
        .fetch_all(&self.db.pool)
        .await
        .internal("loading pending stores")?
        .iter()
        .map(|r| {
            Ok(PendingStore {
                id: StoreId(r.try_get("id")?),
                name: r.try_get("s_name")?,
                owner_name: r.try_get("owner_name")?,
                owner_email: r.try_get("email")?,
                description: r.try_get("description")?,
                ships_from: r.try_get("ships_from")?,
                contact_email: r.try_get("contact_email")?,
                has_payout: !r.try_get::<String, _>("payout_iban")?.is_empty(),
                created_at: from_ms(r.try_get("created_at")?),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .internal("reading pending stores")
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn review_store(
        &self,
        store: StoreId,
        approve: bool,
        reason: &str,
    ) -> AppResult<Vec<PendingStore>> {
        let reason = reason.trim();
        if !approve && reason.is_empty() {
            return Err(AppError::validation(
                "reason",
                "Give the seller a reason for the rejection.",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::validation(
                "reason",
                "Keep the reason under 500 characters.",
            ));
        }
        let changed = sqlx::query(
            "UPDATE stores SET status = $2, review_note = $3, reviewed_at = $4 WHERE id = $1 AND status = 'pending'",
        )
        .bind(store.0)
        .bind(if approve { "verified" } else { "rejected" })
        .bind(if approve { "" } else { reason })
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("reviewing a store")?
        .rows_affected();
        if changed == 0 {
            return Err(AppError::Conflict(
                "That store is not waiting for review any more.".into(),
            ));
        }
        self.pending_stores().await
    }
}

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
            "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM stores),
                    (SELECT COUNT(*) FROM stores WHERE status = 'pending'), (SELECT COUNT(*) FROM products)",
        )
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the admin overview")?;
        Ok(AdminOverview {
            accounts: row.try_get(0).internal("accounts")?,
            stores: row.try_get(1).internal("stores")?,
            pending_stores: row.try_get(2).internal("pending")?,
            products: row.try_get(3).internal("products")?,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn pending_stores(&self) -> AppResult<Vec<PendingStore>> {
        sqlx::query(
            "SELECT s.id, s.name, a.name, a.email, s.description, s.ships_from, COALESCE(s.contact_email, ''),
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
                id: StoreId(r.try_get(0)?),
                name: r.try_get(1)?,
                owner_name: r.try_get(2)?,
                owner_email: r.try_get(3)?,
                description: r.try_get(4)?,
                ships_from: r.try_get(5)?,
                contact_email: r.try_get(6)?,
                has_payout: !r.try_get::<String, _>(7)?.is_empty(),
                created_at: from_ms(r.try_get(8)?),
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

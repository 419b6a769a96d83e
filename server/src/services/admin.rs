//! The platform admin's reads and writes.

use super::OrInternal;
use crate::storage::{Db, Row};
use app::backend::AdminService;
use app::error::AppResult;
use app::model::AdminOverview;
use async_trait::async_trait;

pub struct Admin {
    db: Db,
}

impl Admin {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AdminService for Admin {
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
}

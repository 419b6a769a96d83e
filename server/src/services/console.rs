//! The seller console's reads and writes, always scoped to the caller's store.

use super::OrInternal;
use crate::storage::{Db, Row};
use app::backend::ConsoleService;
use app::error::AppResult;
use app::model::{StoreOverview, StoreSummary};
use async_trait::async_trait;

pub struct Console {
    db: Db,
}

impl Console {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ConsoleService for Console {
    async fn overview(&self, store: &StoreSummary) -> AppResult<StoreOverview> {
        let row = sqlx::query(
            "SELECT
                (SELECT COUNT(*) FROM products WHERE store_id = $1 AND status = 'active'),
                (SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.store_id = $1 AND v.stock = 0),
                (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.store_id = $1)",
        )
        .bind(store.id.0)
        .fetch_one(&self.db.pool)
        .await
        .internal("loading the store overview")?;
        Ok(StoreOverview {
            store: store.clone(),
            active_products: row.try_get(0).internal("active")?,
            variants_out_of_stock: row.try_get(1).internal("out of stock")?,
            units_in_stock: row.try_get(2).internal("units")?,
        })
    }
}

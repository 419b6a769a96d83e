//! A store's console overview, dashboard and settings, and the admin's review of stores.

use crate::domain::StoreId;
use crate::domain::store::StoreProfileDraft;
use crate::error::AppResult;
use crate::model::catalog::StoreSummary;
use crate::model::stores::AdminOverview;
use crate::model::stores::Dashboard;
use crate::model::stores::PendingStore;
use crate::model::stores::StoreOverview;
use crate::model::stores::StoreProfileView;
use async_trait::async_trait;

#[async_trait]
pub trait StoreService: Send + Sync {
    async fn overview(&self, store: &StoreSummary) -> AppResult<StoreOverview>;
    async fn profile(&self, store: StoreId) -> AppResult<StoreProfileView>;
    /// Saves the profile; an empty IBAN keeps the one on file.
    async fn save_profile(
        &self,
        store: StoreId,
        draft: StoreProfileDraft,
    ) -> AppResult<StoreProfileView>;
    /// Sales, orders, visits, conversion and alerts over the last `days` days.
    async fn dashboard(&self, store: &StoreSummary, days: u32) -> AppResult<Dashboard>;
}

#[async_trait]
pub trait AdminService: Send + Sync {
    async fn overview(&self) -> AppResult<AdminOverview>;
    async fn pending_stores(&self) -> AppResult<Vec<PendingStore>>;
    /// Verifies or rejects a pending store; a rejection needs a reason the seller sees.
    async fn review_store(
        &self,
        store: StoreId,
        approve: bool,
        reason: &str,
    ) -> AppResult<Vec<PendingStore>>;
}

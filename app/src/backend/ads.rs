//! Boost campaigns.

use crate::domain::CampaignId;
use crate::domain::StoreId;
use crate::domain::boost::CampaignDraft;
use crate::error::AppResult;
use crate::model::ads::BoostOverview;
use async_trait::async_trait;

/// A store's boost campaigns. Every call is scoped to `store`.
#[async_trait]
pub trait AdService: Send + Sync {
    async fn overview(&self, store: StoreId) -> AppResult<BoostOverview>;
    /// Checks the draft against today's date (the app clock) and starts the campaign.
    async fn create(&self, store: StoreId, campaign: CampaignDraft) -> AppResult<BoostOverview>;
    async fn set_paused(
        &self,
        store: StoreId,
        campaign: CampaignId,
        paused: bool,
    ) -> AppResult<BoostOverview>;
}

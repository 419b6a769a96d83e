//! Boost campaigns: the seller's paid exposure. Every function requires a seller and
//! reaches only the caller's own store.

use crate::error::AppResult;
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use super::guard::{authorize_seller, finish};

#[server(endpoint = "console/boosts", input = GetUrl)]
pub async fn boosts() -> AppResult<crate::model::BoostOverview> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.ads.overview(store).await)
}

/// Starts a boost campaign for some of the store's products.
#[server(endpoint = "console/create_campaign", input = Json)]
pub async fn create_campaign(
    campaign: crate::domain::boost::CampaignDraft,
    idempotency_key: Option<String>,
) -> AppResult<crate::model::BoostOverview> {
    let (caller, store) = authorize_seller().await?;
    let run = caller.services.ads.create(store, campaign.clone());
    finish(
        caller
            .once(idempotency_key.as_deref(), &campaign, run)
            .await,
    )
}

#[server(endpoint = "console/pause_campaign")]
pub async fn pause_campaign(id: i64, paused: bool) -> AppResult<crate::model::BoostOverview> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .ads
            .set_paused(store, crate::domain::CampaignId(id), paused)
            .await,
    )
}

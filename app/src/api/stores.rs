//! Stores: the console's overview, dashboard and store settings, and the admin's
//! review. Every seller function requires a seller and works only on the caller's
//! own store.

pub mod admin;

use crate::error::AppResult;
use crate::model::StoreOverview;
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use super::guard::{authorize_seller, authorize_store, finish};

#[server(endpoint = "console/overview", input = GetUrl)]
pub async fn overview() -> AppResult<StoreOverview> {
    let (caller, store) = authorize_store().await?;
    finish(caller.services.stores.overview(&store).await)
}

/// The dashboard over the last `days` days (7, 30 or 90).
#[server(endpoint = "console/dashboard", input = GetUrl)]
pub async fn dashboard(days: u32) -> AppResult<crate::model::Dashboard> {
    let (caller, store) = authorize_store().await?;
    finish(caller.services.stores.dashboard(&store, days).await)
}

#[server(endpoint = "console/store_profile", input = GetUrl)]
pub async fn store_profile() -> AppResult<crate::model::StoreProfileView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.stores.profile(store).await)
}

/// Saves the store's profile and payout details (an empty IBAN keeps the one on file).
#[server(endpoint = "console/save_store_profile", input = Json)]
pub async fn save_store_profile(
    profile: crate::domain::store::StoreProfileDraft,
) -> AppResult<crate::model::StoreProfileView> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.stores.save_profile(store, profile).await)
}

//! The seller console's server functions. Every one requires a seller.

use crate::error::AppResult;
use crate::model::StoreOverview;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::error::AppError,
};

#[server(endpoint = "console/overview", input = GetUrl)]
pub async fn get_store_overview() -> AppResult<StoreOverview> {
    let caller = authorize(Access::Seller).await?;
    let store = caller
        .signed_in()?
        .store
        .clone()
        .ok_or(AppError::Forbidden)?;
    finish(caller.services.console.overview(&store).await)
}

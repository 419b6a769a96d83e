//! The platform admin's server functions. Every one requires an admin.

use crate::error::AppResult;
use crate::model::AdminOverview;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::guard::{Access, authorize, finish};

#[server(endpoint = "admin/overview", input = GetUrl)]
pub async fn get_admin_overview() -> AppResult<AdminOverview> {
    let caller = authorize(Access::Admin).await?;
    finish(caller.services.admin.overview().await)
}

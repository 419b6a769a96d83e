//! Wishlists: hearts, named lists, sharing and notices.

use crate::domain::ProductId;
use crate::error::AppResult;
use crate::model::{WishNotice, WishlistSummary, WishlistView};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish},
    crate::domain::{DisplayName, WishlistId},
    crate::error::AppError,
};

#[cfg(feature = "ssr")]
fn list_name(name: &str) -> AppResult<DisplayName> {
    finish(DisplayName::parse(name).map_err(|e| AppError::validation("name", e.0)))
}

/// The products in the viewer's lists (empty for a guest), for the hearts.
#[server(endpoint = "wished_products", input = GetUrl)]
pub async fn wished_products() -> AppResult<Vec<ProductId>> {
    let caller = authorize(Access::Public).await?;
    match &caller.viewer {
        Some(v) => finish(caller.services.wishlists.wished(v.id).await),
        None => Ok(Vec::new()),
    }
}

/// The heart: puts the product in the default list or takes it out of every list.
#[server(endpoint = "set_wished")]
pub async fn set_wished(product: i64, on: bool) -> AppResult<Vec<ProductId>> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(
        caller
            .services
            .wishlists
            .set_wished(id, ProductId(product), on)
            .await,
    )
}

#[server(endpoint = "wishlists", input = GetUrl)]
pub async fn wishlists() -> AppResult<Vec<WishlistSummary>> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.wishlists.lists(id).await)
}

#[server(endpoint = "wishlist", input = GetUrl)]
pub async fn wishlist(id: i64) -> AppResult<WishlistView> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .wishlists
            .list(account, WishlistId(id))
            .await,
    )
}

#[server(endpoint = "shared_wishlist", input = GetUrl)]
pub async fn shared_wishlist(token: String) -> AppResult<WishlistView> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.wishlists.shared(token.trim()).await)
}

#[server(endpoint = "create_wishlist")]
pub async fn create_wishlist(
    name: String,
    idempotency_key: Option<String>,
) -> AppResult<WishlistSummary> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    let name = list_name(&name)?;
    finish(
        caller
            .once(
                idempotency_key.as_deref(),
                &name,
                caller.services.wishlists.create_list(account, name.clone()),
            )
            .await,
    )
}

#[server(endpoint = "rename_wishlist")]
pub async fn rename_wishlist(id: i64, name: String) -> AppResult<WishlistSummary> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    let name = list_name(&name)?;
    finish(
        caller
            .services
            .wishlists
            .rename_list(account, WishlistId(id), name)
            .await,
    )
}

#[server(endpoint = "delete_wishlist")]
pub async fn delete_wishlist(id: i64) -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .wishlists
            .delete_list(account, WishlistId(id))
            .await,
    )
}

#[server(endpoint = "move_wished")]
pub async fn move_wished(product: i64, from: i64, to: i64) -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .wishlists
            .move_item(
                account,
                ProductId(product),
                WishlistId(from),
                WishlistId(to),
            )
            .await,
    )
}

/// Turns a list's read-only share link on or off.
#[server(endpoint = "share_wishlist")]
pub async fn share_wishlist(id: i64, on: bool) -> AppResult<WishlistSummary> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .wishlists
            .set_shared(account, WishlistId(id), on)
            .await,
    )
}

#[server(endpoint = "wish_notices", input = GetUrl)]
pub async fn wish_notices() -> AppResult<Vec<WishNotice>> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(caller.services.wishlists.notices(account).await)
}

//! The seller's listings: product list, product form, bulk actions. Every function
//! requires a seller and reaches only the caller's own store.

use crate::domain::listing::ProductDraft;
use crate::error::AppResult;
use crate::model::{BulkAction, EditableProduct, ProductFilter, SellerProductPage};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    super::guard::{authorize_seller, finish},
    crate::domain::ProductId,
    crate::error::AppError,
};

#[server(endpoint = "console/products", input = GetUrl)]
pub async fn products(filter: ProductFilter) -> AppResult<SellerProductPage> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.listings.products(store, filter).await)
}

/// The form of product `id`, or an empty form for a new product (`id` 0).
#[server(endpoint = "console/product", input = GetUrl)]
pub async fn product(id: i64) -> AppResult<EditableProduct> {
    let (caller, store) = authorize_seller().await?;
    let id = (id > 0).then_some(ProductId(id));
    finish(caller.services.listings.editable(store, id).await)
}

/// Creates (`id` 0) or updates a product. The draft is checked field by field; the
/// first problem comes back as a validation error naming its field.
#[server(endpoint = "console/save_product", input = Json)]
pub async fn save_product(
    id: i64,
    draft: ProductDraft,
    idempotency_key: Option<String>,
) -> AppResult<EditableProduct> {
    let (caller, store) = authorize_seller().await?;
    let listing = finish(draft.check().map_err(|errors| {
        let (field, message) = errors.into_iter().next().unwrap_or_default();
        AppError::Validation {
            field: Some(field),
            message,
        }
    }))?;
    let id = (id > 0).then_some(ProductId(id));
    let request = (id.map(|p| p.0), &draft);
    let run = caller.services.listings.save(store, id, listing);
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

/// How a CSV import (started by `POST /sell/products/import`) is going.
#[server(endpoint = "console/operation", input = GetUrl)]
pub async fn operation(id: i64) -> AppResult<crate::model::OperationView> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .listings
            .operation(store, crate::domain::OperationId(id))
            .await,
    )
}

#[server(endpoint = "console/bulk_products", input = Json)]
pub async fn bulk_products(
    ids: Vec<i64>,
    action: BulkAction,
    idempotency_key: Option<String>,
) -> AppResult<u64> {
    let (caller, store) = authorize_seller().await?;
    let request = (&ids, action);
    let ids = ids.iter().copied().map(ProductId).collect();
    let run = caller.services.listings.bulk(store, ids, action);
    finish(caller.once(idempotency_key.as_deref(), &request, run).await)
}

#[server(endpoint = "console/inventory", input = GetUrl)]
pub async fn inventory() -> AppResult<Vec<crate::model::InventoryRow>> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.listings.inventory(store).await)
}

#[server(endpoint = "console/set_stock")]
pub async fn set_stock(variant: i64, stock: i64) -> AppResult<crate::model::InventoryRow> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .listings
            .set_stock(store, crate::domain::VariantId(variant), stock)
            .await,
    )
}

//! Promotions and promo codes, the seller's side: every function is scoped to the
//! caller's own store (the buyer's check of a code is in `cart`).

use crate::domain::promotion::{PromoCodeDraft, PromotionDraft};
use crate::error::AppResult;
use crate::model::PromotionsOverview;
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use super::guard::{authorize_seller, finish};

#[server(endpoint = "console/promotions", input = GetUrl)]
pub async fn promotions() -> AppResult<PromotionsOverview> {
    let (caller, store) = authorize_seller().await?;
    finish(caller.services.promotions.overview(store).await)
}

/// Schedules a discount on some of the store's products or variants.
#[server(endpoint = "console/create_promotion", input = Json)]
pub async fn create_promotion(
    promotion: PromotionDraft,
    idempotency_key: Option<String>,
) -> AppResult<PromotionsOverview> {
    let (caller, store) = authorize_seller().await?;
    let run = caller.services.promotions.create(store, promotion.clone());
    finish(
        caller
            .once(idempotency_key.as_deref(), &("promotion", &promotion), run)
            .await,
    )
}

/// Ends a promotion now.
#[server(endpoint = "console/end_promotion")]
pub async fn end_promotion(id: i64) -> AppResult<PromotionsOverview> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .promotions
            .end(store, crate::domain::PromotionId(id))
            .await,
    )
}

#[server(endpoint = "console/create_promo_code", input = Json)]
pub async fn create_promo_code(
    code: PromoCodeDraft,
    idempotency_key: Option<String>,
) -> AppResult<PromotionsOverview> {
    let (caller, store) = authorize_seller().await?;
    let run = caller.services.promotions.create_code(store, code.clone());
    finish(
        caller
            .once(idempotency_key.as_deref(), &("code", &code), run)
            .await,
    )
}

#[server(endpoint = "console/end_promo_code")]
pub async fn end_promo_code(id: i64) -> AppResult<PromotionsOverview> {
    let (caller, store) = authorize_seller().await?;
    finish(
        caller
            .services
            .promotions
            .end_code(store, crate::domain::PromoCodeId(id))
            .await,
    )
}

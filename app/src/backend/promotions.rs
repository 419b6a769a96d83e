//! Promotions and promo codes.

use crate::domain::AccountId;
use crate::domain::StoreId;
use crate::domain::{PromoCodeId, PromotionId};
use crate::error::AppResult;
use crate::model::promotions::PromotionsOverview;
use async_trait::async_trait;

/// A store's promotions and promo codes. Every seller call is scoped to `store`.
#[async_trait]
pub trait PromotionService: Send + Sync {
    async fn overview(&self, store: StoreId) -> AppResult<PromotionsOverview>;
    /// Checks the draft against the app clock and schedules the promotion.
    async fn create(
        &self,
        store: StoreId,
        promotion: crate::domain::promotion::PromotionDraft,
    ) -> AppResult<PromotionsOverview>;
    /// Ends a promotion now (a scheduled one never starts).
    async fn end(&self, store: StoreId, promotion: PromotionId) -> AppResult<PromotionsOverview>;
    async fn create_code(
        &self,
        store: StoreId,
        code: crate::domain::promotion::PromoCodeDraft,
    ) -> AppResult<PromotionsOverview>;
    async fn end_code(&self, store: StoreId, code: PromoCodeId) -> AppResult<PromotionsOverview>;
    /// A code's terms for `buyer` at checkout, refused when unknown, not live or used up.
    async fn code_terms(
        &self,
        buyer: AccountId,
        code: &str,
    ) -> AppResult<crate::domain::promotion::CodeTerms>;
}

//! Card payments, the seller ledger and payouts, and payment disputes.

use crate::domain::DisputeId;
use crate::domain::StoreId;
use crate::error::AppResult;
use crate::model::cart::CardToken;
use crate::model::money::BalanceView;
use crate::model::money::DisputeList;
use crate::model::money::DisputeView;
use crate::model::money::LedgerEntryView;
use async_trait::async_trait;

#[async_trait]
pub trait PaymentService: Send + Sync {
    /// Checks typed card details (the number's check digit, an expiry not in the past
    /// by the app's clock, the CVC) and turns them into a gateway token; the number
    /// goes no further.
    async fn tokenize(&self, number: &str, expiry: &str, cvc: &str) -> AppResult<CardToken>;
}

/// A store's money.
#[async_trait]
pub trait LedgerService: Send + Sync {
    async fn balance(&self, store: StoreId) -> AppResult<BalanceView>;
    /// Every entry of the store, oldest first, for the CSV export.
    async fn entries(&self, store: StoreId) -> AppResult<Vec<LedgerEntryView>>;
}

/// A store's payment disputes. Every call is scoped to `store`.
#[async_trait]
pub trait DisputeService: Send + Sync {
    async fn list(&self, store: StoreId) -> AppResult<DisputeList>;
    async fn dispute(&self, store: StoreId, id: DisputeId) -> AppResult<DisputeView>;
    /// Sends the store's answer to the gateway; the dispute goes under review.
    async fn answer(
        &self,
        store: StoreId,
        id: DisputeId,
        evidence: crate::domain::dispute::EvidenceDraft,
    ) -> AppResult<DisputeView>;
}

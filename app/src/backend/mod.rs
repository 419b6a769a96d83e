//! The services the server functions call, as traits the server implements (one
//! module per business context), and the context type that carries them into every
//! request.

pub mod accounts;
pub mod ads;
pub mod cart;
pub mod catalog;
pub mod listings;
pub mod money;
pub mod orders;
pub mod promotions;
pub mod reviews;
pub mod standards;
pub mod stores;
pub mod support;
pub mod sync;
pub mod wishlists;

pub use accounts::*;
pub use ads::*;
pub use cart::*;
pub use catalog::*;
pub use listings::*;
pub use money::*;
pub use orders::*;
pub use promotions::*;
pub use reviews::*;
pub use standards::*;
pub use stores::*;
pub use support::*;
pub use sync::*;
pub use wishlists::*;

use crate::domain::{AccountId, IdempotencyKey};
use crate::error::AppResult;
use async_trait::async_trait;
use std::sync::Arc;

/// Where a request came from, for rate limits and logs.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
}

/// The outcome of claiming an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// First time: run the mutation, then complete or abandon the claim.
    New,
    /// Already done: the stored response.
    Done(String),
}

/// Stored results of mutations by idempotency key, so a retried or replayed request
/// does not run twice.
#[async_trait]
pub trait ReplayService: Send + Sync {
    /// Claims `key` for `request`; a key reused with another request is refused, and
    /// one still running elsewhere is reported as a conflict.
    async fn claim(
        &self,
        account: AccountId,
        key: &IdempotencyKey,
        request: &str,
    ) -> AppResult<Claim>;
    async fn complete(
        &self,
        account: AccountId,
        key: &IdempotencyKey,
        response: &str,
    ) -> AppResult<()>;
    /// Forgets a claim whose mutation failed, so it may be retried.
    async fn abandon(&self, account: AccountId, key: &IdempotencyKey) -> AppResult<()>;
}

/// Settings the server functions need to answer correctly.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (the site is served over TLS).
    pub secure_cookies: bool,
}

/// Carried in the Leptos context of every request.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn AccountService>,
    pub catalog: Arc<dyn CatalogService>,
    pub cart: Arc<dyn CartService>,
    pub orders: Arc<dyn OrderService>,
    pub replays: Arc<dyn ReplayService>,
    pub payments: Arc<dyn PaymentService>,
    pub profile: Arc<dyn ProfileService>,
    pub wishlists: Arc<dyn WishlistService>,
    pub stores: Arc<dyn StoreService>,
    pub fulfilment: Arc<dyn FulfilmentService>,
    pub ledger: Arc<dyn LedgerService>,
    pub listings: Arc<dyn ListingService>,
    pub ads: Arc<dyn AdService>,
    pub promotions: Arc<dyn PromotionService>,
    pub admin: Arc<dyn AdminService>,
    pub disputes: Arc<dyn DisputeService>,
    pub support: Arc<dyn SupportService>,
    pub reviews: Arc<dyn ReviewService>,
    pub standards: Arc<dyn StandardsService>,
    pub sync: Arc<dyn SyncService>,
    pub web: WebSettings,
}

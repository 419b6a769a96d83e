//! The services the server functions call, as traits the server implements, and
//! the context type that carries them into every request.

use crate::domain::search::SearchQuery;
use crate::domain::{AccountId, DisplayName, Email, Password, ProductId, StoreName};
use crate::error::AppResult;
use crate::model::*;
use async_trait::async_trait;
use std::sync::Arc;

/// A session the server has just opened: the cookie value and when it expires.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

/// Where a request came from, for rate limits and logs.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
}

#[async_trait]
pub trait AccountService: Send + Sync {
    async fn sign_up(
        &self,
        email: Email,
        password: Password,
        name: DisplayName,
        from: &Origin,
    ) -> AppResult<NewSession>;
    async fn sign_in(&self, email: &str, password: &str, from: &Origin) -> AppResult<NewSession>;
    async fn sign_out(&self, session_token: &str) -> AppResult<()>;
    /// The account behind a session cookie, if the session is live.
    async fn viewer(&self, session_token: &str) -> AppResult<Option<Viewer>>;
    async fn verify_email(&self, token: &str) -> AppResult<()>;
    async fn resend_verification(&self, account: AccountId) -> AppResult<()>;
    /// Always succeeds for a well-formed address, so it does not reveal who has an account.
    async fn request_password_reset(&self, email: Email, from: &Origin) -> AppResult<()>;
    async fn reset_password(&self, token: &str, password: Password) -> AppResult<()>;
    async fn open_store(&self, account: AccountId, name: StoreName) -> AppResult<StoreSummary>;
}

#[async_trait]
pub trait CatalogService: Send + Sync {
    /// A page of the feed, personalised when `viewer` is a signed-in buyer.
    async fn home_feed(
        &self,
        viewer: Option<AccountId>,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage>;
    /// Records what buyers looked at and clicked, for ranking and personalisation.
    async fn record_events(
        &self,
        viewer: Option<AccountId>,
        events: Vec<ProductEvent>,
    ) -> AppResult<()>;
    /// A page of search results; `cursor` comes from the previous page.
    async fn search(
        &self,
        query: SearchQuery,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<CardPage>;
    /// Completions of what is being typed, tolerant of typos.
    async fn suggest(&self, text: &str) -> AppResult<Vec<String>>;
    async fn categories(&self) -> AppResult<Vec<CategoryView>>;
    async fn product(&self, id: ProductId) -> AppResult<ProductDetail>;
}

#[async_trait]
pub trait ConsoleService: Send + Sync {
    async fn overview(&self, store: &StoreSummary) -> AppResult<StoreOverview>;
}

#[async_trait]
pub trait AdminService: Send + Sync {
    async fn overview(&self) -> AppResult<AdminOverview>;
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
    pub console: Arc<dyn ConsoleService>,
    pub admin: Arc<dyn AdminService>,
    pub web: WebSettings,
}

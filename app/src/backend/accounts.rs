//! Accounts: sign-up, sign-in, sessions, the profile, addresses and saved cards.

use super::Origin;
use crate::domain::AccountId;
use crate::domain::AddressId;
use crate::domain::DisplayName;
use crate::domain::Email;
use crate::domain::Password;
use crate::domain::PaymentMethodId;
use crate::domain::StoreName;
use crate::domain::address::Address;
use crate::error::AppResult;
use crate::model::accounts::AddressView;
use crate::model::accounts::NotificationPrefs;
use crate::model::accounts::PaymentMethodView;
use crate::model::accounts::ProfileView;
use crate::model::accounts::Viewer;
use crate::model::cart::CardToken;
use crate::model::catalog::StoreSummary;
use async_trait::async_trait;

/// A session the server has just opened: the cookie value and when it expires.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

#[async_trait]
pub trait AccountService: Send + Sync {
    /// Answers the same whether or not the email has an account: a new account gets
    /// a link to confirm its address (which signs it in), an existing one a mail to
    /// its owner. So sign-up never tells anyone who has an account.
    async fn sign_up(
        &self,
        email: Email,
        password: Password,
        name: DisplayName,
        from: &Origin,
    ) -> AppResult<()>;
    async fn sign_in(&self, email: &str, password: &str, from: &Origin) -> AppResult<NewSession>;
    async fn sign_out(&self, session_token: &str) -> AppResult<()>;
    /// The account behind a session cookie, if the session is live.
    async fn viewer(&self, session_token: &str) -> AppResult<Option<Viewer>>;
    /// Confirms the address of a link and opens a session for its account.
    async fn verify_email(&self, token: &str) -> AppResult<NewSession>;
    async fn resend_verification(&self, account: AccountId) -> AppResult<()>;
    /// Always succeeds for a well-formed address, so it does not reveal who has an account.
    async fn request_password_reset(&self, email: Email, from: &Origin) -> AppResult<()>;
    async fn reset_password(&self, token: &str, password: Password) -> AppResult<()>;
    async fn open_store(&self, account: AccountId, name: StoreName) -> AppResult<StoreSummary>;
}

#[async_trait]
pub trait ProfileService: Send + Sync {
    async fn profile(&self, account: AccountId) -> AppResult<ProfileView>;
    async fn rename(&self, account: AccountId, name: DisplayName) -> AppResult<ProfileView>;
    async fn set_prefs(
        &self,
        account: AccountId,
        prefs: NotificationPrefs,
    ) -> AppResult<ProfileView>;
    async fn addresses(&self, account: AccountId) -> AppResult<Vec<AddressView>>;
    /// Adds (`id` None) or edits an address.
    async fn save_address(
        &self,
        account: AccountId,
        id: Option<AddressId>,
        address: Address,
        make_default: bool,
    ) -> AppResult<AddressView>;
    async fn delete_address(&self, account: AccountId, id: AddressId) -> AppResult<()>;
    async fn payment_methods(&self, account: AccountId) -> AppResult<Vec<PaymentMethodView>>;
    async fn save_payment_method(
        &self,
        account: AccountId,
        card: CardToken,
    ) -> AppResult<PaymentMethodView>;
    async fn delete_payment_method(&self, account: AccountId, id: PaymentMethodId)
    -> AppResult<()>;
}

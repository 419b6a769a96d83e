//! The services the server functions call, as traits the server implements, and
//! the context type that carries them into every request.

use crate::domain::address::Address;
use crate::domain::boost::CampaignDraft;
use crate::domain::listing::ValidListing;
use crate::domain::order_status::OrderQueue;
use crate::domain::search::SearchQuery;
use crate::domain::store::StoreProfileDraft;
use crate::domain::tracking::TrackingNumber;
use crate::domain::{
    AccountId, AddressId, DisplayName, Email, OrderId, Password, PaymentMethodId, ProductId,
    Quantity, ReviewId, StoreId, StoreName, VariantId, WishlistId,
};
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
    /// A verified store's public page with a page of its products, best ranked first.
    async fn store_page(
        &self,
        slug: &str,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<StorePageView>;
    /// A page of a product's reviews in the chosen order.
    async fn reviews(
        &self,
        product: ProductId,
        sort: ReviewSort,
        cursor: Option<String>,
        limit: u32,
    ) -> AppResult<ReviewPage>;
    /// Marks a review helpful for `voter`, once per buyer; the review's new count.
    async fn vote_helpful(&self, voter: AccountId, review: ReviewId) -> AppResult<i64>;
}

/// Whose cart: a signed-in account's, or a guest's (by the token in their cart cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartOwner {
    Account(AccountId),
    Guest(String),
}

#[async_trait]
pub trait ShopService: Send + Sync {
    async fn cart(&self, owner: &CartOwner) -> AppResult<CartView>;
    /// Adds units of a variant (capped by stock; refused when none are left).
    async fn add_to_cart(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: Quantity,
    ) -> AppResult<CartView>;
    /// Sets a line's quantity; 0 removes it.
    async fn set_cart_quantity(
        &self,
        owner: &CartOwner,
        variant: VariantId,
        quantity: u32,
    ) -> AppResult<CartView>;
    /// Moves a guest's cart into the account's cart (quantities add up, capped by stock).
    async fn merge_guest_cart(&self, guest_token: &str, account: AccountId) -> AppResult<()>;
    async fn checkout(&self, buyer: AccountId) -> AppResult<CheckoutView>;
    /// Places one order per store, exactly once per `idempotency_key`.
    async fn place_order(
        &self,
        buyer: AccountId,
        idempotency_key: &str,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders>;
    async fn orders(&self, buyer: AccountId) -> AppResult<Vec<OrderSummary>>;
    async fn order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail>;
    /// Cancels an order the seller has not confirmed: stock returns, the payment is released.
    async fn cancel_order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail>;
}

#[async_trait]
pub trait PaymentService: Send + Sync {
    /// Checks typed card details (the number's check digit, an expiry not in the past
    /// by the app's clock, the CVC) and turns them into a gateway token; the number
    /// goes no further.
    async fn tokenize(&self, number: &str, expiry: &str, cvc: &str) -> AppResult<CardToken>;
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

#[async_trait]
pub trait WishlistService: Send + Sync {
    async fn lists(&self, account: AccountId) -> AppResult<Vec<WishlistSummary>>;
    async fn list(&self, account: AccountId, id: WishlistId) -> AppResult<WishlistView>;
    /// A list opened through its share link.
    async fn shared(&self, token: &str) -> AppResult<WishlistView>;
    /// Every product in any of the account's lists (for the hearts).
    async fn wished(&self, account: AccountId) -> AppResult<Vec<ProductId>>;
    /// Puts a product in the default list (`on`) or takes it out of every list.
    async fn set_wished(
        &self,
        account: AccountId,
        product: ProductId,
        on: bool,
    ) -> AppResult<Vec<ProductId>>;
    async fn create_list(
        &self,
        account: AccountId,
        name: DisplayName,
    ) -> AppResult<WishlistSummary>;
    async fn rename_list(
        &self,
        account: AccountId,
        id: WishlistId,
        name: DisplayName,
    ) -> AppResult<WishlistSummary>;
    /// Deletes a list; the default list cannot be deleted.
    async fn delete_list(&self, account: AccountId, id: WishlistId) -> AppResult<()>;
    async fn move_item(
        &self,
        account: AccountId,
        product: ProductId,
        from: WishlistId,
        to: WishlistId,
    ) -> AppResult<()>;
    /// Turns the list's share link on (returning it) or off.
    async fn set_shared(
        &self,
        account: AccountId,
        id: WishlistId,
        on: bool,
    ) -> AppResult<WishlistSummary>;
    /// Price drops and restocks of wished items.
    async fn notices(&self, account: AccountId) -> AppResult<Vec<WishNotice>>;
}

#[async_trait]
pub trait ConsoleService: Send + Sync {
    async fn overview(&self, store: &StoreSummary) -> AppResult<StoreOverview>;
    async fn profile(&self, store: StoreId) -> AppResult<StoreProfileView>;
    /// Saves the profile; an empty IBAN keeps the one on file.
    async fn save_profile(
        &self,
        store: StoreId,
        draft: StoreProfileDraft,
    ) -> AppResult<StoreProfileView>;
    /// Sales, orders, visits, conversion and alerts over the last `days` days.
    async fn dashboard(&self, store: &StoreSummary, days: u32) -> AppResult<Dashboard>;
}

/// A seller's orders, from confirmation to delivery, cancellations and refunds. Every
/// call is scoped to `store`: another store's order is "not found".
#[async_trait]
pub trait FulfilmentService: Send + Sync {
    async fn orders(&self, store: StoreId, queue: OrderQueue) -> AppResult<SellerOrders>;
    async fn order(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail>;
    async fn confirm(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail>;
    /// Records the carrier and tracking number and captures the payment.
    async fn ship(
        &self,
        store: StoreId,
        id: OrderId,
        tracking: TrackingNumber,
    ) -> AppResult<SellerOrderDetail>;
    /// Cancels an order that has not shipped: the payment is released, stock returns.
    async fn cancel(
        &self,
        store: StoreId,
        id: OrderId,
        reason: &str,
    ) -> AppResult<SellerOrderDetail>;
    /// Refunds a shipped order, whole (`lines` empty) or per item, through the gateway
    /// and into the ledger; `restock` puts the refunded units back in stock.
    async fn refund(
        &self,
        store: StoreId,
        id: OrderId,
        lines: Vec<RefundLine>,
        reason: &str,
        restock: bool,
    ) -> AppResult<SellerOrderDetail>;
}

/// A seller's listings. Every call is scoped to `store`.
#[async_trait]
pub trait ListingService: Send + Sync {
    /// A long operation (a CSV import) of the store: its progress and result.
    async fn operation(&self, store: StoreId, id: i64) -> AppResult<OperationView>;
    async fn products(&self, store: StoreId, filter: ProductFilter)
    -> AppResult<SellerProductPage>;
    /// The form of an existing product, or of a new one (`None`).
    async fn editable(&self, store: StoreId, id: Option<ProductId>) -> AppResult<EditableProduct>;
    /// Creates (`id` None) or updates a product with its variants and images.
    async fn save(
        &self,
        store: StoreId,
        id: Option<ProductId>,
        listing: ValidListing,
    ) -> AppResult<EditableProduct>;
    /// Every variant with its stock, sales over 30 days and days of cover.
    async fn inventory(&self, store: StoreId) -> AppResult<Vec<InventoryRow>>;
    /// Sets one variant's stock (0 to 1,000,000).
    async fn set_stock(
        &self,
        store: StoreId,
        variant: VariantId,
        stock: i64,
    ) -> AppResult<InventoryRow>;
    /// Applies an action to the store's products among `ids`; how many changed.
    async fn bulk(&self, store: StoreId, ids: Vec<ProductId>, action: BulkAction)
    -> AppResult<u64>;
}

/// A store's boost campaigns. Every call is scoped to `store`.
#[async_trait]
pub trait BoostService: Send + Sync {
    async fn overview(&self, store: StoreId) -> AppResult<BoostOverview>;
    /// Checks the draft against today's date (the app clock) and starts the campaign.
    async fn create(&self, store: StoreId, campaign: CampaignDraft) -> AppResult<BoostOverview>;
    async fn set_paused(
        &self,
        store: StoreId,
        campaign: i64,
        paused: bool,
    ) -> AppResult<BoostOverview>;
}

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
    async fn end(&self, store: StoreId, promotion: i64) -> AppResult<PromotionsOverview>;
    async fn create_code(
        &self,
        store: StoreId,
        code: crate::domain::promotion::PromoCodeDraft,
    ) -> AppResult<PromotionsOverview>;
    async fn end_code(&self, store: StoreId, code: i64) -> AppResult<PromotionsOverview>;
    /// A code's terms for `buyer` at checkout, refused when unknown, not live or used up.
    async fn code_terms(
        &self,
        buyer: AccountId,
        code: &str,
    ) -> AppResult<crate::domain::promotion::CodeTerms>;
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
    async fn dispute(&self, store: StoreId, id: i64) -> AppResult<DisputeView>;
    /// Sends the store's answer to the gateway; the dispute goes under review.
    async fn answer(
        &self,
        store: StoreId,
        id: i64,
        evidence: crate::domain::dispute::EvidenceDraft,
    ) -> AppResult<DisputeView>;
}

#[async_trait]
pub trait AdminService: Send + Sync {
    async fn overview(&self) -> AppResult<AdminOverview>;
    async fn pending_stores(&self) -> AppResult<Vec<PendingStore>>;
    /// Verifies or rejects a pending store; a rejection needs a reason the seller sees.
    async fn review_store(
        &self,
        store: StoreId,
        approve: bool,
        reason: &str,
    ) -> AppResult<Vec<PendingStore>>;
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
    async fn claim(&self, account: AccountId, key: &str, request: &str) -> AppResult<Claim>;
    async fn complete(&self, account: AccountId, key: &str, response: &str) -> AppResult<()>;
    /// Forgets a claim whose mutation failed, so it may be retried.
    async fn abandon(&self, account: AccountId, key: &str) -> AppResult<()>;
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
    pub shop: Arc<dyn ShopService>,
    pub replays: Arc<dyn ReplayService>,
    pub payments: Arc<dyn PaymentService>,
    pub profile: Arc<dyn ProfileService>,
    pub wishlists: Arc<dyn WishlistService>,
    pub console: Arc<dyn ConsoleService>,
    pub fulfilment: Arc<dyn FulfilmentService>,
    pub ledger: Arc<dyn LedgerService>,
    pub listings: Arc<dyn ListingService>,
    pub boosts: Arc<dyn BoostService>,
    pub promotions: Arc<dyn PromotionService>,
    pub admin: Arc<dyn AdminService>,
    pub disputes: Arc<dyn DisputeService>,
    pub web: WebSettings,
}

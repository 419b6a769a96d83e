//! What the server sends to pages: plain data shared by both sides of the wire.

use crate::domain::address::AddressInput;
use crate::domain::order_status::OrderStatus;
use crate::domain::pricing::{OrderAmounts, Sale, ShippingOption};
use crate::domain::{
    AccountId, AddressId, CategoryId, Money, OrderId, OrderItemId, PaymentMethodId, ProductId,
    ReviewId, Role, StoreId, VariantId, WishlistId,
};
use serde::{Deserialize, Serialize};

/// The signed-in person, as every page and server function sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub email_verified: bool,
    pub store: Option<StoreSummary>,
}

impl Viewer {
    pub fn is_seller(&self) -> bool {
        self.store.is_some() && self.role >= Role::Seller
    }
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreSummary {
    pub id: StoreId,
    pub name: String,
    pub slug: String,
    pub status: String,
}

/// An image stored in several widths; `key` names it in `/img/{key}/{width}.webp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRef {
    pub key: String,
    pub alt: String,
}

impl ImageRef {
    /// The widths every stored image is resized to.
    pub const WIDTHS: [u32; 3] = [200, 400, 800];

    pub fn url(&self, width: u32) -> String {
        format!("/img/{}/{width}.webp", self.key)
    }

    pub fn srcset(&self) -> String {
        Self::WIDTHS
            .iter()
            .map(|w| format!("{} {w}w", self.url(*w)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A product as it appears on a card in a grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: ProductId,
    pub slug: String,
    pub title: String,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub image: Option<ImageRef>,
    /// Average rating times 100 (e.g. 437 = 4.37 stars); 0 when unrated.
    pub rating_x100: i64,
    pub review_count: i64,
    pub store_name: String,
    /// False only where a buyer asked to see sold-out products too.
    pub in_stock: bool,
    /// Placed in a sponsored slot by a boost campaign, and labelled so.
    pub sponsored: bool,
    /// The promotion `price` comes from, if any.
    #[serde(default)]
    pub sale: Option<Sale>,
}

impl ProductCard {
    pub fn href(&self) -> String {
        format!("/p/{}/{}", self.id, self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantView {
    pub id: VariantId,
    pub sku: String,
    pub size: Option<String>,
    pub color: Option<String>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub stock: i64,
    /// The promotion `price` comes from, if any (`compare_at` is then the price before it).
    #[serde(default)]
    pub sale: Option<Sale>,
}

impl VariantView {
    pub fn label(&self) -> String {
        variant_label(self.size.as_deref(), self.color.as_deref())
    }
}

/// How a variant is named to a buyer: "Navy / M", "M", "Navy" or "Standard".
pub fn variant_label(size: Option<&str>, color: Option<&str>) -> String {
    match (size, color) {
        (Some(s), Some(c)) => format!("{c} / {s}"),
        (Some(s), None) => s.to_owned(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => "Standard".into(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: ReviewId,
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// How many buyers found the review helpful.
    pub helpful: i64,
}

/// The orders a product's reviews can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReviewSort {
    #[default]
    Newest,
    MostHelpful,
}

impl ReviewSort {
    pub fn label(self) -> &'static str {
        match self {
            ReviewSort::Newest => "Newest",
            ReviewSort::MostHelpful => "Most helpful",
        }
    }
}

/// One page of a product's reviews; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReviewPage {
    pub reviews: Vec<ReviewView>,
    pub next: Option<String>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: ProductId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub category: CategoryView,
    pub store: StoreSummary,
    pub images: Vec<ImageRef>,
    pub variants: Vec<VariantView>,
    pub rating_x100: i64,
    pub review_count: i64,
    pub shipping: Money,
    pub handling_days: i64,
    /// The first page of reviews, newest first.
    pub reviews: ReviewPage,
    /// How many reviews gave 1, 2, 3, 4 and 5 stars.
    pub rating_histogram: [i64; 5],
    /// Earliest and latest delivery for an order placed today with standard shipping.
    pub delivery: (chrono::NaiveDate, chrono::NaiveDate),
    /// Other products of the same category, best ranked first.
    pub similar: Vec<ProductCard>,
    /// A https:// link to a video of the product.
    #[serde(default)]
    pub video_url: Option<String>,
    /// When the seller expects sold-out variants back (shown only if still ahead).
    #[serde(default)]
    pub restock_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryView {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
}

/// A page of product cards and the cursor of the next page, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CardPage {
    pub cards: Vec<ProductCard>,
    pub next: Option<String>,
}

/// The seller console's first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreOverview {
    pub store: StoreSummary,
    pub active_products: i64,
    pub variants_out_of_stock: i64,
    pub units_in_stock: i64,
}

/// The admin's first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub accounts: i64,
    pub stores: i64,
    pub pending_stores: i64,
    pub products: i64,
}

/// Something a buyer did with a product, reported by the browser in batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEvent {
    pub product: ProductId,
    pub kind: ProductEventKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductEventKind {
    View,
    Click,
    Impression,
    /// A click on a card shown in a sponsored slot (recorded as a click, and counted
    /// for the boost campaign).
    SponsoredClick,
}

impl ProductEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductEventKind::View => "view",
            ProductEventKind::Click | ProductEventKind::SponsoredClick => "click",
            ProductEventKind::Impression => "impression",
        }
    }
}

/// One variant in the cart, with what the buyer needs to decide and what checkout
/// needs to price it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub variant: VariantId,
    pub product: ProductId,
    pub slug: String,
    pub title: String,
    pub variant_label: String,
    pub sku: String,
    pub image: Option<ImageRef>,
    /// What one unit costs now, promotions included.
    pub unit_price: Money,
    /// The price before the promotion, when one applies.
    #[serde(default)]
    pub was: Option<Money>,
    #[serde(default)]
    pub sale: Option<Sale>,
    pub quantity: u32,
    /// Units left; the quantity can never be set above it.
    pub stock: i64,
    /// This item's shipping price (the store's parcel costs the highest of its items).
    pub shipping: Money,
    pub handling_days: i64,
}

impl CartLine {
    pub fn href(&self) -> String {
        format!("/p/{}/{}?variant={}", self.product, self.slug, self.variant)
    }
}

/// The cart's items from one store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartGroup {
    pub store: StoreSummary,
    pub lines: Vec<CartLine>,
    pub subtotal: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CartView {
    pub groups: Vec<CartGroup>,
    pub item_count: u32,
}

/// A cart line as the buyer saw it when they pressed "Place order".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenLine {
    pub variant: VariantId,
    pub quantity: u32,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddressView {
    pub id: AddressId,
    pub address: AddressInput,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethodView {
    pub id: PaymentMethodId,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: i32,
}

impl PaymentMethodView {
    pub fn label(&self) -> String {
        format!(
            "{} •••• {} (expires {:02}/{})",
            self.brand,
            self.last4,
            self.exp_month,
            self.exp_year % 100
        )
    }
}

/// A card turned into a gateway token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardToken {
    pub token: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: u32,
    pub exp_year: i32,
}

/// Everything the checkout page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub cart: CartView,
    pub addresses: Vec<AddressView>,
    pub payment_methods: Vec<PaymentMethodView>,
}

/// How the buyer pays: a saved card or a card just tokenised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PaymentChoice {
    Saved(PaymentMethodId),
    Token { token: String, save: bool },
}

/// The "Place order" request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    pub address: AddressId,
    pub shipping: Vec<(StoreId, ShippingOption)>,
    pub payment: PaymentChoice,
    pub seen: Vec<SeenLine>,
    /// A promo code for one store's order.
    #[serde(default)]
    pub promo_code: Option<String>,
}

/// What placing an order returns; the same for every retry with the same key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedOrders {
    pub checkout_id: String,
    pub orders: Vec<OrderId>,
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: OrderId,
    pub store_name: String,
    pub status: OrderStatus,
    pub total: Money,
    pub item_count: i64,
    pub image: Option<ImageRef>,
    pub first_title: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItemView {
    pub id: OrderItemId,
    pub product: Option<ProductId>,
    pub title: String,
    pub variant_label: String,
    pub sku: String,
    pub unit_price: Money,
    pub quantity: i64,
    /// How many of `quantity` were refunded.
    pub refunded_quantity: i64,
    pub image: Option<ImageRef>,
}

/// One scan the carrier reported for a shipment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingScan {
    pub description: String,
    pub location: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One step of the order timeline; `at` is set for the steps that happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub status: OrderStatus,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: OrderId,
    pub store: StoreSummary,
    pub status: OrderStatus,
    pub items: Vec<OrderItemView>,
    pub amounts: OrderAmounts,
    pub ship_to: Vec<String>,
    pub shipping_option: ShippingOption,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// The carrier's own tracking page for the number.
    pub tracking_url: Option<String>,
    /// The carrier's scans, oldest first.
    pub tracking: Vec<TrackingScan>,
    /// Money given back so far.
    pub refunded: Money,
    /// Why the order was cancelled or refunded, when it was.
    pub close_reason: String,
    pub payment: String,
    pub delivery: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    pub timeline: Vec<TimelineStep>,
    pub placed_at: chrono::DateTime<chrono::Utc>,
    pub can_cancel: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WishlistSummary {
    pub id: WishlistId,
    pub name: String,
    pub is_default: bool,
    pub item_count: i64,
    pub share_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WishedItem {
    pub card: ProductCard,
    pub in_stock: bool,
    pub added_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WishlistView {
    pub summary: WishlistSummary,
    pub owner_name: String,
    pub items: Vec<WishedItem>,
    /// Shown through a share link: no editing.
    pub read_only: bool,
}

/// Something changed about a wished item since it was added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WishNotice {
    PriceDrop { card: ProductCard, was: Money },
    BackInStock { card: ProductCard },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationPrefs {
    pub order_updates: bool,
    pub price_drops: bool,
    pub back_in_stock: bool,
    pub promotions: bool,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        Self {
            order_updates: true,
            price_drops: true,
            back_in_stock: true,
            promotions: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub name: String,
    pub email: String,
    pub prefs: NotificationPrefs,
}

/// One row of a seller's order queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrderRow {
    pub id: OrderId,
    pub buyer_name: String,
    pub status: OrderStatus,
    pub total: Money,
    pub item_count: i64,
    pub first_title: String,
    pub placed_at: chrono::DateTime<chrono::Utc>,
    /// Tracking is due by then (two days after the order).
    pub ship_by: chrono::DateTime<chrono::Utc>,
    /// Not shipped and past `ship_by`.
    pub overdue: bool,
}

/// A seller's order queue with the count of every queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrders {
    pub queue: crate::domain::order_status::OrderQueue,
    pub counts: Vec<(crate::domain::order_status::OrderQueue, i64)>,
    pub orders: Vec<SellerOrderRow>,
}

/// An order as its seller sees it: the buyer's view plus who bought it, the deadline,
/// what the seller may do next and the order's ledger entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerOrderDetail {
    pub order: OrderDetail,
    pub buyer_name: String,
    pub buyer_email: String,
    pub ship_by: chrono::DateTime<chrono::Utc>,
    pub overdue: bool,
    pub can_confirm: bool,
    pub can_ship: bool,
    pub can_cancel: bool,
    pub can_refund: bool,
    pub ledger: Vec<LedgerEntryView>,
}

/// Which items of an order to refund, and how many of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefundLine {
    pub item: OrderItemId,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntryView {
    pub id: i64,
    pub kind: crate::domain::ledger::EntryKind,
    pub amount: Money,
    pub memo: String,
    pub order: Option<OrderId>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub available_at: chrono::DateTime<chrono::Utc>,
    pub available: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoutView {
    pub id: i64,
    pub run_date: chrono::NaiveDate,
    pub amount: Money,
    pub status: String,
}

/// A store's money: the balance (the sum of every ledger entry), what of it is
/// available for the next payout and what is pending, the latest entries and payouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BalanceView {
    pub balance: Money,
    pub available: Money,
    pub pending: Money,
    pub next_payout: Option<chrono::NaiveDate>,
    /// The platform's commission in basis points (1,500 = 15 %).
    pub commission_bps: u32,
    /// Days a sale waits for delivery before it becomes available anyway.
    pub hold_days: i64,
    pub entries: Vec<LedgerEntryView>,
    pub payouts: Vec<PayoutView>,
}

/// One row of the seller's product list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerProductRow {
    pub id: ProductId,
    pub slug: String,
    pub title: String,
    pub status: crate::domain::listing::ListingStatus,
    pub category: String,
    pub image: Option<ImageRef>,
    pub variants: i64,
    pub stock: i64,
    pub min_price: Money,
    pub max_price: Money,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// The seller's product list filters, as kept in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProductFilter {
    pub q: String,
    /// "", "draft", "active" or "hidden".
    pub status: String,
    /// 0 for every category.
    pub category: i64,
    /// "", "in" (in stock), "out" (a variant sold out).
    pub stock: String,
    /// "updated" (default), "title", "price", "stock".
    pub sort: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SellerProductPage {
    pub rows: Vec<SellerProductRow>,
    pub total: i64,
    pub categories: Vec<CategoryView>,
}

/// A product as its form shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableProduct {
    pub id: Option<ProductId>,
    pub slug: String,
    pub draft: crate::domain::listing::ProductDraft,
    pub categories: Vec<CategoryView>,
}

/// What a bulk action does to the chosen products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    Activate,
    Hide,
    Delete,
    /// Every variant's price (and compare-at price) changes by this many percent.
    PricePercent(i64),
}

/// A boost campaign with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub bid: Money,
    pub weekly_budget: Money,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// "active", "paused", "scheduled" or "ended".
    pub state: String,
    pub spent_this_week: Money,
    pub spent: Money,
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub products: Vec<CampaignProductView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignProductView {
    pub product: ProductId,
    pub title: String,
    pub impressions: i64,
    pub clicks: i64,
    pub orders: i64,
    pub spent: Money,
}

/// The boost page: campaigns and the store's products that can be boosted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoostOverview {
    pub campaigns: Vec<CampaignView>,
    pub products: Vec<(ProductId, String)>,
}

/// The seller's dashboard over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub store: StoreSummary,
    pub days: u32,
    /// Orders placed in the period, cancelled ones left out.
    pub sales: Money,
    pub orders: i64,
    /// Views of the store's product pages.
    pub visits: i64,
    /// Who made those views: each signed-in account once, each anonymous view alone.
    #[serde(default)]
    pub visitors: i64,
    /// Visitors who placed an order with the store after their visit.
    #[serde(default)]
    pub ordering_visitors: i64,
    pub average_order: Money,
    /// Sales per day, oldest first.
    pub daily_sales: Vec<(chrono::NaiveDate, Money)>,
    pub daily_orders: Vec<(chrono::NaiveDate, i64)>,
    /// Best sellers of the period: product, title, units, revenue.
    pub top_products: Vec<(Option<ProductId>, String, i64, Money)>,
    pub to_confirm: i64,
    pub to_ship: i64,
    pub tracking_overdue: i64,
    /// Variants with this few units or fewer (and more than none).
    pub low_stock: Vec<(ProductId, String, String, i64)>,
    pub out_of_stock: i64,
    pub active_products: i64,
    /// Payment disputes waiting for the store's answer.
    #[serde(default)]
    pub disputes_to_answer: i64,
}

/// The store settings form: the profile (IBAN left empty: the one on file is kept
/// unless a new one is typed) and where the admin's review stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreProfileView {
    pub store: StoreSummary,
    pub draft: crate::domain::store::StoreProfileDraft,
    /// The IBAN on file, masked; empty when there is none.
    pub payout_on_file: String,
    /// Why an admin rejected the store, if they did.
    pub review_note: String,
}

/// A store waiting for an admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingStore {
    pub id: StoreId,
    pub name: String,
    pub owner_name: String,
    pub owner_email: String,
    pub description: String,
    pub ships_from: String,
    pub contact_email: String,
    pub has_payout: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One variant in the inventory report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub product: ProductId,
    pub title: String,
    pub variant: VariantId,
    pub label: String,
    pub sku: String,
    pub stock: i64,
    /// Units sold in the last 30 days (cancelled orders left out).
    pub sold_30d: i64,
    /// Days the stock lasts at the last 30 days' rate; `None` when nothing sold.
    pub days_of_cover: Option<i64>,
    /// The product's low-stock level.
    pub low_stock: i64,
}

/// A promotion on the console's promotions page, with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionView {
    pub id: i64,
    pub name: String,
    /// "20% off" or "$5.00 off".
    pub discount: String,
    pub flash: bool,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// "scheduled", "live" or "ended".
    pub state: String,
    /// What it covers: product titles, with the variant when only one is chosen.
    pub targets: Vec<String>,
    pub orders: i64,
    pub units: i64,
    pub revenue: Money,
    pub discount_given: Money,
    /// Units of the promoted products sold in the same length of time before the
    /// promotion, and during it so far (at any price).
    #[serde(default)]
    pub units_before: i64,
    #[serde(default)]
    pub units_during: i64,
    /// How many percent more units sold during than before (`None` without sales before).
    #[serde(default)]
    pub uplift_percent: Option<i64>,
}

/// A promo code with its report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromoCodeView {
    pub id: i64,
    pub code: String,
    pub discount: String,
    pub min_order: Money,
    pub max_uses: Option<i64>,
    pub per_buyer: Option<i64>,
    pub uses: i64,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub state: String,
    pub revenue: Money,
    pub discount_given: Money,
}

/// A product a promotion can cover, with its variants (id, label, list price).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotableProduct {
    pub id: ProductId,
    pub title: String,
    pub variants: Vec<(VariantId, String, Money)>,
}

/// The promotions page: promotions, codes and what can be promoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PromotionsOverview {
    pub promotions: Vec<PromotionView>,
    pub codes: Vec<PromoCodeView>,
    pub products: Vec<PromotableProduct>,
}

/// A store's public page: who they are and a page of their products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorePageView {
    pub store: StoreSummary,
    /// The store's logo image, if it uploaded one.
    pub logo: Option<ImageRef>,
    pub description: String,
    /// ISO country code the store ships from.
    pub ships_from: String,
    pub since: chrono::DateTime<chrono::Utc>,
    /// Listed products in stock.
    pub product_count: i64,
    /// Average rating of the store's products' reviews, times 100.
    pub rating_x100: i64,
    pub review_count: i64,
    pub cards: CardPage,
}

/// A long operation in the console (a CSV import) as it runs: `done` of `total`
/// units so far, and its result once `state` is "done".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationView {
    pub id: i64,
    pub kind: String,
    /// "checking", "saving", "done" or "failed".
    pub state: String,
    pub total: i64,
    pub done: i64,
    /// Why it failed, when it did.
    pub message: String,
    pub import: Option<ImportReport>,
}

impl OperationView {
    pub fn finished(&self) -> bool {
        matches!(self.state.as_str(), "done" | "failed")
    }
}

/// What a catalogue import did, or why it did nothing: with any error, no row of the
/// file was imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub variants: i64,
    pub errors: Vec<ImportError>,
}

/// One refused cell or row of an import: line 1 is the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportError {
    pub line: i64,
    pub column: String,
    pub message: String,
}

/// A payment dispute as the store sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputeView {
    pub id: i64,
    pub order: OrderId,
    pub buyer_name: String,
    pub reason: crate::domain::dispute::DisputeReason,
    pub status: crate::domain::dispute::DisputeStatus,
    pub amount: Money,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    /// The last moment evidence is accepted.
    pub due_at: chrono::DateTime<chrono::Utc>,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub statement: String,
    pub documents: Vec<ImageRef>,
    /// "UPS 1Z…" when the order shipped with tracking.
    pub tracking: Option<String>,
    pub delivered: bool,
}

/// A store's disputes, open ones first, and how many need an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DisputeList {
    pub disputes: Vec<DisputeView>,
    pub needs_response: i64,
}

//! What the server sends to pages: plain data shared by both sides of the wire.

use crate::domain::{AccountId, CategoryId, Money, ProductId, Role, StoreId, VariantId};
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
}

impl VariantView {
    pub fn label(&self) -> String {
        match (&self.size, &self.color) {
            (Some(s), Some(c)) => format!("{c} / {s}"),
            (Some(s), None) => s.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => "Standard".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
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
    pub reviews: Vec<ReviewView>,
    /// How many reviews gave 1, 2, 3, 4 and 5 stars.
    pub rating_histogram: [i64; 5],
    /// Earliest and latest delivery for an order placed today with standard shipping.
    pub delivery: (chrono::NaiveDate, chrono::NaiveDate),
    /// Other products of the same category, best ranked first.
    pub similar: Vec<ProductCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryView {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
}

/// A page of product cards and the cursor of the next page, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

impl ProductEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductEventKind::View => "view",
            ProductEventKind::Click => "click",
            ProductEventKind::Impression => "impression",
        }
    }
}

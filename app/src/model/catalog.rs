//! The catalogue as buyers see it: cards, product pages, reviews, categories and
//! store pages, and the events the browser reports.

use crate::domain::CategoryId;
use crate::domain::Money;
use crate::domain::ProductId;
use crate::domain::ReviewId;
use crate::domain::StoreId;
use crate::domain::VariantId;
use crate::domain::pricing::Sale;
use serde::{Deserialize, Serialize};

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
    /// The store meets every seller standard: the card shows the badge.
    #[serde(default)]
    pub integrity_store: bool,
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
    /// Photos the author attached.
    #[serde(default)]
    pub photos: Vec<ImageRef>,
    /// The store's public answer.
    #[serde(default)]
    pub reply: Option<ReviewReply>,
    /// Written by a buyer who received the item.
    #[serde(default)]
    pub verified: bool,
}

/// A store's public answer under a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewReply {
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Changed after it was first posted.
    pub edited: bool,
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

/// How many reviews one page shows (the product page's first page, and each more).
pub const REVIEWS_PER_PAGE: u32 = 10;

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
    /// The store meets every seller standard (`domain::standards`): the badge.
    #[serde(default)]
    pub integrity_store: bool,
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
    /// The store meets every seller standard (`domain::standards`): the badge.
    #[serde(default)]
    pub integrity_store: bool,
}

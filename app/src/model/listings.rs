//! The seller's products, the product form, bulk actions, inventory and catalogue imports.

use super::catalog::CategoryView;
use super::catalog::ImageRef;
use crate::domain::Money;
use crate::domain::OperationId;
use crate::domain::ProductId;
use crate::domain::VariantId;
use serde::{Deserialize, Serialize};

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

/// A long operation in the console (a CSV import) as it runs: `done` of `total`
/// units so far, and its result once `state` is "done".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationView {
    pub id: OperationId,
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

//! A seller's listings, inventory and imports.

use crate::domain::OperationId;
use crate::domain::ProductId;
use crate::domain::StoreId;
use crate::domain::VariantId;
use crate::domain::listing::ValidListing;
use crate::error::AppResult;
use crate::model::listings::BulkAction;
use crate::model::listings::EditableProduct;
use crate::model::listings::InventoryRow;
use crate::model::listings::OperationView;
use crate::model::listings::ProductFilter;
use crate::model::listings::SellerProductPage;
use async_trait::async_trait;

/// A seller's listings. Every call is scoped to `store`.
#[async_trait]
pub trait ListingService: Send + Sync {
    /// A long operation (a CSV import) of the store: its progress and result.
    async fn operation(&self, store: StoreId, id: OperationId) -> AppResult<OperationView>;
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

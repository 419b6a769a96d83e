//! Wishlists.

use crate::domain::AccountId;
use crate::domain::DisplayName;
use crate::domain::ProductId;
use crate::domain::WishlistId;
use crate::error::AppResult;
use crate::model::wishlists::WishNotice;
use crate::model::wishlists::WishlistSummary;
use crate::model::wishlists::WishlistView;
use async_trait::async_trait;

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

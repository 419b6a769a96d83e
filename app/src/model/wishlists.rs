//! Wishlists and what changed about their items.

use super::catalog::ProductCard;
use crate::domain::Money;
use crate::domain::WishlistId;
use serde::{Deserialize, Serialize};

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

//! Offline changes: what a browser queued while it could not reach the shop, and what
//! the shop answers when the queue is replayed (the canonical state after it).

use super::cart::CartView;
use super::wishlists::WishlistSummary;
use crate::domain::{ProductId, VariantId, WishlistId};
use serde::{Deserialize, Serialize};

/// One change a buyer made offline. Checkout is never one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The heart: on puts the product in the default list, off takes it out of all.
    Wish {
        product: ProductId,
        on: bool,
    },
    /// Moves a wished product from one list to another.
    MoveWished {
        product: ProductId,
        from: WishlistId,
        to: WishlistId,
    },
    CreateList {
        name: String,
    },
    RenameList {
        list: WishlistId,
        name: String,
    },
    /// Adds to what is in the cart (never past the stock).
    AddToCart {
        variant: VariantId,
        quantity: u32,
    },
    /// Sets a line's quantity; 0 removes the line.
    SetQuantity {
        variant: VariantId,
        quantity: u32,
    },
}

/// A queued change with the client's mutation id (strictly increasing per client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedChange {
    pub id: u64,
    pub change: Change,
}

/// What became of one change of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ChangeOutcome {
    Applied,
    /// Applied before (its id is not above the client's last applied id).
    Skipped,
    /// The shop refused it (product removed, sold out, list deleted); it will not be
    /// retried. The message says why, for the buyer.
    Refused {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeResult {
    pub id: u64,
    #[serde(flatten)]
    pub outcome: ChangeOutcome,
}

/// The answer to a replayed batch: each change's outcome, the client's last applied
/// mutation id and the canonical state the page shows afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    pub last_mutation_id: u64,
    pub results: Vec<ChangeResult>,
    pub wished: Vec<ProductId>,
    pub lists: Vec<WishlistSummary>,
    pub cart: CartView,
}

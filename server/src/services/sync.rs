//! Offline changes applied exactly once (the Replicache design).
//!
//! A browser queues the wishlist and cart changes a buyer makes offline, each with a
//! strictly increasing mutation id under the profile's client id, and replays them
//! in order when the network returns. For each change, one transaction claims the id
//! (`UPDATE sync_clients … WHERE last_mutation_id < id`) and applies the change, so
//! the id is recorded as applied exactly when the change is: a replay of a batch whose
//! answer was lost, a second tab sending the same queue, or a retry finds the id taken
//! and skips it. On PostgreSQL the claim's row lock makes a concurrent claim wait and
//! then see the new id; on SQLite the transaction holds the write lock from its start.
//!
//! A change the shop refuses (the product is gone or sold out, the list was deleted)
//! is rolled back and its id recorded alone, so it is answered as refused once and
//! never retried. Anything else (the database failing) stops the batch with an error;
//! the browser retries it later and the ids already applied are skipped.

use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::services::{cart, wishlists};
use crate::storage::{Db, Row};
use app::backend::{CartOwner, CartService, SyncService, WishlistService};
use app::domain::sync::{ClientId, check_batch, is_new};
use app::domain::{AccountId, DisplayName, Quantity};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use sqlx::AnyConnection;
use std::sync::Arc;

pub struct Sync {
    db: Db,
    clock: Arc<dyn Clock>,
    wishlists: Arc<dyn WishlistService>,
    cart: Arc<dyn CartService>,
}

impl Sync {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        wishlists: Arc<dyn WishlistService>,
        cart: Arc<dyn CartService>,
    ) -> Self {
        Self {
            db,
            clock,
            wishlists,
            cart,
        }
    }

    /// The client's last applied id, registering the client for `account` on first
    /// use. A client id that belongs to another account is not found: its owner never
    /// moves (`ON CONFLICT DO NOTHING`).
    async fn register(&self, account: AccountId, client: &ClientId) -> AppResult<u64> {
        sqlx::query(
            "INSERT INTO sync_clients (client_id, account_id, last_mutation_id, updated_at)
             VALUES ($1, $2, 0, $3) ON CONFLICT (client_id) DO NOTHING",
        )
        .bind(client.as_str())
        .bind(account.0)
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("registering a sync client")?;
        self.last_applied(account, client).await
    }

    async fn last_applied(&self, account: AccountId, client: &ClientId) -> AppResult<u64> {
        let row = sqlx::query(
            "SELECT last_mutation_id FROM sync_clients WHERE client_id = $1 AND account_id = $2",
        )
        .bind(client.as_str())
        .bind(account.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("reading a sync client")?
        .ok_or_else(|| AppError::not_found("client"))?;
        let last: i64 = row.try_get("last_mutation_id").internal("last id")?;
        Ok(u64::try_from(last).unwrap_or(0))
    }

    /// One change, exactly once: claim its id and apply it in one transaction.
    async fn apply_once(
        &self,
        account: AccountId,
        client: &ClientId,
        queued: &QueuedChange,
    ) -> AppResult<ChangeOutcome> {
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a change")?;
        if !claim(&mut tx, account, client, queued.id, now).await? {
            return Ok(ChangeOutcome::Skipped);
        }
        match apply(&mut tx, now, account, &queued.change).await {
            Ok(()) => {
                tx.commit().await.internal("committing a change")?;
                Ok(ChangeOutcome::Applied)
            }
            Err(refused) if is_refusal(&refused) => {
                tx.rollback().await.internal("rolling back a change")?;
                self.record_refusal(account, client, queued.id).await?;
                Ok(ChangeOutcome::Refused {
                    message: refused.to_string(),
                })
            }
            Err(other) => Err(other),
        }
    }

    /// A refused change's id, recorded alone so it is not tried again.
    async fn record_refusal(
        &self,
        account: AccountId,
        client: &ClientId,
        id: u64,
    ) -> AppResult<()> {
        let mut tx = self.db.begin().await.internal("starting a refusal")?;
        claim(&mut tx, account, client, id, self.clock.now_ms()).await?;
        tx.commit().await.internal("committing a refusal")
    }

    /// What the page shows after the batch.
    async fn state(
        &self,
        account: AccountId,
        last_mutation_id: u64,
        results: Vec<ChangeResult>,
    ) -> AppResult<SyncState> {
        Ok(SyncState {
            last_mutation_id,
            results,
            wished: self.wishlists.wished(account).await?,
            lists: self.wishlists.lists(account).await?,
            cart: self.cart.cart(&CartOwner::Account(account)).await?,
        })
    }
}

/// Moves the client's last applied id to `id` if it is below it. True when this
/// transaction claimed the id (the change is new).
async fn claim(
    conn: &mut AnyConnection,
    account: AccountId,
    client: &ClientId,
    id: u64,
    now_ms: i64,
) -> AppResult<bool> {
    let id = i64::try_from(id)
        .map_err(|_| AppError::validation("id", "A change's id is out of range."))?;
    let claimed = sqlx::query(
        "UPDATE sync_clients SET last_mutation_id = $3, updated_at = $4
         WHERE client_id = $1 AND account_id = $2 AND last_mutation_id < $3",
    )
    .bind(client.as_str())
    .bind(account.0)
    .bind(id)
    .bind(now_ms)
    .execute(conn)
    .await
    .internal("claiming a change")?
    .rows_affected();
    Ok(claimed == 1)
}

/// Runs one change with the same statements as the server functions.
async fn apply(
    conn: &mut AnyConnection,
    now_ms: i64,
    account: AccountId,
    change: &Change,
) -> AppResult<()> {
    let owner = CartOwner::Account(account);
    match change {
        Change::Wish { product, on } => {
            wishlists::changes::wish(conn, now_ms, account, *product, *on).await
        }
        Change::MoveWished { product, from, to } => {
            wishlists::changes::move_item(conn, account, *product, *from, *to).await
        }
        Change::CreateList { name } => {
            let name = list_name(name)?;
            wishlists::changes::create_list(conn, now_ms, account, &name)
                .await
                .map(|_| ())
        }
        Change::RenameList { list, name } => {
            let name = list_name(name)?;
            wishlists::changes::rename_list(conn, account, *list, &name).await
        }
        Change::AddToCart { variant, quantity } => {
            let quantity =
                Quantity::new(*quantity).map_err(|e| AppError::validation("quantity", e.0))?;
            cart::changes::add(conn, now_ms, &owner, *variant, quantity).await
        }
        Change::SetQuantity { variant, quantity } => {
            cart::changes::set_quantity(conn, now_ms, &owner, *variant, *quantity).await
        }
    }
}

fn list_name(name: &str) -> AppResult<DisplayName> {
    DisplayName::parse(name).map_err(|e| AppError::validation("name", e.0))
}

/// The shop said no to the change itself (as opposed to failing to run it).
fn is_refusal(error: &AppError) -> bool {
    matches!(
        error,
        AppError::NotFound(_)
            | AppError::Conflict(_)
            | AppError::Validation { .. }
            | AppError::Forbidden
    )
}

#[async_trait]
impl SyncService for Sync {
    #[tracing::instrument(skip_all, fields(account = %account, changes = changes.len()))]
    async fn push(
        &self,
        account: AccountId,
        client: &ClientId,
        changes: Vec<QueuedChange>,
    ) -> AppResult<SyncState> {
        let ids: Vec<u64> = changes.iter().map(|c| c.id).collect();
        check_batch(&ids)?;
        let mut last = self.register(account, client).await?;
        let mut results = Vec::with_capacity(changes.len());
        for queued in &changes {
            let outcome = if is_new(queued.id, last) {
                self.apply_once(account, client, queued).await?
            } else {
                ChangeOutcome::Skipped
            };
            last = last.max(queued.id);
            results.push(ChangeResult {
                id: queued.id,
                outcome,
            });
        }
        let last = self.last_applied(account, client).await?;
        self.state(account, last, results).await
    }
}

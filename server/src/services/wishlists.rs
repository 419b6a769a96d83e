//! Named wishlists: a default list created on first use, hearts, sharing by link,
//! and notices when a wished item gets cheaper or comes back in stock.

pub(crate) mod changes;

use changes::PRICE_AND_STOCK;

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::platform::new_token;
use crate::services::catalog::{CARD_COLUMNS, card};
use crate::storage::{Db, Row};
use app::backend::WishlistService;
use app::domain::{AccountId, DisplayName, Money, ProductId, WishlistId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

pub struct Wishlists {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Wishlists {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    /// A connection for one change (the change functions take a connection).
    async fn conn(&self) -> AppResult<sqlx::pool::PoolConnection<sqlx::Any>> {
        self.db
            .pool
            .acquire()
            .await
            .internal("acquiring a connection")
    }

    async fn summary(&self, account: AccountId, id: WishlistId) -> AppResult<WishlistSummary> {
        self.lists(account)
            .await?
            .into_iter()
            .find(|l| l.id == id)
            .ok_or_else(|| AppError::not_found("wishlist"))
    }

    async fn view(
        &self,
        summary: WishlistSummary,
        owner_name: String,
        read_only: bool,
    ) -> AppResult<WishlistView> {
        let rows = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS}, wi.added_at, {PRICE_AND_STOCK}
             FROM wishlist_items wi JOIN products p ON p.id = wi.product_id JOIN stores s ON s.id = p.store_id
             WHERE wi.wishlist_id = $1 AND p.status = 'active' AND s.status = 'verified'
             ORDER BY wi.added_at DESC, p.id DESC"
        ))
        .bind(summary.id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading a wishlist")?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut c = card(row).internal("reading a wished item")?;
            let stock: i64 = row.try_get("stock").internal("stock")?;
            if c.price.minor() == 0
                && let Some(p) = row
                    .try_get::<Option<i64>, _>("lowest_price")
                    .internal("price")?
            {
                c.price = Money::new(p, c.price.currency());
            }
            items.push(WishedItem {
                card: c,
                in_stock: stock > 0,
                added_at: from_ms(row.try_get("added_at").internal("added")?),
            });
        }
        let mut cards: Vec<ProductCard> = items.iter().map(|i| i.card.clone()).collect();
        crate::services::promotions::price_cards(&self.db, self.clock.now(), &mut cards).await?;
        for (item, card) in items.iter_mut().zip(cards) {
            item.card = card;
        }
        Ok(WishlistView {
            summary,
            owner_name,
            items,
            read_only,
        })
    }
}

#[async_trait]
impl WishlistService for Wishlists {
    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn lists(&self, account: AccountId) -> AppResult<Vec<WishlistSummary>> {
        changes::default_list(&mut *self.conn().await?, self.clock.now_ms(), account).await?;
        let rows = sqlx::query(
            "SELECT w.id, w.name, w.is_default, w.share_token,
                    (SELECT COUNT(*) FROM wishlist_items wi WHERE wi.wishlist_id = w.id) AS item_count
             FROM wishlists w WHERE w.account_id = $1 ORDER BY w.is_default DESC, w.id",
        )
        .bind(account.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing wishlists")?;
        rows.iter()
            .map(|r| -> Result<WishlistSummary, sqlx::Error> {
                Ok(WishlistSummary {
                    id: WishlistId(r.try_get("id")?),
                    name: r.try_get("name")?,
                    is_default: r.try_get::<i64, _>("is_default")? != 0,
                    share_token: r.try_get("share_token")?,
                    item_count: r.try_get("item_count")?,
                })
            })
            .collect::<Result<_, _>>()
            .internal("reading wishlists")
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn list(&self, account: AccountId, id: WishlistId) -> AppResult<WishlistView> {
        let summary = self.summary(account, id).await?;
        self.view(summary, String::new(), false).await
    }

    #[tracing::instrument(skip_all)]
    async fn shared(&self, token: &str) -> AppResult<WishlistView> {
        let row = sqlx::query(
            "SELECT w.id, w.name AS w_name, w.is_default, w.share_token, a.name AS owner,
                    (SELECT COUNT(*) FROM wishlist_items wi WHERE wi.wishlist_id = w.id) AS item_count
             FROM wishlists w JOIN accounts a ON a.id = w.account_id WHERE w.share_token = $1",
        )
        .bind(token)
        .fetch_optional(&self.db.pool)
        .await
        .internal("opening a shared list")?
        .ok_or_else(|| AppError::NotFound("This list is no longer shared.".into()))?;
        let summary = WishlistSummary {
            id: WishlistId(row.try_get("id").internal("id")?),
            name: row.try_get("w_name").internal("name")?,
            is_default: row.try_get::<i64, _>("is_default").internal("default")? != 0,
            share_token: row.try_get("share_token").internal("token")?,
            item_count: row.try_get("item_count").internal("count")?,
        };
        let owner: String = row.try_get("owner").internal("owner")?;
        self.view(summary, owner, true).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn wished(&self, account: AccountId) -> AppResult<Vec<ProductId>> {
        let rows = sqlx::query(
            "SELECT DISTINCT wi.product_id FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id
             WHERE w.account_id = $1 ORDER BY wi.product_id",
        )
        .bind(account.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing wished products")?;
        rows.iter()
            .map(|r| r.try_get("product_id").map(ProductId))
            .collect::<Result<_, _>>()
            .internal("wished product")
    }

    #[tracing::instrument(skip_all, fields(account = %account, product = %product))]
    async fn set_wished(
        &self,
        account: AccountId,
        product: ProductId,
        on: bool,
    ) -> AppResult<Vec<ProductId>> {
        changes::wish(
            &mut *self.conn().await?,
            self.clock.now_ms(),
            account,
            product,
            on,
        )
        .await?;
        self.wished(account).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn create_list(
        &self,
        account: AccountId,
        name: DisplayName,
    ) -> AppResult<WishlistSummary> {
        let id = changes::create_list(
            &mut *self.conn().await?,
            self.clock.now_ms(),
            account,
            &name,
        )
        .await?;
        self.summary(account, id).await
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn rename_list(
        &self,
        account: AccountId,
        id: WishlistId,
        name: DisplayName,
    ) -> AppResult<WishlistSummary> {
        changes::rename_list(&mut *self.conn().await?, account, id, &name).await?;
        self.summary(account, id).await
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn delete_list(&self, account: AccountId, id: WishlistId) -> AppResult<()> {
        let list = self.summary(account, id).await?;
        if list.is_default {
            return Err(AppError::validation(
                "list",
                "The default list can't be deleted. Rename it or empty it instead.",
            ));
        }
        sqlx::query("DELETE FROM wishlists WHERE id = $1 AND account_id = $2")
            .bind(id.0)
            .bind(account.0)
            .execute(&self.db.pool)
            .await
            .internal("deleting a list")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(account = %account, product = %product, from = %from, to = %to))]
    async fn move_item(
        &self,
        account: AccountId,
        product: ProductId,
        from: WishlistId,
        to: WishlistId,
    ) -> AppResult<()> {
        let mut tx = self.db.begin().await.internal("starting a move")?;
        changes::move_item(&mut tx, account, product, from, to).await?;
        tx.commit().await.internal("committing a move")
    }

    #[tracing::instrument(skip_all, fields(account = %account, id = %id))]
    async fn set_shared(
        &self,
        account: AccountId,
        id: WishlistId,
        on: bool,
    ) -> AppResult<WishlistSummary> {
        let list = self.summary(account, id).await?;
        let token = match (on, list.share_token) {
            (true, Some(t)) => Some(t),
            (true, None) => Some(new_token().0[..20].to_owned()),
            (false, _) => None,
        };
        sqlx::query("UPDATE wishlists SET share_token = $3 WHERE id = $1 AND account_id = $2")
            .bind(id.0)
            .bind(account.0)
            .bind(token)
            .execute(&self.db.pool)
            .await
            .internal("sharing a list")?;
        self.summary(account, id).await
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn notices(&self, account: AccountId) -> AppResult<Vec<WishNotice>> {
        let rows = sqlx::query(&format!(
            "SELECT {CARD_COLUMNS}, MAX(wi.price_seen_minor) AS price_seen, MIN(wi.stock_seen) AS stock_seen
             FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id
             JOIN products p ON p.id = wi.product_id JOIN stores s ON s.id = p.store_id
             WHERE w.account_id = $1 AND p.status = 'active' AND s.status = 'verified'
               AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0)
             GROUP BY p.id, p.slug, p.title, p.currency, p.rating_sum, p.rating_count, s.name, s.verdict
             ORDER BY p.id DESC"
        ))
        .bind(account.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading wishlist notices")?;
        let mut cards = rows
            .iter()
            .map(card)
            .collect::<Result<Vec<_>, _>>()
            .internal("reading a notice")?;
        crate::services::promotions::price_cards(&self.db, self.clock.now(), &mut cards).await?;
        let mut notices = Vec::new();
        for (row, c) in rows.iter().zip(cards) {
            let seen: Option<i64> = row.try_get("price_seen").internal("price seen")?;
            let stock_seen: i64 = row.try_get("stock_seen").internal("stock seen")?;
            if stock_seen <= 0 {
                notices.push(WishNotice::BackInStock { card: c });
            } else if let Some(was) = seen.filter(|was| *was > c.price.minor()) {
                let was = Money::new(was, c.price.currency());
                notices.push(WishNotice::PriceDrop { card: c, was });
            }
        }
        Ok(notices)
    }
}

//! The wishlist changes a buyer can make, written against one connection so the same
//! statements run alone (the server functions) or inside the transaction that records
//! an offline change as applied (`services::sync`).

use crate::platform::OrInternal;
use crate::storage::Row;
use app::domain::{AccountId, DisplayName, ProductId, WishlistId};
use app::error::{AppError, AppResult};
use sqlx::AnyConnection;

/// At most this many lists per account.
pub const MAX_LISTS: i64 = 50;

/// The cheapest in-stock price of a product (or its cheapest price if none is in stock)
/// and its total stock.
pub(crate) const PRICE_AND_STOCK: &str =
    "(SELECT MIN(v.price_minor) FROM variants v WHERE v.product_id = p.id) AS lowest_price,
    (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS stock";

/// The account's default list, created on first use.
pub(crate) async fn default_list(
    conn: &mut AnyConnection,
    now_ms: i64,
    account: AccountId,
) -> AppResult<WishlistId> {
    if let Some(row) =
        sqlx::query("SELECT id FROM wishlists WHERE account_id = $1 AND is_default = 1")
            .bind(account.0)
            .fetch_optional(&mut *conn)
            .await
            .internal("finding the default list")?
    {
        return row.try_get("id").map(WishlistId).internal("list id");
    }
    sqlx::query(
        "INSERT INTO wishlists (account_id, name, is_default, created_at) VALUES ($1, 'Wishlist', 1, $2) RETURNING id",
    )
    .bind(account.0)
    .bind(now_ms)
    .fetch_one(conn)
    .await
    .internal("creating the default list")?
    .try_get(0)
    .map(WishlistId)
    .internal("list id")
}

/// The heart: on puts an active product in the default list (with the price and stock
/// seen, for notices); off takes it out of every list of the account.
pub(crate) async fn wish(
    conn: &mut AnyConnection,
    now_ms: i64,
    account: AccountId,
    product: ProductId,
    on: bool,
) -> AppResult<()> {
    if !on {
        sqlx::query(
            "DELETE FROM wishlist_items WHERE product_id = $1
             AND wishlist_id IN (SELECT id FROM wishlists WHERE account_id = $2)",
        )
        .bind(product.0)
        .bind(account.0)
        .execute(conn)
        .await
        .internal("unwishing a product")?;
        return Ok(());
    }
    let row = sqlx::query(&format!(
        "SELECT {PRICE_AND_STOCK} FROM products p JOIN stores s ON s.id = p.store_id
         WHERE p.id = $1 AND p.status = 'active' AND s.status = 'verified'"
    ))
    .bind(product.0)
    .fetch_optional(&mut *conn)
    .await
    .internal("checking a product")?
    .ok_or_else(|| AppError::not_found("product"))?;
    let price: Option<i64> = row.try_get("lowest_price").internal("price")?;
    let stock: i64 = row.try_get("stock").internal("stock")?;
    let list = default_list(conn, now_ms, account).await?;
    sqlx::query(
        "INSERT INTO wishlist_items (wishlist_id, product_id, added_at, price_seen_minor, stock_seen)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (wishlist_id, product_id) DO NOTHING",
    )
    .bind(list.0)
    .bind(product.0)
    .bind(now_ms)
    .bind(price)
    .bind(stock)
    .execute(conn)
    .await
    .internal("wishing a product")?;
    Ok(())
}

/// Refuses a list id that is not one of the account's (404, like any other's record).
pub(crate) async fn owned(
    conn: &mut AnyConnection,
    account: AccountId,
    list: WishlistId,
) -> AppResult<()> {
    sqlx::query("SELECT id FROM wishlists WHERE id = $1 AND account_id = $2")
        .bind(list.0)
        .bind(account.0)
        .fetch_optional(conn)
        .await
        .internal("finding a list")?
        .map(|_| ())
        .ok_or_else(|| AppError::not_found("wishlist"))
}

/// A new list, at most [`MAX_LISTS`] per account.
pub(crate) async fn create_list(
    conn: &mut AnyConnection,
    now_ms: i64,
    account: AccountId,
    name: &DisplayName,
) -> AppResult<WishlistId> {
    default_list(conn, now_ms, account).await?;
    let count: i64 = sqlx::query("SELECT COUNT(*) FROM wishlists WHERE account_id = $1")
        .bind(account.0)
        .fetch_one(&mut *conn)
        .await
        .internal("counting lists")?
        .try_get(0)
        .internal("list count")?;
    if count >= MAX_LISTS {
        return Err(AppError::validation(
            "name",
            format!("You can keep up to {MAX_LISTS} lists."),
        ));
    }
    sqlx::query(
        "INSERT INTO wishlists (account_id, name, is_default, created_at) VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(account.0)
    .bind(name.as_str())
    .bind(now_ms)
    .fetch_one(conn)
    .await
    .internal("creating a list")?
    .try_get(0)
    .map(WishlistId)
    .internal("list id")
}

pub(crate) async fn rename_list(
    conn: &mut AnyConnection,
    account: AccountId,
    list: WishlistId,
    name: &DisplayName,
) -> AppResult<()> {
    owned(conn, account, list).await?;
    sqlx::query("UPDATE wishlists SET name = $3 WHERE id = $1 AND account_id = $2")
        .bind(list.0)
        .bind(account.0)
        .bind(name.as_str())
        .execute(conn)
        .await
        .internal("renaming a list")?;
    Ok(())
}

/// Moves a wished product between two of the account's lists (run it in a
/// transaction: it copies, then deletes).
pub(crate) async fn move_item(
    conn: &mut AnyConnection,
    account: AccountId,
    product: ProductId,
    from: WishlistId,
    to: WishlistId,
) -> AppResult<()> {
    owned(conn, account, from).await?;
    owned(conn, account, to).await?;
    if from == to {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO wishlist_items (wishlist_id, product_id, variant_id, added_at, price_seen_minor, stock_seen)
         SELECT $3, product_id, variant_id, added_at, price_seen_minor, stock_seen FROM wishlist_items
         WHERE wishlist_id = $1 AND product_id = $2
         ON CONFLICT (wishlist_id, product_id) DO NOTHING",
    )
    .bind(from.0)
    .bind(product.0)
    .bind(to.0)
    .execute(&mut *conn)
    .await
    .internal("moving an item")?;
    let removed =
        sqlx::query("DELETE FROM wishlist_items WHERE wishlist_id = $1 AND product_id = $2")
            .bind(from.0)
            .bind(product.0)
            .execute(conn)
            .await
            .internal("moving an item")?
            .rows_affected();
    if removed == 0 {
        return Err(AppError::not_found("item"));
    }
    Ok(())
}

//! What search engines are pointed at: the sitemap of the storefront's public pages
//! (home, categories, verified stores and their listed products), split into files of
//! at most [`PER_FILE`] addresses under one index, as the sitemap protocol asks
//! (50,000 at most per file). `http::sitemap` writes them as XML, with robots.txt.

use super::LISTED;
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::error::AppResult;

/// Addresses per sitemap file.
pub const PER_FILE: i64 = 40_000;

/// One address of the sitemap: a path of the storefront and when it last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub path: String,
    pub modified_ms: Option<i64>,
}

/// How many product files the sitemap has (at least one, maybe empty).
pub async fn product_files(db: &Db) -> AppResult<i64> {
    let n: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) FROM products p JOIN stores s ON s.id = p.store_id WHERE {LISTED}"
    ))
    .fetch_one(&db.pool)
    .await
    .internal("counting listed products")?
    .try_get(0)
    .internal("listed products")?;
    Ok(((n + PER_FILE - 1) / PER_FILE).max(1))
}

/// The home page, every category with a listed product and every verified store.
pub async fn pages(db: &Db) -> AppResult<Vec<Entry>> {
    let mut entries = vec![Entry {
        path: "/".into(),
        modified_ms: None,
    }];
    let categories = sqlx::query(&format!(
        "SELECT c.slug FROM categories c WHERE EXISTS
           (SELECT 1 FROM products p JOIN stores s ON s.id = p.store_id WHERE p.category_id = c.id AND {LISTED})
         ORDER BY c.position, c.id"
    ))
    .fetch_all(&db.pool)
    .await
    .internal("listing categories for the sitemap")?;
    for row in categories {
        let slug: String = row.try_get("slug").internal("category slug")?;
        entries.push(Entry {
            path: format!("/c/{slug}"),
            modified_ms: None,
        });
    }
    let stores = sqlx::query("SELECT slug FROM stores WHERE status = 'verified' ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .internal("listing stores for the sitemap")?;
    for row in stores {
        let slug: String = row.try_get("slug").internal("store slug")?;
        entries.push(Entry {
            path: format!("/s/{slug}"),
            modified_ms: None,
        });
    }
    Ok(entries)
}

/// The `part`th file of listed products (from 1), oldest listing first; empty past
/// the last one.
pub async fn products(db: &Db, part: i64) -> AppResult<Vec<Entry>> {
    let rows = sqlx::query(&format!(
        "SELECT p.id, p.slug, p.updated_at FROM products p JOIN stores s ON s.id = p.store_id
         WHERE {LISTED} ORDER BY p.id LIMIT $1 OFFSET $2"
    ))
    .bind(PER_FILE)
    .bind((part - 1).max(0) * PER_FILE)
    .fetch_all(&db.pool)
    .await
    .internal("listing products for the sitemap")?;
    rows.into_iter()
        .map(|row| {
            let id: i64 = row.try_get("id").internal("product id")?;
            let slug: String = row.try_get("slug").internal("product slug")?;
            Ok(Entry {
                path: format!("/p/{id}/{slug}"),
                modified_ms: Some(row.try_get("updated_at").internal("product updated")?),
            })
        })
        .collect()
}

//! Writing a checked listing: the product, its variants and its images, in the
//! caller's transaction. The product form and the CSV import both save through it.

use crate::platform::OrInternal;
use crate::platform::slugify;
use crate::storage::Row;
use app::domain::listing::ValidListing;
use app::domain::{ProductId, StoreId};
use app::error::{AppError, AppResult};

/// Writes a checked listing in `tx`: creates the product (`id` None) or updates it,
/// with its variants (kept ones by id, new ones inserted, left-out ones removed) and
/// images. The caller has checked that `id` and the images are the store's.
pub(super) async fn write_listing(
    tx: &mut crate::services::money::ledger::Tx<'_>,
    store: StoreId,
    id: Option<ProductId>,
    l: &ValidListing,
    now: i64,
) -> AppResult<ProductId> {
    // Tags are stored space-separated for search; multi-word tags keep dashes.
    let tags = l
        .tags
        .iter()
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join("-")
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let product = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE products SET title = $3, description = $4, category_id = $5, tags = $6,
                    status = CASE WHEN blocked_at IS NULL THEN $7 ELSE 'hidden' END,
                    shipping_minor = $8, handling_days = $9, video_url = $10, updated_at = $11
                 WHERE id = $1 AND store_id = $2",
            )
            .bind(id.0)
            .bind(store.0)
            .bind(&l.title)
            .bind(&l.description)
            .bind(l.category)
            .bind(&tags)
            .bind(l.status.as_str())
            .bind(l.shipping.minor())
            .bind(l.handling_days)
            .bind(l.video_url.clone().unwrap_or_default())
            .bind(now)
            .execute(&mut **tx)
            .await
            .internal("updating a product")?;
            id
        }
        None => {
            let row = sqlx::query(
                "INSERT INTO products (store_id, category_id, slug, title, description, tags, status, currency,
                    shipping_minor, handling_days, video_url, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'USD', $8, $9, $10, $11, $11) RETURNING id",
            )
            .bind(store.0)
            .bind(l.category)
            .bind(slugify(&l.title))
            .bind(&l.title)
            .bind(&l.description)
            .bind(&tags)
            .bind(l.status.as_str())
            .bind(l.shipping.minor())
            .bind(l.handling_days)
            .bind(l.video_url.clone().unwrap_or_default())
            .bind(now)
            .fetch_one(&mut **tx)
            .await
            .internal("creating a product")?;
            ProductId(row.try_get(0).internal("product id")?)
        }
    };
    sqlx::query("UPDATE products SET low_stock = $2, restock_on = $3 WHERE id = $1")
        .bind(product.0)
        .bind(l.low_stock)
        .bind(l.restock_on.map(|d| d.format("%Y-%m-%d").to_string()))
        .execute(&mut **tx)
        .await
        .internal("saving inventory settings")?;
    if id.is_some() {
        sqlx::query("UPDATE products SET slug = $2 WHERE id = $1")
            .bind(product.0)
            .bind(slugify(&l.title))
            .execute(&mut **tx)
            .await
            .internal("renaming a product")?;
    }
    // Variants: update the kept ones, insert the new ones, delete the removed ones.
    let kept: Vec<i64> = l.variants.iter().filter_map(|v| v.id).collect();
    let existing: Vec<i64> = sqlx::query("SELECT id FROM variants WHERE product_id = $1")
        .bind(product.0)
        .fetch_all(&mut **tx)
        .await
        .internal("loading variants")?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()
        .internal("variant ids")?;
    if let Some(stranger) = kept.iter().find(|k| !existing.contains(k)) {
        return Err(AppError::validation(
            "variants",
            format!("Variant {stranger} is not part of this product; reload the page."),
        ));
    }
    for gone in existing.iter().filter(|e| !kept.contains(e)) {
        sqlx::query("DELETE FROM variants WHERE id = $1")
            .bind(gone)
            .execute(&mut **tx)
            .await
            .internal("removing a variant")?;
    }
    // Park kept SKUs first so a swap of two SKUs does not hit the unique index.
    sqlx::query("UPDATE variants SET sku = '~' || CAST(id AS TEXT) WHERE product_id = $1")
        .bind(product.0)
        .execute(&mut **tx)
        .await
        .internal("parking SKUs")?;
    for (position, v) in l.variants.iter().enumerate() {
        let q = match v.id {
            Some(vid) => sqlx::query(
                "UPDATE variants SET size = $2, color = $3, sku = $4, price_minor = $5, compare_at_minor = $6,
                    stock = $7, position = $8 WHERE id = $1",
            )
            .bind(vid),
            None => sqlx::query(
                "INSERT INTO variants (product_id, size, color, sku, price_minor, compare_at_minor, stock, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(product.0),
        };
        q.bind(v.size.clone())
            .bind(v.color.clone())
            .bind(v.sku.as_str())
            .bind(v.price.minor())
            .bind(v.compare_at.map(|c| c.minor()))
            .bind(v.stock)
            .bind(position as i64)
            .execute(&mut **tx)
            .await
            .internal("saving a variant")?;
    }
    sqlx::query("DELETE FROM product_images WHERE product_id = $1")
        .bind(product.0)
        .execute(&mut **tx)
        .await
        .internal("clearing product images")?;
    for (position, key) in l.images.iter().enumerate() {
        sqlx::query("INSERT INTO product_images (product_id, image_key, alt, position) VALUES ($1, $2, $3, $4)")
            .bind(product.0)
            .bind(key)
            .bind(&l.title)
            .bind(position as i64)
            .execute(&mut **tx)
            .await
            .internal("attaching an image")?;
    }
    Ok(product)
}

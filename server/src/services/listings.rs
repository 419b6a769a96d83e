//! A seller's listings: the product list with filters, the product form (create and
//! edit with variants and images) and bulk actions. Every statement is scoped to the
//! caller's store; another store's product is "not found".
//!
//! **Low stock is per product and mailed once per fall.** Each product has a low-stock
//! level (default 5) that the inventory page and dashboard alerts use; the minute job
//! mails the store when an active product's variant falls to it, claims the product
//! first (so one node sends it), and mails again only after every variant was back
//! above the level. A restock date on the product is shown to buyers on sold-out
//! variants until it passes.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::backend::ListingService;
use app::domain::listing::{
    ListingStatus, ProductDraft, ValidListing, VariantDraft, change_by_percent,
};
use app::domain::{CategoryId, Currency, Money, OperationId, ProductId, StoreId, VariantId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

pub mod import;
mod write;

use write::write_listing;

pub struct Listings {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Listings {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    async fn categories(&self) -> AppResult<Vec<CategoryView>> {
        sqlx::query("SELECT id, slug, name FROM categories ORDER BY position, name")
            .fetch_all(&self.db.pool)
            .await
            .internal("loading categories")?
            .iter()
            .map(|r| {
                Ok(CategoryView {
                    id: CategoryId(r.try_get("id")?),
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .internal("reading categories")
    }

    async fn inventory_rows(
        &self,
        store: StoreId,
        only: Option<VariantId>,
        since: i64,
    ) -> AppResult<Vec<InventoryRow>> {
        sqlx::query(
            "SELECT p.id AS product, p.title, v.id AS variant, v.size, v.color, v.sku, v.stock,
                    (SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                      WHERE oi.variant_id = v.id AND o.placed_at >= $2 AND o.status <> 'cancelled') AS sold,
                    p.low_stock
             FROM variants v JOIN products p ON p.id = v.product_id
             WHERE p.store_id = $1 AND ($3 = 0 OR v.id = $3)
             ORDER BY sold DESC, v.stock ASC, p.title, v.position LIMIT 2000",
        )
        .bind(store.0)
        .bind(since)
        .bind(only.map_or(0, |v| v.0))
        .fetch_all(&self.db.pool)
        .await
        .internal("loading inventory")?
        .iter()
        .map(|r| -> Result<InventoryRow, sqlx::Error> {
            let size: Option<String> = r.try_get("size")?;
            let color: Option<String> = r.try_get("color")?;
            let stock: i64 = r.try_get("stock")?;
            let sold: i64 = r.try_get("sold")?;
            Ok(InventoryRow {
                product: ProductId(r.try_get("product")?),
                title: r.try_get("title")?,
                variant: VariantId(r.try_get("variant")?),
                label: app::model::variant_label(size.as_deref(), color.as_deref()),
                sku: r.try_get("sku")?,
                stock,
                sold_30d: sold,
                days_of_cover: (sold > 0).then(|| stock * 30 / sold),
                low_stock: r.try_get("low_stock")?,
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading inventory")
    }

    /// The product's id if it belongs to `store`.
    async fn owned(&self, store: StoreId, id: ProductId) -> AppResult<()> {
        sqlx::query("SELECT id FROM products WHERE id = $1 AND store_id = $2")
            .bind(id.0)
            .bind(store.0)
            .fetch_optional(&self.db.pool)
            .await
            .internal("finding a product")?
            .map(|_| ())
            .ok_or_else(|| AppError::not_found("product"))
    }
}

/// Mails each store about its products whose stock fell to their low-stock level, once
/// per fall: a product is mailed again only after every variant was above the level.
/// Safe on many nodes: each product is claimed before its mail is queued.
#[tracing::instrument(skip_all)]
pub async fn mail_low_stock(db: &Db, now: i64, public_url: &str, log_body: bool) -> AppResult<u64> {
    const LOW: &str = "EXISTS (SELECT 1 FROM variants v WHERE v.product_id = products.id AND v.stock <= products.low_stock)";
    sqlx::query(&format!(
        "UPDATE products SET low_stock_mailed_at = NULL WHERE low_stock_mailed_at IS NOT NULL AND NOT {LOW}"
    ))
    .execute(&db.pool)
    .await
    .internal("clearing low-stock marks")?;
    let due = sqlx::query(&format!(
        "SELECT products.id, products.title, COALESCE(NULLIF(s.contact_email, ''), a.email) AS email, products.low_stock
         FROM products JOIN stores s ON s.id = products.store_id JOIN accounts a ON a.id = s.owner_id
         WHERE products.status = 'active' AND products.low_stock_mailed_at IS NULL AND {LOW}
         ORDER BY products.id LIMIT 200"
    ))
    .fetch_all(&db.pool)
    .await
    .internal("finding low stock")?;
    let mut mailed = 0;
    for r in &due {
        let id: i64 = r.try_get("id").internal("product")?;
        let title: String = r.try_get("title").internal("title")?;
        let to: String = r.try_get("email").internal("email")?;
        let level: i64 = r.try_get("low_stock").internal("level")?;
        let mut tx = db.begin().await.internal("starting a low-stock mail")?;
        let claimed = sqlx::query(
            "UPDATE products SET low_stock_mailed_at = $2 WHERE id = $1 AND low_stock_mailed_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("claiming a low-stock mail")?
        .rows_affected();
        if claimed == 0 {
            continue;
        }
        let lines = sqlx::query(
            "SELECT size, color, sku, stock FROM variants WHERE product_id = $1 AND stock <= $2 ORDER BY position, id",
        )
        .bind(id)
        .bind(level)
        .fetch_all(&mut *tx)
        .await
        .internal("loading low variants")?
        .iter()
        .map(|v| -> Result<String, sqlx::Error> {
            let size: Option<String> = v.try_get("size")?;
            let color: Option<String> = v.try_get("color")?;
            let sku: String = v.try_get("sku")?;
            let stock: i64 = v.try_get("stock")?;
            Ok(format!(
                "- {} ({sku}): {}",
                app::model::variant_label(size.as_deref(), color.as_deref()),
                if stock <= 0 { "sold out".to_owned() } else { format!("{stock} left") }
            ))
        })
        .collect::<Result<Vec<_>, _>>()
        .internal("reading low variants")?;
        let body = format!(
            "Stock of “{title}” is at or below your alert level of {level}:\n\n{}\n\nRestock it at {public_url}/sell/inventory\n",
            lines.join("\n")
        );
        crate::platform::mail::enqueue(
            &mut tx,
            &to,
            &format!("Low stock: {title}"),
            &body,
            now,
            log_body,
        )
        .await
        .internal("queueing a low-stock mail")?;
        tx.commit().await.internal("committing a low-stock mail")?;
        mailed += 1;
    }
    Ok(mailed)
}

/// An amount as the product form shows it: "12.50".
fn decimal(minor: i64) -> String {
    Money::new(minor, Currency::default()).decimal()
}

#[async_trait]
impl ListingService for Listings {
    #[tracing::instrument(skip_all, fields(store = %store, id))]
    async fn operation(&self, store: StoreId, id: OperationId) -> AppResult<OperationView> {
        import::operation(&self.db, self.clock.now_ms(), store, id).await
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn products(
        &self,
        store: StoreId,
        filter: ProductFilter,
    ) -> AppResult<SellerProductPage> {
        let mut clauses = vec!["p.store_id = $1".to_owned()];
        let q = filter.q.trim().to_lowercase();
        if !q.is_empty() {
            clauses.push("(LOWER(p.title) LIKE $2 OR EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND LOWER(sv.sku) LIKE $2))".into());
        }
        if let Ok(status) = ListingStatus::parse(&filter.status) {
            clauses.push(format!("p.status = '{}'", status.as_str()));
        }
        if filter.category > 0 {
            clauses.push(format!("p.category_id = {}", filter.category));
        }
        match filter.stock.as_str() {
            "in" => clauses.push(
                "EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND sv.stock > 0)"
                    .into(),
            ),
            "out" => clauses.push(
                "EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND sv.stock = 0)"
                    .into(),
            ),
            _ => {}
        }
        let order = match filter.sort.as_str() {
            "title" => "p.title ASC, p.id",
            "price" => "min_price ASC, p.id",
            "stock" => "stock ASC, p.id",
            _ => "p.updated_at DESC, p.id DESC",
        };
        let sql = format!(
            "SELECT p.id, p.slug, p.title, p.status, c.name AS category,
                    (SELECT i.image_key FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_key,
                    (SELECT COUNT(*) FROM variants v WHERE v.product_id = p.id) AS variants,
                    (SELECT CAST(COALESCE(SUM(v.stock), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS stock,
                    (SELECT CAST(COALESCE(MIN(v.price_minor), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS min_price,
                    (SELECT CAST(COALESCE(MAX(v.price_minor), 0) AS BIGINT) FROM variants v WHERE v.product_id = p.id) AS max_price,
                    p.updated_at, p.currency
             FROM products p JOIN categories c ON c.id = p.category_id
             WHERE {} ORDER BY {order} LIMIT 500",
            clauses.join(" AND ")
        );
        let mut query = sqlx::query(&sql).bind(store.0);
        if !q.is_empty() {
            query = query.bind(format!("%{}%", q.replace(['%', '_'], "")));
        }
        let rows = query
            .fetch_all(&self.db.pool)
            .await
            .internal("listing products")?
            .iter()
            .map(|r| -> Result<SellerProductRow, sqlx::Error> {
                let title: String = r.try_get("title")?;
                let currency =
                    Currency::parse(&r.try_get::<String, _>("currency")?).unwrap_or_default();
                Ok(SellerProductRow {
                    id: ProductId(r.try_get("id")?),
                    slug: r.try_get("slug")?,
                    status: ListingStatus::parse(&r.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    category: r.try_get("category")?,
                    image: r
                        .try_get::<Option<String>, _>("image_key")?
                        .map(|key| ImageRef {
                            key,
                            alt: title.clone(),
                        }),
                    title,
                    variants: r.try_get("variants")?,
                    stock: r.try_get("stock")?,
                    min_price: Money::new(r.try_get("min_price")?, currency),
                    max_price: Money::new(r.try_get("max_price")?, currency),
                    updated_at: from_ms(r.try_get("updated_at")?),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .internal("reading products")?;
        Ok(SellerProductPage {
            total: rows.len() as i64,
            rows,
            categories: self.categories().await?,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn editable(&self, store: StoreId, id: Option<ProductId>) -> AppResult<EditableProduct> {
        let categories = self.categories().await?;
        let Some(id) = id else {
            return Ok(EditableProduct {
                id: None,
                slug: String::new(),
                draft: ProductDraft {
                    handling_days: "2".into(),
                    shipping: "0.00".into(),
                    low_stock: "5".into(),
                    category: categories.first().map_or(0, |c| c.id.0),
                    variants: vec![VariantDraft {
                        stock: "0".into(),
                        ..VariantDraft::default()
                    }],
                    ..ProductDraft::default()
                },
                categories,
            });
        };
        let row = sqlx::query(
            "SELECT slug, title, description, category_id, tags, status, shipping_minor, handling_days, video_url,
                    low_stock, COALESCE(restock_on, '') AS restock_on
             FROM products WHERE id = $1 AND store_id = $2",
        )
        .bind(id.0)
        .bind(store.0)
        .fetch_optional(&self.db.pool)
        .await
        .internal("loading a product")?
        .ok_or_else(|| AppError::not_found("product"))?;
        let images: Vec<String> = sqlx::query(
            "SELECT image_key FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading product images")?
        .iter()
        .map(|r| r.try_get("image_key"))
        .collect::<Result<_, _>>()
        .internal("reading product images")?;
        let variants = sqlx::query(
            "SELECT id, COALESCE(size, '') AS size, COALESCE(color, '') AS color, sku, price_minor, compare_at_minor, stock
             FROM variants WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading variants")?
        .iter()
        .map(|r| -> Result<VariantDraft, sqlx::Error> {
            Ok(VariantDraft {
                id: Some(r.try_get("id")?),
                size: r.try_get("size")?,
                color: r.try_get("color")?,
                sku: r.try_get("sku")?,
                price: decimal(r.try_get("price_minor")?),
                compare_at: r.try_get::<Option<i64>, _>("compare_at_minor")?.map(decimal).unwrap_or_default(),
                stock: r.try_get::<i64, _>("stock")?.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .internal("reading variants")?;
        let read = || -> Result<EditableProduct, sqlx::Error> {
            Ok(EditableProduct {
                id: Some(id),
                slug: row.try_get("slug")?,
                draft: ProductDraft {
                    title: row.try_get("title")?,
                    description: row.try_get("description")?,
                    category: row.try_get("category_id")?,
                    tags: row
                        .try_get::<String, _>("tags")?
                        .split(' ')
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                    status: ListingStatus::parse(&row.try_get::<String, _>("status")?)
                        .unwrap_or_default(),
                    shipping: decimal(row.try_get("shipping_minor")?),
                    handling_days: row.try_get::<i64, _>("handling_days")?.to_string(),
                    video_url: row.try_get("video_url")?,
                    low_stock: row.try_get::<i64, _>("low_stock")?.to_string(),
                    restock_on: row.try_get("restock_on")?,
                    images: images.clone(),
                    variants: variants.clone(),
                },
                categories: categories.clone(),
            })
        };
        read().internal("reading a product")
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn save(
        &self,
        store: StoreId,
        id: Option<ProductId>,
        l: ValidListing,
    ) -> AppResult<EditableProduct> {
        if let Some(id) = id {
            self.owned(store, id).await?;
        }
        let now = self.clock.now_ms();
        let exists = sqlx::query("SELECT COUNT(*) FROM categories WHERE id = $1")
            .bind(l.category)
            .fetch_one(&self.db.pool)
            .await
            .internal("checking a category")?
            .try_get::<i64, _>(0)
            .internal("category")?;
        if exists == 0 {
            return Err(AppError::validation("category", "Choose a category."));
        }
        // Images: uploaded by this store, or already on this product.
        for key in &l.images {
            let ok = sqlx::query(
                "SELECT COUNT(*) FROM images i WHERE i.key = $1 AND (
                    EXISTS (SELECT 1 FROM image_owners o WHERE o.image_key = i.key AND o.store_id = $2)
                    OR EXISTS (SELECT 1 FROM product_images pi WHERE pi.image_key = i.key AND pi.product_id = $3))",
            )
            .bind(key)
            .bind(store.0)
            .bind(id.map_or(0, |p| p.0))
            .fetch_one(&self.db.pool)
            .await
            .internal("checking an image")?
            .try_get::<i64, _>(0)
            .internal("image")?;
            if ok == 0 {
                return Err(AppError::validation(
                    "images",
                    "One of the images was not uploaded here; upload it again.",
                ));
            }
        }
        let mut tx = self.db.begin().await.internal("starting a product save")?;
        let product = write_listing(&mut tx, store, id, &l, now).await?;
        tx.commit().await.internal("committing a product")?;
        self.editable(store, Some(product)).await
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn inventory(&self, store: StoreId) -> AppResult<Vec<InventoryRow>> {
        let since = self.clock.now_ms() - 30 * 24 * 3_600_000;
        self.inventory_rows(store, None, since).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, variant = %variant, stock))]
    async fn set_stock(
        &self,
        store: StoreId,
        variant: VariantId,
        stock: i64,
    ) -> AppResult<InventoryRow> {
        if !(0..=1_000_000).contains(&stock) {
            return Err(AppError::validation(
                "stock",
                "Stock is a whole number from 0 to 1,000,000.",
            ));
        }
        let changed = sqlx::query(
            "UPDATE variants SET stock = $3 WHERE id = $1
               AND product_id IN (SELECT id FROM products WHERE store_id = $2)",
        )
        .bind(variant.0)
        .bind(store.0)
        .bind(stock)
        .execute(&self.db.pool)
        .await
        .internal("setting stock")?
        .rows_affected();
        if changed == 0 {
            return Err(AppError::not_found("variant"));
        }
        let since = self.clock.now_ms() - 30 * 24 * 3_600_000;
        self.inventory_rows(store, Some(variant), since)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::not_found("variant"))
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn bulk(
        &self,
        store: StoreId,
        ids: Vec<ProductId>,
        action: BulkAction,
    ) -> AppResult<u64> {
        if ids.is_empty() {
            return Err(AppError::validation("ids", "Choose at least one product."));
        }
        if ids.len() > 500 {
            return Err(AppError::validation(
                "ids",
                "Choose at most 500 products at a time.",
            ));
        }
        let now = self.clock.now_ms();
        let list = ids
            .iter()
            .map(|i| i.0.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let scope = format!("store_id = $1 AND id IN ({list})");
        let mut tx = self.db.begin().await.internal("starting a bulk change")?;
        let changed = match action {
            BulkAction::Activate => {
                // Only products that can be shown: with an image and a variant.
                sqlx::query(&format!(
                    "UPDATE products SET status = 'active', updated_at = $2 WHERE {scope}
                       AND blocked_at IS NULL
                       AND EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = products.id)
                       AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = products.id)"
                ))
                .bind(store.0)
                .bind(now)
                .execute(&mut *tx)
                .await
                .internal("activating products")?
                .rows_affected()
            }
            BulkAction::Hide => sqlx::query(&format!(
                "UPDATE products SET status = 'hidden', updated_at = $2 WHERE {scope}"
            ))
            .bind(store.0)
            .bind(now)
            .execute(&mut *tx)
            .await
            .internal("hiding products")?
            .rows_affected(),
            BulkAction::Delete => sqlx::query(&format!("DELETE FROM products WHERE {scope}"))
                .bind(store.0)
                .execute(&mut *tx)
                .await
                .internal("deleting products")?
                .rows_affected(),
            BulkAction::PricePercent(percent) => {
                change_by_percent(Money::new(100, Currency::default()), percent)
                    .map_err(|e| AppError::validation("percent", e.0))?;
                // A write first, so SQLite takes the write lock before reading.
                let touched = sqlx::query(&format!(
                    "UPDATE products SET updated_at = $2 WHERE {scope}"
                ))
                .bind(store.0)
                .bind(now)
                .execute(&mut *tx)
                .await
                .internal("touching products")?
                .rows_affected();
                let rows = sqlx::query(&format!(
                    "SELECT v.id, v.price_minor, v.compare_at_minor FROM variants v
                     WHERE v.product_id IN (SELECT id FROM products WHERE {scope})"
                ))
                .bind(store.0)
                .fetch_all(&mut *tx)
                .await
                .internal("loading prices")?;
                for r in &rows {
                    let id: i64 = r.try_get("id").internal("variant")?;
                    let price = Money::new(
                        r.try_get("price_minor").internal("price")?,
                        Currency::default(),
                    );
                    let compare: Option<i64> =
                        r.try_get("compare_at_minor").internal("compare-at")?;
                    let new_price = change_by_percent(price, percent)
                        .map_err(|e| AppError::validation("percent", e.0))?;
                    let new_compare = compare
                        .map(|c| {
                            change_by_percent(Money::new(c, Currency::default()), percent)
                                .map(|m| m.minor())
                        })
                        .transpose()
                        .map_err(|e| AppError::validation("percent", e.0))?
                        .filter(|c| *c > new_price.minor());
                    sqlx::query(
                        "UPDATE variants SET price_minor = $2, compare_at_minor = $3 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(new_price.minor())
                    .bind(new_compare)
                    .execute(&mut *tx)
                    .await
                    .internal("changing a price")?;
                }
                touched
            }
        };
        tx.commit().await.internal("committing a bulk change")?;
        Ok(changed)
    }
}

/// One variant of the catalogue export, as read.
#[derive(sqlx::FromRow)]
struct ExportRow {
    product_id: i64,
    title: String,
    status: String,
    category: String,
    tags: String,
    shipping_minor: i64,
    handling_days: i64,
    sku: String,
    size: String,
    color: String,
    price_minor: i64,
    compare_at_minor: Option<i64>,
    stock: i64,
}

/// The store's catalogue as CSV, one row per variant (the format CSV import reads).
pub async fn export_csv(db: &Db, store: StoreId) -> AppResult<String> {
    use crate::platform::csv;
    let rows: Vec<ExportRow> = sqlx::query_as(
        "SELECT p.id AS product_id, p.title, p.status, c.slug AS category, p.tags, p.shipping_minor,
                p.handling_days, v.sku, COALESCE(v.size, '') AS size, COALESCE(v.color, '') AS color,
                v.price_minor, v.compare_at_minor, v.stock
         FROM products p JOIN categories c ON c.id = p.category_id JOIN variants v ON v.product_id = p.id
         WHERE p.store_id = $1 ORDER BY p.id, v.position, v.id",
    )
    .bind(store.0)
    .fetch_all(&db.pool)
    .await
    .internal("exporting the catalogue")?;
    let mut out = String::from(
        "product_id,title,status,category,tags,shipping,handling_days,sku,size,color,price,compare_at,stock\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.product_id,
            csv::field(&r.title),
            csv::field(&r.status),
            csv::field(&r.category),
            csv::field(&r.tags.replace(' ', ";")),
            csv::amount(r.shipping_minor),
            r.handling_days,
            csv::field(&r.sku),
            csv::field(&r.size),
            csv::field(&r.color),
            csv::amount(r.price_minor),
            r.compare_at_minor.map(csv::amount).unwrap_or_default(),
            r.stock,
        ));
    }
    Ok(out)
}

/// Records that `store` uploaded an image. The image's row is written once (its key
/// is a hash of its pixels); who may use it is one row per store in `image_owners`,
/// so the same bytes uploaded by another store never take it from its owner.
pub async fn record_upload(
    db: &Db,
    image: &crate::images::Processed,
    store: StoreId,
    now: i64,
) -> AppResult<()> {
    let mut tx = db.begin().await.internal("starting an upload")?;
    sqlx::query(
        "INSERT INTO images (key, width, height, created_at, store_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&image.key)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(now)
    .bind(store.0)
    .execute(&mut *tx)
    .await
    .internal("recording an image")?;
    sqlx::query(
        "INSERT INTO image_owners (image_key, store_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (image_key, store_id) DO NOTHING",
    )
    .bind(&image.key)
    .bind(store.0)
    .bind(now)
    .execute(&mut *tx)
    .await
    .internal("recording an image's owner")?;
    tx.commit().await.internal("committing an upload")
}

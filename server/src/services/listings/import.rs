//! Catalogue CSV import as a console operation: the file is checked row by row (the
//! operation's progress counts checked rows), then every product is written in one
//! transaction. Any problem anywhere and nothing is written; the report names each
//! problem's line and column.
//!
//! **Catalogue import is all or nothing, with its progress in the database.** `POST
//! /sell/products/import` takes the CSV the export writes (one row per variant; rows
//! with one `product_id` update that product, rows without one and with the same title
//! create one; an optional `description` column). It records an `operations` row and
//! runs in the background: `domain::catalog_csv` reads the file (RFC 4180 quoting, the
//! export's `'=` protection undone), each product goes through the product form's own
//! check, and every problem is reported with its line and column; only when there are
//! none are all products written in one transaction (variants matched by SKU keep their
//! ids; variants a product's rows leave out are removed). Progress (rows checked, then
//! saving) is written to the row, so the console can poll it through any server; an
//! import whose server stopped answering for two minutes reads as failed, a store runs
//! one import at a time, and finished operations are pruned after a week. Bulk product
//! changes are sent from the browser in batches of 20 and show how far they got; a
//! failed batch reports how many were already changed.

use super::write::write_listing;
use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::storage::{Db, Row};
use app::domain::catalog_csv::{self, ImportProduct, LineError};
use app::domain::listing::{ProductDraft, ValidListing};
use app::domain::{OperationId, ProductId, StoreId};
use app::error::{AppError, AppResult};
use app::model::{ImportError, ImportReport, OperationView};
use std::collections::HashMap;
use std::sync::Arc;

/// An operation with no word from its server for this long has stopped.
const STALE_MS: i64 = 2 * 60 * 1000;
/// Progress is written after every this many checked rows.
const PROGRESS_EVERY: usize = 50;

/// Records a new import for `store` and runs it in the background; its id. Refused
/// while another import of the store is still running.
pub async fn start(db: &Db, clock: Arc<dyn Clock>, store: StoreId, csv: String) -> AppResult<i64> {
    let now = clock.now_ms();
    let running = sqlx::query(
        "SELECT COUNT(*) FROM operations WHERE store_id = $1 AND kind = 'import'
           AND state IN ('checking', 'saving') AND updated_at > $2",
    )
    .bind(store.0)
    .bind(now - STALE_MS)
    .fetch_one(&db.pool)
    .await
    .internal("checking running imports")?
    .try_get::<i64, _>(0)
    .internal("running imports")?;
    if running > 0 {
        return Err(AppError::Conflict(
            "An import is already running; wait for it to finish.".into(),
        ));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO operations (store_id, kind, state, created_at, updated_at)
         VALUES ($1, 'import', 'checking', $2, $2) RETURNING id",
    )
    .bind(store.0)
    .bind(now)
    .fetch_one(&db.pool)
    .await
    .internal("recording an import")?
    .try_get(0)
    .internal("import id")?;
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = run(&db, clock.as_ref(), store, id, &csv).await {
            tracing::error!(error = ?e, operation = id, "a catalogue import failed");
            let _ = sqlx::query(
                "UPDATE operations SET state = 'failed', result = $2, updated_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind("The import stopped because of a server error; nothing was imported. Try again.")
            .bind(clock.now_ms())
            .execute(&db.pool)
            .await;
        }
    });
    Ok(id)
}

/// Operation `id` of `store`; another store's is "not found".
pub async fn operation(
    db: &Db,
    now: i64,
    store: StoreId,
    id: OperationId,
) -> AppResult<OperationView> {
    let r = sqlx::query(
        "SELECT kind, state, total, done, result, updated_at FROM operations WHERE id = $1 AND store_id = $2",
    )
    .bind(id.0)
    .bind(store.0)
    .fetch_optional(&db.pool)
    .await
    .internal("loading an operation")?
    .ok_or_else(|| AppError::not_found("operation"))?;
    let read = || -> Result<OperationView, sqlx::Error> {
        let mut state: String = r.try_get("state")?;
        let result: String = r.try_get("result")?;
        let updated: i64 = r.try_get("updated_at")?;
        let mut message = String::new();
        let mut import = None;
        match state.as_str() {
            "done" => import = serde_json::from_str::<ImportReport>(&result).ok(),
            "failed" => message = result,
            _ if updated < now - STALE_MS => {
                state = "failed".into();
                message =
                    "The import stopped (its server went away); nothing was imported. Try again."
                        .into();
            }
            _ => {}
        }
        Ok(OperationView {
            id,
            kind: r.try_get("kind")?,
            state,
            total: r.try_get("total")?,
            done: r.try_get("done")?,
            message,
            import,
        })
    };
    read().internal("reading an operation")
}

async fn progress(db: &Db, id: i64, state: &str, done: usize, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE operations SET state = $2, done = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(state)
        .bind(done as i64)
        .bind(now)
        .execute(&db.pool)
        .await
        .internal("recording import progress")?;
    Ok(())
}

async fn finish(db: &Db, id: i64, report: &ImportReport, now: i64) -> AppResult<()> {
    let json = serde_json::to_string(report).internal("writing an import report")?;
    sqlx::query(
        "UPDATE operations SET state = 'done', done = total, result = $2, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(json)
    .bind(now)
    .execute(&db.pool)
    .await
    .internal("finishing an import")?;
    Ok(())
}

fn report_errors(rows: usize, mut errors: Vec<LineError>) -> ImportReport {
    errors.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    ImportReport {
        rows: rows as i64,
        errors: errors
            .into_iter()
            .map(|e| ImportError {
                line: e.line as i64,
                column: e.column,
                message: e.message,
            })
            .collect(),
        ..Default::default()
    }
}

/// What an existing product keeps that the file does not carry.
struct Existing {
    description: String,
    video_url: String,
    low_stock: i64,
    restock_on: Option<String>,
    images: Vec<String>,
    /// Variant ids by upper-cased SKU.
    variants: HashMap<String, i64>,
}

async fn existing(db: &Db, store: StoreId, id: i64) -> AppResult<Option<Existing>> {
    let Some(r) = sqlx::query(
        "SELECT description, video_url, low_stock, restock_on FROM products WHERE id = $1 AND store_id = $2",
    )
    .bind(id)
    .bind(store.0)
    .fetch_optional(&db.pool)
    .await
    .internal("loading a product to import over")?
    else {
        return Ok(None);
    };
    let images =
        sqlx::query("SELECT image_key FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .internal("loading a product's images")?
            .iter()
            .map(|r| r.try_get::<String, _>("image_key"))
            .collect::<Result<_, _>>()
            .internal("image key")?;
    let variants = sqlx::query("SELECT id, sku FROM variants WHERE product_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await
        .internal("loading a product's variants")?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<String, _>("sku")?.to_uppercase(),
                r.try_get("id")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .internal("variant")?;
    let read = || -> Result<Existing, sqlx::Error> {
        Ok(Existing {
            description: r.try_get("description")?,
            video_url: r.try_get("video_url")?,
            low_stock: r.try_get("low_stock")?,
            restock_on: r.try_get("restock_on")?,
            images,
            variants,
        })
    };
    read()
        .map(Some)
        .internal("reading a product to import over")
}

/// The product form the rows amount to, merged with what the product already has.
fn draft(p: &ImportProduct, category: i64, old: Option<&Existing>) -> ProductDraft {
    let mut variants = p.variants.clone();
    if let Some(old) = old {
        for v in &mut variants {
            v.id = old.variants.get(&v.sku.trim().to_uppercase()).copied();
        }
    }
    ProductDraft {
        title: p.title.clone(),
        description: p
            .description
            .clone()
            .or_else(|| old.map(|o| o.description.clone()))
            .unwrap_or_default(),
        category,
        tags: p.tags.clone(),
        images: old.map(|o| o.images.clone()).unwrap_or_default(),
        video_url: old.map(|o| o.video_url.clone()).unwrap_or_default(),
        shipping: p.shipping.clone(),
        handling_days: p.handling_days.clone(),
        low_stock: old.map(|o| o.low_stock.to_string()).unwrap_or_default(),
        restock_on: old.and_then(|o| o.restock_on.clone()).unwrap_or_default(),
        status: p.status,
        variants,
    }
}

async fn run(db: &Db, clock: &dyn Clock, store: StoreId, id: i64, csv: &str) -> AppResult<()> {
    let products = match catalog_csv::read(csv) {
        Ok(p) => p,
        Err(errors) => {
            let rows = catalog_csv::records(csv)
                .map(|r| r.len().saturating_sub(1))
                .unwrap_or(0);
            return finish(db, id, &report_errors(rows, errors), clock.now_ms()).await;
        }
    };
    let rows: usize = products.iter().map(|p| p.lines.len()).sum();
    sqlx::query("UPDATE operations SET total = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(rows as i64)
        .bind(clock.now_ms())
        .execute(&db.pool)
        .await
        .internal("recording an import's size")?;
    let categories: HashMap<String, i64> = sqlx::query("SELECT slug, id FROM categories")
        .fetch_all(&db.pool)
        .await
        .internal("loading categories")?
        .iter()
        .map(|r| Ok((r.try_get::<String, _>("slug")?, r.try_get::<i64, _>("id")?)))
        .collect::<Result<_, sqlx::Error>>()
        .internal("category")?;

    let mut errors = Vec::new();
    let mut checked: Vec<(Option<ProductId>, ValidListing)> = Vec::with_capacity(products.len());
    let mut done = 0;
    let mut reported = 0;
    for p in &products {
        let first = p.lines[0];
        let old = match p.product_id {
            Some(pid) => {
                match existing(db, store, pid).await? {
                    Some(old) => Some(old),
                    None => {
                        errors.push(LineError::new(
                        first,
                        "product_id",
                        format!("Your store has no product {pid}; leave product_id empty to create one."),
                    ));
                        done += p.lines.len();
                        continue;
                    }
                }
            }
            None => None,
        };
        let category = match categories.get(&p.category) {
            Some(c) => *c,
            None => {
                let mut known: Vec<&str> = categories.keys().map(String::as_str).collect();
                known.sort_unstable();
                errors.push(LineError::new(
                    first,
                    "category",
                    format!(
                        "Unknown category “{}”. Use one of: {}.",
                        p.category,
                        known.join(", ")
                    ),
                ));
                done += p.lines.len();
                continue;
            }
        };
        match draft(p, category, old.as_ref()).check() {
            Ok(listing) => checked.push((p.product_id.map(ProductId), listing)),
            Err(field_errors) => {
                for (field, message) in field_errors {
                    let (line, column) = catalog_csv::locate(p, &field);
                    errors.push(LineError::new(line, &column, message));
                }
            }
        }
        done += p.lines.len();
        if done - reported >= PROGRESS_EVERY {
            reported = done;
            progress(db, id, "checking", done, clock.now_ms()).await?;
        }
    }
    if !errors.is_empty() {
        return finish(db, id, &report_errors(rows, errors), clock.now_ms()).await;
    }

    progress(db, id, "saving", rows, clock.now_ms()).await?;
    let now = clock.now_ms();
    let mut tx = db.begin().await.internal("starting an import")?;
    let mut report = ImportReport {
        rows: rows as i64,
        ..Default::default()
    };
    for (product, listing) in &checked {
        write_listing(&mut tx, store, *product, listing, now).await?;
        if product.is_some() {
            report.updated += 1;
        } else {
            report.created += 1;
        }
        report.variants += listing.variants.len() as i64;
    }
    tx.commit().await.internal("committing an import")?;
    finish(db, id, &report, clock.now_ms()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_keeps_what_the_file_does_not_carry_and_matches_skus() {
        let text = "product_id,title,status,category,tags,shipping,handling_days,sku,size,color,price,compare_at,stock\n\
                    7,Mug,active,kitchen,,0,1,mug-1,,,12.00,,3\n7,Mug,active,kitchen,,0,1,MUG-9,,Red,12.00,,3\n";
        let p = &catalog_csv::read(text).unwrap()[0];
        let old = Existing {
            description: "Stoneware.".into(),
            video_url: String::new(),
            low_stock: 2,
            restock_on: None,
            images: vec!["a".repeat(32)],
            variants: HashMap::from([("MUG-1".to_owned(), 41)]),
        };
        let d = draft(p, 3, Some(&old));
        assert_eq!(d.description, "Stoneware.");
        assert_eq!(d.images.len(), 1);
        assert_eq!(d.low_stock, "2");
        assert_eq!(d.variants[0].id, Some(41), "SKUs match without case");
        assert_eq!(d.variants[1].id, None, "a new SKU is a new variant");
        assert!(d.check().is_ok());
    }
}

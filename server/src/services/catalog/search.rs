//! Full-text search (SQLite FTS5, PostgreSQL tsvector) with filters and sorts, and
//! typo-tolerant suggestions from the catalogue's vocabulary.
//!
//! **Search is written once, matched twice.** `services::catalog::search::search_sql` builds one
//! statement whose only backend-specific parts are the match and the relevance order:
//! an FTS5 table kept in step by triggers with `bm25` on SQLite, a generated weighted
//! `tsvector` with a GIN index and `ts_rank` on PostgreSQL. Filters and sort live in
//! the URL (`/search?q=&category=&min=&max=&rating=&sale=1&from=&stock=&sort=`), and
//! `/c/{slug}` is the same search with the category fixed. Result pages use an opaque
//! cursor that is an offset for now (capped at 10,000), because results sorted by
//! relevance have no stable key to seek from. Suggestions come from a vocabulary table
//! rebuilt with the feed scores and are matched by prefix or by edit distance (one typo
//! for 4–5 letters, two from 6), so “sneakres” still finds “sneakers”.

use crate::platform::OrInternal;
use crate::storage::{Backend, Db, Row};
use app::domain::search::{SearchQuery, SearchSort, edit_distance, typo_budget, words};
use app::error::{AppError, AppResult};
use std::collections::HashMap;

/// A bound value of a query built at run time.
pub enum Arg {
    Int(i64),
    Text(String),
}

/// SQL text and its arguments, with `$n` placeholders handed out in order.
#[derive(Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    pub fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
}

/// The most a live promotion takes off variant `v` at `now` (a placeholder), in SQL:
/// `domain::promotion::Discount::off` (percentages rounded half up, never below one
/// cent) with the best offer winning, as `domain::pricing::quote` decides.
fn promotion_off(now: &str) -> String {
    let raw = "(CASE WHEN pr.kind = 'percent' THEN (v.price_minor * pr.amount + 50) / 100 ELSE pr.amount END)";
    format!(
        "COALESCE((SELECT MAX(CASE WHEN {raw} > v.price_minor - 1 THEN v.price_minor - 1 ELSE {raw} END)
            FROM promotion_targets t JOIN promotions pr ON pr.id = t.promotion_id
            WHERE t.product_id = v.product_id AND (t.variant_id IS NULL OR t.variant_id = v.id)
              AND pr.starts_at <= {now} AND pr.ends_at > {now}), 0)"
    )
}

/// The price a card shows, promotions included: the lowest in stock, or the lowest of
/// a sold-out product.
fn price(now: &str) -> String {
    let unit = format!("v.price_minor - {}", promotion_off(now));
    format!(
        "COALESCE((SELECT MIN({unit}) FROM variants v WHERE v.product_id = p.id AND v.stock > 0),
            (SELECT MIN({unit}) FROM variants v WHERE v.product_id = p.id))"
    )
}

/// Builds the search statement: `columns` are selected from `products p JOIN stores s`;
/// `listed` says which products a buyer may see and `in_stock` which have stock;
/// `now_ms` prices promotions, and the page is `(offset, limit)`.
pub fn search_sql(
    backend: Backend,
    columns: &str,
    listed: &str,
    in_stock: &str,
    q: &SearchQuery,
    now_ms: i64,
    (offset, limit): (i64, i64),
) -> Sql {
    let mut sql = Sql::default();
    // Promotions change prices; only a price filter, a price sort or "on sale" reads them.
    let priced = q.min_price.is_some()
        || q.max_price.is_some()
        || q.on_sale
        || matches!(
            q.sort,
            SearchSort::PriceLowToHigh | SearchSort::PriceHighToLow
        );
    let now = if priced {
        sql.arg(Arg::Int(now_ms))
    } else {
        String::new()
    };
    let price = price(&now);
    let mut joins = String::from(" JOIN categories c ON c.id = p.category_id");
    let mut filters = vec![listed.to_owned()];
    if q.in_stock {
        filters.push(in_stock.to_owned());
    }
    let mut relevance = "p.rank_score DESC".to_owned();
    if !q.words.is_empty() {
        match backend {
            Backend::Sqlite => {
                let expr = q
                    .words
                    .iter()
                    .map(|w| format!("\"{w}\"*"))
                    .collect::<Vec<_>>()
                    .join(" ");
                joins.push_str(" JOIN product_search ON product_search.rowid = p.id");
                filters.push(format!("product_search MATCH {}", sql.arg(Arg::Text(expr))));
                relevance = "bm25(product_search, 10.0, 1.0, 4.0), p.rank_score DESC".into();
            }
            Backend::Postgres => {
                let expr = q
                    .words
                    .iter()
                    .map(|w| format!("{w}:*"))
                    .collect::<Vec<_>>()
                    .join(" & ");
                let arg = sql.arg(Arg::Text(expr));
                filters.push(format!("p.search_vector @@ to_tsquery('english', {arg})"));
                relevance = format!(
                    "ts_rank(p.search_vector, to_tsquery('english', {arg})) DESC, p.rank_score DESC"
                );
            }
        }
    }
    if let Some(cat) = &q.category {
        filters.push(format!("c.slug = {}", sql.arg(Arg::Text(cat.clone()))));
    }
    if let Some(min) = q.min_price {
        filters.push(format!("{price} >= {}", sql.arg(Arg::Int(min.minor()))));
    }
    if let Some(max) = q.max_price {
        filters.push(format!("{price} <= {}", sql.arg(Arg::Int(max.minor()))));
    }
    if let Some(r) = q.min_rating {
        filters.push(format!(
            "p.rating_count > 0 AND p.rating_sum >= {} * p.rating_count",
            sql.arg(Arg::Int(i64::from(r)))
        ));
    }
    if let Some(country) = &q.ships_from {
        filters.push(format!(
            "s.ships_from = {}",
            sql.arg(Arg::Text(country.clone()))
        ));
    }
    if q.on_sale {
        // Marked down (a compare-at price) or in a live promotion.
        filters.push(format!(
            "EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.stock > 0
               AND (v.compare_at_minor > v.price_minor OR {} > 0))",
            promotion_off(&now)
        ));
    }
    let order = match q.sort {
        SearchSort::Relevance => relevance,
        SearchSort::PriceLowToHigh => format!("{price} ASC"),
        SearchSort::PriceHighToLow => format!("{price} DESC"),
        SearchSort::Newest => "p.created_at DESC".into(),
        SearchSort::Rating => {
            "CASE WHEN p.rating_count = 0 THEN 0 ELSE p.rating_sum * 1000 / p.rating_count END DESC, p.rating_count DESC".into()
        }
        SearchSort::BestSelling => "(SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE oi.product_id = p.id AND o.status NOT IN ('cancelled', 'refunded')) DESC, p.rank_score DESC"
            .into(),
    };
    let limit = sql.arg(Arg::Int(limit));
    let offset = sql.arg(Arg::Int(offset));
    sql.text = format!(
        "SELECT {columns} FROM products p JOIN stores s ON s.id = p.store_id{joins}
         WHERE {} ORDER BY {order}, p.id DESC LIMIT {limit} OFFSET {offset}",
        filters.join(" AND ")
    );
    sql
}

/// Search pages are addressed by an opaque cursor (`o<offset>`).
pub fn parse_cursor(cursor: Option<&str>) -> AppResult<i64> {
    match cursor {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('o')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| (0..=10_000).contains(n))
            .ok_or_else(|| AppError::validation("cursor", "That page link is broken.")),
    }
}

/// Rebuilds the vocabulary of visible products' titles and tags.
#[tracing::instrument(skip_all)]
pub async fn rebuild_terms(db: &Db) -> anyhow::Result<usize> {
    let rows = sqlx::query("SELECT title, tags FROM products WHERE status = 'active'")
        .fetch_all(&db.pool)
        .await?;
    let mut counts: HashMap<String, i64> = HashMap::new();
    for row in rows {
        let text = format!(
            "{} {}",
            row.try_get::<String, _>("title")?,
            row.try_get::<String, _>("tags")?
        );
        let mut seen: Vec<String> = words(&text)
            .into_iter()
            .filter(|w| w.chars().count() >= 3)
            .collect();
        seen.sort();
        seen.dedup();
        for w in seen {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM search_terms")
        .execute(&mut *tx)
        .await?;
    let terms: Vec<(String, i64)> = counts.into_iter().collect();
    for chunk in terms.chunks(500) {
        let mut sql = Sql::default();
        let values: Vec<String> = chunk
            .iter()
            .map(|(t, n)| {
                format!(
                    "({}, {})",
                    sql.arg(Arg::Text(t.clone())),
                    sql.arg(Arg::Int(*n))
                )
            })
            .collect();
        sql.text = format!(
            "INSERT INTO search_terms (term, products) VALUES {}",
            values.join(", ")
        );
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(terms.len())
}

/// Up to six completions of `text`: its last word completed or corrected from the
/// vocabulary (most common first), the words before it kept.
pub async fn suggest(db: &Db, text: &str) -> AppResult<Vec<String>> {
    let typed = words(text);
    let Some(last) = typed.last().cloned() else {
        return Ok(Vec::new());
    };
    if last.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let head = typed[..typed.len() - 1].join(" ");
    let first: String = last.chars().take(1).collect();
    let len = last.chars().count() as i64;
    let rows = sqlx::query(
        "SELECT term, products FROM search_terms
         WHERE term LIKE $1 AND LENGTH(term) >= $2 ORDER BY products DESC, term LIMIT 2000",
    )
    .bind(format!("{first}%"))
    .bind((len - 2).max(1))
    .fetch_all(&db.pool)
    .await
    .internal("loading search terms")?;
    let budget = typo_budget(&last);
    let mut scored: Vec<(usize, i64, String)> = Vec::new();
    for row in rows {
        let term: String = row.try_get("term").internal("term")?;
        let products: i64 = row.try_get("products").internal("products")?;
        let rank = if term.starts_with(&last) {
            Some(0)
        } else {
            // Compare with the start of longer terms too, so "snea" also finds "sneakers".
            let prefix: String = term.chars().take(last.chars().count()).collect();
            let d = edit_distance(&last, &term).min(edit_distance(&last, &prefix) + 1);
            (d <= budget).then_some(d)
        };
        if let Some(rank) = rank {
            scored.push((rank, -products, term));
        }
    }
    scored.sort();
    Ok(scored
        .into_iter()
        .take(6)
        .map(|(_, _, term)| {
            if head.is_empty() {
                term
            } else {
                format!("{head} {term}")
            }
        })
        .collect())
}

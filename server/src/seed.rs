//! `server seed-demo`: a realistic, deterministic demo catalogue with locally drawn
//! product photos, and the demo accounts. Runs only on a database without them.

mod art;
mod demo;
mod orders;
mod reviews;
mod standards;
mod support;
mod words;

pub use demo::{DEMO_ADMIN, DEMO_BUYER, DEMO_PASSWORD, DEMO_SELLER};

use crate::AppState;
use crate::clock::DAY_MS;
use crate::images;
use crate::platform::slugify;
use crate::services::accounts::hash_password;
use crate::storage::{Backend, Row};
use anyhow::Context as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::AnyConnection;
use std::time::Instant;
use words::CATEGORIES;

/// The demo accounts' password.
const STORES: usize = 20;
const REVIEWERS: usize = 60;

/// A value for a bulk insert.
enum V {
    I(i64),
    N,
    T(String),
    NT,
}

/// Inserts many rows with as few statements as the databases allow.
async fn insert_rows(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> anyhow::Result<()> {
    let per_statement = (8000 / columns.len()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for value in chunk.into_iter().flatten() {
            query = match value {
                V::I(i) => query.bind(i),
                V::N => query.bind(None::<i64>),
                V::T(t) => query.bind(t),
                V::NT => query.bind(None::<String>),
            };
        }
        query
            .execute(&mut *conn)
            .await
            .with_context(|| format!("inserting into {table}"))?;
    }
    Ok(())
}

async fn scalar(conn: &mut AnyConnection, sql: &str) -> anyhow::Result<i64> {
    let row = sqlx::query(sql)
        .fetch_one(conn)
        .await
        .with_context(|| sql.to_owned())?;
    Ok(row.try_get(0)?)
}

/// Whether the demo accounts exist already.
pub async fn is_seeded(state: &AppState) -> anyhow::Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM accounts WHERE email = $1")
        .bind(DEMO_BUYER)
        .fetch_one(&state.db.pool)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Builds the demo data. Returns false (and changes nothing) if it is there already.
pub async fn seed_demo(state: &AppState, products: usize) -> anyhow::Result<bool> {
    if is_seeded(state).await? {
        return Ok(false);
    }
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(20_261_123);
    // A second stream for review volume and votes, so the catalogue drawn from `rng`
    // stays the same.
    let mut votes = StdRng::seed_from_u64(7);
    let now = state.clock.now_ms();

    // Product photos first: drawn, resized and encoded off the async threads.
    let designs = (products * 2).clamp(CATEGORIES.len() * 4, CATEGORIES.len() * 48);
    let per_category = designs / CATEGORIES.len();
    eprintln!(
        "    drawing {} product photos…",
        per_category * CATEGORIES.len()
    );
    let keys = draw_photos(state, per_category).await?;

    eprintln!("    writing accounts, stores and {products} products…");
    let mut tx = state.db.begin().await?;
    let demo_hash = hash_password(DEMO_PASSWORD.to_owned()).await?;
    let account = |email: &str, name: &str, role: &str, hash: &str| {
        vec![
            V::T(email.into()),
            V::T(name.into()),
            V::T(hash.into()),
            V::T(role.into()),
            V::I(now - 200 * DAY_MS),
            V::I(now - 200 * DAY_MS),
        ]
    };
    let mut accounts = vec![
        account(DEMO_BUYER, "Dana Buyer", "buyer", &demo_hash),
        account(DEMO_SELLER, "Sam Seller", "seller", &demo_hash),
        account(DEMO_ADMIN, "Alex Admin", "admin", &demo_hash),
    ];
    // Other store owners and reviewers cannot sign in: their hash matches no password.
    for (i, name) in words::STORE_NAMES
        .iter()
        .enumerate()
        .skip(1)
        .take(STORES - 1)
    {
        accounts.push(account(
            &format!("owner{i}@stores.demo.shop"),
            &format!("{name} team"),
            "seller",
            "!",
        ));
    }
    for i in 0..REVIEWERS {
        let name = format!(
            "{} {}.",
            words::FIRST_NAMES[i % words::FIRST_NAMES.len()],
            (b'A' + (i * 7 % 26) as u8) as char
        );
        accounts.push(account(
            &format!("reviewer{i}@buyers.demo.shop"),
            &name,
            "buyer",
            "!",
        ));
    }
    let first_account = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM accounts").await?;
    let accounts: Vec<Vec<V>> = accounts
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            row.insert(0, V::I(first_account + i as i64));
            row
        })
        .collect();
    insert_rows(
        &mut tx,
        "accounts",
        &[
            "id",
            "email",
            "name",
            "password_hash",
            "role",
            "email_verified_at",
            "created_at",
        ],
        accounts,
    )
    .await?;
    let seller_id = first_account + 1;
    let owner_of = |store: usize| {
        if store == 0 {
            seller_id
        } else {
            first_account + 2 + store as i64
        }
    };
    let reviewer = |i: usize| first_account + 2 + STORES as i64 + i as i64;

    let first_store = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM stores").await?;
    let stores = (0..STORES)
        .map(|s| {
            let name = words::STORE_NAMES[s];
            vec![
                V::I(first_store + s as i64),
                V::I(owner_of(s)),
                V::T(name.into()),
                V::T(slugify(name)),
                V::T(format!(
                    "{name}: independent store shipping from {}.",
                    words::COUNTRIES[s % words::COUNTRIES.len()]
                )),
                V::T(words::COUNTRIES[s % words::COUNTRIES.len()].into()),
                V::T("verified".into()),
                V::I(now - 180 * DAY_MS),
                // Verified stores have their contact and payout details on file (the
                // IBAN is the standard example number).
                V::T(format!("hello@{}.example", slugify(name))),
                V::T(name.into()),
                V::T("DE89370400440532013000".into()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "stores",
        &[
            "id",
            "owner_id",
            "name",
            "slug",
            "description",
            "ships_from",
            "status",
            "created_at",
            "contact_email",
            "payout_holder",
            "payout_iban",
        ],
        stores,
    )
    .await?;

    let first_category = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM categories").await?;
    let categories = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                V::I(first_category + i as i64),
                V::T(slugify(c.name)),
                V::T(c.name.into()),
                V::I(i as i64),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        "categories",
        &["id", "slug", "name", "position"],
        categories,
    )
    .await?;

    let mut product_id = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM products").await?;
    let mut variant_id = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM variants").await?;
    let mut review_id = scalar(&mut tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM reviews").await?;
    let mut image_id = scalar(
        &mut tx,
        "SELECT COALESCE(MAX(id), 0) + 1 FROM product_images",
    )
    .await?;
    let batch = 1000;
    for start in (0..products).step_by(batch) {
        let (mut p_rows, mut v_rows, mut r_rows, mut i_rows) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for n in start..(start + batch).min(products) {
            // The demo seller's store gets a little more than its share.
            let store = if n % 12 == 0 {
                0
            } else {
                rng.gen_range(0..STORES)
            };
            let cat_index = rng.gen_range(0..CATEGORIES.len());
            let cat = &CATEGORIES[cat_index];
            let title = words::title(&mut rng, cat);
            let created = now - rng.gen_range(0..120 * DAY_MS);
            let base_price: i64 = rng.gen_range(cat.price.0..=cat.price.1) / 10 * 10 + 9;
            let on_sale = rng.gen_bool(0.4);
            let shipping = if rng.gen_bool(0.5) {
                0
            } else {
                rng.gen_range(1..9) * 100 + 99
            };

            // Reviews, skewed towards happy buyers; the demo store's buyers are happier
            // still (it is the integrity store of the demo, `seed::standards`).
            let (first_ratings, more_ratings) = if store == 0 {
                (
                    [5, 5, 5, 4, 4, 4, 3, 4, 5, 5],
                    [5, 5, 4, 4, 3, 5, 4, 5, 4, 5],
                )
            } else {
                (
                    [5, 5, 5, 4, 4, 4, 3, 2, 1, 5],
                    [5, 5, 4, 4, 3, 5, 2, 5, 4, 1],
                )
            };
            let review_count = if rng.gen_bool(0.65) {
                rng.gen_range(1..=8)
            } else {
                0
            };
            let mut rating_sum = 0;
            for r in 0..review_count {
                let rating = *first_ratings.get(rng.gen_range(0..10)).unwrap_or(&5);
                rating_sum += rating;
                r_rows.push(vec![
                    V::I(review_id),
                    V::I(product_id),
                    V::I(reviewer((n * 7 + r) % REVIEWERS)),
                    V::I(rating),
                    V::T(words::review(&mut rng, rating).into()),
                    V::I(review_at(&mut rng, created, now)),
                    V::I(votes.gen_range(0..=3) * votes.gen_range(0..=6)),
                ]);
                review_id += 1;
            }
            // Popular products have more than a page of reviews.
            let extra = if review_count > 0 && votes.gen_bool(0.2) {
                votes.gen_range(6..=18)
            } else {
                0
            };
            for r in review_count..review_count + extra {
                let rating = *more_ratings.get(votes.gen_range(0..10)).unwrap_or(&5);
                rating_sum += rating;
                r_rows.push(vec![
                    V::I(review_id),
                    V::I(product_id),
                    V::I(reviewer((n * 7 + r) % REVIEWERS)),
                    V::I(rating),
                    V::T(words::review(&mut votes, rating).into()),
                    V::I(review_at(&mut votes, created, now)),
                    V::I(votes.gen_range(0..=3) * votes.gen_range(0..=9)),
                ]);
                review_id += 1;
            }
            let review_count = review_count + extra;
            p_rows.push(vec![
                V::I(product_id),
                V::I(first_store + store as i64),
                V::I(first_category + cat_index as i64),
                V::T(slugify(&title)),
                V::T(title.clone()),
                V::T(words::description(&mut rng, cat, &title)),
                V::T(words::tags(cat, &title)),
                V::T("active".into()),
                V::T("USD".into()),
                V::I(shipping),
                V::I(rng.gen_range(1..=4)),
                V::I(rating_sum),
                V::I(review_count as i64),
                V::I(created),
                V::I(created),
            ]);

            // Variants: a size × colour grid, at most six.
            let color_count = rng.gen_range(1..=3);
            let colors = words::pick(&mut rng, words::COLORS, color_count);
            let sizes: Vec<Option<&str>> = if cat.sizes.is_empty() {
                vec![None]
            } else {
                let k = rng.gen_range(1..=cat.sizes.len().min(3));
                let first = rng.gen_range(0..=cat.sizes.len() - k);
                cat.sizes[first..first + k]
                    .iter()
                    .map(|s| Some(*s))
                    .collect()
            };
            let mut position = 0;
            'grid: for color in &colors {
                for size in &sizes {
                    if position == 6 {
                        break 'grid;
                    }
                    let price = base_price + rng.gen_range(0..=2) * 100 * i64::from(size.is_some());
                    let stock = if rng.gen_bool(0.08) {
                        0
                    } else {
                        rng.gen_range(1..=60)
                    };
                    let sku = format!(
                        "{}-{product_id}-{}{}",
                        cat.code,
                        &color[..3].to_ascii_uppercase(),
                        size.map(|s| format!("-{}", s.replace(' ', "")))
                            .unwrap_or_default()
                    );
                    v_rows.push(vec![
                        V::I(variant_id),
                        V::I(product_id),
                        V::T(sku.to_ascii_uppercase()),
                        size.map_or(V::NT, |s| V::T(s.into())),
                        if colors.len() > 1 || size.is_none() {
                            V::T((*color).into())
                        } else {
                            V::NT
                        },
                        V::I(price),
                        if on_sale {
                            V::I(price * rng.gen_range(120..=200) / 100 / 100 * 100 + 99)
                        } else {
                            V::N
                        },
                        V::I(stock),
                        V::I(position),
                    ]);
                    variant_id += 1;
                    position += 1;
                }
            }

            // Two photos from the category's designs: a front view and another angle.
            let designs_of_cat = &keys[cat_index * per_category..(cat_index + 1) * per_category];
            let first = rng.gen_range(0..designs_of_cat.len());
            let second =
                (first + 1 + rng.gen_range(0..designs_of_cat.len() - 1)) % designs_of_cat.len();
            for (pos, d) in [first, second].into_iter().enumerate() {
                i_rows.push(vec![
                    V::I(image_id),
                    V::I(product_id),
                    V::T(designs_of_cat[d].clone()),
                    V::T(format!("{title}, view {}", pos + 1)),
                    V::I(pos as i64),
                ]);
                image_id += 1;
            }
            product_id += 1;
        }
        insert_rows(
            &mut tx,
            "products",
            &[
                "id",
                "store_id",
                "category_id",
                "slug",
                "title",
                "description",
                "tags",
                "status",
                "currency",
                "shipping_minor",
                "handling_days",
                "rating_sum",
                "rating_count",
                "created_at",
                "updated_at",
            ],
            p_rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "variants",
            &[
                "id",
                "product_id",
                "sku",
                "size",
                "color",
                "price_minor",
                "compare_at_minor",
                "stock",
                "position",
            ],
            v_rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "product_images",
            &["id", "product_id", "image_key", "alt", "position"],
            i_rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "reviews",
            &[
                "id",
                "product_id",
                "account_id",
                "rating",
                "body",
                "created_at",
                "helpful_count",
            ],
            r_rows,
        )
        .await?;
        if products >= 10_000 && (start / batch) % 10 == 9 {
            eprintln!("    {} of {products} products…", start + batch);
        }
    }
    // The demo buyer starts with a default wishlist.
    sqlx::query("INSERT INTO wishlists (account_id, name, is_default, created_at) VALUES ($1, 'Favourites', 1, $2)")
        .bind(first_account)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if state.db.backend == Backend::Postgres {
        for table in [
            "accounts",
            "stores",
            "categories",
            "products",
            "variants",
            "product_images",
            "reviews",
        ] {
            sqlx::query(&format!(
                "SELECT CAST(setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table})) AS BIGINT)"
            ))
            .fetch_one(&mut *tx)
            .await
            .with_context(|| format!("moving the {table} id sequence"))?;
        }
    }
    tx.commit().await?;
    crate::services::catalog::feed::recompute_scores(
        &state.db,
        state.clock.as_ref(),
        &state.config.standards.exposure,
    )
    .await?;
    crate::services::catalog::search::rebuild_terms(&state.db).await?;
    let orders = orders::seed(state).await.context("seeding demo orders")?;
    eprintln!("    {orders} demo orders for the demo store");
    let tickets = support::seed(state).await.context("seeding demo tickets")?;
    eprintln!("    {tickets} demo tickets for the demo store");
    let reviews = reviews::seed(state).await.context("seeding demo reviews")?;
    eprintln!("    {reviews} demo reviews from delivered orders");
    let history = standards::seed(state)
        .await
        .context("seeding past orders for the seller standards")?;
    eprintln!("    {history} past orders; every store's standing evaluated");
    // Demo stock starts as it is: no low-stock mail for what was seeded low.
    sqlx::query("UPDATE products SET low_stock_mailed_at = $1")
        .bind(state.clock.now_ms())
        .execute(&state.db.pool)
        .await
        .context("marking seeded stock as seen")?;
    eprintln!("    done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(true)
}

/// Draws `per_category` photos for every category and stores them; returns their
/// keys, category by category.
async fn draw_photos(state: &AppState, per_category: usize) -> anyhow::Result<Vec<String>> {
    let total = per_category * CATEGORIES.len();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(1);
    let mut tasks = Vec::new();
    for w in 0..workers {
        tasks.push(tokio::task::spawn_blocking(move || {
            (w..total)
                .step_by(workers)
                .map(|d| {
                    let img = art::draw(d / per_category, d as u64);
                    images::process(&img).map(|p| (d, p))
                })
                .collect::<anyhow::Result<Vec<_>>>()
        }));
    }
    let mut keys = vec![String::new(); total];
    let now = state.clock.now_ms();
    for task in tasks {
        for (d, processed) in task.await.context("drawing photos")?? {
            for (width, bytes) in processed.files {
                state.images.put(&processed.key, width, bytes).await?;
            }
            sqlx::query(
                "INSERT INTO images (key, width, height, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
            )
            .bind(&processed.key)
            .bind(i64::from(processed.width))
            .bind(i64::from(processed.height))
            .bind(now)
            .execute(&state.db.pool)
            .await?;
            keys[d] = processed.key;
        }
    }
    Ok(keys)
}

/// When a catalogue review was written: any time between the product's listing and
/// now, so the reviews of a product spread over its months on sale.
fn review_at(rng: &mut impl Rng, listed: i64, now: i64) -> i64 {
    now - rng.gen_range(0..(now - listed).max(DAY_MS))
}

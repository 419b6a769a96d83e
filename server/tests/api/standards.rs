//! Seller standards: the evaluate command over the fixture histories (window edges,
//! an integrity store, a failing one) and malformed files; the history the server
//! reads from real orders, cancellations, refunds, reviews and tickets; the daily
//! snapshot and its badge mail once with many servers at once; the automatic
//! cancellation once; the ranking's exposure; the counterfeit review; who may see
//! which store's performance.

use crate::helpers::*;
use app::domain::standards::{CancelledBy, Verdict, evaluate};
use serde_json::{Value, json};
use server::clock::Clock;
use server::config::StandardsSettings;
use server::storage::Row;
use std::path::{Path, PathBuf};
use std::process::Command;

const UPS: &str = "1Z5R89390357567127";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/standards")
}

fn evaluate_file(path: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["standards", "evaluate"])
        .arg(path)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run the server binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_fixture_history_evaluates_to_its_expected_standing() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".expected.json") {
            continue;
        }
        let (code, stdout, stderr) = evaluate_file(&path);
        assert_eq!(code, 0, "{name}: {stderr}");
        let got: Value = serde_json::from_str(&stdout).expect("the standing is JSON");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(got, expected, "{name}");
        checked += 1;
    }
    assert_eq!(
        checked, 3,
        "window_edges, integrity_store and failing_delays"
    );
}

#[test]
fn the_fixtures_say_what_their_names_promise() {
    let read = |name: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(fixtures().join(format!("{name}.expected.json"))).unwrap(),
        )
        .unwrap()
    };
    assert_eq!(read("integrity_store")["integrity_store"], true);
    // 1 counterfeit of 200 is exactly 0.5 %: met.
    assert_eq!(
        read("integrity_store")["metrics"]["counterfeit_rate"]["met"],
        true
    );
    let failing = read("failing_delays");
    assert_eq!(failing["rated"], true);
    assert_eq!(failing["integrity_store"], false);
    assert_eq!(failing["metrics"]["delayed_shipment_rate"]["met"], false);
    let edges = read("window_edges");
    // An upload at exactly 48 h and a scan at exactly 72 h are on time; a second later
    // is not; a scan after `at` has not happened.
    assert_eq!(edges["metrics"]["valid_tracking_rate"]["numerator"], 2);
    assert_eq!(edges["metrics"]["delayed_shipment_rate"]["numerator"], 3);
    // Ratings of 5 and 3 in the window (the one at `at` is outside): exactly 4.0, met.
    assert_eq!(edges["metrics"]["average_rating_30d"]["met"], true);
}

#[test]
fn a_malformed_history_file_is_refused_with_the_field_named_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("standards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "rating.json",
            r#"{"at": "2026-06-30T00:00:00Z", "reviews": [{"created_at": "2026-06-20T00:00:00Z", "rating": 7}]}"#,
            "reviews[0].rating",
        ),
        (
            "kind.json",
            r#"{"at": "2026-06-30T00:00:00Z", "tickets": [{"opened_at": "2026-06-25T00:00:00Z", "kind": "<script>"}]}"#,
            "tickets[0].kind",
        ),
        (
            "time.json",
            r#"{"at": "2026-06-30T00:00:00Z", "orders": [{"id": "o1", "placed_at": "yesterday"}]}"#,
            "orders[0].placed_at",
        ),
        (
            "who.json",
            r#"{"at": "2026-06-30T00:00:00Z", "orders": [{"id": "o1", "placed_at": "2026-06-01T00:00:00Z", "cancelled_by": "robot"}]}"#,
            "orders[0].cancelled_by",
        ),
        ("at.json", r#"{"orders": []}"#, "at"),
        ("text.json", "not json at all", "expected"),
    ];
    for (name, text, mention) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let (code, stdout, stderr) = evaluate_file(&path);
        assert_eq!(code, 2, "{name}: {stdout} {stderr}");
        assert!(stdout.is_empty(), "{name}: {stdout}");
        assert!(stderr.contains(mention), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let (code, _, stderr) = evaluate_file(&dir.join("missing.json"));
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

struct Shop {
    seller: reqwest::Client,
    store: i64,
    buyer: reqwest::Client,
    variant: i64,
    product: i64,
}

async fn shop(app: &TestApp) -> Shop {
    let (seller, store) = verified_seller(app).await;
    let (product, variant) = ProductBuilder::new("Canvas Tote")
        .price(1800)
        .stock(50)
        .in_store(store)
        .build(app)
        .await;
    let (buyer, _) = quick_buyer(app).await;
    Shop {
        seller,
        store,
        buyer,
        variant,
        product,
    }
}

async fn order(app: &TestApp, s: &Shop, key: &str) -> i64 {
    let address = address_for(
        app,
        app.count("SELECT MAX(id) FROM accounts WHERE role = 'buyer'")
            .await,
    )
    .await;
    let token = app.card_token(&s.buyer, "4242424242424242").await;
    let cart = app.add_to_cart(&s.buyer, s.variant, 1).await;
    let res = app
        .place_order(&s.buyer, key, address, &token, seen_lines(&cart))
        .await;
    assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
    let placed: Value = res.json().await.unwrap();
    placed["orders"][0].as_i64().unwrap()
}

async fn ship(app: &TestApp, s: &Shop, id: i64, tracking: &str) {
    let id = id.to_string();
    assert!(ok(&app
        .post(&s.seller, "console/confirm_order", &[("id", &id)])
        .await));
    let res = app
        .post(
            &s.seller,
            "console/ship_order",
            &[
                ("id", &id),
                ("carrier", "ups"),
                ("tracking_number", tracking),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn the_history_the_server_reads_is_what_happened_to_the_stores_orders() {
    on_each_database(|app| async move {
        let s = shop(&app).await;
        let placed_at = app.clock.now();
        let shipped = order(&app, &s, "standards-order-1").await;
        let by_buyer = order(&app, &s, "standards-order-2").await;
        let by_seller = order(&app, &s, "standards-order-3").await;
        app.clock.advance(chrono::Duration::hours(30));
        ship(&app, &s, shipped, UPS).await;
        let shipped_at = app.clock.now();
        assert!(ok(&app
            .post(
                &s.buyer,
                "cancel_order",
                &[("id", &by_buyer.to_string()), ("reason", "changed_mind")]
            )
            .await));
        let res = app
            .post(
                &s.seller,
                "console/cancel_order",
                &[
                    ("id", &by_seller.to_string()),
                    ("reason", "Out of stock, sorry"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        app.clock.advance(chrono::Duration::hours(5));
        server::services::orders::fulfilment::sync_tracking(
            &app.state.db,
            app.state.tracker.as_ref(),
            app.clock.now_ms_for_tests(),
        )
        .await
        .unwrap();

        let now = app.clock.now();
        let history = server::services::standards::history(
            &app.state.db,
            app::domain::StoreId(s.store),
            now,
            now,
        )
        .await
        .unwrap();
        assert_eq!(history.orders.len(), 3, "{:?}", history.orders);
        let facts = |id: i64| {
            history
                .orders
                .iter()
                .find(|o| o.id == id.to_string())
                .unwrap()
                .clone()
        };
        let o = facts(shipped);
        assert_eq!(o.placed_at, placed_at);
        assert_eq!(o.tracking_uploaded_at, Some(shipped_at));
        // The simulated carrier scans the parcel 3 hours after shipment.
        assert_eq!(
            o.first_scan_at,
            Some(shipped_at + chrono::Duration::hours(3))
        );
        assert_eq!(o.cancelled_at, None);
        let b = facts(by_buyer);
        assert_eq!(b.cancelled_by, Some(CancelledBy::Buyer));
        assert_eq!(b.cancelled_at, Some(shipped_at));
        let c = facts(by_seller);
        assert_eq!(c.cancelled_by, Some(CancelledBy::Seller));
        assert_eq!(c.reason.as_deref(), Some("out_of_stock"));

        // The console shows the same function's answer over that history.
        let perf: Value = app
            .get(&s.seller, "/api/console/performance")
            .await
            .json()
            .await
            .unwrap();
        let standing = evaluate(&history, now);
        assert_eq!(perf["standing"], serde_json::to_value(standing).unwrap());
        assert_eq!(perf["standing"]["metrics"]["cancellation_rate"]["buyer"], 1);
        assert_eq!(
            perf["standing"]["metrics"]["cancellation_rate"]["seller"],
            1
        );
        assert_eq!(
            perf["standing"]["metrics"]["out_of_stock_rate"]["numerator"],
            1
        );
        assert_eq!(perf["verdict"], "Unrated");
        assert_eq!(perf["trend"].as_array().unwrap().len(), 12);
    })
    .await;
}

#[tokio::test]
async fn an_order_left_unshipped_for_five_days_is_cancelled_once_by_the_system() {
    on_each_database(|app| async move {
        let s = shop(&app).await;
        let id = order(&app, &s, "standards-late-1").await;
        let kept = order(&app, &s, "standards-late-2").await;
        let stock = || async {
            app.count(&format!(
                "SELECT stock FROM variants WHERE id = {}",
                s.variant
            ))
            .await
        };
        let before = stock().await;
        app.clock.advance(chrono::Duration::days(2));
        ship(&app, &s, kept, UPS).await;
        app.clock
            .advance(chrono::Duration::days(3) + chrono::Duration::minutes(1));
        let now = app.clock.now_ms_for_tests();
        let runs = (0..6).map(|_| {
            let db = app.state.db.clone();
            let gateway = app.state.gateway.clone();
            async move {
                server::services::standards::cancel_overdue(&db, gateway.as_ref(), now, 5, false)
                    .await
                    .unwrap()
            }
        });
        let cancelled: u64 = all_at_once(runs).await.into_iter().sum();
        assert_eq!(cancelled, 1, "on {}", app.db_name);
        let row = sqlx::query("SELECT status, cancelled_by FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(row.try_get::<String, _>("status").unwrap(), "cancelled");
        assert_eq!(row.try_get::<String, _>("cancelled_by").unwrap(), "system");
        assert_eq!(stock().await, before + 1, "restocked once");
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM email_outbox WHERE subject LIKE 'Order #{id} was cancelled%'"
            ))
            .await,
            2,
            "one mail to the buyer, one to the seller"
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM orders WHERE id = {kept} AND status = 'shipped'"
            ))
            .await,
            1
        );
        // Turned off with 0 days.
        assert_eq!(
            server::services::standards::cancel_overdue(
                &app.state.db,
                app.state.gateway.as_ref(),
                now + 10 * 86_400_000,
                0,
                false
            )
            .await
            .unwrap(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn the_daily_snapshot_is_written_once_and_the_badge_mail_goes_out_once() {
    on_each_database(|app| async move {
        let s = shop(&app).await;
        order(&app, &s, "standards-snap-1").await;
        // Windows are half-open: an order counts from the moment after it was placed.
        app.clock.advance(chrono::Duration::minutes(1));
        // One order makes the store rated under these settings; no metric has data yet,
        // so none fails: an integrity store.
        let settings = StandardsSettings {
            rules: app::domain::standards::Rules { min_orders: 1 },
            ..Default::default()
        };
        let now = app.clock.now();
        let runs = (0..5).map(|_| {
            let db = app.state.db.clone();
            let settings = settings.clone();
            async move {
                server::services::standards::snapshot_due(&db, now, &settings, "http://x", false)
                    .await
                    .unwrap()
            }
        });
        all_at_once(runs).await;
        let store = s.store;
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM store_standings WHERE store_id = {store}"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM stores WHERE id = {store} AND verdict = 'integrity'"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM email_outbox WHERE subject LIKE '% is now an integrity store'"
            )
            .await,
            1
        );
        // The next day, under the default rules, it is unrated again: one mail.
        app.clock.advance(chrono::Duration::days(1));
        let verdict = server::services::standards::snapshot(
            &app.state.db,
            app::domain::StoreId(store),
            app.clock.now(),
            &Default::default(),
            "http://x",
            false,
        )
        .await
        .unwrap();
        assert_eq!(verdict, Verdict::Unrated);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM email_outbox WHERE subject LIKE '% lost the integrity badge'"
            )
            .await,
            1
        );
        // The store page shows the badge only while it holds.
        let page: Value = app
            .get(
                &s.buyer,
                &format!("/api/store_page?slug={}", slug_of(&app, store).await),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["integrity_store"], false, "{page}");
    })
    .await;
}

/// Runs the futures on their own tasks at once; their results in order.
async fn all_at_once<T: Send + 'static>(
    runs: impl Iterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let handles: Vec<_> = runs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

async fn slug_of(app: &TestApp, store: i64) -> String {
    sqlx::query("SELECT slug FROM stores WHERE id = $1")
        .bind(store)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get("slug")
        .unwrap()
}

#[tokio::test]
async fn an_integrity_stores_product_ranks_above_an_identical_one_and_wears_the_badge() {
    on_each_database(|app| async move {
        let good = new_store(&app).await;
        let plain = new_store(&app).await;
        for store in [good, plain] {
            ProductBuilder::new("Enamel Mug")
                .price(900)
                .in_store(store)
                .build(&app)
                .await;
        }
        // The verdict is what the daily snapshot writes; set here to isolate the ranking.
        sqlx::query("UPDATE stores SET verdict = 'integrity' WHERE id = $1")
            .bind(good)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        server::services::catalog::feed::recompute_scores(
            &app.state.db,
            &app.clock,
            &app.state.config.standards.exposure,
        )
        .await
        .unwrap();
        let feed: Value = app
            .get(&client(), "/api/home_feed?limit=10")
            .await
            .json()
            .await
            .unwrap();
        let cards = feed["cards"].as_array().unwrap();
        assert_eq!(cards.len(), 2, "{feed}");
        let first_store = sqlx::query("SELECT store_id FROM products WHERE id = $1")
            .bind(cards[0]["id"].as_i64().unwrap())
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>("store_id")
            .unwrap();
        assert_eq!(first_store, good, "{feed}");
        assert_eq!(cards[0]["integrity_store"], true);
        assert_eq!(cards[1]["integrity_store"], false);
    })
    .await;
}

#[tokio::test]
async fn a_counterfeit_listing_is_hidden_blocked_and_counted_against_its_store() {
    on_each_database(|app| async move {
        let s = shop(&app).await;
        let admin = app.signed_in_as("admin").await;
        let id = s.product.to_string();
        // Only an admin reviews listings.
        let res = app
            .post(
                &s.seller,
                "admin/review_listing",
                &[("id", &id), ("counterfeit", "false")],
            )
            .await;
        assert_eq!(res.status(), 403);
        let queue: Value = app
            .get(&admin, "/api/admin/listings_to_review")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            queue
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["id"] == s.product)
        );
        let res = app
            .post(
                &admin,
                "admin/review_listing",
                &[("id", &id), ("counterfeit", "true")],
            )
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let res = app
            .post(
                &admin,
                "admin/review_listing",
                &[("id", "999999"), ("counterfeit", "true")],
            )
            .await;
        assert_eq!(res.status(), 404);
        let status = || async {
            sqlx::query("SELECT status FROM products WHERE id = $1")
                .bind(s.product)
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap()
                .try_get::<String, _>("status")
                .unwrap()
        };
        assert_eq!(status().await, "hidden");
        // The seller cannot publish it again.
        let res = app
            .post_json(
                &s.seller,
                "console/bulk_products",
                json!({"ids": [s.product], "action": "Activate"}),
            )
            .await;
        assert!(res.status().as_u16() < 500);
        assert_eq!(status().await, "hidden");
        let perf: Value = app
            .get(&s.seller, "/api/console/performance")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            perf["standing"]["metrics"]["counterfeit_rate"]["numerator"],
            1
        );
        assert_eq!(
            perf["standing"]["metrics"]["counterfeit_rate"]["met"],
            false
        );
        // The dashboard names the failing standard among its alerts.
        let dashboard: Value = app
            .get(&s.seller, "/api/console/dashboard?days=30")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(dashboard["failing"], json!(["Counterfeit"]));
        assert_eq!(dashboard["verdict"], "Unrated");
        assert_eq!(dashboard["min_orders"], 50);
    })
    .await;
}

#[tokio::test]
async fn only_a_seller_sees_the_performance_of_its_own_store() {
    on_each_database(|app| async move {
        let s = shop(&app).await;
        order(&app, &s, "standards-own-1").await;
        app.clock.advance(chrono::Duration::minutes(1));
        let res = app.get(&s.buyer, "/api/console/performance").await;
        assert_eq!(res.status(), 403);
        let res = app.get(&client(), "/api/console/performance").await;
        assert!(matches!(res.status().as_u16(), 401 | 403));
        let (other, _) = verified_seller(&app).await;
        let theirs: Value = app
            .get(&other, "/api/console/performance")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            theirs["standing"]["orders_90d"], 0,
            "another store's orders never show"
        );
        let mine: Value = app
            .get(&s.seller, "/api/console/performance")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["standing"]["orders_90d"], 1);
    })
    .await;
}

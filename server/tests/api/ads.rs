//! Boost campaigns: sponsored slots in the feed and search, paid per impression,
//! never past the weekly budget (also under concurrent traffic), out-of-stock
//! products neither shown nor charged, clicks counted, spend billed to the ledger.

use crate::helpers::*;
use serde_json::{Value, json};

/// Twelve organic products and one to boost: (seller, store, boosted product, its variant).
async fn shop_with_a_boost(app: &TestApp, budget: &str) -> (reqwest::Client, i64, i64, i64) {
    for i in 0..12 {
        ProductBuilder::new(&format!("Plain Item {i:02}"))
            .build(app)
            .await;
    }
    let (seller_client, store) = verified_seller(app).await;
    let (product, variant) = ProductBuilder::new("Glacier Water Flask")
        .in_store(store)
        .days_old(300)
        .build(app)
        .await;
    server::services::catalog::feed::recompute_scores(
        &app.state.db,
        &app.clock,
        &app.state.config.standards.exposure,
    )
    .await
    .unwrap();
    let res = app
        .post_json(
            &seller_client,
            "console/create_campaign",
            json!({"campaign": {"name": "Flask push", "products": [product], "bid": "2.00",
                "weekly_budget": budget, "starts": "2026-03-01", "ends": "2026-03-31"}}),
        )
        .await;
    assert_eq!(res.status(), 200, "create_campaign on {}", app.db_name);
    (seller_client, store, product, variant)
}

fn sponsored(page: &Value) -> Vec<(usize, String)> {
    page["cards"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| c["sponsored"] == true)
        .map(|(i, c)| (i, c["title"].as_str().unwrap().to_owned()))
        .collect()
}

async fn page(app: &TestApp, path: &str) -> Value {
    let res = app.get(&client(), path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

async fn campaign(app: &TestApp, seller: &reqwest::Client) -> Value {
    let overview: Value = app
        .get(seller, "/api/console/boosts")
        .await
        .json()
        .await
        .unwrap();
    overview["campaigns"][0].clone()
}

#[tokio::test]
async fn a_campaign_fills_sponsored_slots_pays_per_impression_and_is_billed_to_the_ledger() {
    on_each_database(|app| async move {
        let (seller_client, _, product, variant) = shop_with_a_boost(&app, "10.00").await;

        // The feed shows it in the third place, marked sponsored; one impression paid.
        let feed = page(&app, "/api/home_feed").await;
        assert_eq!(sponsored(&feed), [(2, "Glacier Water Flask".to_owned())], "on {}", app.db_name);
        let c = campaign(&app, &seller_client).await;
        assert_eq!(c["impressions"], 1);
        assert_eq!(c["state"], "active");

        // In search it must match a word of the query: "plain" matches twelve other
        // products but not the flask, so no sponsored card and no charge.
        let plain = page(&app, "/api/search_products?params[q]=plain").await;
        assert_eq!(plain["cards"].as_array().unwrap().len(), 12);
        assert!(sponsored(&plain).is_empty());
        assert_eq!(campaign(&app, &seller_client).await["impressions"], 1);

        // A sponsored click is counted for the campaign.
        let res = app.record_events(&client(), product, "SponsoredClick", 1).await;
        assert_eq!(res.status(), 200);
        assert_eq!(campaign(&app, &seller_client).await["clicks"], 1);

        // Sold out: neither shown nor charged.
        let before = campaign(&app, &seller_client).await["impressions"].as_i64().unwrap();
        sqlx::query("UPDATE variants SET stock = 0 WHERE id = $1").bind(variant).execute(&app.state.db.pool).await.unwrap();
        assert!(sponsored(&page(&app, "/api/home_feed").await).is_empty());
        assert_eq!(campaign(&app, &seller_client).await["impressions"], before);
        sqlx::query("UPDATE variants SET stock = 10 WHERE id = $1").bind(variant).execute(&app.state.db.pool).await.unwrap();

        // Paused: not shown.
        let id = campaign(&app, &seller_client).await["id"].as_i64().unwrap().to_string();
        let res = app.post(&seller_client, "console/pause_campaign", &[("id", &id), ("paused", "true")]).await;
        assert_eq!(res.status(), 200);
        assert!(sponsored(&page(&app, "/api/home_feed").await).is_empty());
        app.post(&seller_client, "console/pause_campaign", &[("id", &id), ("paused", "false")]).await;

        // Spend reaches the ledger in whole cents: 2.00 per 1,000 is 0.2 ¢ an impression.
        for _ in 0..8 {
            page(&app, "/api/home_feed").await;
        }
        let c = campaign(&app, &seller_client).await;
        let impressions = c["impressions"].as_i64().unwrap();
        assert!(impressions >= 9);
        let cents = impressions * 200 / 1000;
        server::services::ads::bill(&app.state.db, app.clock.now_ms_for_tests()).await.unwrap();
        assert_eq!(
            app.count("SELECT CAST(-SUM(amount_minor) AS BIGINT) FROM ledger_entries WHERE kind = 'boost_spend'").await,
            cents
        );
        // Billing again adds nothing.
        server::services::ads::bill(&app.state.db, app.clock.now_ms_for_tests()).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'boost_spend'").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM stores s WHERE s.balance_minor <> (SELECT CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM ledger_entries e WHERE e.store_id = s.id)").await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn fifty_concurrent_impressions_at_the_budget_edge_never_overspend() {
    on_each_database(|app| async move {
        let (seller_client, _, _, _) = shop_with_a_boost(&app, "2.00").await;
        // $2.00 a week at $2.00 per 1,000 impressions is 1,000 impressions; 5 are left.
        let week = app_week_start(&app);
        sqlx::query(
            "UPDATE boost_campaigns SET week_start = $1, week_spent_milli = 200000 - 5 * 200",
        )
        .bind(week)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let url = format!("{}/api/home_feed", app.addr);
            tasks.push(tokio::spawn(async move {
                let page: Value = client()
                    .get(url)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                sponsored(&page).len()
            }));
        }
        let mut shown = 0;
        for t in tasks {
            shown += t.await.unwrap();
        }
        assert_eq!(shown, 5, "sponsored cards shown on {}", app.db_name);
        assert_eq!(
            app.count("SELECT week_spent_milli FROM boost_campaigns")
                .await,
            200_000
        );
        let c = campaign(&app, &seller_client).await;
        assert_eq!(c["impressions"], 5);
        assert_eq!(c["spent_this_week"]["minor"], 200);
    })
    .await;
}

fn app_week_start(app: &TestApp) -> i64 {
    let now = chrono::DateTime::from_timestamp_millis(app.clock.now_ms_for_tests()).unwrap();
    app::domain::boost::week_start_ms(now)
}

#[tokio::test]
async fn boost_functions_refuse_other_sellers_buyers_and_guests() {
    on_each_database(|app| async move {
        let (owner, _, product, _) = shop_with_a_boost(&app, "10.00").await;
        let id = campaign(&app, &owner).await["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let (other, _) = verified_seller(&app).await;
        let buyer = app.signed_in_as("buyer").await;
        let guest = client();
        for (who, name, expected) in [
            (&other, "another seller", 404u16),
            (&buyer, "a buyer", 403),
            (&guest, "a guest", 401),
        ] {
            let res = app
                .post(
                    who,
                    "console/pause_campaign",
                    &[("id", &id), ("paused", "true")],
                )
                .await;
            assert_eq!(res.status().as_u16(), expected, "pause as {name}");
            let res = app
                .post_json(
                    who,
                    "console/create_campaign",
                    json!({"campaign": {"name": "Theft", "products": [product], "bid": "2.00",
                    "weekly_budget": "10", "starts": "2026-03-01", "ends": "2026-03-31"}}),
                )
                .await;
            let refused = if expected == 404 { 422 } else { expected };
            assert_eq!(
                res.status().as_u16(),
                refused,
                "create with another store's product as {name}"
            );
            let res = app.get(who, "/api/console/boosts").await;
            if expected == 404 {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["campaigns"], json!([]));
            } else {
                assert_eq!(res.status().as_u16(), expected);
            }
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM boost_campaigns").await, 1);
        assert_eq!(campaign(&app, &owner).await["state"], "active");
    })
    .await;
}

//! Per-product inventory settings: the low-stock level (alerts and one mail per fall),
//! the restock date buyers see on a sold-out product, the video link; and a store's
//! public page with only its own products in stock.

use crate::helpers::*;
use serde_json::{Value, json};

async fn outbox(app: &TestApp, subject: &str) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM email_outbox WHERE subject = '{subject}'"
    ))
    .await
}

async fn run_mail(app: &TestApp) -> u64 {
    server::services::listings::mail_low_stock(
        &app.state.db,
        app.clock.now_ms_for_tests(),
        "http://shop.test",
        false,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn low_stock_is_flagged_at_each_products_level_and_mailed_once_per_fall() {
    on_each_database(|app| async move {
        let (seller, _) = verified_seller(&app).await;
        let category: i64 = sqlx::query_scalar::<_, i64>("INSERT INTO categories (slug, name) VALUES ('tools', 'Tools') RETURNING id")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let draft = json!({
            "title": "Brass Hand Drill", "description": "Turns well.", "category": category, "tags": "drill",
            "images": [], "video_url": "https://video.example.com/drill", "shipping": "0", "handling_days": "2",
            "low_stock": "3", "restock_on": "2026-03-20", "status": "Draft",
            "variants": [{"id": null, "size": "", "color": "", "sku": "DRILL-1", "price": "25.00", "compare_at": "", "stock": "10"}],
        });
        let res = app.post_json(&seller, "console/save_product", json!({"id": 0, "draft": draft})).await;
        assert_eq!(res.status(), 200, "on {}", app.db_name);
        let saved: Value = res.json().await.unwrap();
        assert_eq!((saved["draft"]["low_stock"].as_str(), saved["draft"]["restock_on"].as_str()), (Some("3"), Some("2026-03-20")));
        let id = saved["id"].as_i64().unwrap();
        // A bad level is refused next to its field, and nothing changes.
        let mut bad = draft.clone();
        bad["low_stock"] = json!("lots");
        let res = app.post_json(&seller, "console/save_product", json!({"id": id, "draft": bad})).await;
        assert_eq!(res.status(), 422);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["Validation"]["field"], "low_stock");
        assert_eq!(app.count(&format!("SELECT low_stock FROM products WHERE id = {id}")).await, 3);

        // Stock 10 with a level of 3: not low, no mail.
        assert_eq!(run_mail(&app).await, 0);
        sqlx::query("UPDATE variants SET stock = 3 WHERE sku = 'DRILL-1'").execute(&app.state.db.pool).await.unwrap();
        let inventory: Value = app.get(&seller, "/api/console/inventory").await.json().await.unwrap();
        let row = inventory.as_array().unwrap().iter().find(|r| r["sku"] == "DRILL-1").unwrap().clone();
        assert_eq!(row["low_stock"], 3);
        // Drafts are not mailed; active products are, once.
        assert_eq!(run_mail(&app).await, 0);
        sqlx::query(&format!("UPDATE products SET status = 'active' WHERE id = {id}")).execute(&app.state.db.pool).await.unwrap();
        assert_eq!(run_mail(&app).await, 1);
        assert_eq!(run_mail(&app).await, 0, "one mail per fall");
        assert_eq!(outbox(&app, "Low stock: Brass Hand Drill").await, 1);
        let body: String = sqlx::query_scalar::<_, String>("SELECT body FROM email_outbox WHERE subject = 'Low stock: Brass Hand Drill'")
            .fetch_one(&app.state.db.pool).await.unwrap();
        assert!(body.contains("DRILL-1") && body.contains("3 left") && body.contains("http://shop.test/sell/inventory"), "{body}");
        let dashboard: Value = app.get(&seller, "/api/console/dashboard?days=30").await.json().await.unwrap();
        assert!(dashboard.to_string().contains("Brass Hand Drill"), "the dashboard lists it as low");

        // Restocked above the level, then low again: a second mail.
        sqlx::query("UPDATE variants SET stock = 9 WHERE sku = 'DRILL-1'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(run_mail(&app).await, 0);
        sqlx::query("UPDATE variants SET stock = 0 WHERE sku = 'DRILL-1'").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(run_mail(&app).await, 1);
        assert_eq!(outbox(&app, "Low stock: Brass Hand Drill").await, 2);

        // Buyers see the restock date and the video (the product page shows sold-out products).
        let detail: Value = app.get(&client(), &format!("/api/product_detail?id={id}")).await.json().await.unwrap();
        assert_eq!(detail["restock_on"], "2026-03-20");
        assert_eq!(detail["video_url"], "https://video.example.com/drill");
        // Once the date has passed it is not shown.
        app.clock.advance(chrono::Duration::days(30));
        let detail: Value = app.get(&client(), &format!("/api/product_detail?id={id}")).await.json().await.unwrap();
        assert_eq!(detail["restock_on"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn a_store_page_shows_the_store_and_only_its_products_in_stock() {
    on_each_database(|app| async move {
        let store = new_store(&app).await;
        for i in 0..3 {
            ProductBuilder::new(&format!("Store Item {i}"))
                .in_store(store)
                .build(&app)
                .await;
        }
        ProductBuilder::new("Sold Out Item")
            .in_store(store)
            .stock(0)
            .build(&app)
            .await;
        ProductBuilder::new("Another Store's Item")
            .build(&app)
            .await;
        let slug: String = sqlx::query_scalar::<_, String>("SELECT slug FROM stores WHERE id = $1")
            .bind(store)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE stores SET description = 'Hand-picked goods.', ships_from = 'PT' WHERE id = $1",
        )
        .bind(store)
        .execute(&app.state.db.pool)
        .await
        .unwrap();

        let res = app
            .get(&client(), &format!("/api/store_page?slug={slug}"))
            .await;
        assert_eq!(res.status(), 200, "on {}", app.db_name);
        let page: Value = res.json().await.unwrap();
        assert_eq!(page["store"]["id"], store);
        assert_eq!(
            (page["description"].as_str(), page["ships_from"].as_str()),
            (Some("Hand-picked goods."), Some("PT"))
        );
        assert_eq!(page["product_count"], 3);
        let mut titles = card_titles(&page["cards"]);
        titles.sort();
        assert_eq!(titles, ["Store Item 0", "Store Item 1", "Store Item 2"]);

        // The page renders on the server, and the product page links to it.
        let html = app
            .get(&client(), &format!("/s/{slug}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Hand-picked goods.") && html.contains("Store Item 1"),
            "server-rendered store page"
        );

        // A store that is not verified has no public page.
        sqlx::query("UPDATE stores SET status = 'pending' WHERE id = $1")
            .bind(store)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            app.get(&client(), &format!("/api/store_page?slug={slug}"))
                .await
                .status(),
            404
        );
        assert_eq!(
            app.get(&client(), "/api/store_page?slug=no-such-store")
                .await
                .status(),
            404
        );
    })
    .await;
}

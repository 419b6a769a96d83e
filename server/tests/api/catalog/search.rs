//! Full-text search, filters, sorts, cursors and suggestions on both databases.

use crate::helpers::{ProductBuilder, TestApp, card_titles, client, on_each_database};

async fn search(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&client(), &format!("/api/search_products?{query}"))
        .await
}

async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let res = search(app, query).await;
    assert_eq!(res.status(), 200, "{query}");
    card_titles(&res.json().await.unwrap())
}

async fn set_price(app: &TestApp, product: i64, cents: i64) {
    sqlx::query("UPDATE variants SET price_minor = $1 WHERE product_id = $2")
        .bind(cents)
        .bind(product)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn words_filters_and_sorts_find_the_right_products() {
    on_each_database(|app| async move {
        let (mug, _) = ProductBuilder::new("Speckled Stoneware Mug")
            .build(&app)
            .await;
        let (big_mug, _) = ProductBuilder::new("Giant Coffee Mugs").build(&app).await;
        let (lamp, _) = ProductBuilder::new("Brass Desk Lamp").build(&app).await;
        set_price(&app, mug, 1200).await;
        set_price(&app, big_mug, 3400).await;
        set_price(&app, lamp, 5600).await;
        sqlx::query("UPDATE products SET rating_sum = 9, rating_count = 2 WHERE id = $1")
            .bind(big_mug)
            .execute(&app.state.db.pool)
            .await
            .unwrap();

        let mut found = titles(&app, "params[q]=mug").await;
        found.sort();
        assert_eq!(
            found,
            ["Giant Coffee Mugs", "Speckled Stoneware Mug"],
            "stemmed and prefix matches"
        );
        assert_eq!(
            titles(&app, "params[q]=stonew").await,
            ["Speckled Stoneware Mug"]
        );
        assert_eq!(
            titles(&app, "params[q]=mug&params[sort]=price_desc").await,
            ["Giant Coffee Mugs", "Speckled Stoneware Mug"]
        );
        assert_eq!(
            titles(&app, "params[q]=mug&params[sort]=price_asc").await,
            ["Speckled Stoneware Mug", "Giant Coffee Mugs"]
        );
        assert_eq!(
            titles(&app, "params[q]=&params[max]=20").await,
            ["Speckled Stoneware Mug"]
        );
        assert_eq!(
            titles(&app, "params[q]=&params[min]=30&params[max]=40").await,
            ["Giant Coffee Mugs"]
        );
        assert_eq!(
            titles(&app, "params[q]=&params[rating]=4").await,
            ["Giant Coffee Mugs"]
        );
        assert!(titles(&app, "params[q]=teapot").await.is_empty());

        let bad = search(&app, "params[q]=mug&params[min]=50&params[max]=10").await;
        assert_eq!(bad.status(), 422);
        assert!(
            bad.text()
                .await
                .unwrap()
                .contains("lowest price is above the highest")
        );
        let injection = titles(&app, "params[q]=%22%29%20OR%201%3D1%20--").await;
        assert!(
            injection.is_empty(),
            "punctuation is never SQL: {injection:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn search_results_page_by_cursor() {
    on_each_database(|app| async move {
        for i in 0..30 {
            ProductBuilder::new(&format!("Canvas Tote {i:02}"))
                .build(&app)
                .await;
        }
        let first: serde_json::Value = search(&app, "params[q]=tote").await.json().await.unwrap();
        assert_eq!(first["cards"].as_array().unwrap().len(), 24);
        let cursor = first["next"].as_str().unwrap().to_owned();
        let second: serde_json::Value = search(&app, &format!("params[q]=tote&cursor={cursor}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(second["cards"].as_array().unwrap().len(), 6);
        assert!(second["next"].is_null());
        assert_eq!(
            search(&app, "params[q]=tote&cursor=nonsense")
                .await
                .status(),
            422
        );
    })
    .await;
}

#[tokio::test]
async fn suggestions_complete_and_correct_what_is_typed() {
    on_each_database(|app| async move {
        ProductBuilder::new("Trail Sneakers").build(&app).await;
        ProductBuilder::new("Retro Sneakers").build(&app).await;
        ProductBuilder::new("Linen Shirt").build(&app).await;
        server::services::catalog::search::rebuild_terms(&app.state.db)
            .await
            .unwrap();
        let suggest = |q: &'static str| {
            let app = &app;
            async move {
                let res = app.get(&client(), &format!("/api/suggest?q={q}")).await;
                assert_eq!(res.status(), 200);
                res.json::<Vec<String>>().await.unwrap()
            }
        };
        assert_eq!(
            suggest("snea").await.first().map(String::as_str),
            Some("sneakers")
        );
        assert_eq!(
            suggest("snaekers").await.first().map(String::as_str),
            Some("sneakers"),
            "two letters swapped"
        );
        assert_eq!(
            suggest("retro%20sneker").await.first().map(String::as_str),
            Some("retro sneakers")
        );
        assert!(suggest("x").await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_category_page_lists_its_products() {
    on_each_database(|app| async move {
        ProductBuilder::new("Category Kettle").build(&app).await;
        let slug: String = sqlx::query_scalar("SELECT slug FROM categories LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let res = app.get(&client(), &format!("/c/{slug}")).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Category Kettle"));
        assert!(
            html.contains("<h1 class=\"page-title\">Fixtures</h1>"),
            "the category's name is the heading"
        );
    })
    .await;
}

#[tokio::test]
async fn ships_from_and_availability_filter_the_results() {
    on_each_database(|app| async move {
        let (lantern, _) = ProductBuilder::new("Paper Lantern Red").build(&app).await;
        let (_, sold_out) = ProductBuilder::new("Paper Lantern Blue")
            .stock(0)
            .build(&app)
            .await;
        let pool = &app.state.db.pool;
        sqlx::query(
            "UPDATE stores SET ships_from = 'CN' WHERE id = (SELECT store_id FROM products WHERE id = $1)",
        )
        .bind(lantern)
        .execute(pool)
        .await
        .unwrap();

        // Sold-out products are left out unless the buyer asks for them.
        assert_eq!(
            titles(&app, "params[q]=lantern").await,
            ["Paper Lantern Red"]
        );
        let all: serde_json::Value = search(&app, "params[q]=lantern&params[stock]=all")
            .await
            .json()
            .await
            .unwrap();
        let mut found: Vec<(String, bool)> = all["cards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["title"].as_str().unwrap().to_owned(),
                    c["in_stock"].as_bool().unwrap(),
                )
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("Paper Lantern Blue".to_owned(), false),
                ("Paper Lantern Red".to_owned(), true)
            ]
        );
        // A sold-out card still shows its price.
        let blue = all["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"] == "Paper Lantern Blue")
            .unwrap();
        assert_eq!(blue["price"]["minor"], 1999, "{blue}");

        assert_eq!(
            titles(&app, "params[q]=lantern&params[from]=CN&params[stock]=all").await,
            ["Paper Lantern Red"]
        );
        assert!(
            titles(&app, "params[q]=lantern&params[from]=DE&params[stock]=all")
                .await
                .is_empty()
        );
        let bad = search(&app, "params[q]=lantern&params[from]=Mars").await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains("ship from"));

        // Restocking brings the product back into the default results.
        sqlx::query("UPDATE variants SET stock = 4 WHERE id = $1")
            .bind(sold_out)
            .execute(pool)
            .await
            .unwrap();
        assert_eq!(titles(&app, "params[q]=lantern").await.len(), 2);
    })
    .await;
}

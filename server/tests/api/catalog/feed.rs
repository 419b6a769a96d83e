//! The feed: ranking, cursor pages, events, personalisation.

use crate::helpers::{ProductBuilder, TestApp, card_titles, client, on_each_database};

async fn feed_page(
    app: &TestApp,
    who: &reqwest::Client,
    cursor: Option<&str>,
) -> serde_json::Value {
    let path = match cursor {
        Some(c) => format!("/api/home_feed?cursor={c}"),
        None => "/api/home_feed".into(),
    };
    let res = app.get(who, &path).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn recompute(app: &TestApp) {
    server::services::catalog::feed::recompute_scores(
        &app.state.db,
        &app.clock,
        &app.state.config.standards.exposure,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_feed_pages_by_cursor_without_gaps_or_repeats() {
    on_each_database(|app| async move {
        for i in 0..30 {
            ProductBuilder::new(&format!("Product {i:02}"))
                .days_old(i)
                .build(&app)
                .await;
        }
        ProductBuilder::new("Sold out").stock(0).build(&app).await;
        recompute(&app).await;
        let first = feed_page(&app, &client(), None).await;
        let first_titles = card_titles(&first);
        assert_eq!(first_titles.len(), 24);
        assert_eq!(first_titles[0], "Product 00", "the freshest product leads");
        let cursor = first["next"].as_str().expect("a next page");
        let second = feed_page(&app, &client(), Some(cursor)).await;
        let second_titles = card_titles(&second);
        assert_eq!(second_titles.len(), 6);
        assert!(second["next"].is_null());
        let mut all: Vec<String> = first_titles.into_iter().chain(second_titles).collect();
        assert!(!all.contains(&"Sold out".to_owned()));
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 30);
        let broken = app.get(&client(), "/api/home_feed?cursor=garbage").await;
        assert_eq!(broken.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn views_are_recorded_in_batches_and_bounded() {
    on_each_database(|app| async move {
        let (id, _) = ProductBuilder::new("Lamp").build(&app).await;
        let res = app.record_events(&client(), id, "View", 3).await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM product_events WHERE kind = 'view'")
                .await,
            3
        );
        let res = app.record_events(&client(), id, "Click", 101).await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM product_events WHERE kind = 'click'")
                .await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn a_buyer_who_keeps_looking_at_a_category_sees_it_first() {
    on_each_database(|app| async move {
        ProductBuilder::new("Fresh Kettle").build(&app).await;
        let (older, _) = ProductBuilder::new("Older Sneaker")
            .days_old(60)
            .build(&app)
            .await;
        let buyer = app.signed_in_as("buyer").await;
        let res = app.record_events(&buyer, older, "View", 10).await;
        assert_eq!(res.status(), 200);
        recompute(&app).await;
        assert_eq!(
            card_titles(&feed_page(&app, &client(), None).await),
            ["Fresh Kettle", "Older Sneaker"]
        );
        assert_eq!(
            card_titles(&feed_page(&app, &buyer, None).await),
            ["Older Sneaker", "Fresh Kettle"]
        );
    })
    .await;
}

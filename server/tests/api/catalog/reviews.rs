//! Product reviews: pages in both orders, and "helpful" votes once per buyer.

use crate::helpers::{ClockMs, ProductBuilder, TestApp, client, on_each_database, quick_buyer};
use sqlx::Row;

/// Adds a review by `account` with a helpful count, written `days_ago`: its id.
async fn review(app: &TestApp, product: i64, account: i64, days_ago: i64, helpful: i64) -> i64 {
    sqlx::query(
        "INSERT INTO reviews (product_id, account_id, rating, body, created_at, helpful_count)
         VALUES ($1, $2, 4, $3, $4, $5) RETURNING id",
    )
    .bind(product)
    .bind(account)
    .bind(format!(
        "Written {days_ago} days ago, {helpful} found it helpful."
    ))
    .bind(app.clock.now_ms_for_tests() - days_ago * 86_400_000)
    .bind(helpful)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

async fn page(app: &TestApp, query: &str) -> serde_json::Value {
    let res = app
        .get(&client(), &format!("/api/product_reviews?{query}"))
        .await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 200, "{query}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn ids(page: &serde_json::Value) -> Vec<i64> {
    page["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// Every review of a product in one order, following the cursors.
async fn all_pages(app: &TestApp, product: i64, sort: &str) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = format!("product={product}&sort={sort}");
        if let Some(c) = &cursor {
            query.push_str(&format!("&cursor={c}"));
        }
        let p = page(app, &query).await;
        assert!(ids(&p).len() <= 10);
        seen.extend(ids(&p));
        match p["next"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn reviews_page_newest_first_and_most_helpful_first() {
    on_each_database(|app| async move {
        let (product, _) = ProductBuilder::new("Linen Apron").build(&app).await;
        let (_, author) = quick_buyer(&app).await;
        // 23 reviews: day d has d % 5 helpful votes; two share a helpful count and a day.
        let mut made = Vec::new();
        for d in 0..23 {
            made.push((d, d % 5, review(&app, product, author, d, d % 5).await));
        }

        let newest = all_pages(&app, product, "Newest").await;
        let mut expected: Vec<(i64, i64)> = made.iter().map(|(d, _, id)| (*d, -id)).collect();
        expected.sort();
        assert_eq!(
            newest,
            expected.iter().map(|(_, id)| -id).collect::<Vec<_>>()
        );

        let helpful = all_pages(&app, product, "MostHelpful").await;
        let mut expected: Vec<(i64, i64)> = made.iter().map(|(_, h, id)| (-h, -id)).collect();
        expected.sort();
        assert_eq!(
            helpful,
            expected.iter().map(|(_, id)| -id).collect::<Vec<_>>(),
            "most helpful first, newest id breaking ties, no review twice or missed"
        );

        // The product page carries the first page, newest first.
        let detail: serde_json::Value = app
            .get(&client(), &format!("/api/product_detail?id={product}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(ids(&detail["reviews"]), newest[..10]);
        assert!(detail["reviews"]["next"].is_string());

        let broken = app
            .get(
                &client(),
                &format!("/api/product_reviews?product={product}&sort=Newest&cursor=x"),
            )
            .await;
        assert_eq!(broken.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn a_buyer_counts_once_as_finding_a_review_helpful() {
    on_each_database(|app| async move {
        let (product, _) = ProductBuilder::new("Wool Beanie").build(&app).await;
        let (author_client, author) = quick_buyer(&app).await;
        let id = review(&app, product, author, 1, 0).await;
        let id_text = id.to_string();
        let vote = |c: reqwest::Client| {
            let app = &app;
            let id_text = id_text.clone();
            async move { app.post(&c, "vote_helpful", &[("review", &id_text)]).await }
        };

        assert_eq!(vote(client()).await.status(), 401, "guests cannot vote");
        let own = vote(author_client).await;
        assert_eq!(own.status(), 422);
        assert!(own.text().await.unwrap().contains("your own review"));

        let (reader, _) = quick_buyer(&app).await;
        for _ in 0..3 {
            let res = vote(reader.clone()).await;
            assert_eq!(res.status(), 200);
            assert_eq!(res.text().await.unwrap(), "1");
        }
        // Concurrent votes from other buyers are each counted once.
        let mut voters = Vec::new();
        for _ in 0..8 {
            voters.push(quick_buyer(&app).await.0);
        }
        let mut tasks = Vec::new();
        for c in voters.iter().flat_map(|c| [c.clone(), c.clone()]) {
            let (addr, id_text) = (app.addr.clone(), id_text.clone());
            tasks.push(tokio::spawn(async move {
                c.post(format!("{addr}/api/vote_helpful"))
                    .header("Origin", &addr)
                    .form(&[("review", &id_text)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 200);
        }
        assert_eq!(
            app.count(&format!(
                "SELECT helpful_count FROM reviews WHERE id = {id}"
            ))
            .await,
            9
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM review_votes WHERE review_id = {id}"
            ))
            .await,
            9
        );

        let missing = app
            .post(&reader, "vote_helpful", &[("review", "999999")])
            .await;
        assert_eq!(missing.status(), 404);
    })
    .await;
}

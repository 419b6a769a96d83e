//! Reviews from delivered orders: not before delivery, once per order item (also when
//! sent many times at once) with the product's rating counted once, editable for 30
//! days, photos only the author's own; the store's reply once and editable; reports
//! reaching the admins, who keep or remove the review; who may reach what.

use crate::helpers::*;
use serde_json::{Value, json};

const UPS: &str = "1Z5R89390357567127";

struct Setup {
    seller: reqwest::Client,
    buyer: reqwest::Client,
    order: i64,
    product: i64,
    item: i64,
}

/// A verified seller, a buyer, and an order of one product, not shipped yet.
async fn setup(app: &TestApp) -> Setup {
    let (seller, store) = verified_seller(app).await;
    let (product, variant) = ProductBuilder::new("Canvas Tote Bag")
        .price(1800)
        .in_store(store)
        .build(app)
        .await;
    let (buyer, buyer_id) = quick_buyer(app).await;
    let address = address_for(app, buyer_id).await;
    let token = app.card_token(&buyer, "4242424242424242").await;
    let cart = app.add_to_cart(&buyer, variant, 1).await;
    let res = app
        .place_order(&buyer, "review-order-1", address, &token, seen_lines(&cart))
        .await;
    assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
    let order = res.json::<Value>().await.unwrap()["orders"][0]
        .as_i64()
        .unwrap();
    let item = app
        .count(&format!(
            "SELECT id FROM order_items WHERE order_id = {order}"
        ))
        .await;
    Setup {
        seller,
        buyer,
        order,
        product,
        item,
    }
}

/// Confirms, ships and lets the carrier deliver the order.
async fn deliver(app: &TestApp, s: &Setup) {
    let id = s.order.to_string();
    assert!(ok(&app
        .post(&s.seller, "console/confirm_order", &[("id", &id)])
        .await));
    assert!(ok(&app
        .post(
            &s.seller,
            "console/ship_order",
            &[("id", &id), ("carrier", "ups"), ("tracking_number", UPS)],
        )
        .await));
    for hours in [25, 24 * 4] {
        app.clock.advance(chrono::Duration::hours(hours));
        server::services::orders::fulfilment::sync_tracking(
            &app.state.db,
            app.state.tracker.as_ref(),
            app.clock.now_ms_for_tests(),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM orders WHERE id = {} AND status = 'delivered'",
            s.order
        ))
        .await,
        1,
        "delivered on {}",
        app.db_name
    );
}

async fn write(
    app: &TestApp,
    who: &reqwest::Client,
    item: i64,
    rating: i64,
    body: &str,
    photos: &[String],
) -> (u16, Value) {
    let res = app
        .post_json(
            who,
            "write_review",
            json!({"review": {"item": item, "rating": rating, "body": body, "photos": photos}}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn rating_of(app: &TestApp, product: i64) -> (i64, i64) {
    (
        app.count(&format!(
            "SELECT rating_sum FROM products WHERE id = {product}"
        ))
        .await,
        app.count(&format!(
            "SELECT rating_count FROM products WHERE id = {product}"
        ))
        .await,
    )
}

async fn product_reviews(app: &TestApp, product: i64) -> Value {
    app.get(
        &client(),
        &format!("/api/product_reviews?product={product}&sort=Newest"),
    )
    .await
    .json()
    .await
    .unwrap()
}

async fn photo(app: &TestApp, who: &reqwest::Client, shade: u8) -> String {
    let res = who
        .post(format!("{}/help/images", app.addr))
        .header("Origin", &app.addr)
        .header("Content-Type", "image/png")
        .body(png(300, shade))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_delivered_item_is_reviewed_once_and_its_rating_counted_once() {
    on_each_database(|app| async move {
        let s = setup(&app).await;
        // Not before delivery: no prompt, and writing is refused.
        let before: Value = app.get(&s.buyer, &format!("/api/order_reviews?order={}", s.order)).await.json().await.unwrap();
        assert_eq!(before, json!([]));
        let (status, body) = write(&app, &s.buyer, s.item, 5, "Lovely", &[]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains("delivered"), "{body}");
        assert_eq!(app.count("SELECT COUNT(*) FROM reviews").await, 0);

        deliver(&app, &s).await;
        let waiting: Value = app.get(&s.buyer, "/api/to_review").await.json().await.unwrap();
        assert_eq!(waiting.as_array().unwrap().len(), 1, "{waiting}");
        assert_eq!(waiting[0]["item"], s.item);

        // A photo of someone else's is refused; the buyer's own is kept.
        let (stranger, _) = quick_buyer(&app).await;
        let theirs = photo(&app, &stranger, 10).await;
        let (status, _) = write(&app, &s.buyer, s.item, 4, "Nice", &[theirs]).await;
        assert_eq!(status, 422);
        let mine = photo(&app, &s.buyer, 200).await;

        // Eight submissions at once make one review, counted once.
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (addr, buyer, item, mine) = (app.addr.clone(), s.buyer.clone(), s.item, mine.clone());
                tokio::spawn(async move {
                    let res = buyer
                        .post(format!("{addr}/api/write_review"))
                        .header("Origin", &addr)
                        .json(&json!({"review": {"item": item, "rating": 4, "body": "Sturdy <b>bag</b>", "photos": [mine]}}))
                        .send()
                        .await
                        .unwrap();
                    (res.status().as_u16(), res.text().await.unwrap())
                })
            })
            .collect();
        for t in tasks {
            let (status, body) = t.await.unwrap();
            assert_eq!(status, 200, "{body} on {}", app.db_name);
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM reviews WHERE order_item_id = {}", s.item)).await, 1);
        assert_eq!(rating_of(&app, s.product).await, (4, 1));

        // Changing it moves the rating by the difference, not by another review.
        let (status, review) = write(&app, &s.buyer, s.item, 2, "Strap tore after a week.", std::slice::from_ref(&mine)).await;
        assert_eq!(status, 200, "{review}");
        assert_eq!(review["rating"], 2);
        assert_eq!(review["editable"], true);
        assert_eq!(rating_of(&app, s.product).await, (2, 1));

        // The product page shows it with its photo, as a verified purchase, text as text.
        let page = product_reviews(&app, s.product).await;
        assert_eq!(page["reviews"][0]["body"], "Strap tore after a week.");
        assert_eq!(page["reviews"][0]["verified"], true);
        assert_eq!(page["reviews"][0]["photos"][0]["key"], mine.as_str());
        let html = app.get(&client(), &format!("/p/{}", s.product)).await.text().await.unwrap();
        assert!(html.contains("Strap tore after a week."));
        assert!(!html.contains("<b>bag</b>"));

        // Nothing left to review; others cannot touch it; guests must sign in.
        let waiting: Value = app.get(&s.buyer, "/api/to_review").await.json().await.unwrap();
        assert_eq!(waiting, json!([]));
        let (status, _) = write(&app, &stranger, s.item, 1, "Spite", &[]).await;
        assert_eq!(status, 404);
        let res = app.get(&stranger, &format!("/api/order_reviews?order={}", s.order)).await;
        assert_eq!(res.status(), 404);
        let (status, _) = write(&app, &client(), s.item, 1, "Guest", &[]).await;
        assert_eq!(status, 401);
        assert_eq!(app.get(&client(), "/api/to_review").await.status(), 401);
        let res = app.get(&client(), &format!("/api/order_reviews?order={}", s.order)).await;
        assert_eq!(res.status(), 401);
        assert_eq!(rating_of(&app, s.product).await, (2, 1));

        // Thirty days after it was written, it is final.
        app.clock.advance(chrono::Duration::days(30));
        let (status, body) = write(&app, &s.buyer, s.item, 5, "Changed my mind", &[]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains("30 days"), "{body}");
        assert_eq!(rating_of(&app, s.product).await, (2, 1));
        let mine: Value = app.get(&s.buyer, &format!("/api/order_reviews?order={}", s.order)).await.json().await.unwrap();
        assert_eq!(mine[0]["review"]["editable"], false);
    })
    .await;
}

#[tokio::test]
async fn the_store_replies_once_and_the_reply_shows_under_the_review() {
    on_each_database(|app| async move {
        let s = setup(&app).await;
        deliver(&app, &s).await;
        let (status, review) =
            write(&app, &s.buyer, s.item, 3, "Smaller than expected.", &[]).await;
        assert_eq!(status, 200, "{review}");
        let id = review["id"].as_i64().unwrap().to_string();

        let list: Value = app
            .get(&s.seller, "/api/console/reviews")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 1);
        assert_eq!(list["unanswered"], 1);
        assert_eq!(list["reviews"][0]["id"].to_string(), id);
        let five: Value = app
            .get(&s.seller, "/api/console/reviews?rating=5")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(five["total"], 0);

        // Another store neither lists nor answers it; a buyer cannot answer it.
        let other = app.signed_in_as("seller").await;
        let theirs: Value = app
            .get(&other, "/api/console/reviews")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(theirs["total"], 0);
        assert_eq!(
            app.get(&client(), "/api/console/reviews").await.status(),
            401
        );
        assert_eq!(
            app.get(&s.buyer, "/api/console/reviews").await.status(),
            403
        );
        let res = app
            .post(
                &other,
                "console/reply_review",
                &[("review", &id), ("text", "Hijack")],
            )
            .await;
        assert_eq!(res.status(), 404);
        let res = app
            .post(
                &s.buyer,
                "console/reply_review",
                &[("review", &id), ("text", "Me")],
            )
            .await;
        assert_eq!(res.status(), 403);
        let res = app
            .post(
                &s.seller,
                "console/reply_review",
                &[("review", &id), ("text", "   ")],
            )
            .await;
        assert_eq!(res.status(), 422);

        let res = app
            .post(
                &s.seller,
                "console/reply_review",
                &[("review", &id), ("text", "Sorry! See the size chart.")],
            )
            .await;
        assert_eq!(res.status(), 200);
        let first: Value = res.json().await.unwrap();
        app.clock.advance(chrono::Duration::hours(2));
        let res = app
            .post(
                &s.seller,
                "console/reply_review",
                &[
                    ("review", &id),
                    ("text", "Sorry! The size chart is under the photos."),
                ],
            )
            .await;
        let second: Value = res.json().await.unwrap();
        assert_eq!(
            second["reply"]["at"], first["reply"]["at"],
            "one reply, edited"
        );
        assert_eq!(second["reply"]["edited"], true);

        let page = product_reviews(&app, s.product).await;
        assert_eq!(
            page["reviews"][0]["reply"]["body"],
            "Sorry! The size chart is under the photos."
        );
        let list: Value = app
            .get(&s.seller, "/api/console/reviews")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["unanswered"], 0);
        let mine: Value = app
            .get(&s.buyer, &format!("/api/order_reviews?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            mine[0]["review"]["reply"]["body"],
            "Sorry! The size chart is under the photos."
        );
    })
    .await;
}

#[tokio::test]
async fn reported_reviews_reach_the_admins_who_keep_or_remove_them() {
    on_each_database(|app| async move {
        let s = setup(&app).await;
        deliver(&app, &s).await;
        let (_, review) = write(&app, &s.buyer, s.item, 1, "The seller is an idiot.", &[]).await;
        let id = review["id"].as_i64().unwrap().to_string();
        assert_eq!(rating_of(&app, s.product).await, (1, 1));

        let (reader, _) = quick_buyer(&app).await;
        for _ in 0..2 {
            let res = app
                .post(
                    &reader,
                    "report_review",
                    &[("review", &id), ("reason", "Offensive or abusive")],
                )
                .await;
            assert_eq!(res.status(), 200);
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM review_reports").await,
            1,
            "one report per reader"
        );
        let res = app
            .post(
                &s.buyer,
                "report_review",
                &[("review", &id), ("reason", "Mine")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let res = app
            .post(
                &client(),
                "report_review",
                &[("review", &id), ("reason", "Guest")],
            )
            .await;
        assert_eq!(res.status(), 401);
        let res = app
            .post(
                &reader,
                "report_review",
                &[("review", "999999"), ("reason", "Nothing")],
            )
            .await;
        assert_eq!(res.status(), 404);

        // Only admins see the list and decide.
        let res = app.get(&reader, "/api/admin/reported_reviews").await;
        assert_eq!(res.status(), 403);
        let res = app
            .post(
                &s.seller,
                "admin/moderate_review",
                &[("review", &id), ("remove", "true")],
            )
            .await;
        assert_eq!(res.status(), 403);
        let admin = app.signed_in_as("admin").await;
        let list: Value = app
            .get(&admin, "/api/admin/reported_reviews")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list[0]["id"].to_string(), id);
        assert_eq!(list[0]["reports"], 1);
        assert_eq!(list[0]["reasons"][0], "Offensive or abusive");

        let res = app
            .post(
                &admin,
                "admin/moderate_review",
                &[("review", &id), ("remove", "true")],
            )
            .await;
        assert_eq!(res.status(), 200);
        // Gone from the page and the rating; deciding again finds nothing.
        assert_eq!(rating_of(&app, s.product).await, (0, 0));
        assert_eq!(product_reviews(&app, s.product).await["reviews"], json!([]));
        let list: Value = app
            .get(&admin, "/api/admin/reported_reviews")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list, json!([]));
        let res = app
            .post(
                &admin,
                "admin/moderate_review",
                &[("review", &id), ("remove", "true")],
            )
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(rating_of(&app, s.product).await, (0, 0));
        // A removed review stays removed: its author cannot bring it back.
        let (status, _) = write(&app, &s.buyer, s.item, 5, "Back again", &[]).await;
        assert_eq!(status, 422);
    })
    .await;
}

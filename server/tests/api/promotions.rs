//! Promotions and promo codes: one price everywhere (feed card, product page, cart,
//! checkout, order), starting and ending on the app clock, overlaps never stacking,
//! flash sales kept short, codes with a minimum and limits that hold under
//! concurrent checkouts, reports, and every console function scoped to its store.

use crate::helpers::*;
use serde_json::{Value, json};

async fn promote(app: &TestApp, seller: &reqwest::Client, promotion: Value) -> (u16, Value) {
    let res = app
        .post_json(
            seller,
            "console/create_promotion",
            json!({ "promotion": promotion }),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn new_code(app: &TestApp, seller: &reqwest::Client, code: Value) -> (u16, Value) {
    let res = app
        .post_json(seller, "console/create_promo_code", json!({ "code": code }))
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn overview(app: &TestApp, seller: &reqwest::Client) -> Value {
    let res = app.get(seller, "/api/console/promotions").await;
    assert_eq!(res.status(), 200, "promotions on {}", app.db_name);
    res.json().await.unwrap()
}

async fn feed_card(app: &TestApp, product: i64) -> Value {
    let feed: Value = app
        .get(&client(), "/api/home_feed?limit=48")
        .await
        .json()
        .await
        .unwrap();
    feed["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == product)
        .cloned()
        .unwrap_or_else(|| panic!("product {product} is not in the feed on {}", app.db_name))
}

async fn product_variant(app: &TestApp, product: i64) -> Value {
    let detail: Value = app
        .get(&client(), &format!("/api/product_detail?id={product}"))
        .await
        .json()
        .await
        .unwrap();
    detail["variants"][0].clone()
}

/// Places the buyer's whole cart, with an optional promo code.
async fn checkout(
    app: &TestApp,
    buyer: &reqwest::Client,
    account: i64,
    key: &str,
    code: Option<&str>,
) -> reqwest::Response {
    let address = address_for(app, account).await;
    let token = app.card_token(buyer, "4242424242424242").await;
    let cart = app.cart(buyer).await;
    app.post_json(
        buyer,
        "place_order",
        json!({
            "idempotency_key": key,
            "order": {"address": address, "shipping": [], "payment": {"Token": {"token": token, "save": false}},
                      "seen": seen_lines(&cart), "promo_code": code}
        }),
    )
    .await
}

#[tokio::test]
async fn a_promotion_sets_one_price_everywhere_from_its_start_to_its_end() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (product, variant) = ProductBuilder::new("Alpine Fleece").price(4000).in_store(store).build(&app).await;
        let (other, _) = ProductBuilder::new("Plain Socks").price(900).in_store(store).build(&app).await;
        ProductBuilder::new("Wool Hat").price(3500).in_store(store).build(&app).await;

        // Scheduled for an hour from now (the test clock is 2026-03-02 09:00 UTC): no change yet.
        let (status, body) = promote(&app, &seller, json!({"name": "Fleece flash", "kind": "percent", "amount": "25", "flash": true,
            "starts": "2026-03-02T10:00", "ends": "2026-03-04T10:00", "targets": [{"product": product, "variant": null}]})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["promotions"][0]["state"], "scheduled");
        assert_eq!(feed_card(&app, product).await["price"]["minor"], 4000);
        // One unit sells at the list price before it starts (the base for its uplift).
        let (early, early_account) = quick_buyer(&app).await;
        app.add_to_cart(&early, variant, 1).await;
        assert_eq!(checkout(&app, &early, early_account, "promo-before-1", None).await.status(), 200);

        // Live: the card, the product page and the cart all say $30.00, was $40.00.
        app.clock.advance(chrono::Duration::hours(1));
        let card = feed_card(&app, product).await;
        assert_eq!((card["price"]["minor"].as_i64(), card["compare_at"]["minor"].as_i64()), (Some(3000), Some(4000)), "on {}", app.db_name);
        assert_eq!(card["sale"]["flash"], true);
        assert_eq!(card["sale"]["name"], "Fleece flash");
        assert_eq!(feed_card(&app, other).await["sale"], Value::Null, "an unchosen product keeps its price");
        let v = product_variant(&app, product).await;
        assert_eq!((v["price"]["minor"].as_i64(), v["compare_at"]["minor"].as_i64()), (Some(3000), Some(4000)));
        // Search filters, sorts and "On sale" read the promoted price too.
        let search = |query: &'static str| {
            let app = &app;
            async move {
                let page: Value = app.get(&client(), &format!("/api/search_products?{query}")).await.json().await.unwrap();
                card_titles(&page)
            }
        };
        assert!(search("params[q]=fleece&params[max]=35").await.contains(&"Alpine Fleece".to_owned()));
        assert!(search("params[q]=fleece&params[min]=35").await.is_empty());
        assert_eq!(search("params[q]=&params[sale]=1").await, ["Alpine Fleece"]);
        assert_eq!(
            search("params[q]=&params[sort]=price_asc&params[min]=10").await,
            ["Alpine Fleece", "Wool Hat"],
            "the fleece at $30 comes before the $35 hat; the $9 socks are below the minimum"
        );
        let ends = chrono::DateTime::from_timestamp_millis(v["sale"]["ends_at"].as_i64().unwrap());
        assert!(ends.unwrap().to_rfc3339().starts_with("2026-03-04T10:00"), "UTC milliseconds on the wire");

        let (buyer, account) = quick_buyer(&app).await;
        let cart = app.add_to_cart(&buyer, variant, 2).await;
        let line = &cart["groups"][0]["lines"][0];
        assert_eq!((line["unit_price"]["minor"].as_i64(), line["was"]["minor"].as_i64()), (Some(3000), Some(4000)));
        assert_eq!(cart["groups"][0]["subtotal"]["minor"], 6000);

        // The order keeps the promoted price and what it was listed at.
        let res = checkout(&app, &buyer, account, "promo-order-1", None).await;
        assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
        let placed: Value = res.json().await.unwrap();
        assert_eq!(placed["total"]["minor"], 6000);
        assert_eq!(app.count("SELECT COUNT(*) FROM order_items WHERE unit_price_minor = 3000 AND list_price_minor = 4000 AND promotion_id IS NOT NULL").await, 1);
        let report = &overview(&app, &seller).await["promotions"][0];
        assert_eq!((report["orders"].as_i64(), report["units"].as_i64()), (Some(1), Some(2)));
        assert_eq!((report["revenue"]["minor"].as_i64(), report["discount_given"]["minor"].as_i64()), (Some(6000), Some(2000)));
        assert_eq!(report["state"], "live");

        // A cart loaded during the sale, checked out after it ended: the price change is caught.
        let (late, late_account) = quick_buyer(&app).await;
        app.add_to_cart(&late, variant, 1).await;
        let stale = seen_lines(&app.cart(&late).await);
        let address = address_for(&app, late_account).await;
        let token = app.card_token(&late, "4242424242424242").await;
        // Sessions last a day: move the session along with the clock.
        app.clock.advance(chrono::Duration::hours(48));
        sqlx::query("UPDATE sessions SET expires_at = expires_at + 172800000").execute(&app.state.db.pool).await.unwrap();
        assert_eq!(feed_card(&app, product).await["price"]["minor"], 4000);
        assert_eq!(feed_card(&app, product).await["sale"], Value::Null);
        let res = app.place_order(&late, "promo-late-1", address, &token, stale).await;
        assert_eq!(res.status(), 409);
        let body: Value = res.json().await.unwrap();
        assert!(body.to_string().contains("changed from $30.00 to $40.00"), "{body}");
        let ended = &overview(&app, &seller).await["promotions"][0];
        assert_eq!(ended["state"], "ended");
        // Two units in its 48 hours against one in the 48 hours before: +100 %.
        assert_eq!(
            (ended["units_before"].as_i64(), ended["units_during"].as_i64(), ended["uplift_percent"].as_i64()),
            (Some(1), Some(2), Some(100)),
            "{ended}"
        );
    })
    .await;
}

#[tokio::test]
async fn overlapping_promotions_give_the_single_best_price_and_can_be_ended() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (product, variant) = ProductBuilder::new("Trail Boots").price(4000).in_store(store).build(&app).await;
        let (s1, _) = promote(&app, &seller, json!({"name": "Ten off", "kind": "percent", "amount": "10", "flash": false,
            "starts": "2026-03-01", "ends": "2026-03-20", "targets": [{"product": product, "variant": null}]})).await;
        let (s2, _) = promote(&app, &seller, json!({"name": "Boots five", "kind": "fixed", "amount": "5.00", "flash": false,
            "starts": "2026-03-01", "ends": "2026-03-10", "targets": [{"product": product, "variant": variant}]})).await;
        assert_eq!((s1, s2), (200, 200));
        // 10% is $4.00 off; $5.00 off the variant wins. They do not stack.
        let v = product_variant(&app, product).await;
        assert_eq!(v["price"]["minor"], 3500, "on {}", app.db_name);
        assert_eq!(v["sale"]["name"], "Boots five");

        // Ending the better one leaves the other.
        let o = overview(&app, &seller).await;
        let id = o["promotions"].as_array().unwrap().iter().find(|p| p["name"] == "Boots five").unwrap()["id"].as_i64().unwrap();
        let res = app.post(&seller, "console/end_promotion", &[("id", &id.to_string())]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(product_variant(&app, product).await["price"]["minor"], 3600);

        // Checked field by field: a flash sale over 72 hours, 95 %, another store's product.
        let (status, body) = promote(&app, &seller, json!({"name": "Long flash", "kind": "percent", "amount": "20", "flash": true,
            "starts": "2026-03-02T10:00", "ends": "2026-03-05T10:01", "targets": [{"product": product, "variant": null}]})).await;
        assert_eq!(status, 422);
        assert_eq!(body["Validation"]["field"], "ends", "{body}");
        let (status, body) = promote(&app, &seller, json!({"name": "Too much", "kind": "percent", "amount": "95", "flash": false,
            "starts": "2026-03-02", "ends": "2026-03-05", "targets": [{"product": product, "variant": null}]})).await;
        assert_eq!((status, body["Validation"]["field"].as_str()), (422, Some("amount")));
        let (foreign, _) = ProductBuilder::new("Someone Else's").build(&app).await;
        let (status, body) = promote(&app, &seller, json!({"name": "Theft", "kind": "percent", "amount": "10", "flash": false,
            "starts": "2026-03-02", "ends": "2026-03-05", "targets": [{"product": foreign, "variant": null}]})).await;
        assert_eq!((status, body["Validation"]["field"].as_str()), (422, Some("targets")));
        assert_eq!(app.count("SELECT COUNT(*) FROM promotions").await, 2);
    })
    .await;
}

#[tokio::test]
async fn promo_codes_need_their_minimum_and_never_pass_their_limits() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (_, cheap) = ProductBuilder::new("Key Ring")
            .price(2000)
            .in_store(store)
            .stock(100)
            .build(&app)
            .await;
        let (_, dear) = ProductBuilder::new("Rain Jacket")
            .price(4000)
            .in_store(store)
            .stock(100)
            .build(&app)
            .await;
        let (_, elsewhere) = ProductBuilder::new("Other Shop Mug")
            .price(5000)
            .build(&app)
            .await;
        let (status, body) = new_code(
            &app,
            &seller,
            json!({"code": "save10", "kind": "percent", "amount": "10", "min_order": "30",
            "max_uses": "4", "per_buyer": "1", "starts": "2026-03-01", "ends": "2026-04-01"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["codes"][0]["code"], "SAVE10");
        let (status, body) = new_code(
            &app,
            &seller,
            json!({"code": "SAVE10", "kind": "fixed", "amount": "1", "min_order": "",
            "max_uses": "", "per_buyer": "", "starts": "2026-03-01", "ends": "2026-04-01"}),
        )
        .await;
        assert_eq!(
            (status, body["Validation"]["field"].as_str()),
            (422, Some("code")),
            "a taken code"
        );

        // Unknown codes and guests are refused; a known code shows its terms.
        let (buyer, account) = quick_buyer(&app).await;
        let res = app.get(&buyer, "/api/promo_code?code=NOPE1").await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            app.get(&client(), "/api/promo_code?code=SAVE10")
                .await
                .status(),
            401
        );
        let terms: Value = app
            .get(&buyer, "/api/promo_code?code=save10")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(terms["min_order"]["minor"], 3000);

        // Below the minimum: refused with what is missing, nothing ordered.
        app.add_to_cart(&buyer, cheap, 1).await;
        let res = checkout(&app, &buyer, account, "code-order-1", Some("SAVE10")).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("add $10.00 more"));
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 0);

        // At the minimum: 10% off the items, shipping untouched.
        app.add_to_cart(&buyer, cheap, 1).await;
        let res = checkout(&app, &buyer, account, "code-order-2", Some("SAVE10")).await;
        assert_eq!(res.status(), 200, "on {}", app.db_name);
        let placed: Value = res.json().await.unwrap();
        assert_eq!(placed["total"]["minor"], 3600);
        assert_eq!(app.count("SELECT discount_minor FROM orders").await, 400);

        // Once per buyer.
        app.add_to_cart(&buyer, dear, 1).await;
        let res = checkout(&app, &buyer, account, "code-order-3", Some("SAVE10")).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("already used"));

        // Only for its own store's items.
        let (other_buyer, other_account) = quick_buyer(&app).await;
        app.add_to_cart(&other_buyer, elsewhere, 1).await;
        let res = checkout(
            &app,
            &other_buyer,
            other_account,
            "code-order-4",
            Some("SAVE10"),
        )
        .await;
        assert_eq!(res.status(), 422);

        // Three uses left, eight buyers at once: exactly three get it.
        let mut buyers = Vec::new();
        for _ in 0..8 {
            let (c, a) = quick_buyer(&app).await;
            app.add_to_cart(&c, dear, 1).await;
            buyers.push((c, a));
        }
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for (i, (c, a)) in buyers.into_iter().enumerate() {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                checkout(&app, &c, a, &format!("code-race-{i}"), Some("SAVE10"))
                    .await
                    .status()
                    .as_u16()
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        assert_eq!(
            results.iter().filter(|s| **s == 200).count(),
            3,
            "{results:?} on {}",
            app.db_name
        );
        assert!(
            results.iter().all(|s| *s == 200 || *s == 422),
            "{results:?}"
        );
        assert_eq!(app.count("SELECT uses FROM promo_codes").await, 4);
        assert_eq!(app.count("SELECT COUNT(*) FROM promo_code_uses").await, 4);

        let report = &overview(&app, &seller).await["codes"][0];
        assert_eq!(report["uses"], 4);
        assert_eq!(report["discount_given"]["minor"], 400 * 4);
        assert_eq!(report["revenue"]["minor"], 3600 * 4);
    })
    .await;
}

#[tokio::test]
async fn promotion_functions_refuse_other_sellers_buyers_and_guests() {
    on_each_database(|app| async move {
        let (owner, store) = verified_seller(&app).await;
        let (product, _) = ProductBuilder::new("Guarded Lamp").price(3000).in_store(store).build(&app).await;
        let (_, body) = promote(&app, &owner, json!({"name": "Lamp days", "kind": "percent", "amount": "10", "flash": false,
            "starts": "2026-03-01", "ends": "2026-03-20", "targets": [{"product": product, "variant": null}]})).await;
        let promotion = body["promotions"][0]["id"].as_i64().unwrap().to_string();
        let (_, body) = new_code(&app, &owner, json!({"code": "LAMP5", "kind": "fixed", "amount": "5", "min_order": "",
            "max_uses": "", "per_buyer": "", "starts": "2026-03-01", "ends": "2026-04-01"})).await;
        let code = body["codes"][0]["id"].as_i64().unwrap().to_string();

        let (other, _) = verified_seller(&app).await;
        let buyer = app.signed_in_as("buyer").await;
        let guest = client();
        for (who, name, expected) in [(&other, "another seller", 404u16), (&buyer, "a buyer", 403), (&guest, "a guest", 401)] {
            let res = app.post(who, "console/end_promotion", &[("id", &promotion)]).await;
            assert_eq!(res.status().as_u16(), expected, "end_promotion as {name}");
            let res = app.post(who, "console/end_promo_code", &[("id", &code)]).await;
            assert_eq!(res.status().as_u16(), expected, "end_promo_code as {name}");
            let (status, _) = promote(&app, who, json!({"name": "Theft", "kind": "percent", "amount": "90", "flash": false,
                "starts": "2026-03-01", "ends": "2026-03-20", "targets": [{"product": product, "variant": null}]})).await;
            assert_eq!(status, if expected == 404 { 422 } else { expected }, "create_promotion as {name}");
            let (status, _) = new_code(&app, who, json!({"code": "THEFT", "kind": "percent", "amount": "50", "min_order": "",
                "max_uses": "", "per_buyer": "", "starts": "2026-03-01", "ends": "2026-04-01"})).await;
            if expected == 404 {
                // Made for the caller's own store, never the owner's.
                assert_eq!(status, 200);
            } else {
                assert_eq!(status, expected, "create_promo_code as {name}");
            }
            let res = app.get(who, "/api/console/promotions").await;
            if expected == 404 {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["promotions"], json!([]));
                assert_eq!(body["codes"].as_array().unwrap().len(), 1, "only its own code");
            } else {
                assert_eq!(res.status().as_u16(), expected);
            }
        }
        // Nothing of the owner's changed.
        let o = overview(&app, &owner).await;
        assert_eq!(o["promotions"].as_array().unwrap().len(), 1);
        assert_eq!(o["promotions"][0]["state"], "live");
        assert_eq!(o["codes"].as_array().unwrap().len(), 1);
        assert_eq!(o["codes"][0]["state"], "live");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM promo_codes WHERE store_id = {store}")).await, 1);
        assert_eq!(product_variant(&app, product).await["price"]["minor"], 2700);
    })
    .await;
}

#[tokio::test]
async fn one_buyer_checking_out_twice_at_once_uses_a_once_per_buyer_code_once() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (_, dear) = ProductBuilder::new("Rain Jacket")
            .price(4000)
            .in_store(store)
            .stock(100)
            .build(&app)
            .await;
        let (status, body) = new_code(
            &app,
            &seller,
            json!({"code": "ONCE", "kind": "percent", "amount": "10", "min_order": "",
            "max_uses": "", "per_buyer": "1", "starts": "2026-03-01", "ends": "2026-04-01"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        for round in 0..3 {
            let (buyer, account) = quick_buyer(&app).await;
            app.add_to_cart(&buyer, dear, 1).await;
            let (key_a, key_b) = (format!("once-{round}-a"), format!("once-{round}-b"));
            let (a, b) = tokio::join!(
                checkout(&app, &buyer, account, &key_a, Some("ONCE")),
                checkout(&app, &buyer, account, &key_b, Some("ONCE")),
            );
            let statuses = [a.status().as_u16(), b.status().as_u16()];
            assert!(
                statuses.iter().filter(|s| **s == 200).count() <= 1,
                "{statuses:?}"
            );
            assert_eq!(
                app.count(&format!(
                    "SELECT COUNT(*) FROM promo_code_uses WHERE account_id = {account}"
                ))
                .await,
                statuses.iter().filter(|s| **s == 200).count() as i64,
                "{statuses:?} on {}",
                app.db_name
            );
        }
    })
    .await;
}

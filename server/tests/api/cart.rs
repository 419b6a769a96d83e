//! Cart and checkout: stock races, idempotency, price changes, declines, one order
//! per store, cancellation and guest carts.

use crate::helpers::*;
use serde_json::{Value, json};

async fn stock(app: &TestApp, variant: i64) -> i64 {
    app.count(&format!("SELECT stock FROM variants WHERE id = {variant}"))
        .await
}

#[tokio::test]
async fn two_hundred_buyers_racing_for_the_last_three_units_make_exactly_three_orders() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Last Lantern").stock(3).build(&app).await;
        let (first, _) = quick_buyer(&app).await;
        let token = app.card_token(&first, "4242 4242 4242 4242").await;
        let mut buyers = Vec::new();
        for _ in 0..200 {
            let (client, id) = quick_buyer(&app).await;
            let address = address_for(&app, id).await;
            let cart = app.add_to_cart(&client, variant, 1).await;
            buyers.push((client, address, seen_lines(&cart)));
        }
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for (i, (client, address, seen)) in buyers.into_iter().enumerate() {
            let app = app.clone();
            let token = token.clone();
            tasks.push(tokio::spawn(async move {
                let res = app
                    .place_order(&client, &format!("race-key-{i:04}"), address, &token, seen)
                    .await;
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap();
                (status, body)
            }));
        }
        let mut placed = 0;
        let mut sold_out = 0;
        for task in tasks {
            let (status, body) = task.await.unwrap();
            match status {
                200 => placed += 1,
                409 => {
                    let message = body.to_string();
                    assert!(message.contains("sold out"), "unexpected conflict: {message}");
                    sold_out += 1;
                }
                other => panic!("unexpected {other} on {}: {body}", app.db_name),
            }
        }
        assert_eq!((placed, sold_out), (3, 197), "on {}", app.db_name);
        assert_eq!(stock(&app, variant).await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 3);
        // Every losing authorisation was released in full.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sandbox_charges WHERE captured_minor + released_minor <> authorized_minor AND released_minor > 0").await,
            0
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sandbox_charges WHERE released_minor = 0").await,
            3
        );
    })
    .await;
}

#[tokio::test]
async fn one_idempotency_key_sent_five_times_places_one_order_with_one_response() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Once Only Mug")
            .stock(50)
            .build(&app)
            .await;
        let (client, id) = quick_buyer(&app).await;
        let address = address_for(&app, id).await;
        let token = app.card_token(&client, "4242424242424242").await;

        // Sequentially: a double tap, a retry after a lost response…
        let cart = app.add_to_cart(&client, variant, 2).await;
        let seen = seen_lines(&cart);
        let mut bodies = Vec::new();
        for _ in 0..5 {
            let res = app
                .place_order(&client, "seq-key-0001", address, &token, seen.clone())
                .await;
            assert_eq!(res.status(), 200, "on {}", app.db_name);
            bodies.push(res.text().await.unwrap());
        }
        assert!(bodies.iter().all(|b| b == &bodies[0]), "{bodies:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 1);
        assert_eq!(stock(&app, variant).await, 48);

        // …and concurrently.
        let cart = app.add_to_cart(&client, variant, 1).await;
        let seen = seen_lines(&cart);
        let app = std::sync::Arc::new(app);
        let tasks: Vec<_> = (0..5)
            .map(|_| {
                let (app, client, token, seen) =
                    (app.clone(), client.clone(), token.clone(), seen.clone());
                tokio::spawn(async move {
                    let res = app
                        .place_order(&client, "conc-key-0002", address, &token, seen)
                        .await;
                    (res.status().as_u16(), res.text().await.unwrap())
                })
            })
            .collect();
        let mut bodies = Vec::new();
        for t in tasks {
            let (status, body) = t.await.unwrap();
            assert_eq!(status, 200, "{body}");
            bodies.push(body);
        }
        assert!(bodies.iter().all(|b| b == &bodies[0]), "{bodies:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 2);
        assert_eq!(stock(&app, variant).await, 47);
        assert_eq!(app.count("SELECT COUNT(*) FROM sandbox_charges").await, 2);

        // The same key with a different request is refused, not replayed.
        let other = json!([{"variant": variant, "quantity": 9, "unit_price_minor": 1999}]);
        let res = app
            .place_order(&client, "seq-key-0001", address, &token, other)
            .await;
        assert_eq!(res.status(), 409);
    })
    .await;
}

#[tokio::test]
async fn a_price_change_between_cart_and_checkout_is_caught_and_the_cart_kept() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Drifting Price Lamp")
            .price(2500)
            .build(&app)
            .await;
        let (client, id) = quick_buyer(&app).await;
        let address = address_for(&app, id).await;
        let token = app.card_token(&client, "4242424242424242").await;
        let cart = app.add_to_cart(&client, variant, 1).await;
        let seen = seen_lines(&cart);
        sqlx::query("UPDATE variants SET price_minor = 2750 WHERE id = $1")
            .bind(variant)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let res = app
            .place_order(&client, "price-key-01", address, &token, seen)
            .await;
        assert_eq!(res.status(), 409, "on {}", app.db_name);
        let body = res.text().await.unwrap();
        assert!(body.contains("changed from $25.00 to $27.50"), "{body}");
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM sandbox_charges").await, 0);
        // The reloaded cart shows the new price and ordering at it works.
        let cart = app.cart(&client).await;
        assert_eq!(cart["groups"][0]["lines"][0]["unit_price"]["minor"], 2750);
        let res = app
            .place_order(&client, "price-key-02", address, &token, seen_lines(&cart))
            .await;
        assert_eq!(res.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn declined_cards_get_a_clear_error_and_nothing_changes() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Declined Drum").stock(5).build(&app).await;
        let (client, id) = quick_buyer(&app).await;
        let address = address_for(&app, id).await;
        let cart = app.add_to_cart(&client, variant, 2).await;
        for (number, words) in [
            ("4000 0000 0000 0002", "declined"),
            ("4000 0000 0000 9995", "insufficient funds"),
        ] {
            let token = app.card_token(&client, number).await;
            let res = app.place_order(&client, &format!("decline-{}", &number[15..]), address, &token, seen_lines(&cart)).await;
            assert_eq!(res.status(), 402, "on {}", app.db_name);
            assert!(res.text().await.unwrap().contains(words));
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM orders").await, 0);
        assert_eq!(stock(&app, variant).await, 5);
        assert_eq!(app.cart(&client).await["item_count"], 2);
        // No card number is stored anywhere: only tokens and last four digits.
        let stored = app.count("SELECT COUNT(*) FROM sandbox_cards WHERE token LIKE '%4000000000%' OR last4 NOT IN ('0002', '9995')").await;
        assert_eq!(stored, 0);
    })
    .await;
}

#[tokio::test]
async fn a_cart_from_two_stores_becomes_two_orders_and_cancelling_one_restocks_it() {
    on_each_database(|app| async move {
        let store = new_store(&app).await;
        let (_, a) = ProductBuilder::new("Alpha Kettle")
            .price(3000)
            .in_store(store)
            .build(&app)
            .await;
        let (_, b) = ProductBuilder::new("Alpha Cups")
            .price(1000)
            .in_store(store)
            .build(&app)
            .await;
        let (_, c) = ProductBuilder::new("Beta Scarf")
            .price(1500)
            .build(&app)
            .await;
        sqlx::query("UPDATE products SET shipping_minor = 400 WHERE title LIKE 'Alpha%'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (client, id) = quick_buyer(&app).await;
        let address = address_for(&app, id).await;
        let token = app.card_token(&client, "4242424242424242").await;
        app.add_to_cart(&client, a, 1).await;
        app.add_to_cart(&client, b, 2).await;
        let cart = app.add_to_cart(&client, c, 1).await;
        assert_eq!(cart["groups"].as_array().unwrap().len(), 2);
        let res = app
            .place_order(&client, "two-stores-1", address, &token, seen_lines(&cart))
            .await;
        assert_eq!(res.status(), 200, "on {}", app.db_name);
        let placed: Value = res.json().await.unwrap();
        // 3000 + 2×1000 + 400 shipping, and 1500.
        assert_eq!(placed["total"]["minor"], 5400 + 1500);
        assert_eq!(placed["orders"].as_array().unwrap().len(), 2);
        assert_eq!(app.cart(&client).await["item_count"], 0);
        assert_eq!(stock(&app, b).await, 8);

        let order = placed["orders"][0].as_i64().unwrap();
        let detail: Value = app
            .get(&client, &format!("/api/order_detail?id={order}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(detail["status"], "Placed");
        assert_eq!(detail["timeline"].as_array().unwrap().len(), 5);
        assert!(detail["timeline"][0]["at"].is_string());
        assert!(detail["timeline"][1]["at"].is_null());
        assert_eq!(detail["ship_to"][0], "Ada Buyer");
        assert_eq!(detail["can_cancel"], true);

        // A reason is asked for: none, or one not on the list, is refused.
        for reason in ["", "because <b>"] {
            let res = app
                .post(
                    &client,
                    "cancel_order",
                    &[("id", &order.to_string()), ("reason", reason)],
                )
                .await;
            assert_eq!(res.status(), 422, "reason {reason:?}");
        }
        let res = app
            .post(
                &client,
                "cancel_order",
                &[("id", &order.to_string()), ("reason", "better_price")],
            )
            .await;
        assert_eq!(res.status(), 200);
        let detail: Value = res.json().await.unwrap();
        assert_eq!(detail["status"], "Cancelled");
        assert_eq!(detail["cancelled_by_buyer"], true);
        assert_eq!(
            detail["close_reason"],
            "Cancelled by the buyer: Found a better price"
        );
        assert_eq!(
            detail["timeline"].as_array().unwrap().last().unwrap()["status"],
            "Cancelled"
        );
        let restocked = app
            .count(&format!(
                "SELECT stock FROM variants WHERE id = {}",
                if detail["items"].as_array().unwrap().len() == 2 {
                    b
                } else {
                    c
                }
            ))
            .await;
        assert_eq!(restocked, 10);
        // Cancelling twice, or a confirmed order, is refused.
        let res = app
            .post(
                &client,
                "cancel_order",
                &[("id", &order.to_string()), ("reason", "mistake")],
            )
            .await;
        assert_eq!(res.status(), 409);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sandbox_charges WHERE released_minor > 0")
                .await,
            1
        );
    })
    .await;
}

#[tokio::test]
async fn quantities_are_capped_by_stock_and_a_guest_cart_joins_the_account_on_sign_in() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Guest Globe")
            .stock(4)
            .build(&app)
            .await;
        let guest = client();
        let cart = app.add_to_cart(&guest, variant, 3).await;
        assert_eq!(cart["item_count"], 3);
        let cart = app.add_to_cart(&guest, variant, 3).await;
        assert_eq!(cart["item_count"], 4, "capped at the stock");
        let res = app
            .post(
                &guest,
                "set_cart_quantity",
                &[("variant", &variant.to_string()), ("quantity", "5")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Only 4"));

        assert!(ok(&app.sign_up(&guest, "joiner@example.com").await));
        let cart = app.cart(&guest).await;
        assert_eq!(cart["item_count"], 4, "on {}", app.db_name);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM carts WHERE guest_token IS NOT NULL")
                .await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn the_cart_badge_counts_items_for_guests_and_buyers() {
    on_each_database(|app| async move {
        let count = |c: reqwest::Client| {
            let app = &app;
            async move {
                let res = app.get(&c, "/api/cart_count").await;
                assert_eq!(res.status(), 200);
                res.text().await.unwrap()
            }
        };
        let guest = client();
        assert_eq!(count(guest.clone()).await, "0");
        let (_, variant) = ProductBuilder::new("Felt Coaster").build(&app).await;
        app.add_to_cart(&guest, variant, 3).await;
        assert_eq!(count(guest.clone()).await, "3");
        let (buyer, _) = quick_buyer(&app).await;
        assert_eq!(count(buyer.clone()).await, "0", "carts are not shared");
        app.add_to_cart(&buyer, variant, 2).await;
        assert_eq!(count(buyer).await, "2");
    })
    .await;
}

#[tokio::test]
async fn a_buyer_edits_a_saved_address_and_a_bad_edit_changes_nothing() {
    on_each_database(|app| async move {
        let (buyer, account) = quick_buyer(&app).await;
        let address = address_for(&app, account).await;
        let edit = |line1: &str, postal: &str| {
            json!({"id": address, "make_default": true, "idempotency_key": null,
                "address": {"full_name": "Ada Buyer", "line1": line1, "city": "Oakland",
                    "region": "CA", "postal_code": postal, "country": "US"}})
        };
        let res = app
            .post_json(&buyer, "save_address", edit("9 Harbor Way", "94607"))
            .await;
        assert_eq!(res.status(), 200);
        let saved: Value = app
            .get(&buyer, "/api/my_addresses")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(saved.as_array().unwrap().len(), 1, "edited in place");
        assert_eq!(saved[0]["id"], address);
        assert_eq!(saved[0]["address"]["line1"], "9 Harbor Way");
        assert_eq!(saved[0]["address"]["city"], "Oakland");

        let bad = app
            .post_json(&buyer, "save_address", edit("", "94607"))
            .await;
        assert_eq!(bad.status(), 422);
        let after: Value = app
            .get(&buyer, "/api/my_addresses")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(after, saved, "a refused edit keeps the stored address");
    })
    .await;
}

#[tokio::test]
async fn a_card_saved_twice_is_kept_once() {
    on_each_database(|app| async move {
        let (_, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Enamel Mug").price(1500).stock(20).in_store(store).build(&app).await;
        let (buyer, id) = quick_buyer(&app).await;
        let add = |number: &'static str, expiry: &'static str| {
            let (app, buyer) = (&app, &buyer);
            async move {
                let res = app.post(buyer, "add_payment_method", &[("number", number), ("expiry", expiry), ("cvc", "123")]).await;
                assert_eq!(res.status(), 200, "add_payment_method on {}", app.db_name);
            }
        };
        let saved = || {
            let (app, buyer) = (&app, &buyer);
            async move { app.get(buyer, "/api/my_payment_methods").await.json::<Value>().await.unwrap() }
        };
        add("4242 4242 4242 4242", "12/30").await;
        // The same card again, from the account page (a new expiry) and at checkout.
        add("4242424242424242", "11/31").await;
        let cards = saved().await;
        assert_eq!(cards.as_array().unwrap().len(), 1, "{cards}");
        assert_eq!(cards[0]["exp_year"], 2031, "{cards}");
        let address = address_for(&app, id).await;
        let token = app.card_token(&buyer, "4242424242424242").await;
        let cart = app.add_to_cart(&buyer, variant, 1).await;
        let res = app
            .post_json(
                &buyer,
                "place_order",
                json!({
                    "idempotency_key": "save-twice-1",
                    "order": {"address": address, "shipping": [], "payment": {"Token": {"token": token, "save": true}}, "seen": seen_lines(&cart)}
                }),
            )
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        assert_eq!(saved().await.as_array().unwrap().len(), 1);
        // The saved card pays with the newest token.
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM payment_methods WHERE account_id = {id} AND token = '{token}'")).await,
            1
        );
        // Another card is another saved card.
        add("5555 5555 5555 4444", "10/32").await;
        assert_eq!(saved().await.as_array().unwrap().len(), 2);
    })
    .await;
}

//! The seller's side of an order: confirm, ship with a validated tracking number
//! (capturing the payment), carrier scans to delivery, cancel, refund whole or per
//! item, payouts, and the ledger balancing through all of it.

use crate::helpers::*;
use serde_json::{Value, json};

/// A buyer orders `lines` (variant, quantity) with the success card: the order id.
async fn buy(app: &TestApp, lines: &[(i64, u32)]) -> (reqwest::Client, i64) {
    let (client, id) = quick_buyer(app).await;
    let address = address_for(app, id).await;
    let token = app.card_token(&client, "4242424242424242").await;
    let mut cart = Value::Null;
    for (variant, qty) in lines {
        cart = app.add_to_cart(&client, *variant, *qty).await;
    }
    let res = app
        .place_order(&client, "buy-order-1", address, &token, seen_lines(&cart))
        .await;
    assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
    let placed: Value = res.json().await.unwrap();
    (client, placed["orders"][0].as_i64().unwrap())
}

async fn act(
    app: &TestApp,
    seller: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let res = app.post(seller, &format!("console/{endpoint}"), form).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn balance(app: &TestApp, seller: &reqwest::Client) -> Value {
    app.get(seller, "/api/console/balance")
        .await
        .json()
        .await
        .unwrap()
}

const UPS: &str = "1Z5R89390357567127";

#[tokio::test]
async fn an_order_goes_from_placed_to_delivered_and_paid_out_with_the_ledger_balanced() {
    on_each_database(|app| async move {
        let (seller_client, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Trail Lantern")
            .price(2500)
            .in_store(store)
            .build(&app)
            .await;
        sqlx::query("UPDATE products SET shipping_minor = 500 WHERE store_id = $1")
            .bind(store)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (buyer, order) = buy(&app, &[(variant, 2)]).await;
        let id = order.to_string();

        let queue: Value = app
            .get(&seller_client, "/api/console/orders?queue=new")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(queue["orders"][0]["id"], order);
        assert_eq!(queue["counts"][0], json!(["New", 1]));
        assert_eq!(queue["orders"][0]["overdue"], false);

        // Shipping before confirming is refused.
        let (status, _) = act(&app, &seller_client, "ship_order", &[("id", &id), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 409);
        let (status, detail) = act(&app, &seller_client, "confirm_order", &[("id", &id)]).await;
        assert_eq!(status, 200);
        assert_eq!(detail["order"]["status"], "Confirmed");
        assert_eq!(detail["can_ship"], true);

        // A typo in the tracking number is refused with the field named; nothing moves.
        let (status, error) = act(&app, &seller_client, "ship_order", &[("id", &id), ("carrier", "ups"), ("tracking_number", "1Z5R89390357567128")]).await;
        assert_eq!(status, 422);
        assert!(error.to_string().contains("check digit"), "{error}");
        assert_eq!(app.count("SELECT CAST(SUM(captured_minor) AS BIGINT) FROM sandbox_charges").await, 0);

        let (status, detail) = act(&app, &seller_client, "ship_order", &[("id", &id), ("carrier", "ups"), ("tracking_number", "1z5r 8939 0357 5671 27")]).await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["order"]["status"], "Shipped");
        assert_eq!(detail["order"]["carrier"], "UPS");
        assert_eq!(detail["order"]["tracking_number"], UPS);
        // 2 × 25.00 + 5.00 shipping captured; 15 % commission.
        assert_eq!(app.count("SELECT CAST(SUM(captured_minor) AS BIGINT) FROM sandbox_charges").await, 5500);
        let money = balance(&app, &seller_client).await;
        assert_eq!(money["balance"]["minor"], 5500 - 825);
        assert_eq!(money["pending"]["minor"], 5500 - 825);
        assert_eq!(money["available"]["minor"], 0);
        assert_ledger_balances(&app).await;
        // Shipping twice is refused and captures nothing more.
        let (status, _) = act(&app, &seller_client, "ship_order", &[("id", &id), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 409);

        // The buyer sees the carrier and tracking number.
        let mine: Value = app.get(&buyer, &format!("/api/order_detail?id={order}")).await.json().await.unwrap();
        assert_eq!(mine["tracking_number"], UPS);
        assert!(mine["tracking_url"].as_str().unwrap().contains(UPS));

        // The carrier's scans move it along.
        app.clock.advance(chrono::Duration::hours(25));
        let moved = server::services::orders::fulfilment::sync_tracking(&app.state.db, app.state.tracker.as_ref(), app.clock.now_ms_for_tests()).await.unwrap();
        assert_eq!(moved, 1);
        // (The buyer's test session has expired by now; the seller sees the same order.)
        let mine = app.get(&seller_client, &format!("/api/console/order?id={order}")).await.json::<Value>().await.unwrap()["order"].clone();
        assert_eq!(mine["status"], "InTransit");
        assert_eq!(mine["tracking"].as_array().unwrap().len(), 2);
        app.clock.advance(chrono::Duration::days(4));
        server::services::orders::fulfilment::sync_tracking(&app.state.db, app.state.tracker.as_ref(), app.clock.now_ms_for_tests()).await.unwrap();
        // Running it again records nothing twice.
        server::services::orders::fulfilment::sync_tracking(&app.state.db, app.state.tracker.as_ref(), app.clock.now_ms_for_tests()).await.unwrap();
        let mine = app.get(&seller_client, &format!("/api/console/order?id={order}")).await.json::<Value>().await.unwrap()["order"].clone();
        assert_eq!(mine["status"], "Delivered");
        assert_eq!(mine["tracking"].as_array().unwrap().len(), 5);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM order_events WHERE order_id = {order} AND status = 'delivered'")).await, 1);

        // Delivered: the money is available, and the payout run pays it once.
        let money = balance(&app, &seller_client).await;
        assert_eq!(money["available"]["minor"], 4675);
        assert_eq!(money["pending"]["minor"], 0);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let now = app.clock.now_ms_for_tests();
        assert_eq!(server::services::money::ledger::run_payouts(&app.state.db, now, today).await.unwrap(), 1);
        assert_eq!(server::services::money::ledger::run_payouts(&app.state.db, now, today).await.unwrap(), 0);
        let money = balance(&app, &seller_client).await;
        assert_eq!(money["balance"]["minor"], 0);
        assert_eq!(money["payouts"][0]["amount"]["minor"], 4675);
        let kinds: Vec<&str> = money["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["Payout", "Commission", "Sale"]);
        let csv = app.get(&seller_client, "/sell/payments/ledger.csv").await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(lines[1].contains(",sale,") && lines[1].contains(",55.00,USD,"), "{csv}");
        assert!(lines[2].contains(",commission,") && lines[2].contains(",-8.25,"), "{csv}");
        assert!(lines[3].contains(",payout,") && lines[3].contains(",-46.75,"), "{csv}");
        assert_eq!(app.get(&app.signed_in_as("buyer").await, "/sell/payments/ledger.csv").await.status(), 403);
        assert_eq!(app.get(&client(), "/sell/payments/ledger.csv").await.status(), 401);
        let payouts = app.get(&seller_client, "/sell/payments/payouts.csv").await.text().await.unwrap();
        let lines: Vec<&str> = payouts.lines().collect();
        assert_eq!(lines.len(), 2, "{payouts}");
        assert!(lines[1].contains(",2026-03-15,46.75,USD,"), "{payouts}");
        assert_eq!(app.get(&client(), "/sell/payments/payouts.csv").await.status(), 401);
        let (other_seller, _) = verified_seller(&app).await;
        let theirs = app.get(&other_seller, "/sell/payments/payouts.csv").await.text().await.unwrap();
        assert_eq!(theirs.lines().count(), 1, "another store sees only its own (no) payouts");
        assert_ledger_balances(&app).await;
    })
    .await;
}

#[tokio::test]
async fn sellers_cancel_unshipped_orders_and_refund_shipped_ones_whole_or_per_item() {
    on_each_database(|app| async move {
        let (seller_client, store) = verified_seller(&app).await;
        let (_, lamp) = ProductBuilder::new("Desk Lamp").price(2500).in_store(store).build(&app).await;
        let (_, bulb) = ProductBuilder::new("Spare Bulb").price(500).in_store(store).build(&app).await;
        let stock = |v: i64| {
            let app = &app;
            async move { app.count(&format!("SELECT stock FROM variants WHERE id = {v}")).await }
        };

        // Cancel before shipment: a reason is required; stock returns, the payment is released.
        let (_, first) = buy(&app, &[(lamp, 2)]).await;
        let id = first.to_string();
        act(&app, &seller_client, "confirm_order", &[("id", &id)]).await;
        assert_eq!(stock(lamp).await, 8);
        let (status, _) = act(&app, &seller_client, "cancel_order", &[("id", &id), ("reason", "  ")]).await;
        assert_eq!(status, 422);
        let (status, detail) = act(&app, &seller_client, "cancel_order", &[("id", &id), ("reason", "Out of stock in the warehouse")]).await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["order"]["status"], "Cancelled");
        assert_eq!(stock(lamp).await, 10);
        assert_eq!(app.count("SELECT CAST(SUM(released_minor) AS BIGINT) FROM sandbox_charges").await, 5000);
        let (status, _) = act(&app, &seller_client, "refund_order", &[("id", &id)]).await;
        assert!(status >= 400);

        // Refund per item, then the rest.
        let (buyer, second) = buy(&app, &[(lamp, 2), (bulb, 1)]).await;
        let id = second.to_string();
        act(&app, &seller_client, "confirm_order", &[("id", &id)]).await;
        let (status, detail) = act(&app, &seller_client, "ship_order", &[("id", &id), ("carrier", "dhl"), ("tracking_number", "3318810025")]).await;
        assert_eq!(status, 200, "{detail}");
        let items = detail["order"]["items"].as_array().unwrap().clone();
        let lamp_item = items.iter().find(|i| i["title"] == "Desk Lamp").unwrap()["id"].as_i64().unwrap();
        assert_eq!(stock(lamp).await, 8);
        // Not refunding before shipment: refunding more than was bought is refused.
        let refund = |lines: Value, restock: bool| {
            let app = &app;
            let seller_client = &seller_client;
            let id = second;
            async move {
                let res = app
                    .post_json(seller_client, "console/refund_order", json!({"id": id, "lines": lines, "reason": "Arrived broken", "restock": restock}))
                    .await;
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        let (status, _) = refund(json!([{"item": lamp_item, "quantity": 3}]), true).await;
        assert_eq!(status, 422);
        let (status, detail) = refund(json!([{"item": lamp_item, "quantity": 1}]), true).await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["order"]["status"], "Shipped");
        assert_eq!(detail["order"]["refunded"]["minor"], 2500);
        assert_eq!(stock(lamp).await, 9);
        let money = balance(&app, &seller_client).await;
        // Sale 5500 − commission 825 − refund 2500 + commission returned 375.
        assert_eq!(money["balance"]["minor"], 5500 - 825 - 2500 + 375);
        assert_ledger_balances(&app).await;

        // The rest, shipping included, without restocking.
        let (status, detail) = refund(json!([]), false).await;
        assert_eq!(status, 200, "{detail}");
        assert_eq!(detail["order"]["status"], "Refunded");
        assert_eq!(detail["order"]["refunded"]["minor"], 5500);
        assert_eq!(detail["order"]["close_reason"], "Arrived broken");
        assert_eq!(stock(lamp).await, 9);
        assert_eq!(app.count("SELECT CAST(SUM(refunded_minor) AS BIGINT) FROM sandbox_charges").await, 5500);
        // A full refund gives back exactly the commission taken: the order nets zero.
        assert_eq!(balance(&app, &seller_client).await["balance"]["minor"], 0);
        assert_ledger_balances(&app).await;
        let (status, _) = refund(json!([]), false).await;
        assert_eq!(status, 409);

        let mine: Value = app.get(&buyer, &format!("/api/order_detail?id={second}")).await.json().await.unwrap();
        assert_eq!(mine["status"], "Refunded");
        assert_eq!(mine["timeline"].as_array().unwrap().last().unwrap()["status"], "Refunded");
    })
    .await;
}

#[tokio::test]
async fn concurrent_shipments_of_one_order_capture_once() {
    on_each_database(|app| async move {
        let (seller_client, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Tin Mug")
            .price(1200)
            .in_store(store)
            .build(&app)
            .await;
        let (_, order) = buy(&app, &[(variant, 1)]).await;
        let id = order.to_string();
        act(&app, &seller_client, "confirm_order", &[("id", &id)]).await;
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (addr, client, id) = (app.addr.clone(), seller_client.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                let res = client
                    .post(format!("{addr}/api/console/ship_order"))
                    .header("Origin", &addr)
                    .form(&[
                        ("id", id.as_str()),
                        ("carrier", "fedex"),
                        ("tracking_number", "986578788855"),
                    ])
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), ())
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        assert_eq!(
            results.iter().filter(|(s, _)| *s == 200).count(),
            1,
            "on {}",
            app.db_name
        );
        assert!(results.iter().all(|(s, _)| *s == 200 || *s == 409));
        assert_eq!(
            app.count("SELECT CAST(SUM(captured_minor) AS BIGINT) FROM sandbox_charges")
                .await,
            1200
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'sale'")
                .await,
            1
        );
        assert_ledger_balances(&app).await;
    })
    .await;
}

#[tokio::test]
async fn console_functions_refuse_other_sellers_buyers_and_guests_and_change_nothing() {
    on_each_database(|app| async move {
        let (owner, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Guarded Vase").price(4000).in_store(store).build(&app).await;
        let (buyer, order) = buy(&app, &[(variant, 1)]).await;
        let (other_seller, _) = verified_seller(&app).await;
        let guest = client();
        let id = order.to_string();
        let snapshot = || async {
            (
                app.count(&format!("SELECT CAST(captured_minor + refunded_minor AS BIGINT) FROM orders WHERE id = {order}")).await,
                app.count("SELECT COUNT(*) FROM order_events").await,
                app.count("SELECT COUNT(*) FROM ledger_entries").await,
                app.count(&format!("SELECT stock FROM variants WHERE id = {variant}")).await,
            )
        };
        let before = snapshot().await;
        let mutations: [(&str, Vec<(&str, &str)>); 4] = [
            ("confirm_order", vec![("id", &id)]),
            ("ship_order", vec![("id", &id), ("carrier", "ups"), ("tracking_number", UPS)]),
            ("cancel_order", vec![("id", &id), ("reason", "Not mine to cancel")]),
            ("refund_order", vec![]),
        ];
        for (who, name, expected) in [(&other_seller, "another store's seller", 404u16), (&buyer, "a buyer", 403), (&guest, "a guest", 401)] {
            for (endpoint, form) in &mutations {
                let status = if *endpoint == "refund_order" {
                    app.post_json(who, "console/refund_order", json!({"id": order, "lines": [], "reason": "x", "restock": true}))
                        .await
                        .status()
                        .as_u16()
                } else {
                    act(&app, who, endpoint, form).await.0
                };
                assert_eq!(status, expected, "{endpoint} as {name} on {}", app.db_name);
            }
            let status = app.get(who, &format!("/api/console/order?id={order}")).await.status().as_u16();
            assert_eq!(status, expected, "order as {name}");
            for path in ["/api/console/orders?queue=new", "/api/console/balance", "/api/console/overview"] {
                let res = app.get(who, path).await;
                if expected == 404 {
                    // Lists answer with the caller's own store, which holds none of this.
                    assert_eq!(res.status(), 200);
                    let body: Value = res.json().await.unwrap();
                    assert!(!body.to_string().contains("Guarded Vase"), "{path} leaked as {name}");
                } else {
                    assert_eq!(res.status().as_u16(), expected, "{path} as {name}");
                }
            }
        }
        assert_eq!(snapshot().await, before, "something changed on {}", app.db_name);
        // The owner still can.
        assert_eq!(act(&app, &owner, "confirm_order", &[("id", &id)]).await.0, 200);
    })
    .await;
}

#[tokio::test]
async fn the_demo_store_starts_with_orders_in_every_state() {
    on_each_database(|app| async move {
        assert!(server::seed::seed_demo(&app.state, 60).await.unwrap());
        for status in [
            "placed",
            "confirmed",
            "shipped",
            "in_transit",
            "delivered",
            "cancelled",
            "refunded",
        ] {
            let n = app
                .count(&format!(
                    "SELECT COUNT(*) FROM orders o JOIN stores s ON s.id = o.store_id
                     JOIN accounts a ON a.id = s.owner_id
                     WHERE a.email = 'seller@demo.shop' AND o.status = '{status}'"
                ))
                .await;
            assert!(n >= 1, "no {status} demo order on {}", app.db_name);
        }
        // Delivered orders have every scan; the ledger balances and has money available.
        assert!(
            app.count("SELECT COUNT(*) FROM tracking_events WHERE code = 'delivered'")
                .await
                >= 3
        );
        assert_ledger_balances(&app).await;
        assert!(
            app.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'refund'")
                .await
                >= 1
        );
        // Every shipment has a number of its own.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM (SELECT carrier, tracking_number FROM orders WHERE tracking_number IS NOT NULL
                       GROUP BY carrier, tracking_number HAVING COUNT(*) > 1) d")
                .await,
            0
        );
        // The catalogue's reviews spread over months, not all written today.
        let day = 24 * 3_600_000_i64;
        let now = app.clock.now_ms_for_tests();
        let reviews = app.count("SELECT COUNT(*) FROM reviews").await;
        let today = app.count(&format!("SELECT COUNT(*) FROM reviews WHERE created_at > {}", now - day)).await;
        let older = app.count(&format!("SELECT COUNT(*) FROM reviews WHERE created_at < {}", now - 30 * day)).await;
        assert!(reviews >= 20, "{reviews} reviews");
        assert!(today * 10 < reviews, "{today} of {reviews} reviews written today");
        assert!(older * 5 > reviews, "only {older} of {reviews} reviews older than a month");
        // And a dispute waiting for an answer, its chargeback in the ledger.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM disputes WHERE status = 'needs_response'")
                .await,
            1
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'chargeback'")
                .await,
            1
        );
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_counts_the_period_and_lists_what_needs_attention() {
    on_each_database(|app| async move {
        let (seller_client, store) = verified_seller(&app).await;
        let (product, variant) = ProductBuilder::new("Dash Kettle")
            .price(3000)
            .stock(4)
            .in_store(store)
            .build(&app)
            .await;
        let (_, _) = buy(&app, &[(variant, 2)]).await;
        app.record_events(&client(), product, "View", 8).await;
        let d: Value = app
            .get(&seller_client, "/api/console/dashboard?days=7")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["sales"]["minor"], 6000, "{d}");
        assert_eq!(d["orders"], 1);
        assert_eq!(d["visits"], 8);
        assert_eq!(d["average_order"]["minor"], 6000);
        assert_eq!(d["daily_sales"].as_array().unwrap().len(), 7);
        assert_eq!(d["daily_sales"][6][1]["minor"], 6000);
        assert_eq!(d["top_products"][0][1], "Dash Kettle");
        assert_eq!(d["to_confirm"], 1);
        // 4 in stock, 2 sold: low stock.
        assert_eq!(d["low_stock"][0][3], 2);
        // Two days later the unconfirmed order is past its tracking deadline.
        app.clock.advance(chrono::Duration::days(3));
        let d: Value = app
            .get(&seller_client, "/api/console/dashboard?days=7")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["tracking_overdue"], 1);
        assert_eq!(d["daily_sales"][3][1]["minor"], 6000);
        assert_eq!(
            app.get(&client(), "/api/console/dashboard?days=7")
                .await
                .status(),
            401
        );
    })
    .await;
}

/// A confirmed order of `store`'s product `variant`: its id.
async fn confirmed(app: &TestApp, seller: &reqwest::Client, variant: i64) -> String {
    let (_, order) = buy(app, &[(variant, 1)]).await;
    let id = order.to_string();
    let (status, _) = act(app, seller, "confirm_order", &[("id", &id)]).await;
    assert_eq!(status, 200);
    id
}

#[tokio::test]
async fn a_tracking_number_used_for_another_shipment_is_refused_even_when_sellers_race_for_it() {
    on_each_database(|app| async move {
        let (first, first_store) = verified_seller(&app).await;
        let (second, second_store) = verified_seller(&app).await;
        let (_, lamp) = ProductBuilder::new("Desk Lamp").price(2000).stock(50).in_store(first_store).build(&app).await;
        let (_, jar) = ProductBuilder::new("Storage Jar").price(900).stock(50).in_store(second_store).build(&app).await;

        let shipped = confirmed(&app, &first, lamp).await;
        let (status, detail) = act(&app, &first, "ship_order", &[("id", &shipped), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 200, "{detail}");

        // Another store's order with the same number: refused, the field named, no
        // payment captured, the order still waiting to ship.
        let other = confirmed(&app, &second, jar).await;
        let (status, error) = act(&app, &second, "ship_order", &[("id", &other), ("carrier", "ups"), ("tracking_number", "1Z5R 8939 0357 5671 27")]).await;
        assert_eq!(status, 422, "{error}");
        assert!(error.to_string().contains("already used for another shipment"), "{error}");
        assert!(error.to_string().contains("tracking_number"), "{error}");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM orders WHERE id = {other} AND status = 'confirmed' AND captured_minor = 0")).await, 1);
        // The same seller's next order too.
        let again = confirmed(&app, &first, lamp).await;
        let (status, _) = act(&app, &first, "ship_order", &[("id", &again), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 422);
        // The same number with another carrier is another parcel; a new number ships.
        let (status, detail) = act(&app, &second, "ship_order", &[("id", &other), ("carrier", "dhl"), ("tracking_number", "1234567891")]).await;
        assert_eq!(status, 200, "{detail}");

        // Eight orders shipped at once with one number: exactly one ships.
        let mut orders = Vec::new();
        for _ in 0..8 {
            orders.push(confirmed(&app, &first, lamp).await);
        }
        let captured_before = app.count("SELECT CAST(SUM(captured_minor) AS BIGINT) FROM sandbox_charges").await;
        let mut tasks = Vec::new();
        for id in orders {
            let (addr, client) = (app.addr.clone(), first.clone());
            tasks.push(tokio::spawn(async move {
                client
                    .post(format!("{addr}/api/console/ship_order"))
                    .header("Origin", &addr)
                    .form(&[("id", id.as_str()), ("carrier", "dhl"), ("tracking_number", "2234567893")])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        assert_eq!(results.iter().filter(|s| **s == 200).count(), 1, "{results:?}");
        assert_eq!(results.iter().filter(|s| **s == 422).count(), 7, "{results:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM orders WHERE tracking_number = '2234567893'").await, 1);
        assert_eq!(app.count("SELECT CAST(SUM(captured_minor) AS BIGINT) FROM sandbox_charges").await, captured_before + 2000);
        assert_eq!(app.count("SELECT COUNT(*) FROM orders WHERE status = 'confirmed' AND captured_minor <> 0").await, 0);
        assert_ledger_balances(&app).await;
    })
    .await;
}

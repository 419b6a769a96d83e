//! Customer service: each kind of ticket, accepting a change exactly once (also two
//! accepts at once), changes refused after shipment, the automatic answers,
//! escalation after 48 hours once, idempotent messages with one mail per event,
//! complaints settled with a refund or a replacement, canned replies, and who may
//! reach which ticket.

use crate::helpers::*;
use serde_json::{Value, json};
use server::storage::Row;

const UPS: &str = "1Z5R89390357567127";

/// A verified seller, a buyer and an order of `quantity` units of a product at
/// `price`: (seller, store, buyer, buyer id, order, variant).
struct Setup {
    seller: reqwest::Client,
    store: i64,
    buyer: reqwest::Client,
    buyer_id: i64,
    order: i64,
    product: i64,
    variant: i64,
}

async fn setup(app: &TestApp, price: i64, quantity: u32) -> Setup {
    let (seller, store) = verified_seller(app).await;
    let (product, variant) = ProductBuilder::new("Linen Shirt")
        .price(price)
        .in_store(store)
        .build(app)
        .await;
    let (buyer, buyer_id) = quick_buyer(app).await;
    let address = address_for(app, buyer_id).await;
    let token = app.card_token(&buyer, "4242424242424242").await;
    let cart = app.add_to_cart(&buyer, variant, quantity).await;
    let res = app
        .place_order(
            &buyer,
            "support-order-1",
            address,
            &token,
            seen_lines(&cart),
        )
        .await;
    assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
    let placed: Value = res.json().await.unwrap();
    Setup {
        seller,
        store,
        buyer,
        buyer_id,
        order: placed["orders"][0].as_i64().unwrap(),
        product,
        variant,
    }
}

async fn open(app: &TestApp, buyer: &reqwest::Client, key: &str, ticket: Value) -> (u16, Value) {
    let res = app
        .post_json(
            buyer,
            "open_ticket",
            json!({"ticket": ticket, "idempotency_key": key}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn call(
    app: &TestApp,
    who: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let res = app.post(who, endpoint, form).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn ship(app: &TestApp, s: &Setup) {
    let id = s.order.to_string();
    let (status, _) = call(app, &s.seller, "console/confirm_order", &[("id", &id)]).await;
    assert_eq!(status, 200);
    let (status, _) = call(
        app,
        &s.seller,
        "console/ship_order",
        &[("id", &id), ("carrier", "ups"), ("tracking_number", UPS)],
    )
    .await;
    assert_eq!(status, 200);
}

async fn mails_to_store(app: &TestApp, store: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM email_outbox WHERE subject LIKE 'Ticket #%' AND to_email =
           (SELECT a.email FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE s.id = {store})"
    ))
    .await
}

async fn mails_to_buyer(app: &TestApp, buyer: i64) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) FROM email_outbox WHERE subject LIKE 'Your request #%' AND to_email =
           (SELECT email FROM accounts WHERE id = {buyer})"
    ))
    .await
}

fn new_address() -> Value {
    json!({"full_name": "Ada Buyer", "line1": "22 Harbour Road", "line2": "", "city": "Oakland",
           "region": "CA", "postal_code": "94607", "country": "US", "phone": ""})
}

#[tokio::test]
async fn an_address_change_is_applied_once_when_the_seller_accepts_it_even_twice_at_once() {
    on_each_database(|app| async move {
        let s = setup(&app, 2500, 1).await;
        let (status, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0001",
            json!({"order": s.order, "kind": "change_address", "address": new_address(), "message": "I moved."}),
        )
        .await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(ticket["status"], "AwaitingSeller");
        assert_eq!(ticket["request"]["state"], "Pending");
        let id = ticket["id"].as_i64().unwrap().to_string();
        assert_eq!(mails_to_store(&app, s.store).await, 1);

        let inbox: Value = app
            .get(&s.seller, "/api/console/inbox?queue=awaiting_seller")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(inbox["tickets"][0]["id"].to_string(), id);
        assert_eq!(inbox["tickets"][0]["request_pending"], true);
        assert_eq!(inbox["counts"][0], json!(["AwaitingSeller", 1]));

        let form = [("id", id.as_str()), ("accept", "true"), ("reason", "")];
        let (a, b) = tokio::join!(
            call(&app, &s.seller, "console/answer_request", &form),
            call(&app, &s.seller, "console/answer_request", &form),
        );
        let mut codes = [a.0, b.0];
        codes.sort();
        assert_eq!(codes, [200, 409], "two accepts at once on {}", app.db_name);
        let ship_to: String = sqlx::query("SELECT ship_to FROM orders WHERE id = $1")
            .bind(s.order)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert!(ship_to.contains("22 Harbour Road"), "{ship_to}");
        let changes = app
            .count(&format!(
                "SELECT COUNT(*) FROM order_events WHERE order_id = {} AND status = 'changed'",
                s.order
            ))
            .await;
        assert_eq!(changes, 1);
        let seen: Value = app
            .get(&s.buyer, &format!("/api/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(seen["status"], "Closed");
        assert_eq!(seen["request"]["state"], "Accepted");
        assert!(seen["order"]["ship_to"].to_string().contains("22 Harbour Road"));
        assert_eq!(mails_to_buyer(&app, s.buyer_id).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_variant_change_moves_stock_both_ways_and_takes_a_lower_price_off_the_order() {
    on_each_database(|app| async move {
        let s = setup(&app, 3000, 2).await;
        let other: i64 = sqlx::query(
            "INSERT INTO variants (product_id, sku, size, price_minor, stock) VALUES ($1, 'SHIRT-L', 'L', 2500, 5) RETURNING id",
        )
        .bind(s.product)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        let dearer: i64 = sqlx::query(
            "INSERT INTO variants (product_id, sku, size, price_minor, stock) VALUES ($1, 'SHIRT-XL', 'XL', 3500, 5) RETURNING id",
        )
        .bind(s.product)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let item = options["items"][0]["id"].as_i64().unwrap();
        let offered: Vec<i64> = options["items"][0]["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_i64().unwrap())
            .collect();
        assert_eq!(offered, vec![other], "only in stock and not dearer");
        let (status, _) = open(
            &app,
            &s.buyer,
            "ticket-key-0002",
            json!({"order": s.order, "kind": "change_variant", "item": item, "variant": dearer, "message": ""}),
        )
        .await;
        assert_eq!(status, 422, "a dearer variant is refused");
        let (status, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0003",
            json!({"order": s.order, "kind": "change_variant", "item": item, "variant": other, "message": ""}),
        )
        .await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(ticket["request"]["refund"]["minor"], 1000);
        let id = ticket["id"].as_i64().unwrap().to_string();
        let before = app
            .count(&format!("SELECT stock FROM variants WHERE id = {}", s.variant))
            .await;
        let (status, _) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "true"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {}", s.variant)).await,
            before + 2
        );
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {other}")).await,
            3
        );
        assert_eq!(
            app.count(&format!("SELECT total_minor FROM orders WHERE id = {}", s.order)).await,
            5000,
            "2 × 25.00 after the change"
        );
        assert_eq!(
            app.count(&format!("SELECT unit_price_minor FROM order_items WHERE id = {item}")).await,
            2500
        );
    })
    .await;
}

#[tokio::test]
async fn a_sold_out_variant_refuses_the_change_and_leaves_the_request_open() {
    on_each_database(|app| async move {
        let s = setup(&app, 3000, 1).await;
        let other: i64 = sqlx::query(
            "INSERT INTO variants (product_id, sku, size, price_minor, stock) VALUES ($1, 'SHIRT-L', 'L', 3000, 1) RETURNING id",
        )
        .bind(s.product)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let item = options["items"][0]["id"].as_i64().unwrap();
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0004",
            json!({"order": s.order, "kind": "change_variant", "item": item, "variant": other, "message": ""}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap().to_string();
        sqlx::query("UPDATE variants SET stock = 0 WHERE id = $1")
            .bind(other)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (status, body) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "true"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 409, "{body}");
        let seen: Value = app
            .get(&s.seller, &format!("/api/console/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(seen["request"]["state"], "Pending");
        assert_eq!(seen["status"], "AwaitingSeller");
    })
    .await;
}

#[tokio::test]
async fn cancelling_an_item_restocks_it_and_cancelling_everything_cancels_the_order() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 3).await;
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let item = options["items"][0]["id"].as_i64().unwrap();
        let stock = app
            .count(&format!("SELECT stock FROM variants WHERE id = {}", s.variant))
            .await;
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0005",
            json!({"order": s.order, "kind": "cancel_item", "item": item, "quantity": 1, "message": ""}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap().to_string();
        let (status, after) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "true"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 200, "{after}");
        assert_eq!(
            app.count(&format!("SELECT total_minor FROM orders WHERE id = {}", s.order)).await,
            4000
        );
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {}", s.variant)).await,
            stock + 1
        );
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0006",
            json!({"order": s.order, "kind": "cancel_item", "item": item, "quantity": 2, "message": ""}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap().to_string();
        let (status, _) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "true"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 200);
        let order: Value = app
            .get(&s.buyer, &format!("/api/order_detail?id={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(order["status"], "Cancelled");
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {}", s.variant)).await,
            stock + 3
        );
    })
    .await;
}

#[tokio::test]
async fn changes_are_refused_once_the_order_has_shipped() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (_, pending) = open(
            &app,
            &s.buyer,
            "ticket-key-0007",
            json!({"order": s.order, "kind": "change_address", "address": new_address(), "message": ""}),
        )
        .await;
        let id = pending["id"].as_i64().unwrap().to_string();
        let order: Value = app
            .get(&s.seller, &format!("/api/console/order?id={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            order["pending_requests"][0]["ticket"].to_string(),
            id,
            "the seller's order page shows the open request"
        );
        ship(&app, &s).await;
        let (status, body) = open(
            &app,
            &s.buyer,
            "ticket-key-0008",
            json!({"order": s.order, "kind": "change_address", "address": new_address(), "message": ""}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("return or refund"), "{body}");
        let (status, _) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "true"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 409);
        let state = app
            .count(&format!(
                "SELECT COUNT(*) FROM tickets WHERE id = {id} AND request_state = 'pending'"
            ))
            .await;
        assert_eq!(state, 1, "the refused accept changed nothing");
        // Declining says why and hands the ticket back to the buyer.
        let (status, declined) = call(
            &app,
            &s.seller,
            "console/answer_request",
            &[("id", &id), ("accept", "false"), ("reason", "It has already shipped.")],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(declined["status"], "AwaitingBuyer");
        assert_eq!(declined["request"]["state"], "Declined");
    })
    .await;
}

#[tokio::test]
async fn status_questions_are_answered_from_the_order_and_can_go_on_to_the_seller() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        ship(&app, &s).await;
        let (status, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0009",
            json!({"order": s.order, "kind": "delivery_time", "message": ""}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(ticket["status"], "AwaitingBuyer");
        assert_eq!(ticket["actions"]["confirm_answer"], true);
        let answer = ticket["messages"][1]["body"].as_str().unwrap();
        assert!(answer.contains(UPS), "{answer}");
        assert!(answer.contains("Estimated delivery"), "{answer}");
        assert_eq!(ticket["messages"][1]["author"], "System");
        assert_eq!(mails_to_store(&app, s.store).await, 0, "no seller work");
        let id = ticket["id"].as_i64().unwrap();
        let res = app
            .post_json(
                &s.buyer,
                "post_message",
                json!({"id": id, "text": "It says delivered but it isn't here.", "photos": [], "idempotency_key": "message-key-01"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let after: Value = res.json().await.unwrap();
        assert_eq!(after["status"], "AwaitingSeller");
        assert!(after["clock"]["due_at_ms"].is_i64());
        assert_eq!(mails_to_store(&app, s.store).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_ticket_left_unanswered_for_more_than_48_hours_escalates_once() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0010",
            json!({"order": s.order, "kind": "order_details", "message": "Is this cotton?"}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap();
        let escalate = || async {
            server::services::support::escalation::escalate_due(
                &app.state.db,
                app.clock.now_ms_for_tests(),
                "http://127.0.0.1",
                true,
            )
            .await
            .unwrap()
        };
        app.clock.advance(chrono::Duration::hours(48));
        assert_eq!(escalate().await, 0, "exactly 48 hours is still on time");
        app.clock.advance(chrono::Duration::milliseconds(1));
        let (a, b) = tokio::join!(escalate(), escalate());
        assert_eq!(a + b, 1, "two servers escalate it once");
        assert_eq!(escalate().await, 0);
        let system = app
            .count(&format!(
                "SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = {id} AND author = 'system'"
            ))
            .await;
        assert_eq!(system, 1);
        assert_eq!(mails_to_buyer(&app, s.buyer_id).await, 1);
        let seen: Value = app
            .get(&s.buyer, &format!("/api/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(seen["status"], "Escalated");

        let admin = app.signed_in_as("admin").await;
        let queue: Value = app
            .get(&admin, "/api/admin/escalated_tickets")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(queue[0]["id"], id);
        let res = app
            .post_json(
                &admin,
                "admin/post_message",
                json!({"id": id, "text": "We're on it.", "idempotency_key": "admin-key-001"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let (status, closed) = call(
            &app,
            &admin,
            "admin/close_ticket",
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(closed["status"], "Closed");
    })
    .await;
}

#[tokio::test]
async fn the_same_message_key_twice_makes_one_message_and_one_mail() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0011",
            json!({"order": s.order, "kind": "order_details", "message": "Gift wrap?"}),
        )
        .await;
        // The same ticket key again opens nothing new.
        let (status, again) = open(
            &app,
            &s.buyer,
            "ticket-key-0011",
            json!({"order": s.order, "kind": "order_details", "message": "Gift wrap?"}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(again["id"], ticket["id"]);
        let id = ticket["id"].as_i64().unwrap();
        let reply = json!({"id": id, "text": "Yes, free of charge.", "photos": [], "idempotency_key": "reply-key-0001"});
        let (a, b) = tokio::join!(
            app.post_json(&s.seller, "console/post_message", reply.clone()),
            app.post_json(&s.seller, "console/post_message", reply.clone()),
        );
        assert_eq!(a.status(), 200);
        assert!(b.status() == 200 || b.status() == 409, "{}", b.status());
        let again = app.post_json(&s.seller, "console/post_message", reply).await;
        assert_eq!(again.status(), 200);
        let messages = app
            .count(&format!(
                "SELECT COUNT(*) FROM ticket_messages WHERE ticket_id = {id} AND author = 'seller'"
            ))
            .await;
        assert_eq!(messages, 1);
        // The answer is unread for the buyer (the Account tab's marker) until read.
        let viewer: Value = app.get(&s.buyer, "/api/current_viewer").await.json().await.unwrap();
        assert_eq!(viewer["unread_tickets"], 1);
        app.get(&s.buyer, &format!("/api/ticket?id={id}")).await;
        let viewer: Value = app.get(&s.buyer, "/api/current_viewer").await.json().await.unwrap();
        assert_eq!(viewer["unread_tickets"], 0);
        assert_eq!(mails_to_buyer(&app, s.buyer_id).await, 1);
        assert_eq!(mails_to_store(&app, s.store).await, 1);
        let first_reply = app
            .count(&format!(
                "SELECT COUNT(*) FROM tickets WHERE id = {id} AND first_reply_at IS NOT NULL"
            ))
            .await;
        assert_eq!(first_reply, 1, "the first reply time is kept");
    })
    .await;
}

#[tokio::test]
async fn a_damaged_item_with_a_photo_is_refunded_through_the_order_and_the_ledger() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 2).await;
        ship(&app, &s).await;
        let photo = s
            .buyer
            .post(format!("{}/help/images", app.addr))
            .header("Origin", &app.addr)
            .header("Content-Type", "image/png")
            .body(png(400, 40))
            .send()
            .await
            .unwrap();
        assert_eq!(photo.status(), 201);
        let key = photo.json::<Value>().await.unwrap()["key"]
            .as_str()
            .unwrap()
            .to_owned();
        // Another account's photo is not theirs to attach.
        let (stranger, _) = quick_buyer(&app).await;
        let stolen = app
            .post_json(
                &stranger,
                "open_ticket",
                json!({"ticket": {"order": s.order, "kind": "damaged", "message": "x", "photos": [key.clone()]},
                       "idempotency_key": "ticket-key-0012"}),
            )
            .await;
        assert_eq!(stolen.status(), 404, "another buyer's order");
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let item = options["items"][0]["id"].as_i64().unwrap();
        let (status, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0013",
            json!({"order": s.order, "kind": "damaged", "item": item, "message": "The collar is torn.", "photos": [key.clone()]}),
        )
        .await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(ticket["messages"][0]["photos"][0]["key"], key.as_str());
        let id = ticket["id"].as_i64().unwrap();
        let settle = json!({"id": id, "settlement": {"Refund": {"lines": [{"item": item, "quantity": 1}]}}, "note": "Sorry about that."});
        let (a, b) = tokio::join!(
            app.post_json(&s.seller, "console/settle_ticket", settle.clone()),
            app.post_json(&s.seller, "console/settle_ticket", settle),
        );
        let mut codes = [a.status().as_u16(), b.status().as_u16()];
        codes.sort();
        assert_eq!(codes, [200, 409], "one refund for two clicks");
        let refunded = app
            .count(&format!("SELECT refunded_minor FROM orders WHERE id = {}", s.order))
            .await;
        assert_eq!(refunded, 2000);
        let entries = app
            .count(&format!(
                "SELECT COUNT(*) FROM ledger_entries WHERE order_id = {} AND kind = 'refund'",
                s.order
            ))
            .await;
        assert_eq!(entries, 1);
        assert_ledger_balances(&app).await;
        let seen: Value = app
            .get(&s.buyer, &format!("/api/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(seen["status"], "Closed");
        assert!(seen["resolution"].as_str().unwrap().contains("Refunded"));
    })
    .await;
}

#[tokio::test]
async fn a_replacement_is_a_new_zero_price_order_shipped_like_any_other() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        ship(&app, &s).await;
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let item = options["items"][0]["id"].as_i64().unwrap();
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0014",
            json!({"order": s.order, "kind": "missing", "item": item, "message": "The box was empty."}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap();
        let res = app
            .post_json(
                &s.seller,
                "console/settle_ticket",
                json!({"id": id, "settlement": "Replacement", "note": ""}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let orders: Value = app
            .get(&s.seller, "/api/console/orders?queue=new")
            .await
            .json()
            .await
            .unwrap();
        let replacement = orders["orders"][0]["id"].as_i64().unwrap();
        assert_ne!(replacement, s.order);
        assert_eq!(orders["orders"][0]["total"]["minor"], 0);
        let shipped = call(&app, &s.seller, "console/confirm_order", &[("id", &replacement.to_string())]).await;
        assert_eq!(shipped.0, 200);
    })
    .await;
}

#[tokio::test]
async fn a_closed_ticket_can_be_reopened_by_its_buyer_for_seven_days() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0015",
            json!({"order": s.order, "kind": "order_details", "message": "Colour?"}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap().to_string();
        let (status, closed) = call(&app, &s.seller, "console/close_ticket", &[("id", &id)]).await;
        assert_eq!(status, 200);
        assert_eq!(closed["status"], "Closed");
        app.clock.advance(chrono::Duration::days(7));
        let (status, reopened) = call(&app, &s.buyer, "reopen_ticket", &[("id", &id)]).await;
        assert_eq!(status, 200);
        assert_eq!(reopened["status"], "AwaitingSeller");
        let (status, _) = call(&app, &s.buyer, "close_ticket", &[("id", &id)]).await;
        assert_eq!(status, 200);
        app.clock
            .advance(chrono::Duration::days(7) + chrono::Duration::milliseconds(1));
        let (status, _) = call(&app, &s.buyer, "reopen_ticket", &[("id", &id)]).await;
        assert_eq!(status, 409);
    })
    .await;
}

#[tokio::test]
async fn canned_replies_belong_to_their_store_and_fill_in_the_ticket() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (status, list) = call(
            &app,
            &s.seller,
            "console/save_canned_reply",
            &[
                ("title", "Thanks"),
                (
                    "body",
                    "Hi {buyer_name}, order {order_number} is on its way.",
                ),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let canned = list[0]["id"].as_i64().unwrap().to_string();
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0016",
            json!({"order": s.order, "kind": "order_details", "message": "Hello"}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap();
        let seen: Value = app
            .get(&s.seller, &format!("/api/console/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            seen["canned"][0]["body"],
            format!("Hi Quick Buyer, order #{} is on its way.", s.order)
        );
        let (other, _) = verified_seller(&app).await;
        let (status, _) = call(
            &app,
            &other,
            "console/delete_canned_reply",
            &[("id", &canned)],
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = call(
            &app,
            &other,
            "console/save_canned_reply",
            &[("id", &canned), ("title", "Mine"), ("body", "Mine now")],
        )
        .await;
        assert_eq!(status, 404);
        let (status, list) = call(
            &app,
            &s.seller,
            "console/delete_canned_reply",
            &[("id", &canned)],
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(list, json!([]));
    })
    .await;
}

#[tokio::test]
async fn tickets_reach_only_their_buyer_their_store_and_admins_once_escalated() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 1).await;
        let (_, ticket) = open(
            &app,
            &s.buyer,
            "ticket-key-0017",
            json!({"order": s.order, "kind": "change_address", "address": new_address(), "message": "<script>alert(1)</script>"}),
        )
        .await;
        let id = ticket["id"].as_i64().unwrap();
        let sid = id.to_string();
        let (other_buyer, _) = quick_buyer(&app).await;
        let (other_seller, _) = verified_seller(&app).await;
        let admin = app.signed_in_as("admin").await;
        let guest = client();

        // Another buyer: every buyer function answers 404.
        assert_eq!(app.get(&other_buyer, &format!("/api/ticket?id={id}")).await.status(), 404);
        assert_eq!(app.get(&other_buyer, &format!("/api/help_options?order={}", s.order)).await.status(), 404);
        let post = json!({"id": id, "text": "hi", "photos": [], "idempotency_key": "stranger-key-1"});
        assert_eq!(app.post_json(&other_buyer, "post_message", post.clone()).await.status(), 404);
        assert_eq!(call(&app, &other_buyer, "close_ticket", &[("id", &sid)]).await.0, 404);
        assert_eq!(call(&app, &other_buyer, "reopen_ticket", &[("id", &sid)]).await.0, 404);
        let (status, _) = open(&app, &other_buyer, "ticket-key-0018", json!({"order": s.order, "kind": "order_details", "message": "x"})).await;
        assert_eq!(status, 404);
        // Another seller: 404 on every console function.
        assert_eq!(app.get(&other_seller, &format!("/api/console/ticket?id={id}")).await.status(), 404);
        assert_eq!(app.post_json(&other_seller, "console/post_message", post.clone()).await.status(), 404);
        assert_eq!(call(&app, &other_seller, "console/close_ticket", &[("id", &sid)]).await.0, 404);
        assert_eq!(call(&app, &other_seller, "console/answer_request", &[("id", &sid), ("accept", "true"), ("reason", "")]).await.0, 404);
        let settle = json!({"id": id, "settlement": "AskPhotos", "note": ""});
        assert_eq!(app.post_json(&other_seller, "console/settle_ticket", settle.clone()).await.status(), 404);
        let inbox: Value = app.get(&other_seller, "/api/console/inbox?queue=awaiting_seller").await.json().await.unwrap();
        assert_eq!(inbox["tickets"], json!([]));
        // A buyer is not a seller; a guest is nobody.
        assert_eq!(app.get(&s.buyer, "/api/console/inbox?queue=awaiting_seller").await.status(), 403);
        assert_eq!(app.get(&guest, &format!("/api/ticket?id={id}")).await.status(), 401);
        assert_eq!(app.get(&guest, "/api/my_tickets").await.status(), 401);
        assert_eq!(app.get(&s.buyer, "/api/admin/escalated_tickets").await.status(), 403);
        // Admins reach a ticket only once it is escalated.
        assert_eq!(app.get(&admin, &format!("/api/admin/ticket?id={id}")).await.status(), 404);
        assert_eq!(call(&app, &admin, "admin/close_ticket", &[("id", &sid)]).await.0, 404);
        // The buyer and the store see it; the buyer's words come back as text.
        let mine: Value = app.get(&s.buyer, "/api/my_tickets").await.json().await.unwrap();
        assert_eq!(mine[0]["id"], id);
        let theirs: Value = app.get(&s.seller, &format!("/api/console/ticket?id={id}")).await.json().await.unwrap();
        assert_eq!(theirs["messages"][0]["body"], "<script>alert(1)</script>");
        assert_eq!(theirs["actions"]["answer_request"], true);
        let unread: Value = app.get(&s.buyer, "/api/unread_tickets").await.json().await.unwrap();
        assert_eq!(unread, 0);
        let _ = s.variant;
    })
    .await;
}

/// Lets the carrier deliver a shipped order (two scans, five days).
async fn deliver(app: &TestApp) {
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
}

async fn stock(app: &TestApp, variant: i64) -> i64 {
    app.count(&format!("SELECT stock FROM variants WHERE id = {variant}"))
        .await
}

async fn settle(
    app: &TestApp,
    seller: &reqwest::Client,
    id: i64,
    settlement: Value,
    note: &str,
) -> (u16, Value) {
    let res = app
        .post_json(
            seller,
            "console/settle_ticket",
            json!({"id": id, "settlement": settlement, "note": note}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_return_is_accepted_sent_back_received_refunded_and_restocked_once() {
    on_each_database(|app| async move {
        let s = setup(&app, 2000, 2).await;
        let item = app
            .count(&format!("SELECT id FROM order_items WHERE order_id = {}", s.order))
            .await;
        let ask = json!({"order": s.order, "kind": "return_refund", "item": item, "quantity": 1, "message": "Too small for me."});
        // Not before delivery.
        let (status, _) = open(&app, &s.buyer, "return-key-0001", ask.clone()).await;
        assert_eq!(status, 409);
        ship(&app, &s).await;
        let (status, body) = open(&app, &s.buyer, "return-key-0002", ask.clone()).await;
        assert_eq!(status, 409, "shipped is not delivered: {body}");
        deliver(&app).await;

        let (status, ticket) = open(&app, &s.buyer, "return-key-0003", ask).await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(ticket["return_view"]["state"], "Requested");
        assert_eq!(ticket["return_view"]["value"]["minor"], 2000);
        assert!(ticket["return_view"]["lines"][0].as_str().unwrap().starts_with("1 × Linen Shirt"));
        let id = ticket["id"].as_i64().unwrap();
        let ids = id.to_string();

        // Nothing to send back before the seller agrees.
        let (status, _) = call(&app, &s.buyer, "send_back", &[("id", &ids), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 409);
        let (status, _) = settle(&app, &s.seller, id, json!({"AcceptReturn": {"instructions": "  "}}), "").await;
        assert_eq!(status, 422);
        let accept = json!({"AcceptReturn": {"instructions": "Send it to 5 Depot Lane, Reno NV 89501, in its original bag."}});
        let (a, b) = tokio::join!(
            settle(&app, &s.seller, id, accept.clone(), ""),
            settle(&app, &s.seller, id, accept, ""),
        );
        let mut codes = [a.0, b.0];
        codes.sort();
        assert_eq!(codes, [200, 409], "accepted once");
        let seen: Value = app.get(&s.buyer, &format!("/api/ticket?id={id}")).await.json().await.unwrap();
        assert_eq!(seen["return_view"]["state"], "Accepted");
        assert_eq!(seen["status"], "AwaitingBuyer");
        assert!(seen["return_view"]["instructions"].as_str().unwrap().contains("5 Depot Lane"));
        assert_eq!(seen["actions"]["ship_back"], true);

        // The tracking number back is validated like a seller's; only its buyer sends it.
        let (status, body) = call(&app, &s.buyer, "send_back", &[("id", &ids), ("carrier", "ups"), ("tracking_number", "1Z5R89390357567128")]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains("tracking_number"), "{body}");
        let (stranger, _) = quick_buyer(&app).await;
        let (status, _) = call(&app, &stranger, "send_back", &[("id", &ids), ("carrier", "ups"), ("tracking_number", UPS)]).await;
        assert_eq!(status, 404);
        let (status, sent) = call(&app, &s.buyer, "send_back", &[("id", &ids), ("carrier", "ups"), ("tracking_number", "1z5r 8939 0357 5671 27")]).await;
        assert_eq!(status, 200, "{sent}");
        assert_eq!(sent["return_view"]["state"], "Shipped");
        assert_eq!(sent["return_view"]["tracking_number"], UPS);
        assert_eq!(sent["status"], "AwaitingSeller");
        assert_eq!(sent["clock"], Value::Null, "no 48-hour clock while a parcel travels");

        // Received: refunded through the order and the ledger, restocked, once.
        let before = stock(&app, s.variant).await;
        let received = json!({"ReturnReceived": {"restock": true}});
        let (a, b) = tokio::join!(
            settle(&app, &s.seller, id, received.clone(), ""),
            settle(&app, &s.seller, id, received, ""),
        );
        let mut codes = [a.0, b.0];
        codes.sort();
        assert_eq!(codes, [200, 409], "received once");
        assert_eq!(stock(&app, s.variant).await, before + 1);
        let refunded = app
            .count(&format!("SELECT refunded_minor FROM orders WHERE id = {}", s.order))
            .await;
        assert_eq!(refunded, 2000);
        assert_ledger_balances(&app).await;
        let done: Value = app.get(&s.buyer, &format!("/api/ticket?id={id}")).await.json().await.unwrap();
        assert_eq!(done["status"], "Closed");
        assert_eq!(done["return_view"]["state"], "Received");
        assert!(done["resolution"].as_str().unwrap().contains("Refunded $20.00"), "{}", done["resolution"]);
    })
    .await;
}

#[tokio::test]
async fn a_declined_return_goes_to_the_marketplace_at_once_and_returns_close_after_the_window() {
    on_each_database(|app| async move {
        let s = setup(&app, 1500, 2).await;
        ship(&app, &s).await;
        deliver(&app).await;
        // Without an item, the return asks for every unit.
        let (status, ticket) = open(
            &app,
            &s.buyer,
            "return-key-0010",
            json!({"order": s.order, "kind": "return_refund", "message": "Not what I expected."}),
        )
        .await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(ticket["return_view"]["value"]["minor"], 3000);
        let id = ticket["id"].as_i64().unwrap();
        let ids = id.to_string();

        let (status, _) = settle(&app, &s.seller, id, json!("DeclineReturn"), " ").await;
        assert_eq!(status, 422, "a decline says why");
        let (status, declined) = settle(
            &app,
            &s.seller,
            id,
            json!("DeclineReturn"),
            "Opened items can't be returned.",
        )
        .await;
        assert_eq!(status, 200, "{declined}");
        assert_eq!(declined["return_view"]["state"], "Declined");
        let mine: Value = app
            .get(&s.buyer, &format!("/api/ticket?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["status"], "AwaitingBuyer");
        assert_eq!(mine["actions"]["appeal"], true);

        // Only the buyer asks the marketplace, and only once; it is escalated at once.
        let (status, _) = call(&app, &s.seller, "ask_marketplace", &[("id", &ids)]).await;
        assert_eq!(status, 404);
        let (status, escalated) = call(&app, &s.buyer, "ask_marketplace", &[("id", &ids)]).await;
        assert_eq!(status, 200, "{escalated}");
        assert_eq!(escalated["status"], "Escalated");
        let (status, _) = call(&app, &s.buyer, "ask_marketplace", &[("id", &ids)]).await;
        assert_eq!(status, 409);
        let admin = app.signed_in_as("admin").await;
        let queue: Value = app
            .get(&admin, "/api/admin/escalated_tickets")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            queue.as_array().unwrap().iter().any(|t| t["id"] == id),
            "{queue}"
        );
        assert_eq!(
            mails_to_store(&app, s.store).await,
            2,
            "the request and the escalation"
        );

        // The window: open until 30 days after delivery, then closed.
        let delivered = app
            .count(&format!(
                "SELECT delivered_at FROM orders WHERE id = {}",
                s.order
            ))
            .await;
        let to_day_29 = delivered + 29 * 86_400_000 - app.clock.now_ms_for_tests();
        app.clock.advance(chrono::Duration::milliseconds(to_day_29));
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        let offered = |o: &Value| {
            o["kinds"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k[0] == "ReturnRefund")
                .unwrap()[1]
                .clone()
        };
        assert_eq!(offered(&options), Value::Null);
        app.clock.advance(chrono::Duration::days(2));
        let options: Value = app
            .get(&s.buyer, &format!("/api/help_options?order={}", s.order))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            offered(&options)
                .as_str()
                .unwrap()
                .contains("within 30 days"),
            "{options}"
        );
        let (status, body) = open(
            &app,
            &s.buyer,
            "return-key-0011",
            json!({"order": s.order, "kind": "return_refund", "message": "Again"}),
        )
        .await;
        assert_eq!(status, 409, "{body}");
    })
    .await;
}

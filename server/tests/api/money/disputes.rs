//! Payment disputes from the sandbox gateway: opened a day after capture with a
//! chargeback in the ledger, answered once with evidence before the deadline, won
//! (the chargeback reversed) or lost (unanswered), the ledger balanced throughout,
//! and nobody but the store's seller reaching them.

use crate::helpers::*;
use serde_json::{Value, json};

const UPS: &str = "1Z5R89390357567127";

/// A buyer pays for two units with `card`; the seller confirms and ships (capturing
/// the payment). The order id.
async fn shipped_order(app: &TestApp, seller: &reqwest::Client, variant: i64, card: &str) -> i64 {
    let (buyer, account) = quick_buyer(app).await;
    let address = address_for(app, account).await;
    let token = app.card_token(&buyer, card).await;
    let cart = app.add_to_cart(&buyer, variant, 2).await;
    let res = app
        .place_order(
            &buyer,
            &format!("dispute-{card}"),
            address,
            &token,
            seen_lines(&cart),
        )
        .await;
    assert_eq!(res.status(), 200, "place_order on {}", app.db_name);
    let order = res.json::<Value>().await.unwrap()["orders"][0]
        .as_i64()
        .unwrap();
    let id = order.to_string();
    assert!(ok(&app
        .post(seller, "console/confirm_order", &[("id", &id)])
        .await));
    let res = app
        .post(
            seller,
            "console/ship_order",
            &[("id", &id), ("carrier", "ups"), ("tracking_number", UPS)],
        )
        .await;
    assert_eq!(res.status(), 200);
    order
}

async fn sync(app: &TestApp) -> u64 {
    server::services::money::disputes::sync(
        &app.state.db,
        app.state.gateway.as_ref(),
        app.clock.now_ms_for_tests(),
    )
    .await
    .unwrap()
}

async fn balance(app: &TestApp, store: i64) -> i64 {
    app.count(&format!(
        "SELECT balance_minor FROM stores WHERE id = {store}"
    ))
    .await
}

async fn answer(
    app: &TestApp,
    who: &reqwest::Client,
    id: i64,
    statement: &str,
    documents: Vec<String>,
) -> (u16, Value) {
    let res = app
        .post_json(
            who,
            "console/answer_dispute",
            json!({"id": id, "evidence": {"statement": statement, "documents": documents}}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_disputed_payment_is_charged_back_answered_and_won_back() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Harbor Kettle").price(2500).in_store(store).build(&app).await;
        let order = shipped_order(&app, &seller, variant, "4000000000000259").await;
        let after_sale = balance(&app, store).await;
        assert!(after_sale > 0);

        // Nothing yet: the sandbox disputes a day after capture.
        assert_eq!(sync(&app).await, 0);
        app.clock.advance(chrono::Duration::hours(25));
        assert_eq!(sync(&app).await, 1);
        assert_eq!(sync(&app).await, 0, "a dispute is recorded once");
        assert_eq!(balance(&app, store).await, after_sale - 5000);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM ledger_entries WHERE order_id = {order} AND kind = 'chargeback' AND amount_minor = -5000")).await,
            1
        );
        assert_ledger_balances(&app).await;

        let list: Value = app.get(&seller, "/api/console/disputes").await.json().await.unwrap();
        assert_eq!(list["needs_response"], 1, "{list}");
        let dashboard = |app: &TestApp| {
            let seller = seller.clone();
            let url = format!("{}/api/console/dashboard?days=30", app.addr);
            async move { seller.get(url).send().await.unwrap().json::<Value>().await.unwrap() }
        };
        assert_eq!(dashboard(&app).await["disputes_to_answer"], 1, "the dashboard raises it");
        let dispute = &list["disputes"][0];
        assert_eq!(dispute["order"], order);
        assert_eq!(dispute["reason"], "Fraudulent");
        assert_eq!(dispute["status"], "NeedsResponse");
        assert_eq!(dispute["amount"]["minor"], 5000);
        assert_eq!(dispute["tracking"], format!("UPS {UPS}"));
        let id = dispute["id"].as_i64().unwrap();
        let csv = app.get(&seller, "/sell/payments/disputes.csv").await.text().await.unwrap();
        assert!(csv.contains(&format!("{id},{order},fraudulent,needs_response,50.00,USD,")), "{csv}");

        // Others cannot see or answer it.
        let other = app.signed_in_as("seller").await;
        let (buyer, _) = quick_buyer(&app).await;
        assert_eq!(app.get(&other, &format!("/api/console/dispute?id={id}")).await.status(), 404);
        assert_eq!(answer(&app, &other, id, "This was delivered to the buyer on time.", vec![]).await.0, 404);
        assert_eq!(answer(&app, &buyer, id, "This was delivered to the buyer on time.", vec![]).await.0, 403);
        assert_eq!(answer(&app, &client(), id, "This was delivered to the buyer on time.", vec![]).await.0, 401);
        assert_eq!(app.get(&client(), "/sell/payments/disputes.csv").await.status(), 401);

        // A too-short statement and another store's image are refused; nothing is sent.
        let (status, error) = answer(&app, &seller, id, "It arrived.", vec![]).await;
        assert_eq!((status, error["Validation"]["field"].clone()), (422, json!("statement")));
        let (_, theirs) = upload(&app, &other, png(200, 10)).await;
        let theirs = serde_json::from_str::<Value>(&theirs).unwrap()["key"].as_str().unwrap().to_owned();
        let (status, error) = answer(&app, &seller, id, "The buyer ordered and received this kettle.", vec![theirs]).await;
        assert_eq!((status, error["Validation"]["field"].clone()), (422, json!("documents")));
        assert_eq!(app.count("SELECT COUNT(*) FROM sandbox_disputes").await, 0);

        // The answer with a photo goes to the gateway once.
        let (_, photo) = upload(&app, &seller, png(300, 60)).await;
        let photo = serde_json::from_str::<Value>(&photo).unwrap()["key"].as_str().unwrap().to_owned();
        let statement = "The buyer ordered and received this kettle; photo attached. </textarea></p><script>window.__pwned=1</script>";
        let (status, answered) = answer(&app, &seller, id, statement, vec![photo.clone()]).await;
        assert_eq!(status, 200, "{answered}");
        // The statement is shown on the dispute's page as text.
        let page = app.get(&seller, &format!("/sell/disputes/{id}")).await.text().await.unwrap();
        assert!(page.contains("photo attached. &lt;/textarea&gt;"), "the statement is shown escaped");
        assert!(!page.contains("<script>window.__pwned"), "the statement went out as markup");
        assert_eq!(answered["status"], "UnderReview");
        assert_eq!(dashboard(&app).await["disputes_to_answer"], 0);
        assert_eq!(answered["documents"][0]["key"], photo.as_str());
        assert_eq!(answer(&app, &seller, id, "Sending this a second time to be sure.", vec![]).await.0, 409);
        assert_eq!(app.count("SELECT COUNT(*) FROM sandbox_disputes").await, 1);

        // Decided three days later: won, and the chargeback comes back.
        app.clock.advance(chrono::Duration::days(2));
        assert_eq!(sync(&app).await, 0);
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(sync(&app).await, 1);
        let won: Value = app.get(&seller, &format!("/api/console/dispute?id={id}")).await.json().await.unwrap();
        assert_eq!(won["status"], "Won");
        assert_eq!(balance(&app, store).await, after_sale);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM ledger_entries WHERE order_id = {order} AND kind = 'chargeback_reversal' AND amount_minor = 5000")).await,
            1
        );
        assert_eq!(sync(&app).await, 0, "a decision is applied once");
        assert_ledger_balances(&app).await;
    })
    .await;
}

#[tokio::test]
async fn an_unanswered_dispute_is_lost_at_the_deadline() {
    on_each_database(|app| async move {
        let (seller, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Dock Rope").price(1200).in_store(store).build(&app).await;
        let order = shipped_order(&app, &seller, variant, "4000000000002685").await;
        let after_sale = balance(&app, store).await;
        app.clock.advance(chrono::Duration::hours(25));
        assert_eq!(sync(&app).await, 1);
        let list: Value = app.get(&seller, "/api/console/disputes").await.json().await.unwrap();
        assert_eq!(list["disputes"][0]["reason"], "ProductNotReceived");
        let id = list["disputes"][0]["id"].as_i64().unwrap();

        app.clock.advance(chrono::Duration::days(6));
        assert_eq!(sync(&app).await, 0, "still open before the deadline");
        app.clock.advance(chrono::Duration::days(1) + chrono::Duration::hours(1));
        assert_eq!(sync(&app).await, 1);
        let (status, _) = answer(&app, &seller, id, "The parcel was handed to UPS on time.", vec![]).await;
        assert_eq!(status, 409, "too late to answer");
        let lost: Value = app.get(&seller, &format!("/api/console/dispute?id={id}")).await.json().await.unwrap();
        assert_eq!(lost["status"], "Lost");
        assert_eq!(balance(&app, store).await, after_sale - 2400);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM ledger_entries WHERE order_id = {order} AND kind = 'chargeback_reversal'")).await,
            0
        );
        assert_ledger_balances(&app).await;
    })
    .await;
}

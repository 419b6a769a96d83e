//! Offline changes replayed through `/api/sync_push`: each mutation id applied once,
//! whatever is sent again, by whom and how often.

use crate::helpers::*;
use serde_json::{Value, json};

fn wish(id: u64, product: i64, on: bool) -> Value {
    json!({"id": id, "change": {"kind": "wish", "product": product, "on": on}})
}

fn add(id: u64, variant: i64, quantity: u32) -> Value {
    json!({"id": id, "change": {"kind": "add_to_cart", "variant": variant, "quantity": quantity}})
}

async fn push(
    app: &TestApp,
    who: &reqwest::Client,
    client_id: &str,
    changes: Vec<Value>,
) -> reqwest::Response {
    app.post_json(
        who,
        "sync_push",
        json!({"client": client_id, "changes": changes}),
    )
    .await
}

async fn push_ok(
    app: &TestApp,
    who: &reqwest::Client,
    client_id: &str,
    changes: Vec<Value>,
) -> Value {
    let res = push(app, who, client_id, changes).await;
    assert_eq!(res.status(), 200, "sync_push on {}", app.db_name);
    res.json().await.unwrap()
}

fn outcomes(state: &Value) -> Vec<String> {
    state["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_owned())
        .collect()
}

async fn cart_quantity(app: &TestApp, account: i64, variant: i64) -> i64 {
    app.count(&format!(
        "SELECT CAST(COALESCE(SUM(ci.quantity), 0) AS BIGINT) FROM cart_items ci JOIN carts c ON c.id = ci.cart_id WHERE c.account_id = {account} AND ci.variant_id = {variant}"
    ))
    .await
}

#[tokio::test]
async fn a_batch_is_applied_once_and_a_replay_is_skipped() {
    on_each_database(|app| async move {
        let (first, _) = ProductBuilder::new("Offline Owl").build(&app).await;
        let (second, variant) = ProductBuilder::new("Offline Otter").stock(50).build(&app).await;
        let (buyer, account) = quick_buyer(&app).await;
        let batch = vec![wish(1, first, true), wish(2, second, true), add(3, variant, 2)];

        let state = push_ok(&app, &buyer, "client-aaaaaaaa", batch.clone()).await;
        assert_eq!(outcomes(&state), ["applied", "applied", "applied"]);
        assert_eq!(state["last_mutation_id"], 3);
        let mut wished: Vec<i64> = state["wished"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
        wished.sort();
        assert_eq!(wished, {
            let mut w = vec![first, second];
            w.sort();
            w
        });
        assert_eq!(state["cart"]["item_count"], 2);

        // The acknowledgement was lost: the same batch again changes nothing.
        let again = push_ok(&app, &buyer, "client-aaaaaaaa", batch).await;
        assert_eq!(outcomes(&again), ["skipped", "skipped", "skipped"]);
        assert_eq!(again["last_mutation_id"], 3);
        assert_eq!(cart_quantity(&app, account, variant).await, 2, "added once on {}", app.db_name);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id WHERE w.account_id = {account}")).await, 2);

        // Half old, half new: only the new half runs.
        let state = push_ok(&app, &buyer, "client-aaaaaaaa", vec![add(3, variant, 2), add(4, variant, 1)]).await;
        assert_eq!(outcomes(&state), ["skipped", "applied"]);
        assert_eq!(cart_quantity(&app, account, variant).await, 3);

        // An empty batch only reads the state.
        let state = push_ok(&app, &buyer, "client-aaaaaaaa", vec![]).await;
        assert_eq!(state["last_mutation_id"], 4);
        assert_eq!(state["cart"]["item_count"], 3);
    })
    .await;
}

#[tokio::test]
async fn gaps_are_allowed_and_ids_below_the_last_applied_one_are_skipped() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Gappy Gnu").stock(50).build(&app).await;
        let (buyer, account) = quick_buyer(&app).await;
        let state = push_ok(&app, &buyer, "client-gaps-0001", vec![add(1, variant, 1), add(2, variant, 1), add(5, variant, 1)]).await;
        assert_eq!(outcomes(&state), ["applied", "applied", "applied"]);
        assert_eq!(state["last_mutation_id"], 5);
        // 3 and 4 arrive late: they are older than 5 and are skipped.
        let state = push_ok(&app, &buyer, "client-gaps-0001", vec![add(3, variant, 1), add(4, variant, 1), add(6, variant, 1)]).await;
        assert_eq!(outcomes(&state), ["skipped", "skipped", "applied"]);
        assert_eq!(cart_quantity(&app, account, variant).await, 4);

        // Ids must increase within a batch, be at least 1, and a batch holds at most 100.
        let res = push(&app, &buyer, "client-gaps-0001", vec![add(9, variant, 1), add(8, variant, 1)]).await;
        assert_eq!(res.status(), 422);
        assert_eq!(res.json::<Value>().await.unwrap()["Validation"]["message"], "The changes' ids must increase from one change to the next.");
        let res = push(&app, &buyer, "client-gaps-0001", vec![add(0, variant, 1)]).await;
        assert_eq!(res.status(), 422);
        let many: Vec<Value> = (10..=110).map(|i| add(i, variant, 1)).collect();
        let res = push(&app, &buyer, "client-gaps-0001", many).await;
        assert_eq!(res.status(), 422);
        assert_eq!(cart_quantity(&app, account, variant).await, 4, "a refused batch applies nothing");
        // A malformed client id or change is a plain 4xx, never a 500.
        let res = push(&app, &buyer, "x", vec![]).await;
        assert_eq!(res.status(), 422);
        let res = app.post_json(&buyer, "sync_push", json!({"client": "client-gaps-0001", "changes": [{"id": 20, "change": {"kind": "checkout"}}]})).await;
        assert_eq!(res.status(), 400);
        assert!(!res.text().await.unwrap().contains("::"));
    })
    .await;
}

#[tokio::test]
async fn refused_changes_are_reported_once_and_not_retried() {
    on_each_database(|app| async move {
        let (gone, _) = ProductBuilder::new("Vanished Vase").build(&app).await;
        let (_, sold_out) = ProductBuilder::new("Sold Sofa").build(&app).await;
        let (kept, _) = ProductBuilder::new("Kept Kettle").build(&app).await;
        sqlx::query("UPDATE products SET status = 'hidden' WHERE id = $1")
            .bind(gone)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE variants SET stock = 0 WHERE id = $1")
            .bind(sold_out)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (buyer, _) = quick_buyer(&app).await;
        let state = push_ok(
            &app,
            &buyer,
            "client-refusals",
            vec![
                wish(1, gone, true),
                add(2, sold_out, 1),
                json!({"id": 3, "change": {"kind": "rename_list", "list": 999999, "name": "Gone"}}),
                wish(4, kept, true),
            ],
        )
        .await;
        assert_eq!(
            outcomes(&state),
            ["refused", "refused", "refused", "applied"]
        );
        let results = state["results"].as_array().unwrap();
        assert_eq!(results[0]["message"], "We couldn't find that product.");
        assert_eq!(results[1]["message"], "“Sold Sofa” is sold out.");
        assert_eq!(results[2]["message"], "We couldn't find that wishlist.");
        assert_eq!(state["last_mutation_id"], 4);
        assert_eq!(state["wished"], json!([kept]));
        // Sent again, the refused ones are skipped like the rest.
        let again = push_ok(&app, &buyer, "client-refusals", vec![wish(1, gone, true)]).await;
        assert_eq!(outcomes(&again), ["skipped"]);
    })
    .await;
}

#[tokio::test]
async fn lists_are_created_renamed_and_moved_between() {
    on_each_database(|app| async move {
        let (product, _) = ProductBuilder::new("Listed Lamp").build(&app).await;
        let (buyer, _) = quick_buyer(&app).await;
        let state = push_ok(&app, &buyer, "client-lists-01", vec![
            wish(1, product, true),
            json!({"id": 2, "change": {"kind": "create_list", "name": "Cabin"}}),
        ]).await;
        let lists = state["lists"].as_array().unwrap();
        assert_eq!(lists.len(), 2);
        let default = lists[0]["id"].as_i64().unwrap();
        let cabin = lists[1]["id"].as_i64().unwrap();
        let state = push_ok(&app, &buyer, "client-lists-01", vec![
            json!({"id": 3, "change": {"kind": "rename_list", "list": cabin, "name": "<b>Cabin</b> & co"}}),
            json!({"id": 4, "change": {"kind": "move_wished", "product": product, "from": default, "to": cabin}}),
        ]).await;
        assert_eq!(outcomes(&state), ["applied", "applied"]);
        assert_eq!(state["lists"][1]["name"], "<b>Cabin</b> & co");
        assert_eq!(state["lists"][1]["item_count"], 1);
        assert_eq!(state["lists"][0]["item_count"], 0);
    })
    .await;
}

#[tokio::test]
async fn concurrent_batches_from_one_client_apply_each_change_once() {
    on_each_database(|app| async move {
        let (_, variant) = ProductBuilder::new("Raced Raft")
            .stock(5000)
            .build(&app)
            .await;
        let (buyer, account) = quick_buyer(&app).await;
        // Two tabs (and a retry) send the same 50 changes at the same time, eight times over.
        let batch: Vec<Value> = (1..=50).map(|i| add(i, variant, 1)).collect();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let app_addr = app.addr.clone();
            let buyer = buyer.clone();
            let batch = batch.clone();
            tasks.push(tokio::spawn(async move {
                buyer
                    .post(format!("{app_addr}/api/sync_push"))
                    .header("Origin", &app_addr)
                    .json(&json!({"client": "client-raced-01", "changes": batch}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 200);
        }
        let state = push_ok(&app, &buyer, "client-raced-01", vec![]).await;
        assert_eq!(state["last_mutation_id"], 50);
        assert_eq!(
            cart_quantity(&app, account, variant).await,
            50,
            "each of the 50 changes once on {}",
            app.db_name
        );
    })
    .await;
}

#[tokio::test]
async fn a_client_id_belongs_to_the_account_that_used_it_first() {
    on_each_database(|app| async move {
        let (product, variant) = ProductBuilder::new("Tenant Teapot")
            .stock(10)
            .build(&app)
            .await;
        let (alice, alice_id) = quick_buyer(&app).await;
        let (mallory, mallory_id) = quick_buyer(&app).await;
        push_ok(
            &app,
            &alice,
            "client-alice-01",
            vec![wish(1, product, true)],
        )
        .await;
        // Mallory sends changes under Alice's client id: not found, nothing applied to
        // either account, and Alice's last applied id does not move.
        let res = push(
            &app,
            &mallory,
            "client-alice-01",
            vec![add(2, variant, 3), wish(7, product, false)],
        )
        .await;
        assert_eq!(res.status(), 404);
        assert_eq!(cart_quantity(&app, mallory_id, variant).await, 0);
        assert_eq!(cart_quantity(&app, alice_id, variant).await, 0);
        let state = push_ok(&app, &alice, "client-alice-01", vec![]).await;
        assert_eq!(state["last_mutation_id"], 1);
        assert_eq!(state["wished"], json!([product]));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM sync_clients WHERE client_id = 'client-alice-01'")
                .await,
            1
        );
        // A guest cannot replay a queue at all.
        let res = push(
            &app,
            &client(),
            "client-guest-01",
            vec![wish(1, product, true)],
        )
        .await;
        assert_eq!(res.status(), 401);
    })
    .await;
}

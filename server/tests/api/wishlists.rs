//! Wishlists, and a buyer's private things staying private.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn hearts_lists_moves_sharing_and_notices() {
    on_each_database(|app| async move {
        let (product, variant) = ProductBuilder::new("Wished Whistle").price(2000).build(&app).await;
        let (other, _) = ProductBuilder::new("Restocked Rug").stock(0).build(&app).await;
        sqlx::query("UPDATE variants SET stock = 0 WHERE product_id = $1")
            .bind(other)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let (buyer, _) = quick_buyer(&app).await;
        // A guest's heart needs a sign-in.
        let res = app.post(&client(), "set_wished", &[("product", &product.to_string()), ("on", "true")]).await;
        assert_eq!(res.status(), 401);

        let res = app.post(&buyer, "set_wished", &[("product", &product.to_string()), ("on", "true")]).await;
        assert_eq!(res.status(), 200, "on {}", app.db_name);
        assert_eq!(res.json::<Value>().await.unwrap(), json!([product]));
        let lists: Value = app.get(&buyer, "/api/wishlists").await.json().await.unwrap();
        assert_eq!(lists[0]["is_default"], true);
        assert_eq!(lists[0]["item_count"], 1);
        let default = lists[0]["id"].as_i64().unwrap();

        let res = app.post(&buyer, "create_wishlist", &[("name", "Birthday ideas")]).await;
        assert_eq!(res.status(), 200);
        let birthday = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let res = app.post(&buyer, "move_wished", &[("product", &product.to_string()), ("from", &default.to_string()), ("to", &birthday.to_string())]).await;
        assert_eq!(res.status(), 200);
        let list: Value = app.get(&buyer, &format!("/api/wishlist?id={birthday}")).await.json().await.unwrap();
        assert_eq!(card_titles(&json!({"cards": list["items"].as_array().unwrap().iter().map(|i| i["card"].clone()).collect::<Vec<_>>()})), ["Wished Whistle"]);

        let res = app.post(&buyer, "rename_wishlist", &[("id", &birthday.to_string()), ("name", "Gifts")]).await;
        assert_eq!(res.json::<Value>().await.unwrap()["name"], "Gifts");
        let res = app.post(&buyer, "delete_wishlist", &[("id", &default.to_string())]).await;
        assert_eq!(res.status(), 422, "the default list stays");

        // Sharing gives a read-only link anyone can open; unsharing closes it.
        let res = app.post(&buyer, "share_wishlist", &[("id", &birthday.to_string()), ("on", "true")]).await;
        let token = res.json::<Value>().await.unwrap()["share_token"].as_str().unwrap().to_owned();
        let shared: Value = app.get(&client(), &format!("/api/shared_wishlist?token={token}")).await.json().await.unwrap();
        assert_eq!(shared["read_only"], true);
        assert_eq!(shared["owner_name"], "Quick Buyer");
        assert_eq!(shared["items"].as_array().unwrap().len(), 1);
        app.post(&buyer, "share_wishlist", &[("id", &birthday.to_string()), ("on", "false")]).await;
        let res = app.get(&client(), &format!("/api/shared_wishlist?token={token}")).await;
        assert_eq!(res.status(), 404);

        // A price drop and a restock show up as notices.
        sqlx::query("INSERT INTO wishlist_items (wishlist_id, product_id, added_at, price_seen_minor, stock_seen) VALUES ($1, $2, 0, 1999, 0)")
            .bind(default)
            .bind(other)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let notices: Value = app.get(&buyer, "/api/wish_notices").await.json().await.unwrap();
        assert_eq!(notices, json!([]), "nothing changed yet");
        sqlx::query("UPDATE variants SET price_minor = 1500 WHERE id = $1").bind(variant).execute(&app.state.db.pool).await.unwrap();
        sqlx::query("UPDATE variants SET stock = 3 WHERE product_id = $1").bind(other).execute(&app.state.db.pool).await.unwrap();
        let notices: Value = app.get(&buyer, "/api/wish_notices").await.json().await.unwrap();
        let kinds: Vec<String> = notices.as_array().unwrap().iter().map(|n| n.as_object().unwrap().keys().next().unwrap().clone()).collect();
        assert!(kinds.contains(&"PriceDrop".to_owned()) && kinds.contains(&"BackInStock".to_owned()), "{notices}");

        let res = app.post(&buyer, "set_wished", &[("product", &product.to_string()), ("on", "false")]).await;
        assert_eq!(res.json::<Value>().await.unwrap(), json!([other]), "unhearted everywhere");
    })
    .await;
}

#[tokio::test]
async fn a_buyer_cannot_read_or_change_another_buyers_orders_cart_addresses_cards_or_lists() {
    on_each_database(|app| async move {
        let (product, variant) = ProductBuilder::new("Private Parcel").build(&app).await;
        let (alice, alice_id) = quick_buyer(&app).await;
        let (mallory, mallory_id) = quick_buyer(&app).await;
        let address = address_for(&app, alice_id).await;
        let token = app.card_token(&alice, "4242424242424242").await;
        let cart = app.add_to_cart(&alice, variant, 1).await;
        let placed: Value = app.place_order(&alice, "alice-key-1", address, &token, seen_lines(&cart)).await.json().await.unwrap();
        let order = placed["orders"][0].as_i64().unwrap().to_string();
        app.add_to_cart(&alice, variant, 2).await;
        app.post(&alice, "set_wished", &[("product", &product.to_string()), ("on", "true")]).await;
        let lists: Value = app.get(&alice, "/api/wishlists").await.json().await.unwrap();
        let list = lists[0]["id"].as_i64().unwrap().to_string();
        let card: Value = app.post(&alice, "add_payment_method", &[("number", "4242424242424242"), ("expiry", "12/40"), ("cvc", "123")]).await.json().await.unwrap();
        let card_id = card["id"].as_i64().unwrap();

        // Reads.
        assert_eq!(app.get(&mallory, &format!("/api/order_detail?id={order}")).await.status(), 404);
        assert_eq!(app.get(&mallory, "/api/my_orders").await.json::<Value>().await.unwrap(), json!([]));
        assert_eq!(app.cart(&mallory).await["item_count"], 0);
        assert_eq!(app.get(&mallory, "/api/my_addresses").await.json::<Value>().await.unwrap(), json!([]));
        assert_eq!(app.get(&mallory, "/api/my_payment_methods").await.json::<Value>().await.unwrap(), json!([]));
        assert_eq!(app.get(&mallory, &format!("/api/wishlist?id={list}")).await.status(), 404);
        // Writes.
        assert_eq!(app.post(&mallory, "cancel_order", &[("id", &order), ("reason", "mistake")]).await.status(), 404);
        assert_eq!(app.post(&mallory, "delete_address", &[("id", &address.to_string())]).await.status(), 404);
        assert_eq!(app.post(&mallory, "delete_payment_method", &[("id", &card_id.to_string())]).await.status(), 404);
        assert_eq!(app.post(&mallory, "rename_wishlist", &[("id", &list), ("name", "Mine now")]).await.status(), 404);
        assert_eq!(app.post(&mallory, "share_wishlist", &[("id", &list), ("on", "true")]).await.status(), 404);
        let edit = app.post_json(&mallory, "save_address", json!({"id": address, "make_default": false, "idempotency_key": null,
            "address": {"full_name": "M", "line1": "x", "city": "y", "region": "CA", "postal_code": "94105", "country": "US"}})).await;
        assert_eq!(edit.status(), 404);
        // Ordering with Alice's address or saved card is refused.
        let cart = app.add_to_cart(&mallory, variant, 1).await;
        let res = app.place_order(&mallory, "mallory-key-1", address, &token, seen_lines(&cart)).await;
        assert_eq!(res.status(), 422, "on {}", app.db_name);
        let own = address_for(&app, mallory_id).await;
        let res = app.post_json(&mallory, "place_order", json!({"idempotency_key": "mallory-key-2", "order": {
            "address": own, "shipping": [], "payment": {"Saved": card_id}, "seen": seen_lines(&cart)}})).await;
        assert_eq!(res.status(), 422);
        // Nothing of Alice's changed.
        let detail: Value = app.get(&alice, &format!("/api/order_detail?id={order}")).await.json().await.unwrap();
        assert_eq!(detail["status"], "Placed");
        assert_eq!(app.cart(&alice).await["item_count"], 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM wishlists WHERE name = 'Mine now' OR share_token IS NOT NULL").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM addresses WHERE full_name = 'M'").await, 0);
        // Guests are asked to sign in.
        for path in ["/api/my_orders", "/api/my_addresses", "/api/checkout", "/api/wishlists"] {
            assert_eq!(app.get(&client(), path).await.status(), 401, "{path}");
        }
    })
    .await;
}

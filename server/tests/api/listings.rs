//! The seller's listings: uploads, the product form with a variant matrix, edits,
//! validation that changes nothing, bulk actions, and other callers refused.

mod import;
mod inventory;

use crate::helpers::*;
use serde_json::{Value, json};
use server::storage::Row;

async fn category(app: &TestApp) -> i64 {
    sqlx::query("INSERT INTO categories (slug, name) VALUES ('lamps', 'Lamps') RETURNING id")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

fn variant(size: &str, color: &str, sku: &str, price: &str, stock: &str) -> Value {
    json!({"id": null, "size": size, "color": color, "sku": sku, "price": price, "compare_at": "", "stock": stock})
}

async fn save(app: &TestApp, who: &reqwest::Client, id: i64, draft: &Value) -> (u16, Value) {
    let res = app
        .post_json(
            who,
            "console/save_product",
            json!({"id": id, "draft": draft}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn search_titles(app: &TestApp, q: &str) -> Vec<String> {
    let res = app
        .get(&client(), &format!("/api/search_products?params[q]={q}"))
        .await;
    card_titles(&res.json().await.unwrap())
}

#[tokio::test]
async fn a_seller_lists_a_product_with_two_images_and_a_two_by_two_matrix() {
    on_each_database(|app| async move {
        let (seller_client, _) = verified_seller(&app).await;
        let category = category(&app).await;

        // Uploads: two photos; too small and not an image are refused in words.
        let (status, first) = upload(&app, &seller_client, png(400, 10)).await;
        assert_eq!(status, 201, "{first}");
        let first: Value = serde_json::from_str(&first).unwrap();
        let (_, second) = upload(&app, &seller_client, png(300, 200)).await;
        let second: Value = serde_json::from_str(&second).unwrap();
        let (status, message) = upload(&app, &seller_client, png(50, 1)).await;
        assert_eq!(status, 422);
        assert!(message.contains("at least 200"), "{message}");
        let (status, message) = upload(&app, &seller_client, b"not an image".to_vec()).await;
        assert_eq!(status, 422);
        assert!(message.contains("JPEG, PNG or WebP"), "{message}");

        let mut draft = json!({
            "title": "Zephyr Desk Lamp",
            "description": "A lamp.\n\nWith two paragraphs.",
            "category": category,
            "tags": "lamp, desk",
            "images": [first["key"], second["key"]],
            "video_url": "",
            "shipping": "4.50",
            "handling_days": "2",
            "status": "Active",
            "variants": [
                variant("S", "Red", "ZEP-S-RED", "30.00", "5"),
                variant("S", "Blue", "ZEP-S-BLU", "30.00", "5"),
                variant("L", "Red", "ZEP-L-RED", "42.00", "3"),
                variant("L", "Blue", "ZEP-L-BLU", "42.00", "0"),
            ],
        });
        let (status, saved) = save(&app, &seller_client, 0, &draft).await;
        assert_eq!(status, 200, "{saved} on {}", app.db_name);
        let id = saved["id"].as_i64().unwrap();
        assert_eq!(saved["draft"]["variants"].as_array().unwrap().len(), 4);
        assert_eq!(saved["draft"]["images"], json!([first["key"], second["key"]]));
        assert_eq!(search_titles(&app, "zephyr").await, ["Zephyr Desk Lamp"]);
        let csv = app.get(&seller_client, "/sell/products.csv").await.text().await.unwrap();
        let rows: Vec<&str> = csv.lines().filter(|l| l.contains("Zephyr Desk Lamp")).collect();
        assert_eq!(rows.len(), 4, "{csv}");
        assert!(rows[2].contains(",ZEP-L-RED,L,Red,42.00,,3"), "{csv}");
        assert_eq!(app.get(&client(), "/sell/products.csv").await.status(), 401);
        let detail: Value = app.get(&client(), &format!("/api/product_detail?id={id}")).await.json().await.unwrap();
        assert_eq!(detail["images"].as_array().unwrap().len(), 2, "{detail}");

        // A bad edit is refused with its field and changes nothing.
        let mut bad = saved["draft"].clone();
        bad["title"] = json!("Zephyr Lamp Renamed");
        bad["variants"][1]["price"] = json!("cheap");
        let (status, error) = save(&app, &seller_client, id, &bad).await;
        assert_eq!(status, 422);
        assert_eq!(error["Validation"]["field"], "variants.1.price", "{error}");
        assert_eq!(search_titles(&app, "zephyr").await, ["Zephyr Desk Lamp"]);

        // An edit keeps variant ids, drops a removed variant and reorders images.
        draft = saved["draft"].clone();
        draft["title"] = json!("Zephyr Lamp");
        draft["images"] = json!([second["key"], first["key"]]);
        let kept_id = draft["variants"][0]["id"].clone();
        draft["variants"].as_array_mut().unwrap().remove(3);
        draft["variants"][0]["price"] = json!("28.00");
        let (status, edited) = save(&app, &seller_client, id, &draft).await;
        assert_eq!(status, 200, "{edited}");
        assert_eq!(edited["draft"]["variants"].as_array().unwrap().len(), 3);
        assert_eq!(edited["draft"]["variants"][0]["id"], kept_id);
        assert_eq!(edited["draft"]["variants"][0]["price"], "28.00");
        assert_eq!(edited["draft"]["images"][0], second["key"]);

        // The list finds it by SKU; bulk price +10 %, hide, delete.
        let list: Value = app
            .get(&seller_client, "/api/console/products?filter[q]=zep-l&filter[status]=&filter[category]=0&filter[stock]=&filter[sort]=")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["rows"].as_array().unwrap().len(), 1, "{list}");
        assert_eq!(list["rows"][0]["stock"], 13);
        let bulk = |action: Value| {
            let app = &app;
            let seller_client = &seller_client;
            async move {
                let res = app.post_json(seller_client, "console/bulk_products", json!({"ids": [id], "action": action})).await;
                (res.status().as_u16(), res.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        assert_eq!(bulk(json!({"PricePercent": 10})).await, (200, json!(1)));
        assert_eq!(app.count(&format!("SELECT MIN(price_minor) FROM variants WHERE product_id = {id}")).await, 3080);
        assert_eq!(bulk(json!({"PricePercent": 0})).await.0, 422);
        assert_eq!(bulk(json!("Hide")).await, (200, json!(1)));
        assert!(search_titles(&app, "zephyr").await.is_empty());
        assert_eq!(bulk(json!("Activate")).await, (200, json!(1)));
        assert_eq!(search_titles(&app, "zephyr").await, ["Zephyr Lamp"]);
        assert_eq!(bulk(json!("Delete")).await, (200, json!(1)));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM products WHERE id = {id}")).await, 0);
    })
    .await;
}

#[tokio::test]
async fn listing_functions_refuse_other_sellers_buyers_and_guests() {
    on_each_database(|app| async move {
        let (owner, store) = verified_seller(&app).await;
        let (product, _) = ProductBuilder::new("Guarded Lamp")
            .in_store(store)
            .build(&app)
            .await;
        let (other, _) = verified_seller(&app).await;
        let buyer = app.signed_in_as("buyer").await;
        let guest = client();
        let form: Value = app
            .get(&owner, &format!("/api/console/product?id={product}"))
            .await
            .json()
            .await
            .unwrap();
        let mut draft = form["draft"].clone();
        // Valid as a hidden product (it has no image yet).
        draft["status"] = json!("Hidden");
        let before = app
            .count(&format!(
                "SELECT updated_at FROM products WHERE id = {product}"
            ))
            .await;
        for (who, name, expected) in [
            (&other, "another seller", 404u16),
            (&buyer, "a buyer", 403),
            (&guest, "a guest", 401),
        ] {
            let status = app
                .get(who, &format!("/api/console/product?id={product}"))
                .await
                .status()
                .as_u16();
            assert_eq!(status, expected, "read as {name}");
            let (status, _) = save(&app, who, product, &draft).await;
            assert_eq!(status, expected, "save as {name} on {}", app.db_name);
            let res = app
                .post_json(
                    who,
                    "console/bulk_products",
                    json!({"ids": [product], "action": "Delete"}),
                )
                .await;
            if expected == 404 {
                // Scoped to the caller's store: nothing of another store changes.
                assert_eq!(res.json::<Value>().await.unwrap(), json!(0));
            } else {
                assert_eq!(res.status().as_u16(), expected, "bulk as {name}");
            }
            let (status, _) = upload(&app, who, png(300, 3)).await;
            assert_eq!(
                status,
                if expected == 404 { 201 } else { expected },
                "upload as {name}"
            );
        }
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM products WHERE id = {product}"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(&format!(
                "SELECT updated_at FROM products WHERE id = {product}"
            ))
            .await,
            before
        );
        // An image uploaded by another store cannot be attached.
        let (_, foreign) = upload(&app, &other, png(320, 77)).await;
        let foreign: Value = serde_json::from_str(&foreign).unwrap();
        let mut stolen = draft.clone();
        stolen["images"] = json!([foreign["key"]]);
        let (status, error) = save(&app, &owner, product, &stolen).await;
        assert_eq!(status, 422, "{error}");
        assert_eq!(error["Validation"]["field"], "images");
    })
    .await;
}

#[tokio::test]
async fn inventory_shows_sales_and_cover_and_stock_is_edited_in_place() {
    on_each_database(|app| async move {
        let (owner, store) = verified_seller(&app).await;
        let (_, variant) = ProductBuilder::new("Cover Mug")
            .stock(20)
            .in_store(store)
            .build(&app)
            .await;
        let (buyer, buyer_id) = quick_buyer(&app).await;
        let address = address_for(&app, buyer_id).await;
        let token = app.card_token(&buyer, "4242424242424242").await;
        let cart = app.add_to_cart(&buyer, variant, 4).await;
        let res = app
            .place_order(
                &buyer,
                "inventory-order",
                address,
                &token,
                seen_lines(&cart),
            )
            .await;
        assert_eq!(res.status(), 200);
        let rows: Value = app
            .get(&owner, "/api/console/inventory")
            .await
            .json()
            .await
            .unwrap();
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["variant"] == variant)
            .unwrap()
            .clone();
        assert_eq!(row["stock"], 16);
        assert_eq!(row["sold_30d"], 4);
        // 16 units at 4 a month last 120 days.
        assert_eq!(row["days_of_cover"], 120);

        let set = |who: &reqwest::Client, stock: &str| {
            let app = &app;
            let who = who.clone();
            let stock = stock.to_owned();
            async move {
                app.post(
                    &who,
                    "console/set_stock",
                    &[("variant", &variant.to_string()), ("stock", &stock)],
                )
                .await
            }
        };
        let res = set(&owner, "40").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["stock"], 40);
        assert_eq!(set(&owner, "-1").await.status(), 422);
        let (other, _) = verified_seller(&app).await;
        assert_eq!(set(&other, "0").await.status(), 404);
        assert_eq!(set(&buyer, "0").await.status(), 403);
        assert_eq!(set(&client(), "0").await.status(), 401);
        assert_eq!(
            app.count(&format!("SELECT stock FROM variants WHERE id = {variant}"))
                .await,
            40
        );
    })
    .await;
}

//! Catalogue CSV import: a file with any problem imports nothing and reports every
//! problem with its line and column; a good file creates and updates products in one
//! go; an exported catalogue imports back unchanged; progress is reported while it
//! runs; other callers are refused.

use crate::helpers::*;
use serde_json::Value;

const HEADER: &str = "product_id,title,status,category,tags,shipping,handling_days,sku,size,color,price,compare_at,stock\n";

async fn start(app: &TestApp, who: &reqwest::Client, csv: &str) -> (u16, String) {
    let res = who
        .post(format!("{}/sell/products/import", app.addr))
        .header("Origin", &app.addr)
        .header("Content-Type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Starts an import and follows it until it finishes: the finished operation and
/// every `done` count seen on the way.
async fn import(app: &TestApp, who: &reqwest::Client, csv: &str) -> (Value, Vec<i64>) {
    let (status, body) = start(app, who, csv).await;
    assert_eq!(status, 202, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["operation"]
        .as_i64()
        .unwrap();
    let mut seen = Vec::new();
    for _ in 0..600 {
        let op: Value = app
            .get(who, &format!("/api/console/operation?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        seen.push(op["done"].as_i64().unwrap());
        if op["state"] == "done" || op["state"] == "failed" {
            return (op, seen);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the import never finished");
}

async fn kitchen(app: &TestApp) {
    sqlx::query("INSERT INTO categories (slug, name) VALUES ('kitchen', 'Kitchen')")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_file_with_problems_imports_nothing_and_names_each_line() {
    on_each_database(|app| async move {
        kitchen(&app).await;
        let (seller, _) = verified_seller(&app).await;
        let (existing, _) = ProductBuilder::new("Old Teapot").build(&app).await;
        let before = app.count("SELECT COUNT(*) FROM products").await;
        let csv = format!(
            "{HEADER},Stoneware Mug,draft,kitchen,mug;coffee,0,1,MUG-1,,Blue,12.00,,10\n\
             ,Stoneware Mug,draft,kitchen,mug;coffee,0,1,MUG-2,,Red,twelve,,10\n\
             ,Steel Pan,draft,cookware,,0,1,PAN-1,,,30.00,,3\n\
             {existing},Old Teapot,draft,kitchen,,0,1,TEA-1,,,20.00,,3\n\
             ,Glass Bowl,active,kitchen,,0,1,BOWL-1,,,9.00,12.00,4\n"
        );
        let (op, _) = import(&app, &seller, &csv).await;
        assert_eq!(op["state"], "done", "{op}");
        let report = &op["import"];
        assert_eq!(report["rows"], 5);
        assert_eq!(report["created"], 0);
        let at: Vec<(i64, String)> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["line"].as_i64().unwrap(),
                    e["column"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            at,
            [
                (3, "price".to_owned()),
                (4, "category".to_owned()),
                (5, "product_id".to_owned()),
                (6, "status".to_owned()),
            ],
            "{report}"
        );
        assert!(
            report["errors"][3]["message"]
                .as_str()
                .unwrap()
                .contains("image")
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM products").await,
            before,
            "nothing was imported"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM variants WHERE sku = 'MUG-1'")
                .await,
            0
        );

        // A file that is not a catalogue says what it lacks.
        let (op, _) = import(&app, &seller, "name,cost\nMug,3\n").await;
        assert!(
            op["import"]["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["column"] == "sku")
        );
    })
    .await;
}

#[tokio::test]
async fn a_good_file_creates_and_updates_products_and_an_export_imports_back_unchanged() {
    on_each_database(|app| async move {
        kitchen(&app).await;
        let (seller, _) = verified_seller(&app).await;
        // 120 new products of two variants each, so progress is reported on the way.
        let mut csv = String::from(HEADER);
        for i in 0..120 {
            for (color, stock) in [("Blue", 5), ("Red", 0)] {
                csv.push_str(&format!(
                    ",Mug number {i},draft,kitchen,mug;tea coffee,1.50,2,MUG{i}-{color},,{color},12.{:02},,{stock}\n",
                    i % 100
                ));
            }
        }
        let (op, seen) = import(&app, &seller, &csv).await;
        let report = &op["import"];
        assert_eq!(report["errors"], serde_json::json!([]), "{report}");
        assert_eq!(
            (report["rows"].as_i64(), report["created"].as_i64(), report["variants"].as_i64()),
            (Some(240), Some(120), Some(240))
        );
        assert_eq!(op["total"], 240);
        assert_eq!(seen.last(), Some(&240));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress only grows: {seen:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM products WHERE title LIKE 'Mug number %' AND status = 'draft'").await,
            120
        );
        assert_eq!(app.count("SELECT price_minor FROM variants WHERE sku = 'MUG7-RED'").await, 1207);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM products WHERE tags = 'mug tea-coffee'").await,
            120,
            "tags with spaces keep together"
        );

        // The export imports back to the same catalogue, updating every product.
        let exported = app.get(&seller, "/sell/products.csv").await.text().await.unwrap();
        let snapshot = "SELECT COUNT(*) FROM variants v JOIN products p ON p.id = v.product_id
                        WHERE p.title LIKE 'Mug number %' AND v.stock IN (0, 5) AND v.price_minor >= 1200";
        let variant_ids = app.count("SELECT CAST(SUM(id) AS BIGINT) FROM variants").await;
        let (op, _) = import(&app, &seller, &exported).await;
        assert_eq!(op["import"]["updated"], 120, "{op}");
        assert_eq!(op["import"]["created"], 0);
        assert_eq!(app.count(snapshot).await, 240);
        assert_eq!(app.count("SELECT CAST(SUM(id) AS BIGINT) FROM variants").await, variant_ids, "variants keep their ids");
        assert_eq!(app.get(&seller, "/sell/products.csv").await.text().await.unwrap(), exported);

        // An edited export changes prices and stock, adds a variant and removes one.
        let mut lines: Vec<String> = exported.lines().map(str::to_owned).collect();
        let first = lines[1].clone();
        let id = first.split(',').next().unwrap().to_owned();
        lines[1] = first.replace(",12.00,,5", ",14.00,,9");
        lines.retain(|l| !l.contains("MUG0-RED"));
        lines.push(first.replace("MUG0-BLUE", "MUG0-GREEN").replace(",Blue,", ",Green,"));
        let (op, _) = import(&app, &seller, &(lines.join("\n") + "\n")).await;
        assert_eq!(op["import"]["errors"], serde_json::json!([]), "{op}");
        assert_eq!(app.count("SELECT price_minor FROM variants WHERE sku = 'MUG0-BLUE'").await, 1400);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM variants WHERE product_id = {id}")).await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM variants WHERE sku = 'MUG0-RED'").await, 0);
    })
    .await;
}

#[tokio::test]
async fn only_the_seller_imports_into_their_own_store() {
    on_each_database(|app| async move {
        kitchen(&app).await;
        let (seller, _) = verified_seller(&app).await;
        let csv = format!("{HEADER},Stoneware Mug,draft,kitchen,,0,1,MUG-1,,,12.00,,10\n");
        assert_eq!(start(&app, &client(), &csv).await.0, 401);
        let (buyer, _) = quick_buyer(&app).await;
        assert_eq!(start(&app, &buyer, &csv).await.0, 403);
        // Another store cannot update this store's products or read its operations.
        let (product, _) = ProductBuilder::new("Their Teapot").build(&app).await;
        let (op, _) = import(
            &app,
            &seller,
            &format!("{HEADER}{product},Mine Now,draft,kitchen,,0,1,TEA-1,,,20.00,,3\n"),
        )
        .await;
        assert_eq!(op["import"]["errors"][0]["column"], "product_id", "{op}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM products WHERE title = 'Mine Now'")
                .await,
            0
        );
        let id = op["id"].as_i64().unwrap();
        let other = app.signed_in_as("seller").await;
        assert_eq!(
            app.get(&other, &format!("/api/console/operation?id={id}"))
                .await
                .status(),
            404
        );
        assert_eq!(
            app.get(&buyer, &format!("/api/console/operation?id={id}"))
                .await
                .status(),
            403
        );
    })
    .await;
}

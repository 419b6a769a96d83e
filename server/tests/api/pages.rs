//! Server-rendered pages and plain routes.

use crate::helpers::{ProductBuilder, client, on_each_database};

#[tokio::test]
async fn the_home_page_lists_products_in_stock_as_article_cards() {
    on_each_database(|app| async move {
        let (shown, _) = ProductBuilder::new("Speckled Stoneware Mug")
            .build(&app)
            .await;
        ProductBuilder::new("Sold Out Lamp")
            .stock(0)
            .build(&app)
            .await;
        let res = app.get(&client(), "/").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("<article class=\"card\""), "no product card");
        assert!(html.contains("Speckled Stoneware Mug"));
        assert!(html.contains(&format!("/p/{shown}/fixture")));
        assert!(
            !html.contains("Sold Out Lamp"),
            "out-of-stock products are not shown"
        );
        assert!(html.contains("$19.99"));
    })
    .await;
}

#[tokio::test]
async fn a_product_page_shows_the_product_and_an_unknown_one_is_404() {
    on_each_database(|app| async move {
        let (id, _) = ProductBuilder::new("Linen Shirt").build(&app).await;
        let res = app.get(&client(), &format!("/p/{id}/fixture")).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("<h1 class=\"product-title\">Linen Shirt</h1>"),
            "{html}"
        );
        assert!(html.contains("Fixture Store"));
        let missing = app.get(&client(), "/p/999999/nothing").await;
        assert_eq!(missing.status(), 404);
        let unknown = app.get(&client(), "/no/such/page").await;
        assert_eq!(unknown.status(), 404);
        // A page's address with a trailing slash is the page (or its sign-in), never 500.
        for path in ["/orders/", "/help/", "/wishlist/", "/cart/", "/search/"] {
            let res = app.get(&client(), path).await;
            assert!(res.status().as_u16() < 500, "{path}: {}", res.status());
        }
    })
    .await;
}

#[tokio::test]
async fn the_seller_console_is_for_sellers_only() {
    on_each_database(|app| async move {
        assert_eq!(app.get(&client(), "/sell").await.status(), 401);
        let buyer = app.signed_in_as("buyer").await;
        let res = app.get(&buyer, "/sell").await;
        assert_eq!(res.status(), 403);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("This area is for sellers")
        );
        let seller = app.signed_in_as("seller").await;
        let res = app.get(&seller, "/sell").await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        for section in [
            "Dashboard",
            "Products",
            "Orders",
            "Customer service",
            "Promotions",
            "Boost",
            "Payments",
            "Performance",
        ] {
            assert!(html.contains(section), "console nav lacks {section}");
        }
        assert_eq!(app.get(&buyer, "/admin").await.status(), 403);
        assert_eq!(
            app.get(&app.signed_in_as("admin").await, "/admin")
                .await
                .status(),
            200
        );
    })
    .await;
}

#[tokio::test]
async fn health_reports_the_database() {
    on_each_database(|app| async move {
        let res = app.get(&client(), "/healthz").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "ok");
        app.state.db.pool.close().await;
        assert_eq!(app.get(&client(), "/healthz").await.status(), 503);
    })
    .await;
}

#[tokio::test]
async fn images_are_served_as_webp_with_long_cache_headers() {
    on_each_database(|app| async move {
        let img = image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            900,
            600,
            image::Rgba([200, 40, 60, 255]),
        ));
        let processed = server::images::process(&img).unwrap();
        assert_eq!(
            processed.files.iter().map(|(w, _)| *w).collect::<Vec<_>>(),
            vec![200, 400, 800]
        );
        for (width, bytes) in processed.files {
            app.state
                .images
                .put(&processed.key, width, bytes)
                .await
                .unwrap();
        }
        let res = app
            .get(&client(), &format!("/img/{}/400.webp", processed.key))
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/webp");
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age=31536000")
        );
        let bytes = res.bytes().await.unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (400, 266));
        assert_eq!(
            app.get(&client(), &format!("/img/{}/333.webp", processed.key))
                .await
                .status(),
            404
        );
        assert_eq!(
            app.get(&client(), "/img/..%2F..%2Fetc/200.webp")
                .await
                .status(),
            404
        );
    })
    .await;
}

#[tokio::test]
async fn the_chosen_variant_comes_from_the_url() {
    on_each_database(|app| async move {
        let (id, first) = ProductBuilder::new("Tee").build(&app).await;
        let second: i64 = sqlx::query_scalar(
            "INSERT INTO variants (product_id, sku, size, color, price_minor, stock) VALUES ($1, 'TEE-XL', 'XL', 'Red', 2599, 4) RETURNING id",
        )
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        let html = app.get(&client(), &format!("/p/{id}/fixture?variant={second}")).await.text().await.unwrap();
        assert!(html.contains("<span class=\"sku\">TEE-XL</span>"), "the URL's variant is shown");
        assert!(html.contains("$25.99"));
        assert!(html.contains("Only 4 left"));
        let html = app.get(&client(), &format!("/p/{id}/fixture")).await.text().await.unwrap();
        assert!(html.contains(&format!("<span class=\"sku\">FIX-{id}</span>")), "without one, the first in stock ({first})");
        assert!(html.contains("arrives "), "a delivery estimate is shown");
    })
    .await;
}

#[tokio::test]
async fn storefront_pages_load_the_buyer_bundle_and_console_pages_their_own() {
    on_each_database(|app| async move {
        let (seller, _) = crate::helpers::verified_seller(&app).await;
        for (who, path) in [
            (client(), "/"),
            (client(), "/search?q=mug"),
            (seller.clone(), "/cart"),
        ] {
            let html = app.get(&who, path).await.text().await.unwrap();
            assert!(html.contains("/pkg/marketplace.js"), "{path}: {html}");
            assert!(!html.contains("/pkg/console.js"), "{path}");
        }
        for (who, path) in [
            (seller.clone(), "/sell"),
            (seller.clone(), "/sell/orders"),
            (seller.clone(), "/sell/products/new"),
            (client(), "/admin"),
        ] {
            let html = app.get(&who, path).await.text().await.unwrap();
            assert!(
                html.contains("import('/pkg/console.js')")
                    && html.contains("href=\"/pkg/console.wasm\""),
                "{path}: {html}"
            );
            assert!(!html.contains("marketplace.js"), "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn robots_and_the_sitemap_point_at_listed_products_stores_and_categories() {
    on_each_database(|app| async move {
        let (listed, _) = ProductBuilder::new("Listed Teapot").build(&app).await;
        let (draft, _) = ProductBuilder::new("Draft Teapot").build(&app).await;
        sqlx::query("UPDATE products SET status = 'draft' WHERE id = $1")
            .bind(draft)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let store_slug = |product: i64| {
            let app = &app;
            async move {
                use sqlx::Row;
                sqlx::query("SELECT s.slug FROM stores s JOIN products p ON p.store_id = s.id WHERE p.id = $1")
                    .bind(product)
                    .fetch_one(&app.state.db.pool)
                    .await
                    .unwrap()
                    .try_get::<String, _>(0)
                    .unwrap()
            }
        };
        let listed_store = store_slug(listed).await;

        let robots = app.get(&client(), "/robots.txt").await;
        assert_eq!(robots.status(), 200);
        let robots = robots.text().await.unwrap();
        assert!(robots.contains("Disallow: /sell\n"), "{robots}");
        assert!(robots.contains("Disallow: /checkout\n"), "{robots}");
        assert!(robots.contains("Sitemap: http") && robots.contains("/sitemap.xml"), "{robots}");

        let index = app.get(&client(), "/sitemap.xml").await;
        assert_eq!(index.status(), 200);
        assert!(index.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
        let index = index.text().await.unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("/sitemaps/pages.xml</loc>"), "{index}");
        assert!(index.contains("/sitemaps/products-1.xml</loc>"), "{index}");
        assert!(!index.contains("products-2.xml"), "{index}");

        let products = app.get(&client(), "/sitemaps/products-1.xml").await.text().await.unwrap();
        assert!(products.contains(&format!("/p/{listed}/fixture</loc><lastmod>")), "{products}");
        assert!(!products.contains(&format!("/p/{draft}/")), "a draft is not listed: {products}");
        let pages = app.get(&client(), "/sitemaps/pages.xml").await.text().await.unwrap();
        assert!(pages.contains(&format!("/s/{listed_store}</loc>")), "{pages}");
        assert!(pages.contains("/c/cat-"), "{pages}");

        for missing in ["/sitemaps/products-2.xml", "/sitemaps/products-0.xml", "/sitemaps/other.xml", "/sitemaps/products-x.xml"] {
            assert_eq!(app.get(&client(), missing).await.status(), 404, "{missing}");
        }
    })
    .await;
}

//! `spawn_app()`: the server on port 0 with a fresh database and a settable clock.

use chrono::{TimeZone, Utc};
use reqwest::redirect::Policy;
use server::clock::ManualClock;
use server::config::Config;
use server::{AppState, storage::Row};
use std::future::Future;
use std::sync::Arc;

pub struct TestApp {
    pub addr: String,
    pub clock: ManualClock,
    pub state: AppState,
    pub db_name: &'static str,
    _dir: TempDir,
}

/// A scratch directory removed at drop.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique() -> String {
    use rand::Rng;
    format!("{:016x}", rand::thread_rng().r#gen::<u64>())
}

/// Runs `test` once on SQLite, and again on PostgreSQL when `TEST_POSTGRES_URL` is set.
pub async fn on_each_database<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    test(spawn_app(None).await).await;
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let app = spawn_app(Some(url.clone())).await;
            let database = app.state.config.database_url.clone();
            test(app).await;
            drop_postgres(&url, &database).await;
        }
        _ => eprintln!("PostgreSQL: SKIPPED (TEST_POSTGRES_URL is not set)"),
    }
}

/// A fresh database on the PostgreSQL server of `admin_url`.
async fn fresh_postgres(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("mp_test_{}", unique());
    let pool = sqlx::AnyPool::connect(admin_url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("create test database");
    pool.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_POSTGRES_URL has a database name");
    let query = admin_url
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{base}/{name}{query}")
}

/// Drops a test database once its test is over.
async fn drop_postgres(admin_url: &str, database_url: &str) {
    let path = database_url.split('?').next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    if let Ok(pool) = sqlx::AnyPool::connect(admin_url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&pool)
            .await;
    }
}

pub async fn spawn_app(postgres: Option<String>) -> TestApp {
    // `TEST_LOG=1` shows the server's logs (internal errors with their cause).
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    }
    let dir = std::env::temp_dir().join(format!("marketplace-test-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let (database_url, db_name) = match postgres {
        Some(admin) => (fresh_postgres(&admin).await, "postgres"),
        None => (format!("sqlite://{}/test.db", dir.display()), "sqlite"),
    };
    let config = Config {
        database_url,
        bind_addr: "127.0.0.1:0".parse().unwrap(),
        public_url: "http://127.0.0.1".into(),
        image_dir: dir.join("images"),
        session_days: 30,
        smtp_url: None,
        mail_from: "Test <test@example.com>".into(),
        auth_limit_per_account: 10,
        auth_limit_per_ip: 30,
        trust_proxy: false,
        db_max_connections: Some(5),
        log_json: false,
        s3: None,
        money: Default::default(),
        standards: Default::default(),
    };
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap());
    let leptos = server::leptos_options(&config);
    let state = server::state(config, Arc::new(clock.clone()), leptos)
        .await
        .expect("app state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let router = server::router(state.clone());
    tokio::spawn(server::serve(listener, router, std::future::pending()));
    TestApp {
        addr,
        clock,
        state,
        db_name,
        _dir: TempDir(dir),
    }
}

/// A client that keeps cookies, like a browser, and shows redirects instead of following them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        // A request that hangs fails the test instead of stalling the suite.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

impl TestApp {
    /// Calls a mutating server function as a browser form on this site would.
    pub async fn post(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.addr))
            .header("Origin", &self.addr)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Sends `n` product events of one kind in one batch, as the browser does.
    pub async fn record_events(
        &self,
        client: &reqwest::Client,
        product: i64,
        kind: &str,
        n: usize,
    ) -> reqwest::Response {
        let events: Vec<_> = (0..n)
            .map(|_| serde_json::json!({"product": product, "kind": kind}))
            .collect();
        client
            .post(format!("{}/api/record_events", self.addr))
            .header("Origin", &self.addr)
            .json(&serde_json::json!({ "events": events }))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client
            .get(format!("{}{path}", self.addr))
            .send()
            .await
            .unwrap()
    }

    /// The signed-in viewer's email as the server sees it, or None for a guest.
    pub async fn viewer_email(&self, client: &reqwest::Client) -> Option<String> {
        let res = self.get(client, "/api/current_viewer").await;
        assert_eq!(
            res.status(),
            200,
            "current_viewer failed on {}",
            self.db_name
        );
        let body: serde_json::Value = res.json().await.unwrap();
        body.get("email")
            .and_then(|e| e.as_str())
            .map(str::to_owned)
    }

    /// Signs up and opens the mailed confirmation link, as a person does: the answer
    /// to the link (which signs the account in).
    pub async fn sign_up(&self, client: &reqwest::Client, email: &str) -> reqwest::Response {
        let res = self.sign_up_only(client, email).await;
        assert!(ok(&res), "sign_up on {}: {}", self.db_name, res.status());
        let token = self.mailed_token(email).await;
        self.post(client, "verify_email", &[("token", &token)])
            .await
    }

    /// Only the sign-up form: the account waits for its address to be confirmed.
    pub async fn sign_up_only(&self, client: &reqwest::Client, email: &str) -> reqwest::Response {
        self.post(
            client,
            "sign_up",
            &[
                ("name", "Test Person"),
                ("email", email),
                ("password", "a-long-test-password"),
            ],
        )
        .await
    }

    /// The token of the last link mailed to `to`.
    pub async fn mailed_token(&self, to: &str) -> String {
        let mail = self.last_mail(to).await;
        mail.split("token=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no link in the mail to {to}: {mail}"))
            .to_owned()
    }

    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.post(
            client,
            "sign_in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query(sql)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    /// The last mail queued to `to`: its body.
    pub async fn last_mail(&self, to: &str) -> String {
        sqlx::query("SELECT body FROM email_outbox WHERE to_email = $1 ORDER BY id DESC LIMIT 1")
            .bind(to)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    /// A signed-in client of a new account with the given role ("buyer", "seller" with a
    /// store, or "admin").
    pub async fn signed_in_as(&self, role: &str) -> reqwest::Client {
        let client = client();
        let email = format!("{role}-{}@example.com", unique());
        assert!(ok(&self.sign_up(&client, &email).await));
        match role {
            "seller" => {
                let res = self
                    .post(
                        &client,
                        "open_store",
                        &[("store_name", &format!("Store {}", unique()))],
                    )
                    .await;
                assert!(ok(&res), "open_store: {}", res.status());
            }
            "admin" => {
                sqlx::query("UPDATE accounts SET role = 'admin' WHERE email = $1")
                    .bind(&email)
                    .execute(&self.state.db.pool)
                    .await
                    .unwrap();
            }
            _ => {}
        }
        client
    }
}

/// A product with one variant in a verified store: (product id, variant id).
pub struct ProductBuilder {
    title: String,
    price_minor: i64,
    stock: i64,
    days_old: i64,
    store: Option<i64>,
}

impl ProductBuilder {
    pub fn new(title: &str) -> Self {
        Self {
            title: title.into(),
            price_minor: 1999,
            stock: 10,
            days_old: 0,
            store: None,
        }
    }

    pub fn price(mut self, minor: i64) -> Self {
        self.price_minor = minor;
        self
    }

    /// In an existing store instead of a new one.
    pub fn in_store(mut self, store: i64) -> Self {
        self.store = Some(store);
        self
    }

    pub fn days_old(mut self, days: i64) -> Self {
        self.days_old = days;
        self
    }

    pub fn stock(mut self, stock: i64) -> Self {
        self.stock = stock;
        self
    }

    pub async fn build(self, app: &TestApp) -> (i64, i64) {
        let pool = &app.state.db.pool;
        let now = app.clock.now_ms_for_tests();
        let store: i64 = match self.store {
            Some(store) => store,
            None => new_store(app).await,
        };
        let category: i64 =
            sqlx::query("INSERT INTO categories (slug, name) VALUES ($1, 'Fixtures') RETURNING id")
                .bind(format!("cat-{}", unique()))
                .fetch_one(pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
        let product: i64 = sqlx::query(
            "INSERT INTO products (store_id, category_id, slug, title, description, status, created_at, updated_at)
             VALUES ($1, $2, 'fixture', $3, 'A fixture product.', 'active', $4, $4) RETURNING id",
        )
        .bind(store)
        .bind(category)
        .bind(&self.title)
        .bind(now - self.days_old * 24 * 3600 * 1000)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        let variant: i64 = sqlx::query(
            "INSERT INTO variants (product_id, sku, price_minor, stock) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(product)
        .bind(format!("FIX-{product}"))
        .bind(self.price_minor)
        .bind(self.stock)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        (product, variant)
    }
}

/// A verified store with its owner: the store's id.
pub async fn new_store(app: &TestApp) -> i64 {
    let pool = &app.state.db.pool;
    let now = app.clock.now_ms_for_tests();
    let owner: i64 = sqlx::query(
            "INSERT INTO accounts (email, name, password_hash, role, created_at) VALUES ($1, 'Owner', '!', 'seller', $2) RETURNING id",
        )
        .bind(format!("owner-{}@example.com", unique()))
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let slug = format!("store-{}", unique());
    let store: i64 = sqlx::query(
            "INSERT INTO stores (owner_id, name, slug, status, created_at) VALUES ($1, 'Fixture Store', $2, 'verified', $3) RETURNING id",
        )
        .bind(owner)
        .bind(&slug)
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    store
}

/// Milliseconds of the test clock.
pub trait ClockMs {
    fn now_ms_for_tests(&self) -> i64;
}

impl ClockMs for ManualClock {
    fn now_ms_for_tests(&self) -> i64 {
        use server::clock::Clock;
        self.now_ms()
    }
}

/// Whether a server function call succeeded: 200 (called as the app does, with the
/// redirect in a header) or 302 (posted by a plain form without JavaScript).
pub fn ok(res: &reqwest::Response) -> bool {
    res.status() == 200 || res.status() == 302
}

/// The card titles of a page of results (`CardPage` as JSON).
pub fn card_titles(page: &serde_json::Value) -> Vec<String> {
    page["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

/// A signed-in buyer made straight in the database (no password hashing), for tests
/// that need many: their client and account id.
pub async fn quick_buyer(app: &TestApp) -> (reqwest::Client, i64) {
    let pool = &app.state.db.pool;
    let now = app.clock.now_ms_for_tests();
    let id: i64 = sqlx::query(
        "INSERT INTO accounts (email, name, password_hash, role, created_at) VALUES ($1, 'Quick Buyer', '!', 'buyer', $2) RETURNING id",
    )
    .bind(format!("buyer-{}@example.com", unique()))
    .bind(now)
    .fetch_one(pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    let (token, hash) = server::platform::new_token();
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(id)
        .bind(now)
        .bind(now + 60 * 24 * 3600 * 1000)
        .execute(pool)
        .await
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("mp_session={token}").parse().unwrap(),
    );
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    (client, id)
}

/// A US address saved for `account`: its id.
pub async fn address_for(app: &TestApp, account: i64) -> i64 {
    sqlx::query(
        "INSERT INTO addresses (account_id, full_name, line1, city, region, postal_code, country, is_default, created_at)
         VALUES ($1, 'Ada Buyer', '1 Market St', 'San Francisco', 'CA', '94105', 'US', 1, $2) RETURNING id",
    )
    .bind(account)
    .bind(app.clock.now_ms_for_tests())
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

impl TestApp {
    /// Posts a JSON body to a server function.
    pub async fn post_json(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/api/{endpoint}", self.addr))
            .header("Origin", &self.addr)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Adds units of a variant to the client's cart; the cart as JSON.
    pub async fn add_to_cart(
        &self,
        client: &reqwest::Client,
        variant: i64,
        quantity: u32,
    ) -> serde_json::Value {
        let res = self
            .post(
                client,
                "add_to_cart",
                &[
                    ("variant", &variant.to_string()),
                    ("quantity", &quantity.to_string()),
                ],
            )
            .await;
        assert_eq!(res.status(), 200, "add_to_cart on {}", self.db_name);
        res.json().await.unwrap()
    }

    pub async fn cart(&self, client: &reqwest::Client) -> serde_json::Value {
        self.get(client, "/api/cart").await.json().await.unwrap()
    }

    /// A sandbox card token for a test card number.
    pub async fn card_token(&self, client: &reqwest::Client, number: &str) -> String {
        let res = self
            .post(
                client,
                "tokenize_card",
                &[("number", number), ("expiry", "12/40"), ("cvc", "123")],
            )
            .await;
        assert_eq!(res.status(), 200, "tokenize_card on {}", self.db_name);
        let body: serde_json::Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Places an order for the whole cart as the checkout page does.
    pub async fn place_order(
        &self,
        client: &reqwest::Client,
        key: &str,
        address: i64,
        token: &str,
        seen: serde_json::Value,
    ) -> reqwest::Response {
        self.post_json(
            client,
            "place_order",
            serde_json::json!({
                "idempotency_key": key,
                "order": {
                    "address": address,
                    "shipping": [],
                    "payment": {"Token": {"token": token, "save": false}},
                    "seen": seen,
                }
            }),
        )
        .await
    }
}

/// The lines of a cart (JSON) as "seen" by the checkout page.
pub fn seen_lines(cart: &serde_json::Value) -> serde_json::Value {
    let mut seen = Vec::new();
    for group in cart["groups"].as_array().unwrap() {
        for line in group["lines"].as_array().unwrap() {
            seen.push(serde_json::json!({
                "variant": line["variant"],
                "quantity": line["quantity"],
                "unit_price_minor": line["unit_price"]["minor"],
            }));
        }
    }
    serde_json::Value::Array(seen)
}

/// A signed-in seller whose store an admin has verified: (client, store id).
pub async fn verified_seller(app: &TestApp) -> (reqwest::Client, i64) {
    let client = app.signed_in_as("seller").await;
    let overview: serde_json::Value = app
        .get(&client, "/api/console/overview")
        .await
        .json()
        .await
        .unwrap();
    let store = overview["store"]["id"].as_i64().unwrap();
    sqlx::query("UPDATE stores SET status = 'verified' WHERE id = $1")
        .bind(store)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    (client, store)
}

/// A PNG of `size` × `size` pixels in one colour.
pub fn png(size: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(size, size, image::Rgba([shade, 90, 160, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

pub async fn upload(app: &TestApp, who: &reqwest::Client, bytes: Vec<u8>) -> (u16, String) {
    let res = who
        .post(format!("{}/sell/images", app.addr))
        .header("Origin", &app.addr)
        .header("Content-Type", "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The ledger invariant: every store's balance is the sum of its entries.
pub async fn assert_ledger_balances(app: &TestApp) {
    let off = app
        .count(
            "SELECT COUNT(*) FROM stores s WHERE s.balance_minor <>
               (SELECT CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) FROM ledger_entries e WHERE e.store_id = s.id)",
        )
        .await;
    assert_eq!(
        off, 0,
        "a store's balance differs from its ledger on {}",
        app.db_name
    );
}

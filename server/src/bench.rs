//! `server bench`: starts this server binary on a freshly seeded database and drives
//! it over loopback with a load generator, then prints requests per second and
//! latency percentiles for the storefront's main paths and the seller's inbox (10,000
//! tickets).
//!
//! Each scenario runs for a fixed time with a fixed number of concurrent clients
//! (keep-alive connections). The buyers used for the cart and checkout scenarios are
//! written straight into the database with sessions, a saved address and plenty of
//! stock, so the measurement is of the server, not of sign-up or selling out.

use crate::storage::{Db, Row};
use anyhow::{Context, bail};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `server bench` was asked for.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Seconds each scenario runs.
    pub seconds: u64,
    /// Concurrent clients.
    pub clients: usize,
    /// Products seeded.
    pub products: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        Self {
            seconds: 10,
            clients: 16,
            products: 2000,
        }
    }
}

impl BenchOptions {
    pub fn parse(args: &[String]) -> anyhow::Result<Self> {
        let mut opts = Self::default();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|v| *v > 0)
                .with_context(|| format!("{flag} needs a positive number"))?;
            match flag.as_str() {
                "--seconds" => opts.seconds = value,
                "--clients" => opts.clients = value as usize,
                "--products" => opts.products = value as usize,
                other => bail!("unknown option {other}"),
            }
        }
        Ok(opts)
    }
}

/// One scenario's result.
struct Outcome {
    name: &'static str,
    ok: usize,
    failed: usize,
    elapsed: Duration,
    /// Latencies of successful requests, in microseconds, sorted.
    latencies: Vec<u64>,
}

impl Outcome {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len());
        self.latencies[i - 1] as f64 / 1000.0
    }
}

/// A buyer prepared for the write scenarios.
#[derive(Clone)]
struct Buyer {
    client: reqwest::Client,
    address: i64,
    token: String,
}

/// The server under test, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn run(opts: BenchOptions) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("marketplace-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run_in(&dir, &opts).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn run_in(dir: &std::path::Path, opts: &BenchOptions) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let db_url = format!("sqlite://{}", dir.join("bench.db").display());
    let env = |cmd: &mut Command| {
        cmd.env("DATABASE_URL", &db_url)
            .env("IMAGE_DIR", dir.join("images"))
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &base)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null());
    };

    eprintln!("==> Seeding {} products into {db_url}", opts.products);
    let mut seed = Command::new(&exe);
    seed.args(["seed-demo", "--products", &opts.products.to_string()]);
    env(&mut seed);
    let status = seed.stdout(Stdio::null()).status()?;
    if !status.success() {
        bail!("seeding failed");
    }

    let db = Db::connect(&db_url, Some(4)).await?;
    // Stock that never runs out, so every checkout can succeed.
    sqlx::query("UPDATE variants SET stock = 1000000")
        .execute(&db.pool)
        .await?;
    let products: Vec<(i64, String, i64)> = sqlx::query(
        "SELECT p.id, p.slug, MIN(v.id) AS variant_id FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.status = 'active' GROUP BY p.id, p.slug ORDER BY p.id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("slug")?, r.try_get("variant_id")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    if products.is_empty() {
        bail!("the seeded database has no products");
    }

    eprintln!("==> Starting the server on {base}");
    let mut serve = Command::new(&exe);
    serve.arg("serve");
    env(&mut serve);
    let _server = Server(serve.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?);
    let probe = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(res) = probe.get(format!("{base}/healthz")).send().await
            && res.status().is_success()
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the server did not start within a minute");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let buyers = prepare_buyers(&db, &base, opts.clients).await?;
    let products = Arc::new(products);
    let duration = Duration::from_secs(opts.seconds);
    let words = [
        "mug", "shirt", "lamp", "wallet", "sneakers", "candle", "dress",
    ];

    // A short warm-up, so caches and the pool are filled before anything is measured.
    let _ = drive("warm-up", opts.clients, Duration::from_secs(2), {
        let (base, client) = (base.clone(), probe.clone());
        move |_, n| {
            let (base, client) = (base.clone(), client.clone());
            async move { get_ok(&client, &format!("{base}/?w={}", n % 3)).await }
        }
    })
    .await;

    let mut outcomes = Vec::new();
    outcomes.push(
        drive("Home feed page", opts.clients, duration, {
            let (base, client) = (base.clone(), probe.clone());
            move |_, _| {
                let (base, client) = (base.clone(), client.clone());
                async move { get_ok(&client, &format!("{base}/")).await }
            }
        })
        .await,
    );
    outcomes.push(
        drive("Search page", opts.clients, duration, {
            let (base, client) = (base.clone(), probe.clone());
            move |_, n| {
                let (base, client) = (base.clone(), client.clone());
                let word = words[n % words.len()];
                async move {
                    get_ok(&client, &format!("{base}/search?q={word}&sort=relevance")).await
                }
            }
        })
        .await,
    );
    outcomes.push(
        drive("Product page", opts.clients, duration, {
            let (base, client, products) = (base.clone(), probe.clone(), products.clone());
            move |_, n| {
                let (base, client) = (base.clone(), client.clone());
                let (id, slug, _) = products[(n * 7919) % products.len()].clone();
                async move { get_ok(&client, &format!("{base}/p/{id}/{slug}")).await }
            }
        })
        .await,
    );
    outcomes.push(
        drive("Add to cart", opts.clients, duration, {
            let (base, buyers, products) = (base.clone(), buyers.clone(), products.clone());
            move |worker, n| {
                let (base, buyer) = (base.clone(), buyers[worker].clone());
                let (_, _, variant) = products[(n * 31 + worker) % products.len()];
                async move { add_to_cart(&buyer.client, &base, variant).await }
            }
        })
        .await,
    );
    // Each worker empties its cart so orders stay one or two lines.
    for buyer in buyers.iter() {
        let _ = place_order(
            &buyer.client,
            &base,
            buyer,
            &format!("clear-{}", buyer.address),
        )
        .await;
    }
    outcomes.push(
        drive("Place order", opts.clients, duration, {
            let (base, buyers, products) = (base.clone(), buyers.clone(), products.clone());
            move |worker, n| {
                let (base, buyer) = (base.clone(), buyers[worker].clone());
                let (_, _, variant) = products[(n * 13 + worker) % products.len()];
                async move {
                    add_to_cart(&buyer.client, &base, variant).await?;
                    place_order(&buyer.client, &base, &buyer, &format!("bench-{worker}-{n}")).await
                }
            }
        })
        .await,
    );

    // The seller's customer-service inbox with 10,000 tickets: each queue's first page
    // (counts, 50 rows with their latest message), the queues in turn.
    let seller = prepare_inbox(&db, INBOX_TICKETS).await?;
    outcomes.push(
        drive("Seller inbox, 10,000 tickets", opts.clients, duration, {
            let (base, seller) = (base.clone(), seller.clone());
            move |_, n| {
                let (base, seller) = (base.clone(), seller.clone());
                let queue = ["awaiting_seller", "awaiting_buyer", "escalated", "closed"][n % 4];
                async move {
                    get_ok(&seller, &format!("{base}/api/console/inbox?queue={queue}")).await
                }
            }
        })
        .await,
    );

    // Static files on one keep-alive connection, one request after another, against
    // this server and against a second one started without TCP_NODELAY.
    let statics = [
        "/pkg/marketplace.css",
        "/favicon.ico",
        "/pkg/marketplace.js",
    ];
    let sequential = |name: &'static str, base: String| {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .unwrap_or_default();
        drive(name, 1, duration, move |_, n| {
            let (base, client) = (base.clone(), client.clone());
            async move { get_ok(&client, &format!("{base}{}", statics[n % statics.len()])).await }
        })
    };
    outcomes.push(sequential("Static files, one connection in sequence", base.clone()).await);
    let slow_port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut slow = Command::new(&exe);
    slow.arg("serve");
    env(&mut slow);
    slow.env("BIND_ADDR", format!("127.0.0.1:{slow_port}"))
        .env("TCP_NODELAY", "0");
    let _slow = Server(slow.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?);
    let slow_base = format!("http://127.0.0.1:{slow_port}");
    let started = Instant::now();
    while !probe
        .get(format!("{slow_base}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the second server did not start within a minute");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    outcomes.push(sequential("Static files, the same without TCP_NODELAY", slow_base).await);

    print_report(opts, &outcomes);
    println!();
    println!(
        "Place order: each client adds one item to its cart, reads the cart and places the order; the latencies are of placing the order alone, the rate is of orders placed."
    );
    Ok(())
}

/// Runs `request` from `clients` concurrent workers for `duration`; `request` gets the
/// worker's number and its request count, and may answer the latency of the part it
/// timed itself (otherwise the whole call is timed).
async fn drive<F, Fut>(
    name: &'static str,
    clients: usize,
    duration: Duration,
    request: F,
) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<Option<Duration>>> + Send,
{
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for worker in 0..clients {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut failed, mut n) = (Vec::new(), 0usize, 0usize);
            while Instant::now() < deadline {
                let t = Instant::now();
                match request(worker, n).await {
                    Ok(timed) => {
                        latencies.push(timed.unwrap_or_else(|| t.elapsed()).as_micros() as u64)
                    }
                    Err(e) => {
                        if failed == 0 {
                            eprintln!("    {name}: {e:#}");
                        }
                        failed += 1;
                    }
                }
                n += 1;
            }
            (latencies, failed)
        }));
    }
    let mut outcome = Outcome {
        name,
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for t in tasks {
        if let Ok((latencies, failed)) = t.await {
            outcome.latencies.extend(latencies);
            outcome.failed += failed;
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.ok = outcome.latencies.len();
    outcome.latencies.sort_unstable();
    outcome
}

async fn get_ok(client: &reqwest::Client, url: &str) -> anyhow::Result<Option<Duration>> {
    let res = client.get(url).send().await?;
    let status = res.status();
    let body = res.bytes().await?;
    if !status.is_success() || body.is_empty() {
        bail!("GET {url}: {status}");
    }
    Ok(None)
}

async fn add_to_cart(
    client: &reqwest::Client,
    base: &str,
    variant: i64,
) -> anyhow::Result<Option<Duration>> {
    let res = client
        .post(format!("{base}/api/add_to_cart"))
        .header("Origin", base)
        .form(&[("variant", variant.to_string()), ("quantity", "1".into())])
        .send()
        .await?;
    let status = res.status();
    if !status.is_success() {
        bail!(
            "add_to_cart: {status}: {}",
            res.text().await.unwrap_or_default()
        );
    }
    res.bytes().await?;
    Ok(None)
}

/// Reads the cart, then places the order for all of it as the checkout page does;
/// answers how long placing the order took.
async fn place_order(
    client: &reqwest::Client,
    base: &str,
    buyer: &Buyer,
    key: &str,
) -> anyhow::Result<Option<Duration>> {
    let cart: serde_json::Value = client
        .get(format!("{base}/api/cart"))
        .send()
        .await?
        .json()
        .await?;
    let mut seen = Vec::new();
    for group in cart["groups"].as_array().into_iter().flatten() {
        for line in group["lines"].as_array().into_iter().flatten() {
            seen.push(serde_json::json!({
                "variant": line["variant"],
                "quantity": line["quantity"],
                "unit_price_minor": line["unit_price"]["minor"],
            }));
        }
    }
    if seen.is_empty() {
        return Ok(None);
    }
    let started = Instant::now();
    let res = client
        .post(format!("{base}/api/place_order"))
        .header("Origin", base)
        .json(&serde_json::json!({
            "idempotency_key": key,
            "order": {
                "address": buyer.address,
                "shipping": [],
                "payment": {"Token": {"token": buyer.token, "save": false}},
                "seen": seen,
            }
        }))
        .send()
        .await?;
    let status = res.status();
    if !status.is_success() {
        bail!(
            "place_order: {status}: {}",
            res.text().await.unwrap_or_default()
        );
    }
    res.bytes().await?;
    Ok(Some(started.elapsed()))
}

/// One signed-in buyer per client, each with a session, an address and a card token.
async fn prepare_buyers(db: &Db, base: &str, n: usize) -> anyhow::Result<Arc<Vec<Buyer>>> {
    let now = chrono::Utc::now().timestamp_millis();
    let mut buyers = Vec::with_capacity(n);
    for i in 0..n {
        let account: i64 = sqlx::query(
            "INSERT INTO accounts (email, name, password_hash, role, email_verified_at, created_at)
             VALUES ($1, 'Bench Buyer', '!', 'buyer', $2, $2) RETURNING id",
        )
        .bind(format!("bench{i}-{now}@buyers.demo.shop"))
        .bind(now)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
        let (token, hash) = crate::platform::new_token();
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash)
        .bind(account)
        .bind(now)
        .bind(now + 24 * 3600 * 1000)
        .execute(&db.pool)
        .await?;
        let address: i64 = sqlx::query(
            "INSERT INTO addresses (account_id, full_name, line1, city, region, postal_code, country, is_default, created_at)
             VALUES ($1, 'Bench Buyer', '1 Market St', 'San Francisco', 'CA', '94105', 'US', 1, $2) RETURNING id",
        )
        .bind(account)
        .bind(now)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("mp_session={token}").parse()?,
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let card: serde_json::Value = client
            .post(format!("{base}/api/tokenize_card"))
            .header("Origin", base)
            .form(&[
                ("number", "4242424242424242"),
                ("expiry", "12/40"),
                ("cvc", "123"),
            ])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = card["token"]
            .as_str()
            .context("tokenize_card gave no token")?
            .to_owned();
        buyers.push(Buyer {
            client,
            address,
            token,
        });
    }
    Ok(Arc::new(buyers))
}

/// Tickets given to the demo store for the inbox scenario.
const INBOX_TICKETS: usize = 10_000;

/// Gives the demo store `n` tickets spread over its queues (a fifth waiting for it,
/// each with one message), and answers a client signed in as its seller.
async fn prepare_inbox(db: &Db, n: usize) -> anyhow::Result<reqwest::Client> {
    let now = chrono::Utc::now().timestamp_millis();
    let store = sqlx::query(
        "SELECT s.id, s.owner_id FROM stores s JOIN accounts a ON a.id = s.owner_id WHERE a.email = 'seller@demo.shop'",
    )
    .fetch_one(&db.pool)
    .await
    .context("the demo store")?;
    let (store, owner): (i64, i64) = (store.try_get("id")?, store.try_get("owner_id")?);
    let orders: Vec<(i64, i64)> =
        sqlx::query("SELECT id, buyer_id FROM orders WHERE store_id = $1 ORDER BY id")
            .bind(store)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("buyer_id")?)))
            .collect::<Result<_, sqlx::Error>>()?;
    if orders.is_empty() {
        bail!("the demo store has no orders to hang tickets on");
    }
    let mut tx = db.begin().await?;
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tickets = String::from(
            "INSERT INTO tickets (order_id, store_id, buyer_id, kind, status, client_key, waiting_since, created_at, updated_at) VALUES ",
        );
        for (j, &i) in chunk.iter().enumerate() {
            let (order, buyer) = orders[i % orders.len()];
            let (status, waiting) = match i % 10 {
                0 | 1 => (
                    "awaiting_seller",
                    format!("{}", now - (i as i64 % 47) * 3_600_000),
                ),
                2..=4 => ("awaiting_buyer", "NULL".into()),
                5 => ("escalated", "NULL".into()),
                _ => ("closed", "NULL".into()),
            };
            let at = now - i as i64 * 60_000;
            if j > 0 {
                tickets.push(',');
            }
            tickets.push_str(&format!(
                "({order}, {store}, {buyer}, 'order_details', '{status}', 'bench-{i}', {waiting}, {at}, {at})"
            ));
        }
        sqlx::query(&tickets).execute(&mut *tx).await?;
    }
    sqlx::query(
        "INSERT INTO ticket_messages (ticket_id, author, author_id, body, created_at)
         SELECT id, 'buyer', buyer_id, 'Could you tell me when this ships? I need it for a birthday.', created_at
         FROM tickets WHERE client_key LIKE 'bench-%'",
    )
    .execute(&mut *tx)
    .await?;
    let (token, hash) = crate::platform::new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(owner)
    .bind(now)
    .bind(now + 24 * 3600 * 1000)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("mp_session={token}").parse()?,
    );
    Ok(reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()?)
}

fn print_report(opts: &BenchOptions, outcomes: &[Outcome]) {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "Machine: {cores} cores ({cpu}), {}; SQLite; {} products; {} concurrent clients; {} s per scenario; the load generator runs on the same machine.",
        std::env::consts::OS,
        opts.products,
        opts.clients,
        opts.seconds
    );
    println!();
    println!("| Scenario | Requests/s | p50 (ms) | p99 (ms) | Requests | Failed |");
    println!("|---|---:|---:|---:|---:|---:|");
    for o in outcomes {
        println!(
            "| {} | {:.0} | {:.1} | {:.1} | {} | {} |",
            o.name,
            o.ok as f64 / o.elapsed.as_secs_f64(),
            o.percentile(0.50),
            o.percentile(0.99),
            o.ok,
            o.failed
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_bad_ones_are_refused() {
        let args: Vec<String> = ["--seconds", "3", "--clients", "4"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = BenchOptions::parse(&args).unwrap();
        assert_eq!((o.seconds, o.clients, o.products), (3, 4, 2000));
        for bad in [
            vec!["--seconds"],
            vec!["--seconds", "0"],
            vec!["--clients", "many"],
            vec!["--speed", "3"],
        ] {
            let args: Vec<String> = bad.iter().map(|s| s.to_string()).collect();
            assert!(BenchOptions::parse(&args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn percentiles_come_from_the_sorted_latencies() {
        let o = Outcome {
            name: "x",
            ok: 100,
            failed: 0,
            elapsed: Duration::from_secs(1),
            latencies: (1..=100).map(|ms| ms * 1000).collect(),
        };
        assert_eq!(o.percentile(0.5), 50.0);
        assert_eq!(o.percentile(0.99), 99.0);
    }
}

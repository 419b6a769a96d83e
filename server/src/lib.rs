//! The marketplace server: axum, the Leptos app, and the services behind it.

pub mod bench;
pub mod clock;
pub mod config;
pub mod http;
pub mod images;
pub mod jobs;
pub mod platform;
pub mod seed;
pub mod services;
pub mod storage;

use app::backend::{Services, WebSettings};
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use clock::Clock;
use config::Config;
use images::{ImageStore, LocalImageStore};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use std::sync::Arc;
use storage::Db;
use tower_http::compression::CompressionLayer;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub images: Arc<dyn ImageStore>,
    pub services: Services,
    /// Where tracking scans come from (the built-in simulator).
    pub tracker: Arc<dyn services::orders::carriers::CarrierTracker>,
    /// The payment gateway (the built-in sandbox), for the dispute job.
    pub gateway: Arc<dyn services::money::payments::Gateway>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Leptos settings from cargo-leptos's environment, with defaults for running the
/// built binary directly.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let var =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "marketplace"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(config.bind_addr)
        .reload_port(
            var("LEPTOS_RELOAD_PORT", "3001")
                .parse::<u32>()
                .unwrap_or(3001),
        )
        .build()
}

/// Connects, migrates and wires the services.
pub async fn state(
    config: Config,
    clock: Arc<dyn Clock>,
    leptos: LeptosOptions,
) -> anyhow::Result<AppState> {
    let config = Arc::new(config);
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    db.migrate().await?;
    let gateway: Arc<dyn services::money::payments::Gateway> = Arc::new(
        services::money::payments::SandboxGateway::new(db.clone(), clock.clone()),
    );
    let ads = Arc::new(services::ads::Ads::new(db.clone(), clock.clone()));
    let fulfilment: Arc<dyn app::backend::FulfilmentService> =
        Arc::new(services::orders::fulfilment::Fulfilment::new(
            db.clone(),
            clock.clone(),
            gateway.clone(),
            config.money.clone(),
        ));
    let wishlists: Arc<dyn app::backend::WishlistService> = Arc::new(
        services::wishlists::Wishlists::new(db.clone(), clock.clone()),
    );
    let cart: Arc<dyn app::backend::CartService> = Arc::new(services::cart::Cart::new(
        db.clone(),
        clock.clone(),
        gateway.clone(),
    ));
    let sync = Arc::new(services::sync::Sync::new(
        db.clone(),
        clock.clone(),
        wishlists.clone(),
        cart.clone(),
    ));
    let services = Services {
        accounts: Arc::new(services::accounts::Accounts::new(
            db.clone(),
            clock.clone(),
            config.clone(),
        )),
        catalog: Arc::new(services::catalog::Catalog::new(
            db.clone(),
            clock.clone(),
            ads.clone(),
        )),
        cart,
        orders: Arc::new(services::orders::buyer::Orders::new(
            db.clone(),
            clock.clone(),
            gateway.clone(),
        )),
        replays: Arc::new(platform::replays::Replays::new(db.clone(), clock.clone())),
        payments: Arc::new(services::money::payments::Payments::new(
            gateway.clone(),
            clock.clone(),
        )),
        profile: Arc::new(services::accounts::profile::Profile::new(
            db.clone(),
            clock.clone(),
            gateway.clone(),
        )),
        wishlists: wishlists.clone(),
        stores: Arc::new(services::stores::Stores::new(
            db.clone(),
            clock.clone(),
            config.standards.clone(),
        )),
        fulfilment: fulfilment.clone(),
        listings: Arc::new(services::listings::Listings::new(db.clone(), clock.clone())),
        ads,
        promotions: Arc::new(services::promotions::Promotions::new(
            db.clone(),
            clock.clone(),
        )),
        ledger: Arc::new(services::money::ledger::Ledger::new(
            db.clone(),
            clock.clone(),
            config.money.clone(),
        )),
        admin: Arc::new(services::stores::admin::Admin::new(
            db.clone(),
            clock.clone(),
        )),
        disputes: Arc::new(services::money::disputes::Disputes::new(
            db.clone(),
            clock.clone(),
            gateway.clone(),
        )),
        support: Arc::new(services::support::Support::new(
            db.clone(),
            clock.clone(),
            gateway.clone(),
            fulfilment,
            config.public_url.clone(),
            config.smtp_url.is_none(),
            config.money.return_days,
        )),
        reviews: Arc::new(services::reviews::Reviews::new(db.clone(), clock.clone())),
        sync,
        standards: Arc::new(services::standards::Standards::new(
            db.clone(),
            clock.clone(),
            config.standards.clone(),
        )),
        web: WebSettings {
            secure_cookies: config.secure_cookies(),
        },
    };
    let images: Arc<dyn ImageStore> = match &config.s3 {
        Some(s3) => Arc::new(images::S3ImageStore::new(s3.clone())),
        None => Arc::new(LocalImageStore::new(&config.image_dir)),
    };
    Ok(AppState {
        leptos,
        db,
        config,
        clock,
        images,
        services,
        tracker: Arc::new(services::orders::carriers::CarrierSimulator),
        gateway,
    })
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let services = state.services.clone();
    let context = move || provide_context(services.clone());
    let server_fns = {
        let context = context.clone();
        move |req: axum::extract::Request| handle_server_fns_with_context(context.clone(), req)
    };
    let shell_options = state.leptos.clone();
    Router::new()
        .route("/healthz", get(http::health))
        .route("/robots.txt", get(http::sitemap::robots))
        .route("/sitemap.xml", get(http::sitemap::index))
        .route("/sitemaps/{file}", get(http::sitemap::part))
        .route("/img/{key}/{file}", get(http::image))
        .route("/sell/payments/ledger.csv", get(http::ledger_csv))
        .route("/sell/payments/payouts.csv", get(http::payouts_csv))
        .route("/sell/payments/disputes.csv", get(http::disputes_csv))
        .route("/sell/products.csv", get(http::products_csv))
        .route(
            "/sell/products/import",
            axum::routing::post(http::import_products).layer(axum::extract::DefaultBodyLimit::max(
                app::domain::catalog_csv::MAX_BYTES + 1024,
            )),
        )
        .route(
            "/help/images",
            axum::routing::post(http::upload_photo)
                .layer(axum::extract::DefaultBodyLimit::max(11 * 1024 * 1024)),
        )
        .route(
            "/sell/images",
            axum::routing::post(http::upload_image)
                .layer(axum::extract::DefaultBodyLimit::max(11 * 1024 * 1024)),
        )
        .route("/api/{*fn_name}", get(server_fns.clone()).post(server_fns))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            app::shell(shell_options.clone())
        })
        // Paths no route matches ("/orders/", a mistyped address) render the app's
        // not-found page, which needs the services too.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::from_fn(http::edge::guard_input))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::check_origin,
        ))
        .layer(axum::middleware::from_fn(http::edge::cache_policy))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::log_request,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Every server function's path and method, as registered.
pub fn server_function_paths() -> Vec<(&'static str, String)> {
    let mut paths: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path, method.to_string()))
        .collect();
    paths.sort();
    paths
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Small responses go out at once: without TCP_NODELAY a keep-alive connection
    // waits on the peer's delayed ACK (about 40 ms) before each static file.
    // `TCP_NODELAY=0` turns it off, for the benchmark's comparison only.
    let nodelay = std::env::var("TCP_NODELAY").map_or(true, |v| v != "0");
    let listener = listener.tap_io(move |tcp| {
        if let Err(e) = tcp.set_nodelay(nodelay) {
            tracing::warn!(error = %e, "setting TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

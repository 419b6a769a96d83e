//! `server [serve]` runs the marketplace; `server migrate` applies migrations;
//! `server seed-demo [--products N]` adds the demo catalogue and accounts;
//! `server standards evaluate FILE` prints a store history's standing (see
//! `services::standards::file`); `server bench` measures a fresh seeded server under load (see `bench`).

use server::{clock::SystemClock, config::Config};
use std::sync::Arc;

const USAGE: &str = "usage: server [serve | migrate | seed-demo [--products N] | standards evaluate FILE | bench [--seconds S] [--clients C] [--products N]]";

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("standards") {
        standards(&args[1..]);
    }
    let config = Config::from_env()?;
    init_logs(config.log_json);
    let command = args.first().map(String::as_str).unwrap_or("serve");
    let leptos = server::leptos_options(&config);
    match command {
        "serve" => serve(config, leptos).await,
        "migrate" => {
            server::state(config, Arc::new(SystemClock), leptos).await?;
            eprintln!("migrations applied");
            Ok(())
        }
        "seed-demo" => {
            let products = match args.get(1).map(String::as_str) {
                None => 2000,
                Some("--products") => args
                    .get(2)
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        anyhow::anyhow!("--products needs a positive number\n{USAGE}")
                    })?,
                Some(other) => anyhow::bail!("unknown option {other}\n{USAGE}"),
            };
            let state = server::state(config, Arc::new(SystemClock), leptos).await?;
            if server::seed::seed_demo(&state, products).await? {
                eprintln!("demo data added: {products} products");
            } else {
                eprintln!("demo data already present; nothing changed");
            }
            Ok(())
        }
        "bench" => {
            let opts = server::bench::BenchOptions::parse(&args[1..])
                .map_err(|e| anyhow::anyhow!("{e}\n{USAGE}"))?;
            server::bench::run(opts).await
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => anyhow::bail!("unknown command {other}\n{USAGE}"),
    }
}

/// `standards evaluate FILE`: prints the standing, or the error and exits with 2.
fn standards(args: &[String]) -> ! {
    let file = match args {
        [verb, file] if verb == "evaluate" => file,
        _ => {
            eprintln!("usage: server standards evaluate FILE");
            std::process::exit(2);
        }
    };
    let outcome = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {file}: {e}"))
        .and_then(|text| server::services::standards::file::evaluate_json(&text));
    match outcome {
        Ok(json) => {
            println!("{json}");
            std::process::exit(0);
        }
        Err(e) => {
            eprintln!("error: {file}: {e}");
            std::process::exit(2);
        }
    }
}

async fn serve(config: Config, leptos: leptos::prelude::LeptosOptions) -> anyhow::Result<()> {
    let addr = config.bind_addr;
    let public = config.public_url.clone();
    let state = server::state(config, Arc::new(SystemClock), leptos).await?;
    server::jobs::start(state.clone());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "listening");
    eprintln!("\n  Bazaar is running at {public}\n");
    if server::seed::is_seeded(&state).await.unwrap_or(false) {
        eprintln!(
            "  Demo sign-ins (password “{}”):\n    {}  (buyer)\n    {}  (seller)\n    {}  (admin)\n",
            server::seed::DEMO_PASSWORD,
            server::seed::DEMO_BUYER,
            server::seed::DEMO_SELLER,
            server::seed::DEMO_ADMIN
        );
    }
    server::serve(listener, server::router(state), shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

fn init_logs(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

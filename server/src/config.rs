//! Settings from the environment, each with a default that runs with no set-up.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://data/marketplace.db`) or `postgres://…`.
    pub database_url: String,
    /// `BIND_ADDR`: where to listen (default `127.0.0.1:3000`, or `LEPTOS_SITE_ADDR`).
    pub bind_addr: SocketAddr,
    /// `PUBLIC_URL`: the origin people reach the site at; browsers' `Origin` must match it
    /// or the request's own `Host`. Default `http://<bind_addr>`.
    pub public_url: String,
    /// `IMAGE_DIR`: where uploaded and generated images are kept (default `data/images`).
    pub image_dir: PathBuf,
    /// `SESSION_DAYS`: how long a session lasts (default 30).
    pub session_days: i64,
    /// `SMTP_URL`: e.g. `smtp://user:pass@mail.example.com:587`; unset = mails are only logged.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: sender of outgoing mail (default `Bazaar <no-reply@bazaar.localhost>`).
    pub mail_from: String,
    /// `AUTH_LIMIT_PER_ACCOUNT`: sign-in attempts per account per 15 minutes (default 10).
    pub auth_limit_per_account: i64,
    /// `AUTH_LIMIT_PER_IP`: sign-in and sign-up attempts per address per 15 minutes (default 30).
    pub auth_limit_per_ip: i64,
    /// `TRUST_PROXY`: take the client address from `X-Forwarded-For` (default false).
    pub trust_proxy: bool,
    /// `DB_MAX_CONNECTIONS`: pool size (default 8 on SQLite, 20 on PostgreSQL).
    pub db_max_connections: Option<u32>,
    /// `LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `S3_BUCKET` (with `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`,
    /// `S3_SECRET_ACCESS_KEY`): keep images in an S3-compatible bucket instead of `IMAGE_DIR`.
    pub s3: Option<crate::images::S3Settings>,
    /// The platform's cut and when sellers are paid.
    pub money: MoneySettings,
    /// The seller standards' minimum, the exposure they give and the automatic cancellation.
    pub standards: StandardsSettings,
}

/// `STANDARDS_MIN_ORDERS` (default 50: orders in 90 days that make a store rated),
/// `EXPOSURE_INTEGRITY` (default 1.25) and `EXPOSURE_FAILING` (default 0.8: how much an
/// integrity store's or a failing store's products' ranking is multiplied by; an
/// unrated store's by 1), `AUTO_CANCEL_DAYS` (default 5: an order not shipped this
/// many days after it was placed is cancelled by the system; 0 turns it off).
#[derive(Debug, Clone)]
pub struct StandardsSettings {
    pub rules: app::domain::standards::Rules,
    pub exposure: app::domain::standards::Exposure,
    pub auto_cancel_days: i64,
}

impl Default for StandardsSettings {
    fn default() -> Self {
        Self {
            rules: Default::default(),
            exposure: Default::default(),
            auto_cancel_days: 5,
        }
    }
}

/// `COMMISSION_BPS` (default 1500 = 15 %), `FUNDS_HOLD_DAYS` (default 30: a sale's
/// money becomes available on delivery, or this many days after shipment at the latest)
/// `PAYOUT_DAYS` (default `1,15`: days of the month the payout run pays out) and
/// `RETURN_WINDOW_DAYS` (default 30: how long after delivery a buyer may ask to return).
#[derive(Debug, Clone)]
pub struct MoneySettings {
    pub commission_bps: u32,
    pub hold_days: i64,
    pub payout_days: Vec<u32>,
    pub return_days: i64,
}

impl Default for MoneySettings {
    fn default() -> Self {
        Self {
            commission_bps: 1_500,
            hold_days: 30,
            payout_days: vec![1, 15],
            return_days: app::domain::returns::RETURN_WINDOW_DAYS,
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind_addr: SocketAddr = var("BIND_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| anyhow::anyhow!("BIND_ADDR is not an address: {e}"))?;
        let number = |name: &str, default: i64| -> anyhow::Result<i64> {
            var(name).map_or(Ok(default), |v| {
                v.parse()
                    .map_err(|_| anyhow::anyhow!("{name} must be a whole number, not {v:?}"))
            })
        };
        let defaults = MoneySettings::default();
        let money = MoneySettings {
            commission_bps: u32::try_from(number("COMMISSION_BPS", 1_500)?)
                .ok()
                .filter(|b| *b <= 10_000)
                .ok_or_else(|| anyhow::anyhow!("COMMISSION_BPS must be from 0 to 10000"))?,
            hold_days: number("FUNDS_HOLD_DAYS", defaults.hold_days)?,
            payout_days: match var("PAYOUT_DAYS") {
                Some(v) => app::domain::ledger::parse_payout_days(&v)
                    .map_err(|e| anyhow::anyhow!("PAYOUT_DAYS: {e}"))?,
                None => defaults.payout_days,
            },
            return_days: number("RETURN_WINDOW_DAYS", defaults.return_days)?.clamp(0, 365),
        };
        let factor = |name: &str, default: f64| -> anyhow::Result<f64> {
            var(name).map_or(Ok(default), |v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && *f > 0.0 && *f <= 10.0)
                    .ok_or_else(|| {
                        anyhow::anyhow!("{name} must be a number above 0 and at most 10, not {v:?}")
                    })
            })
        };
        let exposure = app::domain::standards::Exposure::default();
        let standards = StandardsSettings {
            rules: app::domain::standards::Rules {
                min_orders: number("STANDARDS_MIN_ORDERS", 50)?.max(1),
            },
            exposure: app::domain::standards::Exposure {
                integrity: factor("EXPOSURE_INTEGRITY", exposure.integrity)?,
                failing: factor("EXPOSURE_FAILING", exposure.failing)?,
                unrated: exposure.unrated,
            },
            auto_cancel_days: number("AUTO_CANCEL_DAYS", 5)?.clamp(0, 365),
        };
        Ok(Self {
            money,
            standards,
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/marketplace.db".into()),
            public_url: var("PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_addr}")),
            bind_addr,
            image_dir: var("IMAGE_DIR")
                .unwrap_or_else(|| "data/images".into())
                .into(),
            session_days: number("SESSION_DAYS", 30)?,
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM")
                .unwrap_or_else(|| "Bazaar <no-reply@bazaar.localhost>".into()),
            auth_limit_per_account: number("AUTH_LIMIT_PER_ACCOUNT", 10)?,
            auth_limit_per_ip: number("AUTH_LIMIT_PER_IP", 30)?,
            trust_proxy: var("TRUST_PROXY").is_some_and(|v| v == "1" || v == "true"),
            db_max_connections: var("DB_MAX_CONNECTIONS").and_then(|v| v.parse().ok()),
            log_json: var("LOG_FORMAT").is_some_and(|v| v == "json"),
            s3: match var("S3_BUCKET") {
                None => None,
                Some(bucket) => Some(crate::images::S3Settings {
                    endpoint: var("S3_ENDPOINT")
                        .unwrap_or_else(|| "https://s3.amazonaws.com".into()),
                    region: var("S3_REGION").unwrap_or_else(|| "us-east-1".into()),
                    access_key: var("S3_ACCESS_KEY_ID").ok_or_else(|| {
                        anyhow::anyhow!("S3_BUCKET is set, so S3_ACCESS_KEY_ID must be too")
                    })?,
                    secret_key: var("S3_SECRET_ACCESS_KEY").ok_or_else(|| {
                        anyhow::anyhow!("S3_BUCKET is set, so S3_SECRET_ACCESS_KEY must be too")
                    })?,
                    bucket,
                }),
            },
        })
    }

    /// Whether cookies get the `Secure` flag.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

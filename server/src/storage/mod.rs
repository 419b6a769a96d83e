//! One storage layer over SQLite (the embedded default, WAL mode) and PostgreSQL,
//! chosen by the database URL. Queries are written once in the SQL both accept
//! (`$1` parameters, `RETURNING`, `ON CONFLICT`); integers are 64-bit everywhere.
//!
//! **One SQL dialect through sqlx's `Any` driver.** The storage layer holds an
//! `AnyPool` and every query is written once in SQL both databases accept (`$1`
//! parameters, `RETURNING`, `ON CONFLICT`); integers are 64-bit everywhere, times are
//! UTC milliseconds, flags are 0/1 and sums are cast to `BIGINT`, so rows decode the
//! same way on both. The two migration folders differ only in key and integer types.
//! This keeps one implementation of every service instead of two; where a feature truly
//! differs (full-text search) the service branches on `Db::backend`.

use anyhow::Context as _;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

pub use sqlx::Row;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool and which database it talks to.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    pub async fn connect(url: &str, max_connections: Option<u32>) -> anyhow::Result<Self> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://");
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let max = max_connections.unwrap_or(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 20,
        });
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .with_context(|| format!("connecting to the {backend:?} database"))?;
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .context("switching SQLite to WAL")?;
        }
        Ok(Self { pool, backend })
    }

    /// Applies the embedded migrations that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .context("applying migrations")?;
        Ok(())
    }

    /// Starts a transaction that may write. On SQLite it is `BEGIN IMMEDIATE`: the
    /// write lock is taken at the start, so a transaction that reads and then writes
    /// waits its turn (within `busy_timeout`) instead of failing with "database is
    /// locked" when it cannot upgrade a read lock. Every transaction goes through here;
    /// clippy refuses `Pool::begin` elsewhere (`clippy.toml`).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            #[allow(clippy::disallowed_methods)]
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Whether a unique constraint refused a write.
    pub fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
    }
}

/// Creates the directory of an SQLite file and asks SQLite to create the file.
fn sqlite_url(url: &str) -> anyhow::Result<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let file = path.split('?').next().unwrap_or_default();
    if !file.is_empty()
        && file != ":memory:"
        && let Some(dir) = std::path::Path::new(file)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok(if url.contains('?') {
        url.to_owned()
    } else {
        format!("{url}?mode=rwc")
    })
}

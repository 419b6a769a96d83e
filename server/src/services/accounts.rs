//! Accounts and sessions: sign-up, sign-in, email verification, password reset,
//! and opening a store.

pub mod profile;

use crate::clock::Clock;
use crate::config::Config;
use crate::platform::OrInternal;
use crate::platform::mail;
use crate::platform::new_token;
use crate::platform::rate_limit;
use crate::platform::slugify;
use crate::platform::token_hash;
use crate::storage::{Db, Row};
use app::backend::{AccountService, NewSession, Origin};
use app::domain::{AccountId, DisplayName, Email, Password, Role, StoreId, StoreName};
use app::error::{AppError, AppResult};
use app::model::{StoreSummary, Viewer};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use sqlx::AnyConnection;
use std::sync::Arc;

const FIFTEEN_MINUTES_MS: i64 = 15 * 60 * 1000;
const VERIFY_TOKEN_HOURS: i64 = 48;
const RESET_TOKEN_HOURS: i64 = 1;

pub struct Accounts {
    db: Db,
    clock: Arc<dyn Clock>,
    config: Arc<Config>,
}

impl Accounts {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: Arc<Config>) -> Self {
        Self { db, clock, config }
    }

    fn session_ms(&self) -> i64 {
        self.config.session_days * 24 * 3600 * 1000
    }

    async fn limit(&self, bucket: String, limit: i64) -> AppResult<()> {
        rate_limit::hit(
            &self.db,
            &bucket,
            limit,
            FIFTEEN_MINUTES_MS,
            self.clock.now_ms(),
        )
        .await
    }

    async fn limit_ip(&self, action: &str, from: &Origin) -> AppResult<()> {
        match &from.ip {
            Some(ip) => {
                self.limit(format!("{action}:ip:{ip}"), self.config.auth_limit_per_ip)
                    .await
            }
            None => Ok(()),
        }
    }

    async fn open_session(&self, conn: &mut AnyConnection, account: i64) -> AppResult<NewSession> {
        let (token, hash) = new_token();
        let now = self.clock.now_ms();
        sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash)
            .bind(account)
            .bind(now)
            .bind(now + self.session_ms())
            .execute(conn)
            .await
            .internal("opening a session")?;
        Ok(NewSession {
            token,
            max_age_secs: self.session_ms() / 1000,
        })
    }

    /// Issues a one-time link token and mails it.
    async fn mail_link(
        &self,
        conn: &mut AnyConnection,
        account: i64,
        email: &str,
        purpose: &str,
    ) -> AppResult<()> {
        let (token, hash) = new_token();
        let now = self.clock.now_ms();
        let (hours, path, subject, text) = match purpose {
            "verify_email" => (
                VERIFY_TOKEN_HOURS,
                "verify-email",
                "Confirm your email address",
                "Welcome to Bazaar! Confirm your email address to finish creating your account by opening this link:",
            ),
            _ => (
                RESET_TOKEN_HOURS,
                "reset-password",
                "Reset your password",
                "Someone asked to reset the password of your Bazaar account. If it was you, open this link within an hour:",
            ),
        };
        // A new link ends the earlier ones of its kind.
        sqlx::query(
            "UPDATE account_tokens SET used_at = $1
             WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(account)
        .bind(purpose)
        .execute(&mut *conn)
        .await
        .internal("ending earlier link tokens")?;
        sqlx::query(
            "INSERT INTO account_tokens (token_hash, account_id, purpose, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash)
        .bind(account)
        .bind(purpose)
        .bind(now)
        .bind(now + hours * 3600 * 1000)
        .execute(&mut *conn)
        .await
        .internal("storing a link token")?;
        let body = format!(
            "{text}\n\n{}/{path}?token={token}\n",
            self.config.public_url
        );
        mail::enqueue(
            conn,
            email,
            subject,
            &body,
            now,
            self.config.smtp_url.is_none(),
        )
        .await
        .internal("queueing a mail")
    }

    /// Uses a one-time token: returns its account if it is live and unused.
    async fn consume_token(
        &self,
        conn: &mut AnyConnection,
        token: &str,
        purpose: &str,
    ) -> AppResult<i64> {
        let now = self.clock.now_ms();
        let row = sqlx::query(
            "UPDATE account_tokens SET used_at = $1
             WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
             RETURNING account_id",
        )
        .bind(now)
        .bind(token_hash(token))
        .bind(purpose)
        .fetch_optional(conn)
        .await
        .internal("using a link token")?;
        match row {
            Some(row) => row
                .try_get::<i64, _>(0)
                .internal("reading a token's account"),
            None => Err(AppError::Validation {
                field: None,
                message: "This link has expired or was already used. Ask for a new one.".into(),
            }),
        }
    }
}

/// Hashes a password with Argon2id (19 MiB, 2 iterations), off the async threads.
pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .internal("joining the hashing task")?
    // The hasher's error is not a `std::error::Error`; its text says what failed.
    .map_err(|e| anyhow::anyhow!("{e}"))
    .internal("hashing a password")
}

async fn verify_password(password: String, hash: String) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .internal("joining the verifying task")
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, checked when an email has no account, so that a
/// wrong email takes as long as a wrong password.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn dummy_hash() -> String {
    DUMMY_HASH
        .get_or_init(|| {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            hasher()
                .hash_password(b"not-a-real-password", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

fn wrong_credentials() -> AppError {
    AppError::Validation {
        field: None,
        message: "That email and password don't match an account.".into(),
    }
}

#[async_trait]
impl AccountService for Accounts {
    #[tracing::instrument(skip_all, fields(email = %email))]
    async fn sign_up(
        &self,
        email: Email,
        password: Password,
        name: DisplayName,
        from: &Origin,
    ) -> AppResult<()> {
        self.limit_ip("signup", from).await?;
        // Hashed either way, so both answers take as long.
        let hash = hash_password(password.expose().to_owned()).await?;
        let mut tx = self.db.begin().await.internal("starting sign-up")?;
        let created = sqlx::query(
            "INSERT INTO accounts (email, name, password_hash, role, created_at) VALUES ($1, $2, $3, 'buyer', $4)
             ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(email.as_str())
        .bind(name.as_str())
        .bind(hash)
        .bind(self.clock.now_ms())
        .fetch_optional(&mut *tx)
        .await
        .internal("creating an account")?;
        match created {
            Some(row) => {
                let id: i64 = row.try_get(0).internal("reading the new account id")?;
                self.mail_link(&mut tx, id, email.as_str(), "verify_email")
                    .await?;
                tracing::info!(account = id, "account created");
            }
            None => {
                let url = &self.config.public_url;
                let body = format!(
                    "Someone asked to create a Bazaar account with this address, which already has one. \
                     If it was you, sign in at {url}/signin or choose a new password at {url}/reset-password.\n\n\
                     If it was not you, you can ignore this mail: nothing has changed.\n"
                );
                mail::enqueue(
                    &mut tx,
                    email.as_str(),
                    "You already have a Bazaar account",
                    &body,
                    self.clock.now_ms(),
                    self.config.smtp_url.is_none(),
                )
                .await
                .internal("queueing a mail")?;
            }
        }
        tx.commit().await.internal("committing sign-up")
    }

    #[tracing::instrument(skip_all)]
    async fn sign_in(&self, email: &str, password: &str, from: &Origin) -> AppResult<NewSession> {
        self.limit_ip("signin", from).await?;
        let email = Email::parse(email).map_err(|_| wrong_credentials())?;
        // Failures are counted per account and client address, so guessing from one
        // address does not lock the owner out from theirs; a ten times higher ceiling
        // per account stops guessing spread over many addresses.
        let per_client = format!("signin:fail:{email}:{}", from.ip.as_deref().unwrap_or("-"));
        let per_account = format!("signin:fail:{email}");
        let limit = self.config.auth_limit_per_account;
        let now = self.clock.now_ms();
        rate_limit::check(&self.db, &per_client, limit, FIFTEEN_MINUTES_MS, now).await?;
        rate_limit::check(&self.db, &per_account, limit * 10, FIFTEEN_MINUTES_MS, now).await?;
        let row = sqlx::query("SELECT id, password_hash FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&self.db.pool)
            .await
            .internal("looking up an account")?;
        let (id, hash) = match row {
            Some(row) => (
                Some(row.try_get::<i64, _>("id").internal("id")?),
                row.try_get::<String, _>("password_hash").internal("hash")?,
            ),
            None => (None, dummy_hash()),
        };
        let matches = verify_password(password.to_owned(), hash).await?;
        let Some(id) = id.filter(|_| matches) else {
            // Counted only; going past the limit is refused on the next attempt.
            for bucket in [&per_client, &per_account] {
                rate_limit::hit(&self.db, bucket, i64::MAX, FIFTEEN_MINUTES_MS, now).await?;
            }
            return Err(wrong_credentials());
        };
        let mut conn = self
            .db
            .pool
            .acquire()
            .await
            .internal("acquiring a connection")?;
        let session = self.open_session(&mut conn, id).await?;
        tracing::info!(account = id, "signed in");
        Ok(session)
    }

    #[tracing::instrument(skip_all)]
    async fn sign_out(&self, session_token: &str) -> AppResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(session_token))
            .execute(&self.db.pool)
            .await
            .internal("closing a session")?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn viewer(&self, session_token: &str) -> AppResult<Option<Viewer>> {
        let row = sqlx::query(
            "SELECT a.id AS a_id, a.email, a.name AS a_name, a.role, a.email_verified_at, s.id AS store_id, s.name AS s_name, s.slug, s.status
             FROM sessions se
             JOIN accounts a ON a.id = se.account_id
             LEFT JOIN stores s ON s.owner_id = a.id
             WHERE se.token_hash = $1 AND se.expires_at > $2",
        )
        .bind(token_hash(session_token))
        .bind(self.clock.now_ms())
        .fetch_optional(&self.db.pool)
        .await
        .internal("reading a session")?;
        let Some(row) = row else { return Ok(None) };
        let read = || -> Result<Viewer, sqlx::Error> {
            let store_id: Option<i64> = row.try_get("store_id")?;
            Ok(Viewer {
                id: AccountId(row.try_get("a_id")?),
                email: row.try_get("email")?,
                name: row.try_get("a_name")?,
                role: Role::from_db(&row.try_get::<String, _>("role")?).unwrap_or(Role::Buyer),
                email_verified: row
                    .try_get::<Option<i64>, _>("email_verified_at")?
                    .is_some(),
                unread_tickets: 0,
                store: match store_id {
                    Some(id) => Some(StoreSummary {
                        id: StoreId(id),
                        name: row.try_get("s_name")?,
                        slug: row.try_get("slug")?,
                        status: row.try_get("status")?,
                    }),
                    None => None,
                },
            })
        };
        read().map(Some).internal("reading a session row")
    }

    #[tracing::instrument(skip_all)]
    async fn verify_email(&self, token: &str) -> AppResult<NewSession> {
        let mut tx = self.db.begin().await.internal("starting verification")?;
        let account = self.consume_token(&mut tx, token, "verify_email").await?;
        sqlx::query(
            "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
        )
        .bind(self.clock.now_ms())
        .bind(account)
        .execute(&mut *tx)
        .await
        .internal("marking an email verified")?;
        let session = self.open_session(&mut tx, account).await?;
        tx.commit().await.internal("committing verification")?;
        Ok(session)
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn resend_verification(&self, account: AccountId) -> AppResult<()> {
        self.limit(format!("verify:account:{account}"), 5).await?;
        let mut tx = self.db.begin().await.internal("starting resend")?;
        let row = sqlx::query("SELECT email, email_verified_at FROM accounts WHERE id = $1")
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await
            .internal("reading an account")?;
        if row
            .try_get::<Option<i64>, _>("email_verified_at")
            .internal("verified")?
            .is_some()
        {
            return Err(AppError::Conflict(
                "Your email address is already verified.".into(),
            ));
        }
        let email: String = row.try_get("email").internal("email")?;
        self.mail_link(&mut tx, account.0, &email, "verify_email")
            .await?;
        tx.commit().await.internal("committing resend")
    }

    #[tracing::instrument(skip_all)]
    async fn request_password_reset(&self, email: Email, from: &Origin) -> AppResult<()> {
        self.limit_ip("reset", from).await?;
        self.limit(format!("reset:account:{email}"), 5).await?;
        let mut tx = self.db.begin().await.internal("starting reset")?;
        let row = sqlx::query("SELECT id FROM accounts WHERE email = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *tx)
            .await
            .internal("looking up an account")?;
        if let Some(row) = row {
            let id: i64 = row.try_get("id").internal("id")?;
            self.mail_link(&mut tx, id, email.as_str(), "reset_password")
                .await?;
        }
        tx.commit().await.internal("committing reset")
    }

    #[tracing::instrument(skip_all)]
    async fn reset_password(&self, token: &str, password: Password) -> AppResult<()> {
        let hash = hash_password(password.expose().to_owned()).await?;
        let mut tx = self.db.begin().await.internal("starting password change")?;
        let account = self.consume_token(&mut tx, token, "reset_password").await?;
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(account)
            .execute(&mut *tx)
            .await
            .internal("changing a password")?;
        // A reset ends every other reset link and signs out every device.
        sqlx::query(
            "UPDATE account_tokens SET used_at = $1
             WHERE account_id = $2 AND purpose = 'reset_password' AND used_at IS NULL",
        )
        .bind(self.clock.now_ms())
        .bind(account)
        .execute(&mut *tx)
        .await
        .internal("ending other reset links")?;
        // A reset signs out every device.
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .internal("closing sessions")?;
        tx.commit().await.internal("committing password change")
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn open_store(&self, account: AccountId, name: StoreName) -> AppResult<StoreSummary> {
        let mut tx = self.db.begin().await.internal("starting store opening")?;
        let existing = sqlx::query("SELECT id FROM stores WHERE owner_id = $1")
            .bind(account.0)
            .fetch_optional(&mut *tx)
            .await
            .internal("checking for a store")?;
        if existing.is_some() {
            return Err(AppError::Conflict("You already have a store.".into()));
        }
        let base = slugify(name.as_str());
        let taken = sqlx::query("SELECT COUNT(*) FROM stores WHERE slug = $1 OR slug LIKE $2")
            .bind(&base)
            .bind(format!("{base}-%"))
            .fetch_one(&mut *tx)
            .await
            .internal("checking store slugs")?
            .try_get::<i64, _>(0)
            .internal("count")?;
        let slug = if taken == 0 {
            base
        } else {
            format!("{base}-{}", taken + 1)
        };
        let row = sqlx::query(
            "INSERT INTO stores (owner_id, name, slug, status, created_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
        )
        .bind(account.0)
        .bind(name.as_str())
        .bind(&slug)
        .bind(self.clock.now_ms())
        .fetch_one(&mut *tx)
        .await
        .internal("creating a store")?;
        let id: i64 = row.try_get(0).internal("store id")?;
        sqlx::query("UPDATE accounts SET role = 'seller' WHERE id = $1 AND role = 'buyer'")
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .internal("making the account a seller")?;
        tx.commit().await.internal("committing store opening")?;
        tracing::info!(account = %account, store = id, "store opened");
        Ok(StoreSummary {
            id: StoreId(id),
            name: name.as_str().to_owned(),
            slug,
            status: "pending".into(),
        })
    }
}

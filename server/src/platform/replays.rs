//! Idempotency keys for mutations other than placing an order (which stores its key
//! in its own transaction): claim, run, then store the response or forget the claim.

use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::platform::token_hash;
use crate::storage::{Db, Row};
use app::backend::{Claim, ReplayService};
use app::domain::{AccountId, IdempotencyKey};
use app::error::{AppError, AppResult};
use async_trait::async_trait;
use std::sync::Arc;

pub struct Replays {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl Replays {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

/// Mutation keys are stored apart from checkout keys by this prefix.
fn scoped(key: &IdempotencyKey) -> String {
    format!("m:{}", key.as_str())
}

#[async_trait]
impl ReplayService for Replays {
    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn claim(
        &self,
        account: AccountId,
        key: &IdempotencyKey,
        request: &str,
    ) -> AppResult<Claim> {
        let key = scoped(key);
        let hash = token_hash(request);
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, response, created_at)
             VALUES ($1, $2, $3, '', $4) ON CONFLICT (account_id, key) DO NOTHING",
        )
        .bind(account.0)
        .bind(&key)
        .bind(&hash)
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("claiming an idempotency key")?
        .rows_affected();
        if inserted == 1 {
            return Ok(Claim::New);
        }
        let row = sqlx::query(
            "SELECT request_hash, response FROM idempotency_keys WHERE account_id = $1 AND key = $2",
        )
        .bind(account.0)
        .bind(&key)
        .fetch_one(&self.db.pool)
        .await
        .internal("reading an idempotency key")?;
        let stored_hash: String = row.try_get("request_hash").internal("hash")?;
        let response: String = row.try_get("response").internal("response")?;
        if stored_hash != hash {
            return Err(AppError::Conflict(
                "This request was already sent with different details.".into(),
            ));
        }
        if response.is_empty() {
            return Err(AppError::Conflict(
                "This change is still being saved. Try again in a moment.".into(),
            ));
        }
        Ok(Claim::Done(response))
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn complete(
        &self,
        account: AccountId,
        key: &IdempotencyKey,
        response: &str,
    ) -> AppResult<()> {
        sqlx::query("UPDATE idempotency_keys SET response = $3 WHERE account_id = $1 AND key = $2")
            .bind(account.0)
            .bind(scoped(key))
            .bind(response)
            .execute(&self.db.pool)
            .await
            .internal("storing a response")?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(account = %account))]
    async fn abandon(&self, account: AccountId, key: &IdempotencyKey) -> AppResult<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND response = ''",
        )
        .bind(account.0)
        .bind(scoped(key))
        .execute(&self.db.pool)
        .await
        .internal("forgetting a claim")?;
        Ok(())
    }
}

//! The payment gateway interface and the built-in sandbox gateway.
//!
//! The sandbox behaves like a real gateway in test mode and keeps its own books in
//! `sandbox_cards` and `sandbox_charges`, standing in for the gateway's servers. It
//! knows the usual test numbers: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
//! declined, 4000 0000 0000 9995 fails for insufficient funds and
//! 4000 0000 0000 0069 is refused as expired; any other valid number succeeds.
//! Card numbers are never stored or logged: only the last four digits and the brand.

use super::{OrInternal, new_token};
use crate::clock::Clock;
use crate::storage::{Db, Row};
use app::backend::PaymentService;
use app::domain::Money;
use app::domain::card::{CardNumber, Expiry};
use app::error::{AppError, AppResult};
use app::model::CardToken;
use async_trait::async_trait;
use std::sync::Arc;

/// What a payment gateway does for the marketplace.
#[async_trait]
pub trait Gateway: Send + Sync {
    async fn tokenize(&self, number: &CardNumber, expiry: Expiry) -> AppResult<CardToken>;
    /// What the gateway knows of a token it issued (brand, last four, expiry); `None`
    /// for a token it never issued.
    async fn card(&self, token: &str) -> AppResult<Option<CardToken>>;
    /// Reserves `amount` on the card; the same `idempotency_key` returns the same charge.
    /// A refusal is `AppError::PaymentDeclined` with words for the buyer.
    async fn authorize(
        &self,
        token: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> AppResult<String>;
    /// Takes part of an authorised charge (on shipment).
    async fn capture(&self, charge: &str, amount: Money) -> AppResult<()>;
    /// Gives back part of an authorisation that will not be captured (a cancellation).
    async fn release(&self, charge: &str, amount: Money) -> AppResult<()>;
    /// Returns captured money to the card.
    async fn refund(&self, charge: &str, amount: Money) -> AppResult<()>;
}

pub struct SandboxGateway {
    db: Db,
    clock: Arc<dyn Clock>,
}

impl SandboxGateway {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }

    async fn adjust(&self, charge: &str, sql: &str, amount: Money, what: &str) -> AppResult<()> {
        if amount.minor() < 0 {
            return Err(AppError::validation(
                "amount",
                "Amounts cannot be negative.",
            ));
        }
        let done = sqlx::query(sql)
            .bind(charge)
            .bind(amount.minor())
            .execute(&self.db.pool)
            .await
            .internal("adjusting a sandbox charge")?
            .rows_affected();
        if done == 1 {
            Ok(())
        } else {
            Err(AppError::Conflict(format!(
                "The payment could not be {what}: the amount is more than is left on the charge."
            )))
        }
    }
}

/// The outcome a sandbox test number asks for.
fn outcome(number: &CardNumber) -> &'static str {
    match number.digits() {
        "4000000000000002" => "declined",
        "4000000000009995" => "insufficient_funds",
        "4000000000000069" => "expired_card",
        _ => "succeeds",
    }
}

#[async_trait]
impl Gateway for SandboxGateway {
    async fn tokenize(&self, number: &CardNumber, expiry: Expiry) -> AppResult<CardToken> {
        let (secret, _) = new_token();
        let token = format!("tok_sandbox_{}", &secret[..24]);
        let brand = number.brand().name().to_owned();
        sqlx::query(
            "INSERT INTO sandbox_cards (token, brand, last4, exp_month, exp_year, outcome, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&token)
        .bind(&brand)
        .bind(number.last4())
        .bind(i64::from(expiry.month))
        .bind(i64::from(expiry.year))
        .bind(outcome(number))
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("storing a sandbox card")?;
        Ok(CardToken {
            token,
            brand,
            last4: number.last4().to_owned(),
            exp_month: expiry.month,
            exp_year: expiry.year,
        })
    }

    async fn card(&self, token: &str) -> AppResult<Option<CardToken>> {
        let Some(row) = sqlx::query(
            "SELECT brand, last4, exp_month, exp_year FROM sandbox_cards WHERE token = $1",
        )
        .bind(token)
        .fetch_optional(&self.db.pool)
        .await
        .internal("reading a sandbox card")?
        else {
            return Ok(None);
        };
        Ok(Some(CardToken {
            token: token.to_owned(),
            brand: row.try_get(0).internal("brand")?,
            last4: row.try_get(1).internal("last4")?,
            exp_month: u32::try_from(row.try_get::<i64, _>(2).internal("month")?)
                .internal("month")?,
            exp_year: i32::try_from(row.try_get::<i64, _>(3).internal("year")?).internal("year")?,
        }))
    }

    async fn authorize(
        &self,
        token: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> AppResult<String> {
        let card = sqlx::query("SELECT outcome FROM sandbox_cards WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.db.pool)
            .await
            .internal("reading a sandbox card")?
            .ok_or_else(|| {
                AppError::PaymentDeclined(
                    "We couldn't use that card. Enter the card details again.".into(),
                )
            })?;
        let outcome: String = card.try_get(0).internal("outcome")?;
        match outcome.as_str() {
            "declined" => {
                return Err(AppError::PaymentDeclined(
                    "Your card was declined. Try another card.".into(),
                ));
            }
            "insufficient_funds" => {
                return Err(AppError::PaymentDeclined(
                    "Your card has insufficient funds. Try another card.".into(),
                ));
            }
            "expired_card" => {
                return Err(AppError::PaymentDeclined(
                    "Your card has expired. Try another card.".into(),
                ));
            }
            _ => {}
        }
        let (secret, _) = new_token();
        let id = format!("ch_sandbox_{}", &secret[..24]);
        sqlx::query(
            "INSERT INTO sandbox_charges (id, idempotency_key, token, currency, authorized_minor, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(idempotency_key)
        .bind(token)
        .bind(amount.currency().code())
        .bind(amount.minor())
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("storing a sandbox charge")?;
        let row = sqlx::query(
            "SELECT id, token, authorized_minor, currency FROM sandbox_charges WHERE idempotency_key = $1",
        )
        .bind(idempotency_key)
        .fetch_one(&self.db.pool)
        .await
        .internal("reading a sandbox charge")?;
        let same = row.try_get::<String, _>(1).internal("token")? == token
            && row.try_get::<i64, _>(2).internal("amount")? == amount.minor()
            && row.try_get::<String, _>(3).internal("currency")? == amount.currency().code();
        if !same {
            return Err(AppError::Conflict(
                "This payment was already made with different details.".into(),
            ));
        }
        row.try_get(0).internal("charge id")
    }

    async fn capture(&self, charge: &str, amount: Money) -> AppResult<()> {
        self.adjust(
            charge,
            "UPDATE sandbox_charges SET captured_minor = captured_minor + $2
             WHERE id = $1 AND captured_minor + released_minor + $2 <= authorized_minor",
            amount,
            "captured",
        )
        .await
    }

    async fn release(&self, charge: &str, amount: Money) -> AppResult<()> {
        self.adjust(
            charge,
            "UPDATE sandbox_charges SET released_minor = released_minor + $2
             WHERE id = $1 AND captured_minor + released_minor + $2 <= authorized_minor",
            amount,
            "released",
        )
        .await
    }

    async fn refund(&self, charge: &str, amount: Money) -> AppResult<()> {
        self.adjust(
            charge,
            "UPDATE sandbox_charges SET refunded_minor = refunded_minor + $2
             WHERE id = $1 AND refunded_minor + $2 <= captured_minor",
            amount,
            "refunded",
        )
        .await
    }
}

/// The server functions' view of payments: tokenising a card.
pub struct Payments {
    gateway: Arc<dyn Gateway>,
    clock: Arc<dyn Clock>,
}

impl Payments {
    pub fn new(gateway: Arc<dyn Gateway>, clock: Arc<dyn Clock>) -> Self {
        Self { gateway, clock }
    }
}

#[async_trait]
impl PaymentService for Payments {
    async fn tokenize(&self, number: &str, expiry: &str, cvc: &str) -> AppResult<CardToken> {
        use chrono::Datelike;
        let number = CardNumber::parse(number).map_err(|e| AppError::validation("number", e.0))?;
        let today = self.clock.now();
        let expiry = Expiry::parse(expiry, (today.year(), today.month()))
            .map_err(|e| AppError::validation("expiry", e.0))?;
        app::domain::card::check_cvc(cvc, number.brand())
            .map_err(|e| AppError::validation("cvc", e.0))?;
        self.gateway.tokenize(&number, expiry).await
    }
}

//! The payment gateway interface and the built-in sandbox gateway.
//!
//! The sandbox behaves like a real gateway in test mode and keeps its own books in
//! `sandbox_cards` and `sandbox_charges`, standing in for the gateway's servers. It
//! knows the usual test numbers: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
//! declined, 4000 0000 0000 9995 fails for insufficient funds and
//! 4000 0000 0000 0069 is refused as expired; 4000 0000 0000 0259 and
//! 4000 0000 0000 2685 succeed, and a day after capture the payment is disputed
//! (as fraudulent, and as never received); any other valid number succeeds.
//!
//! Sandbox disputes are decided three days after the store answers: the store wins
//! when its evidence shows a delivery scan, or (for a fraud claim) carries at least
//! one document; otherwise the buyer wins. Unanswered disputes are lost at the
//! response deadline.
//! Card numbers are never stored or logged: only the last four digits and the brand.
//!
//! **The sandbox gateway is a gateway, not a stub.** `services::money::payments::Gateway` is
//! the interface (tokenise, authorise, capture, release, refund); the built-in
//! `SandboxGateway` keeps its own books (`sandbox_cards`, `sandbox_charges`, with
//! `CHECK`s that captures never exceed the authorisation and refunds never exceed
//! captures) and answers to the usual test numbers: `4242 4242 4242 4242` succeeds,
//! `4000 0000 0000 0002` is declined, `4000 0000 0000 9995` fails for insufficient
//! funds, `4000 0000 0000 0069` is refused as expired, and `4000 0000 0000 0259` and
//! `4000 0000 0000 2685` succeed and are then disputed (see disputes). Only the token,
//! brand and last four digits are stored; `CardNumber`'s `Debug` prints only the last
//! four.

use crate::clock::Clock;
use crate::clock::DAY_MS;
use crate::platform::OrInternal;
use crate::platform::new_token;
use crate::storage::{Db, Row};
use app::backend::PaymentService;
use app::domain::card::{CardNumber, Expiry};
use app::domain::dispute::{DisputeReason, RESPONSE_DAYS};
use app::domain::{Currency, Money};
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
    /// The disputes the gateway has opened on charges captured in the last 30 days.
    async fn disputes(&self) -> AppResult<Vec<GatewayDispute>>;
    /// Sends a store's answer to a dispute (once, before its deadline).
    async fn submit_evidence(&self, charge: &str, evidence: &DisputeEvidence) -> AppResult<()>;
    /// The decision on a disputed charge once there is one: `Some(true)` when the
    /// store won.
    async fn dispute_decision(&self, charge: &str) -> AppResult<Option<bool>>;
}

/// A dispute a gateway opened on a captured charge.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayDispute {
    pub charge: String,
    pub reason: DisputeReason,
    pub amount: Money,
    pub opened_at: i64,
    pub due_at: i64,
}

/// A store's answer to a dispute, as the gateway receives it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DisputeEvidence {
    pub reason: String,
    pub statement: String,
    pub documents: usize,
    /// "UPS 1Z…" when the order shipped with tracking.
    pub tracking: Option<String>,
    pub delivered: bool,
}

/// Sandbox: a disputing card's payment is disputed this long after capture.
const DISPUTE_AFTER_MS: i64 = DAY_MS;
/// Sandbox: an answered dispute is decided this long after the answer.
const DECIDE_AFTER_MS: i64 = 3 * DAY_MS;

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
        "4000000000000259" => "dispute_fraudulent",
        "4000000000002685" => "dispute_product_not_received",
        _ => "succeeds",
    }
}

/// The sandbox's fingerprint of a card number: a hash, the same for every token of the
/// number, from which the number cannot be read back.
fn fingerprint(number: &CardNumber) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(format!("sandbox-card:{}", number.digits()));
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("fp_{}", &hex[..24])
}

#[async_trait]
impl Gateway for SandboxGateway {
    async fn tokenize(&self, number: &CardNumber, expiry: Expiry) -> AppResult<CardToken> {
        let (secret, _) = new_token();
        let token = format!("tok_sandbox_{}", &secret[..24]);
        let brand = number.brand().name().to_owned();
        let fingerprint = fingerprint(number);
        sqlx::query(
            "INSERT INTO sandbox_cards (token, brand, last4, exp_month, exp_year, outcome, created_at, fingerprint)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&token)
        .bind(&brand)
        .bind(number.last4())
        .bind(i64::from(expiry.month))
        .bind(i64::from(expiry.year))
        .bind(outcome(number))
        .bind(self.clock.now_ms())
        .bind(&fingerprint)
        .execute(&self.db.pool)
        .await
        .internal("storing a sandbox card")?;
        Ok(CardToken {
            token,
            brand,
            last4: number.last4().to_owned(),
            exp_month: expiry.month,
            exp_year: expiry.year,
            fingerprint,
        })
    }

    async fn card(&self, token: &str) -> AppResult<Option<CardToken>> {
        let Some(row) = sqlx::query(
            "SELECT brand, last4, exp_month, exp_year, fingerprint FROM sandbox_cards WHERE token = $1",
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
            brand: row.try_get("brand").internal("brand")?,
            last4: row.try_get("last4").internal("last4")?,
            exp_month: u32::try_from(row.try_get::<i64, _>("exp_month").internal("month")?)
                .internal("month")?,
            exp_year: i32::try_from(row.try_get::<i64, _>("exp_year").internal("year")?)
                .internal("year")?,
            // Tokens issued before fingerprints were kept stand for themselves.
            fingerprint: row
                .try_get::<Option<String>, _>("fingerprint")
                .internal("fingerprint")?
                .unwrap_or_else(|| token.to_owned()),
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
        let outcome: String = card.try_get("outcome").internal("outcome")?;
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
        let same = row.try_get::<String, _>("token").internal("token")? == token
            && row
                .try_get::<i64, _>("authorized_minor")
                .internal("amount")?
                == amount.minor()
            && row.try_get::<String, _>("currency").internal("currency")?
                == amount.currency().code();
        if !same {
            return Err(AppError::Conflict(
                "This payment was already made with different details.".into(),
            ));
        }
        row.try_get("id").internal("charge id")
    }

    async fn capture(&self, charge: &str, amount: Money) -> AppResult<()> {
        self.adjust(
            charge,
            "UPDATE sandbox_charges SET captured_minor = captured_minor + $2
             WHERE id = $1 AND captured_minor + released_minor + $2 <= authorized_minor",
            amount,
            "captured",
        )
        .await?;
        sqlx::query(
            "UPDATE sandbox_charges SET captured_at = COALESCE(captured_at, $2) WHERE id = $1",
        )
        .bind(charge)
        .bind(self.clock.now_ms())
        .execute(&self.db.pool)
        .await
        .internal("noting a capture")?;
        Ok(())
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

    async fn disputes(&self) -> AppResult<Vec<GatewayDispute>> {
        let now = self.clock.now_ms();
        let rows = sqlx::query(
            "SELECT c.id, k.outcome, c.captured_minor - c.refunded_minor AS amount, c.currency, c.captured_at
             FROM sandbox_charges c JOIN sandbox_cards k ON k.token = c.token
             WHERE k.outcome LIKE 'dispute_%' AND c.captured_at IS NOT NULL
               AND c.captured_at <= $1 AND c.captured_at > $2 AND c.captured_minor > c.refunded_minor",
        )
        .bind(now - DISPUTE_AFTER_MS)
        .bind(now - 30 * DAY_MS)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing sandbox disputes")?;
        rows.iter()
            .map(|r| {
                let outcome: String = r.try_get("outcome").internal("outcome")?;
                let reason = DisputeReason::parse(outcome.trim_start_matches("dispute_"))
                    .internal("sandbox dispute")?;
                let currency: String = r.try_get("currency").internal("currency")?;
                let currency = Currency::parse(&currency).internal("sandbox dispute")?;
                let opened_at =
                    r.try_get::<i64, _>("captured_at").internal("captured at")? + DISPUTE_AFTER_MS;
                Ok(GatewayDispute {
                    charge: r.try_get("id").internal("charge")?,
                    reason,
                    amount: Money::new(r.try_get("amount").internal("amount")?, currency),
                    opened_at,
                    due_at: opened_at + RESPONSE_DAYS * DAY_MS,
                })
            })
            .collect()
    }

    async fn submit_evidence(&self, charge: &str, evidence: &DisputeEvidence) -> AppResult<()> {
        let now = self.clock.now_ms();
        let opened = self
            .opened_at(charge)
            .await?
            .filter(|at| *at <= now)
            .ok_or_else(|| AppError::not_found("dispute"))?;
        if now > opened + RESPONSE_DAYS * DAY_MS {
            return Err(AppError::Conflict(
                "The deadline to answer this dispute has passed.".into(),
            ));
        }
        let json = serde_json::to_string(evidence).internal("writing evidence")?;
        let stored = sqlx::query(
            "INSERT INTO sandbox_disputes (charge_id, evidence, submitted_at) VALUES ($1, $2, $3)
             ON CONFLICT (charge_id) DO NOTHING",
        )
        .bind(charge)
        .bind(json)
        .bind(now)
        .execute(&self.db.pool)
        .await
        .internal("storing sandbox evidence")?
        .rows_affected();
        if stored == 0 {
            return Err(AppError::Conflict(
                "This dispute has already been answered.".into(),
            ));
        }
        Ok(())
    }

    async fn dispute_decision(&self, charge: &str) -> AppResult<Option<bool>> {
        let now = self.clock.now_ms();
        let Some(opened) = self.opened_at(charge).await? else {
            return Ok(None);
        };
        let answer =
            sqlx::query("SELECT evidence, submitted_at FROM sandbox_disputes WHERE charge_id = $1")
                .bind(charge)
                .fetch_optional(&self.db.pool)
                .await
                .internal("reading sandbox evidence")?;
        let Some(answer) = answer else {
            // Unanswered by the deadline: the buyer wins.
            return Ok((now > opened + RESPONSE_DAYS * DAY_MS).then_some(false));
        };
        let submitted: i64 = answer.try_get("submitted_at").internal("submitted at")?;
        if now < submitted + DECIDE_AFTER_MS {
            return Ok(None);
        }
        let evidence: DisputeEvidence = serde_json::from_str(
            &answer
                .try_get::<String, _>("evidence")
                .internal("evidence")?,
        )
        .internal("reading evidence")?;
        let won = evidence.delivered
            || (evidence.reason == DisputeReason::Fraudulent.as_str() && evidence.documents > 0);
        Ok(Some(won))
    }
}

impl SandboxGateway {
    /// When the sandbox opens charge's dispute, if it disputes it at all.
    async fn opened_at(&self, charge: &str) -> AppResult<Option<i64>> {
        let row = sqlx::query(
            "SELECT c.captured_at FROM sandbox_charges c JOIN sandbox_cards k ON k.token = c.token
             WHERE c.id = $1 AND k.outcome LIKE 'dispute_%' AND c.captured_at IS NOT NULL",
        )
        .bind(charge)
        .fetch_optional(&self.db.pool)
        .await
        .internal("reading a sandbox dispute")?;
        row.map(|r| {
            r.try_get::<i64, _>("captured_at")
                .map(|at| at + DISPUTE_AFTER_MS)
        })
        .transpose()
        .internal("capture time")
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
    #[tracing::instrument(skip_all)]
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

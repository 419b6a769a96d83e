//! Payment disputes. The gateway opens them; [`sync`] (a job) records each new one
//! with its chargeback in the store's ledger, and applies the gateway's decisions
//! (a won dispute gives the chargeback back). The store answers with a statement and
//! documents; the order's tracking goes with them.
//!
//! **Disputes come from the gateway and move the ledger twice at most.** The gateway
//! interface lists the disputes it opened, takes a store's evidence and gives its
//! decision; the minute job records a new dispute with a `chargeback` entry (the
//! disputed amount, at once) and a won one with a `chargeback_reversal`, each in the
//! transaction that changes the dispute's status, so a decision is applied once. The
//! store answers once before the deadline (7 days) with a statement and up to five
//! uploaded images; the order's carrier, tracking number and delivery go with them. The
//! sandbox opens a dispute a day after capturing a payment made with `4000 0000 0000
//! 0259` (fraud) or `4000 0000 0000 2685` (not received), decides three days after the
//! answer (the store wins with a delivery scan, or with a document against a fraud
//! claim) and decides for the buyer when the deadline passes unanswered.
//! `/sell/payments/disputes.csv` exports them. The demo store starts with one to
//! answer.

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::services::money::ledger::{Entry, post};
use crate::services::money::payments::{DisputeEvidence, Gateway};
use crate::storage::{Db, Row};
use app::backend::DisputeService;
use app::domain::dispute::{DisputeReason, DisputeStatus, EvidenceDraft};
use app::domain::ledger::EntryKind;
use app::domain::{Currency, DisputeId, Money, OrderId, StoreId};
use app::error::{AppError, AppResult};
use app::model::{DisputeList, DisputeView, ImageRef};
use async_trait::async_trait;
use std::sync::Arc;

/// Records disputes the gateway opened and decisions it made: how many changed.
#[tracing::instrument(skip_all)]
pub async fn sync(db: &Db, gateway: &dyn Gateway, now: i64) -> AppResult<u64> {
    let mut changed = 0;
    for d in gateway.disputes().await? {
        let order = sqlx::query("SELECT id, store_id FROM orders WHERE charge_id = $1")
            .bind(&d.charge)
            .fetch_optional(&db.pool)
            .await
            .internal("finding a disputed order")?;
        let Some(order) = order else {
            tracing::warn!(charge = d.charge, "a dispute on a charge no order has");
            continue;
        };
        let order_id: i64 = order.try_get("id").internal("order")?;
        let store: i64 = order.try_get("store_id").internal("store")?;
        let mut tx = db.begin().await.internal("starting a dispute")?;
        let opened = sqlx::query(
            "INSERT INTO disputes (store_id, order_id, charge_id, reason, amount_minor, currency, opened_at, due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (order_id) DO NOTHING",
        )
        .bind(store)
        .bind(order_id)
        .bind(&d.charge)
        .bind(d.reason.as_str())
        .bind(d.amount.minor())
        .bind(d.amount.currency().code())
        .bind(d.opened_at)
        .bind(d.due_at)
        .execute(&mut *tx)
        .await
        .internal("recording a dispute")?
        .rows_affected();
        if opened == 1 {
            let memo = format!("Dispute: {}", d.reason.label());
            post(
                &mut tx,
                Entry {
                    store: StoreId(store),
                    order: Some(OrderId(order_id)),
                    kind: EntryKind::Chargeback,
                    amount: Money::new(-d.amount.minor(), d.amount.currency()),
                    memo: &memo,
                    available_at: now,
                },
                now,
            )
            .await?;
            changed += 1;
        }
        tx.commit().await.internal("committing a dispute")?;
    }

    let open = sqlx::query(
        "SELECT id, store_id, order_id, charge_id, amount_minor, currency FROM disputes
         WHERE status IN ('needs_response', 'under_review') ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .internal("listing open disputes")?;
    for r in &open {
        let id: i64 = r.try_get("id").internal("dispute")?;
        let charge: String = r.try_get("charge_id").internal("charge")?;
        let Some(won) = gateway.dispute_decision(&charge).await? else {
            continue;
        };
        let currency = Currency::parse(&r.try_get::<String, _>("currency").internal("currency")?)
            .internal("currency")?;
        let amount = Money::new(r.try_get("amount_minor").internal("amount")?, currency);
        let status = if won {
            DisputeStatus::Won
        } else {
            DisputeStatus::Lost
        };
        let mut tx = db.begin().await.internal("starting a dispute decision")?;
        let closed = sqlx::query(
            "UPDATE disputes SET status = $2, closed_at = $3
             WHERE id = $1 AND status IN ('needs_response', 'under_review')",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("closing a dispute")?
        .rows_affected();
        if closed == 1 && won {
            post(
                &mut tx,
                Entry {
                    store: StoreId(r.try_get("store_id").internal("store")?),
                    order: Some(OrderId(r.try_get("order_id").internal("order")?)),
                    kind: EntryKind::ChargebackReversal,
                    amount,
                    memo: "Dispute won",
                    available_at: now,
                },
                now,
            )
            .await?;
        }
        tx.commit()
            .await
            .internal("committing a dispute decision")?;
        changed += closed;
    }
    Ok(changed)
}

pub struct Disputes {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
}

impl Disputes {
    pub fn new(db: Db, clock: Arc<dyn Clock>, gateway: Arc<dyn Gateway>) -> Self {
        Self { db, clock, gateway }
    }

    async fn load(&self, store: StoreId, id: Option<i64>) -> AppResult<Vec<DisputeView>> {
        let rows = sqlx::query(
            "SELECT d.id, d.order_id, a.name, d.reason, d.status, d.amount_minor, d.currency, d.opened_at, d.due_at,
                    d.submitted_at, d.closed_at, d.statement, d.evidence_keys, o.carrier, o.tracking_number,
                    o.delivered_at
             FROM disputes d JOIN orders o ON o.id = d.order_id JOIN accounts a ON a.id = o.buyer_id
             WHERE d.store_id = $1 AND ($2 = 0 OR d.id = $2)
             ORDER BY CASE d.status WHEN 'needs_response' THEN 0 WHEN 'under_review' THEN 1 ELSE 2 END,
                      d.due_at, d.id DESC
             LIMIT 500",
        )
        .bind(store.0)
        .bind(id.unwrap_or(0))
        .fetch_all(&self.db.pool)
        .await
        .internal("loading disputes")?;
        rows.iter()
            .map(|r| {
                let reason: String = r.try_get("reason").internal("reason")?;
                let status: String = r.try_get("status").internal("status")?;
                let currency: String = r.try_get("currency").internal("currency")?;
                let keys: String = r.try_get("evidence_keys").internal("evidence")?;
                let carrier: Option<String> = r.try_get("carrier").internal("carrier")?;
                let number: Option<String> = r.try_get("tracking_number").internal("tracking")?;
                let tracking = match (carrier, number) {
                    (Some(c), Some(n)) => Some(format!(
                        "{} {n}",
                        app::domain::tracking::Carrier::parse(&c)
                            .map(|c| c.label())
                            .unwrap_or(c.as_str())
                    )),
                    _ => None,
                };
                Ok(DisputeView {
                    id: DisputeId(r.try_get("id").internal("id")?),
                    order: OrderId(r.try_get("order_id").internal("order")?),
                    buyer_name: r.try_get("name").internal("buyer")?,
                    reason: DisputeReason::parse(&reason).internal("reason")?,
                    status: DisputeStatus::parse(&status).internal("status")?,
                    amount: Money::new(
                        r.try_get("amount_minor").internal("amount")?,
                        Currency::parse(&currency).internal("currency")?,
                    ),
                    opened_at: from_ms(r.try_get("opened_at").internal("opened")?),
                    due_at: from_ms(r.try_get("due_at").internal("due")?),
                    submitted_at: r
                        .try_get::<Option<i64>, _>("submitted_at")
                        .internal("submitted")?
                        .map(from_ms),
                    closed_at: r
                        .try_get::<Option<i64>, _>("closed_at")
                        .internal("closed")?
                        .map(from_ms),
                    statement: r.try_get("statement").internal("statement")?,
                    documents: keys
                        .split_whitespace()
                        .map(|k| ImageRef {
                            key: k.to_owned(),
                            alt: "Evidence document".into(),
                        })
                        .collect(),
                    tracking,
                    delivered: r
                        .try_get::<Option<i64>, _>("delivered_at")
                        .internal("delivered")?
                        .is_some(),
                })
            })
            .collect()
    }
}

#[async_trait]
impl DisputeService for Disputes {
    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn list(&self, store: StoreId) -> AppResult<DisputeList> {
        let disputes = self.load(store, None).await?;
        let needs_response = disputes
            .iter()
            .filter(|d| d.status == DisputeStatus::NeedsResponse)
            .count() as i64;
        Ok(DisputeList {
            disputes,
            needs_response,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store, id))]
    async fn dispute(&self, store: StoreId, id: DisputeId) -> AppResult<DisputeView> {
        let id = id.0;
        if id <= 0 {
            return Err(AppError::not_found("dispute"));
        }
        self.load(store, Some(id))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::not_found("dispute"))
    }

    #[tracing::instrument(skip_all, fields(store = %store, id))]
    async fn answer(
        &self,
        store: StoreId,
        id: DisputeId,
        evidence: EvidenceDraft,
    ) -> AppResult<DisputeView> {
        let dispute = self.dispute(store, id).await?;
        let evidence = evidence
            .check()
            .map_err(|(field, e)| AppError::validation(field, e.0))?;
        if dispute.status != DisputeStatus::NeedsResponse {
            return Err(AppError::Conflict(
                "This dispute has already been answered.".into(),
            ));
        }
        if self.clock.now() > dispute.due_at {
            return Err(AppError::Conflict(
                "The deadline to answer this dispute has passed.".into(),
            ));
        }
        for key in &evidence.documents {
            let ours = sqlx::query(
                "SELECT COUNT(*) FROM image_owners WHERE image_key = $1 AND store_id = $2",
            )
            .bind(key)
            .bind(store.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("checking a document")?
            .try_get::<i64, _>(0)
            .internal("document")?;
            if ours == 0 {
                return Err(AppError::validation(
                    "documents",
                    "One of the documents was not uploaded here; upload it again.",
                ));
            }
        }
        // Claim the answer first, so two answers at once send only one.
        let now = self.clock.now_ms();
        let claimed = sqlx::query(
            "UPDATE disputes SET status = 'under_review', statement = $3, evidence_keys = $4, submitted_at = $5
             WHERE id = $1 AND store_id = $2 AND status = 'needs_response' RETURNING charge_id",
        )
        .bind(id.0)
        .bind(store.0)
        .bind(&evidence.statement)
        .bind(evidence.documents.join(" "))
        .bind(now)
        .fetch_optional(&self.db.pool)
        .await
        .internal("recording an answer")?;
        let Some(claimed) = claimed else {
            return Err(AppError::Conflict(
                "This dispute has already been answered.".into(),
            ));
        };
        let charge: String = claimed.try_get(0).internal("charge")?;
        let sent = self
            .gateway
            .submit_evidence(
                &charge,
                &DisputeEvidence {
                    reason: dispute.reason.as_str().to_owned(),
                    statement: evidence.statement.clone(),
                    documents: evidence.documents.len(),
                    tracking: dispute.tracking.clone(),
                    delivered: dispute.delivered,
                },
            )
            .await;
        if let Err(e) = sent {
            // The gateway did not take it: the store may answer again.
            sqlx::query(
                "UPDATE disputes SET status = 'needs_response', submitted_at = NULL WHERE id = $1 AND status = 'under_review'",
            )
            .bind(id.0)
            .execute(&self.db.pool)
            .await
            .internal("undoing an answer")?;
            return Err(e);
        }
        self.dispute(store, id).await
    }
}

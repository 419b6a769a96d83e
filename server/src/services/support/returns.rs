//! Returns, the `return_refund` ticket: asked for within the return window after
//! delivery (`domain::returns::may_return`), accepted with instructions or declined
//! with a reason by the seller, sent back with a validated tracking number by the
//! buyer, and refunded (optionally restocked) when the seller marks it received.
//!
//! Every step is a compare-and-set on `tickets.return_state` together with the
//! ticket's own status move, in one transaction, so a double click moves it once.
//! Marking it received claims the ticket (closed, `received`) before the refund runs
//! through the order's refund path, and puts both back if the refund is refused.
//! After a decline the buyer may ask the marketplace at once (`appeal`): the ticket
//! is escalated without waiting 48 hours, once.

use super::{MOVED, Support, TicketRow, add_message, author_id, load, move_ticket, notify, party};
use crate::clock::from_ms;
use crate::platform::OrInternal;
use crate::services::orders::{self, Scope};
use crate::storage::Row;
use app::backend::Side;
use app::domain::returns::{ReturnEvent, ReturnState, may_return};
use app::domain::support::{Party, TicketEvent, TicketKind, TicketStatus};
use app::domain::tracking::{Carrier, TrackingNumber};
use app::domain::{AccountId, Money, OrderId, OrderItemId, TicketId};
use app::error::{AppError, AppResult};
use app::model::{NewTicket, OrderDetail, RefundLine, ReturnView, Settlement, TicketDetail};

/// The units of a return as stored: "item:quantity" pairs (`record_return` writes them).
pub(super) fn parse_lines(stored: &str) -> Vec<RefundLine> {
    stored
        .split_whitespace()
        .filter_map(|pair| {
            let (item, quantity) = pair.split_once(':')?;
            Some(RefundLine {
                item: OrderItemId(item.parse().ok()?),
                quantity: quantity.parse().ok()?,
            })
        })
        .collect()
}

fn state_of(row: &TicketRow) -> Option<ReturnState> {
    row.return_state.as_deref().and_then(ReturnState::parse)
}

/// Moves the return from `from` to `to` if it still is in `from`.
async fn move_return(
    tx: &mut crate::services::money::ledger::Tx<'_>,
    id: TicketId,
    from: &[ReturnState],
    to: ReturnState,
) -> AppResult<bool> {
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let moved = sqlx::query(&format!(
        "UPDATE tickets SET return_state = $2 WHERE id = $1 AND return_state IN ({})",
        from.join(", ")
    ))
    .bind(id.0)
    .bind(to.as_str())
    .execute(&mut **tx)
    .await
    .internal("moving a return")?
    .rows_affected();
    Ok(moved == 1)
}

impl Support {
    /// The units a new return asks back: the lines sent, or the item and quantity, or
    /// everything not refunded yet; refused outside the return window.
    pub(super) async fn check_return(
        &self,
        order: &OrderDetail,
        t: &NewTicket,
    ) -> AppResult<Vec<RefundLine>> {
        let delivered: Option<i64> = sqlx::query("SELECT delivered_at FROM orders WHERE id = $1")
            .bind(order.id.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("reading the delivery")?
            .try_get("delivered_at")
            .internal("reading the delivery")?;
        may_return(delivered.map(from_ms), self.clock.now(), self.return_days)
            .map_err(AppError::Conflict)?;
        let left = |item: OrderItemId| {
            order
                .items
                .iter()
                .find(|i| i.id == item)
                .map(|i| i.quantity - i.refunded_quantity)
        };
        let asked: Vec<RefundLine> = if !t.lines.is_empty() {
            t.lines.clone()
        } else if let Some(item) = t.item {
            let item = OrderItemId(item);
            let quantity = t.quantity.or_else(|| left(item)).unwrap_or(0);
            vec![RefundLine { item, quantity }]
        } else {
            order
                .items
                .iter()
                .filter(|i| i.quantity > i.refunded_quantity)
                .map(|i| RefundLine {
                    item: i.id,
                    quantity: i.quantity - i.refunded_quantity,
                })
                .collect()
        };
        if asked.is_empty() {
            return Err(AppError::Conflict(
                "Everything on this order was refunded already.".into(),
            ));
        }
        for (n, line) in asked.iter().enumerate() {
            let most = left(line.item)
                .ok_or_else(|| AppError::validation("item", "Pick an item of this order."))?;
            if asked[..n].iter().any(|l| l.item == line.item) {
                return Err(AppError::validation("item", "Each item once, please."));
            }
            if line.quantity < 1 || line.quantity > most {
                return Err(AppError::validation(
                    "quantity",
                    if most == 0 {
                        "That item was refunded already.".to_string()
                    } else {
                        format!("Return between 1 and {most}.")
                    },
                ));
            }
        }
        Ok(asked)
    }

    /// The return of a `return_refund` ticket, as both sides see it.
    pub(super) fn return_view(&self, row: &TicketRow, order: &OrderDetail) -> Option<ReturnView> {
        let state = state_of(row)?;
        let units = parse_lines(&row.return_lines);
        let currency = order.amounts.total.currency();
        let mut value = 0;
        let lines = units
            .iter()
            .filter_map(|l| {
                let item = order.items.iter().find(|i| i.id == l.item)?;
                value += item.unit_price.minor() * l.quantity;
                Some(format!(
                    "{} × {} ({})",
                    l.quantity, item.title, item.variant_label
                ))
            })
            .collect();
        let carrier = row
            .return_carrier
            .as_deref()
            .and_then(|c| Carrier::parse(c).ok());
        Some(ReturnView {
            state,
            lines,
            units,
            instructions: row.return_instructions.clone(),
            carrier: carrier.map(|c| c.label().to_owned()),
            tracking_url: carrier
                .zip(row.return_tracking.as_deref())
                .map(|(c, n)| c.tracking_url(n)),
            tracking_number: row.return_tracking.clone(),
            value: Money::new(value, currency),
            window_days: self.return_days,
        })
    }

    /// Accepting, declining or receiving a return (staff).
    pub(super) async fn settle_return(
        &self,
        side: Side,
        row: TicketRow,
        settlement: Settlement,
        note: &str,
    ) -> AppResult<TicketDetail> {
        let id = TicketId(row.id);
        if row.kind() != TicketKind::ReturnRefund || state_of(&row).is_none() {
            return Err(AppError::Conflict("This ticket is not a return.".into()));
        }
        let store = Self::acting_store(side, &row)?;
        let from = row.status();
        let by = party(side);
        let now = self.clock.now_ms();
        let note = note.trim();
        match settlement {
            Settlement::AcceptReturn { instructions } => {
                let instructions = instructions.trim().to_owned();
                if instructions.is_empty() || instructions.chars().count() > 2000 {
                    return Err(AppError::validation(
                        "instructions",
                        "Tell the buyer where and how to send it back (up to 2000 characters).",
                    ));
                }
                let to = from
                    .after(TicketEvent::Reply(by))
                    .ok_or_else(|| AppError::Conflict("This ticket is closed.".into()))?;
                let text = format!("Return accepted. {instructions}");
                self.step(
                    side,
                    &row,
                    (&[ReturnState::Requested], ReturnState::Accepted),
                    (from, to),
                    &text,
                    now,
                    |tx| {
                        Box::pin(async move {
                            sqlx::query(
                                "UPDATE tickets SET return_instructions = $2 WHERE id = $1",
                            )
                            .bind(id.0)
                            .bind(&instructions)
                            .execute(&mut **tx)
                            .await
                            .internal("recording return instructions")?;
                            Ok(())
                        })
                    },
                )
                .await
            }
            Settlement::DeclineReturn => {
                if note.is_empty() {
                    return Err(AppError::validation(
                        "reason",
                        "Say why the return is declined.",
                    ));
                }
                let to = from
                    .after(TicketEvent::Decline)
                    .ok_or_else(|| AppError::Conflict("This ticket is closed.".into()))?;
                let text = if row.escalated_at.is_none() {
                    format!(
                        "Return declined: {note} If you disagree, you can ask the marketplace to step in."
                    )
                } else {
                    format!("Return declined: {note}")
                };
                self.step(
                    side,
                    &row,
                    (&[ReturnState::Requested], ReturnState::Declined),
                    (from, to),
                    &text,
                    now,
                    |_| Box::pin(async { Ok(()) }),
                )
                .await
            }
            Settlement::ReturnReceived { restock } => {
                let state = state_of(&row).ok_or(AppError::Internal)?;
                if state.after(ReturnEvent::Receive).is_none() {
                    return Err(AppError::Conflict(
                        "Only an accepted return can be marked received.".into(),
                    ));
                }
                if from.after(TicketEvent::Resolve).is_none() {
                    return Err(AppError::Conflict("This ticket is closed.".into()));
                }
                // Claim: received and closed together, so two clicks refund once.
                let mut tx = self.db.begin().await.internal("starting a return")?;
                if !move_return(&mut tx, id, &[state], ReturnState::Received).await?
                    || !move_ticket(&mut tx, id, from, TicketStatus::Closed, by, now).await?
                {
                    return Err(AppError::Conflict(MOVED.into()));
                }
                tx.commit().await.internal("claiming a return")?;
                let order = OrderId(row.order_id);
                let before = orders::row(&self.db, Scope::Store(store), order).await?;
                let reason = format!("Returned (ticket #{})", id.0);
                let refunded = self
                    .fulfilment
                    .refund(
                        store,
                        order,
                        parse_lines(&row.return_lines),
                        &reason,
                        restock,
                    )
                    .await;
                let after = match refunded {
                    Ok(detail) => detail,
                    Err(e) => {
                        let mut undo = self.db.begin().await.internal("starting an undo")?;
                        sqlx::query(
                            "UPDATE tickets SET status = $2, return_state = $3, closed_at = NULL, waiting_since = $4
                             WHERE id = $1 AND status = 'closed' AND return_state = 'received'",
                        )
                        .bind(id.0)
                        .bind(from.as_str())
                        .bind(state.as_str())
                        .bind(row.waiting_since)
                        .execute(&mut *undo)
                        .await
                        .internal("undoing a return claim")?;
                        undo.commit().await.internal("committing an undo")?;
                        return Err(e);
                    }
                };
                let amount = Money::new(
                    after.order.refunded.minor() - before.refunded_minor,
                    before.currency(),
                );
                let mut resolution = format!("Return received. Refunded {amount} to your card.");
                if !note.is_empty() {
                    resolution = format!("{resolution} {note}");
                }
                self.finish_settlement(side, id, by, &resolution, now).await
            }
            _ => Err(AppError::Internal),
        }
    }

    /// One step of a return: the return and the ticket move together, with a message
    /// and one mail to the other side, or nothing happens.
    #[allow(clippy::too_many_arguments)]
    async fn step<F>(
        &self,
        side: Side,
        row: &TicketRow,
        (from_state, to_state): (&[ReturnState], ReturnState),
        (from, to): (TicketStatus, TicketStatus),
        text: &str,
        now: i64,
        also: F,
    ) -> AppResult<TicketDetail>
    where
        F: for<'a, 'b> FnOnce(
            &'a mut crate::services::money::ledger::Tx<'b>,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = AppResult<()>> + Send + 'a>,
        >,
    {
        let id = TicketId(row.id);
        let by = party(side);
        let mut tx = self.db.begin().await.internal("starting a return step")?;
        if !move_return(&mut tx, id, from_state, to_state).await?
            || !move_ticket(&mut tx, id, from, to, by, now).await?
        {
            return Err(AppError::Conflict(MOVED.into()));
        }
        also(&mut tx).await?;
        add_message(&mut tx, id, (by, author_id(side)), text, &[], None, now).await?;
        notify(&mut tx, id, by, text, &self.public_url, now, self.log_mail).await?;
        tx.commit().await.internal("committing a return step")?;
        self.reread(side, id).await
    }

    /// The buyer sent the return back: its carrier and tracking number, validated as
    /// a seller's are. The seller's turn, without a 48-hour clock (parcels take days).
    pub(super) async fn ship_back(
        &self,
        buyer: AccountId,
        id: TicketId,
        carrier: &str,
        number: &str,
    ) -> AppResult<TicketDetail> {
        let side = Side::Buyer(buyer);
        let row = load(&self.db, side, id).await?;
        if state_of(&row) != Some(ReturnState::Accepted) {
            return Err(AppError::Conflict(
                "A tracking number goes with an accepted return.".into(),
            ));
        }
        let carrier =
            Carrier::parse(carrier).map_err(|e| AppError::validation("carrier", e.to_string()))?;
        let tracking = TrackingNumber::parse(carrier, number)
            .map_err(|e| AppError::validation("tracking_number", e.to_string()))?;
        let from = row.status();
        let to = from
            .after(TicketEvent::BuyerMessage)
            .ok_or_else(|| AppError::Conflict("This ticket is closed.".into()))?;
        let now = self.clock.now_ms();
        let text = format!(
            "Sent back with {}, tracking number {}.",
            carrier.label(),
            tracking.as_str()
        );
        let number = tracking.as_str().to_owned();
        self.step(side, &row, (&[ReturnState::Accepted], ReturnState::Shipped), (from, to), &text, now, |tx| {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE tickets SET return_carrier = $2, return_tracking = $3, waiting_since = NULL WHERE id = $1",
                )
                .bind(id.0)
                .bind(carrier.as_str())
                .bind(&number)
                .execute(&mut **tx)
                .await
                .internal("recording the return's tracking")?;
                Ok(())
            })
        })
        .await
    }

    /// After a declined return, the buyer asks the marketplace to decide: escalated at
    /// once, and only once.
    pub(super) async fn appeal(&self, buyer: AccountId, id: TicketId) -> AppResult<TicketDetail> {
        let side = Side::Buyer(buyer);
        let row = load(&self.db, side, id).await?;
        if state_of(&row) != Some(ReturnState::Declined) || row.escalated_at.is_some() {
            return Err(AppError::Conflict(
                "The marketplace can be asked after the seller declines a return, once.".into(),
            ));
        }
        let from = row.status();
        if from.after(TicketEvent::Appeal).is_none() {
            return Err(AppError::Conflict(MOVED.into()));
        }
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting an appeal")?;
        let moved = sqlx::query(
            "UPDATE tickets SET status = 'escalated', escalated_at = $2, waiting_since = NULL,
                    buyer_unread = 0, seller_unread = 1, updated_at = $2
             WHERE id = $1 AND status = $3 AND escalated_at IS NULL",
        )
        .bind(id.0)
        .bind(now)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await
        .internal("escalating a ticket")?
        .rows_affected();
        if moved != 1 {
            return Err(AppError::Conflict(MOVED.into()));
        }
        let text = "The buyer asked the marketplace to look at the declined return. Marketplace support answers here.";
        add_message(&mut tx, id, (Party::System, None), text, &[], None, now).await?;
        notify(
            &mut tx,
            id,
            Party::System,
            text,
            &self.public_url,
            now,
            self.log_mail,
        )
        .await?;
        tx.commit().await.internal("committing an appeal")?;
        self.reread(side, id).await
    }
}

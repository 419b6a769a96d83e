//! A seller's orders: the queues, confirmation, shipment with a validated tracking
//! number (capturing the payment), cancellation before shipment and refunds after it,
//! and the carrier's scans moving shipped orders to delivered.
//!
//! Money moves in two steps so the gateway is never called inside a transaction and
//! a double submit never moves money twice: a conditional update first claims the
//! change on the order (`captured_minor` for a shipment, `refunded_minor` and the
//! items' `refunded_quantity` for a refund); then the gateway is called; then one
//! transaction records the status, the timeline and the ledger entries. If the gateway
//! refuses, the claim is undone and nothing else has changed.
//!
//! **Fulfilment moves money in three steps, never inside a transaction with the
//! gateway.** Shipping first claims the order (`captured_minor = total` where it is
//! confirmed and nothing was captured), then captures through the gateway, then writes
//! the status, the timeline event and the ledger entries in one transaction; if the
//! gateway refuses, the claim is undone. Refunds claim `refunded_minor` (compared with
//! the value read) and the items' `refunded_quantity` the same way. So a double submit
//! moves money once and no two refunds can exceed what was bought. Tracking numbers are
//! checked per carrier in `domain::tracking` (shape, and the check digit where the
//! carrier has one: UPS, USPS, FedEx, DHL Express, and the UPU S10 format used by China
//! Post / EMS and Royal Mail).

use crate::clock::DAY_MS;
use crate::clock::{Clock, from_ms};
use crate::config::MoneySettings;
use crate::platform::OrInternal;
use crate::services::money::ledger::{self, Entry};
use crate::services::money::payments::Gateway;
use crate::services::orders::carriers::CarrierTracker;
use crate::services::orders::{self, Scope};
use crate::storage::{Db, Row};
use app::backend::FulfilmentService;
use app::domain::ledger::{EntryKind, commission};
use app::domain::order_status::{OrderQueue, OrderStatus, TRACKING_DUE_DAYS};
use app::domain::tracking::{Carrier, TrackingNumber};
use app::domain::{Money, OrderId, StoreId};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

pub struct Fulfilment {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
    settings: MoneySettings,
}

impl Fulfilment {
    /// Claims a confirmed order for shipping, with its tracking number. A number
    /// already used for another shipment is refused: it would count as valid tracking
    /// twice in the seller standards. The number's row in `shipment_numbers` (its
    /// primary key) keeps two shipments racing for one number to one winner.
    async fn claim_shipment(db: &Db, id: OrderId, tracking: &TrackingNumber) -> AppResult<()> {
        let mut tx = db.begin().await.internal("starting a shipment claim")?;
        // Kept for this order unless some order has it; a shipment racing for it
        // waits here for the other to finish (PostgreSQL), then sees its row.
        sqlx::query(
            "INSERT INTO shipment_numbers (carrier, tracking_number, order_id) VALUES ($1, $2, $3)
             ON CONFLICT (carrier, tracking_number) DO NOTHING",
        )
        .bind(tracking.carrier().as_str())
        .bind(tracking.as_str())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .internal("keeping the tracking number")?;
        let owner: i64 = sqlx::query(
            "SELECT order_id FROM shipment_numbers WHERE carrier = $1 AND tracking_number = $2",
        )
        .bind(tracking.carrier().as_str())
        .bind(tracking.as_str())
        .fetch_one(&mut *tx)
        .await
        .internal("looking for the tracking number")?
        .try_get("order_id")
        .internal("the tracking number's order")?;
        let used_elsewhere = owner != id.0;
        if used_elsewhere {
            return Err(AppError::Validation {
                field: Some("tracking_number".into()),
                message: "This tracking number was already used for another shipment. Check the number on the parcel's label.".into(),
            });
        }
        let claimed = sqlx::query(
            "UPDATE orders SET captured_minor = total_minor WHERE id = $1 AND status = 'confirmed' AND captured_minor = 0",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .internal("claiming a shipment")?
        .rows_affected();
        if claimed == 0 {
            return Err(AppError::Conflict(
                "Only a confirmed order that has not shipped can be shipped. Confirm it first."
                    .into(),
            ));
        }
        tx.commit().await.internal("committing a shipment claim")
    }

    /// Undoes `claim_shipment` when the payment could not be captured.
    async fn release_shipment(db: &Db, id: OrderId, tracking: &TrackingNumber) -> AppResult<()> {
        let mut tx = db
            .begin()
            .await
            .internal("starting to undo a shipment claim")?;
        sqlx::query("UPDATE orders SET captured_minor = 0 WHERE id = $1 AND status = 'confirmed'")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .internal("undoing a shipment claim")?;
        sqlx::query(
            "DELETE FROM shipment_numbers WHERE carrier = $1 AND tracking_number = $2 AND order_id = $3",
        )
        .bind(tracking.carrier().as_str())
        .bind(tracking.as_str())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .internal("releasing the tracking number")?;
        tx.commit().await.internal("committing the undone claim")
    }

    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        gateway: Arc<dyn Gateway>,
        settings: MoneySettings,
    ) -> Self {
        Self {
            db,
            clock,
            gateway,
            settings,
        }
    }

    async fn event(
        tx: &mut ledger::Tx<'_>,
        id: OrderId,
        status: OrderStatus,
        note: &str,
        now: i64,
    ) -> AppResult<()> {
        sqlx::query(
            "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id.0)
        .bind(status.as_str())
        .bind(note)
        .bind(now)
        .execute(&mut **tx)
        .await
        .internal("recording an order event")?;
        Ok(())
    }
}

/// The buyer's change requests on an order that wait for the seller's answer.
async fn pending_requests(db: &Db, id: OrderId) -> AppResult<Vec<PendingRequest>> {
    sqlx::query(
        "SELECT id, kind FROM tickets WHERE order_id = $1 AND request_state = 'pending' ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await
    .internal("reading pending requests")?
    .iter()
    .map(|r| -> Result<PendingRequest, sqlx::Error> {
        let kind: String = r.try_get("kind")?;
        Ok(PendingRequest {
            ticket: app::domain::TicketId(r.try_get("id")?),
            label: app::domain::support::TicketKind::parse(&kind)
                .map(|k| k.label().to_owned())
                .unwrap_or(kind),
        })
    })
    .collect::<Result<_, _>>()
    .internal("reading pending requests")
}

fn reason_of(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            "Give a reason; the buyer sees it.",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::validation(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    Ok(reason.to_owned())
}

#[async_trait]
impl FulfilmentService for Fulfilment {
    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn orders(&self, store: StoreId, queue: OrderQueue) -> AppResult<SellerOrders> {
        let now = self.clock.now_ms();
        let counted = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM orders WHERE store_id = $1 GROUP BY status",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("counting orders")?;
        let mut counts: Vec<(OrderQueue, i64)> = OrderQueue::ALL.iter().map(|q| (*q, 0)).collect();
        for r in &counted {
            let status: String = r.try_get("status").internal("status")?;
            let n: i64 = r.try_get("n").internal("count")?;
            if let Ok(s) = OrderStatus::parse(&status) {
                let q = OrderQueue::of(s);
                if let Some(c) = counts.iter_mut().find(|(c, _)| *c == q) {
                    c.1 += n;
                }
            }
        }
        let statuses = queue
            .statuses()
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        // Work queues oldest first (the most urgent on top); history newest first.
        let order = if matches!(queue, OrderQueue::New | OrderQueue::ToShip) {
            "ASC"
        } else {
            "DESC"
        };
        let rows = sqlx::query(&format!(
            "SELECT o.id, a.name, o.status, o.total_minor, o.currency, o.placed_at,
                    (SELECT CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
                    (SELECT oi.title FROM order_items oi WHERE oi.order_id = o.id ORDER BY oi.id LIMIT 1) AS first_title
             FROM orders o JOIN accounts a ON a.id = o.buyer_id
             WHERE o.store_id = $1 AND o.status IN ({statuses})
             ORDER BY o.placed_at {order}, o.id {order} LIMIT 200"
        ))
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("loading orders")?;
        let orders = rows
            .iter()
            .map(|r| -> Result<SellerOrderRow, sqlx::Error> {
                let status = OrderStatus::parse(&r.try_get::<String, _>("status")?)
                    .unwrap_or(OrderStatus::Placed);
                let placed: i64 = r.try_get("placed_at")?;
                let ship_by = placed + TRACKING_DUE_DAYS * DAY_MS;
                Ok(SellerOrderRow {
                    id: OrderId(r.try_get("id")?),
                    buyer_name: r.try_get("name")?,
                    status,
                    total: Money::new(
                        r.try_get("total_minor")?,
                        app::domain::Currency::parse(&r.try_get::<String, _>("currency")?)
                            .unwrap_or_default(),
                    ),
                    placed_at: from_ms(placed),
                    item_count: r.try_get::<Option<i64>, _>("item_count")?.unwrap_or(0),
                    first_title: r
                        .try_get::<Option<String>, _>("first_title")?
                        .unwrap_or_default(),
                    ship_by: from_ms(ship_by),
                    overdue: matches!(status, OrderStatus::Placed | OrderStatus::Confirmed)
                        && now > ship_by,
                })
            })
            .collect::<Result<_, _>>()
            .internal("reading orders")?;
        Ok(SellerOrders {
            queue,
            counts,
            orders,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn order(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail> {
        let now = self.clock.now_ms();
        let order = orders::detail(&self.db, Scope::Store(store), id).await?;
        let buyer = sqlx::query("SELECT a.name, a.email FROM orders o JOIN accounts a ON a.id = o.buyer_id WHERE o.id = $1")
            .bind(id.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("loading the buyer")?;
        let ship_by = order.placed_at.timestamp_millis() + TRACKING_DUE_DAYS * DAY_MS;
        let status = order.status;
        let refundable = order.refunded.minor() < order.amounts.total.minor();
        Ok(SellerOrderDetail {
            buyer_name: buyer.try_get("name").internal("buyer name")?,
            buyer_email: buyer.try_get("email").internal("buyer email")?,
            ship_by: from_ms(ship_by),
            overdue: matches!(status, OrderStatus::Placed | OrderStatus::Confirmed)
                && now > ship_by,
            can_confirm: status == OrderStatus::Placed,
            can_ship: status == OrderStatus::Confirmed,
            can_cancel: matches!(status, OrderStatus::Placed | OrderStatus::Confirmed),
            can_refund: refundable
                && matches!(
                    status,
                    OrderStatus::Shipped | OrderStatus::InTransit | OrderStatus::Delivered
                ),
            ledger: ledger::order_entries(&self.db, id, now).await?,
            pending_requests: pending_requests(&self.db, id).await?,
            order,
        })
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn confirm(&self, store: StoreId, id: OrderId) -> AppResult<SellerOrderDetail> {
        orders::row(&self.db, Scope::Store(store), id).await?;
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a confirmation")?;
        let guard = orders::status_guard(&[OrderStatus::Placed], OrderStatus::Confirmed)?;
        let changed = sqlx::query(&format!(
            "UPDATE orders SET status = 'confirmed', updated_at = $2 WHERE id = $1 AND {guard}"
        ))
        .bind(id.0)
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("confirming an order")?
        .rows_affected();
        if changed == 0 {
            return Err(AppError::Conflict(
                "Only a new order can be confirmed; this one has moved on (or the buyer cancelled it).".into(),
            ));
        }
        Self::event(
            &mut tx,
            id,
            OrderStatus::Confirmed,
            "Confirmed by the seller",
            now,
        )
        .await?;
        tx.commit().await.internal("committing a confirmation")?;
        self.order(store, id).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn ship(
        &self,
        store: StoreId,
        id: OrderId,
        tracking: TrackingNumber,
    ) -> AppResult<SellerOrderDetail> {
        let row = orders::row(&self.db, Scope::Store(store), id).await?;
        let currency = row.currency();
        let total = row.total();
        let charge = row.charge_id;
        // 1. Claim the order (only a confirmed one with nothing captured yet) and its
        //    tracking number (never used for another shipment), in one transaction.
        Self::claim_shipment(&self.db, id, &tracking).await?;
        // 2. Capture the payment.
        if let Some(charge) = &charge
            && let Err(e) = self.gateway.capture(charge, total).await
        {
            Self::release_shipment(&self.db, id, &tracking).await?;
            return Err(e);
        }
        // 3. Record the shipment, the timeline and the sale in the ledger.
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a shipment")?;
        let guard = orders::status_guard(&[OrderStatus::Confirmed], OrderStatus::Shipped)?;
        sqlx::query(&format!(
            "UPDATE orders SET status = 'shipped', carrier = $2, tracking_number = $3, shipped_at = $4, updated_at = $4
             WHERE id = $1 AND {guard}"
        ))
        .bind(id.0)
        .bind(tracking.carrier().as_str())
        .bind(tracking.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("shipping an order")?;
        let note = format!("{} {}", tracking.carrier().label(), tracking.as_str());
        Self::event(&mut tx, id, OrderStatus::Shipped, &note, now).await?;
        let hold_until = now + self.settings.hold_days * DAY_MS;
        let memo = format!("Order #{}", id.0);
        ledger::post(
            &mut tx,
            Entry {
                store,
                order: Some(id),
                kind: EntryKind::Sale,
                amount: total,
                memo: &memo,
                available_at: hold_until,
            },
            now,
        )
        .await?;
        let cut = commission(total, self.settings.commission_bps);
        ledger::post(
            &mut tx,
            Entry {
                store,
                order: Some(id),
                kind: EntryKind::Commission,
                amount: Money::new(-cut.minor(), currency),
                memo: &memo,
                available_at: hold_until,
            },
            now,
        )
        .await?;
        tx.commit().await.internal("committing a shipment")?;
        self.order(store, id).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn cancel(
        &self,
        store: StoreId,
        id: OrderId,
        reason: &str,
    ) -> AppResult<SellerOrderDetail> {
        let reason = reason_of(reason)?;
        orders::cancel_unshipped(
            &self.db,
            self.gateway.as_ref(),
            self.clock.now_ms(),
            Scope::Store(store),
            id,
            orders::Cancellation {
                from: &[OrderStatus::Placed, OrderStatus::Confirmed],
                by: app::domain::standards::CancelledBy::Seller,
                note: &format!("Cancelled by the seller: {reason}"),
                refused: "This order has shipped or is already closed; refund it instead.",
            },
        )
        .await?;
        self.order(store, id).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn refund(
        &self,
        store: StoreId,
        id: OrderId,
        lines: Vec<RefundLine>,
        reason: &str,
        restock: bool,
    ) -> AppResult<SellerOrderDetail> {
        let reason = reason_of(reason)?;
        let before = orders::detail(&self.db, Scope::Store(store), id).await?;
        if !matches!(
            before.status,
            OrderStatus::Shipped | OrderStatus::InTransit | OrderStatus::Delivered
        ) {
            return Err(AppError::Conflict(
                "Only a shipped order can be refunded; cancel an order that has not shipped."
                    .into(),
            ));
        }
        let currency = before.amounts.total.currency();
        let total = before.amounts.total.minor();
        let already = before.refunded.minor();
        // What to refund: every unit left when no lines are given, else the lines.
        let mut units: Vec<(app::domain::OrderItemId, i64, i64)> = Vec::new(); // item, units, unit price
        if lines.is_empty() {
            for item in &before.items {
                let left = item.quantity - item.refunded_quantity;
                if left > 0 {
                    units.push((item.id, left, item.unit_price.minor()));
                }
            }
        } else {
            for line in &lines {
                let Some(item) = before.items.iter().find(|i| i.id == line.item) else {
                    return Err(AppError::validation(
                        "items",
                        "That item is not part of this order.",
                    ));
                };
                let left = item.quantity - item.refunded_quantity;
                if line.quantity < 1 || line.quantity > left {
                    return Err(AppError::validation(
                        "items",
                        format!("Refund between 1 and {left} of “{}”.", item.title),
                    ));
                }
                units.push((item.id, line.quantity, item.unit_price.minor()));
            }
        }
        if units.is_empty() {
            return Err(AppError::Conflict(
                "Everything in this order has been refunded already.".into(),
            ));
        }
        let all_units_left: i64 = before
            .items
            .iter()
            .map(|i| i.quantity - i.refunded_quantity)
            .sum();
        let refunding_units: i64 = units.iter().map(|u| u.1).sum();
        // The last refund also returns shipping (whatever is left of the total).
        let amount = if refunding_units == all_units_left {
            total - already
        } else {
            units
                .iter()
                .map(|u| u.1 * u.2)
                .sum::<i64>()
                .min(total - already)
        };
        if amount <= 0 {
            return Err(AppError::Conflict(
                "Nothing is left to refund on this order.".into(),
            ));
        }
        let charge = orders::row(&self.db, Scope::Store(store), id)
            .await?
            .charge_id;

        // 1. Claim the amount and the units.
        let mut tx = self.db.begin().await.internal("starting a refund claim")?;
        let claimed = sqlx::query(
            "UPDATE orders SET refunded_minor = refunded_minor + $2
             WHERE id = $1 AND refunded_minor = $3 AND status IN ('shipped', 'in_transit', 'delivered')",
        )
        .bind(id.0)
        .bind(amount)
        .bind(already)
        .execute(&mut *tx)
        .await
        .internal("claiming a refund")?
        .rows_affected();
        if claimed == 0 {
            return Err(AppError::Conflict(
                "This order changed while you were refunding it. Reload it and try again.".into(),
            ));
        }
        for (item, qty, _) in &units {
            let ok = sqlx::query(
                "UPDATE order_items SET refunded_quantity = refunded_quantity + $2
                 WHERE id = $1 AND refunded_quantity + $2 <= quantity",
            )
            .bind(item.0)
            .bind(qty)
            .execute(&mut *tx)
            .await
            .internal("claiming refunded units")?
            .rows_affected();
            if ok == 0 {
                return Err(AppError::Conflict(
                    "This order changed while you were refunding it. Reload it and try again."
                        .into(),
                ));
            }
        }
        tx.commit().await.internal("committing a refund claim")?;

        // 2. Give the money back.
        let refund = Money::new(amount, currency);
        if let Some(charge) = &charge
            && let Err(e) = self.gateway.refund(charge, refund).await
        {
            let mut undo = self.db.begin().await.internal("starting a refund undo")?;
            sqlx::query("UPDATE orders SET refunded_minor = refunded_minor - $2 WHERE id = $1")
                .bind(id.0)
                .bind(amount)
                .execute(&mut *undo)
                .await
                .internal("undoing a refund claim")?;
            for (item, qty, _) in &units {
                sqlx::query("UPDATE order_items SET refunded_quantity = refunded_quantity - $2 WHERE id = $1")
                    .bind(item.0)
                    .bind(qty)
                    .execute(&mut *undo)
                    .await
                    .internal("undoing refunded units")?;
            }
            undo.commit().await.internal("committing a refund undo")?;
            return Err(e);
        }

        // 3. Ledger, stock, status and timeline.
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a refund")?;
        let full = already + amount >= total;
        if full {
            let guard = orders::status_guard(
                &[
                    OrderStatus::Shipped,
                    OrderStatus::InTransit,
                    OrderStatus::Delivered,
                ],
                OrderStatus::Refunded,
            )?;
            sqlx::query(&format!(
                "UPDATE orders SET status = 'refunded', close_reason = $2, updated_at = $3
                 WHERE id = $1 AND {guard}"
            ))
            .bind(id.0)
            .bind(&reason)
            .bind(now)
            .execute(&mut *tx)
            .await
            .internal("closing a refunded order")?;
        }
        if let Some(code) = app::domain::standards::reason_code(&reason) {
            sqlx::query("UPDATE orders SET reason_code = $2 WHERE id = $1 AND reason_code IS NULL")
                .bind(id.0)
                .bind(code)
                .execute(&mut *tx)
                .await
                .internal("recording the refund's reason")?;
        }
        let note = if full {
            format!("Refunded {refund}: {reason}")
        } else {
            format!("Partly refunded {refund}: {reason}")
        };
        sqlx::query(
            "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id.0)
        .bind(if full { "refunded" } else { "partial_refund" })
        .bind(&note)
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("recording a refund")?;
        if restock {
            for (item, qty, _) in &units {
                sqlx::query(
                    "UPDATE variants SET stock = stock + $2
                     WHERE id = (SELECT variant_id FROM order_items WHERE id = $1)",
                )
                .bind(item.0)
                .bind(qty)
                .execute(&mut *tx)
                .await
                .internal("restocking refunded units")?;
            }
        }
        let memo = format!("Order #{}: {reason}", id.0);
        ledger::post(
            &mut tx,
            Entry {
                store,
                order: Some(id),
                kind: EntryKind::Refund,
                amount: Money::new(-amount, currency),
                memo: &memo,
                available_at: now,
            },
            now,
        )
        .await?;
        // Commission comes back on the cumulative refunded amount, so a full refund
        // returns exactly what was taken.
        let bps = self.settings.commission_bps;
        let returned = commission(Money::new(already + amount, currency), bps).minor()
            - commission(Money::new(already, currency), bps).minor();
        if returned > 0 {
            ledger::post(
                &mut tx,
                Entry {
                    store,
                    order: Some(id),
                    kind: EntryKind::CommissionRefund,
                    amount: Money::new(returned, currency),
                    memo: &memo,
                    available_at: now,
                },
                now,
            )
            .await?;
        }
        tx.commit().await.internal("committing a refund")?;
        self.order(store, id).await
    }
}

/// Asks the carrier about every order on its way and records what is new: scans,
/// "in transit", "delivered" (which releases the order's funds). Safe to run on many
/// nodes at once: scans are unique per order and every status change is conditional.
#[tracing::instrument(skip_all)]
pub async fn sync_tracking(db: &Db, tracker: &dyn CarrierTracker, now: i64) -> AppResult<u64> {
    let rows = sqlx::query(
        "SELECT id, carrier, tracking_number, shipped_at FROM orders
         WHERE status IN ('shipped', 'in_transit') AND shipped_at IS NOT NULL ORDER BY shipped_at LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await
    .internal("finding orders in transit")?;
    let mut changed = 0;
    for r in &rows {
        let id = OrderId(r.try_get("id").internal("order")?);
        let carrier: Option<String> = r.try_get("carrier").internal("carrier")?;
        let number: Option<String> = r.try_get("tracking_number").internal("tracking number")?;
        let shipped_at: i64 = r.try_get("shipped_at").internal("shipped at")?;
        let Some(tracking) = carrier
            .and_then(|c| Carrier::parse(&c).ok())
            .zip(number)
            .and_then(|(c, n)| TrackingNumber::parse(c, &n).ok())
        else {
            continue;
        };
        let scans = tracker.scans(&tracking, shipped_at, now).await?;
        let mut tx = db.begin().await.internal("starting a tracking update")?;
        for scan in &scans {
            let new = sqlx::query(
                "INSERT INTO tracking_events (order_id, code, description, location, at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, code) DO NOTHING",
            )
            .bind(id.0)
            .bind(&scan.code)
            .bind(&scan.description)
            .bind(&scan.location)
            .bind(scan.at_ms)
            .execute(&mut *tx)
            .await
            .internal("recording a scan")?
            .rows_affected();
            if new == 0 {
                continue;
            }
            let sql = match scan.status {
                Some(OrderStatus::InTransit) => format!(
                    "UPDATE orders SET status = 'in_transit', updated_at = $2 WHERE id = $1 AND {}",
                    orders::status_guard(&[OrderStatus::Shipped], OrderStatus::InTransit)?
                ),
                Some(OrderStatus::Delivered) => format!(
                    "UPDATE orders SET status = 'delivered', delivered_at = $2, updated_at = $2
                     WHERE id = $1 AND {}",
                    orders::status_guard(
                        &[OrderStatus::Shipped, OrderStatus::InTransit],
                        OrderStatus::Delivered
                    )?
                ),
                _ => continue,
            };
            let moved = sqlx::query(&sql)
                .bind(id.0)
                .bind(scan.at_ms)
                .execute(&mut *tx)
                .await
                .internal("moving an order along")?
                .rows_affected();
            if moved == 1 {
                let status = scan.status.unwrap_or(OrderStatus::InTransit);
                Fulfilment::event(&mut tx, id, status, &scan.description, scan.at_ms).await?;
                if status == OrderStatus::Delivered {
                    ledger::release_order(&mut tx, id, scan.at_ms).await?;
                }
                changed += 1;
            }
        }
        tx.commit().await.internal("committing a tracking update")?;
    }
    Ok(changed)
}

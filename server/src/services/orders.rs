//! Reading an order for its buyer or its seller, and the changes both may make
//! (cancelling before shipment). `Scope` decides whose orders a query can reach: an
//! order outside it is "not found", so ids reveal nothing.

pub mod buyer;
pub mod carriers;
pub mod fulfilment;

use crate::clock::from_ms;
use crate::platform::OrInternal;
use crate::services::money::payments::Gateway;
use crate::storage::{Db, Row};
use app::domain::order_status::OrderStatus;
use app::domain::pricing::{OrderAmounts, ShippingOption};
use app::domain::tracking::Carrier;
use app::domain::{AccountId, Currency, Money, OrderId, OrderItemId, ProductId, StoreId};
use app::error::{AppError, AppResult};
use app::model::*;

/// The SQL condition for moving an order to `to` from one of `from`. Every pair must
/// be a change the domain's state machine allows (`OrderStatus::can_become`); one it
/// does not is a bug and refused as `Internal`. The condition guards the UPDATE, so a
/// concurrent change makes this one affect no row.
pub(crate) fn status_guard(from: &[OrderStatus], to: OrderStatus) -> AppResult<String> {
    if from.is_empty() || from.iter().any(|s| !s.can_become(to)) {
        tracing::error!(
            ?from,
            ?to,
            "an order change the state machine does not allow"
        );
        return Err(AppError::Internal);
    }
    let from = from
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!("status IN ({from})"))
}

/// Whose orders a query may reach.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Buyer(AccountId),
    Store(StoreId),
}

impl Scope {
    fn column(self) -> &'static str {
        match self {
            Scope::Buyer(_) => "o.buyer_id",
            Scope::Store(_) => "o.store_id",
        }
    }

    fn id(self) -> i64 {
        match self {
            Scope::Buyer(a) => a.0,
            Scope::Store(s) => s.0,
        }
    }
}

/// An order's row with its store, as [`row`] reads it by column name.
#[derive(sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub status: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub discount_minor: i64,
    pub total_minor: i64,
    pub ship_to: String,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub payment_label: String,
    pub delivery_from: Option<String>,
    pub delivery_to: Option<String>,
    pub placed_at: i64,
    pub shipping_option: String,
    pub store_id: i64,
    pub store_name: String,
    pub store_slug: String,
    pub store_status: String,
    pub charge_id: Option<String>,
    pub captured_minor: i64,
    pub refunded_minor: i64,
    pub close_reason: String,
    pub buyer_id: i64,
    pub cancelled_by: Option<String>,
}

impl OrderRow {
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or_default()
    }

    pub fn total(&self) -> Money {
        Money::new(self.total_minor, self.currency())
    }
}

/// One order's row, if `scope` may see it.
pub async fn row(db: &Db, scope: Scope, id: OrderId) -> AppResult<OrderRow> {
    sqlx::query_as(&format!(
        "SELECT o.id, o.status, o.currency, o.subtotal_minor, o.shipping_minor, o.discount_minor, o.total_minor,
                o.ship_to, o.carrier, o.tracking_number, o.payment_label, o.delivery_from, o.delivery_to,
                o.placed_at, o.shipping_option, s.id AS store_id, s.name AS store_name, s.slug AS store_slug,
                s.status AS store_status, o.charge_id, o.captured_minor, o.refunded_minor, o.close_reason, o.buyer_id,
                o.cancelled_by
         FROM orders o JOIN stores s ON s.id = o.store_id WHERE o.id = $1 AND {} = $2",
        scope.column()
    ))
    .bind(id.0)
    .bind(scope.id())
    .fetch_optional(&db.pool)
    .await
    .internal("loading an order")?
    .ok_or_else(|| AppError::not_found("order"))
}

fn parse_date(s: Option<String>) -> Option<chrono::NaiveDate> {
    s.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// The whole order: amounts, items, the timeline and the carrier's scans.
pub async fn detail(db: &Db, scope: Scope, id: OrderId) -> AppResult<OrderDetail> {
    let r = row(db, scope, id).await?;
    let currency = r.currency();
    let money = |minor: i64| Money::new(minor, currency);
    let status = OrderStatus::parse(&r.status).unwrap_or(OrderStatus::Placed);
    let known = r.carrier.as_deref().and_then(|c| Carrier::parse(c).ok());
    let mut detail = OrderDetail {
        id: OrderId(r.id),
        status,
        amounts: OrderAmounts {
            subtotal: money(r.subtotal_minor),
            shipping: money(r.shipping_minor),
            discount: money(r.discount_minor),
            total: money(r.total_minor),
        },
        ship_to: r.ship_to.lines().map(str::to_owned).collect(),
        tracking_url: known
            .zip(r.tracking_number.as_deref())
            .map(|(c, n)| c.tracking_url(n)),
        carrier: known.map(|c| c.label().to_owned()).or(r.carrier),
        tracking_number: r.tracking_number,
        tracking: Vec::new(),
        refunded: money(r.refunded_minor),
        close_reason: r.close_reason,
        cancelled_by_buyer: r.cancelled_by.as_deref() == Some("buyer"),
        payment: r.payment_label,
        delivery: parse_date(r.delivery_from).zip(parse_date(r.delivery_to)),
        placed_at: from_ms(r.placed_at),
        shipping_option: ShippingOption::parse(&r.shipping_option).unwrap_or_default(),
        store: StoreSummary {
            id: StoreId(r.store_id),
            name: r.store_name,
            slug: r.store_slug,
            status: r.store_status,
        },
        items: Vec::new(),
        timeline: Vec::new(),
        can_cancel: status.buyer_may_cancel(),
    };
    let currency = detail.amounts.total.currency();
    let items = sqlx::query(
        "SELECT oi.product_id, oi.title, oi.variant_label, oi.sku, oi.unit_price_minor, oi.quantity,
                (SELECT i.image_key FROM product_images i WHERE i.product_id = oi.product_id ORDER BY i.position, i.id LIMIT 1) AS image,
                oi.id, oi.refunded_quantity
         FROM order_items oi WHERE oi.order_id = $1 ORDER BY oi.id",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await
    .internal("loading order items")?;
    for r in &items {
        let item = (|| -> Result<OrderItemView, sqlx::Error> {
            let title: String = r.try_get("title")?;
            Ok(OrderItemView {
                id: OrderItemId(r.try_get("id")?),
                product: r.try_get::<Option<i64>, _>("product_id")?.map(ProductId),
                image: r
                    .try_get::<Option<String>, _>("image")?
                    .map(|key| ImageRef {
                        key,
                        alt: title.clone(),
                    }),
                title,
                variant_label: r.try_get("variant_label")?,
                sku: r.try_get("sku")?,
                unit_price: Money::new(r.try_get("unit_price_minor")?, currency),
                quantity: r.try_get("quantity")?,
                refunded_quantity: r.try_get("refunded_quantity")?,
            })
        })()
        .internal("reading an order item")?;
        detail.items.push(item);
    }
    let events = sqlx::query(
        "SELECT status, note, at FROM order_events WHERE order_id = $1 ORDER BY at, id",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await
    .internal("loading order events")?;
    let mut happened = Vec::new();
    for e in &events {
        let status: String = e.try_get("status").internal("event status")?;
        if let Ok(status) = OrderStatus::parse(&status) {
            happened.push(TimelineStep {
                status,
                note: e.try_get("note").internal("note")?,
                at: Some(from_ms(e.try_get("at").internal("at")?)),
            });
        }
    }
    detail.timeline = timeline(detail.status, happened);
    let scans = sqlx::query(
        "SELECT description, location, at FROM tracking_events WHERE order_id = $1 ORDER BY at, id",
    )
    .bind(id.0)
    .fetch_all(&db.pool)
    .await
    .internal("loading tracking events")?;
    for s in &scans {
        detail.tracking.push(TrackingScan {
            description: s.try_get("description").internal("scan")?,
            location: s.try_get("location").internal("scan location")?,
            at: from_ms(s.try_get("at").internal("scan time")?),
        });
    }
    Ok(detail)
}

/// Who cancels and from which statuses: `note` goes on the timeline, `refused` is the
/// answer when the order has moved past `from`.
pub struct Cancellation<'a> {
    pub from: &'a [OrderStatus],
    /// Who cancels, for the standards' cancellation figures.
    pub by: app::domain::standards::CancelledBy,
    pub note: &'a str,
    pub refused: &'a str,
}

/// Cancels an order that has not shipped, if its status is one of `c.from`: stock
/// returns, the timeline records the note, and the payment is released.
pub async fn cancel_unshipped(
    db: &Db,
    gateway: &dyn Gateway,
    now: i64,
    scope: Scope,
    id: OrderId,
    c: Cancellation<'_>,
) -> AppResult<()> {
    let Cancellation {
        from,
        by,
        note,
        refused,
    } = c;
    let reason_code = app::domain::standards::reason_code(note);
    let row = row(db, scope, id).await?;
    let charge = row.charge_id.clone();
    let total = row.total();
    let guard = status_guard(from, OrderStatus::Cancelled)?;
    let mut tx = db.begin().await.internal("starting a cancellation")?;
    let changed = sqlx::query(&format!(
        "UPDATE orders SET status = 'cancelled', close_reason = $3, updated_at = $2,
             cancelled_at = $2, cancelled_by = $4, reason_code = $5
         WHERE id = $1 AND {guard}"
    ))
    .bind(id.0)
    .bind(now)
    .bind(note)
    .bind(by.as_str())
    .bind(reason_code)
    .execute(&mut *tx)
    .await
    .internal("cancelling an order")?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict(refused.into()));
    }
    sqlx::query(
        "UPDATE variants SET stock = stock + (SELECT CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi
             WHERE oi.order_id = $1 AND oi.variant_id = variants.id)
         WHERE id IN (SELECT variant_id FROM order_items WHERE order_id = $1)",
    )
    .bind(id.0)
    .execute(&mut *tx)
    .await
    .internal("restocking")?;
    sqlx::query(
        "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'cancelled', $3, $2)",
    )
    .bind(id.0)
    .bind(now)
    .bind(note)
    .execute(&mut *tx)
    .await
    .internal("recording the cancellation")?;
    tx.commit().await.internal("committing the cancellation")?;
    if let Some(charge) = charge
        && let Err(e) = gateway.release(&charge, total).await
    {
        tracing::error!(?e, charge, "releasing a cancelled order's payment failed");
    }
    Ok(())
}

/// The timeline: the happy path with the times each step happened, then a
/// cancellation or refund if there was one.
fn timeline(status: OrderStatus, happened: Vec<TimelineStep>) -> Vec<TimelineStep> {
    let at = |s: OrderStatus| happened.iter().find(|h| h.status == s).cloned();
    let mut steps: Vec<TimelineStep> = Vec::new();
    let closed_early = matches!(status, OrderStatus::Cancelled);
    for s in OrderStatus::PATH {
        match at(s) {
            Some(step) => steps.push(step),
            None if !closed_early => steps.push(TimelineStep {
                status: s,
                at: None,
                note: String::new(),
            }),
            None => {}
        }
    }
    for s in [OrderStatus::Cancelled, OrderStatus::Refunded] {
        if let Some(step) = at(s) {
            steps.push(step);
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_the_state_machine_allows_becomes_a_guard_on_the_read_status() {
        assert_eq!(
            status_guard(
                &[OrderStatus::Shipped, OrderStatus::InTransit],
                OrderStatus::Delivered
            ),
            Ok("status IN ('shipped', 'in_transit')".to_owned())
        );
    }

    #[test]
    fn a_change_the_state_machine_forbids_is_refused() {
        assert_eq!(
            status_guard(&[OrderStatus::Shipped], OrderStatus::Cancelled),
            Err(AppError::Internal)
        );
        assert_eq!(
            status_guard(
                &[OrderStatus::Placed, OrderStatus::Delivered],
                OrderStatus::Confirmed
            ),
            Err(AppError::Internal)
        );
        assert_eq!(
            status_guard(&[], OrderStatus::Refunded),
            Err(AppError::Internal)
        );
    }
}

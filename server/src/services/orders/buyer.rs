//! A buyer's own orders: the list, one order, and cancelling before the seller
//! confirms. Every query is scoped to the buyer (`Scope::Buyer`).

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::services::money::payments::Gateway;
use crate::services::orders::{self, Scope};
use crate::storage::{Db, Row};
use app::backend::OrderService;
use app::domain::order_status::{BuyerCancelReason, OrderStatus};
use app::domain::{AccountId, Currency, Money, OrderId};
use app::error::AppResult;
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

/// How a buyer's cancellation starts in the order's timeline and close reason; the
/// reason follows ("Cancelled by the buyer: Ordered by mistake").
pub const BUYER_CANCELLED: &str = "Cancelled by the buyer";

pub struct Orders {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
}

impl Orders {
    pub fn new(db: Db, clock: Arc<dyn Clock>, gateway: Arc<dyn Gateway>) -> Self {
        Self { db, clock, gateway }
    }
}

#[async_trait]
impl OrderService for Orders {
    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn orders(&self, buyer: AccountId) -> AppResult<Vec<OrderSummary>> {
        let rows = sqlx::query(
            "SELECT o.id, s.name, o.status, o.currency, o.total_minor, o.placed_at,
                    (SELECT CAST(SUM(oi.quantity) AS BIGINT) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
                    (SELECT oi.title FROM order_items oi WHERE oi.order_id = o.id ORDER BY oi.id LIMIT 1) AS first_title,
                    (SELECT i.image_key FROM order_items oi JOIN product_images i ON i.product_id = oi.product_id
                      WHERE oi.order_id = o.id ORDER BY oi.id, i.position, i.id LIMIT 1) AS image
             FROM orders o JOIN stores s ON s.id = o.store_id
             WHERE o.buyer_id = $1 ORDER BY o.placed_at DESC, o.id DESC LIMIT 200",
        )
        .bind(buyer.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing orders")?;
        rows.iter()
            .map(|r| -> Result<OrderSummary, sqlx::Error> {
                let currency =
                    Currency::parse(&r.try_get::<String, _>("currency")?).unwrap_or_default();
                let first_title: String = r
                    .try_get::<Option<String>, _>("first_title")?
                    .unwrap_or_default();
                Ok(OrderSummary {
                    id: OrderId(r.try_get("id")?),
                    store_name: r.try_get("name")?,
                    status: OrderStatus::parse(&r.try_get::<String, _>("status")?)
                        .unwrap_or(OrderStatus::Placed),
                    total: Money::new(r.try_get("total_minor")?, currency),
                    placed_at: from_ms(r.try_get("placed_at")?),
                    item_count: r.try_get::<Option<i64>, _>("item_count")?.unwrap_or(0),
                    image: r
                        .try_get::<Option<String>, _>("image")?
                        .map(|key| ImageRef {
                            key,
                            alt: first_title.clone(),
                        }),
                    first_title,
                })
            })
            .collect::<Result<_, _>>()
            .internal("reading orders")
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, id = %id))]
    async fn order(&self, buyer: AccountId, id: OrderId) -> AppResult<OrderDetail> {
        orders::detail(&self.db, Scope::Buyer(buyer), id).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, id = %id))]
    async fn cancel_order(
        &self,
        buyer: AccountId,
        id: OrderId,
        reason: BuyerCancelReason,
    ) -> AppResult<OrderDetail> {
        let note = format!("{BUYER_CANCELLED}: {}", reason.label());
        orders::cancel_unshipped(
            &self.db,
            self.gateway.as_ref(),
            self.clock.now_ms(),
            Scope::Buyer(buyer),
            id,
            orders::Cancellation {
                from: &[OrderStatus::Placed],
                by: app::domain::standards::CancelledBy::Buyer,
                note: &note,
                refused: "The seller has already confirmed this order, so it can't be cancelled here. Contact the seller instead.",
            },
        )
        .await?;
        self.order(buyer, id).await
    }
}

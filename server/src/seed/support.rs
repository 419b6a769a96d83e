//! Demo customer service for the demo store, through the real service: a requested
//! address change waiting for a decision, a question close to its 48-hour deadline, a
//! damaged item the seller asked photos for, a ticket the seller let slip (escalated),
//! an automatic answer the buyer accepted, a return to accept or decline, and the
//! store's canned replies.

use super::demo::demo_store;
use crate::AppState;
use crate::storage::Row;
use app::backend::Side;
use app::domain::{AccountId, IdempotencyKey, TicketId};
use app::model::NewTicket;

const HOUR: i64 = 3_600_000;

/// The store's templates.
const CANNED: [(&str, &str); 3] = [
    (
        "Where is my order",
        "Hi {buyer_name}, thanks for your patience! Order {order_number} is on its way: {tracking_link}. It should arrive {estimated_delivery}.",
    ),
    (
        "Sorry it arrived damaged",
        "Hi {buyer_name}, we're so sorry order {order_number} arrived damaged. Could you send a photo of the item and the box? We'll make it right straight away.",
    ),
    (
        "Address change done",
        "Hi {buyer_name}, we've updated the delivery address of order {order_number}. It ships within two business days.",
    ),
];

pub async fn seed(state: &AppState) -> anyhow::Result<usize> {
    let pool = &state.db.pool;
    let s = &state.services.support;
    let store = demo_store(pool).await?;
    for (title, body) in CANNED {
        s.save_canned_reply(store, None, title, body).await?;
    }
    // The store's orders by status, oldest first.
    let orders: Vec<(i64, i64, String)> = sqlx::query(
        "SELECT id, buyer_id, status FROM orders WHERE store_id = $1 ORDER BY placed_at, id",
    )
    .bind(store.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("buyer_id")?,
            r.try_get("status")?,
        ))
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let find = |statuses: &[&str], skip: usize| {
        orders
            .iter()
            .filter(|(_, _, st)| statuses.contains(&st.as_str()))
            .nth(skip)
            .map(|(id, buyer, _)| (*id, AccountId(*buyer)))
    };
    let mut made = 0;
    let mut open = |order: (i64, AccountId), kind: &str, message: &str, n: usize| {
        let ticket = NewTicket {
            order: order.0,
            kind: kind.into(),
            message: message.into(),
            ..Default::default()
        };
        made += 1;
        async move {
            let key = IdempotencyKey::parse(&format!("demo-ticket-{n:04}"))?;
            anyhow::Ok(s.open(order.1, ticket, key).await?)
        }
    };
    let mut ages: Vec<(TicketId, i64)> = Vec::new();

    // A new order whose buyer moved: an address change to accept or decline.
    if let Some(order) = find(&["placed"], 0) {
        let ticket = NewTicket {
            order: order.0,
            kind: "change_address".into(),
            address: Some(app::domain::address::AddressInput {
                full_name: "Maya Chen".into(),
                line1: "1200 Pine Street".into(),
                line2: "Apt 4B".into(),
                city: "Seattle".into(),
                region: "WA".into(),
                postal_code: "98101".into(),
                country: "US".into(),
                phone: String::new(),
            }),
            message: "I'm moving this weekend, could you send it to my new place?".into(),
            ..Default::default()
        };
        let t = s
            .open(order.1, ticket, IdempotencyKey::parse("demo-ticket-0001")?)
            .await?;
        ages.push((t.id, 3 * HOUR));
    }
    // A question close to its deadline (about 7 hours left).
    if let Some(order) = find(&["confirmed"], 0) {
        let t = open(order, "order_details", "Is this the version with the stainless steel lid? And could you gift-wrap it? It's a birthday present.", 2).await?;
        ages.push((t.id, 41 * HOUR));
    }
    // A damaged item: the seller asked for photos; the buyer's turn.
    if let Some(order) = find(&["delivered"], 0) {
        let t = open(
            order,
            "damaged",
            "One of the corners was dented when it arrived; the box looked crushed too.",
            3,
        )
        .await?;
        s.post(
            Side::Store(store),
            t.id,
            "So sorry about that! Could you send a photo of the dent and the box? We'll refund or replace it right away.",
            Vec::new(),
            IdempotencyKey::parse("demo-reply-0003")?,
        )
        .await?;
        ages.push((t.id, 20 * HOUR));
    }
    // A ticket the seller let slip: escalated to the marketplace.
    if let Some(order) = find(&["delivered"], 1) {
        let t = open(
            order,
            "missing",
            "The parcel arrived but only one of the two items was inside.",
            4,
        )
        .await?;
        ages.push((t.id, 55 * HOUR));
    }
    // A return asked for within the window: the seller accepts or declines it.
    if let Some(order) = find(&["delivered"], 1) {
        let t = open(
            order,
            "return_refund",
            "The colour is quite different from the photos. I'd like to send it back, it's unused.",
            7,
        )
        .await?;
        ages.push((t.id, 10 * HOUR));
    }
    // Answered from the order itself, and the buyer was happy with that.
    if let Some(order) = find(&["shipped", "in_transit"], 0) {
        let t = open(order, "delivery_time", "", 5).await?;
        s.close(Side::Buyer(order.1), t.id).await?;
        ages.push((t.id, 30 * HOUR));
    }
    // A fresh "where is it" that the buyer wants a person to answer.
    if let Some(order) = find(&["shipped", "in_transit"], 1) {
        let t = open(order, "order_status", "", 6).await?;
        s.post(
            Side::Buyer(order.1),
            t.id,
            "The tracking hasn't moved for two days. Is it stuck?",
            Vec::new(),
            IdempotencyKey::parse("demo-message-0006")?,
        )
        .await?;
        ages.push((t.id, 5 * HOUR));
    }
    for (id, age) in ages {
        for sql in [
            "UPDATE tickets SET created_at = created_at - $2, updated_at = updated_at - $2,
                waiting_since = waiting_since - $2, first_reply_at = first_reply_at - $2,
                closed_at = closed_at - $2 WHERE id = $1",
            "UPDATE ticket_messages SET created_at = created_at - $2 WHERE ticket_id = $1",
        ] {
            sqlx::query(sql).bind(id.0).bind(age).execute(pool).await?;
        }
    }
    let now = state.clock.now_ms();
    crate::services::support::escalation::escalate_due(
        &state.db,
        now,
        &state.config.public_url,
        state.config.smtp_url.is_none(),
    )
    .await?;
    Ok(made + 1)
}

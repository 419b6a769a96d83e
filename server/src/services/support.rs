//! Customer service: tickets between a buyer and a store about an order.
//!
//! A ticket's status moves only as `domain::support::TicketStatus::after` allows, by a
//! conditional update on the status read (a compare-and-set), so two clicks at once
//! move it once. Opening a ticket and posting a message carry the browser's
//! idempotency key into a unique column (`tickets.client_key`,
//! `ticket_messages.client_key`) inside the same transaction: a retried request finds
//! its row and changes nothing, so it also mails nothing. Every event's mail to the
//! other side is written to the outbox in the event's transaction (one mail per
//! event). An accepted change request is applied to the order in the transaction that
//! marks it accepted (`changes`); money goes back after the commit. Tickets that wait
//! for the seller for more than 48 hours are escalated by [`escalation::escalate_due`].

pub mod changes;
pub mod escalation;
pub mod returns;

use crate::clock::{Clock, from_ms};
use crate::platform::OrInternal;
use crate::services::accounts::profile;
use crate::services::money::ledger::Tx;
use crate::services::money::payments::Gateway;
use crate::services::orders::{self, Scope};
use crate::storage::{Db, Row};
use app::backend::{FulfilmentService, Side, SupportService};
use app::domain::address::Address;
use app::domain::order_status::OrderStatus;
use app::domain::returns::ReturnState;
use app::domain::support::{
    MAX_PHOTOS, Party, ReplyClock, TemplateValues, TicketEvent, TicketKind, TicketStatus,
    fill_template, may_reopen, message_text,
};
use app::domain::{
    AccountId, AddressId, CannedReplyId, IdempotencyKey, Money, OrderId, OrderItemId, StoreId,
    TicketId, TicketMessageId, VariantId,
};
use app::error::{AppError, AppResult};
use app::model::*;
use async_trait::async_trait;
use std::sync::Arc;

/// Tickets per page of a queue.
pub const PAGE: i64 = 50;
/// Canned replies per store.
pub const MAX_CANNED: i64 = 50;

pub struct Support {
    db: Db,
    clock: Arc<dyn Clock>,
    gateway: Arc<dyn Gateway>,
    fulfilment: Arc<dyn FulfilmentService>,
    public_url: String,
    log_mail: bool,
    /// Days after delivery a return may be asked for.
    return_days: i64,
}

impl Support {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        gateway: Arc<dyn Gateway>,
        fulfilment: Arc<dyn FulfilmentService>,
        public_url: String,
        log_mail: bool,
        return_days: i64,
    ) -> Self {
        Self {
            db,
            clock,
            gateway,
            fulfilment,
            public_url,
            log_mail,
            return_days,
        }
    }
}

/// A ticket's row, read by column name.
#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    pub id: i64,
    pub order_id: i64,
    pub store_id: i64,
    pub buyer_id: i64,
    pub kind: String,
    pub status: String,
    pub item_id: Option<i64>,
    pub quantity: i64,
    pub variant_id: Option<i64>,
    pub new_address: Option<String>,
    pub request_state: Option<String>,
    pub resolution: String,
    pub waiting_since: Option<i64>,
    pub escalated_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
    pub return_state: Option<String>,
    pub return_lines: String,
    pub return_instructions: String,
    pub return_carrier: Option<String>,
    pub return_tracking: Option<String>,
}

impl TicketRow {
    fn kind(&self) -> TicketKind {
        TicketKind::parse(&self.kind).unwrap_or(TicketKind::OrderDetails)
    }

    fn status(&self) -> TicketStatus {
        TicketStatus::parse(&self.status).unwrap_or(TicketStatus::AwaitingSeller)
    }

    fn request_state(&self) -> Option<RequestState> {
        self.request_state.as_deref().and_then(RequestState::parse)
    }
}

const TICKET_COLUMNS: &str = "t.id, t.order_id, t.store_id, t.buyer_id, t.kind, t.status, t.item_id, t.quantity, t.variant_id,
     t.new_address, t.request_state, t.resolution, t.waiting_since, t.escalated_at, t.closed_at, t.created_at,
     t.return_state, t.return_lines, t.return_instructions, t.return_carrier, t.return_tracking";

/// The party a side writes as.
fn party(side: Side) -> Party {
    match side {
        Side::Buyer(_) => Party::Buyer,
        Side::Store(_) => Party::Seller,
        Side::Admin(_) => Party::Admin,
    }
}

fn author_id(side: Side) -> Option<i64> {
    match side {
        Side::Buyer(a) | Side::Admin(a) => Some(a.0),
        Side::Store(_) => None,
    }
}

/// The ticket, if `side` may reach it; "not found" otherwise.
pub(crate) async fn load(db: &Db, side: Side, id: TicketId) -> AppResult<TicketRow> {
    let (condition, owner) = match side {
        Side::Buyer(a) => ("t.buyer_id = $2", a.0),
        Side::Store(s) => ("t.store_id = $2", s.0),
        // Admins reach the tickets that were escalated to the platform.
        Side::Admin(_) => ("t.escalated_at IS NOT NULL AND $2 = $2", 0),
    };
    sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = $1 AND {condition}"
    ))
    .bind(id.0)
    .bind(owner)
    .fetch_optional(&db.pool)
    .await
    .internal("loading a ticket")?
    .ok_or_else(|| AppError::not_found("ticket"))
}

/// The columns of a ticket summary, for [`summaries`].
const SUMMARY_SELECT: &str = "SELECT t.id, t.order_id, t.kind, t.status, t.updated_at, t.waiting_since, t.request_state,
        t.buyer_unread, t.seller_unread, a.name AS buyer_name, s.name AS store_name,
        (SELECT m.body FROM ticket_messages m WHERE m.ticket_id = t.id ORDER BY m.id DESC LIMIT 1) AS last_message
     FROM tickets t JOIN accounts a ON a.id = t.buyer_id JOIN stores s ON s.id = t.store_id";

fn summaries(rows: &[sqlx::any::AnyRow], reader: Party, now: i64) -> AppResult<Vec<TicketSummary>> {
    rows.iter()
        .map(|r| -> Result<TicketSummary, sqlx::Error> {
            let status = TicketStatus::parse(&r.try_get::<String, _>("status")?)
                .unwrap_or(TicketStatus::AwaitingSeller);
            let waiting: Option<i64> = r.try_get("waiting_since")?;
            let unread: i64 = match reader {
                Party::Buyer => r.try_get("buyer_unread")?,
                Party::Seller => r.try_get("seller_unread")?,
                _ => 0,
            };
            let mut last: String = r
                .try_get::<Option<String>, _>("last_message")?
                .unwrap_or_default();
            if last.chars().count() > 140 {
                last = last.chars().take(139).collect::<String>() + "…";
            }
            Ok(TicketSummary {
                id: TicketId(r.try_get("id")?),
                order: OrderId(r.try_get("order_id")?),
                kind: TicketKind::parse(&r.try_get::<String, _>("kind")?)
                    .unwrap_or(TicketKind::OrderDetails),
                status,
                buyer_name: r.try_get("buyer_name")?,
                store_name: r.try_get("store_name")?,
                last_message: last,
                updated_at: from_ms(r.try_get("updated_at")?),
                clock: waiting
                    .filter(|_| status == TicketStatus::AwaitingSeller)
                    .map(|w| ReplyClock::at(w, now)),
                unread: unread != 0,
                request_pending: r.try_get::<Option<String>, _>("request_state")?.as_deref()
                    == Some("pending"),
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading tickets")
}

/// Who gets mail about a ticket, and where they read it.
struct Recipients {
    buyer_email: String,
    buyer_name: String,
    store_email: String,
    store_name: String,
}

async fn recipients(tx: &mut Tx<'_>, ticket: TicketId) -> AppResult<Recipients> {
    let r = sqlx::query(
        "SELECT a.email AS buyer_email, a.name AS buyer_name, COALESCE(s.contact_email, o.email) AS store_email, s.name AS store_name
         FROM tickets t JOIN accounts a ON a.id = t.buyer_id JOIN stores s ON s.id = t.store_id
         JOIN accounts o ON o.id = s.owner_id WHERE t.id = $1",
    )
    .bind(ticket.0)
    .fetch_one(&mut **tx)
    .await
    .internal("reading a ticket's recipients")?;
    Ok(Recipients {
        buyer_email: r.try_get("buyer_email").internal("buyer email")?,
        buyer_name: r.try_get("buyer_name").internal("buyer name")?,
        store_email: r.try_get("store_email").internal("store email")?,
        store_name: r.try_get("store_name").internal("store name")?,
    })
}

/// One mail about ticket `id` to whoever is on the other side of `from` (both sides
/// when the platform acts), in the event's transaction.
pub(crate) async fn notify(
    tx: &mut Tx<'_>,
    id: TicketId,
    from: Party,
    what: &str,
    public_url: &str,
    now: i64,
    log: bool,
) -> AppResult<()> {
    let r = recipients(tx, id).await?;
    let to_buyer = !matches!(from, Party::Buyer);
    let to_store = matches!(from, Party::Buyer | Party::Admin | Party::System);
    if to_buyer {
        let body = format!(
            "Hello {},\n\n{what}\n\nRead and answer it here: {public_url}/help/{}\n",
            r.buyer_name, id.0
        );
        crate::platform::mail::enqueue(
            tx,
            &r.buyer_email,
            &format!("Your request #{}: {what}", id.0),
            &body,
            now,
            log,
        )
        .await
        .internal("queueing a ticket mail")?;
    }
    if to_store {
        let body = format!(
            "Hello {},\n\n{what}\n\nAnswer within 48 hours: {public_url}/sell/support/{}\n",
            r.store_name, id.0
        );
        crate::platform::mail::enqueue(
            tx,
            &r.store_email,
            &format!("Ticket #{}: {what}", id.0),
            &body,
            now,
            log,
        )
        .await
        .internal("queueing a ticket mail")?;
    }
    Ok(())
}

/// Adds a message; `None` when `key` was used on this ticket already (a retry).
async fn add_message(
    tx: &mut Tx<'_>,
    ticket: TicketId,
    (author, author_id): (Party, Option<i64>),
    body: &str,
    photos: &[String],
    key: Option<&str>,
    now: i64,
) -> AppResult<Option<TicketMessageId>> {
    let row = sqlx::query(
        "INSERT INTO ticket_messages (ticket_id, author, author_id, body, photos, client_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id, client_key) DO NOTHING RETURNING id",
    )
    .bind(ticket.0)
    .bind(author.as_str())
    .bind(author_id)
    .bind(body)
    .bind(photos.join(" "))
    .bind(key)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await
    .internal("adding a message")?;
    row.map(|r| r.try_get("id").map(TicketMessageId))
        .transpose()
        .internal("message id")
}

/// Moves a ticket from the status read (`from`) to `to`; false when it moved
/// meanwhile. `waiting_since` restarts when the ticket starts waiting for the seller
/// and clears when it stops; a seller's (or admin's) first answer is stamped.
async fn move_ticket(
    tx: &mut Tx<'_>,
    id: TicketId,
    from: TicketStatus,
    to: TicketStatus,
    by: Party,
    now: i64,
) -> AppResult<bool> {
    let waiting = match (from, to) {
        (TicketStatus::AwaitingSeller, TicketStatus::AwaitingSeller) => "waiting_since",
        (_, TicketStatus::AwaitingSeller) => "$3",
        _ => "NULL",
    };
    let replied = if matches!(by, Party::Seller | Party::Admin) {
        "COALESCE(first_reply_at, $3)"
    } else {
        "first_reply_at"
    };
    let (buyer_unread, seller_unread) = match by {
        Party::Buyer => ("0", "1"),
        Party::Seller => ("1", "0"),
        Party::Admin | Party::System => ("1", "1"),
    };
    let closed = if to == TicketStatus::Closed {
        "$3"
    } else {
        "NULL"
    };
    let moved = sqlx::query(&format!(
        "UPDATE tickets SET status = $4, waiting_since = {waiting}, first_reply_at = {replied},
                buyer_unread = {buyer_unread}, seller_unread = {seller_unread}, closed_at = {closed}, updated_at = $3
         WHERE id = $1 AND status = $2"
    ))
    .bind(id.0)
    .bind(from.as_str())
    .bind(now)
    .bind(to.as_str())
    .execute(&mut **tx)
    .await
    .internal("moving a ticket")?
    .rows_affected();
    Ok(moved == 1)
}

/// Stores the units of a new return on its ticket, in the ticket's transaction.
async fn record_return(tx: &mut Tx<'_>, id: TicketId, lines: &[RefundLine]) -> AppResult<()> {
    sqlx::query("UPDATE tickets SET return_state = 'requested', return_lines = $2 WHERE id = $1")
        .bind(id.0)
        .bind(
            lines
                .iter()
                .map(|l| format!("{}:{}", l.item.0, l.quantity))
                .collect::<Vec<_>>()
                .join(" "),
        )
        .execute(&mut **tx)
        .await
        .internal("recording a return")?;
    Ok(())
}

const MOVED: &str = "This ticket changed in the meantime. Reload it to see what happened.";

/// The answer the order gives itself to "where is it" and "when will it arrive".
fn automatic_answer(order: &OrderDetail) -> String {
    let mut lines = vec![format!(
        "Your order is {}.",
        order.status.label().to_lowercase()
    )];
    match (&order.carrier, &order.tracking_number) {
        (Some(carrier), Some(number)) => {
            let link = order
                .tracking_url
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            lines.push(format!(
                "It travels with {carrier}, tracking number {number}{link}."
            ));
        }
        _ if matches!(order.status, OrderStatus::Placed | OrderStatus::Confirmed) => {
            lines.push(
                "The seller hasn't shipped it yet; you'll get the tracking number as soon as it ships."
                    .into(),
            );
        }
        _ => {}
    }
    if let Some(scan) = order.tracking.last() {
        let place = if scan.location.is_empty() {
            String::new()
        } else {
            format!(", {}", scan.location)
        };
        lines.push(format!(
            "Latest scan: {}{place} on {}.",
            scan.description,
            scan.at.format("%b %-d at %H:%M UTC")
        ));
    }
    if let Some((from, to)) = order.delivery
        && !matches!(
            order.status,
            OrderStatus::Delivered | OrderStatus::Cancelled | OrderStatus::Refunded
        )
    {
        lines.push(format!(
            "Estimated delivery: {} – {}.",
            from.format("%b %-d"),
            to.format("%b %-d")
        ));
    }
    lines.join(" ")
}

fn estimated(order: &OrderDetail) -> String {
    order
        .delivery
        .map(|(a, b)| format!("{} – {}", a.format("%b %-d"), b.format("%b %-d")))
        .unwrap_or_else(|| "soon".into())
}

/// A photo key the author uploaded; another's is refused.
pub(crate) async fn check_photos(
    db: &Db,
    account: Option<i64>,
    photos: &[String],
) -> AppResult<()> {
    if photos.len() > MAX_PHOTOS {
        return Err(AppError::validation(
            "photos",
            format!("Attach at most {MAX_PHOTOS} photos."),
        ));
    }
    for key in photos {
        let owned = match account {
            Some(a) => sqlx::query(
                "SELECT 1 AS one FROM account_images WHERE image_key = $1 AND account_id = $2",
            )
            .bind(key)
            .bind(a)
            .fetch_optional(&db.pool)
            .await
            .internal("checking a photo")?
            .is_some(),
            None => false,
        };
        if !owned {
            return Err(AppError::validation(
                "photos",
                "A photo could not be found. Upload it again.",
            ));
        }
    }
    Ok(())
}

/// The account a store writes as (its owner), for photo ownership.
async fn store_owner(db: &Db, store: StoreId) -> AppResult<i64> {
    sqlx::query("SELECT owner_id FROM stores WHERE id = $1")
        .bind(store.0)
        .fetch_one(&db.pool)
        .await
        .internal("reading a store's owner")?
        .try_get("owner_id")
        .internal("owner")
}

impl Support {
    /// The request's words and, for an address change, its lines.
    async fn describe_request(
        &self,
        row: &TicketRow,
        order: &OrderDetail,
    ) -> AppResult<Option<ChangeRequestView>> {
        let kind = row.kind();
        let item = row
            .item_id
            .and_then(|i| order.items.iter().find(|x| x.id.0 == i));
        let state = row.request_state();
        let view = match kind {
            TicketKind::ChangeAddress => {
                let lines: Vec<String> = row
                    .new_address
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .map(str::to_owned)
                    .collect();
                Some(ChangeRequestView {
                    summary: format!("Ship to: {}", lines.join(", ")),
                    new_address: lines,
                    refund: None,
                    state,
                })
            }
            TicketKind::CancelItem => item.map(|i| ChangeRequestView {
                summary: format!("Cancel {} × {}", row.quantity, i.title),
                new_address: Vec::new(),
                refund: Some(Money::new(
                    i.unit_price.minor() * row.quantity,
                    i.unit_price.currency(),
                )),
                state,
            }),
            TicketKind::ChangeVariant => {
                let to = match row.variant_id {
                    Some(v) => {
                        sqlx::query("SELECT size, color, price_minor FROM variants WHERE id = $1")
                            .bind(v)
                            .fetch_optional(&self.db.pool)
                            .await
                            .internal("reading the requested variant")?
                    }
                    None => None,
                };
                match (item, to) {
                    (Some(i), Some(v)) => {
                        let label = variant_label(
                            v.try_get::<Option<String>, _>("size")
                                .internal("size")?
                                .as_deref(),
                            v.try_get::<Option<String>, _>("color")
                                .internal("color")?
                                .as_deref(),
                        );
                        let price: i64 = v.try_get("price_minor").internal("price")?;
                        let diff = (i.unit_price.minor() - price).max(0) * row.quantity;
                        Some(ChangeRequestView {
                            summary: format!("{}: {} → {label}", i.title, i.variant_label),
                            new_address: Vec::new(),
                            refund: (diff > 0 && state != Some(RequestState::Accepted))
                                .then(|| Money::new(diff, i.unit_price.currency())),
                            state,
                        })
                    }
                    _ => None,
                }
            }
            _ => item.map(|i| ChangeRequestView {
                summary: format!("About: {} ({})", i.title, i.variant_label),
                new_address: Vec::new(),
                refund: None,
                state,
            }),
        };
        Ok(view)
    }

    async fn detail(&self, side: Side, row: TicketRow) -> AppResult<TicketDetail> {
        let now = self.clock.now_ms();
        let id = TicketId(row.id);
        // Reading a ticket marks it read for its reader.
        let read = match side {
            Side::Buyer(_) => Some("buyer_unread"),
            Side::Store(_) => Some("seller_unread"),
            Side::Admin(_) => None,
        };
        if let Some(column) = read {
            sqlx::query(&format!(
                "UPDATE tickets SET {column} = 0 WHERE id = $1 AND {column} = 1"
            ))
            .bind(id.0)
            .execute(&self.db.pool)
            .await
            .internal("marking a ticket read")?;
        }
        let order = orders::detail(
            &self.db,
            Scope::Store(StoreId(row.store_id)),
            OrderId(row.order_id),
        )
        .await?;
        let names = sqlx::query(
            "SELECT a.name AS buyer_name, s.name AS store_name FROM accounts a, stores s WHERE a.id = $1 AND s.id = $2",
        )
        .bind(row.buyer_id)
        .bind(row.store_id)
        .fetch_one(&self.db.pool)
        .await
        .internal("reading names")?;
        let buyer_name: String = names.try_get("buyer_name").internal("buyer name")?;
        let store_name: String = names.try_get("store_name").internal("store name")?;
        let messages = sqlx::query(
            "SELECT id, author, body, photos, created_at FROM ticket_messages WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("reading messages")?
        .iter()
        .map(|m| -> Result<TicketMessageView, sqlx::Error> {
            let author = Party::parse(&m.try_get::<String, _>("author")?).unwrap_or(Party::System);
            let photos: String = m.try_get("photos")?;
            Ok(TicketMessageView {
                id: TicketMessageId(m.try_get("id")?),
                author_name: match author {
                    Party::Buyer => buyer_name.clone(),
                    Party::Seller => store_name.clone(),
                    Party::Admin => "Marketplace support".into(),
                    Party::System => "Bazaar".into(),
                },
                author,
                body: m.try_get("body")?,
                photos: photos
                    .split_whitespace()
                    .map(|key| ImageRef {
                        key: key.to_owned(),
                        alt: "Photo attached to the message".into(),
                    })
                    .collect(),
                at: from_ms(m.try_get("created_at")?),
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .internal("reading messages")?;
        let status = row.status();
        let kind = row.kind();
        let request = self.describe_request(&row, &order).await?;
        let staff = !matches!(side, Side::Buyer(_));
        let history = if staff {
            let rows = sqlx::query(&format!(
                "{SUMMARY_SELECT} WHERE t.buyer_id = $1 AND t.store_id = $2 AND t.id <> $3
                 ORDER BY t.updated_at DESC, t.id DESC LIMIT 20"
            ))
            .bind(row.buyer_id)
            .bind(row.store_id)
            .bind(row.id)
            .fetch_all(&self.db.pool)
            .await
            .internal("reading the buyer's tickets")?;
            summaries(&rows, Party::Admin, now)?
        } else {
            Vec::new()
        };
        let canned = if let Side::Store(store) = side {
            let values = TemplateValues {
                buyer_name: &buyer_name,
                order_number: &format!("#{}", order.id.0),
                tracking_link: order.tracking_url.as_deref().unwrap_or("(not shipped yet)"),
                estimated_delivery: &estimated(&order),
            };
            canned(&self.db, store)
                .await?
                .into_iter()
                .map(|c| CannedReply {
                    body: fill_template(&c.body, &values),
                    ..c
                })
                .collect()
        } else {
            Vec::new()
        };
        let seller_answered = messages
            .iter()
            .any(|m| matches!(m.author, Party::Seller | Party::Admin));
        let pending = row.request_state() == Some(RequestState::Pending);
        let return_view = self.return_view(&row, &order);
        let return_state = return_view.as_ref().map(|r| r.state);
        let actions = TicketActions {
            reply: status.after(TicketEvent::Reply(party(side))).is_some()
                || (side_is_buyer(side) && status.after(TicketEvent::BuyerMessage).is_some()),
            close: status.is_open(),
            reopen: side_is_buyer(side)
                && status == TicketStatus::Closed
                && row.closed_at.is_some_and(|c| may_reopen(c, now)),
            answer_request: staff && kind.is_change_request() && pending && status.is_open(),
            settle: staff
                && (kind.is_complaint() || kind == TicketKind::ReturnRefund)
                && status.is_open(),
            confirm_answer: side_is_buyer(side)
                && kind.answered_from_order()
                && status == TicketStatus::AwaitingBuyer
                && !seller_answered,
            answer_return: staff
                && return_state == Some(ReturnState::Requested)
                && status.is_open(),
            receive_return: staff
                && matches!(
                    return_state,
                    Some(ReturnState::Accepted | ReturnState::Shipped)
                )
                && status.is_open(),
            ship_back: side_is_buyer(side)
                && return_state == Some(ReturnState::Accepted)
                && status.is_open(),
            appeal: side_is_buyer(side)
                && return_state == Some(ReturnState::Declined)
                && status == TicketStatus::AwaitingBuyer
                && row.escalated_at.is_none(),
        };
        Ok(TicketDetail {
            id,
            kind,
            status,
            buyer_name,
            item: row.item_id.map(OrderItemId),
            request,
            resolution: row.resolution.clone(),
            messages,
            clock: row
                .waiting_since
                .filter(|_| status == TicketStatus::AwaitingSeller)
                .map(|w| ReplyClock::at(w, now)),
            created_at: from_ms(row.created_at),
            closed_at: row.closed_at.map(from_ms),
            escalated: row.escalated_at.is_some(),
            history,
            return_view,
            canned,
            actions,
            order,
        })
    }

    /// Reads the ticket again for `side` after a change.
    async fn reread(&self, side: Side, id: TicketId) -> AppResult<TicketDetail> {
        let row = load(&self.db, side, id).await?;
        self.detail(side, row).await
    }

    /// The store behind a staff side, for refunds and replacements.
    fn acting_store(side: Side, row: &TicketRow) -> AppResult<StoreId> {
        match side {
            Side::Store(s) => Ok(s),
            Side::Admin(_) => Ok(StoreId(row.store_id)),
            Side::Buyer(_) => Err(AppError::Forbidden),
        }
    }
}

fn side_is_buyer(side: Side) -> bool {
    matches!(side, Side::Buyer(_))
}

async fn canned(db: &Db, store: StoreId) -> AppResult<Vec<CannedReply>> {
    sqlx::query("SELECT id, title, body FROM canned_replies WHERE store_id = $1 ORDER BY title, id")
        .bind(store.0)
        .fetch_all(&db.pool)
        .await
        .internal("reading canned replies")?
        .iter()
        .map(|r| -> Result<CannedReply, sqlx::Error> {
            Ok(CannedReply {
                id: CannedReplyId(r.try_get("id")?),
                title: r.try_get("title")?,
                body: r.try_get("body")?,
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading canned replies")
}

/// A new ticket's details, checked against the order.
struct Checked {
    kind: TicketKind,
    item: Option<OrderItemId>,
    quantity: i64,
    variant: Option<VariantId>,
    address: Option<String>,
    message: String,
    photos: Vec<String>,
    /// The units a return asks back.
    returns: Vec<RefundLine>,
}

impl Support {
    async fn check_new(
        &self,
        buyer: AccountId,
        order: &OrderDetail,
        t: &NewTicket,
    ) -> AppResult<Checked> {
        let kind =
            TicketKind::parse(&t.kind).map_err(|e| AppError::validation("kind", e.to_string()))?;
        kind.offered_for(order.status)
            .map_err(|why| AppError::Conflict(why.into()))?;
        let needs_words = matches!(
            kind,
            TicketKind::OrderDetails
                | TicketKind::Missing
                | TicketKind::NotAsDescribed
                | TicketKind::ReturnRefund
        );
        let message = message_text(&t.message, !needs_words)
            .map_err(|e| AppError::validation("message", e.to_string()))?;
        if !kind.takes_photos() && !t.photos.is_empty() {
            return Err(AppError::validation(
                "photos",
                "Photos go with a damaged or not-as-described item.",
            ));
        }
        check_photos(&self.db, Some(buyer.0), &t.photos).await?;
        if kind == TicketKind::Damaged && message.is_empty() && t.photos.is_empty() {
            return Err(AppError::validation(
                "message",
                "Describe the damage or add a photo.",
            ));
        }
        let item =
            match t.item {
                Some(i) => {
                    Some(order.items.iter().find(|x| x.id.0 == i).ok_or_else(|| {
                        AppError::validation("item", "Pick an item of this order.")
                    })?)
                }
                None if matches!(kind, TicketKind::CancelItem | TicketKind::ChangeVariant) => {
                    return Err(AppError::validation("item", "Pick the item."));
                }
                None => None,
            };
        let left = item.map(|i| i.quantity - i.refunded_quantity).unwrap_or(0);
        let mut checked = Checked {
            kind,
            item: item.map(|i| i.id),
            quantity: 0,
            variant: None,
            address: None,
            message,
            photos: t.photos.clone(),
            returns: Vec::new(),
        };
        match kind {
            TicketKind::ChangeAddress => {
                let input = match (t.address_id, &t.address) {
                    (Some(id), _) => profile::address(&self.db, buyer, AddressId(id))
                        .await?
                        .ok_or_else(|| {
                            AppError::validation("address", "Pick one of your addresses.")
                        })?,
                    (None, Some(a)) => a.clone(),
                    (None, None) => {
                        return Err(AppError::validation(
                            "address",
                            "Give the new delivery address.",
                        ));
                    }
                };
                let address = Address::parse(&input)
                    .map_err(|(field, e)| AppError::validation(field, e.to_string()))?;
                let lines = address.lines().join("\n");
                if lines == order.ship_to.join("\n") {
                    return Err(AppError::validation(
                        "address",
                        "That is already where the order goes.",
                    ));
                }
                checked.address = Some(lines);
            }
            TicketKind::CancelItem => {
                let q = t.quantity.unwrap_or(left);
                if q < 1 || q > left {
                    return Err(AppError::validation(
                        "quantity",
                        format!("Cancel between 1 and {left}."),
                    ));
                }
                checked.quantity = q;
            }
            TicketKind::ChangeVariant => {
                let item = item.ok_or(AppError::Internal)?;
                if item.refunded_quantity > 0 {
                    return Err(AppError::validation(
                        "item",
                        "Part of this item was cancelled, so its size or colour can't change.",
                    ));
                }
                let v = t
                    .variant
                    .ok_or_else(|| AppError::validation("variant", "Pick the new option."))?;
                let choices = self.choices(item).await?;
                if !choices.iter().any(|c| c.id.0 == v) {
                    return Err(AppError::validation(
                        "variant",
                        "That option is not available for a change.",
                    ));
                }
                checked.variant = Some(VariantId(v));
                checked.quantity = left;
            }
            TicketKind::ReturnRefund => {
                checked.returns = self.check_return(order, t).await?;
                checked.quantity = checked.returns.iter().map(|l| l.quantity).sum();
            }
            _ => {
                checked.quantity = left;
            }
        }
        Ok(checked)
    }

    /// The variants an item may switch to: same product, in stock for the whole
    /// line, at the same price or lower.
    async fn choices(&self, item: &OrderItemView) -> AppResult<Vec<VariantChoice>> {
        let Some(product) = item.product else {
            return Ok(Vec::new());
        };
        let left = item.quantity - item.refunded_quantity;
        sqlx::query(
            "SELECT v.id, v.size, v.color, v.price_minor, v.stock FROM variants v
             WHERE v.product_id = $1 AND v.stock >= $2 AND v.price_minor <= $3 AND v.sku <> $4
             ORDER BY v.position, v.id",
        )
        .bind(product.0)
        .bind(left.max(1))
        .bind(item.unit_price.minor())
        .bind(&item.sku)
        .fetch_all(&self.db.pool)
        .await
        .internal("reading variants")?
        .iter()
        .map(|r| -> Result<VariantChoice, sqlx::Error> {
            Ok(VariantChoice {
                id: VariantId(r.try_get("id")?),
                label: variant_label(
                    r.try_get::<Option<String>, _>("size")?.as_deref(),
                    r.try_get::<Option<String>, _>("color")?.as_deref(),
                ),
                price: Money::new(r.try_get("price_minor")?, item.unit_price.currency()),
                stock: r.try_get("stock")?,
            })
        })
        .collect::<Result<_, _>>()
        .internal("reading variants")
    }

    /// The buyer's ticket opened with `key`, if there is one.
    async fn ticket_by_key(
        &self,
        buyer: AccountId,
        key: &IdempotencyKey,
    ) -> AppResult<Option<i64>> {
        sqlx::query("SELECT id FROM tickets WHERE buyer_id = $1 AND client_key = $2")
            .bind(buyer.0)
            .bind(key.as_str())
            .fetch_optional(&self.db.pool)
            .await
            .internal("finding a ticket by key")?
            .map(|r| r.try_get("id"))
            .transpose()
            .internal("ticket id")
    }
}

#[async_trait]
impl SupportService for Support {
    #[tracing::instrument(skip_all, fields(buyer = %buyer, order = %order))]
    async fn help_options(&self, buyer: AccountId, order: OrderId) -> AppResult<HelpOptions> {
        let detail = orders::detail(&self.db, Scope::Buyer(buyer), order).await?;
        let mut items = Vec::new();
        for i in &detail.items {
            let left = i.quantity - i.refunded_quantity;
            if left <= 0 {
                continue;
            }
            items.push(HelpItem {
                id: i.id,
                title: i.title.clone(),
                variant_label: i.variant_label.clone(),
                quantity: left,
                unit_price: i.unit_price,
                variants: if i.refunded_quantity == 0 {
                    self.choices(i).await?
                } else {
                    Vec::new()
                },
            });
        }
        let open = sqlx::query(&format!(
            "{SUMMARY_SELECT} WHERE t.buyer_id = $1 AND t.order_id = $2 AND t.status <> 'closed'
             ORDER BY t.updated_at DESC, t.id DESC"
        ))
        .bind(buyer.0)
        .bind(order.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("reading open tickets")?;
        let now = self.clock.now();
        let delivered: Option<i64> = sqlx::query("SELECT delivered_at FROM orders WHERE id = $1")
            .bind(order.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("reading the delivery")?
            .try_get("delivered_at")
            .internal("reading the delivery")?;
        let delivered = delivered.map(from_ms);
        Ok(HelpOptions {
            order,
            status_label: detail.status.label().to_owned(),
            kinds: TicketKind::ALL
                .into_iter()
                .map(|k| {
                    let why = match k.offered_for(detail.status) {
                        Err(why) => Some(why.to_owned()),
                        Ok(()) if k == TicketKind::ReturnRefund => {
                            app::domain::returns::may_return(delivered, now, self.return_days).err()
                        }
                        Ok(()) => None,
                    };
                    (k, why)
                })
                .collect(),
            items,
            addresses: profile::addresses(&self.db, buyer).await?,
            open_tickets: summaries(&open, Party::Buyer, self.clock.now_ms())?,
        })
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, order = ticket.order))]
    async fn open(
        &self,
        buyer: AccountId,
        ticket: NewTicket,
        key: IdempotencyKey,
    ) -> AppResult<TicketDetail> {
        let order = orders::detail(&self.db, Scope::Buyer(buyer), OrderId(ticket.order)).await?;
        // A retry of a ticket already opened answers that ticket.
        if let Some(id) = self.ticket_by_key(buyer, &key).await? {
            return self.reread(Side::Buyer(buyer), TicketId(id)).await;
        }
        let c = self.check_new(buyer, &order, &ticket).await?;
        let now = self.clock.now_ms();
        let automatic = c.kind.answered_from_order();
        let status = if automatic {
            TicketStatus::AwaitingBuyer
        } else {
            TicketStatus::AwaitingSeller
        };
        let mut tx = self.db.begin().await.internal("starting a ticket")?;
        let inserted = sqlx::query(
            "INSERT INTO tickets (order_id, store_id, buyer_id, kind, status, item_id, quantity, variant_id, new_address,
                 request_state, client_key, waiting_since, seller_unread, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
             ON CONFLICT (buyer_id, client_key) DO NOTHING RETURNING id",
        )
        .bind(order.id.0)
        .bind(order.store.id.0)
        .bind(buyer.0)
        .bind(c.kind.as_str())
        .bind(status.as_str())
        .bind(c.item.map(|i| i.0))
        .bind(c.quantity)
        .bind(c.variant.map(|v| v.0))
        .bind(c.address.as_deref())
        .bind(c.kind.is_change_request().then_some("pending"))
        .bind(key.as_str())
        .bind((!automatic).then_some(now))
        .bind(i64::from(!automatic))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .internal("opening a ticket")?;
        let Some(inserted) = inserted else {
            // Another request with the same key won the race.
            drop(tx);
            let id = self
                .ticket_by_key(buyer, &key)
                .await?
                .ok_or(AppError::Internal)?;
            return self.reread(Side::Buyer(buyer), TicketId(id)).await;
        };
        let id = TicketId(inserted.try_get("id").internal("ticket id")?);
        let body = if c.message.is_empty() {
            c.kind.label().to_owned()
        } else {
            c.message.clone()
        };
        add_message(
            &mut tx,
            id,
            (Party::Buyer, Some(buyer.0)),
            &body,
            &c.photos,
            None,
            now,
        )
        .await?;
        if !c.returns.is_empty() {
            record_return(&mut tx, id, &c.returns).await?;
        }
        if automatic {
            let answer = automatic_answer(&order);
            add_message(&mut tx, id, (Party::System, None), &answer, &[], None, now).await?;
        } else {
            notify(
                &mut tx,
                id,
                Party::Buyer,
                &format!("New request on order #{}: {}", order.id.0, c.kind.label()),
                &self.public_url,
                now,
                self.log_mail,
            )
            .await?;
        }
        tx.commit().await.internal("committing a ticket")?;
        self.reread(Side::Buyer(buyer), id).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn buyer_tickets(&self, buyer: AccountId) -> AppResult<Vec<TicketSummary>> {
        let rows = sqlx::query(&format!(
            "{SUMMARY_SELECT} WHERE t.buyer_id = $1 ORDER BY t.updated_at DESC, t.id DESC LIMIT 200"
        ))
        .bind(buyer.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("listing tickets")?;
        summaries(&rows, Party::Buyer, self.clock.now_ms())
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer))]
    async fn unread(&self, buyer: AccountId) -> AppResult<i64> {
        sqlx::query("SELECT COUNT(*) AS n FROM tickets WHERE buyer_id = $1 AND buyer_unread = 1")
            .bind(buyer.0)
            .fetch_one(&self.db.pool)
            .await
            .internal("counting unread tickets")?
            .try_get("n")
            .internal("count")
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn inbox(
        &self,
        store: StoreId,
        queue: TicketStatus,
        after: Option<String>,
    ) -> AppResult<SupportInbox> {
        let counted = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM tickets WHERE store_id = $1 GROUP BY status",
        )
        .bind(store.0)
        .fetch_all(&self.db.pool)
        .await
        .internal("counting tickets")?;
        let mut counts: Vec<(TicketStatus, i64)> =
            TicketStatus::ALL.iter().map(|s| (*s, 0)).collect();
        for r in &counted {
            let s: String = r.try_get("status").internal("status")?;
            let n: i64 = r.try_get("n").internal("count")?;
            if let Some(c) = counts.iter_mut().find(|(q, _)| q.as_str() == s) {
                c.1 = n;
            }
        }
        // Action required: the most urgent (longest waiting) first; the others: the
        // latest first. The cursor is the last row's sort value and id.
        let cursor = after.as_deref().and_then(|c| {
            let (a, b) = c.split_once(':')?;
            Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?))
        });
        let (column, order, cmp) = if queue == TicketStatus::AwaitingSeller {
            ("t.waiting_since", "ASC", ">")
        } else {
            ("t.updated_at", "DESC", "<")
        };
        let page = match cursor {
            Some(_) => format!("AND ({column} {cmp} $3 OR ({column} = $3 AND t.id {cmp} $4))"),
            None => "AND $3 = $3 AND $4 = $4".into(),
        };
        let (c1, c2) = cursor.unwrap_or((0, 0));
        let rows = sqlx::query(&format!(
            "{SUMMARY_SELECT} WHERE t.store_id = $1 AND t.status = $2 {page}
             ORDER BY {column} {order}, t.id {order} LIMIT {}",
            PAGE + 1
        ))
        .bind(store.0)
        .bind(queue.as_str())
        .bind(c1)
        .bind(c2)
        .fetch_all(&self.db.pool)
        .await
        .internal("reading a queue")?;
        let more = rows.len() as i64 > PAGE;
        let rows = &rows[..rows.len().min(PAGE as usize)];
        let next = if more {
            rows.last()
                .map(|r| -> Result<String, sqlx::Error> {
                    let key: i64 = if queue == TicketStatus::AwaitingSeller {
                        r.try_get::<Option<i64>, _>("waiting_since")?.unwrap_or(0)
                    } else {
                        r.try_get("updated_at")?
                    };
                    Ok(format!("{key}:{}", r.try_get::<i64, _>("id")?))
                })
                .transpose()
                .internal("cursor")?
        } else {
            None
        };
        Ok(SupportInbox {
            queue,
            counts,
            tickets: summaries(rows, Party::Seller, self.clock.now_ms())?,
            next,
        })
    }

    #[tracing::instrument(skip_all)]
    async fn escalated(&self) -> AppResult<Vec<TicketSummary>> {
        let rows = sqlx::query(&format!(
            "{SUMMARY_SELECT} WHERE t.status = 'escalated' ORDER BY t.escalated_at, t.id LIMIT 200"
        ))
        .fetch_all(&self.db.pool)
        .await
        .internal("listing escalated tickets")?;
        summaries(&rows, Party::Admin, self.clock.now_ms())
    }

    #[tracing::instrument(skip_all, fields(id = %id))]
    async fn ticket(&self, side: Side, id: TicketId) -> AppResult<TicketDetail> {
        let row = load(&self.db, side, id).await?;
        self.detail(side, row).await
    }

    #[tracing::instrument(skip_all, fields(id = %id))]
    async fn post(
        &self,
        side: Side,
        id: TicketId,
        text: &str,
        photos: Vec<String>,
        key: IdempotencyKey,
    ) -> AppResult<TicketDetail> {
        let row = load(&self.db, side, id).await?;
        let by = party(side);
        let event = match by {
            Party::Buyer => TicketEvent::BuyerMessage,
            other => TicketEvent::Reply(other),
        };
        let from = row.status();
        let Some(to) = from.after(event) else {
            // A retry of a message that closed nothing still finds its row.
            let seen = sqlx::query(
                "SELECT 1 AS one FROM ticket_messages WHERE ticket_id = $1 AND client_key = $2",
            )
            .bind(id.0)
            .bind(key.as_str())
            .fetch_optional(&self.db.pool)
            .await
            .internal("finding a message by key")?;
            if seen.is_some() {
                return self.reread(side, id).await;
            }
            return Err(AppError::Conflict(match from {
                TicketStatus::Closed => {
                    "This ticket is closed. Reopen it to write again.".to_owned()
                }
                _ => "The marketplace is handling this ticket now.".to_owned(),
            }));
        };
        let text = message_text(text, !photos.is_empty())
            .map_err(|e| AppError::validation("message", e.to_string()))?;
        let author = match side {
            Side::Store(s) => Some(store_owner(&self.db, s).await?),
            other => author_id(other),
        };
        check_photos(&self.db, author, &photos).await?;
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a message")?;
        let added = add_message(
            &mut tx,
            id,
            (by, author_id(side)),
            &text,
            &photos,
            Some(key.as_str()),
            now,
        )
        .await?;
        if added.is_none() {
            drop(tx);
            return self.reread(side, id).await;
        }
        if !move_ticket(&mut tx, id, from, to, by, now).await? {
            return Err(AppError::Conflict(MOVED.into()));
        }
        let what = match by {
            Party::Buyer => "The buyer wrote a new message.",
            Party::Seller => "The seller answered.",
            _ => "Marketplace support answered.",
        };
        notify(&mut tx, id, by, what, &self.public_url, now, self.log_mail).await?;
        tx.commit().await.internal("committing a message")?;
        self.reread(side, id).await
    }

    #[tracing::instrument(skip_all, fields(id = %id))]
    async fn close(&self, side: Side, id: TicketId) -> AppResult<TicketDetail> {
        let row = load(&self.db, side, id).await?;
        let from = row.status();
        let by = party(side);
        if from.after(TicketEvent::Close).is_none() {
            return Err(AppError::Conflict("This ticket is already closed.".into()));
        }
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a close")?;
        if !move_ticket(&mut tx, id, from, TicketStatus::Closed, by, now).await? {
            return Err(AppError::Conflict(MOVED.into()));
        }
        let who = match by {
            Party::Buyer => "the buyer",
            Party::Seller => "the seller",
            _ => "marketplace support",
        };
        let note = format!("Closed by {who}.");
        add_message(&mut tx, id, (Party::System, None), &note, &[], None, now).await?;
        notify(&mut tx, id, by, &note, &self.public_url, now, self.log_mail).await?;
        tx.commit().await.internal("committing a close")?;
        self.reread(side, id).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, id = %id))]
    async fn reopen(&self, buyer: AccountId, id: TicketId) -> AppResult<TicketDetail> {
        let side = Side::Buyer(buyer);
        let row = load(&self.db, side, id).await?;
        let now = self.clock.now_ms();
        if row.status() != TicketStatus::Closed {
            return Err(AppError::Conflict("This ticket is open.".into()));
        }
        if !row.closed_at.is_some_and(|c| may_reopen(c, now)) {
            return Err(AppError::Conflict(
                "This ticket was closed more than 7 days ago. Open a new one from the order."
                    .into(),
            ));
        }
        let mut tx = self.db.begin().await.internal("starting a reopen")?;
        if !move_ticket(
            &mut tx,
            id,
            TicketStatus::Closed,
            TicketStatus::AwaitingSeller,
            Party::Buyer,
            now,
        )
        .await?
        {
            return Err(AppError::Conflict(MOVED.into()));
        }
        add_message(
            &mut tx,
            id,
            (Party::System, None),
            "Reopened by the buyer.",
            &[],
            None,
            now,
        )
        .await?;
        notify(
            &mut tx,
            id,
            Party::Buyer,
            "The buyer reopened the ticket.",
            &self.public_url,
            now,
            self.log_mail,
        )
        .await?;
        tx.commit().await.internal("committing a reopen")?;
        self.reread(side, id).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, id = %id))]
    async fn send_back(
        &self,
        buyer: AccountId,
        id: TicketId,
        carrier: &str,
        tracking_number: &str,
    ) -> AppResult<TicketDetail> {
        self.ship_back(buyer, id, carrier, tracking_number).await
    }

    #[tracing::instrument(skip_all, fields(buyer = %buyer, id = %id))]
    async fn ask_marketplace(&self, buyer: AccountId, id: TicketId) -> AppResult<TicketDetail> {
        self.appeal(buyer, id).await
    }

    #[tracing::instrument(skip_all, fields(id = %id, accept))]
    async fn answer_request(
        &self,
        side: Side,
        id: TicketId,
        accept: bool,
        reason: &str,
    ) -> AppResult<TicketDetail> {
        if side_is_buyer(side) {
            return Err(AppError::Forbidden);
        }
        let row = load(&self.db, side, id).await?;
        let kind = row.kind();
        if !kind.is_change_request() {
            return Err(AppError::Conflict(
                "This ticket does not ask for a change.".into(),
            ));
        }
        if row.request_state() != Some(RequestState::Pending) {
            return Err(AppError::Conflict(
                "This request has already been answered.".into(),
            ));
        }
        let from = row.status();
        let by = party(side);
        let now = self.clock.now_ms();
        let order = OrderId(row.order_id);
        if !accept {
            let reason = message_text(reason, false)
                .map_err(|_| AppError::validation("reason", "Say why; the buyer sees it."))?;
            let to = from
                .after(TicketEvent::Decline)
                .unwrap_or(TicketStatus::AwaitingBuyer);
            let mut tx = self.db.begin().await.internal("starting a decline")?;
            let claimed = sqlx::query(
                "UPDATE tickets SET request_state = 'declined' WHERE id = $1 AND request_state = 'pending'",
            )
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .internal("declining a request")?
            .rows_affected();
            if claimed == 0 || !move_ticket(&mut tx, id, from, to, by, now).await? {
                return Err(AppError::Conflict(MOVED.into()));
            }
            let note = format!("Request declined: {reason}");
            add_message(&mut tx, id, (by, author_id(side)), &note, &[], None, now).await?;
            notify(&mut tx, id, by, &note, &self.public_url, now, self.log_mail).await?;
            tx.commit().await.internal("committing a decline")?;
            return self.reread(side, id).await;
        }
        let order_row = orders::row(&self.db, Scope::Store(StoreId(row.store_id)), order).await?;
        let currency = order_row.currency();
        let charge = order_row.charge_id;
        let mut tx = self.db.begin().await.internal("starting an accept")?;
        let claimed = sqlx::query(
            "UPDATE tickets SET request_state = 'accepted' WHERE id = $1 AND request_state = 'pending'",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .internal("accepting a request")?
        .rows_affected();
        if claimed == 0 {
            return Err(AppError::Conflict(
                "This request has already been answered.".into(),
            ));
        }
        let applied = match kind {
            TicketKind::ChangeAddress => {
                changes::change_address(
                    &mut tx,
                    order,
                    row.new_address.as_deref().unwrap_or_default(),
                    now,
                )
                .await?
            }
            TicketKind::ChangeVariant => {
                let (Some(item), Some(variant)) = (row.item_id, row.variant_id) else {
                    return Err(AppError::Internal);
                };
                changes::change_variant(&mut tx, order, OrderItemId(item), VariantId(variant), now)
                    .await?
            }
            _ => {
                let Some(item) = row.item_id else {
                    return Err(AppError::Internal);
                };
                changes::cancel_units(&mut tx, order, OrderItemId(item), row.quantity, now).await?
            }
        };
        if !move_ticket(&mut tx, id, from, TicketStatus::Closed, by, now).await? {
            return Err(AppError::Conflict(MOVED.into()));
        }
        let resolution = if applied.release > 0 {
            format!(
                "Accepted: {}. {} goes back to your card.",
                applied.note,
                Money::new(applied.release, currency)
            )
        } else {
            format!("Accepted: {}.", applied.note)
        };
        sqlx::query("UPDATE tickets SET resolution = $2 WHERE id = $1")
            .bind(id.0)
            .bind(&resolution)
            .execute(&mut *tx)
            .await
            .internal("recording the resolution")?;
        add_message(
            &mut tx,
            id,
            (by, author_id(side)),
            &resolution,
            &[],
            None,
            now,
        )
        .await?;
        notify(
            &mut tx,
            id,
            by,
            &resolution,
            &self.public_url,
            now,
            self.log_mail,
        )
        .await?;
        tx.commit().await.internal("committing an accept")?;
        if applied.release > 0
            && let Some(charge) = charge
            && let Err(e) = self
                .gateway
                .release(&charge, Money::new(applied.release, currency))
                .await
        {
            tracing::error!(?e, charge, "releasing a changed order's payment failed");
        }
        self.reread(side, id).await
    }

    #[tracing::instrument(skip_all, fields(id = %id))]
    async fn settle(
        &self,
        side: Side,
        id: TicketId,
        settlement: Settlement,
        note: &str,
    ) -> AppResult<TicketDetail> {
        let row = load(&self.db, side, id).await?;
        let store = Self::acting_store(side, &row)?;
        let kind = row.kind();
        if !(kind.is_complaint() || kind == TicketKind::ReturnRefund) {
            return Err(AppError::Conflict(
                "Refunds and replacements settle a problem with what arrived.".into(),
            ));
        }
        let from = row.status();
        let by = party(side);
        let now = self.clock.now_ms();
        let order = OrderId(row.order_id);
        let note = note.trim();
        match settlement {
            Settlement::AcceptReturn { .. }
            | Settlement::DeclineReturn
            | Settlement::ReturnReceived { .. } => {
                self.settle_return(side, row, settlement, note).await
            }
            Settlement::AskPhotos => {
                let text = if note.is_empty() {
                    "Could you add photos of the item and its packaging? They help us sort this out quickly."
                } else {
                    note
                };
                let key = IdempotencyKey::parse(&format!("ask-photos-{}-{now}", id.0))
                    .map_err(|_| AppError::Internal)?;
                self.post(side, id, text, Vec::new(), key).await
            }
            Settlement::Refund { lines } => {
                if from.after(TicketEvent::Resolve).is_none() {
                    return Err(AppError::Conflict("This ticket is closed.".into()));
                }
                // Claim the ticket first, so two settlements at once refund once.
                let mut tx = self.db.begin().await.internal("starting a settlement")?;
                if !move_ticket(&mut tx, id, from, TicketStatus::Closed, by, now).await? {
                    return Err(AppError::Conflict(MOVED.into()));
                }
                tx.commit().await.internal("claiming a settlement")?;
                let reason = format!("{} (ticket #{})", kind.label(), id.0);
                let before = orders::row(&self.db, Scope::Store(store), order).await?;
                let refunded = self
                    .fulfilment
                    .refund(store, order, lines, &reason, false)
                    .await;
                let after = match refunded {
                    Ok(detail) => detail,
                    Err(e) => {
                        let mut undo = self.db.begin().await.internal("starting an undo")?;
                        sqlx::query(
                            "UPDATE tickets SET status = $2, closed_at = NULL, waiting_since = $3 WHERE id = $1 AND status = 'closed'",
                        )
                        .bind(id.0)
                        .bind(from.as_str())
                        .bind(row.waiting_since)
                        .execute(&mut *undo)
                        .await
                        .internal("undoing a settlement claim")?;
                        undo.commit().await.internal("committing an undo")?;
                        return Err(e);
                    }
                };
                let amount = Money::new(
                    after.order.refunded.minor() - before.refunded_minor,
                    before.currency(),
                );
                let resolution = if note.is_empty() {
                    format!("Refunded {amount} to your card.")
                } else {
                    format!("Refunded {amount} to your card. {note}")
                };
                self.finish_settlement(side, id, by, &resolution, now).await
            }
            Settlement::Replacement => {
                if from.after(TicketEvent::Resolve).is_none() {
                    return Err(AppError::Conflict("This ticket is closed.".into()));
                }
                let item = row
                    .item_id
                    .ok_or_else(|| AppError::validation("item", "This ticket names no item."))?;
                let quantity = row.quantity.max(1);
                let mut tx = self.db.begin().await.internal("starting a replacement")?;
                if !move_ticket(&mut tx, id, from, TicketStatus::Closed, by, now).await? {
                    return Err(AppError::Conflict(MOVED.into()));
                }
                let new_order =
                    replacement_order(&mut tx, order, OrderItemId(item), quantity, id, now).await?;
                let resolution = format!(
                    "A replacement is on its way as order #{}; you'll get its tracking number when it ships.",
                    new_order.0
                );
                sqlx::query("UPDATE tickets SET resolution = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(&resolution)
                    .execute(&mut *tx)
                    .await
                    .internal("recording the resolution")?;
                add_message(
                    &mut tx,
                    id,
                    (by, author_id(side)),
                    &resolution,
                    &[],
                    None,
                    now,
                )
                .await?;
                notify(
                    &mut tx,
                    id,
                    by,
                    &resolution,
                    &self.public_url,
                    now,
                    self.log_mail,
                )
                .await?;
                tx.commit().await.internal("committing a replacement")?;
                self.reread(side, id).await
            }
        }
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn canned_replies(&self, store: StoreId) -> AppResult<Vec<CannedReply>> {
        canned(&self.db, store).await
    }

    #[tracing::instrument(skip_all, fields(store = %store))]
    async fn save_canned_reply(
        &self,
        store: StoreId,
        id: Option<CannedReplyId>,
        title: &str,
        body: &str,
    ) -> AppResult<Vec<CannedReply>> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 80 {
            return Err(AppError::validation(
                "title",
                "Give the reply a name of up to 80 characters.",
            ));
        }
        let body =
            message_text(body, false).map_err(|e| AppError::validation("body", e.to_string()))?;
        let now = self.clock.now_ms();
        let mut tx = self.db.begin().await.internal("starting a canned reply")?;
        match id {
            Some(id) => {
                let changed = sqlx::query(
                    "UPDATE canned_replies SET title = $3, body = $4, updated_at = $5 WHERE id = $1 AND store_id = $2",
                )
                .bind(id.0)
                .bind(store.0)
                .bind(title)
                .bind(&body)
                .bind(now)
                .execute(&mut *tx)
                .await
                .internal("changing a canned reply")?
                .rows_affected();
                if changed == 0 {
                    return Err(AppError::not_found("canned reply"));
                }
            }
            None => {
                let n: i64 =
                    sqlx::query("SELECT COUNT(*) AS n FROM canned_replies WHERE store_id = $1")
                        .bind(store.0)
                        .fetch_one(&mut *tx)
                        .await
                        .internal("counting canned replies")?
                        .try_get("n")
                        .internal("count")?;
                if n >= MAX_CANNED {
                    return Err(AppError::validation(
                        "title",
                        format!("A store keeps at most {MAX_CANNED} canned replies."),
                    ));
                }
                sqlx::query(
                    "INSERT INTO canned_replies (store_id, title, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(store.0)
                .bind(title)
                .bind(&body)
                .bind(now)
                .execute(&mut *tx)
                .await
                .internal("adding a canned reply")?;
            }
        }
        tx.commit().await.internal("committing a canned reply")?;
        canned(&self.db, store).await
    }

    #[tracing::instrument(skip_all, fields(store = %store, id = %id))]
    async fn delete_canned_reply(
        &self,
        store: StoreId,
        id: CannedReplyId,
    ) -> AppResult<Vec<CannedReply>> {
        let gone = sqlx::query("DELETE FROM canned_replies WHERE id = $1 AND store_id = $2")
            .bind(id.0)
            .bind(store.0)
            .execute(&self.db.pool)
            .await
            .internal("deleting a canned reply")?
            .rows_affected();
        if gone == 0 {
            return Err(AppError::not_found("canned reply"));
        }
        canned(&self.db, store).await
    }
}

impl Support {
    /// Records how a claimed (closed) ticket was settled, and tells the buyer.
    async fn finish_settlement(
        &self,
        side: Side,
        id: TicketId,
        by: Party,
        resolution: &str,
        now: i64,
    ) -> AppResult<TicketDetail> {
        let mut tx = self.db.begin().await.internal("starting a settlement")?;
        sqlx::query("UPDATE tickets SET resolution = $2 WHERE id = $1")
            .bind(id.0)
            .bind(resolution)
            .execute(&mut *tx)
            .await
            .internal("recording the resolution")?;
        add_message(
            &mut tx,
            id,
            (by, author_id(side)),
            resolution,
            &[],
            None,
            now,
        )
        .await?;
        notify(
            &mut tx,
            id,
            by,
            resolution,
            &self.public_url,
            now,
            self.log_mail,
        )
        .await?;
        tx.commit().await.internal("committing a settlement")?;
        self.reread(side, id).await
    }
}

/// A new zero-price order for the same buyer, store and address with `quantity` of
/// the item, waiting to be confirmed and shipped like any other; its stock is taken.
async fn replacement_order(
    tx: &mut Tx<'_>,
    original: OrderId,
    item: OrderItemId,
    quantity: i64,
    ticket: TicketId,
    now: i64,
) -> AppResult<OrderId> {
    let line = sqlx::query(
        "SELECT oi.variant_id, oi.product_id, oi.title, oi.variant_label, oi.sku, o.buyer_id, o.store_id,
                o.currency, o.ship_to, o.shipping_option, o.delivery_from, o.delivery_to
         FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE oi.id = $1 AND oi.order_id = $2",
    )
    .bind(item.0)
    .bind(original.0)
    .fetch_optional(&mut **tx)
    .await
    .internal("reading the item to replace")?
    .ok_or_else(|| AppError::not_found("order item"))?;
    let variant: Option<i64> = line.try_get("variant_id").internal("variant")?;
    let title: String = line.try_get("title").internal("title")?;
    if let Some(v) = variant {
        let taken =
            sqlx::query("UPDATE variants SET stock = stock - $2 WHERE id = $1 AND stock >= $2")
                .bind(v)
                .bind(quantity)
                .execute(&mut **tx)
                .await
                .internal("taking replacement stock")?
                .rows_affected();
        if taken == 0 {
            return Err(AppError::Conflict(format!(
                "“{title}” is out of stock, so no replacement can be sent. Refund it instead."
            )));
        }
    }
    let id: i64 = sqlx::query(
        "INSERT INTO orders (buyer_id, store_id, checkout_id, status, currency, subtotal_minor, shipping_minor,
            discount_minor, total_minor, ship_to, placed_at, updated_at, shipping_option, payment_label)
         VALUES ($1, $2, $3, 'placed', $4, 0, 0, 0, 0, $5, $6, $6, $7, $8) RETURNING id",
    )
    .bind(line.try_get::<i64, _>("buyer_id").internal("buyer")?)
    .bind(line.try_get::<i64, _>("store_id").internal("store")?)
    .bind(format!("replacement-{}", ticket.0))
    .bind(line.try_get::<String, _>("currency").internal("currency")?)
    .bind(line.try_get::<String, _>("ship_to").internal("ship to")?)
    .bind(now)
    .bind(
        line.try_get::<String, _>("shipping_option")
            .internal("option")?,
    )
    .bind(format!("Replacement for order #{}", original.0))
    .fetch_one(&mut **tx)
    .await
    .internal("writing a replacement order")?
    .try_get("id")
    .internal("order id")?;
    sqlx::query(
        "INSERT INTO order_items (order_id, variant_id, product_id, title, variant_label, sku, unit_price_minor, quantity, list_price_minor)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 0)",
    )
    .bind(id)
    .bind(variant)
    .bind(line.try_get::<Option<i64>, _>("product_id").internal("product")?)
    .bind(&title)
    .bind(line.try_get::<String, _>("variant_label").internal("label")?)
    .bind(line.try_get::<String, _>("sku").internal("sku")?)
    .bind(quantity)
    .execute(&mut **tx)
    .await
    .internal("writing the replacement item")?;
    sqlx::query(
        "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'placed', $2, $3)",
    )
    .bind(id)
    .bind(format!("Replacement for order #{}", original.0))
    .bind(now)
    .execute(&mut **tx)
    .await
    .internal("recording the replacement")?;
    Ok(OrderId(id))
}

/// Records a photo an account uploaded for a ticket, so its messages may show it.
pub async fn record_photo(
    db: &Db,
    image: &crate::images::Processed,
    account: AccountId,
    now: i64,
) -> AppResult<()> {
    let mut tx = db.begin().await.internal("starting a photo upload")?;
    sqlx::query(
        "INSERT INTO images (key, width, height, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&image.key)
    .bind(i64::from(image.width))
    .bind(i64::from(image.height))
    .bind(now)
    .execute(&mut *tx)
    .await
    .internal("recording an image")?;
    sqlx::query(
        "INSERT INTO account_images (image_key, account_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (image_key, account_id) DO NOTHING",
    )
    .bind(&image.key)
    .bind(account.0)
    .bind(now)
    .execute(&mut *tx)
    .await
    .internal("recording a photo's owner")?;
    tx.commit().await.internal("committing a photo upload")
}

//! Placing an order, in named steps:
//!
//! 1. **replay**: a key already answered gets its stored answer (the same request)
//!    or a conflict (a different one);
//! 2. **check** the cart against what the buyer saw (lines, quantities, prices,
//!    stock), the address and the payment method;
//! 3. **plan** one order per store, priced by `domain::pricing` with the promo code;
//! 4. **authorise** the whole checkout at the gateway, keyed by the buyer's
//!    idempotency key so a retry reuses the same authorisation;
//! 5. **write** in one transaction: claim the key, consume the cart lines as they
//!    were read, take stock with one conditional statement per variant, write the
//!    orders with their items and first timeline event, and store the answer;
//! 6. **release** the authorisation when the write fails, or answer as the request
//!    that won the key did.
//!
//! **Placing an order: authorise, then one transaction.** The payment gateway
//! authorises the whole checkout first, keyed by the buyer's idempotency key, so a
//! retry reuses the same authorisation. Then one transaction claims the key in
//! `idempotency_keys` (on SQLite every transaction begins `IMMEDIATE`), deletes each
//! cart line it was priced from with its quantity as read (a line gone or changed is
//! 409, so two checkouts of one cart make one order), decrements each variant's stock
//! with `UPDATE … SET stock = stock - n WHERE id = ? AND stock >= n`, writes one order
//! per store with its items and first timeline event, and stores the response under the
//! key. If the transaction fails (stock ran out) the authorisation is released; if
//! another request with the same key won, its stored response is returned. Before
//! paying, the lines the buyer saw (variant, quantity, unit price) are compared with
//! the cart as it is now, so a price change is reported instead of charged. Errors are
//! never stored under a key, so a buyer can retry after a decline. Other mutations a
//! client may retry (`add_to_cart`, new lists and addresses) claim their key, run, then
//! store the response. Another buyer's order, address, card or list answers 404, like
//! an id that does not exist.

use super::lines::{self, CART_CHANGED, group};
use crate::clock::Clock;
use crate::platform::OrInternal;
use crate::platform::token_hash;
use crate::services::accounts::profile;
use crate::services::money::payments::Gateway;
use crate::services::promotions;
use crate::storage::{Db, Row};
use app::backend::CartOwner;
use app::domain::address::Address;
use app::domain::delivery::{STANDARD_TRANSIT_DAYS, delivery_window};
use app::domain::pricing::{self, OrderAmounts, ShippingOption};
use app::domain::promotion::CodeTerms;
use app::domain::{AccountId, IdempotencyKey, Money, OrderId};
use app::error::{AppError, AppResult};
use app::model::*;
use chrono::NaiveDate;

/// What placing an order works with.
pub(super) struct Checkout<'a> {
    pub db: &'a Db,
    pub clock: &'a dyn Clock,
    pub gateway: &'a dyn Gateway,
}

impl Checkout<'_> {
    /// Places one order per store from the buyer's cart, once per idempotency key.
    pub async fn place(
        &self,
        buyer: AccountId,
        key: &IdempotencyKey,
        order: CheckoutRequest,
    ) -> AppResult<PlacedOrders> {
        place(self, buyer, key, order).await
    }
}

async fn place(
    cart: &Checkout<'_>,
    buyer: AccountId,
    key: &IdempotencyKey,
    order: CheckoutRequest,
) -> AppResult<PlacedOrders> {
    let request = Request {
        buyer,
        key: key.as_str(),
        hash: token_hash(&serde_json::to_string(&order).internal("hashing the request")?),
    };
    if let Some(answer) = request.stored_answer(cart.db).await? {
        return answer;
    }
    match place_new(cart, &request, order).await {
        Ok(placed) => Ok(placed),
        // A request with the same key may have finished while this one was checking
        // the cart (which that request emptied): answer as it did.
        Err(e) => request.stored_answer(cart.db).await?.unwrap_or(Err(e)),
    }
}

/// Who asks, under which key, for which request (the hash of its body).
struct Request<'a> {
    buyer: AccountId,
    key: &'a str,
    hash: String,
}

impl Request<'_> {
    /// The answer stored under this key: the placed orders for the same request, a
    /// conflict for a different one; `None` while no request has finished with it.
    async fn stored_answer(&self, db: &Db) -> AppResult<Option<AppResult<PlacedOrders>>> {
        let row = sqlx::query(
            "SELECT request_hash, response FROM idempotency_keys WHERE account_id = $1 AND key = $2",
        )
        .bind(self.buyer.0)
        .bind(self.key)
        .fetch_optional(&db.pool)
        .await
        .internal("reading an idempotency key")?;
        let Some(row) = row else { return Ok(None) };
        let hash: String = row.try_get("request_hash").internal("request hash")?;
        let response: String = row.try_get("response").internal("response")?;
        if response.is_empty() {
            return Ok(None);
        }
        if hash != self.hash {
            return Ok(Some(Err(AppError::Conflict(
                "This checkout was already used for a different order. Reload the page and try again."
                    .into(),
            ))));
        }
        Ok(Some(
            serde_json::from_str(&response).internal("reading a stored response"),
        ))
    }
}

/// How the buyer pays: the gateway token, how the order shows it, and the card to
/// save with the order when the buyer asked for it.
struct Payment {
    token: String,
    label: String,
    save: Option<CardToken>,
}

/// One store's order as it will be written.
struct StoreOrder {
    group: CartGroup,
    option: ShippingOption,
    amounts: OrderAmounts,
    window: (NaiveDate, NaiveDate),
    code: Option<CodeTerms>,
}

/// A checkout ready to authorise and write.
struct Plan {
    cart: i64,
    address: Address,
    payment: Payment,
    orders: Vec<StoreOrder>,
    total: Money,
}

async fn place_new(
    cart: &Checkout<'_>,
    request: &Request<'_>,
    order: CheckoutRequest,
) -> AppResult<PlacedOrders> {
    let plan = check_and_plan(cart, request.buyer, order).await?;
    let charge = authorise(cart, request, &plan).await?;
    match write(cart, request, &plan, &charge).await {
        Ok(placed) => Ok(placed),
        Err(WriteError::KeyTaken) => {
            // Another request with this key won; it used the same authorisation.
            request.stored_answer(cart.db).await?.unwrap_or_else(|| {
                Err(AppError::Conflict(
                    "This order is already being placed. Check your orders in a moment.".into(),
                ))
            })
        }
        Err(WriteError::App(e)) => {
            release(cart, &charge, plan.total).await;
            Err(e)
        }
    }
}

/// Steps 2 and 3: the cart as the buyer saw it, where it goes, how it is paid, and
/// the priced order of each store.
async fn check_and_plan(
    cart: &Checkout<'_>,
    buyer: AccountId,
    order: CheckoutRequest,
) -> AppResult<Plan> {
    let (cart_id, lines) = check_cart(cart, buyer, &order.seen).await?;
    let address = check_address(cart.db, buyer, order.address).await?;
    let payment = check_payment(cart, buyer, &order.payment).await?;
    let view = group(lines);
    let code = check_code(cart, buyer, order.promo_code.as_deref(), &view).await?;
    let (orders, total) = price(cart, view, &order.shipping, code)?;
    Ok(Plan {
        cart: cart_id,
        address,
        payment,
        orders,
        total,
    })
}

/// The cart's lines now, refused when they are not the ones the buyer saw (items,
/// quantities, prices) or when stock no longer covers them.
async fn check_cart(
    cart: &Checkout<'_>,
    buyer: AccountId,
    seen: &[SeenLine],
) -> AppResult<(i64, Vec<(StoreSummary, CartLine)>)> {
    let cart_id = lines::cart_id(
        &mut *cart
            .db
            .pool
            .acquire()
            .await
            .internal("acquiring a connection")?,
        cart.clock.now_ms(),
        &CartOwner::Account(buyer),
        false,
    )
    .await?;
    let lines = match cart_id {
        Some(c) => lines::lines(cart.db, cart.clock.now(), c).await?,
        None => Vec::new(),
    };
    if lines.is_empty() && !seen.is_empty() {
        // Emptied since the page was loaded (by another checkout, say).
        return Err(AppError::Conflict(CART_CHANGED.into()));
    }
    if lines.is_empty() {
        return Err(AppError::validation("cart", "Your cart is empty."));
    }
    let same_items = lines.len() == seen.len()
        && lines.iter().all(|(_, l)| {
            seen.iter()
                .any(|s| s.variant == l.variant && s.quantity == l.quantity)
        });
    if !same_items {
        return Err(AppError::Conflict(CART_CHANGED.into()));
    }
    for (_, l) in &lines {
        if let Some(seen) = seen.iter().find(|s| s.variant == l.variant)
            && seen.unit_price_minor != l.unit_price.minor()
        {
            return Err(AppError::Conflict(format!(
                "The price of “{}” changed from {} to {}. Check the new total and place the order again.",
                l.title,
                Money::new(seen.unit_price_minor, l.unit_price.currency()),
                l.unit_price
            )));
        }
        if i64::from(l.quantity) > l.stock {
            return Err(AppError::Conflict(if l.stock <= 0 {
                format!(
                    "“{}” has sold out. Remove it from your cart to continue.",
                    l.title
                )
            } else {
                format!(
                    "Only {} of “{}” left. Lower the quantity to continue.",
                    l.stock, l.title
                )
            }));
        }
    }
    Ok((cart_id.unwrap_or_default(), lines))
}

/// One of the buyer's saved addresses, valid as at the address form.
async fn check_address(
    db: &Db,
    buyer: AccountId,
    id: app::domain::AddressId,
) -> AppResult<Address> {
    let address = profile::address(db, buyer, id)
        .await?
        .ok_or_else(|| AppError::validation("address", "Choose a shipping address."))?;
    Address::parse(&address).map_err(|(field, e)| AppError::validation(field, e.0))
}

/// A saved card of the buyer's, or a card just tokenised at the gateway.
async fn check_payment(
    cart: &Checkout<'_>,
    buyer: AccountId,
    choice: &PaymentChoice,
) -> AppResult<Payment> {
    match choice {
        PaymentChoice::Saved(id) => {
            let row = sqlx::query(
                "SELECT token, brand, last4 FROM payment_methods WHERE id = $1 AND account_id = $2",
            )
            .bind(id.0)
            .bind(buyer.0)
            .fetch_optional(&cart.db.pool)
            .await
            .internal("loading a payment method")?
            .ok_or_else(|| AppError::validation("payment", "Choose a payment method."))?;
            let token: String = row.try_get("token").internal("token")?;
            let brand: String = row.try_get("brand").internal("brand")?;
            let last4: String = row.try_get("last4").internal("last4")?;
            Ok(Payment {
                token,
                label: format!("{brand} •••• {last4}"),
                save: None,
            })
        }
        PaymentChoice::Token { token, save } => {
            let card =
                cart.gateway.card(token).await?.ok_or_else(|| {
                    AppError::validation("payment", "Enter your card details again.")
                })?;
            Ok(Payment {
                token: token.clone(),
                label: format!("{} •••• {}", card.brand, card.last4),
                save: save.then_some(card),
            })
        }
    }
}

/// The promo code's terms, when one was entered and its store is in the cart.
async fn check_code(
    cart: &Checkout<'_>,
    buyer: AccountId,
    code: Option<&str>,
    view: &CartView,
) -> AppResult<Option<CodeTerms>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let terms = promotions::code_terms(cart.db, buyer, code, cart.clock.now_ms()).await?;
    if !view.groups.iter().any(|g| g.store.id == terms.store) {
        return Err(AppError::validation(
            "promo_code",
            format!(
                "The code {} is for {}, and nothing from that store is in your cart.",
                terms.code, terms.store_name
            ),
        ));
    }
    Ok(Some(terms))
}

/// One order per store, priced by the one pricing function, with its delivery
/// window; and the checkout's total.
fn price(
    cart: &Checkout<'_>,
    view: CartView,
    shipping: &[(app::domain::StoreId, ShippingOption)],
    code: Option<CodeTerms>,
) -> AppResult<(Vec<StoreOrder>, Money)> {
    let today = cart.clock.now().date_naive();
    let too_large = || AppError::validation("cart", "That order is too large.");
    let mut orders = Vec::new();
    let mut total: Option<Money> = None;
    for group in view.groups {
        let option = shipping
            .iter()
            .find(|(s, _)| *s == group.store.id)
            .map(|(_, o)| *o)
            .unwrap_or_default();
        let priced: Vec<(Money, u32, Money)> = group
            .lines
            .iter()
            .map(|l| (l.unit_price, l.quantity, l.shipping))
            .collect();
        let code = code.clone().filter(|c| c.store == group.store.id);
        if let Some(c) = &code {
            let before = pricing::order_amounts(&priced, option, None).ok_or_else(too_large)?;
            c.discount_on(before.subtotal)
                .map_err(|e| AppError::validation("promo_code", e.0))?;
        }
        let amounts =
            pricing::order_amounts(&priced, option, code.as_ref()).ok_or_else(too_large)?;
        total = Some(match total {
            None => amounts.total,
            Some(t) => t.checked_add(amounts.total).ok_or_else(|| {
                AppError::validation(
                    "cart",
                    "Items in different currencies must be ordered separately.",
                )
            })?,
        });
        let handling = group
            .lines
            .iter()
            .map(|l| l.handling_days)
            .max()
            .unwrap_or(2);
        let window = delivery_window(
            today,
            u32::try_from(handling).unwrap_or(2),
            option.transit(STANDARD_TRANSIT_DAYS),
        );
        orders.push(StoreOrder {
            group,
            option,
            amounts,
            window,
            code,
        });
    }
    Ok((orders, total.ok_or(AppError::Internal)?))
}

/// Step 4: the gateway holds the total; the same key always gets the same hold.
async fn authorise(cart: &Checkout<'_>, request: &Request<'_>, plan: &Plan) -> AppResult<String> {
    let gateway_key = format!("{}:{}", request.buyer.0, request.key);
    cart.gateway
        .authorize(&plan.payment.token, plan.total, &gateway_key)
        .await
}

/// Step 6: gives the hold back after a failed write (logged when that fails too).
async fn release(cart: &Checkout<'_>, charge: &str, total: Money) {
    if let Err(release) = cart.gateway.release(charge, total).await {
        tracing::error!(?release, charge, "releasing an authorisation failed");
    }
}

enum WriteError {
    /// Another request with the same key claimed it first.
    KeyTaken,
    App(AppError),
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        WriteError::App(e)
    }
}

/// Step 5: everything the checkout changes, in one transaction.
async fn write(
    cart: &Checkout<'_>,
    request: &Request<'_>,
    plan: &Plan,
    charge: &str,
) -> Result<PlacedOrders, WriteError> {
    let now = cart.clock.now_ms();
    let buyer = request.buyer;
    let checkout_id = format!("co_{}", &request.hash[..16]);
    let mut tx = cart.db.begin().await.internal("starting checkout")?;
    // The first statement writes, so SQLite takes its write lock at once.
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, response, created_at) VALUES ($1, $2, $3, '', $4)",
    )
    .bind(buyer.0)
    .bind(request.key)
    .bind(&request.hash)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match claimed {
        Ok(_) => {}
        Err(e) if Db::is_unique_violation(&e) => return Err(WriteError::KeyTaken),
        Err(e) => {
            tracing::error!(error = ?e, "claiming an idempotency key");
            return Err(WriteError::App(AppError::Internal));
        }
    }
    // The cart lines this checkout was priced from are consumed here, each one as it
    // was read: a concurrent checkout of the same cart (or a change made since) finds
    // a line gone or different and gets a conflict, not an order.
    for l in plan.orders.iter().flat_map(|o| &o.group.lines) {
        let consumed = sqlx::query(
            "DELETE FROM cart_items WHERE cart_id = $1 AND variant_id = $2 AND quantity = $3",
        )
        .bind(plan.cart)
        .bind(l.variant.0)
        .bind(i64::from(l.quantity))
        .execute(&mut *tx)
        .await
        .internal("emptying the cart")?
        .rows_affected();
        if consumed != 1 {
            return Err(AppError::Conflict(CART_CHANGED.into()).into());
        }
    }
    for l in plan.orders.iter().flat_map(|o| &o.group.lines) {
        let taken =
            sqlx::query("UPDATE variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
                .bind(i64::from(l.quantity))
                .bind(l.variant.0)
                .execute(&mut *tx)
                .await
                .internal("taking stock")?
                .rows_affected();
        if taken == 0 {
            return Err(AppError::Conflict(format!(
                "“{}” sold out while you were checking out. Remove it from your cart to continue.",
                l.title
            ))
            .into());
        }
    }
    let ship_to = plan.address.lines().join("\n");
    let mut ids = Vec::new();
    for o in &plan.orders {
        let id: i64 = sqlx::query(
            "INSERT INTO orders (buyer_id, store_id, checkout_id, status, currency, subtotal_minor, shipping_minor,
                discount_minor, total_minor, ship_to, placed_at, updated_at, shipping_option, charge_id, payment_label,
                delivery_from, delivery_to, promo_code_id)
             VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(buyer.0)
        .bind(o.group.store.id.0)
        .bind(&checkout_id)
        .bind(o.amounts.total.currency().code())
        .bind(o.amounts.subtotal.minor())
        .bind(o.amounts.shipping.minor())
        .bind(o.amounts.discount.minor())
        .bind(o.amounts.total.minor())
        .bind(&ship_to)
        .bind(now)
        .bind(o.option.as_str())
        .bind(charge)
        .bind(&plan.payment.label)
        .bind(o.window.0.format("%Y-%m-%d").to_string())
        .bind(o.window.1.format("%Y-%m-%d").to_string())
        .bind(o.code.as_ref().map(|c| c.id.0))
        .fetch_one(&mut *tx)
        .await
        .internal("writing an order")?
        .try_get("id")
        .internal("order id")?;
        if let Some(c) = &o.code
            && !promotions::take_use(&mut tx, c.id, buyer, id, now).await?
        {
            return Err(AppError::validation(
                "promo_code",
                format!(
                    "The code {} has just been used up. Remove it to place the order.",
                    c.code
                ),
            )
            .into());
        }
        for l in &o.group.lines {
            sqlx::query(
                "INSERT INTO order_items (order_id, variant_id, product_id, title, variant_label, sku, unit_price_minor, quantity,
                    list_price_minor, promotion_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(l.variant.0)
            .bind(l.product.0)
            .bind(&l.title)
            .bind(&l.variant_label)
            .bind(&l.sku)
            .bind(l.unit_price.minor())
            .bind(i64::from(l.quantity))
            .bind(l.was.unwrap_or(l.unit_price).minor())
            .bind(l.sale.as_ref().map(|s| s.promotion))
            .execute(&mut *tx)
            .await
            .internal("writing an order item")?;
        }
        sqlx::query(
            "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'placed', '', $2)",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .internal("writing the first order event")?;
        ids.push(OrderId(id));
    }
    if let Some(card) = &plan.payment.save {
        profile::save_card(&mut tx, buyer, card, now).await?;
    }
    let placed = PlacedOrders {
        checkout_id,
        orders: ids,
        total: plan.total,
    };
    sqlx::query("UPDATE idempotency_keys SET response = $3 WHERE account_id = $1 AND key = $2")
        .bind(buyer.0)
        .bind(request.key)
        .bind(serde_json::to_string(&placed).internal("storing the response")?)
        .execute(&mut *tx)
        .await
        .internal("storing the response")?;
    tx.commit().await.internal("committing checkout")?;
    Ok(placed)
}

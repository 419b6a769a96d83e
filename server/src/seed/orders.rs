//! Demo orders for the demo store, one or two in every state (new, to ship, shipped,
//! in transit, delivered, cancelled, refunded), placed and moved along through the
//! real services so payments, stock, timelines and the ledger agree. Their times are
//! then moved into the past and the carrier simulator catches up. One delivered order
//! was paid with the sandbox's disputing card, so the store has a dispute to answer.

use super::demo::{DEMO_BUYER, demo_store};
use crate::AppState;
use crate::clock::DAY_MS;
use crate::storage::Row;
use app::backend::CartOwner;
use app::domain::address::{Address, AddressInput};
use app::domain::tracking::{Carrier, TrackingNumber};
use app::domain::{AccountId, IdempotencyKey, OrderId, Quantity, VariantId};
use app::model::{CheckoutRequest, PaymentChoice, SeenLine};

#[derive(Clone, Copy)]
enum Goal {
    New,
    ToShip,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
    /// Delivered, paid with the card the sandbox disputes as fraudulent.
    Disputed,
}

/// Each order: what it becomes, how many hours ago it was placed, and whether the
/// demo buyer placed it (so they can follow it from their own account).
const PLAN: [(Goal, i64, bool); 12] = [
    (Goal::New, 2, false),
    (Goal::New, 9, false),
    (Goal::ToShip, 20, true),
    (Goal::ToShip, 60, false),
    (Goal::Shipped, 14, false),
    (Goal::Shipped, 50, false),
    (Goal::Delivered, 8 * 24, true),
    (Goal::Delivered, 12 * 24, false),
    (Goal::Delivered, 40 * 24, false),
    (Goal::Cancelled, 5 * 24, false),
    (Goal::Refunded, 10 * 24, false),
    (Goal::Disputed, 4 * 24, false),
];

/// Valid tracking numbers for the demo shipments.
const TRACKING: [(Carrier, &str); 6] = [
    (Carrier::Ups, "1Z5R89390357567127"),
    (Carrier::Usps, "9400111201080805483016"),
    (Carrier::Fedex, "986578788855"),
    (Carrier::Dhl, "3318810025"),
    (Carrier::Ups, "1Z879E930346834440"),
    (Carrier::Fedex, "477179081230"),
];

/// The `i`th demo shipment's number: the real-looking ones first, then DHL Express
/// numbers (nine digits and their remainder modulo 7), each used once.
fn demo_tracking(i: usize) -> anyhow::Result<TrackingNumber> {
    Ok(match TRACKING.get(i) {
        Some((carrier, number)) => TrackingNumber::parse(*carrier, number)?,
        None => {
            let base = 331_881_000 + i as u64;
            TrackingNumber::parse(Carrier::Dhl, &format!("{base}{}", base % 7))?
        }
    })
}

pub async fn seed(state: &AppState) -> anyhow::Result<usize> {
    let pool = &state.db.pool;
    let store = demo_store(pool).await?;
    // The demo buyer first, then shoppers who cannot sign in.
    let buyers: Vec<i64> = sqlx::query(
        "SELECT id FROM accounts WHERE role = 'buyer' ORDER BY CASE WHEN email = $1 THEN 0 ELSE 1 END, id LIMIT 6",
    )
    .bind(DEMO_BUYER)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    let variants: Vec<i64> = sqlx::query(
        "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.store_id = $1 AND p.status = 'active' AND v.stock >= 5 ORDER BY p.id, v.id LIMIT 40",
    )
    .bind(store.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    if buyers.is_empty() || variants.len() < 3 {
        return Ok(0);
    }
    let s = &state.services;
    let token = s
        .payments
        .tokenize("4242424242424242", "12/34", "123")
        .await?
        .token;
    let disputing = s
        .payments
        .tokenize("4000000000000259", "12/34", "123")
        .await?
        .token;
    let cities = [
        (
            "Dana Buyer",
            "500 Howard St",
            "San Francisco",
            "CA",
            "94105",
        ),
        ("Maya Chen", "18 Harbor Way", "Seattle", "WA", "98101"),
        ("Jonas Weber", "402 Elm Street", "Austin", "TX", "78701"),
        ("Priya Patel", "77 Beacon St", "Boston", "MA", "02108"),
        ("Luis Ortega", "9 Sunset Blvd", "Los Angeles", "CA", "90028"),
        ("Grace Kim", "250 W 57th St", "New York", "NY", "10019"),
    ];
    let mut addresses = Vec::new();
    for (i, buyer) in buyers.iter().enumerate() {
        let (name, line1, city, region, zip) = cities[i % cities.len()];
        let input = AddressInput {
            full_name: name.into(),
            line1: line1.into(),
            line2: String::new(),
            city: city.into(),
            region: region.into(),
            postal_code: zip.into(),
            country: "US".into(),
            phone: String::new(),
        };
        let address = Address::parse(&input).map_err(|(_, e)| e)?;
        let saved = s
            .profile
            .save_address(AccountId(*buyer), None, address, true)
            .await?;
        addresses.push(saved.id);
    }
    let one = Quantity::new(1)?;
    let mut placed = 0;
    for (i, (goal, hours_ago, demo_buyer)) in PLAN.iter().enumerate() {
        let b = if *demo_buyer || buyers.len() == 1 {
            0
        } else {
            1 + i % (buyers.len() - 1)
        };
        let buyer = AccountId(buyers[b]);
        let owner = CartOwner::Account(buyer);
        let mut cart = s
            .cart
            .add_to_cart(&owner, VariantId(variants[(i * 3) % variants.len()]), one)
            .await?;
        if i % 3 == 0 {
            cart = s
                .cart
                .add_to_cart(
                    &owner,
                    VariantId(variants[(i * 3 + 1) % variants.len()]),
                    one,
                )
                .await?;
        }
        let seen = cart
            .groups
            .iter()
            .flat_map(|g| g.lines.iter())
            .map(|l| SeenLine {
                variant: l.variant,
                quantity: l.quantity,
                unit_price_minor: l.unit_price.minor(),
            })
            .collect();
        let result = s
            .cart
            .place_order(
                buyer,
                &IdempotencyKey::parse(&format!("demo-order-{i:04}"))?,
                CheckoutRequest {
                    address: addresses[b],
                    shipping: Vec::new(),
                    payment: PaymentChoice::Token {
                        token: if matches!(goal, Goal::Disputed) {
                            disputing.clone()
                        } else {
                            token.clone()
                        },
                        save: false,
                    },
                    seen,
                    promo_code: None,
                },
            )
            .await?;
        let Some(order) = result.orders.first().copied() else {
            continue;
        };
        let f = &s.fulfilment;
        let tracking = demo_tracking(i)?;
        match goal {
            Goal::New => {}
            Goal::ToShip => {
                f.confirm(store, order).await?;
            }
            Goal::Shipped | Goal::Delivered | Goal::Disputed => {
                f.confirm(store, order).await?;
                f.ship(store, order, tracking).await?;
            }
            Goal::Cancelled => {
                f.confirm(store, order).await?;
                f.cancel(
                    store,
                    order,
                    "The colour you chose is no longer made; sorry!",
                )
                .await?;
            }
            Goal::Refunded => {
                f.confirm(store, order).await?;
                f.ship(store, order, tracking).await?;
                f.refund(store, order, Vec::new(), "Arrived damaged in transit", true)
                    .await?;
            }
        }
        backdate(state, order, hours_ago * 3_600_000).await?;
        placed += 1;
    }
    let now = state.clock.now_ms();
    crate::services::orders::fulfilment::sync_tracking(&state.db, state.tracker.as_ref(), now)
        .await?;
    crate::services::money::disputes::sync(&state.db, state.gateway.as_ref(), now).await?;
    Ok(placed)
}

/// Moves every time of an order `by` milliseconds into the past, keeping the hold
/// period of its sale (30 days after shipment unless delivered sooner).
async fn backdate(state: &AppState, order: OrderId, by: i64) -> anyhow::Result<()> {
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "UPDATE orders SET placed_at = placed_at - $2, updated_at = updated_at - $2,
            shipped_at = shipped_at - $2 + $3 WHERE id = $1",
    )
    .bind(order.0)
    .bind(by)
    // Shipped a few hours after the order, not the same minute.
    .bind((by / 4).min(DAY_MS))
    .execute(&mut *tx)
    .await?;
    for sql in [
        "UPDATE order_events SET at = at - $2 + (CASE WHEN status = 'placed' THEN 0 ELSE $3 END) WHERE order_id = $1",
        "UPDATE sandbox_charges SET captured_at = captured_at - $2 + $3
         WHERE id = (SELECT charge_id FROM orders WHERE id = $1)",
        "UPDATE ledger_entries SET at = at - $2 + $3, available_at = available_at - $2 + $3 WHERE order_id = $1",
    ] {
        sqlx::query(sql)
            .bind(order.0)
            .bind(by)
            .bind((by / 4).min(DAY_MS))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

//! The buyer's orders: a list, and each order with its timeline.

use crate::api::orders::{cancel_order, my_orders};
use crate::api::reviews::order_reviews;
use crate::client;
use crate::domain::order_status::BuyerCancelReason;
use crate::error::AppError;
use crate::model::{ItemReview, OrderDetail, OrderSummary};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{OrderLines, Timeline, TrackingScans, status_class};
use crate::ui::shell::ErrorPage;
use crate::ui::storefront::reviews::{OrderReviews, ToReview};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn sign_in_prompt(next: &'static str) -> AnyView {
    view! {
        <EmptyState title="Sign in to see your orders" body="Your orders and their tracking are kept in your account.">
            <a class="button primary" href=format!("/signin?next={next}")>"Sign in"</a>
        </EmptyState>
    }
    .into_any()
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = client::resource(|| (), |_| client::read("orders".into(), my_orders()));
    // After a checkout that made one order per store: the ids of those orders.
    let query = use_query_map();
    let placed = move || -> Vec<i64> {
        query
            .read()
            .get("placed")
            .map(|ids| ids.split(',').filter_map(|id| id.parse().ok()).collect())
            .unwrap_or_default()
    };
    view! {
        <Title text="Your orders" />
        <h1 class="page-title">"Your orders"</h1>
        <ToReview />
        <Suspense fallback=|| view! { <SkeletonLines count=5 /> }>
            {move || Suspend::new(async move {
                let placed = placed();
                match orders.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="No orders yet" body="When you place an order it shows up here with its tracking.">
                            <a class="button" href="/">"Start shopping"</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(list) => {
                        let (new, earlier): (Vec<_>, Vec<_>) =
                            list.into_iter().partition(|o| placed.contains(&o.id.0));
                        view! {
                            {(!new.is_empty()).then(|| view! {
                                <section class="panel placed-orders" aria-labelledby="placed-title">
                                    <h2 id="placed-title">"Thank you! Your order is placed"</h2>
                                    <p role="status">{if new.len() > 1 {
                                        format!("It was placed as {} orders, one per store; each ships and is tracked on its own.", new.len())
                                    } else {
                                        "It ships and is tracked on its own page.".to_string()
                                    }}</p>
                                    <ul class="order-list">
                                        {new.into_iter().map(|o| view! { <OrderRow order=o /> }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <ul class="order-list">
                                {earlier.into_iter().map(|o| view! { <OrderRow order=o /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(AppError::Unauthorized) => sign_in_prompt("/orders"),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderRow(order: OrderSummary) -> impl IntoView {
    let more = if order.item_count > 1 {
        format!(" and {} more", order.item_count - 1)
    } else {
        String::new()
    };
    view! {
        <li class="panel order-row">
            <a href=format!("/orders/{}", order.id) class="order-link">
                <span class="order-thumb">{order.image.map(|img| view! { <img src=img.url(200) alt="" width="64" height="64" loading="lazy" /> })}</span>
                <span class="order-main">
                    <strong>{format!("{}{more}", order.first_title)}</strong>
                    <span class="muted small">{format!("Order #{} · {} · {}", order.id, order.store_name, order.placed_at.format("%b %-d, %Y"))}</span>
                </span>
                <span class="order-side">
                    <span class=status_class(order.status)>{order.status.label()}</span>
                    <span>{order.total.to_string()}</span>
                </span>
            </a>
        </li>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let order = client::resource(id, |id| async move {
        match id {
            Some(id) => {
                client::read(format!("orders/{id}"), crate::api::orders::order_detail(id)).await
            }
            None => Err(AppError::not_found("order")),
        }
    });
    // The reviews of a delivered order load beside the order, not inside its
    // <Suspense> (a resource created there can leave the server's response hanging).
    let reviews = client::resource(id, |id| async move {
        match id {
            Some(id) => client::read(format!("reviews/{id}"), order_reviews(id))
                .await
                .unwrap_or_default(),
            None => Vec::new(),
        }
    });
    let placed = move || {
        query
            .read()
            .get("placed")
            .and_then(|n| n.parse::<usize>().ok())
    };
    view! {
        <Title text="Order" />
        {move || placed().map(|n| view! {
            <p class="notice" role="status">{if n > 1 {
                format!("Thank you! Your order was placed as {n} orders, one per store.")
            } else {
                "Thank you! Your order was placed.".to_string()
            }}" "<a href="/orders">"See all orders"</a></p>
        })}
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                let items = reviews.await;
                match order.await {
                    Ok(detail) => view! { <OrderView initial=detail reviews=items /> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_prompt("/orders"),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderView(initial: OrderDetail, reviews: Vec<ItemReview>) -> impl IntoView {
    let reviews = StoredValue::new(reviews);
    let detail = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    // Cancelling asks first: why, and what happens to the payment.
    let confirming = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = detail.with_untracked(|d| d.id.0);
        let why = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match client::mutate(|_key| cancel_order(id, why.clone())).await {
                Ok(updated) => {
                    client::forget("orders");
                    detail.set(updated);
                    confirming.set(false);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    move || {
        let d = detail.get();
        view! {
            <h1 class="page-title">{format!("Order #{}", d.id)}</h1>
            <p class="muted">{format!("Placed {} · sold by {}", d.placed_at.format("%b %-d, %Y at %H:%M UTC"), d.store.name)}</p>
            <div class="order-layout">
                <section class="panel" aria-labelledby="timeline-title">
                    <h2 id="timeline-title">"Status"</h2>
                    <Timeline steps=d.timeline.clone() />
                    {d.delivery.filter(|_| !d.status.is_closed()).map(|(from, to)| view! {
                        <p>"Estimated delivery "<strong>{format!("{} – {}", from.format("%b %-d"), to.format("%b %-d"))}</strong></p>
                    })}
                    <TrackingScans detail=d.clone() />
                    {d.can_cancel.then(|| {
                        let held = format!(
                            "Nothing has been charged yet: the {} held on {} is released at once. Your bank may take a few days to remove the hold.",
                            d.amounts.total, d.payment
                        );
                        view! {
                            <p class="muted small">"You can cancel until the store confirms the order."</p>
                            <Show when=move || confirming.get() fallback=move || view! {
                                <button type="button" class="button" on:click=move |_| confirming.set(true)>"Cancel order…"</button>
                            }>
                                <form class="cancel-confirm" aria-labelledby="cancel-title" on:submit=cancel>
                                    <h3 id="cancel-title">"Cancel this order?"</h3>
                                    <p>{held.clone()}</p>
                                    <label for="cancel-reason">"Why are you cancelling?"</label>
                                    <select id="cancel-reason" required on:change=move |ev| reason.set(event_target_value(&ev))>
                                        <option value="" selected>"Choose a reason"</option>
                                        {BuyerCancelReason::ALL.into_iter().map(|r| view! { <option value=r.param()>{r.label()}</option> }).collect_view()}
                                    </select>
                                    <div class="button-row">
                                        <button type="submit" class="button danger">"Cancel order"</button>
                                        <button type="button" class="button" on:click=move |_| confirming.set(false)>"Keep order"</button>
                                    </div>
                                </form>
                            </Show>
                        }
                    })}
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <p><a class="button" href=format!("/orders/{}/help", d.id)>"Get help with this order"</a></p>
                </section>
                <section class="panel">
                    <h2>"Items"</h2>
                    <OrderLines order=d.clone() />
                    <p class="muted small item-help">"Problem with an item? "
                        {d.items.iter().map(|i| view! {
                            <a href=format!("/orders/{}/help?item={}", d.id, i.id)>{format!("Get help with {}", i.title)}</a>" "
                        }).collect_view()}
                    </p>
                    <p class="muted small">{format!("Paid with {}", d.payment)}</p>
                    {(!d.close_reason.is_empty()).then(|| {
                        let note = if d.cancelled_by_buyer {
                            // "Cancelled by the buyer: Ordered by mistake" reads as yours.
                            let why = d.close_reason.split_once(": ").map_or("", |(_, why)| why);
                            format!("You cancelled this order{}{why}. Nothing was charged: the payment hold was released.", if why.is_empty() { "" } else { ": " })
                        } else {
                            format!("Note from the store: {}", d.close_reason)
                        };
                        view! { <p class="muted small close-note">{note}</p> }
                    })}
                </section>
                {reviews.with_value(|r| !r.is_empty()).then(|| view! { <OrderReviews items=reviews.get_value() /> })}
                <section class="panel">
                    <h2>"Ship to"</h2>
                    <address>{d.ship_to.iter().map(|l| view! { {l.clone()}<br /> }).collect_view()}</address>
                </section>
            </div>
        }
    }
}

//! The seller's orders: queues with counts and deadlines, one order with what can be
//! done next (confirm, ship with tracking, cancel, refund), and a printable packing slip.

use crate::client;
use crate::domain::order_status::OrderQueue;
use crate::domain::tracking::Carrier;
use crate::error::AppError;
use crate::model::{RefundLine, SellerOrderDetail, SellerOrders};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{FormError, OrderLines, Timeline, TrackingScans, status_class};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn OrdersPage() -> impl IntoView {
    let query = use_query_map();
    let queue =
        Memo::new(move |_| OrderQueue::from_param(&query.read().get("queue").unwrap_or_default()));
    let orders = client::resource(
        move || queue.get(),
        |q| crate::api::orders::console::orders(q.as_str().to_owned()),
    );
    view! {
        <Title text="Orders" />
        <h1 class="page-title">"Orders"</h1>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(list) => view! { <QueueView list /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(list: SellerOrders) -> impl IntoView {
    let current = list.queue;
    let empty = match current {
        OrderQueue::New => "No new orders. New orders appear here to confirm.",
        OrderQueue::ToShip => "Nothing to ship. Confirmed orders wait here for tracking.",
        OrderQueue::Shipped => "No orders on their way.",
        OrderQueue::Delivered => "No delivered orders yet.",
        OrderQueue::Closed => "No cancelled or refunded orders.",
    };
    view! {
        <nav class="tabs" aria-label="Order queues">
            {list.counts.iter().map(|(q, n)| {
                let selected = *q == current;
                view! {
                    <a href=format!("/sell/orders?queue={}", q.as_str())
                        class="tab" class:tab-current=selected
                        aria-current=selected.then_some("page")>
                        {q.label()}" "<span class="tab-count">{*n}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
        {if list.orders.is_empty() {
            view! { <EmptyState title=format!("{}: none", current.label()) body=empty /> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">"Order"</th><th scope="col">"Placed"</th><th scope="col">"Buyer"</th>
                            <th scope="col">"Items"</th><th scope="col" class="num">"Total"</th>
                            <th scope="col">"Status"</th><th scope="col">"Ship by"</th>
                        </tr></thead>
                        <tbody>
                            {list.orders.into_iter().map(|o| {
                                let more = if o.item_count > 1 { format!(" (+{} more)", o.item_count - 1) } else { String::new() };
                                let shipped = !matches!(o.status, crate::domain::order_status::OrderStatus::Placed | crate::domain::order_status::OrderStatus::Confirmed);
                                view! {
                                    <tr class:row-alert=o.overdue>
                                        <td><a href=format!("/sell/orders/{}", o.id)>{format!("#{}", o.id)}</a></td>
                                        <td>{o.placed_at.format("%b %-d, %H:%M").to_string()}</td>
                                        <td>{o.buyer_name}</td>
                                        <td>{format!("{}{more}", o.first_title)}</td>
                                        <td class="num">{o.total.to_string()}</td>
                                        <td><span class=status_class(o.status)>{o.status.label()}</span></td>
                                        <td>{if shipped {
                                            "—".to_string()
                                        } else if o.overdue {
                                            format!("Overdue since {}", o.ship_by.format("%b %-d, %H:%M"))
                                        } else {
                                            o.ship_by.format("%b %-d, %H:%M").to_string()
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

fn order_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()))
}

#[component]
pub fn SellerOrderPage() -> impl IntoView {
    let id = order_id();
    let order = client::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => crate::api::orders::console::order(id).await,
                None => Err(AppError::not_found("order")),
            }
        },
    );
    view! {
        <Title text="Order" />
        <p><a href="/sell/orders">"← Orders"</a></p>
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(detail) => view! { <SellerOrderView initial=detail /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SellerOrderView(initial: SellerOrderDetail) -> impl IntoView {
    let detail = RwSignal::new(initial);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let carrier = RwSignal::new(Carrier::Usps.as_str().to_string());
    let tracking = RwSignal::new(String::new());
    let cancel_reason = RwSignal::new(String::new());
    let refund_reason = RwSignal::new(String::new());
    let restock = RwSignal::new(true);
    let refund_qty = RwSignal::new(std::collections::HashMap::<i64, i64>::new());

    let apply = move |result: Result<SellerOrderDetail, AppError>, done: &'static str| {
        busy.set(false);
        match result {
            Ok(updated) => {
                detail.set(updated);
                error.set(None);
                notice.set(Some(done.to_string()));
                refund_qty.set(Default::default());
            }
            Err(e) => {
                notice.set(None);
                error.set(Some(e));
            }
        }
    };
    let id = move || detail.with_untracked(|d| d.order.id.0);
    let confirm = move |_| {
        busy.set(true);
        let id = id();
        leptos::task::spawn_local(async move {
            apply(
                client::mutate(|key| crate::api::orders::console::confirm_order(id, Some(key)))
                    .await,
                "Order confirmed.",
            );
        });
    };
    let ship = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (id, c, t) = (id(), carrier.get_untracked(), tracking.get_untracked());
        leptos::task::spawn_local(async move {
            apply(
                client::mutate(|key| {
                    crate::api::orders::console::ship_order(id, c.clone(), t.clone(), Some(key))
                })
                .await,
                "Marked as shipped; the payment was captured.",
            );
        });
    };
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (id, reason) = (id(), cancel_reason.get_untracked());
        leptos::task::spawn_local(async move {
            apply(
                client::mutate(|key| {
                    crate::api::orders::console::cancel_order(id, reason.clone(), Some(key))
                })
                .await,
                "Order cancelled; the buyer's payment was released.",
            );
        });
    };
    let refund = move |whole: bool| {
        busy.set(true);
        let lines: Vec<RefundLine> = if whole {
            Vec::new()
        } else {
            refund_qty
                .get_untracked()
                .into_iter()
                .filter(|(_, q)| *q > 0)
                .map(|(item, quantity)| RefundLine {
                    item: crate::domain::OrderItemId(item),
                    quantity,
                })
                .collect()
        };
        if !whole && lines.is_empty() {
            busy.set(false);
            error.set(Some(AppError::validation(
                "items",
                "Choose how many of which items to refund.",
            )));
            return;
        }
        let (id, reason, restock) = (id(), refund_reason.get_untracked(), restock.get_untracked());
        leptos::task::spawn_local(async move {
            apply(
                client::mutate(|key| {
                    crate::api::orders::console::refund_order(
                        id,
                        lines.clone(),
                        reason.clone(),
                        restock,
                        Some(key),
                    )
                })
                .await,
                "Refund sent to the buyer's card.",
            );
        });
    };
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(field))
                .map(|e| view! { <p class="field-error" id=format!("{field}-error")>{e.to_string()}</p> })
        }
    };

    move || {
        let d = detail.get();
        let o = d.order.clone();
        let a = o.amounts;
        let next_step = view! {
                <section class="panel" aria-labelledby="next-title">
                    <h2 id="next-title">"Next step"</h2>
                    {(!d.pending_requests.is_empty()).then(|| view! {
                        <div class="notice notice-alert" role="alert">
                            <p><strong>"The buyer asked for a change. Answer it before you ship:"</strong></p>
                            <ul>
                                {d.pending_requests.iter().map(|r| view! {
                                    <li><a href=format!("/sell/support/{}", r.ticket)>{format!("{} (ticket #{})", r.label, r.ticket)}</a></li>
                                }).collect_view()}
                            </ul>
                        </div>
                    })}
                    {d.can_confirm.then(|| view! {
                        <p>"Check the items are in stock, then confirm. The buyer can cancel until you do."</p>
                        <button type="button" class="button primary" on:click=confirm disabled=move || busy.get()>"Confirm order"</button>
                    })}
                    {d.can_ship.then(|| {
                        let hint = move || Carrier::parse(&carrier.get()).map(|c| format!("Format: {}", c.format_hint())).unwrap_or_default();
                        view! {
                            <form class="form ship-form" on:submit=ship>
                                <div class="field">
                                    <label for="ship-carrier">"Carrier"</label>
                                    <select id="ship-carrier" on:change=move |ev| carrier.set(event_target_value(&ev)) prop:value=move || carrier.get()>
                                        {Carrier::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("tracking_number"))>
                                    <label for="ship-tracking">"Tracking number"</label>
                                    <input id="ship-tracking" autocomplete="off" spellcheck="false" required
                                        aria-describedby="ship-tracking-hint tracking_number-error"
                                        prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev)) />
                                    <p class="field-hint" id="ship-tracking-hint">{hint}</p>
                                    {field_error("tracking_number")}
                                </div>
                                <button type="submit" class="button primary" disabled=move || busy.get()>"Mark as shipped"</button>
                            </form>
                        }
                    })}
                    {(!d.can_confirm && !d.can_ship).then(|| view! {
                        <p class="muted">{match o.status {
                            crate::domain::order_status::OrderStatus::Delivered => "Delivered. Refund from here if the buyer needs it.",
                            crate::domain::order_status::OrderStatus::Cancelled | crate::domain::order_status::OrderStatus::Refunded => "This order is closed.",
                            _ => "With the carrier: its scans move this order to delivered. Refund from here if the buyer needs it.",
                        }}</p>
                    })}
                    {d.can_cancel.then(|| view! {
                        <details class="danger-zone">
                            <summary>"Cancel this order"</summary>
                            <form class="form" on:submit=cancel>
                                <div class="field">
                                    <label for="cancel-reason">"Reason (the buyer sees it)"</label>
                                    <textarea id="cancel-reason" rows="2" prop:value=move || cancel_reason.get() on:input=move |ev| cancel_reason.set(event_target_value(&ev))></textarea>
                                    <p class="reason-picks">
                                        <button type="button" class="chip" on:click=move |_| cancel_reason.set("Out of stock".into())>"Out of stock"</button>
                                        " "<span class="muted small">"counts toward your out-of-stock rate (Performance)"</span>
                                    </p>
                                    {field_error("reason")}
                                </div>
                                <button type="submit" class="button danger" disabled=move || busy.get()>"Cancel order"</button>
                            </form>
                        </details>
                    })}
                    {d.can_refund.then(|| view! {
                        <details class="danger-zone">
                            <summary>"Refund"</summary>
                            <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); refund(false) }>
                                <table class="data-table compact">
                                    <thead><tr><th scope="col">"Item"</th><th scope="col" class="num">"Refunded"</th><th scope="col">"Refund now"</th></tr></thead>
                                    <tbody>
                                        {o.items.iter().map(|i| {
                                            let left = i.quantity - i.refunded_quantity;
                                            let item = i.id.0;
                                            let label = format!("Units of {} to refund", i.title);
                                            view! {
                                                <tr>
                                                    <td>{format!("{} · {}", i.title, i.variant_label)}</td>
                                                    <td class="num">{format!("{} of {}", i.refunded_quantity, i.quantity)}</td>
                                                    <td><input type="number" min="0" max=left.to_string() value="0" class="qty-input" aria-label=label disabled=left == 0
                                                        on:input=move |ev| {
                                                            let q = event_target_value(&ev).parse::<i64>().unwrap_or(0);
                                                            refund_qty.update(|m| { m.insert(item, q); });
                                                        } /></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                {field_error("items")}
                                <label class="check"><input type="checkbox" prop:checked=move || restock.get() on:change=move |ev| restock.set(event_target_checked(&ev)) />" Put refunded units back in stock"</label>
                                <div class="field">
                                    <label for="refund-reason">"Reason (the buyer sees it)"</label>
                                    <textarea id="refund-reason" rows="2" prop:value=move || refund_reason.get() on:input=move |ev| refund_reason.set(event_target_value(&ev))></textarea>
                                    {field_error("reason")}
                                </div>
                                <div class="button-row">
                                    <button type="submit" class="button" disabled=move || busy.get()>"Refund selected items"</button>
                                    <button type="button" class="button danger" disabled=move || busy.get() on:click=move |_| refund(true)>
                                        {format!("Refund whole order ({})", crate::domain::Money::new(a.total.minor() - o.refunded.minor(), a.total.currency()))}
                                    </button>
                                </div>
                            </form>
                        </details>
                    })}
                </section>
        }
        .into_any();
        let progress = view! {
                <section class="panel" aria-labelledby="progress-title">
                    <h2 id="progress-title">"Progress"</h2>
                    <Timeline steps=o.timeline.clone() />
                    <TrackingScans detail=o.clone() />
                </section>
        }
        .into_any();
        let items = view! {
                <section class="panel">
                    <h2>"Items"</h2>
                    <OrderLines order=o.clone() />
                </section>
        }
        .into_any();
        let ship_to = view! {
                <section class="panel">
                    <h2>"Ship to"</h2>
                    <address>{o.ship_to.iter().map(|l| view! { {l.clone()}<br /> }).collect_view()}</address>
                    <p class="muted small">{format!("Shipping: {}", o.shipping_option.label())}</p>
                </section>
        }
        .into_any();
        let money = view! {
                <section class="panel">
                    <h2>"Money"</h2>
                    {if d.ledger.is_empty() {
                        view! { <p class="muted">"The payment is captured when you ship; the sale appears here then."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data-table compact">
                                <tbody>
                                    {d.ledger.iter().map(|e| view! {
                                        <tr>
                                            <td>{e.kind.label()}</td>
                                            <td class="num">{e.amount.to_string()}</td>
                                            <td class="muted small">{if e.available { "Available".to_string() } else { format!("Pending until {}", e.available_at.format("%b %-d")) }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
        }
        .into_any();
        view! {
            <div class="console-head">
                <h1 class="page-title">{format!("Order #{}", o.id)}" "<span class=status_class(o.status)>{o.status.label()}</span></h1>
                <a class="button" href=format!("/sell/orders/{}/slip", o.id)>"Packing slip"</a>
            </div>
            <p class="muted">{format!("Placed {} by {} ({})", o.placed_at.format("%b %-d, %Y at %H:%M UTC"), d.buyer_name, d.buyer_email)}</p>
            {(d.can_confirm || d.can_ship).then(|| view! {
                <p class:notice=!d.overdue class:notice-alert=d.overdue>
                    {if d.overdue { "Tracking is overdue: it was due " } else { "Add tracking by " }}
                    <strong>{d.ship_by.format("%b %-d at %H:%M UTC").to_string()}</strong>
                </p>
            })}
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <FormError error=error />
            <div class="order-layout">
                {next_step}
                {progress}
                {items}
                {ship_to}
                {money}
            </div>
        }
    }
}

/// A packing slip to print and put in the parcel: no prices, the items with SKUs.
#[component]
pub fn PackingSlipPage() -> impl IntoView {
    let id = order_id();
    let order = client::resource(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => crate::api::orders::console::order(id).await,
                None => Err(AppError::not_found("order")),
            }
        },
    );
    view! {
        <Title text="Packing slip" />
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(d) => {
                        let o = d.order;
                        view! {
                            <article class="packing-slip">
                                <div class="console-head no-print">
                                    <a href=format!("/sell/orders/{}", o.id)>"← Back to the order"</a>
                                    <button type="button" class="button primary" on:click=|_| { let _ = window().print(); }>"Print"</button>
                                </div>
                                <header>
                                    <h1>{o.store.name.clone()}</h1>
                                    <p>{format!("Packing slip · Order #{} · {}", o.id, o.placed_at.format("%b %-d, %Y"))}</p>
                                </header>
                                <section>
                                    <h2>"Ship to"</h2>
                                    <address>{o.ship_to.iter().map(|l| view! { {l.clone()}<br /> }).collect_view()}</address>
                                    <p>{format!("Service: {}", o.shipping_option.label())}</p>
                                </section>
                                <table class="data-table">
                                    <thead><tr><th scope="col">"SKU"</th><th scope="col">"Item"</th><th scope="col" class="num">"Qty"</th><th scope="col">"Packed"</th></tr></thead>
                                    <tbody>
                                        {o.items.iter().map(|i| view! {
                                            <tr>
                                                <td class="sku">{i.sku.clone()}</td>
                                                <td>{format!("{} · {}", i.title, i.variant_label)}</td>
                                                <td class="num">{i.quantity}</td>
                                                <td><span class="tickbox" aria-hidden="true"></span></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <p class="muted small">"Thank you for your order. Questions? Contact us from your order page."</p>
                            </article>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

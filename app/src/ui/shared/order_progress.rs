//! An order's progress: the status timeline and the carrier's scans, shown to the
//! buyer on their order page and to the seller in the console.

use crate::domain::order_status::OrderStatus;
use crate::model::{OrderDetail, TimelineStep};
use leptos::prelude::*;

/// The badge class for an order status.
pub fn status_class(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Cancelled | OrderStatus::Refunded => "badge badge-off",
        OrderStatus::Delivered => "badge ok",
        _ => "badge",
    }
}

/// An order's items and every amount: items, shipping, discount, total, refunded.
#[component]
pub fn OrderLines(order: OrderDetail) -> impl IntoView {
    let (d, a) = (&order, order.amounts);
    view! {
        <ul class="order-lines">
            {d.items.iter().map(|i| {
                // A product since removed from the shop keeps its line, without a link.
                let href = i.product.map(|p| format!("/p/{p}"));
                let what = format!("{} × {}", i.quantity, i.title);
                view! {
                    <li>
                        <span class="order-line-thumb">
                            {i.image.clone().map(|img| view! { <img src=img.url(200) alt="" width="56" height="56" loading="lazy" /> })}
                        </span>
                        {match href {
                            Some(href) => view! { <a class="order-line-title" href=href>{what}</a> }.into_any(),
                            None => view! { <span class="order-line-title">{what}</span> }.into_any(),
                        }}
                        <span class="order-line-price">{i.unit_price.times(u32::try_from(i.quantity).unwrap_or(0)).map(|m| m.to_string())}</span>
                        <span class="muted small order-line-meta">{format!("{} · SKU {}", i.variant_label, i.sku)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <dl class="amounts">
            <dt>"Items"</dt><dd>{a.subtotal.to_string()}</dd>
            <dt>{format!("Shipping ({})", d.shipping_option.label())}</dt><dd>{a.shipping.to_string()}</dd>
            {(a.discount.minor() > 0).then(|| view! { <dt>"Discount"</dt><dd>{format!("−{}", a.discount)}</dd> })}
            <dt class="amounts-total">"Total"</dt><dd class="amounts-total">{a.total.to_string()}</dd>
            {(d.refunded.minor() > 0).then(|| view! { <dt>"Refunded"</dt><dd>{format!("−{}", d.refunded)}</dd> })}
        </dl>
    }
}

/// The carrier, the tracking number (a link to the carrier's page) and every scan so far.
#[component]
pub fn TrackingScans(detail: OrderDetail) -> impl IntoView {
    detail.tracking_number.clone().map(|number| {
        let carrier = detail.carrier.clone().unwrap_or_default();
        let link = detail.tracking_url.clone();
        view! {
            <div class="tracking">
                <p>"Tracking: "<strong>{carrier}</strong>" "
                    {match link {
                        Some(href) => view! { <a class="sku" href=href target="_blank" rel="noopener">{number}</a> }.into_any(),
                        None => view! { <span class="sku">{number}</span> }.into_any(),
                    }}
                </p>
                {(!detail.tracking.is_empty()).then(|| view! {
                    <ol class="scans" aria-label="Tracking events">
                        {detail.tracking.iter().rev().map(|s| view! {
                            <li>
                                <span>{s.description.clone()}</span>
                                <span class="muted small">{format!("{} · {}", s.at.format("%b %-d, %H:%M"), s.location)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                })}
            </div>
        }
    })
}

/// The order's steps: done ones with their time, the rest greyed out.
#[component]
pub fn Timeline(steps: Vec<TimelineStep>) -> impl IntoView {
    view! {
        <ol class="timeline" aria-label="Order timeline">
            {steps.into_iter().map(|s| {
                let done = s.at.is_some();
                view! {
                    <li class="timeline-step" class:timeline-done=done class:timeline-off=matches!(s.status, OrderStatus::Cancelled | OrderStatus::Refunded)>
                        <span class="timeline-dot" aria-hidden="true"></span>
                        <span class="timeline-label">{s.status.label()}</span>
                        <span class="muted small">{s.at.map(|t| t.format("%b %-d, %H:%M").to_string()).unwrap_or_else(|| "Pending".into())}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

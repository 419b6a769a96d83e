//! The seller's dashboard: sales, orders, visits, conversion and average order value
//! over a chosen period, a daily sales chart, best sellers and what needs attention.

use crate::client;
use crate::domain::chart::nice_ticks;
use crate::domain::standards::Verdict;
use crate::domain::{Currency, Money};
use crate::model::Dashboard;
use crate::ui::kit::SkeletonLines;
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const PERIODS: [u32; 3] = [7, 30, 90];

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let days = Memo::new(move |_| {
        query
            .read()
            .get("days")
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| PERIODS.contains(d))
            .unwrap_or(30)
    });
    let data = client::resource(move || days.get(), crate::api::stores::dashboard);
    view! {
        <Title text="Dashboard" />
        <div class="console-head">
            <h1 class="page-title">"Dashboard"</h1>
            <nav class="tabs" aria-label="Period">
                {PERIODS.iter().map(|d| {
                    let d = *d;
                    view! {
                        <a class="tab" class:tab-current=move || days.get() == d href=format!("/sell?days={d}")
                            aria-current=move || (days.get() == d).then_some("page")>{format!("{d} days")}</a>
                    }
                }).collect_view()}
            </nav>
        </div>
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardBody d /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardBody(d: Dashboard) -> impl IntoView {
    let conversion = crate::domain::store::conversion_label(d.ordering_visitors, d.visitors);
    let alerts = d.to_confirm
        + d.to_ship
        + d.tracking_overdue
        + d.disputes_to_answer
        + d.low_stock.len() as i64
        + d.failing.len() as i64;
    view! {
        {(d.store.status != "verified").then(|| view! {
            <p class="notice">{format!("Your store is {}: buyers see your products once an admin verifies it.", d.store.status)}</p>
        })}
        <div class="stats">
            <div class="stat"><p class="stat-label">"Sales"</p><p class="stat-value">{d.sales.to_string()}</p></div>
            <div class="stat"><p class="stat-label">"Orders"</p><p class="stat-value">{d.orders}</p></div>
            <div class="stat"><p class="stat-label">"Visits"</p><p class="stat-value">{d.visits}</p></div>
            <div class="stat"><p class="stat-label">"Conversion"</p><p class="stat-value">{conversion}</p><p class="stat-note">"Visitors who ordered"</p></div>
            <div class="stat"><p class="stat-label">"Average order"</p><p class="stat-value">{d.average_order.to_string()}</p></div>
        </div>
        <div class="dashboard-grid">
            <section class="panel chart-panel" aria-labelledby="chart-title">
                <h2 id="chart-title">{format!("Sales per day, last {} days", d.days)}</h2>
                <SalesChart points=d.daily_sales.clone() orders=d.daily_orders.clone() />
            </section>
            <section class="panel" aria-labelledby="alerts-title">
                <h2 id="alerts-title">"Needs attention"</h2>
                <p class="dashboard-verdict">{match d.verdict {
                    Verdict::Integrity => view! { <a class="integrity-badge" href="/sell/performance">"Integrity store"</a><span class="muted small">" You meet every seller standard."</span> }.into_any(),
                    Verdict::Failing => view! { <a class="verdict-failing" href="/sell/performance">"Below the seller standards"</a><span class="muted small">" Your products get less exposure until you meet them."</span> }.into_any(),
                    Verdict::Unrated => view! { <a class="verdict-unrated" href="/sell/performance">{format!("Unrated ({} of {} orders)", d.orders_90d, d.min_orders)}</a><span class="muted small">" Standards apply from the minimum number of orders in 90 days."</span> }.into_any(),
                }}</p>
                {if alerts == 0 {
                    view! { <p class="muted">"Nothing right now."</p> }.into_any()
                } else {
                    view! {
                        <ul class="alerts">
                            {d.failing.iter().map(|m| view! {
                                <li class="alert-bad"><a href="/sell/performance">{format!("{} fails its target ({})", m.label(), m.target())}</a></li>
                            }).collect_view()}
                            {(d.tracking_overdue > 0).then(|| view! { <li class="alert-bad"><a href="/sell/orders?queue=to_ship">{format!("{} past the tracking deadline", plural(d.tracking_overdue, "order"))}</a></li> })}
                            {(d.disputes_to_answer > 0).then(|| view! { <li class="alert-bad"><a href="/sell/payments">{format!("{} to answer", plural(d.disputes_to_answer, "payment dispute"))}</a></li> })}
                            {(d.to_confirm > 0).then(|| view! { <li><a href="/sell/orders?queue=new">{format!("{} to confirm", plural(d.to_confirm, "new order"))}</a></li> })}
                            {(d.to_ship > 0).then(|| view! { <li><a href="/sell/orders?queue=to_ship">{format!("{} to ship", plural(d.to_ship, "order"))}</a></li> })}
                            {d.low_stock.iter().map(|(id, title, variant, stock)| view! {
                                <li><a href=format!("/sell/products/{id}")>{format!("Low stock: {title}{} ({stock} left)", if variant.is_empty() { String::new() } else { format!(", {variant}") })}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="muted small">{format!("{} active products; {} variants sold out.", d.active_products, d.out_of_stock)}</p>
            </section>
        </div>
        <section class="panel" aria-labelledby="top-title">
            <h2 id="top-title">"Top products"</h2>
            {if d.top_products.is_empty() {
                view! { <p class="muted">"No sales in this period yet."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table compact">
                        <thead><tr><th scope="col">"Product"</th><th scope="col" class="num">"Units"</th><th scope="col" class="num">"Revenue"</th></tr></thead>
                        <tbody>
                            {d.top_products.into_iter().map(|(id, title, units, revenue)| view! {
                                <tr>
                                    <td>{match id {
                                        Some(id) => view! { <a href=format!("/sell/products/{id}")>{title}</a> }.into_any(),
                                        None => view! { <span>{title}</span> }.into_any(),
                                    }}</td>
                                    <td class="num">{units}</td><td class="num">{revenue.to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whole currency units for an axis label: "$1,200".
fn axis_money(minor: i64) -> String {
    let s = Money::new(minor - minor % 100, Currency::default()).to_string();
    s.strip_suffix(".00").map(str::to_owned).unwrap_or(s)
}

/// Daily sales as bars on a scaled axis; every bar has a tooltip with the day's
/// sales and orders. Scales with its container (SVG viewBox).
#[component]
fn SalesChart(
    points: Vec<(chrono::NaiveDate, Money)>,
    orders: Vec<(chrono::NaiveDate, i64)>,
) -> impl IntoView {
    const W: f64 = 720.0;
    const H: f64 = 260.0;
    const LEFT: f64 = 64.0;
    const BOTTOM: f64 = 30.0;
    const TOP: f64 = 12.0;
    let max = points.iter().map(|p| p.1.minor()).max().unwrap_or(0);
    let ticks = nice_ticks(max.max(100));
    let top = *ticks.last().unwrap_or(&1) as f64;
    let plot_h = H - BOTTOM - TOP;
    let y = move |v: i64| TOP + plot_h - (v as f64 / top) * plot_h;
    let n = points.len().max(1);
    let slot = (W - LEFT - 8.0) / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let label_every = (n / 6).max(1);
    let total: i64 = points.iter().map(|p| p.1.minor()).sum();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("Daily sales over {} days, {} in all", n, Money::new(total, Currency::default()))>
            {ticks.iter().map(|t| {
                let ty = y(*t);
                view! {
                    <g class="tick">
                        <line x1=LEFT x2=W - 4.0 y1=ty y2=ty />
                        <text x=LEFT - 8.0 y=ty + 4.0 text-anchor="end">{axis_money(*t)}</text>
                    </g>
                }
            }).collect_view()}
            <line class="axis" x1=LEFT x2=W - 4.0 y1=H - BOTTOM y2=H - BOTTOM />
            {points.iter().enumerate().map(|(i, (day, amount))| {
                let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
                let h = (H - BOTTOM) - y(amount.minor());
                let count = orders.get(i).map_or(0, |o| o.1);
                view! {
                    <g class="bar">
                        <rect x=x y=y(amount.minor()) width=bar height=h.max(0.0) rx="2">
                            <title>{format!("{}: {} from {} {}", day.format("%a %b %-d"), amount, count, if count == 1 { "order" } else { "orders" })}</title>
                        </rect>
                        {(i % label_every == 0).then(|| view! {
                            <text class="x-label" x=x + bar / 2.0 y=H - 10.0 text-anchor="middle">{day.format("%b %-d").to_string()}</text>
                        })}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

//! The store's money: balance (available and pending), the payout schedule and
//! history, and every ledger entry, downloadable as CSV.

use super::disputes::DisputesPanel;
use crate::client;
use crate::model::BalanceView;
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let balance = client::resource(|| (), |_| crate::api::money::balance());
    view! {
        <Title text="Payments" />
        <div class="console-head">
            <h1 class="page-title">"Payments"</h1>
            <div class="head-actions">
                <a class="button" href="/sell/payments/ledger.csv" download="ledger.csv" rel="external">"Transactions CSV"</a>
                <a class="button" href="/sell/payments/payouts.csv" download="payouts.csv" rel="external">"Payouts CSV"</a>
            </div>
        </div>
        <DisputesPanel />
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match balance.await {
                    Ok(b) => view! { <BalanceBody b /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BalanceBody(b: BalanceView) -> impl IntoView {
    let rate = format!("{}.{:02} %", b.commission_bps / 100, b.commission_bps % 100);
    view! {
        <div class="stats">
            <div class="stat"><p class="stat-label">"Balance"</p><p class="stat-value">{b.balance.to_string()}</p></div>
            <div class="stat"><p class="stat-label">"Available"</p><p class="stat-value">{b.available.to_string()}</p></div>
            <div class="stat"><p class="stat-label">"Pending"</p><p class="stat-value">{b.pending.to_string()}</p></div>
            <div class="stat"><p class="stat-label">"Next payout"</p><p class="stat-value">{b.next_payout.map(|d| d.format("%b %-d").to_string()).unwrap_or_else(|| "—".into())}</p></div>
        </div>
        <p class="muted small">{format!(
            "A sale is captured when you ship. Its money (less the {rate} commission) becomes available when the carrier confirms delivery, or {} days after shipment at the latest. Each payout pays what is available.",
            b.hold_days
        )}</p>
        <section class="panel" aria-labelledby="entries-title">
            <h2 id="entries-title">"Transactions"</h2>
            {if b.entries.is_empty() {
                view! { <EmptyState title="No transactions yet" body="Sales appear here when you ship your first order." /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">"Date"</th><th scope="col">"Type"</th><th scope="col">"Details"</th>
                                <th scope="col" class="num">"Amount"</th><th scope="col">"Status"</th>
                            </tr></thead>
                            <tbody>
                                {b.entries.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.at.format("%b %-d, %Y").to_string()}</td>
                                        <td>{e.kind.label()}</td>
                                        <td>{match e.order {
                                            Some(o) => view! { <a href=format!("/sell/orders/{o}")>{e.memo.clone()}</a> }.into_any(),
                                            None => view! { <span>{e.memo.clone()}</span> }.into_any(),
                                        }}</td>
                                        <td class="num" class:negative=e.amount.minor() < 0>{e.amount.to_string()}</td>
                                        <td class="muted small">{if e.available { "Available".to_string() } else { format!("Pending until {}", e.available_at.format("%b %-d")) }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="payouts-title">
            <h2 id="payouts-title">"Payouts"</h2>
            {if b.payouts.is_empty() {
                view! { <p class="muted">"No payouts yet."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table compact">
                        <thead><tr><th scope="col">"Date"</th><th scope="col" class="num">"Amount"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {b.payouts.into_iter().map(|p| view! {
                                <tr><td>{p.run_date.format("%b %-d, %Y").to_string()}</td><td class="num">{p.amount.to_string()}</td><td>{p.status}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

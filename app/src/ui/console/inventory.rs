//! Inventory: every variant's stock, edited in place, with the last 30 days' sales and
//! days of cover, so best sellers, slow movers and what runs out soon stand out.

use crate::api::listings::set_stock;
use crate::client;
use crate::model::InventoryRow;
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InventoryPage() -> impl IntoView {
    let rows = client::resource(|| (), |_| crate::api::listings::inventory());
    view! {
        <Title text="Inventory" />
        <p><a href="/sell/products">"← Products"</a></p>
        <h1 class="page-title">"Inventory"</h1>
        <p class="muted">"Change a stock figure and it is saved when you leave the field. Sold-out variants leave the shop at once and come back, with a notice to buyers who wished for them, when restocked."</p>
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(r) if r.is_empty() => view! { <EmptyState title="No variants yet" body="Add a product to start." /> }.into_any(),
                    Ok(r) => view! { <InventoryTable rows=r /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn flag(r: &InventoryRow) -> (&'static str, &'static str) {
    if r.stock == 0 {
        ("Sold out", "badge badge-off")
    } else if r.stock <= r.low_stock {
        ("Low", "badge warn")
    } else if r.sold_30d == 0 {
        ("Slow mover", "badge")
    } else if r.days_of_cover.is_some_and(|d| d < 14) {
        ("Reorder soon", "badge warn")
    } else {
        ("", "")
    }
}

#[component]
fn InventoryTable(rows: Vec<InventoryRow>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">"Product"</th><th scope="col">"Variant"</th><th scope="col">"SKU"</th>
                    <th scope="col">"Stock"</th><th scope="col" class="num">"Sold, 30 days"</th>
                    <th scope="col" class="num">"Days of cover"</th><th scope="col">""</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! { <InventoryLine initial=r /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InventoryLine(initial: InventoryRow) -> impl IntoView {
    let row = RwSignal::new(initial.clone());
    let status = RwSignal::new(None::<Result<(), String>>);
    let label = format!("Stock of {} {}", initial.title, initial.label);
    let save = move |value: String| {
        let variant = row.with_untracked(|r| r.variant.0);
        let Ok(stock) = value.trim().parse::<i64>() else {
            status.set(Some(Err("Enter a whole number.".into())));
            return;
        };
        if stock == row.with_untracked(|r| r.stock) {
            return;
        }
        leptos::task::spawn_local(async move {
            match set_stock(variant, stock).await {
                Ok(updated) => {
                    row.set(updated);
                    status.set(Some(Ok(())));
                }
                Err(e) => status.set(Some(Err(e.to_string()))),
            }
        });
    };
    move || {
        let r = row.get();
        let (text, class) = flag(&r);
        view! {
            <tr>
                <td><a href=format!("/sell/products/{}", r.product)>{r.title.clone()}</a></td>
                <td>{r.label.clone()}</td>
                <td class="sku">{r.sku.clone()}</td>
                <td>
                    <input class="qty-input" type="number" min="0" max="1000000" aria-label=label.clone()
                        value=r.stock.to_string() on:change=move |ev| save(event_target_value(&ev)) />
                    {move || status.get().map(|s| match s {
                        Ok(()) => view! { <span class="muted small" role="status">" Saved"</span> }.into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                    })}
                </td>
                <td class="num">{r.sold_30d}</td>
                <td class="num">{r.days_of_cover.map_or_else(|| "—".to_string(), |d| d.to_string())}</td>
                <td>{(!text.is_empty()).then(|| view! { <span class=class>{text}</span> })}</td>
            </tr>
        }
    }
}

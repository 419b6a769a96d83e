//! Boosted products: start a campaign (products, bid per 1,000 impressions, weekly
//! budget, dates), pause or resume it, and read its report per campaign and product.

use crate::api::ads::{create_campaign, pause_campaign};
use crate::client;
use crate::domain::boost::CampaignDraft;
use crate::error::AppError;
use crate::model::{BoostOverview, CampaignView};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn BoostPage() -> impl IntoView {
    let overview = client::resource(|| (), |_| crate::api::ads::boosts());
    view! {
        <Title text="Boost" />
        <h1 class="page-title">"Boost"</h1>
        <p class="muted">"Boosted products appear in the marked “Sponsored” places of the feed and of matching searches. You pay your bid for every 1,000 times a product is shown, never more than the weekly budget; sold-out products are not shown and cost nothing."</p>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <BoostBody initial=o /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BoostBody(initial: BoostOverview) -> impl IntoView {
    let state = RwSignal::new(initial);
    let today = chrono::Utc::now().date_naive();
    // What the seller typed to find a product in the picker.
    let find = RwSignal::new(String::new());
    let draft = RwSignal::new(CampaignDraft {
        bid: "2.00".into(),
        weekly_budget: "20.00".into(),
        starts: today.format("%Y-%m-%d").to_string(),
        ends: (today + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string(),
        ..CampaignDraft::default()
    });
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let d = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| create_campaign(d.clone(), Some(key))).await;
            busy.set(false);
            match result {
                Ok(o) => {
                    state.set(o);
                    error.set(None);
                    notice.set(Some("Campaign started.".into()));
                    draft.update(|d| {
                        d.name.clear();
                        d.products.clear();
                    });
                }
                Err(e) => {
                    notice.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(field))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    let input = move |field: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      get: fn(&CampaignDraft) -> String,
                      set: fn(&mut CampaignDraft, String)| {
        let id = format!("campaign-{field}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some(field))>
                <label for=id.clone()>{label}</label>
                <input id=id type=kind prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                {field_error(field)}
            </div>
        }
    };
    view! {
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <section class="panel" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">"Campaigns"</h2>
            {move || {
                let campaigns = state.with(|s| s.campaigns.clone());
                if campaigns.is_empty() {
                    view! { <EmptyState title="No campaigns yet" body="Start one below to put your products in front of more buyers." /> }.into_any()
                } else {
                    campaigns.into_iter().map(|c| view! { <CampaignCard c state /> }).collect_view().into_any()
                }
            }}
        </section>
        <section class="panel" aria-labelledby="new-campaign-title">
            <h2 id="new-campaign-title">"New campaign"</h2>
            {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <form class="form" on:submit=submit>
                {input("name", "Campaign name", "text", |d| d.name.clone(), |d, v| d.name = v)}
                <fieldset class="field product-picks" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("products"))>
                    <legend>"Products to boost"</legend>
                    <input type="search" class="pick-search" placeholder="Find a product" aria-label="Find a product to boost"
                        prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev)) />
                    <div class="pick-list">
                    {move || state.with(|s| s.products.clone()).into_iter().map(|(id, title)| {
                        let pid = id.0;
                        let lower = title.to_lowercase();
                        // Chosen products stay in sight whatever is typed.
                        let shown = move || {
                            draft.with(|d| d.products.contains(&pid))
                                || find.with(|f| lower.contains(f.trim().to_lowercase().as_str()))
                        };
                        view! {
                            <label class="check" hidden=move || !shown()>
                                <input type="checkbox" prop:checked=move || draft.with(|d| d.products.contains(&pid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.update(|d| { d.products.retain(|p| *p != pid); if on { d.products.push(pid); } });
                                    } />
                                " "{title}
                            </label>
                        }
                    }).collect_view()}
                    </div>
                    {field_error("products")}
                </fieldset>
                <div class="field-row">
                    {input("bid", "Bid per 1,000 impressions ($)", "text", |d| d.bid.clone(), |d, v| d.bid = v)}
                    {input("weekly_budget", "Weekly budget ($)", "text", |d| d.weekly_budget.clone(), |d, v| d.weekly_budget = v)}
                </div>
                <div class="field-row">
                    {input("starts", "Start date", "date", |d| d.starts.clone(), |d, v| d.starts = v)}
                    {input("ends", "End date", "date", |d| d.ends.clone(), |d, v| d.ends = v)}
                </div>
                <button type="submit" class="button primary" disabled=move || busy.get()>"Start campaign"</button>
            </form>
        </section>
    }
}

#[component]
fn CampaignCard(c: CampaignView, state: RwSignal<BoostOverview>) -> impl IntoView {
    let id = c.id;
    let paused = c.state == "paused";
    let toggle = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(o) = pause_campaign(id.0, !paused).await {
                state.set(o);
            }
        });
    };
    let ctr = if c.impressions > 0 {
        format!("{:.1} %", c.clicks as f64 * 100.0 / c.impressions as f64)
    } else {
        "—".into()
    };
    view! {
        <article class="campaign">
            <header class="console-head">
                <h3>{c.name.clone()}" "<span class="badge" class:ok=c.state == "active">{c.state.clone()}</span></h3>
                {(c.state == "active" || c.state == "paused" || c.state == "scheduled").then(|| view! {
                    <button type="button" class="button" on:click=toggle>{if paused { "Resume" } else { "Pause" }}</button>
                })}
            </header>
            <p class="muted small">{format!("{} per 1,000 impressions · {} a week · {} – {}", c.bid, c.weekly_budget,
                c.starts_at.format("%b %-d"), (c.ends_at - chrono::Duration::days(1)).format("%b %-d, %Y"))}</p>
            <div class="stats">
                <div class="stat"><p class="stat-label">"Impressions"</p><p class="stat-value">{c.impressions}</p></div>
                <div class="stat"><p class="stat-label">"Clicks"</p><p class="stat-value">{c.clicks}</p><p class="muted small">{format!("CTR {ctr}")}</p></div>
                <div class="stat"><p class="stat-label">"Orders"</p><p class="stat-value">{c.orders}</p></div>
                <div class="stat"><p class="stat-label">"Spent this week"</p><p class="stat-value">{c.spent_this_week.to_string()}</p><p class="muted small">{format!("of {}; {} in all", c.weekly_budget, c.spent)}</p></div>
            </div>
            <table class="data-table compact">
                <thead><tr><th scope="col">"Product"</th><th scope="col" class="num">"Impressions"</th><th scope="col" class="num">"Clicks"</th><th scope="col" class="num">"Orders"</th><th scope="col" class="num">"Spend"</th></tr></thead>
                <tbody>
                    {c.products.into_iter().map(|p| view! {
                        <tr>
                            <td><a href=format!("/sell/products/{}", p.product)>{p.title}</a></td>
                            <td class="num">{p.impressions}</td><td class="num">{p.clicks}</td><td class="num">{p.orders}</td><td class="num">{p.spent.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
}

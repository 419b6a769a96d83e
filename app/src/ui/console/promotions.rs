//! Promotions: schedule a percentage or fixed discount (or a flash sale) on chosen
//! products or variants, create promo codes with limits, end either early, and read
//! what each one sold.

use crate::api::promotions::{create_promo_code, create_promotion, end_promo_code, end_promotion};
use crate::client;
use crate::domain::promotion::{PromoCodeDraft, PromotionDraft, Target, format_time};
use crate::error::AppError;
use crate::model::{PromoCodeView, PromotionView, PromotionsOverview};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PromotionsPage() -> impl IntoView {
    let overview = client::resource(|| (), |_| crate::api::promotions::promotions());
    view! {
        <Title text="Promotions" />
        <h1 class="page-title">"Promotions"</h1>
        <p class="muted">"A promotion lowers the price of chosen products or variants everywhere buyers see it, from its start to its end (times in UTC). When promotions overlap, buyers get the single best price; they never stack. A promo code takes its discount off an order from your store at checkout."</p>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <PromotionsBody initial=o /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn field_error(
    error: RwSignal<Option<AppError>>,
    field: &'static str,
) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static {
    move || {
        error
            .get()
            .filter(|e| e.field() == Some(field))
            .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any())
    }
}

#[component]
fn PromotionsBody(initial: PromotionsOverview) -> impl IntoView {
    let state = RwSignal::new(initial);
    let notice = RwSignal::new(None::<String>);
    view! {
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <section class="panel" aria-labelledby="promotions-title">
            <h2 id="promotions-title">"Promotions"</h2>
            {move || {
                let list = state.with(|s| s.promotions.clone());
                if list.is_empty() {
                    view! { <EmptyState title="No promotions yet" body="Schedule one below: a discount for a few days, or a flash sale with a countdown." /> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">"Promotion"</th><th scope="col">"When (UTC)"</th><th scope="col">"Covers"</th>
                                    <th scope="col" class="num">"Orders"</th><th scope="col" class="num">"Units"</th>
                                    <th scope="col" class="num">"Revenue"</th><th scope="col" class="num">"Discount given"</th><th scope="col" class="num"><abbr title="Units sold during the promotion against the same length of time before it">"Uplift"</abbr></th><th scope="col"></th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|p| view! { <PromotionRow p state notice /> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
        <NewPromotion state notice />
        <section class="panel" aria-labelledby="codes-title">
            <h2 id="codes-title">"Promo codes"</h2>
            {move || {
                let list = state.with(|s| s.codes.clone());
                if list.is_empty() {
                    view! { <EmptyState title="No promo codes yet" body="Create one below and share it with your buyers." /> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">"Code"</th><th scope="col">"Terms"</th><th scope="col">"When (UTC)"</th>
                                    <th scope="col" class="num">"Uses"</th><th scope="col" class="num">"Revenue"</th>
                                    <th scope="col" class="num">"Discount given"</th><th scope="col"></th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|c| view! { <CodeRow c state notice /> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
        <NewCode state notice />
    }
}

fn when(starts: chrono::DateTime<chrono::Utc>, ends: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{} – {}",
        starts.format("%b %-d, %H:%M"),
        ends.format("%b %-d, %H:%M")
    )
}

#[component]
fn PromotionRow(
    p: PromotionView,
    state: RwSignal<PromotionsOverview>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = p.id;
    let end = move |_| {
        leptos::task::spawn_local(async move {
            match end_promotion(id.0).await {
                Ok(o) => {
                    state.set(o);
                    notice.set(Some("Promotion ended.".into()));
                }
                Err(e) => notice.set(Some(e.to_string())),
            }
        });
    };
    let covers = if p.targets.len() > 3 {
        format!(
            "{} and {} more",
            p.targets[..2].join(", "),
            p.targets.len() - 2
        )
    } else {
        p.targets.join(", ")
    };
    view! {
        <tr>
            <td>
                <strong>{p.name.clone()}</strong>" "
                <span class="badge" class:ok=p.state == "live">{p.state.clone()}</span>
                {p.flash.then(|| view! { " "<span class="badge flash">"flash sale"</span> })}
                <br /><span class="muted small">{p.discount.clone()}</span>
            </td>
            <td class="small">{when(p.starts_at, p.ends_at)}</td>
            <td class="small">{covers}</td>
            <td class="num">{p.orders}</td>
            <td class="num">{p.units}</td>
            <td class="num">{p.revenue.to_string()}</td>
            <td class="num">{p.discount_given.to_string()}</td>
            <td class="num" title=format!("{} units during, {} in the same time before", p.units_during, p.units_before)>{match (p.state.as_str(), p.uplift_percent) {
                ("scheduled", _) => "—".to_string(),
                (_, Some(u)) => format!("{}{u} %", if u > 0 { "+" } else { "" }),
                (_, None) => "no sales before".to_string(),
            }}</td>
            <td>{(p.state != "ended").then(|| view! {
                <button type="button" class="button small-button" on:click=end>{if p.state == "live" { "End now" } else { "Cancel" }}</button>
            })}</td>
        </tr>
    }
}

#[component]
fn CodeRow(
    c: PromoCodeView,
    state: RwSignal<PromotionsOverview>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = c.id;
    let end = move |_| {
        leptos::task::spawn_local(async move {
            match end_promo_code(id.0).await {
                Ok(o) => {
                    state.set(o);
                    notice.set(Some("Promo code ended.".into()));
                }
                Err(e) => notice.set(Some(e.to_string())),
            }
        });
    };
    let mut terms = c.discount.clone();
    if c.min_order.minor() > 0 {
        terms.push_str(&format!(" · orders of {} or more", c.min_order));
    }
    if let Some(p) = c.per_buyer {
        terms.push_str(&format!(" · {p} per buyer"));
    }
    let uses = match c.max_uses {
        Some(m) => format!("{} of {m}", c.uses),
        None => c.uses.to_string(),
    };
    view! {
        <tr>
            <td><code class="promo">{c.code.clone()}</code>" "<span class="badge" class:ok=c.state == "live">{c.state.clone()}</span></td>
            <td class="small">{terms}</td>
            <td class="small">{when(c.starts_at, c.ends_at)}</td>
            <td class="num">{uses}</td>
            <td class="num">{c.revenue.to_string()}</td>
            <td class="num">{c.discount_given.to_string()}</td>
            <td>{(c.state != "ended").then(|| view! {
                <button type="button" class="button small-button" on:click=end>"End now"</button>
            })}</td>
        </tr>
    }
}

/// A form's draft, its error and the prefix of its field ids.
struct Form<T: 'static> {
    draft: RwSignal<T>,
    error: RwSignal<Option<AppError>>,
    prefix: &'static str,
}

impl<T: 'static> Clone for Form<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Form<T> {}

impl<T: Clone + Send + Sync + 'static> Form<T> {
    /// A labelled input bound to one field of the draft, with its error below it.
    fn input(
        self,
        field: &'static str,
        label: &'static str,
        kind: &'static str,
        get: fn(&T) -> String,
        set: fn(&mut T, String),
    ) -> impl IntoView {
        let Form {
            draft,
            error,
            prefix,
        } = self;
        let id = format!("{prefix}-{field}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some(field))>
                <label for=id.clone()>{label}</label>
                <input id=id type=kind prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                {field_error(error, field)}
            </div>
        }
    }
}

#[component]
fn NewPromotion(
    state: RwSignal<PromotionsOverview>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let now = chrono::Utc::now();
    let blank = move || PromotionDraft {
        kind: "percent".into(),
        amount: "20".into(),
        starts: format_time(now),
        ends: format_time(now + chrono::Duration::days(7)),
        ..PromotionDraft::default()
    };
    // What the seller typed to find a product in the picker.
    let find = RwSignal::new(String::new());
    let draft = RwSignal::new(blank());
    let error = RwSignal::new(None::<AppError>);
    let form = Form {
        draft,
        error,
        prefix: "promotion",
    };
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let d = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| create_promotion(d.clone(), Some(key))).await;
            busy.set(false);
            match result {
                Ok(o) => {
                    state.set(o);
                    error.set(None);
                    notice.set(Some("Promotion scheduled.".into()));
                    draft.set(blank());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let has = move |t: Target| draft.with(|d| d.targets.contains(&t));
    let toggle = move |t: Target, on: bool| {
        draft.update(|d| {
            d.targets.retain(|x| *x != t);
            if on {
                d.targets.push(t);
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="new-promotion-title">
            <h2 id="new-promotion-title">"New promotion"</h2>
            {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <form class="form" on:submit=submit>
                {form.input("name", "Name", "text", |d| d.name.clone(), |d, v| d.name = v)}
                <div class="field-row">
                    <div class="field">
                        <label for="promotion-kind">"Discount"</label>
                        <select id="promotion-kind" prop:value=move || draft.with(|d| d.kind.clone())
                            on:change=move |ev| draft.update(|d| d.kind = event_target_value(&ev))>
                            <option value="percent">"Percent off"</option>
                            <option value="fixed">"Amount off ($)"</option>
                        </select>
                    </div>
                    {form.input("amount", "Amount", "text", |d| d.amount.clone(), |d, v| d.amount = v)}
                </div>
                <div class="field-row">
                    {form.input("starts", "Starts (UTC)", "datetime-local", |d| d.starts.clone(), |d, v| d.starts = v)}
                    {form.input("ends", "Ends (UTC)", "datetime-local", |d| d.ends.clone(), |d, v| d.ends = v)}
                </div>
                <label class="check">
                    <input type="checkbox" prop:checked=move || draft.with(|d| d.flash)
                        on:change=move |ev| draft.update(|d| d.flash = event_target_checked(&ev)) />
                    " Flash sale (at most 72 hours; buyers see a countdown)"
                </label>
                <fieldset class="field product-picks" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("targets"))>
                    <legend>"Products and variants"</legend>
                    <input type="search" class="pick-search" placeholder="Find a product" aria-label="Find a product to promote"
                        prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev)) />
                    <div class="pick-list">
                    {move || state.with(|s| s.products.clone()).into_iter().map(|p| {
                        let whole = Target { product: p.id.0, variant: None };
                        let several = p.variants.len() > 1;
                        let price = p.variants.first().map(|v| v.2.to_string()).unwrap_or_default();
                        let lower = p.title.to_lowercase();
                        let product = p.id.0;
                        // Chosen products stay in sight whatever is typed.
                        let shown = move || {
                            draft.with(|d| d.targets.iter().any(|t| t.product == product))
                                || find.with(|f| lower.contains(f.trim().to_lowercase().as_str()))
                        };
                        view! {
                            <div class="pick" hidden=move || !shown()>
                                <label class="check">
                                    <input type="checkbox" prop:checked=move || has(whole)
                                        on:change=move |ev| toggle(whole, event_target_checked(&ev)) />
                                    " "{p.title.clone()}{(!several).then(|| format!(" · {price}"))}
                                </label>
                                {several.then(|| view! {
                                    <details class="variant-picks">
                                        <summary>{format!("or only some of its {} variants", p.variants.len())}</summary>
                                        {p.variants.iter().map(|(vid, label, price)| {
                                            let t = Target { product: p.id.0, variant: Some(vid.0) };
                                            view! {
                                                <label class="check small">
                                                    <input type="checkbox" prop:checked=move || has(t) prop:disabled=move || has(whole)
                                                        on:change=move |ev| toggle(t, event_target_checked(&ev)) />
                                                    {format!(" {label} · {price}")}
                                                </label>
                                            }
                                        }).collect_view()}
                                    </details>
                                })}
                            </div>
                        }
                    }).collect_view()}
                    </div>
                    {field_error(error, "targets")}
                </fieldset>
                <button type="submit" class="button primary" disabled=move || busy.get()>"Schedule promotion"</button>
            </form>
        </section>
    }
}

#[component]
fn NewCode(state: RwSignal<PromotionsOverview>, notice: RwSignal<Option<String>>) -> impl IntoView {
    let now = chrono::Utc::now();
    let blank = move || PromoCodeDraft {
        kind: "percent".into(),
        amount: "10".into(),
        per_buyer: "1".into(),
        starts: format_time(now),
        ends: format_time(now + chrono::Duration::days(30)),
        ..PromoCodeDraft::default()
    };
    let draft = RwSignal::new(blank());
    let error = RwSignal::new(None::<AppError>);
    let form = Form {
        draft,
        error,
        prefix: "code",
    };
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let d = draft.get_untracked();
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| create_promo_code(d.clone(), Some(key))).await;
            busy.set(false);
            match result {
                Ok(o) => {
                    state.set(o);
                    error.set(None);
                    notice.set(Some("Promo code created.".into()));
                    draft.set(blank());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="new-code-title">
            <h2 id="new-code-title">"New promo code"</h2>
            {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <form class="form" on:submit=submit>
                <div class="field-row">
                    {form.input("code", "Code", "text", |d| d.code.clone(), |d, v| d.code = v)}
                    <div class="field">
                        <label for="code-kind">"Discount"</label>
                        <select id="code-kind" prop:value=move || draft.with(|d| d.kind.clone())
                            on:change=move |ev| draft.update(|d| d.kind = event_target_value(&ev))>
                            <option value="percent">"Percent off"</option>
                            <option value="fixed">"Amount off ($)"</option>
                        </select>
                    </div>
                    {form.input("amount", "Amount", "text", |d| d.amount.clone(), |d, v| d.amount = v)}
                </div>
                <div class="field-row">
                    {form.input("min_order", "Minimum order ($, optional)", "text", |d| d.min_order.clone(), |d, v| d.min_order = v)}
                    {form.input("max_uses", "Uses in all (optional)", "text", |d| d.max_uses.clone(), |d, v| d.max_uses = v)}
                    {form.input("per_buyer", "Uses per buyer (optional)", "text", |d| d.per_buyer.clone(), |d, v| d.per_buyer = v)}
                </div>
                <div class="field-row">
                    {form.input("starts", "Starts (UTC)", "datetime-local", |d| d.starts.clone(), |d, v| d.starts = v)}
                    {form.input("ends", "Ends (UTC)", "datetime-local", |d| d.ends.clone(), |d, v| d.ends = v)}
                </div>
                <button type="submit" class="button primary" disabled=move || busy.get()>"Create code"</button>
            </form>
        </section>
    }
}

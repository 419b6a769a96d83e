//! The platform admin at `/admin`.

use crate::api::stores::admin::review_store;
use crate::client;
use crate::model::PendingStore;
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::{AuthState, ErrorPage, set_http_status};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPage() -> impl IntoView {
    let auth = AuthState::get();
    view! {
        <Title text="Admin" />
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match auth.viewer.await.ok().flatten() {
                    Some(v) if v.is_admin() => view! { <AdminOverviewView /> }.into_any(),
                    Some(_) => {
                        set_http_status(403);
                        view! { <EmptyState title="No access" body="This area is for platform administrators." /> }.into_any()
                    }
                    None => {
                        set_http_status(401);
                        view! {
                            <EmptyState title="Sign in" body="The admin area is for platform administrators.">
                                <a class="button primary" href="/signin?next=/admin">"Sign in"</a>
                            </EmptyState>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Counts the admin's decisions on this page: the overview's figures load again after
/// each one.
#[derive(Clone, Copy)]
struct Decisions(RwSignal<u32>);

#[component]
fn AdminOverviewView() -> impl IntoView {
    let decisions = Decisions(RwSignal::new(0));
    provide_context(decisions);
    let overview = client::resource(
        move || decisions.0.get(),
        |_| crate::api::stores::admin::overview(),
    );
    view! {
        <h1 class="page-title">"Platform admin"</h1>
        <nav class="admin-nav" aria-label="Admin">
            <a href="/admin" aria-current="page">"Overview"</a>
        </nav>
        <Suspense fallback=|| view! { <SkeletonLines count=2 /> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <div class="stats">
                            <div class="stat"><p class="stat-label">"Accounts"</p><p class="stat-value">{o.accounts}</p></div>
                            <div class="stat"><p class="stat-label">"Stores"</p><p class="stat-value">{o.stores}</p></div>
                            <div class="stat"><p class="stat-label">"Stores awaiting verification"</p><p class="stat-value">{o.pending_stores}</p></div>
                            <div class="stat"><p class="stat-label">"Products"</p><p class="stat-value">{o.products}</p></div>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
        <PendingStores />
        <EscalatedTickets />
        <ReportedReviews />
        <ListingReviews />
    }
}

/// The platform's review of listings: genuine, or counterfeit (hidden and blocked).
/// Each verdict counts in the store's counterfeit rate.
#[component]
fn ListingReviews() -> impl IntoView {
    use crate::api::standards::{listings_to_review, review_listing};
    let list = RwSignal::new(None::<Vec<crate::model::ListingToReview>>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match listings_to_review().await {
                Ok(l) => list.set(Some(l)),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    });
    let decide = move |id: i64, counterfeit: bool| {
        leptos::task::spawn_local(async move {
            match review_listing(id, counterfeit).await {
                Ok(l) => {
                    list.set(Some(l));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="listings-title">
            <h2 id="listings-title">"Listing review"</h2>
            <p class="muted small">"Listings not reviewed yet come first. A counterfeit listing is hidden, its seller cannot publish it again, and it counts against the store's counterfeit rate."</p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match list.get() {
                None => view! { <SkeletonLines count=3 /> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="muted">"No listings to review."</p> }.into_any(),
                Some(l) => view! {
                    <div class="table-wrap"><table class="data-table">
                        <thead><tr><th scope="col">"Listing"</th><th scope="col">"Store"</th><th scope="col">"Last verdict"</th><th scope="col">"Decide"</th></tr></thead>
                        <tbody>
                            {l.into_iter().map(|item| {
                                let id = item.id.0;
                                let verdict = match (item.blocked, item.last_verdict) {
                                    (true, _) | (_, Some(true)) => view! { <span class="badge bad">"Counterfeit · blocked"</span> }.into_any(),
                                    (_, Some(false)) => view! { <span class="badge ok">"Genuine"</span> }.into_any(),
                                    _ => view! { <span class="badge muted">"Not reviewed"</span> }.into_any(),
                                };
                                view! {
                                    <tr data-listing=id>
                                        <td><a href=format!("/p/{}/{}", id, item.slug)>{item.title.clone()}</a></td>
                                        <td>{item.store_name.clone()}</td>
                                        <td>{verdict}</td>
                                        <td class="button-row">
                                            <button type="button" class="button small" on:click=move |_| decide(id, false)>"Genuine"</button>
                                            <button type="button" class="button small danger" disabled=item.blocked on:click=move |_| decide(id, true)>"Counterfeit"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any(),
            }}
        </section>
    }
}

/// Reviews buyers reported: the review, the reasons, and Remove or Keep.
#[component]
fn ReportedReviews() -> impl IntoView {
    use crate::api::reviews::admin::{moderate_review, reported_reviews};
    let list = RwSignal::new(None::<Vec<crate::model::ReportedReview>>);
    let error = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match reported_reviews().await {
                Ok(l) => list.set(Some(l)),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    Effect::new(move |_| load());
    let decide = move |id: i64, remove: bool| {
        leptos::task::spawn_local(async move {
            match moderate_review(id, remove).await {
                Ok(()) => {
                    list.update(|l| {
                        if let Some(l) = l {
                            l.retain(|r| r.id.0 != id)
                        }
                    });
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="reported-title">
            <h2 id="reported-title">"Reported reviews"</h2>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match list.get() {
                None => view! { <SkeletonLines count=2 /> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="muted">"No reported reviews."</p> }.into_any(),
                Some(l) => l.into_iter().map(|r| {
                    let id = r.id.0;
                    view! {
                        <article class="reported-review" aria-label=format!("Review by {}", r.author)>
                            <p class="review-head">
                                <span class="review-stars" aria-label=format!("{} out of 5", r.rating)>{"★".repeat(r.rating as usize)}</span>
                                " "<strong>{r.author.clone()}</strong>
                                <span class="muted small">" on "</span>
                                <a class="small" href=format!("/p/{}", r.product)>{r.product_title.clone()}</a>
                                <span class="muted small">{format!(" · {} · {}", r.store_name, r.created_at.format("%b %-d, %Y"))}</span>
                            </p>
                            <p>{r.body.clone()}</p>
                            <p class="small"><strong>{format!("Reported {} time{}: ", r.reports, if r.reports == 1 { "" } else { "s" })}</strong>{r.reasons.join(" · ")}</p>
                            <div class="button-row">
                                <button type="button" class="button danger" on:click=move |_| decide(id, true)>"Remove review"</button>
                                <button type="button" class="button" on:click=move |_| decide(id, false)>"Keep it"</button>
                            </div>
                        </article>
                    }
                }).collect_view().into_any(),
            }}
        </section>
    }
}

/// Tickets the sellers left unanswered for 48 hours, oldest first.
#[component]
fn EscalatedTickets() -> impl IntoView {
    let tickets = client::resource(|| (), |_| crate::api::support::admin::escalated_tickets());
    view! {
        <section class="panel" aria-labelledby="escalated-title">
            <h2 id="escalated-title">"Escalated tickets"</h2>
            <Suspense fallback=|| view! { <SkeletonLines count=3 /> }>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No escalated tickets."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list">
                                {list.into_iter().map(|t| view! {
                                    <li>
                                        <a href=format!("/admin/tickets/{}", t.id)>{format!("#{} · {}", t.id, t.kind.label())}</a>
                                        <span class="muted small">{format!(" · {} → {} · order #{} · {}", t.buyer_name, t.store_name, t.order, t.updated_at.format("%b %-d, %H:%M"))}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/admin/tickets/{id}`: an escalated ticket, worked by the platform.
#[component]
pub fn AdminTicketPage() -> impl IntoView {
    let auth = AuthState::get();
    view! {
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match auth.viewer.await.ok().flatten() {
                    Some(v) if v.is_admin() => view! {
                        <crate::ui::console::StaffTicketPage staff=crate::ui::console::Staff::Admin />
                    }.into_any(),
                    _ => {
                        set_http_status(404);
                        view! { <EmptyState title="Not found" body="This page is for platform administrators." /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Stores waiting for verification, each approved or rejected with a reason.
#[component]
fn PendingStores() -> impl IntoView {
    let pending = client::resource(|| (), |_| crate::api::stores::admin::pending_stores());
    view! {
        <section class="panel" aria-labelledby="pending-title">
            <h2 id="pending-title">"Verification queue"</h2>
            <Suspense fallback=|| view! { <SkeletonLines count=3 /> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(list) => view! { <PendingList initial=list /> }.into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PendingList(initial: Vec<PendingStore>) -> impl IntoView {
    let list = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let reasons = RwSignal::new(std::collections::HashMap::<i64, String>::new());
    let decisions = use_context::<Decisions>();
    let review = move |id: i64, name: String, approve: bool| {
        let reason = reasons.with_untracked(|r| r.get(&id).cloned().unwrap_or_default());
        leptos::task::spawn_local(async move {
            match review_store(id, approve, reason).await {
                Ok(updated) => {
                    list.set(updated);
                    if let Some(Decisions(n)) = decisions {
                        n.update(|n| *n += 1);
                    }
                    error.set(None);
                    notice.set(Some(format!(
                        "{name} {}.",
                        if approve {
                            "is verified"
                        } else {
                            "was rejected"
                        }
                    )));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || {
            let stores = list.get();
            if stores.is_empty() {
                return view! { <p class="muted">"No stores are waiting."</p> }.into_any();
            }
            stores.into_iter().map(|s| {
                let id = s.id.0;
                let (n1, n2) = (s.name.clone(), s.name.clone());
                view! {
                    <article class="pending-store" aria-label=s.name.clone()>
                        <h3>{s.name.clone()}</h3>
                        <p class="muted small">{format!("{} ({}) · ships from {} · applied {}", s.owner_name, s.owner_email, s.ships_from, s.created_at.format("%b %-d, %Y"))}</p>
                        <p>{if s.description.is_empty() { "No description yet.".to_string() } else { s.description.clone() }}</p>
                        <p class="small">{if s.has_payout { "Payout details on file." } else { "No payout details yet." }}</p>
                        <div class="button-row">
                            <button type="button" class="button primary" on:click=move |_| review(id, n1.clone(), true)>"Approve"</button>
                            <input class="reason-input" aria-label=format!("Reason for rejecting {}", s.name) placeholder="Reason for rejecting"
                                on:input=move |ev| reasons.update(|r| { r.insert(id, event_target_value(&ev)); }) />
                            <button type="button" class="button danger" on:click=move |_| review(id, n2.clone(), false)>"Reject"</button>
                        </div>
                    </article>
                }
            }).collect_view().into_any()
        }}
    }
}

//! Payment disputes: the list on the payments page, and one dispute with the
//! store's answer (a statement and uploaded documents; the order's tracking goes
//! with them) and the outcome.

use crate::api::money::answer_dispute;
use crate::client;
use crate::domain::dispute::{DisputeStatus, EvidenceDraft, MAX_DOCUMENTS};
use crate::error::AppError;
use crate::model::{DisputeView, ImageRef};
use crate::ui::kit::SkeletonLines;
use crate::ui::shared::files::{IMAGE_TYPES, JsFile, image_problem};
use crate::ui::shell::{ErrorPage, NotFound};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn badge(status: DisputeStatus) -> impl IntoView {
    let class = match status {
        DisputeStatus::NeedsResponse => "badge warn",
        DisputeStatus::Won => "badge ok",
        _ => "badge",
    };
    view! { <span class=class>{status.label()}</span> }
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%b %-d, %Y %H:%M UTC").to_string()
}

/// The store's disputes, for the payments page; nothing when there are none.
#[component]
pub fn DisputesPanel() -> impl IntoView {
    let list = client::resource(|| (), |_| crate::api::money::disputes());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(list) = list.await else { return ().into_any() };
                if list.disputes.is_empty() {
                    return ().into_any();
                }
                let heading = if list.needs_response > 0 {
                    format!("Disputes · {} need a response", list.needs_response)
                } else {
                    "Disputes".to_string()
                };
                view! {
                    <section class="panel" aria-labelledby="disputes-title">
                        <div class="console-head">
                            <h2 id="disputes-title">{heading}</h2>
                            <a class="button" href="/sell/payments/disputes.csv" download="disputes.csv" rel="external">"Disputes CSV"</a>
                        </div>
                        <p class="muted small">"When a buyer's bank disputes a payment, the amount is taken from your balance. Answer with evidence before the deadline to win it back."</p>
                        <div class="table-wrap">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">"Order"</th><th scope="col">"Reason"</th><th scope="col" class="num">"Amount"</th>
                                    <th scope="col">"Status"</th><th scope="col">"Respond by"</th><th scope="col"><span class="visually-hidden">"Open"</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.disputes.into_iter().map(|d| {
                                        let action = if d.status == DisputeStatus::NeedsResponse { "Answer" } else { "View" };
                                        view! {
                                            <tr>
                                                <td><a href=format!("/sell/orders/{}", d.order.0)>{format!("#{}", d.order.0)}</a></td>
                                                <td>{d.reason.label()}</td>
                                                <td class="num">{d.amount.to_string()}</td>
                                                <td>{badge(d.status)}</td>
                                                <td>{if d.status == DisputeStatus::NeedsResponse { when(d.due_at) } else { "—".into() }}</td>
                                                <td><a class="button small-button" href=format!("/sell/disputes/{}", d.id)
                                                    aria-label=format!("{action} the dispute on order {}", d.order.0)>{action}</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn DisputePage() -> impl IntoView {
    let params = use_params_map();
    let dispute = client::resource(
        move || {
            params
                .read()
                .get("id")
                .and_then(|i| i.parse::<i64>().ok())
                .unwrap_or(0)
        },
        crate::api::money::dispute,
    );
    view! {
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match dispute.await {
                    Ok(d) => view! { <DisputeBody initial=d /> }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DisputeBody(initial: DisputeView) -> impl IntoView {
    let dispute = RwSignal::new(initial);
    let d = dispute.get_untracked();
    view! {
        <Title text=format!("Dispute on order #{}", d.order.0) />
        <p class="muted small"><a href="/sell/payments">"← Payments"</a></p>
        <div class="console-head">
            <h1 class="page-title">{format!("Dispute on order #{}", d.order.0)}</h1>
            {move || badge(dispute.get().status)}
        </div>
        <section class="panel">
            <dl class="facts">
                <dt>"Reason"</dt><dd>{d.reason.label()}</dd>
                <dt>"Amount"</dt><dd>{d.amount.to_string()}</dd>
                <dt>"Buyer"</dt><dd>{d.buyer_name.clone()}</dd>
                <dt>"Order"</dt><dd><a href=format!("/sell/orders/{}", d.order.0)>{format!("#{}", d.order.0)}</a></dd>
                <dt>"Opened"</dt><dd>{when(d.opened_at)}</dd>
                <dt>"Respond by"</dt><dd>{when(d.due_at)}</dd>
                <dt>"Tracking"</dt><dd>{match &d.tracking {
                    Some(t) if d.delivered => format!("{t} · delivered (sent with your answer)"),
                    Some(t) => format!("{t} · not yet delivered (sent with your answer)"),
                    None => "None: the order shipped without tracking".into(),
                }}</dd>
            </dl>
        </section>
        {move || {
            let d = dispute.get();
            match d.status {
                DisputeStatus::NeedsResponse => view! { <EvidenceForm dispute /> }.into_any(),
                status => view! {
                    <section class="panel" aria-labelledby="answer-title">
                        <h2 id="answer-title">"Your answer"</h2>
                        {match status {
                            DisputeStatus::Won => view! { <p class="notice" role="status">{format!("You won this dispute: {} was returned to your balance.", d.amount)}</p> }.into_any(),
                            DisputeStatus::Lost => view! { <p class="notice-alert" role="status">"The buyer's bank decided for the buyer; the amount stays with them."</p> }.into_any(),
                            _ => view! { <p class="notice" role="status">"Your evidence was sent. The buyer's bank usually decides within a few days."</p> }.into_any(),
                        }}
                        {d.submitted_at.map(|at| view! { <p class="muted small">{format!("Sent {}", when(at))}</p> })}
                        {(!d.statement.is_empty()).then(|| view! { <p class="store-description">{d.statement.clone()}</p> })}
                        <div class="evidence-docs">
                            {d.documents.into_iter().map(|img| view! {
                                <a href=img.url(800) rel="external"><img src=img.url(200) alt=img.alt.clone() width="120" height="120" /></a>
                            }).collect_view()}
                        </div>
                    </section>
                }.into_any(),
            }
        }}
    }
}

/// A document being uploaded or uploaded.
#[derive(Debug, Clone, PartialEq)]
enum Doc {
    Uploading { id: u32, preview: String },
    Stored(String),
}

#[component]
fn EvidenceForm(dispute: RwSignal<DisputeView>) -> impl IntoView {
    let d = dispute.get_untracked();
    let statement = RwSignal::new(String::new());
    let docs = RwSignal::new(Vec::<Doc>::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let next = StoredValue::new(0u32);
    let on_pick = move |ev: leptos::ev::Event| {
        let (meta, handles) = JsFile::from_input(&ev);
        problems.set(Vec::new());
        for ((name, kind, size), handle) in meta.into_iter().zip(handles) {
            if docs.with_untracked(|d| d.len()) >= MAX_DOCUMENTS {
                problems.update(|p| {
                    p.push(format!("{name}: attach at most {MAX_DOCUMENTS} documents."))
                });
                continue;
            }
            if let Some(problem) = image_problem(&name, &kind, size) {
                problems.update(|p| p.push(problem));
                continue;
            }
            let ticket = next.get_value() + 1;
            next.set_value(ticket);
            docs.update(|d| {
                d.push(Doc::Uploading {
                    id: ticket,
                    preview: handle.preview(),
                })
            });
            leptos::task::spawn_local(async move {
                let result = handle.upload().await;
                docs.update(|d| match &result {
                    Ok(key) => {
                        for doc in d.iter_mut() {
                            if matches!(doc, Doc::Uploading { id, .. } if *id == ticket) {
                                *doc = Doc::Stored(key.clone());
                            }
                        }
                    }
                    Err(_) => {
                        d.retain(|doc| !matches!(doc, Doc::Uploading { id, .. } if *id == ticket))
                    }
                });
                if let Err(message) = result {
                    problems.update(|p| p.push(format!("{name}: {message}")));
                }
            });
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if docs.with_untracked(|d| d.iter().any(|x| matches!(x, Doc::Uploading { .. }))) {
            error.set(Some(AppError::validation(
                "documents",
                "Wait for the uploads to finish.",
            )));
            return;
        }
        let draft = EvidenceDraft {
            statement: statement.get_untracked(),
            documents: docs.with_untracked(|d| {
                d.iter()
                    .filter_map(|x| match x {
                        Doc::Stored(k) => Some(k.clone()),
                        Doc::Uploading { .. } => None,
                    })
                    .collect()
            }),
        };
        if let Err((field, e)) = draft.check() {
            error.set(Some(AppError::validation(field, e.0)));
            return;
        }
        busy.set(true);
        let id = dispute.get_untracked().id;
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| answer_dispute(id.0, draft.clone(), Some(key))).await;
            busy.set(false);
            match result {
                Ok(updated) => {
                    error.set(None);
                    dispute.set(updated);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field_error = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    view! {
        <form class="form panel" on:submit=submit aria-labelledby="evidence-title">
            <h2 id="evidence-title">"Answer with evidence"</h2>
            <p class="muted">{d.reason.advice()}</p>
            {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("statement"))>
                <label for="dispute-statement">"Statement"</label>
                <textarea id="dispute-statement" rows="6" prop:value=move || statement.get()
                    on:input=move |ev| statement.set(event_target_value(&ev))
                    placeholder="What was ordered, when it shipped and arrived, and anything the buyer told you."></textarea>
                {field_error("statement")}
            </div>
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("documents"))>
                <span class="label">"Documents"</span>
                <div class="evidence-docs">
                    {move || docs.get().into_iter().enumerate().map(|(i, doc)| match doc {
                        Doc::Uploading { preview, .. } => view! { <img class="uploading" src=preview alt="Uploading document" width="120" height="120" /> }.into_any(),
                        Doc::Stored(key) => {
                            let img = ImageRef { key, alt: format!("Document {}", i + 1) };
                            view! {
                                <span class="evidence-doc">
                                    <img src=img.url(200) alt=img.alt.clone() width="120" height="120" />
                                    <button type="button" class="icon-button" aria-label=format!("Remove document {}", i + 1)
                                        on:click=move |_| docs.update(|d| { if i < d.len() { d.remove(i); } })>"✕"</button>
                                </span>
                            }.into_any()
                        }
                    }).collect_view()}
                </div>
                <label class="button" for="dispute-documents">"Attach photos or screenshots"</label>
                <input id="dispute-documents" class="visually-hidden" type="file" multiple accept=IMAGE_TYPES on:change=on_pick />
                <p class="field-hint">{format!("Receipts, photos of the parcel and label, messages with the buyer. Up to {MAX_DOCUMENTS} images of at most 10 MB.")}</p>
                {move || problems.get().into_iter().map(|p| view! { <p class="field-error" role="alert">{p}</p> }).collect_view()}
                {field_error("documents")}
            </div>
            <button type="submit" class="button primary" disabled=move || busy.get()>
                {move || if busy.get() { "Sending…" } else { "Send evidence" }}
            </button>
            <p class="field-hint">"You can answer once. After the deadline the dispute is decided for the buyer."</p>
        </form>
    }
}

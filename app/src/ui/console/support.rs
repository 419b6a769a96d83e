//! Customer service in the console: the inbox's queues with reply clocks
//! (`/sell/support`), one ticket with the order, the conversation and what can be done
//! (`/sell/support/{id}`), and the store's canned replies (`/sell/support/replies`).
//! The admin's escalated tickets use the same ticket view (`/admin/tickets/{id}`).

use crate::client;
use crate::domain::support::{PLACEHOLDERS, Party, TicketKind, TicketStatus};
use crate::error::AppError;
use crate::model::{
    CannedReply, RefundLine, RequestState, Settlement, SupportInbox, TicketDetail, TicketSummary,
};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{
    Conversation, Photo, PhotoPicker, ReplyClockBadge, status_class, stored_photos,
};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Who works a ticket in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staff {
    Seller,
    Admin,
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let queue = Memo::new(move |_| {
        TicketStatus::parse(&query.read().get("queue").unwrap_or_default())
            .unwrap_or(TicketStatus::AwaitingSeller)
    });
    let after = Memo::new(move |_| query.read().get("after"));
    let inbox = client::resource(
        move || (queue.get(), after.get()),
        |(q, after)| crate::api::support::console::inbox(q.as_str().to_owned(), after),
    );
    view! {
        <Title text="Customer service" />
        <div class="console-head">
            <h1 class="page-title">"Customer service"</h1>
            <a class="button" href="/sell/support/replies">"Canned replies"</a>
        </div>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(list) => view! { <QueueView list /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueView(list: SupportInbox) -> impl IntoView {
    let current = list.queue;
    let empty = match current {
        TicketStatus::AwaitingSeller => {
            "Nothing waiting for you. New buyer requests land here with a 48-hour reply clock."
        }
        TicketStatus::AwaitingBuyer => "No tickets waiting for buyers.",
        TicketStatus::Escalated => {
            "No escalated tickets. Answer within 48 hours to keep it that way."
        }
        TicketStatus::Closed => "No closed tickets yet.",
    };
    view! {
        <nav class="tabs" aria-label="Ticket queues">
            {list.counts.iter().map(|(q, n)| {
                let selected = *q == current;
                view! {
                    <a href=format!("/sell/support?queue={}", q.as_str()) class="tab" class:tab-current=selected
                        aria-current=selected.then_some("page")>
                        {q.queue_label()}" "<span class="tab-count">{*n}</span>
                    </a>
                }
            }).collect_view()}
        </nav>
        {if list.tickets.is_empty() {
            view! { <EmptyState title=format!("{}: none", current.queue_label()) body=empty /> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table tickets-table">
                        <thead><tr>
                            <th scope="col">"Ticket"</th><th scope="col">"Buyer"</th><th scope="col">"About"</th>
                            <th scope="col">"Latest message"</th><th scope="col">"Reply by"</th>
                        </tr></thead>
                        <tbody>
                            {list.tickets.into_iter().map(|t| view! { <TicketRow t /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {list.next.map(|n| view! {
                    <p><a class="button" href=format!("/sell/support?queue={}&after={}", current.as_str(), n)>"Older tickets"</a></p>
                })}
            }.into_any()
        }}
    }
}

#[component]
fn TicketRow(t: TicketSummary) -> impl IntoView {
    view! {
        <tr class:row-unread=t.unread>
            <td><a href=format!("/sell/support/{}", t.id)>{format!("#{}", t.id)}</a>{t.unread.then(|| view! { " "<span class="badge">"New"</span> })}</td>
            <td>{t.buyer_name.clone()}</td>
            <td>
                {t.kind.label()}
                {t.request_pending.then(|| view! { " "<span class="badge warn">"Needs a decision"</span> })}
                <br /><span class="muted small">{format!("Order #{}", t.order)}</span>
            </td>
            <td class="ticket-snippet">{t.last_message.clone()}</td>
            <td>{match t.clock {
                Some(clock) => view! { <ReplyClockBadge clock /> }.into_any(),
                None => view! { <span class="muted small">{t.updated_at.format("%b %-d, %H:%M").to_string()}</span> }.into_any(),
            }}</td>
        </tr>
    }
}

#[component]
pub fn SellerTicketPage() -> impl IntoView {
    view! { <StaffTicketPage staff=Staff::Seller /> }
}

/// One ticket for its seller or, once escalated, an admin.
#[component]
pub fn StaffTicketPage(staff: Staff) -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let ticket = client::resource(id, move |id| async move {
        match (id, staff) {
            (Some(id), Staff::Seller) => crate::api::support::console::ticket(id).await,
            (Some(id), Staff::Admin) => crate::api::support::admin::ticket(id).await,
            (None, _) => Err(AppError::not_found("ticket")),
        }
    });
    let back = match staff {
        Staff::Seller => {
            view! { <p><a href="/sell/support">"← Customer service"</a></p> }.into_any()
        }
        Staff::Admin => view! { <p><a href="/admin">"← Admin"</a></p> }.into_any(),
    };
    view! {
        <Title text="Ticket" />
        {back}
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => view! { <TicketWork initial=t staff /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TicketWork(initial: TicketDetail, staff: Staff) -> impl IntoView {
    let ticket = RwSignal::new(initial);
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Photo>::new());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let refund_qty = RwSignal::new(1i64);
    let instructions = RwSignal::new(String::new());
    let restock = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let done = move |result: Result<TicketDetail, AppError>, what: &'static str| {
        busy.set(false);
        match result {
            Ok(t) => {
                ticket.set(t);
                text.set(String::new());
                photos.set(Vec::new());
                reason.set(String::new());
                error.set(None);
                notice.set(Some(what.to_owned()));
            }
            Err(e) => {
                notice.set(None);
                error.set(Some(e));
            }
        }
    };
    let id = move || ticket.with_untracked(|t| t.id.0);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(keys) = photos.with_untracked(|p| stored_photos(p)) else {
            error.set(Some(AppError::validation(
                "photos",
                "Wait for the photos to finish uploading.",
            )));
            return;
        };
        let (id, body) = (id(), text.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match staff {
                Staff::Seller => {
                    client::mutate(|key| {
                        crate::api::support::console::post_message(
                            id,
                            body.clone(),
                            keys.clone(),
                            key,
                        )
                    })
                    .await
                }
                Staff::Admin => {
                    client::mutate(|key| {
                        crate::api::support::admin::post_message(id, body.clone(), key)
                    })
                    .await
                }
            };
            done(result, "Reply sent.");
        });
    };
    let close = move |_| {
        let id = id();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match staff {
                Staff::Seller => crate::api::support::console::close_ticket(id).await,
                Staff::Admin => crate::api::support::admin::close_ticket(id).await,
            };
            done(result, "Ticket closed.");
        });
    };
    let answer = move |accept: bool| {
        let (id, why) = (id(), reason.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match staff {
                Staff::Seller => {
                    crate::api::support::console::answer_request(id, accept, why).await
                }
                Staff::Admin => crate::api::support::admin::answer_request(id, accept, why).await,
            };
            done(
                result,
                if accept {
                    "Accepted: the order is changed."
                } else {
                    "Declined."
                },
            );
        });
    };
    let settle = move |s: Settlement, what: &'static str| {
        let (id, n) = (id(), note.get_untracked());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match staff {
                Staff::Seller => crate::api::support::console::settle_ticket(id, s, n).await,
                Staff::Admin => crate::api::support::admin::settle_ticket(id, s, n).await,
            };
            done(result, what);
        });
    };
    move || {
        let t = ticket.get();
        let order = t.order.clone();
        let item = t
            .item
            .and_then(|i| order.items.iter().find(|x| x.id == i).cloned());
        let canned = t.canned.clone();
        view! {
            <div class="console-head">
                <h1 class="page-title">{format!("#{} · {}", t.id, t.kind.label())}</h1>
                <span class="badge">{t.status.queue_label()}</span>
                {t.clock.map(|clock| view! { <ReplyClockBadge clock /> })}
            </div>
            <p class="muted">{format!("From {} · opened {}", t.buyer_name, t.created_at.format("%b %-d, %Y at %H:%M UTC"))}
                {t.escalated.then(|| view! { " · "<span class="badge warn">"Escalated to the marketplace"</span> })}</p>
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="ticket-layout">
                <div class="ticket-work">
                    {t.request.clone().map(|r| view! {
                        <section class="panel request">
                            <h2>{if t.kind.is_change_request() { "Requested change" } else { "Item" }}</h2>
                            <p><strong>{r.summary.clone()}</strong></p>
                            {r.refund.map(|m| view! { <p class="muted small">{format!("Accepting gives {m} back to the buyer's card.")}</p> })}
                            {match r.state {
                                Some(RequestState::Accepted) => view! { <p><span class="badge ok">"Accepted"</span></p> }.into_any(),
                                Some(RequestState::Declined) => view! { <p><span class="badge badge-off">"Declined"</span></p> }.into_any(),
                                _ => ().into_any(),
                            }}
                            {t.actions.answer_request.then(|| view! {
                                <p class="muted small">"Accepting changes the order at once. Decline with a reason if it has already left."</p>
                                <div class="field">
                                    <label for="decline-reason">"Reason (for declining)"</label>
                                    <input id="decline-reason" class="reason-input" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                </div>
                                <div class="button-row">
                                    <button type="button" class="button primary" disabled=move || busy.get() on:click=move |_| answer(true)>"Accept"</button>
                                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| answer(false)>"Decline"</button>
                                </div>
                            })}
                        </section>
                    })}
                    {t.return_view.clone().map(|r| {
                        let value = r.value;
                        view! {
                            <section class="panel request return-panel">
                                <h2>"Return"</h2>
                                <p><span class="badge">{r.state.label()}</span></p>
                                <ul class="plain-list">{r.lines.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                                <p class="muted small">{format!("Worth {value} to the buyer.")}</p>
                                {(!r.instructions.is_empty()).then(|| view! {
                                    <p class="small"><strong>"Your instructions: "</strong>{r.instructions.clone()}</p>
                                })}
                                {r.tracking_number.clone().map(|n| view! {
                                    <p class="small">"Sent back with "{r.carrier.clone().unwrap_or_default()}": "
                                        {match r.tracking_url.clone() {
                                            Some(url) => view! { <a href=url target="_blank" rel="noopener">{n}</a> }.into_any(),
                                            None => view! { {n} }.into_any(),
                                        }}
                                    </p>
                                })}
                                {t.actions.answer_return.then(|| view! {
                                    <div class="field">
                                        <label for="return-instructions">"Instructions for the buyer (where and how to send it back)"</label>
                                        <textarea id="return-instructions" rows="3" maxlength="2000" prop:value=move || instructions.get()
                                            on:input=move |ev| instructions.set(event_target_value(&ev))></textarea>
                                    </div>
                                    <div class="field">
                                        <label for="return-decline-reason">"Reason (for declining)"</label>
                                        <input id="return-decline-reason" class="reason-input" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                    </div>
                                    <div class="button-row">
                                        <button type="button" class="button primary" disabled=move || busy.get()
                                            on:click=move |_| settle(Settlement::AcceptReturn { instructions: instructions.get_untracked() }, "Return accepted: the buyer has your instructions.")>"Accept return"</button>
                                        <button type="button" class="button" disabled=move || busy.get()
                                            on:click=move |_| { note.set(reason.get_untracked()); settle(Settlement::DeclineReturn, "Return declined."); }>"Decline return"</button>
                                    </div>
                                })}
                                {t.actions.receive_return.then(|| view! {
                                    <label class="choice">
                                        <input type="checkbox" prop:checked=move || restock.get() on:change=move |ev| restock.set(event_target_checked(&ev)) />
                                        <span>"Put the returned items back in stock"</span>
                                    </label>
                                    <div class="button-row">
                                        <button type="button" class="button primary" disabled=move || busy.get()
                                            on:click=move |_| settle(Settlement::ReturnReceived { restock: restock.get_untracked() }, "Return received and refunded.")>
                                            {format!("Mark received and refund {value}")}
                                        </button>
                                    </div>
                                })}
                            </section>
                        }
                    })}
                    {(!t.resolution.is_empty()).then(|| view! { <p class="notice">{t.resolution.clone()}</p> })}
                    {t.actions.settle.then(|| {
                        let (full, partial) = (order.amounts.total.minor() - order.refunded.minor(), item.clone());
                        view! {
                            <section class="panel">
                                <h2>{if t.kind == TicketKind::ReturnRefund { "Refund without a return" } else { "Settle it" }}</h2>
                                <div class="field">
                                    <label for="settle-note">"Note to the buyer (optional)"</label>
                                    <input id="settle-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                                </div>
                                <div class="button-row">
                                    {(full > 0).then(|| view! {
                                        <button type="button" class="button" disabled=move || busy.get()
                                            on:click=move |_| settle(Settlement::Refund { lines: Vec::new() }, "Refunded in full.")>
                                            {format!("Refund the whole order ({})", crate::domain::Money::new(full, order.amounts.total.currency()))}
                                        </button>
                                    })}
                                    {partial.clone().filter(|i| i.quantity > i.refunded_quantity).map(|i| {
                                        let item_id = i.id;
                                        let most = i.quantity - i.refunded_quantity;
                                        view! {
                                            <span class="inline-field">
                                                <label for="refund-qty">{format!("Refund {} ×", i.title)}</label>
                                                <input id="refund-qty" type="number" min="1" max=most.to_string() class="qty-input"
                                                    prop:value=move || refund_qty.get().to_string()
                                                    on:input=move |ev| refund_qty.set(event_target_value(&ev).parse().unwrap_or(1)) />
                                                <button type="button" class="button" disabled=move || busy.get()
                                                    on:click=move |_| settle(Settlement::Refund { lines: vec![RefundLine { item: item_id, quantity: refund_qty.get_untracked() }] }, "Refunded.")>
                                                    "Refund item"
                                                </button>
                                            </span>
                                        }
                                    })}
                                    {(partial.is_some() && t.kind != TicketKind::ReturnRefund).then(|| view! {
                                        <button type="button" class="button" disabled=move || busy.get()
                                            on:click=move |_| settle(Settlement::Replacement, "A replacement order was created.")>"Send a replacement"</button>
                                    })}
                                    {(!matches!(t.kind, TicketKind::Missing | TicketKind::ReturnRefund)).then(|| view! {
                                        <button type="button" class="button" disabled=move || busy.get()
                                            on:click=move |_| settle(Settlement::AskPhotos, "Asked the buyer for photos.")>"Ask for photos"</button>
                                    })}
                                </div>
                            </section>
                        }
                    })}
                    <section class="panel">
                        <h2>"Conversation"</h2>
                        <Conversation messages=t.messages.clone() me=match staff { Staff::Seller => Party::Seller, Staff::Admin => Party::Admin } />
                        {t.actions.reply.then(|| view! {
                            <form class="form reply-form" on:submit=send>
                                {(!canned.is_empty()).then(|| {
                                    let canned = canned.clone();
                                    view! {
                                        <div class="field">
                                            <label for="canned">"Canned reply"</label>
                                            <select id="canned" on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                if let Some(c) = canned.iter().find(|c: &&CannedReply| c.id.0.to_string() == v) {
                                                    text.set(c.body.clone());
                                                }
                                            }>
                                                <option value="">"Choose a template…"</option>
                                                {t.canned.iter().map(|c| view! { <option value=c.id.0.to_string()>{c.title.clone()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                    }
                                })}
                                <div class="field">
                                    <label for="reply">"Reply"</label>
                                    <textarea id="reply" rows="5" maxlength="2000" prop:value=move || text.get()
                                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                </div>
                                {(staff == Staff::Seller).then(|| view! { <PhotoPicker photos /> })}
                                <div class="button-row">
                                    <button type="submit" class="button primary" disabled=move || busy.get()>"Send reply"</button>
                                    {t.actions.close.then(|| view! { <button type="button" class="button" disabled=move || busy.get() on:click=close>"Close ticket"</button> })}
                                </div>
                            </form>
                        })}
                    </section>
                </div>
                <aside class="ticket-side">
                    <section class="panel">
                        <h2>{format!("Order #{}", order.id)}</h2>
                        <p><span class=status_class(order.status)>{order.status.label()}</span>
                            {(staff == Staff::Seller).then(|| view! { " "<a href=format!("/sell/orders/{}", order.id)>"Open order"</a> })}</p>
                        <ul class="plain-list">
                            {order.items.iter().map(|i| view! {
                                <li>{format!("{} × {} ({})", i.quantity, i.title, i.variant_label)}
                                    {(i.refunded_quantity > 0).then(|| view! { <span class="muted small">{format!(" · {} refunded or cancelled", i.refunded_quantity)}</span> })}</li>
                            }).collect_view()}
                        </ul>
                        <p class="small">{order.amounts.total.to_string()}" total"</p>
                        {order.tracking_url.clone().map(|u| view! {
                            <p class="small">{format!("{} {}", order.carrier.clone().unwrap_or_default(), order.tracking_number.clone().unwrap_or_default())}" · "
                                <a href=u rel="noopener noreferrer" target="_blank">"Track"</a></p>
                        })}
                        <address class="small">{order.ship_to.iter().map(|l| view! { {l.clone()}<br /> }).collect_view()}</address>
                    </section>
                    <section class="panel">
                        <h2>"Earlier tickets from this buyer"</h2>
                        {if t.history.is_empty() {
                            view! { <p class="muted small">"None."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {t.history.iter().map(|h| {
                                        let href = match staff { Staff::Seller => format!("/sell/support/{}", h.id), Staff::Admin => format!("/admin/tickets/{}", h.id) };
                                        view! { <li><a href=href>{format!("#{} {}", h.id, h.kind.label())}</a>" "<span class="muted small">{h.status.queue_label()}</span></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                </aside>
            </div>
        }
    }
}

/// `/sell/support/replies`: the store's templates, with placeholders filled per ticket.
#[component]
pub fn CannedRepliesPage() -> impl IntoView {
    let replies = client::resource(|| (), |_| crate::api::support::console::canned_replies());
    view! {
        <Title text="Canned replies" />
        <p><a href="/sell/support">"← Customer service"</a></p>
        <h1 class="page-title">"Canned replies"</h1>
        <p class="muted">{format!("Templates for answers you give often. Placeholders are filled in for each ticket: {}.", PLACEHOLDERS.join(", "))}</p>
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match replies.await {
                    Ok(list) => view! { <CannedEditor initial=list /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CannedEditor(initial: Vec<CannedReply>) -> impl IntoView {
    let list = RwSignal::new(initial);
    let editing = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, t, b) = (
            editing.get_untracked(),
            title.get_untracked(),
            body.get_untracked(),
        );
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = crate::api::support::console::save_canned_reply(id, t, b).await;
            busy.set(false);
            match result {
                Ok(l) => {
                    list.set(l);
                    editing.set(None);
                    title.set(String::new());
                    body.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |id: i64| {
        leptos::task::spawn_local(async move {
            match crate::api::support::console::delete_canned_reply(id).await {
                Ok(l) => list.set(l),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel">
            {move || {
                let l = list.get();
                if l.is_empty() {
                    view! { <p class="muted">"No canned replies yet. Add your first below."</p> }.into_any()
                } else {
                    view! {
                        <ul class="canned-list">
                            {l.into_iter().map(|c| {
                                let (id, t2, b2) = (c.id.0, c.title.clone(), c.body.clone());
                                view! {
                                    <li class="canned">
                                        <strong>{c.title.clone()}</strong>
                                        <p class="small">{c.body.clone()}</p>
                                        <div class="button-row">
                                            <button type="button" class="small-button" on:click=move |_| { editing.set(Some(id)); title.set(t2.clone()); body.set(b2.clone()); }>"Edit"</button>
                                            <button type="button" class="small-button" on:click=move |_| remove(id)>"Delete"</button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
        <form class="form panel" on:submit=save>
            <h2>{move || if editing.get().is_some() { "Edit the reply" } else { "New canned reply" }}</h2>
            <div class="field">
                <label for="canned-title">"Name"</label>
                <input id="canned-title" maxlength="80" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="canned-body">"Text"</label>
                <textarea id="canned-body" rows="5" maxlength="2000" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>"Save"</button>
            </div>
        </form>
    }
}

//! Getting help with an order: the "Get help" flow (`/orders/{id}/help`), the buyer's
//! tickets (`/help`) and one ticket's conversation (`/help/{id}`).

use crate::api::support::{
    ask_marketplace, close_ticket, help_options, my_tickets, open_ticket, post_message,
    reopen_ticket, send_back,
};
use crate::client;
use crate::domain::returns::ReturnState;
use crate::domain::support::{Party, TicketKind, TicketStatus};
use crate::domain::tracking::Carrier;
use crate::error::AppError;
use crate::model::{
    AddressView, HelpOptions, NewTicket, RequestState, TicketDetail, TicketSummary,
};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{
    AddressForm, Conversation, Photo, PhotoPicker, ShopState, status_class, stored_photos,
};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn sign_in(next: String) -> AnyView {
    view! {
        <EmptyState title="Sign in to get help" body="Your requests and their answers are kept in your account.">
            <a class="button primary" href=format!("/signin?next={next}")>"Sign in"</a>
        </EmptyState>
    }
    .into_any()
}

fn ticket_status_class(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::AwaitingBuyer => "badge ok",
        TicketStatus::Escalated => "badge warn",
        TicketStatus::Closed => "badge badge-off",
        TicketStatus::AwaitingSeller => "badge",
    }
}

/// The buyer's orders, an order and its help pages, one lazy chunk (code shared by
/// several chunks, and each lazy route's own glue, would land in the first download):
/// which page by the path.
#[component]
pub fn OrderPages() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || {
        let path = location.pathname.get();
        let path = path.trim_end_matches('/');
        if path == "/orders" {
            view! { <super::OrdersPage /> }.into_any()
        } else if path.starts_with("/orders/") && path.ends_with("/help") {
            view! { <HelpPage /> }.into_any()
        } else if path.starts_with("/orders/") {
            view! { <super::OrderPage /> }.into_any()
        } else if path == "/help" {
            view! { <TicketsPage /> }.into_any()
        } else {
            view! { <TicketPage /> }.into_any()
        }
    }
}

/// `/orders/{id}/help`: what the buyer may ask, each kind asking only what it needs.
#[component]
fn HelpPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let options = client::resource(id, |id| async move {
        match id {
            Some(id) => help_options(id).await,
            None => Err(AppError::not_found("order")),
        }
    });
    view! {
        <Title text="Get help with an order" />
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(o) => view! { <HelpForm options=o /> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in(format!("/orders/{}/help", id().unwrap_or_default())),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HelpForm(options: HelpOptions) -> impl IntoView {
    let query = use_query_map();
    let order = options.order;
    let preselected = query
        .read_untracked()
        .get("item")
        .and_then(|s| s.parse::<i64>().ok());
    let kind = RwSignal::new(None::<TicketKind>);
    let item = RwSignal::new(
        preselected
            .or_else(|| options.items.first().map(|i| i.id.0))
            .unwrap_or_default(),
    );
    let quantity = RwSignal::new(1i64);
    // A return: one item (and how many) or, with 0, everything on the order.
    let return_item = RwSignal::new(preselected.unwrap_or(0));
    let variant = RwSignal::new(None::<i64>);
    let addresses = RwSignal::new(options.addresses.clone());
    let address = RwSignal::new(options.addresses.first().map(|a| a.id.0));
    let adding_address = RwSignal::new(options.addresses.is_empty());
    let message = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Photo>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let items = StoredValue::new(options.items.clone());
    let navigate = use_navigate();
    // Not a <form>: a new address is its own form inside this one.
    let submit = move |_| {
        let Some(k) = kind.get_untracked() else {
            error.set(Some(AppError::validation(
                "kind",
                "Pick what you need help with.",
            )));
            return;
        };
        let Some(photo_keys) = photos.with_untracked(|p| stored_photos(p)) else {
            error.set(Some(AppError::validation(
                "photos",
                "Wait for the photos to finish uploading.",
            )));
            return;
        };
        let ticket = NewTicket {
            order: order.0,
            kind: k.as_str().to_owned(),
            item: if k == TicketKind::ReturnRefund {
                Some(return_item.get_untracked()).filter(|i| *i != 0)
            } else {
                (k.needs_item()).then(|| item.get_untracked())
            },
            quantity: match k {
                TicketKind::CancelItem => Some(quantity.get_untracked()),
                TicketKind::ReturnRefund if return_item.get_untracked() != 0 => {
                    Some(quantity.get_untracked())
                }
                _ => None,
            },
            variant: if k == TicketKind::ChangeVariant {
                variant.get_untracked()
            } else {
                None
            },
            address_id: if k == TicketKind::ChangeAddress {
                address.get_untracked()
            } else {
                None
            },
            address: None,
            message: message.get_untracked(),
            photos: if k.takes_photos() {
                photo_keys
            } else {
                Vec::new()
            },
            lines: Vec::new(),
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = client::mutate(|key| open_ticket(ticket.clone(), key)).await;
            busy.set(false);
            match result {
                Ok(t) => {
                    client::forget("tickets");
                    navigate(&format!("/help/{}", t.id), Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let kinds = options.kinds.clone();
    view! {
        <p class="breadcrumb"><a href=format!("/orders/{}", order)>{format!("Order #{}", order)}</a>" › Get help"</p>
        <h1 class="page-title">"How can we help?"</h1>
        <p class="muted">{format!("Order #{} · {}", order, options.status_label)}</p>
        {(!options.open_tickets.is_empty()).then(|| view! {
            <section class="panel">
                <h2>"Already asked"</h2>
                <TicketList tickets=options.open_tickets.clone() />
            </section>
        })}
        <div class="form panel help-form">
            <fieldset class="choice-list">
                <legend>"What do you need?"</legend>
                {kinds.into_iter().map(|(k, why)| {
                    let offered = why.is_none();
                    view! {
                        <label class="choice" class:choice-off=!offered>
                            <input type="radio" name="kind" value=k.as_str() disabled=!offered
                                on:change=move |_| { kind.set(Some(k)); error.set(None); } />
                            <span>
                                <strong>{k.label()}</strong>
                                {why.map(|w| view! { <span class="muted small">" "{w}</span> })}
                            </span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || kind.get().map(|k| {
                let list = items.get_value();
                view! {
                    {k.needs_item().then(|| view! {
                        <div class="field">
                            <label for="help-item">"Which item?"</label>
                            <select id="help-item" on:change=move |ev| { item.set(event_target_value(&ev).parse().unwrap_or_default()); variant.set(None); }>
                                {list.iter().map(|i| {
                                    let id = i.id.0;
                                    view! { <option value=id.to_string() selected=move || item.get() == id>{format!("{} ({}) × {}", i.title, i.variant_label, i.quantity)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    {(k == TicketKind::CancelItem).then(|| {
                        let most = move || items.with_value(|l| l.iter().find(|i| i.id.0 == item.get()).map(|i| i.quantity).unwrap_or(1));
                        view! {
                            <div class="field">
                                <label for="help-quantity">"How many to cancel?"</label>
                                <input id="help-quantity" type="number" min="1" max=move || most().to_string()
                                    prop:value=move || quantity.get().to_string()
                                    on:input=move |ev| quantity.set(event_target_value(&ev).parse().unwrap_or(1)) />
                            </div>
                        }
                    })}
                    {(k == TicketKind::ChangeVariant).then(|| view! {
                        <fieldset class="choice-list">
                            <legend>"Change to"</legend>
                            {move || {
                                let choices = items.with_value(|l| l.iter().find(|i| i.id.0 == item.get()).map(|i| i.variants.clone()).unwrap_or_default());
                                if choices.is_empty() {
                                    view! { <p class="muted">"No other size or colour of this item is in stock at the same price or lower."</p> }.into_any()
                                } else {
                                    choices.into_iter().map(|c| {
                                        let id = c.id.0;
                                        view! {
                                            <label class="choice">
                                                <input type="radio" name="variant" on:change=move |_| variant.set(Some(id)) />
                                                <span>{c.label.clone()}" · "{c.price.to_string()}</span>
                                            </label>
                                        }
                                    }).collect_view().into_any()
                                }
                            }}
                        </fieldset>
                    })}
                    {(k == TicketKind::ChangeAddress).then(|| view! {
                        <fieldset class="choice-list">
                            <legend>"Ship to"</legend>
                            {move || addresses.get().into_iter().map(|a: AddressView| {
                                let id = a.id.0;
                                let line = format!("{}, {}, {} {}", a.address.full_name, a.address.line1, a.address.city, a.address.postal_code);
                                view! {
                                    <label class="choice">
                                        <input type="radio" name="address" checked=move || address.get() == Some(id) on:change=move |_| address.set(Some(id)) />
                                        <span>{line}</span>
                                    </label>
                                }
                            }).collect_view()}
                            {move || if adding_address.get() {
                                view! {
                                    <AddressForm on_saved=Callback::new(move |a: AddressView| {
                                        let id = a.id.0;
                                        addresses.update(|l| l.push(a));
                                        address.set(Some(id));
                                        adding_address.set(false);
                                    }) />
                                }.into_any()
                            } else {
                                view! { <button type="button" class="link-button" on:click=move |_| adding_address.set(true)>"Use a new address"</button> }.into_any()
                            }}
                        </fieldset>
                    })}
                    {(k == TicketKind::ReturnRefund).then(|| {
                        let list = items.get_value();
                        let most = move || items.with_value(|l| l.iter().find(|i| i.id.0 == return_item.get()).map(|i| i.quantity).unwrap_or(1));
                        view! {
                            <div class="field">
                                <label for="return-item">"What are you returning?"</label>
                                <select id="return-item" on:change=move |ev| { return_item.set(event_target_value(&ev).parse().unwrap_or_default()); quantity.set(1); }>
                                    <option value="0" selected=move || return_item.get() == 0>"Everything on this order"</option>
                                    {list.iter().map(|i| {
                                        let id = i.id.0;
                                        view! { <option value=id.to_string() selected=move || return_item.get() == id>{format!("{} ({}) × {}", i.title, i.variant_label, i.quantity)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            {move || (return_item.get() != 0).then(|| view! {
                                <div class="field">
                                    <label for="return-quantity">"How many?"</label>
                                    <input id="return-quantity" type="number" min="1" max=move || most().to_string()
                                        prop:value=move || quantity.get().to_string()
                                        on:input=move |ev| quantity.set(event_target_value(&ev).parse().unwrap_or(1)) />
                                </div>
                            })}
                        }
                    })}
                    {k.takes_photos().then(|| view! { <PhotoPicker photos /> })}
                    {(!k.answered_from_order()).then(|| view! {
                        <div class="field">
                            <label for="help-message">{if k.is_change_request() {
                                "Anything the seller should know? (optional)"
                            } else if k == TicketKind::ReturnRefund {
                                "Why are you returning it?"
                            } else {
                                "Tell the seller what happened"
                            }}</label>
                            <textarea id="help-message" rows="4" maxlength="2000"
                                prop:value=move || message.get()
                                on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        </div>
                    })}
                    <p class="muted small">{if k.answered_from_order() {
                        "You'll get an answer at once from the order's tracking."
                    } else if k.is_change_request() {
                        "The seller accepts or declines the change before the order ships, usually within 48 hours."
                    } else {
                        "The seller answers within 48 hours; if not, the marketplace steps in."
                    }}</p>
                }
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="form-actions">
                <button type="button" class="button primary" on:click=submit disabled=move || busy.get() || kind.get().is_none()>
                    {move || if busy.get() { "Sending…" } else { "Send" }}
                </button>
            </div>
        </div>
    }
}

#[component]
fn TicketList(tickets: Vec<TicketSummary>) -> impl IntoView {
    view! {
        <ul class="ticket-list">
            {tickets.into_iter().map(|t| view! {
                <li class="ticket-row" class:unread=t.unread>
                    <a href=format!("/help/{}", t.id)>
                        <span class="ticket-main">
                            <strong>{t.kind.label()}</strong>
                            <span class="muted small">{format!("Order #{} · {} · {}", t.order, t.store_name, t.updated_at.format("%b %-d"))}</span>
                            <span class="small">{t.last_message.clone()}</span>
                        </span>
                        <span class=ticket_status_class(t.status)>{t.status.buyer_label()}</span>
                        {t.unread.then(|| view! { <span class="visually-hidden">"New answer"</span> })}
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// `/help`: the buyer's requests, newest first.
#[component]
fn TicketsPage() -> impl IntoView {
    let tickets = client::resource(|| (), |_| client::read("tickets".into(), my_tickets()));
    view! {
        <Title text="Help" />
        <h1 class="page-title">"Help"</h1>
        <p class="muted">"Your requests to sellers. To ask about an order, open it and choose “Get help”."</p>
        <Suspense fallback=|| view! { <SkeletonLines count=5 /> }>
            {move || Suspend::new(async move {
                match tickets.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="No requests yet" body="Questions about an order, changes and problems with what arrived show up here.">
                            <a class="button" href="/orders">"Your orders"</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(list) => view! { <section class="panel"><TicketList tickets=list /></section> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in("/help".into()),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/help/{id}`: one request, its answer and what the buyer may do next.
#[component]
fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let ticket = client::resource(id, |id| async move {
        match id {
            Some(id) => crate::api::support::ticket(id).await,
            None => Err(AppError::not_found("ticket")),
        }
    });
    view! {
        <Title text="Your request" />
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => view! { <TicketView initial=t /> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in(format!("/help/{}", id().unwrap_or_default())),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TicketView(initial: TicketDetail) -> impl IntoView {
    let ticket = RwSignal::new(initial);
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Photo>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let shop = ShopState::get();
    let done = move |result: Result<TicketDetail, AppError>| {
        busy.set(false);
        match result {
            Ok(t) => {
                client::forget("tickets");
                ticket.set(t);
                text.set(String::new());
                photos.set(Vec::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let send = move |body: String| {
        let id = ticket.with_untracked(|t| t.id.0);
        let Some(keys) = photos.with_untracked(|p| stored_photos(p)) else {
            error.set(Some(AppError::validation(
                "photos",
                "Wait for the photos to finish uploading.",
            )));
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            done(client::mutate(|key| post_message(id, body.clone(), keys.clone(), key)).await);
        });
    };
    let close = move |_| {
        let id = ticket.with_untracked(|t| t.id.0);
        busy.set(true);
        leptos::task::spawn_local(async move {
            done(close_ticket(id).await);
            shop.say("Request closed.");
        });
    };
    let reopen = move |_| {
        let id = ticket.with_untracked(|t| t.id.0);
        busy.set(true);
        leptos::task::spawn_local(async move { done(reopen_ticket(id).await) });
    };
    let carrier = RwSignal::new(Carrier::Usps.as_str().to_owned());
    let number = RwSignal::new(String::new());
    let ship = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, c, n) = (
            ticket.with_untracked(|t| t.id.0),
            carrier.get_untracked(),
            number.get_untracked(),
        );
        busy.set(true);
        leptos::task::spawn_local(async move { done(send_back(id, c, n).await) });
    };
    let appeal = move |_| {
        let id = ticket.with_untracked(|t| t.id.0);
        busy.set(true);
        leptos::task::spawn_local(async move { done(ask_marketplace(id).await) });
    };
    move || {
        let t = ticket.get();
        let order = t.order.clone();
        view! {
            <p class="breadcrumb"><a href="/help">"Help"</a>" › "{format!("Request #{}", t.id)}</p>
            <h1 class="page-title">{t.kind.label()}</h1>
            <p>
                <span class=ticket_status_class(t.status)>{t.status.buyer_label()}</span>" "
                <span class="muted small">{format!("Order #{} · {} · opened {}", order.id, order.store.name, t.created_at.format("%b %-d, %Y"))}</span>
            </p>
            {(t.status == TicketStatus::Escalated).then(|| view! {
                <p class="notice" role="status">{if t.return_view.as_ref().is_some_and(|r| r.state == ReturnState::Declined) {
                    "You asked the marketplace to step in. Its support team is looking into this and will write here."
                } else {
                    "The seller didn't answer in time, so the marketplace's support team is looking into this. We'll write here."
                }}</p>
            })}
            {t.request.clone().map(|r| view! {
                <section class="panel request">
                    <h2>"Your request"</h2>
                    <p>{r.summary.clone()}</p>
                    {r.refund.map(|m| view! { <p class="muted small">{format!("{m} goes back to your card if the seller accepts.")}</p> })}
                    <p>{match r.state {
                        Some(RequestState::Pending) => view! { <span class="badge">"Waiting for the seller"</span> }.into_any(),
                        Some(RequestState::Accepted) => view! { <span class="badge ok">"Accepted"</span> }.into_any(),
                        Some(RequestState::Declined) => view! { <span class="badge badge-off">"Declined"</span> }.into_any(),
                        None => ().into_any(),
                    }}</p>
                </section>
            })}
            {t.return_view.clone().map(|r| view! {
                <section class="panel request return-panel">
                    <h2>"Your return"</h2>
                    <p><span class="badge">{r.state.label()}</span></p>
                    <ul class="plain-list">{r.lines.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul>
                    {(!matches!(r.state, ReturnState::Declined | ReturnState::Received)).then(|| view! {
                        <p class="muted small">{format!("{} goes back to your card when the seller receives it.", r.value)}</p>
                    })}
                    {(!r.instructions.is_empty()).then(|| view! {
                        <h3>"How to send it back"</h3>
                        <p class="message-body">{r.instructions.clone()}</p>
                    })}
                    {r.tracking_number.clone().map(|n| view! {
                        <p class="small">"Sent back with "{r.carrier.clone().unwrap_or_default()}": "
                            {match r.tracking_url.clone() {
                                Some(url) => view! { <a href=url target="_blank" rel="noopener">{n}</a> }.into_any(),
                                None => view! { {n} }.into_any(),
                            }}
                        </p>
                    })}
                    {t.actions.ship_back.then(|| view! {
                        <form class="form ship-back" on:submit=ship>
                            <div class="field">
                                <label for="return-carrier">"Carrier"</label>
                                <select id="return-carrier" on:change=move |ev| carrier.set(event_target_value(&ev))>
                                    {Carrier::ALL.into_iter().map(|c| view! { <option value=c.as_str() selected=move || carrier.get() == c.as_str()>{c.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="return-number">"Tracking number of the parcel you sent"</label>
                                <input id="return-number" autocomplete="off" prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
                            </div>
                            <button type="submit" class="button primary" disabled=move || busy.get()>"I've sent it"</button>
                        </form>
                    })}
                    {t.actions.appeal.then(|| view! {
                        <p class="muted small">"Don't agree with the seller? The marketplace's support team can decide."</p>
                        <button type="button" class="button" disabled=move || busy.get() on:click=appeal>"Ask the marketplace to step in"</button>
                    })}
                </section>
            })}
            {(!t.resolution.is_empty()).then(|| view! { <p class="notice" role="status">{t.resolution.clone()}</p> })}
            <section class="panel">
                <h2 class="visually-hidden">"Conversation"</h2>
                <Conversation messages=t.messages.clone() me=Party::Buyer />
                {t.actions.confirm_answer.then(|| view! {
                    <div class="button-row">
                        <button type="button" class="button primary" disabled=move || busy.get() on:click=close>"That answers it"</button>
                        <button type="button" class="button" disabled=move || busy.get()
                            on:click=move |_| send("I still need help with this.".into())>"I still need help"</button>
                    </div>
                })}
                {(t.actions.reply && !t.actions.confirm_answer).then(|| {
                    let photos_allowed = t.kind.takes_photos();
                    view! {
                        <form class="form reply-form" on:submit=move |ev| { ev.prevent_default(); send(text.get_untracked()); }>
                            <div class="field">
                                <label for="reply-text">"Write to the seller"</label>
                                <textarea id="reply-text" rows="3" maxlength="2000" prop:value=move || text.get()
                                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            </div>
                            {photos_allowed.then(|| view! { <PhotoPicker photos /> })}
                            <div class="button-row">
                                <button type="submit" class="button primary" disabled=move || busy.get()>"Send"</button>
                                {t.actions.close.then(|| view! { <button type="button" class="button" disabled=move || busy.get() on:click=close>"Close request"</button> })}
                            </div>
                        </form>
                    }
                })}
                {t.actions.reopen.then(|| view! {
                    <p class="muted small">"Not solved? You can reopen this request for 7 days after it closed."</p>
                    <button type="button" class="button" disabled=move || busy.get() on:click=reopen>"Reopen"</button>
                })}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            </section>
            <section class="panel">
                <h2>"The order"</h2>
                <p><span class=status_class(order.status)>{order.status.label()}</span>" "<a href=format!("/orders/{}", order.id)>{format!("Order #{}", order.id)}</a></p>
                <address>{order.ship_to.iter().map(|l| view! { {l.clone()}<br /> }).collect_view()}</address>
            </section>
        }
    }
}

//! A ticket's conversation and the photo picker of its forms, shared by the buyer's
//! help pages, the seller's inbox and the admin's escalated queue. Every message is
//! text (never HTML); photos open large.

use crate::domain::support::{ClockState, MAX_PHOTOS, Party, ReplyClock};
use crate::model::TicketMessageView;
use crate::ui::shared::files::{IMAGE_TYPES, JsFile, image_problem};
use leptos::prelude::*;

/// The messages, oldest first; `me` is the side reading (its messages sit right).
#[component]
pub fn Conversation(messages: Vec<TicketMessageView>, me: Party) -> impl IntoView {
    view! {
        <ol class="conversation" aria-label="Conversation">
            {messages.into_iter().map(|m| {
                let class = match m.author {
                    Party::System => "message message-system",
                    a if a == me => "message message-mine",
                    _ => "message",
                };
                view! {
                    <li class=class>
                        <p class="message-meta"><strong>{m.author_name.clone()}</strong>" · "{m.at.format("%b %-d, %H:%M UTC").to_string()}</p>
                        <p class="message-body">{m.body.clone()}</p>
                        {(!m.photos.is_empty()).then(|| view! {
                            <div class="message-photos">
                                {m.photos.iter().map(|img| view! {
                                    <a href=img.url(800) target="_blank" rel="noopener"><img src=img.url(200) alt=img.alt.clone() width="96" height="96" loading="lazy" /></a>
                                }).collect_view()}
                            </div>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The seller's 48-hour reply clock: time left, amber under 12 h, red when overdue.
#[component]
pub fn ReplyClockBadge(clock: ReplyClock) -> impl IntoView {
    let class = match clock.state {
        ClockState::OnTime => "badge clock",
        ClockState::Amber => "badge clock clock-amber",
        ClockState::Overdue => "badge clock clock-overdue",
    };
    view! { <span class=class title="Reply within 48 hours">{clock.describe()}</span> }
}

/// A photo being uploaded, or uploaded (its key).
#[derive(Debug, Clone, PartialEq)]
pub enum Photo {
    Uploading { id: u32, preview: String },
    Stored(String),
}

/// The keys of the uploaded photos; `None` while one is still uploading.
pub fn stored_photos(photos: &[Photo]) -> Option<Vec<String>> {
    photos
        .iter()
        .map(|p| match p {
            Photo::Stored(k) => Some(k.clone()),
            Photo::Uploading { .. } => None,
        })
        .collect()
}

/// Picks up to five photos and uploads them through `/help/images` at once.
#[component]
pub fn PhotoPicker(photos: RwSignal<Vec<Photo>>) -> impl IntoView {
    let problems = RwSignal::new(Vec::<String>::new());
    let next = StoredValue::new(0u32);
    let on_pick = move |ev: leptos::ev::Event| {
        let (meta, handles) = JsFile::from_input(&ev);
        problems.set(Vec::new());
        for ((name, kind, size), handle) in meta.into_iter().zip(handles) {
            if photos.with_untracked(|p| p.len()) >= MAX_PHOTOS {
                problems.update(|p| p.push(format!("{name}: attach at most {MAX_PHOTOS} photos.")));
                continue;
            }
            if let Some(problem) = image_problem(&name, &kind, size) {
                problems.update(|p| p.push(problem));
                continue;
            }
            let ticket = next.get_value() + 1;
            next.set_value(ticket);
            photos.update(|p| {
                p.push(Photo::Uploading {
                    id: ticket,
                    preview: handle.preview(),
                })
            });
            leptos::task::spawn_local(async move {
                let result = handle.upload_photo().await;
                photos.update(|p| match &result {
                    Ok(key) => {
                        for photo in p.iter_mut() {
                            if matches!(photo, Photo::Uploading { id, .. } if *id == ticket) {
                                *photo = Photo::Stored(key.clone());
                            }
                        }
                    }
                    Err(_) => {
                        p.retain(|x| !matches!(x, Photo::Uploading { id, .. } if *id == ticket))
                    }
                });
                if let Err(message) = result {
                    problems.update(|p| p.push(format!("{name}: {message}")));
                }
            });
        }
    };
    view! {
        <div class="field photo-picker">
            <label for="ticket-photos">{format!("Photos (up to {MAX_PHOTOS})")}</label>
            <input id="ticket-photos" type="file" accept=IMAGE_TYPES multiple on:change=on_pick />
            <div class="message-photos">
                {move || photos.get().into_iter().enumerate().map(|(i, p)| match p {
                    Photo::Uploading { preview, .. } => view! {
                        <img class="uploading" src=preview alt="Uploading photo" width="96" height="96" />
                    }.into_any(),
                    Photo::Stored(key) => view! {
                        <span class="photo-slot">
                            <img src=format!("/img/{key}/200.webp") alt="Attached photo" width="96" height="96" />
                            <button type="button" class="small-button" on:click=move |_| photos.update(|p| { p.remove(i); })>"Remove"</button>
                        </span>
                    }.into_any(),
                }).collect_view()}
            </div>
            {move || problems.get().into_iter().map(|p| view! { <p class="field-error">{p}</p> }).collect_view()}
        </div>
    }
}

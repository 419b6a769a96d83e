//! Writing reviews: the "Your reviews" panel of a delivered order (a form per item,
//! editable for 30 days, with the store's reply under it) and the "Waiting for your
//! review" strip of the orders page. Text is shown as text; photos open large.

use crate::api::reviews::{to_review, write_review};
use crate::client;
use crate::domain::reviews::{MAX_REVIEW_CHARS, check_review};
use crate::error::AppError;
use crate::model::{ItemReview, MyReview, ReviewInput};
use crate::ui::shared::{Photo, PhotoPicker, stored_photos};
use leptos::prelude::*;

fn stars(rating: i64) -> String {
    format!(
        "{}{}",
        "★".repeat(rating as usize),
        "☆".repeat(5 - rating.clamp(0, 5) as usize)
    )
}

/// The delivered items of an order, each with a review to write or the buyer's own.
#[component]
pub fn OrderReviews(items: Vec<ItemReview>) -> impl IntoView {
    view! {
        <section class="panel order-reviews" aria-labelledby="reviews-title">
            <h2 id="reviews-title">"Your reviews"</h2>
            <ul class="review-items">
                {items.into_iter().map(|item| view! { <ItemReviewRow item /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ItemReviewRow(item: ItemReview) -> impl IntoView {
    let review = RwSignal::new(item.review.clone());
    let editing = RwSignal::new(false);
    let anchor = format!("review-{}", item.item);
    let product_link = item.product.map(|p| format!("/p/{p}"));
    let title = item.title.clone();
    let item = StoredValue::new(item);
    view! {
        <li class="review-item" id=anchor>
            <div class="review-item-head">
                <span class="order-thumb">{item.with_value(|i| i.image.clone()).map(|img| view! { <img src=img.url(200) alt="" width="56" height="56" loading="lazy" /> })}</span>
                <span>
                    {match product_link {
                        Some(href) => view! { <a href=href><strong>{title.clone()}</strong></a> }.into_any(),
                        None => view! { <strong>{title.clone()}</strong> }.into_any(),
                    }}
                    <span class="muted small">" "{item.with_value(|i| i.variant_label.clone())}</span>
                </span>
            </div>
            {move || {
                let current = review.get();
                if editing.get() {
                    view! {
                        <ReviewForm item=item.get_value() existing=current
                            on_saved=Callback::new(move |saved: MyReview| {
                                review.set(Some(saved));
                                editing.set(false);
                                client::forget("reviews");
                                client::forget("to_review");
                            })
                            on_cancel=Callback::new(move |_| editing.set(false)) />
                    }.into_any()
                } else if let Some(r) = current {
                    view! { <MyReviewView review=r on_edit=Callback::new(move |_| editing.set(true)) /> }.into_any()
                } else if item.with_value(|i| i.product.is_some()) {
                    view! {
                        <button type="button" class="button primary write-review" on:click=move |_| editing.set(true)>"Write a review"</button>
                    }.into_any()
                } else {
                    view! { <p class="muted small">"This product is no longer sold."</p> }.into_any()
                }
            }}
        </li>
    }
}

#[component]
fn MyReviewView(review: MyReview, on_edit: Callback<()>) -> impl IntoView {
    view! {
        <div class="my-review">
            <p><span class="review-stars" aria-label=format!("{} out of 5", review.rating)>{stars(review.rating)}</span>
                <span class="muted small">{format!(" · {}", review.created_at.format("%b %-d, %Y"))}</span></p>
            {(!review.body.is_empty()).then(|| view! { <p>{review.body.clone()}</p> })}
            {(!review.photos.is_empty()).then(|| view! {
                <div class="message-photos">
                    {review.photos.iter().map(|img| view! {
                        <a href=img.url(800) target="_blank" rel="noopener"><img src=img.url(200) alt=img.alt.clone() width="80" height="80" loading="lazy" /></a>
                    }).collect_view()}
                </div>
            })}
            {review.reply.clone().map(|reply| view! {
                <div class="review-reply">
                    <p class="small"><strong>"Reply from the store"</strong>" · "{reply.at.format("%b %-d, %Y").to_string()}</p>
                    <p>{reply.body}</p>
                </div>
            })}
            {if review.editable {
                view! {
                    <p class="muted small">
                        <button type="button" class="link-button" on:click=move |_| on_edit.run(())>"Edit review"</button>
                        {format!(" · you can change it until {}", review.editable_until.format("%b %-d"))}
                    </p>
                }.into_any()
            } else {
                ().into_any()
            }}
        </div>
    }
}

/// Stars, text and up to five photos; sends once the photos have uploaded.
#[component]
fn ReviewForm(
    item: ItemReview,
    existing: Option<MyReview>,
    on_saved: Callback<MyReview>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let id = item.item;
    let rating = RwSignal::new(existing.as_ref().map_or(0, |r| r.rating));
    let body = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.body.clone())
            .unwrap_or_default(),
    );
    let photos = RwSignal::new(
        existing
            .as_ref()
            .map(|r| {
                r.photos
                    .iter()
                    .map(|p| Photo::Stored(p.key.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let name = format!("rating-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(keys) = photos.with_untracked(|p| stored_photos(p)) else {
            error.set(Some(AppError::validation(
                "photos",
                "Wait for the photos to finish uploading.",
            )));
            return;
        };
        let input = ReviewInput {
            item: id,
            rating: rating.get_untracked(),
            body: body.get_untracked(),
            photos: keys,
        };
        if let Err((field, message)) = check_review(input.rating, &input.body, input.photos.len()) {
            error.set(Some(AppError::validation(field, message)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = client::mutate(|_| write_review(input.clone())).await;
            busy.set(false);
            match result {
                Ok(saved) => on_saved.run(saved),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form review-form" on:submit=submit>
            <fieldset class="star-picker">
                <legend>"Your rating"</legend>
                {(1..=5i64).map(move |n| {
                    let label = format!("{n} star{}", if n == 1 { "" } else { "s" });
                    let lit = move || rating.get() >= n;
                    view! {
                        <label class="star" class:star-on=lit title=label.clone()>
                            <input type="radio" name=name.clone() value=n.to_string() aria-label=label.clone()
                                checked=move || rating.get() == n on:change=move |_| rating.set(n) />
                            "★"
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for=format!("review-body-{id}")>"What did you think? (optional)"</label>
                <textarea id=format!("review-body-{id}") rows="4" maxlength=MAX_REVIEW_CHARS.to_string()
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <PhotoPicker photos />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || busy.get() || rating.get() == 0>
                    {move || if busy.get() { "Saving…" } else { "Post review" }}
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// "Waiting for your review": delivered items not reviewed yet, each a link to its
/// order's review form. Nothing for guests or when everything is reviewed.
#[component]
pub fn ToReview() -> impl IntoView {
    let items = client::resource(|| (), |_| client::read("to_review".into(), to_review()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match items.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section class="panel to-review" aria-labelledby="to-review-title">
                            <h2 id="to-review-title">"Waiting for your review"</h2>
                            <ul class="to-review-list">
                                {list.into_iter().map(|i| view! {
                                    <li>
                                        <a href=format!("/orders/{}#review-{}", i.order, i.item)>
                                            <span class="order-thumb">{i.image.clone().map(|img| view! { <img src=img.url(200) alt="" width="56" height="56" loading="lazy" /> })}</span>
                                            <span class="to-review-title">{i.title.clone()}</span>
                                            <span class="muted small">"Rate it"</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

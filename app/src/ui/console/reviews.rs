//! The store's reviews in the console (`/sell/reviews`): unanswered first, filtered by
//! rating, with a public reply under each (posted once, changed later).

use crate::api::reviews::console::{reply_review, store_reviews};
use crate::client;
use crate::domain::reviews::{MAX_REPLY_CHARS, check_reply};
use crate::model::{StoreReview, StoreReviewPage};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let query = use_query_map();
    let rating = Memo::new(move |_| {
        query
            .read()
            .get("rating")
            .and_then(|r| r.parse::<i64>().ok())
            .filter(|r| (1..=5).contains(r))
    });
    let after = Memo::new(move |_| query.read().get("after"));
    let page = client::resource(
        move || (rating.get(), after.get()),
        |(rating, after)| store_reviews(rating, after),
    );
    view! {
        <Title text="Reviews" />
        <div class="console-head">
            <h1 class="page-title">"Reviews"</h1>
        </div>
        <nav class="tabs" aria-label="Filter by rating">
            {[None, Some(5), Some(4), Some(3), Some(2), Some(1)].into_iter().map(|r: Option<i64>| {
                let href = r.map_or("/sell/reviews".to_string(), |n| format!("/sell/reviews?rating={n}"));
                let label = r.map_or("All".to_string(), |n| format!("{n} ★"));
                view! {
                    <a href=href class="tab" class:tab-current=move || rating.get() == r
                        aria-current=move || (rating.get() == r).then_some("page")>{label}</a>
                }
            }).collect_view()}
        </nav>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <ReviewTable page=p rating=rating.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReviewTable(page: StoreReviewPage, rating: Option<i64>) -> impl IntoView {
    if page.reviews.is_empty() {
        return view! {
            <EmptyState title="No reviews here yet" body="When buyers review your products after delivery, their reviews land here so you can answer them." />
        }
        .into_any();
    }
    let more = page.next.map(|n| match rating {
        Some(r) => format!("/sell/reviews?rating={r}&after={n}"),
        None => format!("/sell/reviews?after={n}"),
    });
    view! {
        <p class="muted">{format!("{} reviews · {} without a reply", page.total, page.unanswered)}</p>
        <ul class="store-reviews">
            {page.reviews.into_iter().map(|r| view! { <StoreReviewRow review=r /> }).collect_view()}
        </ul>
        {more.map(|href| view! { <p><a class="button" href=href>"More reviews"</a></p> })}
    }
    .into_any()
}

#[component]
fn StoreReviewRow(review: StoreReview) -> impl IntoView {
    let id = review.id;
    let reply = RwSignal::new(review.reply.clone());
    let editing = RwSignal::new(false);
    let text = RwSignal::new(
        review
            .reply
            .as_ref()
            .map(|r| r.body.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if let Err(e) = check_reply(&body) {
            error.set(Some(e));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = client::mutate(|_| reply_review(id.0, body.clone())).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    reply.set(saved.reply);
                    editing.set(false);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let label = format!("Reply to {}", review.author);
    view! {
        <li class="panel store-review" class:store-review-open=move || reply.with(Option::is_none)>
            <p class="review-head">
                <span class="review-stars" aria-label=format!("{} out of 5", review.rating)>{"★".repeat(review.rating as usize)}</span>
                " "<strong>{review.author.clone()}</strong>
                <span class="muted small">{format!(" · {} · ", review.created_at.format("%b %-d, %Y"))}</span>
                <a class="small" href=format!("/p/{}", review.product)>{review.product_title.clone()}</a>
                {move || reply.with(Option::is_none).then(|| view! { " "<span class="badge warn">"No reply yet"</span> })}
            </p>
            {(!review.body.is_empty()).then(|| view! { <p>{review.body.clone()}</p> })}
            {(!review.photos.is_empty()).then(|| view! {
                <div class="message-photos">
                    {review.photos.iter().map(|img| view! {
                        <a href=img.url(800) target="_blank" rel="noopener"><img src=img.url(200) alt=img.alt.clone() width="80" height="80" loading="lazy" /></a>
                    }).collect_view()}
                </div>
            })}
            {move || if editing.get() {
                view! {
                    <form class="form reply-form" on:submit=send>
                        <div class="field">
                            <label for=format!("reply-{id}")>{label.clone()}" (public, under the review)"</label>
                            <textarea id=format!("reply-{id}") rows="3" maxlength=MAX_REPLY_CHARS.to_string()
                                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        </div>
                        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                        <div class="form-actions">
                            <button type="submit" class="button primary" disabled=move || busy.get()>
                                {move || if reply.with(Option::is_some) { "Save reply" } else { "Post reply" }}
                            </button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    {move || reply.get().map(|r| view! {
                        <div class="review-reply">
                            <p class="small"><strong>"Your reply"</strong>{format!(" · {}", r.at.format("%b %-d, %Y"))}{r.edited.then_some(" · edited")}</p>
                            <p>{r.body}</p>
                        </div>
                    })}
                    <button type="button" class=move || if reply.with(Option::is_some) { "link-button" } else { "button" }
                        on:click=move |_| editing.set(true)>{move || if reply.with(Option::is_some) { "Edit reply" } else { "Reply" }}</button>
                }.into_any()
            }}
        </li>
    }
}

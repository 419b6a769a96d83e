//! A store's public page at `/s/{slug}`: the store's name, description, where it ships
//! from, its rating, and its products (paged with `?after=`).

use crate::client;
use crate::error::AppError;
use crate::ui::kit::{EmptyState, SkeletonGrid};
use crate::ui::shared::{ProductGrid, RatingStars};
use crate::ui::shell::{ErrorPage, NotFound};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn StorePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = client::resource(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("after"),
            )
        },
        |(slug, after)| crate::api::catalog::store_page(slug, after),
    );
    view! {
        <Suspense fallback=|| view! { <SkeletonGrid count=8 /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let slug = p.store.slug.clone();
                        let initial = p.store.name.chars().next().unwrap_or('S').to_string();
                        let more = p.cards.next.clone().map(|c| format!("/s/{slug}?after={c}"));
                        let products = if p.cards.cards.is_empty() {
                            view! { <EmptyState title="Nothing for sale right now" body="This store has no products in stock. Check back soon." /> }.into_any()
                        } else {
                            view! {
                                // The cards' titles are third-level headings.
                                <h2 class="visually-hidden">"Products"</h2>
                                <ProductGrid cards=p.cards.cards />
                            }.into_any()
                        };
                        view! {
                            <Title text=p.store.name.clone() />
                            <header class="store-header panel">
                                {match p.logo.clone() {
                                    Some(logo) => view! { <img class="store-logo large" src=logo.url(200) alt=logo.alt.clone() width="72" height="72" /> }.into_any(),
                                    None => view! { <span class="store-avatar large" aria-hidden="true">{initial}</span> }.into_any(),
                                }}
                                <div class="store-about">
                                    <h1 class="page-title">{p.store.name.clone()}</h1>
                                    {p.integrity_store.then(|| view! {
                                        <p class="integrity-badge-line"><span class="integrity-badge">"✓ Integrity store"</span>
                                        <span class="muted small">" Meets every seller standard: fast, tracked shipping, good ratings, few refunds."</span></p>
                                    })}
                                    <RatingStars rating_x100=p.rating_x100 count=p.review_count />
                                    <p class="muted small">{format!(
                                        "Ships from {} · {} products · selling since {}",
                                        p.ships_from, p.product_count, p.since.format("%B %Y")
                                    )}</p>
                                    {(!p.description.trim().is_empty()).then(|| view! { <p class="store-description">{p.description.clone()}</p> })}
                                </div>
                            </header>
                            {products}
                            {more.map(|href| view! { <p class="feed-more"><a class="button" href=href>"More products"</a></p> })}
                        }.into_any()
                    }
                    Err(AppError::NotFound(_)) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

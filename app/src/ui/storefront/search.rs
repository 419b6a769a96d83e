use crate::api::storefront::search_products;
use crate::ui::kit::{EmptyState, SkeletonGrid};
use crate::ui::shared::ProductGrid;
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            search_products(q).await.map(Some)
        }
    });
    view! {
        <Title text=move || if q().is_empty() { "Search".to_string() } else { format!("“{}”", q()) } />
        <h1 class="page-title">
            {move || if q().is_empty() { "Search".to_string() } else { format!("Results for “{}”", q()) }}
        </h1>
        <Suspense fallback=|| view! { <SkeletonGrid count=8 /> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(None) => view! {
                        <EmptyState title="What are you looking for?" body="Type in the search box above: a product, a brand, a colour." />
                    }.into_any(),
                    Ok(Some(cards)) if cards.is_empty() => view! {
                        <EmptyState title="No matches" body="Try fewer or different words." >
                            <a class="button" href="/">"Browse the feed"</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(Some(cards)) => view! { <ProductGrid cards /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

use crate::api::storefront::home_feed;
use crate::ui::kit::SkeletonGrid;
use crate::ui::shared::ProductGrid;
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let feed = Resource::new(|| (), |_| home_feed(None));
    view! {
        <Title text="" />
        <h1 class="page-title">"Picked for you"</h1>
        <Suspense fallback=|| view! { <SkeletonGrid count=8 /> }>
            {move || Suspend::new(async move {
                match feed.await {
                    Ok(page) => view! { <ProductGrid cards=page.cards /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

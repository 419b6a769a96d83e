use crate::api::catalog::home_feed;
use crate::client;
use crate::model::CardPage;
use crate::ui::kit::SkeletonGrid;
use crate::ui::shared::ProductCardView;
use crate::ui::shell::ErrorPage;
use leptos::html::Div;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    // `?after=` lets the feed continue without JavaScript (the "More products" link).
    let query = use_query_map();
    let after = move || query.read().get("after");
    let first = client::resource(after, home_feed);
    view! {
        <Title text="" />
        <h1 class="page-title">"Picked for you"</h1>
        <Suspense fallback=|| view! { <SkeletonGrid count=8 /> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <Feed first=page /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The endless feed: the next page loads while the buyer is still well above the end.
#[component]
fn Feed(first: CardPage) -> impl IntoView {
    let cards = RwSignal::new(first.cards);
    let next = RwSignal::new(first.next);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let sentinel = NodeRef::<Div>::new();

    let load_more = move || {
        if loading.get_untracked() {
            return;
        }
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        loading.set(true);
        failed.set(false);
        leptos::task::spawn_local(async move {
            match home_feed(Some(cursor)).await {
                Ok(page) => {
                    cards.update(|c| {
                        crate::domain::feed::append_unique(c, page.cards, |a, b| a.id == b.id)
                    });
                    next.set(page.next);
                }
                Err(_) => failed.set(true),
            }
            loading.set(false);
        });
    };
    watch_near_end(sentinel, loading, load_more);

    view! {
        // The cards' titles are third-level headings.
        <h2 class="visually-hidden">"Products"</h2>
        <div class="grid">
            <For
                each=move || cards.get().into_iter().enumerate()
                key=|(_, card)| (card.id, card.sponsored)
                children=|(i, card)| view! { <ProductCardView card eager=i < 4 /> }
            />
            {move || loading.get().then(|| view! { <SkeletonCards count=4 /> })}
        </div>
        <div node_ref=sentinel class="feed-end" aria-hidden="true"></div>
        {move || failed.get().then(|| view! {
            <p class="form-error" role="alert">"We couldn't load more products. "
                <button type="button" class="link-button" on:click=move |_| load_more()>"Try again"</button>
            </p>
        })}
        {move || match next.get() {
            Some(cursor) => view! {
                <p class="feed-more"><a class="button" href=format!("/?after={cursor}")>"More products"</a></p>
            }.into_any(),
            None => view! { <p class="feed-more muted">"You've seen everything for now."</p> }.into_any(),
        }}
    }
}

/// Placeholder cards inside an existing grid.
#[component]
fn SkeletonCards(count: usize) -> impl IntoView {
    (0..count)
        .map(|_| {
            view! {
                <div class="card skeleton-card" aria-hidden="true">
                    <div class="card-media skeleton"></div>
                    <div class="skeleton skeleton-line"></div>
                    <div class="skeleton skeleton-line short"></div>
                </div>
            }
        })
        .collect_view()
}

/// Calls `on_near` whenever the element comes within about two screens of the viewport,
/// and again after each load while it stays there.
#[cfg(feature = "hydrate")]
fn watch_near_end(
    target: NodeRef<Div>,
    loading: RwSignal<bool>,
    on_near: impl Fn() + Clone + 'static,
) {
    use wasm_bindgen::{JsCast, closure::Closure};
    let on_near_again = on_near.clone();
    let observer = StoredValue::new_local(None::<web_sys::IntersectionObserver>);
    let visible = StoredValue::new_local(false);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        if observer.with_value(Option::is_some) {
            return;
        }
        let on_near = on_near.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            visible.set_value(near);
            if near {
                on_near();
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin("1600px 0px");
        if let Ok(obs) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &init,
        ) {
            obs.observe(&el);
            observer.set_value(Some(obs));
        }
        callback.forget();
    });
    // When a page has loaded and the end is still near (a tall screen), load again.
    Effect::new(move |_| {
        if !loading.get() && visible.get_value() {
            on_near_again();
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn watch_near_end(
    _target: NodeRef<Div>,
    _loading: RwSignal<bool>,
    _on_near: impl Fn() + Clone + 'static,
) {
}

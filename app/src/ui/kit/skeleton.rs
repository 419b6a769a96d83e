use leptos::prelude::*;

/// Grey placeholder cards shown while a grid loads; same size as the real cards,
/// so nothing shifts when they arrive.
#[component]
pub fn SkeletonGrid(#[prop(default = 8)] count: usize) -> impl IntoView {
    view! {
        <div class="grid" aria-busy="true" aria-label="Loading">
            {(0..count)
                .map(|_| {
                    view! {
                        <div class="card skeleton-card">
                            <div class="card-media skeleton"></div>
                            <div class="skeleton skeleton-line"></div>
                            <div class="skeleton skeleton-line short"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Placeholder lines for text that is loading.
#[component]
pub fn SkeletonLines(#[prop(default = 3)] count: usize) -> impl IntoView {
    view! {
        <div aria-busy="true" aria-label="Loading">
            {(0..count).map(|_| view! { <div class="skeleton skeleton-line"></div> }).collect_view()}
        </div>
    }
}

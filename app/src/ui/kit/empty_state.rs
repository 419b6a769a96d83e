use leptos::prelude::*;

/// A friendly message where a list has nothing to show, with an optional next step.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(optional, into)] body: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="empty-state">
            <h2>{title}</h2>
            {(!body.is_empty()).then(|| view! { <p>{body}</p> })}
            {children.map(|c| c())}
        </section>
    }
}

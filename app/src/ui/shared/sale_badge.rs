use crate::domain::pricing::Sale;
use crate::domain::promotion::countdown;
use leptos::prelude::*;

/// A running promotion: a flash sale counts down to its end every second; another
/// promotion says when it ends (on the product page; cards show flash sales only).
#[component]
pub fn SaleBadge(sale: Sale, #[prop(optional)] compact: bool) -> impl IntoView {
    let ends = sale.ends_at;
    if !sale.flash {
        return (!compact)
            .then(|| {
                view! {
                    <p class="sale-line">
                        <span class="sale-label">{sale.name.clone()}</span>
                        {format!(" · ends {}", ends.format("%b %-d, %H:%M UTC"))}
                    </p>
                }
            })
            .into_any();
    }
    let now = RwSignal::new(chrono::Utc::now());
    // Effects run in the browser only; the server renders the time left at render.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(chrono::Utc::now()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <p class="sale-line flash" class:compact=compact>
            <span class="flash-label">"Flash sale"</span>
            " ends in "
            <time class="countdown" datetime=ends.to_rfc3339()>{move || countdown(ends - now.get())}</time>
        </p>
    }
    .into_any()
}

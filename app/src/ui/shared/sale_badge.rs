use crate::domain::pricing::Sale;
use crate::domain::promotion::countdown;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A running promotion on the product page: a flash sale counts down to its end
/// every second; another promotion says when it ends.
#[component]
pub fn SaleBadge(sale: Sale) -> impl IntoView {
    if sale.flash {
        return view! { <FlashCountdown ends=sale.ends_at /> }.into_any();
    }
    view! {
        <p class="sale-line">
            <span class="sale-label">{sale.name.clone()}</span>
            {format!(" · ends {}", sale.ends_at.format("%b %-d, %H:%M UTC"))}
        </p>
    }
    .into_any()
}

/// A flash sale's time left, ticking every second. On product cards too, so it is
/// kept free of date formatting (which stays out of the buyer's first download).
#[component]
pub fn FlashCountdown(ends: DateTime<Utc>, #[prop(optional)] compact: bool) -> impl IntoView {
    let now = RwSignal::new(Utc::now());
    // Effects run in the browser only; the server renders the time left at render.
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(Utc::now()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <p class="sale-line flash" class:compact=compact>
            <span class="flash-label">"Flash sale"</span>
            " ends in "
            <time class="countdown" datetime=iso_utc(ends)>{move || countdown(ends - now.get())}</time>
        </p>
    }
}

/// `2026-03-04T10:00:00.000Z`: the browser's own formatter in the browser.
fn iso_utc(t: DateTime<Utc>) -> String {
    #[cfg(feature = "hydrate")]
    {
        let ms = wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64);
        String::from(js_sys::Date::new(&ms).to_iso_string())
    }
    #[cfg(not(feature = "hydrate"))]
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

use crate::domain::Money;
use leptos::prelude::*;

/// A price, with the compare-at price struck through and the saving when it is higher.
#[component]
pub fn PriceTag(price: Money, #[prop(default = None)] compare_at: Option<Money>) -> impl IntoView {
    let was = compare_at.filter(|c| c.minor() > price.minor());
    let off = was.and_then(|w| price.percent_off(w));
    view! {
        <p class="price-tag">
            <span class="price">{price.to_string()}</span>
            {was.map(|w| view! {
                <s class="compare-at"><span class="visually-hidden">"Was "</span>{w.to_string()}</s>
            })}
            {off.map(|p| view! { <span class="badge-off">{format!("-{p}%")}</span> })}
        </p>
    }
}

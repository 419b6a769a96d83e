use super::{FlashCountdown, PriceTag, RatingStars, WishButton};
use crate::model::{ProductCard, ProductEventKind};
use leptos::prelude::*;

/// One product in a grid: image, title, price, rating; the whole card links to the product.
#[component]
pub fn ProductCardView(card: ProductCard, #[prop(optional)] eager: bool) -> impl IntoView {
    let href = card.href();
    let id = card.id;
    let sponsored = card.sponsored;
    let image = card.image.clone().map(|img| {
        view! {
            <img
                src=img.url(400)
                srcset=img.srcset()
                sizes="(min-width: 1200px) 240px, (min-width: 768px) 25vw, 50vw"
                alt=img.alt.clone()
                width="400"
                height="400"
                loading=if eager { "eager" } else { "lazy" }
                decoding="async"
            />
        }
    });
    view! {
        <article class="card" class:sold-out=!card.in_stock>
            <a href=href class="card-link" on:click=move |_| super::events::track(id, if sponsored { ProductEventKind::SponsoredClick } else { ProductEventKind::Click })>
                <div class="card-media">
                    {image}
                    {(!card.in_stock).then(|| view! { <span class="card-badge">"Sold out"</span> })}
                </div>
                <div class="card-body">
                    <h3 class="card-title">{card.title.clone()}</h3>
                    <PriceTag price=card.price compare_at=card.compare_at />
                    {card.sale.as_ref().filter(|s| s.flash).map(|sale| view! { <FlashCountdown ends=sale.ends_at compact=true /> })}
                    <RatingStars rating_x100=card.rating_x100 count=card.review_count />
                    <p class="card-store">
                        {card.sponsored.then(|| view! { <span class="sponsored-label">"Sponsored"</span>" · " })}
                        {card.store_name.clone()}
                        {card.integrity_store.then(|| view! { " "<span class="integrity-mark" title="Integrity store: meets every seller standard">"✓"<span class="visually-hidden">" Integrity store"</span></span> })}
                    </p>
                </div>
            </a>
            <WishButton product=id />
        </article>
    }
    .into_any()
}

/// A responsive grid of product cards; the first row loads eagerly.
#[component]
pub fn ProductGrid(cards: Vec<ProductCard>) -> impl IntoView {
    view! {
        <div class="grid">
            {cards
                .into_iter()
                .enumerate()
                .map(|(i, card)| view! { <ProductCardView card eager=i < 4 /> })
                .collect_view()}
        </div>
    }
}

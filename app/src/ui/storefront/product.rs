use crate::api::storefront::get_product;
use crate::error::AppError;
use crate::model::{ProductDetail, ProductEventKind, VariantView};
use crate::ui::kit::SkeletonLines;
use crate::ui::shared::{PriceTag, RatingStars};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let product = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_product(id).await,
            None => Err(AppError::not_found("product")),
        }
    });
    view! {
        <Suspense fallback=|| view! { <div class="product-page"><div class="gallery skeleton"></div><SkeletonLines count=5 /></div> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => view! { <ProductView product=p /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let first_in_stock = product
        .variants
        .iter()
        .position(|v| v.stock > 0)
        .unwrap_or(0);
    let selected = RwSignal::new(first_in_stock);
    let product_id = product.id;
    // Effects run in the browser only: a server render is not a view.
    Effect::new(move |_| crate::ui::shared::events::track(product_id, ProductEventKind::View));
    let variants = StoredValue::new(product.variants.clone());
    let current = move || variants.with_value(|v| v.get(selected.get()).cloned());
    let main_image = RwSignal::new(0usize);
    let images = StoredValue::new(product.images.clone());
    let description = product
        .description
        .split("\n\n")
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    view! {
        <Title text=product.title.clone() />
        <div class="product-page">
            <section class="gallery" aria-label="Product images">
                <div class="gallery-main">
                    {move || images.with_value(|imgs| imgs.get(main_image.get()).cloned()).map(|img| view! {
                        <img src=img.url(800) srcset=img.srcset() sizes="(min-width: 768px) 50vw, 100vw"
                            alt=img.alt.clone() width="800" height="800" />
                    })}
                </div>
                <div class="gallery-thumbs">
                    {images.get_value().into_iter().enumerate().map(|(i, img)| view! {
                        <button type="button" class="thumb" aria-label=format!("Show image {}", i + 1)
                            aria-pressed=move || (main_image.get() == i).to_string()
                            on:click=move |_| main_image.set(i)>
                            <img src=img.url(200) alt="" width="64" height="64" loading="lazy" />
                        </button>
                    }).collect_view()}
                </div>
            </section>
            <section class="product-info">
                <p class="breadcrumb">{product.category.name.clone()}</p>
                <h1 class="product-title">{product.title.clone()}</h1>
                <RatingStars rating_x100=product.rating_x100 count=product.review_count />
                {move || current().map(|v| view! { <PriceTag price=v.price compare_at=v.compare_at /> })}
                <VariantPicker variants=product.variants.clone() selected />
                <p class="stock-line">{move || current().map(|v| stock_text(&v))}</p>
                <p class="sku-line">"SKU "{move || current().map(|v| v.sku)}</p>
                <p class="shipping-line">
                    {if product.shipping.minor() == 0 { "Free shipping".to_string() } else { format!("Shipping {}", product.shipping) }}
                    {format!(" · ships within {} days", product.handling_days)}
                </p>
                <div class="store-card">
                    <span class="store-avatar" aria-hidden="true">{product.store.name.chars().next().unwrap_or('S').to_string()}</span>
                    <div><p class="store-label">"Sold by"</p><p class="store-name">{product.store.name.clone()}</p></div>
                </div>
                <section class="description"><h2>"About this item"</h2>{description}</section>
            </section>
        </div>
        <section class="reviews">
            <h2>"Reviews"</h2>
            {if product.reviews.is_empty() {
                view! { <p class="muted">"No reviews yet."</p> }.into_any()
            } else {
                product.reviews.iter().map(|r| view! {
                    <article class="review">
                        <p class="review-head"><span class="review-stars" aria-label=format!("{} out of 5", r.rating)>{"★".repeat(r.rating as usize)}</span>" "<strong>{r.author.clone()}</strong></p>
                        <p>{r.body.clone()}</p>
                        <p class="muted small">{r.created_at.format("%b %-d, %Y").to_string()}</p>
                    </article>
                }).collect_view().into_any()
            }}
        </section>
    }
}

fn stock_text(v: &VariantView) -> String {
    match v.stock {
        0 => "Out of stock".into(),
        1..=5 => format!("Only {} left", v.stock),
        _ => "In stock".into(),
    }
}

#[component]
fn VariantPicker(variants: Vec<VariantView>, selected: RwSignal<usize>) -> impl IntoView {
    (variants.len() > 1).then(|| view! {
        <fieldset class="variant-picker">
            <legend>"Choose an option"</legend>
            {variants.into_iter().enumerate().map(|(i, v)| {
                let out = v.stock == 0;
                view! {
                    <label class="variant-option" class:variant-out=out>
                        <input type="radio" name="variant" value=v.id.0 checked=move || selected.get() == i
                            disabled=out on:change=move |_| selected.set(i) />
                        <span>{v.label()}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    })
}

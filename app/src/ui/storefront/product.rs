//! **The product page's variant lives in the URL** (`?variant=`), so a choice can be
//! shared and survives a reload; the server renders the chosen variant's price, SKU and
//! stock, and options whose combination is out of stock are disabled.
use crate::client;
use crate::domain::Money;
use crate::error::AppError;
use crate::model::{
    ImageRef, ProductDetail, ProductEventKind, ReviewPage, ReviewSort, VariantView,
};
use crate::ui::kit::SkeletonLines;
use crate::ui::shared::{PriceTag, ProductGrid, RatingStars, SaleBadge};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let product = client::resource(id, |id| async move {
        match id {
            Some(id) => crate::api::catalog::product_detail(id).await,
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
    let query = use_query_map();
    let navigate = use_navigate();
    let variants = StoredValue::new(product.variants.clone());
    // The chosen variant lives in the URL (`?variant=`), so a choice can be shared and reloaded.
    let selected = Memo::new(move |_| {
        let wanted = query
            .read()
            .get("variant")
            .and_then(|v| v.parse::<i64>().ok());
        variants.with_value(|vs| {
            wanted
                .and_then(|id| vs.iter().position(|v| v.id.0 == id))
                .or_else(|| vs.iter().position(|v| v.stock > 0))
                .unwrap_or(0)
        })
    });
    let current = move || variants.with_value(|v| v.get(selected.get()).cloned());
    let choose = Callback::new(move |index: usize| {
        if let Some(id) = variants.with_value(|v| v.get(index).map(|v| v.id)) {
            navigate(
                &format!("?variant={id}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let product_id = product.id;
    // Effects run in the browser only: a server render is not a view.
    Effect::new(move |_| crate::ui::shared::events::track(product_id, ProductEventKind::View));
    let description = product
        .description
        .split("\n\n")
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    let (arrive_from, arrive_to) = product.delivery;
    let restock_on = product.restock_on;
    view! {
        <Title text=product.title.clone() />
        <div class="product-page">
            <Gallery images=product.images.clone() />
            <section class="product-info">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <a href="/">"Home"</a>" › "
                    <a href=format!("/c/{}", product.category.slug)>{product.category.name.clone()}</a>
                </nav>
                <h1 class="product-title">{product.title.clone()}</h1>
                <RatingStars rating_x100=product.rating_x100 count=product.review_count />
                {move || current().map(|v| view! {
                    <PriceTag price=v.price compare_at=v.compare_at />
                    {v.sale.clone().map(|sale| view! { <SaleBadge sale /> })}
                    {v.compare_at.filter(|c| c.minor() > v.price.minor()).map(|c| view! {
                        <p class="savings">{format!(
                            "You save {} ({}%)",
                            Money::new(c.minor() - v.price.minor(), c.currency()),
                            v.price.percent_off(c).unwrap_or(0)
                        )}</p>
                    })}
                })}
                <VariantPicker variants=product.variants.clone() selected choose />
                <p class="stock-line">{move || current().map(|v| stock_text(&v))}</p>
                {move || current().filter(|v| v.stock == 0).and(restock_on).map(|d| view! {
                    <p class="restock-line">{format!("Expected back in stock around {}", d.format("%B %-d"))}</p>
                })}
                <p class="sku-line">"SKU "<span class="sku">{move || current().map(|v| v.sku)}</span></p>
                <BuyButtons product=product_id variant=Signal::derive(move || current().map(|v| (v.id, v.stock))) />
                <p class="shipping-line">
                    {if product.shipping.minor() == 0 { "Free shipping".to_string() } else { format!("Shipping {}", product.shipping) }}
                    {format!(" · arrives {} – {}", arrive_from.format("%b %-d"), arrive_to.format("%b %-d"))}
                </p>
                {product.video_url.clone().map(|url| view! {
                    <a class="video-link" href=url target="_blank" rel="noopener noreferrer nofollow">"▶ Watch the video"</a>
                })}
                <ShareButton title=product.title.clone() />
                <a class="store-card" href=format!("/s/{}", product.store.slug)>
                    <span class="store-avatar" aria-hidden="true">{product.store.name.chars().next().unwrap_or('S').to_string()}</span>
                    <div><p class="store-label">"Sold by"</p><p class="store-name">{product.store.name.clone()}</p>
                        {product.integrity_store.then(|| view! { <p class="integrity-badge small">"✓ Integrity store"</p> })}</div>
                    <span class="store-visit" aria-hidden="true">"Visit store ›"</span>
                </a>
                <section class="description"><h2>"About this item"</h2>{description}</section>
            </section>
        </div>
        <section class="reviews" aria-labelledby="reviews-title">
            <h2 id="reviews-title">"Reviews"</h2>
            <RatingHistogram histogram=product.rating_histogram />
            <ReviewList product=product_id first=product.reviews.clone() />
        </section>
        {(!product.similar.is_empty()).then(|| view! {
            <section class="similar">
                <h2>"Similar items"</h2>
                <ProductGrid cards=product.similar.clone() />
            </section>
        })}
    }
    .into_any()
}

fn stock_text(v: &VariantView) -> String {
    match v.stock {
        0 => "Out of stock".into(),
        1..=5 => format!("Only {} left", v.stock),
        _ => "In stock".into(),
    }
}

/// "Add to cart" for the chosen variant, and the wishlist toggle.
#[component]
fn BuyButtons(
    product: crate::domain::ProductId,
    variant: Signal<Option<(crate::domain::VariantId, i64)>>,
) -> impl IntoView {
    use crate::ui::shared::{ShopState, WishButton};
    let state = ShopState::get();
    let adding = RwSignal::new(false);
    let added = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((id, _)) = variant.get_untracked() else {
            return;
        };
        adding.set(true);
        leptos::task::spawn_local(async move {
            let result =
                crate::client::mutate(|key| crate::api::cart::add_to_cart(id.0, 1, Some(key)))
                    .await;
            adding.set(false);
            match result {
                Ok(cart) => {
                    state.cart_changed(&cart);
                    added.set(true);
                    state.say("Added to cart");
                }
                Err(crate::error::AppError::Offline)
                    if crate::client::queue_offline(&crate::model::Change::AddToCart {
                        variant: id,
                        quantity: 1,
                    }) =>
                {
                    state.cart_count.update(|n| *n += 1);
                    crate::client::forget("cart");
                    added.set(true);
                    state.say(crate::ui::shared::OFFLINE_SAVED);
                }
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    let sold_out = move || variant.get().is_none_or(|(_, stock)| stock <= 0);
    view! {
        <div class="buy-buttons">
            // A plain form, so "Add to cart" works before (or without) JavaScript: the
            // shop adds the variant and answers with the cart (`api::cart::add_to_cart`).
            <form method="post" action="/api/add_to_cart" class="add-form" on:submit=add>
                <input type="hidden" name="variant" value=move || variant.get().map(|(id, _)| id.0.to_string()).unwrap_or_default() />
                <input type="hidden" name="quantity" value="1" />
                <button type="submit" class="button primary add-to-cart"
                    disabled=move || sold_out() || adding.get()>
                    {move || if sold_out() { "Sold out" } else { "Add to cart" }}
                </button>
            </form>
            <WishButton product with_text=true />
        </div>
        {move || added.get().then(|| view! { <p class="added-line"><a href="/cart">"View cart"</a></p> })}
    }
}

/// The review list: newest or most helpful first, a page at a time, with a
/// "Helpful" vote on each review.
#[component]
fn ReviewList(product: crate::domain::ProductId, first: ReviewPage) -> impl IntoView {
    use crate::api::catalog::{product_reviews, vote_helpful};
    use crate::ui::shared::ShopState;
    let state = ShopState::get();
    let reviews = RwSignal::new(first.reviews);
    let next = RwSignal::new(first.next);
    let sort = RwSignal::new(ReviewSort::Newest);
    let loading = RwSignal::new(false);
    let voted = RwSignal::new(Vec::<crate::domain::ReviewId>::new());
    let load = move |order: ReviewSort, cursor: Option<String>| {
        loading.set(true);
        leptos::task::spawn_local(async move {
            let fresh = cursor.is_none();
            match product_reviews(product.0, order, cursor).await {
                Ok(page) => {
                    if fresh {
                        reviews.set(page.reviews);
                    } else {
                        reviews.update(|r| r.extend(page.reviews));
                    }
                    next.set(page.next);
                    sort.set(order);
                }
                Err(e) => state.say(e.to_string()),
            }
            loading.set(false);
        });
    };
    let vote = move |id: crate::domain::ReviewId| {
        leptos::task::spawn_local(async move {
            match crate::client::mutate(|_| vote_helpful(id.0)).await {
                Ok(count) => {
                    voted.update(|v| v.push(id));
                    reviews.update(|rs| {
                        if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                            r.helpful = count;
                        }
                    });
                }
                Err(crate::error::AppError::Unauthorized) => {
                    state.say("Sign in to vote for reviews.")
                }
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    view! {
        {move || (!reviews.with(Vec::is_empty)).then(|| view! {
            <div class="review-sort" role="group" aria-label="Order reviews by">
                {[ReviewSort::Newest, ReviewSort::MostHelpful].into_iter().map(|order| view! {
                    <button type="button" class="chip" aria-pressed=move || (sort.get() == order).to_string()
                        on:click=move |_| if sort.get_untracked() != order { load(order, None) }>
                        {order.label()}
                    </button>
                }).collect_view()}
            </div>
        })}
        <div class="review-list" aria-busy=move || loading.get().to_string()>
            <For each=move || reviews.get() key=|r| r.id let:r>
                {
                    let id = r.id;
                    let helpful = move || reviews.with(|rs| rs.iter().find(|x| x.id == id).map_or(0, |x| x.helpful));
                    let done = move || voted.with(|v| v.contains(&id));
                    view! {
                        <article class="review">
                            <p class="review-head"><span class="review-stars" aria-label=format!("{} out of 5", r.rating)>{"★".repeat(r.rating as usize)}</span>" "<strong>{r.author.clone()}</strong></p>
                            {r.verified.then(|| view! { <p class="muted small verified">"✓ Verified purchase"</p> })}
                            <p>{r.body.clone()}</p>
                            {(!r.photos.is_empty()).then(|| view! {
                                <div class="message-photos review-photos">
                                    {r.photos.iter().map(|img| view! {
                                        <a href=img.url(800) target="_blank" rel="noopener"><img src=img.url(200) alt=img.alt.clone() width="80" height="80" loading="lazy" /></a>
                                    }).collect_view()}
                                </div>
                            })}
                            {r.reply.clone().map(|reply| view! {
                                <div class="review-reply">
                                    <p class="small"><strong>"Reply from the store"</strong>" · "{reply.at.format("%b %-d, %Y").to_string()}{reply.edited.then_some(" · edited")}</p>
                                    <p>{reply.body}</p>
                                </div>
                            })}
                            <p class="muted small review-foot">
                                <span>{r.created_at.format("%b %-d, %Y").to_string()}</span>
                                <button type="button" class="link-button helpful" disabled=done
                                    on:click=move |_| vote(id)>
                                    {move || if done() { format!("Thanks · Helpful ({})", helpful()) } else { format!("Helpful ({})", helpful()) }}
                                </button>
                                <ReportReview id />
                            </p>
                        </article>
                    }
                }
            </For>
        </div>
        {move || reviews.with(Vec::is_empty).then(|| view! { <p class="muted">"No reviews yet."</p> })}
        {move || next.get().map(|cursor| view! {
            <button type="button" class="button more-reviews" disabled=move || loading.get()
                on:click=move |_| load(sort.get_untracked(), Some(cursor.clone()))>
                "More reviews"
            </button>
        })}
    }
}

/// "Report": the reason, then one report per buyer and review to the admins' list.
#[component]
fn ReportReview(id: crate::domain::ReviewId) -> impl IntoView {
    let state = crate::ui::shared::ShopState::get();
    let open = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let reason = RwSignal::new(String::from("Offensive or abusive"));
    let send = move |_| {
        leptos::task::spawn_local(async move {
            let why = reason.get_untracked();
            match crate::client::mutate(|_| crate::api::reviews::report_review(id.0, why.clone()))
                .await
            {
                Ok(()) => {
                    sent.set(true);
                    open.set(false);
                }
                Err(crate::error::AppError::Unauthorized) => {
                    state.say("Sign in to report a review.")
                }
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    move || {
        if sent.get() {
            view! { <span>"Reported · thank you"</span> }.into_any()
        } else if open.get() {
            view! {
                <span class="report-form">
                    <select aria-label="Why report this review" on:change=move |ev| reason.set(event_target_value(&ev))>
                        {["Offensive or abusive", "Spam or advertising", "Not about this product", "Shares personal information"]
                            .map(|r| view! { <option value=r>{r}</option> }).collect_view()}
                    </select>
                    <button type="button" class="link-button" on:click=send>"Send report"</button>
                </span>
            }.into_any()
        } else {
            view! { <button type="button" class="link-button" on:click=move |_| open.set(true)>"Report"</button> }.into_any()
        }
    }
}

/// How the reviews spread over one to five stars.
#[component]
fn RatingHistogram(histogram: [i64; 5]) -> impl IntoView {
    let total: i64 = histogram.iter().sum();
    (total > 0).then(|| {
        view! {
            <table class="histogram">
                <caption class="visually-hidden">"Ratings"</caption>
                <tbody>
                    {(1..=5).rev().map(|stars| {
                        let count = histogram[stars - 1];
                        let width = format!("width: {}%", count * 100 / total);
                        view! {
                            <tr>
                                <th scope="row">{format!("{stars} ★")}</th>
                                <td class="histogram-bar"><span style=width></span></td>
                                <td class="histogram-count">{count}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

/// Colour and size choices. An option is disabled when, with the other choice kept,
/// no variant of it is in stock.
#[component]
fn VariantPicker(
    variants: Vec<VariantView>,
    selected: Memo<usize>,
    choose: Callback<usize>,
) -> impl IntoView {
    let variants = StoredValue::new(variants);
    let distinct = |f: fn(&VariantView) -> Option<String>| {
        let mut values: Vec<String> = Vec::new();
        variants.with_value(|vs| {
            for v in vs {
                if let Some(x) = f(v).filter(|x| !values.contains(x)) {
                    values.push(x);
                }
            }
        });
        values
    };
    let colors = distinct(|v| v.color.clone());
    let sizes = distinct(|v| v.size.clone());
    let current = move || variants.with_value(|vs| vs.get(selected.get()).cloned());
    // The variant with this colour (or size) and the other choice kept, if it exists.
    let find = move |color: Option<String>, size: Option<String>| {
        variants.with_value(|vs| {
            vs.iter().position(|v| {
                color.as_ref().is_none_or(|c| v.color.as_ref() == Some(c))
                    && size.as_ref().is_none_or(|s| v.size.as_ref() == Some(s))
            })
        })
    };
    let in_stock =
        move |i: Option<usize>| i.is_some_and(|i| variants.with_value(|vs| vs[i].stock > 0));
    let group = move |legend: &'static str,
                      name: &'static str,
                      options: Vec<String>,
                      is_color: bool| {
        (options.len() > 1 || (options.len() == 1 && variants.with_value(|v| v.len() > 1))).then(|| view! {
            <fieldset class="variant-picker">
                <legend>{legend}</legend>
                {options.into_iter().map(|option| {
                    let opt = option.clone();
                    let target = move || {
                        let cur = current();
                        let (c, s) = match (&cur, is_color) {
                            (Some(v), true) => (Some(opt.clone()), v.size.clone()),
                            (Some(v), false) => (v.color.clone(), Some(opt.clone())),
                            (None, true) => (Some(opt.clone()), None),
                            (None, false) => (None, Some(opt.clone())),
                        };
                        find(c, s).or_else(|| if is_color { find(Some(opt.clone()), None) } else { find(None, Some(opt.clone())) })
                    };
                    let opt2 = option.clone();
                    let checked = move || current().is_some_and(|v| (if is_color { v.color } else { v.size }).as_deref() == Some(opt2.as_str()));
                    let target2 = target.clone();
                    let disabled = Signal::derive(move || !in_stock(target2()));
                    view! {
                        <label class="variant-option" class:variant-out=disabled>
                            <input type="radio" name=name value=option.clone() checked=checked disabled=disabled
                                on:change=move |_| if let Some(i) = target() { choose.run(i) } />
                            <span>{option}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        })
    };
    view! {
        {group("Colour", "color", colors, true)}
        {group("Size", "size", sizes, false)}
    }
}

/// Product images: swiped on touch screens (a scroll-snapping strip), chosen by
/// thumbnail on wide screens.
#[component]
fn Gallery(images: Vec<ImageRef>) -> impl IntoView {
    let current = RwSignal::new(0usize);
    let track = NodeRef::<leptos::html::Div>::new();
    let count = images.len();
    let show = move |i: usize| {
        current.set(i);
        if let Some(el) = track.get_untracked() {
            el.set_scroll_left(i as i32 * el.client_width());
        }
    };
    let on_scroll = move |_| {
        if let Some(el) = track.get_untracked() {
            let width = el.client_width().max(1);
            current.set(((el.scroll_left() + width / 2) / width) as usize);
        }
    };
    view! {
        <section class="gallery" aria-label="Product images">
            // Focusable, so a keyboard scrolls through the images with the arrow keys.
            <div class="gallery-track" node_ref=track on:scroll=on_scroll tabindex="0" role="group" aria-label="Images, one after another">
                {images.iter().enumerate().map(|(i, img)| view! {
                    <img src=img.url(800) srcset=img.srcset() sizes="(min-width: 900px) 50vw, 100vw"
                        alt=img.alt.clone() width="800" height="800"
                        loading=if i == 0 { "eager" } else { "lazy" } />
                }).collect_view()}
            </div>
            {(count > 1).then(|| view! {
                <p class="gallery-count" aria-hidden="true">{move || format!("{} / {count}", current.get() + 1)}</p>
            })}
            <div class="gallery-thumbs">
                {images.into_iter().enumerate().map(|(i, img)| view! {
                    <button type="button" class="thumb" aria-label=format!("Show image {}", i + 1)
                        aria-pressed=move || (current.get() == i).to_string()
                        on:click=move |_| show(i)>
                        <img src=img.url(200) alt="" width="64" height="64" loading="lazy" />
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}

/// Shares the product page: the system share sheet where there is one, otherwise the
/// link is copied.
#[component]
fn ShareButton(title: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let share = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let window = window();
            let url = window.location().href().unwrap_or_default();
            let navigator = window.navigator();
            let get = |target: &wasm_bindgen::JsValue, name: &str| {
                js_sys::Reflect::get(target, &name.into()).ok()
            };
            if let Some(share) =
                get(&navigator, "share").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            {
                let data = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&data, &"title".into(), &title.clone().into());
                let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
                let _ = share.call1(&navigator, &data);
            } else if let Some(clipboard) = get(&navigator, "clipboard")
                && let Some(write) =
                    get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            {
                let _ = write.call1(&clipboard, &url.into());
                copied.set(true);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &title;
    };
    view! {
        <p class="share-line">
            <button type="button" class="button small-button" on:click=share>"Share"</button>
            {move || copied.get().then(|| view! { <span role="status">" Link copied"</span> })}
        </p>
    }
}

//! The cart: lines grouped by store with a subtotal each, quantities limited by stock.

use crate::api::cart::set_cart_quantity;
use crate::client;
use crate::domain::Money;
use crate::domain::VariantId;
use crate::error::AppError;
use crate::model::{CartLine, CartView, Change};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{PriceTag, ShopState};
use crate::ui::shell::{AuthState, ErrorPage};
use leptos::prelude::*;
use leptos_meta::Title;

/// The most a quantity menu offers.
const MENU_MAX: i64 = 20;

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = client::resource(
        || (),
        |_| client::read("cart".into(), crate::api::cart::cart()),
    );
    view! {
        <Title text="Cart" />
        <h1 class="page-title">"Cart"</h1>
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match cart.await {
                    Ok(view) => view! { <CartView initial=view /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CartView(initial: CartView) -> impl IntoView {
    let cart = RwSignal::new(initial);
    let state = ShopState::get();
    let auth = AuthState::get();
    let error = RwSignal::new(None::<String>);
    let change = Callback::new(move |(variant, quantity): (i64, u32)| {
        leptos::task::spawn_local(async move {
            match client::mutate(|_key| set_cart_quantity(variant, quantity)).await {
                Ok(view) => {
                    state.cart_changed(&view);
                    cart.set(view);
                    error.set(None);
                }
                Err(AppError::Offline)
                    if client::queue_offline_after(
                        &Change::SetQuantity {
                            variant: VariantId(variant),
                            quantity,
                        },
                        cart.with_untracked(|v| line_quantity(v, variant)),
                    ) =>
                {
                    cart.update(|view| set_line_quantity(view, variant, quantity));
                    state.cart_count.set(cart.with_untracked(|v| v.item_count));
                    client::forget("cart");
                    client::forget("checkout");
                    error.set(None);
                    state.say(crate::ui::shared::OFFLINE_SAVED);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    });
    let checkout_href = move || {
        let signed_in = auth.viewer.get().and_then(|r| r.ok()).flatten().is_some();
        if signed_in {
            "/checkout"
        } else {
            "/signin?next=/checkout"
        }
    };
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || {
            let view = cart.get();
            if view.groups.is_empty() {
                return view! {
                    <EmptyState title="Your cart is empty" body="Items you add to your cart appear here.">
                        <a class="button" href="/">"Start shopping"</a>
                    </EmptyState>
                }.into_any();
            }
            let total = view.groups.iter().map(|g| g.subtotal).reduce(|a, b| a.checked_add(b).unwrap_or(a));
            view! {
                <div class="cart-layout">
                    <div class="cart-groups">
                        {view.groups.into_iter().map(|g| view! {
                            <section class="panel cart-group" aria-label=format!("From {}", g.store.name)>
                                <h2 class="cart-store">{format!("From {}", g.store.name)}</h2>
                                <ul class="cart-lines">
                                    {g.lines.into_iter().map(|line| view! { <CartLineView line change /> }).collect_view()}
                                </ul>
                                <p class="cart-subtotal">"Subtotal "<strong>{g.subtotal.to_string()}</strong></p>
                            </section>
                        }).collect_view()}
                    </div>
                    <aside class="panel cart-summary">
                        <p>{format!("{} item{}", view.item_count, if view.item_count == 1 { "" } else { "s" })}</p>
                        <p class="cart-total">"Total before shipping "<strong>{total.map(|t| t.to_string())}</strong></p>
                        <a class="button primary block" href=checkout_href>"Checkout"</a>
                    </aside>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn CartLineView(line: CartLine, change: Callback<(i64, u32)>) -> impl IntoView {
    let variant = line.variant.0;
    let most = line
        .stock
        .clamp(0, MENU_MAX)
        .max(i64::from(line.quantity).min(MENU_MAX));
    let line_total = line
        .unit_price
        .times(line.quantity)
        .unwrap_or(Money::new(0, line.unit_price.currency()));
    let sold_out = line.stock <= 0;
    let label = format!("Quantity of {}", line.title);
    view! {
        <li class="cart-line">
            // The title beside it is the link keyboards and screen readers use.
            <a href=line.href() class="cart-thumb" tabindex="-1" aria-hidden="true">
                {line.image.clone().map(|img| view! { <img src=img.url(200) alt="" width="80" height="80" loading="lazy" /> })}
            </a>
            <div class="cart-line-body">
                <a href=line.href() class="cart-line-title">{line.title.clone()}</a>
                <p class="muted small">{line.variant_label.clone()}</p>
                <PriceTag price=line.unit_price compare_at=line.was />
                {sold_out.then(|| view! { <p class="field-error">"Sold out"</p> })}
                {(!sold_out && line.stock <= 5).then(|| view! { <p class="muted small">{format!("Only {} left", line.stock)}</p> })}
                <div class="cart-line-actions">
                    <select aria-label=label on:change=move |ev| {
                        if let Ok(q) = event_target_value(&ev).parse::<u32>() { change.run((variant, q)) }
                    }>
                        {(1..=most).map(|q| view! {
                            <option value=q.to_string() selected=q == i64::from(line.quantity)>{q}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" class="link-button" on:click=move |_| change.run((variant, 0))>"Remove"</button>
                </div>
            </div>
            <p class="cart-line-total">{line_total.to_string()}</p>
        </li>
    }
}

/// The cart as it will be once a quantity change made offline syncs: the line's
/// quantity (0 removes it), the store's subtotal and the item count.
/// The quantity of a variant's line as the page shows it.
fn line_quantity(view: &CartView, variant: i64) -> Option<u32> {
    view.groups
        .iter()
        .flat_map(|g| &g.lines)
        .find(|l| l.variant.0 == variant)
        .map(|l| l.quantity)
}

fn set_line_quantity(view: &mut CartView, variant: i64, quantity: u32) {
    for group in &mut view.groups {
        group.lines.retain_mut(|line| {
            if line.variant.0 == variant {
                line.quantity = quantity;
            }
            line.quantity > 0
        });
        let mut lines = group.lines.iter();
        if let Some(first) = lines.next() {
            let total = |l: &crate::model::CartLine| {
                crate::domain::pricing::line_total(l.unit_price, l.quantity).unwrap_or(l.unit_price)
            };
            group.subtotal = lines.fold(total(first), |sum, l| {
                sum.checked_add(total(l)).unwrap_or(sum)
            });
        }
    }
    view.groups.retain(|g| !g.lines.is_empty());
    view.item_count = view
        .groups
        .iter()
        .flat_map(|g| &g.lines)
        .map(|l| l.quantity)
        .sum();
}

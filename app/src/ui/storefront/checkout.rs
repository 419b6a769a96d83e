//! Checkout: address, a shipping option per store, payment, and every amount before
//! "Place order". Errors (stock, price change, declined card) keep the cart and
//! reload what changed.

use crate::api::cart::{place_order, tokenize_card};
use crate::client;
use crate::domain::pricing::{ShippingOption, order_amounts};
use crate::domain::promotion::CodeTerms;
use crate::domain::{Money, PaymentMethodId, StoreId};
use crate::error::AppError;
use crate::model::{CartGroup, CheckoutRequest, CheckoutView, PaymentChoice, SeenLine};
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shared::{AddressForm, ShopState};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let data = client::resource(
        move || version.get(),
        |_| client::read("checkout".into(), crate::api::cart::checkout()),
    );
    view! {
        <Title text="Checkout" />
        <h1 class="page-title">"Checkout"</h1>
        <Suspense fallback=|| view! { <SkeletonLines count=6 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) if view.cart.groups.is_empty() => view! {
                        <EmptyState title="Your cart is empty" body="Add something to your cart to check out.">
                            <a class="button" href="/">"Start shopping"</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(view) => view! { <CheckoutForm view version /> }.into_any(),
                    Err(AppError::Unauthorized) => view! {
                        <EmptyState title="Sign in to check out" body="Your cart is kept while you sign in.">
                            <a class="button primary" href="/signin?next=/checkout">"Sign in"</a>
                        </EmptyState>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum PayWith {
    Saved(PaymentMethodId),
    NewCard,
}

#[component]
fn CheckoutForm(view: CheckoutView, version: RwSignal<u32>) -> impl IntoView {
    let state = ShopState::get();
    let navigate = use_navigate();
    let groups = StoredValue::new(view.cart.groups.clone());
    let addresses = RwSignal::new(view.addresses.clone());
    let address = RwSignal::new(
        view.addresses
            .iter()
            .find(|a| a.is_default)
            .or(view.addresses.first())
            .map(|a| a.id),
    );
    let adding_address = RwSignal::new(view.addresses.is_empty());
    let shipping = RwSignal::new(
        view.cart
            .groups
            .iter()
            .map(|g| (g.store.id, ShippingOption::Standard))
            .collect::<Vec<_>>(),
    );
    let pay = RwSignal::new(
        view.payment_methods
            .first()
            .map(|m| PayWith::Saved(m.id))
            .unwrap_or(PayWith::NewCard),
    );
    let methods = view.payment_methods.clone();
    let number = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let cvc = RwSignal::new(String::new());
    let save_card = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let placing = RwSignal::new(false);
    let code_input = RwSignal::new(String::new());
    let code = RwSignal::new(None::<CodeTerms>);
    let code_error = RwSignal::new(None::<String>);

    let option_of = move |store: StoreId| {
        shipping.with(|s| {
            s.iter()
                .find(|(id, _)| *id == store)
                .map(|(_, o)| *o)
                .unwrap_or_default()
        })
    };
    let amounts = move |g: &CartGroup, option: ShippingOption| {
        let lines: Vec<(Money, u32, Money)> = g
            .lines
            .iter()
            .map(|l| (l.unit_price, l.quantity, l.shipping))
            .collect();
        code.with(|c| {
            let c = c.as_ref().filter(|c| c.store == g.store.id);
            order_amounts(&lines, option, c)
        })
    };
    // Why the applied code takes nothing off (below its minimum), if so.
    let code_short = move || {
        code.with(|c| {
            let c = c.as_ref()?;
            let g = groups.with_value(|gs| gs.iter().find(|g| g.store.id == c.store).cloned())?;
            let subtotal = amounts(&g, option_of(g.store.id))?.subtotal;
            c.discount_on(subtotal).err().map(|e| e.0)
        })
    };
    let apply_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code_input.get_untracked();
        if typed.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::api::cart::promo_code(typed).await {
                Ok(terms) => {
                    let ours = groups.with_value(|gs| gs.iter().any(|g| g.store.id == terms.store));
                    if ours {
                        code_error.set(None);
                        code.set(Some(terms));
                    } else {
                        code_error.set(Some(format!(
                            "The code {} is for {}, and nothing from that store is in your cart.",
                            terms.code, terms.store_name
                        )));
                    }
                }
                Err(e) => code_error.set(Some(e.to_string())),
            }
        });
    };
    let grand_total = move || {
        groups.with_value(|gs| {
            gs.iter()
                .filter_map(|g| amounts(g, option_of(g.store.id)))
                .map(|a| a.total)
                .reduce(|a, b| a.checked_add(b).unwrap_or(a))
        })
    };

    let place = move |_| {
        if placing.get_untracked() {
            return;
        }
        let Some(address) = address.get_untracked() else {
            error.set(Some(AppError::validation(
                "address",
                "Add a shipping address.",
            )));
            return;
        };
        let seen: Vec<SeenLine> = groups.with_value(|gs| {
            gs.iter()
                .flat_map(|g| g.lines.iter())
                .map(|l| SeenLine {
                    variant: l.variant,
                    quantity: l.quantity,
                    unit_price_minor: l.unit_price.minor(),
                })
                .collect()
        });
        let shipping = shipping.get_untracked();
        let promo_code = code.with_untracked(|c| c.as_ref().map(|c| c.code.clone()));
        let pay = pay.get_untracked();
        let card = (
            number.get_untracked(),
            expiry.get_untracked(),
            cvc.get_untracked(),
            save_card.get_untracked(),
        );
        let navigate = navigate.clone();
        placing.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let payment = match pay {
                PayWith::Saved(id) => Ok(PaymentChoice::Saved(id)),
                PayWith::NewCard => {
                    tokenize_card(card.0, card.1, card.2)
                        .await
                        .map(|t| PaymentChoice::Token {
                            token: t.token,
                            save: card.3,
                        })
                }
            };
            let result = match payment {
                Ok(payment) => {
                    let request = CheckoutRequest {
                        address,
                        shipping,
                        payment,
                        seen,
                        promo_code: promo_code.clone(),
                    };
                    client::mutate(|key| place_order(key, request.clone())).await
                }
                Err(e) => Err(e),
            };
            placing.set(false);
            match result {
                Ok(placed) => {
                    state.cart_count.set(0);
                    client::forget("cart");
                    client::forget("checkout");
                    client::forget("orders");
                    // One order opens itself; several (one per store) open the list of
                    // them all.
                    let to = match placed.orders.as_slice() {
                        [one] => format!("/orders/{}?placed=1", one.0),
                        all => format!(
                            "/orders?placed={}",
                            all.iter()
                                .map(|o| o.0.to_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                    };
                    navigate(&to, Default::default());
                }
                Err(e) => {
                    let refresh = matches!(e, AppError::Conflict(_));
                    error.set(Some(e));
                    if refresh {
                        // Stock or prices moved: show the cart as it is now.
                        client::forget("checkout");
                        version.update(|v| *v += 1);
                    }
                }
            }
        });
    };

    view! {
        <div class="checkout-layout">
            <div class="checkout-steps">
                {view! {<section class="panel" aria-labelledby="ship-to">
                    <h2 id="ship-to">"Shipping address"</h2>
                    <div role="radiogroup" aria-label="Shipping address" class="choice-list">
                        {move || addresses.get().into_iter().map(|a| {
                            let id = a.id;
                            let lines = crate::domain::address::Address::parse(&a.address).map(|p| p.lines().join(", ")).unwrap_or_default();
                            view! {
                                <label class="choice">
                                    <input type="radio" name="address" checked=move || address.get() == Some(id)
                                        on:change=move |_| address.set(Some(id)) />
                                    <span>{lines}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <Show when=move || adding_address.get() fallback=move || view! {
                        <button type="button" class="link-button" on:click=move |_| adding_address.set(true)>"Add a new address"</button>
                    }>
                        <AddressForm on_saved=Callback::new(move |saved: crate::model::AddressView| {
                            let id = saved.id;
                            addresses.update(|list| { list.retain(|a| a.id != id); list.push(saved); });
                            address.set(Some(id));
                            adding_address.set(false);
                        }) />
                    </Show>
                </section>}.into_any()}

                {groups.get_value().into_iter().map(|g| {
                    let store = g.store.id;
                    let g2 = g.clone();
                    view! {
                        <section class="panel" aria-label=format!("Items from {}", g.store.name)>
                            <h2>{format!("From {}", g.store.name)}</h2>
                            <ul class="checkout-lines">
                                {g.lines.iter().map(|l| view! {
                                    <li><span>{format!("{} × {}", l.quantity, l.title)}</span><span class="muted small">{l.variant_label.clone()}</span><span>{l.unit_price.times(l.quantity).map(|m| m.to_string())}</span></li>
                                }).collect_view()}
                            </ul>
                            <fieldset class="choice-list">
                                <legend>"Shipping"</legend>
                                {ShippingOption::ALL.into_iter().map(|option| {
                                    let price = amounts(&g2, option).map(|a| a.shipping);
                                    view! {
                                        <label class="choice">
                                            <input type="radio" name=format!("shipping-{store}") checked=move || option_of(store) == option
                                                on:change=move |_| shipping.update(|s| {
                                                    s.retain(|(id, _)| *id != store);
                                                    s.push((store, option));
                                                }) />
                                            <span>{option.label()}" "<span class="muted">{match option {
                                                ShippingOption::Standard => "5–12 days",
                                                ShippingOption::Express => "2–4 days",
                                            }}</span></span>
                                            <strong>{price.map(|p| if p.minor() == 0 { "Free".to_string() } else { p.to_string() })}</strong>
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        </section>
                    }.into_any()
                }).collect_view()}

                {view! {<section class="panel" aria-labelledby="payment">
                    <h2 id="payment">"Payment"</h2>
                    <div class="choice-list">
                        {methods.iter().map(|m| {
                            let id = m.id;
                            view! {
                                <label class="choice">
                                    <input type="radio" name="payment" checked=move || pay.get() == PayWith::Saved(id)
                                        on:change=move |_| pay.set(PayWith::Saved(id)) />
                                    <span>{m.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                        {(!methods.is_empty()).then(|| view! {
                            <label class="choice">
                                <input type="radio" name="payment" checked=move || pay.get() == PayWith::NewCard
                                    on:change=move |_| pay.set(PayWith::NewCard) />
                                <span>"A new card"</span>
                            </label>
                        })}
                    </div>
                    <Show when=move || pay.get() == PayWith::NewCard>
                        <div class="card-fields">
                            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("number"))>
                                <label for="card-number">"Card number"</label>
                                <input id="card-number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242"
                                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) />
                                {move || error.get().filter(|e| e.field() == Some("number")).map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                            </div>
                            <div class="field-row">
                                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("expiry"))>
                                    <label for="card-expiry">"Expiry (MM/YY)"</label>
                                    <input id="card-expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="12/30"
                                        prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
                                    {move || error.get().filter(|e| e.field() == Some("expiry")).map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                                </div>
                                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("cvc"))>
                                    <label for="card-cvc">"Security code"</label>
                                    <input id="card-cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123"
                                        prop:value=move || cvc.get() on:input=move |ev| cvc.set(event_target_value(&ev)) />
                                    {move || error.get().filter(|e| e.field() == Some("cvc")).map(|e| view! { <p class="field-error">{e.to_string()}</p> })}
                                </div>
                            </div>
                            <label class="filter-check">
                                <input type="checkbox" prop:checked=move || save_card.get() on:change=move |ev| save_card.set(event_target_checked(&ev)) />
                                "Save this card for next time"
                            </label>
                            <p class="muted small">"Test mode: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined."</p>
                        </div>
                    </Show>
                </section>}.into_any()}
            </div>

            {view! {<aside class="panel checkout-summary" aria-label="Order summary">
                <h2>"Order summary"</h2>
                <dl class="amounts">
                    {groups.get_value().into_iter().map(|g| {
                        let g2 = g.clone();
                        let a = move || amounts(&g2, option_of(g2.store.id));
                        view! {
                            <dt class="amounts-store">{g.store.name.clone()}</dt><dd></dd>
                            <dt>"Items"</dt><dd>{let a = a.clone(); move || a().map(|a| a.subtotal.to_string())}</dd>
                            <dt>"Shipping"</dt><dd>{let a = a.clone(); move || a().map(|a| a.shipping.to_string())}</dd>
                            {let a = a.clone(); move || a().filter(|a| a.discount.minor() > 0).map(|a| view! {
                                <dt>{format!("Promo code {}", code.with(|c| c.as_ref().map(|c| c.code.clone()).unwrap_or_default()))}</dt>
                                <dd class="discount" data-testid="discount">{format!("−{}", a.discount)}</dd>
                            })}
                            <dt>"Order total"</dt><dd>{move || a().map(|a| a.total.to_string())}</dd>
                        }
                    }).collect_view()}
                    <dt class="amounts-total">"Total"</dt>
                    <dd class="amounts-total" data-testid="grand-total">{move || grand_total().map(|t| t.to_string())}</dd>
                </dl>
                <form class="promo-code" on:submit=apply_code>
                    {move || match code.get() {
                        Some(c) => view! {
                            <p class="promo-applied" role="status"><strong>{c.code.clone()}</strong>" · "{c.describe()}
                                " "<button type="button" class="link-button" on:click=move |_| code.set(None)>"Remove"</button></p>
                        }.into_any(),
                        None => view! {
                            <div class="field" class:field-invalid=move || code_error.get().is_some()>
                                <label for="promo-code">"Promo code"</label>
                                <div class="inline-field">
                                    <input id="promo-code" autocomplete="off" autocapitalize="characters" prop:value=move || code_input.get()
                                        on:input=move |ev| code_input.set(event_target_value(&ev)) />
                                    <button type="submit" class="button">"Apply"</button>
                                </div>
                                {move || code_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                            </div>
                        }.into_any(),
                    }}
                    {move || code_short().map(|m| view! { <p class="muted small">{m}</p> })}
                </form>
                {move || error.get().filter(|e| !matches!(e.field(), Some("number" | "expiry" | "cvc"))).map(|e| view! {
                    <p class="form-error" role="alert">{e.to_string()}</p>
                })}
                <button type="button" class="button primary block" on:click=place disabled=move || placing.get()>
                    {move || if placing.get() { "Placing order…" } else { "Place order" }}
                </button>
                <p class="muted small">"One order per store. Your card is charged when each store ships."</p>
            </aside>}.into_any()}
        </div>
    }
}

//! Account settings: name, addresses, saved cards, notification preferences.

use crate::api::accounts::profile::{
    add_payment_method, delete_address, delete_payment_method, my_addresses, my_payment_methods,
    my_profile, set_notification_prefs, update_profile,
};
use crate::client;
use crate::domain::address::Address;
use crate::error::AppResult;
use crate::model::{AddressView, NotificationPrefs, PaymentMethodView, ProfileView};
use crate::ui::shared::{AddressForm, ShopState};
use leptos::prelude::*;

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Settings {
    profile: ProfileView,
    addresses: Vec<AddressView>,
    cards: Vec<PaymentMethodView>,
}

async fn load() -> AppResult<Settings> {
    Ok(Settings {
        profile: my_profile().await?,
        addresses: my_addresses().await?,
        cards: my_payment_methods().await?,
    })
}

/// The settings panels. They load in the browser once the page has hydrated and are
/// not rendered by the server: they sit inside the answer to "who is signed in", and a
/// resource made inside that answer gets its hydration id only when the answer
/// arrives, which on the server depends on how concurrent rendering interleaves. The
/// browser then read another resource's data for it now and then, and hydration
/// failed (a missing marker node). Browser-only data after hydration, as the cart
/// count does, has no such race.
#[component]
pub fn AccountSettings() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let settings = RwSignal::new(None::<Settings>);
    Effect::new(move |_| {
        version.track();
        client::after_hydration(move || {
            leptos::task::spawn_local(async move {
                if let Ok(loaded) = client::read("settings".into(), load()).await {
                    settings.set(Some(loaded));
                }
            });
        });
    });
    move || {
        settings
            .get()
            .map(|settings| view! { <SettingsView settings version /> })
    }
}

#[component]
fn SettingsView(settings: Settings, version: RwSignal<u32>) -> impl IntoView {
    let state = ShopState::get();
    let reload = move || {
        client::forget("settings");
        version.update(|v| *v += 1);
    };
    let name = RwSignal::new(settings.profile.name.clone());
    let prefs = RwSignal::new(settings.profile.prefs.clone());
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<crate::model::AddressView>);
    let number = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let cvc = RwSignal::new(String::new());
    let card_error = RwSignal::new(None::<String>);
    let save_name = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        leptos::task::spawn_local(async move {
            match client::mutate(|_| update_profile(n.clone())).await {
                Ok(_) => state.say("Name saved"),
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    let save_prefs = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = prefs.get_untracked();
        leptos::task::spawn_local(async move {
            match client::mutate(|_| set_notification_prefs(p.clone())).await {
                Ok(_) => state.say("Preferences saved"),
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    let add_card = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, x, c) = (
            number.get_untracked(),
            expiry.get_untracked(),
            cvc.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match client::mutate(|_| add_payment_method(n.clone(), x.clone(), c.clone())).await {
                Ok(_) => {
                    state.say("Card saved");
                    reload();
                }
                Err(e) => card_error.set(Some(e.to_string())),
            }
        });
    };
    let pref = move |label: &'static str,
                     get: fn(&NotificationPrefs) -> bool,
                     set: fn(&mut NotificationPrefs, bool)| {
        view! {
            <label class="filter-check">
                <input type="checkbox" prop:checked=move || prefs.with(get) on:change=move |ev| prefs.update(|p| set(p, event_target_checked(&ev))) />
                {label}
            </label>
        }
    };
    view! {
        <section class="panel">
            <h2>"Profile"</h2>
            <form class="inline-form" on:submit=save_name>
                <label for="profile-name">"Name"</label>
                <input id="profile-name" autocomplete="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="button small-button">"Save"</button>
            </form>
        </section>
        <section class="panel">
            <h2>"Addresses"</h2>
            <ul class="settings-list">
                {settings.addresses.iter().map(|a| {
                    let id = a.id.0;
                    let text = Address::parse(&a.address).map(|p| p.lines().join(", ")).unwrap_or_default();
                    let this = a.clone();
                    view! {
                        <li>
                            <span>{text}{a.is_default.then(|| view! { " "<span class="badge">"Default"</span> })}</span>
                            <span class="settings-actions">
                            <button type="button" class="link-button" aria-label=format!("Edit {}", a.address.line1)
                                on:click=move |_| { adding.set(false); editing.set(Some(this.clone())) }>"Edit"</button>
                            <button type="button" class="link-button" on:click=move |_| {
                                leptos::task::spawn_local(async move {
                                    match client::mutate(|_| delete_address(id)).await {
                                        Ok(()) => reload(),
                                        Err(e) => state.say(e.to_string()),
                                    }
                                });
                            }>"Delete"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || editing.get().map(|address| view! {
                <h3>"Edit address"</h3>
                <AddressForm editing=address on_saved=Callback::new(move |_| { editing.set(None); reload(); })
                    on_cancel=Callback::new(move |_| editing.set(None)) />
            })}
            <Show when=move || adding.get() fallback=move || view! {
                <button type="button" class="button small-button" on:click=move |_| { editing.set(None); adding.set(true) }>"Add an address"</button>
            }>
                <AddressForm on_saved=Callback::new(move |_| { adding.set(false); reload(); })
                    on_cancel=Callback::new(move |_| adding.set(false)) />
            </Show>
        </section>
        <section class="panel">
            <h2>"Payment methods"</h2>
            <ul class="settings-list">
                {settings.cards.iter().map(|c| {
                    let id = c.id.0;
                    view! {
                        <li>
                            <span>{c.label()}</span>
                            <button type="button" class="link-button" on:click=move |_| {
                                leptos::task::spawn_local(async move {
                                    match client::mutate(|_| delete_payment_method(id)).await {
                                        Ok(()) => reload(),
                                        Err(e) => state.say(e.to_string()),
                                    }
                                });
                            }>"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form card-form" on:submit=add_card>
                {move || card_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <div class="field-row">
                    <div class="field"><label for="saved-card-number">"Card number"</label>
                        <input id="saved-card-number" inputmode="numeric" autocomplete="cc-number" prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="saved-card-expiry">"Expiry (MM/YY)"</label>
                        <input id="saved-card-expiry" inputmode="numeric" autocomplete="cc-exp" prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) /></div>
                    <div class="field"><label for="saved-card-cvc">"Security code"</label>
                        <input id="saved-card-cvc" inputmode="numeric" autocomplete="cc-csc" prop:value=move || cvc.get() on:input=move |ev| cvc.set(event_target_value(&ev)) /></div>
                </div>
                <button type="submit" class="button small-button">"Save card"</button>
                <p class="muted small">"Only a token from the payment gateway is kept, never the number."</p>
            </form>
        </section>
        <section class="panel">
            <h2>"Notifications"</h2>
            <form class="form" on:submit=save_prefs>
                {pref("Order updates", |p| p.order_updates, |p, v| p.order_updates = v)}
                {pref("Price drops on wished items", |p| p.price_drops, |p, v| p.price_drops = v)}
                {pref("Wished items back in stock", |p| p.back_in_stock, |p, v| p.back_in_stock = v)}
                {pref("Promotions and deals", |p| p.promotions, |p, v| p.promotions = v)}
                <button type="submit" class="button small-button">"Save preferences"</button>
            </form>
        </section>
    }
    .into_any()
}

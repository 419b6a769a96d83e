use crate::api::accounts::profile::save_address;
use crate::client;
use crate::domain::address::{Address, AddressInput, COUNTRIES};
use crate::error::AppError;
use crate::model::AddressView;
use leptos::prelude::*;

/// Adds a shipping address, or edits `editing`; checked in the browser with the same
/// rules as the server, each message next to its field.
#[component]
pub fn AddressForm(
    on_saved: Callback<AddressView>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
    #[prop(optional)] editing: Option<AddressView>,
) -> impl IntoView {
    let id = editing.as_ref().map(|a| a.id.0);
    let make_default = editing.as_ref().is_none_or(|a| a.is_default);
    let fields = RwSignal::new(editing.map(|a| a.address).unwrap_or(AddressInput {
        country: "US".into(),
        ..Default::default()
    }));
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let field_error = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| view! { <p class="field-error">{e.to_string()}</p> })
        }
    };
    let input = move |label: &'static str,
                      name: &'static str,
                      autocomplete: &'static str,
                      get: fn(&AddressInput) -> &String,
                      set: fn(&mut AddressInput, String)| {
        let id = format!("address-{name}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some(name))>
                <label for=id.clone()>{label}</label>
                <input id=id name=name autocomplete=autocomplete
                    prop:value=move || fields.with(|f| get(f).clone())
                    on:input=move |ev| fields.update(|f| set(f, event_target_value(&ev))) />
                {field_error(name)}
            </div>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = fields.get_untracked();
        if let Err((field, e)) = Address::parse(&input) {
            error.set(Some(AppError::validation(field, e.0)));
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result =
                client::mutate(|key| save_address(id, input.clone(), make_default, Some(key)))
                    .await;
            saving.set(false);
            match result {
                Ok(saved) => {
                    error.set(None);
                    client::forget("checkout");
                    client::forget("addresses");
                    on_saved.run(saved);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="form address-form" on:submit=submit>
            {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            {input("Full name", "full_name", "name", |f| &f.full_name, |f, v| f.full_name = v)}
            {input("Street address", "line1", "address-line1", |f| &f.line1, |f, v| f.line1 = v)}
            {input("Apartment, suite (optional)", "line2", "address-line2", |f| &f.line2, |f, v| f.line2 = v)}
            {input("City", "city", "address-level2", |f| &f.city, |f, v| f.city = v)}
            <div class="field-row">
                {input("State / region", "region", "address-level1", |f| &f.region, |f, v| f.region = v)}
                {input("Postal code", "postal_code", "postal-code", |f| &f.postal_code, |f, v| f.postal_code = v)}
            </div>
            <div class="field">
                <label for="address-country">"Country"</label>
                <select id="address-country" name="country" autocomplete="country"
                    on:change=move |ev| fields.update(|f| f.country = event_target_value(&ev))>
                    {COUNTRIES.iter().map(|(code, name)| view! {
                        <option value=*code selected=move || fields.with(|f| f.country == *code)>{*name}</option>
                    }).collect_view()}
                </select>
                {field_error("country")}
            </div>
            {input("Phone (optional)", "phone", "tel", |f| &f.phone, |f, v| f.phone = v)}
            <div class="form-actions">
                <button type="submit" class="button primary" disabled=move || saving.get()>"Save address"</button>
                {on_cancel.map(|cancel| view! { <button type="button" class="button" on:click=move |_| cancel.run(())>"Cancel"</button> })}
            </div>
        </form>
    }
}

//! Store settings: the public profile (name, description, contact, ships-from) and
//! payout details, and where the admin's review stands.

use crate::api::stores::save_store_profile;
use crate::client;
use crate::domain::search::ORIGINS;
use crate::domain::store::StoreProfileDraft;
use crate::error::AppError;
use crate::model::{ImageRef, StoreProfileView};
use crate::ui::kit::SkeletonLines;
use crate::ui::shared::files::{IMAGE_TYPES, JsFile, image_problem};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StorePage() -> impl IntoView {
    let profile = client::resource(|| (), |_| crate::api::stores::store_profile());
    view! {
        <Title text="Store settings" />
        <h1 class="page-title">"Store settings"</h1>
        <Suspense fallback=|| view! { <SkeletonLines count=8 /> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <StoreForm initial=p /> }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StoreForm(initial: StoreProfileView) -> impl IntoView {
    let view_state = RwSignal::new(initial.clone());
    let draft = RwSignal::new(initial.draft.clone());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let logo_state = RwSignal::new(LogoState::Idle);
    let on_logo = move |ev: leptos::ev::Event| {
        let (meta, handles) = JsFile::from_input(&ev);
        let (Some((name, kind, size)), Some(handle)) =
            (meta.into_iter().next(), handles.into_iter().next())
        else {
            return;
        };
        if let Some(problem) = image_problem(&name, &kind, size) {
            logo_state.set(LogoState::Failed(problem));
            return;
        }
        logo_state.set(LogoState::Uploading(handle.preview()));
        saved.set(false);
        leptos::task::spawn_local(async move {
            match handle.upload().await {
                Ok(key) => {
                    draft.update(|d| d.logo = key);
                    logo_state.set(LogoState::Idle);
                }
                Err(message) => logo_state.set(LogoState::Failed(format!("{name}: {message}"))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches!(logo_state.get_untracked(), LogoState::Uploading(_)) {
            error.set(Some(AppError::validation(
                "logo",
                "Wait for the logo to finish uploading.",
            )));
            return;
        }
        let d = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match save_store_profile(d).await {
                Ok(p) => {
                    draft.set(p.draft.clone());
                    view_state.set(p);
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let field = move |name: &'static str,
                      label: &'static str,
                      get: fn(&StoreProfileDraft) -> String,
                      set: fn(&mut StoreProfileDraft, String),
                      hint: &'static str| {
        let id = format!("store-{name}");
        view! {
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some(name))>
                <label for=id.clone()>{label}</label>
                <input id=id prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
                {move || error.get().filter(|e| e.field() == Some(name)).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </div>
        }
        .into_any()
    };
    view! {
        {move || {
            let v = view_state.get();
            match v.store.status.as_str() {
                "verified" => view! { <p class="notice">"Your store is verified: buyers see your active products. "<a href=format!("/s/{}", v.store.slug)>"View your store page"</a></p> }.into_any(),
                "rejected" => view! { <p class="notice-alert">{format!("An admin did not verify your store: {}. Fix your details and save to ask again.", v.review_note)}</p> }.into_any(),
                _ => view! { <p class="notice">"Your store is waiting for an admin to verify it. Complete your details below; buyers see your products once it is verified."</p> }.into_any(),
            }
        }}
        {move || saved.get().then(|| view! { <p class="notice" role="status">"Store settings saved."</p> })}
        {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
        <form class="form product-form" on:submit=submit>
            <section class="panel">
                <h2>"Profile"</h2>
                {field("name", "Store name", |d| d.name.clone(), |d, v| d.name = v, "")}
                <LogoField draft logo_state error saved on_logo />
                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("description"))>
                    <label for="store-description">"Description"</label>
                    <textarea id="store-description" rows="4" prop:value=move || draft.with(|d| d.description.clone())
                        on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))></textarea>
                </div>
                {field("contact_email", "Contact email", |d| d.contact_email.clone(), |d, v| d.contact_email = v, "Buyers' questions go here.")}
                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("ships_from"))>
                    <label for="store-ships-from">"Ships from"</label>
                    <select id="store-ships-from" on:change=move |ev| draft.update(|d| d.ships_from = event_target_value(&ev))>
                        {ORIGINS.iter().map(|(code, name)| {
                            let code = *code;
                            view! { <option value=code selected=move || draft.with(|d| d.ships_from == code)>{*name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </section>
            <section class="panel">
                <h2>"Payouts"</h2>
                {move || {
                    let on_file = view_state.with(|v| v.payout_on_file.clone());
                    (!on_file.is_empty()).then(|| view! { <p class="muted small">{format!("IBAN on file: {on_file}. Leave the field empty to keep it.")}</p> })
                }}
                {field("payout_holder", "Account holder", |d| d.payout_holder.clone(), |d, v| d.payout_holder = v, "")}
                {field("payout_iban", "IBAN", |d| d.payout_iban.clone(), |d, v| d.payout_iban = v, "Payouts are sent here on the 1st and 15th.")}
            </section>
            <button type="submit" class="button primary">"Save store settings"</button>
        </form>
    }
}

/// Where the logo picker stands.
#[derive(Debug, Clone, PartialEq)]
enum LogoState {
    Idle,
    /// Uploading; a local preview of the file.
    Uploading(String),
    Failed(String),
}

#[component]
fn LogoField(
    draft: RwSignal<StoreProfileDraft>,
    logo_state: RwSignal<LogoState>,
    error: RwSignal<Option<AppError>>,
    saved: RwSignal<bool>,
    on_logo: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    view! {
                <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("logo"))>
                    <span class="label">"Logo"</span>
                    <div class="logo-row">
                        {move || {
                            let key = draft.with(|d| d.logo.clone());
                            let initial = draft.with(|d| d.name.chars().next().unwrap_or('S').to_string());
                            match logo_state.get() {
                                LogoState::Uploading(preview) => view! { <img class="store-logo large uploading" src=preview alt="Logo uploading" /> }.into_any(),
                                _ if !key.is_empty() => {
                                    let img = ImageRef { key, alt: "Store logo".into() };
                                    view! { <img class="store-logo large" src=img.url(200) alt="Store logo" /> }.into_any()
                                }
                                _ => view! { <span class="store-avatar large" aria-hidden="true">{initial}</span> }.into_any(),
                            }
                        }}
                        <div>
                            <label class="button" for="store-logo">"Upload a logo"</label>
                            <input id="store-logo" class="visually-hidden" type="file" accept=IMAGE_TYPES on:change=on_logo />
                            {move || draft.with(|d| !d.logo.is_empty()).then(|| view! {
                                <button type="button" class="button" on:click=move |_| { draft.update(|d| d.logo.clear()); saved.set(false); }>"Remove logo"</button>
                            })}
                            <p class="field-hint">"A square JPEG, PNG or WebP image, at most 10 MB. Shown on your store page."</p>
                        </div>
                    </div>
                    {move || match logo_state.get() {
                        LogoState::Failed(message) => Some(view! { <p class="field-error" role="alert">{message}</p> }.into_any()),
                        _ => error.get().filter(|e| e.field() == Some("logo")).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any()),
                    }}
                </div>
    }
    .into_any()
}

use crate::api::accounts::{OpenStore, ResendVerification, SignOut};
use crate::model::Viewer;
use crate::ui::kit::{EmptyState, Field};
use crate::ui::shared::{FormError, field_error};
use crate::ui::shell::AuthState;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = AuthState::get();
    view! {
        <Title text="Your account" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.viewer.await.ok().flatten() {
                    Some(viewer) => view! { <AccountView viewer /> }.into_any(),
                    None => view! {
                        <EmptyState title="Your account" body="Sign in to see your orders, lists and settings.">
                            <a class="button primary" href="/signin?next=/account">"Sign in"</a>
                            " "
                            <a class="button" href="/signup">"Create an account"</a>
                        </EmptyState>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountView(viewer: Viewer) -> impl IntoView {
    let auth = AuthState::get();
    let shop = crate::ui::shared::ShopState::get();
    let open_store = auth.action::<OpenStore>();
    let sign_out = auth.action::<SignOut>();
    let resend = ServerAction::<ResendVerification>::new();
    let store_error = Signal::derive(move || open_store.value().get().and_then(|r| r.err()));
    view! {
        <h1 class="page-title">{format!("Hello, {}", viewer.name)}</h1>
        <nav class="account-links" aria-label="Your things">
            <a class="chip" href="/orders">"Orders"</a>
            <a class="chip" href="/help">"Help"{move || (shop.unread_tickets.get() > 0).then(|| view! { " "<span class="count-badge">{shop.unread_tickets.get()}</span><span class="visually-hidden">" new answers"</span> })}</a>
            <a class="chip" href="/wishlist">"Wishlists"</a>
            <a class="chip" href="/cart">"Cart"</a>
            // Shown by the offline layer when the browser offers installation.
            <button type="button" class="chip install-app" data-install="" hidden>"Install app"</button>
        </nav>
        <p class="muted small ios-install-hint" data-ios-install="" hidden>"Install Bazaar: tap Share, then “Add to Home Screen”."</p>
        <super::account_settings::AccountSettings />
        <section class="panel">
            <h2>"Sign-in email"</h2>
            <dl class="facts">
                <dt>"Email"</dt>
                <dd>
                    {viewer.email.clone()}" "
                    {if viewer.email_verified {
                        view! { <span class="badge ok">"Verified"</span> }.into_any()
                    } else {
                        view! { <span class="badge warn">"Not verified"</span> }.into_any()
                    }}
                </dd>
            </dl>
            {(!viewer.email_verified).then(|| view! {
                <ActionForm action=resend attr:class="inline-form">
                    <button type="submit" class="button">"Resend verification email"</button>
                    {move || matches!(resend.value().get(), Some(Ok(()))).then(|| view! { <span role="status">" Sent: check your inbox."</span> })}
                </ActionForm>
            })}
        </section>
        <section class="panel">
            <h2>"Selling"</h2>
            {match viewer.store.clone() {
                Some(store) => view! {
                    <p>{format!("You run {} ", store.name)}<span class="badge">{store.status.clone()}</span></p>
                    <a class="button primary" href="/sell">"Go to the seller console"</a>
                }.into_any(),
                None => view! {
                    <p>"Open a store to list products and sell to buyers everywhere."</p>
                    <ActionForm action=open_store attr:class="form">
                        <FormError error=store_error />
                        <Field label="Store name" name="store_name" required=true error=field_error(store_error, "store_name") />
                        <button type="submit" class="button primary">"Open a store"</button>
                    </ActionForm>
                }.into_any(),
            }}
            {viewer.is_admin().then(|| view! { <p><a href="/admin">"Platform admin"</a></p> })}
        </section>
        <ActionForm action=sign_out attr:class="inline-form">
            <button type="submit" class="button">"Sign out"</button>
        </ActionForm>
    }
}

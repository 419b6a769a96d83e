//! What every storefront page shares in the browser: the cart's item count, the
//! wished products (for the hearts) and a message line.

use crate::api::cart::cart_count;
use crate::api::wishlists::{set_wished, wished_products};
use crate::client;
use crate::domain::ProductId;
use crate::model::{CartView, Change};
use crate::ui::kit::{Icon, IconKind};
use crate::ui::shell::AuthState;
use leptos::prelude::*;

/// What the buyer is told when a change was kept to sync later.
pub const OFFLINE_SAVED: &str =
    "You're offline. Saved on this device; it syncs when you're back online.";

#[derive(Clone, Copy)]
pub struct ShopState {
    pub cart_count: RwSignal<u32>,
    pub wished: RwSignal<Vec<ProductId>>,
    /// The buyer's tickets with an answer not yet read (the marker on Account).
    pub unread_tickets: RwSignal<i64>,
    /// A short message shown at the bottom of the screen (and announced).
    pub toast: RwSignal<Option<String>>,
}

impl ShopState {
    pub fn provide() {
        let state = ShopState {
            cart_count: RwSignal::new(0),
            wished: RwSignal::new(Vec::new()),
            unread_tickets: RwSignal::new(0),
            toast: RwSignal::new(None),
        };
        provide_context(state);
        let auth = AuthState::get();
        // Changes made offline reached the shop (`/offline.js`): load the hearts, the
        // cart count and the pages that read them (wishlist, cart) again, as after a
        // sign-in.
        #[cfg(feature = "hydrate")]
        std::mem::forget(window_event_listener_untyped("bazaar:synced", move |_| {
            client::forget("wish");
            client::forget("cart");
            auth.changes.update(|n| *n += 1)
        }));
        // In the browser, after hydration and whenever the signed-in person changes.
        Effect::new(move |_| {
            auth.changes.track();
            client::after_hydration(move || {
                leptos::task::spawn_local(async move {
                    if let Ok(n) = client::read("cart_count".into(), cart_count()).await {
                        state.cart_count.set(n);
                    }
                    if let Ok(ids) = client::read("wished".into(), wished_products()).await {
                        state.wished.set(ids);
                    }
                    if let Ok(Some(viewer)) = auth.viewer.await {
                        state.unread_tickets.set(viewer.unread_tickets);
                    }
                });
            });
        });
    }

    pub fn get() -> Self {
        expect_context()
    }

    pub fn cart_changed(&self, cart: &CartView) {
        self.cart_count.set(cart.item_count);
        client::forget("cart");
        client::forget("checkout");
    }

    pub fn say(&self, message: impl Into<String>) {
        let message = message.into();
        self.toast.set(Some(message.clone()));
        let toast = self.toast;
        set_timeout(
            move || {
                if toast.get_untracked().as_deref() == Some(message.as_str()) {
                    toast.set(None);
                }
            },
            std::time::Duration::from_secs(4),
        );
    }
}

/// The message line.
#[component]
pub fn Toast() -> impl IntoView {
    let state = ShopState::get();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || state.toast.get().map(|m| view! { <p class="toast">{m}</p> })}
        </div>
    }
}

/// The heart: a toggle button named "Add to wishlist" whose pressed state says whether
/// the product is wished. It changes at once and rolls back with a message if the
/// shop refuses. Guests are sent to sign in first.
#[component]
pub fn WishButton(product: ProductId, #[prop(optional)] with_text: bool) -> impl IntoView {
    let state = ShopState::get();
    let auth = AuthState::get();
    let pressed = move || state.wished.with(|w| w.contains(&product));
    let toggle = move |_| {
        let signed_in = auth
            .viewer
            .get_untracked()
            .and_then(|r| r.ok())
            .flatten()
            .is_some();
        if !signed_in {
            let here = window().location().pathname().unwrap_or_default()
                + &window().location().search().unwrap_or_default();
            let _ = window()
                .location()
                .set_href(&format!("/signin?next={}", crate::domain::urlencode(&here)));
            return;
        }
        let on = !pressed();
        let before = state.wished.get_untracked();
        state.wished.update(|w| {
            if on {
                w.push(product);
            } else {
                w.retain(|p| *p != product);
            }
        });
        leptos::task::spawn_local(async move {
            match client::mutate(|_key| set_wished(product.0, on)).await {
                Ok(ids) => {
                    state.wished.set(ids);
                    client::forget("wish");
                    state.say(if on {
                        "Saved to your wishlist"
                    } else {
                        "Removed from your wishlist"
                    });
                }
                Err(crate::error::AppError::Offline)
                    if client::queue_offline(&Change::Wish { product, on }) =>
                {
                    client::forget("wish");
                    state.say(OFFLINE_SAVED);
                }
                Err(e) => {
                    state.wished.set(before);
                    state.say(format!("Couldn't update your wishlist. {e}"));
                }
            }
        });
    };
    view! {
        <button
            type="button"
            class=if with_text { "button wish-button" } else { "wish-heart" }
            aria-label="Add to wishlist"
            aria-pressed=move || pressed().to_string()
            title=move || if pressed() { "In your wishlist" } else { "Add to wishlist" }
            on:click=toggle
        >
            <Icon kind=IconKind::Heart />
            {with_text.then(|| view! { <span>{move || if pressed() { "In your wishlist" } else { "Add to wishlist" }}</span> })}
        </button>
    }
}

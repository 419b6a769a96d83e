//! The storefront's one way to data. Every read goes through [`read`], keyed by the
//! request, so a cache can sit under it: in the browser the last good answer for each
//! key is kept and served when the shop cannot be reached. The in-memory store keeps
//! the values themselves, not an encoding of them: the browser bundle then carries no
//! serialiser for what the shop sends, only the decoders. Across reloads and tabs the
//! service worker (`pwa/sw.js`) keeps the shop's answers as it sent them. Every
//! mutation goes through [`mutate`], which attaches one idempotency key to the request
//! and re-sends it with the same key if the connection failed, so the server applies
//! it once; a change that still cannot reach the shop is handed to the offline queue
//! ([`queue_offline`]), which replays it through `api::sync` exactly once.
//!
//! **Page data decodes like server-function answers.** Pages make their resources with
//! `client::resource`, whose codec (`client::WireJson`) decodes with
//! `serde_json::from_slice`, the function server functions use. Leptos' default
//! resource codec reads from `&str`, which instantiates every type's JSON decoder a
//! second time; `clippy.toml` refuses `Resource::new`, so that default does not creep
//! back. The offline cache under `client::read` keeps the values themselves (`Box<dyn
//! Any>`), not JSON, so the browser never serialises what the shop sends.
//!
//! **One client data layer.** Pages read through `client::read(key, fetch)` and change
//! things through `client::mutate(|idempotency_key| …)`. In the browser `read` keeps
//! the last answer per key and serves it when the shop cannot be reached, and `mutate`
//! re-sends a request that never arrived with the same key, so the server applies it
//! once.

use crate::error::{AppError, AppResult};
use leptos::prelude::Resource;
use std::future::Future;

/// A page's data: loaded on the server, sent inside the page and decoded in the
/// browser without asking again. Build one with [`resource`].
pub type Data<T> = Resource<T, WireJson>;

/// A reactive [`Data`]: `fetch` runs again whenever `source` changes.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetch, false)
}

/// JSON, as server functions send it. Page data is decoded by the same function as a
/// server function's answer (`serde_json::from_slice`), so the browser bundle holds
/// one JSON decoder per type instead of two (leptos' default codec reads from `&str`,
/// a second instantiation of every decoder).
pub struct WireJson;

impl<T: serde::Serialize> codee::Encoder<T> for WireJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> codee::Decoder<T> for WireJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// Loads `key` with `fetch`; in the browser, a failed connection falls back to the
/// last answer for the same key.
pub async fn read<T, Fut>(key: String, fetch: Fut) -> AppResult<T>
where
    T: Clone + 'static,
    Fut: Future<Output = AppResult<T>>,
{
    let result = fetch.await;
    #[cfg(feature = "hydrate")]
    match &result {
        Ok(value) => cache::put(key, value.clone()),
        Err(AppError::Offline) => {
            if let Some(value) = cache::get::<T>(&key) {
                return Ok(value);
            }
        }
        Err(_) => {}
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
    result
}

/// Forgets cached answers whose key starts with `prefix` (after a change to them).
pub fn forget(prefix: &str) {
    #[cfg(feature = "hydrate")]
    cache::forget(prefix);
    #[cfg(not(feature = "hydrate"))]
    let _ = prefix;
}

/// Sends a mutation with a fresh idempotency key; a request that never reached the
/// shop is sent again with the same key.
pub async fn mutate<T, F, Fut>(send: F) -> AppResult<T>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = AppResult<T>>,
{
    let key = idempotency_key();
    let mut tries = 0;
    loop {
        match send(key.clone()).await {
            Err(AppError::Offline) if tries < 2 => tries += 1,
            other => return other,
        }
    }
}

/// A random key for one user intent (a UUID in the browser).
pub fn idempotency_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        if let Ok(crypto) = leptos::prelude::window().crypto() {
            return crypto.random_uuid();
        }
        format!("k{}", (js_sys::Math::random() * 1e18) as u64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        format!(
            "server-{}",
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        )
    }
}

#[cfg(any(feature = "hydrate", test))]
mod cache {
    use std::any::Any;
    use std::cell::RefCell;
    use std::collections::HashMap;

    thread_local! {
        static ENTRIES: RefCell<HashMap<String, Box<dyn Any>>> = RefCell::new(HashMap::new());
    }

    pub fn put<T: 'static>(key: String, value: T) {
        ENTRIES.with_borrow_mut(|m| m.insert(key, Box::new(value)));
    }

    /// The last answer for `key`, if there is one of type `T`.
    pub fn get<T: Clone + 'static>(key: &str) -> Option<T> {
        ENTRIES.with_borrow(|m| m.get(key).and_then(|v| v.downcast_ref::<T>()).cloned())
    }

    pub fn forget(prefix: &str) {
        ENTRIES.with_borrow_mut(|m| m.retain(|k, _| !k.starts_with(prefix)));
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn keeps_the_last_answer_per_key_with_its_type() {
            put("cart".into(), vec![1u32, 2]);
            put("cart".into(), vec![3u32]);
            put("orders/7".into(), String::from("shipped"));
            assert_eq!(get::<Vec<u32>>("cart"), Some(vec![3]));
            assert_eq!(get::<String>("orders/7").as_deref(), Some("shipped"));
            // A key read as another type is a miss, not a wrong value.
            assert_eq!(get::<String>("cart"), None);
            assert_eq!(get::<u8>("wishlist"), None);
        }

        #[test]
        fn forgets_by_prefix_only() {
            put("orders".into(), 1u8);
            put("orders/1".into(), 2u8);
            put("cart".into(), 3u8);
            forget("orders");
            assert_eq!(get::<u8>("orders"), None);
            assert_eq!(get::<u8>("orders/1"), None);
            assert_eq!(get::<u8>("cart"), Some(3));
        }
    }
}

/// Runs `f` once the page is fully hydrated. A lazy route's chunk loads during
/// hydration, and effects may run while it does; shared state filled in that window
/// would reach markup that has not hydrated yet, and hydration keeps what the server
/// rendered. Browser-only state (the cart count, hearts) is therefore loaded after.
pub fn after_hydration(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use hydration_context::SharedContext;
        use leptos::prelude::{Owner, set_timeout};
        fn wait(
            context: Option<std::sync::Arc<dyn SharedContext + Send + Sync>>,
            f: Box<dyn FnOnce()>,
        ) {
            if context.as_ref().is_some_and(|c| c.during_hydration()) {
                set_timeout(
                    move || wait(context, f),
                    std::time::Duration::from_millis(20),
                );
            } else {
                f();
            }
        }
        wait(Owner::current_shared_context(), Box::new(f));
    }
    #[cfg(not(feature = "hydrate"))]
    f();
}

/// Waits `ms` milliseconds in the browser (returns at once on the server).
pub async fn sleep(ms: u32) {
    #[cfg(feature = "hydrate")]
    {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = leptos::prelude::window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ms;
}

/// Hands a change the shop could not be reached for to the browser's offline queue
/// (`/offline.js`, loaded after hydration), which replays it exactly once when the
/// network returns (`api::sync`). False when there is no queue to take it (on the
/// server, or before the offline layer has loaded): the caller reports the failure.
///
/// The change goes over as its kind and plain numbers, which the offline layer turns
/// into the wire form of `model::sync::Change`: the first download carries no JSON
/// writer for it.
pub fn queue_offline(change: &crate::model::Change) -> bool {
    queue_offline_after(change, None)
}

/// `queue_offline` for a cart quantity the page knew before (`was`): pages opened
/// offline correct the saved cart count by the difference.
pub fn queue_offline_after(change: &crate::model::Change, was: Option<u32>) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use crate::model::Change;
        let n = |id: i64| id as f64;
        let (kind, a, b, c, name) = match change {
            Change::Wish { product, on } => {
                ("wish", n(product.0), f64::from(u8::from(*on)), 0.0, "")
            }
            Change::MoveWished { product, from, to } => {
                ("move_wished", n(product.0), n(from.0), n(to.0), "")
            }
            Change::CreateList { name } => ("create_list", 0.0, 0.0, 0.0, name.as_str()),
            Change::RenameList { list, name } => {
                ("rename_list", n(list.0), 0.0, 0.0, name.as_str())
            }
            Change::AddToCart { variant, quantity } => {
                ("add_to_cart", n(variant.0), f64::from(*quantity), 0.0, "")
            }
            Change::SetQuantity { variant, quantity } => (
                "set_quantity",
                n(variant.0),
                f64::from(*quantity),
                was.map_or(-1.0, f64::from),
                "",
            ),
        };
        offline::enqueue(kind, a, b, c, name).is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (change, was);
        false
    }
}

/// Tells the offline layer that who is signed in may have changed: it forgets the
/// previous account's saved pages, data and queue when it did.
pub fn account_changed() {
    #[cfg(feature = "hydrate")]
    let _ = offline::check();
}

#[cfg(feature = "hydrate")]
mod offline {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = bazaarOffline, js_name = enqueue, catch)]
        pub fn enqueue(kind: &str, a: f64, b: f64, c: f64, name: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_namespace = bazaarOffline, js_name = check, catch)]
        pub fn check() -> Result<JsValue, JsValue>;
    }
}

//! The storefront's one way to data. Every read goes through [`read`], keyed by the
//! request, so a cache can sit under it: in the browser the last good answer for each
//! key is kept and served when the shop cannot be reached (an IndexedDB store can
//! replace the in-memory one without touching a page). Every mutation goes through
//! [`mutate`], which attaches one idempotency key to the request and re-sends it with
//! the same key if the connection failed, so the server applies it once; an offline
//! queue can replay through the same function.

use crate::error::{AppError, AppResult};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

/// Loads `key` with `fetch`; in the browser, a failed connection falls back to the
/// last answer for the same key.
pub async fn read<T, Fut>(key: String, fetch: Fut) -> AppResult<T>
where
    T: Serialize + DeserializeOwned,
    Fut: Future<Output = AppResult<T>>,
{
    let result = fetch.await;
    #[cfg(feature = "hydrate")]
    match &result {
        Ok(value) => {
            if let Ok(json) = serde_json::to_string(value) {
                cache::put(key, json);
            }
        }
        Err(AppError::Offline) => {
            if let Some(value) = cache::get(&key).and_then(|j| serde_json::from_str(&j).ok()) {
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

#[cfg(feature = "hydrate")]
mod cache {
    use std::cell::RefCell;
    use std::collections::HashMap;

    thread_local! {
        static ENTRIES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }

    pub fn put(key: String, json: String) {
        ENTRIES.with_borrow_mut(|m| m.insert(key, json));
    }

    pub fn get(key: &str) -> Option<String> {
        ENTRIES.with_borrow(|m| m.get(key).cloned())
    }

    pub fn forget(prefix: &str) {
        ENTRIES.with_borrow_mut(|m| m.retain(|k, _| !k.starts_with(prefix)));
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

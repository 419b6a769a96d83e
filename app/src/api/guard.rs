//! The one authorisation helper every server function calls, and the few request
//! facts (session cookie, client address, response status) they need.

use crate::backend::{Origin, Services};
use crate::domain::IdempotencyKey;
use crate::error::{AppError, AppResult};
use crate::model::Viewer;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "mp_session";
/// The name of a guest's cart cookie.
pub const CART_COOKIE: &str = "mp_cart";

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// A signed-in account that owns a store.
    Seller,
    /// A platform administrator.
    Admin,
}

/// The caller of a server function, once authorised.
pub struct Caller {
    pub viewer: Option<Viewer>,
    pub services: Services,
    pub origin: Origin,
    session_token: Option<String>,
    cart_token: Option<String>,
}

impl Caller {
    /// Whose cart this request works on; a guest without a cart cookie gets one.
    pub fn cart_owner(&self, create: bool) -> Option<crate::backend::CartOwner> {
        use crate::backend::CartOwner;
        if let Some(v) = &self.viewer {
            return Some(CartOwner::Account(v.id));
        }
        match &self.cart_token {
            Some(t) => Some(CartOwner::Guest(t.clone())),
            None if create => {
                let token = crate::tokens::random_token();
                set_cookie(
                    CART_COOKIE,
                    &token,
                    30 * 24 * 3600,
                    self.services.web.secure_cookies,
                );
                Some(CartOwner::Guest(token))
            }
            None => None,
        }
    }

    /// The guest cart cookie this request carried.
    pub fn guest_cart(&self) -> Option<&str> {
        self.cart_token.as_deref()
    }

    /// Runs a mutation at most once per idempotency key for a signed-in caller: a
    /// repeat with the same key gets the first result back without running again.
    pub async fn once<T, F>(
        &self,
        key: Option<&str>,
        request: &impl serde::Serialize,
        run: F,
    ) -> AppResult<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: std::future::Future<Output = AppResult<T>>,
    {
        use crate::backend::Claim;
        let (Some(viewer), Some(key)) = (&self.viewer, key) else {
            return run.await;
        };
        let key =
            IdempotencyKey::parse(key).map_err(|e| AppError::validation("idempotency_key", e.0))?;
        let key = &key;
        let request = serde_json::to_string(request).map_err(|_| AppError::Internal)?;
        match self
            .services
            .replays
            .claim(viewer.id, key, &request)
            .await?
        {
            Claim::Done(response) => {
                serde_json::from_str(&response).map_err(|_| AppError::Internal)
            }
            Claim::New => {
                let result = run.await;
                match &result {
                    Ok(value) => {
                        let response =
                            serde_json::to_string(value).map_err(|_| AppError::Internal)?;
                        self.services
                            .replays
                            .complete(viewer.id, key, &response)
                            .await?;
                    }
                    Err(_) => self.services.replays.abandon(viewer.id, key).await?,
                }
                result
            }
        }
    }
    /// The signed-in viewer; only `None` for [`Access::Public`].
    pub fn signed_in(&self) -> AppResult<&Viewer> {
        self.viewer.as_ref().ok_or(AppError::Unauthorized)
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

/// A seller's call: the caller and their store (403 for an account without one).
/// Every console function reaches only this store.
pub async fn authorize_seller() -> AppResult<(Caller, crate::domain::StoreId)> {
    let (caller, store) = authorize_store().await?;
    Ok((caller, store.id))
}

/// [`authorize_seller`] with the store's summary (name, slug) for the functions
/// that show it.
pub async fn authorize_store() -> AppResult<(Caller, crate::model::StoreSummary)> {
    let caller = authorize(Access::Seller).await?;
    let store = caller
        .signed_in()?
        .seller_store()
        .cloned()
        .ok_or(AppError::Forbidden);
    let store = finish(store)?;
    Ok((caller, store))
}

/// Resolves the session and checks `access`; sets the response status on refusal.
pub async fn authorize(access: Access) -> AppResult<Caller> {
    let result = resolve(access).await;
    if let Err(e) = &result {
        set_status(e);
    }
    result
}

async fn resolve(access: Access) -> AppResult<Caller> {
    let services = use_context::<Services>().ok_or_else(|| {
        tracing::error!("services missing from the request context");
        AppError::Internal
    })?;
    let parts = use_context::<Parts>();
    let headers = parts.as_ref().map(|p| &p.headers);
    let session_token = headers.and_then(|h| cookie(h, SESSION_COOKIE));
    let cart_token = headers
        .and_then(|h| cookie(h, CART_COOKIE))
        .filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()));
    let viewer = match &session_token {
        Some(token) => services.accounts.viewer(token).await?,
        None => None,
    };
    let ip = parts.as_ref().and_then(client_ip);
    let caller = Caller {
        viewer,
        services,
        origin: Origin { ip },
        session_token,
        cart_token,
    };
    match access {
        Access::Public => Ok(caller),
        _ if caller.viewer.is_none() => Err(AppError::Unauthorized),
        Access::SignedIn => Ok(caller),
        Access::Seller if caller.viewer.as_ref().is_some_and(Viewer::is_seller) => Ok(caller),
        Access::Admin if caller.viewer.as_ref().is_some_and(Viewer::is_admin) => Ok(caller),
        Access::Seller | Access::Admin => Err(AppError::Forbidden),
    }
}

/// Passes a service result through, setting the HTTP status when it is an error.
pub fn finish<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result {
        set_status(e);
    }
    result
}

fn set_status(e: &AppError) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
}

/// Whether the request is a plain HTML form post (no JavaScript ran in the page): its
/// answer is then a page to go to, not data.
pub fn plain_form() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The value of cookie `name` in a request's headers, if it is set and not empty.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

fn client_ip(parts: &Parts) -> Option<String> {
    parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone())
}

/// The client's address, put into request extensions by the server's middleware.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// Sets (or, with `max_age_secs == 0`, clears) the session cookie on the response.
pub fn set_session_cookie(token: &str, max_age_secs: i64, secure: bool) {
    set_cookie(SESSION_COOKIE, token, max_age_secs, secure);
}

/// Sets (or, with `max_age_secs == 0`, clears) an HttpOnly cookie on the response.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(header::SET_COOKIE, value);
    }
}

//! The one authorisation helper every server function calls, and the few request
//! facts (session cookie, client address, response status) they need.

use crate::backend::{Origin, Services};
use crate::error::{AppError, AppResult};
use crate::model::Viewer;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "mp_session";

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
}

impl Caller {
    /// The signed-in viewer; only `None` for [`Access::Public`].
    pub fn signed_in(&self) -> AppResult<&Viewer> {
        self.viewer.as_ref().ok_or(AppError::Unauthorized)
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
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
    let session_token = headers.and_then(session_cookie);
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

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
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
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(header::SET_COOKIE, value);
    }
}

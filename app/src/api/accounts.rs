//! Accounts: sign up, sign in and out, email verification, password reset, opening a store.

use crate::error::AppResult;
use crate::model::{StoreSummary, Viewer};
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use {
    super::guard::{Access, authorize, finish, set_session_cookie},
    crate::domain::{DisplayName, Email, Password, StoreName},
    crate::error::AppError,
};

/// Moves what a guest put in their cart into the account they just signed in to.
/// A failure is logged and leaves the guest cart in place: signing in still works.
#[cfg(feature = "ssr")]
async fn merge_guest_cart(caller: &super::guard::Caller, session_token: &str) {
    let Some(guest) = caller.guest_cart() else {
        return;
    };
    let services = &caller.services;
    if let Ok(Some(viewer)) = services.accounts.viewer(session_token).await {
        match services.shop.merge_guest_cart(guest, viewer.id).await {
            Ok(()) => super::guard::set_cookie(
                super::guard::CART_COOKIE,
                "",
                0,
                services.web.secure_cookies,
            ),
            Err(e) => tracing::warn!(?e, "merging a guest cart failed"),
        }
    }
}

/// The signed-in viewer, or `None` for a guest.
#[server(endpoint = "current_viewer", input = GetUrl)]
pub async fn current_viewer() -> AppResult<Option<Viewer>> {
    Ok(authorize(Access::Public).await?.viewer)
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    let parsed = (|| {
        Ok::<_, AppError>((
            DisplayName::parse(&name).map_err(|e| AppError::validation("name", e.0))?,
            Email::parse(&email).map_err(|e| AppError::validation("email", e.0))?,
            Password::parse(&password).map_err(|e| AppError::validation("password", e.0))?,
        ))
    })();
    let (name, email, password) = finish(parsed)?;
    let session = finish(
        caller
            .services
            .accounts
            .sign_up(email, password, name, &caller.origin)
            .await,
    )?;
    set_session_cookie(
        &session.token,
        session.max_age_secs,
        caller.services.web.secure_cookies,
    );
    merge_guest_cart(&caller, &session.token).await;
    leptos_axum::redirect("/account");
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    let session = finish(
        caller
            .services
            .accounts
            .sign_in(&email, &password, &caller.origin)
            .await,
    )?;
    set_session_cookie(
        &session.token,
        session.max_age_secs,
        caller.services.web.secure_cookies,
    );
    merge_guest_cart(&caller, &session.token).await;
    // Only same-site paths, never another origin.
    let next = next
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    leptos_axum::redirect(&next);
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    if let Some(token) = caller.session_token() {
        finish(caller.services.accounts.sign_out(token).await)?;
    }
    set_session_cookie("", 0, caller.services.web.secure_cookies);
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    finish(caller.services.accounts.verify_email(token.trim()).await)
}

#[server(endpoint = "resend_verification")]
pub async fn resend_verification() -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.accounts.resend_verification(id).await)
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    let email = finish(Email::parse(&email).map_err(|e| AppError::validation("email", e.0)))?;
    finish(
        caller
            .services
            .accounts
            .request_password_reset(email, &caller.origin)
            .await,
    )
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    let password =
        finish(Password::parse(&password).map_err(|e| AppError::validation("password", e.0)))?;
    finish(
        caller
            .services
            .accounts
            .reset_password(token.trim(), password)
            .await,
    )
}

/// Turns the signed-in buyer into a seller with a new store (pending verification).
#[server(endpoint = "open_store")]
pub async fn open_store(store_name: String) -> AppResult<StoreSummary> {
    let caller = authorize(Access::SignedIn).await?;
    let viewer = caller.signed_in()?;
    let name =
        finish(StoreName::parse(&store_name).map_err(|e| AppError::validation("store_name", e.0)))?;
    let store = finish(caller.services.accounts.open_store(viewer.id, name).await)?;
    leptos_axum::redirect("/sell");
    Ok(store)
}

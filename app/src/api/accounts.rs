//! Accounts: sign up, sign in and out, email verification, password reset, opening a store.

pub mod profile;

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
        match services.cart.merge_guest_cart(guest, viewer.id).await {
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

/// Signing in on a browser that already had a session ends that session: one
/// browser holds one session, and a session token seen before sign-in is never
/// trusted after it.
#[cfg(feature = "ssr")]
async fn end_previous_session(caller: &super::guard::Caller) {
    if let Some(old) = caller.session_token()
        && let Err(e) = caller.services.accounts.sign_out(old).await
    {
        tracing::warn!(?e, "ending the previous session failed");
    }
}

/// The signed-in viewer, or `None` for a guest.
#[server(endpoint = "current_viewer", input = GetUrl)]
pub async fn current_viewer() -> AppResult<Option<Viewer>> {
    let caller = authorize(Access::Public).await?;
    let Some(mut viewer) = caller.viewer else {
        return Ok(None);
    };
    viewer.unread_tickets = caller.services.support.unread(viewer.id).await?;
    Ok(Some(viewer))
}

/// Creates an account and mails a link to confirm the address; the link signs the
/// new account in. The answer is the same for an email that already has an account
/// (its owner gets a mail instead), so nobody learns who has one.
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
    finish(
        caller
            .services
            .accounts
            .sign_up(email, password, name, &caller.origin)
            .await,
    )?;
    leptos_axum::redirect("/verify-email?sent=1");
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
    end_previous_session(&caller).await;
    // Only same-site paths, never another origin.
    leptos_axum::redirect(&crate::domain::return_path::return_path_or_home(
        next.as_deref(),
    ));
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

/// Confirms an address from its mailed link and signs its account in.
#[server(endpoint = "verify_email")]
pub async fn verify_email(token: String) -> AppResult<()> {
    let caller = authorize(Access::Public).await?;
    let session = finish(caller.services.accounts.verify_email(token.trim()).await)?;
    set_session_cookie(
        &session.token,
        session.max_age_secs,
        caller.services.web.secure_cookies,
    );
    merge_guest_cart(&caller, &session.token).await;
    end_previous_session(&caller).await;
    Ok(())
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

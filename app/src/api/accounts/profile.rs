//! The buyer's account settings: profile, notification preferences, addresses, cards.

use crate::domain::address::AddressInput;
use crate::error::AppResult;
use crate::model::{AddressView, NotificationPrefs, PaymentMethodView, ProfileView};
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

#[cfg(feature = "ssr")]
use {
    crate::api::guard::{Access, authorize, finish},
    crate::domain::address::Address,
    crate::domain::{AddressId, DisplayName, PaymentMethodId},
    crate::error::AppError,
};

#[server(endpoint = "my_profile", input = GetUrl)]
pub async fn my_profile() -> AppResult<ProfileView> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.profile.profile(id).await)
}

#[server(endpoint = "update_profile")]
pub async fn update_profile(name: String) -> AppResult<ProfileView> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    let name = finish(DisplayName::parse(&name).map_err(|e| AppError::validation("name", e.0)))?;
    finish(caller.services.profile.rename(id, name).await)
}

#[server(endpoint = "set_notification_prefs", input = Json)]
pub async fn set_notification_prefs(prefs: NotificationPrefs) -> AppResult<ProfileView> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.profile.set_prefs(id, prefs).await)
}

#[server(endpoint = "my_addresses", input = GetUrl)]
pub async fn my_addresses() -> AppResult<Vec<AddressView>> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.profile.addresses(id).await)
}

/// Adds an address (`id` None) or edits one.
#[server(endpoint = "save_address", input = Json)]
pub async fn save_address(
    id: Option<i64>,
    address: AddressInput,
    make_default: bool,
    idempotency_key: Option<String>,
) -> AppResult<AddressView> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    let parsed = finish(Address::parse(&address).map_err(|(f, e)| AppError::validation(f, e.0)))?;
    let request = (id, &address, make_default);
    finish(
        caller
            .once(
                idempotency_key.as_deref(),
                &request,
                caller.services.profile.save_address(
                    account,
                    id.map(AddressId),
                    parsed,
                    make_default,
                ),
            )
            .await,
    )
}

#[server(endpoint = "delete_address")]
pub async fn delete_address(id: i64) -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .profile
            .delete_address(account, AddressId(id))
            .await,
    )
}

#[server(endpoint = "my_payment_methods", input = GetUrl)]
pub async fn my_payment_methods() -> AppResult<Vec<PaymentMethodView>> {
    let caller = authorize(Access::SignedIn).await?;
    let id = caller.signed_in()?.id;
    finish(caller.services.profile.payment_methods(id).await)
}

/// Saves a card: the gateway tokenises it and only the token is kept.
#[server(endpoint = "add_payment_method")]
pub async fn add_payment_method(
    number: String,
    expiry: String,
    cvc: String,
) -> AppResult<PaymentMethodView> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    let token = finish(
        caller
            .services
            .payments
            .tokenize(&number, &expiry, cvc.trim())
            .await,
    )?;
    finish(
        caller
            .services
            .profile
            .save_payment_method(account, token)
            .await,
    )
}

#[server(endpoint = "delete_payment_method")]
pub async fn delete_payment_method(id: i64) -> AppResult<()> {
    let caller = authorize(Access::SignedIn).await?;
    let account = caller.signed_in()?.id;
    finish(
        caller
            .services
            .profile
            .delete_payment_method(account, PaymentMethodId(id))
            .await,
    )
}

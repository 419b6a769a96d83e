use crate::api::accounts::{RequestPasswordReset, ResetPassword, SignIn, SignUp, VerifyEmail};
use crate::error::AppError;
use crate::ui::kit::{EmptyState, Field};
use crate::ui::shared::{FormError, field_error};
use crate::ui::shell::AuthState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The error of the last submission of an action, as a signal.
fn last_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = AuthState::get().action::<SignIn>();
    let query = use_query_map();
    let next = move || {
        crate::domain::return_path::return_path_or_home(query.read().get("next").as_deref())
    };
    let error = last_error(sign_in);
    view! {
        <Title text="Sign in" />
        <div class="auth-card">
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in attr:class="form">
                <FormError error />
                <input type="hidden" name="next" value=next />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button primary wide" disabled=move || sign_in.pending().get()>"Sign in"</button>
            </ActionForm>
            <p class="auth-alt"><a href="/reset-password">"Forgot your password?"</a></p>
            <p class="auth-alt">"New here? "<a href="/signup">"Create an account"</a></p>
        </div>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let sign_up = AuthState::get().action::<SignUp>();
    let error = last_error(sign_up);
    view! {
        <Title text="Create an account" />
        <div class="auth-card">
            <h1>"Create an account"</h1>
            <ActionForm action=sign_up attr:class="form">
                <FormError error />
                <Field label="Name" name="name" autocomplete="name" required=true error=field_error(error, "name") />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true error=field_error(error, "email") />
                <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters." error=field_error(error, "password") />
                <button type="submit" class="button primary wide" disabled=move || sign_up.pending().get()>"Sign up"</button>
            </ActionForm>
            <p class="auth-alt">"Already have an account? "<a href="/signin">"Sign in"</a></p>
        </div>
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let sent = move || query.read().get("sent").is_some() && token().is_empty();
    let verify = ServerAction::<VerifyEmail>::new();
    let error = last_error(verify);
    let done = move || matches!(verify.value().get(), Some(Ok(())));
    // Verifying signs the account in: the top bar and cart load again.
    let changes = AuthState::get().changes;
    Effect::new(move |seen: Option<usize>| {
        let version = verify.version().get();
        if seen.is_some_and(|seen| seen != version) {
            changes.update(|n| *n += 1);
        }
        version
    });
    view! {
        <Title text="Verify your email" />
        <div class="auth-card">
            <Show when=move || !sent() fallback=|| view! {
                <h1>"Check your email"</h1>
                <p role="status">"We've sent a link to your email address. Open it to confirm the address and finish creating your account."</p>
                <p class="auth-alt">"Already have an account? "<a href="/signin">"Sign in"</a></p>
            }>
                <h1>"Verify your email"</h1>
                <Show when=done fallback=move || view! {
                    <ActionForm action=verify attr:class="form">
                        <FormError error />
                        <input type="hidden" name="token" value=token />
                        <p>"Confirm that this address is yours."</p>
                        <button type="submit" class="button primary wide">"Verify my email"</button>
                    </ActionForm>
                }>
                    <p role="status">"Thanks, your email address is verified and you're signed in."</p>
                    <a class="button primary" href="/">"Start shopping"</a>
                </Show>
            </Show>
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").filter(|t| !t.is_empty());
    view! {
        <Title text="Reset your password" />
        <div class="auth-card">
            <h1>"Reset your password"</h1>
            {move || match token() {
                Some(token) => view! { <SetNewPassword token /> }.into_any(),
                None => view! { <RequestReset /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn RequestReset() -> impl IntoView {
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = last_error(request);
    let sent = move || matches!(request.value().get(), Some(Ok(())));
    view! {
        <Show when=sent fallback=move || view! {
            <ActionForm action=request attr:class="form">
                <FormError error />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true error=field_error(error, "email") />
                <button type="submit" class="button primary wide">"Send reset link"</button>
            </ActionForm>
        }>
            <p role="status">"If an account uses that address, a link to reset the password is on its way."</p>
        </Show>
    }
}

#[component]
fn SetNewPassword(token: String) -> impl IntoView {
    let reset = ServerAction::<ResetPassword>::new();
    let error = last_error(reset);
    let done = move || matches!(reset.value().get(), Some(Ok(())));
    let token = StoredValue::new(token);
    view! {
        <Show when=done fallback=move || view! {
            <ActionForm action=reset attr:class="form">
                <FormError error />
                <input type="hidden" name="token" value=token.get_value() />
                <Field label="New password" name="password" kind="password" autocomplete="new-password" required=true
                    hint="At least 10 characters." error=field_error(error, "password") />
                <button type="submit" class="button primary wide">"Set new password"</button>
            </ActionForm>
        }>
            <EmptyState title="Your password is changed" body="Sign in with your new password.">
                <a class="button primary" href="/signin">"Sign in"</a>
            </EmptyState>
        </Show>
    }
}

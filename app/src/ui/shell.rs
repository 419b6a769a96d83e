//! The app shell: top bar with search, the phone tab bar, sign-in state, 404.
//!
//! **Session actions belong to the app, made by their pages.**
//! `AuthState::action::<S>()` makes the sign-in, sign-up, sign-out or open-store action
//! the first time a page asks for it, owned by the app (the server answers with a
//! redirect, and the page is gone before the action completes), and each completed one
//! moves `AuthState::changes`, on which the viewer, the cart count and the hearts load
//! again. Their client code loads with the pages that use them, not in the first
//! download.

use crate::api::accounts::current_viewer;
use crate::client;
use crate::error::{AppError, AppResult};
use crate::model::Viewer;
use crate::ui::kit::{EmptyState, Icon, IconKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;
use std::any::Any;

/// The shop's name as people see it.
pub const SHOP_NAME: &str = "Bazaar";

/// The document title for a page's `<Title text=…>`: the shop's name after it, and,
/// in server rendering, HTML-escaped. `leptos_meta` 0.8 writes the title into the
/// server-rendered `<head>` as it is (no escaping), so a product, store, list name or
/// search that holds `</title><script>` would otherwise run; in the browser it is
/// set through `document.title`, which takes text. The app installs this as the one
/// title formatter (`App`), so every page's title passes through it.
pub fn page_title(title: String) -> String {
    let full = if title.is_empty() {
        SHOP_NAME.to_string()
    } else {
        format!("{title} · {}", SHOP_NAME)
    };
    if cfg!(feature = "ssr") {
        escape_html(&full)
    } else {
        full
    }
}

/// Text made safe inside HTML text and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Who is signed in. Provided once by the app.
#[derive(Clone, Copy)]
pub struct AuthState {
    pub viewer: client::Data<AppResult<Option<Viewer>>>,
    /// Counts completed sign-ins, sign-ups, sign-outs and new stores: anything that
    /// changes who is signed in or what they may do. The viewer and the shop state
    /// load again when it moves.
    pub changes: RwSignal<u32>,
    owner: StoredValue<Owner>,
    actions: StoredValue<Vec<Box<dyn Any + Send + Sync>>>,
}

impl AuthState {
    pub fn provide() {
        let changes = RwSignal::new(0u32);
        let viewer = client::resource(move || changes.get(), |_| current_viewer());
        provide_context(AuthState {
            viewer,
            changes,
            owner: StoredValue::new(Owner::current().expect("the app has an owner")),
            actions: StoredValue::new(Vec::new()),
        });
    }

    pub fn get() -> Self {
        expect_context()
    }

    /// The app's action for `S` (sign in, sign up, sign out, open a store), made on
    /// first use. It belongs to the app, not to the page that submits it: the server
    /// answers with a redirect, and that page is gone before the action completes.
    /// Pages ask for it, so its code loads with the first page that does.
    pub fn action<S>(&self) -> ServerAction<S>
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        if let Some(found) = self.actions.with_value(|all| {
            all.iter()
                .find_map(|a| a.downcast_ref::<ServerAction<S>>().copied())
        }) {
            return found;
        }
        let changes = self.changes;
        // A clone: making the action adds to the arena that holds the owner.
        let owner = self.owner.get_value();
        let action = owner.with(|| {
            let action = ServerAction::<S>::new();
            Effect::new(move |seen: Option<usize>| {
                let done = action.version().get();
                if seen.is_some_and(|seen| seen != done) {
                    changes.update(|n| *n += 1);
                    client::account_changed();
                }
                done
            });
            action
        });
        self.actions.update_value(|all| all.push(Box::new(action)));
        action
    }
}

/// Sets the HTTP status of the server-rendered page (no-op in the browser).
pub fn set_http_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn TopBar() -> impl IntoView {
    let auth = AuthState::get();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    // Suggestions while typing: the latest answer wins, older ones are dropped.
    let suggestions = RwSignal::new(Vec::<String>::new());
    let asked = RwSignal::new(0u32);
    // A new page (a search submitted, a suggestion followed) closes the list.
    Effect::new(move |_| {
        query.track();
        suggestions.set(Vec::new());
    });
    let suggest_for = move |text: String| {
        let ticket = asked.get_untracked() + 1;
        asked.set(ticket);
        if text.trim().chars().count() < 2 {
            suggestions.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = crate::api::catalog::suggest(text).await
                && asked.get_untracked() == ticket
            {
                suggestions.set(found);
            }
        });
    };
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <div class="topbar-inner">
                <a href="/" class="brand" aria-label=format!("{} home", SHOP_NAME)>
                    <span class="brand-mark" aria-hidden="true">"B"</span>
                    <span class="brand-name">{SHOP_NAME}</span>
                </a>
                <form class="search-form" action="/search" method="get" role="search">
                    <Icon kind=IconKind::Search class="search-icon" />
                    <input
                        type="search"
                        name="q"
                        aria-label="Search"
                        placeholder="Search for anything"
                        prop:value=q
                        autocomplete="off"
                        enterkeyhint="search"
                        on:input=move |ev| suggest_for(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Escape" { suggestions.set(Vec::new()) }
                    />
                    <Show when=move || !suggestions.get().is_empty()>
                        <ul class="suggestions" aria-label="Suggestions">
                            {move || suggestions.get().into_iter().map(|s| {
                                let href = format!("/search?q={}", crate::domain::urlencode(&s));
                                view! { <li><a href=href on:click=move |_| suggestions.set(Vec::new())>{s}</a></li> }
                            }).collect_view()}
                        </ul>
                    </Show>
                </form>
                <nav class="topnav" aria-label="Account">
                    <A href="/wishlist">"Wishlist"</A>
                    <A href="/cart">"Cart"<CartCount class="count-badge" /></A>
                    <Transition fallback=|| view! { <A href="/signin">"Sign in"</A> }>
                        {move || Suspend::new(async move {
                            match auth.viewer.await.ok().flatten() {
                                Some(v) => view! {
                                    {v.is_seller().then(|| view! { <a href="/sell">"Sell"</a> })}
                                    {v.is_admin().then(|| view! { <a href="/admin">"Admin"</a> })}
                                    <A href="/account">"Account"</A>
                                }.into_any(),
                                None => view! { <A href="/signin">"Sign in"</A> }.into_any(),
                            }
                        })}
                    </Transition>
                </nav>
            </div>
        </header>
    }
}

/// The bottom tab bar on phones.
#[component]
pub fn TabBar() -> impl IntoView {
    let tab = |href: &'static str, label: &'static str, kind: IconKind| {
        view! {
            <A href=href exact=true>
                <Icon kind />
                <span>{label}</span>
            </A>
        }
    };
    view! {
        <nav class="tabbar" aria-label="Main">
            {tab("/", "Home", IconKind::Home)}
            {tab("/search", "Search", IconKind::Search)}
            {tab("/wishlist", "Wishlist", IconKind::Heart)}
            <A href="/cart" exact=true>
                <span class="tab-icon">
                    <Icon kind=IconKind::Cart />
                    <CartCount class="tab-badge" />
                </span>
                <span>"Cart"</span>
            </A>
            <A href="/account" exact=true>
                <span class="tab-icon">
                    <Icon kind=IconKind::User />
                    <UnreadMarker />
                </span>
                <span>"Account"</span>
            </A>
        </nav>
    }
}

/// The number of items in the cart, hidden while the cart is empty. The element is
/// always there and only its text and `hidden` change, so a count that arrives while
/// a lazy page is still loading never upsets hydration.
#[component]
fn CartCount(class: &'static str) -> impl IntoView {
    let count = crate::ui::shared::ShopState::get().cart_count;
    view! {
        <span class=class hidden=move || count.get() == 0 aria-label=move || format!("{} items", count.get())>
            {move || count.get()}
        </span>
    }
}

/// A dot on the Account tab while a ticket has an answer the buyer has not read.
#[component]
fn UnreadMarker() -> impl IntoView {
    let unread = crate::ui::shared::ShopState::get().unread_tickets;
    view! {
        <span class="tab-dot" hidden=move || unread.get() == 0 aria-label="New answer to your request"></span>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_http_status(404);
    view! {
        <Title text="Page not found" />
        <EmptyState title="We couldn't find that page" body="It may have moved, or the link may be wrong.">
            <a class="button" href="/">"Back to the shop"</a>
        </EmptyState>
    }
}

/// A failed load, with a way out.
#[component]
pub fn ErrorPage(error: crate::error::AppError) -> impl IntoView {
    set_http_status(error.status());
    let title = match error.status() {
        404 => "Not found",
        401 => "Please sign in",
        403 => "No access",
        _ => "Something went wrong",
    };
    view! {
        <Title text=title />
        <EmptyState title=title body=error.to_string()>
            <a class="button" href="/">"Back to the shop"</a>
        </EmptyState>
    }
}

//! The platform admin at `/admin`.

use crate::api::admin::get_admin_overview;
use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::{AuthState, ErrorPage, set_http_status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{LazyRoute, lazy_route};

/// The admin area is loaded lazily, so a buyer's bundle never carries it.
pub struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute
    }
    fn view(_this: Self) -> AnyView {
        view! { <AdminPage /> }.into_any()
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let auth = AuthState::get();
    view! {
        <Title text="Admin" />
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match auth.viewer.await.ok().flatten() {
                    Some(v) if v.is_admin() => view! { <AdminOverviewView /> }.into_any(),
                    Some(_) => {
                        set_http_status(403);
                        view! { <EmptyState title="No access" body="This area is for platform administrators." /> }.into_any()
                    }
                    None => {
                        set_http_status(401);
                        view! {
                            <EmptyState title="Sign in" body="The admin area is for platform administrators.">
                                <a class="button primary" href="/signin?next=/admin">"Sign in"</a>
                            </EmptyState>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AdminOverviewView() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_admin_overview());
    view! {
        <h1 class="page-title">"Platform admin"</h1>
        <nav class="admin-nav" aria-label="Admin">
            <a href="/admin" aria-current="page">"Overview"</a>
        </nav>
        <Suspense fallback=|| view! { <SkeletonLines count=2 /> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <div class="stats">
                            <div class="stat"><p class="stat-label">"Accounts"</p><p class="stat-value">{o.accounts}</p></div>
                            <div class="stat"><p class="stat-label">"Stores"</p><p class="stat-value">{o.stores}</p></div>
                            <div class="stat"><p class="stat-label">"Stores awaiting verification"</p><p class="stat-value">{o.pending_stores}</p></div>
                            <div class="stat"><p class="stat-label">"Products"</p><p class="stat-value">{o.products}</p></div>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

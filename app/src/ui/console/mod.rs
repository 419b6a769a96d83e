//! The seller console at `/sell`: desktop first, usable on a phone. Its pages are
//! hydrated by the console bundle, which a buyer never downloads (see `routes`).

use crate::ui::kit::{EmptyState, SkeletonLines};
use crate::ui::shell::{AuthState, NotFound, set_http_status};
pub use boost::BoostPage;
pub use dashboard::DashboardPage;
pub use disputes::DisputePage;
pub use inventory::InventoryPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_params_map;
pub use orders::{OrdersPage, PackingSlipPage, SellerOrderPage};
pub use payments::PaymentsPage;
pub use performance::PerformancePage;
pub use products::{ProductEditPage, ProductsPage};
pub use promotions::PromotionsPage;
pub use reviews::ReviewsPage;
pub use store::StorePage;
pub use support::{CannedRepliesPage, InboxPage, SellerTicketPage, Staff, StaffTicketPage};

mod boost;
mod dashboard;
mod disputes;
mod inventory;
mod orders;
mod payments;
mod performance;
mod products;
mod promotions;
mod reviews;
mod store;
mod support;

/// The console's sections: path segment, title, what the section is for.
pub const SECTIONS: [(&str, &str, &str); 10] = [
    ("", "Dashboard", "Sales, orders and alerts at a glance."),
    (
        "products",
        "Products",
        "Your listings, their variants, prices and stock.",
    ),
    (
        "orders",
        "Orders",
        "New orders, orders to ship and their tracking.",
    ),
    (
        "support",
        "Customer service",
        "Buyer tickets that need an answer.",
    ),
    (
        "reviews",
        "Reviews",
        "What buyers say about your products, and your replies.",
    ),
    (
        "promotions",
        "Promotions",
        "Discounts, flash sales and promo codes.",
    ),
    (
        "boost",
        "Boost",
        "Paid exposure for your products in the feed and search.",
    ),
    (
        "payments",
        "Payments",
        "Your balance, payouts and every transaction.",
    ),
    (
        "performance",
        "Performance",
        "The standards that decide your store's exposure.",
    ),
    (
        "store",
        "Store settings",
        "Your store's profile and payout details.",
    ),
];

#[component]
pub fn ConsoleLayout() -> impl IntoView {
    let auth = AuthState::get();
    // Tickets waiting for the seller, for the navigation: loaded in the browser once
    // the page has hydrated (the badge is always in the markup, hidden at zero).
    let waiting = RwSignal::new(0i64);
    Effect::new(move |_| {
        crate::client::after_hydration(move || {
            leptos::task::spawn_local(async move {
                if let Ok(inbox) =
                    crate::api::support::console::inbox("awaiting_seller".into(), None).await
                {
                    let n = inbox
                        .counts
                        .iter()
                        .filter(|(q, _)| *q == crate::domain::support::TicketStatus::AwaitingSeller)
                        .map(|(_, n)| *n)
                        .sum();
                    waiting.set(n);
                }
            });
        });
    });
    view! {
        <Suspense fallback=|| view! { <SkeletonLines count=4 /> }>
            {move || Suspend::new(async move {
                match auth.viewer.await.ok().flatten() {
                    None => {
                        set_http_status(401);
                        view! {
                            <Title text="Seller console" />
                            <EmptyState title="Sign in to sell" body="The seller console is for signed-in sellers.">
                                <a class="button primary" href="/signin?next=/sell">"Sign in"</a>
                            </EmptyState>
                        }.into_any()
                    }
                    Some(v) if !v.is_seller() => {
                        set_http_status(403);
                        view! {
                            <Title text="Seller console" />
                            <EmptyState title="This area is for sellers"
                                body="Your account doesn't have a store. Open one from your account page to start selling.">
                                <a class="button primary" href="/account">"Open a store"</a>
                            </EmptyState>
                        }.into_any()
                    }
                    Some(v) => view! {
                        <div class="console">
                            <aside class="console-nav">
                                <p class="console-store">{v.store.map(|s| s.name).unwrap_or_default()}</p>
                                <nav aria-label="Seller console">
                                    {SECTIONS.iter().map(|(seg, title, _)| {
                                        let href = if seg.is_empty() { "/sell".to_string() } else { format!("/sell/{seg}") };
                                        let badge = (*seg == "support").then(|| view! {
                                            " "<span class="count-badge" hidden=move || waiting.get() == 0
                                                aria-label=move || format!("{} waiting for you", waiting.get())>{move || waiting.get()}</span>
                                        });
                                        view! { <A href=href exact=seg.is_empty()>{*title}{badge}</A> }
                                    }).collect_view()}
                                </nav>
                            </aside>
                            <div class="console-main"><Outlet /></div>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SectionPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let seg = params.read().get("section").unwrap_or_default();
        match SECTIONS.iter().find(|(s, _, _)| !s.is_empty() && *s == seg) {
            Some((_, title, about)) => view! {
                <Title text=*title />
                <h1 class="page-title">{*title}</h1>
                <EmptyState title=format!("No {} yet", title.to_lowercase()) body=*about />
            }
            .into_any(),
            None => view! { <NotFound /> }.into_any(),
        }
    }
}

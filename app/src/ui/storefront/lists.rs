//! Wishlists: the lists, their items, sharing, and notices of price drops and restocks.

use crate::api::wishlists::{
    create_wishlist, delete_wishlist, move_wished, rename_wishlist, share_wishlist,
    shared_wishlist, wish_notices, wishlist,
};
use crate::client;
use crate::error::{AppError, AppResult};
use crate::model::{Change, WishNotice, WishlistSummary, WishlistView};
use crate::ui::kit::{EmptyState, SkeletonGrid};
use crate::ui::shared::{OFFLINE_SAVED, ProductCardView, ShopState};
use crate::ui::shell::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Everything the wishlist page shows at once.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct WishlistPageData {
    lists: Vec<WishlistSummary>,
    current: WishlistView,
    notices: Vec<WishNotice>,
}

async fn load(id: Option<i64>) -> AppResult<WishlistPageData> {
    let lists = crate::api::wishlists::wishlists().await?;
    let id = id
        .or_else(|| lists.iter().find(|l| l.is_default).map(|l| l.id.0))
        .ok_or_else(|| AppError::not_found("wishlist"))?;
    let current = wishlist(id).await?;
    let notices = wish_notices().await?;
    Ok(WishlistPageData {
        lists,
        current,
        notices,
    })
}

#[component]
pub fn WishlistPage() -> impl IntoView {
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    // Also loaded again when changes made offline have reached the shop.
    let synced = crate::ui::shell::AuthState::get().changes;
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = client::resource(
        move || (id(), version.get(), synced.get()),
        |(id, _, _)| client::read(format!("wish/{id:?}"), load(id)),
    );
    view! {
        <Title text="Wishlist" />
        <Suspense fallback=|| view! { <h1 class="page-title">"Wishlist"</h1><SkeletonGrid count=4 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <WishlistView data version /> }.into_any(),
                    Err(AppError::Unauthorized) => view! {
                        <h1 class="page-title">"Wishlist"</h1>
                        <EmptyState title="Keep what you love" body="Sign in and tap the heart on anything you like to keep it here.">
                            <a class="button primary" href="/signin?next=/wishlist">"Sign in"</a>
                        </EmptyState>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WishlistView(data: WishlistPageData, version: RwSignal<u32>) -> impl IntoView {
    let state = ShopState::get();
    let navigate = use_navigate();
    let current = data.current.summary.clone();
    let current_id = current.id;
    let others: Vec<WishlistSummary> = data
        .lists
        .iter()
        .filter(|l| l.id != current_id)
        .cloned()
        .collect();
    let others = StoredValue::new(others);
    let reload = move || {
        client::forget("wish");
        version.update(|v| *v += 1);
    };
    // What was changed offline and waits to sync, shown at once: lists created (as
    // chips that are not links yet), products moved out of this list (hidden here) and
    // this list's new name.
    let pending_lists = RwSignal::new(Vec::<String>::new());
    let moved_out = RwSignal::new(Vec::<crate::domain::ProductId>::new());
    let shown_name = RwSignal::new(current.name.clone());
    let show_queued = move |change: &Change| match change {
        Change::CreateList { name } => pending_lists.update(|l| l.push(name.clone())),
        Change::MoveWished { product, .. } => moved_out.update(|m| m.push(*product)),
        Change::RenameList { name, .. } => shown_name.set(name.clone()),
        _ => {}
    };
    // Runs a change; one the shop could not be reached for is queued when `offline`
    // says how to replay it.
    let run_or_queue = move |fut: std::pin::Pin<
        Box<dyn std::future::Future<Output = AppResult<()>>>,
    >,
                             done: &'static str,
                             offline: Option<Change>| {
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(()) => {
                    state.say(done);
                    reload();
                }
                Err(AppError::Offline) if offline.as_ref().is_some_and(client::queue_offline) => {
                    if let Some(change) = &offline {
                        show_queued(change);
                    }
                    state.say(OFFLINE_SAVED);
                }
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    let run = move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>>>>,
                    done: &'static str| run_or_queue(fut, done, None);
    let new_name = RwSignal::new(String::new());
    let rename_to = RwSignal::new(current.name.clone());
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match client::mutate(|key| create_wishlist(name.clone(), Some(key))).await {
                Ok(list) => {
                    new_name.set(String::new());
                    client::forget("wish");
                    navigate(&format!("/wishlist/{}", list.id), Default::default());
                }
                Err(AppError::Offline)
                    if client::queue_offline(&Change::CreateList { name: name.clone() }) =>
                {
                    new_name.set(String::new());
                    show_queued(&Change::CreateList { name });
                    state.say(OFFLINE_SAVED);
                }
                Err(e) => state.say(e.to_string()),
            }
        });
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = rename_to.get_untracked();
        let offline = Change::RenameList {
            list: current_id,
            name: name.clone(),
        };
        run_or_queue(
            Box::pin(async move {
                client::mutate(|_| rename_wishlist(current_id.0, name.clone()))
                    .await
                    .map(|_| ())
            }),
            "List renamed",
            Some(offline),
        );
    };
    let share_on = current.share_token.is_none();
    let share_link = current.share_token.clone().map(|t| {
        let origin = {
            #[cfg(feature = "hydrate")]
            {
                window().location().origin().unwrap_or_default()
            }
            #[cfg(not(feature = "hydrate"))]
            {
                String::new()
            }
        };
        format!("{origin}/w/{t}")
    });
    let is_default = current.is_default;
    view! {
        <h1 class="page-title">"Wishlist"</h1>
        {(!data.notices.is_empty()).then(|| view! {
            <section class="panel notices" aria-label="Wishlist notices">
                <h2>"Price drops and restocks"</h2>
                <ul>
                    {data.notices.iter().map(|n| match n {
                        WishNotice::PriceDrop { card, was } => view! {
                            <li><a href=card.href()>{card.title.clone()}</a>{format!(" dropped from {was} to {}", card.price)}</li>
                        }.into_any(),
                        WishNotice::BackInStock { card } => view! {
                            <li><a href=card.href()>{card.title.clone()}</a>" is back in stock"</li>
                        }.into_any(),
                    }).collect_view()}
                </ul>
            </section>
        })}
        <nav class="list-tabs" aria-label="Your lists">
            {data.lists.iter().map(|l| {
                let (name, count, is_current) = (l.name.clone(), l.item_count, l.id == current_id);
                view! {
                    <a href=format!("/wishlist/{}", l.id) class="chip" aria-current=is_current.then_some("page")>
                        {move || format!("{} ({count})", if is_current { shown_name.get() } else { name.clone() })}
                    </a>
                }
            }).collect_view()}
            {move || pending_lists.get().into_iter().map(|name| view! {
                <span class="chip chip-pending" title="Waiting to sync">{format!("{name} (waiting to sync)")}</span>
            }).collect_view()}
        </nav>
        {if data.current.items.is_empty() {
            view! { <EmptyState title="This list is empty" body="Tap the heart on anything you like to keep it here.">
                <a class="button" href="/">"Discover products"</a>
            </EmptyState> }.into_any()
        } else {
            view! {
                <div class="grid">
                    {data.current.items.into_iter().map(|item| {
                        let product = item.card.id;
                        view! {
                            <div class="wished" hidden=move || moved_out.with(|m| m.contains(&product))>
                                <ProductCardView card=item.card />
                                {(!item.in_stock).then(|| view! { <p class="muted small">"Out of stock"</p> })}
                                {(!others.with_value(|o| o.is_empty())).then(|| view! {
                                    <select class="move-select" aria-label="Move to list" on:change=move |ev| {
                                        if let Ok(to) = event_target_value(&ev).parse::<i64>() {
                                            run_or_queue(Box::pin(async move { client::mutate(|_| move_wished(product.0, current_id.0, to)).await }), "Moved",
                                                Some(Change::MoveWished { product, from: current_id, to: crate::domain::WishlistId(to) }));
                                        }
                                    }>
                                        <option value="" selected>"Move to…"</option>
                                        {others.get_value().into_iter().map(|o| view! { <option value=o.id.0.to_string()>{o.name}</option> }).collect_view()}
                                    </select>
                                })}
                            </div>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }}
        <section class="panel list-settings" aria-label="List settings">
            <h2>{move || format!("“{}” settings", shown_name.get())}</h2>
            <div class="share-line">
                {share_link.clone().map(|link| view! {
                    <p>"Anyone with this link can view the list: "<a href=link.clone() class="share-link">{link.clone()}</a></p>
                })}
                <button type="button" class="button small-button" on:click=move |_| {
                    run(Box::pin(async move { client::mutate(|_| share_wishlist(current_id.0, share_on)).await.map(|_| ()) }),
                        if share_on { "Share link created" } else { "Share link turned off" });
                }>{if share_on { "Share this list" } else { "Stop sharing" }}</button>
            </div>
            <form class="inline-form" on:submit=rename>
                <label for="rename-list">"Name"</label>
                <input id="rename-list" prop:value=move || rename_to.get() on:input=move |ev| rename_to.set(event_target_value(&ev)) />
                <button type="submit" class="button small-button">"Rename"</button>
            </form>
            {(!is_default).then(|| view! {
                <button type="button" class="button small-button danger" on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        match client::mutate(|_| delete_wishlist(current_id.0)).await {
                            Ok(()) => {
                                client::forget("wish");
                                let _ = window().location().set_href("/wishlist");
                            }
                            Err(e) => state.say(e.to_string()),
                        }
                    });
                }>"Delete list"</button>
            })}
            <form class="inline-form" on:submit=create>
                <label for="new-list">"New list"</label>
                <input id="new-list" placeholder="Birthday ideas" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                <button type="submit" class="button small-button">"Create list"</button>
            </form>
        </section>
    }
}

/// A list opened through its share link: read-only.
#[component]
pub fn SharedWishlistPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let data = client::resource(token, |t| {
        client::read(format!("shared/{t}"), shared_wishlist(t))
    });
    view! {
        <Suspense fallback=|| view! { <SkeletonGrid count=4 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! {
                        <Title text=list.summary.name.clone() />
                        <h1 class="page-title">{list.summary.name.clone()}</h1>
                        <p class="muted">{format!("A list shared by {}", list.owner_name)}</p>
                        <div class="grid">
                            {list.items.into_iter().map(|i| view! { <ProductCardView card=i.card /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

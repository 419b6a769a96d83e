use crate::ui::kit::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WishlistPage() -> impl IntoView {
    view! {
        <Title text="Wishlist" />
        <h1 class="page-title">"Wishlist"</h1>
        <EmptyState title="Your wishlist is empty" body="Tap the heart on anything you like to keep it here.">
            <a class="button" href="/">"Discover products"</a>
        </EmptyState>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text="Cart" />
        <h1 class="page-title">"Cart"</h1>
        <EmptyState title="Your cart is empty" body="Items you add to your cart appear here.">
            <a class="button" href="/">"Start shopping"</a>
        </EmptyState>
    }
}

//! Domain components used by more than one audience.

mod address_form;
mod conversation;
pub mod events;
pub mod files;
mod form_error;
mod order_progress;
mod price_tag;
mod product_card;
mod rating_stars;
mod sale_badge;
mod shop_state;

pub use address_form::AddressForm;
pub use conversation::{Conversation, Photo, PhotoPicker, ReplyClockBadge, stored_photos};
pub use form_error::{FormError, field_error};
pub use order_progress::{OrderLines, Timeline, TrackingScans, status_class};
pub use price_tag::PriceTag;
pub use product_card::{ProductCardView, ProductGrid};
pub use rating_stars::RatingStars;
pub use sale_badge::{FlashCountdown, SaleBadge};
pub use shop_state::{OFFLINE_SAVED, ShopState, Toast, WishButton};

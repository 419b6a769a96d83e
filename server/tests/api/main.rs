//! Integration tests: the real server on a real port with a fresh database, on
//! SQLite always and on PostgreSQL when `TEST_POSTGRES_URL` is set.

mod accounts;
mod authorization;
mod boosts;
mod checkout;
mod disputes;
mod feed;
mod fulfilment;
mod helpers;
mod image_store;
mod import;
mod inventory;
mod listings;
mod pages;
mod promotions;
mod reviews;
mod search;
mod security;
mod storage;
mod stores;
mod wishlists;

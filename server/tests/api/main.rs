//! Integration tests: the real server on a real port with a fresh database, on
//! SQLite always and on PostgreSQL when `TEST_POSTGRES_URL` is set. One module per
//! business context (the same names as `server::services`), and the cross-cutting
//! checks: authorization, security, pages, storage and the image store.

mod accounts;
mod ads;
mod authorization;
mod cart;
mod catalog;
mod helpers;
mod image_store;
mod listings;
mod money;
mod orders;
mod pages;
mod promotions;
mod reviews;
mod security;
mod standards;
mod storage;
mod stores;
mod support;
mod sync;
mod wishlists;

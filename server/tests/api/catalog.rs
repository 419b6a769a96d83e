//! The catalogue as buyers see it: the feed, search and reviews.

mod feed;
mod reviews;
mod search;

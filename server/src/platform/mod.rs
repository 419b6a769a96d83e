//! Cross-cutting pieces every context uses: error mapping, tokens, slugs, CSV,
//! mail, rate limits and idempotent replays.

pub mod csv;
pub mod mail;
pub mod rate_limit;
pub mod replays;

use app::error::AppError;

/// Maps an unexpected failure to the opaque `Internal` error, logging the chain.
pub trait OrInternal<T> {
    fn internal(self, context: &'static str) -> Result<T, AppError>;
}

impl<T, E: Into<anyhow::Error>> OrInternal<T> for Result<T, E> {
    fn internal(self, context: &'static str) -> Result<T, AppError> {
        self.map_err(|e| {
            let e: anyhow::Error = e.into();
            tracing::error!(error = ?e.context(context), "internal error");
            AppError::Internal
        })
    }
}

/// A random token for cookies and links (256 bits, hex) and the hash that is stored.
pub fn new_token() -> (String, String) {
    let token = app::tokens::random_token();
    let hash = token_hash(&token);
    (token, hash)
}

/// The SHA-256 of a token, as stored; a leaked table does not reveal live tokens.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// A URL-safe slug of a name: lower-case letters, digits and dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug
        .trim_end_matches('-')
        .chars()
        .take(60)
        .collect::<String>();
    if slug.is_empty() { "item".into() } else { slug }
}

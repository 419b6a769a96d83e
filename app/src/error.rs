//! The one error type on the wire. `Internal` never carries detail to the client;
//! the server logs the full chain before mapping to it.
//!
//! **Errors keep their HTTP status.** `AppError` travels as JSON and the server sets
//! the matching status (400, 401, 403, 404, 409, 413, 422, 429, 500); forms show the
//! message next to the field it names.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have access to this.")]
    Forbidden,
    /// Input was refused; the message says what to fix. `field` names the form field.
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },
    #[error("{0}")]
    Conflict(String),
    /// The payment gateway refused the card; the message says what to do.
    #[error("{0}")]
    PaymentDeclined(String),
    /// The shop could not be reached (set in the browser, never sent by the server).
    #[error("We couldn't reach the shop. Check your connection and try again.")]
    Offline,
    #[error("Too many attempts. Please wait a few minutes and try again.")]
    RateLimited,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The request itself could not be read (wrong types, bad encoding, missing
    /// fields): a client mistake, answered with 400 and never with the decoder's words.
    #[error("{0}")]
    BadRequest(String),
}

/// What a malformed request is told.
pub const MALFORMED_REQUEST: &str =
    "This request could not be read. Reload the page and try again.";

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("We couldn't find that {what}."))
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::PaymentDeclined(_) => 402,
            AppError::RateLimited => 429,
            AppError::Offline => 503,
            AppError::Internal => 500,
            AppError::BadRequest(_) => 400,
        }
    }

    /// The form field this error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl From<crate::domain::ParseError> for AppError {
    fn from(e: crate::domain::ParseError) -> Self {
        AppError::Validation {
            field: None,
            message: e.0,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The decoder's message names Rust types; the client gets plain words.
            // The server answers these with 400 (`server::http::server_fn_statuses`).
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                AppError::BadRequest(MALFORMED_REQUEST.into())
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Offline,
            _ => AppError::Internal,
        }
    }
}

/// The result every server function returns.
pub type AppResult<T> = Result<T, AppError>;

//! The one error type on the wire. `Internal` never carries detail to the client;
//! the server logs the full chain before mapping to it.

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
}

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
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg) => {
                AppError::Validation {
                    field: None,
                    message: format!("The request was malformed: {msg}"),
                }
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Offline,
            _ => AppError::Internal,
        }
    }
}

/// The result every server function returns.
pub type AppResult<T> = Result<T, AppError>;

//! The edge: rules every request meets before a handler and every response after.
//!
//! - Text with a NUL character is refused with 422 wherever it comes from (a URL, a
//!   form, JSON): PostgreSQL cannot store it and SQLite would, so both databases are
//!   treated alike by never letting it in.
//! - A server function's body is read here, up to [`API_BODY_LIMIT`] (413 beyond).
//! - A server function that could not decode its arguments answers 400, not 500
//!   (`AppError::BadRequest`, made from the decoder's error in `app::error`).
//! - A response to a request that carries a session or cart cookie, or that sets a
//!   cookie, is `Cache-Control: no-store`: private pages and data never sit in a
//!   shared or back-button cache.

use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest server-function request body.
pub const API_BODY_LIMIT: usize = 2 * 1024 * 1024;

const NUL_REFUSED: &str = "Text may not contain NUL characters.";

/// Refuses NUL characters and oversized server-function bodies; turns decoding
/// failures of server functions into 400.
pub async fn guard_input(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let api = path.starts_with("/api/");
    if has_encoded_nul(path) || req.uri().query().is_some_and(has_encoded_nul) {
        return refuse(api, StatusCode::UNPROCESSABLE_ENTITY, invalid_text());
    }
    if !api {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > API_BODY_LIMIT as u64) {
        return too_large();
    }
    let bytes = match axum::body::to_bytes(body, API_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(e) if is_length_limit(&e) => return too_large(),
        Err(_) => {
            return refuse(
                true,
                StatusCode::BAD_REQUEST,
                AppError::BadRequest(app::error::MALFORMED_REQUEST.into()),
            );
        }
    };
    if body_has_nul(&parts.headers, &bytes) {
        return refuse(true, StatusCode::UNPROCESSABLE_ENTITY, invalid_text());
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    client_mistakes_are_400(res).await
}

/// Marks responses with private data as not to be stored.
pub async fn cache_policy(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let shared_asset = path.starts_with("/pkg/")
        || path.starts_with("/img/")
        || path == "/favicon.ico"
        || path == "/healthz";
    let private = has_private_cookie(req.headers());
    let mut res = next.run(req).await;
    if !shared_asset && (private || res.headers().contains_key(header::SET_COOKIE)) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

fn has_private_cookie(headers: &HeaderMap) -> bool {
    use app::api::guard::{CART_COOKIE, SESSION_COOKIE, cookie};
    cookie(headers, SESSION_COOKIE).is_some() || cookie(headers, CART_COOKIE).is_some()
}

fn invalid_text() -> AppError {
    AppError::Validation {
        field: None,
        message: NUL_REFUSED.into(),
    }
}

/// A refusal: the app's JSON error for server functions, plain words for pages.
fn refuse(api: bool, status: StatusCode, error: AppError) -> Response {
    if api {
        let body = serde_json::to_string(&error).unwrap_or_default();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (status, error.to_string()).into_response()
    }
}

fn too_large() -> Response {
    refuse(
        true,
        StatusCode::PAYLOAD_TOO_LARGE,
        AppError::BadRequest("This request is too large.".into()),
    )
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// `%00` in a URL part (`%2500` is the text "%00", not a NUL).
pub fn has_encoded_nul(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
        || text.contains('\0')
}

/// A NUL anywhere in a request body: a raw zero byte, `%00` in a form, or a
/// `\u0000` in any JSON string.
pub fn body_has_nul(headers: &HeaderMap, body: &[u8]) -> bool {
    if body.contains(&0) {
        return true;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/json") {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => json_has_nul(&value),
            // Not JSON: the decoder refuses it with 400.
            Err(_) => false,
        }
    } else {
        std::str::from_utf8(body).is_ok_and(has_encoded_nul)
    }
}

fn json_has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(json_has_nul),
        serde_json::Value::Object(map) => {
            map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v))
        }
        _ => false,
    }
}

/// A server function that failed to decode its arguments reports
/// `AppError::BadRequest` with status 500 (the function never ran to set one); the
/// answer becomes 400.
async fn client_mistakes_are_400(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(AppError::BadRequest(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_however_it_is_written() {
        assert!(has_encoded_nul("/s/%00"));
        assert!(has_encoded_nul("slug=a%00b"));
        assert!(!has_encoded_nul("q=%2500"));
        assert!(!has_encoded_nul("/s/a-store"));
        let json = |s: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            body_has_nul(&h, s.as_bytes())
        };
        assert!(json(r#"{"a": {"b": ["x\u0000y"]}}"#));
        assert!(!json(r#"{"a": "\\u0000"}"#));
        assert!(!json(r#"{"a": "%00"}"#));
        let form = |s: &[u8]| {
            let mut h = HeaderMap::new();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            body_has_nul(&h, s)
        };
        assert!(form(b"title=a%00"));
        assert!(form(b"title=a\0"));
        assert!(!form(b"title=100%25%2000"));
    }
}

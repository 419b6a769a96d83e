//! Plain axum routes and middleware: health, images, request logging, client
//! address, and the Origin check on mutating requests.

pub mod edge;
pub mod sitemap;

use crate::AppState;
use crate::services::money::exports;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::time::Instant;

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
pub async fn health(State(state): State<AppState>) -> Response {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `GET /img/{key}/{width}.webp`: a stored image, cached for a year (keys are content hashes).
pub async fn image(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
) -> Response {
    let width = file
        .strip_suffix(".webp")
        .and_then(|w| w.parse::<u32>().ok());
    let Some(width) = width.filter(|w| app::model::ImageRef::WIDTHS.contains(w)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !crate::images::valid_key(&key) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.images.get(&key, width).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, "image/webp"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "reading an image");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Refuses a mutating request whose `Origin` is neither the site's public URL nor
/// its own `Host`: a page on another site cannot act for a signed-in buyer.
pub async fn check_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && let Some(origin) = req.headers().get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default();
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        // The scheme this server was reached by: plain HTTP, unless a trusted proxy
        // says it took HTTPS. Scheme, host and port must all match.
        let scheme = state
            .config
            .trust_proxy
            .then(|| {
                req.headers()
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
            })
            .flatten()
            .filter(|p| *p == "https")
            .unwrap_or("http");
        let same_host = !host.is_empty() && origin == format!("{scheme}://{host}");
        if origin != state.config.public_url.trim_end_matches('/') && !same_host {
            tracing::warn!(origin, host, path = %req.uri().path(), "refused a cross-origin request");
            return (
                StatusCode::FORBIDDEN,
                "Cross-origin requests are not allowed.",
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// Puts the client address into the request and logs one line per request with its latency.
pub async fn log_request(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let forwarded = state
        .config
        .trust_proxy
        .then(|| {
            req.headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
        })
        .flatten()
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned());
    let ip = forwarded.or(peer);
    if let Some(ip) = &ip {
        req.extensions_mut()
            .insert(app::api::guard::ClientIp(ip.clone()));
    }
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut res: Response<Body> = next.run(req).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = res.status().as_u16();
    if path.starts_with("/pkg/") || path.starts_with("/img/") {
        tracing::debug!(%method, path, status, latency_ms, "request");
    } else {
        tracing::info!(%method, path, status, latency_ms, ip = ip.as_deref().unwrap_or("-"), "request");
    }
    res.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    res.headers_mut().insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    res
}

/// The signed-in seller's store for a plain route (the same rule as every console
/// server function: `Viewer::seller_store`), or the refusal to send.
async fn seller_store(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<app::domain::StoreId, Response> {
    let viewer = match app::api::guard::cookie(headers, app::api::guard::SESSION_COOKIE) {
        Some(token) => state.services.accounts.viewer(&token).await.ok().flatten(),
        None => None,
    };
    let Some(viewer) = viewer else {
        return Err((StatusCode::UNAUTHORIZED, "Sign in as a seller.").into_response());
    };
    match viewer.seller_store() {
        Some(store) => Ok(store.id),
        None => Err((StatusCode::FORBIDDEN, "Only sellers can do this.").into_response()),
    }
}

/// A CSV file to download, or 500 when it could not be written.
fn csv_response(name: &str, csv: app::error::AppResult<String>) -> Response {
    let Ok(csv) = csv else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv,
    )
        .into_response()
}

/// `GET /sell/products.csv`: the signed-in seller's catalogue, one row per variant.
pub async fn products_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    match seller_store(&state, &headers).await {
        Ok(store) => csv_response(
            "products.csv",
            crate::services::listings::export_csv(&state.db, store).await,
        ),
        Err(refusal) => refusal,
    }
}

/// `POST /sell/products/import`: the signed-in seller's catalogue CSV as the body (at
/// most 5 MB, UTF-8). Starts the import and answers 202 `{"operation": id}`; the
/// console follows it with `console/operation`. Refusals are plain words.
pub async fn import_products(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    let Ok(csv) = String::from_utf8(body.to_vec()) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.",
        )
            .into_response();
    };
    if csv.contains('\0') {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file holds a NUL character, which is not text. Save it again as “CSV UTF-8”.",
        )
            .into_response();
    }
    match crate::services::listings::import::start(&state.db, state.clock.clone(), store, csv).await
    {
        Ok(id) => (
            StatusCode::ACCEPTED,
            [(header::CONTENT_TYPE, "application/json")],
            format!(r#"{{"operation":{id}}}"#),
        )
            .into_response(),
        Err(app::error::AppError::Conflict(message)) => {
            (StatusCode::CONFLICT, message).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /sell/payments/ledger.csv`: every ledger entry of the signed-in seller's store.
pub async fn ledger_csv(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    match seller_store(&state, &headers).await {
        Ok(store) => csv_response(
            "ledger.csv",
            exports::ledger_csv(state.services.ledger.as_ref(), store).await,
        ),
        Err(refusal) => refusal,
    }
}

/// `GET /sell/payments/payouts.csv`: every payout of the signed-in seller's store.
pub async fn payouts_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    match seller_store(&state, &headers).await {
        Ok(store) => csv_response("payouts.csv", exports::payouts_csv(&state.db, store).await),
        Err(refusal) => refusal,
    }
}

/// `GET /sell/payments/disputes.csv`: every dispute of the signed-in seller's store.
pub async fn disputes_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    match seller_store(&state, &headers).await {
        Ok(store) => csv_response(
            "disputes.csv",
            exports::disputes_csv(state.services.disputes.as_ref(), store).await,
        ),
        Err(refusal) => refusal,
    }
}

/// `POST /help/images`: a signed-in account uploads one photo for a ticket (the raw
/// JPEG, PNG or WebP file as the body, at most 10 MB); the answer is `{"key": …}`.
pub async fn upload_photo(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let viewer = match app::api::guard::cookie(&headers, app::api::guard::SESSION_COOKIE) {
        Some(token) => state.services.accounts.viewer(&token).await.ok().flatten(),
        None => None,
    };
    let Some(viewer) = viewer else {
        return (StatusCode::UNAUTHORIZED, "Sign in to attach photos.").into_response();
    };
    let mut processed = match crate::images::process_upload(body).await {
        Ok(p) => p,
        Err(message) => return (StatusCode::UNPROCESSABLE_ENTITY, message).into_response(),
    };
    for (width, bytes) in std::mem::take(&mut processed.files) {
        if let Err(e) = state.images.put(&processed.key, width, bytes).await {
            tracing::error!(error = ?e, "storing a photo");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let saved = crate::services::support::record_photo(
        &state.db,
        &processed,
        viewer.id,
        state.clock.now_ms(),
    )
    .await;
    if let Err(e) = saved {
        tracing::error!(error = ?e, "recording a photo");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        format!(
            r#"{{"key":"{}","width":{},"height":{}}}"#,
            processed.key, processed.width, processed.height
        ),
    )
        .into_response()
}

/// `POST /sell/images`: a seller uploads one product photo (the raw JPEG, PNG or WebP
/// file as the body, at most 10 MB). It is resized and stored like every product
/// image; the answer is `{"key": …}` for the product form. Errors are plain words.
pub async fn upload_image(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    let mut processed = match crate::images::process_upload(body).await {
        Ok(p) => p,
        Err(message) => return (StatusCode::UNPROCESSABLE_ENTITY, message).into_response(),
    };
    for (width, bytes) in std::mem::take(&mut processed.files) {
        if let Err(e) = state.images.put(&processed.key, width, bytes).await {
            tracing::error!(error = ?e, "storing an upload");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let saved = crate::services::listings::record_upload(
        &state.db,
        &processed,
        store,
        state.clock.now_ms(),
    )
    .await;
    if let Err(e) = saved {
        tracing::error!(error = ?e, "recording an upload");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        format!(
            r#"{{"key":"{}","width":{},"height":{}}}"#,
            processed.key, processed.width, processed.height
        ),
    )
        .into_response()
}

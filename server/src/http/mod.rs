//! Plain axum routes and middleware: health, images, request logging, client
//! address, and the Origin check on mutating requests.

pub mod edge;

use crate::AppState;
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

/// The session token in a request's cookies.
fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == app::api::guard::SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// One CSV field, quoted when it holds a comma, quote or line break; a leading
/// `=`, `+`, `-` or `@` in text is prefixed with `'` so spreadsheets do not run it.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The signed-in seller's store for a plain route, or the refusal to send.
async fn seller_store(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<app::domain::StoreId, Response> {
    let viewer = match session_token(headers) {
        Some(token) => state.services.accounts.viewer(&token).await.ok().flatten(),
        None => None,
    };
    let Some(viewer) = viewer else {
        return Err((StatusCode::UNAUTHORIZED, "Sign in as a seller.").into_response());
    };
    match viewer.store.as_ref().filter(|_| viewer.is_seller()) {
        Some(store) => Ok(store.id),
        None => Err((StatusCode::FORBIDDEN, "Only sellers can do this.").into_response()),
    }
}

/// Minor units as a CSV amount: -8.25, 46.75.
fn csv_amount(minor: i64) -> String {
    format!(
        "{}{}.{:02}",
        if minor < 0 { "-" } else { "" },
        minor.unsigned_abs() / 100,
        minor.unsigned_abs() % 100
    )
}

fn csv_response(name: &str, csv: String) -> Response {
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
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    match crate::services::listings::export_csv(&state.db, store).await {
        Ok(csv) => csv_response("products.csv", csv),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
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
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    let entries = match state.services.ledger.entries(store).await {
        Ok(entries) => entries,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut csv = String::from("id,date_utc,type,order,amount,currency,available_from_utc,memo\n");
    for e in entries {
        let amount = e.amount.minor();
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            e.id,
            e.at.format("%Y-%m-%dT%H:%M:%SZ"),
            e.kind.as_str(),
            e.order.map(|o| o.0.to_string()).unwrap_or_default(),
            csv_amount(amount),
            e.amount.currency().code(),
            e.available_at.format("%Y-%m-%dT%H:%M:%SZ"),
            csv_field(&e.memo),
        ));
    }
    csv_response("ledger.csv", csv)
}

/// `GET /sell/payments/payouts.csv`: every payout of the signed-in seller's store.
pub async fn payouts_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    use crate::storage::Row;
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    let rows = sqlx::query(
        "SELECT id, run_date, amount_minor, currency, status, created_at FROM payouts
         WHERE store_id = $1 ORDER BY run_date, id",
    )
    .bind(store.0)
    .fetch_all(&state.db.pool)
    .await;
    let Ok(rows) = rows else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut csv = String::from("id,run_date,amount,currency,status,created_utc\n");
    for r in &rows {
        let read = || -> Result<String, sqlx::Error> {
            let amount: i64 = r.try_get(2)?;
            Ok(format!(
                "{},{},{},{},{},{}\n",
                r.try_get::<i64, _>(0)?,
                csv_field(&r.try_get::<String, _>(1)?),
                csv_amount(amount),
                csv_field(&r.try_get::<String, _>(3)?),
                csv_field(&r.try_get::<String, _>(4)?),
                crate::clock::from_ms(r.try_get(5)?).format("%Y-%m-%dT%H:%M:%SZ"),
            ))
        };
        match read() {
            Ok(line) => csv.push_str(&line),
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    csv_response("payouts.csv", csv)
}

/// `GET /sell/payments/disputes.csv`: every dispute of the signed-in seller's store.
pub async fn disputes_csv(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Response {
    let store = match seller_store(&state, &headers).await {
        Ok(store) => store,
        Err(refusal) => return refusal,
    };
    let list = match state.services.disputes.list(store).await {
        Ok(list) => list,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let time = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut csv = String::from(
        "id,order,reason,status,amount,currency,opened_utc,respond_by_utc,answered_utc,closed_utc\n",
    );
    for d in list.disputes {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            d.id,
            d.order.0,
            d.reason.as_str(),
            d.status.as_str(),
            csv_amount(d.amount.minor()),
            d.amount.currency().code(),
            time(d.opened_at),
            time(d.due_at),
            d.submitted_at.map(time).unwrap_or_default(),
            d.closed_at.map(time).unwrap_or_default(),
        ));
    }
    csv_response("disputes.csv", csv)
}

/// `POST /sell/images`: a seller uploads one product photo (the raw JPEG, PNG or WebP
/// file as the body, at most 10 MB). It is resized and stored like every product
/// image; the answer is `{"key": …}` for the product form. Errors are plain words.
pub async fn upload_image(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let viewer = match session_token(&headers) {
        Some(token) => state.services.accounts.viewer(&token).await.ok().flatten(),
        None => None,
    };
    let Some(viewer) = viewer else {
        return (StatusCode::UNAUTHORIZED, "Sign in to upload images.").into_response();
    };
    let Some(store) = viewer.store.as_ref().filter(|_| viewer.is_seller()) else {
        return (StatusCode::FORBIDDEN, "Only sellers upload product images.").into_response();
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
        store.id,
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

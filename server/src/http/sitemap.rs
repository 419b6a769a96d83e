//! `GET /robots.txt`, `GET /sitemap.xml` (an index) and `GET /sitemaps/{file}` (the
//! pages, then the products in parts): what search engines may crawl and where to
//! find it. The addresses come from `services::catalog::sitemap`; the public origin
//! from the configuration (`PUBLIC_URL`).

use crate::AppState;
use crate::services::catalog::sitemap::{self, Entry};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Areas that are someone's own or need a sign-in: never worth crawling.
const PRIVATE: [&str; 10] = [
    "/sell",
    "/admin",
    "/api/",
    "/cart",
    "/checkout",
    "/account",
    "/orders",
    "/wishlist",
    "/help",
    "/w/",
];

pub async fn robots(State(state): State<AppState>) -> Response {
    let mut body = String::from("User-agent: *\nAllow: /\n");
    for path in PRIVATE {
        body.push_str(&format!("Disallow: {path}\n"));
    }
    body.push_str(&format!("\nSitemap: {}/sitemap.xml\n", origin(&state)));
    text("text/plain; charset=utf-8", body)
}

pub async fn index(State(state): State<AppState>) -> Response {
    let files = match sitemap::product_files(&state.db).await {
        Ok(n) => n,
        Err(_) => return unavailable(),
    };
    let origin = origin(&state);
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let names = std::iter::once("pages.xml".to_owned())
        .chain((1..=files).map(|n| format!("products-{n}.xml")));
    for name in names {
        body.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{origin}/sitemaps/{name}"))
        ));
    }
    body.push_str("</sitemapindex>\n");
    text("application/xml; charset=utf-8", body)
}

pub async fn part(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let entries = if file == "pages.xml" {
        sitemap::pages(&state.db).await
    } else {
        let Some(n) = file
            .strip_prefix("products-")
            .and_then(|f| f.strip_suffix(".xml"))
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 1)
        else {
            return StatusCode::NOT_FOUND.into_response();
        };
        match sitemap::product_files(&state.db).await {
            Ok(files) if n <= files => sitemap::products(&state.db, n).await,
            Ok(_) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => Err(e),
        }
    };
    let Ok(entries) = entries else {
        return unavailable();
    };
    text(
        "application/xml; charset=utf-8",
        urlset(&origin(&state), &entries),
    )
}

fn urlset(origin: &str, entries: &[Entry]) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        body.push_str("  <url><loc>");
        body.push_str(&escape(&format!("{origin}{}", e.path)));
        body.push_str("</loc>");
        if let Some(at) = e
            .modified_ms
            .and_then(chrono::DateTime::from_timestamp_millis)
        {
            body.push_str(&format!("<lastmod>{}</lastmod>", at.format("%Y-%m-%d")));
        }
        body.push_str("</url>\n");
    }
    body.push_str("</urlset>\n");
    body
}

fn origin(state: &AppState) -> String {
    state.config.public_url.trim_end_matches('/').to_owned()
}

/// Text for XML: the five characters with a meaning there are escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn text(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The sitemap is not available right now.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_escaped_and_dated() {
        let xml = urlset(
            "https://shop.example",
            &[Entry {
                path: "/s/a&b<c>".into(),
                modified_ms: Some(1_764_806_400_000),
            }],
        );
        assert!(
            xml.contains("<loc>https://shop.example/s/a&amp;b&lt;c&gt;</loc>"),
            "{xml}"
        );
        assert!(xml.contains("<lastmod>2025-12-04</lastmod>"), "{xml}");
    }
}

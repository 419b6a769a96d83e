//! Which WebAssembly bundle a server-rendered page loads: the console's for
//! `/sell…` and `/admin…`, the buyer's (with its lazy chunks) for the rest.

use leptos::prelude::*;

/// The file stem of the console bundle in the site's pkg directory
/// (`console.js`, `console.wasm`), written by `.ci/console-bundle.sh`.
pub const CONSOLE_BUNDLE: &str = "console";

/// Loads the storefront's offline layer (`/offline.js`: the service worker, the
/// offline notices and the queue of changes made offline) once the page is hydrated,
/// so it is not part of the first download. No `<`, `>` or `&`: the text is escaped
/// as any other.
const OFFLINE_LOADER: &str = "(function () { var b = document.body; \
    function go() { var s = document.createElement('script'); s.src = '/offline.js'; document.head.appendChild(s); } \
    if (b.dataset.hydrated) { go(); } else { new MutationObserver(function (_, o) { \
    if (b.dataset.hydrated) { o.disconnect(); go(); } }).observe(b, { attributes: true }); } })();";

/// The Content-Security-Policy of a server-rendered page whose scripts carry `nonce`:
/// scripts only from this site or inline with this response's nonce (the hydration
/// and resource scripts Leptos writes), WebAssembly allowed to compile, no plugins,
/// no `<base>` elsewhere, no framing, forms only to this site. Inline styles stay
/// allowed (a few `style` attributes); they cannot run code.
#[cfg(any(feature = "ssr", test))]
pub fn content_security_policy(nonce: &str, live_reload: bool) -> String {
    let connect = if live_reload {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src {connect}; \
         object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Puts the page's Content-Security-Policy on the response: Leptos makes one nonce
/// per response (`leptos_axum` provides it), and the shell is rendered before the
/// first byte is sent.
#[cfg(feature = "ssr")]
fn send_content_security_policy(options: &LeptosOptions) {
    use axum::http::{HeaderValue, header};
    let Some(nonce) = leptos::nonce::use_nonce() else {
        tracing::error!("no nonce for a server-rendered page");
        return;
    };
    let live_reload = std::env::var_os("LEPTOS_WATCH").is_some() && options.reload_port > 0;
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&content_security_policy(&nonce, live_reload)),
    ) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The hydration scripts for the page being rendered.
pub fn scripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    send_content_security_policy(&options);
    #[cfg(feature = "ssr")]
    let console = use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| crate::routes::in_console(parts.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let console = false;
    if console {
        let pkg = options.site_pkg_dir;
        let js = format!("/{pkg}/{CONSOLE_BUNDLE}.js");
        let wasm = format!("/{pkg}/{CONSOLE_BUNDLE}.wasm");
        // No `<`, `>` or `&`: the text is escaped as any other.
        let start = format!(
            "import('{js}').then(function (m) {{ \
             return m.default({{ module_or_path: '{wasm}' }}).then(function () {{ m.hydrate(); }}); }});"
        );
        view! {
            <link rel="modulepreload" href=js />
            <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
            <script type="module" nonce=leptos::nonce::use_nonce()>{start}</script>
        }
        .into_any()
    } else {
        view! {
            <HydrationScripts options />
            <link rel="manifest" href="/manifest.webmanifest" />
            <script type="module" nonce=leptos::nonce::use_nonce()>{OFFLINE_LOADER}</script>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn the_policy_allows_only_scripts_with_the_nonce_or_from_this_site() {
        let csp = content_security_policy("abc123", false);
        assert!(csp.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        for part in [
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{part} missing from {csp}");
        }
        assert!(!csp.contains("ws:"));
        assert!(content_security_policy("n", true).contains("connect-src 'self' ws: wss:"));
    }
}

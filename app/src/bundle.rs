//! Which WebAssembly bundle a server-rendered page loads: the console's for
//! `/sell…` and `/admin…`, the buyer's (with its lazy chunks) for the rest.

use leptos::prelude::*;

/// The file stem of the console bundle in the site's pkg directory
/// (`console.js`, `console.wasm`), written by `.ci/console-bundle.sh`.
pub const CONSOLE_BUNDLE: &str = "console";

/// The hydration scripts for the page being rendered.
pub fn scripts(options: LeptosOptions) -> impl IntoView {
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
        view! { <HydrationScripts options /> }.into_any()
    }
}

//! Where to send a person back to after signing in: only a path on this site.
//!
//! A `next` parameter comes from a URL anyone can write, so it is accepted only when
//! a browser resolving it against this site cannot leave the site: it starts with one
//! `/`, the next character is not another `/`, and it holds only printable ASCII
//! other than `\` (browsers read `\` as `/` and drop tabs and line breaks, which is how
//! `/\evil.example` and `/\t/evil.example` become `//evil.example`). Anything else
//! falls back to the home page.

/// The longest return path kept; longer ones fall back.
const MAX_LEN: usize = 2048;

/// `next` when it is a same-site path, else `None`.
pub fn safe_return_path(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let printable = |b: &u8| (0x21..=0x7e).contains(b) && *b != b'\\';
    (bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && bytes.len() <= MAX_LEN
        && bytes.iter().all(printable))
    .then_some(next)
}

/// `next` when it is a same-site path, else the home page.
pub fn return_path_or_home(next: Option<&str>) -> String {
    next.and_then(safe_return_path).unwrap_or("/").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for ok in [
            "/",
            "/account",
            "/orders/12",
            "/search?q=red%20shoes&sort=price",
            "/p/5#reviews",
            "/s/a-store/",
            "/%2F%2Fevil.example",
        ] {
            assert_eq!(safe_return_path(ok), Some(ok), "{ok:?}");
        }
    }

    #[test]
    fn anything_a_browser_could_resolve_to_another_site_falls_back_home() {
        for bad in [
            "",
            "//evil.example",
            "///evil.example",
            "/\\evil.example/",
            "/\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /account",
            "/account\u{0}",
            "/\u{ff0f}evil.example",
            "/caf\u{e9}",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
            assert_eq!(return_path_or_home(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(return_path_or_home(None), "/");
        assert_eq!(safe_return_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }
}

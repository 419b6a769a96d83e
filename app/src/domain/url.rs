//! Building URLs from text people typed.

/// Percent-encodes a query-string value (a search, a return path): letters, digits
/// and `-_.~` stay, a space becomes `+`, every other byte is `%XX`.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_value_cannot_break_out_of_its_parameter() {
        assert_eq!(urlencode("red shoes"), "red+shoes");
        assert_eq!(
            urlencode("/orders?x=1&y=2#top"),
            "%2Forders%3Fx%3D1%26y%3D2%23top"
        );
        assert_eq!(urlencode("é"), "%C3%A9");
        assert_eq!(urlencode("a-b_c.d~"), "a-b_c.d~");
    }
}

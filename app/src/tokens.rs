//! Random tokens for cookies and links: 256 bits from the operating system, as 64
//! lower-case hex digits. The one generator behind sessions, guest carts, shared
//! wishlists, email links and card tokens (the server's `platform::new_token` adds
//! the stored hash).

/// A fresh random token.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_64_hex_digits_and_never_repeats() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
    }
}

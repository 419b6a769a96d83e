//! Offline changes applied exactly once: the rules a replayed batch must follow.
//!
//! Each browser profile has a [`ClientId`]; every change it queues gets a mutation id
//! above the one before (gaps are allowed: a change undone before it was sent is
//! dropped from the queue). The server applies a change only when its id is above the
//! client's last applied id, and records that id in the same transaction.

use super::ParseError;

/// At most this many changes in one request; a longer queue is sent in batches.
pub const MAX_BATCH: usize = 100;

/// A browser profile's id for its queue of changes: 8 to 64 ASCII letters, digits,
/// dashes or underscores (the browser makes a UUID).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let ok = (8..=64).contains(&input.len())
            && input
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(ParseError::new("The request's client id is malformed."))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A batch's mutation ids must be between 1 and 2^53 (what a browser counts exactly),
/// strictly increasing, and at most [`MAX_BATCH`] of them.
pub fn check_batch(ids: &[u64]) -> Result<(), ParseError> {
    if ids.len() > MAX_BATCH {
        return Err(ParseError::new(format!(
            "Send at most {MAX_BATCH} changes at a time."
        )));
    }
    if ids.iter().any(|id| *id == 0 || *id > MAX_MUTATION_ID) {
        return Err(ParseError::new("A change's id is out of range."));
    }
    if ids.windows(2).any(|w| w[1] <= w[0]) {
        return Err(ParseError::new(
            "The changes' ids must increase from one change to the next.",
        ));
    }
    Ok(())
}

/// The largest mutation id (2^53, the largest integer a browser counts exactly).
pub const MAX_MUTATION_ID: u64 = 1 << 53;

/// Whether a change with `id` is new for a client whose last applied id is `last`.
pub fn is_new(id: u64, last: u64) -> bool {
    id > last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_a_client_id_and_odd_ones_are_not() {
        assert!(ClientId::parse("0b6e6f2c-5d1e-4c4a-9a53-6f1d7f0f1a2b").is_ok());
        for bad in [
            "",
            "short",
            &"c".repeat(65),
            "has space-123",
            "ключ-12345678",
        ] {
            assert!(ClientId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_batch_increases_strictly_and_gaps_are_allowed() {
        assert!(check_batch(&[]).is_ok());
        assert!(check_batch(&[1, 2, 5, 9]).is_ok());
        assert!(check_batch(&[2, 2]).is_err());
        assert!(check_batch(&[3, 1]).is_err());
        assert!(check_batch(&[0]).is_err());
        assert!(check_batch(&[MAX_MUTATION_ID + 1]).is_err());
    }

    #[test]
    fn a_batch_holds_at_most_a_hundred_changes() {
        let ids: Vec<u64> = (1..=MAX_BATCH as u64).collect();
        assert!(check_batch(&ids).is_ok());
        let ids: Vec<u64> = (1..=MAX_BATCH as u64 + 1).collect();
        assert_eq!(
            check_batch(&ids).unwrap_err().0,
            "Send at most 100 changes at a time."
        );
    }

    #[test]
    fn only_ids_above_the_last_applied_one_are_new() {
        assert!(is_new(6, 5));
        assert!(is_new(9, 5));
        assert!(!is_new(5, 5));
        assert!(!is_new(1, 5));
    }
}

//! Where sponsored cards sit among the organic ones in the feed and in search results.
//!
//! Every page reserves one slot in each run of [`SPONSORED_EVERY`] cards: the
//! [`SPONSORED_SLOT`]-th card (counting from zero) of each run. A slot takes the next
//! sponsored card; a slot with no sponsored card left is not kept empty, the organic
//! cards close up, so a page never shows a gap. A sponsored product that also ranks
//! organically on the same page keeps only its sponsored place.
//!
//! **Sponsored slots are part of the layout.** `domain::feed::place_sponsored` reserves
//! the third card of every run of eight on each feed and search page for a sponsored
//! card, marked "Sponsored"; an organic card of the same product on that page is
//! dropped. Boost campaigns fill the slots; a slot with no sponsored card is not left
//! empty, the organic cards close up.

/// A page is laid out in runs of this many cards, one of them sponsored.
pub const SPONSORED_EVERY: usize = 8;
/// The position of the sponsored card inside each run: the third card, so the first
/// row (two cards on a phone) is always organic.
pub const SPONSORED_SLOT: usize = 2;

/// How many sponsored slots a page of `organic` cards reserves.
pub fn sponsored_slots(organic: usize) -> usize {
    if organic <= SPONSORED_SLOT {
        0
    } else {
        (organic - SPONSORED_SLOT).div_ceil(SPONSORED_EVERY - 1)
    }
}

/// Interleaves sponsored cards into an organic page at the reserved slots; `same`
/// tells when two cards are the same product.
pub fn place_sponsored<T>(
    organic: Vec<T>,
    sponsored: Vec<T>,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let slots = sponsored_slots(organic.len());
    let mut sponsored: Vec<T> = sponsored.into_iter().take(slots).collect();
    let organic: Vec<T> = organic
        .into_iter()
        .filter(|o| !sponsored.iter().any(|s| same(o, s)))
        .collect();
    sponsored.reverse();
    let mut out = Vec::with_capacity(organic.len() + sponsored.len());
    let mut organic = organic.into_iter();
    loop {
        if out.len() % SPONSORED_EVERY == SPONSORED_SLOT
            && let Some(s) = sponsored.pop()
        {
            out.push(s);
            continue;
        }
        match organic.next() {
            Some(o) => out.push(o),
            None => break,
        }
    }
    out
}

/// Adds a page of an endless list to what is already shown, leaving out anything
/// shown before (a sponsored product can be on one page and organic on the next).
pub fn append_unique<T>(shown: &mut Vec<T>, page: Vec<T>, same: impl Fn(&T, &T) -> bool) {
    for item in page {
        if !shown.iter().any(|s| same(s, &item)) {
            shown.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(organic: std::ops::Range<i32>, sponsored: &[i32]) -> Vec<i32> {
        place_sponsored(organic.collect(), sponsored.to_vec(), |a, b| a == b)
    }

    #[test]
    fn sponsored_cards_take_the_third_place_of_every_run_of_eight() {
        let page = lay(1..15, &[-1, -2]);
        assert_eq!(page.len(), 16);
        assert_eq!(page[SPONSORED_SLOT], -1);
        assert_eq!(page[SPONSORED_EVERY + SPONSORED_SLOT], -2);
        assert_eq!(page.iter().filter(|c| **c < 0).count(), 2);
        // The organic order is kept around them.
        let organic: Vec<i32> = page.into_iter().filter(|c| *c > 0).collect();
        assert_eq!(organic, (1..15).collect::<Vec<_>>());
    }

    #[test]
    fn without_sponsored_cards_the_organic_ones_close_up() {
        assert_eq!(lay(1..10, &[]), (1..10).collect::<Vec<_>>());
        let page = lay(1..20, &[-1]);
        assert_eq!(page.len(), 20);
        assert_eq!(page[SPONSORED_SLOT], -1);
        assert!(page[SPONSORED_EVERY..].iter().all(|c| *c > 0));
    }

    #[test]
    fn a_page_never_takes_more_sponsored_cards_than_it_has_slots() {
        assert_eq!(sponsored_slots(0), 0);
        assert_eq!(sponsored_slots(2), 0);
        assert_eq!(sponsored_slots(3), 1);
        assert_eq!(sponsored_slots(24), 4);
        let page = lay(1..3, &[-1, -2]);
        assert_eq!(page, vec![1, 2]);
        let page = lay(1..25, &[-1, -2, -3, -4, -5, -6]);
        assert_eq!(page.iter().filter(|c| **c < 0).count(), 4);
        for (i, c) in page.iter().enumerate() {
            assert_eq!(*c < 0, i % SPONSORED_EVERY == SPONSORED_SLOT, "card {i}");
        }
    }

    #[test]
    fn a_sponsored_product_is_not_shown_twice_on_a_page() {
        let page = lay(1..12, &[5]);
        assert_eq!(page.iter().filter(|c| **c == 5).count(), 1);
        assert_eq!(page[SPONSORED_SLOT], 5);
    }

    #[test]
    fn a_later_page_never_repeats_a_card() {
        let mut shown = vec![1, 2, 3];
        append_unique(&mut shown, vec![3, 4, 2, 5], |a, b| a == b);
        assert_eq!(shown, [1, 2, 3, 4, 5]);
    }
}

//! Feed ranking v1: a documented scoring function over what the shop knows about a
//! product. It takes its inputs as one struct so that a personalised model can
//! replace it without touching the callers.
//!
//! ```text
//! score = standing × (1 + affinity) × (popularity + quality + freshness + discount)
//!
//! popularity = ln(1 + 5·sales_7d + 0.2·views_7d)       recent demand, with diminishing returns
//! quality    = (Bayesian mean rating − 3) × 0.8         mean of the reviews, pulled towards 4.0
//!                                                       by 5 phantom reviews; −1.6 … +1.6
//! freshness  = 1.5 · e^(−age_days / 14)                 new listings get a boost that halves in ~10 days
//! discount   = 1.5 · min(percent_off, 60) / 100         real discounts help, capped
//! standing   = the store's standing factor, 1.0 = neutral (until the standards exist)
//! affinity   = 0 … 1, the buyer's interest in the category (0 for guests)
//! ```
//! Out-of-stock products get no score: they are never shown.
//!
//! **Feed ranking is stored, then personalised per page.** `domain::ranking::score` is
//! a documented function of recent sales and views, rating (pulled towards 4.0 by five
//! phantom reviews), freshness, discount and stock, times a store-standing factor that
//! is neutral for now. A job (one node at a time, by a lease in `job_leases`) stores
//! each product's score every 10 minutes and the seed runs it once, so a feed page is
//! an indexed range read with a `(score, id)` cursor even at 100,000 products. For a
//! signed-in buyer each page is re-ordered by category affinity (views, wishlists and
//! orders, in `domain::ranking::affinities`); the cursor still follows the stored
//! order, so pages never overlap. Views and clicks are queued in the browser and sent
//! in batches of up to 100 every few seconds.

/// Everything the ranking looks at for one product.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RankInputs {
    pub sales_7d: u32,
    pub views_7d: u32,
    /// Average rating × 100 (437 = 4.37 stars); ignored when there are no reviews.
    pub rating_x100: i64,
    pub review_count: i64,
    pub age_days: f64,
    pub percent_off: u32,
    pub units_in_stock: i64,
    /// 1.0 is neutral; a trusted store is above, a failing one below.
    pub store_standing: f64,
    /// The signed-in buyer's interest in this product's category, 0 to 1.
    pub category_affinity: f64,
}

/// The mean the quality term pulls small review counts towards, and how hard.
const PRIOR_MEAN: f64 = 4.0;
const PRIOR_WEIGHT: f64 = 5.0;

/// The feed score of a product, or `None` when it must not be shown.
pub fn score(p: &RankInputs) -> Option<f64> {
    if p.units_in_stock <= 0 {
        return None;
    }
    let popularity = (1.0 + 5.0 * f64::from(p.sales_7d) + 0.2 * f64::from(p.views_7d)).ln();
    let count = p.review_count.max(0) as f64;
    let mean = if count > 0.0 {
        p.rating_x100 as f64 / 100.0
    } else {
        PRIOR_MEAN
    };
    let bayesian = (mean * count + PRIOR_MEAN * PRIOR_WEIGHT) / (count + PRIOR_WEIGHT);
    let quality = (bayesian - 3.0) * 0.8;
    let freshness = 1.5 * (-p.age_days.max(0.0) / 14.0).exp();
    let discount = 1.5 * f64::from(p.percent_off.min(60)) / 100.0;
    let standing = if p.store_standing > 0.0 {
        p.store_standing
    } else {
        1.0
    };
    let affinity = p.category_affinity.clamp(0.0, 1.0);
    Some(standing * (1.0 + affinity) * (popularity + quality + freshness + discount).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> RankInputs {
        RankInputs {
            sales_7d: 3,
            views_7d: 100,
            rating_x100: 420,
            review_count: 10,
            age_days: 30.0,
            percent_off: 0,
            units_in_stock: 5,
            store_standing: 1.0,
            category_affinity: 0.0,
        }
    }

    #[test]
    fn an_out_of_stock_product_is_never_ranked() {
        assert_eq!(
            score(&RankInputs {
                units_in_stock: 0,
                ..base()
            }),
            None
        );
    }

    #[test]
    fn more_recent_sales_rank_higher() {
        assert!(
            score(&RankInputs {
                sales_7d: 20,
                ..base()
            }) > score(&base())
        );
    }

    #[test]
    fn a_single_five_star_review_does_not_beat_many_good_ones() {
        let one_perfect = RankInputs {
            rating_x100: 500,
            review_count: 1,
            ..base()
        };
        let many_good = RankInputs {
            rating_x100: 470,
            review_count: 200,
            ..base()
        };
        assert!(score(&many_good) > score(&one_perfect));
    }

    #[test]
    fn a_new_listing_gets_a_boost_that_fades() {
        let new = score(&RankInputs {
            age_days: 0.0,
            ..base()
        })
        .unwrap();
        let week = score(&RankInputs {
            age_days: 7.0,
            ..base()
        })
        .unwrap();
        let old = score(&RankInputs {
            age_days: 90.0,
            ..base()
        })
        .unwrap();
        assert!(new > week && week > old);
    }

    #[test]
    fn discounts_help_up_to_sixty_percent() {
        let small = score(&RankInputs {
            percent_off: 10,
            ..base()
        })
        .unwrap();
        let big = score(&RankInputs {
            percent_off: 60,
            ..base()
        })
        .unwrap();
        let absurd = score(&RankInputs {
            percent_off: 95,
            ..base()
        })
        .unwrap();
        assert!(big > small);
        assert!((absurd - big).abs() < 1e-9);
    }

    #[test]
    fn a_neutral_store_standing_changes_nothing_and_a_better_one_helps() {
        let neutral = score(&base()).unwrap();
        assert!(
            (score(&RankInputs {
                store_standing: 0.0,
                ..base()
            })
            .unwrap()
                - neutral)
                .abs()
                < 1e-9
        );
        assert!(
            score(&RankInputs {
                store_standing: 1.2,
                ..base()
            })
            .unwrap()
                > neutral
        );
    }

    #[test]
    fn a_buyers_favourite_category_ranks_higher() {
        let guest = score(&base()).unwrap();
        let fan = score(&RankInputs {
            category_affinity: 0.5,
            ..base()
        })
        .unwrap();
        assert!((fan - guest * 1.5).abs() < 1e-9);
    }
}

/// What one buyer did in one category: views (last 30 days), wished items, units bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategorySignals {
    pub views: u32,
    pub wishes: u32,
    pub units_ordered: u32,
}

impl CategorySignals {
    /// A wish counts as three views and a unit bought as five.
    pub fn interest(&self) -> f64 {
        f64::from(self.views) + 3.0 * f64::from(self.wishes) + 5.0 * f64::from(self.units_ordered)
    }
}

/// Each category's affinity, 0 to 1: its interest relative to the buyer's strongest one.
pub fn affinities<K: Copy>(signals: &[(K, CategorySignals)]) -> Vec<(K, f64)> {
    let strongest = signals
        .iter()
        .map(|(_, s)| s.interest())
        .fold(0.0, f64::max);
    signals
        .iter()
        .map(|(k, s)| {
            (
                *k,
                if strongest > 0.0 {
                    s.interest() / strongest
                } else {
                    0.0
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod affinity_tests {
    use super::*;

    #[test]
    fn the_category_a_buyer_bought_from_outweighs_one_they_only_browsed() {
        let shoes = CategorySignals {
            views: 4,
            wishes: 0,
            units_ordered: 2,
        };
        let bags = CategorySignals {
            views: 6,
            wishes: 1,
            units_ordered: 0,
        };
        let result = affinities(&[("shoes", shoes), ("bags", bags)]);
        assert_eq!(result[0], ("shoes", 1.0));
        assert!((result[1].1 - 9.0 / 14.0).abs() < 1e-9);
    }

    #[test]
    fn no_signals_give_no_affinity() {
        assert_eq!(
            affinities(&[(1, CategorySignals::default())]),
            vec![(1, 0.0)]
        );
    }
}

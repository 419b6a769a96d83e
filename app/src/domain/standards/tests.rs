use super::*;
use chrono::TimeZone;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).unwrap()
}

fn h(n: i64) -> Duration {
    Duration::hours(n)
}

/// An order placed `ago` before `at`, shipped after 24 h and scanned after 48 h.
fn order(id: usize, ago: Duration) -> OrderFacts {
    let placed_at = at() - ago;
    OrderFacts {
        id: format!("o{id}"),
        placed_at,
        tracking_uploaded_at: Some(placed_at + h(24)),
        first_scan_at: Some(placed_at + h(48)),
        delivered_at: None,
        cancelled_at: None,
        cancelled_by: None,
        refunded_at: None,
        reason: None,
    }
}

fn with_orders(orders: Vec<OrderFacts>) -> StoreHistory {
    StoreHistory {
        orders,
        ..StoreHistory::default()
    }
}

fn ticket(ago: Duration, reply_after: Option<Duration>, kind: TicketKind) -> TicketFacts {
    let opened_at = at() - ago;
    TicketFacts {
        opened_at,
        first_reply_at: reply_after.map(|d| opened_at + d),
        kind,
    }
}

// ---- windows ----

#[test]
fn an_order_placed_exactly_21_days_ago_counts_for_tracking_and_one_placed_exactly_14_days_ago_does_not()
 {
    let h = with_orders(vec![order(1, days(21)), order(2, days(14))]);
    let m = evaluate(&h, at()).metrics;
    assert_eq!(m.valid_tracking_rate.denominator, 1);
    assert_eq!(m.delayed_shipment_rate.denominator, 1);
}

#[test]
fn an_order_placed_a_moment_before_the_21_day_window_is_not_counted() {
    let h = with_orders(vec![order(1, days(21) + Duration::seconds(1))]);
    assert_eq!(
        evaluate(&h, at()).metrics.valid_tracking_rate.denominator,
        0
    );
}

#[test]
fn an_order_without_tracking_is_not_counted_for_tracking() {
    let mut o = order(1, days(15));
    o.tracking_uploaded_at = None;
    o.first_scan_at = None;
    let m = evaluate(&with_orders(vec![o]), at()).metrics;
    assert_eq!(m.valid_tracking_rate, Metric::default());
}

#[test]
fn tracking_uploaded_after_at_has_not_happened_yet() {
    let mut o = order(1, days(15));
    o.tracking_uploaded_at = Some(at() + h(1));
    assert_eq!(
        evaluate(&with_orders(vec![o.clone()]), at())
            .metrics
            .valid_tracking_rate
            .denominator,
        0
    );
    o.tracking_uploaded_at = Some(at());
    assert_eq!(
        evaluate(&with_orders(vec![o]), at())
            .metrics
            .valid_tracking_rate
            .denominator,
        1
    );
}

#[test]
fn a_scan_after_at_does_not_make_tracking_valid_and_counts_as_delayed() {
    let mut o = order(1, days(15));
    o.first_scan_at = Some(at() + h(1));
    let m = evaluate(&with_orders(vec![o]), at()).metrics;
    assert_eq!(m.valid_tracking_rate.numerator, 0);
    assert_eq!(m.delayed_shipment_rate.numerator, 1);
}

#[test]
fn tracking_uploaded_at_exactly_48_hours_is_on_time_and_a_second_later_is_delayed() {
    let mut on_time = order(1, days(15));
    on_time.tracking_uploaded_at = Some(on_time.placed_at + h(48));
    let mut late = order(2, days(15));
    late.tracking_uploaded_at = Some(late.placed_at + h(48) + Duration::seconds(1));
    let m = evaluate(&with_orders(vec![on_time, late]), at()).metrics;
    assert_eq!(
        (
            m.delayed_shipment_rate.numerator,
            m.delayed_shipment_rate.denominator
        ),
        (1, 2)
    );
}

#[test]
fn a_first_scan_at_exactly_72_hours_is_on_time_and_a_second_later_is_delayed() {
    let mut on_time = order(1, days(15));
    on_time.first_scan_at = Some(on_time.placed_at + h(72));
    let mut late = order(2, days(15));
    late.first_scan_at = Some(late.placed_at + h(72) + Duration::seconds(1));
    let mut never = order(3, days(15));
    never.first_scan_at = None;
    let m = evaluate(&with_orders(vec![on_time, late, never]), at()).metrics;
    assert_eq!(m.delayed_shipment_rate.numerator, 2);
    assert_eq!(m.valid_tracking_rate.numerator, 2);
}

#[test]
fn reviews_count_from_exactly_30_days_ago_up_to_but_not_including_at() {
    let h = StoreHistory {
        reviews: vec![
            ReviewFacts {
                created_at: at() - days(30),
                rating: 5,
            },
            ReviewFacts {
                created_at: at() - days(30) - Duration::seconds(1),
                rating: 1,
            },
            ReviewFacts {
                created_at: at(),
                rating: 1,
            },
        ],
        ..StoreHistory::default()
    };
    let m = evaluate(&h, at()).metrics.average_rating_30d;
    assert_eq!((m.numerator, m.denominator, m.met), (5, 1, Some(true)));
}

#[test]
fn the_refund_window_runs_from_exactly_93_days_ago_to_just_before_63_days_ago() {
    let mut edge_old = order(1, days(93));
    edge_old.refunded_at = Some(at() - days(80));
    let outside_old = order(2, days(93) + Duration::seconds(1));
    let edge_new = order(3, days(63));
    let inside = order(4, days(63) + Duration::seconds(1));
    let m = evaluate(
        &with_orders(vec![edge_old, outside_old, edge_new, inside]),
        at(),
    )
    .metrics
    .refund_rate_63_93d;
    assert_eq!((m.numerator, m.denominator), (1, 2));
}

#[test]
fn a_refund_or_cancellation_after_at_has_not_happened_yet() {
    let mut refunded_later = order(1, days(70));
    refunded_later.refunded_at = Some(at() + h(1));
    let mut cancelled = order(2, days(70));
    cancelled.cancelled_at = Some(at());
    let m = evaluate(&with_orders(vec![refunded_later, cancelled]), at())
        .metrics
        .refund_rate_63_93d;
    assert_eq!((m.numerator, m.denominator), (1, 2));
}

#[test]
fn listing_reviews_count_for_all_time_up_to_at() {
    let h = StoreHistory {
        listing_reviews: vec![
            ListingReviewFacts {
                reviewed_at: at() - days(900),
                counterfeit: true,
            },
            ListingReviewFacts {
                reviewed_at: at(),
                counterfeit: false,
            },
            ListingReviewFacts {
                reviewed_at: at() + h(1),
                counterfeit: true,
            },
        ],
        ..StoreHistory::default()
    };
    let m = evaluate(&h, at()).metrics.counterfeit_rate;
    assert_eq!((m.numerator, m.denominator, m.met), (1, 2, Some(false)));
}

#[test]
fn on_time_delivery_counts_orders_of_44_to_14_days_ago_delivered_within_14_days() {
    let mut within = order(1, days(44));
    within.delivered_at = Some(within.placed_at + days(14));
    let mut late = order(2, days(30));
    late.delivered_at = Some(late.placed_at + days(14) + Duration::seconds(1));
    let mut after_at = order(3, days(15));
    after_at.delivered_at = Some(at() + h(1));
    let outside = order(4, days(44) + Duration::seconds(1));
    let too_new = order(5, days(14));
    let m = evaluate(
        &with_orders(vec![within, late, after_at, outside, too_new]),
        at(),
    )
    .metrics
    .on_time_delivery_rate;
    assert_eq!((m.numerator, m.denominator), (1, 3));
}

#[test]
fn cancellations_are_split_by_who_cancelled_and_out_of_stock_is_counted_by_reason() {
    let mut by_buyer = order(1, days(2));
    by_buyer.cancelled_at = Some(at() - days(1));
    by_buyer.cancelled_by = Some(CancelledBy::Buyer);
    let mut by_seller = order(2, days(3));
    by_seller.cancelled_at = Some(at() - days(1));
    by_seller.cancelled_by = Some(CancelledBy::Seller);
    by_seller.reason = Some(OUT_OF_STOCK.into());
    let mut by_system = order(3, days(29));
    by_system.cancelled_at = Some(at() - days(24));
    by_system.cancelled_by = Some(CancelledBy::System);
    let mut refunded = order(4, days(10));
    refunded.refunded_at = Some(at() - days(1));
    refunded.reason = Some(OUT_OF_STOCK.into());
    let mut later = order(5, days(1));
    later.cancelled_at = Some(at() + h(1));
    later.cancelled_by = Some(CancelledBy::Buyer);
    let m = evaluate(
        &with_orders(vec![by_buyer, by_seller, by_system, refunded, later]),
        at(),
    )
    .metrics;
    assert_eq!(
        m.cancellation_rate,
        Cancellations {
            numerator: 3,
            denominator: 5,
            buyer: 1,
            seller: 1,
            system: 1
        }
    );
    assert_eq!(
        m.out_of_stock_rate,
        Figure {
            numerator: 2,
            denominator: 5
        }
    );
}

#[test]
fn a_ticket_answered_at_exactly_48_hours_is_in_time() {
    let h = StoreHistory {
        tickets: vec![
            ticket(days(10), Some(h(48)), TicketKind::OrderStatus),
            ticket(
                days(10),
                Some(h(48) + Duration::seconds(1)),
                TicketKind::Damaged,
            ),
        ],
        ..StoreHistory::default()
    };
    let m = evaluate(&h, at()).metrics.ticket_reply_48h_rate;
    assert_eq!((m.numerator, m.denominator), (1, 2));
}

#[test]
fn an_unanswered_ticket_counts_only_once_it_is_more_than_48_hours_old() {
    let h = StoreHistory {
        tickets: vec![
            ticket(h(48), None, TicketKind::OrderStatus),
            ticket(h(48) + Duration::seconds(1), None, TicketKind::OrderStatus),
            // Answered after `at`: still unanswered at `at`, and young.
            ticket(h(10), Some(h(11)), TicketKind::OrderStatus),
        ],
        ..StoreHistory::default()
    };
    let m = evaluate(&h, at()).metrics.ticket_reply_48h_rate;
    assert_eq!((m.numerator, m.denominator), (0, 1));
}

#[test]
fn complaints_are_damaged_missing_and_not_as_described_tickets_of_the_last_30_days() {
    let mut h = with_orders((0..4).map(|i| order(i, days(5))).collect());
    h.tickets = vec![
        ticket(days(1), None, TicketKind::Damaged),
        ticket(days(2), None, TicketKind::Missing),
        ticket(days(3), None, TicketKind::NotAsDescribed),
        ticket(days(4), None, TicketKind::OrderStatus),
        ticket(days(30) + Duration::seconds(1), None, TicketKind::Damaged),
    ];
    assert_eq!(
        evaluate(&h, at()).metrics.complaint_rate,
        Figure {
            numerator: 3,
            denominator: 4
        }
    );
}

// ---- targets, exactly ----

/// `n` tracked orders of which the first `bad` were never scanned.
fn tracked(n: usize, bad: usize) -> StoreHistory {
    with_orders(
        (0..n)
            .map(|i| {
                let mut o = order(i, days(15));
                if i < bad {
                    o.first_scan_at = None;
                }
                o
            })
            .collect(),
    )
}

#[test]
fn exactly_95_percent_valid_tracking_meets_the_target() {
    let m = evaluate(&tracked(20, 1), at()).metrics.valid_tracking_rate;
    assert_eq!((m.numerator, m.denominator, m.met), (19, 20, Some(true)));
    let m = evaluate(&tracked(40, 3), at()).metrics.valid_tracking_rate;
    assert_eq!(m.met, Some(false));
}

#[test]
fn exactly_10_percent_delayed_meets_the_target_and_more_fails() {
    let m = evaluate(&tracked(20, 2), at())
        .metrics
        .delayed_shipment_rate;
    assert_eq!((m.numerator, m.denominator, m.met), (2, 20, Some(true)));
    let m = evaluate(&tracked(20, 3), at())
        .metrics
        .delayed_shipment_rate;
    assert_eq!(m.met, Some(false));
}

#[test]
fn an_average_of_exactly_4_point_0_meets_the_target_and_just_under_fails() {
    let reviews = |ratings: &[i64]| StoreHistory {
        reviews: ratings
            .iter()
            .map(|r| ReviewFacts {
                created_at: at() - days(1),
                rating: *r,
            })
            .collect(),
        ..StoreHistory::default()
    };
    let m = evaluate(&reviews(&[5, 3, 4, 4]), at())
        .metrics
        .average_rating_30d;
    assert_eq!((m.numerator, m.denominator, m.met), (16, 4, Some(true)));
    let m = evaluate(&reviews(&[5, 3, 4, 3, 5, 4, 3]), at())
        .metrics
        .average_rating_30d;
    assert_eq!((m.numerator, m.denominator, m.met), (27, 7, Some(false)));
}

#[test]
fn exactly_10_percent_refunded_meets_the_target_and_more_fails() {
    let refunded = |n: usize, bad: usize| {
        with_orders(
            (0..n)
                .map(|i| {
                    let mut o = order(i, days(70));
                    if i < bad {
                        o.refunded_at = Some(at() - days(60));
                    }
                    o
                })
                .collect(),
        )
    };
    assert_eq!(
        evaluate(&refunded(30, 3), at())
            .metrics
            .refund_rate_63_93d
            .met,
        Some(true)
    );
    assert_eq!(
        evaluate(&refunded(30, 4), at())
            .metrics
            .refund_rate_63_93d
            .met,
        Some(false)
    );
}

#[test]
fn exactly_half_a_percent_counterfeit_meets_the_target_and_more_fails() {
    let listings = |n: usize, bad: usize| StoreHistory {
        listing_reviews: (0..n)
            .map(|i| ListingReviewFacts {
                reviewed_at: at() - days(5),
                counterfeit: i < bad,
            })
            .collect(),
        ..StoreHistory::default()
    };
    assert_eq!(
        evaluate(&listings(200, 1), at())
            .metrics
            .counterfeit_rate
            .met,
        Some(true)
    );
    assert_eq!(
        evaluate(&listings(199, 1), at())
            .metrics
            .counterfeit_rate
            .met,
        Some(false)
    );
}

// ---- rated and integrity ----

fn orders_in_90_days(n: usize) -> StoreHistory {
    with_orders(
        (0..n)
            .map(|i| order(i, days(1 + (i as i64 % 80))))
            .collect(),
    )
}

#[test]
fn forty_nine_orders_leave_a_store_unrated_and_fifty_make_it_rated() {
    let s = evaluate(&orders_in_90_days(49), at());
    assert_eq!(
        (s.orders_90d, s.rated, s.integrity_store),
        (49, false, false)
    );
    let s = evaluate(&orders_in_90_days(50), at());
    assert_eq!((s.orders_90d, s.rated, s.integrity_store), (50, true, true));
}

#[test]
fn the_rated_window_is_the_last_90_days_and_the_minimum_is_configurable() {
    let mut h = orders_in_90_days(49);
    h.orders.push(order(99, days(90)));
    h.orders.push(order(100, days(90) + Duration::seconds(1)));
    assert_eq!(evaluate(&h, at()).orders_90d, 50);
    assert!(!evaluate_with(&h, at(), Rules { min_orders: 51 }).rated);
}

#[test]
fn a_rated_store_with_one_failing_metric_is_not_an_integrity_store() {
    let mut h = orders_in_90_days(60);
    h.reviews = vec![ReviewFacts {
        created_at: at() - days(2),
        rating: 3,
    }];
    let s = evaluate(&h, at());
    assert!(s.rated);
    assert!(!s.integrity_store);
    assert_eq!(Verdict::of(&s), Verdict::Failing);
}

#[test]
fn metrics_without_data_neither_meet_nor_fail() {
    let s = evaluate(&StoreHistory::default(), at());
    for name in MetricName::ALL {
        assert_eq!(name.of(&s.metrics).met, None, "{}", name.as_str());
    }
    assert_eq!(Verdict::of(&s), Verdict::Unrated);
}

#[test]
fn orders_counted_against_delayed_shipment_are_the_late_ones() {
    let h = tracked(5, 2);
    assert_eq!(
        counted_against(&h, at(), MetricName::DelayedShipment),
        vec!["o0".to_string(), "o1".to_string()]
    );
}

#[test]
fn an_integrity_store_ranks_up_and_a_failing_one_down() {
    let e = Exposure::default();
    assert!(Verdict::Integrity.factor(&e) > Verdict::Unrated.factor(&e));
    assert!(Verdict::Failing.factor(&e) < Verdict::Unrated.factor(&e));
    assert_eq!(Verdict::Unrated.factor(&e), 1.0);
}

#[test]
fn values_are_shown_as_percentages_and_a_mean() {
    let m = Metric {
        numerator: 1,
        denominator: 8,
        met: Some(false),
    };
    assert_eq!(MetricName::DelayedShipment.value_text(&m), "12.5%");
    let r = Metric {
        numerator: 87,
        denominator: 22,
        met: Some(false),
    };
    assert_eq!(MetricName::AverageRating.value_text(&r), "3.9");
}

#[test]
fn a_reason_that_says_out_of_stock_has_the_out_of_stock_code() {
    assert_eq!(
        reason_code("Cancelled by the seller: Out of stock"),
        Some(OUT_OF_STOCK)
    );
    assert_eq!(reason_code("sold out, sorry"), Some(OUT_OF_STOCK));
    assert_eq!(reason_code("Wrong address"), None);
}

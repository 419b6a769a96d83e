use leptos::prelude::*;

/// Stars for an average rating (times 100) and the number of reviews.
#[component]
pub fn RatingStars(rating_x100: i64, count: i64) -> impl IntoView {
    let label = format!(
        "Rated {} out of 5 from {count} reviews",
        one_decimal(rating_x100)
    );
    let width = format!("width: {}%", (rating_x100.clamp(0, 500) + 2) / 5);
    (count > 0).then(|| {
        view! {
            <span class="rating" role="img" aria-label=label>
                <span class="stars" aria-hidden="true">
                    <span class="stars-fill" style=width>"★★★★★"</span>
                    "★★★★★"
                </span>
                <span class="rating-count" aria-hidden="true">{format!("({count})")}</span>
            </span>
        }
    })
}

/// An average times 100 to one decimal, rounded half up: 457 is "4.6". Integer
/// arithmetic only, so float formatting stays out of the buyer's first download.
fn one_decimal(x100: i64) -> String {
    let tenths = (x100.max(0) + 5) / 10;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::one_decimal;

    #[test]
    fn averages_round_half_up_to_one_decimal() {
        assert_eq!(one_decimal(457), "4.6");
        assert_eq!(one_decimal(435), "4.4");
        assert_eq!(one_decimal(500), "5.0");
        assert_eq!(one_decimal(94), "0.9");
        assert_eq!(one_decimal(0), "0.0");
    }
}

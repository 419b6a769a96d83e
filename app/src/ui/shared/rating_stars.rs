use leptos::prelude::*;

/// Stars for an average rating (times 100) and the number of reviews.
#[component]
pub fn RatingStars(rating_x100: i64, count: i64) -> impl IntoView {
    let label = format!(
        "Rated {:.1} out of 5 from {count} reviews",
        rating_x100 as f64 / 100.0
    );
    let width = format!(
        "width: {}%",
        (rating_x100.clamp(0, 500) as f64 / 5.0).round()
    );
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

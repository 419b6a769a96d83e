//! `server standards evaluate FILE`: a store history as JSON in, its standing as JSON
//! out, through [`app::domain::standards::evaluate`] — the definitions checked without
//! a database. A malformed file is refused with the path of the field at fault.

use app::domain::standards::{
    ListingReviewFacts, OrderFacts, ReviewFacts, StoreHistory, TicketFacts, evaluate,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// The file: the moment to evaluate at, and the history.
#[derive(Debug, Deserialize)]
struct HistoryFile {
    at: DateTime<Utc>,
    #[serde(default)]
    orders: Option<Vec<OrderFacts>>,
    #[serde(default)]
    reviews: Option<Vec<ReviewFacts>>,
    #[serde(default)]
    listing_reviews: Option<Vec<ListingReviewFacts>>,
    #[serde(default)]
    tickets: Option<Vec<TicketFacts>>,
}

/// The standing of the history in `text`, as pretty JSON; the error names the field.
pub fn evaluate_json(text: &str) -> Result<String, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let file: HistoryFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            format!("{inner}")
        } else {
            format!("field `{path}`: {inner}")
        }
    })?;
    de.end()
        .map_err(|e| format!("unexpected text after the history: {e}"))?;
    let history = StoreHistory {
        orders: file.orders.unwrap_or_default(),
        reviews: file.reviews.unwrap_or_default(),
        listing_reviews: file.listing_reviews.unwrap_or_default(),
        tickets: file.tickets.unwrap_or_default(),
    };
    for (i, review) in history.reviews.iter().enumerate() {
        if !(1..=5).contains(&review.rating) {
            return Err(format!(
                "field `reviews[{i}].rating`: a rating is 1 to 5, not {}",
                review.rating
            ));
        }
    }
    let standing = evaluate(&history, file.at);
    serde_json::to_string_pretty(&standing).map_err(|e| format!("writing the standing: {e}"))
}

//! What a buyer asks the search for: words, filters and a sort, as they appear in the
//! URL (so a search can be shared and reloaded), and the word rules both sides use.

use super::{Currency, Money, ParseError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SearchSort {
    #[default]
    Relevance,
    PriceLowToHigh,
    PriceHighToLow,
    Newest,
    Rating,
    BestSelling,
}

impl SearchSort {
    pub const ALL: [SearchSort; 6] = [
        SearchSort::Relevance,
        SearchSort::PriceLowToHigh,
        SearchSort::PriceHighToLow,
        SearchSort::Newest,
        SearchSort::Rating,
        SearchSort::BestSelling,
    ];

    pub fn param(self) -> &'static str {
        match self {
            SearchSort::Relevance => "relevance",
            SearchSort::PriceLowToHigh => "price_asc",
            SearchSort::PriceHighToLow => "price_desc",
            SearchSort::Newest => "newest",
            SearchSort::Rating => "rating",
            SearchSort::BestSelling => "best_selling",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SearchSort::Relevance => "Best match",
            SearchSort::PriceLowToHigh => "Price: low to high",
            SearchSort::PriceHighToLow => "Price: high to low",
            SearchSort::Newest => "Newest",
            SearchSort::Rating => "Top rated",
            SearchSort::BestSelling => "Best selling",
        }
    }

    pub fn from_param(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.param() == value)
            .unwrap_or_default()
    }
}

/// A parsed search: every field already checked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    pub words: Vec<String>,
    pub category: Option<String>,
    pub min_price: Option<Money>,
    pub max_price: Option<Money>,
    /// 1 to 5: only products rated at least this.
    pub min_rating: Option<u8>,
    pub on_sale: bool,
    /// Only products of stores shipping from this country (ISO code).
    pub ships_from: Option<String>,
    /// Only products with a variant in stock; the default, as sold-out products are
    /// shown only to a buyer who asks for them.
    pub in_stock: bool,
    pub sort: SearchSort,
}

/// Countries stores ship from, as the ships-from filter offers them: (ISO code, name).
pub const ORIGINS: [(&str, &str); 14] = [
    ("US", "United States"),
    ("CN", "China"),
    ("GB", "United Kingdom"),
    ("DE", "Germany"),
    ("VN", "Vietnam"),
    ("IN", "India"),
    ("MX", "Mexico"),
    ("PT", "Portugal"),
    ("CA", "Canada"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("AU", "Australia"),
];

/// The search parameters as they come from a URL or a form.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub category: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub rating: Option<String>,
    pub sale: Option<String>,
    /// `from`: the ships-from country code.
    pub from: Option<String>,
    /// `stock=all` also shows sold-out products.
    pub stock: Option<String>,
    pub sort: Option<String>,
}

impl SearchParams {
    /// Checks every parameter; a bad one is refused with a message, never ignored.
    pub fn parse(&self) -> Result<SearchQuery, ParseError> {
        let price = |v: &Option<String>| -> Result<Option<Money>, ParseError> {
            match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => Money::parse(v, Currency::USD).map(Some),
            }
        };
        let min_price = price(&self.min)?;
        let max_price = price(&self.max)?;
        if let (Some(lo), Some(hi)) = (min_price, max_price)
            && lo.minor() > hi.minor()
        {
            return Err(ParseError::new("The lowest price is above the highest."));
        }
        let min_rating = match self
            .rating
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            None => None,
            Some(v) => Some(
                v.parse::<u8>()
                    .ok()
                    .filter(|r| (1..=5).contains(r))
                    .ok_or_else(|| ParseError::new("Choose a rating from 1 to 5 stars."))?,
            ),
        };
        let category = self
            .category
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| {
                if c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') && c.len() <= 80 {
                    Ok(c.to_owned())
                } else {
                    Err(ParseError::new("That category does not exist."))
                }
            })
            .transpose()?;
        let ships_from = match self
            .from
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            None => None,
            Some(code) => Some(
                ORIGINS
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(code))
                    .map(|(c, _)| (*c).to_owned())
                    .ok_or_else(|| ParseError::new("Choose a country stores ship from."))?,
            ),
        };
        let in_stock = match self.stock.as_deref().map(str::trim).unwrap_or_default() {
            "" | "in" => true,
            "all" => false,
            _ => return Err(ParseError::new("Choose in-stock or all products.")),
        };
        Ok(SearchQuery {
            words: words(&self.q),
            category,
            min_price,
            max_price,
            min_rating,
            on_sale: matches!(self.sale.as_deref(), Some("1" | "true" | "on")),
            ships_from,
            in_stock,
            sort: SearchSort::from_param(self.sort.as_deref().unwrap_or_default()),
        })
    }
}

/// The searchable words of a text: lower-case letters and digits, at most 8 words of
/// at most 40 characters each.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(40).collect::<String>())
        .take(8)
        .collect()
}

/// Levenshtein distance, for typo-tolerant suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

/// How far a typed word may be from a known one: none for short words, then 1, then 2.
pub fn typo_budget(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_lower_case_and_free_of_punctuation() {
        assert_eq!(
            words("  Stoneware MUG, 12oz! "),
            ["stoneware", "mug", "12oz"]
        );
        assert!(
            words("\"; DROP TABLE --")
                .iter()
                .all(|w| w.chars().all(char::is_alphanumeric))
        );
    }

    #[test]
    fn filters_parse_from_url_parameters() {
        let q = SearchParams {
            q: "mug".into(),
            category: Some("home-kitchen".into()),
            min: Some("5".into()),
            max: Some("20.50".into()),
            rating: Some("4".into()),
            sale: Some("1".into()),
            from: Some("cn".into()),
            stock: Some("all".into()),
            sort: Some("price_asc".into()),
        }
        .parse()
        .unwrap();
        assert_eq!(q.ships_from.as_deref(), Some("CN"));
        assert!(!q.in_stock);
        assert!(SearchParams::default().parse().unwrap().in_stock);
        assert_eq!(q.min_price, Some(Money::usd(500)));
        assert_eq!(q.max_price, Some(Money::usd(2050)));
        assert_eq!(q.min_rating, Some(4));
        assert!(q.on_sale);
        assert_eq!(q.sort, SearchSort::PriceLowToHigh);
    }

    #[test]
    fn bad_filters_are_refused_with_a_message() {
        let bad = [
            SearchParams {
                min: Some("abc".into()),
                ..Default::default()
            },
            SearchParams {
                min: Some("30".into()),
                max: Some("10".into()),
                ..Default::default()
            },
            SearchParams {
                rating: Some("7".into()),
                ..Default::default()
            },
            SearchParams {
                category: Some("../etc".into()),
                ..Default::default()
            },
            SearchParams {
                from: Some("XX".into()),
                ..Default::default()
            },
            SearchParams {
                stock: Some("maybe".into()),
                ..Default::default()
            },
        ];
        for params in bad {
            assert!(params.parse().is_err(), "{params:?} was accepted");
        }
    }

    #[test]
    fn an_unknown_sort_falls_back_to_best_match() {
        assert_eq!(SearchSort::from_param("nonsense"), SearchSort::Relevance);
        for sort in SearchSort::ALL {
            assert_eq!(SearchSort::from_param(sort.param()), sort);
        }
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("sneaker", "sneaker"), 0);
        assert_eq!(edit_distance("snaeker", "sneaker"), 2);
        assert_eq!(edit_distance("sneker", "sneaker"), 1);
        assert_eq!(edit_distance("", "mug"), 3);
    }

    #[test]
    fn short_words_must_be_exact_and_long_ones_may_have_two_typos() {
        assert_eq!(typo_budget("mug"), 0);
        assert_eq!(typo_budget("mugs"), 1);
        assert_eq!(typo_budget("sneker"), 2);
    }
}

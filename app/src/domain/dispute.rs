//! Payment disputes: a buyer's bank takes an order's payment back (a chargeback) and
//! the store may answer with evidence before the response deadline. The gateway
//! decides; a store that wins gets the money back (a chargeback reversal).

use super::ParseError;
use serde::{Deserialize, Serialize};

/// Days a store has to answer a dispute.
pub const RESPONSE_DAYS: i64 = 7;
/// At most this many documents (photos, receipts, screenshots) per answer.
pub const MAX_DOCUMENTS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeReason {
    /// The cardholder says they did not make the purchase.
    Fraudulent,
    /// The buyer says the order never arrived.
    ProductNotReceived,
}

impl DisputeReason {
    pub const ALL: [DisputeReason; 2] =
        [DisputeReason::Fraudulent, DisputeReason::ProductNotReceived];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeReason::Fraudulent => "fraudulent",
            DisputeReason::ProductNotReceived => "product_not_received",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisputeReason::Fraudulent => "Cardholder does not recognise the payment",
            DisputeReason::ProductNotReceived => "Buyer says the order never arrived",
        }
    }

    /// What evidence answers this reason best, for the seller.
    pub fn advice(self) -> &'static str {
        match self {
            DisputeReason::Fraudulent => {
                "Show that the buyer placed and received the order: the delivery scan (attached for you when the carrier reported it), photos of the parcel and label, and any messages with the buyer."
            }
            DisputeReason::ProductNotReceived => {
                "Show that the order was delivered: the delivery scan (attached for you when the carrier reported it), a photo of the label or a proof of delivery."
            }
        }
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown dispute reason “{input}”.")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeStatus {
    /// Opened; the store may answer until the deadline.
    NeedsResponse,
    /// Evidence sent; the gateway is deciding.
    UnderReview,
    /// Decided for the store: the money came back.
    Won,
    /// Decided for the buyer (or not answered in time): the money stays with the buyer.
    Lost,
}

impl DisputeStatus {
    pub const ALL: [DisputeStatus; 4] = [
        DisputeStatus::NeedsResponse,
        DisputeStatus::UnderReview,
        DisputeStatus::Won,
        DisputeStatus::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeStatus::NeedsResponse => "needs_response",
            DisputeStatus::UnderReview => "under_review",
            DisputeStatus::Won => "won",
            DisputeStatus::Lost => "lost",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisputeStatus::NeedsResponse => "Needs response",
            DisputeStatus::UnderReview => "Under review",
            DisputeStatus::Won => "Won",
            DisputeStatus::Lost => "Lost",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            DisputeStatus::NeedsResponse | DisputeStatus::UnderReview
        )
    }

    pub fn parse(input: &str) -> Result<Self, ParseError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| ParseError::new(format!("Unknown dispute status “{input}”.")))
    }
}

/// The store's answer as typed: a statement and the keys of uploaded documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EvidenceDraft {
    pub statement: String,
    pub documents: Vec<String>,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub statement: String,
    pub documents: Vec<String>,
}

impl EvidenceDraft {
    /// The field refused and why, or the answer to send.
    pub fn check(&self) -> Result<Evidence, (&'static str, ParseError)> {
        let statement = self.statement.trim().replace("\r\n", "\n");
        let length = statement.chars().count();
        if length < 20 {
            return Err((
                "statement",
                ParseError::new(
                    "Explain what happened in a few sentences (at least 20 characters).",
                ),
            ));
        }
        if length > 5_000 {
            return Err((
                "statement",
                ParseError::new("Keep the statement under 5,000 characters."),
            ));
        }
        let mut documents: Vec<String> = Vec::new();
        for key in &self.documents {
            let key = key.trim();
            if key.is_empty() || key.len() > 64 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(("documents", ParseError::new("Upload the documents again.")));
            }
            if !documents.iter().any(|d| d == key) {
                documents.push(key.to_owned());
            }
        }
        if documents.len() > MAX_DOCUMENTS {
            return Err((
                "documents",
                ParseError::new(format!("Attach at most {MAX_DOCUMENTS} documents.")),
            ));
        }
        Ok(Evidence {
            statement,
            documents,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_needs_a_statement_and_few_documents() {
        let ok = EvidenceDraft {
            statement: "  Delivered on 3 March; the buyer wrote to thank us.  ".into(),
            documents: vec!["a".repeat(32), "a".repeat(32)],
        };
        let e = ok.check().unwrap();
        assert_eq!(
            e.statement,
            "Delivered on 3 March; the buyer wrote to thank us."
        );
        assert_eq!(
            e.documents.len(),
            1,
            "a document attached twice counts once"
        );
        let short = EvidenceDraft {
            statement: "It arrived.".into(),
            ..ok.clone()
        };
        assert_eq!(short.check().unwrap_err().0, "statement");
        let many = EvidenceDraft {
            documents: (0..6).map(|i| format!("{i}{}", "b".repeat(31))).collect(),
            ..ok.clone()
        };
        assert_eq!(many.check().unwrap_err().0, "documents");
        let odd = EvidenceDraft {
            documents: vec!["../x".into()],
            ..ok
        };
        assert_eq!(odd.check().unwrap_err().0, "documents");
    }

    #[test]
    fn names_round_trip() {
        for r in DisputeReason::ALL {
            assert_eq!(DisputeReason::parse(r.as_str()).unwrap(), r);
        }
        for s in DisputeStatus::ALL {
            assert_eq!(DisputeStatus::parse(s.as_str()).unwrap(), s);
        }
        assert!(DisputeStatus::UnderReview.is_open());
        assert!(!DisputeStatus::Lost.is_open());
    }
}

//! Money: card payments through the gateway, the seller ledger and payouts, and
//! chargeback disputes, and their CSV exports.

pub mod disputes;
pub mod exports;
pub mod ledger;
pub mod payments;

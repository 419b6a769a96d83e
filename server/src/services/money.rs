//! Money: card payments through the gateway, the seller ledger and payouts, and
//! chargeback disputes.

pub mod disputes;
pub mod ledger;
pub mod payments;

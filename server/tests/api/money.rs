//! Money: chargeback disputes (payouts are tested with fulfilment in `orders`).

mod disputes;

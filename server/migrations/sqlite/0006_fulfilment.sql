-- Order fulfilment and the stores' money: what was captured and refunded per order,
-- refunds per item, carrier scans, a ledger per store with its running balance, and
-- payouts.

ALTER TABLE orders ADD COLUMN captured_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN shipped_at INTEGER;
ALTER TABLE orders ADD COLUMN delivered_at INTEGER;
ALTER TABLE orders ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_in_transit ON orders(status, shipped_at);

ALTER TABLE order_items ADD COLUMN refunded_quantity INTEGER NOT NULL DEFAULT 0;

-- What the carrier reported, one row per scan; the buyer and the seller see them.
CREATE TABLE tracking_events (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    description TEXT NOT NULL,
    location    TEXT NOT NULL DEFAULT '',
    at          INTEGER NOT NULL,
    UNIQUE (order_id, code)
);

-- The sum of a store's ledger entries; kept in the same transaction as every entry.
ALTER TABLE stores ADD COLUMN balance_minor INTEGER NOT NULL DEFAULT 0;

CREATE TABLE payouts (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores(id),
    run_date     TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'failed')),
    created_at   INTEGER NOT NULL,
    UNIQUE (store_id, run_date)
);

-- Every movement of a store's money. Sales and their commission wait (available_at)
-- until delivery or the hold period; refunds, fees and payouts count at once.
CREATE TABLE ledger_entries (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores(id),
    order_id     INTEGER REFERENCES orders(id),
    payout_id    INTEGER REFERENCES payouts(id),
    kind         TEXT NOT NULL CHECK (kind IN ('sale', 'commission', 'refund', 'commission_refund', 'boost_spend', 'chargeback', 'payout')),
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    available_at INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX ledger_store ON ledger_entries(store_id, at, id);
CREATE INDEX ledger_order ON ledger_entries(order_id);

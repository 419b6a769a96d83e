-- Store logos, long console operations with their progress (CSV imports), and
-- payment disputes with the seller's evidence.

ALTER TABLE stores ADD COLUMN logo_key TEXT NOT NULL DEFAULT '';

-- A long operation a seller started: how far it got and, once finished, its result
-- as JSON. Any server can report on it; `updated_at` tells a live one from one whose
-- server stopped.
CREATE TABLE operations (
    id         INTEGER PRIMARY KEY,
    store_id   INTEGER NOT NULL REFERENCES stores(id),
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'checking' CHECK (state IN ('checking', 'saving', 'done', 'failed')),
    total      INTEGER NOT NULL DEFAULT 0,
    done       INTEGER NOT NULL DEFAULT 0,
    result     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX operations_store ON operations(store_id, id);

-- The sandbox gateway's books on disputes: when a charge was captured (its disputes
-- open a day later) and the evidence the marketplace sent.
ALTER TABLE sandbox_charges ADD COLUMN captured_at INTEGER;
CREATE TABLE sandbox_disputes (
    charge_id    TEXT PRIMARY KEY REFERENCES sandbox_charges(id),
    evidence     TEXT NOT NULL,
    submitted_at INTEGER NOT NULL
);

-- A buyer's bank disputing an order's payment. The disputed amount leaves the
-- store's balance when the dispute opens (a chargeback) and comes back if the store
-- wins (a chargeback reversal).
CREATE TABLE disputes (
    id            INTEGER PRIMARY KEY,
    store_id      INTEGER NOT NULL REFERENCES stores(id),
    order_id      INTEGER NOT NULL UNIQUE REFERENCES orders(id),
    charge_id     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'needs_response' CHECK (status IN ('needs_response', 'under_review', 'won', 'lost')),
    statement     TEXT NOT NULL DEFAULT '',
    evidence_keys TEXT NOT NULL DEFAULT '',
    opened_at     INTEGER NOT NULL,
    due_at        INTEGER NOT NULL,
    submitted_at  INTEGER,
    closed_at     INTEGER
);
CREATE INDEX disputes_store ON disputes(store_id, status, opened_at);

-- A new ledger entry kind, chargeback_reversal: SQLite changes a CHECK by rebuilding.
CREATE TABLE ledger_entries_new (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores(id),
    order_id     INTEGER REFERENCES orders(id),
    payout_id    INTEGER REFERENCES payouts(id),
    kind         TEXT NOT NULL CHECK (kind IN ('sale', 'commission', 'refund', 'commission_refund', 'boost_spend', 'chargeback', 'chargeback_reversal', 'payout')),
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    available_at INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
INSERT INTO ledger_entries_new (id, store_id, order_id, payout_id, kind, amount_minor, currency, memo, available_at, at)
    SELECT id, store_id, order_id, payout_id, kind, amount_minor, currency, memo, available_at, at FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_store ON ledger_entries(store_id, at, id);
CREATE INDEX ledger_order ON ledger_entries(order_id);

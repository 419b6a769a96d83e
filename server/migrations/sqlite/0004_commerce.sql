-- Cart, checkout, payments and orders; wishlist change tracking; buyer settings.

-- What the buyer saw when a wished item was added (or last acknowledged), so price
-- drops and restocks can be noticed.
ALTER TABLE wishlist_items ADD COLUMN stock_seen INTEGER NOT NULL DEFAULT 1;

ALTER TABLE orders ADD COLUMN shipping_option TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE orders ADD COLUMN charge_id TEXT;
ALTER TABLE orders ADD COLUMN payment_label TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN delivery_from TEXT;
ALTER TABLE orders ADD COLUMN delivery_to TEXT;

-- Every status an order passed through, for the buyer's timeline.
CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, at);

-- A buyer's saved cards: the gateway's token and what may be shown, never the number.
CREATE TABLE payment_methods (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token      TEXT NOT NULL,
    brand      TEXT NOT NULL,
    last4      TEXT NOT NULL,
    exp_month  INTEGER NOT NULL,
    exp_year   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, token)
);

CREATE TABLE notification_prefs (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    order_updates INTEGER NOT NULL DEFAULT 1,
    price_drops   INTEGER NOT NULL DEFAULT 1,
    back_in_stock INTEGER NOT NULL DEFAULT 1,
    promotions    INTEGER NOT NULL DEFAULT 0
);

-- The built-in sandbox payment gateway's own books (it stands in for an external
-- test-mode gateway): card tokens with the outcome their test number asks for, and
-- charges (authorised, then captured in parts, refunded or released).
CREATE TABLE sandbox_cards (
    token      TEXT PRIMARY KEY,
    brand      TEXT NOT NULL,
    last4      TEXT NOT NULL,
    exp_month  INTEGER NOT NULL,
    exp_year   INTEGER NOT NULL,
    outcome    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE sandbox_charges (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    token           TEXT NOT NULL REFERENCES sandbox_cards(token),
    currency        TEXT NOT NULL,
    authorized_minor INTEGER NOT NULL CHECK (authorized_minor >= 0),
    captured_minor  INTEGER NOT NULL DEFAULT 0 CHECK (captured_minor >= 0),
    refunded_minor  INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    released_minor  INTEGER NOT NULL DEFAULT 0 CHECK (released_minor >= 0),
    created_at      INTEGER NOT NULL,
    CHECK (captured_minor + released_minor <= authorized_minor),
    CHECK (refunded_minor <= captured_minor)
);

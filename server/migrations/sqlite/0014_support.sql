-- Customer service: tickets on orders, their messages, and the stores' canned replies.
-- A ticket is waiting for the seller while `waiting_since` is set (the reply clock
-- runs from it); `first_reply_at` keeps the seller's first answer for the standards.
-- `client_key` is the browser's idempotency key: the same key twice is one ticket
-- (or one message).

CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    store_id       INTEGER NOT NULL REFERENCES stores(id),
    buyer_id       INTEGER NOT NULL REFERENCES accounts(id),
    kind           TEXT NOT NULL CHECK (kind IN ('order_details', 'change_address', 'cancel_item', 'change_variant',
                       'order_status', 'delivery_time', 'damaged', 'missing', 'not_as_described', 'return_refund')),
    status         TEXT NOT NULL CHECK (status IN ('awaiting_seller', 'awaiting_buyer', 'escalated', 'closed')),
    item_id        INTEGER REFERENCES order_items(id),
    quantity       INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    variant_id     INTEGER REFERENCES variants(id),
    new_address    TEXT,
    request_state  TEXT CHECK (request_state IN ('pending', 'accepted', 'declined')),
    resolution     TEXT NOT NULL DEFAULT '',
    client_key     TEXT NOT NULL,
    waiting_since  INTEGER,
    first_reply_at INTEGER,
    escalated_at   INTEGER,
    closed_at      INTEGER,
    buyer_unread   INTEGER NOT NULL DEFAULT 0,
    seller_unread  INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (buyer_id, client_key)
);
CREATE INDEX tickets_store_queue ON tickets(store_id, status, updated_at, id);
CREATE INDEX tickets_buyer ON tickets(buyer_id, updated_at, id);
CREATE INDEX tickets_order ON tickets(order_id);
CREATE INDEX tickets_waiting ON tickets(status, waiting_since);
CREATE INDEX tickets_store_waiting ON tickets(store_id, status, waiting_since, id);

CREATE TABLE ticket_messages (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author     TEXT NOT NULL CHECK (author IN ('buyer', 'seller', 'admin', 'system')),
    author_id  INTEGER REFERENCES accounts(id),
    body       TEXT NOT NULL,
    photos     TEXT NOT NULL DEFAULT '',
    client_key TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (ticket_id, client_key)
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, id);

CREATE TABLE canned_replies (
    id         INTEGER PRIMARY KEY,
    store_id   INTEGER NOT NULL REFERENCES stores(id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX canned_replies_store ON canned_replies(store_id, title);

-- Photos people attach to tickets (and reviews): who uploaded which image, so a
-- message can only show the author's own uploads.
CREATE TABLE account_images (
    image_key  TEXT NOT NULL REFERENCES images(key),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (image_key, account_id)
);

-- Feed ranking: a stored score per product (score × 1,000,000, recomputed by a job)
-- and the product events the ranking and personalisation learn from.

ALTER TABLE products ADD COLUMN rank_score INTEGER NOT NULL DEFAULT 0;
CREATE INDEX products_feed ON products(status, rank_score DESC, id DESC);

CREATE TABLE product_events (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('view', 'click', 'impression')),
    at         INTEGER NOT NULL
);
CREATE INDEX product_events_product ON product_events(product_id, at);
CREATE INDEX product_events_account ON product_events(account_id, at);

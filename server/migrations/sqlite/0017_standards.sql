-- Seller standards: what the metrics read that was not kept yet, the platform's
-- reviews of listings, each store's daily standing, and the verdict the badge and the
-- ranking read (`domain::standards`).

-- When and by whom an order was cancelled, and the reason code of a cancel or refund
-- (`out_of_stock` counts for the out-of-stock figure). The tracking upload time is
-- `shipped_at`; the first carrier scan is the earliest `tracking_events.at`.
ALTER TABLE orders ADD COLUMN cancelled_at INTEGER;
ALTER TABLE orders ADD COLUMN cancelled_by TEXT CHECK (cancelled_by IN ('buyer', 'seller', 'system'));
ALTER TABLE orders ADD COLUMN reason_code TEXT;
UPDATE orders SET cancelled_at = updated_at,
    cancelled_by = CASE WHEN close_reason LIKE 'Cancelled by the buyer%' THEN 'buyer'
                        WHEN close_reason LIKE 'Cancelled by the seller%' THEN 'seller'
                        ELSE 'system' END
    WHERE status = 'cancelled';
CREATE INDEX orders_store_placed ON orders(store_id, placed_at);
-- Unshipped orders by age, for the automatic cancellation.
CREATE INDEX orders_unshipped ON orders(status, placed_at);

-- The platform's verdict on a listing: genuine or counterfeit. A counterfeit listing
-- is hidden and blocked (the seller cannot publish it again).
CREATE TABLE listing_reviews (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    store_id    INTEGER NOT NULL REFERENCES stores(id),
    admin_id    INTEGER NOT NULL REFERENCES accounts(id),
    counterfeit INTEGER NOT NULL CHECK (counterfeit IN (0, 1)),
    reviewed_at INTEGER NOT NULL
);
CREATE INDEX listing_reviews_store ON listing_reviews(store_id, reviewed_at);
ALTER TABLE products ADD COLUMN blocked_at INTEGER;

-- One standing per store and UTC day, written by the daily job (or on first read).
CREATE TABLE store_standings (
    store_id        INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
    day             TEXT NOT NULL,
    at              INTEGER NOT NULL,
    verdict         TEXT NOT NULL CHECK (verdict IN ('integrity', 'failing', 'unrated')),
    standing        TEXT NOT NULL,
    PRIMARY KEY (store_id, day)
);

-- The latest verdict, for the badge and the ranking's store-standing factor.
ALTER TABLE stores ADD COLUMN verdict TEXT NOT NULL DEFAULT 'unrated' CHECK (verdict IN ('integrity', 'failing', 'unrated'));

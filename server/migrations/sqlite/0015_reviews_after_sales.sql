-- Reviews written from delivered orders: one per order item (a unique key, so two
-- submissions at once make one review), photos, editable for 30 days; the store's
-- public reply (one per review, editable); buyers' reports for the moderation list.
-- Reviews from before this migration keep order_item_id NULL (NULLs never collide).

ALTER TABLE reviews ADD COLUMN order_item_id INTEGER REFERENCES order_items(id) ON DELETE SET NULL;
ALTER TABLE reviews ADD COLUMN photos TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN updated_at INTEGER;
ALTER TABLE reviews ADD COLUMN reply TEXT;
ALTER TABLE reviews ADD COLUMN reply_at INTEGER;
ALTER TABLE reviews ADD COLUMN reply_updated_at INTEGER;
-- Set when an admin removes the review after reports: it leaves the page and the rating.
ALTER TABLE reviews ADD COLUMN removed_at INTEGER;
CREATE UNIQUE INDEX reviews_order_item ON reviews(order_item_id);

CREATE TABLE review_reports (
    id INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    -- Set when an admin decides (keeps or removes the review).
    resolved_at INTEGER
);
CREATE UNIQUE INDEX review_reports_once ON review_reports(review_id, account_id);
CREATE INDEX review_reports_open ON review_reports(resolved_at, review_id);

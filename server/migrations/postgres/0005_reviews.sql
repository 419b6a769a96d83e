-- "Helpful" votes on reviews: one per buyer per review, counted on the review so the
-- "most helpful" order is an index scan.

ALTER TABLE reviews ADD COLUMN helpful_count BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reviews_helpful ON reviews(product_id, helpful_count DESC, id DESC);

CREATE TABLE review_votes (
    review_id  BIGINT NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (review_id, account_id)
);

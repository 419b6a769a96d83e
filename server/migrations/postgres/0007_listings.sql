-- Seller-managed listings: an optional product video, and which store uploaded an
-- image (a store can only attach its own uploads).

ALTER TABLE products ADD COLUMN video_url TEXT NOT NULL DEFAULT '';
ALTER TABLE images ADD COLUMN store_id BIGINT REFERENCES stores(id);
CREATE INDEX products_store_updated ON products(store_id, updated_at);

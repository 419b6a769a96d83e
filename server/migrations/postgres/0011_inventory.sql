-- Per-product inventory settings: the low-stock level (alerts and the seller's mail),
-- the date sold-out stock is expected back (shown to buyers), and when the low-stock
-- mail was last sent (cleared once every variant is above the level again).

ALTER TABLE products ADD COLUMN low_stock BIGINT NOT NULL DEFAULT 5 CHECK (low_stock >= 0);
ALTER TABLE products ADD COLUMN restock_on TEXT;
ALTER TABLE products ADD COLUMN low_stock_mailed_at BIGINT;

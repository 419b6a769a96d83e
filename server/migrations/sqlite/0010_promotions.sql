-- Promotions (discounts on chosen products or variants for a while; a flash sale is a
-- short one) and promo codes (typed at checkout, with limits). Amounts are whole
-- percent for 'percent' and minor units for 'fixed'; times are UTC milliseconds.

CREATE TABLE promotions (
    id          INTEGER PRIMARY KEY,
    store_id    INTEGER NOT NULL REFERENCES stores(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    flash       INTEGER NOT NULL DEFAULT 0 CHECK (flash IN (0, 1)),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK (kind <> 'percent' OR amount <= 90),
    CHECK (ends_at > starts_at)
);
CREATE INDEX promotions_store ON promotions(store_id, created_at);

-- A whole product when variant_id is NULL, else that variant.
CREATE TABLE promotion_targets (
    promotion_id INTEGER NOT NULL REFERENCES promotions(id) ON DELETE CASCADE,
    product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    variant_id   INTEGER REFERENCES variants(id) ON DELETE CASCADE
);
CREATE INDEX promotion_targets_product ON promotion_targets(product_id, promotion_id);

CREATE TABLE promo_codes (
    id              INTEGER PRIMARY KEY,
    store_id        INTEGER NOT NULL REFERENCES stores(id),
    code            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    min_order_minor INTEGER NOT NULL DEFAULT 0 CHECK (min_order_minor >= 0),
    max_uses        INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
    per_buyer       INTEGER CHECK (per_buyer IS NULL OR per_buyer > 0),
    uses            INTEGER NOT NULL DEFAULT 0 CHECK (max_uses IS NULL OR uses <= max_uses),
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX promo_codes_store ON promo_codes(store_id, created_at);

CREATE TABLE promo_code_uses (
    code_id    INTEGER NOT NULL REFERENCES promo_codes(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (code_id, order_id)
);
CREATE INDEX promo_code_uses_buyer ON promo_code_uses(code_id, account_id);

-- What each sold unit was listed at, and the promotion that lowered it.
ALTER TABLE order_items ADD COLUMN list_price_minor INTEGER;
ALTER TABLE order_items ADD COLUMN promotion_id INTEGER REFERENCES promotions(id);
CREATE INDEX order_items_promotion ON order_items(promotion_id);
ALTER TABLE orders ADD COLUMN promo_code_id INTEGER REFERENCES promo_codes(id);

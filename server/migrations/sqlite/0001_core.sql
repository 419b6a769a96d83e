-- Core schema. Times are UTC milliseconds since the Unix epoch; money is integer
-- minor units with its ISO-4217 currency; flags are 0/1 integers.

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'seller', 'admin')),
    email_verified_at INTEGER,
    created_at        INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE account_tokens (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);

CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE stores (
    id            INTEGER PRIMARY KEY,
    owner_id      INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    name          TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    description   TEXT NOT NULL DEFAULT '',
    contact_email TEXT,
    ships_from    TEXT NOT NULL DEFAULT 'US',
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected')),
    created_at    INTEGER NOT NULL
);

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES categories(id),
    slug      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores(id),
    category_id    INTEGER NOT NULL REFERENCES categories(id),
    slug           TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    tags           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'hidden')),
    currency       TEXT NOT NULL DEFAULT 'USD',
    shipping_minor INTEGER NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0),
    handling_days  INTEGER NOT NULL DEFAULT 2 CHECK (handling_days >= 0),
    rating_sum     INTEGER NOT NULL DEFAULT 0,
    rating_count   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX products_store ON products(store_id);
CREATE INDEX products_category ON products(category_id);
CREATE INDEX products_status ON products(status, id);

CREATE TABLE variants (
    id               INTEGER PRIMARY KEY,
    product_id       INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku              TEXT NOT NULL,
    size             TEXT,
    color            TEXT,
    price_minor      INTEGER NOT NULL CHECK (price_minor >= 0),
    compare_at_minor INTEGER CHECK (compare_at_minor >= 0),
    stock            INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    position         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (product_id, sku)
);
CREATE INDEX variants_product ON variants(product_id);

CREATE TABLE images (
    key          TEXT PRIMARY KEY,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE product_images (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    image_key  TEXT NOT NULL REFERENCES images(key),
    alt        TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX product_images_product ON product_images(product_id, position);

CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX reviews_product ON reviews(product_id, created_at);

CREATE TABLE wishlists (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    share_token TEXT UNIQUE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX wishlists_account ON wishlists(account_id);

CREATE TABLE wishlist_items (
    wishlist_id INTEGER NOT NULL REFERENCES wishlists(id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    variant_id  INTEGER REFERENCES variants(id) ON DELETE SET NULL,
    added_at    INTEGER NOT NULL,
    price_seen_minor INTEGER,
    PRIMARY KEY (wishlist_id, product_id)
);

CREATE TABLE carts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,
    guest_token TEXT UNIQUE,
    updated_at  INTEGER NOT NULL,
    CHECK (account_id IS NOT NULL OR guest_token IS NOT NULL)
);

CREATE TABLE cart_items (
    cart_id     INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    variant_id  INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL,
    added_at    INTEGER NOT NULL,
    PRIMARY KEY (cart_id, variant_id)
);

CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    full_name   TEXT NOT NULL,
    line1       TEXT NOT NULL,
    line2       TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL,
    region      TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL,
    country     TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX addresses_account ON addresses(account_id);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    buyer_id       INTEGER NOT NULL REFERENCES accounts(id),
    store_id       INTEGER NOT NULL REFERENCES stores(id),
    checkout_id    TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'placed'
                   CHECK (status IN ('placed', 'confirmed', 'shipped', 'in_transit', 'delivered', 'cancelled', 'refunded')),
    currency       TEXT NOT NULL,
    subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
    shipping_minor INTEGER NOT NULL CHECK (shipping_minor >= 0),
    discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
    total_minor    INTEGER NOT NULL CHECK (total_minor >= 0),
    ship_to        TEXT NOT NULL,
    carrier        TEXT,
    tracking_number TEXT,
    placed_at      INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX orders_buyer ON orders(buyer_id, placed_at);
CREATE INDEX orders_store ON orders(store_id, status, placed_at);

CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    variant_id       INTEGER REFERENCES variants(id) ON DELETE SET NULL,
    product_id       INTEGER REFERENCES products(id) ON DELETE SET NULL,
    title            TEXT NOT NULL,
    variant_label    TEXT NOT NULL,
    sku              TEXT NOT NULL,
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    quantity         INTEGER NOT NULL CHECK (quantity > 0)
);
CREATE INDEX order_items_order ON order_items(order_id);

CREATE TABLE idempotency_keys (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
);

CREATE TABLE email_outbox (
    id            INTEGER PRIMARY KEY,
    to_email      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    claimed_until INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    sent_at       INTEGER,
    last_error    TEXT
);
CREATE INDEX email_outbox_unsent ON email_outbox(sent_at, id);

CREATE TABLE job_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- Paid exposure. A campaign pays its bid per 1,000 impressions; spend is kept in
-- thousandths of a minor unit (one impression costs `bid_minor` of them), capped per
-- week (weeks start Monday 00:00 UTC) and moved to the store's ledger in whole cents.

CREATE TABLE boost_campaigns (
    id                  INTEGER PRIMARY KEY,
    store_id            INTEGER NOT NULL REFERENCES stores(id),
    name                TEXT NOT NULL,
    bid_minor           INTEGER NOT NULL CHECK (bid_minor > 0),
    weekly_budget_minor INTEGER NOT NULL CHECK (weekly_budget_minor > 0),
    starts_at           INTEGER NOT NULL,
    ends_at             INTEGER NOT NULL,
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    week_start          INTEGER NOT NULL DEFAULT 0,
    week_spent_milli    INTEGER NOT NULL DEFAULT 0,
    spent_milli         INTEGER NOT NULL DEFAULT 0,
    billed_minor        INTEGER NOT NULL DEFAULT 0,
    impressions         INTEGER NOT NULL DEFAULT 0,
    clicks              INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    CHECK (week_spent_milli <= weekly_budget_minor * 1000)
);
CREATE INDEX boost_campaigns_store ON boost_campaigns(store_id, created_at);
CREATE INDEX boost_campaigns_live ON boost_campaigns(status, ends_at);

CREATE TABLE boost_products (
    campaign_id  INTEGER NOT NULL REFERENCES boost_campaigns(id) ON DELETE CASCADE,
    product_id   INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    impressions  INTEGER NOT NULL DEFAULT 0,
    clicks       INTEGER NOT NULL DEFAULT 0,
    spent_milli  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, product_id)
);
CREATE INDEX boost_products_product ON boost_products(product_id);

-- Full-text search over title, description and tags (a generated tsvector with a GIN
-- index), and the vocabulary that typo-tolerant suggestions draw from.

ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(tags, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'C')
) STORED;
CREATE INDEX products_search ON products USING GIN (search_vector);

CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    products BIGINT NOT NULL
);

-- Full-text search over title, description and tags (FTS5, kept in step by triggers),
-- and the vocabulary that typo-tolerant suggestions draw from.

CREATE VIRTUAL TABLE product_search USING fts5(
    title, description, tags,
    content = 'products', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO product_search (rowid, title, description, tags) SELECT id, title, description, tags FROM products;

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search (rowid, title, description, tags) VALUES (new.id, new.title, new.description, new.tags);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO product_search (product_search, rowid, title, description, tags)
    VALUES ('delete', old.id, old.title, old.description, old.tags);
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF title, description, tags ON products BEGIN
    INSERT INTO product_search (product_search, rowid, title, description, tags)
    VALUES ('delete', old.id, old.title, old.description, old.tags);
    INSERT INTO product_search (rowid, title, description, tags) VALUES (new.id, new.title, new.description, new.tags);
END;

CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    products INTEGER NOT NULL
);

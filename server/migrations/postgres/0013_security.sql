-- Who may use an uploaded image: one row per store that uploaded it. Image keys are
-- hashes of the pixels, so two stores uploading the same bytes share the image row
-- but each has its own ownership; `images.store_id` keeps the first uploader only.
CREATE TABLE image_owners (
    image_key  TEXT NOT NULL REFERENCES images(key),
    store_id   BIGINT NOT NULL REFERENCES stores(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (image_key, store_id)
);
INSERT INTO image_owners (image_key, store_id, created_at)
    SELECT key, store_id, created_at FROM images WHERE store_id IS NOT NULL;

-- Migration 11: catalogue parity.
-- products.photo: the file name of the product's thumbnail in the photos folder next to the
--   database (`<sha-256 of the JPEG>.jpg`, content-addressed; NULL: no photo). The file is written
--   before the row points at it and removed only after no row does.
-- products.low_stock_threshold: "Stok Menipis" when stock <= this (NULL: never low).
ALTER TABLE products ADD COLUMN photo TEXT
    CHECK (photo IS NULL OR (length(photo) = 68 AND photo GLOB '*.jpg'));
ALTER TABLE products ADD COLUMN low_stock_threshold INTEGER
    CHECK (low_stock_threshold IS NULL OR low_stock_threshold >= 0);

-- Is this photo still used by some product (before its file is removed)?
CREATE INDEX products_photo ON products (photo) WHERE photo IS NOT NULL;
-- The low-stock list and the dashboard card read only products with a threshold.
CREATE INDEX products_low_stock ON products (low_stock_threshold)
    WHERE low_stock_threshold IS NOT NULL;

-- Migration 6: the stock ledger. Every change of products.stock writes one row here in the same
-- transaction: 'adjust' (the owner's "Sesuaikan stok" with its reason, or a stock edited in the
-- product form), 'sale' (a paid order, with its order id) and 'initial' (the stock a product
-- started with). stock_after is products.stock right after the change, so the history reads as a
-- running balance and the sum of deltas equals the current stock.
CREATE TABLE stock_movements (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    delta        INTEGER NOT NULL CHECK (delta <> 0),
    stock_after  INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('adjust', 'sale', 'initial')),
    reason       TEXT,
    order_id     INTEGER REFERENCES orders (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX stock_movements_product ON stock_movements (product_id, created_at);

-- History starts now: a product that already holds stock gets one 'initial' row with that stock,
-- stamped with the moment of the upgrade, so the ledger of an upgraded shop balances too.
INSERT INTO stock_movements (product_id, delta, stock_after, kind, reason, created_at)
    SELECT id, stock, stock, 'initial', 'Stok saat riwayat mulai dicatat',
           CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM products WHERE stock <> 0;

-- A product created with stock (product form, demo catalogue, imports) starts its ledger with an
-- 'initial' row, stamped with the product's created_at (time passed in by the caller). A trigger
-- rather than Rust so that no insert path can skip it.
CREATE TRIGGER stock_movements_initial AFTER INSERT ON products
WHEN NEW.stock <> 0
BEGIN
    INSERT INTO stock_movements (product_id, delta, stock_after, kind, created_at)
        VALUES (NEW.id, NEW.stock, NEW.stock, 'initial', NEW.created_at);
END;

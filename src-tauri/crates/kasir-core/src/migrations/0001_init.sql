-- Migration 1: catalogue, orders, settings.
-- Money columns are INTEGER rupiah. Instants are INTEGER unix milliseconds (UTC).
CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
);

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    sku          TEXT    NOT NULL UNIQUE,
    barcode      TEXT    UNIQUE,
    name         TEXT    NOT NULL CHECK (length(name) > 0),
    category_id  INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    price        INTEGER NOT NULL CHECK (price >= 0),
    stock        INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    is_demo      INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX products_category ON products (category_id);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    number          TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL CHECK (status IN ('awaiting_payment', 'paid', 'cancelled')),
    subtotal        INTEGER NOT NULL CHECK (subtotal >= 0),
    discount_total  INTEGER NOT NULL DEFAULT 0 CHECK (discount_total >= 0),
    tax_total       INTEGER NOT NULL DEFAULT 0 CHECK (tax_total >= 0),
    total           INTEGER NOT NULL CHECK (total >= 0),
    payment_method  TEXT    CHECK (payment_method IN ('cash', 'qris')),
    cash_tendered   INTEGER,
    cash_change     INTEGER,
    cashier         TEXT,
    created_at      INTEGER NOT NULL,
    paid_at         INTEGER,
    CHECK (status <> 'paid' OR (paid_at IS NOT NULL AND payment_method IS NOT NULL))
);
CREATE INDEX orders_paid_at ON orders (paid_at) WHERE status = 'paid';
CREATE INDEX orders_created_at ON orders (created_at);

CREATE TABLE order_lines (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id  INTEGER REFERENCES products (id) ON DELETE SET NULL,
    sku         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    unit_price  INTEGER NOT NULL CHECK (unit_price >= 0),
    qty         INTEGER NOT NULL CHECK (qty > 0),
    line_total  INTEGER NOT NULL CHECK (line_total = unit_price * qty)
);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

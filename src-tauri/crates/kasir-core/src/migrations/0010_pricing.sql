-- Migration 10: prices as Indonesian shops charge them.
-- products: cost price (HPP, copied onto each order line at sale time) and tax exemption.
-- promos: saved promos (the rule as JSON, priced by kasir-pricing).
-- orders: the stored breakdown (service, rounding, whether tax was inside the prices, its label,
--   the cost of the goods) and the whole PriceBreakdown as priced; a trigger refuses an order
--   whose breakdown does not add up to its total.
-- order_lines: each line's discount, tax, cost and its share of the order total (what a refund
--   of that line gives back).
ALTER TABLE products ADD COLUMN cost_price INTEGER NOT NULL DEFAULT 0 CHECK (cost_price >= 0);
ALTER TABLE products ADD COLUMN tax_exempt INTEGER NOT NULL DEFAULT 0 CHECK (tax_exempt IN (0, 1));

CREATE TABLE promos (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    rule        TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

ALTER TABLE orders ADD COLUMN service_total INTEGER NOT NULL DEFAULT 0 CHECK (service_total >= 0);
ALTER TABLE orders ADD COLUMN rounding INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tax_included INTEGER NOT NULL DEFAULT 0 CHECK (tax_included IN (0, 1));
ALTER TABLE orders ADD COLUMN tax_label TEXT;
ALTER TABLE orders ADD COLUMN cost_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN breakdown TEXT;

ALTER TABLE order_lines ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE order_lines ADD COLUMN tax INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0);
ALTER TABLE order_lines ADD COLUMN cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0);
ALTER TABLE order_lines ADD COLUMN charged INTEGER CHECK (charged >= 0);

CREATE TRIGGER orders_breakdown_adds_up BEFORE INSERT ON orders
WHEN NEW.total <> NEW.subtotal - NEW.discount_total + NEW.service_total
                 + CASE WHEN NEW.tax_included = 1 THEN 0 ELSE NEW.tax_total END + NEW.rounding
BEGIN SELECT RAISE(ABORT, 'rincian harga pesanan tidak sama dengan totalnya'); END;
CREATE TRIGGER orders_breakdown_stays BEFORE UPDATE OF subtotal, discount_total, tax_total,
    service_total, rounding, tax_included, total ON orders
WHEN NEW.total <> NEW.subtotal - NEW.discount_total + NEW.service_total
                 + CASE WHEN NEW.tax_included = 1 THEN 0 ELSE NEW.tax_total END + NEW.rounding
BEGIN SELECT RAISE(ABORT, 'rincian harga pesanan tidak sama dengan totalnya'); END;

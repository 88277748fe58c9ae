-- Migration 13: split payment (issue 14). One order paid with several tenders: part cash,
-- part QRIS (the QR for the rest), or equal parts / by items, each part with its own QR.
--
-- orders.split: the order is paid in parts (set when it is created, never changed). Its tenders
--   are then the rows of order_tenders; an order paid with one tender (split = 0) has none and
--   its tender is the order's own payment_method / total / payment_issuer, as before.
-- order_tenders: each part taken (append-only; only a NULL shift is filled in once, when the
--   till's next shift adopts it). A part is written while the order is still awaiting payment;
--   the order becomes paid in the transaction that takes the last part, when the parts add up
--   exactly to its total. shift_id: the shift open on the till when the part was taken (the
--   cash is in that drawer).
-- order_payments: the one definition of "money by method" that reports and shifts read.
-- The payment roll-ups of migration 5 now take a split order's tenders by method.
ALTER TABLE orders ADD COLUMN split INTEGER NOT NULL DEFAULT 0 CHECK (split IN (0, 1));

CREATE TABLE order_tenders (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    method          TEXT    NOT NULL CHECK (method IN ('cash', 'qris')),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    tendered        INTEGER,
    change          INTEGER,
    issuer          TEXT,
    gateway_txn_id  TEXT,
    attempt_id      TEXT    UNIQUE REFERENCES payment_attempts (id),
    shift_id        INTEGER REFERENCES shifts (id),
    cashier_id      INTEGER REFERENCES users (id),
    paid_at         INTEGER NOT NULL,
    CHECK (method = 'cash' OR (tendered IS NULL AND change IS NULL)),
    CHECK (method = 'qris' OR (tendered >= amount AND change = tendered - amount
                               AND attempt_id IS NULL))
);
CREATE INDEX order_tenders_order ON order_tenders (order_id);
CREATE INDEX order_tenders_shift ON order_tenders (shift_id, method);

CREATE TRIGGER order_tenders_split_only BEFORE INSERT ON order_tenders
WHEN (SELECT split FROM orders WHERE id = NEW.order_id) IS NOT 1
  OR (SELECT status FROM orders WHERE id = NEW.order_id) = 'paid'
BEGIN SELECT RAISE(ABORT, 'bagian pembayaran hanya untuk pesanan terpisah yang belum lunas'); END;
CREATE TRIGGER order_tenders_within_total BEFORE INSERT ON order_tenders
WHEN (SELECT IFNULL(SUM(amount), 0) FROM order_tenders WHERE order_id = NEW.order_id) + NEW.amount
     > (SELECT total FROM orders WHERE id = NEW.order_id)
BEGIN SELECT RAISE(ABORT, 'bagian pembayaran melebihi total pesanan'); END;
CREATE TRIGGER order_tenders_no_update BEFORE UPDATE ON order_tenders
WHEN OLD.shift_id IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.order_id IS NOT OLD.order_id
  OR NEW.method IS NOT OLD.method OR NEW.amount IS NOT OLD.amount
  OR NEW.tendered IS NOT OLD.tendered OR NEW.change IS NOT OLD.change
  OR NEW.issuer IS NOT OLD.issuer OR NEW.gateway_txn_id IS NOT OLD.gateway_txn_id
  OR NEW.attempt_id IS NOT OLD.attempt_id OR NEW.cashier_id IS NOT OLD.cashier_id
  OR NEW.paid_at IS NOT OLD.paid_at
BEGIN SELECT RAISE(ABORT, 'bagian pembayaran tidak boleh diubah'); END;
CREATE TRIGGER order_tenders_no_delete BEFORE DELETE ON order_tenders
BEGIN SELECT RAISE(ABORT, 'bagian pembayaran tidak boleh dihapus'); END;
CREATE TRIGGER orders_split_stays BEFORE UPDATE OF split ON orders
WHEN NEW.split IS NOT OLD.split
BEGIN SELECT RAISE(ABORT, 'cara bayar terpisah ditetapkan saat pesanan dibuat'); END;

-- Money by method: a one-tender order's payment, or each part of a split order.
-- shift_id: the order's shift for a one-tender order, the part's own shift for a part.
CREATE VIEW order_payments AS
    SELECT o.id AS order_id, o.status AS status, o.split AS split,
           o.payment_method AS method, o.total AS amount, o.payment_issuer AS issuer,
           o.gateway_txn_id AS gateway_txn_id, o.shift_id AS shift_id, o.paid_at AS paid_at
    FROM orders o WHERE o.split = 0 AND o.payment_method IS NOT NULL
    UNION ALL
    SELECT t.order_id, o.status, 1, t.method, t.amount, t.issuer, t.gateway_txn_id, t.shift_id,
           t.paid_at
    FROM order_tenders t JOIN orders o ON o.id = t.order_id;

DROP TRIGGER report_order_insert;
DROP TRIGGER report_order_unpaid;
DROP TRIGGER report_order_paid;
DROP TRIGGER report_order_delete;

-- As in migration 5; a split order's payment rows come from its tenders.
CREATE TRIGGER report_order_insert AFTER INSERT ON orders
WHEN NEW.status = 'paid'
BEGIN
    INSERT INTO report_sales_hourly (hour, orders, omzet)
        VALUES (NEW.paid_at / 3600000, 1, NEW.total)
        ON CONFLICT (hour) DO UPDATE SET orders = orders + excluded.orders,
                                         omzet = omzet + excluded.omzet;
    DELETE FROM report_sales_hourly
        WHERE hour = NEW.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 3600000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
               IFNULL(NEW.payment_issuer, ''), 1, NEW.total WHERE NEW.split = 0
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 3600000, method, issuer IS NOT NULL, IFNULL(issuer, ''), 1,
               SUM(amount)
        FROM order_tenders WHERE order_id = NEW.id AND NEW.split = 1 GROUP BY method, issuer
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = NEW.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 86400000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
               IFNULL(NEW.payment_issuer, ''), 1, NEW.total WHERE NEW.split = 0
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 86400000, method, issuer IS NOT NULL, IFNULL(issuer, ''), 1,
               SUM(amount)
        FROM order_tenders WHERE order_id = NEW.id AND NEW.split = 1 GROUP BY method, issuer
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_daily
        WHERE day = NEW.paid_at / 86400000 AND orders = 0 AND omzet = 0;
    -- Lines can only exist already when foreign keys are off; usually this adds nothing.
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT NEW.paid_at / 3600000, sku, qty, line_total FROM order_lines
        WHERE order_id = NEW.id
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT NEW.paid_at / 86400000, sku, qty, line_total FROM order_lines
        WHERE order_id = NEW.id
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
END;

CREATE TRIGGER report_order_unpaid AFTER UPDATE OF status, paid_at, total, payment_method,
    payment_issuer ON orders
WHEN OLD.status = 'paid' AND (NEW.status IS NOT 'paid' OR NEW.paid_at IS NOT OLD.paid_at
    OR NEW.total IS NOT OLD.total OR NEW.payment_method IS NOT OLD.payment_method
    OR NEW.payment_issuer IS NOT OLD.payment_issuer)
BEGIN
    INSERT INTO report_sales_hourly (hour, orders, omzet)
        VALUES (OLD.paid_at / 3600000, -1, -OLD.total)
        ON CONFLICT (hour) DO UPDATE SET orders = orders + excluded.orders,
                                         omzet = omzet + excluded.omzet;
    DELETE FROM report_sales_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 3600000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
               IFNULL(OLD.payment_issuer, ''), -1, -OLD.total WHERE OLD.split = 0
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 3600000, method, issuer IS NOT NULL, IFNULL(issuer, ''), -1,
               -SUM(amount)
        FROM order_tenders WHERE order_id = OLD.id AND OLD.split = 1 GROUP BY method, issuer
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 86400000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
               IFNULL(OLD.payment_issuer, ''), -1, -OLD.total WHERE OLD.split = 0
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 86400000, method, issuer IS NOT NULL, IFNULL(issuer, ''), -1,
               -SUM(amount)
        FROM order_tenders WHERE order_id = OLD.id AND OLD.split = 1 GROUP BY method, issuer
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_daily
        WHERE day = OLD.paid_at / 86400000 AND orders = 0 AND omzet = 0;
END;

CREATE TRIGGER report_order_paid AFTER UPDATE OF status, paid_at, total, payment_method,
    payment_issuer ON orders
WHEN NEW.status = 'paid' AND (OLD.status IS NOT 'paid' OR NEW.paid_at IS NOT OLD.paid_at
    OR NEW.total IS NOT OLD.total OR NEW.payment_method IS NOT OLD.payment_method
    OR NEW.payment_issuer IS NOT OLD.payment_issuer)
BEGIN
    INSERT INTO report_sales_hourly (hour, orders, omzet)
        VALUES (NEW.paid_at / 3600000, 1, NEW.total)
        ON CONFLICT (hour) DO UPDATE SET orders = orders + excluded.orders,
                                         omzet = omzet + excluded.omzet;
    DELETE FROM report_sales_hourly
        WHERE hour = NEW.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 3600000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
               IFNULL(NEW.payment_issuer, ''), 1, NEW.total WHERE NEW.split = 0
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 3600000, method, issuer IS NOT NULL, IFNULL(issuer, ''), 1,
               SUM(amount)
        FROM order_tenders WHERE order_id = NEW.id AND NEW.split = 1 GROUP BY method, issuer
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = NEW.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 86400000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
               IFNULL(NEW.payment_issuer, ''), 1, NEW.total WHERE NEW.split = 0
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT NEW.paid_at / 86400000, method, issuer IS NOT NULL, IFNULL(issuer, ''), 1,
               SUM(amount)
        FROM order_tenders WHERE order_id = NEW.id AND NEW.split = 1 GROUP BY method, issuer
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_daily
        WHERE day = NEW.paid_at / 86400000 AND orders = 0 AND omzet = 0;
END;

-- BEFORE, because ON DELETE CASCADE removes its lines after the order row is gone.
CREATE TRIGGER report_order_delete BEFORE DELETE ON orders
WHEN OLD.status = 'paid'
BEGIN
    INSERT INTO report_sales_hourly (hour, orders, omzet)
        VALUES (OLD.paid_at / 3600000, -1, -OLD.total)
        ON CONFLICT (hour) DO UPDATE SET orders = orders + excluded.orders,
                                         omzet = omzet + excluded.omzet;
    DELETE FROM report_sales_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 3600000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
               IFNULL(OLD.payment_issuer, ''), -1, -OLD.total WHERE OLD.split = 0
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 3600000, method, issuer IS NOT NULL, IFNULL(issuer, ''), -1,
               -SUM(amount)
        FROM order_tenders WHERE order_id = OLD.id AND OLD.split = 1 GROUP BY method, issuer
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 86400000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
               IFNULL(OLD.payment_issuer, ''), -1, -OLD.total WHERE OLD.split = 0
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        SELECT OLD.paid_at / 86400000, method, issuer IS NOT NULL, IFNULL(issuer, ''), -1,
               -SUM(amount)
        FROM order_tenders WHERE order_id = OLD.id AND OLD.split = 1 GROUP BY method, issuer
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_daily
        WHERE day = OLD.paid_at / 86400000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT OLD.paid_at / 3600000, sku, -qty, -line_total FROM order_lines
        WHERE order_id = OLD.id
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    DELETE FROM report_product_hourly
        WHERE hour = OLD.paid_at / 3600000 AND qty = 0 AND revenue = 0;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT OLD.paid_at / 86400000, sku, -qty, -line_total FROM order_lines
        WHERE order_id = OLD.id
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
    DELETE FROM report_product_daily
        WHERE day = OLD.paid_at / 86400000 AND qty = 0 AND revenue = 0;
END;

-- Migration 5: roll-ups of paid sales for the owner's report (crate kasir-reports), kept exact by
-- triggers so the two-year dashboard reads a few thousand rows instead of millions.
--
-- A sale counts when its order is 'paid', at its paid_at instant (UTC unix ms), exactly like the
-- report's queries on the raw tables. Buckets are UTC: hour = paid_at / 3600000,
-- day = paid_at / 86400000 (integer division; instants before 1970-01-02 are never read from the
-- roll-ups, so truncation toward zero does not matter). The report adds whole UTC days from the
-- daily tables, whole UTC hours at the edges of a period from the hourly tables, and reads the raw
-- tables only for what is left (partial hours).
--
-- Invariant, for every bucket and key: the roll-up row equals the GROUP BY over the raw tables of
-- paid orders (rows that fall to zero are deleted). Every change to orders or order_lines that can
-- move a paid figure is covered: an order inserted as paid, becoming paid (cash payment, QRIS
-- settlement, a late settlement of a cancelled order), stopping being paid (a future void), a paid
-- order's paid_at / total / method / issuer changing, deleting a paid order, and lines inserted,
-- changed or deleted while their order is paid. Changes are applied as signed upserts (+ new,
-- - old), so an UPDATE is "take the old row out, put the new row in".

-- Paid orders per UTC hour: cards, sales per hour and per business day.
CREATE TABLE report_sales_hourly (
    hour    INTEGER PRIMARY KEY,
    orders  INTEGER NOT NULL,
    omzet   INTEGER NOT NULL
);

-- Paid orders per UTC hour / day, by payment method and raw issuer. has_issuer = 0 stands for a
-- NULL issuer (issuer is then ''), so that the primary key can hold it.
CREATE TABLE report_payment_hourly (
    hour        INTEGER NOT NULL,
    method      TEXT    NOT NULL,
    has_issuer  INTEGER NOT NULL,
    issuer      TEXT    NOT NULL,
    orders      INTEGER NOT NULL,
    omzet       INTEGER NOT NULL,
    PRIMARY KEY (hour, method, has_issuer, issuer)
) WITHOUT ROWID;

CREATE TABLE report_payment_daily (
    day         INTEGER NOT NULL,
    method      TEXT    NOT NULL,
    has_issuer  INTEGER NOT NULL,
    issuer      TEXT    NOT NULL,
    orders      INTEGER NOT NULL,
    omzet       INTEGER NOT NULL,
    PRIMARY KEY (day, method, has_issuer, issuer)
) WITHOUT ROWID;

-- Lines of paid orders per UTC hour / day and SKU: items sold and top products.
CREATE TABLE report_product_hourly (
    hour     INTEGER NOT NULL,
    sku      TEXT    NOT NULL,
    qty      INTEGER NOT NULL,
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (hour, sku)
) WITHOUT ROWID;

CREATE TABLE report_product_daily (
    day      INTEGER NOT NULL,
    sku      TEXT    NOT NULL,
    qty      INTEGER NOT NULL,
    revenue  INTEGER NOT NULL,
    PRIMARY KEY (day, sku)
) WITHOUT ROWID;

-- Backfill from the orders paid so far.
INSERT INTO report_sales_hourly (hour, orders, omzet)
    SELECT paid_at / 3600000, COUNT(*), SUM(total) FROM orders
    WHERE status = 'paid' GROUP BY 1;

INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
    SELECT paid_at / 3600000, payment_method, payment_issuer IS NOT NULL,
           IFNULL(payment_issuer, ''), COUNT(*), SUM(total)
    FROM orders WHERE status = 'paid' GROUP BY 1, 2, 3, 4;

INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
    SELECT hour / 24, method, has_issuer, issuer, SUM(orders), SUM(omzet)
    FROM report_payment_hourly GROUP BY 1, 2, 3, 4;

INSERT INTO report_product_hourly (hour, sku, qty, revenue)
    SELECT o.paid_at / 3600000, l.sku, SUM(l.qty), SUM(l.line_total)
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.status = 'paid' GROUP BY 1, 2;

INSERT INTO report_product_daily (day, sku, qty, revenue)
    SELECT hour / 24, sku, SUM(qty), SUM(revenue)
    FROM report_product_hourly GROUP BY 1, 2;

-- Order-level figures (sales, payment) of a paid order: + on the way in, - on the way out.
CREATE TRIGGER report_order_insert AFTER INSERT ON orders
WHEN NEW.status = 'paid'
BEGIN
    INSERT INTO report_sales_hourly (hour, orders, omzet)
        VALUES (NEW.paid_at / 3600000, 1, NEW.total)
        ON CONFLICT (hour) DO UPDATE SET orders = orders + excluded.orders,
                                         omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_hourly (hour, method, has_issuer, issuer, orders, omzet)
        VALUES (NEW.paid_at / 3600000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
                IFNULL(NEW.payment_issuer, ''), 1, NEW.total)
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        VALUES (NEW.paid_at / 86400000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
                IFNULL(NEW.payment_issuer, ''), 1, NEW.total)
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
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
        VALUES (OLD.paid_at / 3600000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
                IFNULL(OLD.payment_issuer, ''), -1, -OLD.total)
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        VALUES (OLD.paid_at / 86400000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
                IFNULL(OLD.payment_issuer, ''), -1, -OLD.total)
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
        VALUES (NEW.paid_at / 3600000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
                IFNULL(NEW.payment_issuer, ''), 1, NEW.total)
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = NEW.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        VALUES (NEW.paid_at / 86400000, NEW.payment_method, NEW.payment_issuer IS NOT NULL,
                IFNULL(NEW.payment_issuer, ''), 1, NEW.total)
        ON CONFLICT (day, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_daily
        WHERE day = NEW.paid_at / 86400000 AND orders = 0 AND omzet = 0;
END;

-- Lines of an order that stops being paid or whose payment instant moves: out at the old hour…
CREATE TRIGGER report_order_lines_unpaid AFTER UPDATE OF status, paid_at ON orders
WHEN OLD.status = 'paid' AND (NEW.status IS NOT 'paid' OR NEW.paid_at IS NOT OLD.paid_at)
BEGIN
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

-- …and in at the new one (cash payment, QRIS settlement, late settlement of a cancelled order).
CREATE TRIGGER report_order_lines_paid AFTER UPDATE OF status, paid_at ON orders
WHEN NEW.status = 'paid' AND (OLD.status IS NOT 'paid' OR NEW.paid_at IS NOT OLD.paid_at)
BEGIN
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT NEW.paid_at / 3600000, sku, qty, line_total FROM order_lines
        WHERE order_id = NEW.id
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    DELETE FROM report_product_hourly
        WHERE hour = NEW.paid_at / 3600000 AND qty = 0 AND revenue = 0;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT NEW.paid_at / 86400000, sku, qty, line_total FROM order_lines
        WHERE order_id = NEW.id
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
    DELETE FROM report_product_daily
        WHERE day = NEW.paid_at / 86400000 AND qty = 0 AND revenue = 0;
END;

-- Deleting a paid order: BEFORE, because ON DELETE CASCADE removes its lines after the order row
-- is gone (the line trigger below then finds no paid order and does nothing).
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
        VALUES (OLD.paid_at / 3600000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
                IFNULL(OLD.payment_issuer, ''), -1, -OLD.total)
        ON CONFLICT (hour, method, has_issuer, issuer) DO UPDATE
            SET orders = orders + excluded.orders, omzet = omzet + excluded.omzet;
    DELETE FROM report_payment_hourly
        WHERE hour = OLD.paid_at / 3600000 AND orders = 0 AND omzet = 0;
    INSERT INTO report_payment_daily (day, method, has_issuer, issuer, orders, omzet)
        VALUES (OLD.paid_at / 86400000, OLD.payment_method, OLD.payment_issuer IS NOT NULL,
                IFNULL(OLD.payment_issuer, ''), -1, -OLD.total)
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

-- Lines written while their order is already paid (demo generator, imports).
CREATE TRIGGER report_line_insert AFTER INSERT ON order_lines
BEGIN
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT paid_at / 3600000, NEW.sku, NEW.qty, NEW.line_total FROM orders
        WHERE id = NEW.order_id AND status = 'paid'
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT paid_at / 86400000, NEW.sku, NEW.qty, NEW.line_total FROM orders
        WHERE id = NEW.order_id AND status = 'paid'
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
END;

CREATE TRIGGER report_line_update AFTER UPDATE OF order_id, sku, qty, line_total ON order_lines
BEGIN
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT paid_at / 3600000, OLD.sku, -OLD.qty, -OLD.line_total FROM orders
        WHERE id = OLD.order_id AND status = 'paid'
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT paid_at / 86400000, OLD.sku, -OLD.qty, -OLD.line_total FROM orders
        WHERE id = OLD.order_id AND status = 'paid'
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT paid_at / 3600000, NEW.sku, NEW.qty, NEW.line_total FROM orders
        WHERE id = NEW.order_id AND status = 'paid'
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT paid_at / 86400000, NEW.sku, NEW.qty, NEW.line_total FROM orders
        WHERE id = NEW.order_id AND status = 'paid'
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
    DELETE FROM report_product_hourly WHERE qty = 0 AND revenue = 0 AND hour IN
        (SELECT paid_at / 3600000 FROM orders WHERE id IN (OLD.order_id, NEW.order_id));
    DELETE FROM report_product_daily WHERE qty = 0 AND revenue = 0 AND day IN
        (SELECT paid_at / 86400000 FROM orders WHERE id IN (OLD.order_id, NEW.order_id));
END;

CREATE TRIGGER report_line_delete AFTER DELETE ON order_lines
BEGIN
    INSERT INTO report_product_hourly (hour, sku, qty, revenue)
        SELECT paid_at / 3600000, OLD.sku, -OLD.qty, -OLD.line_total FROM orders
        WHERE id = OLD.order_id AND status = 'paid'
        ON CONFLICT (hour, sku) DO UPDATE SET qty = qty + excluded.qty,
                                              revenue = revenue + excluded.revenue;
    INSERT INTO report_product_daily (day, sku, qty, revenue)
        SELECT paid_at / 86400000, OLD.sku, -OLD.qty, -OLD.line_total FROM orders
        WHERE id = OLD.order_id AND status = 'paid'
        ON CONFLICT (day, sku) DO UPDATE SET qty = qty + excluded.qty,
                                             revenue = revenue + excluded.revenue;
    DELETE FROM report_product_hourly WHERE qty = 0 AND revenue = 0 AND hour IN
        (SELECT paid_at / 3600000 FROM orders WHERE id = OLD.order_id AND status = 'paid');
    DELETE FROM report_product_daily WHERE qty = 0 AND revenue = 0 AND day IN
        (SELECT paid_at / 86400000 FROM orders WHERE id = OLD.order_id AND status = 'paid');
END;

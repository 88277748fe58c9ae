-- Migration 3: indexes for the owner's sales report (crate kasir-reports). Indexes only.
-- The row id (= order id / line id) is stored in every index entry, so these cover their queries.

-- Paid orders by payment instant with their total: cards, sales per hour and per day.
CREATE INDEX orders_report_paid ON orders (paid_at, total) WHERE status = 'paid';
-- Paid orders by method and QRIS issuer: the payment breakdown of a period.
CREATE INDEX orders_report_method ON orders (payment_method, payment_issuer, paid_at, total)
    WHERE status = 'paid';
-- Every order by id with status and payment instant: finds the few orders inside an id range
-- that do not belong to a period (cancelled, unpaid, paid outside it).
CREATE INDEX orders_report_id ON orders (id, status, paid_at);
-- History: counting and filtering a period's orders without reading the table.
CREATE INDEX orders_report_created ON orders (created_at, status, payment_method);
-- Lines by SKU and order with quantity and revenue: top products and items sold.
CREATE INDEX order_lines_report ON order_lines (sku, order_id, qty, line_total);
-- QRIS attempts the owner must look at: amount/signature anomalies and late payments.
CREATE INDEX payment_attempts_flagged ON payment_attempts (created_at)
    WHERE anomaly IS NOT NULL OR late = 1;

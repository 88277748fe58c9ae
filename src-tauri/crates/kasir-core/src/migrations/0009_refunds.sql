-- Migration 9: taking a sale back, and backups.
-- refunds: money given back for a paid order, whole or by line (returns). Cash refunds are paid
--   from the drawer of the open shift (a cash_movements row of kind 'refund'); QRIS refunds are
--   asked of the gateway with a unique refund_key (a retry never refunds twice) and followed from
--   pending to succeeded/failed. A refund is never edited: only its pending status ends, once.
--   The refunded total never exceeds the paid total; a line never returns more than was sold
--   (triggers, besides the checks in kasir-core).
-- orders: a void (an unpaid order cancelled with a reason) records why and by whom.
-- backups: every backup taken (automatic or by hand), verified, with size and time.
-- print_jobs: rebuilt so a job can print a document other than a receipt (shift close report,
--   cash in/out slip, refund slip).
CREATE TABLE refunds (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL REFERENCES orders (id),
    -- How the money goes back: 'cash' from the drawer, 'qris' through the gateway.
    method             TEXT    NOT NULL CHECK (method IN ('cash', 'qris')),
    amount             INTEGER NOT NULL CHECK (amount > 0),
    reason             TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    status             TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    refund_key         TEXT    NOT NULL UNIQUE,
    gateway_refund_id  TEXT,
    failure_reason     TEXT,
    -- A cash refund given because the gateway refused this earlier QRIS refund.
    replaces_refund_id INTEGER REFERENCES refunds (id),
    shift_id           INTEGER REFERENCES shifts (id),
    user_id            INTEGER REFERENCES users (id),
    approved_by        INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    completed_at       INTEGER,
    CHECK ((status = 'pending') = (completed_at IS NULL)),
    CHECK (method = 'qris' OR status <> 'pending')
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_created ON refunds (created_at);
CREATE INDEX refunds_pending ON refunds (status) WHERE status = 'pending';

CREATE TABLE refund_lines (
    id             INTEGER PRIMARY KEY,
    refund_id      INTEGER NOT NULL REFERENCES refunds (id),
    order_line_id  INTEGER NOT NULL REFERENCES order_lines (id),
    qty            INTEGER NOT NULL CHECK (qty > 0),
    amount         INTEGER NOT NULL CHECK (amount >= 0),
    -- 1: the goods go back on the shelf (stock ledger); 0: damaged, not restocked.
    restock        INTEGER NOT NULL CHECK (restock IN (0, 1))
);
CREATE INDEX refund_lines_refund ON refund_lines (refund_id);
CREATE INDEX refund_lines_line ON refund_lines (order_line_id);

CREATE TRIGGER refunds_within_paid BEFORE INSERT ON refunds
WHEN (SELECT COALESCE(SUM(amount), 0) FROM refunds
      WHERE order_id = NEW.order_id AND status <> 'failed') + NEW.amount
     > (SELECT total FROM orders WHERE id = NEW.order_id AND status = 'paid')
  OR NOT EXISTS (SELECT 1 FROM orders WHERE id = NEW.order_id AND status = 'paid')
BEGIN SELECT RAISE(ABORT, 'pengembalian melebihi yang dibayar'); END;
CREATE TRIGGER refund_lines_within_sold BEFORE INSERT ON refund_lines
WHEN (SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id
      WHERE rl.order_line_id = NEW.order_line_id AND r.status <> 'failed') + NEW.qty
     > (SELECT qty FROM order_lines WHERE id = NEW.order_line_id)
BEGIN SELECT RAISE(ABORT, 'barang dikembalikan melebihi yang terjual'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'pengembalian tidak boleh dihapus'); END;
CREATE TRIGGER refunds_end_once BEFORE UPDATE ON refunds
WHEN OLD.status <> 'pending'
  OR NEW.id IS NOT OLD.id OR NEW.order_id IS NOT OLD.order_id OR NEW.method IS NOT OLD.method
  OR NEW.amount IS NOT OLD.amount OR NEW.reason IS NOT OLD.reason
  OR NEW.refund_key IS NOT OLD.refund_key OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'pengembalian tidak boleh diubah; buat pengembalian baru'); END;
CREATE TRIGGER refund_lines_no_update BEFORE UPDATE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'pengembalian tidak boleh diubah'); END;
CREATE TRIGGER refund_lines_no_delete BEFORE DELETE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'pengembalian tidak boleh dihapus'); END;

ALTER TABLE orders ADD COLUMN void_reason TEXT;
ALTER TABLE orders ADD COLUMN voided_by INTEGER REFERENCES users (id);

CREATE TABLE backups (
    id           INTEGER PRIMARY KEY,
    path         TEXT    NOT NULL,
    -- 'shift_close', 'daily', 'manual', 'before_restore'
    trigger      TEXT    NOT NULL,
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    size_bytes   INTEGER,
    error        TEXT,
    orders       INTEGER,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL
);
CREATE INDEX backups_started ON backups (started_at);

CREATE TABLE print_jobs_v9 (
    id                INTEGER PRIMARY KEY,
    -- receipt: an order's struk; shift_close: a close report; cash_movement: a kas masuk/keluar
    -- slip; refund: a NOTA PENGEMBALIAN.
    kind              TEXT    NOT NULL DEFAULT 'receipt'
                        CHECK (kind IN ('receipt', 'shift_close', 'cash_movement', 'refund')),
    order_id          INTEGER REFERENCES orders (id),
    shift_id          INTEGER REFERENCES shifts (id),
    cash_movement_id  INTEGER REFERENCES cash_movements (id),
    refund_id         INTEGER REFERENCES refunds (id),
    reason            TEXT    NOT NULL CHECK (reason IN ('auto', 'reprint')),
    copy              INTEGER NOT NULL DEFAULT 0 CHECK (copy IN (0, 1)),
    status            TEXT    NOT NULL CHECK (status IN
                        ('pending', 'printing', 'printed', 'failed', 'dismissed')),
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error_kind   TEXT,
    last_error        TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    printed_at        INTEGER,
    CHECK (status <> 'printed' OR printed_at IS NOT NULL),
    CHECK ((order_id IS NOT NULL) + (shift_id IS NOT NULL) + (cash_movement_id IS NOT NULL)
           + (refund_id IS NOT NULL) = 1),
    CHECK (CASE kind
             WHEN 'receipt' THEN order_id IS NOT NULL
             WHEN 'shift_close' THEN shift_id IS NOT NULL
             WHEN 'cash_movement' THEN cash_movement_id IS NOT NULL
             ELSE refund_id IS NOT NULL
           END)
);
INSERT INTO print_jobs_v9 (id, kind, order_id, reason, copy, status, attempts, last_error_kind,
                           last_error, created_at, updated_at, printed_at)
SELECT id, 'receipt', order_id, reason, copy, status, attempts, last_error_kind, last_error,
       created_at, updated_at, printed_at
FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v9 RENAME TO print_jobs;
CREATE INDEX print_jobs_order ON print_jobs (order_id);
CREATE INDEX print_jobs_open ON print_jobs (status, id) WHERE status IN ('pending', 'printing', 'failed');

-- The stock ledger learns 'return': goods a refund puts back on the shelf (with the order).
-- The trigger that writes 'initial' rows names the table: dropped and made again around the swap.
DROP TRIGGER stock_movements_initial;
CREATE TABLE stock_movements_v9 (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    delta        INTEGER NOT NULL CHECK (delta <> 0),
    stock_after  INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('adjust', 'sale', 'initial', 'return')),
    reason       TEXT,
    order_id     INTEGER REFERENCES orders (id),
    created_at   INTEGER NOT NULL
);
INSERT INTO stock_movements_v9 SELECT id, product_id, delta, stock_after, kind, reason, order_id, created_at
FROM stock_movements;
DROP TABLE stock_movements;
ALTER TABLE stock_movements_v9 RENAME TO stock_movements;
CREATE INDEX stock_movements_product ON stock_movements (product_id, created_at);
CREATE TRIGGER stock_movements_initial AFTER INSERT ON products
WHEN NEW.stock <> 0
BEGIN
    INSERT INTO stock_movements (product_id, delta, stock_after, kind, created_at)
        VALUES (NEW.id, NEW.stock, NEW.stock, 'initial', NEW.created_at);
END;

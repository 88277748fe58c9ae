-- Migration 12: counter flows (issue 14).
-- option_groups / product_options: a product's variants and modifiers ("Ukuran: Regular / Large
--   +Rp 5.000", required, pick one; "Tambahan: extra shot +Rp 4.000", pick many). Removed ones
--   are kept inactive: open bills and held carts name them by id, orders keep their own copy.
-- order_lines.options / note: what was chosen, as sold (JSON [{group, name, priceDelta}]) and the
--   cashier's note ("tanpa es"); unit_price already includes the options' price changes.
-- held_carts: "Tahan transaksi", a parked cart (its lines as the cashier built them) until it is
--   resumed.
-- bills / bill_lines: open bills ("Meja 4", "Budi"). Lines are added over time; `batch` is the
--   kitchen send they went out in (NULL: not sent yet). Nothing is charged until the bill is
--   paid: then an order is created from its lines (orders.bill_id) and the bill is paid with it.
-- prep_printers / category_routes: kitchen and bar printers and which categories go to which.
-- print_jobs: rebuilt to print bills ("BILL – belum lunas") and kitchen tickets.
CREATE TABLE option_groups (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    required    INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    multiple    INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX option_groups_product ON option_groups (product_id);

CREATE TABLE product_options (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    price_delta  INTEGER NOT NULL DEFAULT 0 CHECK (price_delta >= 0 AND price_delta <= 100000000),
    sort_order   INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX product_options_group ON product_options (group_id);

ALTER TABLE order_lines ADD COLUMN options TEXT;
ALTER TABLE order_lines ADD COLUMN note TEXT;

CREATE TABLE held_carts (
    id          INTEGER PRIMARY KEY,
    till        TEXT    NOT NULL,
    cashier_id  INTEGER REFERENCES users (id),
    cashier     TEXT,
    label       TEXT,
    -- The cart as the cashier built it (lines with options and notes, discounts, promos).
    cart        TEXT    NOT NULL,
    -- What it came to when parked (shown in the list; priced again when resumed).
    total       INTEGER NOT NULL CHECK (total >= 0),
    item_count  INTEGER NOT NULL CHECK (item_count > 0),
    created_at  INTEGER NOT NULL,
    resumed_at  INTEGER
);
CREATE INDEX held_carts_waiting ON held_carts (till, id) WHERE resumed_at IS NULL;

CREATE TABLE bills (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    till            TEXT    NOT NULL,
    opened_by       INTEGER REFERENCES users (id),
    opened_by_name  TEXT,
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void')),
    -- The order charging it: awaiting a QRIS payment, or the one that paid it.
    order_id        INTEGER REFERENCES orders (id),
    void_reason     TEXT,
    voided_by       INTEGER REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    CHECK (status <> 'paid' OR (order_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (status <> 'void' OR (length(trim(void_reason)) > 0 AND closed_at IS NOT NULL))
);
-- One open "Meja 4" at a time.
CREATE UNIQUE INDEX bills_open_name ON bills (lower(trim(name))) WHERE status = 'open';
CREATE INDEX bills_open ON bills (status, id);
CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills
BEGIN SELECT RAISE(ABORT, 'tagihan tidak boleh dihapus'); END;
CREATE TRIGGER bills_closed_once BEFORE UPDATE ON bills
WHEN OLD.status <> 'open'
BEGIN SELECT RAISE(ABORT, 'tagihan yang sudah ditutup tidak boleh diubah'); END;

CREATE TABLE bill_lines (
    id          INTEGER PRIMARY KEY,
    bill_id     INTEGER NOT NULL REFERENCES bills (id),
    product_id  INTEGER NOT NULL REFERENCES products (id),
    qty         INTEGER NOT NULL CHECK (qty > 0 AND qty <= 9999),
    -- Chosen option ids, JSON array, ascending.
    options     TEXT    NOT NULL DEFAULT '[]',
    note        TEXT,
    -- The kitchen send this line went out in (1: first ticket, 2+: TAMBAHAN); NULL: not sent.
    batch       INTEGER CHECK (batch IS NULL OR batch > 0),
    added_by    INTEGER REFERENCES users (id),
    added_at    INTEGER NOT NULL,
    -- Taken off before it was sent (a sent line stays: the kitchen has it).
    removed_at  INTEGER,
    CHECK (removed_at IS NULL OR batch IS NULL)
);
CREATE INDEX bill_lines_bill ON bill_lines (bill_id);
CREATE TRIGGER bill_lines_no_delete BEFORE DELETE ON bill_lines
BEGIN SELECT RAISE(ABORT, 'baris tagihan tidak boleh dihapus'); END;
CREATE TRIGGER bill_lines_sent_stay BEFORE UPDATE ON bill_lines
WHEN OLD.batch IS NOT NULL OR OLD.removed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'baris yang sudah dikirim ke dapur tidak boleh diubah'); END;

ALTER TABLE orders ADD COLUMN bill_id INTEGER REFERENCES bills (id);
CREATE INDEX orders_bill ON orders (bill_id) WHERE bill_id IS NOT NULL;

CREATE TABLE prep_printers (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX prep_printers_name ON prep_printers (lower(trim(name)));

CREATE TABLE category_routes (
    category_id      INTEGER PRIMARY KEY REFERENCES categories (id) ON DELETE CASCADE,
    prep_printer_id  INTEGER NOT NULL REFERENCES prep_printers (id) ON DELETE CASCADE
);

CREATE TABLE print_jobs_v12 (
    id                INTEGER PRIMARY KEY,
    -- receipt: an order's struk; shift_close: a close report; cash_movement: a kas masuk/keluar
    -- slip; refund: a NOTA PENGEMBALIAN; bill: an open bill ("BILL – belum lunas"); kitchen: a
    -- preparation ticket for one prep printer (one send of a bill, or a paid quick sale).
    kind              TEXT    NOT NULL DEFAULT 'receipt'
                        CHECK (kind IN ('receipt', 'shift_close', 'cash_movement', 'refund',
                                        'bill', 'kitchen')),
    order_id          INTEGER REFERENCES orders (id),
    shift_id          INTEGER REFERENCES shifts (id),
    cash_movement_id  INTEGER REFERENCES cash_movements (id),
    refund_id         INTEGER REFERENCES refunds (id),
    bill_id           INTEGER REFERENCES bills (id),
    prep_printer_id   INTEGER REFERENCES prep_printers (id),
    batch             INTEGER CHECK (batch IS NULL OR batch > 0),
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
           + (refund_id IS NOT NULL) + (bill_id IS NOT NULL) = 1),
    CHECK (CASE kind
             WHEN 'receipt' THEN order_id IS NOT NULL
             WHEN 'shift_close' THEN shift_id IS NOT NULL
             WHEN 'cash_movement' THEN cash_movement_id IS NOT NULL
             WHEN 'refund' THEN refund_id IS NOT NULL
             WHEN 'bill' THEN bill_id IS NOT NULL
             ELSE prep_printer_id IS NOT NULL AND batch IS NOT NULL
                  AND (order_id IS NOT NULL OR bill_id IS NOT NULL)
           END)
);
INSERT INTO print_jobs_v12 (id, kind, order_id, shift_id, cash_movement_id, refund_id, reason,
                            copy, status, attempts, last_error_kind, last_error, created_at,
                            updated_at, printed_at)
SELECT id, kind, order_id, shift_id, cash_movement_id, refund_id, reason, copy, status, attempts,
       last_error_kind, last_error, created_at, updated_at, printed_at
FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v12 RENAME TO print_jobs;
CREATE INDEX print_jobs_order ON print_jobs (order_id);
CREATE INDEX print_jobs_bill ON print_jobs (bill_id) WHERE bill_id IS NOT NULL;
CREATE INDEX print_jobs_open ON print_jobs (status, id) WHERE status IN ('pending', 'printing', 'failed');

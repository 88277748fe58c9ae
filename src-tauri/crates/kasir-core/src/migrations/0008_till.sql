-- Migration 8: who is at the till.
-- users: owner (pemilik) and cashiers (kasir); PINs hashed with argon2id (PHC string with its own
--   salt); failed PINs and the lockout are stored so a restart does not reset them.
-- shifts: buka kasir / tutup kasir on one till. Closed once, never edited, never deleted.
-- cash_movements: cash in/out during a shift (and, later, cash refunds). Append-only.
-- audit_log: who did what, when. Append-only: triggers refuse UPDATE and DELETE.
-- orders: who sold it (cashier_id, and `cashier`, the name as printed) and the shift it was
--   paid in.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('owner', 'cashier')),
    pin_hash      TEXT    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_pins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_name ON users (name COLLATE NOCASE);
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'pengguna tidak dihapus, hanya dinonaktifkan'); END;

CREATE TABLE shifts (
    id              INTEGER PRIMARY KEY,
    till            TEXT    NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    opened_at       INTEGER NOT NULL,
    opening_cash    INTEGER NOT NULL CHECK (opening_cash >= 0),
    closed_at       INTEGER,
    closed_by       INTEGER REFERENCES users (id),
    expected_cash   INTEGER,
    counted_cash    INTEGER CHECK (counted_cash >= 0),
    -- JSON list of {value, count} when counted by denomination; NULL when a total was typed.
    counted_detail  TEXT,
    close_note      TEXT,
    -- JSON snapshot of the close report exactly as computed and printed.
    report          TEXT,
    CHECK ((closed_at IS NULL) = (counted_cash IS NULL)),
    CHECK ((closed_at IS NULL) = (report IS NULL))
);
CREATE UNIQUE INDEX shifts_open_per_till ON shifts (till) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX shifts_open_per_user ON shifts (user_id) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened ON shifts (opened_at);
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN SELECT RAISE(ABORT, 'data shift tidak boleh dihapus'); END;
CREATE TRIGGER shifts_closed_once BEFORE UPDATE ON shifts
WHEN OLD.closed_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.till IS NOT OLD.till OR NEW.user_id IS NOT OLD.user_id
  OR NEW.opened_at IS NOT OLD.opened_at OR NEW.opening_cash IS NOT OLD.opening_cash
BEGIN SELECT RAISE(ABORT, 'shift ditutup sekali dan tidak diubah lagi'); END;

CREATE TABLE cash_movements (
    id          INTEGER PRIMARY KEY,
    shift_id    INTEGER NOT NULL REFERENCES shifts (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('in', 'out', 'refund')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reason      TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    order_id    INTEGER REFERENCES orders (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'kas masuk/keluar tidak boleh diubah'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN SELECT RAISE(ABORT, 'kas masuk/keluar tidak boleh dihapus'); END;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    -- The name as it was at the time (a renamed cashier keeps their history readable).
    user_name  TEXT,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL DEFAULT '',
    -- JSON object: old → new values, amounts, reasons.
    detail     TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'jejak audit tidak boleh diubah'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'jejak audit tidak boleh dihapus'); END;

ALTER TABLE orders ADD COLUMN cashier_id INTEGER REFERENCES users (id);
ALTER TABLE orders ADD COLUMN shift_id INTEGER REFERENCES shifts (id);
-- The till the order was rung up on (its payment joins that till's open shift).
ALTER TABLE orders ADD COLUMN till TEXT;
CREATE INDEX orders_shift ON orders (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX orders_cashier_paid ON orders (cashier_id, paid_at) WHERE status = 'paid';

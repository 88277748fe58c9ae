-- Migration 2: QRIS payment attempts, linked to the order they pay for.
-- One order may have several attempts (expired QR, "Buat QR Baru"); at most one may be live.
CREATE TABLE payment_attempts (
    id                TEXT    PRIMARY KEY,            -- local attempt id (uuid-like)
    order_id          INTEGER NOT NULL REFERENCES orders (id),
    provider          TEXT    NOT NULL CHECK (provider IN ('midtrans', 'xendit', 'emulator')),
    gateway_order_id  TEXT    NOT NULL UNIQUE,        -- what the gateway knows the charge as
    gateway_ref       TEXT,                           -- transaction_id / payment_request_id
    amount            INTEGER NOT NULL CHECK (amount > 0),
    status            TEXT    NOT NULL CHECK (status IN
                        ('creating', 'pending', 'paid', 'expired', 'cancelled', 'failed')),
    qr_string         TEXT,
    qr_image_url      TEXT,
    expires_at        INTEGER,
    issuer            TEXT,
    gateway_status    TEXT,
    paid_at           INTEGER,
    late              INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    anomaly           TEXT,
    last_error        TEXT,
    last_checked_at   INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX payment_attempts_order ON payment_attempts (order_id);
CREATE INDEX payment_attempts_open ON payment_attempts (status) WHERE status IN ('creating', 'pending');

ALTER TABLE orders ADD COLUMN payment_issuer TEXT;
ALTER TABLE orders ADD COLUMN gateway_txn_id TEXT;

-- Migration 7: QRIS hardening.
-- processing_since: the gateway refused to expire/cancel a pending QR (Midtrans 412/404): a
--   payment is in flight. The attempt stays open and blocks a new QR for its order until the
--   gateway reports a terminal state (or 48 h pass: then it is an anomaly for the owner).
-- set_aside_at: the cashier put the sale aside ("Simpan & tutup") during an outage; the worker
--   follows the attempt and finalises or cancels it when the gateway answers.
-- charge_expires_at: the QR end sent in the charge body (gateway's clock), fixed once so every
--   re-send of the create is the very same body.
ALTER TABLE payment_attempts ADD COLUMN processing_since INTEGER;
ALTER TABLE payment_attempts ADD COLUMN set_aside_at INTEGER;
ALTER TABLE payment_attempts ADD COLUMN charge_expires_at INTEGER;

-- Money the gateway took back after Lunas (refund, partial refund, chargeback, partial
-- chargeback). The order stays paid; reports subtract these amounts in their net figures.
-- One row per attempt: the latest reversal status and the running total the gateway reports.
CREATE TABLE payment_reversals (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    attempt_id      TEXT    NOT NULL UNIQUE REFERENCES payment_attempts (id),
    kind            TEXT    NOT NULL CHECK (kind IN
                        ('refund', 'partial_refund', 'chargeback', 'partial_chargeback')),
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    occurred_at     INTEGER,
    recorded_at     INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX payment_reversals_order ON payment_reversals (order_id);
CREATE INDEX payment_reversals_recorded ON payment_reversals (recorded_at);

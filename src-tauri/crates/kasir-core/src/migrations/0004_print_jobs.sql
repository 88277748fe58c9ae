-- Migration 4: the receipt print queue. A job is created in the same transaction that marks an
-- order paid (when auto-print is on) or when the cashier asks for a reprint; the print worker
-- sends it and records every attempt here, so a receipt is never lost to a printer problem.
CREATE TABLE print_jobs (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    -- 'auto' (order paid) or 'reprint' (cashier asked; printed as "SALINAN").
    reason           TEXT    NOT NULL CHECK (reason IN ('auto', 'reprint')),
    copy             INTEGER NOT NULL DEFAULT 0 CHECK (copy IN (0, 1)),
    -- pending: the worker sends it; printing: claimed by the worker; printed: done;
    -- failed: waits for the cashier ("Cetak Ulang"); dismissed: the cashier gave up on it.
    status           TEXT    NOT NULL CHECK (status IN
                        ('pending', 'printing', 'printed', 'failed', 'dismissed')),
    attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error_kind  TEXT,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    printed_at       INTEGER,
    CHECK (status <> 'printed' OR printed_at IS NOT NULL)
);
CREATE INDEX print_jobs_order ON print_jobs (order_id);
CREATE INDEX print_jobs_open ON print_jobs (status, id) WHERE status IN ('pending', 'printing', 'failed');

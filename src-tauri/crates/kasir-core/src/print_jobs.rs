//! The receipt print queue (table `print_jobs`, migration 4): enqueue inside the transaction that
//! marks an order paid, claim the next job for the print worker, record each attempt (error or
//! printed time), list what is still unprinted, retry, and reprint as a copy ("SALINAN").
//!
//! Knows nothing about printers or ESC/POS: `kasir-receipts` renders and sends; this module only
//! keeps the durable record so that no receipt is lost to a printer problem.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::settings;
use crate::Store;

/// Where a print job stands.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrintJobStatus {
    /// Waiting for the worker.
    Pending,
    /// Claimed by the worker, bytes on their way.
    Printing,
    /// At the printer.
    Printed,
    /// The last attempt failed; waits for the cashier ("Cetak Ulang").
    Failed,
    /// The cashier chose not to print it.
    Dismissed,
}

impl PrintJobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PrintJobStatus::Pending => "pending",
            PrintJobStatus::Printing => "printing",
            PrintJobStatus::Printed => "printed",
            PrintJobStatus::Failed => "failed",
            PrintJobStatus::Dismissed => "dismissed",
        }
    }

    fn parse(s: &str) -> Option<PrintJobStatus> {
        Some(match s {
            "pending" => PrintJobStatus::Pending,
            "printing" => PrintJobStatus::Printing,
            "printed" => PrintJobStatus::Printed,
            "failed" => PrintJobStatus::Failed,
            "dismissed" => PrintJobStatus::Dismissed,
            _ => return None,
        })
    }
}

/// What a print job prints.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PrintJobKind {
    /// An order's receipt.
    Receipt,
    /// A shift's close report (tutup kasir).
    ShiftClose,
    /// A kas masuk / kas keluar slip (opens the drawer).
    CashMovement,
    /// A NOTA PENGEMBALIAN (refund slip; a cash refund opens the drawer).
    Refund,
    /// An open bill as it stands ("BILL – belum lunas").
    Bill,
    /// A preparation ticket for one kitchen/bar printer: one send of an open bill, or the lines
    /// of a paid quick sale.
    Kitchen,
}

impl PrintJobKind {
    fn parse(s: &str) -> Option<PrintJobKind> {
        Some(match s {
            "receipt" => PrintJobKind::Receipt,
            "shift_close" => PrintJobKind::ShiftClose,
            "cash_movement" => PrintJobKind::CashMovement,
            "refund" => PrintJobKind::Refund,
            "bill" => PrintJobKind::Bill,
            "kitchen" => PrintJobKind::Kitchen,
            _ => return None,
        })
    }
}

/// One print job with what it prints (title and amount, for the badge).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintJob {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: PrintJobKind,
    /// The order of a receipt.
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    #[ts(type = "number | null")]
    pub shift_id: Option<i64>,
    #[ts(type = "number | null")]
    pub cash_movement_id: Option<i64>,
    #[ts(type = "number | null")]
    pub refund_id: Option<i64>,
    /// The open bill of a bill print or of a kitchen ticket sent from it.
    #[ts(type = "number | null")]
    pub bill_id: Option<i64>,
    /// The kitchen/bar printer of a kitchen ticket.
    #[ts(type = "number | null")]
    pub prep_printer_id: Option<i64>,
    /// Which send of the bill a kitchen ticket carries (1: first, 2+: TAMBAHAN).
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// The order number, or "Tutup Kasir #3", "Kas Keluar #7", "Pengembalian #2",
    /// "Tagihan Meja 4", "Dapur: Meja 4".
    pub title: String,
    /// Order total, expected cash of the shift, or the cash moved.
    #[ts(type = "number")]
    pub total: i64,
    pub status: PrintJobStatus,
    /// Print "SALINAN": a reprint, or an earlier job of the same order already reached the
    /// printer.
    pub copy: bool,
    #[ts(type = "number")]
    pub attempts: i64,
    /// Stable error kind of the last failed attempt (e.g. `printer_offline`).
    pub last_error_kind: Option<String>,
    /// Indonesian message of the last failed attempt.
    pub last_error: Option<String>,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub printed_at: Option<i64>,
}

const SELECT: &str = "SELECT j.id, j.order_id,
        CASE j.kind WHEN 'receipt' THEN o.number
                    WHEN 'shift_close' THEN 'Tutup Kasir #' || j.shift_id
                    WHEN 'refund' THEN 'Pengembalian #' || j.refund_id
                    WHEN 'bill' THEN 'Tagihan ' || b.name
                    WHEN 'kitchen' THEN pp.name || ': ' || COALESCE(b.name, o.number)
                    ELSE (CASE m.kind WHEN 'in' THEN 'Kas Masuk #' ELSE 'Kas Keluar #' END) || j.cash_movement_id
        END,
        CASE WHEN j.kind = 'kitchen' THEN 0
             ELSE COALESCE(o.total, s.expected_cash, m.amount, rf.amount, 0) END, j.status,
        (j.copy = 1 OR (j.kind = 'receipt' AND EXISTS (SELECT 1 FROM print_jobs p
                               WHERE p.order_id = j.order_id AND p.id <> j.id
                                 AND p.kind = 'receipt'
                                 AND p.status = 'printed' AND p.id < j.id))),
        j.attempts, j.last_error_kind, j.last_error, j.created_at, j.printed_at,
        j.kind, j.shift_id, j.cash_movement_id, j.refund_id, j.bill_id, j.prep_printer_id, j.batch
     FROM print_jobs j LEFT JOIN orders o ON o.id = j.order_id
     LEFT JOIN bills b ON b.id = j.bill_id
     LEFT JOIN prep_printers pp ON pp.id = j.prep_printer_id
     LEFT JOIN shifts s ON s.id = j.shift_id
     LEFT JOIN cash_movements m ON m.id = j.cash_movement_id
     LEFT JOIN refunds rf ON rf.id = j.refund_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(PrintJob, String, String)> {
    let status: String = r.get(4)?;
    let kind: String = r.get(11)?;
    Ok((
        PrintJob {
            id: r.get(0)?,
            kind: PrintJobKind::Receipt,
            order_id: r.get(1)?,
            shift_id: r.get(12)?,
            cash_movement_id: r.get(13)?,
            refund_id: r.get(14)?,
            bill_id: r.get(15)?,
            prep_printer_id: r.get(16)?,
            batch: r.get(17)?,
            title: r.get(2)?,
            total: r.get(3)?,
            status: PrintJobStatus::Pending,
            copy: r.get(5)?,
            attempts: r.get(6)?,
            last_error_kind: r.get(7)?,
            last_error: r.get(8)?,
            created_at: r.get(9)?,
            printed_at: r.get(10)?,
        },
        status,
        kind,
    ))
}

fn finish(row: (PrintJob, String, String)) -> Result<PrintJob> {
    let (mut job, status, kind) = row;
    job.status = PrintJobStatus::parse(&status)
        .ok_or_else(|| CoreError::Validation(format!("status cetak tidak dikenal: {status}")))?;
    job.kind = PrintJobKind::parse(&kind)
        .ok_or_else(|| CoreError::Validation(format!("jenis cetak tidak dikenal: {kind}")))?;
    Ok(job)
}

/// Load a job changed in `tx` and announce it.
pub(crate) fn changed(tx: &Tx<'_>, id: i64) -> Result<PrintJob> {
    let job = load(tx, id)?;
    tx.emit(DomainEvent::PrintJobChanged { job: job.clone() });
    Ok(job)
}

fn load(conn: &Connection, id: i64) -> Result<PrintJob> {
    let row = conn
        .query_row(&format!("{SELECT} WHERE j.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Antrian cetak #{id}"),
        })?;
    finish(row)
}

/// Jobs matching a fixed `filter` clause; values always travel as bound `args`.
fn load_where(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<PrintJob>> {
    let mut st = conn.prepare(&format!("{SELECT} WHERE {filter} ORDER BY j.id"))?;
    let rows = st
        .query_map(args, from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(finish).collect()
}

fn insert(tx: &Tx<'_>, order_id: i64, reason: &str, now: DateTime<Utc>) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, order_id, reason, copy, status, created_at, updated_at)
         VALUES ('receipt', ?1, ?2, ?3, 'pending', ?4, ?4)",
        params![order_id, reason, reason == "reprint", ms],
    )?;
    changed(tx, tx.last_insert_rowid())
}

/// Queue a shift's close report (always printed: it is the shift's paper record). `copy` for a
/// reprint ("SALINAN").
pub(crate) fn enqueue_shift_close(
    tx: &Tx<'_>,
    shift_id: i64,
    copy: bool,
    now: DateTime<Utc>,
) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, shift_id, reason, copy, status, created_at, updated_at)
         VALUES ('shift_close', ?1, ?2, ?3, 'pending', ?4, ?4)",
        params![shift_id, if copy { "reprint" } else { "auto" }, copy, ms],
    )?;
    changed(tx, tx.last_insert_rowid())
}

/// Queue an open bill's print ("BILL – belum lunas") on the receipt printer. Always printed:
/// the cashier asked for it.
pub(crate) fn enqueue_bill(tx: &Tx<'_>, bill_id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, bill_id, reason, copy, status, created_at, updated_at)
         VALUES ('bill', ?1, 'auto', 0, 'pending', ?2, ?2)",
        params![bill_id, ms],
    )?;
    changed(tx, tx.last_insert_rowid())
}

/// Queue the NOTA PENGEMBALIAN of a refund (a cash refund's slip pulses the drawer).
pub(crate) fn enqueue_refund(tx: &Tx<'_>, refund_id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, refund_id, reason, copy, status, created_at, updated_at)
         VALUES ('refund', ?1, 'auto', 0, 'pending', ?2, ?2)",
        params![refund_id, ms],
    )?;
    changed(tx, tx.last_insert_rowid())
}

/// Queue the slip of a cash movement; it pulses the drawer.
pub(crate) fn enqueue_cash_movement(
    tx: &Tx<'_>,
    movement_id: i64,
    now: DateTime<Utc>,
) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, cash_movement_id, reason, copy, status, created_at, updated_at)
         VALUES ('cash_movement', ?1, 'auto', 0, 'pending', ?2, ?2)",
        params![movement_id, ms],
    )?;
    changed(tx, tx.last_insert_rowid())
}

/// Called inside the transaction that marks `order_id` paid: queue its receipt when auto-print
/// is on. Returns the new job id, if any. Commits or rolls back with the sale.
pub(crate) fn enqueue_paid(
    tx: &Tx<'_>,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<PrintJob>> {
    if !settings::auto_print_enabled(tx)? {
        return Ok(None);
    }
    insert(tx, order_id, "auto", now).map(Some)
}

impl Store {
    /// The worker takes the oldest pending job: it becomes `printing` and its attempt is counted
    /// before any byte is sent (a crash mid-print is visible after a restart).
    pub fn claim_next_print_job(&self, now: DateTime<Utc>) -> Result<Option<PrintJob>> {
        self.write(|tx| {
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM print_jobs WHERE status = 'pending' ORDER BY id LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else { return Ok(None) };
            tx.execute(
                "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1,
                        updated_at = ?2 WHERE id = ?1",
                params![id, now.timestamp_millis()],
            )?;
            changed(tx, id).map(Some)
        })
    }

    /// The bytes reached the printer.
    pub fn mark_print_job_printed(&self, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        self.write(|tx| {
            tx.execute(
                "UPDATE print_jobs SET status = 'printed', printed_at = ?2, updated_at = ?2,
                        last_error_kind = NULL, last_error = NULL WHERE id = ?1",
                params![id, now.timestamp_millis()],
            )?;
            changed(tx, id)
        })
    }

    /// The attempt failed: the job waits for the cashier with the error it got.
    pub fn mark_print_job_failed(
        &self,
        id: i64,
        kind: &str,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<PrintJob> {
        self.write(|tx| {
            tx.execute(
                "UPDATE print_jobs SET status = 'failed', last_error_kind = ?2, last_error = ?3,
                        updated_at = ?4 WHERE id = ?1 AND status <> 'printed'",
                params![id, kind, message, now.timestamp_millis()],
            )?;
            changed(tx, id)
        })
    }

    /// After a restart: every job not printed (pending, interrupted mid-print, or failed) gets
    /// one more automatic try. Returns how many were queued.
    pub fn requeue_unprinted_print_jobs(&self, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| {
            let requeued: Vec<i64> = {
                let mut st = tx.prepare(
                    "SELECT id FROM print_jobs WHERE status IN ('printing', 'failed') ORDER BY id",
                )?;
                let ids = st
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                ids
            };
            tx.execute(
                "UPDATE print_jobs SET status = 'pending', updated_at = ?1
                 WHERE status IN ('printing', 'failed')",
                [now.timestamp_millis()],
            )?;
            for id in requeued {
                changed(tx, id)?;
            }
            let pending: i64 = tx.query_row(
                "SELECT COUNT(*) FROM print_jobs WHERE status = 'pending'",
                [],
                |r| r.get(0),
            )?;
            Ok(usize::try_from(pending).unwrap_or(0))
        })
    }

    /// Jobs whose receipt has not reached the printer (pending, printing or failed), oldest first.
    pub fn unprinted_print_jobs(&self) -> Result<Vec<PrintJob>> {
        self.read(|c| load_where(c, "j.status IN ('pending', 'printing', 'failed')", &[]))
    }

    /// Failed jobs only (what the "Struk belum tercetak" badge counts).
    pub fn failed_print_jobs(&self) -> Result<Vec<PrintJob>> {
        self.read(|c| load_where(c, "j.status = 'failed'", &[]))
    }

    pub fn print_job(&self, id: i64) -> Result<PrintJob> {
        self.read(|c| load(c, id))
    }

    /// Every job of an order, oldest first.
    pub fn print_jobs_for_order(&self, order_id: i64) -> Result<Vec<PrintJob>> {
        self.read(|c| load_where(c, "j.order_id = ?1", &[&order_id]))
    }

    /// "Cetak Ulang" on the badge: failed jobs go back to the worker. Returns them.
    pub fn retry_failed_print_jobs(&self, now: DateTime<Utc>) -> Result<Vec<PrintJob>> {
        self.write(|tx| {
            let ids: Vec<i64> = {
                let mut st = tx.prepare("SELECT id FROM print_jobs WHERE status = 'failed'")?;
                let ids = st
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                ids
            };
            tx.execute(
                "UPDATE print_jobs SET status = 'pending', updated_at = ?1 WHERE status = 'failed'",
                [now.timestamp_millis()],
            )?;
            ids.into_iter().map(|id| changed(tx, id)).collect()
        })
    }

    /// The cashier gives up on a failed job (the badge stops counting it).
    pub fn dismiss_print_job(&self, id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        self.write(|tx| {
            tx.execute(
                "UPDATE print_jobs SET status = 'dismissed', updated_at = ?2
                 WHERE id = ?1 AND status IN ('pending', 'failed')",
                params![id, now.timestamp_millis()],
            )?;
            changed(tx, id)
        })
    }

    /// The most recently paid order (the settings preview shows it).
    pub fn latest_paid_order_id(&self) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT id FROM orders WHERE status = 'paid' ORDER BY paid_at DESC, id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Reprint a paid order's receipt (order history, badge): a new job printed as "SALINAN".
    pub fn reprint_order(&self, order_id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        let actor = self.operator();
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row("SELECT status FROM orders WHERE id = ?1", [order_id], |r| {
                    r.get(0)
                })
                .optional()?;
            match status.as_deref() {
                None => {
                    return Err(CoreError::NotFound {
                        what: format!("Pesanan #{order_id}"),
                    })
                }
                Some("paid") => {}
                Some(other) => {
                    return Err(CoreError::Validation(format!(
                        "hanya pesanan lunas yang punya struk (status: {other})"
                    )))
                }
            }
            let job = insert(tx, order_id, "reprint", now)?;
            crate::audit::record(
                tx,
                actor.as_ref(),
                crate::AuditAction::Reprint,
                &format!("Struk {}", job.title),
                serde_json::json!({ "orderId": order_id }),
                now,
            )?;
            Ok(job)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CartLineInput, NewAttempt, PayCashRequest};

    fn cash_sale(store: &Store) -> crate::Order {
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let p = store.catalog().expect("catalog").products;
        store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: p[0].id,
                        qty: 2,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("cash sale")
    }

    fn set_auto_print(store: &Store, on: bool) {
        let mut s = settings::printer::PrinterSettings::load(store).expect("load");
        s.auto_print = on;
        s.store_name = "Warung Uji".into();
        s.save(store, Utc::now()).expect("setting");
    }

    #[test]
    fn cash_sale_queues_its_receipt_in_the_same_transaction() {
        let store = crate::testing::till();
        let order = cash_sale(&store);
        let jobs = store.unprinted_print_jobs().expect("jobs");
        assert_eq!(
            jobs.len(),
            1,
            "a paid cash order must queue exactly one receipt"
        );
        assert_eq!(jobs[0].order_id, Some(order.id));
        assert_eq!(jobs[0].title, order.number);
        assert_eq!(jobs[0].total, order.total);
        assert_eq!(jobs[0].status, PrintJobStatus::Pending);
        assert!(!jobs[0].copy, "the first receipt is the original");
    }

    #[test]
    fn qris_finalisation_queues_once_and_never_for_duplicates() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let p = store.catalog().expect("catalog").products;
        let order = store
            .create_awaiting_order(
                &[CartLineInput {
                    product_id: p[0].id,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                &Default::default(),
                Utc::now(),
            )
            .expect("order");
        assert!(store.unprinted_print_jobs().expect("jobs").is_empty());
        store
            .begin_attempt(
                order.id,
                NewAttempt {
                    id: "a1",
                    gateway_order_id: "g1",
                    provider: "emulator",
                },
                Utc::now(),
            )
            .expect("attempt");
        store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("tx-1"), Utc::now(), Utc::now())
            .expect("paid");
        store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("tx-1"), Utc::now(), Utc::now())
            .expect("again");
        let jobs = store.unprinted_print_jobs().expect("jobs");
        assert_eq!(
            jobs.len(),
            1,
            "AlreadyFinal must not queue a second receipt"
        );
        assert_eq!(jobs[0].order_id, Some(order.id));
    }

    #[test]
    fn auto_print_off_queues_nothing() {
        let store = crate::testing::till();
        set_auto_print(&store, false);
        cash_sale(&store);
        assert!(
            store.unprinted_print_jobs().expect("jobs").is_empty(),
            "auto-print off: the sale is stored without a print job"
        );
    }

    #[test]
    fn failed_job_survives_and_retry_and_reprint_work() {
        let store = crate::testing::till();
        let order = cash_sale(&store);
        let job = store
            .claim_next_print_job(Utc::now())
            .expect("claim")
            .expect("a job");
        assert_eq!(job.status, PrintJobStatus::Printing);
        assert_eq!(job.attempts, 1);
        assert!(store
            .claim_next_print_job(Utc::now())
            .expect("claim")
            .is_none());
        let failed = store
            .mark_print_job_failed(job.id, "printer_offline", "Printer offline", Utc::now())
            .expect("failed");
        assert_eq!(failed.status, PrintJobStatus::Failed);
        assert_eq!(failed.last_error_kind.as_deref(), Some("printer_offline"));
        // The sale is untouched and the job is still there.
        assert_eq!(
            store.order(order.id).expect("order").status,
            crate::OrderStatus::Paid
        );
        assert_eq!(store.failed_print_jobs().expect("failed").len(), 1);
        assert!(
            store
                .claim_next_print_job(Utc::now())
                .expect("claim")
                .is_none(),
            "a failed job waits for the cashier"
        );
        // Restart: one more automatic try.
        assert_eq!(
            store
                .requeue_unprinted_print_jobs(Utc::now())
                .expect("requeue"),
            1
        );
        let again = store
            .claim_next_print_job(Utc::now())
            .expect("claim")
            .expect("retried");
        assert_eq!(again.attempts, 2);
        store
            .mark_print_job_printed(again.id, Utc::now())
            .expect("printed");
        assert!(store.unprinted_print_jobs().expect("jobs").is_empty());
        // Reprint: a new job, marked as a copy.
        let copy = store.reprint_order(order.id, Utc::now()).expect("reprint");
        assert!(copy.copy, "a reprint is printed as SALINAN");
        assert_eq!(store.print_jobs_for_order(order.id).expect("jobs").len(), 2);
    }

    #[test]
    fn reprint_refuses_unpaid_orders() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let p = store.catalog().expect("catalog").products;
        let order = store
            .create_awaiting_order(
                &[CartLineInput {
                    product_id: p[0].id,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                &Default::default(),
                Utc::now(),
            )
            .expect("order");
        let err = store
            .reprint_order(order.id, Utc::now())
            .expect_err("unpaid");
        assert_eq!(err.kind().as_str(), "validation");
        assert_eq!(
            store
                .reprint_order(999_999, Utc::now())
                .expect_err("missing")
                .kind()
                .as_str(),
            "not_found"
        );
    }
}

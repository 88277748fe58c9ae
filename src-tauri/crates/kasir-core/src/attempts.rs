//! QRIS payment attempts: the SQLite side of the payment state machine.
//!
//! An attempt row is written *before* the gateway is called, so a crash mid-charge leaves a
//! trace to recover from. Only [`Store::finalize_paid_attempt`] marks an order paid by QRIS, and
//! it does so once, in one transaction, whatever order calls arrive in. This module decides
//! nothing about trust: the payment service verifies a gateway report before calling it.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::orders::{order_state, settle, OrderStatus, Settlement};
use crate::Store;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttemptStatus {
    /// Row written, charge not (yet) confirmed by the gateway.
    Creating,
    Pending,
    Paid,
    Expired,
    Cancelled,
    Failed,
}

impl AttemptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Creating => "creating",
            AttemptStatus::Pending => "pending",
            AttemptStatus::Paid => "paid",
            AttemptStatus::Expired => "expired",
            AttemptStatus::Cancelled => "cancelled",
            AttemptStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<AttemptStatus> {
        Ok(match s {
            "creating" => AttemptStatus::Creating,
            "pending" => AttemptStatus::Pending,
            "paid" => AttemptStatus::Paid,
            "expired" => AttemptStatus::Expired,
            "cancelled" => AttemptStatus::Cancelled,
            "failed" => AttemptStatus::Failed,
            other => {
                return Err(CoreError::Validation(format!(
                    "status pembayaran tidak dikenal: {other}"
                )))
            }
        })
    }

    /// Still waiting for the customer (or for the gateway to confirm the charge).
    pub fn is_open(self) -> bool {
        matches!(self, AttemptStatus::Creating | AttemptStatus::Pending)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentAttempt {
    pub id: String,
    pub order_id: i64,
    pub provider: String,
    pub gateway_order_id: String,
    pub gateway_ref: Option<String>,
    pub amount: i64,
    pub status: AttemptStatus,
    pub qr_string: Option<String>,
    pub qr_image_url: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub issuer: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub anomaly: Option<String>,
    pub last_error: Option<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The gateway refused to expire/cancel it while pending: a payment is in flight.
    pub processing_since: Option<DateTime<Utc>>,
    /// The cashier set the sale aside; the worker follows it.
    pub set_aside_at: Option<DateTime<Utc>>,
    /// The QR end sent in the charge body (gateway's clock), fixed once.
    pub charge_expires_at: Option<DateTime<Utc>>,
}

/// Where a payment attempt stands, as the window sees it (IPC; pushed on every change as
/// [`crate::DomainEvent::AttemptChanged`]).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentState {
    pub attempt_id: String,
    #[ts(type = "number")]
    pub order_id: i64,
    pub status: AttemptStatus,
    /// Payer's app once paid: its stored id (`gopay`) and the name shown (`GoPay`).
    pub issuer: Option<String>,
    pub issuer_label: Option<String>,
    /// A report we refused to trust (amount or signature mismatch) — shown to the owner.
    pub anomaly: Option<String>,
    /// Settled after the QR had expired or been cancelled.
    pub late: bool,
    /// UTC unix milliseconds.
    #[ts(type = "number | null")]
    pub expires_at: Option<i64>,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
    /// The gateway refused to stop this QR while it was pending: a payment is in flight.
    /// The window shows "Pembayaran sedang diproses, tunggu sebentar" and offers no new QR.
    pub processing: bool,
    /// Set aside by the cashier ("Simpan & tutup"); checked automatically in the background.
    pub set_aside: bool,
}

impl PaymentAttempt {
    /// The attempt as the window sees it.
    pub fn state(&self) -> PaymentState {
        PaymentState {
            attempt_id: self.id.clone(),
            order_id: self.order_id,
            status: self.status,
            issuer: self.issuer.clone(),
            issuer_label: self
                .issuer
                .as_deref()
                .map(kasir_shared::issuers::issuer_label),
            anomaly: self.anomaly.clone(),
            late: self.late,
            expires_at: self.expires_at.map(|t| t.timestamp_millis()),
            paid_at: self.paid_at.map(|t| t.timestamp_millis()),
            processing: self.processing_since.is_some() && self.status.is_open(),
            set_aside: self.set_aside_at.is_some(),
        }
    }
}

/// New attempt identifiers, generated by the caller (ids are passed in, not invented here).
#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    pub id: &'a str,
    pub gateway_order_id: &'a str,
    pub provider: &'a str,
}

/// What a paid report did to the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finalized {
    /// This call marked the order paid (emit events, print).
    OrderPaid { late: bool },
    /// This call took one part of a split order; the rest is still due.
    PartPaid,
    /// The order had already been paid some other way: recorded as a late payment for the
    /// owner, never counted twice.
    LateDuplicate,
    /// This attempt was already finalised earlier; nothing changed.
    AlreadyFinal,
}

fn ts(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::<Utc>::from_timestamp_millis)
}

const COLUMNS: &str = "id, order_id, provider, gateway_order_id, gateway_ref, amount, status,
    qr_string, qr_image_url, expires_at, issuer, paid_at, late, anomaly, last_error,
    last_checked_at, created_at, processing_since, set_aside_at, charge_expires_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(PaymentAttempt, String)> {
    let status: String = r.get(6)?;
    Ok((
        PaymentAttempt {
            id: r.get(0)?,
            order_id: r.get(1)?,
            provider: r.get(2)?,
            gateway_order_id: r.get(3)?,
            gateway_ref: r.get(4)?,
            amount: r.get(5)?,
            status: AttemptStatus::Creating,
            qr_string: r.get(7)?,
            qr_image_url: r.get(8)?,
            expires_at: ts(r.get(9)?),
            issuer: r.get(10)?,
            paid_at: ts(r.get(11)?),
            late: r.get(12)?,
            anomaly: r.get(13)?,
            last_error: r.get(14)?,
            last_checked_at: ts(r.get(15)?),
            created_at: ts(Some(r.get(16)?)).unwrap_or_default(),
            processing_since: ts(r.get(17)?),
            set_aside_at: ts(r.get(18)?),
            charge_expires_at: ts(r.get(19)?),
        },
        status,
    ))
}

fn load(conn: &Connection, id: &str) -> Result<Option<PaymentAttempt>> {
    let row = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM payment_attempts WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?;
    row.map(|(mut a, status)| {
        a.status = AttemptStatus::parse(&status)?;
        Ok(a)
    })
    .transpose()
}

fn load_many(
    conn: &Connection,
    where_sql: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<PaymentAttempt>> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM payment_attempts WHERE {where_sql} ORDER BY created_at"
    ))?;
    let rows = st
        .query_map(args, from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(mut a, status)| {
            a.status = AttemptStatus::parse(&status)?;
            Ok(a)
        })
        .collect()
}

/// Load an attempt changed in `tx` and announce its new state.
fn changed(tx: &Tx<'_>, id: &str) -> Result<PaymentAttempt> {
    let attempt = must_load(tx, id)?;
    tx.emit(DomainEvent::AttemptChanged {
        state: attempt.state(),
    });
    Ok(attempt)
}

/// Flag attempt `id` with `anomaly` for the owner (audited once per attempt and text). The
/// caller announces the attempt's change.
fn flag(tx: &Tx<'_>, id: &str, anomaly: &str, now: DateTime<Utc>) -> Result<()> {
    let (before, number): (Option<String>, String) = tx
        .query_row(
            "SELECT a.anomaly, o.number FROM payment_attempts a JOIN orders o ON o.id = a.order_id
             WHERE a.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Pembayaran {id}"),
        })?;
    tx.execute(
        "UPDATE payment_attempts SET anomaly = ?2, last_checked_at = ?3, updated_at = ?3
         WHERE id = ?1",
        params![id, anomaly, now.timestamp_millis()],
    )?;
    // Once per attempt and text: the worker re-checks and may report it again.
    if before.as_deref() != Some(anomaly) {
        crate::audit::record(
            tx,
            None,
            crate::AuditAction::PaymentAnomaly,
            &format!("Pesanan {number}"),
            serde_json::json!({ "attempt": id, "anomaly": anomaly }),
            now,
        )?;
    }
    Ok(())
}

fn must_load(conn: &Connection, id: &str) -> Result<PaymentAttempt> {
    load(conn, id)?.ok_or_else(|| CoreError::NotFound {
        what: format!("Pembayaran {id}"),
    })
}

impl Store {
    pub fn attempt(&self, id: &str) -> Result<PaymentAttempt> {
        self.read(|c| must_load(c, id))
    }

    /// The attempt a second "QRIS" click must get back: open and not past its expiry.
    pub fn live_attempt_for_order(
        &self,
        order_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<PaymentAttempt>> {
        self.read(|c| live_attempt(c, order_id, now))
    }

    /// Return the order's live attempt, or write a new `creating` attempt for what the order
    /// still has due (its stored total, or the rest of a split order). The bool says whether
    /// this call created it.
    pub fn begin_attempt(
        &self,
        order_id: i64,
        new: NewAttempt<'_>,
        now: DateTime<Utc>,
    ) -> Result<(PaymentAttempt, bool)> {
        self.begin(order_id, new, None, now)
    }

    /// Like [`Store::begin_attempt`] for one part of a split order: `part` rupiah of what is
    /// due (computed by [`Store::part_amount`]). A live QR for another amount must be cancelled
    /// first.
    pub fn begin_part_attempt(
        &self,
        order_id: i64,
        new: NewAttempt<'_>,
        part: i64,
        now: DateTime<Utc>,
    ) -> Result<(PaymentAttempt, bool)> {
        self.begin(order_id, new, Some(part), now)
    }

    fn begin(
        &self,
        order_id: i64,
        new: NewAttempt<'_>,
        part: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<(PaymentAttempt, bool)> {
        let id = self.write(|tx| {
            let state = order_state(tx, order_id)?;
            let (number, status) = (state.number.clone(), state.status);
            if status != OrderStatus::AwaitingPayment {
                return Err(CoreError::OrderState {
                    number,
                    status: status.label().into(),
                });
            }
            if processing_attempt(tx, order_id)?.is_some() {
                // The gateway would not stop the last QR: a payment is in flight. A new QR
                // now could be paid as well.
                return Err(CoreError::PaymentProcessing { number });
            }
            let due = state.due();
            let amount = part.unwrap_or(due);
            if amount <= 0 || amount > due {
                return Err(CoreError::Validation(format!(
                    "nominal QRIS {} tidak sesuai sisa tagihan {}",
                    crate::format_rupiah(amount),
                    crate::format_rupiah(due)
                )));
            }
            if let Some(live) = live_attempt(tx, order_id, now)? {
                if live.amount != amount {
                    return Err(CoreError::Validation(format!(
                        "QR {} untuk pesanan {number} masih aktif; batalkan dulu",
                        crate::format_rupiah(live.amount)
                    )));
                }
                return Ok((live.id, false));
            }
            let ms = now.timestamp_millis();
            tx.execute(
                "INSERT INTO payment_attempts
                   (id, order_id, provider, gateway_order_id, amount, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'creating', ?6, ?6)",
                params![new.id, order_id, new.provider, new.gateway_order_id, amount, ms],
            )?;
            changed(tx, new.id)?;
            Ok((new.id.to_string(), true))
        })?;
        Ok((self.attempt(&id.0)?, id.1))
    }

    /// The gateway accepted the charge: store its reference, QR and expiry.
    pub fn record_charge(
        &self,
        id: &str,
        gateway_ref: &str,
        qr_string: Option<&str>,
        qr_image_url: Option<&str>,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PaymentAttempt> {
        self.write(|tx| {
            tx.execute(
                "UPDATE payment_attempts SET gateway_ref = ?2, qr_string = ?3, qr_image_url = ?4,
                        expires_at = ?5, status = 'pending', last_error = NULL, updated_at = ?6
                 WHERE id = ?1 AND status = 'creating'",
                params![
                    id,
                    gateway_ref,
                    qr_string,
                    qr_image_url,
                    expires_at.timestamp_millis(),
                    now.timestamp_millis()
                ],
            )?;
            changed(tx, id)
        })
    }

    /// Remember the last problem talking to the gateway (never a secret: callers pass the
    /// typed error's kind and cashier message). `give_up` marks a `creating` attempt failed —
    /// only when the charge certainly did not happen.
    pub fn record_attempt_error(
        &self,
        id: &str,
        error: &str,
        give_up: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let failed = tx.execute(
                "UPDATE payment_attempts SET status = 'failed'
                 WHERE id = ?1 AND ?2 AND status = 'creating'",
                params![id, give_up],
            )?;
            tx.execute(
                "UPDATE payment_attempts SET last_error = ?2, last_checked_at = ?3, updated_at = ?3
                 WHERE id = ?1",
                params![id, error, now.timestamp_millis()],
            )?;
            // The window sees the attempt's state, not its last error: announce only a change of
            // state. (Announcing every failed check made the till's own "Koneksi Bermasalah"
            // flicker back to "Menunggu pembayaran" when the event overtook the error reply.)
            if failed > 0 {
                changed(tx, id)?;
            }
            Ok(())
        })
    }

    /// A gateway answer that changes nothing yet (still pending).
    pub fn touch_attempt(&self, id: &str, gateway_status: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE payment_attempts SET gateway_status = ?2, last_checked_at = ?3,
                        last_error = NULL, updated_at = ?3 WHERE id = ?1",
                params![id, gateway_status, now.timestamp_millis()],
            )?;
            Ok(())
        })
    }

    /// Close an open attempt as expired, cancelled or failed. A paid attempt is never reopened
    /// or downgraded.
    pub fn close_attempt(
        &self,
        id: &str,
        status: AttemptStatus,
        gateway_status: &str,
        now: DateTime<Utc>,
    ) -> Result<PaymentAttempt> {
        if !matches!(
            status,
            AttemptStatus::Expired | AttemptStatus::Cancelled | AttemptStatus::Failed
        ) {
            return Err(CoreError::Validation(format!(
                "{} bukan status penutup",
                status.as_str()
            )));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE payment_attempts SET status = ?2, gateway_status = ?3, last_checked_at = ?4,
                        last_error = NULL, updated_at = ?4
                 WHERE id = ?1 AND status IN ('creating', 'pending')",
                params![id, status.as_str(), gateway_status, now.timestamp_millis()],
            )?;
            tx.execute(
                "UPDATE payment_attempts SET gateway_status = ?2, last_checked_at = ?3
                 WHERE id = ?1 AND status NOT IN ('creating', 'pending')",
                params![id, gateway_status, now.timestamp_millis()],
            )?;
            changed(tx, id)
        })
    }

    /// Flag a report the payment service refused to trust (amount or signature mismatch…).
    /// The attempt keeps its status; the order is untouched.
    pub fn flag_anomaly(&self, id: &str, anomaly: &str, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            flag(tx, id, anomaly, now)?;
            changed(tx, id).map(|_| ())
        })
    }

    /// A *verified* paid report: mark the attempt paid and, in the same transaction, the order
    /// paid by QRIS (issuer, gateway transaction id, paid time) with its stock taken. Safe to
    /// call any number of times; only the first call changes the order.
    pub fn finalize_paid_attempt(
        &self,
        id: &str,
        issuer: Option<&str>,
        gateway_txn_id: Option<&str>,
        paid_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Finalized> {
        self.write(|tx| {
            let attempt = must_load(tx, id)?;
            if attempt.status == AttemptStatus::Paid {
                return Ok(Finalized::AlreadyFinal);
            }
            // Paid after we had given up on it locally: a late settlement.
            let late_locally = !attempt.status.is_open();
            let state = order_state(tx, attempt.order_id)?;
            let (order_status, total, split) = (state.status, state.total, state.split);
            if !split && total != attempt.amount {
                return Err(CoreError::AmountMismatch {
                    expected: total,
                    got: attempt.amount,
                });
            }
            let due = state.due();
            let awaiting = order_status == OrderStatus::AwaitingPayment;
            let paid_ms = paid_at.timestamp_millis();
            let gateway_txn = gateway_txn_id.or(attempt.gateway_ref.as_deref());
            let issuer_id = issuer.map(kasir_shared::issuers::issuer_id);
            let outcome = if order_status == OrderStatus::Paid {
                Finalized::LateDuplicate
            } else if attempt.amount == due && (awaiting || due == total) {
                Finalized::OrderPaid {
                    late: late_locally || order_status == OrderStatus::Cancelled,
                }
            } else if split && attempt.amount < due && awaiting {
                Finalized::PartPaid
            } else {
                // A split order's part that no longer fits (the rest was paid another way, or
                // the order was given up): the money is at the gateway and must go back.
                Finalized::LateDuplicate
            };
            let late = match outcome {
                Finalized::OrderPaid { late } => late,
                Finalized::PartPaid => late_locally,
                _ => true,
            };
            tx.execute(
                "UPDATE payment_attempts SET status = 'paid', issuer = ?2, paid_at = ?3,
                        gateway_ref = COALESCE(gateway_ref, ?4), late = ?5, gateway_status = 'settlement',
                        last_checked_at = ?6, last_error = NULL, updated_at = ?6
                 WHERE id = ?1",
                params![id, issuer_id, paid_ms, gateway_txn, late, now.timestamp_millis()],
            )?;
            match outcome {
                Finalized::OrderPaid { .. } => {
                    let qris = Settlement::Qris {
                        issuer,
                        gateway_txn_id: gateway_txn,
                        attempt_id: Some(id),
                    };
                    settle(tx, attempt.order_id, qris, paid_at, now)?;
                }
                Finalized::PartPaid => {
                    let part = crate::tenders::Part {
                        method: crate::PaymentMethod::Qris,
                        amount: attempt.amount,
                        tendered: None,
                        issuer,
                        gateway_txn_id: gateway_txn,
                        attempt_id: Some(id),
                    };
                    crate::tenders::take_part(tx, attempt.order_id, &part, None, paid_at)?;
                }
                Finalized::LateDuplicate if split && order_status != OrderStatus::Paid => {
                    let note = "dibayar melebihi sisa tagihan pesanan terpisah; kembalikan lewat refund";
                    flag(tx, id, note, now)?;
                }
                _ => {}
            }
            changed(tx, id)?;
            Ok(outcome)
        })
    }

    /// Attempts the background worker must look at: every open one, and closed-but-unpaid ones
    /// younger than `window` whose last check is older than `recheck_after` (a settlement can
    /// arrive after local expiry or cancel).
    pub fn attempts_to_recheck(
        &self,
        now: DateTime<Utc>,
        window: Duration,
        recheck_after: Duration,
    ) -> Result<Vec<PaymentAttempt>> {
        let since = (now - window).timestamp_millis();
        let stale = (now - recheck_after).timestamp_millis();
        self.read(|c| {
            load_many(
                c,
                "created_at >= ?1 AND (status IN ('creating', 'pending')
                   OR (status IN ('expired', 'cancelled')
                       AND (last_checked_at IS NULL OR last_checked_at <= ?2)))",
                &[&since, &stale],
            )
        })
    }

    pub fn attempts_for_order(&self, order_id: i64) -> Result<Vec<PaymentAttempt>> {
        self.read(|c| load_many(c, "order_id = ?1", &[&order_id]))
    }

    /// The gateway refused to expire/cancel this pending QR: a payment is in flight. The
    /// attempt stays open (first refusal time kept).
    pub fn mark_processing(&self, id: &str, now: DateTime<Utc>) -> Result<PaymentAttempt> {
        self.write(|tx| {
            tx.execute(
                "UPDATE payment_attempts SET processing_since = COALESCE(processing_since, ?2),
                        last_checked_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND status IN ('creating', 'pending')",
                params![id, now.timestamp_millis()],
            )?;
            changed(tx, id)
        })
    }

    /// "Simpan & tutup": the cashier moves on; the order stays awaiting payment and the
    /// worker follows the attempt. No gateway call is needed (works offline).
    pub fn set_aside(&self, id: &str, now: DateTime<Utc>) -> Result<PaymentAttempt> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE payment_attempts SET set_aside_at = COALESCE(set_aside_at, ?2),
                        updated_at = ?2
                 WHERE id = ?1 AND status IN ('creating', 'pending')",
                params![id, now.timestamp_millis()],
            )?;
            if n == 0 {
                must_load(tx, id)?;
            }
            changed(tx, id)
        })
    }

    /// Fix the QR end sent in the charge body, once: later calls return the first value.
    pub fn fix_charge_expiry(&self, id: &str, at: DateTime<Utc>) -> Result<PaymentAttempt> {
        self.write(|tx| {
            tx.execute(
                "UPDATE payment_attempts SET charge_expires_at = COALESCE(charge_expires_at, ?2)
                 WHERE id = ?1",
                params![id, at.timestamp_millis()],
            )?;
            must_load(tx, id)
        })
    }

    /// Paid attempts younger than `window` (by paid time) not asked about for `recheck_after`:
    /// a settlement can still turn into a refund or chargeback.
    pub fn paid_attempts_to_recheck(
        &self,
        now: DateTime<Utc>,
        window: Duration,
        recheck_after: Duration,
    ) -> Result<Vec<PaymentAttempt>> {
        let since = (now - window).timestamp_millis();
        let stale = (now - recheck_after).timestamp_millis();
        self.read(|c| {
            load_many(
                c,
                "status = 'paid' AND COALESCE(paid_at, created_at) >= ?1
                   AND (last_checked_at IS NULL OR last_checked_at <= ?2)",
                &[&since, &stale],
            )
        })
    }

    /// Attempts still `creating` (charge never confirmed) created before `before`.
    pub fn creating_attempts_before(&self, before: DateTime<Utc>) -> Result<Vec<PaymentAttempt>> {
        let ms = before.timestamp_millis();
        self.read(|c| load_many(c, "status = 'creating' AND created_at < ?1", &[&ms]))
    }

    /// Open attempts the gateway would not stop, however old (48 h rule).
    pub fn processing_attempts(&self) -> Result<Vec<PaymentAttempt>> {
        self.read(|c| {
            load_many(
                c,
                "status IN ('creating', 'pending') AND processing_since IS NOT NULL",
                &[],
            )
        })
    }

    /// Record what the gateway reports taken back from a paid attempt: one row per attempt
    /// (latest kind, running total). The order stays paid. Emits
    /// [`DomainEvent::PaymentReversed`] when something changed; returns whether it did.
    pub fn record_reversal(
        &self,
        attempt_id: &str,
        kind: ReversalKind,
        amount: i64,
        occurred_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.write(|tx| {
            let attempt = must_load(tx, attempt_id)?;
            if attempt.status != AttemptStatus::Paid {
                return Err(CoreError::Validation(
                    "refund hanya untuk pembayaran yang lunas".into(),
                ));
            }
            let amount = amount.clamp(0, attempt.amount);
            let now_ms = now.timestamp_millis();
            let occurred = occurred_at.map(|t| t.timestamp_millis());
            let existing: Option<(String, i64)> = tx
                .query_row(
                    "SELECT kind, amount FROM payment_reversals WHERE attempt_id = ?1",
                    [attempt_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            tx.execute(
                "UPDATE payment_attempts SET last_checked_at = ?2, gateway_status = ?3
                 WHERE id = ?1",
                params![attempt_id, now_ms, kind.as_str()],
            )?;
            if existing.as_ref() == Some(&(kind.as_str().to_string(), amount)) {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO payment_reversals
                   (order_id, attempt_id, kind, amount, occurred_at, recorded_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (attempt_id) DO UPDATE SET kind = excluded.kind,
                   amount = excluded.amount,
                   occurred_at = COALESCE(excluded.occurred_at, occurred_at),
                   updated_at = excluded.updated_at",
                params![
                    attempt.order_id,
                    attempt_id,
                    kind.as_str(),
                    amount,
                    occurred,
                    now_ms
                ],
            )?;
            tx.emit(DomainEvent::PaymentReversed {
                order_id: attempt.order_id,
            });
            Ok(true)
        })
    }

    /// Refunds and chargebacks recorded for an order.
    pub fn reversals_for_order(&self, order_id: i64) -> Result<Vec<PaymentReversal>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT attempt_id, order_id, kind, amount, occurred_at, recorded_at
                 FROM payment_reversals WHERE order_id = ?1 ORDER BY recorded_at",
            )?;
            let rows = st
                .query_map([order_id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(
                    |(attempt_id, order_id, kind, amount, occurred_at, recorded_at)| {
                        Ok(PaymentReversal {
                            attempt_id,
                            order_id,
                            kind: ReversalKind::parse(&kind)?,
                            amount,
                            occurred_at,
                            recorded_at,
                        })
                    },
                )
                .collect()
        })
    }
}

/// What the gateway took back after Lunas.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReversalKind {
    Refund,
    PartialRefund,
    Chargeback,
    PartialChargeback,
}

impl ReversalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReversalKind::Refund => "refund",
            ReversalKind::PartialRefund => "partial_refund",
            ReversalKind::Chargeback => "chargeback",
            ReversalKind::PartialChargeback => "partial_chargeback",
        }
    }

    pub fn parse(s: &str) -> Result<ReversalKind> {
        Ok(match s {
            "refund" => ReversalKind::Refund,
            "partial_refund" => ReversalKind::PartialRefund,
            "chargeback" => ReversalKind::Chargeback,
            "partial_chargeback" => ReversalKind::PartialChargeback,
            other => {
                return Err(CoreError::Validation(format!(
                    "jenis refund tidak dikenal: {other}"
                )))
            }
        })
    }

    /// As the owner reads it.
    pub fn label(self) -> &'static str {
        match self {
            ReversalKind::Refund => "Refund",
            ReversalKind::PartialRefund => "Refund sebagian",
            ReversalKind::Chargeback => "Chargeback",
            ReversalKind::PartialChargeback => "Chargeback sebagian",
        }
    }
}

/// One refund/chargeback row (IPC, reports).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentReversal {
    pub attempt_id: String,
    #[ts(type = "number")]
    pub order_id: i64,
    pub kind: ReversalKind,
    /// Rupiah taken back (running total).
    #[ts(type = "number")]
    pub amount: i64,
    /// When it happened at the gateway, UTC unix ms, if the gateway said.
    #[ts(type = "number | null")]
    pub occurred_at: Option<i64>,
    /// When this till recorded it, UTC unix ms.
    #[ts(type = "number")]
    pub recorded_at: i64,
}

fn processing_attempt(conn: &Connection, order_id: i64) -> Result<Option<PaymentAttempt>> {
    Ok(load_many(
        conn,
        "order_id = ?1 AND status IN ('creating', 'pending') AND processing_since IS NOT NULL",
        &[&order_id],
    )?
    .pop())
}

/// The amount of this order's QR that is live, or whose payment is in flight past its expiry.
pub(crate) fn open_qr_amount(
    conn: &Connection,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    Ok(match live_attempt(conn, order_id, now)? {
        Some(live) => Some(live.amount),
        None => processing_attempt(conn, order_id)?.map(|a| a.amount),
    })
}

fn live_attempt(
    conn: &Connection,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<PaymentAttempt>> {
    let now_ms = now.timestamp_millis();
    Ok(load_many(
        conn,
        "order_id = ?1 AND status IN ('creating', 'pending')
           AND (expires_at IS NULL OR expires_at > ?2)",
        &[&order_id, &now_ms],
    )?
    .pop())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CartLineInput, PaymentMethod};

    fn order_with_two_items(store: &Store) -> crate::Order {
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let p = store.catalog().expect("catalog").products;
        store
            .create_awaiting_order(
                &[
                    CartLineInput {
                        product_id: p[0].id,
                        qty: 2,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                    CartLineInput {
                        product_id: p[1].id,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                ],
                &Default::default(),
                Utc::now(),
            )
            .expect("order")
    }

    fn new<'a>(id: &'a str, gid: &'a str) -> NewAttempt<'a> {
        NewAttempt {
            id,
            gateway_order_id: gid,
            provider: "emulator",
        }
    }

    #[test]
    fn begin_is_double_click_safe_and_uses_stored_total() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        let (a, created) = store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        assert!(created);
        assert_eq!(a.amount, order.total, "amount comes from the stored order");
        let (b, created) = store
            .begin_attempt(order.id, new("a2", "G-2"), now)
            .expect("again");
        assert!(!created, "a live attempt is returned, not a second one");
        assert_eq!(b.id, "a1");
        store
            .record_charge(
                "a1",
                "trx-1",
                Some("000201"),
                None,
                now + Duration::minutes(10),
                now,
            )
            .expect("charged");
        let (c, created) = store
            .begin_attempt(order.id, new("a3", "G-3"), now + Duration::minutes(11))
            .expect("after expiry");
        assert!(created, "an expired QR makes room for a new attempt");
        assert_eq!(c.id, "a3");
    }

    #[test]
    fn finalize_marks_order_paid_once_and_takes_stock() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        let stock_before: i64 = store
            .read(|c| Ok(c.query_row("SELECT SUM(stock) FROM products", [], |r| r.get(0))?))
            .expect("stock");
        store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        store
            .record_charge(
                "a1",
                "trx-1",
                Some("000201"),
                None,
                now + Duration::minutes(10),
                now,
            )
            .expect("charged");
        let first = store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-1"), now, now)
            .expect("finalize");
        assert_eq!(first, Finalized::OrderPaid { late: false });
        let again = store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-1"), now, now)
            .expect("idempotent");
        assert_eq!(again, Finalized::AlreadyFinal);
        let paid = store.order(order.id).expect("order");
        assert_eq!(paid.status, OrderStatus::Paid);
        assert_eq!(paid.payment_method, Some(PaymentMethod::Qris));
        assert_eq!(paid.payment_issuer_label.as_deref(), Some("GoPay"));
        assert_eq!(paid.gateway_txn_id.as_deref(), Some("trx-1"));
        let stock_after: i64 = store
            .read(|c| Ok(c.query_row("SELECT SUM(stock) FROM products", [], |r| r.get(0))?))
            .expect("stock");
        assert_eq!(stock_after, stock_before - 3, "stock taken exactly once");
    }

    #[test]
    fn settlement_after_local_expiry_still_pays_an_unpaid_order_flagged_late() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        store
            .record_charge(
                "a1",
                "trx-1",
                Some("000201"),
                None,
                now + Duration::minutes(10),
                now,
            )
            .expect("charged");
        store
            .close_attempt("a1", AttemptStatus::Expired, "expire", now)
            .expect("expired");
        let out = store
            .finalize_paid_attempt("a1", Some("OVO"), None, now, now)
            .expect("late");
        assert_eq!(out, Finalized::OrderPaid { late: true });
        assert_eq!(
            store.order(order.id).expect("order").status,
            OrderStatus::Paid
        );
        assert!(store.attempt("a1").expect("a").late);
    }

    #[test]
    fn settlement_for_an_order_paid_otherwise_is_flagged_never_counted_twice() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        for (id, gid) in [("a1", "G-1"), ("a2", "G-2")] {
            store
                .begin_attempt(order.id, new(id, gid), now)
                .expect("begin");
            store
                .record_charge(
                    id,
                    gid,
                    Some("000201"),
                    None,
                    now + Duration::minutes(10),
                    now,
                )
                .expect("charged");
            store
                .close_attempt(id, AttemptStatus::Cancelled, "cancel", now)
                .expect("closed");
        }
        assert_eq!(
            store
                .finalize_paid_attempt("a2", Some("DANA"), None, now, now)
                .expect("a2"),
            Finalized::OrderPaid { late: true }
        );
        assert_eq!(
            store
                .finalize_paid_attempt("a1", Some("GoPay"), None, now, now)
                .expect("a1"),
            Finalized::LateDuplicate
        );
        let o = store.order(order.id).expect("order");
        assert_eq!(
            o.payment_issuer_label.as_deref(),
            Some("DANA"),
            "first payment wins"
        );
        let a1 = store.attempt("a1").expect("a1");
        assert_eq!((a1.status, a1.late), (AttemptStatus::Paid, true));
    }

    #[test]
    fn closing_never_downgrades_a_paid_attempt() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        store
            .finalize_paid_attempt("a1", None, None, now, now)
            .expect("paid");
        let a = store
            .close_attempt("a1", AttemptStatus::Expired, "expire", now)
            .expect("close");
        assert_eq!(a.status, AttemptStatus::Paid);
    }

    #[test]
    fn recheck_lists_open_and_recent_closed_attempts() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        store
            .close_attempt("a1", AttemptStatus::Expired, "expire", now)
            .expect("closed");
        store
            .begin_attempt(order.id, new("a2", "G-2"), now)
            .expect("begin");
        let soon = store
            .attempts_to_recheck(now, Duration::hours(48), Duration::minutes(5))
            .expect("list");
        assert_eq!(
            soon.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            vec!["a2"]
        );
        let later = store
            .attempts_to_recheck(
                now + Duration::minutes(6),
                Duration::hours(48),
                Duration::minutes(5),
            )
            .expect("list");
        assert_eq!(
            later.len(),
            2,
            "closed attempts are re-checked for late settlement"
        );
        let much_later = store
            .attempts_to_recheck(
                now + Duration::hours(49),
                Duration::hours(48),
                Duration::minutes(5),
            )
            .expect("list");
        assert!(much_later.is_empty(), "after 48 h we stop asking");
    }

    #[test]
    fn begin_refuses_a_paid_order() {
        let store = crate::testing::till();
        let order = order_with_two_items(&store);
        let now = Utc::now();
        store
            .begin_attempt(order.id, new("a1", "G-1"), now)
            .expect("begin");
        store
            .finalize_paid_attempt("a1", None, None, now, now)
            .expect("paid");
        let err = store
            .begin_attempt(order.id, new("a2", "G-2"), now)
            .expect_err("paid order");
        assert_eq!(err.kind().as_str(), "order_state");
    }
}

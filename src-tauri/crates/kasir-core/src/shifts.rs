//! Shifts (buka kasir / tutup kasir) on this till: opening cash, cash in/out with a reason, and
//! the close with its per-method report. Every figure is computed here from what is stored:
//!
//! - **Tunai expected** = opening cash + cash sales − cash refunds + cash in − cash out;
//! - **QRIS** = the verified gateway payments of the shift (never counted by hand), with the
//!   number of gateway transaction ids, late payments and anomalies listed apart.
//!
//! A sale belongs to the shift in which it was **paid** (`orders.shift_id`, stamped by
//! [`crate::orders::settle`]): a QR opened in one shift and paid after its close lands in the next
//! one, and that report lists it as late. A paid order with no open shift at the time waits for
//! the next shift opened on its till. A shift may span midnight; it is closed once and never
//! edited (triggers in migration 8).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::auth::{Operator, Role};
use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::Store;

/// Anything above this (Rp 1 miliar) in a drawer is a typo, not money.
pub const MAX_CASH: i64 = 1_000_000_000;
/// The notes and coins a cashier counts, largest first.
pub const DENOMINATIONS: &[i64] = &[
    100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100,
];
/// Settings key: a difference (selisih) above this many rupiah needs a note.
pub const NOTE_THRESHOLD_KEY: &str = "shift.difference_note_threshold";
pub const DEFAULT_NOTE_THRESHOLD: i64 = 5_000;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Shift {
    #[ts(type = "number")]
    pub id: i64,
    pub till: String,
    #[ts(type = "number")]
    pub user_id: i64,
    pub cashier_name: String,
    #[ts(type = "number")]
    pub opened_at: i64,
    #[ts(type = "number")]
    pub opening_cash: i64,
    #[ts(type = "number | null")]
    pub closed_at: Option<i64>,
    pub closed_by_name: Option<String>,
    #[ts(type = "number | null")]
    pub expected_cash: Option<i64>,
    #[ts(type = "number | null")]
    pub counted_cash: Option<i64>,
    /// counted − expected (negative: kurang; positive: lebih).
    #[ts(type = "number | null")]
    pub difference: Option<i64>,
    pub close_note: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CashMovementKind {
    /// Kas masuk (e.g. change money brought in).
    In,
    /// Kas keluar (e.g. "beli es batu").
    Out,
    /// Cash paid back to a customer for a refund.
    Refund,
}

impl CashMovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CashMovementKind::In => "in",
            CashMovementKind::Out => "out",
            CashMovementKind::Refund => "refund",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CashMovementKind::In => "Kas Masuk",
            CashMovementKind::Out => "Kas Keluar",
            CashMovementKind::Refund => "Pengembalian Tunai",
        }
    }

    fn parse(s: &str) -> Result<CashMovementKind> {
        match s {
            "in" => Ok(CashMovementKind::In),
            "out" => Ok(CashMovementKind::Out),
            "refund" => Ok(CashMovementKind::Refund),
            other => Err(CoreError::Validation(format!(
                "jenis kas tidak dikenal: {other}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashMovement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub shift_id: i64,
    pub kind: CashMovementKind,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
    pub order_number: Option<String>,
    pub user_name: String,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// Kas masuk / kas keluar from the till.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashMovementInput {
    pub kind: CashMovementKind,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DenominationCount {
    /// Face value in rupiah (one of [`DENOMINATIONS`]).
    #[ts(type = "number")]
    pub value: i64,
    #[ts(type = "number")]
    pub count: i64,
}

/// How the cashier counted the drawer.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(tag = "mode", rename_all = "camelCase")]
#[ts(export)]
pub enum CountedCash {
    /// Note by note, coin by coin.
    Denominations { counts: Vec<DenominationCount> },
    /// A typed total.
    Total {
        #[ts(type = "number")]
        amount: i64,
    },
}

impl CountedCash {
    /// The counted total; refuses unknown denominations, negative or absurd counts.
    pub fn total(&self) -> Result<i64> {
        match self {
            CountedCash::Total { amount } => check_cash(*amount, "uang dihitung"),
            CountedCash::Denominations { counts } => {
                let mut total: i64 = 0;
                for c in counts {
                    if !DENOMINATIONS.contains(&c.value) {
                        return Err(CoreError::Validation(format!(
                            "pecahan {} tidak dikenal",
                            kasir_shared::format_rupiah(c.value)
                        )));
                    }
                    if !(0..=100_000).contains(&c.count) {
                        return Err(CoreError::Validation(format!(
                            "jumlah lembar/keping {} tidak wajar",
                            c.count
                        )));
                    }
                    total = c
                        .value
                        .checked_mul(c.count)
                        .and_then(|v| total.checked_add(v))
                        .ok_or(CoreError::Overflow)?;
                }
                check_cash(total, "uang dihitung")
            }
        }
    }

    fn detail(&self) -> Option<Vec<DenominationCount>> {
        match self {
            CountedCash::Denominations { counts } => {
                Some(counts.iter().copied().filter(|c| c.count > 0).collect())
            }
            CountedCash::Total { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CloseShiftInput {
    pub counted: CountedCash,
    /// Required when the difference is above the threshold.
    pub note: Option<String>,
    /// What to do with the bills still open on this till (asked when there are some).
    #[serde(default)]
    #[ts(optional)]
    pub open_bills: Option<crate::bills::OpenBillsAtClose>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashSummary {
    #[ts(type = "number")]
    pub opening: i64,
    #[ts(type = "number")]
    pub sales_count: i64,
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub refunds: i64,
    #[ts(type = "number")]
    pub cash_in: i64,
    #[ts(type = "number")]
    pub cash_out: i64,
    /// opening + sales − refunds + cash in − cash out.
    #[ts(type = "number")]
    pub expected: i64,
    #[ts(type = "number | null")]
    pub counted: Option<i64>,
    #[ts(type = "number | null")]
    pub difference: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuerTotal {
    pub issuer_label: String,
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// An order the close report points out (late payment, anomaly, QR still open).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShiftNote {
    pub order_number: String,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QrisSummary {
    /// Verified gateway payments that became Lunas in this shift.
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "number")]
    pub total: i64,
    /// Distinct gateway transaction ids among them.
    #[ts(type = "number")]
    pub gateway_txn_count: i64,
    pub by_issuer: Vec<IssuerTotal>,
    /// Paid after the QR expired, or opened before this shift began.
    pub late: Vec<ShiftNote>,
    /// Reports we refused to trust, refunds and chargebacks the gateway reported.
    pub anomalies: Vec<ShiftNote>,
    /// QRs set aside and still open when the shift closed (they count in the next shift).
    pub still_open: Vec<ShiftNote>,
}

/// The close report (and, for an open shift, its running figures).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShiftReport {
    pub shift: Shift,
    pub cash: CashSummary,
    pub qris: QrisSummary,
    /// Paid orders of the shift, every method.
    #[ts(type = "number")]
    pub order_count: i64,
    #[ts(type = "number")]
    pub sales_total: i64,
    pub movements: Vec<CashMovement>,
    pub counted_detail: Option<Vec<DenominationCount>>,
    #[ts(type = "number")]
    pub note_threshold: i64,
    /// When these figures were computed (UTC ms).
    #[ts(type = "number")]
    pub generated_at: i64,
}

/// Filters of the Laporan "Shift" panel.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShiftQuery {
    #[ts(type = "number | null")]
    pub from: Option<i64>,
    #[ts(type = "number | null")]
    pub to: Option<i64>,
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
}

fn check_cash(amount: i64, what: &str) -> Result<i64> {
    if amount < 0 {
        return Err(CoreError::Validation(format!("{what} tidak boleh negatif")));
    }
    if amount > MAX_CASH {
        return Err(CoreError::Validation(format!(
            "{what} {} tidak wajar (paling banyak {})",
            kasir_shared::format_rupiah(amount),
            kasir_shared::format_rupiah(MAX_CASH)
        )));
    }
    Ok(amount)
}

const SHIFT_SELECT: &str = "SELECT s.id, s.till, s.user_id, u.name, s.opened_at, s.opening_cash,
        s.closed_at, c.name, s.expected_cash, s.counted_cash, s.close_note
     FROM shifts s JOIN users u ON u.id = s.user_id LEFT JOIN users c ON c.id = s.closed_by";

fn shift_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    let expected: Option<i64> = r.get(8)?;
    let counted: Option<i64> = r.get(9)?;
    Ok(Shift {
        id: r.get(0)?,
        till: r.get(1)?,
        user_id: r.get(2)?,
        cashier_name: r.get(3)?,
        opened_at: r.get(4)?,
        opening_cash: r.get(5)?,
        closed_at: r.get(6)?,
        closed_by_name: r.get(7)?,
        expected_cash: expected,
        counted_cash: counted,
        difference: expected.zip(counted).map(|(e, c)| c - e),
        close_note: r.get(10)?,
    })
}

fn load_shift(conn: &Connection, id: i64) -> Result<Shift> {
    conn.query_row(&format!("{SHIFT_SELECT} WHERE s.id = ?1"), [id], shift_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Shift #{id}"),
        })
}

/// The open shift of `till`, if any.
pub(crate) fn open_shift_of_till(conn: &Connection, till: &str) -> Result<Option<Shift>> {
    Ok(conn
        .query_row(
            &format!("{SHIFT_SELECT} WHERE s.till = ?1 AND s.closed_at IS NULL"),
            [till],
            shift_row,
        )
        .optional()?)
}

/// The open shift of `user_id` on any till.
pub(crate) fn open_shift_of_user(conn: &Connection, user_id: i64) -> Result<Option<Shift>> {
    Ok(conn
        .query_row(
            &format!("{SHIFT_SELECT} WHERE s.user_id = ?1 AND s.closed_at IS NULL"),
            [user_id],
            shift_row,
        )
        .optional()?)
}

/// Who sells at this till, in which shift: someone signed in, a shift open on the till, and it is
/// theirs (an owner may sell into anyone's shift).
pub(crate) fn selling_context(
    conn: &Connection,
    operator: Option<Operator>,
    till: &str,
) -> Result<(Operator, Shift)> {
    let operator = operator.ok_or(CoreError::NotSignedIn)?;
    let shift = open_shift_of_till(conn, till)?.ok_or_else(|| CoreError::ShiftRequired {
        detail: format!("Belum ada shift terbuka di {till}. Buka kasir dulu (isi modal awal)."),
    })?;
    if shift.user_id != operator.user_id && operator.role != Role::Owner {
        return Err(CoreError::ShiftRequired {
            detail: format!(
                "Shift {} masih terbuka di kasir ini; {} harus menutupnya dulu.",
                shift.cashier_name, shift.cashier_name
            ),
        });
    }
    Ok((operator, shift))
}

fn note_threshold(conn: &Connection) -> Result<i64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [NOTE_THRESHOLD_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_NOTE_THRESHOLD))
}

fn movements(conn: &Connection, shift_id: i64) -> Result<Vec<CashMovement>> {
    movements_where(conn, "m.shift_id = ?1", shift_id)
}

/// Cash movements matching a fixed `filter` on `m` with one bound id.
fn movements_where(conn: &Connection, filter: &str, arg: i64) -> Result<Vec<CashMovement>> {
    let mut st = conn.prepare(&format!(
        "SELECT m.id, m.shift_id, m.kind, m.amount, m.reason, o.number, u.name, m.created_at
         FROM cash_movements m JOIN users u ON u.id = m.user_id
         LEFT JOIN orders o ON o.id = m.order_id
         WHERE {filter} ORDER BY m.id"
    ))?;
    let rows = st
        .query_map([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, shift_id, kind, amount, reason, order_number, user_name, created_at)| {
                Ok(CashMovement {
                    id,
                    shift_id,
                    kind: CashMovementKind::parse(&kind)?,
                    amount,
                    reason,
                    order_number,
                    user_name,
                    created_at,
                })
            },
        )
        .collect()
}

fn load_movement(conn: &Connection, id: i64) -> Result<CashMovement> {
    movements_where(conn, "m.id = ?1", id)?
        .pop()
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Kas #{id}"),
        })
}

fn notes(conn: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<ShiftNote>> {
    let mut st = conn.prepare(sql)?;
    let rows = st
        .query_map(args, |r| {
            Ok(ShiftNote {
                order_number: r.get(0)?,
                amount: r.get(1)?,
                at: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The report's figures for `shift` as of `now` (for a closed shift, as of its close).
fn compute_report(
    conn: &Connection,
    shift: &Shift,
    counted: Option<&CountedCash>,
    now: DateTime<Utc>,
) -> Result<ShiftReport> {
    // Money by method (migration 13's view): a sale paid with one tender counts once it is paid;
    // a part of a split order counts in the shift it was taken in (that cash is in the drawer;
    // giving up the order hands it back as a refund movement).
    let sum = |method: &str| -> Result<(i64, i64)> {
        Ok(conn.query_row(
            "SELECT COUNT(DISTINCT order_id), COALESCE(SUM(amount), 0) FROM order_payments
             WHERE shift_id = ?1 AND (status = 'paid' OR split = 1) AND method = ?2",
            params![shift.id, method],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    };
    let (cash_count, cash_sales) = sum("cash")?;
    let (qris_count, qris_total) = sum("qris")?;
    // A split order paid part cash, part QRIS is one sale.
    let order_count: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT order_id) FROM order_payments
         WHERE shift_id = ?1 AND (status = 'paid' OR split = 1)",
        [shift.id],
        |r| r.get(0),
    )?;
    let moves = movements(conn, shift.id)?;
    let total_of = |k: CashMovementKind| -> i64 {
        moves.iter().filter(|m| m.kind == k).map(|m| m.amount).sum()
    };
    let (cash_in, cash_out, refunds) = (
        total_of(CashMovementKind::In),
        total_of(CashMovementKind::Out),
        total_of(CashMovementKind::Refund),
    );
    let expected = shift.opening_cash + cash_sales - refunds + cash_in - cash_out;
    let counted_total = counted.map(CountedCash::total).transpose()?;
    let gateway_txn_count: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT gateway_txn_id) FROM order_payments
         WHERE shift_id = ?1 AND (status = 'paid' OR split = 1) AND method = 'qris'
           AND gateway_txn_id IS NOT NULL",
        [shift.id],
        |r| r.get(0),
    )?;
    let by_issuer = {
        let mut st = conn.prepare(
            "SELECT issuer, COUNT(*), SUM(amount) FROM order_payments
             WHERE shift_id = ?1 AND (status = 'paid' OR split = 1) AND method = 'qris'
             GROUP BY issuer ORDER BY SUM(amount) DESC, issuer",
        )?;
        let rows = st
            .query_map([shift.id], |r| {
                let issuer: Option<String> = r.get(0)?;
                Ok(IssuerTotal {
                    issuer_label: issuer
                        .as_deref()
                        .map_or_else(|| "QRIS".to_string(), kasir_shared::issuers::issuer_label),
                    count: r.get(1)?,
                    total: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let end = shift.closed_at.unwrap_or_else(|| now.timestamp_millis());
    let late = notes(
        conn,
        "SELECT o.number, o.total, o.paid_at,
                CASE WHEN o.created_at < ?2 THEN 'QR dibuat sebelum shift ini dibuka'
                     ELSE 'dibayar setelah QR kedaluwarsa/dibatalkan' END
         FROM orders o
         WHERE o.shift_id = ?1 AND o.status = 'paid' AND o.payment_method = 'qris'
           AND (o.created_at < ?2 OR EXISTS (SELECT 1 FROM payment_attempts a
                                             WHERE a.order_id = o.id AND a.status = 'paid' AND a.late = 1))
         ORDER BY o.paid_at, o.id",
        &[&shift.id, &shift.opened_at],
    )?;
    let mut anomalies = notes(
        conn,
        "SELECT o.number, a.amount, a.last_checked_at, a.anomaly
         FROM payment_attempts a JOIN orders o ON o.id = a.order_id
         WHERE a.anomaly IS NOT NULL AND o.till = ?1 AND a.created_at >= ?2 AND a.created_at < ?3
         ORDER BY a.created_at",
        &[&shift.till, &shift.opened_at, &end],
    )?;
    anomalies.extend(notes(
        conn,
        "SELECT o.number, r.amount, r.recorded_at,
                CASE r.kind WHEN 'refund' THEN 'refund di gateway'
                            WHEN 'partial_refund' THEN 'refund sebagian di gateway'
                            WHEN 'chargeback' THEN 'chargeback'
                            ELSE 'chargeback sebagian' END
         FROM payment_reversals r JOIN orders o ON o.id = r.order_id
         WHERE r.recorded_at >= ?1 AND r.recorded_at < ?2 ORDER BY r.recorded_at",
        &[&shift.opened_at, &end],
    )?);
    let still_open = notes(
        conn,
        "SELECT o.number, a.amount, a.expires_at, 'QR disimpan, dicek otomatis; masuk shift berikutnya bila dibayar'
         FROM payment_attempts a JOIN orders o ON o.id = a.order_id
         WHERE a.status IN ('creating', 'pending') AND o.till = ?1 AND o.status = 'awaiting_payment'
         ORDER BY a.created_at",
        &[&shift.till],
    )?;
    let difference = counted_total.map(|c| c - expected);
    let mut shift = shift.clone();
    if shift.closed_at.is_none() {
        shift.expected_cash = Some(expected);
        shift.counted_cash = counted_total;
        shift.difference = difference;
    }
    Ok(ShiftReport {
        cash: CashSummary {
            opening: shift.opening_cash,
            sales_count: cash_count,
            sales: cash_sales,
            refunds,
            cash_in,
            cash_out,
            expected,
            counted: counted_total,
            difference,
        },
        qris: QrisSummary {
            count: qris_count,
            total: qris_total,
            gateway_txn_count,
            by_issuer,
            late,
            anomalies,
            still_open,
        },
        order_count,
        sales_total: cash_sales + qris_total,
        movements: moves,
        counted_detail: counted.and_then(CountedCash::detail),
        note_threshold: note_threshold(conn)?,
        generated_at: now.timestamp_millis(),
        shift,
    })
}

/// The running figures of an open shift (what the drawer should hold now).
pub(crate) fn running_report(
    conn: &Connection,
    shift: &Shift,
    now: DateTime<Utc>,
) -> Result<ShiftReport> {
    compute_report(conn, shift, None, now)
}

/// A QR the cashier is still showing (open, not set aside, not past its end): closing now would
/// leave the customer's payment with nowhere to go.
fn live_qr_on_screen(conn: &Connection, till: &str, now: DateTime<Utc>) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT o.number FROM payment_attempts a JOIN orders o ON o.id = a.order_id
             WHERE a.status IN ('creating', 'pending') AND a.set_aside_at IS NULL
               AND o.till = ?1 AND o.status = 'awaiting_payment'
               AND (a.expires_at IS NULL OR a.expires_at > ?2
                                    OR a.processing_since IS NOT NULL)
             LIMIT 1",
            params![till, now.timestamp_millis()],
            |r| r.get(0),
        )
        .optional()?)
}

fn stored_report(conn: &Connection, shift_id: i64) -> Result<Option<ShiftReport>> {
    let json: Option<String> = conn
        .query_row("SELECT report FROM shifts WHERE id = ?1", [shift_id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| CoreError::Validation(format!("laporan shift #{shift_id} rusak: {e}")))
    })
    .transpose()
}

/// Orders paid while no shift was open on `till` join the shift opened now.
/// Parts of split orders taken with no shift open join it too.
fn adopt_orphans(tx: &Tx<'_>, till: &str, shift_id: i64) -> Result<usize> {
    tx.execute(
        "UPDATE order_tenders SET shift_id = ?2 WHERE shift_id IS NULL
           AND order_id IN (SELECT id FROM orders WHERE till = ?1)",
        params![till, shift_id],
    )?;
    Ok(tx.execute(
        "UPDATE orders SET shift_id = ?2 WHERE till = ?1 AND status = 'paid' AND shift_id IS NULL",
        params![till, shift_id],
    )?)
}

impl Store {
    /// The open shift on this till, if any.
    pub fn current_shift(&self) -> Result<Option<Shift>> {
        self.read(|c| open_shift_of_till(c, self.till()))
    }

    /// Running figures of the open shift on this till.
    pub fn current_shift_report(&self, now: DateTime<Utc>) -> Result<Option<ShiftReport>> {
        self.read(|c| {
            open_shift_of_till(c, self.till())?
                .map(|s| compute_report(c, &s, None, now))
                .transpose()
        })
    }

    /// Buka kasir with the starting cash (modal awal).
    pub fn open_shift(&self, opening_cash: i64, now: DateTime<Utc>) -> Result<Shift> {
        let opening_cash = check_cash(opening_cash, "modal awal")?;
        let actor = self.operator().ok_or(CoreError::NotSignedIn)?;
        let till = self.till().to_string();
        self.write(|tx| {
            if let Some(open) = open_shift_of_till(tx, &till)? {
                return Err(CoreError::ShiftAlreadyOpen {
                    detail: format!(
                        "Shift {} sudah terbuka di {till} sejak {}.",
                        open.cashier_name,
                        crate::time::from_millis(open.opened_at)
                            .map(|t| t.format("%d/%m %H:%M UTC").to_string())
                            .unwrap_or_default()
                    ),
                });
            }
            if let Some(open) = open_shift_of_user(tx, actor.user_id)? {
                return Err(CoreError::ShiftAlreadyOpen {
                    detail: format!(
                        "{} masih punya shift terbuka di {}; tutup dulu di sana.",
                        actor.name, open.till
                    ),
                });
            }
            tx.execute(
                "INSERT INTO shifts (till, user_id, opened_at, opening_cash) VALUES (?1, ?2, ?3, ?4)",
                params![till, actor.user_id, now.timestamp_millis(), opening_cash],
            )?;
            let id = tx.last_insert_rowid();
            let adopted = adopt_orphans(tx, &till, id)?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::ShiftOpened,
                &format!("Shift #{id} ({till})"),
                json!({ "openingCash": opening_cash, "adoptedOrders": adopted }),
                now,
            )?;
            tx.emit(DomainEvent::ShiftChanged { shift_id: id });
            load_shift(tx, id)
        })
    }

    /// Kas masuk / kas keluar in the open shift: recorded, a slip queued (it opens the drawer).
    /// Cash out never exceeds what the drawer should hold.
    pub fn record_cash_movement(
        &self,
        input: &CashMovementInput,
        now: DateTime<Utc>,
    ) -> Result<CashMovement> {
        if input.kind == CashMovementKind::Refund {
            return Err(CoreError::Validation(
                "pengembalian tunai dicatat dari pesanan yang direfund".into(),
            ));
        }
        if input.amount <= 0 {
            return Err(CoreError::Validation(
                "nominal harus lebih dari Rp 0".into(),
            ));
        }
        check_cash(input.amount, "nominal")?;
        let reason = input
            .reason
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if reason.is_empty() {
            return Err(CoreError::Validation(
                "alasan wajib diisi (mis. beli es batu)".into(),
            ));
        }
        if reason.chars().count() > 120 {
            return Err(CoreError::Validation(
                "alasan paling panjang 120 huruf".into(),
            ));
        }
        let operator = self.operator();
        let till = self.till().to_string();
        self.write(|tx| {
            let (actor, shift) = selling_context(tx, operator.clone(), &till)?;
            if input.kind == CashMovementKind::Out {
                let expected = compute_report(tx, &shift, None, now)?.cash.expected;
                if input.amount > expected {
                    return Err(CoreError::Validation(format!(
                        "kas keluar {} lebih dari uang di laci ({})",
                        kasir_shared::format_rupiah(input.amount),
                        kasir_shared::format_rupiah(expected)
                    )));
                }
            }
            tx.execute(
                "INSERT INTO cash_movements (shift_id, kind, amount, reason, user_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    shift.id,
                    input.kind.as_str(),
                    input.amount,
                    reason,
                    actor.user_id,
                    now.timestamp_millis()
                ],
            )?;
            let id = tx.last_insert_rowid();
            let action = match input.kind {
                CashMovementKind::In => AuditAction::CashIn,
                _ => AuditAction::CashOut,
            };
            audit::record(
                tx,
                Some(&actor),
                action,
                &format!("Shift #{}", shift.id),
                json!({ "amount": input.amount, "reason": reason }),
                now,
            )?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::DrawerOpened,
                input.kind.label(),
                json!({ "cashMovementId": id }),
                now,
            )?;
            crate::print_jobs::enqueue_cash_movement(tx, id, now)?;
            tx.emit(DomainEvent::ShiftChanged { shift_id: shift.id });
            load_movement(tx, id)
        })
    }

    /// Tutup kasir: the counted cash against the expected, per method; stored, printed, kept.
    /// Refused while a QR is on screen. A difference above the threshold needs a note.
    pub fn close_shift(&self, input: &CloseShiftInput, now: DateTime<Utc>) -> Result<ShiftReport> {
        let counted_total = input.counted.total()?;
        let actor = self.operator().ok_or(CoreError::NotSignedIn)?;
        let till = self.till().to_string();
        let note = input
            .note
            .as_deref()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty());
        let foreign = self
            .current_shift()?
            .is_some_and(|s| s.user_id != actor.user_id && actor.role != Role::Owner);
        // Voiding the open bills at the close is the owner's call, as voiding one bill is.
        let voids_bills = actor.role != Role::Owner
            && matches!(
                input.open_bills,
                Some(crate::bills::OpenBillsAtClose::Void { .. })
            );
        // Another cashier's shift: only with the owner's PIN given at the till for this close.
        let approved_by = if foreign || voids_bills {
            self.take_owner_grant("close_shift", now)
        } else {
            None
        };
        self.write(|tx| {
            let shift = open_shift_of_till(tx, &till)?.ok_or_else(|| CoreError::ShiftRequired {
                detail: format!("Tidak ada shift terbuka di {till}."),
            })?;
            if shift.user_id != actor.user_id && actor.role != Role::Owner && approved_by.is_none()
            {
                return Err(CoreError::OwnerPinRequired {
                    action: format!("menutup shift {}", shift.cashier_name),
                });
            }
            if let Some(number) = live_qr_on_screen(tx, &till, now)? {
                return Err(CoreError::OrderState {
                    number,
                    status: "menunggu pembayaran QRIS di layar; selesaikan, batalkan atau simpan dulu sebelum tutup kasir".into(),
                });
            }
            let open_bills = crate::bills::open_bill_ids(tx, Some(&till))?;
            let carried = match (&input.open_bills, open_bills.len()) {
                (_, 0) => 0,
                (None, count) => {
                    let names = open_bills
                        .iter()
                        .map(|id| {
                            tx.query_row("SELECT name FROM bills WHERE id = ?1", [id], |r| {
                                r.get::<_, String>(0)
                            })
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    return Err(CoreError::OpenBills { count, names });
                }
                (Some(crate::bills::OpenBillsAtClose::Carry), count) => count,
                (Some(crate::bills::OpenBillsAtClose::Void { reason }), _) => {
                    if voids_bills && approved_by.is_none() {
                        return Err(CoreError::OwnerPinRequired {
                            action: "membatalkan tagihan terbuka".into(),
                        });
                    }
                    crate::bills::void_open_bills_of_till(tx, &till, reason, &actor, now)?;
                    0
                }
            };
            let mut report = compute_report(tx, &shift, Some(&input.counted), now)?;
            let difference = counted_total - report.cash.expected;
            if difference.abs() > report.note_threshold && note.is_none() {
                return Err(CoreError::Validation(format!(
                    "selisih {} di atas {}: tulis catatan penyebabnya",
                    kasir_shared::format_rupiah(difference),
                    kasir_shared::format_rupiah(report.note_threshold)
                )));
            }
            let ms = now.timestamp_millis();
            report.shift.closed_at = Some(ms);
            report.shift.closed_by_name = Some(actor.name.clone());
            report.shift.close_note = note.clone();
            let detail_json = report
                .counted_detail
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| CoreError::Validation(format!("rincian pecahan: {e}")))?;
            let report_json = serde_json::to_string(&report)
                .map_err(|e| CoreError::Validation(format!("laporan shift: {e}")))?;
            tx.execute(
                "UPDATE shifts SET closed_at = ?2, closed_by = ?3, expected_cash = ?4,
                        counted_cash = ?5, counted_detail = ?6, close_note = ?7, report = ?8
                 WHERE id = ?1",
                params![
                    shift.id,
                    ms,
                    actor.user_id,
                    report.cash.expected,
                    counted_total,
                    detail_json,
                    note,
                    report_json
                ],
            )?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::ShiftClosed,
                &format!("Shift #{} ({till})", shift.id),
                json!({
                    "expectedCash": report.cash.expected,
                    "countedCash": counted_total,
                    "difference": difference,
                    "qrisTotal": report.qris.total,
                    "note": note,
                    "approvedBy": approved_by.as_ref().map(|o| o.name.clone()),
                    "openBillsCarried": carried,
                }),
                now,
            )?;
            crate::print_jobs::enqueue_shift_close(tx, shift.id, false, now)?;
            tx.emit(DomainEvent::ShiftChanged { shift_id: shift.id });
            Ok(report)
        })
    }

    /// A shift's report: as stored at its close, or running for an open shift.
    pub fn shift_report(&self, shift_id: i64, now: DateTime<Utc>) -> Result<ShiftReport> {
        self.read(|c| {
            if let Some(r) = stored_report(c, shift_id)? {
                return Ok(r);
            }
            let shift = load_shift(c, shift_id)?;
            compute_report(c, &shift, None, now)
        })
    }

    /// Shifts opened in the period, newest first.
    pub fn list_shifts(&self, q: &ShiftQuery) -> Result<Vec<Shift>> {
        self.read(|c| {
            let mut st = c.prepare(&format!(
                "{SHIFT_SELECT} WHERE (?1 IS NULL OR s.opened_at >= ?1) AND (?2 IS NULL OR s.opened_at < ?2)
                   AND (?3 IS NULL OR s.user_id = ?3)
                 ORDER BY s.opened_at DESC, s.id DESC LIMIT 1000"
            ))?;
            let rows = st
                .query_map(params![q.from, q.to, q.user_id], shift_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Print a past close report again (marked SALINAN).
    pub fn reprint_shift_close(
        &self,
        shift_id: i64,
        now: DateTime<Utc>,
    ) -> Result<crate::PrintJob> {
        let actor = self.operator();
        self.write(|tx| {
            let shift = load_shift(tx, shift_id)?;
            if shift.closed_at.is_none() {
                return Err(CoreError::Validation(format!(
                    "shift #{shift_id} belum ditutup"
                )));
            }
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::Reprint,
                &format!("Laporan tutup kasir shift #{shift_id}"),
                json!({}),
                now,
            )?;
            crate::print_jobs::enqueue_shift_close(tx, shift_id, true, now)
        })
    }

    /// A stored cash movement (the slip printer reads it).
    pub fn cash_movement(&self, id: i64) -> Result<CashMovement> {
        self.read(|c| load_movement(c, id))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::auth::NewUser;
    use crate::{CartLineInput, PayCashRequest};
    use chrono::{Duration, TimeZone};

    pub(crate) const OWNER_PIN: &str = "246813";
    pub(crate) const CASHIER_PIN: &str = "802461";

    pub(crate) fn t0() -> DateTime<Utc> {
        // 2026-12-01 22:00 WIB: the shift spans midnight.
        Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0)
            .single()
            .expect("t0")
    }

    /// A demo store with an owner and a cashier "Rina" signed in.
    pub(crate) fn till_with_cashier() -> (Store, i64, i64) {
        let store = Store::open_in_memory().expect("store");
        store.seed_demo_if_empty(t0()).expect("seed");
        let owner = store
            .create_owner_unattended("Sri", OWNER_PIN, t0())
            .expect("owner");
        store.sign_in(owner.id, OWNER_PIN, t0()).expect("owner in");
        let rina = store
            .add_user(
                &NewUser {
                    name: "Rina".into(),
                    role: Role::Cashier,
                    pin: CASHIER_PIN.into(),
                },
                t0(),
            )
            .expect("cashier");
        store.sign_in(rina.id, CASHIER_PIN, t0()).expect("rina in");
        (store, owner.id, rina.id)
    }

    /// A QR shown for `order_id`, valid for 10 minutes from `at`.
    fn qr(store: &Store, order_id: i64, id: &str, at: DateTime<Utc>) -> String {
        let new = crate::NewAttempt {
            id,
            gateway_order_id: &format!("G-{id}"),
            provider: "emulator",
        };
        let (a, _) = store.begin_attempt(order_id, new, at).expect("attempt");
        store
            .record_charge(
                &a.id,
                &format!("ref-{id}"),
                Some("000201"),
                None,
                at + Duration::minutes(10),
                at,
            )
            .expect("charge");
        a.id
    }

    /// A product at Rp 18.000 (hand-computed figures below rely on it).
    fn first_product_line(store: &Store, qty: i64) -> (CartLineInput, i64) {
        let id = match store
            .catalog()
            .expect("catalog")
            .products
            .into_iter()
            .find(|p| p.sku == "TES-18000")
        {
            Some(p) => p.id,
            None => {
                store
                    .save_product(
                        &crate::ProductInput {
                            id: None,
                            sku: "TES-18000".into(),
                            barcode: None,
                            name: "Kopi Susu".into(),
                            category_id: None,
                            price: 18_000,
                            stock: 100,
                            active: true,
                            cost_price: None,
                            tax_exempt: None,
                            low_stock_threshold: None,
                        },
                        t0(),
                    )
                    .expect("product")
                    .product
                    .id
            }
        };
        (
            CartLineInput {
                product_id: id,
                qty,
                discount: None,
                options: Vec::new(),
                note: None,
            },
            18_000,
        )
    }

    #[test]
    fn selling_needs_a_signed_in_user_and_their_open_shift() {
        let (store, _owner, _rina) = till_with_cashier();
        let (l, _) = first_product_line(&store, 1);
        let req = PayCashRequest {
            lines: vec![l],
            tendered: 1_000_000,
            cart: None,
        };
        let e = store.pay_cash(&req, t0()).expect_err("no shift yet");
        assert!(matches!(e, CoreError::ShiftRequired { .. }), "{e:?}");
        store.open_shift(200_000, t0()).expect("open");
        let order = store.pay_cash(&req, t0()).expect("sale");
        let (cashier, shift): (Option<String>, Option<i64>) = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT cashier, shift_id FROM orders WHERE id = ?1",
                    [order.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?)
            })
            .expect("row");
        assert_eq!(
            cashier.as_deref(),
            Some("Rina"),
            "the order says who sold it"
        );
        assert!(shift.is_some(), "the order belongs to the shift");
        store.sign_out(t0()).expect("out");
        let e = store.pay_cash(&req, t0()).expect_err("nobody signed in");
        assert!(matches!(e, CoreError::NotSignedIn), "{e:?}");
    }

    #[test]
    fn one_open_shift_per_till_and_per_cashier_and_bad_amounts_write_nothing() {
        let (store, owner, _rina) = till_with_cashier();
        for bad in [-1, MAX_CASH + 1] {
            assert!(store.open_shift(bad, t0()).is_err(), "{bad} refused");
        }
        assert!(
            store.current_shift().expect("read").is_none(),
            "nothing written"
        );
        store.open_shift(200_000, t0()).expect("open");
        let e = store.open_shift(100_000, t0()).expect_err("twice");
        assert!(matches!(e, CoreError::ShiftAlreadyOpen { .. }), "{e:?}");
        // The same cashier on a second till (same database, another till name).
        let e = store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO shifts (till, user_id, opened_at, opening_cash)
                     SELECT 'KASIR-2', user_id, 0, 0 FROM shifts WHERE closed_at IS NULL",
                    [],
                )?;
                Ok(())
            })
            .expect_err("a cashier has one open shift, whatever the till");
        assert!(matches!(e, CoreError::Db(_)), "{e:?}");
        // The owner signing in does not open a second shift on this till either.
        store.sign_in(owner, OWNER_PIN, t0()).expect("owner");
        assert!(store.open_shift(0, t0()).is_err());
    }

    #[test]
    fn cash_movements_need_a_reason_and_cash_out_never_exceeds_the_drawer() {
        let (store, _owner, _rina) = till_with_cashier();
        store.open_shift(50_000, t0()).expect("open");
        let mv = |kind, amount, reason: &str| CashMovementInput {
            kind,
            amount,
            reason: reason.into(),
        };
        assert!(store
            .record_cash_movement(&mv(CashMovementKind::Out, 20_000, "  "), t0())
            .is_err());
        assert!(store
            .record_cash_movement(&mv(CashMovementKind::Out, 0, "es"), t0())
            .is_err());
        assert!(
            store
                .record_cash_movement(&mv(CashMovementKind::Out, 60_000, "es"), t0())
                .is_err(),
            "only Rp 50.000 in the drawer"
        );
        assert!(store
            .record_cash_movement(&mv(CashMovementKind::Refund, 1_000, "x"), t0())
            .is_err());
        let m = store
            .record_cash_movement(&mv(CashMovementKind::Out, 20_000, "beli es batu"), t0())
            .expect("cash out");
        assert_eq!(
            (m.kind, m.amount, m.reason.as_str(), m.user_name.as_str()),
            (CashMovementKind::Out, 20_000, "beli es batu", "Rina")
        );
        let upd = store.write(|tx| {
            tx.execute("UPDATE cash_movements SET amount = 1", [])?;
            Ok(())
        });
        assert!(upd.is_err(), "cash movements are append-only");
    }

    /// The arithmetic of a close, against hand-computed rupiah: mixed cash and QRIS sales, cash
    /// in and out, a cash refund, a late payment and a QR opened in the previous shift.
    #[test]
    fn the_close_report_adds_up_per_method() {
        let (store, _owner, rina) = till_with_cashier();
        // Shift 1: one QR opened and set aside, then the shift closes with it still open.
        store.open_shift(100_000, t0()).expect("open 1");
        let (l, price) = first_product_line(&store, 1);
        let carried = store
            .create_awaiting_order(std::slice::from_ref(&l), &Default::default(), t0())
            .expect("qr order");
        let att = qr(&store, carried.id, "a-carried", t0());
        store.set_aside(&att, t0()).expect("set aside");
        let r1 = store
            .close_shift(
                &CloseShiftInput {
                    counted: CountedCash::Total { amount: 100_000 },
                    note: None,
                    open_bills: None,
                },
                t0() + Duration::minutes(5),
            )
            .expect("close 1");
        assert_eq!(
            r1.qris.still_open.len(),
            1,
            "the set-aside QR is listed: {:?}",
            r1.qris
        );
        assert_eq!(r1.cash.difference, Some(0));

        // Shift 2 opens at 23:30 WIB with Rp 200.000 and spans midnight.
        let t = t0() + Duration::minutes(90);
        store.open_shift(200_000, t).expect("open 2");
        // Cash sale: 3 × price, paid with Rp 100.000.
        let (l3, _) = first_product_line(&store, 3);
        let cash = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![l3],
                    tendered: 100_000,
                    cart: None,
                },
                t,
            )
            .expect("cash sale");
        assert_eq!(cash.total, 3 * price);
        // QRIS sale in the shift.
        let q = store
            .create_awaiting_order(std::slice::from_ref(&l), &Default::default(), t)
            .expect("qris order");
        let qa = qr(&store, q.id, "a-now", t);
        store
            .finalize_paid_attempt(&qa, Some("GoPay"), Some("TXN-1"), t, t)
            .expect("paid");
        // The QR from shift 1 is paid now, in shift 2 (after midnight): late.
        let after_midnight = t0() + Duration::hours(3);
        store
            .finalize_paid_attempt(
                &att,
                Some("DANA"),
                Some("TXN-0"),
                after_midnight,
                after_midnight,
            )
            .expect("late paid");
        // Cash in Rp 50.000, cash out Rp 20.000, a cash refund of Rp 5.000 (written as the refund
        // feature will write it).
        let mv = |kind, amount, reason: &str| CashMovementInput {
            kind,
            amount,
            reason: reason.into(),
        };
        store
            .record_cash_movement(&mv(CashMovementKind::In, 50_000, "tambah kembalian"), t)
            .expect("in");
        store
            .record_cash_movement(&mv(CashMovementKind::Out, 20_000, "beli es batu"), t)
            .expect("out");
        let shift2 = store.current_shift().expect("read").expect("open");
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO cash_movements (shift_id, kind, amount, reason, order_id, user_id, created_at)
                     VALUES (?1, 'refund', 5000, 'barang rusak', ?2, ?3, 0)",
                    params![shift2.id, cash.id, rina],
                )?;
                Ok(())
            })
            .expect("refund row");
        // 200.000 + 54.000 − 5.000 + 50.000 − 20.000
        let expected = 279_000;
        assert_eq!(expected, 200_000 + 3 * price - 5_000 + 50_000 - 20_000);
        let counted = CountedCash::Denominations {
            counts: vec![
                DenominationCount {
                    value: 100_000,
                    count: 2,
                },
                DenominationCount {
                    value: 50_000,
                    count: 1,
                },
                DenominationCount {
                    value: 1_000,
                    count: 29,
                },
                DenominationCount {
                    value: 500,
                    count: 1,
                },
            ],
        };
        let counted_total = counted.total().expect("total");
        assert_eq!(counted_total, expected + 500, "hand count is Rp 500 over");
        let report = store
            .close_shift(
                &CloseShiftInput {
                    counted: counted.clone(),
                    note: None,
                    open_bills: None,
                },
                after_midnight + Duration::minutes(1),
            )
            .expect("close 2: Rp 500 is under the note threshold");
        assert_eq!(report.cash.opening, 200_000);
        assert_eq!((report.cash.sales_count, report.cash.sales), (1, 3 * price));
        assert_eq!(report.cash.refunds, 5_000);
        assert_eq!(
            (report.cash.cash_in, report.cash.cash_out),
            (50_000, 20_000)
        );
        assert_eq!(report.cash.expected, expected);
        assert_eq!(report.cash.counted, Some(expected + 500));
        assert_eq!(report.cash.difference, Some(500));
        assert_eq!(
            (report.qris.count, report.qris.total),
            (2, 2 * price),
            "both QRIS payments verified in shift 2"
        );
        assert_eq!(report.qris.gateway_txn_count, 2);
        assert_eq!(
            report.qris.late.len(),
            1,
            "the QR from shift 1 is listed as late"
        );
        assert_eq!(report.qris.late[0].order_number, carried.number);
        assert_eq!(report.order_count, 3);
        assert_eq!(report.sales_total, 5 * price);
        assert_eq!(report.shift.difference, Some(500));
        // Stored as printed; the shift can not be edited.
        let again = store
            .shift_report(report.shift.id, after_midnight + Duration::hours(5))
            .expect("stored");
        assert_eq!(again, report, "a closed shift's report is the stored one");
        let edit = store.write(|tx| {
            tx.execute(
                "UPDATE shifts SET counted_cash = 0 WHERE id = ?1",
                [report.shift.id],
            )?;
            Ok(())
        });
        assert!(edit.is_err(), "a closed shift is never edited");
    }

    #[test]
    fn another_cashiers_shift_closes_only_with_the_owners_pin_given_for_it() {
        let (store, _owner, _rina) = till_with_cashier();
        store.open_shift(0, t0()).expect("rina opens");
        let budi = store
            .add_user(
                &NewUser {
                    name: "Budi".into(),
                    role: Role::Cashier,
                    pin: "913572".into(),
                },
                t0(),
            )
            .expect("budi");
        store.sign_in(budi.id, "913572", t0()).expect("budi in");
        let close = CloseShiftInput {
            counted: CountedCash::Total { amount: 0 },
            note: None,
            open_bills: None,
        };
        let e = store
            .close_shift(&close, t0())
            .expect_err("not Budi's shift");
        assert!(matches!(e, CoreError::OwnerPinRequired { .. }), "{e:?}");
        store
            .grant_owner_override(None, OWNER_PIN, "open_shift", t0())
            .expect("a grant for another command");
        assert!(
            store.close_shift(&close, t0()).is_err(),
            "a grant is for its own command"
        );
        store
            .grant_owner_override(None, OWNER_PIN, "close_shift", t0())
            .expect("owner PIN");
        let report = store
            .close_shift(&close, t0())
            .expect("closed with the owner's PIN");
        assert_eq!(report.shift.closed_by_name.as_deref(), Some("Budi"));
    }

    #[test]
    fn a_close_with_open_bills_asks_to_carry_them_over_or_void_them_with_the_owners_pin() {
        let (store, _owner, _rina) = till_with_cashier();
        let product = store.catalog().expect("catalog").products[0].clone();
        store.open_shift(0, t0()).expect("rina opens");
        let bill = store.open_bill("Meja 4", t0()).expect("bill");
        store
            .add_to_bill(
                &crate::AddToBillRequest {
                    bill_id: bill.id,
                    lines: vec![crate::CartLineInput::new(product.id, 1)],
                },
                t0(),
            )
            .expect("add");
        let close = |open_bills| CloseShiftInput {
            counted: CountedCash::Total { amount: 0 },
            note: None,
            open_bills,
        };
        let e = store.close_shift(&close(None), t0()).expect_err("asks");
        match &e {
            CoreError::OpenBills { count, names } => {
                assert_eq!(
                    (*count, names.as_slice()),
                    (1, ["Meja 4".to_string()].as_slice())
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.kind(), crate::ErrorKind::OpenBills);
        // Carried over: the shift closes, the bill stays open for the next shift.
        store
            .close_shift(&close(Some(crate::OpenBillsAtClose::Carry)), t0())
            .expect("closed, carried");
        assert_eq!(store.open_bills(t0()).expect("bills").len(), 1);
        let audit: String = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT detail FROM audit_log WHERE action = 'shift_closed'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert!(audit.contains("\"openBillsCarried\":1"), "{audit}");

        // The next close voids it: a cashier needs the owner's PIN for that.
        store.open_shift(0, t0()).expect("next shift");
        let void = || {
            close(Some(crate::OpenBillsAtClose::Void {
                reason: "tamu pergi".into(),
            }))
        };
        let e = store.close_shift(&void(), t0()).expect_err("owner");
        assert!(matches!(e, CoreError::OwnerPinRequired { .. }), "{e:?}");
        assert_eq!(
            store.open_bills(t0()).expect("bills").len(),
            1,
            "nothing voided"
        );
        store
            .grant_owner_override(None, OWNER_PIN, "close_shift", t0())
            .expect("owner PIN");
        store.close_shift(&void(), t0()).expect("closed, voided");
        assert!(store.open_bills(t0()).expect("bills").is_empty());
        let b = store.bill(bill.id, t0()).expect("bill");
        assert_eq!(b.status, crate::BillStatus::Void);
        assert_eq!(b.void_reason.as_deref(), Some("tamu pergi"));
    }

    #[test]
    fn a_large_difference_needs_a_note_and_a_live_qr_blocks_the_close() {
        let (store, _owner, _rina) = till_with_cashier();
        store.open_shift(100_000, t0()).expect("open");
        let close = |amount, note: Option<&str>| CloseShiftInput {
            counted: CountedCash::Total { amount },
            note: note.map(str::to_string),
            open_bills: None,
        };
        let e = store
            .close_shift(&close(80_000, None), t0())
            .expect_err("Rp 20.000 short, no note");
        assert!(matches!(e, CoreError::Validation(_)), "{e:?}");
        assert!(
            store.close_shift(&close(-1, Some("x")), t0()).is_err(),
            "negative count"
        );
        let bad = CloseShiftInput {
            counted: CountedCash::Denominations {
                counts: vec![DenominationCount {
                    value: 7_000,
                    count: 1,
                }],
            },
            note: None,
            open_bills: None,
        };
        assert!(
            store.close_shift(&bad, t0()).is_err(),
            "no Rp 7.000 note exists"
        );
        let (l, _) = first_product_line(&store, 1);
        let o = store
            .create_awaiting_order(&[l], &Default::default(), t0())
            .expect("order");
        qr(&store, o.id, "a-live", t0());
        let e = store
            .close_shift(&close(100_000, None), t0())
            .expect_err("QR on screen");
        assert!(matches!(e, CoreError::OrderState { .. }), "{e:?}");
        assert!(
            store.current_shift().expect("read").is_some(),
            "still open: nothing written"
        );
        let r = store
            .close_shift(
                &close(80_000, Some("uang kembalian salah")),
                t0() + Duration::minutes(11),
            )
            .expect("QR expired; note given");
        assert_eq!(r.cash.difference, Some(-20_000));
        assert_eq!(r.shift.close_note.as_deref(), Some("uang kembalian salah"));
    }
}

//! Transaction history (paginated, searchable by order number, filtered by method and status),
//! the detail of one sale, and the QRIS reconciliation panel.
//!
//! History lists every order created in the period (paid, cancelled, awaiting payment);
//! reconciliation lists paid QRIS orders by payment instant, like the dashboard.

use kasir_core::{Order, OrderStatus, PaymentMethod, PaymentReversal, Store};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dashboard::{issuer_id, issuer_label, payment_breakdown_qris};
use crate::error::{ReportError, Result};
use crate::period::{load_clock, DateRange, Window};

pub const MAX_PAGE_SIZE: u32 = 200;
/// Flagged attempts shown at most (the CSV export has everything).
pub const MAX_FLAGGED: usize = 500;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryQuery {
    /// Business dates `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// Part of the order number, e.g. `0042` or `INV-261126`.
    #[ts(optional)]
    #[serde(default)]
    pub search: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub method: Option<PaymentMethod>,
    #[ts(optional)]
    #[serde(default)]
    pub status: Option<OrderStatus>,
    /// Only orders rung up by this user.
    #[ts(optional, type = "number")]
    #[serde(default)]
    pub cashier_id: Option<i64>,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryRow {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub status: OrderStatus,
    /// `Lunas`, `dibatalkan`, `menunggu pembayaran`.
    pub status_label: String,
    pub payment_method: Option<PaymentMethod>,
    pub issuer_label: Option<String>,
    /// Who rang it up (None: before sign-in existed, or a support charge).
    pub cashier: Option<String>,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub items: i64,
    /// UTC unix milliseconds (the window shows them in the shop's zone).
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
    /// Paid in parts (split payment): the method is the last part's; the detail lists them.
    pub split: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryPage {
    pub rows: Vec<HistoryRow>,
    #[ts(type = "number")]
    pub total_rows: i64,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub zone_label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaymentAttemptInfo {
    pub id: String,
    pub provider: String,
    pub gateway_order_id: String,
    pub gateway_ref: Option<String>,
    #[ts(type = "number")]
    pub amount: i64,
    pub status: String,
    pub issuer_label: Option<String>,
    pub late: bool,
    pub anomaly: Option<String>,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SaleDetail {
    pub order: Order,
    pub status_label: String,
    pub issuer_label: Option<String>,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
    pub zone_label: String,
    pub attempts: Vec<PaymentAttemptInfo>,
    /// Refunds/chargebacks the gateway reported after Lunas (the order stays paid).
    pub reversals: Vec<PaymentReversal>,
    /// Refunds made at this till (cash from the drawer, QRIS through the gateway), oldest first.
    pub refunds: Vec<kasir_core::Refund>,
    /// `order.total` minus what was taken back.
    #[ts(type = "number")]
    pub net_total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReconciliationQuery {
    pub from: String,
    pub to: String,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QrisPaidRow {
    #[ts(type = "number")]
    pub order_id: i64,
    pub number: String,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub paid_at: i64,
    #[ts(type = "number")]
    pub total: i64,
    pub issuer_label: Option<String>,
    /// The gateway's transaction id, to match the settlement report.
    pub gateway_txn_id: Option<String>,
    pub late: bool,
    pub anomaly: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FlaggedAttempt {
    pub attempt_id: String,
    #[ts(type = "number")]
    pub order_id: i64,
    pub number: String,
    pub provider: String,
    pub gateway_order_id: String,
    pub gateway_ref: Option<String>,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub order_total: i64,
    pub status: String,
    pub order_status: OrderStatus,
    pub issuer_label: Option<String>,
    /// e.g. `amount_mismatch`, `signature_mismatch`.
    pub anomaly: Option<String>,
    /// Paid after the QR expired ("pembayaran terlambat").
    pub late: bool,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
}

/// A refund or chargeback in the reconciliation panel.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReversalRow {
    #[ts(type = "number")]
    pub order_id: i64,
    pub number: String,
    pub attempt_id: String,
    pub gateway_txn_id: Option<String>,
    /// `refund`, `partial_refund`, `chargeback`, `partial_chargeback`.
    pub kind: String,
    /// "Refund", "Refund sebagian", "Chargeback", "Chargeback sebagian".
    pub kind_label: String,
    #[ts(type = "number")]
    pub amount: i64,
    #[ts(type = "number")]
    pub order_total: i64,
    /// When it happened at the gateway (else when this till recorded it), UTC unix ms.
    #[ts(type = "number")]
    pub occurred_at: i64,
}

/// At most this many reversal rows in the panel.
const MAX_REVERSALS: usize = 200;

fn reversal_rows(c: &Connection, window: &Window) -> Result<Vec<ReversalRow>> {
    let mut st = c.prepare(
        "SELECT o.id, o.number, r.attempt_id, o.gateway_txn_id, r.kind, r.amount, o.total,
                COALESCE(r.occurred_at, r.recorded_at)
         FROM payment_reversals r JOIN orders o ON o.id = r.order_id
         WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         ORDER BY COALESCE(r.occurred_at, r.recorded_at) DESC, r.id DESC LIMIT ?3",
    )?;
    let rows = st
        .query_map(
            (window.start_ms(), window.end_ms(), MAX_REVERSALS as i64),
            |r| {
                let kind: String = r.get(4)?;
                Ok(ReversalRow {
                    order_id: r.get(0)?,
                    number: r.get(1)?,
                    attempt_id: r.get(2)?,
                    gateway_txn_id: r.get(3)?,
                    kind_label: kasir_core::ReversalKind::parse(&kind)
                        .map(|k| k.label().to_string())
                        .unwrap_or_else(|_| kind.clone()),
                    kind,
                    amount: r.get(5)?,
                    order_total: r.get(6)?,
                    occurred_at: r.get(7)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QrisReconciliation {
    #[ts(type = "number")]
    pub paid_count: i64,
    #[ts(type = "number")]
    pub paid_total: i64,
    /// Paid QRIS orders, latest payment first.
    pub rows: Vec<QrisPaidRow>,
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    /// Attempts with an anomaly or paid late, created in the period, latest first.
    pub flagged: Vec<FlaggedAttempt>,
    pub flagged_truncated: bool,
    /// Refunds/chargebacks on QRIS orders paid in the period, latest first.
    pub reversals: Vec<ReversalRow>,
    /// Their sum, and `paid_total` minus it.
    #[ts(type = "number")]
    pub reversed_total: i64,
    #[ts(type = "number")]
    pub net_total: i64,
    pub zone_label: String,
}

fn check_page(page: u32, page_size: u32) -> Result<(i64, i64)> {
    if page == 0 || page_size == 0 || page_size > MAX_PAGE_SIZE {
        return Err(ReportError::Validation(format!(
            "halaman mulai dari 1 dan ukuran halaman 1..{MAX_PAGE_SIZE}"
        )));
    }
    Ok((
        i64::from(page_size),
        i64::from(page - 1) * i64::from(page_size),
    ))
}

fn page_count(total: i64, page_size: u32) -> u32 {
    let size = i64::from(page_size.max(1));
    u32::try_from((total + size - 1) / size).unwrap_or(u32::MAX)
}

fn parse_status(s: &str) -> OrderStatus {
    match s {
        "paid" => OrderStatus::Paid,
        "cancelled" => OrderStatus::Cancelled,
        _ => OrderStatus::AwaitingPayment,
    }
}

fn parse_method(s: Option<String>) -> Option<PaymentMethod> {
    match s.as_deref() {
        Some("cash") => Some(PaymentMethod::Cash),
        Some("qris") => Some(PaymentMethod::Qris),
        _ => None,
    }
}

fn label_of(raw: Option<&str>) -> Option<String> {
    raw.map(|r| issuer_label(&issuer_id(r)))
}

/// One page of the orders created in a period, newest first.
pub fn sales_history(store: &Store, q: &HistoryQuery) -> Result<HistoryPage> {
    let clock = load_clock(store)?;
    let window = Window::from_range(
        clock,
        &DateRange {
            from: q.from.clone(),
            to: q.to.clone(),
        },
    )?;
    let (limit, offset) = check_page(q.page, q.page_size)?;
    let search = q
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_uppercase);
    let method = q.method.map(PaymentMethod::as_str);
    let status = q.status.map(OrderStatus::as_str);
    crate::read(store, |c| {
        let args = (
            window.start_ms(),
            window.end_ms(),
            &search,
            method,
            status,
            q.cashier_id,
        );
        let total_rows: i64 = c
            .prepare_cached(
                "SELECT COUNT(*) FROM orders INDEXED BY orders_report_created
                 WHERE created_at >= ?1 AND created_at < ?2
                   AND (?3 IS NULL OR instr(number, ?3) > 0)
                   AND (?4 IS NULL OR payment_method = ?4
                        OR (split = 1 AND EXISTS (SELECT 1 FROM order_tenders t
                                                  WHERE t.order_id = orders.id AND t.method = ?4)))
                   AND (?5 IS NULL OR status = ?5)
                   AND (?6 IS NULL OR cashier_id = ?6)",
            )?
            .query_row(args, |r| r.get(0))?;
        let mut st = c.prepare_cached(
            "SELECT o.id, o.number, o.status, o.payment_method, o.payment_issuer, o.total,
                    o.created_at, o.paid_at,
                    (SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l WHERE l.order_id = o.id),
                    o.cashier, o.split
             FROM orders o INDEXED BY orders_created_at
             WHERE o.created_at >= ?1 AND o.created_at < ?2
               AND (?3 IS NULL OR instr(o.number, ?3) > 0)
               AND (?4 IS NULL OR o.payment_method = ?4
                    OR (o.split = 1 AND EXISTS (SELECT 1 FROM order_tenders t
                                                WHERE t.order_id = o.id AND t.method = ?4)))
               AND (?5 IS NULL OR o.status = ?5)
               AND (?6 IS NULL OR o.cashier_id = ?6)
             ORDER BY o.created_at DESC, o.id DESC
             LIMIT ?7 OFFSET ?8",
        )?;
        let rows = st
            .query_map(
                (
                    args.0, args.1, args.2, args.3, args.4, args.5, limit, offset,
                ),
                |r| {
                    let status = parse_status(&r.get::<_, String>(2)?);
                    Ok(HistoryRow {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        status,
                        status_label: status.label().to_string(),
                        payment_method: parse_method(r.get(3)?),
                        issuer_label: label_of(r.get::<_, Option<String>>(4)?.as_deref()),
                        cashier: r.get(9)?,
                        total: r.get(5)?,
                        items: r.get(8)?,
                        created_at: r.get(6)?,
                        paid_at: r.get::<_, Option<i64>>(7)?,
                        split: r.get(10)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(HistoryPage {
            rows,
            total_rows,
            page: q.page,
            page_size: q.page_size,
            page_count: page_count(total_rows, q.page_size),
            zone_label: clock.zone_label().to_string(),
        })
    })
}

/// One sale with its lines and every QRIS attempt made for it.
pub fn sale_detail(store: &Store, order_id: i64) -> Result<SaleDetail> {
    let clock = load_clock(store)?;
    let order = store.order(order_id)?;
    let (created_at, paid_at): (i64, Option<i64>) = crate::read(store, |c| {
        Ok(c.query_row(
            "SELECT created_at, paid_at FROM orders WHERE id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    })?;
    let attempts = crate::read(store, |c| attempts_of(c, order_id))?;
    let reversals = store.reversals_for_order(order_id)?;
    let refunds = store.refunds_for_order(order_id)?;
    // Cash given back, plus the larger of the QRIS refunds asked here and what the gateway
    // reports (a refund made here shows there too: never counted twice).
    let done = |method| {
        refunds
            .iter()
            .filter(|r| r.status == kasir_core::RefundStatus::Succeeded && r.method == method)
            .map(|r| r.amount)
            .sum::<i64>()
    };
    let reported: i64 = reversals.iter().map(|r| r.amount).sum();
    let net_total =
        order.total - done(PaymentMethod::Cash) - done(PaymentMethod::Qris).max(reported);
    Ok(SaleDetail {
        reversals,
        refunds,
        net_total,
        status_label: order.status.label().to_string(),
        issuer_label: label_of(order.payment_issuer.as_deref()),
        created_at,
        paid_at,
        zone_label: clock.zone_label().to_string(),
        attempts,
        order,
    })
}

fn attempts_of(c: &Connection, order_id: i64) -> Result<Vec<PaymentAttemptInfo>> {
    let mut st = c.prepare_cached(
        "SELECT id, provider, gateway_order_id, gateway_ref, amount, status, issuer, late, anomaly,
                created_at, paid_at
         FROM payment_attempts WHERE order_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = st
        .query_map([order_id], |r| {
            Ok(PaymentAttemptInfo {
                id: r.get(0)?,
                provider: r.get(1)?,
                gateway_order_id: r.get(2)?,
                gateway_ref: r.get(3)?,
                amount: r.get(4)?,
                status: r.get(5)?,
                issuer_label: label_of(r.get::<_, Option<String>>(6)?.as_deref()),
                late: r.get::<_, i64>(7)? != 0,
                anomaly: r.get(8)?,
                created_at: r.get(9)?,
                paid_at: r.get::<_, Option<i64>>(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Paid QRIS orders of a period (one page) with the flagged attempts of that period.
pub fn qris_reconciliation(store: &Store, q: &ReconciliationQuery) -> Result<QrisReconciliation> {
    let clock = load_clock(store)?;
    let window = Window::from_range(
        clock,
        &DateRange {
            from: q.from.clone(),
            to: q.to.clone(),
        },
    )?;
    let (limit, offset) = check_page(q.page, q.page_size)?;
    crate::read(store, |c| {
        let (paid_count, paid_total) = payment_breakdown_qris(c, &window)?
            .iter()
            .fold((0, 0), |(n, s), (_, _, rn, rs)| (n + rn, s + rs));
        let (start, end) = (window.start_ms(), window.end_ms());
        let mut st = c.prepare_cached(
            "SELECT o.id, o.number, o.paid_at, o.total, o.payment_issuer, o.gateway_txn_id,
                    EXISTS (SELECT 1 FROM payment_attempts a
                            WHERE a.order_id = o.id AND a.late = 1),
                    (SELECT a.anomaly FROM payment_attempts a
                      WHERE a.order_id = o.id AND a.anomaly IS NOT NULL LIMIT 1)
             FROM orders o INDEXED BY orders_paid_at
             WHERE o.status = 'paid' AND o.payment_method = 'qris'
               AND o.paid_at >= ?1 AND o.paid_at < ?2
             ORDER BY o.paid_at DESC, o.id DESC
             LIMIT ?3 OFFSET ?4",
        )?;
        let rows = st
            .query_map((start, end, limit, offset), |r| {
                Ok(QrisPaidRow {
                    order_id: r.get(0)?,
                    number: r.get(1)?,
                    paid_at: r.get(2)?,
                    total: r.get(3)?,
                    issuer_label: label_of(r.get::<_, Option<String>>(4)?.as_deref()),
                    gateway_txn_id: r.get(5)?,
                    late: r.get::<_, i64>(6)? != 0,
                    anomaly: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare_cached(
            "SELECT a.id, a.order_id, o.number, a.provider, a.gateway_order_id, a.gateway_ref,
                    a.amount, o.total, a.status, o.status, a.issuer, a.anomaly, a.late,
                    a.created_at, a.paid_at
             FROM payment_attempts a INDEXED BY payment_attempts_flagged
             JOIN orders o ON o.id = a.order_id
             WHERE (a.anomaly IS NOT NULL OR a.late = 1)
               AND a.created_at >= ?1 AND a.created_at < ?2
             ORDER BY a.created_at DESC, a.id
             LIMIT ?3",
        )?;
        let mut flagged = st
            .query_map((start, end, MAX_FLAGGED as i64 + 1), |r| {
                Ok(FlaggedAttempt {
                    attempt_id: r.get(0)?,
                    order_id: r.get(1)?,
                    number: r.get(2)?,
                    provider: r.get(3)?,
                    gateway_order_id: r.get(4)?,
                    gateway_ref: r.get(5)?,
                    amount: r.get(6)?,
                    order_total: r.get(7)?,
                    status: r.get(8)?,
                    order_status: parse_status(&r.get::<_, String>(9)?),
                    issuer_label: label_of(r.get::<_, Option<String>>(10)?.as_deref()),
                    anomaly: r.get(11)?,
                    late: r.get::<_, i64>(12)? != 0,
                    created_at: r.get(13)?,
                    paid_at: r.get::<_, Option<i64>>(14)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let flagged_truncated = flagged.len() > MAX_FLAGGED;
        flagged.truncate(MAX_FLAGGED);
        let reversals = reversal_rows(c, &window)?;
        // QRIS only: what went back on the QRIS orders of the period (a cash refund given for
        // a QRIS sale counts too: it is money this sale no longer brings in).
        let reversed_total: i64 =
            crate::dashboard::refunds_by_payment(c, window.start_ms(), window.end_ms())?
                .iter()
                .filter(|r| r.0 == "qris")
                .map(|r| r.2)
                .sum();
        Ok(QrisReconciliation {
            reversals,
            reversed_total,
            net_total: paid_total - reversed_total,
            paid_count,
            paid_total,
            rows,
            page: q.page,
            page_size: q.page_size,
            page_count: page_count(paid_count, q.page_size),
            flagged,
            flagged_truncated,
            zone_label: clock.zone_label().to_string(),
        })
    })
}

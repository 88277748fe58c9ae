//! Taking a sale back: refunds of paid orders (whole, or by line and quantity) and voids of
//! unpaid ones. Amounts are computed here from the stored lines, never taken from the window.
//!
//! - **Cash** refunds (a cash sale, or "kembalikan tunai" for a QRIS sale) are paid from the
//!   drawer of the open shift in one transaction: the refund, its lines, the goods back on the
//!   shelf (stock ledger `return`, unless marked damaged), a `refund` cash movement (the shift's
//!   expected cash goes down), the audit row and the NOTA PENGEMBALIAN.
//! - **QRIS** refunds are asked of the gateway by `kasir-payment`: [`Store::begin_qris_refund`]
//!   writes the pending refund with its unique `refund_key` *before* the gateway is called (a
//!   retry reuses the key, so it never refunds twice); [`Store::finish_qris_refund`] records the
//!   gateway's answer, and a pending one is followed by the worker.
//!
//! Invariants (also SQLite triggers, migration 9): the refunded total never exceeds the paid
//! total; a line never returns more than was sold; a refund is never edited, only followed by
//! another one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::auth::Operator;
use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::orders::{order_state, OrderStatus, PaymentMethod};
use crate::shifts::selling_context;
use crate::stock::{Movement, StockMovementKind};
use crate::Store;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RefundStatus {
    /// Asked of the gateway, not finished yet (the worker follows it).
    Pending,
    Succeeded,
    /// The gateway refused or failed it; nothing was given back.
    Failed,
}

impl RefundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Pending => "pending",
            RefundStatus::Succeeded => "succeeded",
            RefundStatus::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RefundStatus::Pending => "diproses gateway",
            RefundStatus::Succeeded => "berhasil",
            RefundStatus::Failed => "gagal",
        }
    }

    fn parse(s: &str) -> Result<RefundStatus> {
        match s {
            "pending" => Ok(RefundStatus::Pending),
            "succeeded" => Ok(RefundStatus::Succeeded),
            "failed" => Ok(RefundStatus::Failed),
            other => Err(CoreError::Validation(format!(
                "status pengembalian tidak dikenal: {other}"
            ))),
        }
    }
}

/// One line to take back: which order line, how many, and whether it goes back on the shelf.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundLineInput {
    #[ts(type = "number")]
    pub order_line_id: i64,
    #[ts(type = "number")]
    pub qty: i64,
    /// false: damaged, not restocked.
    pub restock: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundInput {
    #[ts(type = "number")]
    pub order_id: i64,
    /// Empty: everything not yet returned (a whole refund), restocked.
    pub lines: Vec<RefundLineInput>,
    pub reason: String,
    /// For a QRIS sale: give cash from the drawer instead of asking the gateway.
    pub to_cash: bool,
    /// The failed QRIS refund this cash refund replaces ("kembalikan tunai").
    #[ts(type = "number | null")]
    pub replaces_refund_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundLine {
    #[ts(type = "number")]
    pub order_line_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub amount: i64,
    pub restock: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Refund {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub order_id: i64,
    pub order_number: String,
    pub method: PaymentMethod,
    #[ts(type = "number")]
    pub amount: i64,
    pub reason: String,
    pub status: RefundStatus,
    pub status_label: String,
    pub refund_key: String,
    pub gateway_refund_id: Option<String>,
    pub failure_reason: Option<String>,
    #[ts(type = "number | null")]
    pub replaces_refund_id: Option<i64>,
    pub user_name: Option<String>,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub completed_at: Option<i64>,
    pub lines: Vec<RefundLine>,
}

/// A sold line and how much of it can still go back.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundableLine {
    #[ts(type = "number")]
    pub order_line_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub sold: i64,
    #[ts(type = "number")]
    pub returned: i64,
    /// What the customer paid for the whole line (after discounts, tax, service and rounding);
    /// a return gives back its share of it.
    #[ts(optional, type = "number")]
    pub charged: Option<i64>,
}

/// What the refund dialog shows: the paid order, its lines, what was already given back.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Refundable {
    #[ts(type = "number")]
    pub order_id: i64,
    pub order_number: String,
    pub method: PaymentMethod,
    #[ts(type = "number")]
    pub paid_total: i64,
    /// Succeeded and pending refunds.
    #[ts(type = "number")]
    pub refunded_total: i64,
    pub lines: Vec<RefundableLine>,
    pub refunds: Vec<Refund>,
}

/// What a refund would give back, computed here before the owner confirms it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefundPlan {
    #[ts(type = "number")]
    pub amount: i64,
    pub lines: Vec<RefundLine>,
    /// How the money goes back: `cash` from the drawer or `qris` through the gateway.
    pub method: PaymentMethod,
}

/// What `kasir-payment` sends to the gateway for a pending QRIS refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrisRefundRequest {
    pub refund_id: i64,
    pub provider: String,
    pub gateway_order_id: String,
    pub gateway_ref: Option<String>,
    pub refund_key: String,
    pub amount: i64,
    pub reason: String,
    pub gateway_refund_id: Option<String>,
}

/// The gateway's answer to a QRIS refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundOutcome {
    Succeeded {
        gateway_refund_id: Option<String>,
    },
    Pending {
        gateway_refund_id: Option<String>,
    },
    /// Refused or failed; `reason` is the Indonesian text the cashier reads.
    Failed {
        reason: String,
    },
}

const REFUND_SELECT: &str = "SELECT r.id, r.order_id, o.number, r.method, r.amount, r.reason,
        r.status, r.refund_key, r.gateway_refund_id, r.failure_reason, r.replaces_refund_id,
        u.name, r.created_at, r.completed_at
     FROM refunds r JOIN orders o ON o.id = r.order_id LEFT JOIN users u ON u.id = r.user_id";

fn refund_lines(conn: &Connection, refund_id: i64) -> Result<Vec<RefundLine>> {
    let mut st = conn.prepare(
        "SELECT rl.order_line_id, l.name, rl.qty, rl.amount, rl.restock
         FROM refund_lines rl JOIN order_lines l ON l.id = rl.order_line_id
         WHERE rl.refund_id = ?1 ORDER BY rl.id",
    )?;
    let rows = st
        .query_map([refund_id], |r| {
            Ok(RefundLine {
                order_line_id: r.get(0)?,
                name: r.get(1)?,
                qty: r.get(2)?,
                amount: r.get(3)?,
                restock: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn refunds_where(conn: &Connection, filter: &str, arg: i64) -> Result<Vec<Refund>> {
    let mut st = conn.prepare(&format!("{REFUND_SELECT} WHERE {filter} ORDER BY r.id"))?;
    let rows = st
        .query_map([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<i64>>(10)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, i64>(12)?,
                r.get::<_, Option<i64>>(13)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|row| {
            let status = RefundStatus::parse(&row.6)?;
            Ok(Refund {
                id: row.0,
                order_id: row.1,
                order_number: row.2,
                method: PaymentMethod::parse(&row.3)?,
                amount: row.4,
                reason: row.5,
                status,
                status_label: status.label().to_string(),
                refund_key: row.7,
                gateway_refund_id: row.8,
                failure_reason: row.9,
                replaces_refund_id: row.10,
                user_name: row.11,
                created_at: row.12,
                completed_at: row.13,
                lines: refund_lines(conn, row.0)?,
            })
        })
        .collect()
}

fn load_refund(conn: &Connection, id: i64) -> Result<Refund> {
    refunds_where(conn, "r.id = ?1", id)?
        .pop()
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Pengembalian #{id}"),
        })
}

/// Cash handed back to a customer from the drawer of shift `shift_id` (a refund, or the cash
/// parts of a split order given up): a `refund` movement the shift subtracts.
struct CashBack<'a> {
    shift_id: i64,
    amount: i64,
    reason: &'a str,
    order_id: i64,
    user_id: i64,
}

fn cash_back(tx: &Tx<'_>, back: CashBack<'_>, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "INSERT INTO cash_movements (shift_id, kind, amount, reason, order_id, user_id, created_at)
         VALUES (?1, 'refund', ?2, ?3, ?4, ?5, ?6)",
        params![
            back.shift_id,
            back.amount,
            back.reason,
            back.order_id,
            back.user_id,
            now.timestamp_millis()
        ],
    )?;
    Ok(())
}

fn refundable(conn: &Connection, order_id: i64) -> Result<Refundable> {
    let crate::orders::OrderState {
        number,
        status,
        total,
        ..
    } = order_state(conn, order_id)?;
    if status != OrderStatus::Paid {
        return Err(CoreError::OrderState {
            number,
            status: format!(
                "{} (hanya pesanan lunas yang bisa dikembalikan)",
                status.label()
            ),
        });
    }
    // A split order (several tenders, perhaps several QRIS charges) is refunded in cash from
    // the drawer: no single gateway payment covers it.
    let method: String = conn.query_row(
        "SELECT CASE WHEN split = 1 THEN 'cash' ELSE payment_method END FROM orders WHERE id = ?1",
        [order_id],
        |r| r.get(0),
    )?;
    let mut st = conn.prepare(
        "SELECT l.id, l.name, l.unit_price, l.qty,
                (SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl
                   JOIN refunds r ON r.id = rl.refund_id
                 WHERE rl.order_line_id = l.id AND r.status <> 'failed'),
                l.charged
         FROM order_lines l WHERE l.order_id = ?1 ORDER BY l.id",
    )?;
    let lines = st
        .query_map([order_id], |r| {
            Ok(RefundableLine {
                order_line_id: r.get(0)?,
                name: r.get(1)?,
                unit_price: r.get(2)?,
                sold: r.get(3)?,
                returned: r.get(4)?,
                charged: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let refunds = refunds_where(conn, "r.order_id = ?1", order_id)?;
    let refunded_total = refunds
        .iter()
        .filter(|r| r.status != RefundStatus::Failed)
        .map(|r| r.amount)
        .sum();
    Ok(Refundable {
        order_id,
        order_number: number,
        method: PaymentMethod::parse(&method)?,
        paid_total: total,
        refunded_total,
        lines,
        refunds,
    })
}

/// The lines and amount of a refund, from the stored order. A line's amount is its unit price
/// times the quantity; the last return of an order gives back exactly what is left of its total.
fn plan(state: &Refundable, input: &RefundInput) -> Result<(Vec<RefundLine>, i64)> {
    let wanted: Vec<RefundLineInput> = if input.lines.is_empty() {
        state
            .lines
            .iter()
            .filter(|l| l.sold > l.returned)
            .map(|l| RefundLineInput {
                order_line_id: l.order_line_id,
                qty: l.sold - l.returned,
                restock: true,
            })
            .collect()
    } else {
        input.lines.clone()
    };
    if wanted.is_empty() {
        return Err(CoreError::Validation(format!(
            "semua barang pesanan {} sudah dikembalikan",
            state.order_number
        )));
    }
    let mut lines = Vec::with_capacity(wanted.len());
    let mut seen = std::collections::HashSet::new();
    for w in &wanted {
        if !seen.insert(w.order_line_id) {
            return Err(CoreError::Validation(
                "baris pesanan disebut dua kali".into(),
            ));
        }
        let line = state
            .lines
            .iter()
            .find(|l| l.order_line_id == w.order_line_id)
            .ok_or_else(|| CoreError::NotFound {
                what: format!(
                    "Baris #{} pada pesanan {}",
                    w.order_line_id, state.order_number
                ),
            })?;
        if w.qty <= 0 {
            return Err(CoreError::InvalidQuantity { qty: w.qty });
        }
        if w.qty > line.sold - line.returned {
            return Err(CoreError::Validation(format!(
                "{}: terjual {}, sudah dikembalikan {}, tidak bisa dikembalikan {} lagi",
                line.name, line.sold, line.returned, w.qty
            )));
        }
        // The line's share of what was paid (discounts, tax, service and rounding included);
        // orders before pricing existed: the shelf price.
        let amount = match line.charged {
            Some(charged) => {
                (i128::from(charged) * i128::from(w.qty) / i128::from(line.sold.max(1))) as i64
            }
            None => line
                .unit_price
                .checked_mul(w.qty)
                .ok_or(CoreError::Overflow)?,
        };
        lines.push(RefundLine {
            order_line_id: line.order_line_id,
            name: line.name.clone(),
            qty: w.qty,
            amount,
            restock: w.restock,
        });
    }
    let left = state.paid_total - state.refunded_total;
    let returns_everything = state.lines.iter().all(|l| {
        let now = lines
            .iter()
            .find(|x| x.order_line_id == l.order_line_id)
            .map_or(0, |x| x.qty);
        l.returned + now == l.sold
    });
    let sum: i64 = lines.iter().map(|l| l.amount).sum();
    // Returning what is left of the order gives back what is left of its total (a total that
    // differs from the sum of lines, once discounts exist, is never over-refunded).
    let amount = if returns_everything {
        left
    } else {
        sum.min(left)
    };
    if amount <= 0 {
        return Err(CoreError::Validation(format!(
            "pesanan {} sudah dikembalikan seluruhnya",
            state.order_number
        )));
    }
    Ok((lines, amount))
}

fn clean_reason(reason: &str) -> Result<String> {
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() {
        return Err(CoreError::Validation(
            "alasan pengembalian wajib diisi".into(),
        ));
    }
    if reason.chars().count() > 200 {
        return Err(CoreError::Validation(
            "alasan paling panjang 200 huruf".into(),
        ));
    }
    Ok(reason)
}

#[allow(clippy::too_many_arguments)]
fn insert_refund(
    tx: &Tx<'_>,
    order_id: i64,
    method: PaymentMethod,
    amount: i64,
    reason: &str,
    status: RefundStatus,
    shift_id: Option<i64>,
    actor: Option<&Operator>,
    replaces: Option<i64>,
    lines: &[RefundLine],
    now: DateTime<Utc>,
) -> Result<i64> {
    let ms = now.timestamp_millis();
    let n: i64 = tx.query_row(
        "SELECT COUNT(*) + 1 FROM refunds WHERE order_id = ?1",
        [order_id],
        |r| r.get(0),
    )?;
    let number: String =
        tx.query_row("SELECT number FROM orders WHERE id = ?1", [order_id], |r| {
            r.get(0)
        })?;
    // Unique and stable: the same refund always goes to the gateway with the same key.
    let refund_key = format!("RF-{number}-{n}");
    tx.execute(
        "INSERT INTO refunds (order_id, method, amount, reason, status, refund_key, shift_id,
                              user_id, replaces_refund_id, created_at, completed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            order_id,
            method.as_str(),
            amount,
            reason,
            status.as_str(),
            refund_key,
            shift_id,
            actor.map(|a| a.user_id),
            replaces,
            ms,
            (status != RefundStatus::Pending).then_some(ms)
        ],
    )
    .map_err(|e| over_refund(e, &number))?;
    let id = tx.last_insert_rowid();
    for l in lines {
        tx.execute(
            "INSERT INTO refund_lines (refund_id, order_line_id, qty, amount, restock)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, l.order_line_id, l.qty, l.amount, l.restock],
        )
        .map_err(|e| over_refund(e, &number))?;
    }
    Ok(id)
}

/// A trigger's refusal (over-refund, over-return) as the typed validation error it is.
fn over_refund(e: rusqlite::Error, number: &str) -> CoreError {
    match &e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("melebihi") => {
            CoreError::Validation(format!("pesanan {number}: {msg}"))
        }
        _ => CoreError::Db(e),
    }
}

/// Put the restocked lines of a refund back on the shelf (stock ledger `return`).
fn restock(tx: &Tx<'_>, refund_id: i64, order_id: i64, now: DateTime<Utc>) -> Result<()> {
    let rows: Vec<(i64, i64)> = {
        let mut st = tx.prepare(
            "SELECT l.product_id, rl.qty FROM refund_lines rl
             JOIN order_lines l ON l.id = rl.order_line_id
             JOIN products p ON p.id = l.product_id
             WHERE rl.refund_id = ?1 AND rl.restock = 1",
        )?;
        let rows = st
            .query_map([refund_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let mut changed = Vec::new();
    for (product_id, qty) in rows {
        tx.execute(
            "UPDATE products SET stock = stock + ?1 WHERE id = ?2",
            params![qty, product_id],
        )?;
        let reason = format!("pengembalian #{refund_id}");
        crate::stock::record(
            tx,
            Movement {
                product_id,
                delta: qty,
                kind: StockMovementKind::Return,
                reason: Some(&reason),
                order_id: Some(order_id),
            },
            now,
        )?;
        changed.push(product_id);
    }
    if !changed.is_empty() {
        tx.emit(DomainEvent::StockChanged {
            product_ids: changed,
        });
    }
    Ok(())
}

impl Store {
    /// A paid order's lines, what was already given back, and its refunds.
    pub fn refundable(&self, order_id: i64) -> Result<Refundable> {
        self.read(|c| refundable(c, order_id))
    }

    /// The amount and lines a refund would have, without writing anything.
    pub fn plan_refund(&self, input: &RefundInput) -> Result<RefundPlan> {
        self.read(|c| {
            let state = refundable(c, input.order_id)?;
            let (lines, amount) = plan(&state, input)?;
            let method = if input.to_cash {
                PaymentMethod::Cash
            } else {
                state.method
            };
            Ok(RefundPlan {
                amount,
                lines,
                method,
            })
        })
    }

    pub fn refunds_for_order(&self, order_id: i64) -> Result<Vec<Refund>> {
        self.read(|c| refunds_where(c, "r.order_id = ?1", order_id))
    }

    pub fn refund(&self, id: i64) -> Result<Refund> {
        self.read(|c| load_refund(c, id))
    }

    /// A cash refund from the drawer of the open shift (a cash sale, or "kembalikan tunai" for
    /// a QRIS sale), in one transaction. Refuses more than the drawer should hold.
    pub fn refund_cash(&self, input: &RefundInput, now: DateTime<Utc>) -> Result<Refund> {
        let reason = clean_reason(&input.reason)?;
        let operator = self.operator();
        let till = self.till().to_string();
        self.write(|tx| {
            let state = refundable(tx, input.order_id)?;
            if state.method == PaymentMethod::Qris && !input.to_cash {
                return Err(CoreError::Validation(
                    "pesanan QRIS dikembalikan lewat gateway, atau pilih kembalikan tunai".into(),
                ));
            }
            if let Some(replaced) = input.replaces_refund_id {
                let r = load_refund(tx, replaced)?;
                if r.order_id != input.order_id || r.status != RefundStatus::Failed {
                    return Err(CoreError::Validation(format!(
                        "pengembalian #{replaced} bukan pengembalian gagal untuk pesanan ini"
                    )));
                }
            }
            let (actor, shift) = selling_context(tx, operator.clone(), &till)?;
            let (lines, amount) = plan(&state, input)?;
            let drawer = crate::shifts::running_report(tx, &shift, now)?.cash.expected;
            if amount > drawer {
                return Err(CoreError::Validation(format!(
                    "uang di laci ({}) kurang untuk pengembalian {}",
                    kasir_shared::format_rupiah(drawer),
                    kasir_shared::format_rupiah(amount)
                )));
            }
            let id = insert_refund(
                tx,
                input.order_id,
                PaymentMethod::Cash,
                amount,
                &reason,
                RefundStatus::Succeeded,
                Some(shift.id),
                Some(&actor),
                input.replaces_refund_id,
                &lines,
                now,
            )?;
            restock(tx, id, input.order_id, now)?;
            cash_back(
                tx,
                CashBack {
                    shift_id: shift.id,
                    amount,
                    reason: &format!("Pengembalian {}: {reason}", state.order_number),
                    order_id: input.order_id,
                    user_id: actor.user_id,
                },
                now,
            )?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::Refund,
                &format!("Pesanan {}", state.order_number),
                json!({
                    "refundId": id, "method": "cash", "amount": amount, "reason": reason,
                    "lines": lines.iter().map(|l| json!({"name": l.name, "qty": l.qty, "restock": l.restock})).collect::<Vec<_>>(),
                    "replaces": input.replaces_refund_id,
                }),
                now,
            )?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::DrawerOpened,
                "Pengembalian tunai",
                json!({ "refundId": id }),
                now,
            )?;
            crate::print_jobs::enqueue_refund(tx, id, now)?;
            tx.emit(DomainEvent::RefundChanged {
                order_id: input.order_id,
            });
            tx.emit(DomainEvent::ShiftChanged { shift_id: shift.id });
            load_refund(tx, id)
        })
    }

    /// Write the pending QRIS refund (with its unique key) before the gateway is asked; returns
    /// what to send. The goods go back on the shelf when the gateway reports it done.
    pub fn begin_qris_refund(
        &self,
        input: &RefundInput,
        now: DateTime<Utc>,
    ) -> Result<(Refund, QrisRefundRequest)> {
        let reason = clean_reason(&input.reason)?;
        let actor = self.operator().ok_or(CoreError::NotSignedIn)?;
        let id = self.write(|tx| {
            let state = refundable(tx, input.order_id)?;
            if state.method != PaymentMethod::Qris || input.to_cash {
                return Err(CoreError::Validation(
                    "hanya pesanan QRIS yang dikembalikan lewat gateway".into(),
                ));
            }
            if state
                .refunds
                .iter()
                .any(|r| r.status == RefundStatus::Pending)
            {
                return Err(CoreError::PaymentProcessing {
                    number: state.order_number,
                });
            }
            let (lines, amount) = plan(&state, input)?;
            let id = insert_refund(
                tx,
                input.order_id,
                PaymentMethod::Qris,
                amount,
                &reason,
                RefundStatus::Pending,
                None,
                Some(&actor),
                None,
                &lines,
                now,
            )?;
            audit::record(
                tx,
                Some(&actor),
                AuditAction::Refund,
                &format!("Pesanan {}", state.order_number),
                json!({ "refundId": id, "method": "qris", "amount": amount, "reason": reason, "status": "pending" }),
                now,
            )?;
            tx.emit(DomainEvent::RefundChanged {
                order_id: input.order_id,
            });
            Ok(id)
        })?;
        let refund = self.refund(id)?;
        let request = self.qris_refund_request(&refund)?;
        Ok((refund, request))
    }

    /// What to send (again) to the gateway for a QRIS refund: the paid attempt's gateway ids and
    /// the refund's own key.
    pub fn qris_refund_request(&self, refund: &Refund) -> Result<QrisRefundRequest> {
        let (provider, gateway_order_id, gateway_ref): (String, String, Option<String>) = self
            .read(|c| {
                c.query_row(
                    "SELECT provider, gateway_order_id, gateway_ref FROM payment_attempts
                     WHERE order_id = ?1 AND status = 'paid' ORDER BY paid_at LIMIT 1",
                    [refund.order_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("Pembayaran QRIS pesanan {}", refund.order_number),
                })
            })?;
        Ok(QrisRefundRequest {
            refund_id: refund.id,
            provider,
            gateway_order_id,
            gateway_ref,
            refund_key: refund.refund_key.clone(),
            amount: refund.amount,
            reason: refund.reason.clone(),
            gateway_refund_id: refund.gateway_refund_id.clone(),
        })
    }

    /// The gateway's answer to a pending QRIS refund. Succeeded: done, goods restocked, slip
    /// printed. Failed: nothing given back (the cashier may give cash instead). Pending: keep
    /// following. A refund that already ended is left as it is.
    pub fn finish_qris_refund(
        &self,
        refund_id: i64,
        outcome: &RefundOutcome,
        now: DateTime<Utc>,
    ) -> Result<Refund> {
        self.write(|tx| {
            let r = load_refund(tx, refund_id)?;
            if r.status != RefundStatus::Pending {
                return Ok(r);
            }
            let ms = now.timestamp_millis();
            match outcome {
                RefundOutcome::Pending { gateway_refund_id } => {
                    if gateway_refund_id.is_some() && *gateway_refund_id != r.gateway_refund_id {
                        tx.execute(
                            "UPDATE refunds SET gateway_refund_id = ?2 WHERE id = ?1",
                            params![refund_id, gateway_refund_id],
                        )?;
                    }
                    return load_refund(tx, refund_id);
                }
                RefundOutcome::Succeeded { gateway_refund_id } => {
                    tx.execute(
                        "UPDATE refunds SET status = 'succeeded', completed_at = ?2,
                                gateway_refund_id = COALESCE(?3, gateway_refund_id)
                         WHERE id = ?1",
                        params![refund_id, ms, gateway_refund_id],
                    )?;
                    restock(tx, refund_id, r.order_id, now)?;
                    crate::print_jobs::enqueue_refund(tx, refund_id, now)?;
                }
                RefundOutcome::Failed { reason } => {
                    tx.execute(
                        "UPDATE refunds SET status = 'failed', completed_at = ?2, failure_reason = ?3
                         WHERE id = ?1",
                        params![refund_id, ms, reason],
                    )?;
                }
            }
            let done = load_refund(tx, refund_id)?;
            audit::record(
                tx,
                None,
                AuditAction::Refund,
                &format!("Pesanan {}", r.order_number),
                json!({ "refundId": refund_id, "method": "qris", "status": done.status.as_str(),
                        "failure": done.failure_reason }),
                now,
            )?;
            tx.emit(DomainEvent::RefundChanged {
                order_id: r.order_id,
            });
            Ok(done)
        })
    }

    /// QRIS refunds still waiting for the gateway (the worker follows them).
    pub fn pending_qris_refunds(&self) -> Result<Vec<Refund>> {
        self.read(|c| {
            let mut st =
                c.prepare("SELECT id FROM refunds WHERE status = 'pending' ORDER BY id")?;
            let ids = st
                .query_map([], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            ids.into_iter().map(|id| load_refund(c, id)).collect()
        })
    }

    /// Void an unpaid order (awaiting payment, or a QR set aside) with a reason. The caller
    /// (kasir-payment) cancels a live QR at the gateway first; an order that turned out paid is
    /// refused here.
    pub fn void_order(
        &self,
        order_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<crate::Order> {
        let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
        if reason.is_empty() {
            return Err(CoreError::Validation(
                "alasan pembatalan wajib diisi".into(),
            ));
        }
        let actor = self.operator();
        self.write(|tx| {
            let crate::orders::OrderState {
                number,
                status,
                total,
                ..
            } = order_state(tx, order_id)?;
            // Its QR may have just been cancelled at the gateway (the order released): the void
            // records why.
            let released_unvoided = status == OrderStatus::Cancelled
                && tx.query_row(
                    "SELECT void_reason IS NULL FROM orders WHERE id = ?1",
                    [order_id],
                    |r| r.get::<_, bool>(0),
                )?;
            if status != OrderStatus::AwaitingPayment && !released_unvoided {
                return Err(CoreError::OrderState {
                    number,
                    status: format!(
                        "{} (void hanya untuk pesanan belum dibayar)",
                        status.label()
                    ),
                });
            }
            // A split order's parts already taken: a QRIS part is at the gateway (refunded
            // only once the order is paid); cash parts are handed back from the drawer now.
            let given_back = crate::tenders::tenders_of(tx, order_id)?;
            if given_back.iter().any(|t| t.method == PaymentMethod::Qris) {
                return Err(CoreError::Validation(format!(
                    "pesanan {number} sudah dibayar sebagian dengan QRIS; lunasi sisanya lalu \
                     refund, bukan void"
                )));
            }
            let returned: i64 = given_back.iter().map(|t| t.amount).sum();
            if returned > 0 {
                let (who, shift) = crate::shifts::selling_context(tx, actor.clone(), self.till())?;
                cash_back(
                    tx,
                    CashBack {
                        shift_id: shift.id,
                        amount: returned,
                        reason: &format!("Pembayaran terpisah {number} dibatalkan: {reason}"),
                        order_id,
                        user_id: who.user_id,
                    },
                    now,
                )?;
                tx.emit(DomainEvent::ShiftChanged { shift_id: shift.id });
            }
            tx.execute(
                "UPDATE orders SET status = 'cancelled', void_reason = ?2, voided_by = ?3
                 WHERE id = ?1 AND status IN ('awaiting_payment', 'cancelled')",
                params![order_id, reason, actor.as_ref().map(|a| a.user_id)],
            )?;
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::Void,
                &format!("Pesanan {number}"),
                json!({ "reason": reason, "total": total, "cashBack": returned }),
                now,
            )?;
            tx.emit(DomainEvent::OrderCancelled { order_id });
            crate::bills::order_released(tx, order_id)?;
            Ok(())
        })?;
        self.order(order_id)
    }
}

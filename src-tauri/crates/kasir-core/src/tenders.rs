//! Split payment: one order paid with several tenders — part cash, part QRIS (the QR for the
//! rest), or equal parts / by items between customers, each part with its own QR.
//!
//! A split order is created awaiting payment with `orders.split = 1` and its non-cash total.
//! Each part taken is a row of `order_tenders` (migration 13), written while the order is still
//! awaiting payment; the part that makes the parts add up exactly to the total goes through the
//! one paid path ([`crate::orders::settle`]), which writes it and marks the order Lunas. A QR part
//! that expires or is refused leaves the parts already taken and the rest due.
//!
//! Every amount is computed here from what is stored: the rest due, an equal share, the items'
//! share. The cashier only chooses how to split and hands over cash.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::orders::{order_state, settle, OrderState, OrderStatus, PaymentMethod, Settlement};
use crate::{Order, Store};

/// One tender of an order as paid: "Tunai Rp 20.000", "QRIS (GoPay) Rp 15.000".
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderTender {
    pub method: PaymentMethod,
    #[ts(type = "number")]
    pub amount: i64,
    /// Cash handed over for this part and its change.
    #[ts(type = "number | null")]
    pub tendered: Option<i64>,
    #[ts(type = "number | null")]
    pub change: Option<i64>,
    pub issuer: Option<String>,
    pub issuer_label: Option<String>,
    /// How the till and the receipt name it: `Tunai`, `QRIS (GoPay)`, `QRIS`.
    pub label: String,
    pub gateway_txn_id: Option<String>,
    #[ts(type = "number")]
    pub paid_at: i64,
}

impl OrderTender {
    pub(crate) fn new(
        method: PaymentMethod,
        amount: i64,
        cash: (Option<i64>, Option<i64>),
        issuer: Option<String>,
        gateway_txn_id: Option<String>,
        paid_at: i64,
    ) -> OrderTender {
        let issuer_label = issuer.as_deref().map(kasir_shared::issuers::issuer_label);
        let label = match (method, issuer_label.as_deref()) {
            (PaymentMethod::Qris, Some(i)) => format!("{} ({i})", method.label()),
            _ => method.label().to_string(),
        };
        OrderTender {
            method,
            amount,
            tendered: cash.0,
            change: cash.1,
            issuer,
            issuer_label,
            label,
            gateway_txn_id,
            paid_at,
        }
    }
}

/// How the cashier splits what is still due; Rust computes the part's amount.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum PartPlan {
    /// Everything still due.
    Rest,
    /// One equal share of what is still due between `people` customers (the first shares
    /// carry the odd rupiah).
    Equal {
        #[ts(type = "number")]
        people: i64,
    },
    /// The chosen lines (positions in the order's lines), at what the customer pays for them.
    Items { lines: Vec<u32> },
}

/// The tenders of a split order, in the order they were taken.
pub(crate) fn tenders_of(conn: &Connection, order_id: i64) -> Result<Vec<OrderTender>> {
    let mut st = conn.prepare_cached(
        "SELECT method, amount, tendered, change, issuer, paid_at, gateway_txn_id FROM order_tenders
         WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([order_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(method, amount, tendered, change, issuer, paid_at, gateway_txn_id)| {
                Ok(OrderTender::new(
                    PaymentMethod::parse(&method)?,
                    amount,
                    (tendered, change),
                    issuer,
                    gateway_txn_id,
                    paid_at,
                ))
            },
        )
        .collect()
}

/// One part taken, as written to `order_tenders`.
pub(crate) struct Part<'a> {
    pub method: PaymentMethod,
    pub amount: i64,
    /// Cash: handed over (the change is computed).
    pub tendered: Option<i64>,
    pub issuer: Option<&'a str>,
    pub gateway_txn_id: Option<&'a str>,
    pub attempt_id: Option<&'a str>,
}

/// Write a part of split order `order_id`, in the shift open on its till now (none open: the
/// till's next shift adopts it), taken by `cashier_id` (None: the order's cashier). The
/// database refuses a part on a paid order or above the total.
pub(crate) fn record(
    tx: &Tx<'_>,
    order_id: i64,
    part: &Part<'_>,
    cashier_id: Option<i64>,
    paid_at: DateTime<Utc>,
) -> Result<()> {
    let change = part.tendered.map(|t| t - part.amount);
    tx.execute(
        "INSERT INTO order_tenders (order_id, method, amount, tendered, change, issuer,
                                    gateway_txn_id, attempt_id, shift_id, cashier_id, paid_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                 (SELECT s.id FROM shifts s JOIN orders o ON o.till = s.till
                  WHERE o.id = ?1 AND s.closed_at IS NULL),
                 COALESCE(?9, (SELECT cashier_id FROM orders WHERE id = ?1)), ?10)",
        params![
            order_id,
            part.method.as_str(),
            part.amount,
            part.tendered,
            change,
            part.issuer.map(kasir_shared::issuers::issuer_id),
            part.gateway_txn_id,
            part.attempt_id,
            cashier_id,
            paid_at.timestamp_millis()
        ],
    )?;
    Ok(())
}

/// Take one part of split order `order_id` that is not the last one: written, announced.
pub(crate) fn take_part(
    tx: &Tx<'_>,
    order_id: i64,
    part: &Part<'_>,
    cashier_id: Option<i64>,
    paid_at: DateTime<Utc>,
) -> Result<()> {
    record(tx, order_id, part, cashier_id, paid_at)?;
    tx.emit(DomainEvent::OrderPartPaid {
        order_id,
        method: part.method,
    });
    Ok(())
}

/// The amount of the next part by `plan`, from the stored order: never more than `due`.
fn plan_amount(conn: &Connection, order_id: i64, due: i64, plan: &PartPlan) -> Result<i64> {
    if due <= 0 {
        return Err(CoreError::Validation("pesanan ini sudah lunas".into()));
    }
    let amount = match plan {
        PartPlan::Rest => due,
        PartPlan::Equal { people } => {
            if !(1..=50).contains(people) {
                return Err(CoreError::Validation(
                    "bagi rata untuk 1 sampai 50 orang".into(),
                ));
            }
            // Rounded up: the first shares carry the odd rupiah, the last one is what is left.
            (due + people - 1) / people
        }
        PartPlan::Items { lines } => {
            if lines.is_empty() {
                return Err(CoreError::Validation("pilih barang yang dibayar".into()));
            }
            let mut st = conn.prepare_cached(
                "SELECT IFNULL(charged, line_total) FROM order_lines WHERE order_id = ?1 ORDER BY id",
            )?;
            let charged = st
                .query_map([order_id], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut seen = std::collections::BTreeSet::new();
            let mut sum = 0i64;
            for &i in lines {
                let share = charged.get(i as usize).copied().ok_or_else(|| {
                    CoreError::Validation(format!("baris #{} tidak ada di pesanan", i + 1))
                })?;
                if seen.insert(i) {
                    sum += share;
                }
            }
            if sum > due {
                return Err(CoreError::Validation(format!(
                    "barang yang dipilih ({}) melebihi sisa tagihan ({})",
                    kasir_shared::format_rupiah(sum),
                    kasir_shared::format_rupiah(due)
                )));
            }
            sum
        }
    };
    Ok(amount.clamp(1, due))
}

/// How a cash part's amount is given.
#[derive(Debug, Clone, Copy)]
enum CashPart<'a> {
    /// As the cashier typed it.
    Amount(i64),
    Plan(&'a PartPlan),
}

/// A split order still awaiting payment, or why not.
fn split_awaiting(conn: &Connection, order_id: i64) -> Result<OrderState> {
    let state = order_state(conn, order_id)?;
    if state.status != OrderStatus::AwaitingPayment {
        return Err(CoreError::OrderState {
            number: state.number,
            status: state.status.label().into(),
        });
    }
    if !state.split {
        return Err(CoreError::Validation(format!(
            "pesanan {} tidak dibayar terpisah",
            state.number
        )));
    }
    Ok(state)
}

/// A QR of this order that is still live or whose payment is in flight: its amount. While it
/// is open, nothing may be taken that would leave less due than it charges (it could still be
/// paid: the customer would pay twice).
fn open_qr_refuses(
    conn: &Connection,
    state: &OrderState,
    order_id: i64,
    left: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some(open) = crate::attempts::open_qr_amount(conn, order_id, now)? {
        if open > left {
            return Err(CoreError::Validation(format!(
                "QR {} untuk pesanan {} masih aktif; tunggu atau batalkan QR itu dulu",
                kasir_shared::format_rupiah(open),
                state.number
            )));
        }
    }
    Ok(())
}

impl Store {
    /// The next part of split order `order_id` by `plan` (for its QR), checked against what is
    /// still due.
    pub fn part_amount(&self, order_id: i64, plan: &PartPlan) -> Result<i64> {
        self.read(|c| {
            let state = split_awaiting(c, order_id)?;
            plan_amount(c, order_id, state.due(), plan)
        })
    }

    /// A cash part of split order `order_id` out of the cash handed over: `amount` as the
    /// cashier typed it ("Rp 20.000 tunai"), or None: everything still due. The part that
    /// completes the total makes the order Lunas through the one paid path; an earlier part is
    /// written and the rest stays due.
    pub fn pay_part_cash(
        &self,
        order_id: i64,
        amount: Option<i64>,
        tendered: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let part = amount.map_or(CashPart::Plan(&PartPlan::Rest), CashPart::Amount);
        self.pay_cash_part(order_id, part, tendered, now)
    }

    /// A cash part of `plan` (an equal share, the chosen items), its amount computed here.
    pub fn pay_planned_part_cash(
        &self,
        order_id: i64,
        plan: &PartPlan,
        tendered: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.pay_cash_part(order_id, CashPart::Plan(plan), tendered, now)
    }

    fn pay_cash_part(
        &self,
        order_id: i64,
        part: CashPart<'_>,
        tendered: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let operator = self.operator();
        self.write(|tx| {
            let (cashier, _shift) =
                crate::shifts::selling_context(tx, operator.clone(), self.till())?;
            let state = split_awaiting(tx, order_id)?;
            let due = state.due();
            let amount = match part {
                CashPart::Amount(a) => a,
                CashPart::Plan(plan) => plan_amount(tx, order_id, due, plan)?,
            };
            if amount <= 0 {
                return Err(CoreError::Validation(
                    "nominal tunai harus lebih dari Rp 0".into(),
                ));
            }
            if amount > due {
                return Err(CoreError::Validation(format!(
                    "nominal tunai {} melebihi sisa tagihan {}",
                    kasir_shared::format_rupiah(amount),
                    kasir_shared::format_rupiah(due)
                )));
            }
            if tendered < amount {
                return Err(CoreError::InsufficientTender {
                    total: amount,
                    tendered,
                });
            }
            open_qr_refuses(tx, &state, order_id, due - amount, now)?;
            if amount == due {
                return settle(tx, order_id, Settlement::Cash { tendered }, now, now);
            }
            let part = Part {
                method: PaymentMethod::Cash,
                amount,
                tendered: Some(tendered),
                issuer: None,
                gateway_txn_id: None,
                attempt_id: None,
            };
            take_part(tx, order_id, &part, Some(cashier.user_id), now)
        })?;
        self.order(order_id)
    }

    /// A quick sale being paid in parts on this till (the window was closed or the app restarted
    /// in the middle): the checkout opens it again, so the parts taken are never stranded. An
    /// open bill's split is reopened from the bill.
    pub fn pending_split_order(&self) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT id FROM orders WHERE till = ?1 AND split = 1
                   AND status = 'awaiting_payment' AND bill_id IS NULL
                 ORDER BY id LIMIT 1",
                [self.till()],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Give up on a split order on which nothing has been paid yet (no reason needed: no money
    /// changed hands). With parts taken it is voided with a reason instead.
    pub fn cancel_split_order(&self, order_id: i64, now: DateTime<Utc>) -> Result<Order> {
        self.write(|tx| {
            let state = split_awaiting(tx, order_id)?;
            // An open QR could still be paid: it is cancelled at the gateway first.
            open_qr_refuses(tx, &state, order_id, 0, now)?;
            if state.paid > 0 {
                return Err(CoreError::Validation(
                    "sebagian sudah dibayar: batalkan dengan alasan (Void), uang tunai dikembalikan"
                        .into(),
                ));
            }
            tx.execute(
                "UPDATE orders SET status = 'cancelled' WHERE id = ?1 AND status = 'awaiting_payment'",
                [order_id],
            )?;
            tx.emit(DomainEvent::OrderCancelled { order_id });
            crate::bills::order_released(tx, order_id)?;
            Ok(())
        })?;
        self.order(order_id)
    }
}

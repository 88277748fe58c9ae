//! Orders: storing a sale, the one paid path ([`settle`]) that every payment method goes
//! through, orders awaiting a QRIS payment, and reading an order back.
//!
//! Where does a payment become Lunas? Only in [`settle`]: cash calls it from
//! [`Store::pay_cash`], QRIS from [`Store::finalize_paid_attempt`] after the payment service
//! verified the gateway's report. It marks the order paid, takes the stock, queues the receipt
//! and announces `OrderPaid`, in the caller's transaction.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::auth::Operator;
use crate::cart::{price_lines, CartLineInput, PricedCart};
use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::options::ChosenOption;
use crate::settings::shop_timezone;
use crate::shifts::selling_context;
use crate::stock::{Movement, StockMovementKind};
use crate::Store;
use kasir_shared::shop_clock::local_day_code;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Result<OrderStatus> {
        match s {
            "awaiting_payment" => Ok(OrderStatus::AwaitingPayment),
            "paid" => Ok(OrderStatus::Paid),
            "cancelled" => Ok(OrderStatus::Cancelled),
            other => Err(CoreError::Validation(format!(
                "status pesanan tidak dikenal: {other}"
            ))),
        }
    }

    /// Indonesian label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "menunggu pembayaran",
            OrderStatus::Paid => "Lunas",
            OrderStatus::Cancelled => "dibatalkan",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentMethod {
    Cash,
    Qris,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Qris => "qris",
        }
    }

    /// "Tunai", "QRIS".
    pub fn label(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "Tunai",
            PaymentMethod::Qris => "QRIS",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<PaymentMethod> {
        match s {
            "cash" => Ok(PaymentMethod::Cash),
            "qris" => Ok(PaymentMethod::Qris),
            other => Err(CoreError::Validation(format!(
                "metode bayar tidak dikenal: {other}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PayCashRequest {
    pub lines: Vec<CartLineInput>,
    /// Cart discount and picked promos.
    #[serde(default)]
    #[ts(optional)]
    pub cart: Option<crate::pricing::CartOptions>,
    /// Cash handed over by the customer, whole rupiah.
    #[ts(type = "number")]
    pub tendered: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderLine {
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub line_total: i64,
    /// The options as sold (their price changes are inside `unit_price`).
    pub options: Vec<ChosenOption>,
    /// The cashier's note ("tanpa es").
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Order {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub status: OrderStatus,
    #[ts(type = "number")]
    pub subtotal: i64,
    #[ts(type = "number")]
    pub discount_total: i64,
    #[ts(type = "number")]
    pub tax_total: i64,
    /// What the customer pays: before rounding + `rounding` (the tender's).
    #[ts(type = "number")]
    pub total: i64,
    /// Service charge, and its label ("Service 5%") as priced.
    #[ts(type = "number")]
    pub service_total: i64,
    pub service_label: Option<String>,
    /// Pembulatan of the tender the order is charged in (negative: rounded down).
    #[ts(type = "number")]
    pub rounding: i64,
    /// "PPN 12% (DPP 11/12)", "PBJT 10%"; None without tax.
    pub tax_label: Option<String>,
    /// The tax is inside the prices (shown "termasuk", not added).
    pub tax_included: bool,
    /// Each discount and promo with its label, in the order applied.
    pub discounts: Vec<OrderDiscount>,
    /// HPP of the goods sold.
    #[ts(type = "number")]
    pub cost_total: i64,
    pub payment_method: Option<PaymentMethod>,
    #[ts(type = "number | null")]
    pub cash_tendered: Option<i64>,
    #[ts(type = "number | null")]
    pub cash_change: Option<i64>,
    /// The payer's app (stored id, e.g. `gopay`) and the name shown (`GoPay`).
    pub payment_issuer: Option<String>,
    pub payment_issuer_label: Option<String>,
    pub gateway_txn_id: Option<String>,
    /// Who rang it up ("Kasir: Rina" on the receipt).
    pub cashier: Option<String>,
    #[ts(type = "number | null")]
    pub cashier_id: Option<i64>,
    /// The shift it was paid in.
    #[ts(type = "number | null")]
    pub shift_id: Option<i64>,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub paid_at: Option<i64>,
    pub lines: Vec<OrderLine>,
    /// Paid in parts (split payment): `tenders` are the parts taken so far.
    pub split: bool,
    /// How it was paid, tender by tender: the parts of a split order, or the one payment of a
    /// paid order (empty while an order paid with one tender is still awaiting).
    pub tenders: Vec<crate::tenders::OrderTender>,
    /// What is still to pay: the total less the parts taken (0 once paid).
    #[ts(type = "number")]
    pub due: i64,
}

/// One labelled discount of a stored order ("Happy Hour", "Diskon barang").
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrderDiscount {
    pub label: String,
    #[ts(type = "number")]
    pub amount: i64,
}

/// How an order is paid: the input of the one paid path, [`settle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement<'a> {
    /// Cash handed over at the till; the change is computed from the stored total.
    Cash { tendered: i64 },
    /// A QRIS payment whose gateway report was verified (amount, order, signature).
    Qris {
        /// The gateway's issuer text; stored as its normalised id.
        issuer: Option<&'a str>,
        gateway_txn_id: Option<&'a str>,
        /// The payment attempt whose report was verified.
        attempt_id: Option<&'a str>,
    },
}

impl Settlement<'_> {
    pub fn method(&self) -> PaymentMethod {
        match self {
            Settlement::Cash { .. } => PaymentMethod::Cash,
            Settlement::Qris { .. } => PaymentMethod::Qris,
        }
    }
}

/// An order as the payment paths see it, read in one query.
pub(crate) struct OrderState {
    pub number: String,
    pub status: OrderStatus,
    /// The stored total.
    pub total: i64,
    /// Paid in parts (split payment).
    pub split: bool,
    /// The parts taken so far (0 for an order paid with one tender).
    pub paid: i64,
}

impl OrderState {
    /// What is still to pay: the total less the parts taken.
    pub fn due(&self) -> i64 {
        self.total - self.paid
    }
}

pub(crate) fn order_state(conn: &rusqlite::Connection, order_id: i64) -> Result<OrderState> {
    let (number, status, total, split, paid): (String, String, i64, bool, i64) = conn
        .prepare_cached(
            "SELECT number, status, total, split,
                    (SELECT IFNULL(SUM(amount), 0) FROM order_tenders WHERE order_id = orders.id)
             FROM orders WHERE id = ?1",
        )?
        .query_row([order_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Pesanan #{order_id}"),
        })?;
    Ok(OrderState {
        number,
        status: OrderStatus::parse(&status)?,
        total,
        split,
        paid,
    })
}

/// The one paid path. Marks the awaiting order `order_id` paid by `settlement` at `paid_at`,
/// takes its stock through the ledger, queues its receipt (when auto-print is on) and announces
/// `OrderPaid`, all inside the caller's transaction `tx`.
///
/// Cash refuses short tender and short stock (nothing has been handed over yet); a QRIS payment
/// already taken is never refused for stock. The amount is always the stored total — for a
/// split order, what is still due of it, written as its last part.
pub fn settle(
    tx: &Tx<'_>,
    order_id: i64,
    settlement: Settlement<'_>,
    paid_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let state = order_state(tx, order_id)?;
    let (number, status, split) = (state.number.clone(), state.status, state.split);
    // What this settlement pays: the total, or the last part of a split order.
    let due = state.due();
    let qris_after_release =
        status == OrderStatus::Cancelled && settlement.method() == PaymentMethod::Qris;
    if status != OrderStatus::AwaitingPayment && !qris_after_release {
        // A settlement that arrives after the QR was released still pays the order: the
        // customer's money is at the gateway. Anything else paid twice is refused.
        return Err(CoreError::OrderState {
            number,
            status: status.label().into(),
        });
    }
    let paid_ms = paid_at.timestamp_millis();
    // The open bill this order charges, if any: looked up once for the stock rule and the bill.
    let bill_id = crate::bills::bill_of_order(tx, order_id)?;
    match settlement {
        Settlement::Cash { tendered } => {
            if tendered < due {
                return Err(CoreError::InsufficientTender {
                    total: due,
                    tendered,
                });
            }
            if split {
                let last = crate::tenders::Part {
                    method: PaymentMethod::Cash,
                    amount: due,
                    tendered: Some(tendered),
                    issuer: None,
                    gateway_txn_id: None,
                    attempt_id: None,
                };
                crate::tenders::record(tx, order_id, &last, None, paid_at)?;
            }
            // A quick sale is refused when the shelf is short (nothing was handed over yet); an
            // open bill's food and drinks were already served, so its payment is not.
            decrement_stock(tx, order_id, bill_id.is_none(), now)?;
            tx.execute(
                "UPDATE orders SET status = 'paid', payment_method = 'cash', cash_tendered = ?1,
                        cash_change = ?2, paid_at = ?3 WHERE id = ?4",
                params![tendered, tendered - due, paid_ms, order_id],
            )?;
        }
        Settlement::Qris {
            issuer,
            gateway_txn_id,
            attempt_id,
        } => {
            if split {
                let last = crate::tenders::Part {
                    method: PaymentMethod::Qris,
                    amount: due,
                    tendered: None,
                    issuer,
                    gateway_txn_id,
                    attempt_id,
                };
                crate::tenders::record(tx, order_id, &last, None, paid_at)?;
            }
            let issuer = issuer.map(kasir_shared::issuers::issuer_id);
            tx.execute(
                "UPDATE orders SET status = 'paid', payment_method = 'qris', payment_issuer = ?2,
                        gateway_txn_id = ?3, paid_at = ?4 WHERE id = ?1",
                params![order_id, issuer, gateway_txn_id, paid_ms],
            )?;
            decrement_stock(tx, order_id, false, now)?;
        }
    }
    // The sale belongs to the shift open on its till now; with none open it waits for the next.
    tx.execute(
        "UPDATE orders SET shift_id = (SELECT s.id FROM shifts s
                                       WHERE s.till = orders.till AND s.closed_at IS NULL)
         WHERE id = ?1",
        [order_id],
    )?;
    crate::bills::order_paid(tx, order_id, bill_id, now)?;
    crate::print_jobs::enqueue_paid(tx, order_id, now)?;
    tx.emit(DomainEvent::OrderPaid {
        order_id,
        method: settlement.method(),
    });
    Ok(())
}

/// Next order number for the shop's local day: `INV-261126-0001`.
fn next_order_number(tx: &Transaction<'_>, now: DateTime<Utc>) -> Result<String> {
    let tz = shop_timezone(tx)?;
    let prefix = format!("INV-{}-", local_day_code(now, tz));
    let last: Option<String> = tx
        .query_row(
            "SELECT number FROM orders WHERE number LIKE ?1 || '%' ORDER BY number DESC LIMIT 1",
            [&prefix],
            |r| r.get(0),
        )
        .optional()?;
    let next = last
        .and_then(|n| n[prefix.len()..].parse::<u32>().ok())
        .map_or(1, |n| n + 1);
    Ok(format!("{prefix}{next:04}"))
}

/// Where and by whom an order is rung up, and the open bill it charges (if any).
struct RungUp<'a> {
    till: &'a str,
    cashier: Option<&'a Operator>,
    bill_id: Option<i64>,
    /// Paid in parts (split payment).
    split: bool,
}

/// What a sale charges: the checkout's cart, or an open bill's lines.
#[derive(Debug, Clone, Copy)]
enum Sale<'a> {
    Cart(&'a [CartLineInput]),
    Bill(i64),
}

impl Sale<'_> {
    /// The lines to price, inside the sale's transaction (a bill's unsent lines go to the
    /// kitchen first).
    fn lines(&self, tx: &Tx<'_>, now: DateTime<Utc>) -> Result<Vec<CartLineInput>> {
        match self {
            Sale::Cart(lines) => Ok(lines.to_vec()),
            Sale::Bill(bill_id) => crate::bills::lines_for_charge(tx, *bill_id, now),
        }
    }

    fn bill_id(&self) -> Option<i64> {
        match self {
            Sale::Cart(_) => None,
            Sale::Bill(id) => Some(*id),
        }
    }
}

/// Which tender's total an order is stored with (cash and non-cash round differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tender {
    Cash,
    NonCash,
}

fn insert_order(
    tx: &Transaction<'_>,
    cart: &PricedCart,
    tender: Tender,
    status: OrderStatus,
    at: RungUp<'_>,
    now: DateTime<Utc>,
) -> Result<(i64, String)> {
    let bill_id = at.bill_id;
    let number = next_order_number(tx, now)?;
    let b = &cart.breakdown;
    let charge = match tender {
        Tender::Cash => b.cash,
        Tender::NonCash => b.non_cash,
    };
    let breakdown = serde_json::to_string(b)
        .map_err(|e| CoreError::Validation(format!("rincian harga: {e}")))?;
    tx.execute(
        "INSERT INTO orders (number, status, subtotal, discount_total, tax_total, total, created_at,
                             till, cashier_id, cashier, service_total, rounding, tax_included,
                             tax_label, cost_total, breakdown, bill_id, split)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            number,
            status.as_str(),
            b.subtotal,
            b.hemat,
            b.tax,
            charge.total,
            now.timestamp_millis(),
            at.till,
            at.cashier.map(|c| c.user_id),
            at.cashier.map(|c| c.name.as_str()),
            b.service_charge,
            charge.rounding,
            b.tax_included,
            b.tax_label,
            b.cost_total,
            breakdown,
            bill_id,
            at.split
        ],
    )?;
    let order_id = tx.last_insert_rowid();
    // Each line's share of what the customer pays (what a refund of it gives back).
    let weights: Vec<i64> = b
        .lines
        .iter()
        .map(|l| l.net + if b.tax_included { 0 } else { l.tax })
        .collect();
    let charged = crate::pricing::allocate(charge.total, &weights);
    for (i, l) in cart.lines.iter().enumerate() {
        let bl = b.lines.get(i);
        let discount = bl.map_or(0, |x| {
            x.line_promo + x.line_discount + x.cart_promo_share + x.cart_discount_share
        });
        tx.execute(
            "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty, line_total,
                                      discount, tax, cost, charged, options, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                order_id,
                l.product_id,
                l.sku,
                l.name,
                l.unit_price,
                l.qty,
                l.line_total,
                discount,
                bl.map_or(0, |x| x.tax),
                bl.map_or(0, |x| x.cost),
                charged.get(i).copied(),
                crate::options::to_column(&l.options)?,
                l.note
            ],
        )?;
    }
    Ok((order_id, number))
}

/// A cashier's discount above the cap needs the owner: signed in as owner, or the owner's PIN
/// given at the till for this command.
fn check_discount_approval(
    store: &Store,
    cart: &PricedCart,
    cashier: &Operator,
    command: &str,
    now: DateTime<Utc>,
) -> Result<Option<Operator>> {
    if !cart.breakdown.needs_owner_approval || cashier.role == crate::Role::Owner {
        return Ok(None);
    }
    store
        .take_owner_grant(command, now)
        .map(Some)
        .ok_or(CoreError::OwnerPinRequired {
            action: "memberi diskon di atas batas kasir".into(),
        })
}

/// Take the order's quantities off the shelf, one `sale` row per line in the stock ledger.
/// `strict` refuses to go below zero (cash at the till); a QRIS payment already taken is never
/// refused for stock.
fn decrement_stock(tx: &Tx<'_>, order_id: i64, strict: bool, now: DateTime<Utc>) -> Result<()> {
    let mut st = tx.prepare(
        "SELECT l.product_id, SUM(l.qty), p.stock, p.name FROM order_lines l
         JOIN products p ON p.id = l.product_id WHERE l.order_id = ?1
         GROUP BY l.product_id ORDER BY MIN(l.id)",
    )?;
    let rows = st
        .query_map([order_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut changed = Vec::with_capacity(rows.len());
    for (product_id, qty, stock, name) in rows {
        if strict && stock < qty {
            return Err(CoreError::InsufficientStock {
                name,
                available: stock,
                requested: qty,
            });
        }
        tx.execute(
            "UPDATE products SET stock = stock - ?1 WHERE id = ?2",
            params![qty, product_id],
        )?;
        let sale = Movement {
            product_id,
            delta: -qty,
            kind: StockMovementKind::Sale,
            reason: None,
            order_id: Some(order_id),
        };
        crate::stock::record(tx, sale, now)?;
        changed.push(product_id);
    }
    if !changed.is_empty() {
        tx.emit(DomainEvent::StockChanged {
            product_ids: changed,
        });
    }
    Ok(())
}

pub(crate) fn load_order(conn: &rusqlite::Connection, order_id: i64) -> Result<Order> {
    let row = conn
        .query_row(
            "SELECT id, number, status, subtotal, discount_total, tax_total, total, payment_method,
                    cash_tendered, cash_change, payment_issuer, gateway_txn_id, created_at, paid_at,
                    cashier, cashier_id, shift_id, service_total, rounding, tax_label,
                    tax_included, cost_total, breakdown, split
             FROM orders WHERE id = ?1",
            [order_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    [
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, i64>(6)?,
                    ],
                    r.get::<_, Option<String>>(7)?,
                    (r.get::<_, Option<i64>>(8)?, r.get::<_, Option<i64>>(9)?),
                    (
                        r.get::<_, Option<String>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                    ),
                    (r.get::<_, i64>(12)?, r.get::<_, Option<i64>>(13)?),
                    (
                        r.get::<_, Option<String>>(14)?,
                        r.get::<_, Option<i64>>(15)?,
                        r.get::<_, Option<i64>>(16)?,
                    ),
                    (
                        r.get::<_, i64>(17)?,
                        r.get::<_, i64>(18)?,
                        r.get::<_, Option<String>>(19)?,
                        r.get::<_, bool>(20)?,
                        r.get::<_, i64>(21)?,
                        r.get::<_, Option<String>>(22)?,
                        r.get::<_, bool>(23)?,
                    ),
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Pesanan #{order_id}"),
        })?;
    let (id, number, status, money, method, cash, gateway, times, who, priced) = row;
    let breakdown = priced
        .5
        .as_deref()
        .and_then(|j| serde_json::from_str::<kasir_pricing::PriceBreakdown>(j).ok());
    let service_label = breakdown.as_ref().and_then(|b| b.service_label.clone());
    let discounts = breakdown
        .map(|b| {
            b.discounts
                .into_iter()
                .map(|d| OrderDiscount {
                    label: d.label,
                    amount: d.amount,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut st = conn.prepare(
        "SELECT product_id, sku, name, unit_price, qty, line_total, options, note FROM order_lines
         WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = st
        .query_map([id], |r| {
            Ok((
                OrderLine {
                    product_id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    unit_price: r.get(3)?,
                    qty: r.get(4)?,
                    line_total: r.get(5)?,
                    options: Vec::new(),
                    note: r.get(7)?,
                },
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let lines = rows
        .into_iter()
        .map(|(mut line, options)| {
            line.options = crate::options::from_column(options.as_deref())?;
            Ok(line)
        })
        .collect::<Result<Vec<_>>>()?;
    let status = OrderStatus::parse(&status)?;
    let method = method.as_deref().map(PaymentMethod::parse).transpose()?;
    let split = priced.6;
    let tenders = if split {
        crate::tenders::tenders_of(conn, id)?
    } else {
        match (method, times.1) {
            (Some(method), Some(paid_at)) => vec![crate::tenders::OrderTender::new(
                method,
                money[3],
                cash,
                gateway.0.clone(),
                gateway.1.clone(),
                paid_at,
            )],
            _ => Vec::new(),
        }
    };
    let due = if status == OrderStatus::Paid {
        0
    } else {
        money[3] - tenders.iter().map(|t| t.amount).sum::<i64>()
    };
    Ok(Order {
        id,
        number,
        status,
        subtotal: money[0],
        discount_total: money[1],
        tax_total: money[2],
        total: money[3],
        service_total: priced.0,
        service_label,
        rounding: priced.1,
        tax_label: priced.2,
        tax_included: priced.3,
        discounts,
        cost_total: priced.4,
        payment_method: method,
        cash_tendered: cash.0,
        cash_change: cash.1,
        payment_issuer_label: gateway
            .0
            .as_deref()
            .map(kasir_shared::issuers::issuer_label),
        payment_issuer: gateway.0,
        gateway_txn_id: gateway.1,
        cashier: who.0,
        cashier_id: who.1,
        shift_id: who.2,
        created_at: times.0,
        paid_at: times.1,
        lines,
        split,
        tenders,
        due,
    })
}

impl Store {
    /// A cash sale: price from the database, refuse short tender, store the paid order with its
    /// lines and take stock, all in one transaction.
    pub fn pay_cash(&self, req: &PayCashRequest, now: DateTime<Utc>) -> Result<Order> {
        let options = req.cart.clone().unwrap_or_default();
        self.cash_sale(Sale::Cart(&req.lines), &options, req.tendered, now)
    }

    /// Pay an open bill in cash: its lines (unsent ones go to the kitchen first) are priced now
    /// with the cashier's cart options; the bill is paid with the order, in one transaction.
    pub fn pay_bill_cash(
        &self,
        bill_id: i64,
        options: &crate::pricing::CartOptions,
        tendered: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.cash_sale(Sale::Bill(bill_id), options, tendered, now)
    }

    fn cash_sale(
        &self,
        sale: Sale<'_>,
        options: &crate::pricing::CartOptions,
        tendered: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        if let Sale::Cart(lines) = sale {
            if lines.is_empty() {
                return Err(CoreError::EmptyCart);
            }
        }
        if tendered < 0 {
            return Err(CoreError::Validation(
                "uang diterima tidak boleh negatif".into(),
            ));
        }
        let operator = self.operator();
        let order_id = self.write(|tx| {
            let (cashier, _shift) = selling_context(tx, operator.clone(), self.till())?;
            let lines = sale.lines(tx, now)?;
            // Priced once, here: the same cart is stored and charged.
            let cart = price_lines(tx, &lines, options, now)?;
            let approved_by = check_discount_approval(self, &cart, &cashier, "pay_cash", now)?;
            let total = cart.cash.total;
            if tendered < total {
                return Err(CoreError::InsufficientTender { total, tendered });
            }
            let at = RungUp {
                till: self.till(),
                cashier: Some(&cashier),
                bill_id: sale.bill_id(),
                split: false,
            };
            let (order_id, number) = insert_order(
                tx,
                &cart,
                Tender::Cash,
                OrderStatus::AwaitingPayment,
                at,
                now,
            )?;
            if let Some(owner) = &approved_by {
                crate::audit::record(
                    tx,
                    Some(&cashier),
                    crate::AuditAction::OwnerOverride,
                    &format!("Diskon pesanan {number}"),
                    serde_json::json!({ "owner": owner.name, "hemat": cart.breakdown.hemat }),
                    now,
                )?;
            }
            settle(tx, order_id, Settlement::Cash { tendered }, now, now)?;
            Ok(order_id)
        })?;
        self.order(order_id)
    }

    /// Store an order that waits for a non-cash payment (QRIS). Stock is taken when it is paid.
    pub fn create_awaiting_order(
        &self,
        lines: &[CartLineInput],
        options: &crate::pricing::CartOptions,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.awaiting_sale(Sale::Cart(lines), options, false, now)
    }

    /// Store the cart as an order to be paid in parts (split payment): awaiting payment, at its
    /// non-cash total, with nothing charged yet. Parts are then taken by
    /// [`Store::pay_part_cash`] and QRIS charges for [`Store::part_amount`].
    pub fn create_split_order(
        &self,
        lines: &[CartLineInput],
        options: &crate::pricing::CartOptions,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.awaiting_sale(Sale::Cart(lines), options, true, now)
    }

    /// An open bill to be paid in parts: its lines priced now become a split order, which the
    /// bill points at until it is paid (or the split is given up: then it is open again).
    pub fn create_split_order_for_bill(
        &self,
        bill_id: i64,
        options: &crate::pricing::CartOptions,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.awaiting_sale(Sale::Bill(bill_id), options, true, now)
    }

    /// An open bill charged by QRIS: its lines priced now become an order awaiting payment,
    /// which the bill points at until it is paid (or released: then it is open again).
    pub fn create_awaiting_order_for_bill(
        &self,
        bill_id: i64,
        options: &crate::pricing::CartOptions,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.awaiting_sale(Sale::Bill(bill_id), options, false, now)
    }

    fn awaiting_sale(
        &self,
        sale: Sale<'_>,
        options: &crate::pricing::CartOptions,
        split: bool,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        if let Sale::Cart(lines) = sale {
            if lines.is_empty() {
                return Err(CoreError::EmptyCart);
            }
        }
        let operator = self.operator();
        let order_id = self.write(|tx| {
            let (cashier, _shift) = selling_context(tx, operator.clone(), self.till())?;
            let lines = sale.lines(tx, now)?;
            // Priced once, here: the same cart is stored and charged.
            let cart = price_lines(tx, &lines, options, now)?;
            let approved_by = check_discount_approval(self, &cart, &cashier, "start_qris", now)?;
            // Refused before anything is written: QRIS charges Rp 1 – Rp 10.000.000 (a split
            // order's parts are checked when each QR is made).
            if !split {
                kasir_pricing::check_qris_amount(cart.non_cash.total)?;
            }
            let at = RungUp {
                till: self.till(),
                cashier: Some(&cashier),
                bill_id: sale.bill_id(),
                split,
            };
            let (order_id, number) = insert_order(
                tx,
                &cart,
                Tender::NonCash,
                OrderStatus::AwaitingPayment,
                at,
                now,
            )?;
            if let Some(bill_id) = sale.bill_id() {
                crate::bills::charging(tx, bill_id, order_id, now)?;
            }
            if let Some(owner) = &approved_by {
                crate::audit::record(
                    tx,
                    Some(&cashier),
                    crate::AuditAction::OwnerOverride,
                    &format!("Diskon pesanan {number}"),
                    serde_json::json!({ "owner": owner.name, "hemat": cart.breakdown.hemat }),
                    now,
                )?;
            }
            tx.emit(DomainEvent::OrderCreated { order_id });
            Ok(order_id)
        })?;
        self.order(order_id)
    }

    /// An order for a free amount with one "manual bill" line (support tools: `kasir-cli qris
    /// charge --amount N`). Waits for payment like a QRIS order from the till.
    pub fn create_awaiting_custom_order(
        &self,
        description: &str,
        amount: i64,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        if amount <= 0 {
            return Err(CoreError::Validation(
                "nominal harus lebih dari Rp 0".into(),
            ));
        }
        let description = description.trim();
        if description.is_empty() {
            return Err(CoreError::Validation(
                "keterangan tagihan wajib diisi".into(),
            ));
        }
        let order_id = self.write(|tx| {
            // A support charge: no cashier, no breakdown; paid into whatever shift is open on
            // this till.
            let number = next_order_number(tx, now)?;
            tx.execute(
                "INSERT INTO orders (number, status, subtotal, total, created_at, till)
                 VALUES (?1, 'awaiting_payment', ?2, ?2, ?3, ?4)",
                params![number, amount, now.timestamp_millis(), self.till()],
            )?;
            let order_id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty, line_total, charged)
                 VALUES (?1, NULL, 'MANUAL', ?2, ?3, 1, ?3, ?3)",
                params![order_id, description, amount],
            )?;
            tx.emit(DomainEvent::OrderCreated { order_id });
            Ok(order_id)
        })?;
        self.order(order_id)
    }

    /// The cashier gave up on a non-cash payment: the order is cancelled unless it was paid.
    /// A split order stays open (its QR part expired or was cancelled: the rest is still due);
    /// it ends paid, or given up by the cashier. Returns the order as it now stands.
    pub fn cancel_awaiting_order(&self, order_id: i64) -> Result<Order> {
        self.write(|tx| {
            let released = tx.execute(
                "UPDATE orders SET status = 'cancelled'
                 WHERE id = ?1 AND status = 'awaiting_payment' AND split = 0",
                [order_id],
            )?;
            if released > 0 {
                tx.emit(DomainEvent::OrderCancelled { order_id });
                crate::bills::order_released(tx, order_id)?;
            }
            Ok(())
        })?;
        self.order(order_id)
    }

    pub fn order(&self, order_id: i64) -> Result<Order> {
        self.read(|c| load_order(c, order_id))
    }

    /// Find an order by its printed number (`INV-261126-0001`).
    pub fn order_by_number(&self, number: &str) -> Result<Order> {
        self.read(|c| {
            let id: i64 = c
                .query_row(
                    "SELECT id FROM orders WHERE number = ?1",
                    [number.trim()],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("Pesanan {number}"),
                })?;
            load_order(c, id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Product;
    use chrono::TimeZone;

    fn seeded() -> (Store, Vec<Product>) {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let products = store.catalog().expect("catalog").products;
        (store, products)
    }

    fn stock_of(store: &Store, id: i64) -> i64 {
        store
            .read(
                |c| Ok(c.query_row("SELECT stock FROM products WHERE id=?1", [id], |r| r.get(0))?),
            )
            .expect("stock")
    }

    fn order_count(store: &Store) -> i64 {
        store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
            .expect("count")
    }

    #[test]
    fn cash_sale_stores_paid_order_lines_change_and_takes_stock() {
        let (store, p) = seeded();
        let (a, b) = (&p[0], &p[1]);
        let before = (stock_of(&store, a.id), stock_of(&store, b.id));
        let total = a.price * 2 + b.price;
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![
                        CartLineInput {
                            product_id: a.id,
                            qty: 2,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                        CartLineInput {
                            product_id: b.id,
                            qty: 1,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                    ],
                    tendered: total + 7_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("paid");
        assert_eq!(order.status, OrderStatus::Paid);
        assert_eq!(order.payment_method, Some(PaymentMethod::Cash));
        assert_eq!(order.total, total);
        assert_eq!(order.cash_change, Some(7_000));
        assert_eq!(order.lines.len(), 2);
        assert!(order.paid_at.is_some());
        assert_eq!(stock_of(&store, a.id), before.0 - 2);
        assert_eq!(stock_of(&store, b.id), before.1 - 1);
    }

    #[test]
    fn tendered_below_total_is_refused_and_nothing_is_stored() {
        let (store, p) = seeded();
        let err = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: p[0].id,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: p[0].price - 1,
                    cart: None,
                },
                Utc::now(),
            )
            .expect_err("short tender");
        assert!(
            matches!(err, CoreError::InsufficientTender { .. }),
            "{err:?}"
        );
        assert_eq!(err.kind().as_str(), "insufficient_tender");
        assert_eq!(order_count(&store), 0);
    }

    #[test]
    fn invalid_cash_inputs_are_typed_errors() {
        let (store, p) = seeded();
        let cases = [
            (vec![], 10_000, "validation"),
            (
                vec![CartLineInput {
                    product_id: 424_242,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                10_000,
                "not_found",
            ),
            (
                vec![CartLineInput {
                    product_id: p[0].id,
                    qty: 0,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                10_000,
                "validation",
            ),
            (
                vec![CartLineInput {
                    product_id: p[0].id,
                    qty: -3,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                10_000,
                "validation",
            ),
            (
                vec![CartLineInput {
                    product_id: p[0].id,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                -1,
                "validation",
            ),
        ];
        for (lines, tendered, kind) in cases {
            let err = store
                .pay_cash(
                    &PayCashRequest {
                        lines: lines.clone(),
                        tendered,
                        cart: None,
                    },
                    Utc::now(),
                )
                .expect_err("must fail");
            assert_eq!(
                err.kind().as_str(),
                kind,
                "lines {lines:?} tendered {tendered}: {err:?}"
            );
        }
        assert_eq!(order_count(&store), 0);
    }

    #[test]
    fn failure_mid_sale_leaves_no_partial_order_and_no_stock_change() {
        let (store, p) = seeded();
        let (a, b) = (&p[0], &p[1]);
        // Make the second stock update fail after the order and first update were written.
        store
            .write(|tx| {
                tx.execute_batch(&format!(
                    "CREATE TRIGGER boom BEFORE UPDATE OF stock ON products WHEN NEW.id = {}
                     BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
                    b.id
                ))?;
                Ok(())
            })
            .expect("trigger");
        let before = (stock_of(&store, a.id), stock_of(&store, b.id));
        let err = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![
                        CartLineInput {
                            product_id: a.id,
                            qty: 1,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                        CartLineInput {
                            product_id: b.id,
                            qty: 1,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                    ],
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect_err("mid-way failure");
        assert_eq!(err.kind().as_str(), "internal");
        assert_eq!(order_count(&store), 0, "no partial order may remain");
        let lines: i64 = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM order_lines", [], |r| r.get(0))?))
            .expect("lines");
        assert_eq!(lines, 0);
        assert_eq!(
            (stock_of(&store, a.id), stock_of(&store, b.id)),
            before,
            "stock untouched"
        );
    }

    #[test]
    fn cash_sale_refuses_more_than_stock() {
        let (store, p) = seeded();
        let a = &p[0];
        let stock = stock_of(&store, a.id);
        let err = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: a.id,
                        qty: stock + 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: a.price * (stock + 1),
                    cart: None,
                },
                Utc::now(),
            )
            .expect_err("over stock");
        assert_eq!(err.kind().as_str(), "insufficient_stock");
        assert_eq!(stock_of(&store, a.id), stock);
        assert_eq!(order_count(&store), 0);
    }

    #[test]
    fn order_numbers_count_per_shop_day_in_wib() {
        let (store, p) = seeded();
        let sell = |at: DateTime<Utc>| {
            store
                .pay_cash(
                    &PayCashRequest {
                        lines: vec![CartLineInput {
                            product_id: p[0].id,
                            qty: 1,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        }],
                        tendered: p[0].price,
                        cart: None,
                    },
                    at,
                )
                .expect("sale")
                .number
        };
        // 16:59 UTC = 23:59 WIB on the 25th; 17:01 UTC = 00:01 WIB on the 26th.
        let late = Utc
            .with_ymd_and_hms(2026, 11, 25, 16, 59, 0)
            .single()
            .expect("t");
        let early = Utc
            .with_ymd_and_hms(2026, 11, 25, 17, 1, 0)
            .single()
            .expect("t");
        assert_eq!(sell(late), "INV-261125-0001");
        assert_eq!(sell(early), "INV-261126-0001");
        assert_eq!(sell(early), "INV-261126-0002");
        let found = store.order_by_number("INV-261126-0002").expect("by number");
        assert_eq!(found.status, OrderStatus::Paid);
    }
}

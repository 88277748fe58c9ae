//! Open bills (issue 14): a named bill or a table ("Meja 4", "Budi"), items added over time,
//! sent to the kitchen in batches, printed as a bill ("BILL – belum lunas") and paid later.
//!
//! An open bill is not an order: nothing is charged and no stock moves until the cashier pays
//! it. Paying prices its lines from the database at that moment and creates the order through
//! the usual sale code ([`crate::Store::pay_bill_cash`],
//! [`crate::Store::create_awaiting_order_for_bill`]); the one paid path
//! ([`crate::orders::settle`]) then marks the bill paid in the same transaction ([`order_paid`]).
//! While its QR is on screen the bill points at that order and takes no new lines; a released QR
//! leaves the bill open again. Bills and their lines are never deleted: a line taken off before it
//! was sent is marked removed, a sent line stays (the kitchen has it), a bill ends paid or void.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::cart::{price_lines, CartLineInput, PricedCart};
use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::options::ChosenOption;
use crate::pricing::CartOptions;
use crate::print_jobs::PrintJob;
use crate::Store;

/// Longest bill name ("Meja 12 teras").
pub const MAX_NAME_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BillStatus {
    Open,
    Paid,
    Void,
}

impl BillStatus {
    fn parse(s: &str) -> Result<BillStatus> {
        match s {
            "open" => Ok(BillStatus::Open),
            "paid" => Ok(BillStatus::Paid),
            "void" => Ok(BillStatus::Void),
            other => Err(CoreError::Validation(format!(
                "status tagihan tidak dikenal: {other}"
            ))),
        }
    }
}

/// One line of a bill.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BillLine {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    pub options: Vec<ChosenOption>,
    #[ts(type = "number[]")]
    pub option_ids: Vec<i64>,
    pub note: Option<String>,
    /// The kitchen send it went out in (1: first ticket, 2+: TAMBAHAN); None: not sent yet.
    #[ts(type = "number | null")]
    pub batch: Option<i64>,
    /// Unit price now (product price plus options), and qty × that.
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub line_total: i64,
    #[ts(type = "number")]
    pub added_at: i64,
}

/// An open (or closed) bill as the till shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Bill {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub status: BillStatus,
    pub till: String,
    pub opened_by: Option<String>,
    /// The lines still on it (removed ones are not listed).
    pub lines: Vec<BillLine>,
    /// Its lines priced now (what paying it would charge before the cashier's discounts).
    pub priced: PricedCart,
    #[ts(type = "number")]
    pub item_count: i64,
    /// Lines not sent to the kitchen yet.
    #[ts(type = "number")]
    pub unsent_count: i64,
    /// How many kitchen sends it had.
    #[ts(type = "number")]
    pub batches: i64,
    /// The order its QR is waiting on (no lines may be added meanwhile).
    #[ts(type = "number | null")]
    pub awaiting_order_id: Option<i64>,
    /// The order that paid it.
    #[ts(type = "number | null")]
    pub paid_order_id: Option<i64>,
    pub void_reason: Option<String>,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub closed_at: Option<i64>,
}

/// Lines to add to a bill.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddToBillRequest {
    #[ts(type = "number")]
    pub bill_id: i64,
    pub lines: Vec<CartLineInput>,
}

/// What a shift close does with the bills still open on its till.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum OpenBillsAtClose {
    /// They stay open for the next shift (nothing was charged yet).
    Carry,
    /// Each is voided with this reason.
    Void { reason: String },
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CoreError::Validation(
            "nama tagihan atau nomor meja wajib diisi".into(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CoreError::Validation(format!(
            "nama tagihan paling panjang {MAX_NAME_CHARS} huruf"
        )));
    }
    Ok(name)
}

struct BillRow {
    id: i64,
    name: String,
    status: BillStatus,
    till: String,
    opened_by: Option<String>,
    order_id: Option<i64>,
    order_status: Option<String>,
    void_reason: Option<String>,
    created_at: i64,
    closed_at: Option<i64>,
}

fn bill_row(conn: &Connection, bill_id: i64) -> Result<BillRow> {
    let row = conn
        .query_row(
            "SELECT b.id, b.name, b.status, b.till, b.opened_by_name, b.order_id, o.status,
                    b.void_reason, b.created_at, b.closed_at
             FROM bills b LEFT JOIN orders o ON o.id = b.order_id WHERE b.id = ?1",
            [bill_id],
            |r| {
                Ok((
                    (r.get::<_, i64>(0)?, r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    (r.get::<_, Option<i64>>(5)?, r.get::<_, Option<String>>(6)?),
                    r.get::<_, Option<String>>(7)?,
                    (r.get::<_, i64>(8)?, r.get::<_, Option<i64>>(9)?),
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::NotFound {
            what: format!("Tagihan #{bill_id}"),
        })?;
    let ((id, name), status, till, opened_by, (order_id, order_status), void_reason, times) = row;
    Ok(BillRow {
        id,
        name,
        status: BillStatus::parse(&status)?,
        till,
        opened_by,
        order_id,
        order_status,
        void_reason,
        created_at: times.0,
        closed_at: times.1,
    })
}

impl BillRow {
    /// The order its QR waits on, if that order still awaits payment.
    fn awaiting(&self) -> Option<i64> {
        (self.status == BillStatus::Open
            && self.order_status.as_deref() == Some("awaiting_payment"))
        .then_some(self.order_id)
        .flatten()
    }

    /// Lines may be added, sent, removed, or the bill charged.
    fn check_open(&self) -> Result<()> {
        match self.status {
            BillStatus::Open if self.awaiting().is_some() => Err(CoreError::Validation(format!(
                "tagihan {} sedang menunggu pembayaran QRIS: batalkan QR-nya dulu",
                self.name
            ))),
            BillStatus::Open => Ok(()),
            BillStatus::Paid => Err(CoreError::Validation(format!(
                "tagihan {} sudah lunas",
                self.name
            ))),
            BillStatus::Void => Err(CoreError::Validation(format!(
                "tagihan {} sudah dibatalkan",
                self.name
            ))),
        }
    }
}

/// The lines still on a bill, as stored (options by id).
struct StoredBillLine {
    id: i64,
    product_id: i64,
    name: String,
    qty: i64,
    option_ids: Vec<i64>,
    note: Option<String>,
    batch: Option<i64>,
    added_at: i64,
}

fn stored_lines(conn: &Connection, bill_id: i64) -> Result<Vec<StoredBillLine>> {
    let mut st = conn.prepare(
        "SELECT l.id, l.product_id, p.name, l.qty, l.options, l.note, l.batch, l.added_at
         FROM bill_lines l JOIN products p ON p.id = l.product_id
         WHERE l.bill_id = ?1 AND l.removed_at IS NULL ORDER BY l.id",
    )?;
    let rows = st
        .query_map([bill_id], |r| {
            Ok((
                (r.get::<_, i64>(0)?, r.get::<_, i64>(1)?),
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, i64>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |((id, product_id), name, qty, options, note, batch, added_at)| {
                let option_ids: Vec<i64> = serde_json::from_str(&options).map_err(|e| {
                    CoreError::Validation(format!("pilihan baris tagihan #{id} rusak: {e}"))
                })?;
                Ok(StoredBillLine {
                    id,
                    product_id,
                    name,
                    qty,
                    option_ids,
                    note,
                    batch,
                    added_at,
                })
            },
        )
        .collect()
}

impl StoredBillLine {
    fn input(&self) -> CartLineInput {
        CartLineInput {
            product_id: self.product_id,
            qty: self.qty,
            discount: None,
            options: self.option_ids.clone(),
            note: self.note.clone(),
        }
    }
}

fn load_bill(conn: &Connection, bill_id: i64, now: DateTime<Utc>) -> Result<Bill> {
    let row = bill_row(conn, bill_id)?;
    let stored = stored_lines(conn, bill_id)?;
    let inputs: Vec<CartLineInput> = stored.iter().map(StoredBillLine::input).collect();
    let priced = price_lines(conn, &inputs, &CartOptions::default(), now)?;
    let lines = stored
        .iter()
        .map(|l| {
            // The priced line with the same product, options and note carries its unit price.
            let p = priced
                .lines
                .iter()
                .find(|p| {
                    p.product_id == l.product_id
                        && p.option_ids == l.option_ids
                        && p.note.as_deref() == l.note.as_deref()
                })
                .ok_or_else(|| CoreError::Validation(format!("baris tagihan #{}", l.id)))?;
            Ok(BillLine {
                id: l.id,
                product_id: l.product_id,
                name: l.name.clone(),
                qty: l.qty,
                options: p.options.clone(),
                option_ids: l.option_ids.clone(),
                note: l.note.clone(),
                batch: l.batch,
                unit_price: p.unit_price,
                line_total: p.unit_price.checked_mul(l.qty).ok_or(CoreError::Overflow)?,
                added_at: l.added_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let batches = stored.iter().filter_map(|l| l.batch).max().unwrap_or(0);
    Ok(Bill {
        id: row.id,
        name: row.name.clone(),
        status: row.status,
        till: row.till.clone(),
        opened_by: row.opened_by.clone(),
        item_count: priced.item_count,
        unsent_count: i64::try_from(stored.iter().filter(|l| l.batch.is_none()).count())
            .unwrap_or(i64::MAX),
        batches,
        awaiting_order_id: row.awaiting(),
        paid_order_id: (row.status == BillStatus::Paid)
            .then_some(row.order_id)
            .flatten(),
        void_reason: row.void_reason,
        created_at: row.created_at,
        closed_at: row.closed_at,
        priced,
        lines,
    })
}

/// Send the bill's unsent lines to the kitchen as the next batch. Returns the batch number,
/// or None when nothing was waiting.
fn send_unsent(tx: &Tx<'_>, bill_id: i64, now: DateTime<Utc>) -> Result<Option<i64>> {
    let last: Option<i64> = tx.query_row(
        "SELECT MAX(batch) FROM bill_lines WHERE bill_id = ?1",
        [bill_id],
        |r| r.get(0),
    )?;
    let batch = last.unwrap_or(0) + 1;
    let sent = tx.execute(
        "UPDATE bill_lines SET batch = ?2
         WHERE bill_id = ?1 AND batch IS NULL AND removed_at IS NULL",
        params![bill_id, batch],
    )?;
    if sent == 0 {
        return Ok(None);
    }
    crate::kitchen::enqueue_bill_tickets(tx, bill_id, batch, now)?;
    touch(tx, bill_id, now)?;
    Ok(Some(batch))
}

fn touch(tx: &Tx<'_>, bill_id: i64, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE bills SET updated_at = ?2 WHERE id = ?1",
        params![bill_id, now.timestamp_millis()],
    )?;
    tx.emit(DomainEvent::BillChanged { bill_id });
    Ok(())
}

/// Called by the sale code inside its transaction: the lines an open bill charges. Refuses a
/// bill that is not open, whose QR is already on screen, or that has no lines; lines not sent
/// to the kitchen yet are sent now (the kitchen must hear of everything that is paid).
pub(crate) fn lines_for_charge(
    tx: &Tx<'_>,
    bill_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<CartLineInput>> {
    bill_row(tx, bill_id)?.check_open()?;
    let lines = stored_lines(tx, bill_id)?;
    if lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    send_unsent(tx, bill_id, now)?;
    Ok(lines.iter().map(StoredBillLine::input).collect())
}

/// The order charging a bill by QRIS was stored: the bill points at it until it is paid or
/// released.
pub(crate) fn charging(tx: &Tx<'_>, bill_id: i64, order_id: i64, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE bills SET order_id = ?2 WHERE id = ?1 AND status = 'open'",
        params![bill_id, order_id],
    )?;
    touch(tx, bill_id, now)
}

pub(crate) fn bill_of_order(conn: &Connection, order_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT bill_id FROM orders WHERE id = ?1",
            [order_id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

/// Called by [`crate::orders::settle`] in the paying transaction with the order's bill (if
/// any), which is paid with it. A quick sale (no bill) sends its lines to the kitchen now. A late QRIS
/// settlement for a bill already paid another way leaves that bill as it is (the payment itself
/// still stands and shows as late in the shift).
pub(crate) fn order_paid(
    tx: &Tx<'_>,
    order_id: i64,
    bill_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    match bill_id {
        Some(bill_id) => {
            let ms = now.timestamp_millis();
            tx.execute(
                "UPDATE bills SET status = 'paid', order_id = ?2, closed_at = ?3, updated_at = ?3
                 WHERE id = ?1 AND status = 'open'",
                params![bill_id, order_id, ms],
            )?;
            tx.emit(DomainEvent::BillChanged { bill_id });
        }
        None => {
            crate::kitchen::enqueue_order_tickets(tx, order_id, now)?;
        }
    }
    Ok(())
}

/// An awaiting order was released (QR cancelled, expired, voided): its bill is open again.
pub(crate) fn order_released(tx: &Tx<'_>, order_id: i64) -> Result<()> {
    if let Some(bill_id) = bill_of_order(tx, order_id)? {
        tx.emit(DomainEvent::BillChanged { bill_id });
    }
    Ok(())
}

/// Void every open bill of `till` with `reason` (a shift close that chose to), audited.
pub(crate) fn void_open_bills_of_till(
    tx: &Tx<'_>,
    till: &str,
    reason: &str,
    actor: &crate::Operator,
    now: DateTime<Utc>,
) -> Result<usize> {
    let ids = open_bill_ids(tx, Some(till))?;
    for id in &ids {
        void_in(tx, *id, reason, Some(actor), now)?;
    }
    Ok(ids.len())
}

/// Open bills, of one till or all, oldest first.
pub(crate) fn open_bill_ids(conn: &Connection, till: Option<&str>) -> Result<Vec<i64>> {
    let mut st = conn.prepare(
        "SELECT id FROM bills WHERE status = 'open' AND (?1 IS NULL OR till = ?1) ORDER BY id",
    )?;
    let ids = st
        .query_map([till], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

fn void_in(
    tx: &Tx<'_>,
    bill_id: i64,
    reason: &str,
    actor: Option<&crate::Operator>,
    now: DateTime<Utc>,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::Validation(
            "alasan pembatalan tagihan wajib diisi".into(),
        ));
    }
    let row = bill_row(tx, bill_id)?;
    row.check_open()?;
    let bill = load_bill(tx, bill_id, now)?;
    let ms = now.timestamp_millis();
    tx.execute(
        "UPDATE bills SET status = 'void', void_reason = ?2, voided_by = ?3, closed_at = ?4,
                updated_at = ?4 WHERE id = ?1",
        params![bill_id, reason, actor.map(|a| a.user_id), ms],
    )?;
    audit::record(
        tx,
        actor,
        AuditAction::Void,
        &format!("Tagihan {}", row.name),
        serde_json::json!({
            "reason": reason,
            "total": bill.priced.non_cash.total,
            "items": bill.item_count,
            "sentBatches": bill.batches,
        }),
        now,
    )?;
    tx.emit(DomainEvent::BillChanged { bill_id });
    Ok(())
}

impl Store {
    /// Open a bill for a table or a name. One open bill per name at a time.
    pub fn open_bill(&self, name: &str, now: DateTime<Utc>) -> Result<Bill> {
        let name = clean_name(name)?;
        let operator = self.operator();
        let id = self.write(|tx| {
            let (cashier, _shift) =
                crate::shifts::selling_context(tx, operator.clone(), self.till())?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM bills
                                WHERE status = 'open' AND lower(trim(name)) = lower(?1))",
                [&name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(CoreError::Validation(format!(
                    "tagihan {name} sudah terbuka: buka dari daftar tagihan"
                )));
            }
            let ms = now.timestamp_millis();
            tx.execute(
                "INSERT INTO bills (name, till, opened_by, opened_by_name, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![name, self.till(), cashier.user_id, cashier.name, ms],
            )?;
            let id = tx.last_insert_rowid();
            tx.emit(DomainEvent::BillChanged { bill_id: id });
            Ok(id)
        })?;
        self.bill(id, now)
    }

    /// Every open bill (any till: a café's tables are the shop's), oldest first.
    pub fn open_bills(&self, now: DateTime<Utc>) -> Result<Vec<Bill>> {
        self.read(|c| {
            open_bill_ids(c, None)?
                .into_iter()
                .map(|id| load_bill(c, id, now))
                .collect()
        })
    }

    pub fn bill(&self, bill_id: i64, now: DateTime<Utc>) -> Result<Bill> {
        self.read(|c| load_bill(c, bill_id, now))
    }

    /// Add lines (each priced and checked: product, options, note) to an open bill. They wait
    /// for the next kitchen send.
    pub fn add_to_bill(&self, req: &AddToBillRequest, now: DateTime<Utc>) -> Result<Bill> {
        if req.lines.is_empty() {
            return Err(CoreError::EmptyCart);
        }
        let operator = self.operator();
        self.write(|tx| {
            let (cashier, _shift) =
                crate::shifts::selling_context(tx, operator.clone(), self.till())?;
            bill_row(tx, req.bill_id)?.check_open()?;
            // Refused whole when one line does not price (unknown product, wrong options).
            let priced = price_lines(tx, &req.lines, &CartOptions::default(), now)?;
            for l in &priced.lines {
                let options = serde_json::to_string(&l.option_ids)
                    .map_err(|e| CoreError::Validation(format!("pilihan: {e}")))?;
                tx.execute(
                    "INSERT INTO bill_lines (bill_id, product_id, qty, options, note, added_by,
                                             added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        req.bill_id,
                        l.product_id,
                        l.qty,
                        options,
                        l.note,
                        cashier.user_id,
                        now.timestamp_millis()
                    ],
                )?;
            }
            touch(tx, req.bill_id, now)
        })?;
        self.bill(req.bill_id, now)
    }

    /// Take a line off before it was sent to the kitchen (a sent line stays on the bill).
    pub fn remove_bill_line(&self, bill_id: i64, line_id: i64, now: DateTime<Utc>) -> Result<Bill> {
        self.write(|tx| {
            bill_row(tx, bill_id)?.check_open()?;
            let batch: Option<Option<i64>> = tx
                .query_row(
                    "SELECT batch FROM bill_lines
                     WHERE id = ?1 AND bill_id = ?2 AND removed_at IS NULL",
                    params![line_id, bill_id],
                    |r| r.get(0),
                )
                .optional()?;
            match batch {
                None => {
                    return Err(CoreError::NotFound {
                        what: format!("Baris tagihan #{line_id}"),
                    })
                }
                Some(Some(_)) => {
                    return Err(CoreError::Validation(
                        "baris ini sudah dikirim ke dapur dan tidak bisa dihapus".into(),
                    ))
                }
                Some(None) => {}
            }
            tx.execute(
                "UPDATE bill_lines SET removed_at = ?2 WHERE id = ?1",
                params![line_id, now.timestamp_millis()],
            )?;
            touch(tx, bill_id, now)
        })?;
        self.bill(bill_id, now)
    }

    /// "Kirim ke dapur": the unsent lines become the next batch and every prep printer gets
    /// its ticket (a later send prints "TAMBAHAN" with only the new lines).
    pub fn send_bill(&self, bill_id: i64, now: DateTime<Utc>) -> Result<Bill> {
        self.write(|tx| {
            bill_row(tx, bill_id)?.check_open()?;
            if send_unsent(tx, bill_id, now)?.is_none() {
                return Err(CoreError::Validation(
                    "tidak ada pesanan baru untuk dikirim ke dapur".into(),
                ));
            }
            Ok(())
        })?;
        self.bill(bill_id, now)
    }

    /// Queue the bill's print ("BILL – belum lunas") on the receipt printer.
    pub fn print_bill(&self, bill_id: i64, now: DateTime<Utc>) -> Result<PrintJob> {
        self.write(|tx| {
            let row = bill_row(tx, bill_id)?;
            if row.status != BillStatus::Open {
                row.check_open()?;
            }
            if stored_lines(tx, bill_id)?.is_empty() {
                return Err(CoreError::EmptyCart);
            }
            crate::print_jobs::enqueue_bill(tx, bill_id, now)
        })
    }

    /// Void an open bill with a reason (audited with what was on it).
    pub fn void_bill(&self, bill_id: i64, reason: &str, now: DateTime<Utc>) -> Result<Bill> {
        let actor = self.operator();
        self.write(|tx| void_in(tx, bill_id, reason, actor.as_ref(), now))?;
        self.bill(bill_id, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrderStatus, PayCashRequest};

    fn till() -> Store {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        store
    }

    /// A kopi at Rp 18.000 with Ukuran (required: Regular / Large +5.000), Gula (optional, one)
    /// and Tambahan (many: extra shot +4.000, oat milk +6.000), the options tests' groups. Returns (product id, option id by name).
    fn kopi(store: &Store) -> (i64, impl Fn(&str) -> i64) {
        let p = store.catalog().expect("catalog").products[0].clone();
        store
            .write(|tx| {
                tx.execute("UPDATE products SET price = 18000 WHERE id = ?1", [p.id])?;
                Ok(())
            })
            .expect("price");
        let groups = store
            .save_product_options(p.id, &crate::options::tests::kopi_groups(), Utc::now())
            .expect("options");
        let ids: Vec<(String, i64)> = groups
            .iter()
            .flat_map(|g| g.options.iter().map(|o| (o.name.clone(), o.id)))
            .collect();
        (p.id, move |name: &str| {
            ids.iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
                .expect("option")
        })
    }

    #[test]
    fn variant_pricing_matches_hand_computed_rupiah() {
        let store = till();
        let (kopi_id, o) = kopi(&store);
        let line = |ids: Vec<i64>, qty: i64, note: Option<&str>| CartLineInput {
            product_id: kopi_id,
            qty,
            discount: None,
            options: ids,
            note: note.map(String::from),
        };
        let cart = store
            .price_cart(
                &[
                    // Large + less + extra shot + oat: 18.000 + 5.000 + 4.000 + 6.000 = 33.000 × 2
                    line(
                        vec![o("Oat milk"), o("Large"), o("Less"), o("Extra shot")],
                        2,
                        Some("tanpa es"),
                    ),
                    // Regular, nothing else: 18.000
                    line(vec![o("Regular")], 1, None),
                    // The same variant again (options in another order) merges with the first.
                    line(
                        vec![o("Extra shot"), o("Less"), o("Large"), o("Oat milk")],
                        1,
                        Some(" tanpa  es"),
                    ),
                ],
                &CartOptions::default(),
                Utc::now(),
            )
            .expect("priced");
        assert_eq!(cart.lines.len(), 2);
        assert_eq!(cart.lines[0].unit_price, 33_000);
        assert_eq!(cart.lines[0].qty, 3);
        assert_eq!(cart.lines[0].line_total, 99_000);
        assert_eq!(cart.lines[0].note.as_deref(), Some("tanpa es"));
        assert_eq!(cart.lines[1].unit_price, 18_000);
        assert_eq!(cart.subtotal, 117_000);

        // A required group left out, or two picks in a pick-one group: refused, nothing priced.
        assert!(store
            .price_cart(
                &[line(vec![o("Less")], 1, None)],
                &CartOptions::default(),
                Utc::now()
            )
            .is_err());
        assert!(store
            .price_cart(
                &[line(vec![o("Large"), o("Regular")], 1, None)],
                &CartOptions::default(),
                Utc::now()
            )
            .is_err());

        // Sold: the order line keeps the options and the note as sold.
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![line(vec![o("Large"), o("Extra shot")], 1, Some("panas"))],
                    cart: None,
                    tendered: 50_000,
                },
                Utc::now(),
            )
            .expect("paid");
        assert_eq!(order.total, 27_000);
        assert_eq!(order.cash_change, Some(23_000));
        let l = &order.lines[0];
        assert_eq!(l.unit_price, 27_000);
        let labels: Vec<String> = l.options.iter().map(ChosenOption::label).collect();
        assert_eq!(labels, ["Large (+Rp 5.000)", "Extra shot (+Rp 4.000)"]);
        assert_eq!(l.note.as_deref(), Some("panas"));
    }

    #[test]
    fn an_open_bill_lives_through_a_restart_and_is_paid_once() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("kasir.db");
        let now = Utc::now();
        let (bill_id, kopi_id, large, first_total) = {
            let store = Store::open(&path).expect("open");
            crate::testing::open_till(&store, now);
            store.seed_demo_if_empty(now).expect("seed");
            let (kopi_id, o) = kopi(&store);
            let bill = store.open_bill(" Meja  4 ", now).expect("open bill");
            assert_eq!(bill.name, "Meja 4");
            assert!(store.open_bill("meja 4", now).is_err(), "one open Meja 4");
            let bill = store
                .add_to_bill(
                    &AddToBillRequest {
                        bill_id: bill.id,
                        lines: vec![CartLineInput {
                            options: vec![o("Large")],
                            note: Some("tanpa es".into()),
                            ..CartLineInput::new(kopi_id, 2)
                        }],
                    },
                    now,
                )
                .expect("add");
            assert_eq!(bill.unsent_count, 1);
            let bill = store.send_bill(bill.id, now).expect("send");
            assert_eq!((bill.unsent_count, bill.batches), (0, 1));
            assert!(
                store.send_bill(bill.id, now).is_err(),
                "nothing new to send"
            );
            let job = store.print_bill(bill.id, now).expect("print");
            assert_eq!(job.kind, crate::PrintJobKind::Bill);
            assert_eq!(job.title, "Tagihan Meja 4");
            // The sent line cannot be taken off.
            assert!(store
                .remove_bill_line(bill.id, bill.lines[0].id, now)
                .is_err());
            (bill.id, kopi_id, o("Large"), bill.priced.non_cash.total)
        };
        assert_eq!(first_total, 46_000, "2 × (18.000 + 5.000)");

        // After a restart the bill is still open, with its line, and nothing was charged.
        let store = Store::open(&path).expect("reopen");
        crate::testing::open_till(&store, now);
        let open = store.open_bills(now).expect("list");
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].lines[0].note.as_deref(), Some("tanpa es"));
        let orders: i64 = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
            .expect("count");
        assert_eq!(orders, 0, "an open bill is not an order");

        // More is added (not sent yet), then a line added by mistake is taken off.
        let bill = store
            .add_to_bill(
                &AddToBillRequest {
                    bill_id,
                    lines: vec![
                        CartLineInput {
                            options: vec![large],
                            ..CartLineInput::new(kopi_id, 1)
                        },
                        CartLineInput {
                            options: vec![large],
                            note: Some("salah".into()),
                            ..CartLineInput::new(kopi_id, 1)
                        },
                    ],
                },
                now,
            )
            .expect("add more");
        let mistake = bill
            .lines
            .iter()
            .find(|l| l.note.as_deref() == Some("salah"))
            .expect("l");
        let bill = store
            .remove_bill_line(bill_id, mistake.id, now)
            .expect("remove");
        assert_eq!(bill.priced.non_cash.total, 69_000);

        // Paying sends the unsent line first (batch 2), stores one order, pays the bill.
        let order = store
            .pay_bill_cash(bill_id, &CartOptions::default(), 70_000, now)
            .expect("pay");
        assert_eq!(order.status, OrderStatus::Paid);
        assert_eq!(order.total, 69_000);
        assert_eq!(order.cash_change, Some(1_000));
        let bill = store.bill(bill_id, now).expect("bill");
        assert_eq!(bill.status, BillStatus::Paid);
        assert_eq!(bill.paid_order_id, Some(order.id));
        assert_eq!(bill.batches, 2);
        assert!(store.open_bills(now).expect("list").is_empty());
        assert!(
            store
                .pay_bill_cash(bill_id, &CartOptions::default(), 70_000, now)
                .is_err(),
            "paid once"
        );
        assert!(store.void_bill(bill_id, "salah", now).is_err());
    }

    #[test]
    fn a_served_bill_is_paid_in_cash_even_when_the_shelf_count_is_short() {
        let store = till();
        let now = Utc::now();
        let p = store.catalog().expect("catalog").products[0].clone();
        let bill = store.open_bill("Meja 9", now).expect("open");
        store
            .add_to_bill(
                &AddToBillRequest {
                    bill_id: bill.id,
                    lines: vec![CartLineInput::new(p.id, 2)],
                },
                now,
            )
            .expect("add");
        store
            .write(|tx| {
                tx.execute("UPDATE products SET stock = 1 WHERE id = ?1", [p.id])?;
                Ok(())
            })
            .expect("short shelf");
        // A quick sale of the same two is refused (nothing handed over yet)...
        let quick = store.pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput::new(p.id, 2)],
                cart: None,
                tendered: 10_000_000,
            },
            now,
        );
        assert!(
            matches!(quick, Err(CoreError::InsufficientStock { .. })),
            "{quick:?}"
        );
        // ...but the table already had them: the bill is paid and the count goes below zero.
        let order = store
            .pay_bill_cash(bill.id, &CartOptions::default(), 10_000_000, now)
            .expect("paid");
        assert_eq!(order.status, OrderStatus::Paid);
        let stock: i64 = store
            .read(|c| {
                Ok(
                    c.query_row("SELECT stock FROM products WHERE id = ?1", [p.id], |r| {
                        r.get(0)
                    })?,
                )
            })
            .expect("stock");
        assert_eq!(stock, -1);
    }

    #[test]
    fn a_bill_waiting_for_its_qr_takes_nothing_new_and_reopens_when_the_qr_is_released() {
        let store = till();
        let now = Utc::now();
        let p = store.catalog().expect("catalog").products[0].clone();
        let bill = store.open_bill("Budi", now).expect("open");
        store
            .add_to_bill(
                &AddToBillRequest {
                    bill_id: bill.id,
                    lines: vec![CartLineInput::new(p.id, 1)],
                },
                now,
            )
            .expect("add");
        let order = store
            .create_awaiting_order_for_bill(bill.id, &CartOptions::default(), now)
            .expect("qris");
        assert_eq!(order.total, p.price);
        let waiting = store.bill(bill.id, now).expect("bill");
        assert_eq!(waiting.awaiting_order_id, Some(order.id));
        assert_eq!(waiting.batches, 1, "charging sent the lines to the kitchen");
        let add = AddToBillRequest {
            bill_id: bill.id,
            lines: vec![CartLineInput::new(p.id, 1)],
        };
        assert!(store.add_to_bill(&add, now).is_err());
        assert!(
            store
                .pay_bill_cash(bill.id, &CartOptions::default(), 1_000_000, now)
                .is_err(),
            "no second charge while the QR is on screen"
        );

        store.cancel_awaiting_order(order.id).expect("release");
        let open = store.bill(bill.id, now).expect("bill");
        assert_eq!(open.status, BillStatus::Open);
        assert_eq!(open.awaiting_order_id, None);
        store.add_to_bill(&add, now).expect("open again");

        // Void needs a reason; then the bill is closed and audited.
        assert!(store.void_bill(bill.id, "  ", now).is_err());
        let void = store
            .void_bill(bill.id, "pelanggan pergi", now)
            .expect("void");
        assert_eq!(void.status, BillStatus::Void);
        assert!(store.add_to_bill(&add, now).is_err());
    }
}

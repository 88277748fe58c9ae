//! Kitchen and bar tickets (issue 14): the preparation printers (`prep_printers`; each one's
//! connection and paper width are settings rows under `prep.<id>`), which category prints where
//! (`category_routes`), queueing one `kitchen` print job per printer for one send of an open
//! bill or for a paid quick sale, and what a ticket prints ([`KitchenTicket`]), read from the
//! stored lines when it is printed.
//!
//! Knows nothing about ESC/POS or drivers: `kasir-receipts` lays the ticket out and sends it to
//! that printer's connection through the same durable queue (and the same failed-jobs badge) as
//! receipts. Must not depend on `tauri`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, SettingsSection};
use crate::print_jobs::{self, PrintJob};
use crate::settings::printer::{PaperChoice, StoredConnection};
use crate::settings::{self, audit_form, set_noting};
use crate::Store;

/// Longest name of a kitchen/bar printer ("Dapur", "Bar Lantai 2").
pub const MAX_PREP_PRINTER_NAME: usize = 40;

/// What a ticket says above the lines of a later send of a bill.
pub const ADDITION_BANNER: &str = "TAMBAHAN";

/// A kitchen or bar printer with where it is.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrepPrinter {
    #[ts(type = "number")]
    pub id: i64,
    /// "Dapur", "Bar": printed on its tickets and in the failed-jobs badge.
    pub name: String,
    /// Removed printers stay (old jobs name them) but get no new tickets.
    pub active: bool,
    pub paper: PaperChoice,
    #[serde(flatten)]
    #[ts(flatten)]
    pub connection: StoredConnection,
}

/// The "Printer Dapur & Bar" form: a new printer (`id` null) or an edit.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrepPrinterInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub paper: PaperChoice,
    #[serde(flatten)]
    #[ts(flatten)]
    pub connection: StoredConnection,
}

/// Where one category's lines print (a row of the routing table).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryRoute {
    #[ts(type = "number")]
    pub category_id: i64,
    pub category_name: String,
    /// The active printer its lines go to; null: not printed ("tidak dicetak").
    #[ts(type = "number | null")]
    pub prep_printer_id: Option<i64>,
}

/// Set one category's printer (null: not printed).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryRouteInput {
    #[ts(type = "number")]
    pub category_id: i64,
    #[ts(type = "number | null")]
    pub prep_printer_id: Option<i64>,
}

/// One line of a ticket: how many of what, how, and the cashier's note.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct KitchenLine {
    pub qty: i64,
    pub name: String,
    /// "Ukuran: Large", "Tambahan: Extra shot", in the product's order of its option groups.
    pub options: Vec<String>,
    /// "tanpa es"; `None` when there is none.
    pub note: Option<String>,
}

/// What one kitchen job prints, read from the database: only the lines routed to its printer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct KitchenTicket {
    pub job_id: i64,
    pub printer_id: i64,
    pub printer_name: String,
    /// The bill's name ("Meja 4", "Budi") or the quick sale's order number.
    pub title: String,
    /// Which send of the bill (1 for a quick sale).
    pub batch: i64,
    /// A later send of the bill: the ticket says [`ADDITION_BANNER`] and lists only the new lines.
    pub addition: bool,
    /// When it was rung up (the job was queued), UTC unix milliseconds.
    pub at: i64,
    /// Who rang it up (the last line's adder of the send, or the quick sale's cashier).
    pub cashier: Option<String>,
    pub lines: Vec<KitchenLine>,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::Validation(message.into())
}

fn printer_not_found(id: i64) -> CoreError {
    CoreError::NotFound {
        what: format!("Printer dapur/bar #{id}"),
    }
}

/// The settings-row prefix of a printer's connection and paper: `prep.<id>`.
fn prefix(id: i64) -> String {
    format!("prep.{id}")
}

fn paper_key(id: i64) -> String {
    format!("{}.paper", prefix(id))
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(invalid(
            "nama printer dapur/bar wajib diisi, misalnya Dapur atau Bar",
        ));
    }
    if name.chars().count() > MAX_PREP_PRINTER_NAME {
        return Err(invalid(format!(
            "nama printer dapur/bar paling panjang {MAX_PREP_PRINTER_NAME} huruf"
        )));
    }
    Ok(name)
}

fn load_printer(conn: &Connection, id: i64) -> Result<PrepPrinter> {
    let row: Option<(String, bool)> = conn
        .query_row(
            "SELECT name, active FROM prep_printers WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (name, active) = row.ok_or_else(|| printer_not_found(id))?;
    let d = StoredConnection::default();
    Ok(PrepPrinter {
        id,
        name,
        active,
        paper: settings::get(conn, &paper_key(id))?
            .and_then(|p| PaperChoice::parse(&p))
            .unwrap_or_default(),
        connection: StoredConnection::read(conn, &prefix(id), d.fields())?,
    })
}

fn active_printer_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut st =
        conn.prepare("SELECT id FROM prep_printers WHERE active = 1 ORDER BY lower(name), id")?;
    let ids = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

fn load_routes(conn: &Connection) -> Result<Vec<CategoryRoute>> {
    let mut st = conn.prepare(
        "SELECT c.id, c.name, pp.id
         FROM categories c
         LEFT JOIN category_routes r ON r.category_id = c.id
         LEFT JOIN prep_printers pp ON pp.id = r.prep_printer_id AND pp.active = 1
         ORDER BY c.sort_order, c.name",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(CategoryRoute {
                category_id: r.get(0)?,
                category_name: r.get(1)?,
                prep_printer_id: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Insert one pending kitchen job and announce it (the print worker wakes on it).
fn insert_ticket(
    tx: &Tx<'_>,
    bill_id: Option<i64>,
    order_id: Option<i64>,
    printer_id: i64,
    batch: i64,
    now: DateTime<Utc>,
) -> Result<PrintJob> {
    let ms = now.timestamp_millis();
    tx.execute(
        "INSERT INTO print_jobs (kind, order_id, bill_id, prep_printer_id, batch, reason, copy,
                                 status, created_at, updated_at)
         VALUES ('kitchen', ?1, ?2, ?3, ?4, 'auto', 0, 'pending', ?5, ?5)",
        params![order_id, bill_id, printer_id, batch, ms],
    )?;
    print_jobs::changed(tx, tx.last_insert_rowid())
}

/// Inside the transaction that sends `batch` of an open bill to the kitchen: one `kitchen` job
/// for every active printer that at least one line of that send is routed to (product →
/// category → printer; lines taken off are skipped). A printer that already has this send's
/// ticket gets no second one, so calling it again queues nothing. Returns the new jobs.
pub(crate) fn enqueue_bill_tickets(
    tx: &Tx<'_>,
    bill_id: i64,
    batch: i64,
    now: DateTime<Utc>,
) -> Result<Vec<PrintJob>> {
    if batch < 1 {
        return Err(invalid(format!(
            "kiriman dapur harus 1 atau lebih (diterima {batch})"
        )));
    }
    let printers: Vec<i64> = {
        let mut st = tx.prepare(
            "SELECT DISTINCT pp.id
             FROM bill_lines bl
             JOIN products p ON p.id = bl.product_id
             JOIN category_routes r ON r.category_id = p.category_id
             JOIN prep_printers pp ON pp.id = r.prep_printer_id AND pp.active = 1
             WHERE bl.bill_id = ?1 AND bl.batch = ?2 AND bl.removed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM print_jobs j
                               WHERE j.kind = 'kitchen' AND j.bill_id = ?1 AND j.batch = ?2
                                 AND j.prep_printer_id = pp.id)
             ORDER BY pp.id",
        )?;
        let ids = st
            .query_map(params![bill_id, batch], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    printers
        .into_iter()
        .map(|printer| insert_ticket(tx, Some(bill_id), None, printer, batch, now))
        .collect()
}

/// Inside the transaction that marks a quick sale paid ([`crate::orders::settle`]): one
/// `kitchen` job (batch 1) for every active printer that at least one of its lines is routed to.
/// An order that pays an open bill gets none here (the bill's sends printed its lines), and an
/// order whose tickets are already queued gets no second set. Returns the new jobs.
pub(crate) fn enqueue_order_tickets(
    tx: &Tx<'_>,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<PrintJob>> {
    let printers: Vec<i64> = {
        let mut st = tx.prepare(
            "SELECT DISTINCT pp.id
             FROM orders o
             JOIN order_lines ol ON ol.order_id = o.id
             JOIN products p ON p.id = ol.product_id
             JOIN category_routes r ON r.category_id = p.category_id
             JOIN prep_printers pp ON pp.id = r.prep_printer_id AND pp.active = 1
             WHERE o.id = ?1 AND o.bill_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM print_jobs j
                               WHERE j.kind = 'kitchen' AND j.order_id = ?1
                                 AND j.prep_printer_id = pp.id)
             ORDER BY pp.id",
        )?;
        let ids = st
            .query_map([order_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    printers
        .into_iter()
        .map(|printer| insert_ticket(tx, None, Some(order_id), printer, 1, now))
        .collect()
}

fn note_of(note: Option<String>) -> Option<String> {
    note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty())
}

/// "Group: Option" for each chosen option id of a bill line (JSON array of ids), in the
/// product's order of groups and options. An id no longer in the catalogue prints as
/// "opsi #id" rather than vanishing from the kitchen's ticket.
fn bill_line_options(conn: &Connection, line_id: i64, json: &str) -> Result<Vec<String>> {
    let ids: Vec<i64> = serde_json::from_str(json).map_err(|e| {
        invalid(format!(
            "pilihan baris tagihan #{line_id} tidak terbaca ({e})"
        ))
    })?;
    let mut named = Vec::with_capacity(ids.len());
    for id in ids {
        let found: Option<(i64, i64, i64, String)> = conn
            .query_row(
                "SELECT og.sort_order, og.id, po.sort_order, og.name || ': ' || po.name
                 FROM product_options po JOIN option_groups og ON og.id = po.group_id
                 WHERE po.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        named.push(match found {
            Some((group_order, group, order, text)) => ((group_order, group, order, id), text),
            None => ((i64::MAX, i64::MAX, i64::MAX, id), format!("opsi #{id}")),
        });
    }
    named.sort_by_key(|n| n.0);
    Ok(named.into_iter().map(|(_, text)| text).collect())
}

/// "Group: Option" for each option of a quick sale's line as sold (`order_lines.options`, read
/// through the one reader of that column).
fn sold_options(json: Option<&str>) -> Result<Vec<String>> {
    Ok(crate::options::from_column(json)?
        .into_iter()
        .map(|o| format!("{}: {}", o.group.trim(), o.name.trim()))
        .collect())
}

/// A routed line as read, before its options are named.
struct RawLine {
    id: i64,
    qty: i64,
    name: String,
    /// Bill lines: ids (never null); quick sales: options as sold, or null.
    options: Option<String>,
    note: Option<String>,
}

/// The `SELECT id, qty, name, options, note` rows of `sql`.
fn raw_lines(conn: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<RawLine>> {
    let mut st = conn.prepare(sql)?;
    let rows = st
        .query_map(args, |r| {
            Ok(RawLine {
                id: r.get(0)?,
                qty: r.get(1)?,
                name: r.get(2)?,
                options: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The routed lines of one send of a bill.
fn bill_lines(
    conn: &Connection,
    bill_id: i64,
    batch: i64,
    printer: i64,
) -> Result<Vec<KitchenLine>> {
    let rows = raw_lines(
        conn,
        "SELECT bl.id, bl.qty, p.name, bl.options, bl.note
         FROM bill_lines bl
         JOIN products p ON p.id = bl.product_id
         JOIN category_routes r ON r.category_id = p.category_id
         WHERE bl.bill_id = ?1 AND bl.batch = ?2 AND bl.removed_at IS NULL
           AND r.prep_printer_id = ?3
         ORDER BY bl.id",
        &[&bill_id, &batch, &printer],
    )?;
    rows.into_iter()
        .map(|l| {
            Ok(KitchenLine {
                qty: l.qty,
                name: l.name,
                options: bill_line_options(conn, l.id, l.options.as_deref().unwrap_or("[]"))?,
                note: note_of(l.note),
            })
        })
        .collect()
}

/// The routed lines of a quick sale, named as sold.
fn order_lines(conn: &Connection, order_id: i64, printer: i64) -> Result<Vec<KitchenLine>> {
    let rows = raw_lines(
        conn,
        "SELECT ol.id, ol.qty, ol.name, ol.options, ol.note
         FROM order_lines ol
         JOIN products p ON p.id = ol.product_id
         JOIN category_routes r ON r.category_id = p.category_id
         WHERE ol.order_id = ?1 AND r.prep_printer_id = ?2
         ORDER BY ol.id",
        &[&order_id, &printer],
    )?;
    rows.into_iter()
        .map(|l| {
            Ok(KitchenLine {
                qty: l.qty,
                name: l.name,
                options: sold_options(l.options.as_deref())?,
                note: note_of(l.note),
            })
        })
        .collect()
}

/// Who rang up a send of a bill: whoever added its latest line, else who opened the bill.
fn bill_sender(conn: &Connection, bill_id: i64, batch: i64) -> Result<Option<String>> {
    let adder: Option<String> = conn
        .query_row(
            "SELECT u.name FROM bill_lines bl JOIN users u ON u.id = bl.added_by
             WHERE bl.bill_id = ?1 AND bl.batch = ?2 AND bl.removed_at IS NULL
             ORDER BY bl.added_at DESC, bl.id DESC LIMIT 1",
            params![bill_id, batch],
            |r| r.get(0),
        )
        .optional()?;
    match adder {
        Some(name) => Ok(Some(name)),
        None => Ok(conn
            .query_row(
                "SELECT opened_by_name FROM bills WHERE id = ?1",
                [bill_id],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten()),
    }
}

fn read_ticket(conn: &Connection, job_id: i64) -> Result<KitchenTicket> {
    type Head = (
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let head: Option<Head> = conn
        .query_row(
            "SELECT j.kind, j.bill_id, j.order_id, j.prep_printer_id, j.batch, j.created_at,
                    pp.name, b.name, o.number, o.cashier
             FROM print_jobs j
             LEFT JOIN prep_printers pp ON pp.id = j.prep_printer_id
             LEFT JOIN bills b ON b.id = j.bill_id
             LEFT JOIN orders o ON o.id = j.order_id
             WHERE j.id = ?1",
            [job_id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .optional()?;
    let (kind, bill_id, order_id, printer, batch, at, printer_name, bill_name, number, cashier) =
        head.ok_or_else(|| CoreError::NotFound {
            what: format!("Antrian cetak #{job_id}"),
        })?;
    let not_a_ticket = || invalid(format!("antrian cetak #{job_id} bukan tiket dapur/bar"));
    if kind != "kitchen" {
        return Err(not_a_ticket());
    }
    let (printer, batch, printer_name) = match (printer, batch, printer_name) {
        (Some(p), Some(b), Some(n)) => (p, b, n),
        _ => return Err(not_a_ticket()),
    };
    let (title, cashier, lines) = match (bill_id, order_id) {
        (Some(bill), _) => (
            bill_name.ok_or_else(not_a_ticket)?,
            bill_sender(conn, bill, batch)?,
            bill_lines(conn, bill, batch, printer)?,
        ),
        (None, Some(order)) => (
            number.ok_or_else(not_a_ticket)?,
            cashier,
            order_lines(conn, order, printer)?,
        ),
        (None, None) => return Err(not_a_ticket()),
    };
    if lines.is_empty() {
        return Err(invalid(format!(
            "tiket {printer_name} untuk {title} tidak punya baris lagi (rute kategori diubah?); \
             abaikan tiket ini"
        )));
    }
    Ok(KitchenTicket {
        job_id,
        printer_id: printer,
        printer_name,
        title,
        batch,
        addition: batch > 1,
        at,
        cashier,
        lines,
    })
}

impl Store {
    /// The kitchen and bar printers in use, by name.
    pub fn list_prep_printers(&self) -> Result<Vec<PrepPrinter>> {
        self.read(|c| {
            active_printer_ids(c)?
                .into_iter()
                .map(|id| load_printer(c, id))
                .collect()
        })
    }

    /// One printer, removed ones too (the worker sends an old job to it).
    pub fn prep_printer(&self, id: i64) -> Result<PrepPrinter> {
        self.read(|c| load_printer(c, id))
    }

    /// Add (`id` null) or edit a kitchen/bar printer: name, connection (checked like the
    /// receipt printer's) and paper, in one transaction with one audit row. Adding a name that
    /// a removed printer had brings that printer back.
    pub fn save_prep_printer(
        &self,
        input: &PrepPrinterInput,
        now: DateTime<Utc>,
    ) -> Result<PrepPrinter> {
        let name = clean_name(&input.name)?;
        input.connection.fields().validate()?;
        let actor = self.operator();
        self.write(|tx| {
            let ms = now.timestamp_millis();
            let mut changes = serde_json::Map::new();
            let same_name: Option<(i64, bool)> = tx
                .query_row(
                    "SELECT id, active FROM prep_printers
                     WHERE lower(trim(name)) = lower(trim(?1)) AND id IS NOT ?2",
                    params![name, input.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let taken = || invalid(format!("sudah ada printer dapur/bar bernama {name}"));
            let id = match (input.id, same_name) {
                (_, Some((_, true))) => return Err(taken()),
                (Some(_), Some((_, false))) => {
                    return Err(invalid(format!(
                        "nama {name} dipakai printer yang sudah dihapus; tambahkan printer baru \
                         bernama {name} untuk memakainya lagi"
                    )))
                }
                (Some(id), None) => {
                    let old: Option<String> = tx
                        .query_row(
                            "SELECT name FROM prep_printers WHERE id = ?1 AND active = 1",
                            [id],
                            |r| r.get(0),
                        )
                        .optional()?;
                    let old = old.ok_or_else(|| printer_not_found(id))?;
                    if old != name {
                        changes.insert(
                            format!("{}.name", prefix(id)),
                            serde_json::json!({ "from": old, "to": name }),
                        );
                    }
                    tx.execute(
                        "UPDATE prep_printers SET name = ?2, updated_at = ?3 WHERE id = ?1",
                        params![id, name, ms],
                    )?;
                    id
                }
                (None, Some((id, false))) => {
                    tx.execute(
                        "UPDATE prep_printers SET name = ?2, active = 1, updated_at = ?3
                         WHERE id = ?1",
                        params![id, name, ms],
                    )?;
                    changes.insert(
                        format!("{}.active", prefix(id)),
                        serde_json::json!({ "from": false, "to": true }),
                    );
                    id
                }
                (None, None) => {
                    tx.execute(
                        "INSERT INTO prep_printers (name, active, created_at, updated_at)
                         VALUES (?1, 1, ?2, ?2)",
                        params![name, ms],
                    )?;
                    let id = tx.last_insert_rowid();
                    changes.insert(
                        format!("{}.name", prefix(id)),
                        serde_json::json!({ "from": null, "to": name }),
                    );
                    id
                }
            };
            for (key, value) in &input.connection.fields().rows(&prefix(id)) {
                set_noting(tx, &mut changes, key, value)?;
            }
            set_noting(tx, &mut changes, &paper_key(id), input.paper.as_str())?;
            let changed = !changes.is_empty();
            audit_form(
                tx,
                actor.as_ref(),
                &format!("Printer dapur/bar {name}"),
                changes,
                now,
            )?;
            if changed {
                tx.emit(DomainEvent::SettingsChanged {
                    section: SettingsSection::Kitchen,
                });
            }
            load_printer(tx, id)
        })
    }

    /// Remove a kitchen/bar printer: it gets no new tickets and the categories routed to it
    /// print nowhere (the routing table shows them "tidak dicetak") until routed again. Its row,
    /// connection and routes stay: jobs already queued still print there with their lines, old
    /// jobs keep naming it, and adding a printer of that name again brings it back as it was.
    pub fn remove_prep_printer(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let actor = self.operator();
        self.write(|tx| {
            let name: Option<String> = tx
                .query_row(
                    "SELECT name FROM prep_printers WHERE id = ?1 AND active = 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let name = name.ok_or_else(|| printer_not_found(id))?;
            let categories: Vec<String> = {
                let mut st = tx.prepare(
                    "SELECT c.name FROM category_routes r JOIN categories c ON c.id = r.category_id
                     WHERE r.prep_printer_id = ?1 ORDER BY c.sort_order, c.name",
                )?;
                let names = st
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                names
            };
            tx.execute(
                "UPDATE prep_printers SET active = 0, updated_at = ?2 WHERE id = ?1",
                params![id, now.timestamp_millis()],
            )?;
            let mut changes = serde_json::Map::new();
            changes.insert(
                format!("{}.active", prefix(id)),
                serde_json::json!({ "from": true, "to": false, "unrouted": categories }),
            );
            audit_form(
                tx,
                actor.as_ref(),
                &format!("Printer dapur/bar {name}"),
                changes,
                now,
            )?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Kitchen,
            });
            Ok(())
        })
    }

    /// Every category with the printer its lines go to (null: not printed).
    pub fn category_routes(&self) -> Result<Vec<CategoryRoute>> {
        self.read(load_routes)
    }

    /// Set where each listed category prints, all in one transaction with one audit row
    /// (categories not listed keep their route). Returns the whole table.
    pub fn save_category_routes(
        &self,
        routes: &[CategoryRouteInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<CategoryRoute>> {
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = routes.iter().find(|r| !seen.insert(r.category_id)) {
            return Err(invalid(format!(
                "kategori #{} disebut dua kali",
                dup.category_id
            )));
        }
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            for route in routes {
                let category: Option<String> = tx
                    .query_row(
                        "SELECT name FROM categories WHERE id = ?1",
                        [route.category_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                let category = category.ok_or_else(|| CoreError::NotFound {
                    what: format!("Kategori #{}", route.category_id),
                })?;
                let to = match route.prep_printer_id {
                    None => None,
                    Some(p) => {
                        let name: Option<String> = tx
                            .query_row(
                                "SELECT name FROM prep_printers WHERE id = ?1 AND active = 1",
                                [p],
                                |r| r.get(0),
                            )
                            .optional()?;
                        Some((p, name.ok_or_else(|| printer_not_found(p))?))
                    }
                };
                let from: Option<(i64, String)> = tx
                    .query_row(
                        "SELECT pp.id, pp.name FROM category_routes r
                         JOIN prep_printers pp ON pp.id = r.prep_printer_id
                         WHERE r.category_id = ?1",
                        [route.category_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if from.as_ref().map(|f| f.0) == to.as_ref().map(|t| t.0) {
                    continue;
                }
                match &to {
                    Some((p, _)) => tx.execute(
                        "INSERT INTO category_routes (category_id, prep_printer_id)
                         VALUES (?1, ?2)
                         ON CONFLICT (category_id) DO UPDATE
                             SET prep_printer_id = excluded.prep_printer_id",
                        params![route.category_id, p],
                    )?,
                    None => tx.execute(
                        "DELETE FROM category_routes WHERE category_id = ?1",
                        [route.category_id],
                    )?,
                };
                changes.insert(
                    category,
                    serde_json::json!({ "from": from.map(|f| f.1), "to": to.map(|t| t.1) }),
                );
            }
            let changed = !changes.is_empty();
            audit_form(tx, actor.as_ref(), "Rute printer dapur/bar", changes, now)?;
            if changed {
                tx.emit(DomainEvent::SettingsChanged {
                    section: SettingsSection::Kitchen,
                });
            }
            load_routes(tx)
        })
    }

    /// What kitchen job `job_id` prints: its printer, the bill's name or the order number, the
    /// send, and only the lines routed to that printer (as they are routed now).
    pub fn kitchen_ticket(&self, job_id: i64) -> Result<KitchenTicket> {
        self.read(|c| read_ticket(c, job_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::printer::ConnectionType;
    use crate::{CartLineInput, CategoryInput, PayCashRequest, PrintJobKind, PrintJobStatus};

    fn now() -> DateTime<Utc> {
        Utc::now()
    }

    fn network(host: &str, port: u16) -> StoredConnection {
        StoredConnection {
            connection: ConnectionType::Network,
            host: host.into(),
            port,
            ..StoredConnection::default()
        }
    }

    fn add_printer(store: &Store, name: &str, port: u16) -> PrepPrinter {
        store
            .save_prep_printer(
                &PrepPrinterInput {
                    id: None,
                    name: name.into(),
                    paper: PaperChoice::Mm80,
                    connection: network("127.0.0.1", port),
                },
                now(),
            )
            .expect("printer")
    }

    fn category(store: &Store, name: &str) -> i64 {
        store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: name.into(),
                },
                now(),
            )
            .expect("category")
            .id
    }

    fn product(store: &Store, sku: &str, name: &str, category: Option<i64>) -> i64 {
        store
            .save_product(
                &crate::ProductInput {
                    id: None,
                    sku: sku.into(),
                    barcode: None,
                    name: name.into(),
                    category_id: category,
                    price: 20_000,
                    stock: 100,
                    active: true,
                    cost_price: None,
                    tax_exempt: None,
                    low_stock_threshold: None,
                },
                now(),
            )
            .expect("product")
            .product
            .id
    }

    fn route(store: &Store, category_id: i64, printer: Option<i64>) {
        store
            .save_category_routes(
                &[CategoryRouteInput {
                    category_id,
                    prep_printer_id: printer,
                }],
                now(),
            )
            .expect("route");
    }

    /// A café: Makanan → Dapur, Minuman → Bar, Lainnya not printed.
    struct Cafe {
        dapur: PrepPrinter,
        bar: PrepPrinter,
        nasi: i64,
        teh: i64,
        kopi: i64,
        kerupuk: i64,
    }

    fn cafe(store: &Store) -> Cafe {
        let dapur = add_printer(store, "Dapur", 9101);
        let bar = add_printer(store, "Bar", 9102);
        let makanan = category(store, "Makanan");
        let minuman = category(store, "Minuman");
        let lainnya = category(store, "Lainnya");
        route(store, makanan, Some(dapur.id));
        route(store, minuman, Some(bar.id));
        Cafe {
            nasi: product(store, "NG-1", "Nasi Goreng", Some(makanan)),
            teh: product(store, "ET-1", "Es Teh", Some(minuman)),
            kopi: product(store, "KS-1", "Kopi Susu", Some(minuman)),
            kerupuk: product(store, "KR-1", "Kerupuk", Some(lainnya)),
            dapur,
            bar,
        }
    }

    fn open_bill(store: &Store, name: &str) -> i64 {
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO bills (name, till, status, created_at, updated_at)
                     VALUES (?1, 'KASIR-1', 'open', 0, 0)",
                    [name],
                )?;
                Ok(tx.last_insert_rowid())
            })
            .expect("bill")
    }

    fn bill_line(
        store: &Store,
        bill: i64,
        product: i64,
        qty: i64,
        options: &str,
        note: Option<&str>,
        batch: i64,
    ) {
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO bill_lines (bill_id, product_id, qty, options, note, batch, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
                    params![bill, product, qty, options, note, batch],
                )?;
                Ok(())
            })
            .expect("bill line");
    }

    /// Two option groups on Kopi Susu; returns (Large id, Extra shot id).
    fn kopi_options(store: &Store, kopi: i64) -> (i64, i64) {
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO option_groups (product_id, name, required, multiple, sort_order)
                     VALUES (?1, 'Tambahan', 0, 1, 2)",
                    [kopi],
                )?;
                let tambahan = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO option_groups (product_id, name, required, multiple, sort_order)
                     VALUES (?1, 'Ukuran', 1, 0, 1)",
                    [kopi],
                )?;
                let ukuran = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO product_options (group_id, name, price_delta)
                     VALUES (?1, 'Extra shot', 4000)",
                    [tambahan],
                )?;
                let shot = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO product_options (group_id, name, price_delta)
                     VALUES (?1, 'Large', 5000)",
                    [ukuran],
                )?;
                Ok((tx.last_insert_rowid(), shot))
            })
            .expect("options")
    }

    #[test]
    fn kitchen_printers_are_saved_with_their_connection_rows_audited_and_removed_softly() {
        let store = crate::testing::till();
        let mut feed = store.events().subscribe();
        let dapur = add_printer(&store, "  Dapur  ", 9101);
        assert_eq!(dapur.name, "Dapur", "the name is trimmed");
        assert_eq!(dapur.connection, network("127.0.0.1", 9101));
        assert_eq!(dapur.paper, PaperChoice::Mm80);
        assert!(dapur.active);
        let host: Option<String> = store
            .read(|c| settings::get(c, &format!("prep.{}.host", dapur.id)))
            .expect("row");
        assert_eq!(
            host.as_deref(),
            Some("127.0.0.1"),
            "the connection is stored under prep.<id> like the other printer forms"
        );
        assert!(
            matches!(
                feed.try_recv(),
                Ok(DomainEvent::SettingsChanged {
                    section: SettingsSection::Kitchen
                })
            ),
            "the form's save is announced"
        );

        // Checked like the receipt printer: a network printer needs a host.
        let err = store
            .save_prep_printer(
                &PrepPrinterInput {
                    id: None,
                    name: "Bar".into(),
                    paper: PaperChoice::Mm58,
                    connection: network(" ", 9100),
                },
                now(),
            )
            .expect_err("no host");
        assert_eq!(err.kind().as_str(), "validation");
        assert!(err.message_id().contains("host"), "{}", err.message_id());
        let dup = store
            .save_prep_printer(
                &PrepPrinterInput {
                    id: None,
                    name: "dapur".into(),
                    paper: PaperChoice::Mm58,
                    connection: network("10.0.0.9", 9100),
                },
                now(),
            )
            .expect_err("same name");
        assert!(
            dup.message_id().contains("sudah ada"),
            "{}",
            dup.message_id()
        );

        // Edit: new host and paper, the same row.
        let edited = store
            .save_prep_printer(
                &PrepPrinterInput {
                    id: Some(dapur.id),
                    name: "Dapur".into(),
                    paper: PaperChoice::Mm58,
                    connection: network("192.168.1.77", 9100),
                },
                now(),
            )
            .expect("edit");
        assert_eq!(edited.id, dapur.id);
        assert_eq!(edited.connection.host, "192.168.1.77");
        assert_eq!(
            store.list_prep_printers().expect("list"),
            vec![edited.clone()]
        );
        let audited: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE subject = 'Printer dapur/bar Dapur'
                     AND detail LIKE '%192.168.1.77%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited, 1, "the edit is audited with what changed");

        // Removed: kept as a row, out of the list, its categories print nowhere; the name can
        // come back, with its routes.
        let makanan = category(&store, "Makanan");
        route(&store, makanan, Some(dapur.id));
        store.remove_prep_printer(dapur.id, now()).expect("remove");
        assert!(store.list_prep_printers().expect("list").is_empty());
        assert!(!store.prep_printer(dapur.id).expect("kept").active);
        assert_eq!(
            store.category_routes().expect("routes")[0].prep_printer_id,
            None,
            "its categories print nowhere now"
        );
        assert_eq!(
            store
                .remove_prep_printer(dapur.id, now())
                .expect_err("twice")
                .kind()
                .as_str(),
            "not_found"
        );
        let back = add_printer(&store, "Dapur", 9103);
        assert_eq!(back.id, dapur.id, "the removed printer comes back");
        assert!(back.active);
        assert_eq!(back.connection.port, 9103);
        assert_eq!(
            store.category_routes().expect("routes")[0].prep_printer_id,
            Some(dapur.id)
        );
    }

    #[test]
    fn routes_are_set_in_one_transaction_and_a_bad_one_changes_nothing() {
        let store = crate::testing::till();
        let dapur = add_printer(&store, "Dapur", 9101);
        let makanan = category(&store, "Makanan");
        let minuman = category(&store, "Minuman");
        let saved = store
            .save_category_routes(
                &[
                    CategoryRouteInput {
                        category_id: makanan,
                        prep_printer_id: Some(dapur.id),
                    },
                    CategoryRouteInput {
                        category_id: minuman,
                        prep_printer_id: None,
                    },
                ],
                now(),
            )
            .expect("routes");
        let of = |routes: &[CategoryRoute], id: i64| {
            routes
                .iter()
                .find(|r| r.category_id == id)
                .expect("listed")
                .prep_printer_id
        };
        assert_eq!(of(&saved, makanan), Some(dapur.id));
        assert_eq!(of(&saved, minuman), None, "tidak dicetak");
        let err = store
            .save_category_routes(
                &[
                    CategoryRouteInput {
                        category_id: makanan,
                        prep_printer_id: None,
                    },
                    CategoryRouteInput {
                        category_id: minuman,
                        prep_printer_id: Some(999),
                    },
                ],
                now(),
            )
            .expect_err("unknown printer");
        assert_eq!(err.kind().as_str(), "not_found");
        assert_eq!(
            of(&store.category_routes().expect("routes"), makanan),
            Some(dapur.id),
            "the first route of a refused form is not saved either"
        );
        assert!(store
            .save_category_routes(
                &[
                    CategoryRouteInput {
                        category_id: makanan,
                        prep_printer_id: None,
                    },
                    CategoryRouteInput {
                        category_id: makanan,
                        prep_printer_id: Some(dapur.id),
                    },
                ],
                now(),
            )
            .is_err());
        let audit_rows: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE subject = 'Rute printer dapur/bar'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audit_rows, 1, "one audit row per saved table");
    }

    #[test]
    fn a_bill_send_queues_one_ticket_per_routed_printer_with_only_its_lines() {
        let store = crate::testing::till();
        let cafe = cafe(&store);
        let (large, shot) = kopi_options(&store, cafe.kopi);
        let bill = open_bill(&store, "Meja 4");
        bill_line(&store, bill, cafe.nasi, 2, "[]", Some("  pedas  "), 1);
        bill_line(
            &store,
            bill,
            cafe.kopi,
            1,
            &format!("[{large},{shot}]"),
            Some("tanpa gula"),
            1,
        );
        bill_line(&store, bill, cafe.kerupuk, 3, "[]", None, 1);
        // Not part of this send: not sent yet, and a later one.
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO bill_lines (bill_id, product_id, qty, added_at)
                     VALUES (?1, ?2, 1, 0)",
                    params![bill, cafe.teh],
                )?;
                Ok(())
            })
            .expect("unsent line");

        let mut feed = store.events().subscribe();
        let jobs = store
            .write(|tx| enqueue_bill_tickets(tx, bill, 1, now()))
            .expect("enqueue");
        assert_eq!(jobs.len(), 2, "Dapur and Bar; Lainnya prints nowhere");
        let printers: Vec<Option<i64>> = jobs.iter().map(|j| j.prep_printer_id).collect();
        assert_eq!(printers, vec![Some(cafe.dapur.id), Some(cafe.bar.id)]);
        for job in &jobs {
            assert_eq!(job.kind, PrintJobKind::Kitchen);
            assert_eq!(job.status, PrintJobStatus::Pending);
            assert_eq!(
                (job.bill_id, job.order_id, job.batch),
                (Some(bill), None, Some(1))
            );
        }
        assert_eq!(
            jobs[1].title, "Bar: Meja 4",
            "the badge names printer and table"
        );
        let announced = std::iter::from_fn(|| feed.try_recv().ok())
            .filter(|e| matches!(e, DomainEvent::PrintJobChanged { job } if job.status == PrintJobStatus::Pending))
            .count();
        assert_eq!(announced, 2, "each queued ticket wakes the worker");
        assert!(
            store
                .write(|tx| enqueue_bill_tickets(tx, bill, 1, now()))
                .expect("again")
                .is_empty(),
            "a send already queued is not queued twice"
        );

        let dapur = store.kitchen_ticket(jobs[0].id).expect("dapur ticket");
        assert_eq!(dapur.printer_name, "Dapur");
        assert_eq!(dapur.title, "Meja 4");
        assert!(!dapur.addition);
        assert_eq!(
            dapur.lines,
            vec![KitchenLine {
                qty: 2,
                name: "Nasi Goreng".into(),
                options: vec![],
                note: Some("pedas".into()),
            }]
        );
        let bar = store.kitchen_ticket(jobs[1].id).expect("bar ticket");
        assert_eq!(
            bar.lines,
            vec![KitchenLine {
                qty: 1,
                name: "Kopi Susu".into(),
                options: vec!["Ukuran: Large".into(), "Tambahan: Extra shot".into()],
                note: Some("tanpa gula".into()),
            }],
            "options in the product's group order, the unsent Es Teh is not on it"
        );

        // Send 2: only a drink → only the bar, as TAMBAHAN.
        bill_line(&store, bill, cafe.teh, 2, "[]", None, 2);
        let second = store
            .write(|tx| enqueue_bill_tickets(tx, bill, 2, now()))
            .expect("send 2");
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].prep_printer_id, Some(cafe.bar.id));
        let extra = store.kitchen_ticket(second[0].id).expect("ticket");
        assert!(extra.addition && extra.batch == 2);
        assert_eq!(extra.lines.len(), 1);
        assert_eq!(extra.lines[0].name, "Es Teh");
        assert_eq!(
            store
                .write(|tx| enqueue_bill_tickets(tx, bill, 0, now()))
                .expect_err("batch 0")
                .kind()
                .as_str(),
            "validation"
        );
    }

    #[test]
    fn a_removed_printer_gets_no_new_tickets_but_its_queued_one_still_prints_its_lines() {
        let store = crate::testing::till();
        let cafe = cafe(&store);
        let bill = open_bill(&store, "Budi");
        bill_line(&store, bill, cafe.nasi, 1, "[]", None, 1);
        let jobs = store
            .write(|tx| enqueue_bill_tickets(tx, bill, 1, now()))
            .expect("enqueue");
        store
            .remove_prep_printer(cafe.dapur.id, now())
            .expect("remove");
        let ticket = store.kitchen_ticket(jobs[0].id).expect("queued ticket");
        assert_eq!(
            ticket.lines[0].name, "Nasi Goreng",
            "the kitchen still gets it"
        );
        bill_line(&store, bill, cafe.nasi, 1, "[]", None, 2);
        assert!(
            store
                .write(|tx| enqueue_bill_tickets(tx, bill, 2, now()))
                .expect("enqueue")
                .is_empty(),
            "no new ticket for a removed printer"
        );
        // Routing the category away leaves the old job without lines: it says so.
        route(
            &store,
            store.category_routes().expect("r")[0].category_id,
            None,
        );
        let err = store.kitchen_ticket(jobs[0].id).expect_err("no lines");
        assert!(
            err.message_id().contains("tidak punya baris"),
            "{}",
            err.message_id()
        );
    }

    #[test]
    fn a_paid_quick_sale_queues_tickets_with_its_options_and_notes_as_sold() {
        let store = crate::testing::till();
        let cafe = cafe(&store);
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![
                        CartLineInput {
                            product_id: cafe.nasi,
                            qty: 1,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                        CartLineInput {
                            product_id: cafe.kopi,
                            qty: 2,
                            discount: None,
                            options: Vec::new(),
                            note: None,
                        },
                    ],
                    tendered: 100_000,
                    cart: None,
                },
                now(),
            )
            .expect("cash sale");
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE order_lines SET options = ?2, note = 'es sedikit'
                     WHERE order_id = ?1 AND product_id = ?3",
                    params![
                        order.id,
                        r#"[{"group":"Ukuran","name":"Large","priceDelta":5000}]"#,
                        cafe.kopi
                    ],
                )?;
                Ok(())
            })
            .expect("options as sold");
        store
            .write(|tx| enqueue_order_tickets(tx, order.id, now()))
            .expect("enqueue");
        let jobs: Vec<PrintJob> = store
            .print_jobs_for_order(order.id)
            .expect("jobs")
            .into_iter()
            .filter(|j| j.kind == PrintJobKind::Kitchen)
            .collect();
        assert_eq!(jobs.len(), 2, "one ticket per printer: {jobs:?}");
        assert!(jobs
            .iter()
            .all(|j| j.batch == Some(1) && j.bill_id.is_none()));
        assert!(
            store
                .write(|tx| enqueue_order_tickets(tx, order.id, now()))
                .expect("again")
                .is_empty(),
            "a paid order's tickets are queued once"
        );
        let bar = jobs
            .iter()
            .find(|j| j.prep_printer_id == Some(cafe.bar.id))
            .expect("bar job");
        assert_eq!(bar.title, format!("Bar: {}", order.number));
        let ticket = store.kitchen_ticket(bar.id).expect("ticket");
        assert_eq!(ticket.title, order.number);
        assert_eq!(ticket.cashier.as_deref(), Some("Pemilik Tes"));
        assert!(!ticket.addition);
        assert_eq!(
            ticket.lines,
            vec![KitchenLine {
                qty: 2,
                name: "Kopi Susu".into(),
                options: vec!["Ukuran: Large".into()],
                note: Some("es sedikit".into()),
            }]
        );
        let receipt = store
            .print_jobs_for_order(order.id)
            .expect("jobs")
            .into_iter()
            .find(|j| j.kind == PrintJobKind::Receipt)
            .expect("receipt job");
        assert_eq!(
            store
                .kitchen_ticket(receipt.id)
                .expect_err("a receipt is no ticket")
                .kind()
                .as_str(),
            "validation"
        );
    }

    #[test]
    fn an_order_paying_a_bill_gets_no_second_set_of_tickets() {
        let store = crate::testing::till();
        let cafe = cafe(&store);
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: cafe.nasi,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: 100_000,
                    cart: None,
                },
                now(),
            )
            .expect("sale");
        let bill = open_bill(&store, "Meja 9");
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE orders SET bill_id = ?2 WHERE id = ?1",
                    params![order.id, bill],
                )?;
                Ok(())
            })
            .expect("bill order");
        assert!(store
            .write(|tx| enqueue_order_tickets(tx, order.id, now()))
            .expect("enqueue")
            .is_empty());
    }
}

//! Export of a whole period: one row per order line with its order's fields repeated, as CSV
//! (UTF-8, comma-separated, a header row, money and quantities as plain integers, times local)
//! or as XLSX (the same rows and columns on a sheet "Penjualan", numbers as numbers, plus a
//! sheet "Ringkasan" with the period and the dashboard's totals).
//!
//! Paid orders come first (by payment instant, the dashboard's rule), then the period's
//! cancelled and unpaid orders (by creation instant) so the owner sees them too; only `lunas`
//! rows add up to the dashboard's omzet. Both formats read their rows from one query,
//! [`for_each_row`]; they differ only in how a [`Cell`] is written.

use std::io::Write;
use std::path::Path;

use kasir_core::Store;
use kasir_shared::files::write_whole_with;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dashboard::{dashboard_for, Dashboard};
use crate::error::{ReportError, Result};
use crate::period::{load_clock, DateRange, Window};
use crate::xlsx::{self, Layout, Style, Workbook};

pub const CSV_HEADER: [&str; 24] = [
    "no_pesanan",
    "status",
    "metode_bayar",
    "penerbit_qris",
    "id_transaksi_gateway",
    "tanggal_bisnis",
    "waktu_dibuat",
    "waktu_bayar",
    "zona_waktu",
    "subtotal_pesanan",
    "diskon_pesanan",
    "pajak_pesanan",
    "total_pesanan",
    "sku",
    "nama_barang",
    "qty",
    "harga_satuan",
    "total_baris",
    "layanan_pesanan",
    "pembulatan_pesanan",
    "diskon_baris",
    "hpp_baris",
    "pilihan_baris",
    "catatan_baris",
];

/// How each column of [`CSV_HEADER`] is shown in Excel, and its width in characters.
const COLUMN_STYLE: [(Kind, f64); 24] = [
    (Kind::Text, 18.0),  // no_pesanan
    (Kind::Text, 20.0),  // status
    (Kind::Text, 13.0),  // metode_bayar
    (Kind::Text, 14.0),  // penerbit_qris
    (Kind::Text, 24.0),  // id_transaksi_gateway
    (Kind::Text, 14.0),  // tanggal_bisnis
    (Kind::Text, 19.0),  // waktu_dibuat
    (Kind::Text, 19.0),  // waktu_bayar
    (Kind::Text, 11.0),  // zona_waktu
    (Kind::Money, 16.0), // subtotal_pesanan
    (Kind::Money, 14.0), // diskon_pesanan
    (Kind::Money, 14.0), // pajak_pesanan
    (Kind::Money, 14.0), // total_pesanan
    (Kind::Text, 14.0),  // sku
    (Kind::Text, 30.0),  // nama_barang
    (Kind::Qty, 7.0),    // qty
    (Kind::Money, 13.0), // harga_satuan
    (Kind::Money, 13.0), // total_baris
    (Kind::Money, 15.0), // layanan_pesanan
    (Kind::Money, 17.0), // pembulatan_pesanan
    (Kind::Money, 13.0), // diskon_baris
    (Kind::Money, 13.0), // hpp_baris
    (Kind::Text, 30.0),  // pilihan_baris
    (Kind::Text, 20.0),  // catatan_baris
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Rupiah: an integer shown as `#,##0`.
    Money,
    /// A count: an integer shown as `0`.
    Qty,
}

/// Excel's last row index; row 0 is the header.
const XLSX_MAX_ROW: u32 = 1_048_575;

/// The name of the XLSX sheet with the rows.
pub const XLSX_DATA_SHEET: &str = "Penjualan";
/// The name of the XLSX sheet with the period and the dashboard's totals.
pub const XLSX_SUMMARY_SHEET: &str = "Ringkasan";

/// One field of an export row: text, or an integer (rupiah or a quantity) that XLSX writes as
/// a number and CSV as plain digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(s) => f.write_str(s),
            Cell::Int(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportResult {
    /// Where the file was written (absolute when the directory was).
    pub path: String,
    /// Data rows (order lines), header not counted.
    #[ts(type = "number")]
    pub rows: i64,
    /// Orders in the file, any status.
    #[ts(type = "number")]
    pub orders: i64,
    /// Paid orders and their total: equal to the dashboard's transactions and omzet.
    #[ts(type = "number")]
    pub paid_orders: i64,
    #[ts(type = "number")]
    pub omzet: i64,
}

/// Write the period's CSV to `out`. `path` in the result is empty.
pub fn export_csv(store: &Store, range: &DateRange, out: &mut dyn Write) -> Result<ExportResult> {
    let clock = load_clock(store)?;
    let window = Window::from_range(clock, range)?;
    crate::read(store, |c| write_csv(c, &window, out))
}

/// Write the period's CSV to the file `path` (created or replaced, whole or not at all).
pub fn export_csv_file(store: &Store, range: &DateRange, path: &Path) -> Result<ExportResult> {
    let mut result = write_whole_with(path, |w| export_csv(store, range, w), ReportError::Export)?;
    result.path = path.display().to_string();
    Ok(result)
}

/// Write the period's CSV into `dir` as `laporan-penjualan-FROM_TO.csv`, never overwriting an
/// earlier export (`… (2).csv`, `… (3).csv`).
pub fn export_csv_to_dir(store: &Store, range: &DateRange, dir: &Path) -> Result<ExportResult> {
    let path = kasir_shared::files::free_file_name(dir, &base_name(range)?, "csv");
    export_csv_file(store, range, &path)
}

/// Write the period as an Excel workbook to the file `path` (created or replaced): sheet
/// "Penjualan" with the CSV's header and rows (numbers as numbers, money as `#,##0`, header bold
/// and frozen), sheet "Ringkasan" with the period and the dashboard's totals.
pub fn export_xlsx_file(store: &Store, range: &DateRange, path: &Path) -> Result<ExportResult> {
    let clock = load_clock(store)?;
    let window = Window::from_range(clock, range)?;
    let mut result = write_whole_with(
        path,
        |w| {
            let mut book = Workbook::new(w);
            let result = crate::read(store, |c| write_workbook(c, &window, &mut book))?;
            book.finish().map_err(ReportError::ExportXlsx)?;
            Ok(result)
        },
        ReportError::ExportXlsx,
    )?;
    result.path = path.display().to_string();
    Ok(result)
}

/// Write the period's workbook into `dir` as `laporan-penjualan-FROM_TO.xlsx`, never
/// overwriting an earlier export (`… (2).xlsx`, `… (3).xlsx`).
pub fn export_xlsx_to_dir(store: &Store, range: &DateRange, dir: &Path) -> Result<ExportResult> {
    let path = kasir_shared::files::free_file_name(dir, &base_name(range)?, "xlsx");
    export_xlsx_file(store, range, &path)
}

fn base_name(range: &DateRange) -> Result<String> {
    let base = format!(
        "laporan-penjualan-{}_{}",
        range.from.trim(),
        range.to.trim()
    );
    if base.contains(['/', '\\']) {
        return Err(ReportError::InvalidPeriod("tanggal tidak valid".into()));
    }
    Ok(base)
}

fn write_csv(c: &Connection, window: &Window, out: &mut dyn Write) -> Result<ExportResult> {
    let io = ReportError::Export;
    write_record(out, CSV_HEADER.iter().map(|s| s.to_string())).map_err(io)?;
    for_each_row(c, window, &mut |cells| {
        write_record(out, cells.iter().map(Cell::to_string)).map_err(io)
    })
}

/// The one query behind both formats: every line of the period's orders in file order (paid
/// by payment instant, then the others by creation instant), handed to `row` as cells in
/// [`CSV_HEADER`] order. Returns the counts of what went by (`path` empty).
/// A line's options as one cell: "Ukuran: Large (+Rp 5.000); Tambahan: Extra shot (+Rp 4.000)".
pub(crate) fn options_text(column: Option<&str>) -> Result<String> {
    let options = kasir_core::options::from_column(column)?;
    Ok(options
        .iter()
        .map(|o| format!("{}: {}", o.group, o.label()))
        .collect::<Vec<_>>()
        .join("; "))
}

pub fn for_each_row(
    c: &Connection,
    window: &Window,
    row: &mut dyn FnMut(&[Cell; 24]) -> Result<()>,
) -> Result<ExportResult> {
    let mut result = ExportResult {
        path: String::new(),
        rows: 0,
        orders: 0,
        paid_orders: 0,
        omzet: 0,
    };
    // A split order's method is its tenders in the order taken: "tunai:20000+qris:15000".
    let select = "SELECT o.id, o.number, o.status,
                         CASE WHEN o.split = 1 THEN
                             (SELECT group_concat(CASE t.method WHEN 'cash' THEN 'tunai'
                                                  ELSE t.method END || ':' || t.amount, '+')
                              FROM (SELECT method, amount FROM order_tenders
                                    WHERE order_id = o.id ORDER BY id) t)
                         ELSE o.payment_method END,
                         o.payment_issuer,
                         o.gateway_txn_id, o.created_at, o.paid_at, o.subtotal, o.discount_total,
                         o.tax_total, o.total, l.sku, l.name, l.qty, l.unit_price, l.line_total,
                         o.service_total, o.rounding, l.discount, l.cost, l.options, l.note";
    let paid = format!(
        "{select}
         FROM orders o INDEXED BY orders_paid_at
         JOIN order_lines l INDEXED BY order_lines_order ON l.order_id = o.id
         WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         ORDER BY o.paid_at, o.id"
    );
    let unpaid = format!(
        "{select}
         FROM orders o INDEXED BY orders_created_at
         JOIN order_lines l INDEXED BY order_lines_order ON l.order_id = o.id
         WHERE o.status <> 'paid' AND o.created_at >= ?1 AND o.created_at < ?2
         ORDER BY o.created_at, o.id"
    );
    let zone = window.clock.zone_label();
    for sql in [paid, unpaid] {
        let mut st = c.prepare(&sql)?;
        let mut rows = st.query((window.start_ms(), window.end_ms()))?;
        let mut last_order = None;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let status: String = r.get(2)?;
            let created_at: i64 = r.get(6)?;
            let paid_at: Option<i64> = r.get(7)?;
            let total: i64 = r.get(11)?;
            if last_order != Some(id) {
                last_order = Some(id);
                result.orders += 1;
                if status == "paid" {
                    result.paid_orders += 1;
                    result.omzet += total;
                }
            }
            result.rows += 1;
            let business_at = paid_at.unwrap_or(created_at);
            let cells = [
                Cell::Text(r.get(1)?),
                Cell::Text(status_code(&status).to_string()),
                Cell::Text(method_code(r.get::<_, Option<String>>(3)?.as_deref()).to_string()),
                Cell::Text(r.get::<_, Option<String>>(4)?.unwrap_or_default()),
                Cell::Text(r.get::<_, Option<String>>(5)?.unwrap_or_default()),
                Cell::Text(window.clock.business_date(business_at).to_string()),
                Cell::Text(window.clock.format_local(created_at)),
                Cell::Text(
                    paid_at
                        .map(|t| window.clock.format_local(t))
                        .unwrap_or_default(),
                ),
                Cell::Text(zone.to_string()),
                Cell::Int(r.get(8)?),
                Cell::Int(r.get(9)?),
                Cell::Int(r.get(10)?),
                Cell::Int(total),
                Cell::Text(r.get(12)?),
                Cell::Text(r.get(13)?),
                Cell::Int(r.get(14)?),
                Cell::Int(r.get(15)?),
                Cell::Int(r.get(16)?),
                Cell::Int(r.get(17)?),
                Cell::Int(r.get(18)?),
                Cell::Int(r.get(19)?),
                Cell::Int(r.get(20)?),
                Cell::Text(options_text(r.get::<_, Option<String>>(21)?.as_deref())?),
                Cell::Text(r.get::<_, Option<String>>(22)?.unwrap_or_default()),
            ];
            row(&cells)?;
        }
    }
    // Refund rows: each returned line of a succeeded refund on an order paid in the period, with
    // negative quantity and amounts, status `pengembalian` (never counted as omzet here).
    let mut st = c.prepare(
        "SELECT o.number, r.method, o.payment_issuer, r.gateway_refund_id, o.created_at,
                r.completed_at, o.paid_at, r.amount, l.sku, l.name, rl.qty, l.unit_price, rl.amount,
                l.options, l.note
         FROM refunds r JOIN orders o ON o.id = r.order_id
         JOIN refund_lines rl ON rl.refund_id = r.id
         JOIN order_lines l ON l.id = rl.order_line_id
         WHERE r.status = 'succeeded' AND o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         ORDER BY r.completed_at, r.id, rl.id",
    )?;
    let mut rows = st.query((window.start_ms(), window.end_ms()))?;
    while let Some(r) = rows.next()? {
        let created_at: i64 = r.get(4)?;
        let refunded_at: Option<i64> = r.get(5)?;
        let paid_at: i64 = r.get(6)?;
        result.rows += 1;
        let cells = [
            Cell::Text(r.get(0)?),
            Cell::Text("pengembalian".into()),
            Cell::Text(method_code(r.get::<_, Option<String>>(1)?.as_deref()).to_string()),
            Cell::Text(r.get::<_, Option<String>>(2)?.unwrap_or_default()),
            Cell::Text(r.get::<_, Option<String>>(3)?.unwrap_or_default()),
            Cell::Text(window.clock.business_date(paid_at).to_string()),
            Cell::Text(window.clock.format_local(created_at)),
            Cell::Text(
                refunded_at
                    .map(|t| window.clock.format_local(t))
                    .unwrap_or_default(),
            ),
            Cell::Text(zone.to_string()),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Int(-r.get::<_, i64>(7)?),
            Cell::Text(r.get(8)?),
            Cell::Text(r.get(9)?),
            Cell::Int(-r.get::<_, i64>(10)?),
            Cell::Int(r.get(11)?),
            Cell::Int(-r.get::<_, i64>(12)?),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Int(0),
            Cell::Text(options_text(r.get::<_, Option<String>>(13)?.as_deref())?),
            Cell::Text(r.get::<_, Option<String>>(14)?.unwrap_or_default()),
        ];
        row(&cells)?;
    }
    Ok(result)
}

/// Sheet "Penjualan" (the rows, streamed one at a time) then sheet "Ringkasan". Read on one
/// connection, so the rows and the summary are one snapshot.
fn write_workbook<W: Write + std::io::Seek>(
    c: &Connection,
    window: &Window,
    book: &mut Workbook<W>,
) -> Result<ExportResult> {
    let x = ReportError::ExportXlsx;
    let widths: Vec<f64> = COLUMN_STYLE.iter().map(|&(_, width)| width).collect();
    book.start_sheet(
        XLSX_DATA_SHEET,
        &Layout {
            widths: &widths,
            header: true,
        },
    )
    .map_err(x)?;
    let header: Vec<xlsx::Cell<'_>> = CSV_HEADER
        .iter()
        .map(|name| xlsx::Cell::Text(name, Style::Header))
        .collect();
    book.row(0, &header).map_err(x)?;
    let mut next: u32 = 1;
    let result = for_each_row(c, window, &mut |cells| {
        if next > XLSX_MAX_ROW {
            return Err(ReportError::Validation(format!(
                "periode ini lebih dari {XLSX_MAX_ROW} baris, batas Excel; pakai Ekspor CSV atau \
                 periode yang lebih pendek"
            )));
        }
        let row: Vec<xlsx::Cell<'_>> = cells
            .iter()
            .zip(COLUMN_STYLE.iter())
            .map(|(cell, &(kind, _))| match (cell, kind) {
                (Cell::Text(s), _) if s.is_empty() => xlsx::Cell::Empty,
                (Cell::Text(s), _) => xlsx::Cell::Text(s, Style::Plain),
                (Cell::Int(n), Kind::Qty) => xlsx::Cell::Number(*n, Style::Count),
                (Cell::Int(n), _) => xlsx::Cell::Number(*n, Style::Money),
            })
            .collect();
        book.row(next, &row).map_err(x)?;
        next += 1;
        Ok(())
    })?;

    let d = dashboard_for(c, window)?;
    book.start_sheet(
        XLSX_SUMMARY_SHEET,
        &Layout {
            widths: &[34.0, 24.0, 18.0],
            header: false,
        },
    )
    .map_err(x)?;
    write_summary(book, &d, &result).map_err(x)?;
    Ok(result)
}

/// Sheet "Ringkasan": the period, the dashboard's cards and its breakdown by payment method
/// and QRIS issuer, and what the sales sheet holds.
fn write_summary<W: Write + std::io::Seek>(
    ws: &mut Workbook<W>,
    d: &Dashboard,
    result: &ExportResult,
) -> std::io::Result<()> {
    use xlsx::Cell::{Number, Text};
    let p = &d.period;
    ws.row(0, &[Text("Laporan Penjualan", Style::Title)])?;
    let info: [(&str, String); 4] = [
        ("Dari tanggal", p.from.clone()),
        ("Sampai tanggal", p.to.clone()),
        ("Zona waktu", format!("{} ({})", p.zone_label, p.timezone)),
        (
            "Hari bisnis mulai pukul",
            format!("{:02}:{:02}", p.cutoff_minutes / 60, p.cutoff_minutes % 60),
        ),
    ];
    let mut row = 2;
    for (label, value) in &info {
        ws.row(row, &[Text(label, Style::Bold), Text(value, Style::Plain)])?;
        row += 1;
    }
    ws.row(
        row,
        &[
            Text("Jumlah hari", Style::Bold),
            Number(i64::from(p.days), Style::Plain),
        ],
    )?;
    row += 2;
    let s = &d.summary;
    let cards: [(&str, i64, bool); 6] = [
        ("Omzet", s.omzet, true),
        ("Pengembalian", d.refunds, true),
        ("Omzet bersih", d.net_omzet, true),
        ("Transaksi", s.transactions, false),
        ("Rata-rata per transaksi", s.average_ticket, true),
        ("Barang terjual", s.items_sold, false),
    ];
    for (label, value, is_money) in cards {
        let style = if is_money { Style::Money } else { Style::Plain };
        ws.row(row, &[Text(label, Style::Bold), Number(value, style)])?;
        row += 1;
    }
    row += 1;
    let table_header = |first: &'static str| {
        [
            Text(first, Style::Header),
            Text("Transaksi", Style::Header),
            Text("Omzet", Style::Header),
        ]
    };
    // The breakdowns: a header, then label / transactions / omzet per line.
    let mut table = |ws: &mut Workbook<W>,
                     first: &'static str,
                     lines: &mut dyn Iterator<Item = (&str, i64, i64)>|
     -> std::io::Result<()> {
        ws.row(row, &table_header(first))?;
        row += 1;
        for (label, transactions, omzet) in lines {
            ws.row(
                row,
                &[
                    Text(label, Style::Plain),
                    Number(transactions, Style::Plain),
                    Number(omzet, Style::Money),
                ],
            )?;
            row += 1;
        }
        // A blank row after each table.
        row += 1;
        Ok(())
    };
    table(
        ws,
        "Metode bayar",
        &mut d
            .by_method
            .iter()
            .map(|m| (m.label.as_str(), m.transactions, m.omzet)),
    )?;
    if !d.by_issuer.is_empty() {
        table(
            ws,
            "Penerbit QRIS",
            &mut d
                .by_issuer
                .iter()
                .map(|i| (i.label.as_str(), i.transactions, i.omzet)),
        )?;
    }
    ws.row(
        row,
        &[
            Text("Pesanan di lembar Penjualan", Style::Bold),
            Number(result.orders, Style::Plain),
        ],
    )?;
    row += 1;
    ws.row(
        row,
        &[
            Text("Baris di lembar Penjualan", Style::Bold),
            Number(result.rows, Style::Plain),
        ],
    )?;
    row += 1;
    ws.row(
        row,
        &[Text(
            "Hanya pesanan berstatus lunas yang dihitung dalam omzet.",
            Style::Plain,
        )],
    )
}

fn status_code(s: &str) -> &'static str {
    match s {
        "paid" => "lunas",
        "cancelled" => "dibatalkan",
        _ => "menunggu_pembayaran",
    }
}

fn method_code(m: Option<&str>) -> &str {
    match m {
        Some("cash") => "tunai",
        Some("qris") => "qris",
        // A split order's tenders, already spelled out.
        Some(parts) if parts.contains(':') => parts,
        _ => "",
    }
}

/// One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes
/// doubled. Lines end with CRLF.
pub(crate) fn write_record(
    out: &mut dyn Write,
    fields: impl Iterator<Item = String>,
) -> std::io::Result<()> {
    let mut line = String::with_capacity(160);
    for (i, f) in fields.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&f.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&f);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// Parse CSV text written by this module back into records (used by tests and tools).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(ch),
            }
            continue;
        }
        match ch {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(ch),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_and_newlines_round_trip() {
        let mut buf = Vec::new();
        let fields = ["a,b", "say \"hi\"", "two\nlines", "plain", ""];
        write_record(&mut buf, fields.iter().map(|s| s.to_string())).expect("write");
        let text = String::from_utf8(buf).expect("utf8");
        assert_eq!(parse_csv(&text), vec![fields.map(String::from).to_vec()]);
    }
}

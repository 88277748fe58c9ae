//! CSV export of a whole period: one row per order line with its order's fields repeated.
//! UTF-8, comma-separated, a header row, money and quantities as plain integers, times local.
//!
//! Paid orders come first (by payment instant, the dashboard's rule), then the period's
//! cancelled and unpaid orders (by creation instant) so the owner sees them too; only `lunas`
//! rows add up to the dashboard's omzet.

use std::io::Write;
use std::path::{Path, PathBuf};

use kasir_core::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ReportError, Result};
use crate::period::{load_clock, DateRange, Window};

pub const CSV_HEADER: [&str; 18] = [
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
];

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

/// Write the period's CSV to the file `path` (created or replaced).
pub fn export_csv_file(store: &Store, range: &DateRange, path: &Path) -> Result<ExportResult> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(ReportError::Export)?;
    }
    let tmp = path.with_extension("csv.part");
    let file = std::fs::File::create(&tmp).map_err(ReportError::Export)?;
    let mut w = std::io::BufWriter::new(file);
    let result = export_csv(store, range, &mut w).and_then(|r| {
        w.flush().map_err(ReportError::Export)?;
        Ok(r)
    });
    drop(w);
    match result {
        Ok(mut r) => {
            std::fs::rename(&tmp, path).map_err(ReportError::Export)?;
            r.path = path.display().to_string();
            Ok(r)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Write the period's CSV into `dir` as `laporan-penjualan-FROM_TO.csv`, never overwriting an
/// earlier export (`… (2).csv`, `… (3).csv`).
pub fn export_csv_to_dir(store: &Store, range: &DateRange, dir: &Path) -> Result<ExportResult> {
    let base = format!(
        "laporan-penjualan-{}_{}",
        range.from.trim(),
        range.to.trim()
    );
    if base.contains(['/', '\\']) {
        return Err(ReportError::InvalidPeriod("tanggal tidak valid".into()));
    }
    let path = free_name(dir, &base);
    export_csv_file(store, range, &path)
}

fn free_name(dir: &Path, base: &str) -> PathBuf {
    let first = dir.join(format!("{base}.csv"));
    if !first.exists() {
        return first;
    }
    (2..10_000)
        .map(|i| dir.join(format!("{base} ({i}).csv")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn write_csv(c: &Connection, window: &Window, out: &mut dyn Write) -> Result<ExportResult> {
    let io = ReportError::Export;
    write_record(out, CSV_HEADER.iter().map(|s| s.to_string())).map_err(io)?;
    let mut result = ExportResult {
        path: String::new(),
        rows: 0,
        orders: 0,
        paid_orders: 0,
        omzet: 0,
    };
    let select = "SELECT o.id, o.number, o.status, o.payment_method, o.payment_issuer,
                         o.gateway_txn_id, o.created_at, o.paid_at, o.subtotal, o.discount_total,
                         o.tax_total, o.total, l.sku, l.name, l.qty, l.unit_price, l.line_total";
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
            let fields = [
                r.get::<_, String>(1)?,
                status_code(&status).to_string(),
                method_code(r.get::<_, Option<String>>(3)?.as_deref()).to_string(),
                r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                window.clock.business_date(business_at).to_string(),
                window.clock.format_local(created_at),
                paid_at
                    .map(|t| window.clock.format_local(t))
                    .unwrap_or_default(),
                zone.to_string(),
                r.get::<_, i64>(8)?.to_string(),
                r.get::<_, i64>(9)?.to_string(),
                r.get::<_, i64>(10)?.to_string(),
                total.to_string(),
                r.get::<_, String>(12)?,
                r.get::<_, String>(13)?,
                r.get::<_, i64>(14)?.to_string(),
                r.get::<_, i64>(15)?.to_string(),
                r.get::<_, i64>(16)?.to_string(),
            ];
            write_record(out, fields.into_iter()).map_err(io)?;
        }
    }
    Ok(result)
}

fn status_code(s: &str) -> &'static str {
    match s {
        "paid" => "lunas",
        "cancelled" => "dibatalkan",
        _ => "menunggu_pembayaran",
    }
}

fn method_code(m: Option<&str>) -> &'static str {
    match m {
        Some("cash") => "tunai",
        Some("qris") => "qris",
        _ => "",
    }
}

/// One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes
/// doubled. Lines end with CRLF.
fn write_record(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> std::io::Result<()> {
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

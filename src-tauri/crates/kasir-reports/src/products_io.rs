//! Product files: reading an import file into a `kasir_core::import::ImportTable` (what its
//! rows mean, the checks against the catalogue and the one transaction are kasir-core's), and
//! exporting the catalogue as CSV or XLSX with the header names the import accepts, so an
//! exported file can be edited in Excel and imported back.
//!
//! Reading:
//! - the format is the file's content, not its name: a ZIP (`PK…`) is read as XLSX (its first
//!   sheet, through `calamine`), anything else as CSV; `.xls` (old Excel) is refused with a
//!   message;
//! - CSV must be UTF-8, with or without a BOM. UTF-16 ("Unicode Text") or any other encoding is
//!   refused with the line of the first unreadable byte and "Simpan sebagai CSV UTF-8"; a file
//!   with NUL bytes is not text. The delimiter is `,`, `;` (Indonesian Excel) or tab, the one
//!   the header line uses most, or Excel's `sep=;` first line; quoted fields may hold the
//!   delimiter, `""` and line breaks. Line numbers count records, header = 1 (Excel's row);
//! - blank rows are skipped; a file of at most [`MAX_IMPORT_BYTES`] and
//!   [`kasir_core::import::MAX_IMPORT_ROWS`] rows with at least one data row is required.
//!
//! The commit re-reads the file and refuses it when its hash differs from the preview's.
//! Must not depend on `tauri`; time is passed in.

use std::io::{Cursor, Write};
use std::path::Path;

use calamine::{Data, Reader, Xlsx, XlsxError};
use chrono::{DateTime, Utc};
use kasir_core::import::{
    map_headers, ImportCell, ImportOutcome, ImportPreview, ImportRecord, ImportResult, ImportTable,
    ProductFileFormat, MAX_IMPORT_ROWS,
};
use kasir_core::photos::content_hash;
use kasir_core::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ReportError, Result};
use crate::export::write_record;
use crate::period::load_clock;
use kasir_shared::files::free_file_name;

/// Largest import file: 20 MB (a 50 000-row CSV is about 4 MB).
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// The export's columns: names [`kasir_core::import::map_headers`] maps back to every field.
pub const PRODUCT_HEADER: [&str; 8] = [
    "sku",
    "barcode",
    "nama",
    "kategori",
    "harga",
    "hpp",
    "stok",
    "stok_minimum",
];
/// The XLSX export's sheet.
pub const PRODUCT_SHEET: &str = "Barang";

const SAVE_AS_UTF8: &str =
    "Di Excel pilih Simpan Sebagai → \"CSV UTF-8 (dipisah koma)\" lalu impor lagi.";

fn problem(msg: impl Into<String>) -> ReportError {
    ReportError::Import(msg.into())
}

// ---- reading --------------------------------------------------------------------------------

/// Read and parse an import file (see the module comment).
pub fn read_import_file(path: &Path) -> Result<ImportTable> {
    let unreadable = || problem("File tidak ditemukan atau tidak bisa dibuka.");
    let meta = std::fs::metadata(path).map_err(|_| unreadable())?;
    if !meta.is_file() {
        return Err(unreadable());
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(problem("File terlalu besar (maks 20 MB)."));
    }
    let bytes = std::fs::read(path).map_err(|_| unreadable())?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_import_bytes(&file_name, &bytes)
}

/// [`read_import_file`] on bytes already read (`file_name` names the file in messages and in
/// the stock ledger's reason).
pub fn parse_import_bytes(file_name: &str, bytes: &[u8]) -> Result<ImportTable> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xls") {
        return Err(problem(
            "File Excel lama (.xls) belum bisa dibaca. Simpan sebagai .xlsx atau CSV UTF-8 lalu impor lagi.",
        ));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    if lower.ends_with(".xlsx") && !is_zip {
        return Err(problem("File ini bukan file Excel .xlsx yang bisa dibaca."));
    }
    let (format, rows, warnings) = if is_zip {
        let (rows, warnings) = read_xlsx(bytes)?;
        (ProductFileFormat::Xlsx, rows, warnings)
    } else {
        (ProductFileFormat::Csv, read_csv(bytes)?, Vec::new())
    };
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(problem("File ini kosong."));
    };
    let headers: Vec<String> = header.iter().map(cell_text).collect();
    let columns = map_headers(&headers).map_err(ReportError::Import)?;
    let mut records = Vec::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| *c == ImportCell::Empty) {
            continue;
        }
        if records.len() == MAX_IMPORT_ROWS {
            return Err(problem(format!(
                "File berisi lebih dari {} baris barang; bagi menjadi beberapa file.",
                kasir_shared::money::group_thousands(MAX_IMPORT_ROWS as u64)
            )));
        }
        records.push(ImportRecord { line, cells });
    }
    if records.is_empty() {
        return Err(problem(
            "File ini tidak berisi baris barang di bawah judul kolom.",
        ));
    }
    Ok(ImportTable {
        file_name: file_name.to_string(),
        file_hash: content_hash(bytes),
        format,
        columns,
        records,
        warnings,
    })
}

fn cell_text(c: &ImportCell) -> String {
    match c {
        ImportCell::Empty => String::new(),
        ImportCell::Text(s) => s.clone(),
        ImportCell::Int(n) => n.to_string(),
        ImportCell::Float(f) => f.to_string(),
    }
}

type Rows = Vec<(u32, Vec<ImportCell>)>;

/// The text of a CSV file, or why it is not UTF-8 text.
fn csv_text(bytes: &[u8]) -> Result<&str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(problem(format!(
            "File ini tersimpan sebagai Unicode (UTF-16), bukan CSV UTF-8. {SAVE_AS_UTF8}"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(problem(
            "File ini bukan file teks CSV atau Excel .xlsx yang bisa dibaca.",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        problem(format!(
            "File CSV ini bukan UTF-8 (huruf tidak terbaca di baris {line}). {SAVE_AS_UTF8}"
        ))
    })
}

/// The delimiter the header line uses most (`,` when it uses none).
fn detect_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                if let Some(slot) = counts.iter_mut().find(|(d, _)| *d == c) {
                    slot.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .fold(
            (',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

fn read_csv(bytes: &[u8]) -> Result<Rows> {
    let mut text = csv_text(bytes)?;
    // Excel's own hint line: `sep=;`.
    let mut delimiter = None;
    if let Some(first) = text.lines().next() {
        let hint = first.trim();
        if hint.len() == 5 && hint.to_ascii_lowercase().starts_with("sep=") {
            delimiter = hint.chars().nth(4);
            text = text[first.len()..].trim_start_matches(['\r', '\n']);
        }
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
    parse_csv_records(text, delimiter)
}

/// Records of CSV text, numbered from 1 (blank lines count, as in Excel).
fn parse_csv_records(text: &str, delimiter: char) -> Result<Rows> {
    let mut rows = Vec::new();
    let mut record: Vec<ImportCell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line: u32 = 1;
    let mut quote_started_at = 1;
    let mut chars = text.chars().peekable();
    let finish_field = |field: &mut String, record: &mut Vec<ImportCell>| {
        let value = std::mem::take(field);
        record.push(if value.trim().is_empty() {
            ImportCell::Empty
        } else {
            ImportCell::Text(value)
        });
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            c if c == delimiter => finish_field(&mut field, &mut record),
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                quote_started_at = line;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish_field(&mut field, &mut record);
                rows.push((line, std::mem::take(&mut record)));
                line = line.saturating_add(1);
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(problem(format!(
            "Tanda kutip (\") di baris {quote_started_at} tidak ditutup; periksa file CSV-nya."
        )));
    }
    if !field.is_empty() || !record.is_empty() {
        finish_field(&mut field, &mut record);
        rows.push((line, record));
    }
    Ok(rows)
}

fn xlsx_error(e: XlsxError) -> ReportError {
    match e {
        XlsxError::Password => problem(
            "File Excel ini dikunci dengan kata sandi. Buka kuncinya di Excel lalu impor lagi.",
        ),
        _ => problem("File ini bukan file Excel .xlsx yang bisa dibaca."),
    }
}

fn xlsx_cell(d: &Data) -> ImportCell {
    match d {
        Data::Empty => ImportCell::Empty,
        Data::String(s) if s.trim().is_empty() => ImportCell::Empty,
        Data::String(s) => ImportCell::Text(s.clone()),
        Data::Int(n) => ImportCell::Int(*n),
        Data::Float(f) => ImportCell::Float(*f),
        Data::Bool(b) => ImportCell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => ImportCell::Text(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => ImportCell::Text(s.clone()),
        Data::Error(e) => ImportCell::Text(e.to_string()),
    }
}

/// The first sheet's rows, numbered as the sheet numbers them.
fn read_xlsx(bytes: &[u8]) -> Result<(Rows, Vec<String>)> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    let first = names
        .first()
        .cloned()
        .ok_or_else(|| problem("File Excel ini tidak berisi sheet."))?;
    let range = workbook.worksheet_range(&first).map_err(xlsx_error)?;
    let mut warnings = Vec::new();
    if names.len() > 1 {
        warnings.push(format!(
            "Hanya sheet pertama (\"{first}\") yang dibaca; {} sheet lain diabaikan.",
            names.len() - 1
        ));
    }
    let start_row = range.start().map_or(0, |(r, _)| r);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let line = start_row.saturating_add(i as u32).saturating_add(1);
            (line, row.iter().map(xlsx_cell).collect())
        })
        .collect();
    Ok((rows, warnings))
}

// ---- preview and commit ---------------------------------------------------------------------

/// Read the file and show what importing it would do.
pub fn preview_product_import(store: &Store, path: &Path) -> Result<ImportPreview> {
    let table = read_import_file(path)?;
    Ok(store.preview_import(&table)?)
}

/// Import the file previewed with `file_hash`: re-read, refused if it changed or still has an
/// error row, otherwise written in one transaction.
pub fn commit_product_import(
    store: &Store,
    path: &Path,
    file_hash: &str,
    now: DateTime<Utc>,
) -> Result<ImportResult> {
    let table = read_import_file(path)?;
    if table.file_hash != file_hash.trim() {
        return Err(problem(
            "File berubah sejak pratinjau. Buka pratinjaunya lagi sebelum mengimpor.",
        ));
    }
    match store.commit_import(&table, now)? {
        ImportOutcome::Imported(result) => Ok(result),
        ImportOutcome::Refused { error_rows } => Err(problem(format!(
            "Perbaiki {error_rows} baris bermasalah lalu impor lagi. Tidak ada barang yang disimpan."
        ))),
    }
}

// ---- export ---------------------------------------------------------------------------------

/// Where the product export went and how many products it holds.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductExport {
    pub path: String,
    #[ts(type = "number")]
    pub rows: i64,
}

/// One product as exported, in [`PRODUCT_HEADER`] order.
struct ExportRow {
    sku: String,
    barcode: Option<String>,
    name: String,
    category: Option<String>,
    price: i64,
    cost_price: i64,
    stock: i64,
    low_stock_threshold: Option<i64>,
}

/// Every product (inactive too), by name.
fn export_rows(c: &Connection) -> Result<Vec<ExportRow>> {
    let mut st = c.prepare(
        "SELECT p.sku, p.barcode, p.name, c.name, p.price, p.cost_price, p.stock,
                p.low_stock_threshold
         FROM products p LEFT JOIN categories c ON c.id = p.category_id
         ORDER BY p.name COLLATE NOCASE, p.id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(ExportRow {
                sku: r.get(0)?,
                barcode: r.get(1)?,
                name: r.get(2)?,
                category: r.get(3)?,
                price: r.get(4)?,
                cost_price: r.get(5)?,
                stock: r.get(6)?,
                low_stock_threshold: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The catalogue as CSV: UTF-8 with a BOM (so Excel shows é and ñ right), comma-separated.
pub fn write_products_csv(store: &Store, out: &mut dyn Write) -> Result<i64> {
    let rows = crate::read(store, export_rows)?;
    let io = ReportError::Export;
    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    write_record(out, PRODUCT_HEADER.iter().map(|s| s.to_string())).map_err(io)?;
    for r in &rows {
        let fields = [
            r.sku.clone(),
            r.barcode.clone().unwrap_or_default(),
            r.name.clone(),
            r.category.clone().unwrap_or_default(),
            r.price.to_string(),
            r.cost_price.to_string(),
            r.stock.to_string(),
            r.low_stock_threshold
                .map(|t| t.to_string())
                .unwrap_or_default(),
        ];
        write_record(out, fields.into_iter()).map_err(io)?;
    }
    Ok(rows.len() as i64)
}

/// Sheet "Barang": the header (bold on grey, frozen, with an autofilter), one row per product.
fn write_products_workbook<W: std::io::Write + std::io::Seek>(
    rows: &[ExportRow],
    out: W,
) -> std::io::Result<()> {
    use crate::xlsx::Cell::{Empty, Number, Text};
    use crate::xlsx::{Layout, Style, Workbook};
    let mut book = Workbook::new(out);
    book.start_sheet(
        PRODUCT_SHEET,
        &Layout {
            widths: &[14.0, 16.0, 32.0, 18.0, 12.0, 12.0, 8.0, 13.0],
            header: true,
        },
    )?;
    let header: Vec<_> = PRODUCT_HEADER
        .iter()
        .map(|name| Text(name, Style::HeaderLeft))
        .collect();
    book.row(0, &header)?;
    for (i, r) in rows.iter().enumerate() {
        // SKU and barcode stay text: a barcode as a number would lose its leading zeros.
        book.row(
            i as u32 + 1,
            &[
                Text(&r.sku, Style::Plain),
                text(&r.barcode),
                Text(&r.name, Style::Plain),
                text(&r.category),
                Number(r.price, Style::Money),
                Number(r.cost_price, Style::Money),
                Number(r.stock, Style::Count),
                r.low_stock_threshold
                    .map_or(Empty, |t| Number(t, Style::Count)),
            ],
        )?;
    }
    book.finish().map(|_| ())
}

/// An optional text field: empty when missing.
fn text(v: &Option<String>) -> crate::xlsx::Cell<'_> {
    v.as_deref().map_or(crate::xlsx::Cell::Empty, |t| {
        crate::xlsx::Cell::Text(t, crate::xlsx::Style::Plain)
    })
}

/// Write the catalogue to the file `path` (created or replaced, whole or not at all).
pub fn export_products_file(
    store: &Store,
    format: ProductFileFormat,
    path: &Path,
) -> Result<ProductExport> {
    let io = match format {
        ProductFileFormat::Csv => ReportError::Export,
        ProductFileFormat::Xlsx => ReportError::ExportXlsx,
    };
    let rows = kasir_shared::files::write_whole_with(
        path,
        |w| match format {
            ProductFileFormat::Csv => write_products_csv(store, w),
            ProductFileFormat::Xlsx => {
                let rows = crate::read(store, export_rows)?;
                write_products_workbook(&rows, w).map_err(io)?;
                Ok(rows.len() as i64)
            }
        },
        io,
    )?;
    Ok(ProductExport {
        path: path.display().to_string(),
        rows,
    })
}

/// Write the catalogue into `dir` as `daftar-barang-YYYY-MM-DD.csv|xlsx` (the shop's date),
/// never overwriting an earlier export (`… (2).csv`).
pub fn export_products_to_dir(
    store: &Store,
    format: ProductFileFormat,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<ProductExport> {
    let clock = load_clock(store)?;
    let date = clock.local(now.timestamp_millis()).date();
    let path = free_file_name(dir, &format!("daftar-barang-{date}"), format.extension());
    export_products_file(store, format, &path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kasir_core::import::ImportRowStatus;
    use kasir_core::{ProductInput, ProductQuery};
    // Import files made by another writer than ours (the import reads what Excel writes).
    use rust_xlsxwriter::Workbook;

    fn till() -> Store {
        let store = Store::open_in_memory().expect("store");
        kasir_core::testing::open_till(&store, Utc::now());
        store
    }

    fn demo() -> Store {
        let store = till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        store
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    enum V {
        S(&'static str),
        N(f64),
    }
    use V::{N as n, S as s};

    fn xlsx(rows: &[Vec<V>]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    V::N(x) => sheet.write_number(r as u32, c as u16, *x).map(|_| ()),
                    V::S("") => Ok(()),
                    V::S(t) => sheet.write_string(r as u32, c as u16, *t).map(|_| ()),
                }
                .expect("cell");
            }
        }
        wb.add_worksheet()
            .set_name("Catatan")
            .expect("second sheet");
        wb.save_to_buffer().expect("xlsx")
    }

    fn count(store: &Store) -> usize {
        store
            .list_products(&ProductQuery {
                include_inactive: true,
                ..ProductQuery::default()
            })
            .expect("list")
            .len()
    }

    fn message(e: &ReportError) -> String {
        e.message_id()
    }

    #[test]
    fn csv_with_semicolons_bom_quotes_and_crlf_is_read_with_indonesian_headers() {
        let store = till();
        let dir = tempfile::tempdir().expect("dir");
        let csv = "\u{feff}Nama Barang;Harga Jual;HPP;Stok;Kategori\r\n\
                   \"Kopi; Susu \"\"Aren\"\"\";Rp 18.000;9.000;12;Minuman\r\n\
                   \r\n\
                   \"Roti\nBakar\";15000;;;\r\n";
        let path = write(dir.path(), "barang.csv", csv.as_bytes());
        let preview = preview_product_import(&store, &path).expect("preview");
        assert_eq!(preview.format, ProductFileFormat::Csv);
        assert_eq!(
            (preview.total_rows, preview.new_count, preview.error_count),
            (2, 2, 0)
        );
        assert_eq!(
            preview.rows[0].name, "Kopi; Susu \"Aren\"",
            "quotes keep ; and \"\""
        );
        assert_eq!(preview.rows[0].price, Some(18_000));
        assert_eq!(preview.rows[0].cost_price, Some(9_000));
        assert_eq!(
            preview.rows[1].name, "Roti\nBakar",
            "a quoted line break stays in the field"
        );
        assert_eq!(
            preview.rows[1].line, 4,
            "the blank line counts like an Excel row"
        );
        let result =
            commit_product_import(&store, &path, &preview.file_hash, Utc::now()).expect("commit");
        assert_eq!((result.created, result.categories_created), (2, 1));
    }

    #[test]
    fn csv_with_english_headers_and_commas_and_excel_sep_hint() {
        let store = demo();
        let dir = tempfile::tempdir().expect("dir");
        let path = write(
            dir.path(),
            "products.csv",
            b"name,price,cost,stock,category,barcode,sku\nEs Teh Manis,6000,2000,150,Minuman,,MNM-001\n",
        );
        let preview = preview_product_import(&store, &path).expect("preview");
        assert_eq!(
            (preview.update_count, preview.error_count),
            (1, 0),
            "{:?}",
            preview.rows
        );
        let hinted = write(dir.path(), "hint.csv", b"sep=;\nnama;harga\nAir;3000\n");
        let preview = preview_product_import(&store, &hinted).expect("preview");
        assert_eq!(preview.rows[0].name, "Air");
        assert_eq!(preview.rows[0].line, 2, "the sep= line is not a row");
    }

    #[test]
    fn xlsx_first_sheet_with_numeric_cells_is_read_and_other_sheets_are_noted() {
        let store = till();
        let dir = tempfile::tempdir().expect("dir");
        let bytes = xlsx(&[
            vec![s("Name"), s("Price"), s("Stock"), s("Barcode"), s("Warna")],
            vec![
                s("Gula 1kg"),
                n(18500.0),
                n(30.0),
                n(8992024010016.0),
                s("putih"),
            ],
            vec![s("Garam"), s("Rp 4.000"), n(2.5), s(""), s("")],
            vec![s("Minyak"), n(21000.5), s(""), s(""), s("")],
        ]);
        let path = write(dir.path(), "barang.xlsx", &bytes);
        let preview = preview_product_import(&store, &path).expect("preview");
        assert_eq!(preview.format, ProductFileFormat::Xlsx);
        assert!(
            preview
                .warnings
                .iter()
                .any(|w| w.contains("\"Warna\" tidak dikenal"))
                && preview
                    .warnings
                    .iter()
                    .any(|w| w.contains("1 sheet lain diabaikan")),
            "{:?}",
            preview.warnings
        );
        let gula = &preview.rows[0];
        assert_eq!(
            (gula.line, gula.price, gula.stock),
            (2, Some(18_500), Some(30))
        );
        assert_eq!(
            gula.barcode.as_deref(),
            Some("8992024010016"),
            "a numeric barcode cell reads as its digits"
        );
        assert_eq!(
            preview.rows[1].status,
            ImportRowStatus::Error,
            "2.5 pieces of stock"
        );
        assert!(preview.rows[1].errors[0].contains("stok harus bilangan bulat"));
        assert!(preview.rows[2].errors[0].contains("harga harus bilangan bulat"));
        let err = commit_product_import(&store, &path, &preview.file_hash, Utc::now())
            .expect_err("two bad rows");
        assert_eq!(
            message(&err),
            "Perbaiki 2 baris bermasalah lalu impor lagi. Tidak ada barang yang disimpan."
        );
        assert_eq!(count(&store), 0, "the good row is not written alone");
    }

    #[test]
    fn files_that_cannot_be_read_get_a_clear_message() {
        let store = till();
        let dir = tempfile::tempdir().expect("dir");
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "ansi.csv",
                b"nama;harga\nKue Lapis L\xe9git;15000\n".to_vec(),
                "bukan UTF-8 (huruf tidak terbaca di baris 2)",
            ),
            (
                "unicode.csv",
                [
                    &[0xFF, 0xFE][..],
                    "nama\tharga"
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes)
                        .collect::<Vec<u8>>()
                        .as_slice(),
                ]
                .concat(),
                "UTF-16",
            ),
            (
                "judul.csv",
                b"nama,harga\n".to_vec(),
                "tidak berisi baris barang",
            ),
            ("kosong.csv", Vec::new(), "File ini kosong"),
            (
                "tanpa-harga.csv",
                b"nama,stok\nTeh,3\n".to_vec(),
                "Kolom harga tidak ditemukan",
            ),
            (
                "kutip.csv",
                b"nama,harga\n\"Teh,1000\n".to_vec(),
                "baris 2 tidak ditutup",
            ),
            (
                "palsu.xlsx",
                b"nama,harga\nTeh,1000\n".to_vec(),
                "bukan file Excel .xlsx",
            ),
            (
                "zip.xlsx",
                b"PK\x03\x04rusak".to_vec(),
                "bukan file Excel .xlsx",
            ),
            ("lama.xls", b"\xD0\xCF\x11\xE0".to_vec(), ".xls"),
            ("biner.csv", b"nama\0harga".to_vec(), "bukan file teks"),
        ];
        for (name, bytes, expected) in cases {
            let path = write(dir.path(), name, &bytes);
            let err = preview_product_import(&store, &path).expect_err(name);
            assert_eq!(err.kind().as_str(), "validation", "{name}");
            assert!(
                message(&err).contains(expected),
                "{name}: expected {expected:?} in {:?}",
                message(&err)
            );
        }
        let err =
            preview_product_import(&store, &dir.path().join("tidak-ada.csv")).expect_err("missing");
        assert!(message(&err).contains("tidak ditemukan"));
        assert_eq!(count(&store), 0);
    }

    #[test]
    fn the_commit_refuses_a_file_changed_since_the_preview() {
        let store = till();
        let dir = tempfile::tempdir().expect("dir");
        let path = write(dir.path(), "barang.csv", b"nama,harga\nTeh,3000\n");
        let preview = preview_product_import(&store, &path).expect("preview");
        write(dir.path(), "barang.csv", b"nama,harga\nTeh,1\n");
        let err = commit_product_import(&store, &path, &preview.file_hash, Utc::now())
            .expect_err("changed");
        assert!(
            message(&err).contains("File berubah sejak pratinjau"),
            "{}",
            message(&err)
        );
        assert_eq!(count(&store), 0);
    }

    #[test]
    fn an_export_imports_back_unchanged_in_both_formats() {
        let store = demo();
        // A product with a threshold, a comma and a quote in its name.
        store
            .save_product(
                &ProductInput {
                    id: None,
                    sku: "KUE-1".into(),
                    barcode: None,
                    name: "Kue \"Lapis\", Légit".into(),
                    category_id: None,
                    price: 25_000,
                    stock: 4,
                    active: true,
                    cost_price: Some(12_000),
                    tax_exempt: None,
                    low_stock_threshold: Some(Some(5)),
                },
                Utc::now(),
            )
            .expect("product");
        let dir = tempfile::tempdir().expect("dir");
        for format in [ProductFileFormat::Csv, ProductFileFormat::Xlsx] {
            let out =
                export_products_to_dir(&store, format, dir.path(), Utc::now()).expect("export");
            assert_eq!(out.rows as usize, count(&store));
            assert!(out.path.contains("daftar-barang-"), "{}", out.path);
            let preview = preview_product_import(&store, Path::new(&out.path)).expect("preview");
            assert_eq!(
                (
                    preview.unchanged_count,
                    preview.update_count,
                    preview.new_count,
                    preview.error_count
                ),
                (out.rows, 0, 0, 0),
                "{format:?}: every exported product matches itself: {:?}",
                preview
                    .rows
                    .iter()
                    .filter(|r| r.status != ImportRowStatus::Unchanged)
                    .collect::<Vec<_>>()
            );
            assert!(preview.warnings.is_empty(), "{:?}", preview.warnings);
            let kue = preview
                .rows
                .iter()
                .find(|r| r.sku.as_deref() == Some("KUE-1"))
                .expect("kue");
            assert_eq!(kue.name, "Kue \"Lapis\", Légit");
            assert_eq!(kue.low_stock_threshold, Some(5));
        }
        let second = export_products_to_dir(&store, ProductFileFormat::Csv, dir.path(), Utc::now())
            .expect("again");
        assert!(
            second.path.contains(" (2).csv"),
            "never overwrites: {}",
            second.path
        );
    }

    #[test]
    fn delimiter_is_the_one_the_header_uses_most() {
        assert_eq!(detect_delimiter("nama;harga;stok\n1,2,3"), ';');
        assert_eq!(detect_delimiter("nama,harga\n"), ',');
        assert_eq!(detect_delimiter("nama\tharga"), '\t');
        assert_eq!(
            detect_delimiter("\"a;b;c\",harga"),
            ',',
            "quoted ; do not count"
        );
        assert_eq!(detect_delimiter("nama"), ',');
    }
}

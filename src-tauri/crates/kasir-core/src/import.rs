//! Bulk product import (Barang → Impor): the rows of a CSV or XLSX file checked against the
//! catalogue, shown as a preview, then written all together or not at all.
//!
//! Reading the file (CSV text, the first XLSX sheet) lives in `kasir-reports`; it hands over an
//! [`ImportTable`]: the header row mapped by [`map_headers`] and the data rows as cells. This
//! module owns what the rows mean, the checks against the database, and the one transaction.
//!
//! Semantics:
//! - **Header row required.** Names are matched case-, space- and `_`-insensitively, with a
//!   bracketed note ignored (`Harga Jual (Rp)`): nama / name / nama barang / product;
//!   harga / harga jual / price; hpp / harga pokok / modal / cost; stok / stock / qty;
//!   kategori / category; barcode / kode barcode / ean; sku / kode; stok minimum / batas stok /
//!   low stock (the "Stok Menipis" threshold). A name and a price column are required; a column
//!   named twice is an error; any other column is reported as a warning and ignored.
//! - **Money and counts** accept `15000`, `15.000`, `15,000`, `Rp 15.000`, `Rp15.000,00` and
//!   numeric Excel cells; negatives, fractions (`15.5`) and text are errors. A price is required;
//!   an empty HPP, stock, category, barcode or threshold cell means "not given".
//! - **Matching is by SKU.** A row whose SKU exists updates that product: name, price, and each
//!   given HPP, category, barcode, threshold; a given stock is *set* through the stock ledger (an
//!   `adjust` movement of the difference, reason "Impor <file>"). Any other row creates a product
//!   (active; SKU `BRG-00001`… when the row has none; no stock, HPP 0 when not given). An empty
//!   cell never clears a value.
//! - **Row errors** (each listed with its line): missing name, bad price/HPP/stock/threshold, bad
//!   SKU, a barcode that is not 8–14 digits or fails its EAN-13 check digit, a SKU or barcode that
//!   appears twice in the file, a barcode another product keeps, a SKU equal to another
//!   product's barcode or the other way round (the scanner matches both).
//! - **Categories** are matched by name, case-insensitively, and created on demand.
//! - **All or nothing.** The commit re-reads the file (the caller checks its hash), re-checks
//!   every row inside one write transaction, refuses while any row has an error, and writes
//!   every product, category and stock movement in that transaction with one audit row.
//!
//! Must not depend on `tauri`; time is passed in.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::categories::MAX_CATEGORY_CHARS;
use crate::db::Tx;
use crate::error::Result;
use crate::events::DomainEvent;
use crate::products::{check_barcode, MAX_PRICE, MAX_STOCK};
use crate::stock::{Movement, StockMovementKind};
use crate::Store;

/// Rows of the file shown in the preview (every error row is shown as well).
pub const PREVIEW_ROWS: usize = 200;
/// Most data rows one file may hold.
pub const MAX_IMPORT_ROWS: usize = 50_000;
/// Prefix of the SKUs made for rows without one.
pub const AUTO_SKU_PREFIX: &str = "BRG-";
const MAX_NAME_CHARS: usize = 120;
const MAX_SKU_CHARS: usize = 40;
/// Price changes listed in the import's audit row.
const AUDIT_PRICE_CHANGES: usize = 200;

/// The two file formats of product import and export.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProductFileFormat {
    Csv,
    Xlsx,
}

impl ProductFileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ProductFileFormat::Csv => "csv",
            ProductFileFormat::Xlsx => "xlsx",
        }
    }
}

/// What a column of the file holds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportField {
    Name,
    Price,
    CostPrice,
    Stock,
    Category,
    Barcode,
    Sku,
    LowStockThreshold,
}

impl ImportField {
    const ALL: [ImportField; 8] = [
        ImportField::Name,
        ImportField::Price,
        ImportField::CostPrice,
        ImportField::Stock,
        ImportField::Category,
        ImportField::Barcode,
        ImportField::Sku,
        ImportField::LowStockThreshold,
    ];

    /// Header names (normalised, see [`normalise_header`]) that mean this field.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            ImportField::Name => &[
                "nama",
                "name",
                "nama barang",
                "product",
                "nama produk",
                "produk",
            ],
            ImportField::Price => &["harga", "harga jual", "price"],
            ImportField::CostPrice => &[
                "hpp",
                "harga pokok",
                "modal",
                "cost",
                "harga modal",
                "harga beli",
                "cost price",
            ],
            ImportField::Stock => &["stok", "stock", "qty"],
            ImportField::Category => &["kategori", "category"],
            ImportField::Barcode => &["barcode", "kode barcode", "ean", "ean13", "ean 13"],
            ImportField::Sku => &["sku", "kode", "kode barang"],
            ImportField::LowStockThreshold => &[
                "stok minimum",
                "stok min",
                "min stok",
                "batas stok",
                "stok menipis",
                "batas stok menipis",
                "low stock",
                "low stock threshold",
                "min stock",
                "minimum stock",
            ],
        }
    }

    /// The Indonesian name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            ImportField::Name => "nama barang",
            ImportField::Price => "harga",
            ImportField::CostPrice => "HPP",
            ImportField::Stock => "stok",
            ImportField::Category => "kategori",
            ImportField::Barcode => "barcode",
            ImportField::Sku => "SKU",
            ImportField::LowStockThreshold => "batas stok menipis",
        }
    }

    fn from_header(header: &str) -> Option<ImportField> {
        let h = normalise_header(header);
        ImportField::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&h.as_str()))
    }
}

/// A header as it is matched: lower case, `_`/`-`/`.` as spaces, one space between words, a
/// bracketed note and a `*` dropped (`Harga Jual (Rp)*` → `harga jual`).
pub fn normalise_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0u32;
    for c in header.trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '_' | '-' | '.' | '*' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One column of the file and the field it was mapped to (`None`: ignored).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportColumn {
    pub header: String,
    pub field: Option<ImportField>,
}

/// The header row mapped to fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    pub columns: Vec<ImportColumn>,
    /// Unknown columns, in Indonesian (shown as warnings, not row errors).
    pub warnings: Vec<String>,
    index: HashMap<ImportField, usize>,
}

impl ColumnMap {
    fn get(&self, field: ImportField) -> Option<usize> {
        self.index.get(&field).copied()
    }
}

/// Map a header row. The error is the Indonesian sentence for the owner (no name or price
/// column, a field named twice, no header at all).
pub fn map_headers(headers: &[String]) -> std::result::Result<ColumnMap, String> {
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err("Baris pertama file harus berisi judul kolom (nama, harga, …).".into());
    }
    let mut columns = Vec::with_capacity(headers.len());
    let mut index: HashMap<ImportField, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let field = ImportField::from_header(header);
        match field {
            Some(f) => {
                if let Some(&first) = index.get(&f) {
                    return Err(format!(
                        "Kolom \"{}\" dan \"{}\" sama-sama berarti {}; hapus salah satu lalu impor lagi.",
                        headers[first].trim(),
                        header.trim(),
                        f.label()
                    ));
                }
                index.insert(f, i);
            }
            None if !header.trim().is_empty() => warnings.push(format!(
                "Kolom \"{}\" tidak dikenal dan diabaikan.",
                header.trim()
            )),
            None => {}
        }
        columns.push(ImportColumn {
            header: header.trim().to_string(),
            field,
        });
    }
    for required in [ImportField::Name, ImportField::Price] {
        if !index.contains_key(&required) {
            return Err(format!(
                "Kolom {} tidak ditemukan. Judul yang dikenali: {}.",
                required.label(),
                required.aliases()[..3].join(", ")
            ));
        }
    }
    Ok(ColumnMap {
        columns,
        warnings,
        index,
    })
}

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportCell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
}

/// One data row and its line in the file (the header is line 1 in a CSV; an XLSX row keeps its
/// sheet row number).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    pub line: u32,
    pub cells: Vec<ImportCell>,
}

/// A file as read: what it is, its mapped header and its data rows.
#[derive(Debug, Clone)]
pub struct ImportTable {
    pub file_name: String,
    /// [`crate::photos::content_hash`] of the file's bytes.
    pub file_hash: String,
    pub format: ProductFileFormat,
    pub columns: ColumnMap,
    pub records: Vec<ImportRecord>,
    /// From reading the file (e.g. other sheets ignored), shown with the column warnings.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportRowStatus {
    /// Creates a product.
    New,
    /// Changes the product with this SKU.
    Update,
    /// Matches a product and changes nothing.
    Unchanged,
    /// Has at least one error: the file cannot be imported until it is fixed.
    Error,
}

/// One row of the preview, as it will be written (values not given are `null`).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportRowPreview {
    /// The row's line in the file.
    pub line: u32,
    pub status: ImportRowStatus,
    /// The product an update or unchanged row matched.
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    /// `null`: made on import (`BRG-00001`…).
    pub sku: Option<String>,
    pub name: String,
    #[ts(type = "number | null")]
    pub price: Option<i64>,
    #[ts(type = "number | null")]
    pub cost_price: Option<i64>,
    #[ts(type = "number | null")]
    pub stock: Option<i64>,
    pub category: Option<String>,
    pub barcode: Option<String>,
    #[ts(type = "number | null")]
    pub low_stock_threshold: Option<i64>,
    /// Why the row cannot be imported, in Indonesian (empty unless `status` is `error`).
    pub errors: Vec<String>,
}

/// What importing the file would do.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    /// Pass it back to the commit: a file changed since the preview is refused.
    pub file_hash: String,
    pub format: ProductFileFormat,
    pub columns: Vec<ImportColumn>,
    /// Unknown columns and other notes; they do not block the import.
    pub warnings: Vec<String>,
    #[ts(type = "number")]
    pub total_rows: i64,
    #[ts(type = "number")]
    pub new_count: i64,
    #[ts(type = "number")]
    pub update_count: i64,
    #[ts(type = "number")]
    pub unchanged_count: i64,
    #[ts(type = "number")]
    pub error_count: i64,
    /// Categories the import will create.
    pub categories_to_create: Vec<String>,
    /// The first [`PREVIEW_ROWS`] rows, then every later row with an error, in file order.
    pub rows: Vec<ImportRowPreview>,
    /// Rows of the file not in `rows`.
    #[ts(type = "number")]
    pub rows_not_shown: i64,
}

/// What an import wrote.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportResult {
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub updated: i64,
    /// Rows that matched a product and changed nothing.
    #[ts(type = "number")]
    pub unchanged: i64,
    #[ts(type = "number")]
    pub categories_created: i64,
}

/// The commit's answer: written, or refused because rows still have errors (nothing written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(ImportResult),
    Refused { error_rows: usize },
}

// ---- reading cells ----------------------------------------------------------------------

fn cell(record: &ImportRecord, col: Option<usize>) -> &ImportCell {
    col.and_then(|c| record.cells.get(c))
        .unwrap_or(&ImportCell::Empty)
}

/// A float that holds a whole number, as that number.
fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

/// A cell as trimmed text (numbers without a trailing `.0`).
fn text_of(c: &ImportCell) -> String {
    match c {
        ImportCell::Empty => String::new(),
        ImportCell::Text(s) => s.trim().to_string(),
        ImportCell::Int(n) => n.to_string(),
        ImportCell::Float(f) => whole(*f).map_or_else(|| f.to_string(), |n| n.to_string()),
    }
}

/// A whole, non-negative amount (rupiah or a count) from text: `15000`, `15.000`, `15,000`,
/// `Rp 15.000`, `15.000,00`. `Ok(None)` for an empty cell.
pub fn parse_amount_text(raw: &str) -> std::result::Result<Option<i64>, AmountProblem> {
    let mut t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let lower = t.to_lowercase();
    for prefix in ["rp.", "rp", "idr"] {
        if lower.starts_with(prefix) {
            t = t[prefix.len()..].to_string();
            break;
        }
    }
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with(['-', '\u{2212}']) || t.starts_with('(') && t.ends_with(')') {
        return Err(AmountProblem::Negative);
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountProblem::NotANumber);
    }
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    // The decimal separator, if any: the later of the two when both appear; a lone separator
    // followed by anything but groups of three digits.
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(p), None) | (None, Some(p)) => {
            let sep = t.as_bytes()[p] as char;
            let groups: Vec<&str> = t.split(sep).collect();
            let grouped = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3);
            if grouped {
                None
            } else if groups.len() == 2 {
                Some(p)
            } else {
                return Err(AmountProblem::NotANumber);
            }
        }
        (None, None) => None,
    };
    let (int_part, frac) = match decimal {
        Some(p) => (&t[..p], &t[p + 1..]),
        None => (t.as_str(), ""),
    };
    if frac.contains(['.', ',']) {
        return Err(AmountProblem::NotANumber);
    }
    if frac.bytes().any(|b| b != b'0') {
        return Err(AmountProblem::Fraction);
    }
    let digits: String = if int_part.contains(['.', ',']) {
        let sep = if int_part.contains('.') { '.' } else { ',' };
        if int_part.contains(if sep == '.' { ',' } else { '.' }) {
            return Err(AmountProblem::NotANumber);
        }
        let groups: Vec<&str> = int_part.split(sep).collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(AmountProblem::NotANumber);
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    if digits.is_empty() {
        return Err(AmountProblem::NotANumber);
    }
    digits
        .parse::<i64>()
        .map(Some)
        .map_err(|_| AmountProblem::TooLarge)
}

/// Why an amount cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountProblem {
    Negative,
    Fraction,
    NotANumber,
    TooLarge,
}

/// A whole amount from a cell, between 0 and `max`, with the row's error text.
fn amount(
    c: &ImportCell,
    field: ImportField,
    max: i64,
) -> std::result::Result<Option<i64>, String> {
    let label = field.label();
    let value = match c {
        ImportCell::Empty => None,
        ImportCell::Int(n) if *n < 0 => return Err(format!("{label} tidak boleh negatif")),
        ImportCell::Int(n) => Some(*n),
        ImportCell::Float(f) if *f < 0.0 => return Err(format!("{label} tidak boleh negatif")),
        ImportCell::Float(f) => match whole(*f) {
            Some(n) => Some(n),
            None => return Err(format!("{label} harus bilangan bulat (bukan {f})")),
        },
        ImportCell::Text(s) => match parse_amount_text(s) {
            Ok(v) => v,
            Err(AmountProblem::Negative) => return Err(format!("{label} tidak boleh negatif")),
            Err(AmountProblem::Fraction) => {
                return Err(format!(
                    "{label} harus bilangan bulat (bukan \"{}\")",
                    s.trim()
                ))
            }
            Err(AmountProblem::NotANumber) => {
                return Err(format!("{label} \"{}\" bukan angka", s.trim()))
            }
            Err(AmountProblem::TooLarge) => return Err(format!("{label} terlalu besar")),
        },
    };
    match value {
        Some(n) if n > max => Err(format!("{label} terlalu besar")),
        v => Ok(v),
    }
}

// ---- the catalogue as it stands -----------------------------------------------------------

struct Existing {
    id: i64,
    sku: String,
    name: String,
    barcode: Option<String>,
    price: i64,
    cost_price: i64,
    category_id: Option<i64>,
    stock: i64,
    low_stock_threshold: Option<i64>,
}

struct Snapshot {
    products: Vec<Existing>,
    by_sku: HashMap<String, usize>,
    /// Category name in lower case → (id, name).
    categories: HashMap<String, (i64, String)>,
}

fn load_snapshot(conn: &Connection) -> Result<Snapshot> {
    let mut st = conn.prepare(
        "SELECT id, sku, name, barcode, price, cost_price, category_id, stock, low_stock_threshold
         FROM products",
    )?;
    let products = st
        .query_map([], |r| {
            Ok(Existing {
                id: r.get(0)?,
                sku: r.get(1)?,
                name: r.get(2)?,
                barcode: r.get(3)?,
                price: r.get(4)?,
                cost_price: r.get(5)?,
                category_id: r.get(6)?,
                stock: r.get(7)?,
                low_stock_threshold: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let by_sku = products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.sku.clone(), i))
        .collect();
    let mut st = conn.prepare("SELECT id, name FROM categories")?;
    let categories = st
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(id, name)| (name.to_lowercase(), (id, name)))
        .collect();
    Ok(Snapshot {
        products,
        by_sku,
        categories,
    })
}

// ---- the plan -------------------------------------------------------------------------------

/// One row, parsed and checked.
struct RowPlan {
    line: u32,
    sku: Option<String>,
    name: String,
    price: Option<i64>,
    cost_price: Option<i64>,
    stock: Option<i64>,
    category: Option<String>,
    barcode: Option<String>,
    low_stock_threshold: Option<i64>,
    /// The product this row updates (index into the snapshot).
    target: Option<usize>,
    errors: Vec<String>,
    status: ImportRowStatus,
}

impl RowPlan {
    fn preview(&self, snapshot: &Snapshot) -> ImportRowPreview {
        ImportRowPreview {
            line: self.line,
            status: self.status,
            product_id: self.target.map(|t| snapshot.products[t].id),
            sku: self.sku.clone(),
            name: self.name.clone(),
            price: self.price,
            cost_price: self.cost_price,
            stock: self.stock,
            category: self.category.clone(),
            barcode: self.barcode.clone(),
            low_stock_threshold: self.low_stock_threshold,
            errors: self.errors.clone(),
        }
    }
}

struct Plan {
    rows: Vec<RowPlan>,
    /// Categories to create, in the spelling first seen.
    new_categories: Vec<String>,
}

impl Plan {
    fn count(&self, status: ImportRowStatus) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }
}

fn parse_row(record: &ImportRecord, cols: &ColumnMap, snapshot: &Snapshot) -> RowPlan {
    use ImportField as F;
    let mut errors = Vec::new();
    let get = |f: F| cell(record, cols.get(f));

    let name = text_of(get(F::Name));
    if name.is_empty() {
        errors.push("nama barang wajib diisi".to_string());
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(format!("nama barang paling panjang {MAX_NAME_CHARS} huruf"));
    }
    let mut number = |f: F, max: i64| match amount(get(f), f, max) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let price_given = !matches!(get(F::Price), ImportCell::Empty)
        && !matches!(get(F::Price), ImportCell::Text(t) if parse_amount_text(t) == Ok(None));
    let price = number(F::Price, MAX_PRICE);
    let cost_price = number(F::CostPrice, MAX_PRICE);
    let stock = number(F::Stock, MAX_STOCK);
    let low_stock_threshold = number(F::LowStockThreshold, MAX_STOCK);
    if !price_given {
        errors.push("harga wajib diisi".to_string());
    }
    let sku = Some(text_of(get(F::Sku))).filter(|s| !s.is_empty());
    if let Some(s) = &sku {
        if s.chars().count() > MAX_SKU_CHARS || s.chars().any(char::is_whitespace) {
            errors.push(format!(
                "SKU \"{s}\" harus tanpa spasi dan paling panjang {MAX_SKU_CHARS} huruf"
            ));
        }
    }
    let barcode = match text_of(get(F::Barcode)) {
        b if b.is_empty() => None,
        b => match check_barcode(&b) {
            Ok(code) => Some(code),
            Err(e) => {
                errors.push(e);
                Some(b)
            }
        },
    };
    let category = Some(text_of(get(F::Category))).filter(|c| !c.is_empty());
    if let Some(c) = &category {
        if c.chars().count() > MAX_CATEGORY_CHARS {
            errors.push(format!(
                "nama kategori paling panjang {MAX_CATEGORY_CHARS} huruf"
            ));
        }
    }
    let target = sku.as_ref().and_then(|s| snapshot.by_sku.get(s).copied());
    RowPlan {
        line: record.line,
        sku,
        name,
        price,
        cost_price,
        stock,
        category,
        barcode,
        low_stock_threshold,
        target,
        errors,
        status: ImportRowStatus::Error,
    }
}

/// Who holds a code once the import is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Product(usize),
    Row(usize),
}

fn owner_of(row: &RowPlan, i: usize) -> Owner {
    row.target.map_or(Owner::Row(i), Owner::Product)
}

fn plan(snapshot: &Snapshot, table: &ImportTable) -> Plan {
    let mut rows: Vec<RowPlan> = table
        .records
        .iter()
        .map(|r| parse_row(r, &table.columns, snapshot))
        .collect();

    // The same SKU or barcode twice in the file: every later row is wrong.
    let mut first_sku: HashMap<String, u32> = HashMap::new();
    let mut first_code: HashMap<String, u32> = HashMap::new();
    for row in &mut rows {
        if let Some(s) = &row.sku {
            if let Some(line) = first_sku.get(s) {
                row.errors
                    .push(format!("SKU {s} sudah ada di baris {line} file ini"));
            } else {
                first_sku.insert(s.clone(), row.line);
            }
        }
        if let Some(b) = &row.barcode {
            if let Some(line) = first_code.get(b) {
                row.errors
                    .push(format!("barcode {b} sudah ada di baris {line} file ini"));
            } else {
                first_code.insert(b.clone(), row.line);
            }
        }
    }

    // The codes as they will stand after the import: products keep their barcode unless their
    // row gives a new one (so two products may swap barcodes in one file).
    let replaced: HashSet<usize> = rows
        .iter()
        .filter(|r| r.barcode.is_some())
        .filter_map(|r| r.target)
        .collect();
    let mut barcode_owner: HashMap<&str, Owner> = HashMap::new();
    let mut sku_owner: HashMap<&str, Owner> = HashMap::new();
    for (i, p) in snapshot.products.iter().enumerate() {
        sku_owner.insert(p.sku.as_str(), Owner::Product(i));
        if let Some(b) = p.barcode.as_deref().filter(|_| !replaced.contains(&i)) {
            barcode_owner.insert(b, Owner::Product(i));
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let owner = owner_of(row, i);
        if let Some(b) = &row.barcode {
            barcode_owner.entry(b.as_str()).or_insert(owner);
        }
        if let Some(s) = &row.sku {
            sku_owner.entry(s.as_str()).or_insert(owner);
        }
    }
    let describe = |owner: Owner, rows: &[RowPlan]| match owner {
        Owner::Product(p) => {
            let p = &snapshot.products[p];
            format!("barang {} (SKU {})", p.name, p.sku)
        }
        Owner::Row(r) => format!("baris {} file ini", rows[r].line),
    };
    let mut clashes: Vec<(usize, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let me = owner_of(row, i);
        if let Some(b) = &row.barcode {
            match barcode_owner.get(b.as_str()) {
                Some(&o @ Owner::Product(_)) if o != me => {
                    let hint = if row.sku.is_none() {
                        "; isi SKU-nya untuk memperbarui barang itu"
                    } else {
                        ""
                    };
                    clashes.push((
                        i,
                        format!("barcode {b} sudah dipakai {}{hint}", describe(o, &rows)),
                    ));
                }
                _ => {}
            }
            if let Some(&o) = sku_owner.get(b.as_str()) {
                if o != me {
                    clashes.push((
                        i,
                        format!(
                            "barcode {b} sudah dipakai sebagai SKU {}",
                            describe(o, &rows)
                        ),
                    ));
                }
            }
        }
        if let Some(s) = &row.sku {
            if let Some(&o) = barcode_owner.get(s.as_str()) {
                if o != me {
                    clashes.push((
                        i,
                        format!(
                            "SKU {s} sudah dipakai sebagai barcode {}",
                            describe(o, &rows)
                        ),
                    ));
                }
            }
        }
    }
    for (i, e) in clashes {
        rows[i].errors.push(e);
    }

    let mut new_categories: Vec<String> = Vec::new();
    let mut seen_categories: HashSet<String> = HashSet::new();
    for row in &mut rows {
        row.status = if !row.errors.is_empty() {
            ImportRowStatus::Error
        } else if let Some(t) = row.target {
            if changes(row, &snapshot.products[t], snapshot) {
                ImportRowStatus::Update
            } else {
                ImportRowStatus::Unchanged
            }
        } else {
            ImportRowStatus::New
        };
        if row.status == ImportRowStatus::Error {
            continue;
        }
        if let Some(c) = &row.category {
            let key = c.to_lowercase();
            if !snapshot.categories.contains_key(&key) && seen_categories.insert(key) {
                new_categories.push(c.clone());
            }
        }
    }
    Plan {
        rows,
        new_categories,
    }
}

/// Does this row change its product?
fn changes(row: &RowPlan, p: &Existing, snapshot: &Snapshot) -> bool {
    let category_changes = row.category.as_ref().is_some_and(|c| {
        snapshot
            .categories
            .get(&c.to_lowercase())
            .map(|(id, _)| *id)
            != p.category_id
    });
    row.name != p.name
        || row.price.is_some_and(|v| v != p.price)
        || row.cost_price.is_some_and(|v| v != p.cost_price)
        || row.stock.is_some_and(|v| v != p.stock)
        || row
            .barcode
            .as_ref()
            .is_some_and(|b| Some(b) != p.barcode.as_ref())
        || row
            .low_stock_threshold
            .is_some_and(|t| Some(t) != p.low_stock_threshold)
        || category_changes
}

fn preview_of(table: &ImportTable, snapshot: &Snapshot, plan: &Plan) -> ImportPreview {
    let mut warnings = table.warnings.clone();
    warnings.extend(table.columns.warnings.iter().cloned());
    let rows: Vec<ImportRowPreview> = plan
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| *i < PREVIEW_ROWS || r.status == ImportRowStatus::Error)
        .map(|(_, r)| r.preview(snapshot))
        .collect();
    let count = |s| plan.count(s) as i64;
    ImportPreview {
        file_name: table.file_name.clone(),
        file_hash: table.file_hash.clone(),
        format: table.format,
        columns: table.columns.columns.clone(),
        warnings,
        total_rows: plan.rows.len() as i64,
        new_count: count(ImportRowStatus::New),
        update_count: count(ImportRowStatus::Update),
        unchanged_count: count(ImportRowStatus::Unchanged),
        error_count: count(ImportRowStatus::Error),
        categories_to_create: plan.new_categories.clone(),
        rows_not_shown: (plan.rows.len() - rows.len()) as i64,
        rows,
    }
}

// ---- writing --------------------------------------------------------------------------------

/// SKUs for new rows without one: `BRG-00001`, … after the highest such SKU in use, skipping any
/// code already taken as a SKU or barcode.
struct SkuMaker {
    next: u64,
    taken: HashSet<String>,
}

impl SkuMaker {
    fn new(snapshot: &Snapshot, rows: &[RowPlan]) -> SkuMaker {
        let mut taken: HashSet<String> = HashSet::new();
        for p in &snapshot.products {
            taken.insert(p.sku.clone());
            taken.extend(p.barcode.clone());
        }
        for r in rows {
            taken.extend(r.sku.clone());
            taken.extend(r.barcode.clone());
        }
        let highest = taken
            .iter()
            .filter_map(|s| s.strip_prefix(AUTO_SKU_PREFIX))
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        SkuMaker {
            next: highest + 1,
            taken,
        }
    }

    fn make(&mut self) -> String {
        loop {
            let sku = format!("{AUTO_SKU_PREFIX}{:05}", self.next);
            self.next += 1;
            if self.taken.insert(sku.clone()) {
                return sku;
            }
        }
    }
}

fn write_plan(
    tx: &Tx<'_>,
    table: &ImportTable,
    snapshot: &Snapshot,
    plan: &Plan,
    actor: Option<&crate::Operator>,
    now: DateTime<Utc>,
) -> Result<ImportResult> {
    let ts = now.timestamp_millis();
    let mut category_ids: HashMap<String, i64> = snapshot
        .categories
        .iter()
        .map(|(k, (id, _))| (k.clone(), *id))
        .collect();
    for name in &plan.new_categories {
        tx.execute(
            "INSERT INTO categories (name, sort_order, is_demo)
             VALUES (?1, (SELECT IFNULL(MAX(sort_order), -1) + 1 FROM categories), 0)",
            [name],
        )?;
        category_ids.insert(name.to_lowercase(), tx.last_insert_rowid());
    }
    let category_id = |row: &RowPlan| {
        row.category
            .as_ref()
            .and_then(|c| category_ids.get(&c.to_lowercase()).copied())
    };

    // Barcodes that move between products: let go of the old ones first, so a swap never meets
    // the UNIQUE index half-way.
    let mut release = tx.prepare_cached("UPDATE products SET barcode = NULL WHERE id = ?1")?;
    for row in plan
        .rows
        .iter()
        .filter(|r| r.status == ImportRowStatus::Update)
    {
        let Some(p) = row.target.map(|t| &snapshot.products[t]) else {
            continue;
        };
        if row.barcode.is_some() && row.barcode != p.barcode && p.barcode.is_some() {
            release.execute([p.id])?;
        }
    }

    let reason = format!("Impor {}", table.file_name);
    let mut update = tx.prepare_cached(
        "UPDATE products SET name = ?2, price = ?3, cost_price = ?4, category_id = ?5,
             barcode = ?6, low_stock_threshold = ?7, stock = ?8, updated_at = ?9
         WHERE id = ?1",
    )?;
    let mut stock_changed = Vec::new();
    let mut price_changes = Vec::new();
    let mut updated = 0i64;
    for row in plan
        .rows
        .iter()
        .filter(|r| r.status == ImportRowStatus::Update)
    {
        let Some(p) = row.target.map(|t| &snapshot.products[t]) else {
            continue;
        };
        let price = row.price.unwrap_or(p.price);
        let stock = row.stock.unwrap_or(p.stock);
        update.execute(params![
            p.id,
            row.name,
            price,
            row.cost_price.unwrap_or(p.cost_price),
            if row.category.is_some() {
                category_id(row)
            } else {
                p.category_id
            },
            row.barcode.as_ref().or(p.barcode.as_ref()),
            row.low_stock_threshold.or(p.low_stock_threshold),
            stock,
            ts
        ])?;
        if stock != p.stock {
            let movement = Movement {
                product_id: p.id,
                delta: stock - p.stock,
                kind: StockMovementKind::Adjust,
                reason: Some(&reason),
                order_id: None,
            };
            crate::stock::record(tx, movement, now)?;
            stock_changed.push(p.id);
        }
        if price != p.price && price_changes.len() < AUDIT_PRICE_CHANGES {
            price_changes.push(serde_json::json!({ "sku": p.sku, "from": p.price, "to": price }));
        }
        updated += 1;
    }

    // New products: the ledger's `initial` row comes from the migration 6 trigger.
    let mut skus = SkuMaker::new(snapshot, &plan.rows);
    let mut insert = tx.prepare_cached(
        "INSERT INTO products
           (sku, barcode, name, category_id, price, stock, active, is_demo, created_at,
            updated_at, cost_price, low_stock_threshold)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 0, ?7, ?7, ?8, ?9)",
    )?;
    let mut created = 0i64;
    for row in plan
        .rows
        .iter()
        .filter(|r| r.status == ImportRowStatus::New)
    {
        let sku = row.sku.clone().unwrap_or_else(|| skus.make());
        insert.execute(params![
            sku,
            row.barcode,
            row.name,
            category_id(row),
            row.price.unwrap_or(0),
            row.stock.unwrap_or(0),
            ts,
            row.cost_price.unwrap_or(0),
            row.low_stock_threshold
        ])?;
        created += 1;
    }

    let result = ImportResult {
        created,
        updated,
        unchanged: plan.count(ImportRowStatus::Unchanged) as i64,
        categories_created: plan.new_categories.len() as i64,
    };
    if created + updated + result.categories_created > 0 {
        crate::audit::record(
            tx,
            actor,
            crate::AuditAction::ProductChanged,
            &format!("Impor {} barang ({})", created + updated, table.file_name),
            serde_json::json!({
                "file": table.file_name,
                "fileHash": table.file_hash,
                "created": created,
                "updated": updated,
                "categoriesCreated": plan.new_categories,
                "prices": price_changes,
            }),
            now,
        )?;
        tx.emit(DomainEvent::CatalogChanged);
    }
    if !stock_changed.is_empty() {
        tx.emit(DomainEvent::StockChanged {
            product_ids: stock_changed,
        });
    }
    Ok(result)
}

impl Store {
    /// What importing `table` would do, checked against the catalogue as it stands.
    pub fn preview_import(&self, table: &ImportTable) -> Result<ImportPreview> {
        self.read(|c| {
            let snapshot = load_snapshot(c)?;
            let plan = plan(&snapshot, table);
            Ok(preview_of(table, &snapshot, &plan))
        })
    }

    /// Import `table` in one transaction: every row is checked again against the catalogue as
    /// it stands inside the transaction; any error row refuses the whole file and nothing is
    /// written. Announced as `CatalogChanged` (and `StockChanged` for stock set by the file).
    pub fn commit_import(&self, table: &ImportTable, now: DateTime<Utc>) -> Result<ImportOutcome> {
        let actor = self.operator();
        self.write(|tx| {
            let snapshot = load_snapshot(tx)?;
            let plan = plan(&snapshot, table);
            let error_rows = plan.count(ImportRowStatus::Error);
            if error_rows > 0 {
                return Ok(ImportOutcome::Refused { error_rows });
            }
            write_plan(tx, table, &snapshot, &plan, actor.as_ref(), now)
                .map(ImportOutcome::Imported)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::tests::{input, seeded};
    use crate::{ProductQuery, ProductRow};
    use kasir_shared::barcode::ean13_check_digit;

    fn ean13(body: &str) -> String {
        format!("{body}{}", ean13_check_digit(body))
    }

    /// A table as the file reader would hand it over: text cells, header on line 1.
    fn table(headers: &[&str], rows: &[&[&str]]) -> ImportTable {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        ImportTable {
            file_name: "barang.csv".into(),
            file_hash: "hash".into(),
            format: ProductFileFormat::Csv,
            columns: map_headers(&headers).expect("headers"),
            records: rows
                .iter()
                .enumerate()
                .map(|(i, r)| ImportRecord {
                    line: i as u32 + 2,
                    cells: r
                        .iter()
                        .map(|c| {
                            if c.is_empty() {
                                ImportCell::Empty
                            } else {
                                ImportCell::Text(c.to_string())
                            }
                        })
                        .collect(),
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn all(store: &Store) -> Vec<ProductRow> {
        store
            .list_products(&ProductQuery {
                include_inactive: true,
                ..ProductQuery::default()
            })
            .expect("list")
    }

    fn by_sku(store: &Store, sku: &str) -> ProductRow {
        all(store)
            .into_iter()
            .find(|p| p.product.sku == sku)
            .unwrap_or_else(|| panic!("{sku} not stored"))
    }

    fn imported(outcome: ImportOutcome) -> ImportResult {
        match outcome {
            ImportOutcome::Imported(r) => r,
            other => panic!("expected an import, got {other:?}"),
        }
    }

    #[test]
    fn headers_match_indonesian_and_english_names_whatever_the_case_and_spacing() {
        let id: Vec<String> = [
            "Nama Barang",
            " HARGA_JUAL ",
            "Harga Pokok",
            "Stok",
            "Kategori",
            "Kode Barcode",
            "Kode",
            "Stok Minimum",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let en: Vec<String> = [
            "name",
            "Price",
            "COST",
            "qty",
            "category",
            "EAN",
            "sku",
            "low_stock",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for headers in [id, en] {
            let map = map_headers(&headers).expect("mapped");
            let fields: Vec<Option<ImportField>> = map.columns.iter().map(|c| c.field).collect();
            assert_eq!(
                fields,
                ImportField::ALL.map(Some).to_vec(),
                "{headers:?} must map onto every field in order"
            );
            assert!(map.warnings.is_empty());
        }
        assert_eq!(normalise_header("Harga Jual (Rp)*"), "harga jual");
    }

    #[test]
    fn unknown_columns_warn_and_a_missing_or_doubled_column_is_refused() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let map = map_headers(&h(&["nama", "harga", "warna", ""])).expect("ok");
        assert_eq!(
            map.warnings,
            ["Kolom \"warna\" tidak dikenal dan diabaikan."]
        );
        let err = map_headers(&h(&["nama", "stok"])).expect_err("no price");
        assert!(err.contains("Kolom harga tidak ditemukan"), "{err}");
        let err = map_headers(&h(&["name", "nama", "harga"])).expect_err("twice");
        assert!(err.contains("sama-sama berarti nama barang"), "{err}");
        let err = map_headers(&h(&["", " "])).expect_err("no header");
        assert!(err.contains("judul kolom"), "{err}");
    }

    #[test]
    fn amounts_accept_indonesian_and_plain_forms_and_refuse_fractions_and_negatives() {
        for (text, want) in [
            ("15000", 15_000),
            ("15.000", 15_000),
            ("15,000", 15_000),
            ("Rp 15.000", 15_000),
            ("Rp15.000", 15_000),
            ("rp. 1.250.000", 1_250_000),
            ("IDR 5000", 5_000),
            ("15.000,00", 15_000),
            ("15,000.00", 15_000),
            ("15000,0", 15_000),
            ("15 000", 15_000),
            ("0", 0),
        ] {
            assert_eq!(parse_amount_text(text), Ok(Some(want)), "{text:?}");
        }
        assert_eq!(parse_amount_text("  "), Ok(None));
        assert_eq!(parse_amount_text("Rp"), Ok(None));
        for (text, want) in [
            ("15.5", AmountProblem::Fraction),
            ("15,50", AmountProblem::Fraction),
            ("15.000,50", AmountProblem::Fraction),
            ("-15000", AmountProblem::Negative),
            ("Rp -5.000", AmountProblem::Negative),
            ("(5000)", AmountProblem::Negative),
            ("lima ribu", AmountProblem::NotANumber),
            ("1.2.3", AmountProblem::NotANumber),
            ("15.00.000", AmountProblem::NotANumber),
            ("99999999999999999999", AmountProblem::TooLarge),
        ] {
            assert_eq!(parse_amount_text(text), Err(want), "{text:?}");
        }
        assert_eq!(
            amount(&ImportCell::Float(15000.0), ImportField::Price, MAX_PRICE),
            Ok(Some(15_000))
        );
        assert!(
            amount(&ImportCell::Float(15.5), ImportField::Price, MAX_PRICE)
                .expect_err("fraction")
                .contains("bilangan bulat")
        );
        assert!(amount(
            &ImportCell::Int(MAX_PRICE + 1),
            ImportField::Price,
            MAX_PRICE
        )
        .expect_err("too big")
        .contains("terlalu besar"));
    }

    #[test]
    fn bad_rows_are_listed_with_their_lines_and_block_the_whole_file() {
        let store = seeded();
        let demo = store.catalog().expect("catalog").products[0].clone();
        let demo_code = demo.barcode.clone().expect("demo barcode");
        let t = table(
            &["sku", "nama", "harga", "stok", "barcode"],
            &[
                &["OK-1", "Roti Tawar", "15.000", "10", ""],
                &["OK-2", "", "5000", "", ""],
                &["OK-3", "Roti Manis", "15.5", "", ""],
                &["OK-4", "Roti Keju", "-100", "", ""],
                &["OK-5", "Roti Coklat", "", "", ""],
                &["OK-6", "Donat", "3000", "dua", ""],
                &["OK-1", "Roti Tawar Lagi", "15000", "", ""],
                &["OK-7", "Susu", "9000", "", "4006381333932"],
                &["OK-8", "Susu Lain", "9000", "", &demo_code],
                &["OK-9", "Kopi", "9000", "", &ean13("899111111111")],
                &["OK-10", "Kopi Lagi", "9000", "", &ean13("899111111111")],
                &["OK 11", "Spasi", "1000", "", ""],
                &[&demo_code, "SKU seperti barcode", "1000", "", ""],
            ],
        );
        let preview = store.preview_import(&t).expect("preview");
        let errors: Vec<(u32, String)> = preview
            .rows
            .iter()
            .filter(|r| r.status == ImportRowStatus::Error)
            .map(|r| (r.line, r.errors.join("; ")))
            .collect();
        let expect = [
            (3, "nama barang wajib diisi"),
            (4, "harga harus bilangan bulat"),
            (5, "harga tidak boleh negatif"),
            (6, "harga wajib diisi"),
            (7, "stok \"dua\" bukan angka"),
            (8, "SKU OK-1 sudah ada di baris 2"),
            (9, "angka terakhir seharusnya 1"),
            (
                10,
                &format!("barcode {demo_code} sudah dipakai barang {}", demo.name),
            ),
            (
                12,
                &format!("barcode {} sudah ada di baris 11", ean13("899111111111")),
            ),
            (13, "tanpa spasi"),
            (14, "sudah dipakai sebagai barcode barang"),
        ];
        assert_eq!(
            errors.iter().map(|e| e.0).collect::<Vec<_>>(),
            expect.iter().map(|e| e.0).collect::<Vec<_>>(),
            "exactly these lines are wrong: {errors:#?}"
        );
        for ((line, got), (_, want)) in errors.iter().zip(expect.iter()) {
            assert!(
                got.contains(want),
                "line {line}: {got:?} should say {want:?}"
            );
        }
        assert_eq!((preview.new_count, preview.error_count), (2, 11));

        let before = all(&store);
        let outcome = store.commit_import(&t, Utc::now()).expect("commit");
        assert_eq!(outcome, ImportOutcome::Refused { error_rows: 11 });
        assert_eq!(
            all(&store),
            before,
            "nothing written while any row is wrong"
        );
    }

    #[test]
    fn a_clean_file_creates_updates_and_sets_stock_through_the_ledger_in_one_go() {
        let store = seeded();
        let existing = by_sku(&store, "MKN-001");
        let old_stock = existing.product.stock;
        let t = table(
            &[
                "SKU",
                "Nama",
                "Harga",
                "HPP",
                "Stok",
                "Kategori",
                "Barcode",
                "Stok Minimum",
            ],
            &[
                &[
                    "MKN-001",
                    "Nasi Goreng Spesial",
                    "Rp 27.000",
                    "",
                    "5",
                    "",
                    "",
                    "10",
                ],
                &[
                    "",
                    "Roti Bakar Keju",
                    "18.000",
                    "9000",
                    "12",
                    "roti",
                    "",
                    "3",
                ],
                &["", "Roti Bakar Coklat", "17000", "", "", "Roti", "", ""],
                &["MNM-001", "Es Teh Manis", "5000", "", "", "", "", ""],
            ],
        );
        let preview = store.preview_import(&t).expect("preview");
        assert_eq!(
            (
                preview.new_count,
                preview.update_count,
                preview.unchanged_count,
                preview.error_count
            ),
            (2, 1, 1, 0),
            "{:#?}",
            preview.rows
        );
        assert_eq!(
            preview.categories_to_create,
            ["roti"],
            "created once, as first spelled"
        );
        let mut rx = store.events().subscribe();
        let result = imported(store.commit_import(&t, Utc::now()).expect("commit"));
        assert_eq!(
            result,
            ImportResult {
                created: 2,
                updated: 1,
                unchanged: 1,
                categories_created: 1
            }
        );
        let nasi = by_sku(&store, "MKN-001");
        assert_eq!(nasi.product.price, 27_000);
        assert_eq!(nasi.product.stock, 5, "the file sets the stock");
        assert_eq!(nasi.product.low_stock_threshold, Some(10));
        assert!(nasi.product.low_stock, "5 <= 10 is low");
        assert_eq!(
            nasi.category_name.as_deref(),
            Some("Makanan"),
            "empty category: kept"
        );
        assert_eq!(
            nasi.product.barcode, existing.product.barcode,
            "empty barcode: kept"
        );
        let history = store.stock_movements(nasi.product.id, 10).expect("history");
        assert_eq!(
            history[0].delta,
            5 - old_stock,
            "the difference goes through the ledger"
        );
        assert_eq!(history[0].reason.as_deref(), Some("Impor barang.csv"));

        let rows = all(&store);
        let keju = rows
            .iter()
            .find(|p| p.product.name == "Roti Bakar Keju")
            .expect("keju");
        let coklat = rows
            .iter()
            .find(|p| p.product.name == "Roti Bakar Coklat")
            .expect("coklat");
        assert_eq!(
            keju.product.sku, "BRG-00001",
            "SKUs are made for rows without one"
        );
        assert_eq!(coklat.product.sku, "BRG-00002");
        assert_eq!(keju.category_name.as_deref(), Some("roti"));
        assert_eq!(
            coklat.product.category_id, keju.product.category_id,
            "one category"
        );
        assert_eq!((keju.cost_price, keju.product.stock), (9_000, 12));
        assert_eq!(
            store.stock_movements(keju.product.id, 5).expect("h")[0].kind,
            StockMovementKind::Initial
        );
        let mut names = Vec::new();
        while let Ok(e) = rx.try_recv() {
            names.push(e.name());
        }
        assert_eq!(names, ["catalogChanged", "stockChanged"]);
        let audit: String = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT subject FROM audit_log WHERE action = 'product_changed' ORDER BY id DESC",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audit, "Impor 3 barang (barang.csv)");

        // The same file again changes nothing but the two new rows (no SKU: new again).
        let again = store.preview_import(&t).expect("again");
        assert_eq!((again.update_count, again.unchanged_count), (0, 2));
    }

    #[test]
    fn two_products_may_swap_barcodes_in_one_file() {
        let store = crate::testing::till();
        let (a, b) = (ean13("200000000001"), ean13("200000000002"));
        for (sku, code) in [("A-1", &a), ("B-1", &b)] {
            let mut p = input(sku, sku, 1_000);
            p.barcode = Some(code.clone());
            store.save_product(&p, Utc::now()).expect("product");
        }
        let t = table(
            &["sku", "nama", "harga", "barcode"],
            &[&["A-1", "A-1", "1000", &b], &["B-1", "B-1", "1000", &a]],
        );
        assert_eq!(store.preview_import(&t).expect("preview").error_count, 0);
        imported(store.commit_import(&t, Utc::now()).expect("swap"));
        assert_eq!(by_sku(&store, "A-1").product.barcode, Some(b));
        assert_eq!(by_sku(&store, "B-1").product.barcode, Some(a));
    }

    #[test]
    fn the_commit_checks_again_inside_its_transaction() {
        let store = crate::testing::till();
        let code = ean13("200000000009");
        let t = table(&["nama", "harga", "barcode"], &[&["Roti", "1000", &code]]);
        assert_eq!(store.preview_import(&t).expect("preview").error_count, 0);
        // Someone takes the barcode between the preview and the commit.
        let mut p = input("LAIN-1", "Lain", 1_000);
        p.barcode = Some(code);
        store.save_product(&p, Utc::now()).expect("taken");
        assert_eq!(
            store.commit_import(&t, Utc::now()).expect("commit"),
            ImportOutcome::Refused { error_rows: 1 }
        );
        assert_eq!(all(&store).len(), 1);
    }

    #[test]
    fn a_failure_half_way_writes_nothing() {
        let store = crate::testing::till();
        // A trigger that refuses the second insert stands in for a disk error mid-import.
        store
            .write(|tx| {
                tx.execute_batch(
                    "CREATE TRIGGER fail_second AFTER INSERT ON products
                     WHEN NEW.name = 'Kedua' BEGIN SELECT RAISE(ABORT, 'disk penuh'); END;",
                )?;
                Ok(())
            })
            .expect("trigger");
        let t = table(
            &["nama", "harga", "kategori"],
            &[&["Pertama", "1000", "Baru"], &["Kedua", "2000", ""]],
        );
        let err = store.commit_import(&t, Utc::now()).expect_err("must fail");
        assert_eq!(err.kind().as_str(), "internal");
        assert!(
            all(&store).is_empty(),
            "the first row is rolled back with the second"
        );
        assert!(
            store.list_categories().expect("categories").is_empty(),
            "the category made for it is rolled back too"
        );
    }

    #[test]
    fn the_preview_shows_the_first_rows_and_every_error_row() {
        let store = crate::testing::till();
        let names: Vec<String> = (0..500).map(|i| format!("Barang {i}")).collect();
        let rows: Vec<Vec<&str>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| vec![n.as_str(), if i == 450 { "x" } else { "1000" }])
            .collect();
        let row_refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let preview = store
            .preview_import(&table(&["nama", "harga"], &row_refs))
            .expect("preview");
        assert_eq!(preview.total_rows, 500);
        assert_eq!(preview.rows.len(), PREVIEW_ROWS + 1);
        assert_eq!(
            preview.rows.last().map(|r| r.line),
            Some(452),
            "the error row is shown"
        );
        assert_eq!(preview.rows_not_shown, 500 - PREVIEW_ROWS as i64 - 1);
    }
}

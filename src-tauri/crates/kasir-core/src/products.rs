//! Product management for the owner: the full product list (inactive too), create and edit,
//! and removing the demo catalogue for good. Categories live in `crate::categories`, stock
//! adjustments in `crate::stock`.
//!
//! Owns the validation rules of a product (name, SKU, barcode, price). Reads and writes only the
//! `products`, `categories` and `settings` tables, plus the stock ledger through `crate::stock`
//! (every stock change is recorded in the same transaction); past sales keep their own snapshots
//! in `order_lines`. Must not depend on `tauri`; time is passed in.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Product;
use crate::categories::category_not_found;
use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::Store;
use kasir_shared::barcode::{ean13_check_digit, is_valid_ean13};
use kasir_shared::format_rupiah;

/// Highest price a product may have: Rp 100.000.000.
pub const MAX_PRICE: i64 = 100_000_000;
/// Highest stock a product may hold; keeps sums far from overflow.
pub const MAX_STOCK: i64 = 1_000_000_000;
const MAX_NAME_CHARS: usize = 120;
const MAX_SKU_CHARS: usize = 40;
const MAX_SEARCH_CHARS: usize = 100;

/// Settings key written when the owner removed the demo catalogue (unix ms).
pub const DEMO_REMOVED_KEY: &str = "demo_removed_at";

/// One row of the owner's product table: the till's [`Product`] (inactive ones too) plus what
/// the owner needs to manage it. Serialised flat, as one object.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductRow {
    #[serde(flatten)]
    #[ts(flatten)]
    pub product: Product,
    pub category_name: Option<String>,
    /// Part of the demo catalogue (removed by "Hapus katalog demo").
    pub is_demo: bool,
    /// HPP of one unit.
    #[ts(type = "number")]
    pub cost_price: i64,
    pub tax_exempt: bool,
}

/// Filter of the product table. Empty `search` and no category mean "all".
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ProductQuery {
    /// Part of the name, SKU or barcode.
    pub search: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Also list products that are not sold at the till.
    pub include_inactive: bool,
}

/// Create (`id: null`) or update a product.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub sku: String,
    /// Digits only, 8–14 long; empty or null for none.
    pub barcode: Option<String>,
    pub name: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Whole rupiah, 0 to Rp 100.000.000.
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub stock: i64,
    pub active: bool,
    /// Cost price (HPP) of one unit, whole rupiah; not given: unchanged (0 for a new product).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub cost_price: Option<i64>,
    /// Not taxed (e.g. sembako); not given: unchanged (taxed for a new product).
    #[serde(default)]
    #[ts(optional)]
    pub tax_exempt: Option<bool>,
    /// "Stok Menipis" at or below this stock: a number sets it, `null` clears it, not given
    /// leaves it unchanged (none for a new product).
    #[serde(
        default,
        deserialize_with = "present_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(optional, type = "number | null")]
    pub low_stock_threshold: Option<Option<i64>>,
}

/// `Some(None)` for an explicit `null`, `Some(Some(n))` for a number; a missing field stays
/// `None` through `#[serde(default)]`.
fn present_or_null<'de, D>(d: D) -> std::result::Result<Option<Option<i64>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Option::<i64>::deserialize(d).map(Some)
}

/// What "Hapus katalog demo" removed.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DemoRemoval {
    #[ts(type = "number")]
    pub products_removed: i64,
    #[ts(type = "number")]
    pub categories_removed: i64,
}

pub(crate) const ROW_SELECT: &str = "SELECT p.id, p.sku, p.barcode, p.name, p.category_id, c.name,
        p.price, p.stock, p.active, p.is_demo, p.cost_price, p.tax_exempt, p.photo,
        p.low_stock_threshold,
        (p.low_stock_threshold IS NOT NULL AND p.stock <= p.low_stock_threshold)
     FROM products p LEFT JOIN categories c ON c.id = p.category_id";

pub(crate) fn row_from(r: &Row<'_>) -> rusqlite::Result<ProductRow> {
    Ok(ProductRow {
        product: Product {
            id: r.get(0)?,
            sku: r.get(1)?,
            barcode: r.get(2)?,
            name: r.get(3)?,
            category_id: r.get(4)?,
            price: r.get(6)?,
            stock: r.get(7)?,
            active: r.get(8)?,
            photo: r.get(12)?,
            low_stock_threshold: r.get(13)?,
            low_stock: r.get(14)?,
        },
        category_name: r.get(5)?,
        is_demo: r.get(9)?,
        cost_price: r.get(10)?,
        tax_exempt: r.get(11)?,
    })
}

pub(crate) fn row_by_id(conn: &Connection, id: i64) -> Result<ProductRow> {
    conn.query_row(&format!("{ROW_SELECT} WHERE p.id = ?1"), [id], row_from)
        .optional()?
        .ok_or_else(product_not_found)
}

pub(crate) fn product_not_found() -> CoreError {
    CoreError::NotFound {
        what: "Barang".into(),
    }
}

pub(crate) fn invalid(msg: impl Into<String>) -> CoreError {
    CoreError::Validation(msg.into())
}

/// A product as it will be stored: trimmed and checked.
#[derive(Debug)]
struct CleanProduct {
    sku: String,
    barcode: Option<String>,
    name: String,
    category_id: Option<i64>,
    price: i64,
    stock: i64,
    active: bool,
    cost_price: Option<i64>,
    tax_exempt: Option<bool>,
    low_stock_threshold: Option<Option<i64>>,
}

/// A low-stock threshold is a stock level: 0 to [`MAX_STOCK`].
pub(crate) fn check_threshold(threshold: i64) -> std::result::Result<i64, String> {
    if threshold < 0 {
        return Err("batas stok menipis tidak boleh negatif".into());
    }
    if threshold > MAX_STOCK {
        return Err("batas stok menipis terlalu besar".into());
    }
    Ok(threshold)
}

fn clean_product(input: &ProductInput) -> Result<CleanProduct> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(invalid("nama barang wajib diisi"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "nama barang paling panjang {MAX_NAME_CHARS} huruf"
        )));
    }
    let sku = input.sku.trim();
    if sku.is_empty() {
        return Err(invalid("SKU wajib diisi"));
    }
    if sku.chars().count() > MAX_SKU_CHARS || sku.chars().any(char::is_whitespace) {
        return Err(invalid(format!(
            "SKU tanpa spasi dan paling panjang {MAX_SKU_CHARS} huruf"
        )));
    }
    let barcode = match input.barcode.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(validate_barcode(code)?),
    };
    if input.price < 0 {
        return Err(invalid("harga tidak boleh negatif"));
    }
    if input.price > MAX_PRICE {
        return Err(invalid(format!(
            "harga paling tinggi {}",
            format_rupiah(MAX_PRICE)
        )));
    }
    if input.stock < 0 {
        return Err(invalid("stok tidak boleh negatif"));
    }
    if let Some(cost) = input.cost_price {
        if !(0..=MAX_PRICE).contains(&cost) {
            return Err(invalid(format!(
                "HPP Rp 0 sampai {}",
                format_rupiah(MAX_PRICE)
            )));
        }
    }
    if input.stock > MAX_STOCK {
        return Err(invalid("stok terlalu besar"));
    }
    if let Some(Some(threshold)) = input.low_stock_threshold {
        check_threshold(threshold).map_err(invalid)?;
    }
    Ok(CleanProduct {
        sku: sku.to_string(),
        barcode,
        name: name.to_string(),
        category_id: input.category_id,
        price: input.price,
        stock: input.stock,
        active: input.active,
        cost_price: input.cost_price,
        tax_exempt: input.tax_exempt,
        low_stock_threshold: input.low_stock_threshold,
    })
}

/// A barcode is 8–14 digits; a 13-digit one must carry a correct EAN-13 check digit.
pub fn validate_barcode(code: &str) -> Result<String> {
    check_barcode(code).map_err(invalid)
}

/// [`validate_barcode`]'s rule with the bare problem as the error (import rows list several).
pub(crate) fn check_barcode(code: &str) -> std::result::Result<String, String> {
    let code = code.trim();
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Err("barcode hanya boleh berisi angka".into());
    }
    if !(8..=14).contains(&code.len()) {
        return Err("barcode harus 8 sampai 14 angka".into());
    }
    if code.len() == 13 && !is_valid_ean13(code) {
        let expected = ean13_check_digit(&code[..12]);
        return Err(format!(
            "barcode EAN-13 {code} salah: angka terakhir seharusnya {expected}"
        ));
    }
    Ok(code.to_string())
}

/// SQLite's UNIQUE failure ("UNIQUE constraint failed: products.sku") as a message that names
/// the field the owner has to change. Any other error passes through unchanged.
fn map_unique(err: rusqlite::Error, p: &CleanProduct) -> CoreError {
    if let rusqlite::Error::SqliteFailure(f, Some(msg)) = &err {
        if f.code == ErrorCode::ConstraintViolation && msg.contains("UNIQUE") {
            if msg.contains("products.sku") {
                return invalid(format!("SKU {} sudah dipakai barang lain", p.sku));
            }
            if msg.contains("products.barcode") {
                let code = p.barcode.as_deref().unwrap_or_default();
                return invalid(format!("barcode {code} sudah dipakai barang lain"));
            }
        }
    }
    CoreError::Db(err)
}

fn ensure_category(tx: &Transaction<'_>, id: Option<i64>) -> Result<()> {
    if let Some(id) = id {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM categories WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(category_not_found());
        }
    }
    Ok(())
}

/// The till looks a scanned code up as a barcode *or* a SKU, so one product's SKU may not be
/// another's barcode (or the other way round): the scan would hit the wrong product.
fn ensure_no_code_clash(tx: &Transaction<'_>, id: Option<i64>, p: &CleanProduct) -> Result<()> {
    let sku_is_barcode: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM products WHERE barcode = ?1 AND id IS NOT ?2)",
        params![p.sku, id],
        |r| r.get(0),
    )?;
    if sku_is_barcode {
        return Err(invalid(format!(
            "SKU {} sudah dipakai sebagai barcode barang lain",
            p.sku
        )));
    }
    if let Some(code) = &p.barcode {
        let barcode_is_sku: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM products WHERE sku = ?1 AND id IS NOT ?2)",
            params![code, id],
            |r| r.get(0),
        )?;
        if barcode_is_sku {
            return Err(invalid(format!(
                "barcode {code} sudah dipakai sebagai SKU barang lain"
            )));
        }
    }
    Ok(())
}

/// `%term%` for LIKE with `\` as the escape character, so `%` and `_` match literally.
fn like_pattern(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One audit row for a product saved: the fields that changed, old → new (price above all).
fn audit_product_change(
    tx: &Tx<'_>,
    actor: Option<&crate::Operator>,
    before: Option<&ProductRow>,
    after: &ProductRow,
    now: DateTime<Utc>,
) -> Result<()> {
    let a = &after.product;
    let subject = format!("{} ({})", a.name, a.sku);
    let Some(b) = before.map(|b| &b.product) else {
        return crate::audit::record(
            tx,
            actor,
            crate::AuditAction::ProductCreated,
            &subject,
            serde_json::json!({ "price": a.price, "stock": a.stock }),
            now,
        );
    };
    let mut changes = serde_json::Map::new();
    let mut field = |name: &str, from: serde_json::Value, to: serde_json::Value| {
        if from != to {
            changes.insert(name.into(), serde_json::json!({ "from": from, "to": to }));
        }
    };
    field("sku", b.sku.clone().into(), a.sku.clone().into());
    field("name", b.name.clone().into(), a.name.clone().into());
    field(
        "barcode",
        b.barcode.clone().into(),
        a.barcode.clone().into(),
    );
    field("price", b.price.into(), a.price.into());
    field("category", b.category_id.into(), a.category_id.into());
    field("active", b.active.into(), a.active.into());
    field(
        "costPrice",
        before.map_or(0, |r| r.cost_price).into(),
        after.cost_price.into(),
    );
    field(
        "taxExempt",
        before.is_some_and(|r| r.tax_exempt).into(),
        after.tax_exempt.into(),
    );
    field(
        "lowStockThreshold",
        b.low_stock_threshold.into(),
        a.low_stock_threshold.into(),
    );
    if changes.is_empty() {
        return Ok(());
    }
    crate::audit::record(
        tx,
        actor,
        crate::AuditAction::ProductChanged,
        &subject,
        serde_json::Value::Object(changes),
        now,
    )
}

impl Store {
    /// The owner's product table, inactive products included when asked, ordered by name.
    pub fn list_products(&self, query: &ProductQuery) -> Result<Vec<ProductRow>> {
        let term = query.search.trim();
        if term.chars().count() > MAX_SEARCH_CHARS {
            return Err(invalid("kata pencarian terlalu panjang"));
        }
        let pattern = if term.is_empty() {
            None
        } else {
            Some(like_pattern(term))
        };
        self.read(|c| {
            let mut st = c.prepare(&format!(
                "{ROW_SELECT}
                 WHERE (?1 IS NULL OR p.name LIKE ?1 ESCAPE '\\' OR p.sku LIKE ?1 ESCAPE '\\'
                        OR p.barcode LIKE ?1 ESCAPE '\\')
                   AND (?2 IS NULL OR p.category_id = ?2)
                   AND (?3 = 1 OR p.active = 1)
                 ORDER BY p.name COLLATE NOCASE, p.id"
            ))?;
            let rows = st
                .query_map(
                    params![pattern, query.category_id, query.include_inactive],
                    row_from,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// One product of the owner's table.
    pub fn product_row(&self, id: i64) -> Result<ProductRow> {
        self.read(|c| row_by_id(c, id))
    }

    /// Create (`input.id` is `None`) or update a product. A duplicate SKU or barcode is a
    /// `validation` error naming the field. A new product's stock becomes its `initial` ledger
    /// row (migration 6 trigger); an edit that changes the stock is recorded as `adjust`.
    pub fn save_product(&self, input: &ProductInput, now: DateTime<Utc>) -> Result<ProductRow> {
        let p = clean_product(input)?;
        let ts = now.timestamp_millis();
        let actor = self.operator();
        self.write(|tx| {
            ensure_category(tx, p.category_id)?;
            ensure_no_code_clash(tx, input.id, &p)?;
            let before = input.id.map(|id| row_by_id(tx, id)).transpose()?;
            let id = match input.id {
                None => {
                    tx.execute(
                        "INSERT INTO products
                           (sku, barcode, name, category_id, price, stock, active, is_demo,
                            created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8)",
                        params![
                            p.sku,
                            p.barcode,
                            p.name,
                            p.category_id,
                            p.price,
                            p.stock,
                            p.active,
                            ts
                        ],
                    )
                    .map_err(|e| map_unique(e, &p))?;
                    tx.last_insert_rowid()
                }
                Some(id) => {
                    // Stock is not edited here: it changes only through sales and "Sesuaikan
                    // stok" (with a reason), so a form left open during a sale cannot undo it.
                    let n = tx
                        .execute(
                            "UPDATE products SET sku = ?2, barcode = ?3, name = ?4,
                                 category_id = ?5, price = ?6, active = ?7, updated_at = ?8
                             WHERE id = ?1",
                            params![
                                id,
                                p.sku,
                                p.barcode,
                                p.name,
                                p.category_id,
                                p.price,
                                p.active,
                                ts
                            ],
                        )
                        .map_err(|e| map_unique(e, &p))?;
                    if n == 0 {
                        return Err(product_not_found());
                    }
                    id
                }
            };
            if let Some(cost) = p.cost_price {
                tx.execute(
                    "UPDATE products SET cost_price = ?2 WHERE id = ?1",
                    params![id, cost],
                )?;
            }
            if let Some(exempt) = p.tax_exempt {
                tx.execute(
                    "UPDATE products SET tax_exempt = ?2 WHERE id = ?1",
                    params![id, exempt],
                )?;
            }
            if let Some(threshold) = p.low_stock_threshold {
                tx.execute(
                    "UPDATE products SET low_stock_threshold = ?2 WHERE id = ?1",
                    params![id, threshold],
                )?;
            }
            let after = row_by_id(tx, id)?;
            audit_product_change(tx, actor.as_ref(), before.as_ref(), &after, now)?;
            tx.emit(DomainEvent::CatalogChanged);
            Ok(after)
        })
    }

    /// Remove the demo catalogue in one transaction: every demo product, and every demo
    /// category left empty (one still holding the owner's products becomes the owner's).
    /// Past sales keep their line snapshots (`order_lines.product_id` becomes NULL). Records
    /// the removal so the demo is never seeded again.
    pub fn remove_demo_catalog(&self, now: DateTime<Utc>) -> Result<DemoRemoval> {
        let actor = self.operator();
        self.write(|tx| {
            let products_removed = tx.execute("DELETE FROM products WHERE is_demo = 1", [])?;
            let categories_removed = tx.execute(
                "DELETE FROM categories WHERE is_demo = 1
                   AND NOT EXISTS (SELECT 1 FROM products WHERE category_id = categories.id)",
                [],
            )?;
            tx.execute("UPDATE categories SET is_demo = 0 WHERE is_demo = 1", [])?;
            // `seed_demo_if_empty` skips seeding once this row exists.
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('demo_seeded', '1')
                 ON CONFLICT (key) DO NOTHING",
                [],
            )?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DEMO_REMOVED_KEY, now.timestamp_millis().to_string()],
            )?;
            crate::audit::record(
                tx,
                actor.as_ref(),
                crate::AuditAction::CatalogRemoved,
                "Katalog demo",
                serde_json::json!({ "products": products_removed, "categories": categories_removed }),
                now,
            )?;
            tx.emit(DomainEvent::CatalogChanged);
            Ok(DemoRemoval {
                products_removed: i64::try_from(products_removed).unwrap_or(i64::MAX),
                categories_removed: i64::try_from(categories_removed).unwrap_or(i64::MAX),
            })
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{CartLineInput, CategoryInput, PayCashRequest};

    pub(crate) fn seeded() -> Store {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        store
    }

    pub(crate) fn input(sku: &str, name: &str, price: i64) -> ProductInput {
        ProductInput {
            id: None,
            sku: sku.into(),
            barcode: None,
            name: name.into(),
            category_id: None,
            price,
            stock: 10,
            active: true,
            cost_price: None,
            tax_exempt: None,
            low_stock_threshold: None,
        }
    }

    /// A valid EAN-13 built from a 12-digit body.
    fn ean13(body: &str) -> String {
        format!("{body}{}", ean13_check_digit(body))
    }

    pub(crate) fn message(err: &CoreError) -> String {
        err.message_id()
    }

    #[test]
    fn create_then_update_a_product_with_category_and_barcode() {
        let store = crate::testing::till();
        let cat = store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: "Rokok".into(),
                },
                Utc::now(),
            )
            .expect("category");
        let code = ean13("899123456789");
        let mut new = input(" RKK-01 ", "  Sampoerna Mild 16 ", 32_000);
        new.barcode = Some(format!(" {code} "));
        new.category_id = Some(cat.id);
        let row = store.save_product(&new, Utc::now()).expect("create");
        assert_eq!(row.product.sku, "RKK-01", "SKU is trimmed");
        assert_eq!(row.product.name, "Sampoerna Mild 16", "name is trimmed");
        assert_eq!(row.product.barcode.as_deref(), Some(code.as_str()));
        assert_eq!(row.category_name.as_deref(), Some("Rokok"));
        assert!(!row.is_demo, "the owner's products are never demo rows");

        let mut edit = new.clone();
        edit.id = Some(row.product.id);
        edit.price = 33_500;
        edit.barcode = Some(String::new());
        edit.active = false;
        let row2 = store.save_product(&edit, Utc::now()).expect("update");
        assert_eq!(row2.product.id, row.product.id);
        assert_eq!(row2.product.price, 33_500);
        assert_eq!(row2.product.barcode, None, "an empty barcode clears it");
        assert!(!row2.product.active);
        // Inactive products leave the till but stay in the owner's list.
        assert!(store.catalog().expect("catalog").products.is_empty());
        let all = store
            .list_products(&ProductQuery {
                include_inactive: true,
                ..ProductQuery::default()
            })
            .expect("list");
        assert_eq!(all.len(), 1);
    }

    #[test]
    fn update_of_unknown_product_is_not_found() {
        let store = crate::testing::till();
        let mut p = input("X-1", "Barang", 1_000);
        p.id = Some(999);
        let err = store.save_product(&p, Utc::now()).expect_err("unknown");
        assert_eq!(err.kind().as_str(), "not_found");
    }

    #[test]
    fn validation_rejects_bad_products_with_indonesian_messages() {
        let store = crate::testing::till();
        let cases: Vec<(ProductInput, &str)> = vec![
            (input("A-1", "   ", 1_000), "nama barang wajib diisi"),
            (input("", "Teh", 1_000), "SKU wajib diisi"),
            (input("A 1", "Teh", 1_000), "SKU tanpa spasi"),
            (input("A-1", "Teh", -1), "harga tidak boleh negatif"),
            (input("A-1", "Teh", MAX_PRICE + 1), "Rp 100.000.000"),
            (
                ProductInput {
                    stock: -3,
                    ..input("A-1", "Teh", 1_000)
                },
                "stok tidak boleh negatif",
            ),
            (
                ProductInput {
                    barcode: Some("12345".into()),
                    ..input("A-1", "Teh", 1_000)
                },
                "8 sampai 14 angka",
            ),
            (
                ProductInput {
                    barcode: Some("899202401001X".into()),
                    ..input("A-1", "Teh", 1_000)
                },
                "hanya boleh berisi angka",
            ),
            (
                ProductInput {
                    barcode: Some("4006381333932".into()),
                    ..input("A-1", "Teh", 1_000)
                },
                "seharusnya 1",
            ),
            (
                ProductInput {
                    category_id: Some(77),
                    ..input("A-1", "Teh", 1_000)
                },
                "Kategori tidak ditemukan",
            ),
        ];
        for (p, expected) in cases {
            let err = store
                .save_product(&p, Utc::now())
                .expect_err("must be rejected");
            assert!(
                message(&err).contains(expected),
                "{p:?}: expected a message containing {expected:?}, got {:?}",
                message(&err)
            );
        }
        assert!(
            store
                .list_products(&ProductQuery {
                    include_inactive: true,
                    ..ProductQuery::default()
                })
                .expect("list")
                .is_empty(),
            "nothing invalid was stored"
        );
        // Boundaries that are allowed.
        let ok = ProductInput {
            barcode: Some("12345678".into()),
            ..input("A-1", "Gratis", 0)
        };
        store.save_product(&ok, Utc::now()).expect("price 0, EAN-8");
        let max = ProductInput {
            barcode: Some("12345678901234".into()),
            ..input("A-2", "Mahal", MAX_PRICE)
        };
        store
            .save_product(&max, Utc::now())
            .expect("max price, 14 digits");
    }

    #[test]
    fn duplicate_sku_or_barcode_is_a_validation_error_naming_the_field() {
        let store = seeded();
        let existing = store.catalog().expect("catalog").products[0].clone();
        let dup_sku = input(&existing.sku, "Barang Baru", 5_000);
        let err = store
            .save_product(&dup_sku, Utc::now())
            .expect_err("duplicate SKU");
        assert_eq!(
            err.kind().as_str(),
            "validation",
            "not an internal database error"
        );
        assert_eq!(
            message(&err),
            format!(
                "Input tidak valid: SKU {} sudah dipakai barang lain.",
                existing.sku
            )
        );

        let dup_code = ProductInput {
            barcode: existing.barcode.clone(),
            ..input("BARU-1", "Barang Baru", 5_000)
        };
        let err = store
            .save_product(&dup_code, Utc::now())
            .expect_err("duplicate barcode");
        assert_eq!(err.kind().as_str(), "validation");
        assert!(
            message(&err).contains("barcode") && message(&err).contains("sudah dipakai"),
            "got {:?}",
            message(&err)
        );

        // Renaming a product onto another's SKU is caught the same way.
        let other = store.catalog().expect("catalog").products[1].clone();
        let edit = ProductInput {
            id: Some(other.id),
            sku: existing.sku.clone(),
            barcode: other.barcode.clone(),
            name: other.name.clone(),
            category_id: other.category_id,
            price: other.price,
            stock: other.stock,
            active: true,
            cost_price: None,
            tax_exempt: None,
            low_stock_threshold: None,
        };
        let err = store.save_product(&edit, Utc::now()).expect_err("dup");
        assert!(message(&err).contains("SKU"), "got {:?}", message(&err));
        // Saving a product with its own SKU and barcode is not a duplicate.
        let same = ProductInput {
            sku: other.sku.clone(),
            ..edit
        };
        store.save_product(&same, Utc::now()).expect("own values");
    }

    #[test]
    fn a_sku_may_not_be_another_products_barcode_because_the_scanner_matches_both() {
        let store = seeded();
        let demo = store.catalog().expect("catalog").products[0].clone();
        let code = demo.barcode.clone().expect("demo barcode");
        let err = store
            .save_product(&input(&code, "Barang", 1_000), Utc::now())
            .expect_err("SKU equal to a barcode");
        assert_eq!(err.kind().as_str(), "validation");
        assert!(
            message(&err).contains("sebagai barcode"),
            "{}",
            message(&err)
        );

        let numeric_sku = store
            .save_product(&input("12345678", "Barang Angka", 1_000), Utc::now())
            .expect("numeric SKU of its own");
        let err = store
            .save_product(
                &ProductInput {
                    barcode: Some("12345678".into()),
                    ..input("LAIN-1", "Lain", 1_000)
                },
                Utc::now(),
            )
            .expect_err("barcode equal to a SKU");
        assert!(message(&err).contains("sebagai SKU"), "{}", message(&err));
        // A product may use the same digits as its own SKU and barcode.
        store
            .save_product(
                &ProductInput {
                    id: Some(numeric_sku.product.id),
                    barcode: Some("12345678".into()),
                    ..input("12345678", "Barang Angka", 1_000)
                },
                Utc::now(),
            )
            .expect("own SKU as own barcode");
    }

    #[test]
    fn list_searches_name_sku_barcode_and_filters_category_and_active() {
        let store = seeded();
        let by_name = store
            .list_products(&ProductQuery {
                search: "kopi".into(),
                ..ProductQuery::default()
            })
            .expect("name");
        assert!(
            by_name.len() >= 2 && by_name.iter().all(|p| p.product.name.contains("Kopi")),
            "case-insensitive name search, got {by_name:?}"
        );
        let by_sku = store
            .list_products(&ProductQuery {
                search: "MKN-001".into(),
                ..ProductQuery::default()
            })
            .expect("sku");
        assert_eq!(by_sku.len(), 1);
        let code = by_sku[0].product.barcode.clone().expect("demo barcode");
        let by_code = store
            .list_products(&ProductQuery {
                search: code[5..].into(),
                ..ProductQuery::default()
            })
            .expect("barcode");
        assert_eq!(by_code.len(), 1, "part of a barcode finds the product");
        assert_eq!(by_code[0].product.sku, "MKN-001");
        assert_eq!(by_code[0].category_name.as_deref(), Some("Makanan"));

        let wildcard = store
            .list_products(&ProductQuery {
                search: "%".into(),
                ..ProductQuery::default()
            })
            .expect("wildcard");
        assert!(
            wildcard.is_empty(),
            "% is matched literally, not as a wildcard"
        );

        let cat = by_sku[0].product.category_id;
        let in_cat = store
            .list_products(&ProductQuery {
                category_id: cat,
                ..ProductQuery::default()
            })
            .expect("category");
        assert!(in_cat.iter().all(|p| p.product.category_id == cat) && in_cat.len() > 1);

        let target = by_sku[0].clone();
        let edit = ProductInput {
            id: Some(target.product.id),
            sku: target.product.sku.clone(),
            barcode: target.product.barcode.clone(),
            name: target.product.name.clone(),
            category_id: target.product.category_id,
            price: target.product.price,
            stock: target.product.stock,
            active: false,
            cost_price: None,
            tax_exempt: None,
            low_stock_threshold: None,
        };
        store.save_product(&edit, Utc::now()).expect("deactivate");
        let active_only = store
            .list_products(&ProductQuery {
                category_id: cat,
                ..ProductQuery::default()
            })
            .expect("active");
        let with_inactive = store
            .list_products(&ProductQuery {
                category_id: cat,
                include_inactive: true,
                ..ProductQuery::default()
            })
            .expect("all");
        assert_eq!(active_only.len() + 1, with_inactive.len());
        assert!(with_inactive
            .iter()
            .any(|p| p.product.id == target.product.id && !p.product.active));
    }

    #[test]
    fn removing_the_demo_keeps_sales_history_and_owner_products_and_is_never_reseeded() {
        let store = seeded();
        let catalog = store.catalog().expect("catalog");
        let demo = catalog.products[0].clone();
        // A sale of a demo product before the owner cleans up.
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: demo.id,
                        qty: 2,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("sale");
        // The owner's own product, one in a demo category and one without a category.
        let minuman = catalog
            .categories
            .iter()
            .find(|c| c.name == "Minuman")
            .expect("demo category")
            .id;
        let mut own = input("OWN-1", "Es Kopi Susu Rumahan", 12_000);
        own.category_id = Some(minuman);
        let own = store.save_product(&own, Utc::now()).expect("own");
        store
            .save_product(&input("OWN-2", "Air Galon", 20_000), Utc::now())
            .expect("own 2");

        let removed = store.remove_demo_catalog(Utc::now()).expect("remove");
        assert_eq!(removed.products_removed, catalog.products.len() as i64);
        assert_eq!(
            removed.categories_removed,
            catalog.categories.len() as i64 - 1,
            "the demo category holding the owner's product stays"
        );
        let after = store.catalog().expect("catalog");
        assert!(!after.is_demo, "no demo rows remain");
        let skus: Vec<&str> = after.products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus, ["OWN-2", "OWN-1"]);
        let cats = store.list_categories().expect("categories");
        assert_eq!(cats.len(), 1);
        assert!(!cats[0].is_demo, "a kept demo category becomes the owner's");
        assert_eq!(
            store
                .product_row(own.product.id)
                .expect("own")
                .product
                .category_id,
            Some(minuman)
        );

        // The sale still shows what was sold.
        let kept = store.order(order.id).expect("order");
        assert_eq!(kept.lines.len(), 1);
        assert_eq!(kept.lines[0].sku, demo.sku);
        assert_eq!(kept.lines[0].name, demo.name);
        let product_id: Option<i64> = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT product_id FROM order_lines WHERE order_id = ?1",
                    [order.id],
                    |r| r.get(0),
                )?)
            })
            .expect("line");
        assert_eq!(product_id, None, "the line lets go of the deleted product");

        let recorded: Option<String> = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [DEMO_REMOVED_KEY],
                    |r| r.get(0),
                )
                .optional()?)
            })
            .expect("setting");
        assert!(recorded.is_some(), "the removal is recorded");
    }

    #[test]
    fn demo_is_not_reseeded_after_removal_even_with_an_empty_catalogue() {
        let store = seeded();
        store.remove_demo_catalog(Utc::now()).expect("remove");
        assert_eq!(
            store.seed_demo_if_empty(Utc::now()).expect("seed"),
            0,
            "a restart must not bring the demo back"
        );
        assert!(store.catalog().expect("catalog").products.is_empty());
        // Removing again is harmless.
        let again = store.remove_demo_catalog(Utc::now()).expect("again");
        assert_eq!(again.products_removed, 0);
        assert_eq!(again.categories_removed, 0);
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(like_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }

    #[test]
    fn low_stock_threshold_is_set_kept_when_not_given_and_cleared_by_null() {
        let store = crate::testing::till();
        let mut p = input("T-1", "Teh", 3_000);
        p.low_stock_threshold = Some(Some(4));
        let row = store.save_product(&p, Utc::now()).expect("create");
        assert_eq!(row.product.low_stock_threshold, Some(4));
        // The form as the UI sends it: JSON without the field keeps it, null clears it.
        let json = |extra: &str| {
            let text = format!(
                r#"{{"id":{},"sku":"T-1","barcode":null,"name":"Teh","categoryId":null,
                    "price":3000,"stock":10,"active":true{extra}}}"#,
                row.product.id
            );
            serde_json::from_str::<ProductInput>(&text).expect("json")
        };
        let kept = store.save_product(&json(""), Utc::now()).expect("kept");
        assert_eq!(
            kept.product.low_stock_threshold,
            Some(4),
            "not given: unchanged"
        );
        let set = store
            .save_product(&json(r#","lowStockThreshold":12"#), Utc::now())
            .expect("set");
        assert_eq!(set.product.low_stock_threshold, Some(12));
        assert!(set.product.low_stock, "10 <= 12");
        let cleared = store
            .save_product(&json(r#","lowStockThreshold":null"#), Utc::now())
            .expect("cleared");
        assert_eq!(cleared.product.low_stock_threshold, None, "null clears it");
        assert!(!cleared.product.low_stock, "no threshold: never low");
        let err = store
            .save_product(&json(r#","lowStockThreshold":-1"#), Utc::now())
            .expect_err("negative");
        assert!(
            message(&err).contains("tidak boleh negatif"),
            "{}",
            message(&err)
        );
    }
}

//! The stock ledger (table `stock_movements`, migration 6): one row per change of a product's
//! stock, written inside the transaction that changes it, and the product's history read back
//! newest first for the owner ("Riwayat stok").
//!
//! Kinds: `adjust` (the owner's adjustment with its reason, or a stock edited in the product
//! form), `sale` (a paid order's line, with the order) and `initial` (the stock a product was
//! created with; written by the migration's trigger on `products`, so every insert path has it).
//! Does not change `products.stock` itself: callers update the stock, then call [`record`].
//!
//! Also "Stok Menipis": a product with a threshold is low when `stock <= low_stock_threshold`
//! (no threshold: never low; inactive products are not sold, so they are never listed).
//! Must not depend on `tauri`; time is passed in.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::products::{
    invalid, product_not_found, row_by_id, row_from, ProductRow, MAX_STOCK, ROW_SELECT,
};
use crate::Store;

/// Most rows one history request may return.
pub const MAX_HISTORY: u32 = 500;

/// Why a product's stock changed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StockMovementKind {
    /// "Sesuaikan stok" (with the owner's reason) or a stock edited in the product form.
    Adjust,
    /// A line of a paid order (cash or QRIS).
    Sale,
    /// The stock the product started with (or held when the history began).
    Initial,
    /// Goods a refund put back on the shelf.
    Return,
}

impl StockMovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StockMovementKind::Adjust => "adjust",
            StockMovementKind::Sale => "sale",
            StockMovementKind::Initial => "initial",
            StockMovementKind::Return => "return",
        }
    }

    fn parse(s: &str) -> Option<StockMovementKind> {
        Some(match s {
            "adjust" => StockMovementKind::Adjust,
            "sale" => StockMovementKind::Sale,
            "initial" => StockMovementKind::Initial,
            "return" => StockMovementKind::Return,
            _ => return None,
        })
    }
}

/// One row of a product's stock history.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StockMovement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    /// Positive: stock in; negative: stock out. Never 0.
    #[ts(type = "number")]
    pub delta: i64,
    /// The product's stock right after this change.
    #[ts(type = "number")]
    pub stock_after: i64,
    pub kind: StockMovementKind,
    /// The owner's reason (`adjust`); `None` for sales.
    pub reason: Option<String>,
    /// The order of a `sale`.
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    /// Its printed number (`INV-261126-0001`).
    pub order_number: Option<String>,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
}

/// A change about to be written to the ledger.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Movement<'a> {
    pub product_id: i64,
    pub delta: i64,
    pub kind: StockMovementKind,
    pub reason: Option<&'a str>,
    pub order_id: Option<i64>,
}

/// Write one ledger row in the caller's transaction, *after* the caller changed the stock:
/// `stock_after` is read from the product row as it now stands.
pub(crate) fn record(tx: &Tx<'_>, m: Movement<'_>, now: DateTime<Utc>) -> Result<()> {
    let n = tx.execute(
        "INSERT INTO stock_movements
           (product_id, delta, stock_after, kind, reason, order_id, created_at)
         SELECT id, ?2, stock, ?3, ?4, ?5, ?6 FROM products WHERE id = ?1",
        params![
            m.product_id,
            m.delta,
            m.kind.as_str(),
            m.reason,
            m.order_id,
            now.timestamp_millis()
        ],
    )?;
    if n != 1 {
        return Err(CoreError::NotFound {
            what: "Barang".into(),
        });
    }
    Ok(())
}

const MAX_REASON_CHARS: usize = 200;

/// The low-stock filter on `products p` (see the module comment).
const LOW_STOCK_WHERE: &str =
    "p.active = 1 AND p.low_stock_threshold IS NOT NULL AND p.stock <= p.low_stock_threshold";

/// Active products at or below their threshold, furthest below first (then by name), at most
/// `limit` rows (`None`: all). On the caller's connection, so a report reads it in its snapshot.
pub fn low_stock(conn: &rusqlite::Connection, limit: Option<u32>) -> Result<Vec<ProductRow>> {
    let mut st = conn.prepare_cached(&format!(
        "{ROW_SELECT} WHERE {LOW_STOCK_WHERE}
         ORDER BY p.stock - p.low_stock_threshold, p.name COLLATE NOCASE, p.id
         LIMIT ?1"
    ))?;
    let limit = limit.map_or(-1, i64::from);
    let rows = st
        .query_map([limit], row_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many products [`low_stock`] lists.
pub fn low_stock_count(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT COUNT(*) FROM products p WHERE {LOW_STOCK_WHERE}"),
        [],
        |r| r.get(0),
    )?)
}

/// Add (`delta > 0`) or take (`delta < 0`) stock, with the reason the owner gave.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StockAdjustment {
    #[ts(type = "number")]
    pub product_id: i64,
    #[ts(type = "number")]
    pub delta: i64,
    pub reason: String,
}

impl Store {
    /// Add or take stock. The result may not go below 0. The reason is required and checked,
    /// and stored with the change in the stock ledger (kind `adjust`).
    pub fn adjust_stock(&self, adj: &StockAdjustment, now: DateTime<Utc>) -> Result<ProductRow> {
        if adj.delta == 0 {
            return Err(invalid("jumlah penyesuaian stok tidak boleh 0"));
        }
        if adj.delta.abs() > MAX_STOCK {
            return Err(invalid("jumlah penyesuaian stok terlalu besar"));
        }
        let reason = adj.reason.trim();
        if reason.is_empty() {
            return Err(invalid("alasan penyesuaian stok wajib diisi"));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(invalid(format!(
                "alasan paling panjang {MAX_REASON_CHARS} huruf"
            )));
        }
        let actor = self.operator();
        self.write(|tx| {
            let (name, stock): (String, i64) = tx
                .query_row(
                    "SELECT name, stock FROM products WHERE id = ?1",
                    [adj.product_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(product_not_found)?;
            let next = stock + adj.delta; // both bounded by MAX_STOCK: cannot overflow
            if next < 0 {
                return Err(invalid(format!(
                    "stok {name} tinggal {stock}, tidak bisa dikurangi {}",
                    -adj.delta
                )));
            }
            if next > MAX_STOCK {
                return Err(invalid("stok terlalu besar"));
            }
            tx.execute(
                "UPDATE products SET stock = ?2, updated_at = ?3 WHERE id = ?1",
                params![adj.product_id, next, now.timestamp_millis()],
            )?;
            let movement = Movement {
                product_id: adj.product_id,
                delta: adj.delta,
                kind: StockMovementKind::Adjust,
                reason: Some(reason),
                order_id: None,
            };
            record(tx, movement, now)?;
            crate::audit::record(
                tx,
                actor.as_ref(),
                crate::AuditAction::StockAdjusted,
                &name,
                serde_json::json!({ "from": stock, "to": next, "delta": adj.delta, "reason": reason }),
                now,
            )?;
            tx.emit(DomainEvent::StockChanged {
                product_ids: vec![adj.product_id],
            });
            row_by_id(tx, adj.product_id)
        })
    }

    /// "Stok Menipis": every active product at or below its threshold, furthest below first.
    pub fn list_low_stock(&self) -> Result<Vec<ProductRow>> {
        self.read(|c| low_stock(c, None))
    }

    /// A product's stock history, newest first, at most `limit` rows (1 to [`MAX_HISTORY`]).
    /// Sales carry their order number. An unknown product is `not_found`.
    pub fn stock_movements(&self, product_id: i64, limit: u32) -> Result<Vec<StockMovement>> {
        let limit = limit.clamp(1, MAX_HISTORY);
        self.read(|c| {
            let exists: bool = c.query_row(
                "SELECT EXISTS (SELECT 1 FROM products WHERE id = ?1)",
                [product_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(CoreError::NotFound {
                    what: "Barang".into(),
                });
            }
            let mut st = c.prepare(
                "SELECT m.id, m.product_id, m.delta, m.stock_after, m.kind, m.reason, m.order_id,
                        o.number, m.created_at
                 FROM stock_movements m LEFT JOIN orders o ON o.id = m.order_id
                 WHERE m.product_id = ?1
                 ORDER BY m.created_at DESC, m.id DESC
                 LIMIT ?2",
            )?;
            let rows = st
                .query_map(params![product_id, limit], |r| {
                    Ok((
                        StockMovement {
                            id: r.get(0)?,
                            product_id: r.get(1)?,
                            delta: r.get(2)?,
                            stock_after: r.get(3)?,
                            kind: StockMovementKind::Adjust,
                            reason: r.get(5)?,
                            order_id: r.get(6)?,
                            order_number: r.get(7)?,
                            created_at: r.get(8)?,
                        },
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter()
                .map(|(mut m, kind)| {
                    m.kind = StockMovementKind::parse(&kind).ok_or_else(|| {
                        CoreError::Validation(format!("jenis mutasi stok tidak dikenal: {kind}"))
                    })?;
                    Ok(m)
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::tests::{input, message};
    use crate::{
        CartLineInput, Finalized, NewAttempt, PayCashRequest, ProductInput, ProductRow,
        StockAdjustment,
    };
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
            .single()
            .expect("t0")
    }

    fn product(store: &Store, sku: &str, price: i64, stock: i64) -> ProductRow {
        store
            .save_product(
                &ProductInput {
                    id: None,
                    sku: sku.into(),
                    barcode: None,
                    name: format!("Barang {sku}"),
                    category_id: None,
                    price,
                    stock,
                    active: true,
                    cost_price: None,
                    tax_exempt: None,
                    low_stock_threshold: None,
                },
                t0(),
            )
            .expect("product")
    }

    fn line(product_id: i64, qty: i64) -> CartLineInput {
        CartLineInput {
            product_id,
            qty,
            discount: None,
            options: Vec::new(),
            note: None,
        }
    }

    fn history(store: &Store, product_id: i64) -> Vec<StockMovement> {
        store.stock_movements(product_id, 50).expect("history")
    }

    fn movement_count(store: &Store) -> i64 {
        store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM stock_movements", [], |r| r.get(0))?))
            .expect("count")
    }

    /// The ledger of every product balances: deltas sum to the stock, and each row's
    /// stock_after is the running sum in the order the rows were written.
    fn assert_ledger_balances(store: &Store, what: &str) {
        let products = store
            .read(|c| {
                let mut st = c.prepare("SELECT id, name, stock FROM products")?;
                let rows = st
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .expect("products");
        assert!(!products.is_empty(), "{what}: nothing to check");
        for (id, name, stock) in products {
            let mut rows = history(store, id);
            rows.reverse(); // oldest first
            let mut running = 0;
            for m in &rows {
                running += m.delta;
                assert_eq!(
                    m.stock_after, running,
                    "{what}: {name} row {} ({:?}) must show the running stock",
                    m.id, m.kind
                );
            }
            assert_eq!(
                running, stock,
                "{what}: {name}'s deltas since its initial stock must add up to its stock"
            );
            if stock != 0 || !rows.is_empty() {
                assert_eq!(
                    rows.first().map(|m| m.kind),
                    Some(StockMovementKind::Initial),
                    "{what}: {name}'s history starts with its initial stock"
                );
            }
        }
    }

    #[test]
    fn new_product_with_stock_starts_with_an_initial_row_and_without_stock_has_none() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 12);
        let b = product(&store, "B-1", 5_000, 0);
        let rows = history(&store, a.product.id);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].kind, StockMovementKind::Initial);
        assert_eq!((rows[0].delta, rows[0].stock_after), (12, 12));
        assert_eq!(
            kasir_shared::time::rfc3339_millis(rows[0].created_at),
            "2026-11-26T03:00:00.000Z",
            "stamped with the time passed to save_product"
        );
        assert!(
            history(&store, b.product.id).is_empty(),
            "a product created without stock has no movement (delta is never 0)"
        );
    }

    #[test]
    fn adjustment_is_recorded_with_its_reason_and_stock_after() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 10);
        let at = t0() + Duration::minutes(5);
        store
            .adjust_stock(
                &StockAdjustment {
                    product_id: a.product.id,
                    delta: -3,
                    reason: "  Rusak  ".into(),
                },
                at,
            )
            .expect("adjust");
        let rows = history(&store, a.product.id);
        assert_eq!(rows.len(), 2);
        let m = &rows[0];
        assert_eq!(m.kind, StockMovementKind::Adjust, "newest first");
        assert_eq!((m.delta, m.stock_after), (-3, 7));
        assert_eq!(
            m.reason.as_deref(),
            Some("Rusak"),
            "the trimmed reason is kept"
        );
        assert_eq!((m.order_id, m.order_number.as_deref()), (None, None));
        assert_eq!(
            kasir_shared::time::rfc3339_millis(m.created_at),
            "2026-11-26T03:05:00.000Z"
        );

        // A refused adjustment (below zero) leaves no trace.
        store
            .adjust_stock(
                &StockAdjustment {
                    product_id: a.product.id,
                    delta: -8,
                    reason: "Hilang".into(),
                },
                at,
            )
            .expect_err("below zero");
        assert_eq!(history(&store, a.product.id).len(), 2);
        assert_ledger_balances(&store, "after adjustments");
    }

    #[test]
    fn editing_a_product_never_changes_its_stock() {
        // Regression: a form opened before a sale and saved after it must not put the sold
        // units back. Stock changes only through sales and adjustments.
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 10);
        let edit = ProductInput {
            id: Some(a.product.id),
            sku: a.product.sku.clone(),
            barcode: None,
            name: a.product.name.clone(),
            category_id: None,
            price: 6_000,
            stock: 99,
            active: true,
            cost_price: None,
            tax_exempt: None,
            low_stock_threshold: None,
        };
        let saved = store.save_product(&edit, t0()).expect("edit");
        assert_eq!(saved.product.price, 6_000, "the edit itself is applied");
        assert_eq!(
            saved.product.stock, 10,
            "the stock field of an edit is ignored"
        );
        assert_eq!(
            history(&store, a.product.id).len(),
            1,
            "no movement for an edit"
        );
        assert_ledger_balances(&store, "after a form edit");
    }

    #[test]
    fn cash_sale_records_one_sale_row_per_line_with_its_order() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 10);
        let b = product(&store, "B-1", 3_000, 4);
        let at = t0() + Duration::hours(1);
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![line(a.product.id, 2), line(b.product.id, 1)],
                    tendered: 20_000,
                    cart: None,
                },
                at,
            )
            .expect("sale");
        for (p, qty, after) in [(&a, 2, 8), (&b, 1, 3)] {
            let rows = history(&store, p.product.id);
            let m = &rows[0];
            assert_eq!(m.kind, StockMovementKind::Sale, "{}", p.product.sku);
            assert_eq!((m.delta, m.stock_after), (-qty, after), "{}", p.product.sku);
            assert_eq!(m.order_id, Some(order.id));
            assert_eq!(m.order_number.as_deref(), Some(order.number.as_str()));
            assert_eq!(m.reason, None, "a sale has no reason");
            assert_eq!(
                kasir_shared::time::rfc3339_millis(m.created_at),
                "2026-11-26T04:00:00.000Z"
            );
        }
        assert_ledger_balances(&store, "after a cash sale");
    }

    #[test]
    fn qris_finalisation_records_sale_rows_once_even_below_zero() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 1);
        let b = product(&store, "B-1", 3_000, 9);
        let now = t0() + Duration::hours(2);
        let order = store
            .create_awaiting_order(
                &[line(a.product.id, 2), line(b.product.id, 3)],
                &Default::default(),
                now,
            )
            .expect("order");
        assert_eq!(
            movement_count(&store),
            2,
            "an order awaiting payment takes no stock yet (only the two initial rows)"
        );
        let new = NewAttempt {
            id: "a1",
            gateway_order_id: "G-1",
            provider: "emulator",
        };
        store.begin_attempt(order.id, new, now).expect("begin");
        let paid = now + Duration::minutes(1);
        let first = store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-1"), paid, paid)
            .expect("finalize");
        assert_eq!(first, Finalized::OrderPaid { late: false });
        store
            .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-1"), paid, paid)
            .expect("again");
        for (p, qty, after) in [(&a, 2, -1), (&b, 3, 6)] {
            let rows = history(&store, p.product.id);
            let sales: Vec<_> = rows
                .iter()
                .filter(|m| m.kind == StockMovementKind::Sale)
                .collect();
            assert_eq!(
                sales.len(),
                1,
                "{}: stock taken exactly once",
                p.product.sku
            );
            assert_eq!((sales[0].delta, sales[0].stock_after), (-qty, after));
            assert_eq!(sales[0].order_id, Some(order.id));
            assert_eq!(
                sales[0].order_number.as_deref(),
                Some(order.number.as_str())
            );
        }
        assert_ledger_balances(&store, "after a QRIS sale that went below zero");
    }

    #[test]
    fn ledger_balances_across_demo_catalogue_adjustments_and_sales() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(t0()).expect("seed");
        assert_ledger_balances(&store, "after seeding the demo catalogue");
        let p = store.catalog().expect("catalog").products;
        store
            .adjust_stock(
                &StockAdjustment {
                    product_id: p[0].id,
                    delta: 25,
                    reason: "Barang masuk".into(),
                },
                t0(),
            )
            .expect("adjust");
        for i in 0..3 {
            store
                .pay_cash(
                    &PayCashRequest {
                        lines: vec![line(p[0].id, 2), line(p[i + 1].id, 1)],
                        tendered: 1_000_000,
                        cart: None,
                    },
                    t0() + Duration::minutes(i as i64),
                )
                .expect("sale");
        }
        assert_ledger_balances(&store, "after adjustments and sales");
    }

    #[test]
    fn failed_sale_leaves_no_stock_movement() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 10);
        let b = product(&store, "B-1", 3_000, 10);
        // The second line's stock update fails after the first line's stock and movement were
        // written (same trick as orders::tests::failure_mid_sale_...).
        store
            .write(|tx| {
                tx.execute_batch(&format!(
                    "CREATE TRIGGER boom BEFORE UPDATE OF stock ON products WHEN NEW.id = {}
                     BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
                    b.product.id
                ))?;
                Ok(())
            })
            .expect("trigger");
        let before = movement_count(&store);
        let err = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![line(a.product.id, 1), line(b.product.id, 1)],
                    tendered: 100_000,
                    cart: None,
                },
                t0(),
            )
            .expect_err("mid-way failure");
        assert_eq!(err.kind().as_str(), "internal");
        assert_eq!(
            movement_count(&store),
            before,
            "a sale that rolled back must leave no movement behind"
        );
        assert_ledger_balances(&store, "after a failed sale");
    }

    #[test]
    fn history_is_newest_first_limited_and_unknown_product_is_not_found() {
        let store = crate::testing::till();
        let a = product(&store, "A-1", 5_000, 100);
        for i in 1..=5 {
            store
                .adjust_stock(
                    &StockAdjustment {
                        product_id: a.product.id,
                        delta: i,
                        reason: format!("masuk {i}"),
                    },
                    t0() + Duration::minutes(i),
                )
                .expect("adjust");
        }
        let rows = store.stock_movements(a.product.id, 3).expect("history");
        let reasons: Vec<_> = rows.iter().filter_map(|m| m.reason.as_deref()).collect();
        assert_eq!(reasons, ["masuk 5", "masuk 4", "masuk 3"]);
        assert_eq!(
            store
                .stock_movements(a.product.id, 0)
                .expect("clamped")
                .len(),
            1,
            "a limit of 0 is raised to 1"
        );
        let err = store.stock_movements(424_242, 50).expect_err("unknown");
        assert_eq!(err.kind().as_str(), "not_found");
    }

    #[test]
    fn removing_a_product_removes_its_history() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(t0()).expect("seed");
        assert!(movement_count(&store) > 0);
        store.remove_demo_catalog(t0()).expect("remove demo");
        assert_eq!(movement_count(&store), 0, "ON DELETE CASCADE");
    }

    #[test]
    fn upgrade_to_migration_6_starts_each_stocked_product_with_an_initial_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kasir.db");
        {
            let v5 = Store::open_up_to(&path, 5).expect("open v5");
            v5.write(|tx| {
                tx.execute_batch(
                    "INSERT INTO products (sku, name, price, stock, created_at, updated_at)
                     VALUES ('OLD-1', 'Kopi Lama', 5000, 7, 0, 0),
                            ('OLD-2', 'Teh Habis', 4000, 0, 0, 0),
                            ('OLD-3', 'Gula Minus', 4000, -2, 0, 0);",
                )?;
                Ok(())
            })
            .expect("old products");
        }
        let store = Store::open(&path).expect("upgrade");
        let rows: Vec<(String, i64, i64, String)> = store
            .read(|c| {
                let mut st = c.prepare(
                    "SELECT p.sku, m.delta, m.stock_after, m.kind FROM stock_movements m
                     JOIN products p ON p.id = m.product_id ORDER BY p.sku",
                )?;
                let rows = st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .expect("rows");
        assert_eq!(
            rows,
            vec![
                ("OLD-1".into(), 7, 7, "initial".into()),
                ("OLD-3".into(), -2, -2, "initial".into()),
            ],
            "every product holding stock (even below zero) starts its history; none for 0"
        );
        assert_ledger_balances(&store, "after the upgrade");
    }

    #[test]
    fn stock_adjustment_adds_takes_and_never_goes_below_zero() {
        let store = crate::testing::till();
        let p = store
            .save_product(&input("S-1", "Gula", 15_000), Utc::now())
            .expect("create");
        let adj = |delta: i64, reason: &str| StockAdjustment {
            product_id: p.product.id,
            delta,
            reason: reason.into(),
        };
        assert_eq!(
            store
                .adjust_stock(&adj(5, "barang datang"), Utc::now())
                .expect("add")
                .product
                .stock,
            15
        );
        assert_eq!(
            store
                .adjust_stock(&adj(-4, "rusak"), Utc::now())
                .expect("take")
                .product
                .stock,
            11
        );
        let err = store
            .adjust_stock(&adj(-12, "hilang"), Utc::now())
            .expect_err("below zero");
        assert!(message(&err).contains("tinggal 11"), "{}", message(&err));
        let err = store
            .adjust_stock(&adj(3, "  "), Utc::now())
            .expect_err("no reason");
        assert!(message(&err).contains("alasan"));
        let err = store
            .adjust_stock(&adj(0, "nol"), Utc::now())
            .expect_err("zero");
        assert_eq!(err.kind().as_str(), "validation");
        let err = store
            .adjust_stock(
                &StockAdjustment {
                    product_id: 404,
                    delta: 1,
                    reason: "x".into(),
                },
                Utc::now(),
            )
            .expect_err("unknown");
        assert_eq!(err.kind().as_str(), "not_found");
        assert_eq!(
            store.product_row(p.product.id).expect("row").product.stock,
            11
        );
    }

    #[test]
    fn low_stock_lists_active_products_at_or_below_their_threshold_furthest_below_first() {
        let store = crate::testing::till();
        let with = |sku: &str, stock: i64, threshold: Option<i64>, active: bool| {
            let mut p = input(sku, &format!("Barang {sku}"), 1_000);
            p.stock = stock;
            p.active = active;
            p.low_stock_threshold = Some(threshold);
            store.save_product(&p, t0()).expect("product")
        };
        with("AMAN", 20, Some(5), true);
        let pas = with("PAS", 5, Some(5), true);
        let jauh = with("JAUH", 0, Some(10), true);
        with("TANPA", 0, None, true);
        with("NONAKTIF", 0, Some(10), false);
        let dekat = with("DEKAT", 2, Some(4), true);
        assert!(pas.product.low_stock, "stock equal to the threshold is low");
        let listed: Vec<String> = store
            .list_low_stock()
            .expect("list")
            .into_iter()
            .map(|p| p.product.sku)
            .collect();
        assert_eq!(
            listed,
            ["JAUH", "DEKAT", "PAS"],
            "10 below, 2 below, at the threshold; no threshold and inactive are never listed"
        );
        assert_eq!(store.read(low_stock_count).expect("count"), 3);
        assert_eq!(store.read(|c| low_stock(c, Some(1))).expect("top").len(), 1);
        assert_eq!(jauh.product.low_stock_threshold, Some(10));

        // Restocking takes a product off the list.
        store
            .adjust_stock(
                &StockAdjustment {
                    product_id: dekat.product.id,
                    delta: 10,
                    reason: "Barang datang".into(),
                },
                t0(),
            )
            .expect("restock");
        assert_eq!(store.read(low_stock_count).expect("count"), 2);
    }
}

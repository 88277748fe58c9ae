//! Migration 5: the report roll-ups, kept by triggers, always equal a GROUP BY over the raw
//! tables of paid orders, whatever path changes a sale (cash payment, QRIS settlement, late
//! settlement of a cancelled order, lines written after payment, voids, edits, deletes, split
//! payments) and after the migration's backfill of an existing database.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kasir_core::{AttemptStatus, CartLineInput, Finalized, NewAttempt, PayCashRequest, Store};
use rusqlite::Connection;

type Rows = Vec<Vec<rusqlite::types::Value>>;

fn rows(c: &Connection, sql: &str) -> Rows {
    let mut st = c.prepare(sql).expect("prepare");
    let n = st.column_count();
    st.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .expect("query")
        .collect::<rusqlite::Result<Rows>>()
        .expect("rows")
}

/// Each roll-up table next to the same figures computed from scratch.
const PAIRS: &[(&str, &str, &str)] = &[
    (
        "report_sales_hourly",
        "SELECT hour, orders, omzet FROM report_sales_hourly ORDER BY 1",
        "SELECT paid_at / 3600000, COUNT(*), SUM(total) FROM orders WHERE status = 'paid'
         GROUP BY 1 ORDER BY 1",
    ),
    (
        "report_payment_hourly",
        "SELECT hour, method, has_issuer, issuer, orders, omzet FROM report_payment_hourly
         ORDER BY 1, 2, 3, 4",
        // Money by method (migration 13's view): a split order's tenders, each order once
        // per method and issuer, at the order's paid instant.
        "SELECT o.paid_at / 3600000, p.method, p.issuer IS NOT NULL, IFNULL(p.issuer, ''),
                COUNT(DISTINCT p.order_id), SUM(p.amount)
         FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE o.status = 'paid'
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    (
        "report_payment_daily",
        "SELECT day, method, has_issuer, issuer, orders, omzet FROM report_payment_daily
         ORDER BY 1, 2, 3, 4",
        // Money by method (migration 13's view): a split order's tenders, each order once
        // per method and issuer, at the order's paid instant.
        "SELECT o.paid_at / 86400000, p.method, p.issuer IS NOT NULL, IFNULL(p.issuer, ''),
                COUNT(DISTINCT p.order_id), SUM(p.amount)
         FROM order_payments p JOIN orders o ON o.id = p.order_id WHERE o.status = 'paid'
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    ),
    (
        "report_product_hourly",
        "SELECT hour, sku, qty, revenue FROM report_product_hourly ORDER BY 1, 2",
        "SELECT o.paid_at / 3600000, l.sku, SUM(l.qty), SUM(l.line_total)
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status = 'paid'
         GROUP BY 1, 2 ORDER BY 1, 2",
    ),
    (
        "report_product_daily",
        "SELECT day, sku, qty, revenue FROM report_product_daily ORDER BY 1, 2",
        "SELECT o.paid_at / 86400000, l.sku, SUM(l.qty), SUM(l.line_total)
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status = 'paid'
         GROUP BY 1, 2 ORDER BY 1, 2",
    ),
];

/// Fails with the first table whose roll-up differs from the raw GROUP BY; returns the number
/// of product-hour rows (to check a scenario really wrote something).
fn assert_rollups_exact(store: &Store, what: &str) -> usize {
    store
        .read(|c| {
            let mut product_rows = 0;
            for (table, rollup, raw) in PAIRS {
                let (a, b) = (rows(c, rollup), rows(c, raw));
                assert_eq!(a, b, "{what}: {table} differs from the raw tables");
                if *table == "report_product_hourly" {
                    product_rows = a.len();
                }
            }
            Ok(product_rows)
        })
        .expect("read")
}

fn at(h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, h, mi, 0)
        .single()
        .expect("valid")
}

fn store_with_catalog() -> (Store, Vec<i64>) {
    let store = Store::open_in_memory().expect("store");
    store.seed_demo_if_empty(at(0, 0)).expect("seed");
    kasir_core::testing::open_till(&store, at(0, 0));
    store
        .write(|tx| {
            tx.execute("UPDATE products SET stock = 1000", [])?;
            Ok(())
        })
        .expect("stock");
    let ids = store
        .catalog()
        .expect("catalog")
        .products
        .iter()
        .map(|p| p.id)
        .collect();
    (store, ids)
}

fn cart(ids: &[i64], pick: &[(usize, i64)]) -> Vec<CartLineInput> {
    pick.iter()
        .map(|&(i, qty)| CartLineInput {
            product_id: ids[i],
            qty,
            discount: None,
            options: Vec::new(),
            note: None,
        })
        .collect()
}

fn new_attempt<'a>(id: &'a str, gid: &'a str) -> NewAttempt<'a> {
    NewAttempt {
        id,
        gateway_order_id: gid,
        provider: "emulator",
    }
}

/// A QRIS order with a pending attempt `attempt`.
fn qris_order(store: &Store, ids: &[i64], attempt: &str, now: DateTime<Utc>) -> i64 {
    let order = store
        .create_awaiting_order(&cart(ids, &[(0, 1), (2, 2)]), &Default::default(), now)
        .expect("order");
    store
        .begin_attempt(order.id, new_attempt(attempt, &format!("G-{attempt}")), now)
        .expect("begin");
    store
        .record_charge(
            attempt,
            &format!("trx-{attempt}"),
            Some("000201"),
            None,
            now + Duration::minutes(15),
            now,
        )
        .expect("charge");
    order.id
}

#[test]
fn cash_sales_keep_the_rollups_exact() {
    let (store, ids) = store_with_catalog();
    assert_eq!(assert_rollups_exact(&store, "empty"), 0);
    for (i, (h, mi)) in [(1, 5), (1, 59), (2, 0), (23, 30)].into_iter().enumerate() {
        let req = PayCashRequest {
            lines: cart(&ids, &[(i, 1), (i + 1, 3), (0, 2)]),
            tendered: 10_000_000,
            cart: None,
        };
        store.pay_cash(&req, at(h, mi)).expect("sale");
        assert_rollups_exact(&store, &format!("after cash sale {i}"));
    }
    // Same hour twice, next hour, another day: three hourly buckets of sales.
    let hours: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM report_sales_hourly", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(hours, 3);
}

#[test]
fn qris_settlement_and_late_settlement_of_a_cancelled_order_keep_the_rollups_exact() {
    let (store, ids) = store_with_catalog();
    let now = at(10, 0);
    // On time.
    qris_order(&store, &ids, "a1", now);
    let out = store
        .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-a1"), now, now)
        .expect("finalize");
    assert_eq!(out, Finalized::OrderPaid { late: false });
    assert!(assert_rollups_exact(&store, "after QRIS settlement") > 0);
    // Idempotent: a second report changes nothing.
    store
        .finalize_paid_attempt("a1", Some("GoPay"), Some("trx-a1"), now, now)
        .expect("again");
    assert_rollups_exact(&store, "after a duplicate settlement");

    // The cashier cancels, then the settlement arrives: the cancelled order becomes paid.
    let late = qris_order(&store, &ids, "a2", now);
    store
        .close_attempt("a2", AttemptStatus::Cancelled, "cancel", now)
        .expect("close");
    store.cancel_awaiting_order(late).expect("cancel");
    assert_rollups_exact(&store, "a cancelled order counts nowhere");
    let paid_at = now + Duration::minutes(40);
    let out = store
        .finalize_paid_attempt("a2", None, None, paid_at, paid_at)
        .expect("late settlement");
    assert_eq!(out, Finalized::OrderPaid { late: true });
    assert_rollups_exact(&store, "after a late settlement of a cancelled order");
    let (orders, no_issuer): (i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT SUM(orders), SUM(orders) FILTER (WHERE has_issuer = 0)
                 FROM report_payment_daily",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("payments");
    assert_eq!((orders, no_issuer), (2, 1), "a NULL issuer is its own row");
}

#[test]
fn lines_after_payment_voids_edits_and_deletes_keep_the_rollups_exact() {
    let (store, ids) = store_with_catalog();
    let now = at(8, 15);
    let req = PayCashRequest {
        lines: cart(&ids, &[(0, 1), (1, 1)]),
        tendered: 10_000_000,
        cart: None,
    };
    let sale = store.pay_cash(&req, now).expect("sale");
    let other = store
        .pay_cash(&req, now + Duration::minutes(5))
        .expect("sale");
    store
        .write(|tx| {
            // An order written as paid, then its lines (what the demo generator does).
            tx.execute(
                "INSERT INTO orders (number, status, subtotal, total, payment_method, created_at,
                                     paid_at, payment_issuer)
                 VALUES ('IMP-1', 'paid', 7000, 7000, 'qris', 0, ?1, 'OVO')",
                [now.timestamp_millis() + 1],
            )?;
            let id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO order_lines (order_id, sku, name, unit_price, qty, line_total)
                 VALUES (?1, 'IMP-SKU', 'Barang Impor', 3500, 2, 7000)",
                [id],
            )?;
            Ok(())
        })
        .expect("import");
    assert_rollups_exact(&store, "lines inserted after payment");

    let steps: &[(&str, String)] = &[
        (
            "a line added to a paid order",
            format!(
                "INSERT INTO order_lines (order_id, sku, name, unit_price, qty, line_total)
                 VALUES ({}, 'EXTRA', 'Tambahan', 1000, 3, 3000);
                 UPDATE orders SET subtotal = subtotal + 3000, total = total + 3000 WHERE id = {0}",
                sale.id
            ),
        ),
        (
            "a line of a paid order changed",
            format!(
                "UPDATE order_lines SET qty = 5, line_total = 5000 WHERE sku = 'EXTRA'
                   AND order_id = {}",
                sale.id
            ),
        ),
        (
            "a line moved to another paid order",
            format!(
                "UPDATE order_lines SET order_id = {} WHERE sku = 'EXTRA'",
                other.id
            ),
        ),
        (
            "a line of a paid order deleted",
            "DELETE FROM order_lines WHERE sku = 'EXTRA'".to_string(),
        ),
        (
            "a paid order's payment instant moved to another day",
            format!(
                "UPDATE orders SET paid_at = paid_at + 86400000 * 3 + 1234 WHERE id = {}",
                sale.id
            ),
        ),
        (
            "a paid order's method and issuer changed",
            format!(
                "UPDATE orders SET payment_method = 'qris', payment_issuer = 'DANA' WHERE id = {}",
                sale.id
            ),
        ),
        (
            "a paid order voided",
            format!(
                "UPDATE orders SET status = 'cancelled' WHERE id = {}",
                other.id
            ),
        ),
        (
            "a voided order paid again",
            format!("UPDATE orders SET status = 'paid' WHERE id = {}", other.id),
        ),
        (
            "a paid order deleted with its lines (cascade)",
            "DELETE FROM orders WHERE number = 'IMP-1'".to_string(),
        ),
    ];
    for (what, sql) in steps {
        store
            .write(|tx| {
                tx.execute_batch(sql)?;
                Ok(())
            })
            .expect(what);
        assert_rollups_exact(&store, what);
    }
    let lines_left: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM report_product_hourly WHERE sku IN ('IMP-SKU', 'EXTRA')",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("count");
    assert_eq!(lines_left, 0, "rows that fall to zero are removed");
}

#[test]
fn migration_backfills_the_rollups_of_an_existing_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kasir.db");
    {
        let v4 = Store::open_up_to(&path, 4).expect("open v4");
        v4.seed_demo_if_empty(at(0, 0)).expect("seed");
        // The v4 schema as it stood: orders and lines written with the SQL of that version
        // (today's sale path writes columns of later migrations).
        // Read with v4's columns too (today's catalogue query names later columns).
        let products: Vec<(i64, String, String, i64)> = v4
            .read(|c| {
                let mut st = c.prepare(
                    "SELECT id, sku, name, price FROM products WHERE active = 1 ORDER BY name",
                )?;
                let rows = st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .expect("catalog");
        v4.write(|tx| {
            for i in 0..5usize {
                let picks = [(i, 1i64), (i + 1, 2i64)];
                let total: i64 = picks.iter().map(|&(k, q)| products[k].3 * q).sum();
                let ms = at(i as u32 * 3, 7).timestamp_millis();
                tx.execute(
                    "INSERT INTO orders (number, status, subtotal, total, payment_method,
                                         cash_tendered, cash_change, created_at, paid_at)
                     VALUES (?1, 'paid', ?2, ?2, 'cash', ?2, 0, ?3, ?3)",
                    rusqlite::params![format!("INV-261126-000{}", i + 1), total, ms],
                )?;
                let order_id = tx.last_insert_rowid();
                for (k, q) in picks {
                    let (id, sku, name, price) = &products[k];
                    tx.execute(
                        "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty, line_total)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        rusqlite::params![order_id, id, sku, name, price, q, price * q],
                    )?;
                }
            }
            tx.execute(
                "INSERT INTO orders (number, status, subtotal, total, created_at)
                 VALUES ('INV-261126-0006', 'awaiting_payment', ?1, ?1, ?2)",
                rusqlite::params![products[0].3, at(20, 0).timestamp_millis()],
            )?;
            Ok(())
        })
        .expect("v4 fixture");
    }
    let store = Store::open(&path).expect("upgrade");
    assert_eq!(
        store.schema_version().expect("v"),
        kasir_core::db::LATEST_SCHEMA
    );
    assert!(assert_rollups_exact(&store, "after the backfill") >= 5);
}

#[test]
fn split_payments_keep_the_rollups_exact_tender_by_tender() {
    let (store, ids) = store_with_catalog();
    let now = at(12, 0);
    let order = store
        .create_split_order(&cart(&ids, &[(0, 2), (1, 1)]), &Default::default(), now)
        .expect("split order");
    store
        .pay_part_cash(order.id, Some(1_000), 5_000, now)
        .expect("cash part");
    assert_rollups_exact(&store, "a part taken: not a sale yet");
    let (attempt, _) = store
        .begin_attempt(
            order.id,
            NewAttempt {
                id: "s1",
                gateway_order_id: "KA-s1",
                provider: "midtrans",
            },
            now,
        )
        .expect("rest");
    let paid_at = now + Duration::minutes(3);
    store
        .finalize_paid_attempt(&attempt.id, Some("OVO"), Some("trx-s1"), paid_at, paid_at)
        .expect("rest paid");
    assert!(assert_rollups_exact(&store, "after the split order's last part") > 0);
    let methods: Vec<(String, i64, i64)> = store
        .read(|c| {
            let mut st = c.prepare(
                "SELECT method, SUM(orders), SUM(omzet) FROM report_payment_daily
                 GROUP BY 1 ORDER BY 1",
            )?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .expect("methods");
    assert_eq!(
        methods,
        vec![
            ("cash".to_string(), 1, 1_000),
            ("qris".to_string(), 1, order.total - 1_000)
        ]
    );
    for (what, sql) in [
        (
            "a split order voided",
            format!(
                "UPDATE orders SET status = 'cancelled' WHERE id = {}",
                order.id
            ),
        ),
        (
            "a split order paid again",
            format!("UPDATE orders SET status = 'paid' WHERE id = {}", order.id),
        ),
        (
            "a split order's payment instant moved",
            format!(
                "UPDATE orders SET paid_at = paid_at + 86400000 WHERE id = {}",
                order.id
            ),
        ),
    ] {
        store
            .write(|tx| {
                tx.execute_batch(&sql)?;
                Ok(())
            })
            .expect(what);
        assert_rollups_exact(&store, what);
    }
}

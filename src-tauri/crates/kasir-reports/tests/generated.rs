//! The demo generator is deterministic, and on its data every fast dashboard path (roll-ups of
//! migration 5 by UTC day and hour, raw slivers at the edges, hour slices) equals a plain SQL
//! join: several periods, zones and cutoffs, arbitrary spans, after late settlements, voids and
//! lines added to paid orders.

use std::collections::BTreeMap;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone, Timelike, Utc};
use kasir_core::Store;
use kasir_demo::generate_demo_sales;
use kasir_reports::dashboard::{
    breakdown_between, issuer_id, product_sales, product_sales_between, totals_between,
};
use kasir_reports::export::{parse_csv, XLSX_DATA_SHEET};
use kasir_reports::{
    dashboard, export_csv, export_xlsx_file, set_business_day_cutoff, Clock, DateRange,
    PeriodRequest, Window,
};

fn now() -> DateTime<Utc> {
    // 28 June 2026 12:00 WIB.
    Utc.with_ymd_and_hms(2026, 6, 28, 5, 0, 0)
        .single()
        .expect("valid")
}

/// Every row the generator wrote, as text, in id order.
fn dump(store: &Store) -> String {
    store
        .read(|c| {
            let mut out = String::new();
            for sql in [
                "SELECT id, number, status, total, payment_method, cash_tendered, cash_change,
                        cashier, created_at, paid_at, payment_issuer, gateway_txn_id
                 FROM orders ORDER BY id",
                "SELECT id, order_id, product_id, sku, qty, line_total FROM order_lines ORDER BY id",
                "SELECT id, order_id, gateway_order_id, gateway_ref, amount, status, issuer, late,
                        anomaly, paid_at FROM payment_attempts ORDER BY id",
            ] {
                let mut st = c.prepare(sql)?;
                let n = st.column_count();
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        out.push_str(&format!("{v:?}|"));
                    }
                    out.push('\n');
                }
            }
            Ok(out)
        })
        .expect("dump")
}

#[test]
fn same_seed_same_rows_other_seed_other_rows() {
    let a = Store::open_in_memory().expect("a");
    let b = Store::open_in_memory().expect("b");
    let c = Store::open_in_memory().expect("c");
    let sa = generate_demo_sales(&a, 1_500, 7, now()).expect("a");
    let sb = generate_demo_sales(&b, 1_500, 7, now()).expect("b");
    generate_demo_sales(&c, 1_500, 8, now()).expect("c");
    assert_eq!(sa, sb);
    assert_eq!(sa.orders, 1_500);
    assert_eq!(sa.paid + sa.cancelled, 1_500);
    assert!(
        sa.qris_paid > 300 && sa.qris_paid < 1_000,
        "mixed methods: {sa:?}"
    );
    assert!(
        (3_600..5_100).contains(&sa.lines),
        "about 3 lines per order: {}",
        sa.lines
    );
    assert_eq!(
        (sa.first_day.as_str(), sa.last_day.as_str()),
        ("2024-06-29", "2026-06-28")
    );
    let (da, db, dc) = (dump(&a), dump(&b), dump(&c));
    assert_eq!(da, db, "the same seed must write exactly the same rows");
    assert_ne!(da, dc, "another seed must give other data");
    let future: i64 = a
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM orders WHERE created_at > ?1 OR paid_at > ?1 + 3600000",
                [now().timestamp_millis()],
                |r| r.get(0),
            )?)
        })
        .expect("future");
    assert_eq!(future, 0, "no sale is created after `now`");
    // A second run continues the day's numbering instead of clashing.
    generate_demo_sales(&a, 200, 9, now()).expect("second run");
}

/// The dashboard's figures by the obvious (slow) SQL.
struct Naive {
    transactions: i64,
    omzet: i64,
    items: i64,
    /// `(transactions, omzet)` per local hour.
    by_hour: [(i64, i64); 24],
    /// `(transactions, omzet)` per business date.
    by_day: BTreeMap<String, (i64, i64)>,
    /// `(transactions, omzet)` per (method, raw issuer).
    by_payment: BTreeMap<(String, Option<String>), (i64, i64)>,
    by_sku: BTreeMap<String, (i64, i64)>,
}

/// The paid orders with `start <= paid_at < end`, by plain SQL over the raw tables.
fn naive_between(store: &Store, clock: Clock, start: i64, end: i64) -> Naive {
    store
        .read(|c| {
            let mut n = Naive {
                transactions: 0,
                omzet: 0,
                items: 0,
                by_hour: [(0, 0); 24],
                by_day: BTreeMap::new(),
                by_payment: BTreeMap::new(),
                by_sku: BTreeMap::new(),
            };
            let mut st = c.prepare(
                "SELECT paid_at, total, payment_method, payment_issuer FROM orders NOT INDEXED
                 WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
            )?;
            let mut rows = st.query((start, end))?;
            while let Some(r) = rows.next()? {
                let (at, total): (i64, i64) = (r.get(0)?, r.get(1)?);
                n.transactions += 1;
                n.omzet += total;
                let h = &mut n.by_hour[clock.local(at).hour() as usize];
                h.0 += 1;
                h.1 += total;
                let d = n
                    .by_day
                    .entry(clock.business_date(at).to_string())
                    .or_default();
                d.0 += 1;
                d.1 += total;
                let p = n.by_payment.entry((r.get(2)?, r.get(3)?)).or_default();
                p.0 += 1;
                p.1 += total;
            }
            let mut st = c.prepare(
                "SELECT l.sku, SUM(l.qty), SUM(l.line_total) FROM orders o NOT INDEXED
                 JOIN order_lines l ON l.order_id = o.id
                 WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2 GROUP BY l.sku",
            )?;
            let mut rows = st.query((start, end))?;
            while let Some(r) = rows.next()? {
                let (sku, q, rev): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                n.items += q;
                n.by_sku.insert(sku, (q, rev));
            }
            Ok(n)
        })
        .expect("naive")
}

fn naive(store: &Store, w: &Window) -> Naive {
    naive_between(store, w.clock, w.start_ms(), w.end_ms())
}

fn check(store: &Store, req: &PeriodRequest) {
    let d = dashboard(store, req, now()).expect("dashboard");
    let clock = kasir_reports::read(store, Clock::load).expect("clock");
    let w = Window::resolve(clock, req, now()).expect("window");
    let n = naive(store, &w);
    let what = format!(
        "{req:?} {} cutoff {}",
        clock.tz.name(),
        clock.cutoff_minutes
    );
    assert!(
        n.transactions > 0,
        "{what}: the period must have sales to compare"
    );
    assert_eq!(d.summary.transactions, n.transactions, "{what}");
    assert_eq!(d.summary.omzet, n.omzet, "{what}");
    assert_eq!(d.summary.items_sold, n.items, "{what}");
    let hours: Vec<(i64, i64)> = d
        .by_hour
        .iter()
        .map(|h| (h.transactions, h.omzet))
        .collect();
    assert_eq!(hours, n.by_hour.to_vec(), "{what}: per hour");
    assert_eq!(d.by_day.len() as i64, w.days(), "{what}: every day");
    for day in &d.by_day {
        assert_eq!(
            (day.transactions, day.omzet),
            n.by_day.get(&day.date).copied().unwrap_or((0, 0)),
            "{what}: {}",
            day.date
        );
    }
    let days_total: i64 = n.by_day.values().map(|v| v.1).sum();
    assert_eq!(days_total, n.omzet, "{what}: no sale outside the days");
    // Every product, not only the top lists.
    let products = kasir_reports::read(store, |c| product_sales(c, &w)).expect("products");
    let fast: BTreeMap<String, (i64, i64)> = products
        .iter()
        .map(|p| (p.sku.clone(), (p.qty, p.revenue)))
        .collect();
    assert_eq!(fast, n.by_sku, "{what}: per product");
    for p in d.top_by_qty.iter().chain(&d.top_by_revenue) {
        assert_eq!(
            n.by_sku.get(&p.sku),
            Some(&(p.qty, p.revenue)),
            "{what}: {}",
            p.sku
        );
        assert!(!p.name.is_empty(), "{what}: {} has a name", p.sku);
    }
    // Methods and issuers, exactly.
    let method = |m: &str| -> (i64, i64) {
        n.by_payment
            .iter()
            .filter(|((k, _), _)| k == m)
            .fold((0, 0), |a, (_, v)| (a.0 + v.0, a.1 + v.1))
    };
    assert_eq!(
        (d.by_method[0].transactions, d.by_method[0].omzet),
        method("cash"),
        "{what}: cash"
    );
    assert_eq!(
        (d.by_method[1].transactions, d.by_method[1].omzet),
        method("qris"),
        "{what}: QRIS"
    );
    let mut issuers: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    for ((m, issuer), v) in &n.by_payment {
        if m == "qris" {
            let e = issuers.entry(issuer.as_deref().map(issuer_id)).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
    }
    let fast: BTreeMap<Option<String>, (i64, i64)> = d
        .by_issuer
        .iter()
        .map(|i| (i.issuer.clone(), (i.transactions, i.omzet)))
        .collect();
    assert_eq!(fast, issuers, "{what}: per issuer");
    let p = naive(store, &w.previous());
    assert_eq!(
        (
            d.previous.transactions,
            d.previous.omzet,
            d.previous.items_sold
        ),
        (p.transactions, p.omzet, p.items),
        "{what}: previous period"
    );
}

/// Any span of instants, including ones that start and end mid-hour, within one hour, or
/// across days, gives the same totals, payments and products as plain SQL.
fn check_spans(store: &Store, seed: u64, count: usize) {
    let clock = kasir_reports::read(store, Clock::load).expect("clock");
    let (first, last): (i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT MIN(paid_at), MAX(paid_at) FROM orders WHERE status = 'paid'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("range");
    let mut x = seed;
    let mut next = |m: i64| -> i64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % m.max(1) as u64) as i64
    };
    const H: i64 = 3_600_000;
    for i in 0..count {
        let start = first - H + next(last - first + 2 * H);
        let start = match i % 4 {
            0 => start - start.rem_euclid(H),      // on an hour
            1 => start - start.rem_euclid(24 * H), // on a UTC day
            _ => start,                            // anywhere
        };
        let len = match i % 5 {
            0 => next(H),           // inside an hour or across one boundary
            1 => next(30 * H),      // up to a day and a bit
            2 => 24 * H * next(40), // whole days
            3 => H * next(100),     // whole hours
            _ => next(90 * 24 * H), // up to three months
        };
        let end = start + len;
        let n = naive_between(store, clock, start, end);
        let what = format!("span {i}: [{start}, {end})");
        let (totals, payments, products) = kasir_reports::read(store, |c| {
            Ok((
                totals_between(c, start, end)?,
                breakdown_between(c, start, end, &["cash", "qris"])?,
                product_sales_between(c, start, end)?,
            ))
        })
        .expect("fast");
        assert_eq!(totals, (n.transactions, n.omzet), "{what}: totals");
        let want: Vec<_> = n
            .by_payment
            .iter()
            .map(|((m, i), (c, s))| (m.clone(), i.clone(), *c, *s))
            .collect();
        assert_eq!(payments, want, "{what}: payments");
        let fast: BTreeMap<String, (i64, i64)> = products
            .iter()
            .map(|p| (p.sku.clone(), (p.qty, p.revenue)))
            .collect();
        assert_eq!(fast, n.by_sku, "{what}: products");
    }
}

fn set_zone(store: &Store, tz: &str) {
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('shop_timezone', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [tz],
            )?;
            Ok(())
        })
        .expect("zone");
}

fn periods() -> [PeriodRequest; 4] {
    [
        PeriodRequest::preset(kasir_reports::Preset::ThisMonth),
        PeriodRequest::preset(kasir_reports::Preset::Last7Days),
        PeriodRequest::custom("2025-03-10", "2025-03-10"),
        PeriodRequest::custom("2024-06-29", "2026-06-28"),
    ]
}

#[test]
fn rollups_stay_exact_after_late_settlements_voids_and_lines_added_after_payment() {
    let store = Store::open_in_memory().expect("store");
    generate_demo_sales(&store, 3_000, 5, now()).expect("generate");
    let (late, added, voided) = store
        .write(|tx| {
            // A settlement that arrives after the order was cancelled: paid 40 min (and a bit)
            // after it was created, so mostly mid-hour; some without issuer.
            let late = tx.execute(
                "UPDATE orders SET status = 'paid', payment_method = 'qris',
                        payment_issuer = CASE WHEN id % 3 = 0 THEN NULL ELSE 'OVO' END,
                        gateway_txn_id = 'late-' || id, paid_at = created_at + 2400777
                 WHERE status = 'cancelled'",
                [],
            )?;
            // Lines written into orders that are already paid (and their totals follow).
            let added = tx.execute(
                "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty,
                                          line_total)
                 SELECT id, NULL, 'TAMBAHAN', 'Tambahan', 1500, 2, 3000 FROM orders
                 WHERE status = 'paid' AND id % 37 = 0",
                [],
            )?;
            tx.execute(
                "UPDATE orders SET subtotal = subtotal + 3000, total = total + 3000
                 WHERE status = 'paid' AND id % 37 = 0",
                [],
            )?;
            // Voids of paid orders.
            let voided = tx.execute(
                "UPDATE orders SET status = 'cancelled' WHERE status = 'paid' AND id % 41 = 0",
                [],
            )?;
            Ok((late, added, voided))
        })
        .expect("changes");
    assert!(
        late > 10 && added > 10 && voided > 10,
        "{late} {added} {voided}"
    );
    for tz in ["Asia/Jakarta", "Asia/Kolkata"] {
        set_zone(&store, tz);
        // 150 and 45: cutoffs that split an hour; Kolkata (UTC+5:30): no local hour is a UTC one.
        for cutoff in [0, 150, 45] {
            set_business_day_cutoff(&store, cutoff, chrono::Utc::now()).expect("cutoff");
            for req in periods() {
                check(&store, &req);
            }
        }
    }
    check_spans(&store, 17, 300);
}

#[test]
fn fast_dashboard_equals_plain_sql_on_generated_data_in_memory_and_on_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Store::open(&dir.path().join("kasir.db")).expect("file store");
    let memory = Store::open_in_memory().expect("memory store");
    for store in [&memory, &file] {
        generate_demo_sales(store, 4_000, 3, now()).expect("generate");
        for req in periods() {
            set_business_day_cutoff(store, 0, chrono::Utc::now()).expect("cutoff");
            check(store, &req);
            // A half-hour cutoff splits an hour between two business days.
            set_business_day_cutoff(store, 150, chrono::Utc::now()).expect("cutoff");
            check(store, &req);
        }
        check_spans(store, 3, 150);
    }
}

#[test]
fn csv_of_two_generated_years_adds_up_to_the_dashboard() {
    let store = Store::open_in_memory().expect("store");
    generate_demo_sales(&store, 2_000, 11, now()).expect("generate");
    let range = DateRange {
        from: "2024-06-29".into(),
        to: "2026-06-28".into(),
    };
    let mut buf = Vec::new();
    let r = export_csv(&store, &range, &mut buf).expect("export");
    let records = parse_csv(&String::from_utf8(buf).expect("utf8"));
    let d = dashboard(
        &store,
        &PeriodRequest::custom(&range.from, &range.to),
        now(),
    )
    .expect("d");
    let col = |n: &str| records[0].iter().position(|h| h == n).expect("column");
    let mut orders = BTreeMap::new();
    let mut qty = 0;
    for row in records[1..].iter().filter(|r| r[col("status")] == "lunas") {
        orders.insert(
            row[col("no_pesanan")].clone(),
            row[col("total_pesanan")].parse::<i64>().expect("int"),
        );
        qty += row[col("qty")].parse::<i64>().expect("int");
    }
    assert_eq!(orders.len() as i64, d.summary.transactions);
    assert_eq!(orders.values().sum::<i64>(), d.summary.omzet);
    assert_eq!(qty, d.summary.items_sold);
    assert_eq!(
        (r.paid_orders, r.omzet),
        (d.summary.transactions, d.summary.omzet)
    );
    assert_eq!(r.orders, 2_000, "cancelled orders are in the file too");

    // The XLSX of the same period: the CSV's rows, with numbers that add up the same way.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("two-years.xlsx");
    let x = export_xlsx_file(&store, &range, &path).expect("xlsx");
    assert_eq!(x.rows, r.rows);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let sheet = wb.worksheet_range(XLSX_DATA_SHEET).expect("sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), records.len(), "header + the CSV's rows");
    let num = |d: &Data| match d {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        other => panic!("not a number: {other:?}"),
    };
    let mut x_orders = BTreeMap::new();
    for row in rows[1..]
        .iter()
        .filter(|r| r[col("status")] == Data::String("lunas".into()))
    {
        x_orders.insert(
            row[col("no_pesanan")].to_string(),
            num(&row[col("total_pesanan")]),
        );
    }
    assert_eq!(x_orders.len() as i64, d.summary.transactions);
    assert_eq!(x_orders.values().sum::<i64>(), d.summary.omzet);
}

/// Every roll-up table of migration 5 equals the same GROUP BY over the raw tables.
fn assert_rollups_exact(store: &Store, what: &str) {
    let pairs = [
        (
            "SELECT hour, orders, omzet FROM report_sales_hourly ORDER BY 1",
            "SELECT paid_at / 3600000, COUNT(*), SUM(total) FROM orders WHERE status = 'paid'
             GROUP BY 1 ORDER BY 1",
        ),
        (
            "SELECT hour, method, has_issuer, issuer, orders, omzet FROM report_payment_hourly
             ORDER BY 1, 2, 3, 4",
            "SELECT paid_at / 3600000, payment_method, payment_issuer IS NOT NULL,
                    IFNULL(payment_issuer, ''), COUNT(*), SUM(total)
             FROM orders WHERE status = 'paid' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        ),
        (
            "SELECT day, method, has_issuer, issuer, orders, omzet FROM report_payment_daily
             ORDER BY 1, 2, 3, 4",
            "SELECT paid_at / 86400000, payment_method, payment_issuer IS NOT NULL,
                    IFNULL(payment_issuer, ''), COUNT(*), SUM(total)
             FROM orders WHERE status = 'paid' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        ),
        (
            "SELECT hour, sku, qty, revenue FROM report_product_hourly ORDER BY 1, 2",
            "SELECT o.paid_at / 3600000, l.sku, SUM(l.qty), SUM(l.line_total)
             FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status = 'paid'
             GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        (
            "SELECT day, sku, qty, revenue FROM report_product_daily ORDER BY 1, 2",
            "SELECT o.paid_at / 86400000, l.sku, SUM(l.qty), SUM(l.line_total)
             FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status = 'paid'
             GROUP BY 1, 2 ORDER BY 1, 2",
        ),
    ];
    store
        .read(|c| {
            for (rollup, raw) in pairs {
                let get = |sql: &str| -> rusqlite::Result<Vec<Vec<rusqlite::types::Value>>> {
                    let mut st = c.prepare(sql)?;
                    let n = st.column_count();
                    let rows = st
                        .query_map([], |r| (0..n).map(|i| r.get(i)).collect())?
                        .collect();
                    rows
                };
                let (a, b) = (get(rollup)?, get(raw)?);
                assert!(!a.is_empty(), "{what}: {rollup} is empty");
                assert_eq!(a, b, "{what}: {rollup}");
            }
            Ok(())
        })
        .expect("read");
}

#[test]
fn generator_fills_the_rollups_and_leaves_the_triggers_on() {
    let store = Store::open_in_memory().expect("store");
    generate_demo_sales(&store, 1_500, 4, now()).expect("generate");
    assert_rollups_exact(&store, "after generating");
    generate_demo_sales(&store, 300, 5, now()).expect("second run");
    assert_rollups_exact(&store, "after a second run into the same store");
    // The triggers are on again: a sale through kasir-core lands in the roll-ups.
    let sold = |s: &Store| -> i64 {
        s.read(|c| {
            Ok(
                c.query_row("SELECT SUM(orders) FROM report_sales_hourly", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .expect("sum")
    };
    let before = sold(&store);
    let product = store.catalog().expect("catalog").products[0].id;
    store
        .write(|tx| {
            tx.execute("UPDATE products SET stock = 100", [])?;
            Ok(())
        })
        .expect("stock");
    kasir_core::testing::open_till(&store, now());
    store
        .pay_cash(
            &kasir_core::PayCashRequest {
                lines: vec![kasir_core::CartLineInput {
                    product_id: product,
                    qty: 2,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                tendered: 1_000_000,
                cart: None,
            },
            now(),
        )
        .expect("sale");
    assert_eq!(sold(&store), before + 1);
    assert_rollups_exact(&store, "after a cash sale");
}

//! The demo generator is deterministic, and on its data every fast dashboard path (hour
//! slices, id-span product sums, the two-connection dashboard) equals a plain SQL join.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeZone, Timelike, Utc};
use kasir_core::Store;
use kasir_reports::export::parse_csv;
use kasir_reports::{
    dashboard, export_csv, generate_demo_sales, set_business_day_cutoff, Clock, DateRange,
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
    by_hour: [i64; 24],
    by_day: BTreeMap<String, i64>,
    by_sku: BTreeMap<String, (i64, i64)>,
}

fn naive(store: &Store, w: &Window) -> Naive {
    let clock = w.clock;
    store
        .read(|c| {
            let mut n = Naive {
                transactions: 0,
                omzet: 0,
                items: 0,
                by_hour: [0; 24],
                by_day: BTreeMap::new(),
                by_sku: BTreeMap::new(),
            };
            let mut st = c.prepare(
                "SELECT paid_at, total FROM orders NOT INDEXED
                 WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
            )?;
            let mut rows = st.query((w.start_ms(), w.end_ms()))?;
            while let Some(r) = rows.next()? {
                let (at, total): (i64, i64) = (r.get(0)?, r.get(1)?);
                n.transactions += 1;
                n.omzet += total;
                n.by_hour[clock.local(at).hour() as usize] += total;
                *n.by_day
                    .entry(clock.business_date(at).to_string())
                    .or_default() += total;
            }
            let mut st = c.prepare(
                "SELECT l.sku, SUM(l.qty), SUM(l.line_total) FROM orders o NOT INDEXED
                 JOIN order_lines l ON l.order_id = o.id
                 WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2 GROUP BY l.sku",
            )?;
            let mut rows = st.query((w.start_ms(), w.end_ms()))?;
            while let Some(r) = rows.next()? {
                let (sku, q, rev): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                n.items += q;
                n.by_sku.insert(sku, (q, rev));
            }
            Ok(n)
        })
        .expect("naive")
}

fn check(store: &Store, req: &PeriodRequest) {
    let d = dashboard(store, req, now()).expect("dashboard");
    let clock = kasir_reports::read(store, Clock::load).expect("clock");
    let w = Window::resolve(clock, req, now()).expect("window");
    let n = naive(store, &w);
    let what = format!("{req:?} cutoff {}", clock.cutoff_minutes);
    assert!(
        n.transactions > 0,
        "{what}: the period must have sales to compare"
    );
    assert_eq!(d.summary.transactions, n.transactions, "{what}");
    assert_eq!(d.summary.omzet, n.omzet, "{what}");
    assert_eq!(d.summary.items_sold, n.items, "{what}");
    let hours: Vec<i64> = d.by_hour.iter().map(|h| h.omzet).collect();
    assert_eq!(hours, n.by_hour.to_vec(), "{what}: per hour");
    for day in &d.by_day {
        assert_eq!(
            day.omzet,
            n.by_day.get(&day.date).copied().unwrap_or(0),
            "{what}: {}",
            day.date
        );
    }
    for p in d.top_by_qty.iter().chain(&d.top_by_revenue) {
        assert_eq!(
            n.by_sku.get(&p.sku),
            Some(&(p.qty, p.revenue)),
            "{what}: {}",
            p.sku
        );
    }
    let methods: i64 = d.by_method.iter().map(|m| m.omzet).sum();
    let issuers: i64 = d.by_issuer.iter().map(|i| i.omzet).sum();
    assert_eq!(methods, n.omzet, "{what}");
    assert_eq!(
        issuers, d.by_method[1].omzet,
        "{what}: issuers add up to QRIS"
    );
    assert_eq!(
        d.previous.omzet,
        {
            let p = naive(store, &w.previous());
            p.omzet
        },
        "{what}: previous period"
    );
}

#[test]
fn fast_dashboard_equals_plain_sql_on_generated_data_in_memory_and_on_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Store::open(&dir.path().join("kasir.db")).expect("file store");
    let memory = Store::open_in_memory().expect("memory store");
    for store in [&memory, &file] {
        generate_demo_sales(store, 4_000, 3, now()).expect("generate");
        for req in [
            PeriodRequest::preset(kasir_reports::Preset::ThisMonth),
            PeriodRequest::preset(kasir_reports::Preset::Last7Days),
            PeriodRequest::custom("2025-03-10", "2025-03-10"),
            PeriodRequest::custom("2024-06-29", "2026-06-28"),
        ] {
            set_business_day_cutoff(store, 0).expect("cutoff");
            check(store, &req);
            // A half-hour cutoff splits an hour between two business days.
            set_business_day_cutoff(store, 150).expect("cutoff");
            check(store, &req);
        }
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
}

//! Report benchmark: fills a database with demo sales (1,000,000 orders by default) if it has
//! none, then times every dashboard query for "Bulan ini" and for the whole two years, the
//! whole dashboard, history and reconciliation pages, and writing one cash sale.
//!
//! ```text
//! cargo run --release -p kasir-reports --example bench -- --db /tmp/kasir-bench.db --orders 1000000
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use kasir_core::{CartLineInput, PayCashRequest, Store};
use kasir_demo::generate_demo_sales;
use kasir_reports::dashboard::{
    payment_breakdown_qris, period_summary, product_sales, sales_slices,
};
use kasir_reports::{
    dashboard, qris_reconciliation, sales_history, HistoryQuery, PeriodRequest, Preset,
    ReconciliationQuery, Window,
};

struct Args {
    db: PathBuf,
    orders: u64,
    seed: u64,
    runs: usize,
    sales: usize,
}

fn args() -> Args {
    let mut a = Args {
        db: PathBuf::from("/tmp/kasir-bench.db"),
        orders: 1_000_000,
        seed: 42,
        runs: 7,
        sales: 200,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let v = argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--db" => a.db = PathBuf::from(v),
            "--orders" => a.orders = v.parse().expect("--orders N"),
            "--seed" => a.seed = v.parse().expect("--seed S"),
            "--runs" => a.runs = v.parse().expect("--runs R"),
            "--sales" => a.sales = v.parse().expect("--sales N"),
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    a
}

/// The benchmark's fixed "now": Sunday 28 June 2026, 12:00 WIB.
fn bench_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 28, 5, 0, 0)
        .single()
        .expect("valid")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and max of `runs` timings of `f` (after one warm-up run).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    let _ = f();
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let _ = std::hint::black_box(f());
            ms(t.elapsed())
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[v.len() - 1])
}

fn row(name: &str, (median, max): (f64, f64)) {
    println!("  {name:<44} median {median:>9.2} ms   max {max:>9.2} ms");
}

fn main() {
    let a = args();
    let now = bench_now();
    let store = Store::open(&a.db).expect("open database");
    // Sales need someone signed in with a shift open (a test owner on the benchmark database).
    kasir_core::testing::open_till(&store, now);
    let existing: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
        .expect("count");
    println!("database {}", a.db.display());
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );
    if existing == 0 {
        let t = Instant::now();
        let s = generate_demo_sales(&store, a.orders, a.seed, now).expect("generate");
        let took = t.elapsed();
        println!(
            "generated {} orders ({} paid, {} cancelled, {} QRIS paid), {} lines, {}..{} in {:.1} s ({:.0} orders/s)",
            s.orders,
            s.paid,
            s.cancelled,
            s.qris_paid,
            s.lines,
            s.first_day,
            s.last_day,
            took.as_secs_f64(),
            s.orders as f64 / took.as_secs_f64()
        );
    } else {
        println!("using existing {existing} orders (delete the file to regenerate)");
    }
    let size = std::fs::metadata(&a.db).map_or(0, |m| m.len());
    println!("database file {:.0} MiB", size as f64 / 1048576.0);

    let clock = kasir_reports::read(&store, kasir_reports::Clock::load).expect("clock");
    let month =
        Window::resolve(clock, &PeriodRequest::preset(Preset::ThisMonth), now).expect("month");
    let to = month.to;
    let two_years = Window::new(clock, to - chrono::Duration::days(729), to).expect("two years");

    for (label, w) in [("Bulan ini", month), ("Dua tahun", two_years)] {
        println!(
            "\n{label}: {} .. {} ({} days), {} runs",
            w.from,
            w.to,
            w.days(),
            a.runs
        );
        let slices = kasir_reports::read(&store, |c| sales_slices(c, &w)).expect("slices");
        println!(
            "  {} transactions, omzet Rp {}",
            slices.transactions, slices.omzet
        );
        let q = |f: &dyn Fn(&rusqlite::Connection) -> kasir_reports::Result<()>| {
            time(a.runs, || kasir_reports::read(&store, f).expect("query"))
        };
        row(
            "cards + per hour + per day (sales_slices)",
            q(&|c| sales_slices(c, &w).map(|_| ())),
        );
        row(
            "QRIS by issuer (payment_breakdown_qris)",
            q(&|c| payment_breakdown_qris(c, &w).map(|_| ())),
        );
        row(
            "items sold + top products (product_sales)",
            q(&|c| product_sales(c, &w).map(|_| ())),
        );
        row(
            "previous period cards (period_summary)",
            q(&|c| period_summary(c, &w.previous()).map(|_| ())),
        );
        let from = w.from.to_string();
        let to = w.to.to_string();
        let req = PeriodRequest::custom(&from, &to);
        row(
            "WHOLE DASHBOARD, all panels (dashboard)",
            time(a.runs, || dashboard(&store, &req, now).expect("dashboard")),
        );
        row(
            "history page 1 (50 rows + count)",
            time(a.runs, || {
                sales_history(
                    &store,
                    &HistoryQuery {
                        from: from.clone(),
                        to: to.clone(),
                        search: None,
                        method: None,
                        status: None,
                        cashier_id: None,
                        page: 1,
                        page_size: 50,
                    },
                )
                .expect("history")
            }),
        );
        row(
            "history search '-0042' + QRIS filter",
            time(a.runs, || {
                sales_history(
                    &store,
                    &HistoryQuery {
                        from: from.clone(),
                        to: to.clone(),
                        search: Some("-0042".into()),
                        method: Some(kasir_core::PaymentMethod::Qris),
                        status: None,
                        cashier_id: None,
                        page: 1,
                        page_size: 50,
                    },
                )
                .expect("history")
            }),
        );
        row(
            "QRIS reconciliation page 1 (50 rows)",
            time(a.runs, || {
                qris_reconciliation(
                    &store,
                    &ReconciliationQuery {
                        from: from.clone(),
                        to: to.clone(),
                        page: 1,
                        page_size: 50,
                    },
                )
                .expect("reconciliation")
            }),
        );
    }

    // Writing one cash sale (3 lines) with all indexes in place; synchronous=FULL, WAL.
    let catalog = store.catalog().expect("catalog");
    let ids: Vec<i64> = catalog.products.iter().take(3).map(|p| p.id).collect();
    let req = PayCashRequest {
        lines: ids
            .iter()
            .map(|&product_id| CartLineInput {
                product_id,
                qty: 1,
                discount: None,
                options: Vec::new(),
                note: None,
            })
            .collect(),
        tendered: 1_000_000,
        cart: None,
    };
    store
        .write(|tx| {
            tx.execute("UPDATE products SET stock = 1000000000", [])?;
            Ok(())
        })
        .expect("stock");
    let mut v: Vec<f64> = (0..a.sales)
        .map(|i| {
            let at = now + chrono::Duration::seconds(i as i64 + 1);
            let t = Instant::now();
            store.pay_cash(&req, at).expect("sale");
            ms(t.elapsed())
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    println!(
        "\nwrite one cash sale (3 lines, {} sales): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        a.sales,
        v[v.len() / 2],
        v[v.len() * 95 / 100],
        v[v.len() - 1]
    );
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

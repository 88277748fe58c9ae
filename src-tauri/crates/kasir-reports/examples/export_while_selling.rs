//! Sale latency while a long export runs: a cashier rings up cash sales while the owner exports
//! two years (1,000,000 orders by default). Two years of a busy shop are ~2.8 M lines, more than
//! an Excel sheet holds (the XLSX export refuses such a period), so the two-year export is the
//! CSV one, which reads the same rows; `--xlsx-months N` exports the last N months as XLSX
//! instead. Prints p50/p99/max of the sales, once with
//! the store's read-only reader connections (reads never wait for the writer) and once with
//! none (every read waits on the single connection, the design before issue 9).
//!
//! ```text
//! cargo run --release -p kasir-reports --example export_while_selling -- \
//!     --db /tmp/kasir-bench.db --orders 1000000 --sales 300
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use kasir_core::{CartLineInput, PayCashRequest, Store};
use kasir_demo::generate_demo_sales;
use kasir_reports::{export_csv_file, export_xlsx_file, DateRange};

fn arg(name: &str, default: &str) -> String {
    let argv: Vec<String> = std::env::args().collect();
    argv.iter()
        .position(|a| a == name)
        .and_then(|i| argv.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn run(db: &Path, readers: usize, sales: usize, out: &Path, xlsx_months: u32) {
    let store = Arc::new(Store::open_with_readers(db, readers).expect("open"));
    // Sales need someone signed in with a shift open (a test owner on the benchmark database).
    kasir_core::testing::open_till(&store, chrono::Utc::now());
    // The product with the most stock: a cash sale refuses to sell what is not on the shelf.
    let product = store
        .catalog()
        .expect("catalog")
        .products
        .into_iter()
        .max_by_key(|p| p.stock)
        .expect("a product");
    // Put enough on the shelf for every sale of the run.
    let top_up = 1_000_000 - product.stock;
    if top_up > 0 {
        store
            .adjust_stock(
                &kasir_core::StockAdjustment {
                    product_id: product.id,
                    delta: top_up,
                    reason: "stok untuk benchmark".into(),
                },
                Utc::now(),
            )
            .expect("top up");
    }
    let range = if xlsx_months == 0 {
        DateRange {
            from: "2024-06-29".into(),
            to: "2026-06-28".into(),
        }
    } else {
        let from = chrono::NaiveDate::from_ymd_opt(2026, 6, 28)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(xlsx_months)))
            .expect("months");
        DateRange {
            from: from.format("%Y-%m-%d").to_string(),
            to: "2026-06-28".into(),
        }
    };
    let exporting = Arc::new(AtomicBool::new(true));
    let export = {
        let store = store.clone();
        let exporting = exporting.clone();
        let out = out.to_path_buf();
        std::thread::spawn(move || {
            let started = Instant::now();
            let result = if xlsx_months == 0 {
                export_csv_file(&store, &range, &out)
            } else {
                export_xlsx_file(&store, &range, &out)
            }
            .expect("export");
            exporting.store(false, Ordering::SeqCst);
            (started.elapsed(), result.orders)
        })
    };
    // Let the export start reading before the first sale.
    std::thread::sleep(Duration::from_millis(200));
    let mut latencies = Vec::with_capacity(sales);
    while latencies.len() < sales && exporting.load(Ordering::SeqCst) {
        let started = Instant::now();
        // A sale at the till: price the cart (a read), then pay (the write).
        let lines = vec![CartLineInput {
            product_id: product.id,
            qty: 1,
            discount: None,
            options: Vec::new(),
            note: None,
        }];
        store
            .price_cart(&lines, &Default::default(), chrono::Utc::now())
            .expect("price");
        store
            .pay_cash(
                &PayCashRequest {
                    lines,
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("sale");
        store.catalog().expect("grid refresh");
        latencies.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    let (export_time, orders) = export.join().expect("export thread");
    latencies.sort();
    println!(
        "readers={readers} ({}): export of {orders} orders took {:.1} s; {} sales during it: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        if xlsx_months == 0 { "CSV, two years".to_string() } else { format!("XLSX, {xlsx_months} months") },
        export_time.as_secs_f64(),
        latencies.len(),
        percentile(&latencies, 50.0).as_secs_f64() * 1e3,
        percentile(&latencies, 99.0).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

fn main() {
    let db = PathBuf::from(arg("--db", "/tmp/kasir-bench.db"));
    let orders: u64 = arg("--orders", "1000000").parse().expect("--orders N");
    let sales: usize = arg("--sales", "300").parse().expect("--sales N");
    let xlsx_months: u32 = arg("--xlsx-months", "0").parse().expect("--xlsx-months N");
    {
        let store = Store::open(&db).expect("open");
        let existing = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get::<_, i64>(0))?))
            .expect("count");
        if existing == 0 {
            let now = Utc
                .with_ymd_and_hms(2026, 6, 28, 5, 0, 0)
                .single()
                .expect("now");
            let started = Instant::now();
            generate_demo_sales(&store, orders, 42, now).expect("generate");
            println!(
                "generated {orders} orders in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let ext = if xlsx_months == 0 { "csv" } else { "xlsx" };
    let out = std::env::temp_dir().join(format!("kasir-export-while-selling.{ext}"));
    for readers in [kasir_core::db::READERS, 0] {
        run(&db, readers, sales, &out, xlsx_months);
    }
    let _ = std::fs::remove_file(&out);
}

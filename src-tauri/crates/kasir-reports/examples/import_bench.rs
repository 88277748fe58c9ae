//! Product import benchmark: writes a CSV and an XLSX of `--rows` products (10 000 by default;
//! Indonesian headers, `Rp 15.000` prices, a few categories), then times the preview (read,
//! map, check every row against the catalogue) and the all-or-nothing import into a fresh
//! database. Target: a 10 000-row file previews in under a second.
//!
//! ```text
//! cargo run --release -p kasir-reports --example import_bench -- --rows 10000 --runs 5
//! ```

use std::time::{Duration, Instant};

use chrono::Utc;
use kasir_core::Store;
use kasir_reports::{commit_product_import, preview_product_import};

fn arg(name: &str, default: usize) -> usize {
    let argv: Vec<String> = std::env::args().collect();
    argv.iter()
        .position(|a| a == name)
        .and_then(|i| argv.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and max of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            ms(start.elapsed())
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[t.len() - 1])
}

fn till() -> Store {
    let store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {}", e.message_id()));
    kasir_core::testing::open_till(&store, Utc::now());
    store
}

fn ean13(n: usize) -> String {
    let body = format!("21{n:010}");
    format!("{body}{}", kasir_shared::barcode::ean13_check_digit(&body))
}

fn rows(n: usize) -> Vec<[String; 7]> {
    let categories = [
        "Minuman",
        "Makanan Ringan",
        "Sembako",
        "Rokok",
        "Kebersihan",
    ];
    (0..n)
        .map(|i| {
            [
                format!("Barang Uji {i:05}"),
                format!("Rp {}.{:03}", 1 + i % 90, (i * 7) % 1000),
                format!("{}", 500 + i % 5000),
                format!("{}", i % 200),
                categories[i % categories.len()].to_string(),
                ean13(i),
                format!("UJI-{i:05}"),
            ]
        })
        .collect()
}

const HEADER: [&str; 7] = ["nama", "harga", "hpp", "stok", "kategori", "barcode", "sku"];

fn write_csv(path: &std::path::Path, rows: &[[String; 7]]) {
    let mut out = HEADER.join(";");
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.join(";"));
        out.push_str("\r\n");
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn write_xlsx(path: &std::path::Path, rows: &[[String; 7]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, cell)
                .expect("cell");
        }
    }
    book.save(path).expect("save xlsx");
}

fn main() {
    let n = arg("--rows", 10_000);
    let runs = arg("--runs", 5);
    let dir = std::env::temp_dir().join(format!("kasir-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let data = rows(n);
    let csv = dir.join("barang.csv");
    let xlsx = dir.join("barang.xlsx");
    write_csv(&csv, &data);
    write_xlsx(&xlsx, &data);
    println!("product import, {n} rows, {runs} runs");
    for (label, path) in [("CSV", &csv), ("XLSX", &xlsx)] {
        let store = till();
        let mut errors = 0;
        let (median, max) = time(runs, || {
            let p = preview_product_import(&store, path)
                .unwrap_or_else(|e| panic!("preview: {}", e.message_id()));
            errors = p.error_count;
        });
        assert_eq!(errors, 0, "the generated file is clean");
        println!("  preview {label:<5} median {median:>8.1} ms   max {max:>8.1} ms");
        let hash = preview_product_import(&store, path)
            .unwrap_or_else(|e| panic!("preview: {}", e.message_id()))
            .file_hash;
        let start = Instant::now();
        let result = commit_product_import(&store, path, &hash, Utc::now())
            .unwrap_or_else(|e| panic!("import: {}", e.message_id()));
        println!(
            "  import  {label:<5} {:>8.1} ms   ({} created)",
            ms(start.elapsed()),
            result.created
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! `kasir-cli demo-sales`, `report --json` and `export` (CSV and XLSX) agree with each other on
//! one database.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kasir-cli");

fn run(db: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run kasir-cli");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn demo_sales_report_and_export_tell_the_same_story() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("kasir.db");
    let summary = run(&db, &["demo-sales", "--orders", "1500", "--seed", "11"]);
    assert_eq!(summary["orders"], 1500);
    let (from, to) = (
        summary["firstDay"].as_str().expect("firstDay").to_string(),
        summary["lastDay"].as_str().expect("lastDay").to_string(),
    );
    let report = run(&db, &["report", "--from", &from, "--to", &to, "--json"]);
    assert_eq!(
        report["summary"]["omzet"], summary["omzet"],
        "the whole generated span sums to the generator's omzet"
    );
    assert_eq!(report["summary"]["transactions"], summary["paid"]);
    let csv = dir.path().join("sales.csv");
    let export = run(
        &db,
        &[
            "export",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            csv.to_str().expect("utf8"),
        ],
    );
    assert_eq!(export["omzet"], report["summary"]["omzet"]);
    let text = std::fs::read_to_string(&csv).expect("csv written");
    assert!(text.starts_with("no_pesanan,"), "header row first");
    assert_eq!(
        text.lines().count() as u64 - 1,
        export["rows"].as_u64().expect("rows"),
        "one CSV row per reported line"
    );

    // `--out *.xlsx` writes an Excel workbook of the same rows and totals.
    let xlsx = dir.path().join("sales.xlsx");
    let export_xlsx = run(
        &db,
        &[
            "export",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            xlsx.to_str().expect("utf8"),
        ],
    );
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    assert!(bytes.starts_with(b"PK\x03\x04"), "an XLSX is a zip");
    assert_eq!(export_xlsx["path"], xlsx.display().to_string());
    for key in ["rows", "orders", "paidOrders", "omzet"] {
        assert_eq!(export_xlsx[key], export[key], "{key}");
    }

    let bad = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["report", "--from", "2026-02-30", "--to", "2026-03-01"])
        .output()
        .expect("run");
    assert!(!bad.status.success(), "an impossible date is an error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[validation]"));
}

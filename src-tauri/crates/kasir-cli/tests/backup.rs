//! `kasir-cli backup` and `restore` on a database file, without a window.

use std::process::Command;

use chrono::Utc;
use kasir_core::{CartLineInput, PayCashRequest, Store};

fn cli(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kasir-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run kasir-cli")
}

#[test]
fn backup_then_restore_brings_back_the_sales_and_keeps_a_safety_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kasir.db");
    {
        let store = Store::open(&db).expect("store");
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        kasir_core::testing::open_till(&store, Utc::now());
        let p = store.catalog().expect("catalog").products[0].id;
        for _ in 0..3 {
            store
                .pay_cash(
                    &PayCashRequest {
                        lines: vec![CartLineInput {
                            product_id: p,
                            qty: 1,
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
        }
    }
    let file = dir.path().join("cadangan.db");
    let out = cli(&db, &["backup", "--out", file.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "backup: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(info["orders"], 3);
    // More sales after the backup; the restore takes the database back to 3 orders.
    {
        let store = Store::open(&db).expect("store");
        kasir_core::testing::open_till(&store, Utc::now());
        let p = store.catalog().expect("catalog").products[0].id;
        store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: p,
                        qty: 1,
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
    }
    let out = cli(&db, &["restore", file.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "restore: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&db).expect("store");
    let n: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
        .expect("count");
    assert_eq!(n, 3, "the database is the backup's");
    let safety = std::fs::read_dir(dir.path().join("backups"))
        .expect("safety folder")
        .count();
    assert_eq!(safety, 1, "one safety copy of the 4-order database");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"bukan database").expect("junk");
    let out = cli(&db, &["restore", junk.to_str().expect("utf8")]);
    assert!(!out.status.success(), "a broken file is refused");
}

//! kasir-cli for receipts, as support would run it: `receipt ORDER` writes the exact bytes for
//! a stored paid order (by id or by order number), `decode` turns them back into text, and
//! `printer test` reports the real typed error when nothing listens.

use std::net::TcpListener;
use std::process::Command;

use chrono::Utc;
use kasir_core::{CartLineInput, PayCashRequest, Store};

const BIN: &str = env!("CARGO_BIN_EXE_kasir-cli");

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run kasir-cli")
}

#[test]
fn receipt_then_decode_shows_the_stored_total_at_both_widths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kasir.db");
    let order = {
        let store = Store::open(&db).expect("store");
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        kasir_core::testing::open_till(&store, Utc::now());
        let p = store.catalog().expect("catalog").products;
        store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: p[0].id,
                        qty: 2,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: 100_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("sale")
    };
    let db_arg = db.to_str().expect("utf8 path");
    let out58 = dir.path().join("r58.bin");
    let out80 = dir.path().join("r80.bin");
    let id = order.id.to_string();
    for (order_arg, paper, out) in [(&id, "58", &out58), (&order.number, "80", &out80)] {
        let o = run(&[
            "--db",
            db_arg,
            "receipt",
            order_arg,
            "--paper",
            paper,
            "--out",
            out.to_str().expect("utf8"),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let total = kasir_core::format_rupiah(order.total);
    for (file, cols) in [(&out58, 32usize), (&out80, 48)] {
        let o = run(&[
            "decode",
            file.to_str().expect("utf8"),
            "--columns",
            &cols.to_string(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(&order.number), "{text}");
        assert!(
            text.contains(&total),
            "stored total {total} on the receipt:\n{text}"
        );
        assert!(text.contains("Tunai"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= cols), "{text}");
    }
}

#[test]
fn printer_test_reports_the_real_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let o = run(&["printer", "test", "--tcp", &format!("127.0.0.1:{port}")]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("[printer_offline]"),
        "typed error kind shown: {err}"
    );
    let o = run(&["printer", "test", "--device", "/nonexistent/kasir/lp0"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("[printer_not_found]"));
}

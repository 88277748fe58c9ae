//! Shared fixtures and checks for the integration tests (included with `mod common;`).
#![allow(dead_code)]

use chrono::{TimeZone, Utc};
use kasir_printer::decode::{decode_lines, preview_lines};
use kasir_printer::{
    Adjustment, OrderCode, PaperWidth, Payment, PrinterProfile, Receipt, ReceiptLine, StoreInfo,
};
use std::path::PathBuf;

pub fn store() -> StoreInfo {
    StoreInfo {
        name: "Toko Sembako Alpiant".into(),
        address: "Jl. Merdeka No. 17, Kel. Sukajadi\nBandung 40162".into(),
        phone: Some("0812-3456-7890".into()),
        npwp: Some("01.234.567.8-901.000".into()),
    }
}

pub fn line(name: &str, qty: u32, price: i64) -> ReceiptLine {
    ReceiptLine {
        name: name.into(),
        qty,
        unit_price: price,
        line_total: i64::from(qty) * price,
        details: Vec::new(),
    }
}

/// Paid 2026-11-26 07:05 UTC = 14:05 WIB.
pub fn cash_receipt() -> Receipt {
    Receipt {
        store: store(),
        order_number: "INV-20261126-0001".into(),
        paid_at: Utc.with_ymd_and_hms(2026, 11, 26, 7, 5, 0).unwrap(),
        timezone: "Asia/Jakarta".into(),
        cashier: Some("Budi".into()),
        lines: vec![
            line("Beras Pandan Wangi 5 kg", 1, 78_000),
            line("Minyak Goreng 2 L", 2, 36_500),
            line("Gula Pasir 1 kg", 3, 17_000),
        ],
        subtotal: 202_000,
        discounts: vec![Adjustment {
            label: "Diskon member".into(),
            amount: 2_000,
        }],
        taxes: vec![Adjustment {
            label: "PPN 11%".into(),
            amount: 22_000,
        }],
        total: 222_000,
        payment: Payment::Cash {
            tendered: 250_000,
            change: 28_000,
        },
        footer: vec![
            "Terima kasih atas kunjungan Anda".into(),
            "Barang yang sudah dibeli tidak dapat ditukar".into(),
        ],
        code: Some(OrderCode::Code128),
        copy: false,
        refunds: Vec::new(),
        header: Vec::new(),
        logo: None,
    }
}

pub fn qris_receipt() -> Receipt {
    Receipt {
        order_number: "INV-20261126-0002".into(),
        cashier: None,
        lines: vec![
            line("Kopi Susu Gula Aren", 2, 18_000),
            line("Roti Bakar Cokelat Keju", 1, 15_000),
        ],
        subtotal: 51_000,
        discounts: vec![],
        taxes: vec![],
        total: 51_000,
        payment: Payment::Qris {
            issuer: Some("GoPay".into()),
            gateway_ref: Some("QR-7f3a9c21-88b0-4d2e-9e55-0a1b2c3d4e5f".into()),
        },
        footer: vec!["Terima kasih".into()],
        code: Some(OrderCode::Qr),
        ..cash_receipt()
    }
}

pub fn profile(paper: PaperWidth) -> PrinterProfile {
    PrinterProfile::for_paper(paper)
}

/// Every printed line must fit the paper, and no raw UTF-8 may reach the printer.
pub fn assert_printable(bytes: &[u8], columns: usize) {
    let lines = decode_lines(bytes).expect("render output must decode");
    for l in &lines {
        assert!(
            l.columns <= columns,
            "line {:?} uses {} columns, paper has {}",
            l.text,
            l.columns,
            columns
        );
    }
    for (i, b) in bytes.iter().enumerate() {
        if *b >= 0x80 {
            // The only high bytes outside text are command parameters (e.g. drawer t2 = 0xFA);
            // those are also valid CP437 glyph bytes, so check every high byte the same way.
            assert!(
                kasir_printer::text::decode_byte(*b, kasir_printer::CodePage::Pc437).is_some(),
                "byte {b:#04X} at {i} is not a CP437 mapping this crate emits"
            );
        }
        assert!(
            !matches!(*b, 0xC2..=0xDF | 0xE2 | 0xF0),
            "byte {b:#04X} at {i} looks like a UTF-8 lead byte (Latin-1, punctuation or emoji)"
        );
    }
}

/// Compares the preview with `tests/snapshots/<name>.txt`; `UPDATE_SNAPSHOTS=1` rewrites it.
pub fn assert_snapshot(name: &str, bytes: &[u8], columns: usize) {
    let lines = preview_lines(bytes, columns).expect("render output must decode");
    let actual = format!("{}\n", lines.join("\n"));
    // The directory cargo runs the test in, not the one it was compiled in: a test binary
    // reused from another checkout of the same target dir must read this checkout's snapshots.
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let path = crate_dir
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {path:?}; run with UPDATE_SNAPSHOTS=1"));
    assert_eq!(
        actual, expected,
        "receipt preview for {name} changed; if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff"
    );
}

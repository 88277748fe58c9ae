//! End-to-end layout tests: render → decode, snapshots of 58/80 mm cash and QRIS receipts,
//! wrapping, many lines, odd characters, drawer and kanji bytes.

mod common;

use common::*;
use kasir_printer::decode::{decode, decode_text, Event};
use kasir_printer::escpos::{CANCEL_KANJI, DRAWER_PIN2, INIT, PARTIAL_CUT};
use kasir_printer::{render, test_page, PaperWidth, Payment, PrinterError, PrinterProfile};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

#[test]
fn snapshot_58mm_cash() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert_printable(&bytes, 32);
    assert_snapshot("cash_58mm", &bytes, 32);
}

#[test]
fn snapshot_80mm_cash() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm80)).expect("renders");
    assert_printable(&bytes, 48);
    assert_snapshot("cash_80mm", &bytes, 48);
}

#[test]
fn snapshot_58mm_qris() {
    let bytes = render(&qris_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert_printable(&bytes, 32);
    assert_snapshot("qris_58mm", &bytes, 32);
}

#[test]
fn snapshot_80mm_qris() {
    let bytes = render(&qris_receipt(), &profile(PaperWidth::Mm80)).expect("renders");
    assert_printable(&bytes, 48);
    assert_snapshot("qris_80mm", &bytes, 48);
}

#[test]
fn snapshot_42col_copy() {
    let mut r = cash_receipt();
    r.copy = true;
    let bytes = render(&r, &profile(PaperWidth::Columns42)).expect("renders");
    assert_printable(&bytes, 42);
    assert_snapshot("cash_42col_copy", &bytes, 42);
}

#[test]
fn starts_with_init_and_code_page_and_ends_with_feed_and_cut() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert_eq!(
        &bytes[..5],
        &[0x1B, 0x40, 0x1B, 0x74, 0x00],
        "ESC @ then ESC t 0 (PC437), no FS . unless cancel_kanji"
    );
    assert!(
        bytes.ends_with(&[0x1B, 0x64, 0x04, 0x1D, 0x56, 0x01]),
        "feed 4 lines then partial cut; no drawer pulse by default"
    );
}

#[test]
fn cancel_kanji_emits_fs_dot_right_after_init() {
    let p = PrinterProfile {
        cancel_kanji: true,
        ..profile(PaperWidth::Mm58)
    };
    let bytes = render(&cash_receipt(), &p).expect("renders");
    assert_eq!(
        &bytes[..4],
        &[INIT[0], INIT[1], CANCEL_KANJI[0], CANCEL_KANJI[1]]
    );
    let events = decode(&bytes).expect("decodes");
    assert_eq!(&events[..2], &[Event::Init, Event::CancelKanji]);
}

#[test]
fn no_cancel_kanji_by_default() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert!(!contains(&bytes, &CANCEL_KANJI), "FS . only when asked for");
}

#[test]
fn cash_sale_with_drawer_sends_full_pulse_bytes() {
    let p = PrinterProfile {
        open_drawer: true,
        ..profile(PaperWidth::Mm58)
    };
    let bytes = render(&cash_receipt(), &p).expect("renders");
    assert_eq!(DRAWER_PIN2, [0x1B, 0x70, 0x00, 0x19, 0xFA]);
    assert_eq!(
        count(&bytes, &[0x1B, 0x70]),
        1,
        "exactly one drawer command"
    );
    assert!(
        bytes.ends_with(&[0x1D, 0x56, 0x01, 0x1B, 0x70, 0x00, 0x19, 0xFA]),
        "cut then the complete ESC p 0 25 250 (with both pulse times)"
    );
    let events = decode(&bytes).expect("decodes");
    assert!(events.contains(&Event::Drawer {
        pin: 2,
        t1: 25,
        t2: 250
    }));
}

#[test]
fn qris_sale_never_opens_drawer() {
    let p = PrinterProfile {
        open_drawer: true,
        ..profile(PaperWidth::Mm80)
    };
    let bytes = render(&qris_receipt(), &p).expect("renders");
    assert!(
        !contains(&bytes, &[0x1B, 0x70]),
        "no ESC p for QRIS even with open_drawer"
    );
}

#[test]
fn cash_sale_without_drawer_flag_does_not_pulse() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm80)).expect("renders");
    assert!(!contains(&bytes, &[0x1B, 0x70]));
}

#[test]
fn no_cut_when_profile_says_so() {
    let p = PrinterProfile {
        cut: false,
        ..profile(PaperWidth::Mm58)
    };
    let bytes = render(&cash_receipt(), &p).expect("renders");
    assert!(!contains(&bytes, &PARTIAL_CUT));
    assert!(!decode(&bytes)
        .expect("decodes")
        .iter()
        .any(|e| matches!(e, Event::Cut { .. })));
}

#[test]
fn qr_is_model_2_with_order_number() {
    let bytes = render(&qris_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert!(
        contains(
            &bytes,
            &[0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        ),
        "GS ( k fn 165 selects model 2"
    );
    let mut store = vec![0x1D, 0x28, 0x6B, 20, 0x00, 0x31, 0x50, 0x30];
    store.extend_from_slice(b"INV-20261126-0002");
    assert!(
        contains(&bytes, &store),
        "GS ( k fn 180 stores the order number"
    );
    let events = decode(&bytes).expect("decodes");
    assert!(events.contains(&Event::Qr {
        data: "INV-20261126-0002".into()
    }));
}

#[test]
fn code128_barcode_of_order_number() {
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    let mut cmd = vec![0x1D, 0x6B, 73, 19, b'{', b'B'];
    cmd.extend_from_slice(b"INV-20261126-0001");
    assert!(contains(&bytes, &cmd), "GS k 73 with code set B");
    assert!(decode_text(&bytes)
        .expect("decodes")
        .contains(&"[BARCODE: INV-20261126-0001]".to_string()));
}

#[test]
fn code128_rejects_non_ascii_order_number() {
    let mut r = cash_receipt();
    r.order_number = "INV–ü1".into();
    let err = render(&r, &profile(PaperWidth::Mm58)).expect_err("CODE128 needs ASCII");
    assert_eq!(err.kind().as_str(), "invalid_receipt");
}

#[test]
fn paid_time_is_printed_in_shop_timezone() {
    let text = decode_text(&render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("ok"))
        .expect("decodes");
    assert!(
        text.contains(&"Tgl  : 26/11/2026 14:05 WIB".to_string()),
        "{text:#?}"
    );

    for (tz, expected) in [
        ("Asia/Makassar", "26/11/2026 15:05 WITA"),
        ("Asia/Jayapura", "26/11/2026 16:05 WIT"),
    ] {
        let mut r = cash_receipt();
        r.timezone = tz.into();
        let text =
            decode_text(&render(&r, &profile(PaperWidth::Mm58)).expect("ok")).expect("decodes");
        assert!(
            text.contains(&format!("Tgl  : {expected}")),
            "{tz}: {text:#?}"
        );
    }
}

#[test]
fn unknown_timezone_is_invalid_receipt() {
    let mut r = cash_receipt();
    r.timezone = "Mars/Olympus".into();
    let err = render(&r, &profile(PaperWidth::Mm58)).expect_err("unknown tz");
    assert!(matches!(err, PrinterError::InvalidReceipt(_)));
    assert_eq!(err.kind().as_str(), "invalid_receipt");
}

#[test]
fn empty_order_number_is_invalid_receipt() {
    let mut r = cash_receipt();
    r.order_number = "  ".into();
    assert!(matches!(
        render(&r, &profile(PaperWidth::Mm58)),
        Err(PrinterError::InvalidReceipt(_))
    ));
}

#[test]
fn long_item_names_wrap_within_the_paper() {
    let mut r = cash_receipt();
    r.lines = vec![line(
        "Paket Hampers Lebaran Premium Isi Kue Kering Nastar Kastengel Putri Salju dan Sirup Markisa",
        1,
        1_250_000,
    ),
    line("SuperkalifragilistikekspialidosisTanpaSpasiSamaSekali", 12, 999_999_999)];
    r.code = None;
    for (paper, cols) in [
        (PaperWidth::Mm58, 32),
        (PaperWidth::Mm80, 48),
        (PaperWidth::Columns42, 42),
    ] {
        let bytes = render(&r, &profile(paper)).expect("renders");
        assert_printable(&bytes, cols);
        let text = decode_text(&bytes).expect("decodes");
        let joined = text.join(" ");
        assert!(joined.contains("Nastar"), "name must be printed in full");
        assert!(
            text.iter().any(|l| l.ends_with("Rp 1.250.000")),
            "line total right-aligned: {text:#?}"
        );
        assert!(
            text.iter().any(|l| l.ends_with("Rp 11.999.999.988")),
            "big line total still printed: {text:#?}"
        );
    }
}

#[test]
fn hundred_lines_render_and_fit() {
    let mut r = cash_receipt();
    r.lines = (1..=100)
        .map(|i| {
            line(
                &format!("Barang nomor {i} dengan nama cukup panjang"),
                i,
                1_000 * i64::from(i),
            )
        })
        .collect();
    for (paper, cols) in [(PaperWidth::Mm58, 32), (PaperWidth::Mm80, 48)] {
        let bytes = render(&r, &profile(paper)).expect("renders");
        assert_printable(&bytes, cols);
        let text = decode_text(&bytes).expect("decodes");
        let qty_lines = text
            .iter()
            .filter(|l| l.trim_start().contains(" x Rp "))
            .count();
        assert_eq!(qty_lines, 100, "one qty line per item");
        assert!(text.iter().any(|l| l.contains("100 x Rp 100.000")));
    }
}

#[test]
fn indonesian_and_odd_characters_are_transliterated() {
    let mut r = cash_receipt();
    r.store.name = "Warung “Bu Tini” — Café & Résto".into();
    r.cashier = Some("Siti Nurhaliza ✓".into());
    r.lines = vec![
        line("Kue lapis legit ½ loyang – spesial…", 1, 85_000),
        line("Es teh manis 🍹 jumbo", 2, 5_000),
        line("Jus jeruk Ñ ü ß 日本", 1, 12_000),
    ];
    r.footer = vec!["Terima kasih 🙏 — sampai jumpa!".into()];
    r.code = None;
    for (paper, cols) in [(PaperWidth::Mm58, 32), (PaperWidth::Mm80, 48)] {
        let bytes = render(&r, &profile(paper)).expect("renders");
        assert_printable(&bytes, cols);
        assert!(contains(&bytes, b"Caf\x82"), "é is CP437 0x82");
        let text = decode_text(&bytes).expect("decodes").join("\n");
        assert!(
            text.contains("\"Bu Tini\""),
            "curly quotes fold to ASCII: {text}"
        );
        assert!(text.contains("Café & Résto"), "{text}");
        assert!(text.contains("spesial..."), "ellipsis folds: {text}");
        assert!(
            text.contains("Es teh manis ? jumbo"),
            "emoji becomes '?': {text}"
        );
        assert!(text.contains("Jus jeruk Ñ ü ß ??"), "{text}");
        assert!(!text.contains('—') && !text.contains('“'), "{text}");
    }
}

#[test]
fn salinan_is_printed_for_copies() {
    let mut r = qris_receipt();
    r.copy = true;
    let bytes = render(&r, &profile(PaperWidth::Mm58)).expect("renders");
    assert_printable(&bytes, 32);
    let lines = kasir_printer::decode::decode_lines(&bytes).expect("decodes");
    let salinan: Vec<_> = lines.iter().filter(|l| l.text == "SALINAN").collect();
    assert_eq!(salinan.len(), 2, "SALINAN at top and bottom");
    assert!(
        salinan
            .iter()
            .all(|l| l.bold && l.height == 2 && l.columns == 14),
        "SALINAN is bold and double size"
    );
    let original = render(&qris_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    assert!(!decode_text(&original)
        .expect("decodes")
        .iter()
        .any(|l| l.contains("SALINAN")));
}

#[test]
fn discounts_print_negative_and_payment_labels() {
    let text = decode_text(&render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("ok"))
        .expect("decodes");
    let find = |label: &str| {
        text.iter()
            .find(|l| l.starts_with(label))
            .cloned()
            .unwrap_or_else(|| panic!("no line starting with {label}: {text:#?}"))
    };
    assert!(find("Diskon member").ends_with("-Rp 2.000"));
    assert!(find("PPN 11%").ends_with("Rp 22.000"));
    assert!(find("TOTAL").ends_with("Rp 222.000"));
    assert!(find("Pembayaran").ends_with("Tunai"));
    assert!(find("Dibayar").ends_with("Rp 250.000"));
    assert!(find("Kembalian").ends_with("Rp 28.000"));

    let q = decode_text(&render(&qris_receipt(), &profile(PaperWidth::Mm58)).expect("ok"))
        .expect("decodes");
    assert!(q
        .iter()
        .any(|l| l.starts_with("Pembayaran") && l.ends_with("QRIS (GoPay)")));
    assert!(q.iter().any(|l| l.starts_with("Ref: QR-7f3a9c21")));
    assert!(!q.iter().any(|l| l.starts_with("Kembalian")));
}

#[test]
fn qris_without_issuer_or_ref() {
    let mut r = qris_receipt();
    r.payment = Payment::Qris {
        issuer: None,
        gateway_ref: None,
    };
    let q = decode_text(&render(&r, &profile(PaperWidth::Mm58)).expect("ok")).expect("decodes");
    assert!(q
        .iter()
        .any(|l| l.starts_with("Pembayaran") && l.ends_with("QRIS")));
    assert!(!q.iter().any(|l| l.starts_with("Ref:")));
}

#[test]
fn test_page_decodes_and_fits() {
    for (paper, cols) in [
        (PaperWidth::Mm58, 32),
        (PaperWidth::Mm80, 48),
        (PaperWidth::Columns42, 42),
    ] {
        let p = PrinterProfile {
            cancel_kanji: true,
            open_drawer: true,
            ..profile(paper)
        };
        let bytes = test_page(&p);
        assert_printable(&bytes, cols);
        assert!(bytes.starts_with(&[0x1B, 0x40, 0x1C, 0x2E]));
        assert!(
            !contains(&bytes, &[0x1B, 0x70]),
            "test page never opens the drawer"
        );
        let text = decode_text(&bytes).expect("decodes");
        assert_eq!(text[0], "CETAK TES");
        assert!(
            text.iter()
                .any(|l| l.len() == cols && l.starts_with("1234567890")),
            "ruler spans the paper"
        );
    }
}

/// The commands of the receipt are escpos' own output: the QR block equals what
/// `escpos::printer::Printer::qrcode_option` (Model 2, level M) generates, and the document
/// starts with escpos' `init()` and `page_code()` bytes.
#[test]
fn qr_and_header_bytes_come_from_escpos() {
    use escpos::printer::Printer;
    use escpos::utils::{PageCode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption};
    use kasir_printer::escpos::MemoryDriver;

    fn escpos_bytes(f: impl FnOnce(&mut Printer<MemoryDriver>)) -> Vec<u8> {
        let out = MemoryDriver::new();
        let mut p = Printer::new(out.clone(), Protocol::default(), None);
        f(&mut p);
        p.print().expect("flush");
        out.take()
    }

    for (paper, module) in [(PaperWidth::Mm58, 5), (PaperWidth::Mm80, 6)] {
        let bytes = render(&qris_receipt(), &profile(paper)).expect("renders");
        let qr = escpos_bytes(|p| {
            p.qrcode_option(
                "INV-20261126-0002",
                QRCodeOption::new(QRCodeModel::Model2, module, QRCodeCorrectionLevel::M),
            )
            .expect("qr");
        });
        assert_eq!(
            qr.len(),
            9 + 8 + 8 + 8 + 17 + 8,
            "model, size, level, store, print"
        );
        assert!(
            contains(&bytes, &qr),
            "{paper:?}: QR block is escpos' output"
        );
    }

    for (cp, page) in [
        (kasir_printer::CodePage::Pc437, PageCode::PC437),
        (kasir_printer::CodePage::Pc850, PageCode::PC850),
    ] {
        let p = PrinterProfile {
            code_page: cp,
            ..profile(PaperWidth::Mm58)
        };
        let bytes = render(&cash_receipt(), &p).expect("renders");
        let mut head = escpos_bytes(|p| {
            p.init().expect("init");
        });
        head.extend(escpos_bytes(|p| {
            p.page_code(page).expect("page code");
        }));
        assert_eq!(head, [0x1B, 0x40, 0x1B, 0x74, cp.esc_t()]);
        assert!(bytes.starts_with(&head), "{cp:?}");
    }
}

/// PC850: `ESC t 2`, ASCII stays ASCII (separators are 0x2D, not escpos' PC850 table entry
/// 0xF0), PC850-only letters use their PC850 byte, and the receipt decodes and fits.
#[test]
fn pc850_receipt_keeps_ascii_and_uses_pc850_bytes() {
    let p = PrinterProfile {
        code_page: kasir_printer::CodePage::Pc850,
        ..profile(PaperWidth::Mm58)
    };
    let mut r = cash_receipt();
    r.store.address = "Jl. Søndergade 5".into();
    let bytes = render(&r, &p).expect("renders");
    assert!(bytes.starts_with(&[0x1B, 0x40, 0x1B, 0x74, 0x02]));
    assert!(!bytes.contains(&0xF0), "no soft hyphen instead of '-'");
    assert!(contains(&bytes, &[b'-'; 32]), "separator of ASCII '-'");
    assert!(contains(&bytes, b"S\x9Bndergade"), "ø is PC850 0x9B");
    let lines = kasir_printer::decode::decode_lines(&bytes).expect("decodes");
    assert!(lines.iter().all(|l| l.columns <= 32));
    let text = decode_text(&bytes).expect("decodes");
    assert!(text.iter().any(|l| l == "Jl. Søndergade 5"), "{text:#?}");
    assert!(text.iter().any(|l| l.ends_with("-Rp 2.000")), "{text:#?}");
}

//! Kitchen/bar tickets: render → decode. Large type for the table and each `qty x name`, options
//! and notes indented under their line, the TAMBAHAN banner, every line within the paper, no
//! prices and never the drawer.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use kasir_printer::decode::{decode_lines, decode_text};
use kasir_printer::escpos::{DRAWER_PIN2, PARTIAL_CUT};
use kasir_printer::{render_ticket, PaperWidth, PrinterError, Ticket, TicketLine};

fn ticket() -> Ticket {
    Ticket {
        station: "Dapur".into(),
        title: "Meja 4".into(),
        banner: None,
        // 07:05 UTC = 14:05 WIB.
        at: Utc
            .with_ymd_and_hms(2026, 11, 26, 7, 5, 0)
            .single()
            .expect("time"),
        timezone: "Asia/Jakarta".into(),
        cashier: Some("Rina".into()),
        details: Vec::new(),
        lines: vec![
            TicketLine {
                qty: 2,
                name: "Nasi Goreng Spesial Pakai Telur Ceplok".into(),
                options: vec!["Level: Pedas sekali".into()],
                note: Some("tanpa bawang".into()),
            },
            TicketLine {
                qty: 1,
                name: "Mie Ayam".into(),
                options: Vec::new(),
                note: None,
            },
        ],
    }
}

#[test]
fn snapshot_58mm_ticket() {
    let bytes = render_ticket(&ticket(), &profile(PaperWidth::Mm58)).expect("renders");
    assert_printable(&bytes, 32);
    assert_snapshot("ticket_58mm", &bytes, 32);
}

#[test]
fn snapshot_80mm_addition() {
    let mut t = ticket();
    t.station = "Bar".into();
    t.banner = Some("TAMBAHAN".into());
    t.lines = vec![TicketLine {
        qty: 3,
        name: "Es Teh Manis".into(),
        options: vec!["Ukuran: Large".into(), "Tambahan: Extra shot".into()],
        note: Some("es sedikit".into()),
    }];
    let bytes = render_ticket(&t, &profile(PaperWidth::Mm80)).expect("renders");
    assert_printable(&bytes, 48);
    assert_snapshot("ticket_80mm_addition", &bytes, 48);
}

#[test]
fn the_table_and_each_item_are_bold_double_size_and_their_options_normal_under_them() {
    let bytes = render_ticket(&ticket(), &profile(PaperWidth::Mm58)).expect("renders");
    let lines = decode_lines(&bytes).expect("decodes");
    let find = |text: &str| {
        lines
            .iter()
            .find(|l| l.text == text)
            .unwrap_or_else(|| panic!("{text:?} not printed in {lines:#?}"))
    };
    let title = find("Meja 4");
    assert!(
        title.bold && title.width == 2 && title.height == 2,
        "{title:?}"
    );
    // 16 double-width characters per line on 58 mm: the long name wraps under itself.
    let first = find("2 x Nasi Goreng");
    assert!(
        first.bold && first.width == 2 && first.height == 2,
        "{first:?}"
    );
    find("    Spesial");
    find("    Pakai Telur");
    find("    Ceplok");
    let option = find("   - Level: Pedas sekali");
    assert_eq!(
        (option.width, option.height),
        (1, 1),
        "options in normal type"
    );
    let note = find("   Catatan: tanpa bawang");
    assert!(note.bold && note.width == 1, "{note:?}");
    find("1 x Mie Ayam");
    assert!(
        lines
            .iter()
            .any(|l| l.text.starts_with("Waktu ") && l.text.ends_with(" 26/11/2026 14:05 WIB")),
        "the local time it was rung up"
    );
    find("3 item");
    let text = decode_text(&bytes).expect("decodes").join("\n");
    assert!(
        !text.contains("Rp"),
        "no prices on a kitchen ticket:\n{text}"
    );
    assert!(!text.contains("TAMBAHAN"), "a first send has no banner");
    assert!(
        bytes.ends_with(&PARTIAL_CUT),
        "cut at the end, never the drawer"
    );
    assert!(!bytes.windows(DRAWER_PIN2.len()).any(|w| w == DRAWER_PIN2));
}

#[test]
fn a_long_order_number_keeps_one_line_at_double_height() {
    let mut t = ticket();
    t.title = "INV-20261126-0001".into();
    let bytes = render_ticket(&t, &profile(PaperWidth::Mm58)).expect("renders");
    assert_printable(&bytes, 32);
    let lines = decode_lines(&bytes).expect("decodes");
    let title = lines
        .iter()
        .find(|l| l.text == "INV-20261126-0001")
        .expect("the whole number on one line");
    assert_eq!((title.width, title.height), (1, 2), "{title:?}");
}

#[test]
fn a_ticket_without_lines_or_title_is_refused() {
    let mut t = ticket();
    t.lines.clear();
    assert!(matches!(
        render_ticket(&t, &profile(PaperWidth::Mm58)),
        Err(PrinterError::InvalidReceipt(_))
    ));
    let mut t = ticket();
    t.title = "  ".into();
    assert!(matches!(
        render_ticket(&t, &profile(PaperWidth::Mm58)),
        Err(PrinterError::InvalidReceipt(_))
    ));
}

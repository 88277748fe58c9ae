//! The receipt logo and the digital receipt, end to end: the logo's `GS v 0` bytes decode back
//! to the dithered bitmap; the PNG and PDF drawn from the printer bytes carry exactly the
//! printed lines; their QR / CODE128 scans back (zbarimg, pdftoppm, pdftotext from
//! poppler-utils and zbar-tools, installed by setup) to the order number.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use kasir_printer::decode::{decode, decode_text, Event};
use kasir_printer::digital::{to_pdf, to_png, Page};
use kasir_printer::raster::{logo_from_bytes, Raster};
use kasir_printer::{render, PaperWidth, Receipt};

/// A logo with structure in both directions: a frame, a diagonal and a gray gradient.
fn logo_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(300, 100, |x, y| {
        let frame = x < 6 || y < 6 || x >= 294 || y >= 94;
        let diagonal = (x / 3).abs_diff(y) < 3;
        let v = if frame || diagonal {
            0
        } else {
            (x * 255 / 300) as u8
        };
        image::Rgba([v, v, v, 255])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

fn with_logo(mut r: Receipt, paper: PaperWidth) -> Receipt {
    r.logo = Some(logo_from_bytes(&logo_png(), paper.dots()).expect("logo"));
    r.header = vec!["Buka 07.00-22.00".into()];
    r.footer.push("Wi-Fi: warung123".into());
    r.footer.push("IG @toko.alpiant".into());
    r
}

fn text_lines(bytes: &[u8]) -> Vec<String> {
    decode(bytes)
        .expect("decodes")
        .into_iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (setup.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn scan(png: &Path) -> String {
    tool("zbarimg", &["--quiet", "--raw", &png.display().to_string()])
        .trim()
        .to_string()
}

#[test]
fn the_logo_raster_bytes_decode_to_the_expected_bitmap() {
    for paper in [PaperWidth::Mm58, PaperWidth::Mm80, PaperWidth::Columns42] {
        let receipt = with_logo(cash_receipt(), paper);
        let logo = receipt.logo.clone().expect("logo");
        assert_eq!(logo.width(), paper.dots(), "a wide logo fills the paper");
        assert_eq!(logo.height(), paper.dots().div_ceil(3), "aspect 3:1 kept");
        let bytes = render(&receipt, &profile(paper)).expect("renders");
        // (Not `assert_printable`: raster data is any byte, not code-page text.)
        for l in kasir_printer::decode::decode_lines(&bytes).expect("decodes") {
            assert!(l.columns <= paper.columns(), "{l:?} fits");
        }
        let events = decode(&bytes).expect("the project decoder reads GS v 0");
        let rasters: Vec<&Event> = events
            .iter()
            .filter(|e| matches!(e, Event::Raster { .. }))
            .collect();
        assert_eq!(rasters.len(), 1, "one logo per receipt");
        let Event::Raster {
            width,
            height,
            bits,
            mode,
        } = rasters[0]
        else {
            unreachable!()
        };
        assert_eq!(*mode, 0, "normal density");
        let decoded = Raster::new(*width, *height, bits.clone()).expect("whole rows");
        assert_eq!(
            decoded,
            logo.centred(paper.dots()).expect("fits"),
            "{paper:?}: the printed dots are the stored bitmap, dot for dot"
        );
        // The logo comes first: right after ESC @ and ESC t, before the shop name.
        let first_text = events.iter().position(|e| matches!(e, Event::Text(_)));
        let raster_at = events
            .iter()
            .position(|e| matches!(e, Event::Raster { .. }));
        assert!(raster_at < first_text, "logo above the shop name");
    }
}

#[test]
fn a_narrow_logo_is_centred_with_white_on_both_sides() {
    let tall = Raster::from_fn(100, 40, |x, y| (x + y) % 2 == 0);
    let mut r = cash_receipt();
    r.logo = Some(tall.clone());
    let bytes = render(&r, &profile(PaperWidth::Mm58)).expect("renders");
    let raster = decode(&bytes)
        .expect("decodes")
        .into_iter()
        .find_map(|e| match e {
            Event::Raster {
                width,
                height,
                bits,
                ..
            } => Some(Raster::new(width, height, bits).expect("raster")),
            _ => None,
        })
        .expect("logo printed");
    assert_eq!(raster.width(), 384);
    for y in 0..40 {
        for x in 0..384 {
            let expected = (142..242).contains(&x) && tall.is_black(x - 142, y);
            assert_eq!(raster.is_black(x, y), expected, "dot ({x},{y})");
        }
    }
}

#[test]
fn header_lines_are_centred_and_footer_lines_printed_on_the_receipt() {
    let bytes = render(
        &with_logo(qris_receipt(), PaperWidth::Mm58),
        &profile(PaperWidth::Mm58),
    )
    .expect("renders");
    let lines = kasir_printer::decode::decode_lines(&bytes).expect("decodes");
    for wanted in ["Buka 07.00-22.00", "Wi-Fi: warung123", "IG @toko.alpiant"] {
        let l = lines
            .iter()
            .find(|l| l.text == wanted)
            .unwrap_or_else(|| panic!("{wanted} missing: {lines:#?}"));
        assert_eq!(
            l.align,
            kasir_printer::escpos::Align::Center,
            "{wanted} centred"
        );
    }
}

#[test]
fn the_digital_receipt_has_the_printed_text_and_its_code_scans_to_the_order_number() {
    let dir = tempfile::tempdir().expect("dir");
    for (name, receipt, paper) in [
        ("qr58", qris_receipt(), PaperWidth::Mm58),
        ("qr80", qris_receipt(), PaperWidth::Mm80),
        ("code128_58", cash_receipt(), PaperWidth::Mm58),
        ("code128_80", cash_receipt(), PaperWidth::Mm80),
        ("code128_42", cash_receipt(), PaperWidth::Columns42),
    ] {
        let receipt = with_logo(receipt, paper);
        let bytes = render(&receipt, &profile(paper)).expect("renders");
        let printed = text_lines(&bytes);
        assert!(printed.iter().any(|l| l == "Wi-Fi: warung123"));
        let page = Page::from_escpos(&bytes, paper).expect("page");
        assert_eq!(page.text_lines(), printed, "{name}: page lines");

        // PNG: same lines, paper-wide, code scans.
        let png = to_png(&page).expect("png");
        assert_eq!(
            png.lines, printed,
            "{name}: the PNG lays out exactly the printed lines"
        );
        let img = image::load_from_memory(&png.bytes)
            .expect("a readable PNG")
            .to_luma8();
        assert_eq!(img.width(), paper.dots(), "{name}: paper dot width");
        let logo = receipt.logo.as_ref().expect("logo");
        let logo_top = 24;
        for (x, y) in [(0, 0), (3, 3), (50, 20), (logo.width() - 1, 10)] {
            assert_eq!(
                img.get_pixel(x, logo_top + y).0[0] == 0,
                logo.is_black(x, y),
                "{name}: logo dot ({x},{y}) drawn as printed"
            );
        }
        let png_path = dir.path().join(format!("{name}.png"));
        std::fs::write(&png_path, &png.bytes).expect("write png");
        assert_eq!(
            scan(&png_path),
            receipt.order_number,
            "{name}: the PNG's code scans to the order number"
        );

        // PDF: same lines (pdftotext), rendered page scans too.
        let pdf = to_pdf(&page).expect("pdf");
        assert_eq!(
            pdf.lines, printed,
            "{name}: the PDF lays out the printed lines"
        );
        let pdf_path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&pdf_path, &pdf.bytes).expect("write pdf");
        let extracted = tool(
            "pdftotext",
            &["-layout", &pdf_path.display().to_string(), "-"],
        );
        // pdftotext re-derives the spaces between words from glyph positions (its own
        // grid), so runs of spaces are compared as one; every other character must match.
        let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let got: Vec<String> = extracted
            .lines()
            .map(words)
            .filter(|l| !l.is_empty())
            .collect();
        let mut expected: Vec<String> = printed
            .iter()
            .map(|l| words(l))
            .filter(|l| !l.is_empty())
            .collect();
        if receipt.code == Some(kasir_printer::OrderCode::Code128) {
            // The barcode's human-readable line, as the printer prints it under the bars.
            expected.push(receipt.order_number.clone());
        }
        assert_eq!(got, expected, "{name}: pdftotext reads the printed lines");
        let prefix = dir.path().join(format!("{name}-page"));
        tool(
            "pdftoppm",
            &[
                "-r",
                "300",
                "-png",
                "-singlefile",
                &pdf_path.display().to_string(),
                &prefix.display().to_string(),
            ],
        );
        assert_eq!(
            scan(&dir.path().join(format!("{name}-page.png"))),
            receipt.order_number,
            "{name}: the PDF's code scans to the order number"
        );
    }
}

#[test]
fn double_size_and_copy_marks_reach_the_digital_receipt() {
    let mut r = cash_receipt();
    r.copy = true;
    let bytes = render(&r, &profile(PaperWidth::Mm58)).expect("renders");
    let page = Page::from_escpos(&bytes, PaperWidth::Mm58).expect("page");
    let layout = page.layout().expect("layout");
    let salinan = layout
        .items
        .iter()
        .find_map(|i| match i {
            kasir_printer::digital::Placed::Text { x, line, .. } if line.text == "SALINAN" => {
                Some((*x, line.clone()))
            }
            _ => None,
        })
        .expect("SALINAN on the digital copy");
    assert_eq!((salinan.1.width, salinan.1.height), (2, 2));
    assert!(salinan.1.bold);
    assert_eq!(salinan.0, (384 - 7 * 24) / 2, "double width centred");
    assert_eq!(
        page.text_lines(),
        decode_text(&bytes)
            .expect("decodes")
            .into_iter()
            .filter(|l| !l.starts_with("[BARCODE"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn only_the_first_receipt_of_a_job_with_copies_is_drawn() {
    let one = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    let mut two = one.clone();
    two.extend_from_slice(&one);
    let page = Page::from_escpos(&two, PaperWidth::Mm58).expect("page");
    assert_eq!(page.text_lines(), text_lines(&one));
}

#[test]
fn a_code128_too_wide_at_two_dots_prints_at_one_on_58mm() {
    // 17 characters: 222 modules + 20 quiet = 484 dots at width 2, wider than 384.
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm58)).expect("renders");
    let events = decode(&bytes).expect("decodes");
    assert!(events.contains(&Event::Setting {
        name: "GS w",
        value: 1
    }));
    let bytes = render(&cash_receipt(), &profile(PaperWidth::Mm80)).expect("renders");
    assert!(decode(&bytes).expect("decodes").contains(&Event::Setting {
        name: "GS w",
        value: 2
    }));
}

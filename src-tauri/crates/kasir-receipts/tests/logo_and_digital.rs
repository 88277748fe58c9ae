//! The receipt logo from the owner's file to paper, the field toggles, and "Simpan Struk":
//! the previewed logo is the printed one dot for dot, a bad file changes nothing, hidden
//! fields are not printed, and the digital receipt (PNG, PDF in a folder, never overwriting)
//! carries the printed text and a code that scans back to the order number.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use base64::Engine as _;
use chrono::Utc;
use kasir_core::{CartLineInput, PayCashRequest, Store};
use kasir_printer::decode::{decode, decode_text, Event};
use kasir_printer::Raster;
use kasir_receipts::{DigitalReceiptFormat, PaperChoice, PreviewRequest, PrintService};

fn store() -> Arc<Store> {
    let store = Store::open_in_memory().expect("store");
    store.seed_demo_if_empty(Utc::now()).expect("seed");
    kasir_core::testing::open_till(&store, Utc::now());
    Arc::new(store)
}

fn service(store: &Arc<Store>) -> PrintService {
    PrintService::new(store.clone(), Arc::new(Utc::now))
}

fn cash_sale(store: &Store) -> kasir_core::Order {
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
        .expect("cash sale")
}

fn logo_file(dir: &Path) -> std::path::PathBuf {
    let img = image::RgbaImage::from_fn(400, 200, |x, y| {
        let dark = (x / 20 + y / 20) % 2 == 0 || x < 8;
        let v = if dark { 20 } else { 235 };
        image::Rgba([v, v / 2, v, 255])
    });
    let path = dir.join("logo toko é.jpg");
    img.save_with_format(&path, image::ImageFormat::Png)
        .expect("write");
    path
}

fn raster_of_data_url(url: &str) -> Raster {
    let b64 = url
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");
    Raster::from_png(&png).expect("PNG")
}

fn printed_raster(bytes: &[u8]) -> Option<Raster> {
    decode(bytes)
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
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (setup.sh installs it): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {:?}", out);
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn the_previewed_logo_is_the_printed_logo_on_every_paper_width() {
    let store = store();
    let svc = service(&store);
    let dir = tempfile::tempdir().expect("dir");
    let logo = svc.set_logo(&logo_file(dir.path())).expect("set logo");
    assert_eq!(
        (logo.width, logo.height),
        (384, 192),
        "58 mm: paper wide, aspect kept"
    );
    assert_eq!(svc.logo().expect("get"), Some(logo.clone()));

    let preview = svc.preview(&PreviewRequest::default()).expect("preview");
    assert_eq!(
        preview.logo_data_url.as_deref(),
        Some(logo.data_url.as_str()),
        "the preview shows the stored bitmap"
    );
    let order = cash_sale(&store);
    let settings = svc.settings().expect("settings");
    let bytes = kasir_receipts::job_bytes(&store, order.id, &settings, false).expect("bytes");
    let previewed = raster_of_data_url(&logo.data_url);
    assert_eq!(
        printed_raster(&bytes),
        Some(previewed.centred(384).expect("fits")),
        "the printer gets exactly the previewed dots"
    );

    // 80 mm: the bitmap fitted when the logo was picked for that width; no new pick.
    let mut s = settings.clone();
    s.paper = PaperChoice::Mm80;
    svc.save_settings(&s).expect("save");
    let wide = svc.logo().expect("get").expect("still a logo");
    assert_eq!(
        (wide.width, wide.height),
        (480, 240),
        "80 mm: capped at 240 dots tall, aspect kept"
    );
    let bytes = kasir_receipts::job_bytes(&store, order.id, &s, false).expect("bytes");
    assert_eq!(
        printed_raster(&bytes),
        Some(
            raster_of_data_url(&wide.data_url)
                .centred(576)
                .expect("fits")
        )
    );

    svc.remove_logo().expect("remove");
    assert_eq!(svc.logo().expect("get"), None);
    let bytes = kasir_receipts::job_bytes(&store, order.id, &s, false).expect("bytes");
    assert_eq!(printed_raster(&bytes), None, "no logo after removing it");
    assert_eq!(
        svc.preview(&PreviewRequest::default())
            .expect("preview")
            .logo_data_url,
        None
    );
}

#[test]
fn a_file_that_is_not_an_image_or_is_fifty_megabytes_changes_nothing() {
    let store = store();
    let svc = service(&store);
    let dir = tempfile::tempdir().expect("dir");
    let good = svc.set_logo(&logo_file(dir.path())).expect("set logo");

    let text = dir.path().join("catatan.png");
    std::fs::write(&text, "ini bukan gambar").expect("write");
    let err = svc.set_logo(&text).expect_err("not an image");
    assert_eq!(err.kind().as_str(), "validation");
    assert!(
        err.message_id().contains("bukan gambar PNG atau JPEG"),
        "{}",
        err.message_id()
    );

    let huge = dir.path().join("besar.jpg");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(50 * 1024 * 1024))
        .expect("50 MB file");
    let err = svc.set_logo(&huge).expect_err("too large");
    assert_eq!(err.kind().as_str(), "validation");
    assert!(
        err.message_id().contains("maksimal 10 MB"),
        "{}",
        err.message_id()
    );

    let missing = svc
        .set_logo(&dir.path().join("hilang.png"))
        .expect_err("missing");
    assert_eq!(missing.kind().as_str(), "validation");
    assert_eq!(
        svc.logo().expect("get"),
        Some(good),
        "a refused file leaves the stored logo as it was"
    );
}

#[test]
fn hidden_fields_are_not_printed_and_header_lines_are() {
    let store = store();
    let svc = service(&store);
    let mut s = svc.settings().expect("settings");
    s.store_name = "Warung Bu Sri".into();
    s.store_address = "Jl. Kenanga 5".into();
    s.store_phone = "0812-1111-2222".into();
    s.store_npwp = "01.234.567.8-901.000".into();
    s.header_text = "Buka setiap hari\nHalal".into();
    s.footer_text = "Wi-Fi: sri12345\nIG @warungbusri".into();
    let s = svc.save_settings(&s).expect("save");
    let order = cash_sale(&store);
    let all = decode_text(&kasir_receipts::job_bytes(&store, order.id, &s, false).expect("bytes"))
        .expect("decodes")
        .join("\n");
    for shown in [
        "Jl. Kenanga 5",
        "Telp: 0812-1111-2222",
        "NPWP: 01.234.567.8-901.000",
        "Kasir: ",
        "Buka setiap hari",
        "Halal",
        "Wi-Fi: sri12345",
        "IG @warungbusri",
    ] {
        assert!(all.contains(shown), "{shown} printed by default:\n{all}");
    }
    let mut hidden = s.clone();
    hidden.show_address = false;
    hidden.show_phone = false;
    hidden.show_npwp = false;
    hidden.show_cashier = false;
    let hidden = svc.save_settings(&hidden).expect("save");
    let text =
        decode_text(&kasir_receipts::job_bytes(&store, order.id, &hidden, false).expect("bytes"))
            .expect("decodes")
            .join("\n");
    for gone in ["Jl. Kenanga 5", "Telp:", "NPWP:", "Kasir:"] {
        assert!(!text.contains(gone), "{gone} hidden:\n{text}");
    }
    for kept in ["Warung Bu Sri", "Buka setiap hari", "Wi-Fi: sri12345"] {
        assert!(text.contains(kept), "{kept} still printed:\n{text}");
    }
}

#[test]
fn the_saved_digital_receipt_has_the_printed_text_scans_and_never_overwrites() {
    let store = store();
    let svc = service(&store);
    let dir = tempfile::tempdir().expect("dir");
    svc.set_logo(&logo_file(dir.path())).expect("logo");
    let mut s = svc.settings().expect("settings");
    s.store_name = "Warung Bu Sri".into();
    s.footer_text = "Terima kasih\nWi-Fi: sri12345".into();
    let s = svc.save_settings(&s).expect("save");
    let order = cash_sale(&store);
    let out = dir.path().join("Unduhan");

    let png = svc
        .save_digital_receipt(order.id, DigitalReceiptFormat::Png, &out)
        .expect("png");
    assert_eq!(
        Path::new(&png.path),
        out.join(format!("struk-{}.png", order.number))
    );
    let again = svc
        .save_digital_receipt(order.id, DigitalReceiptFormat::Png, &out)
        .expect("png again");
    assert_eq!(
        Path::new(&again.path),
        out.join(format!("struk-{} (2).png", order.number)),
        "an earlier receipt file is never overwritten"
    );
    let img = image::open(&png.path).expect("a readable PNG").to_luma8();
    assert_eq!(img.width(), 384, "58 mm paper: 384 dots");
    assert_eq!(
        tool("zbarimg", &["--quiet", "--raw", &png.path]).trim(),
        order.number,
        "the PNG's QR scans to the order number"
    );

    let pdf = svc
        .save_digital_receipt(order.id, DigitalReceiptFormat::Pdf, &out)
        .expect("pdf");
    assert!(pdf.path.ends_with(&format!("struk-{}.pdf", order.number)));
    let (_, bytes) = kasir_receipts::digital_receipt_bytes(&store, order.id, &s).expect("bytes");
    let printed: Vec<String> = decode(&bytes)
        .expect("decodes")
        .into_iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.split_whitespace().collect::<Vec<_>>().join(" ")),
            _ => None,
        })
        .filter(|l| !l.is_empty())
        .collect();
    let extracted: Vec<String> = tool("pdftotext", &["-layout", &pdf.path, "-"])
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(extracted, printed, "the PDF's text is the printed text");
    assert!(
        printed.iter().any(|l| l == "Wi-Fi: sri12345"),
        "footer on it"
    );
    let page = dir.path().join("halaman");
    tool(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-png",
            "-singlefile",
            &pdf.path,
            &page.display().to_string(),
        ],
    );
    assert_eq!(
        tool(
            "zbarimg",
            &["--quiet", "--raw", &format!("{}.png", page.display())]
        )
        .trim(),
        order.number,
        "the PDF's QR scans to the order number"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no half-written files left: {leftovers:?}"
    );
}

#[test]
fn an_unpaid_order_has_no_digital_receipt() {
    let store = store();
    let svc = service(&store);
    let p = store.catalog().expect("catalog").products;
    let order = store
        .create_awaiting_order(
            &[CartLineInput {
                product_id: p[0].id,
                qty: 1,
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
            Utc::now(),
        )
        .expect("order");
    let dir = tempfile::tempdir().expect("dir");
    let err = svc
        .save_digital_receipt(order.id, DigitalReceiptFormat::Pdf, dir.path())
        .expect_err("not paid");
    assert_eq!(err.kind().as_str(), "order_state");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing written"
    );
}

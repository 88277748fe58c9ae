//! "Cetak Label" through the print service: names, prices and barcodes come from the store by
//! product id; the receipt printer gets ESC/POS labels (decoded back), the label printer gets
//! TSPL over real TCP, the A4 sheet is a PDF in the folder; a size the label printer cannot take
//! is refused when saved and nothing is stored.

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;

use chrono::Utc;
use kasir_core::settings::labels::{LabelSettings, LabelSheet, LabelTarget};
use kasir_core::Store;
use kasir_printer::decode::{decode, Event};
use kasir_receipts::{ConnectionType, LabelPrintItem, PrintService};

fn store() -> Arc<Store> {
    let store = Store::open_in_memory().expect("store");
    store.seed_demo_if_empty(Utc::now()).expect("seed");
    kasir_core::testing::open_till(&store, Utc::now());
    Arc::new(store)
}

/// Accepts one connection and returns what it sent.
fn printer() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let (mut sock, _) = listener.accept().expect("accept");
        let mut buf = Vec::new();
        sock.read_to_end(&mut buf).expect("read");
        buf
    });
    (port, handle)
}

fn two_products(store: &Store) -> Vec<kasir_core::Product> {
    let products: Vec<_> = store
        .catalog()
        .expect("catalog")
        .products
        .into_iter()
        .filter(|p| p.barcode.is_some())
        .take(2)
        .collect();
    assert_eq!(products.len(), 2, "the demo catalogue has barcodes");
    products
}

#[test]
fn receipt_printer_labels_carry_the_stored_names_prices_and_barcodes() {
    let store = store();
    let svc = PrintService::new(store.clone(), Arc::new(Utc::now));
    let (port, got) = printer();
    let mut receipt = svc.settings().expect("settings");
    receipt.connection = ConnectionType::Network;
    receipt.host = "127.0.0.1".into();
    receipt.port = port;
    svc.save_settings(&receipt).expect("save printer");
    let products = two_products(&store);
    let items = vec![
        LabelPrintItem {
            product_id: products[0].id,
            count: 2,
        },
        LabelPrintItem {
            product_id: products[1].id,
            count: 1,
        },
    ];
    let dir = tempfile::tempdir().expect("dir");
    let result = svc
        .print_labels(&items, LabelTarget::Receipt, dir.path())
        .expect("print");
    assert_eq!(result.labels, 3);
    assert!(result.path.is_none());
    let bytes = got.join().expect("printer");
    let events = decode(&bytes).expect("decodes");
    let codes: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Barcode { data, .. } => Some(data.clone()),
            _ => None,
        })
        .collect();
    let b0 = products[0].barcode.clone().expect("code");
    let b1 = products[1].barcode.clone().expect("code");
    assert_eq!(
        codes,
        vec![b0.clone(), b0, b1],
        "one barcode per label, in order"
    );
    let text: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.trim().to_string()),
            _ => None,
        })
        .collect();
    let price = kasir_printer::format_rupiah(products[1].price);
    assert!(
        text.iter().any(|t| t == &price),
        "{price} printed: {text:?}"
    );
    assert!(
        text.iter()
            .any(|t| products[1].name.starts_with(t.as_str()) && !t.is_empty()),
        "the stored name is printed: {text:?}"
    );
}

#[test]
fn the_label_printer_gets_tspl_of_the_saved_size_and_a_size_it_cannot_take_is_refused() {
    let store = store();
    let svc = PrintService::new(store.clone(), Arc::new(Utc::now));
    let too_wide = LabelSettings {
        width_mm: 150,
        ..LabelSettings::default()
    };
    let refused = svc.save_label_settings(&too_wide).expect_err("150 mm");
    assert_eq!(refused.kind().as_str(), "validation");
    assert!(
        refused.message_id().contains("150 mm"),
        "{}",
        refused.message_id()
    );
    assert_eq!(
        svc.label_settings().expect("load"),
        LabelSettings::default()
    );

    let (port, got) = printer();
    let settings = LabelSettings {
        target: LabelTarget::Tspl,
        connection: ConnectionType::Network,
        host: "127.0.0.1".into(),
        port,
        width_mm: 50,
        height_mm: 30,
        gap_mm: 2,
        ..LabelSettings::default()
    };
    svc.save_label_settings(&settings).expect("save");
    let products = two_products(&store);
    let items = [LabelPrintItem {
        product_id: products[0].id,
        count: 3,
    }];
    let dir = tempfile::tempdir().expect("dir");
    let result = svc
        .print_labels(&items, LabelTarget::Tspl, dir.path())
        .expect("print");
    assert_eq!(result.labels, 3);
    let tspl = String::from_utf8_lossy(&got.join().expect("printer")).to_string();
    assert!(
        tspl.contains("SIZE 50 mm,30 mm") || tspl.contains("SIZE 50 mm, 30 mm"),
        "{tspl}"
    );
    // TSPL's EAN13 takes the 12-digit body; the printer adds the check digit.
    let code = products[0].barcode.clone().expect("code");
    assert!(
        tspl.contains("\"EAN13\"") && tspl.contains(&format!("\"{}\"", &code[..12])),
        "the barcode is in the job: {tspl}"
    );
    assert!(tspl.contains("PRINT"), "{tspl}");
}

#[test]
fn the_a4_sheet_is_a_pdf_in_the_folder_never_overwriting_and_a_product_without_barcode_is_refused()
{
    let store = store();
    let svc = PrintService::new(store.clone(), Arc::new(Utc::now));
    svc.save_label_settings(&LabelSettings {
        sheet: LabelSheet::A4Grid4x10,
        ..LabelSettings::default()
    })
    .expect("save");
    let products = two_products(&store);
    let items = [LabelPrintItem {
        product_id: products[0].id,
        count: 41,
    }];
    let dir = tempfile::tempdir().expect("dir");
    let first = svc
        .print_labels(&items, LabelTarget::Pdf, dir.path())
        .expect("pdf");
    assert_eq!((first.labels, first.pages), (41, 2), "40 per A4 page");
    let path = first.path.clone().expect("path");
    assert!(std::fs::read(&path).expect("read").starts_with(b"%PDF"));
    let second = svc
        .print_labels(&items, LabelTarget::Pdf, dir.path())
        .expect("pdf again");
    assert_ne!(
        second.path, first.path,
        "an earlier sheet is never overwritten"
    );

    // A product without a barcode cannot get a label that scans back: refused, nothing written.
    let p = &products[1];
    let input = kasir_core::ProductInput {
        id: Some(p.id),
        sku: p.sku.clone(),
        barcode: None,
        name: p.name.clone(),
        category_id: p.category_id,
        price: p.price,
        stock: p.stock,
        active: true,
        cost_price: None,
        tax_exempt: None,
        low_stock_threshold: None,
    };
    store
        .save_product(&input, Utc::now())
        .expect("clear barcode");
    let files_before = std::fs::read_dir(dir.path()).expect("dir").count();
    let refused = svc
        .print_labels(
            &[LabelPrintItem {
                product_id: products[1].id,
                count: 1,
            }],
            LabelTarget::Pdf,
            dir.path(),
        )
        .expect_err("no barcode");
    assert_eq!(refused.kind().as_str(), "validation");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        files_before
    );
}

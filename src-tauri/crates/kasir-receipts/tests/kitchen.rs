//! Ticket routing end to end, over real TCP sockets on 127.0.0.1: two prep printers ("Dapur"
//! and "Bar"), Makanan → Dapur and Minuman → Bar. Each printer receives a ticket with exactly
//! its lines (decoded with kasir-printer's decoder), a later send prints only its new lines as
//! TAMBAHAN, a prep printer that is down leaves its ticket failed for the badge until "Cetak
//! Ulang" prints it, and a paid quick sale prints at both.

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use kasir_core::{
    CartLineInput, CategoryInput, CategoryRouteInput, ConnectionType, PaperChoice, PayCashRequest,
    PrepPrinter, PrepPrinterInput, PrintJobKind, PrintJobStatus, ProductInput, Store,
    StoredConnection,
};
use kasir_printer::decode::decode_text;
use kasir_receipts::PrintService;

/// Accepts `n` connections on `listener` and returns everything each one sent.
fn accept(listener: TcpListener, n: usize) -> std::thread::JoinHandle<Vec<Vec<u8>>> {
    std::thread::spawn(move || {
        (0..n)
            .map(|_| {
                let (mut sock, _) = listener.accept().expect("accept");
                let mut buf = Vec::new();
                sock.read_to_end(&mut buf).expect("read");
                buf
            })
            .collect()
    })
}

fn listener() -> (TcpListener, u16) {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    (l, port)
}

/// A port nothing listens on (free again once the probe is dropped).
fn dead_port() -> u16 {
    listener().1
}

fn service(store: &Arc<Store>) -> PrintService {
    let mut svc = PrintService::new(store.clone(), Arc::new(Utc::now));
    svc.set_timeouts(kasir_printer::Timeouts {
        connect: Duration::from_millis(500),
        write: Duration::from_secs(2),
    });
    svc
}

fn tcp(port: u16) -> StoredConnection {
    StoredConnection {
        connection: ConnectionType::Network,
        host: "127.0.0.1".into(),
        port,
        ..StoredConnection::default()
    }
}

struct Cafe {
    store: Arc<Store>,
    /// The signed-in owner, who rings everything up.
    cashier: i64,
    svc: PrintService,
    dapur: PrepPrinter,
    bar: PrepPrinter,
    nasi: i64,
    kopi: i64,
    teh: i64,
    /// Kopi Susu's options: Ukuran Large, Tambahan Extra shot.
    large: i64,
    shot: i64,
}

/// The shop: Dapur (80 mm) and Bar (58 mm) on the given ports; Makanan → Dapur, Minuman → Bar.
fn cafe(dapur_port: u16, bar_port: u16) -> Cafe {
    let store = Arc::new(Store::open_in_memory().expect("store"));
    let cashier = kasir_core::testing::open_till(&store, Utc::now()).user_id;
    let svc = service(&store);
    let printer = |name: &str, port: u16, paper: PaperChoice| {
        svc.save_prep_printer(&PrepPrinterInput {
            id: None,
            name: name.into(),
            paper,
            connection: tcp(port),
        })
        .expect("prep printer")
    };
    let dapur = printer("Dapur", dapur_port, PaperChoice::Mm80);
    let bar = printer("Bar", bar_port, PaperChoice::Mm58);
    let category = |name: &str| {
        store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: name.into(),
                },
                Utc::now(),
            )
            .expect("category")
            .id
    };
    let makanan = category("Makanan");
    let minuman = category("Minuman");
    svc.save_category_routes(&[
        CategoryRouteInput {
            category_id: makanan,
            prep_printer_id: Some(dapur.id),
        },
        CategoryRouteInput {
            category_id: minuman,
            prep_printer_id: Some(bar.id),
        },
    ])
    .expect("routes");
    let product = |sku: &str, name: &str, category: i64| {
        store
            .save_product(
                &ProductInput {
                    id: None,
                    sku: sku.into(),
                    barcode: None,
                    name: name.into(),
                    category_id: Some(category),
                    price: 18_000,
                    stock: 50,
                    active: true,
                    cost_price: None,
                    tax_exempt: None,
                    low_stock_threshold: None,
                },
                Utc::now(),
            )
            .expect("product")
            .product
            .id
    };
    let nasi = product("NG-1", "Nasi Goreng", makanan);
    let kopi = product("KS-1", "Kopi Susu", minuman);
    let teh = product("ET-1", "Es Teh", minuman);
    // The option catalogue's API is not written yet: its rows by hand.
    let (large, shot) = store
        .write(|tx| {
            tx.execute(
                "INSERT INTO option_groups (product_id, name, required, sort_order)
                 VALUES (?1, 'Ukuran', 1, 1)",
                [kopi],
            )?;
            let ukuran = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO option_groups (product_id, name, multiple, sort_order)
                 VALUES (?1, 'Tambahan', 1, 2)",
                [kopi],
            )?;
            let tambahan = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO product_options (group_id, name, price_delta) VALUES (?1, 'Large', 5000)",
                [ukuran],
            )?;
            let large = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO product_options (group_id, name, price_delta)
                 VALUES (?1, 'Extra shot', 4000)",
                [tambahan],
            )?;
            Ok((large, tx.last_insert_rowid()))
        })
        .expect("options");
    Cafe {
        store,
        cashier,
        svc,
        dapur,
        bar,
        nasi,
        kopi,
        teh,
        large,
        shot,
    }
}

/// An open bill (the bill API is not written yet: its rows by hand).
fn open_bill(store: &Store, name: &str) -> i64 {
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO bills (name, till, status, created_at, updated_at)
                 VALUES (?1, 'KASIR-1', 'open', 0, 0)",
                [name],
            )?;
            Ok(tx.last_insert_rowid())
        })
        .expect("bill")
}

/// A line the cashier added, sent in `batch`.
fn send_line(
    c: &Cafe,
    bill: i64,
    product: i64,
    qty: i64,
    options: &str,
    note: Option<&str>,
    batch: i64,
) {
    c.store
        .write(|tx| {
            tx.execute(
                "INSERT INTO bill_lines (bill_id, product_id, qty, options, note, batch, added_by,
                                         added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
                (bill, product, qty, options, note, batch, c.cashier),
            )?;
            Ok(())
        })
        .expect("bill line");
}

fn text(bytes: &[u8]) -> Vec<String> {
    decode_text(bytes).expect("a ticket is valid ESC/POS")
}

/// The item lines of a decoded ticket (`qty x name`) with what is indented under them.
fn items(lines: &[String]) -> Vec<String> {
    let start = lines
        .iter()
        .rposition(|l| l.starts_with("Waktu") || l.starts_with("Kasir") || l.starts_with("Kiriman"))
        .expect("ticket head");
    lines[start + 2..]
        .iter()
        .take_while(|l| !l.starts_with("----"))
        .filter(|l| !l.is_empty())
        .cloned()
        .collect()
}

#[test]
fn ticket_routing_two_tcp_printers_receive_exactly_their_lines_decoded() {
    let (dapur_l, dapur_port) = listener();
    let (bar_l, bar_port) = listener();
    let dapur_paper = accept(dapur_l, 1);
    let bar_paper = accept(bar_l, 2);
    let c = cafe(dapur_port, bar_port);
    let bill = open_bill(&c.store, "Meja 4");
    send_line(&c, bill, c.nasi, 2, "[]", Some("pedas"), 1);
    send_line(
        &c,
        bill,
        c.kopi,
        1,
        &format!("[{},{}]", c.large, c.shot),
        Some("tanpa gula"),
        1,
    );
    send_line(&c, bill, c.teh, 3, "[]", None, 1);

    kasir_core::testing::enqueue_bill_tickets(&c.store, bill, 1, Utc::now()).expect("send 1");
    let done = c.svc.tick().expect("tick");
    assert_eq!(done.len(), 2, "one ticket per printer: {done:?}");
    assert!(
        done.iter().all(|j| j.status == PrintJobStatus::Printed),
        "{done:?}"
    );

    // Send 2: only a drink, so only the bar prints, as TAMBAHAN.
    send_line(&c, bill, c.teh, 1, "[]", Some("tanpa es"), 2);
    kasir_core::testing::enqueue_bill_tickets(&c.store, bill, 2, Utc::now()).expect("send 2");
    let second = c.svc.tick().expect("tick");
    assert_eq!(second.len(), 1, "the kitchen gets nothing new: {second:?}");
    assert_eq!(second[0].prep_printer_id, Some(c.bar.id));
    assert_eq!(second[0].status, PrintJobStatus::Printed);

    let dapur = dapur_paper.join().expect("dapur printer");
    let bar = bar_paper.join().expect("bar printer");
    let dapur_ticket = text(&dapur[0]);
    let bar_ticket = text(&bar[0]);
    let bar_addition = text(&bar[1]);
    eprintln!("--- Dapur, kiriman 1 ---\n{}", dapur_ticket.join("\n"));
    eprintln!("--- Bar, kiriman 1 ---\n{}", bar_ticket.join("\n"));
    eprintln!("--- Bar, kiriman 2 ---\n{}", bar_addition.join("\n"));

    assert_eq!(dapur_ticket[0], "DAPUR", "the station heads its ticket");
    assert_eq!(dapur_ticket[1], "Meja 4", "then the table");
    assert_eq!(
        items(&dapur_ticket),
        vec!["2 x Nasi Goreng", "   Catatan: pedas"],
        "the kitchen gets exactly the food"
    );
    assert_eq!(bar_ticket[0], "BAR");
    assert_eq!(bar_ticket[1], "Meja 4");
    assert_eq!(
        items(&bar_ticket),
        vec![
            "1 x Kopi Susu",
            "   - Ukuran: Large",
            "   - Tambahan: Extra shot",
            "   Catatan: tanpa gula",
            "3 x Es Teh",
        ],
        "the bar gets exactly the drinks, options and note under theirs"
    );
    for ticket in [&dapur_ticket, &bar_ticket] {
        assert!(
            !ticket.iter().any(|l| l.contains("TAMBAHAN")),
            "a first send is no addition"
        );
        assert!(
            ticket
                .iter()
                .any(|l| l.starts_with("Kasir") && l.ends_with("Pemilik Tes")),
            "who rang it up: {ticket:?}"
        );
        assert!(!ticket.iter().any(|l| l.contains("Rp")), "no prices");
    }
    assert!(
        bar_addition.iter().any(|l| l == "TAMBAHAN"),
        "{bar_addition:?}"
    );
    assert_eq!(
        items(&bar_addition),
        vec!["1 x Es Teh", "   Catatan: tanpa es"],
        "an addition lists only the new lines"
    );
    assert!(c.store.unprinted_print_jobs().expect("jobs").is_empty());
}

#[test]
fn an_offline_prep_printer_fails_its_ticket_for_the_badge_and_prints_after_cetak_ulang() {
    let (dapur_l, dapur_port) = listener();
    let dapur_paper = accept(dapur_l, 1);
    let bar_port = dead_port();
    let c = cafe(dapur_port, bar_port);
    let bill = open_bill(&c.store, "Meja 7");
    send_line(&c, bill, c.nasi, 1, "[]", None, 1);
    send_line(&c, bill, c.teh, 2, "[]", None, 1);
    kasir_core::testing::enqueue_bill_tickets(&c.store, bill, 1, Utc::now()).expect("send");

    let done = c.svc.tick().expect("a printer down never fails the send");
    let status_of = |printer: i64| {
        done.iter()
            .find(|j| j.prep_printer_id == Some(printer))
            .map(|j| j.status)
    };
    assert_eq!(status_of(c.dapur.id), Some(PrintJobStatus::Printed));
    assert_eq!(status_of(c.bar.id), Some(PrintJobStatus::Failed));
    let failed = c.store.failed_print_jobs().expect("failed");
    assert_eq!(
        failed.len(),
        1,
        "the badge counts the bar's ticket: {failed:?}"
    );
    assert_eq!(failed[0].kind, PrintJobKind::Kitchen);
    assert_eq!(
        failed[0].title, "Bar: Meja 7",
        "the badge names printer and table"
    );
    assert_eq!(
        failed[0].last_error_kind.as_deref(),
        Some("printer_offline")
    );
    assert!(
        c.svc.tick().expect("tick").is_empty(),
        "a failed ticket waits for the cashier"
    );
    assert_eq!(
        items(&text(&dapur_paper.join().expect("dapur")[0])),
        vec!["1 x Nasi Goreng"]
    );

    // The bar printer is switched back on (same address): "Cetak Ulang".
    let bar_l = TcpListener::bind(("127.0.0.1", bar_port)).expect("the bar printer is back");
    let bar_paper = accept(bar_l, 1);
    assert_eq!(c.svc.retry_failed().expect("retry").len(), 1);
    let again = c.svc.tick().expect("tick");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].status, PrintJobStatus::Printed);
    assert_eq!(again[0].attempts, 2);
    let ticket = text(&bar_paper.join().expect("bar")[0]);
    assert_eq!(ticket[1], "Meja 7");
    assert_eq!(items(&ticket), vec!["2 x Es Teh"]);
    assert!(c.store.failed_print_jobs().expect("failed").is_empty());
}

#[test]
fn a_paid_quick_sale_prints_its_lines_with_options_at_each_printer() {
    let (dapur_l, dapur_port) = listener();
    let (bar_l, bar_port) = listener();
    let dapur_paper = accept(dapur_l, 1);
    let bar_paper = accept(bar_l, 1);
    let c = cafe(dapur_port, bar_port);
    let order = c
        .store
        .pay_cash(
            &PayCashRequest {
                lines: vec![
                    CartLineInput {
                        product_id: c.nasi,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                    CartLineInput {
                        product_id: c.kopi,
                        qty: 2,
                        discount: None,
                        options: vec![c.large],
                        note: Some("es sedikit".into()),
                    },
                ],
                tendered: 100_000,
                cart: None,
            },
            Utc::now(),
        )
        .expect("cash sale");
    // The one paid path queued the tickets in the sale's transaction; asking again adds none.
    let again = kasir_core::testing::enqueue_order_tickets(&c.store, order.id, Utc::now())
        .expect("tickets");
    assert!(again.is_empty(), "no second set of tickets: {again:?}");

    let done = c.svc.tick().expect("tick");
    let kitchen: Vec<_> = done
        .iter()
        .filter(|j| j.kind == PrintJobKind::Kitchen)
        .collect();
    assert_eq!(kitchen.len(), 2, "{done:?}");
    assert!(
        done.iter().all(|j| j.status == PrintJobStatus::Printed),
        "{done:?}"
    );
    let dapur = text(&dapur_paper.join().expect("dapur")[0]);
    let bar = text(&bar_paper.join().expect("bar")[0]);
    eprintln!("--- Bar, penjualan langsung ---\n{}", bar.join("\n"));
    assert_eq!(
        dapur[1], order.number,
        "a quick sale is named by its order number"
    );
    assert_eq!(items(&dapur), vec!["1 x Nasi Goreng"]);
    assert_eq!(
        items(&bar),
        vec![
            "2 x Kopi Susu",
            "   - Ukuran: Large",
            "   Catatan: es sedikit"
        ]
    );
}

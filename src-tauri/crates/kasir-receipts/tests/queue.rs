//! The print queue end to end, over a real TCP socket on 127.0.0.1: a paid order becomes a job,
//! the job reaches the "printer", a printer that is down leaves the sale intact and the job
//! failed and listed, and a reprint is printed as "SALINAN".

use std::io::Read;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use kasir_core::{
    CartLineInput, DomainEvent, NewAttempt, OrderStatus, PayCashRequest, PrintJobStatus, Store,
};
use kasir_printer::decode::decode_text;
use kasir_receipts::{ConnectionType, PrintService, PrinterSettings};

fn store() -> Arc<Store> {
    let store = Store::open_in_memory().expect("store");
    store.seed_demo_if_empty(Utc::now()).expect("seed");
    kasir_core::testing::open_till(&store, Utc::now());
    Arc::new(store)
}

fn service(store: &Arc<Store>) -> Arc<PrintService> {
    let mut svc = PrintService::new(store.clone(), Arc::new(Utc::now));
    svc.set_timeouts(kasir_printer::Timeouts {
        connect: Duration::from_millis(500),
        write: Duration::from_secs(2),
    });
    Arc::new(svc)
}

fn use_tcp(svc: &PrintService, port: u16) {
    let mut s = svc.settings().expect("settings");
    s.connection = ConnectionType::Network;
    s.host = "127.0.0.1".into();
    s.port = port;
    s.save_and_check(svc);
}

trait SaveCheck {
    fn save_and_check(&self, svc: &PrintService);
}

impl SaveCheck for PrinterSettings {
    fn save_and_check(&self, svc: &PrintService) {
        let saved = svc.save_settings(self).expect("save settings");
        assert_eq!(&saved, self, "settings must round-trip");
    }
}

/// Accepts `n` connections and returns everything each one sent.
fn printer(n: usize) -> (u16, std::thread::JoinHandle<Vec<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        (0..n)
            .map(|_| {
                let (mut sock, _) = listener.accept().expect("accept");
                let mut buf = Vec::new();
                sock.read_to_end(&mut buf).expect("read");
                buf
            })
            .collect()
    });
    (port, handle)
}

/// A port nothing listens on.
fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn cash_sale(store: &Store) -> kasir_core::Order {
    let p = store.catalog().expect("catalog").products;
    store
        .pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput {
                    product_id: p[0].id,
                    qty: 3,
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

fn qris_sale(store: &Store, issuer: &str) -> kasir_core::Order {
    let p = store.catalog().expect("catalog").products;
    let order = store
        .create_awaiting_order(
            &[CartLineInput {
                product_id: p[1].id,
                qty: 2,
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
            Utc::now(),
        )
        .expect("order");
    store
        .begin_attempt(
            order.id,
            NewAttempt {
                id: "att-1",
                gateway_order_id: "gw-1",
                provider: "emulator",
            },
            Utc::now(),
        )
        .expect("attempt");
    store
        .finalize_paid_attempt(
            "att-1",
            Some(issuer),
            Some("TX-REF-9"),
            Utc::now(),
            Utc::now(),
        )
        .expect("paid");
    store.order(order.id).expect("order")
}

#[test]
fn paid_qris_order_is_printed_at_the_tcp_printer_with_total_and_issuer() {
    let store = store();
    let svc = service(&store);
    let (port, printer) = printer(1);
    use_tcp(&svc, port);
    let mut feed = store.events().subscribe();

    let order = qris_sale(&store, "GoPay");
    let started = Instant::now();
    let done = svc.tick().expect("tick");
    assert_eq!(done.len(), 1, "the paid order's job is sent");
    assert_eq!(done[0].status, PrintJobStatus::Printed);
    let bytes = printer.join().expect("printer").remove(0);
    let text = decode_text(&bytes).expect("valid ESC/POS").join("\n");
    eprintln!("printed in {:?}", started.elapsed());
    assert!(
        text.contains(&order.number),
        "order number on the receipt:\n{text}"
    );
    assert!(
        text.contains(&kasir_printer::format_rupiah(order.total)),
        "stored total on the receipt:\n{text}"
    );
    assert!(text.contains("GoPay"), "issuer on the receipt:\n{text}");
    assert!(
        text.contains("TX-REF-9"),
        "gateway reference on the receipt:\n{text}"
    );
    assert!(
        !text.contains("SALINAN"),
        "the first receipt is the original"
    );
    assert!(store.unprinted_print_jobs().expect("jobs").is_empty());
    // The change feed announced the sale's queued job and exactly one finished attempt.
    let mut finished = Vec::new();
    while let Ok(event) = feed.try_recv() {
        if let DomainEvent::PrintJobChanged { job } = event {
            if matches!(job.status, PrintJobStatus::Printed | PrintJobStatus::Failed) {
                finished.push(job);
            }
        }
    }
    assert_eq!(finished.len(), 1);
    assert_eq!(finished[0].status, PrintJobStatus::Printed);
    assert_eq!(store.failed_print_jobs().expect("failed").len(), 0);
}

#[test]
fn printer_down_keeps_the_sale_lists_the_job_and_reprint_prints_salinan() {
    let store = store();
    let svc = service(&store);
    use_tcp(&svc, dead_port());
    let order = cash_sale(&store);

    let done = svc.tick().expect("tick does not fail the sale");
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].status, PrintJobStatus::Failed);
    assert_eq!(done[0].last_error_kind.as_deref(), Some("printer_offline"));
    assert_eq!(
        store.order(order.id).expect("order").status,
        OrderStatus::Paid,
        "a printer problem never touches the sale"
    );
    let unprinted = svc.unprinted().expect("unprinted");
    assert_eq!(
        unprinted.len(),
        1,
        "the failed receipt is listed for the badge"
    );
    assert!(
        svc.tick().expect("tick").is_empty(),
        "failed jobs wait for the cashier"
    );

    // The printer is back: "Cetak Ulang" prints the original, then a reprint is a SALINAN.
    let (port, printer) = printer(2);
    use_tcp(&svc, port);
    assert_eq!(svc.retry_failed().expect("retry").len(), 1);
    let first = svc.tick().expect("tick");
    assert_eq!(first[0].status, PrintJobStatus::Printed);
    let copy = svc.reprint(order.id).expect("reprint");
    assert!(copy.copy);
    let second = svc.tick().expect("tick");
    assert_eq!(second[0].status, PrintJobStatus::Printed);
    let received = printer.join().expect("printer");
    let original = decode_text(&received[0]).expect("decode").join("\n");
    let salinan = decode_text(&received[1]).expect("decode").join("\n");
    assert!(
        !original.contains("SALINAN"),
        "retry of a never-printed job is the original"
    );
    assert!(
        salinan.contains("SALINAN"),
        "a reprint is marked SALINAN:\n{salinan}"
    );
    assert!(salinan.contains("Tunai"), "cash payment shown:\n{salinan}");
    // The drawer opens for the original cash receipt only.
    let pulse = [0x1b, 0x70, 0x00, 0x19, 0xfa];
    assert!(
        received[0].windows(5).any(|w| w == pulse),
        "original cash receipt opens the drawer"
    );
    assert!(
        !received[1].windows(5).any(|w| w == pulse),
        "a reprint never opens the drawer"
    );
}

#[test]
fn restart_retries_unsent_jobs_once_then_waits() {
    let store = store();
    let svc = service(&store);
    use_tcp(&svc, dead_port());
    cash_sale(&store);
    assert_eq!(svc.tick().expect("tick")[0].status, PrintJobStatus::Failed);
    // "Restart": the worker requeues unsent jobs once.
    assert_eq!(
        store
            .requeue_unprinted_print_jobs(Utc::now())
            .expect("requeue"),
        1
    );
    let again = svc.tick().expect("tick");
    assert_eq!(again[0].attempts, 2);
    assert_eq!(again[0].status, PrintJobStatus::Failed);
    assert!(svc.tick().expect("tick").is_empty());
}

#[test]
fn worker_prints_within_a_second_of_the_sale_announced_on_the_change_feed() {
    let store = store();
    let svc = service(&store);
    let (port, printer) = printer(1);
    use_tcp(&svc, port);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.spawn(svc.clone().run_worker());
    std::thread::sleep(Duration::from_millis(200));
    let order = qris_sale(&store, "OVO");
    let paid = Instant::now();
    let bytes = printer.join().expect("printer").remove(0);
    let elapsed = paid.elapsed();
    assert!(elapsed < Duration::from_secs(1), "receipt took {elapsed:?}");
    let text = decode_text(&bytes).expect("decode").join("\n");
    assert!(text.contains(&order.number));
    assert!(text.contains("OVO"));
}

#[test]
fn preview_uses_the_same_bytes_and_fits_the_paper() {
    let store = store();
    let svc = service(&store);
    let sample = svc.preview(&Default::default()).expect("sample preview");
    assert!(sample.order_number.is_none());
    assert_eq!(sample.columns, 32);
    cash_sale(&store);
    let mut s = svc.settings().expect("settings");
    s.paper = kasir_receipts::PaperChoice::Mm80;
    let p = svc
        .preview(&kasir_receipts::PreviewRequest {
            order_id: None,
            settings: Some(s),
        })
        .expect("preview");
    assert_eq!(p.columns, 48);
    assert!(p.order_number.is_some());
    assert!(
        p.lines.iter().all(|l| l.chars().count() <= 48),
        "no preview line is wider than the paper"
    );
}

#[test]
fn test_print_reports_the_real_error() {
    let store = store();
    let svc = service(&store);
    let mut s = svc.settings().expect("settings");
    s.connection = ConnectionType::Network;
    s.host = "127.0.0.1".into();
    s.port = dead_port();
    let err = svc.test_print(&s).expect_err("nobody listens");
    assert_eq!(err.kind().as_str(), "printer_offline");
    let (port, printer) = printer(1);
    s.port = port;
    let ok = svc.test_print(&s).expect("test page");
    let bytes = printer.join().expect("printer").remove(0);
    assert_eq!(ok.bytes as usize, bytes.len());
    assert!(decode_text(&bytes)
        .expect("decode")
        .join("\n")
        .contains("CETAK TES"));
}

/// A Bluetooth / USB-serial printer is a serial port: through a pseudo-terminal pair the paid
/// sale's receipt arrives and decodes; once the port has vanished the next receipt is failed
/// `printer_offline`, listed for the "Struk belum tercetak" badge, and "Cetak Ulang" prints
/// it when the port is back.
#[cfg(unix)]
#[test]
fn a_serial_printer_prints_and_a_vanished_port_leaves_the_receipt_for_the_badge() {
    use serialport::{SerialPort, TTYPort};
    use std::io::Read;

    let store = store();
    let svc = service(&store);
    let (mut master, slave) = TTYPort::pair().expect("openpty");
    let path = slave.name().expect("pty name");
    let mut s = svc.settings().expect("settings");
    s.connection = ConnectionType::Serial;
    s.serial_port = path.clone();
    s.baud_rate = 115_200;
    s.save_and_check(&svc);

    let order = cash_sale(&store);
    let done = svc.tick().expect("tick");
    assert_eq!(done[0].status, PrintJobStatus::Printed, "{done:?}");
    let expected = kasir_receipts::job_bytes(&store, order.id, &s, false).expect("bytes");
    master
        .set_timeout(Duration::from_millis(200))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(10);
    while got.len() < expected.len() && Instant::now() < deadline {
        match master.read(&mut buf) {
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("printer end: {e}"),
        }
    }
    assert_eq!(
        got, expected,
        "the serial printer got the receipt's exact bytes"
    );
    let text = decode_text(&got).expect("decodes").join("\n");
    assert!(text.contains(&order.number), "{text}");

    // The port disappears (printer switched off, Bluetooth out of range).
    drop(master);
    drop(slave);
    let second = cash_sale(&store);
    let done = svc.tick().expect("a vanished port never fails the sale");
    assert_eq!(done[0].status, PrintJobStatus::Failed);
    assert!(
        matches!(
            done[0].last_error_kind.as_deref(),
            Some("printer_offline" | "printer_not_found")
        ),
        "a vanished port is reported like an offline printer: {:?}",
        done[0]
    );
    assert_eq!(
        store.order(second.id).expect("order").status,
        OrderStatus::Paid
    );
    let unprinted = svc.unprinted().expect("unprinted");
    assert!(
        unprinted.iter().any(|j| j.order_id == Some(second.id)),
        "listed for the badge: {unprinted:?}"
    );

    // Back again on a new port: "Cetak Ulang" prints it.
    let (mut master, slave) = TTYPort::pair().expect("openpty");
    s.serial_port = slave.name().expect("pty name");
    s.save_and_check(&svc);
    svc.retry_failed().expect("retry");
    let done = svc.tick().expect("tick");
    assert!(
        done.iter().all(|j| j.status == PrintJobStatus::Printed),
        "{done:?}"
    );
    master
        .set_timeout(Duration::from_millis(200))
        .expect("timeout");
    let mut got = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        match master.read(&mut buf) {
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                if !got.is_empty() {
                    break;
                }
            }
            Err(e) => panic!("printer end: {e}"),
        }
    }
    let text = decode_text(&got).expect("decodes").join("\n");
    assert!(text.contains(&second.number), "the retried receipt: {text}");
    assert!(svc.unprinted().expect("unprinted").is_empty());
    drop(slave);
}

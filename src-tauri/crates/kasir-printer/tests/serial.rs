//! The serial driver against a real pseudo-terminal pair (`openpty`, as a USB-serial or
//! Bluetooth RFCOMM port looks to the app): the receipt arrives byte for byte and decodes; a
//! port that disappears mid-print is offline; a printer that stops reading times out; a port
//! that is not there is not found.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::thread;
use std::time::{Duration, Instant};

use kasir_printer::decode::decode_text;
use kasir_printer::{
    open, render, PaperWidth, PrinterConnection, PrinterError, PrinterProfile, Timeouts,
};
use serialport::{SerialPort, TTYPort};

fn timeouts(write_ms: u64) -> Timeouts {
    Timeouts {
        connect: Duration::from_millis(500),
        write: Duration::from_millis(write_ms),
    }
}

/// The printer's end (`master`) and the path the app opens (`slave`'s name). The slave end
/// stays open in the test so the master does not see a hang-up between the opens.
fn pty() -> (TTYPort, TTYPort, String) {
    let (master, slave) = TTYPort::pair().expect("openpty");
    let path = slave.name().expect("pty name");
    (master, slave, path)
}

fn read_exactly(mut master: TTYPort, n: usize) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        master
            .set_timeout(Duration::from_millis(100))
            .expect("timeout");
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while got.len() < n && Instant::now() < deadline {
            match master.read(&mut buf) {
                Ok(k) => got.extend_from_slice(&buf[..k]),
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(e) => panic!("reading the printer end: {e}"),
            }
        }
        got
    })
}

#[test]
fn a_receipt_reaches_a_serial_printer_through_a_pseudo_terminal() {
    let (master, _slave, path) = pty();
    let profile = PrinterProfile {
        open_drawer: true,
        ..PrinterProfile::for_paper(PaperWidth::Mm58)
    };
    let mut receipt = common::cash_receipt();
    receipt.logo = Some(kasir_printer::Raster::from_fn(200, 48, |x, y| {
        (x / 8 + y / 8) % 2 == 0
    }));
    let bytes = render(&receipt, &profile).expect("renders");
    let reader = read_exactly(master, bytes.len());
    let mut driver = open(
        &PrinterConnection::Serial {
            port: path.clone(),
            baud_rate: 9600,
        },
        timeouts(10_000),
    )
    .expect("open");
    assert_eq!(driver.describe(), format!("Serial {path} (9600 baud)"));
    driver.send(&bytes).expect("send");
    let got = reader.join().expect("reader");
    assert_eq!(
        got, bytes,
        "the printer end receives exactly the rendered bytes (raw mode: no LF → CR LF)"
    );
    let text = decode_text(&got).expect("the received bytes decode");
    assert!(
        text.contains(&"Toko Sembako Alpiant".to_string()),
        "{text:#?}"
    );
    assert!(text.contains(&"[BARCODE: INV-20261126-0001]".to_string()));
}

#[test]
fn a_serial_port_that_vanishes_mid_print_is_offline() {
    let (mut master, slave, path) = pty();
    // The printer reads a little, then the port disappears (cable pulled, Bluetooth gone).
    let reader = thread::spawn(move || {
        master
            .set_timeout(Duration::from_millis(500))
            .expect("timeout");
        let mut buf = [0u8; 1024];
        let _ = master.read(&mut buf);
        drop(master);
        drop(slave);
    });
    let big = vec![b'A'; 4 * 1024 * 1024];
    let mut driver = open(
        &PrinterConnection::Serial {
            port: path,
            baud_rate: 115_200,
        },
        timeouts(10_000),
    )
    .expect("open");
    let started = Instant::now();
    let err = driver.send(&big).expect_err("the port went away");
    reader.join().expect("reader");
    assert!(
        matches!(err, PrinterError::Offline(_)),
        "a vanished port is offline (like an unplugged network printer): {err:?}"
    );
    assert_eq!(err.kind().as_str(), "printer_offline");
    assert!(
        started.elapsed() < Duration::from_secs(9),
        "noticed at once, not at the write timeout"
    );
}

#[test]
fn a_serial_printer_that_stops_reading_times_out() {
    let (_master, _slave, path) = pty(); // nobody reads the printer end
    let big = vec![b'A'; 4 * 1024 * 1024];
    let mut driver = open(
        &PrinterConnection::Serial {
            port: path,
            baud_rate: 9600,
        },
        timeouts(400),
    )
    .expect("open");
    let started = Instant::now();
    let err = driver.send(&big).expect_err("stalled");
    assert!(
        matches!(err, PrinterError::Timeout { phase: "write", .. }),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "bounded by the write timeout"
    );
}

#[test]
fn a_serial_port_that_is_not_there_is_not_found() {
    let mut driver = open(
        &PrinterConnection::Serial {
            port: "/dev/ttyKASIR-TIDAK-ADA".into(),
            baud_rate: 9600,
        },
        timeouts(400),
    )
    .expect("the port is opened on send");
    let err = driver.send(b"\x1b@").expect_err("missing");
    assert!(matches!(err, PrinterError::NotFound(_)), "{err:?}");
    let empty = open(
        &PrinterConnection::Serial {
            port: "  ".into(),
            baud_rate: 9600,
        },
        timeouts(400),
    );
    assert!(matches!(empty, Err(PrinterError::NotFound(_))));
}

#[test]
fn listing_serial_ports_works_on_this_machine() {
    // No port may exist here; the call itself must succeed and every entry be described.
    let ports = kasir_printer::list_serial_ports().expect("list");
    for p in &ports {
        assert!(!p.path.is_empty() && !p.description.is_empty(), "{p:?}");
    }
}

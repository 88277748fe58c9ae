//! Driver tests over real transports on this machine: TCP against a local listener on
//! 127.0.0.1 (exact bytes, refused port, stalled reader), device file via a temp file,
//! preview driver, and `open` dispatch.

use std::io::Read;
use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

use kasir_printer::{
    open, render, DeviceFileDriver, PaperWidth, PreviewDriver, PrinterConnection, PrinterDriver,
    PrinterError, PrinterProfile, TcpDriver, Timeouts,
};

mod common;

fn short() -> Timeouts {
    Timeouts {
        connect: Duration::from_millis(500),
        write: Duration::from_millis(400),
    }
}

fn receipt_bytes() -> Vec<u8> {
    let p = PrinterProfile {
        open_drawer: true,
        ..PrinterProfile::for_paper(PaperWidth::Mm58)
    };
    render(&common::cash_receipt(), &p).expect("renders")
}

#[test]
fn tcp_bytes_arrive_exactly() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        let mut got = Vec::new();
        s.read_to_end(&mut got).expect("read");
        got
    });
    let bytes = receipt_bytes();
    let mut driver = open(
        &PrinterConnection::Network {
            host: "127.0.0.1".into(),
            port,
        },
        Timeouts::default(),
    )
    .expect("open");
    assert_eq!(driver.describe(), format!("Jaringan 127.0.0.1:{port}"));
    driver.send(&bytes).expect("send");
    let got = server.join().expect("server thread");
    assert_eq!(
        got, bytes,
        "the printer must receive exactly the rendered bytes"
    );
}

#[test]
fn tcp_refused_port_is_offline() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    }; // listener dropped: nothing listens on `port` now
    let mut driver = TcpDriver::new("127.0.0.1".into(), port, short()).expect("driver");
    let err = driver.send(b"\x1b@").expect_err("nothing listens");
    assert!(matches!(err, PrinterError::Offline(_)), "got {err:?}");
    assert_eq!(err.kind().as_str(), "printer_offline");
}

#[test]
fn tcp_stalled_printer_times_out() {
    // Accepts but never reads: once the kernel buffers fill, writes block until the deadline.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let conn = listener.accept().expect("accept");
        let _ = stop_rx.recv_timeout(Duration::from_secs(20));
        drop(conn);
    });
    let payload = vec![b'A'; 64 * 1024 * 1024];
    let mut driver = TcpDriver::new("127.0.0.1".into(), port, short()).expect("driver");
    let started = Instant::now();
    let err = driver.send(&payload).expect_err("reader never reads");
    let elapsed = started.elapsed();
    let _ = stop_tx.send(());
    let _ = server.join();
    assert!(
        matches!(err, PrinterError::Timeout { phase: "write", .. }),
        "got {err:?}"
    );
    assert_eq!(err.kind().as_str(), "printer_timeout");
    assert!(
        elapsed < Duration::from_secs(3),
        "must give up near the 400 ms write timeout, took {elapsed:?}"
    );
}

#[test]
fn tcp_unknown_host_is_not_found() {
    let mut driver = TcpDriver::new("printer.invalid".into(), 9100, short()).expect("driver");
    let err = driver.send(b"x").expect_err("no such host");
    assert!(
        matches!(err, PrinterError::NotFound(_) | PrinterError::Offline(_)),
        "got {err:?}"
    );
}

#[test]
fn device_file_receives_exact_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lp0");
    let bytes = receipt_bytes();
    let mut driver = open(
        &PrinterConnection::DeviceFile { path: path.clone() },
        Timeouts::default(),
    )
    .expect("open");
    driver.send(&bytes).expect("send");
    driver.send(b"\x1b@").expect("second send appends");
    drop(driver);
    let mut expected = bytes.clone();
    expected.extend_from_slice(b"\x1b@");
    assert_eq!(std::fs::read(&path).expect("read back"), expected);
}

#[test]
fn device_file_into_existing_tempfile() {
    let file = tempfile::NamedTempFile::new().expect("tempfile");
    let mut driver = DeviceFileDriver::open(file.path()).expect("open");
    driver.send(b"\x1b@Halo\n").expect("send");
    assert_eq!(std::fs::read(file.path()).expect("read"), b"\x1b@Halo\n");
}

#[test]
fn missing_dev_path_is_not_created() {
    let path = std::path::PathBuf::from("/dev/usb/kasir-printer-test-does-not-exist");
    let err = DeviceFileDriver::open(&path).expect_err("must not create under /dev");
    assert!(matches!(err, PrinterError::NotFound(_)), "got {err:?}");
    assert_eq!(err.kind().as_str(), "printer_not_found");
    assert!(!path.exists());
}

#[test]
fn preview_driver_collects_bytes() {
    let mut d = PreviewDriver::new();
    d.send(b"ab").expect("send");
    d.send(b"c").expect("send");
    assert_eq!(d.bytes(), b"abc");
    let mut boxed = open(&PrinterConnection::PreviewOnly, Timeouts::default()).expect("open");
    boxed.send(b"x").expect("send");
    assert!(boxed.describe().contains("Pratinjau"));
}

#[cfg(not(windows))]
#[test]
fn windows_printer_is_unsupported_elsewhere() {
    let err = open(
        &PrinterConnection::WindowsPrinter {
            name: "POS-58".into(),
        },
        Timeouts::default(),
    )
    .err()
    .expect("not on this OS");
    assert!(matches!(err, PrinterError::Unsupported(_)));
    assert_eq!(err.kind().as_str(), "printer_unsupported");
}

#[test]
fn usb_listing_does_not_fail_without_printers() {
    // CI has no USB printer; listing must still work (or fail with a typed error in sandboxes
    // without /sys/bus/usb), never panic.
    match kasir_printer::list_usb_printers() {
        Ok(list) => assert!(list.iter().all(|p| !p.name.is_empty())),
        Err(e) => assert!(!e.kind().as_str().is_empty()),
    }
}

#[test]
fn usb_absent_device_is_not_found() {
    let err = open(
        &PrinterConnection::Usb {
            vendor_id: 0xFFFE,
            product_id: 0xFFFE,
            serial: None,
        },
        short(),
    )
    .err()
    .expect("no such device");
    // NotFound where USB enumeration works; a typed permission/unsupported error in sandboxes.
    assert!(
        matches!(
            err.kind().as_str(),
            "printer_not_found"
                | "printer_permission"
                | "printer_unsupported"
                | "printer_write_failed"
        ),
        "typed error: {err:?}"
    );
    assert!(!err.message_id().is_empty());
}

//! Error contract: stable `kind()` codes for the UI and Indonesian cashier messages.

use kasir_printer::error::LINUX_PERMISSION_HINT;
use kasir_printer::PrinterError;

fn all() -> Vec<PrinterError> {
    vec![
        PrinterError::NotFound("x".into()),
        PrinterError::PermissionDenied {
            detail: "/dev/usb/lp0".into(),
            hint: LINUX_PERMISSION_HINT.into(),
        },
        PrinterError::Busy("x".into()),
        PrinterError::Offline("x".into()),
        PrinterError::Timeout {
            phase: "write",
            detail: "x".into(),
        },
        PrinterError::WriteFailed("x".into()),
        PrinterError::Unsupported("x".into()),
        PrinterError::InvalidReceipt("zona waktu tidak dikenal".into()),
        PrinterError::InvalidImage("x".into()),
        PrinterError::ImageTooLarge { bytes: 52_428_800 },
        PrinterError::ImageUnreadable("x".into()),
        PrinterError::Digital("x".into()),
    ]
}

#[test]
fn kinds_are_stable() {
    let kinds: Vec<&str> = all().iter().map(|e| e.kind().as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "printer_not_found",
            "printer_permission",
            "printer_busy",
            "printer_offline",
            "printer_timeout",
            "printer_write_failed",
            "printer_unsupported",
            "invalid_receipt",
            "validation",
            "validation",
            "validation",
            "internal",
        ],
        "the UI switches on these codes; changing one is a breaking change"
    );
}

#[test]
fn messages_are_indonesian() {
    let expect = [
        "Printer tidak ditemukan",
        "tidak punya izin",
        "sedang dipakai",
        "tidak dapat dihubungi",
        "tidak merespons",
        "Gagal mengirim",
        "tidak didukung",
        "Data struk tidak valid",
        "bukan gambar PNG atau JPEG",
        "terlalu besar (50.0 MB)",
        "tidak dapat dibuka",
        "Struk digital gagal dibuat",
    ];
    for (err, phrase) in all().iter().zip(expect) {
        let msg = err.message_id();
        assert!(msg.contains(phrase), "{}: {msg}", err.kind());
    }
}

#[test]
fn permission_message_explains_linux_fix() {
    let msg = all()[1].message_id();
    assert!(msg.contains("grup `lp`"), "{msg}");
    assert!(msg.contains("udev"), "{msg}");
}

#[test]
fn io_permission_maps_to_permission_kind() {
    // A file without write permission: root bypasses permissions, so only assert when not root.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ro");
    std::fs::write(&path, b"").expect("create");
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).expect("chmod");
    match kasir_printer::DeviceFileDriver::open(&path) {
        Err(e) => assert_eq!(e.kind().as_str(), "printer_permission"),
        Ok(_) => { /* running as root: permission checks do not apply */ }
    }
}

//! The crate's single error type, [`PrinterError`], with stable `kind()` codes for the IPC
//! boundary and Indonesian cashier-facing messages. Depends on nothing but `thiserror`.

use std::io;

use kasir_shared::ErrorKind;

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, PrinterError>;

/// Linux fix for a USB/device-file permission problem, in Indonesian, shown to the cashier/admin.
pub const LINUX_PERMISSION_HINT: &str =
    "Tambahkan pengguna ke grup `lp` (sudo usermod -aG lp $USER, lalu keluar dan masuk lagi) \
atau pasang aturan udev, misalnya /etc/udev/rules.d/99-kasir-printer.rules berisi \
SUBSYSTEM==\"usb\", ATTR{bInterfaceClass}==\"07\", MODE=\"0666\" lalu jalankan \
sudo udevadm control --reload-rules && sudo udevadm trigger.";

/// Everything that can go wrong while laying out or sending a receipt.
#[derive(Debug, thiserror::Error)]
pub enum PrinterError {
    /// The configured printer (USB device, Windows printer, device file, host) does not exist.
    #[error("printer not found: {0}")]
    NotFound(String),
    /// The OS refused access; `hint` explains the fix (Indonesian).
    #[error("permission denied: {detail}")]
    PermissionDenied {
        /// Technical detail (path / device).
        detail: String,
        /// How to fix it, in Indonesian.
        hint: String,
    },
    /// The device exists but is claimed by another program or driver.
    #[error("printer busy: {0}")]
    Busy(String),
    /// The printer could not be reached (connection refused, host/network unreachable,
    /// USB device disconnected).
    #[error("printer offline: {0}")]
    Offline(String),
    /// Connecting or writing took longer than the configured timeout.
    #[error("printer timed out during {phase}: {detail}")]
    Timeout {
        /// `"connect"` or `"write"`.
        phase: &'static str,
        /// Technical detail.
        detail: String,
    },
    /// Writing failed for another reason (I/O error, USB transfer error, short write).
    #[error("writing to printer failed: {0}")]
    WriteFailed(String),
    /// The connection type is not available on this OS or build.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The receipt (or profile) cannot be rendered, e.g. unknown timezone, empty order number.
    #[error("invalid receipt: {0}")]
    InvalidReceipt(String),
    /// The chosen logo is not a readable PNG/JPEG image (corrupt, another format, too many
    /// pixels).
    #[error("invalid image: {0}")]
    InvalidImage(String),
    /// The chosen logo file is larger than [`crate::raster::MAX_LOGO_FILE_BYTES`].
    #[error("image file too large: {bytes} bytes")]
    ImageTooLarge {
        /// Size of the file.
        bytes: u64,
    },
    /// The chosen logo file cannot be read (missing, a folder, no permission).
    #[error("image file unreadable: {0}")]
    ImageUnreadable(String),
    /// The digital receipt (PNG/PDF) could not be produced.
    #[error("digital receipt: {0}")]
    Digital(String),
    /// A label job the printer or sheet cannot take (size, count, a product without barcode);
    /// the text is the whole Indonesian sentence for the owner. Nothing was sent.
    #[error("invalid label job: {0}")]
    InvalidLabel(String),
}

impl PrinterError {
    /// Stable snake_case code for the UI; never parse the message instead.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PrinterError::NotFound(_) => ErrorKind::PrinterNotFound,
            PrinterError::PermissionDenied { .. } => ErrorKind::PrinterPermission,
            PrinterError::Busy(_) => ErrorKind::PrinterBusy,
            PrinterError::Offline(_) => ErrorKind::PrinterOffline,
            PrinterError::Timeout { .. } => ErrorKind::PrinterTimeout,
            PrinterError::WriteFailed(_) => ErrorKind::PrinterWriteFailed,
            PrinterError::Unsupported(_) => ErrorKind::PrinterUnsupported,
            PrinterError::InvalidReceipt(_) => ErrorKind::InvalidReceipt,
            PrinterError::InvalidImage(_)
            | PrinterError::ImageTooLarge { .. }
            | PrinterError::ImageUnreadable(_) => ErrorKind::Validation,
            PrinterError::Digital(_) => ErrorKind::Internal,
            PrinterError::InvalidLabel(_) => ErrorKind::Validation,
        }
    }

    /// Clear Indonesian text for the cashier.
    pub fn message_id(&self) -> String {
        match self {
            PrinterError::NotFound(_) => {
                "Printer tidak ditemukan. Pastikan printer menyala, kabel tersambung, dan pengaturan printer benar.".to_string()
            }
            PrinterError::PermissionDenied { hint, .. } => {
                format!("Aplikasi tidak punya izin mengakses printer. {hint}")
            }
            PrinterError::Busy(_) => {
                "Printer sedang dipakai program lain. Tutup program tersebut lalu coba lagi.".to_string()
            }
            PrinterError::Offline(_) => {
                "Printer tidak dapat dihubungi (offline). Periksa kabel/jaringan dan pastikan printer menyala.".to_string()
            }
            PrinterError::Timeout { .. } => {
                "Printer tidak merespons (waktu habis). Periksa kertas, penutup printer, dan koneksinya.".to_string()
            }
            PrinterError::WriteFailed(_) => {
                "Gagal mengirim data ke printer. Coba cetak ulang.".to_string()
            }
            PrinterError::Unsupported(_) => {
                "Jenis koneksi printer ini tidak didukung di komputer ini.".to_string()
            }
            PrinterError::InvalidReceipt(detail) => {
                format!("Data struk tidak valid: {detail}")
            }
            PrinterError::InvalidImage(_) => {
                "Berkas ini bukan gambar PNG atau JPEG yang utuh. Pilih berkas logo lain.".to_string()
            }
            PrinterError::ImageTooLarge { bytes } => format!(
                "Berkas logo terlalu besar ({:.1} MB). Pilih gambar maksimal 10 MB.",
                *bytes as f64 / (1024.0 * 1024.0)
            ),
            PrinterError::ImageUnreadable(_) => {
                "Berkas logo tidak dapat dibuka. Pastikan berkasnya masih ada lalu pilih lagi.".to_string()
            }
            PrinterError::Digital(_) => {
                "Struk digital gagal dibuat. Coba lagi.".to_string()
            }
            PrinterError::InvalidLabel(message) => message.clone(),
        }
    }

    /// Permission error with the Linux fix hint.
    pub(crate) fn permission(detail: impl Into<String>) -> Self {
        PrinterError::PermissionDenied {
            detail: detail.into(),
            hint: LINUX_PERMISSION_HINT.to_string(),
        }
    }

    /// Maps an I/O error from a write/open to a typed error. `what` names the target.
    pub(crate) fn from_io(err: &io::Error, phase: &'static str, what: &str) -> Self {
        let detail = format!("{what}: {err}");
        match err.kind() {
            io::ErrorKind::NotFound => PrinterError::NotFound(detail),
            io::ErrorKind::PermissionDenied => PrinterError::permission(detail),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                PrinterError::Timeout { phase, detail }
            }
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::NotConnected
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::AddrNotAvailable => PrinterError::Offline(detail),
            _ => PrinterError::WriteFailed(detail),
        }
    }
}

//! The crate's one error type, [`ReceiptsError`], with a stable `kind()` and an Indonesian
//! `message_id()`; converts into the IPC shape [`kasir_core::IpcError`].

use kasir_core::{CoreError, ErrorKind, IpcError};
use kasir_printer::decode::DecodeError;
use kasir_printer::PrinterError;

pub type Result<T> = std::result::Result<T, ReceiptsError>;

#[derive(Debug, thiserror::Error)]
pub enum ReceiptsError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Printer(#[from] PrinterError),
    #[error("preview decode: {0}")]
    Decode(#[from] DecodeError),
    #[error("invalid printer settings: {0}")]
    Validation(String),
    #[error("order {number} is not paid")]
    NotPaid { number: String },
    #[error("print worker: {0}")]
    Worker(String),
    #[error("saving {path} failed: {detail}")]
    SaveFailed { path: String, detail: String },
}

impl ReceiptsError {
    /// Stable snake_case code; printer errors keep theirs (`printer_offline`, …).
    pub fn kind(&self) -> ErrorKind {
        match self {
            ReceiptsError::Core(e) => e.kind(),
            ReceiptsError::Printer(e) => e.kind(),
            ReceiptsError::Decode(_) | ReceiptsError::Worker(_) => ErrorKind::Internal,
            ReceiptsError::Validation(_) => ErrorKind::Validation,
            ReceiptsError::NotPaid { .. } => ErrorKind::OrderState,
            ReceiptsError::SaveFailed { .. } => ErrorKind::ExportFailed,
        }
    }

    /// Indonesian text for the cashier or owner.
    pub fn message_id(&self) -> String {
        match self {
            ReceiptsError::Core(e) => e.message_id(),
            ReceiptsError::Printer(e) => e.message_id(),
            // The decoder's detail (command bytes, offsets) is for the log, not the cashier.
            ReceiptsError::Decode(_) => {
                "Pratinjau struk gagal dibuat: data struk tidak dapat dibaca. Coba lagi atau hubungi dukungan.".into()
            }
            ReceiptsError::Validation(m) => format!("Pengaturan printer tidak valid: {m}."),
            ReceiptsError::NotPaid { number } => {
                format!("Pesanan {number} belum lunas, jadi belum ada struknya.")
            }
            ReceiptsError::Worker(_) => "Pencetakan terhenti tak terduga. Coba lagi.".into(),
            ReceiptsError::SaveFailed { path, .. } => format!(
                "Struk tidak bisa disimpan ke {path}. Periksa ruang disk dan izin folder lalu coba lagi."
            ),
        }
    }
}

impl From<ReceiptsError> for IpcError {
    fn from(e: ReceiptsError) -> Self {
        IpcError::new(e.kind(), e.message_id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoder_error_reaches_the_cashier_in_indonesian_without_offsets() {
        let e = ReceiptsError::Decode(DecodeError::UnknownCommand {
            offset: 17,
            bytes: vec![0x1b, 0x99],
        });
        let m = e.message_id();
        assert!(!m.contains("offset") && !m.contains("17"), "{m}");
        assert!(m.starts_with("Pratinjau struk gagal dibuat"), "{m}");
        assert_eq!(e.kind(), ErrorKind::Internal);
    }
}

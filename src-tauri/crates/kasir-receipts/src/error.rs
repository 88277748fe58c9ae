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
        }
    }

    /// Indonesian text for the cashier or owner.
    pub fn message_id(&self) -> String {
        match self {
            ReceiptsError::Core(e) => e.message_id(),
            ReceiptsError::Printer(e) => e.message_id(),
            ReceiptsError::Decode(e) => format!("Pratinjau struk gagal dibuat: {e}."),
            ReceiptsError::Validation(m) => format!("Pengaturan printer tidak valid: {m}."),
            ReceiptsError::NotPaid { number } => {
                format!("Pesanan {number} belum lunas, jadi belum ada struknya.")
            }
            ReceiptsError::Worker(_) => "Pencetakan terhenti tak terduga. Coba lagi.".into(),
        }
    }
}

impl From<ReceiptsError> for IpcError {
    fn from(e: ReceiptsError) -> Self {
        IpcError::new(e.kind(), e.message_id())
    }
}

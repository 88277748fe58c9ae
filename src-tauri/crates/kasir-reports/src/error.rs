//! The crate's one error type and its mapping onto the IPC shape `{ kind, message }`.

use kasir_core::{CoreError, ErrorKind, IpcError};

pub type Result<T> = std::result::Result<T, ReportError>;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A bad period: unparsable date, `from` after `to`, a range that is too long.
    #[error("periode tidak valid: {0}")]
    InvalidPeriod(String),
    /// Any other bad input (page size, cutoff hour, …).
    #[error("input tidak valid: {0}")]
    Validation(String),
    /// The store said no (not found, database error, …).
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A bug or a crashed worker thread.
    #[error("kesalahan internal: {0}")]
    Internal(String),
    /// Writing the CSV file failed.
    #[error("ekspor gagal: {0}")]
    Export(#[source] std::io::Error),
    /// An import file that cannot be used as it is: the whole message for the owner (wrong
    /// encoding, no header, changed since the preview, rows still wrong).
    #[error("impor: {0}")]
    Import(String),
    /// Building or writing the XLSX file failed.
    #[error("ekspor Excel gagal: {0}")]
    ExportXlsx(#[source] std::io::Error),
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Core(CoreError::Db(e))
    }
}

impl ReportError {
    /// Stable machine-readable kind; the UI switches on this, never on the message.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ReportError::InvalidPeriod(_) | ReportError::Validation(_) | ReportError::Import(_) => {
                ErrorKind::Validation
            }
            ReportError::Core(e) => e.kind(),
            ReportError::Export(_) | ReportError::ExportXlsx(_) => ErrorKind::ExportFailed,
            ReportError::Internal(_) => ErrorKind::Internal,
        }
    }

    /// Indonesian text the owner can act on.
    pub fn message_id(&self) -> String {
        match self {
            ReportError::InvalidPeriod(m) => format!("Periode laporan tidak valid: {m}."),
            ReportError::Validation(m) => format!("Input tidak valid: {m}."),
            ReportError::Import(m) => m.clone(),
            ReportError::Core(e) => e.message_id(),
            ReportError::Internal(_) => "Laporan gagal dihitung. Coba lagi.".into(),
            ReportError::Export(e) => {
                format!(
                    "Berkas CSV tidak bisa disimpan ({e}). Periksa folder Unduhan lalu coba lagi."
                )
            }
            ReportError::ExportXlsx(e) => format!(
                "Berkas Excel tidak bisa disimpan ({e}). Periksa folder Unduhan lalu coba lagi."
            ),
        }
    }
}

impl From<ReportError> for IpcError {
    fn from(e: ReportError) -> Self {
        IpcError::new(e.kind(), e.message_id())
    }
}

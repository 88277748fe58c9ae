//! The payment service's error type. Wraps the store's and the gateway's typed errors and adds
//! configuration errors that name the offending key (never its value).

use kasir_core::{CoreError, ErrorKind, IpcError};
use kasir_gateway::GatewayError;

pub type Result<T> = std::result::Result<T, PaymentError>;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    /// A `.env` / environment value is missing or malformed. `key` is the variable name.
    #[error("konfigurasi {key} tidak valid: {reason}")]
    Config { key: &'static str, reason: String },
    #[error("{0}")]
    Validation(String),
    #[error("mode demo tidak aktif")]
    NotDemo,
}

impl PaymentError {
    pub fn config(key: &'static str, reason: impl Into<String>) -> Self {
        PaymentError::Config {
            key,
            reason: reason.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            PaymentError::Core(e) => e.kind(),
            PaymentError::Gateway(e) => e.kind(),
            PaymentError::Config { .. } => ErrorKind::Config,
            PaymentError::Validation(_) => ErrorKind::Validation,
            PaymentError::NotDemo => ErrorKind::NotDemo,
        }
    }

    pub fn message_id(&self) -> String {
        match self {
            PaymentError::Core(e) => e.message_id(),
            PaymentError::Gateway(e) => e.message_id(),
            PaymentError::Config { key, reason } => {
                format!("Pengaturan {key} di .env tidak valid: {reason}.")
            }
            PaymentError::Validation(m) => m.clone(),
            PaymentError::NotDemo => {
                "Simulasi pembayaran hanya tersedia di Mode Demo (emulator).".into()
            }
        }
    }
}

impl From<PaymentError> for IpcError {
    fn from(e: PaymentError) -> Self {
        IpcError::new(e.kind(), e.message_id())
    }
}

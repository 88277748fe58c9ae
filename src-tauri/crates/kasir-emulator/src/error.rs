//! The emulator's error type. Control actions (pay, expire) fail like the gateway would refuse
//! them; converting to `GatewayError` keeps what the app showed before the emulator had its own
//! crate. Never carries a key.

use kasir_gateway::GatewayError;
use kasir_shared::ErrorKind;

pub type Result<T> = std::result::Result<T, EmulatorError>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmulatorError {
    /// The listening socket could not be opened.
    #[error("emulator bind 127.0.0.1:{port}: {detail}")]
    Bind { port: u16, detail: String },
    /// No transaction with this order id / transaction id / payment request id.
    #[error("transaction not found at the gateway")]
    NotFound,
    /// The transaction is not in a state that allows this (already paid, expired, cancelled).
    #[error("invalid request: {0}")]
    Refused(String),
}

impl EmulatorError {
    /// The same kind the app reports for it (through [`GatewayError`]).
    pub fn kind(&self) -> ErrorKind {
        GatewayError::from(self.clone()).kind()
    }
}

impl From<EmulatorError> for GatewayError {
    fn from(e: EmulatorError) -> GatewayError {
        match e {
            EmulatorError::Bind { .. } => GatewayError::Config(e.to_string()),
            EmulatorError::NotFound => GatewayError::NotFound,
            EmulatorError::Refused(m) => GatewayError::InvalidRequest(m),
        }
    }
}

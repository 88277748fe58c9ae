//! The one list of error kinds. Every crate's error enum maps each of its variants to exactly
//! one [`ErrorKind`] in its own `kind()`; the IPC boundary sends `{ kind, message }`
//! ([`IpcError`]) and the UI branches on `kind`, never on the message text.
//!
//! The strings are stable (`snake_case`) and generated into TypeScript as a union (ts-rs), so a
//! renamed or removed kind fails `tsc` wherever the UI used it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    TS,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    // ---- input and local records ----
    /// The request itself is wrong (empty cart, bad price, unknown setting value…).
    Validation,
    /// A local record (product, order, category, print job, attempt) does not exist.
    NotFound,
    /// Not enough stock for a cash sale.
    InsufficientStock,
    /// Cash handed over is less than the total.
    InsufficientTender,
    /// The order or attempt is no longer in a state that allows this (already paid, closed…).
    OrderState,

    // ---- who is at the till ----
    /// No one is signed in at this till: the PIN pad is shown.
    NotSignedIn,
    /// The screen is locked ("Kunci" or idle): the PIN pad is shown.
    ScreenLocked,
    /// The PIN does not match.
    WrongPin,
    /// Too many wrong PINs: the user is locked for a few minutes.
    UserLocked,
    /// The signed-in role may not do this; the owner's PIN on the spot allows it once.
    OwnerPinRequired,
    /// Selling or a cash movement needs an open shift on this till ("Buka Kasir").
    ShiftRequired,
    /// A shift is already open (on this till, or this cashier's on another till).
    ShiftAlreadyOpen,
    /// Closing the shift with open bills on its till: the cashier chooses to carry them over
    /// to the next shift or to void them with a reason.
    OpenBills,

    // ---- configuration and storage ----
    /// `.env` or gateway configuration is wrong or missing: the fix is in `.env`.
    Config,
    /// The action exists only in Mode Demo.
    NotDemo,
    /// The database could not be opened or migrated (schema newer than the app, failed upgrade).
    Database,
    /// A file could not be written (export).
    ExportFailed,
    /// Anything unexpected; the message says the data is safe and to try again.
    Internal,

    // ---- talking to the gateway: "Koneksi Bermasalah" ----
    /// No connection to the gateway (DNS, refused, reset).
    GatewayUnreachable,
    /// The gateway did not answer in time.
    GatewayTimeout,
    /// The gateway answered 5xx.
    GatewayServerError,
    /// Too many requests; wait and try again.
    GatewayRateLimited,
    /// The gateway's reply could not be understood.
    GatewayInvalidResponse,

    // ---- the gateway answered, and said no ----
    /// The gateway refused the request (4xx with its own reason).
    GatewayRejected,
    /// The transaction does not exist at the gateway.
    GatewayNotFound,
    /// The order id was already used at the gateway.
    GatewayDuplicate,
    /// The gateway (or the payer's app behind it) refused a refund: not supported by this
    /// issuer, more than is left, not settled, past the refund window… The message says why;
    /// the cashier refunds another way.
    GatewayRefundRefused,

    // ---- anomalies: never hand over the goods ----
    /// The gateway reports a different amount than the stored total.
    AmountMismatch,
    /// The gateway's report carries a signature that does not verify.
    SignatureMismatch,
    /// The gateway's report belongs to another order.
    OrderMismatch,

    // ---- printers ----
    PrinterNotFound,
    PrinterPermission,
    PrinterBusy,
    PrinterOffline,
    PrinterTimeout,
    PrinterWriteFailed,
    PrinterUnsupported,
    /// A receipt could not be laid out or decoded.
    InvalidReceipt,
}

impl ErrorKind {
    /// The stable snake_case code, as it crosses IPC.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A payment report that must not be trusted: the UI warns not to hand over the goods.
    pub fn is_anomaly(self) -> bool {
        matches!(
            self,
            ErrorKind::AmountMismatch | ErrorKind::SignatureMismatch | ErrorKind::OrderMismatch
        )
    }

    /// The gateway could not be reached or understood: "Koneksi Bermasalah", try again.
    pub fn is_connection(self) -> bool {
        matches!(
            self,
            ErrorKind::GatewayUnreachable
                | ErrorKind::GatewayTimeout
                | ErrorKind::GatewayServerError
                | ErrorKind::GatewayRateLimited
                | ErrorKind::GatewayInvalidResponse
        )
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The shape every error takes when it crosses IPC: `{ kind, message }`, the message in
/// Indonesian and free of secrets.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> IpcError {
        IpcError {
            kind,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_kind_serialises_to_its_stable_snake_case_code() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::iter() {
            let json = serde_json::to_string(&kind).expect("serialise");
            assert_eq!(
                json,
                format!("\"{}\"", kind.as_str()),
                "serde and as_str agree"
            );
            assert!(
                kind.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{kind} must be snake_case"
            );
            let back: ErrorKind = serde_json::from_str(&json).expect("parse back");
            assert_eq!(back, kind);
            assert!(seen.insert(kind.as_str()), "{kind} is listed once");
        }
        assert!(seen.len() >= 20, "the enum iterates every variant");
    }

    #[test]
    fn anomalies_and_connection_problems_are_disjoint() {
        for kind in ErrorKind::iter() {
            assert!(
                !(kind.is_anomaly() && kind.is_connection()),
                "{kind} cannot be both an anomaly and a connection problem"
            );
        }
        assert!(ErrorKind::AmountMismatch.is_anomaly());
        assert!(ErrorKind::GatewayTimeout.is_connection());
        assert!(!ErrorKind::GatewayRejected.is_connection());
    }
}

//! Facts every Kasir Alpiant crate shares, each with exactly one home:
//!
//! - [`ErrorKind`] and [`IpcError`]: the one list of error kinds the UI branches on;
//! - [`barcode`]: EAN-13 check digits (catalogue codes and printed labels);
//! - [`issuers`]: the QRIS payer apps (stored as an id, rendered as a label);
//! - [`money`]: rupiah formatting (money is always `i64` whole rupiah);
//! - [`time`]: unix milliseconds, the one time unit on IPC and in SQLite, and the [`time::Clock`];
//! - [`shop_clock`]: the shop's timezone (WIB/WITA/WIT), parsed in one place;
//! - [`paths`]: where the database and `.env` live, for the app and `kasir-cli` alike;
//! - [`files`]: a free file name for what the app writes for the owner (never overwriting).
//!
//! Depends on nothing of the project and never on `tauri`, HTTP or SQLite.

pub mod barcode;
pub mod error_kind;
pub mod files;
pub mod issuers;
pub mod money;
pub mod paths;
pub mod shop_clock;
pub mod time;

pub use error_kind::{ErrorKind, IpcError};
pub use issuers::Issuer;
pub use money::format_rupiah;
pub use time::{Clock, Millis};

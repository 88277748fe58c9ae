//! `kasir-receipts`: everything between a paid order and paper. Printer settings (stored in the
//! settings table), mapping a **stored** order into a [`kasir_printer::Receipt`] (never frontend
//! data), the print queue worker ([`PrintService`]), test print, on-screen preview and reprint.
//!
//! Depends on `kasir-core` (store, print queue) and `kasir-printer` (layout, drivers, decoder).
//! Must not depend on `tauri`: the app wires [`PrintService`] to its events and commands.

pub mod error;
pub mod receipt;
pub mod service;
pub mod settings;
pub mod types;

pub use error::{ReceiptsError, Result};
pub use receipt::{job_bytes, receipt_for_order, sample_receipt};
pub use service::{Clock, Opener, PrintListener, PrintService};
pub use settings::{CodePageChoice, ConnectionType, OrderCodeChoice, PaperChoice, PrinterSettings};
pub use types::{DetectedPrinter, PreviewRequest, PrintEvent, ReceiptPreview, TestPrintResult};

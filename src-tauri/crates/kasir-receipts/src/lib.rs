//! `kasir-receipts`: everything between a paid order and paper. Printer settings (typed and
//! stored by `kasir-core`) turned into a connection and a layout, mapping a **stored** order into a [`kasir_printer::Receipt`] (never frontend
//! data), the print queue worker ([`PrintService`]), test print, on-screen preview and reprint,
//! the receipt logo and the digital receipt ("Simpan Struk", PNG/PDF), kitchen/bar tickets on
//! their own printers ([`kitchen`]).
//!
//! Depends on `kasir-core` (store, print queue) and `kasir-printer` (layout, drivers, decoder).
//! Must not depend on `tauri`: the app starts the worker and wires the commands; the worker
//! learns about queued jobs from the store's change feed.

pub mod connection;
pub mod documents;
pub mod error;
pub mod kitchen;
pub mod labels;
pub mod receipt;
pub mod service;
pub mod types;

pub use connection::PrinterSetup;
pub use documents::{cash_movement_slip, document_bytes, refund_slip, shift_close_slip};
pub use error::{ReceiptsError, Result};
pub use kasir_core::{
    CodePageChoice, ConnectionType, OrderCodeChoice, PaperChoice, PrinterSettings,
};
pub use kitchen::{kitchen_ticket, ticket_bytes};
pub use labels::{LabelPrintItem, LabelPrintResult};
pub use receipt::{
    digital_receipt_bytes, job_bytes, order_receipt, receipt_for_order, sample_receipt, stored_logo,
};
pub use service::{Clock, Opener, PrintService};
pub use types::{
    DetectedPrinter, DigitalReceiptFormat, PreviewRequest, ReceiptLogo, ReceiptPreview,
    SavedReceipt, SerialPortInfo, TestPrintResult,
};

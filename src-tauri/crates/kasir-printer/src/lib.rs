//! `kasir-printer`: receipt layout to ESC/POS bytes ([`render`], [`test_page`], the kitchen
//! [`render_ticket`]), printer
//! drivers behind one [`PrinterDriver`] trait ([`open`], [`list_usb_printers`]) and a strict
//! ESC/POS decoder ([`decode`]) for previews and tests. The receipt logo is a dithered
//! [`Raster`] ([`raster`]); the digital receipt ([`digital`]) draws the decoded bytes as PNG
//! and PDF.
//!
//! This crate must not depend on tauri or on other project crates: it defines its own input
//! types ([`Receipt`], [`PrinterProfile`]) and the app maps its stored order into them.

pub mod barcode;
pub mod decode;
pub mod digital;
pub mod driver;
pub mod error;
pub mod escpos;
pub mod label;
pub mod label_pdf;
pub mod layout;
pub mod model;
pub mod raster;
pub mod text;
pub mod tspl;

pub use barcode::{Symbol, Symbology};
pub use driver::{
    list_serial_ports, list_usb_printers, open, DeviceFileDriver, PreviewDriver, PrinterConnection,
    PrinterDriver, SerialDriver, SerialPortInfo, TcpDriver, Timeouts, UsbDriver, UsbPrinterInfo,
    DEFAULT_BAUD_RATE, DEFAULT_TCP_PORT,
};
pub use error::{PrinterError, Result};
pub use label::{render_escpos as render_labels_escpos, LabelItem, LabelJob};
pub use label_pdf::{render_pdf as render_labels_pdf, PdfLabels, Sheet};
pub use layout::{format_local_time, render, render_slip, render_ticket, test_page};
pub use model::{
    Adjustment, CodePage, OrderCode, PaidPart, PaperWidth, Payment, PrinterProfile, Receipt,
    ReceiptLine, Slip, SlipRow, StoreInfo, Ticket, TicketLine, DEFAULT_TIMEZONE,
};
pub use raster::Raster;
pub use text::format_rupiah;
pub use tspl::{render_tspl as render_labels_tspl, LabelSize};

//! Printing commands (Pengaturan → Printer, the "Struk belum tercetak" badge, reprint). Each is
//! a one-line adapter onto `kasir_receipts::PrintService`; blocking printer I/O runs on Tauri's
//! blocking pool (`async` sync commands), never on the UI thread. The receipt logo and
//! "Simpan Struk" (the digital receipt, written into the user's Downloads folder) too.

use kasir_command::command;
use kasir_core::{IpcError, PrintJob};
use kasir_receipts::{
    DetectedPrinter, DigitalReceiptFormat, PreviewRequest, PrintService, PrinterSettings,
    ReceiptLogo, ReceiptPreview, SavedReceipt, SerialPortInfo, TestPrintResult,
};
use tauri::{AppHandle, State};

use crate::state::AppState;

#[command]
pub fn get_printer_settings(state: State<'_, AppState>) -> Result<PrinterSettings, IpcError> {
    Ok(state.printing.settings()?)
}

#[command]
pub fn save_printer_settings(
    state: State<'_, AppState>,
    settings: PrinterSettings,
) -> Result<PrinterSettings, IpcError> {
    Ok(state.printing.save_settings(&settings)?)
}

#[command]
pub fn list_usb_printers() -> Result<Vec<DetectedPrinter>, IpcError> {
    Ok(PrintService::detect_usb()?)
}

#[command]
pub fn test_print(
    state: State<'_, AppState>,
    settings: PrinterSettings,
) -> Result<TestPrintResult, IpcError> {
    Ok(state.printing.test_print(&settings)?)
}

#[command]
pub fn preview_receipt(
    state: State<'_, AppState>,
    req: PreviewRequest,
) -> Result<ReceiptPreview, IpcError> {
    Ok(state.printing.preview(&req)?)
}

#[command]
pub fn list_unprinted_receipts(state: State<'_, AppState>) -> Result<Vec<PrintJob>, IpcError> {
    Ok(state.printing.unprinted()?)
}

#[command]
pub fn retry_failed_prints(state: State<'_, AppState>) -> Result<Vec<PrintJob>, IpcError> {
    Ok(state.printing.retry_failed()?)
}

#[command]
pub fn reprint_receipt(state: State<'_, AppState>, order_id: i64) -> Result<PrintJob, IpcError> {
    Ok(state.printing.reprint(order_id)?)
}

#[command]
pub fn dismiss_print_job(state: State<'_, AppState>, job_id: i64) -> Result<PrintJob, IpcError> {
    Ok(state.printing.dismiss(job_id)?)
}

#[command]
pub fn list_serial_ports() -> Result<Vec<SerialPortInfo>, IpcError> {
    Ok(PrintService::detect_serial()?)
}

/// "Pilih logo": `path` is the file the owner chose in the file dialog.
#[command]
pub fn set_receipt_logo(state: State<'_, AppState>, path: String) -> Result<ReceiptLogo, IpcError> {
    Ok(state.printing.set_logo(std::path::Path::new(&path))?)
}

#[command]
pub fn get_receipt_logo(state: State<'_, AppState>) -> Result<Option<ReceiptLogo>, IpcError> {
    Ok(state.printing.logo()?)
}

#[command]
pub fn remove_receipt_logo(state: State<'_, AppState>) -> Result<(), IpcError> {
    Ok(state.printing.remove_logo()?)
}

/// "Simpan Struk": the order's receipt as PNG or PDF in the user's Downloads folder.
#[command]
pub fn save_digital_receipt(
    app: AppHandle,
    state: State<'_, AppState>,
    order_id: i64,
    format: DigitalReceiptFormat,
) -> Result<SavedReceipt, IpcError> {
    let dir = super::downloads(&app)?;
    Ok(state
        .printing
        .save_digital_receipt(order_id, format, &dir)?)
}

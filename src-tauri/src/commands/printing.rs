//! Printing commands (Pengaturan → Printer, the "Struk belum tercetak" badge, reprint). Each is
//! a one-line adapter onto `kasir_receipts::PrintService`; blocking printer I/O runs on Tauri's
//! blocking pool (`async` sync commands), never on the UI thread.

use kasir_core::{IpcError, PrintJob};
use kasir_receipts::{
    DetectedPrinter, PreviewRequest, PrintService, PrinterSettings, ReceiptPreview, TestPrintResult,
};
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_printer_settings(state: State<'_, AppState>) -> Result<PrinterSettings, IpcError> {
    Ok(state.printing.settings()?)
}

#[tauri::command(async)]
pub fn save_printer_settings(
    state: State<'_, AppState>,
    settings: PrinterSettings,
) -> Result<PrinterSettings, IpcError> {
    Ok(state.printing.save_settings(&settings)?)
}

#[tauri::command(async)]
pub fn list_usb_printers() -> Result<Vec<DetectedPrinter>, IpcError> {
    Ok(PrintService::detect_usb()?)
}

#[tauri::command(async)]
pub fn test_print(
    state: State<'_, AppState>,
    settings: PrinterSettings,
) -> Result<TestPrintResult, IpcError> {
    Ok(state.printing.test_print(&settings)?)
}

#[tauri::command(async)]
pub fn preview_receipt(
    state: State<'_, AppState>,
    req: PreviewRequest,
) -> Result<ReceiptPreview, IpcError> {
    Ok(state.printing.preview(&req)?)
}

#[tauri::command(async)]
pub fn list_unprinted_receipts(state: State<'_, AppState>) -> Result<Vec<PrintJob>, IpcError> {
    Ok(state.printing.unprinted()?)
}

#[tauri::command(async)]
pub fn retry_failed_prints(state: State<'_, AppState>) -> Result<Vec<PrintJob>, IpcError> {
    Ok(state.printing.retry_failed()?)
}

#[tauri::command(async)]
pub fn reprint_receipt(state: State<'_, AppState>, order_id: i64) -> Result<PrintJob, IpcError> {
    Ok(state.printing.reprint(order_id)?)
}

#[tauri::command(async)]
pub fn dismiss_print_job(state: State<'_, AppState>, job_id: i64) -> Result<PrintJob, IpcError> {
    Ok(state.printing.dismiss(job_id)?)
}

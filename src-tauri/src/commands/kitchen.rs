//! "Printer Dapur & Bar" (Pengaturan): kitchen/bar printers, which category prints where, and
//! "Tes Cetak". One-line adapters onto `kasir_receipts::PrintService` (kitchen); the test print's
//! blocking printer I/O runs on Tauri's blocking pool (`async` sync commands).

use kasir_command::command;
use kasir_core::{CategoryRoute, CategoryRouteInput, IpcError, PrepPrinter, PrepPrinterInput};
use kasir_receipts::TestPrintResult;
use tauri::State;

use crate::state::AppState;

#[command]
pub fn list_prep_printers(state: State<'_, AppState>) -> Result<Vec<PrepPrinter>, IpcError> {
    Ok(state.printing.prep_printers()?)
}

/// Add (`id` null) or edit; the connection is checked like the receipt printer's.
#[command]
pub fn save_prep_printer(
    state: State<'_, AppState>,
    printer: PrepPrinterInput,
) -> Result<PrepPrinter, IpcError> {
    Ok(state.printing.save_prep_printer(&printer)?)
}

/// No new tickets for it; its categories print nowhere until routed again.
#[command]
pub fn remove_prep_printer(state: State<'_, AppState>, printer_id: i64) -> Result<(), IpcError> {
    Ok(state.printing.remove_prep_printer(printer_id)?)
}

#[command]
pub fn list_category_routes(state: State<'_, AppState>) -> Result<Vec<CategoryRoute>, IpcError> {
    Ok(state.printing.category_routes()?)
}

/// The routing table, saved in one transaction.
#[command]
pub fn save_category_routes(
    state: State<'_, AppState>,
    routes: Vec<CategoryRouteInput>,
) -> Result<Vec<CategoryRoute>, IpcError> {
    Ok(state.printing.save_category_routes(&routes)?)
}

/// "Tes Cetak" with the form as it is (saved or not); fails with the real printer error.
#[command]
pub fn test_print_prep_printer(
    state: State<'_, AppState>,
    printer: PrepPrinterInput,
) -> Result<TestPrintResult, IpcError> {
    Ok(state.printing.test_print_prep_printer(&printer)?)
}

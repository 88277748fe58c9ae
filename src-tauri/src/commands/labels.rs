//! "Cetak Label" and Pengaturan → Label: one-line adapters onto `kasir_receipts` (labels).

use kasir_command::command;
use kasir_core::settings::labels::{LabelSettings, LabelTarget};
use kasir_core::IpcError;
use kasir_receipts::{LabelPrintItem, LabelPrintResult};
use tauri::{AppHandle, State};

use crate::state::AppState;

#[command]
pub fn get_label_settings(state: State<'_, AppState>) -> Result<LabelSettings, IpcError> {
    Ok(state.printing.label_settings()?)
}

/// A label size the label printer cannot take is refused with the reason; nothing is stored.
#[command]
pub fn save_label_settings(
    state: State<'_, AppState>,
    settings: LabelSettings,
) -> Result<LabelSettings, IpcError> {
    Ok(state.printing.save_label_settings(&settings)?)
}

/// Labels for the chosen products on the receipt printer, the label printer, or an A4 PDF in
/// Downloads that is then opened in the system's PDF viewer.
#[command]
pub fn print_labels(
    app: AppHandle,
    state: State<'_, AppState>,
    items: Vec<LabelPrintItem>,
    target: LabelTarget,
) -> Result<LabelPrintResult, IpcError> {
    let dir = super::downloads(&app)?;
    let mut result = state.printing.print_labels(&items, target, &dir)?;
    if let Some(path) = &result.path {
        result.opened = kasir_shared::files::open_in_system_viewer(std::path::Path::new(path));
    }
    Ok(result)
}

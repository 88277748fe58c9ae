//! IPC commands, grouped by feature. Each is a one-line adapter onto a library crate.

pub mod auth;
pub mod backups;
pub mod checkout;
pub mod counter;
pub mod display;
pub mod kitchen;
pub mod labels;
pub mod payment;
pub mod pricing;
pub mod printing;
pub mod products;
pub mod refunds;
pub mod reports;
pub mod settings;
pub mod shifts;
pub mod split;

/// The user's Downloads folder, where exports, saved receipts and label sheets go.
pub(crate) fn downloads(
    app: &tauri::AppHandle,
) -> Result<std::path::PathBuf, kasir_core::IpcError> {
    use tauri::Manager;
    app.path().download_dir().map_err(|_| {
        kasir_core::IpcError::new(
            kasir_core::ErrorKind::ExportFailed,
            "Folder Unduhan tidak ditemukan.",
        )
    })
}

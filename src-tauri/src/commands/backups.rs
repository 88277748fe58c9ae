//! Backups: status and settings, "Cadangkan sekarang", and restore from a chosen backup.

use kasir_command::command;
use std::path::PathBuf;

use kasir_core::{
    BackupInfo, BackupRecord, BackupSettings, BackupStatus, BackupTrigger, IpcError, Restored,
};
use tauri::State;

use crate::state::AppState;

#[command]
pub fn get_backup_status(state: State<'_, AppState>) -> Result<BackupStatus, IpcError> {
    Ok(state.store.backup_status()?)
}

#[command]
pub fn save_backup_settings(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> Result<BackupSettings, IpcError> {
    Ok(state
        .store
        .save_backup_settings(&settings, chrono::Utc::now())?)
}

#[command]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupRecord, IpcError> {
    Ok(state
        .store
        .backup_now(BackupTrigger::Manual, chrono::Utc::now())?)
}

#[command]
pub fn inspect_backup(state: State<'_, AppState>, path: String) -> Result<BackupInfo, IpcError> {
    Ok(state.store.inspect_backup(&PathBuf::from(path))?)
}

#[command]
pub fn restore_backup(state: State<'_, AppState>, path: String) -> Result<Restored, IpcError> {
    Ok(state
        .store
        .restore_from(&PathBuf::from(path), chrono::Utc::now())?)
}

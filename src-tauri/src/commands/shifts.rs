//! Shift commands: buka kasir, kas masuk/keluar, tutup kasir, past closes, the audit trail.

use kasir_command::command;
use kasir_core::{
    AuditEntry, AuditExport, AuditQuery, CashMovement, CashMovementInput, CloseShiftInput,
    IpcError, PrintJob, Shift, ShiftQuery, ShiftReport,
};
use tauri::{AppHandle, State};

use crate::state::AppState;

/// The open shift on this till with its running figures (None: "Buka Kasir").
#[command]
pub fn get_current_shift(state: State<'_, AppState>) -> Result<Option<ShiftReport>, IpcError> {
    Ok(state.store.current_shift_report(chrono::Utc::now())?)
}

#[command]
pub fn open_shift(state: State<'_, AppState>, opening_cash: i64) -> Result<Shift, IpcError> {
    Ok(state.store.open_shift(opening_cash, chrono::Utc::now())?)
}

#[command]
pub fn record_cash_movement(
    state: State<'_, AppState>,
    movement: CashMovementInput,
) -> Result<CashMovement, IpcError> {
    Ok(state
        .store
        .record_cash_movement(&movement, chrono::Utc::now())?)
}

#[command]
pub fn close_shift(
    state: State<'_, AppState>,
    req: CloseShiftInput,
) -> Result<ShiftReport, IpcError> {
    let report = state.store.close_shift(&req, chrono::Utc::now())?;
    // Every shift close is also a backup (a failure shows as the backup badge).
    let store = state.store.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = store.backup_now(kasir_core::BackupTrigger::ShiftClose, chrono::Utc::now())
        {
            tracing::warn!(target: "backup", "cadangan tutup kasir gagal: {}", e.message_id());
        }
    });
    Ok(report)
}

#[command]
pub fn list_shifts(state: State<'_, AppState>, query: ShiftQuery) -> Result<Vec<Shift>, IpcError> {
    Ok(state.store.list_shifts(&query)?)
}

#[command]
pub fn get_shift_report(
    state: State<'_, AppState>,
    shift_id: i64,
) -> Result<ShiftReport, IpcError> {
    Ok(state.store.shift_report(shift_id, chrono::Utc::now())?)
}

#[command]
pub fn reprint_shift_close(
    state: State<'_, AppState>,
    shift_id: i64,
) -> Result<PrintJob, IpcError> {
    Ok(state
        .store
        .reprint_shift_close(shift_id, chrono::Utc::now())?)
}

#[command]
pub fn list_audit(
    state: State<'_, AppState>,
    query: AuditQuery,
) -> Result<Vec<AuditEntry>, IpcError> {
    Ok(state.store.audit_entries(&query)?)
}

/// The filtered trail as CSV in the user's Downloads folder.
#[command]
pub fn export_audit_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    query: AuditQuery,
) -> Result<AuditExport, IpcError> {
    let failed = |message: String| IpcError::new(kasir_core::ErrorKind::ExportFailed, message);
    let dir = super::downloads(&app)?;
    let name = format!(
        "jejak-audit-{}.csv",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    let path = dir.join(name);
    let rows = state
        .store
        .export_audit_csv(&query, &path)
        .map_err(|e| failed(format!("Ekspor gagal: {}", e.message_id())))?;
    Ok(AuditExport {
        path: path.display().to_string(),
        rows: i64::try_from(rows).unwrap_or(i64::MAX),
    })
}

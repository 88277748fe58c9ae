//! Owner report commands: one-line adapters onto the `kasir-reports` crate. Time is read here
//! (`Utc::now()`), never inside the crate.

use kasir_command::command;
use kasir_core::IpcError;
use kasir_reports::{
    Dashboard, DateRange, ExportResult, HistoryPage, HistoryQuery, Period, PeriodRequest,
    QrisReconciliation, ReconciliationQuery, SaleDetail,
};
use tauri::{AppHandle, State};

use crate::state::AppState;

#[command]
pub fn get_sales_dashboard(
    state: State<'_, AppState>,
    req: PeriodRequest,
) -> Result<Dashboard, IpcError> {
    Ok(kasir_reports::dashboard(
        &state.store,
        &req,
        chrono::Utc::now(),
    )?)
}

/// Laba & Pajak: HPP, gross profit by product and category, tax per month, QRIS MDR estimate.
#[command]
pub fn get_profit_report(
    state: State<'_, AppState>,
    req: PeriodRequest,
) -> Result<kasir_reports::ProfitReport, IpcError> {
    Ok(kasir_reports::profit_report(
        &state.store,
        &req,
        chrono::Utc::now(),
    )?)
}

#[command]
pub fn resolve_report_period(
    state: State<'_, AppState>,
    req: PeriodRequest,
) -> Result<Period, IpcError> {
    Ok(kasir_reports::resolve_period(
        &state.store,
        &req,
        chrono::Utc::now(),
    )?)
}

#[command]
pub fn get_qris_reconciliation(
    state: State<'_, AppState>,
    req: ReconciliationQuery,
) -> Result<QrisReconciliation, IpcError> {
    Ok(kasir_reports::qris_reconciliation(&state.store, &req)?)
}

#[command]
pub fn list_sales_history(
    state: State<'_, AppState>,
    req: HistoryQuery,
) -> Result<HistoryPage, IpcError> {
    Ok(kasir_reports::sales_history(&state.store, &req)?)
}

#[command]
pub fn get_sale_detail(state: State<'_, AppState>, order_id: i64) -> Result<SaleDetail, IpcError> {
    Ok(kasir_reports::sale_detail(&state.store, order_id)?)
}

/// Write the period's CSV into the user's Downloads folder; returns the path and row counts.
#[command]
pub fn export_sales_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    req: DateRange,
) -> Result<ExportResult, IpcError> {
    let dir = super::downloads(&app)?;
    Ok(kasir_reports::export_csv_to_dir(&state.store, &req, &dir)?)
}

/// Write the period as an Excel workbook (sheets "Penjualan" and "Ringkasan") into the user's
/// Downloads folder; returns the path and row counts.
#[command]
pub fn export_sales_xlsx(
    app: AppHandle,
    state: State<'_, AppState>,
    req: DateRange,
) -> Result<ExportResult, IpcError> {
    let dir = super::downloads(&app)?;
    Ok(kasir_reports::export_xlsx_to_dir(&state.store, &req, &dir)?)
}

//! Kasir Alpiant sales reports for the shop owner: periods in the shop's timezone with a
//! business-day cutoff, the dashboard (cards, comparison, payment methods and QRIS issuers, by
//! hour, per day, top products, low stock), QRIS reconciliation, transaction history, CSV and
//! XLSX export, and product files (import parsing of CSV/XLSX, catalogue export).
//! Reports read through the store's read-only connections, so a long export never makes the
//! checkout wait. (Demo data for benchmarks comes from `kasir-demo`.)
//!
//! All report SQL lives here and reads through `kasir_core::Store`; the only schema this crate
//! relies on beyond kasir-core's tables are the indexes of kasir-core migration 3 and the
//! trigger-maintained roll-ups of migration 5 (`report_*` tables). Must not
//! depend on `tauri`: the app's commands and the CLI are one-line adapters onto these functions.
//! Time (`now`) is passed in.

pub mod dashboard;
pub mod error;
pub mod export;
pub mod history;
pub mod period;
pub mod products_io;
pub mod profit;
mod xlsx;

use kasir_core::Store;
use rusqlite::Connection;

pub use dashboard::{
    dashboard, dashboard_for, CashierSales, Changes, Dashboard, DaySales, HourSales, IssuerSales,
    LowStockCard, MethodSales, ProductSales, Summary,
};
pub use error::{ReportError, Result};
pub use export::{
    export_csv, export_csv_file, export_csv_to_dir, export_xlsx_file, export_xlsx_to_dir,
    ExportResult,
};
pub use history::{
    qris_reconciliation, sale_detail, sales_history, FlaggedAttempt, HistoryPage, HistoryQuery,
    HistoryRow, PaymentAttemptInfo, QrisPaidRow, QrisReconciliation, ReconciliationQuery,
    SaleDetail,
};
pub use period::{
    report_settings, resolve_period, set_business_day_cutoff, Clock, DateRange, Period,
    PeriodRequest, Preset, ReportSettings, Window,
};
pub use products_io::{
    commit_product_import, export_products_file, export_products_to_dir, preview_product_import,
    read_import_file, ProductExport,
};
pub use profit::{profit_report, ProfitReport, ProfitRow, TaxMonth};

/// Run a read-only closure that returns this crate's errors on the store's connection.
pub fn read<T>(store: &Store, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let mut out = None;
    store.read(|c| {
        out = Some(f(c));
        Ok(())
    })?;
    out.unwrap_or_else(|| Err(ReportError::Internal("pembacaan tidak berjalan".into())))
}

//! Tauri app wiring: opens the store, registers state and the thin IPC commands.
//!
//! Logic lives in the library crates under `crates/`; nothing here decides about money.

mod commands;
mod state;

use tauri::Manager;

use crate::state::AppState;

pub fn run() {
    let builder = tauri::Builder::default()
        // Must be the first plugin: a second launch focuses the running till instead of opening
        // another window on the same database.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .setup(|app| {
            let state = AppState::init(app.handle())?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::checkout::get_catalog,
            commands::checkout::price_cart,
            commands::checkout::lookup_barcode,
            commands::checkout::pay_cash,
            commands::checkout::get_order,
            commands::settings::get_shop_profile,
            commands::settings::set_shop_timezone,
            commands::products::list_products,
            commands::products::save_product,
            commands::products::adjust_stock,
            commands::products::list_stock_movements,
            commands::products::list_categories,
            commands::products::save_category,
            commands::products::delete_category,
            commands::products::remove_demo_catalog,
            commands::payment::get_payment_mode,
            commands::payment::start_qris,
            commands::payment::generate_payment_qr,
            commands::payment::check_payment_status,
            commands::payment::cancel_payment,
            commands::payment::demo_pay,
            commands::printing::get_printer_settings,
            commands::printing::save_printer_settings,
            commands::printing::list_usb_printers,
            commands::printing::test_print,
            commands::printing::preview_receipt,
            commands::printing::list_unprinted_receipts,
            commands::printing::retry_failed_prints,
            commands::printing::reprint_receipt,
            commands::printing::dismiss_print_job,
            commands::reports::get_sales_dashboard,
            commands::reports::resolve_report_period,
            commands::reports::get_qris_reconciliation,
            commands::reports::list_sales_history,
            commands::reports::get_sale_detail,
            commands::reports::get_report_settings,
            commands::reports::set_business_day_cutoff,
            commands::reports::export_sales_csv,
            commands::reports::export_sales_xlsx,
        ]);
    if let Err(e) = builder.run(tauri::generate_context!()) {
        eprintln!("Kasir Alpiant gagal berjalan: {e}");
        std::process::exit(1);
    }
}

fn main() {
    // Declaring the app's commands makes Tauri generate one permission per command; the
    // capability file then allows exactly these and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "get_catalog",
            "price_cart",
            "lookup_barcode",
            "pay_cash",
            "get_order",
            "get_shop_profile",
            "get_payment_mode",
            "start_qris",
            "generate_payment_qr",
            "check_payment_status",
            "cancel_payment",
            "demo_pay",
            "get_sales_dashboard",
            "resolve_report_period",
            "get_qris_reconciliation",
            "list_sales_history",
            "get_sale_detail",
            "get_report_settings",
            "set_business_day_cutoff",
            "export_sales_csv",
            "get_printer_settings",
            "save_printer_settings",
            "list_usb_printers",
            "test_print",
            "preview_receipt",
            "list_unprinted_receipts",
            "retry_failed_prints",
            "reprint_receipt",
            "dismiss_print_job",
        ]),
    ))
    .expect("failed to run tauri-build");
}

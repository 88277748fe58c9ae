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
        ]),
    ))
    .expect("failed to run tauri-build");
}

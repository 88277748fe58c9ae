//! The customer display ("Layar Pelanggan"): its view (computed in kasir-core from the till's
//! state; the QR drawn by kasir-payment), the cart the checkout puts on it, its window and the
//! owner's promo text. One-line adapters onto `kasir_core::display` and `crate::customer_window`.

use kasir_command::command;
use kasir_core::{
    CustomerDisplaySettings, CustomerDisplayView, CustomerDisplayWindow, DisplayWindowSettings,
    IpcError,
};
use tauri::{AppHandle, State};

use crate::commands::checkout::PriceCartArgs;
use crate::customer_window;
use crate::state::AppState;

/// What the display shows now. Public (the display never signs in): with nobody signed in or
/// the screen locked it is the idle screen (shop name, logo, promo text), which is public too.
#[command]
pub fn get_customer_display(state: State<'_, AppState>) -> Result<CustomerDisplayView, IpcError> {
    Ok(state
        .store
        .customer_display(chrono::Utc::now(), &|payload| {
            kasir_payment::qr::render_svg(payload).ok()
        })?)
}

/// The shop's logo for the idle screen (the receipt logo as it prints), or None.
#[command]
pub fn get_customer_display_logo(state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    Ok(state.printing.logo()?.map(|logo| logo.data_url))
}

/// "This is the cart on the till now" (the same input as `price_cart`; priced in Rust). No
/// lines clears it.
#[command]
pub fn show_cart_on_display(
    state: State<'_, AppState>,
    req: PriceCartArgs,
) -> Result<(), IpcError> {
    Ok(state.store.show_cart_on_display(
        &req.lines,
        &req.cart.unwrap_or_default(),
        chrono::Utc::now(),
    )?)
}

#[command]
pub fn get_customer_display_window(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<CustomerDisplayWindow, IpcError> {
    customer_window::describe(&app, &state)
}

/// Open the display (or move it) on `settings.monitor`, fullscreen or not; remembered per till.
#[command]
pub fn open_customer_display(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: DisplayWindowSettings,
) -> Result<CustomerDisplayWindow, IpcError> {
    customer_window::open(&app, &state, settings.monitor, settings.fullscreen)
}

#[command]
pub fn close_customer_display(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<CustomerDisplayWindow, IpcError> {
    customer_window::close(&app, &state)
}

#[command]
pub fn get_customer_display_settings(
    state: State<'_, AppState>,
) -> Result<CustomerDisplaySettings, IpcError> {
    Ok(state.store.customer_display_settings()?)
}

#[command]
pub fn save_customer_display_settings(
    state: State<'_, AppState>,
    settings: CustomerDisplaySettings,
) -> Result<CustomerDisplaySettings, IpcError> {
    Ok(state
        .store
        .save_customer_display_settings(&settings, chrono::Utc::now())?)
}

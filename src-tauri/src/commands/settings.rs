//! Settings commands: each form is read and saved whole (one transaction in kasir-core).

use kasir_command::command;
use kasir_core::{IpcError, ShopClock, ShopProfile};
use kasir_support::SupportInfo;
use tauri::State;

use crate::state::AppState;

#[command]
pub fn get_shop_profile(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    Ok(state.store.shop_profile()?)
}

/// "Toko & Waktu": the shop's timezone and business-day start.
#[command]
pub fn get_shop_clock(state: State<'_, AppState>) -> Result<ShopClock, IpcError> {
    Ok(state.store.shop_clock()?)
}

/// Save the whole "Toko & Waktu" form atomically.
#[command]
pub fn save_shop_clock(
    state: State<'_, AppState>,
    clock: ShopClock,
) -> Result<ShopClock, IpcError> {
    Ok(state.store.save_shop_clock(&clock, chrono::Utc::now())?)
}

/// "Info & Log": version, data dir, database size, last errors.
#[command]
pub fn get_support_info(state: State<'_, AppState>) -> Result<SupportInfo, IpcError> {
    let schema = state.store.schema_version()?;
    let provider = state.payment_mode().provider;
    Ok(kasir_support::support_info(
        &state.paths,
        schema,
        &provider,
        &state.recent_errors,
    ))
}

//! Settings commands.

use kasir_core::{IpcError, ShopProfile};
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_shop_profile(state: State<'_, AppState>) -> Result<ShopProfile, IpcError> {
    Ok(state.store.shop_profile()?)
}

#[tauri::command(async)]
pub fn set_shop_timezone(
    state: State<'_, AppState>,
    timezone: String,
) -> Result<ShopProfile, IpcError> {
    Ok(state.store.set_shop_timezone(&timezone)?)
}

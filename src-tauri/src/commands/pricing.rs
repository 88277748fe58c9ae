//! "Pajak & Harga" and promos.

use kasir_command::command;
use kasir_core::kasir_pricing::{PricingSettings, PromoRule};
use kasir_core::{IpcError, Promo};
use serde::Deserialize;
use tauri::State;

use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavePromoArgs {
    pub rule: PromoRule,
    pub active: bool,
}

#[command]
pub fn get_pricing_settings(state: State<'_, AppState>) -> Result<PricingSettings, IpcError> {
    Ok(state.store.pricing_settings()?)
}

#[command]
pub fn save_pricing_settings(
    state: State<'_, AppState>,
    settings: PricingSettings,
) -> Result<PricingSettings, IpcError> {
    Ok(state
        .store
        .save_pricing_settings(&settings, chrono::Utc::now())?)
}

#[command]
pub fn list_promos(state: State<'_, AppState>) -> Result<Vec<Promo>, IpcError> {
    Ok(state.store.promos()?)
}

#[command]
pub fn save_promo(state: State<'_, AppState>, req: SavePromoArgs) -> Result<Promo, IpcError> {
    Ok(state
        .store
        .save_promo(&req.rule, req.active, chrono::Utc::now())?)
}

//! Checkout commands: catalogue, cart pricing, barcode lookup, cash payment.

use kasir_core::{Catalog, IpcError, Order, PayCashRequest, PricedCart, Product};
use serde::Deserialize;
use tauri::State;

use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceCartArgs {
    pub lines: Vec<kasir_core::CartLineInput>,
    /// Cart discount and picked promos.
    #[serde(default)]
    pub cart: Option<kasir_core::CartOptions>,
}

#[tauri::command(async)]
pub fn get_catalog(state: State<'_, AppState>) -> Result<Catalog, IpcError> {
    Ok(state.store.catalog()?)
}

#[tauri::command(async)]
pub fn price_cart(state: State<'_, AppState>, req: PriceCartArgs) -> Result<PricedCart, IpcError> {
    Ok(state.store.price_cart(
        &req.lines,
        &req.cart.unwrap_or_default(),
        chrono::Utc::now(),
    )?)
}

#[tauri::command(async)]
pub fn lookup_barcode(state: State<'_, AppState>, code: String) -> Result<Product, IpcError> {
    Ok(state.store.product_by_barcode(&code)?)
}

#[tauri::command(async)]
pub fn pay_cash(state: State<'_, AppState>, req: PayCashRequest) -> Result<Order, IpcError> {
    Ok(state.store.pay_cash(&req, chrono::Utc::now())?)
}

#[tauri::command(async)]
pub fn get_order(state: State<'_, AppState>, order_id: i64) -> Result<Order, IpcError> {
    Ok(state.store.order(order_id)?)
}

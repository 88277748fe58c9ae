//! Checkout commands: catalogue, cart pricing, barcode lookup, cash payment.

use kasir_command::command;
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

#[command]
pub fn get_catalog(state: State<'_, AppState>) -> Result<Catalog, IpcError> {
    Ok(state.store.catalog()?)
}

/// `on_till`: this is the cart on the till now (the checkout's own pricing), so the customer
/// display shows it, priced once for both. Other callers (a line's price in the options dialog,
/// the pricing example) leave it out.
#[command]
pub fn price_cart(
    state: State<'_, AppState>,
    req: PriceCartArgs,
    on_till: Option<bool>,
) -> Result<PricedCart, IpcError> {
    let options = req.cart.unwrap_or_default();
    let now = chrono::Utc::now();
    Ok(if on_till.unwrap_or(false) {
        state.store.price_cart_on_till(&req.lines, &options, now)?
    } else {
        state.store.price_cart(&req.lines, &options, now)?
    })
}

#[command]
pub fn lookup_barcode(state: State<'_, AppState>, code: String) -> Result<Product, IpcError> {
    Ok(state.store.product_by_barcode(&code)?)
}

#[command]
pub fn pay_cash(state: State<'_, AppState>, req: PayCashRequest) -> Result<Order, IpcError> {
    Ok(state.store.pay_cash(&req, chrono::Utc::now())?)
}

#[command]
pub fn get_order(state: State<'_, AppState>, order_id: i64) -> Result<Order, IpcError> {
    Ok(state.store.order(order_id)?)
}

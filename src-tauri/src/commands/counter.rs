//! Counter flows (issue 14): product options, held carts ("Tahan transaksi") and open bills.
//! Thin: every amount is priced by kasir-core from what is stored.

use chrono::Utc;
use kasir_command::command;
use kasir_core::{
    AddToBillRequest, Bill, CartOptions, HeldCart, HoldCartRequest, IpcError, OptionGroup,
    OptionGroupInput, Order, PrintJob,
};
use kasir_payment::QrPayment;
use serde::Deserialize;
use tauri::State;

use crate::commands::payment::runtime;
use crate::state::AppState;

#[command]
pub fn get_product_options(
    state: State<'_, AppState>,
    product_id: i64,
) -> Result<Vec<OptionGroup>, IpcError> {
    Ok(state.store.product_options(product_id)?)
}

#[command]
pub fn save_product_options(
    state: State<'_, AppState>,
    product_id: i64,
    groups: Vec<OptionGroupInput>,
) -> Result<Vec<OptionGroup>, IpcError> {
    Ok(state
        .store
        .save_product_options(product_id, &groups, Utc::now())?)
}

#[command]
pub fn hold_cart(state: State<'_, AppState>, req: HoldCartRequest) -> Result<HeldCart, IpcError> {
    Ok(state.store.hold_cart(&req, Utc::now())?)
}

#[command]
pub fn list_held_carts(state: State<'_, AppState>) -> Result<Vec<HeldCart>, IpcError> {
    Ok(state.store.held_carts()?)
}

#[command]
pub fn resume_held_cart(state: State<'_, AppState>, id: i64) -> Result<HeldCart, IpcError> {
    Ok(state.store.resume_held_cart(id, Utc::now())?)
}

#[command]
pub fn open_bill(state: State<'_, AppState>, name: String) -> Result<Bill, IpcError> {
    Ok(state.store.open_bill(&name, Utc::now())?)
}

#[command]
pub fn list_open_bills(state: State<'_, AppState>) -> Result<Vec<Bill>, IpcError> {
    Ok(state.store.open_bills(Utc::now())?)
}

#[command]
pub fn get_bill(state: State<'_, AppState>, bill_id: i64) -> Result<Bill, IpcError> {
    Ok(state.store.bill(bill_id, Utc::now())?)
}

#[command]
pub fn add_to_bill(state: State<'_, AppState>, req: AddToBillRequest) -> Result<Bill, IpcError> {
    Ok(state.store.add_to_bill(&req, Utc::now())?)
}

#[command]
pub fn remove_bill_line(
    state: State<'_, AppState>,
    bill_id: i64,
    line_id: i64,
) -> Result<Bill, IpcError> {
    Ok(state.store.remove_bill_line(bill_id, line_id, Utc::now())?)
}

#[command]
pub fn send_bill(state: State<'_, AppState>, bill_id: i64) -> Result<Bill, IpcError> {
    Ok(state.store.send_bill(bill_id, Utc::now())?)
}

#[command]
pub fn print_bill(state: State<'_, AppState>, bill_id: i64) -> Result<PrintJob, IpcError> {
    Ok(state.store.print_bill(bill_id, Utc::now())?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayBillArgs {
    pub bill_id: i64,
    #[serde(default)]
    pub cart: Option<CartOptions>,
    /// Cash handed over (cash only).
    #[serde(default)]
    pub tendered: i64,
}

#[command]
pub fn pay_bill_cash(state: State<'_, AppState>, req: PayBillArgs) -> Result<Order, IpcError> {
    Ok(state.store.pay_bill_cash(
        req.bill_id,
        &req.cart.unwrap_or_default(),
        req.tendered,
        Utc::now(),
    )?)
}

#[command]
pub async fn start_bill_qris(
    state: State<'_, AppState>,
    req: PayBillArgs,
) -> Result<QrPayment, IpcError> {
    Ok(runtime(&state)?
        .service
        .start_bill_qris(req.bill_id, &req.cart.unwrap_or_default())
        .await?)
}

#[command]
pub fn void_bill(
    state: State<'_, AppState>,
    bill_id: i64,
    reason: String,
) -> Result<Bill, IpcError> {
    Ok(state.store.void_bill(bill_id, &reason, Utc::now())?)
}

//! Split payment commands: one order paid in parts (cash parts, QRIS parts). Amounts due,
//! equal shares and item shares are computed in Rust from the stored order; the window only
//! says how to split and how much cash was handed over.

use chrono::Utc;
use kasir_command::command;
use kasir_core::{IpcError, Order, PartPlan};
use kasir_payment::{QrPayment, StartQrisRequest};
use serde::Deserialize;
use tauri::State;

use crate::commands::counter::PayBillArgs;
use crate::commands::payment::runtime;
use crate::state::AppState;

/// Store the cart as an order to be paid in parts (nothing is charged yet).
#[command]
pub fn start_split(state: State<'_, AppState>, req: StartQrisRequest) -> Result<Order, IpcError> {
    Ok(state
        .store
        .create_split_order(&req.lines, &req.cart.unwrap_or_default(), Utc::now())?)
}

/// An open bill to be paid in parts.
#[command]
pub fn start_bill_split(state: State<'_, AppState>, req: PayBillArgs) -> Result<Order, IpcError> {
    Ok(state.store.create_split_order_for_bill(
        req.bill_id,
        &req.cart.unwrap_or_default(),
        Utc::now(),
    )?)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayPartCashArgs {
    pub order_id: i64,
    /// The cash part as typed by the cashier; absent (and no plan): everything still due.
    #[serde(default)]
    pub amount: Option<i64>,
    /// Or the part by a plan (an equal share, the chosen items), computed in Rust.
    #[serde(default)]
    pub plan: Option<PartPlan>,
    pub tendered: i64,
}

#[command]
pub fn pay_part_cash(state: State<'_, AppState>, req: PayPartCashArgs) -> Result<Order, IpcError> {
    let now = Utc::now();
    Ok(match &req.plan {
        Some(plan) => state
            .store
            .pay_planned_part_cash(req.order_id, plan, req.tendered, now)?,
        None => state
            .store
            .pay_part_cash(req.order_id, req.amount, req.tendered, now)?,
    })
}

/// What the next part by `plan` comes to (shown before its QR is made).
#[command]
pub fn get_part_amount(
    state: State<'_, AppState>,
    order_id: i64,
    plan: PartPlan,
) -> Result<i64, IpcError> {
    Ok(state.store.part_amount(order_id, &plan)?)
}

/// The QR for the next part by `plan`.
#[command]
pub async fn generate_part_qr(
    state: State<'_, AppState>,
    order_id: i64,
    plan: PartPlan,
) -> Result<QrPayment, IpcError> {
    Ok(runtime(&state)?
        .service
        .generate_part_qr(order_id, &plan)
        .await?)
}

/// A quick sale left mid-split on this till (the checkout opens it again).
#[command]
pub fn get_pending_split(state: State<'_, AppState>) -> Result<Option<i64>, IpcError> {
    Ok(state.store.pending_split_order()?)
}

/// Give up a split order on which nothing was paid yet.
#[command]
pub fn cancel_split(state: State<'_, AppState>, order_id: i64) -> Result<Order, IpcError> {
    Ok(state.store.cancel_split_order(order_id, Utc::now())?)
}

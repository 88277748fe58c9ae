//! Taking a sale back: refund (cash from the drawer, or QRIS through the gateway) and void.

use kasir_command::command;
use kasir_core::{IpcError, Order, PaymentMethod, Refund, RefundInput, RefundPlan, Refundable};
use serde::Deserialize;
use tauri::State;

use crate::state::AppState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoidArgs {
    pub order_id: i64,
    pub reason: String,
}

#[command]
pub fn get_refundable(state: State<'_, AppState>, order_id: i64) -> Result<Refundable, IpcError> {
    Ok(state.store.refundable(order_id)?)
}

/// What the refund would give back (computed in Rust; nothing written).
#[command]
pub fn plan_refund(state: State<'_, AppState>, req: RefundInput) -> Result<RefundPlan, IpcError> {
    Ok(state.store.plan_refund(&req)?)
}

/// A cash sale (or "kembalikan tunai") is refunded from the drawer at once; a QRIS sale is
/// asked of its gateway and followed until it is done.
#[command]
pub async fn refund_order(
    state: State<'_, AppState>,
    req: RefundInput,
) -> Result<Refund, IpcError> {
    let method = state.store.refundable(req.order_id)?.method;
    if method == PaymentMethod::Cash || req.to_cash {
        return Ok(state.store.refund_cash(&req, chrono::Utc::now())?);
    }
    let runtime = crate::commands::payment::runtime(&state)?;
    Ok(runtime.service.refund_qris(&req).await?)
}

#[command]
pub async fn void_order(state: State<'_, AppState>, req: VoidArgs) -> Result<Order, IpcError> {
    match crate::commands::payment::runtime(&state) {
        Ok(runtime) => Ok(runtime
            .service
            .void_order(req.order_id, &req.reason)
            .await?),
        // QRIS off: no QR can be live at a gateway.
        Err(_) => Ok(state
            .store
            .void_order(req.order_id, &req.reason, chrono::Utc::now())?),
    }
}

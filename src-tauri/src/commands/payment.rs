//! QRIS payment commands. The amount is never an argument: Rust prices the stored order.

use kasir_command::command;
use kasir_core::IpcError;
use kasir_payment::{
    DemoPayRequest, PaymentMode, PaymentRuntime, PaymentState, QrPayment, StartQrisRequest,
};
use tauri::State;

use crate::state::AppState;

pub(crate) fn runtime<'a>(state: &'a State<'_, AppState>) -> Result<&'a PaymentRuntime, IpcError> {
    state.payments.as_ref().map_err(|reason| IpcError {
        kind: kasir_core::ErrorKind::Config,
        message: format!("QRIS tidak aktif: {reason}"),
    })
}

#[command]
pub fn get_payment_mode(state: State<'_, AppState>) -> Result<PaymentMode, IpcError> {
    Ok(state.payment_mode())
}

#[command]
pub async fn start_qris(
    state: State<'_, AppState>,
    req: StartQrisRequest,
) -> Result<QrPayment, IpcError> {
    Ok(runtime(&state)?
        .service
        .start_qris(&req.lines, &req.cart.unwrap_or_default())
        .await?)
}

#[command]
pub async fn generate_payment_qr(
    state: State<'_, AppState>,
    order_id: i64,
) -> Result<QrPayment, IpcError> {
    Ok(runtime(&state)?
        .service
        .generate_payment_qr(order_id)
        .await?)
}

#[command]
pub async fn check_payment_status(
    state: State<'_, AppState>,
    attempt_id: String,
) -> Result<PaymentState, IpcError> {
    Ok(runtime(&state)?
        .service
        .check_payment_status(&attempt_id)
        .await?)
}

#[command]
pub async fn cancel_payment(
    state: State<'_, AppState>,
    attempt_id: String,
) -> Result<PaymentState, IpcError> {
    Ok(runtime(&state)?.service.cancel_payment(&attempt_id).await?)
}

/// "Simpan & tutup": the sale is set aside (works offline); the worker finishes it.
#[command]
pub fn set_aside_payment(
    state: State<'_, AppState>,
    attempt_id: String,
) -> Result<PaymentState, IpcError> {
    Ok(runtime(&state)?.service.set_aside(&attempt_id)?)
}

#[command]
pub async fn demo_pay(
    state: State<'_, AppState>,
    req: DemoPayRequest,
) -> Result<PaymentState, IpcError> {
    Ok(runtime(&state)?
        .demo_pay(&req.attempt_id, &req.issuer)
        .await?)
}

//! The `Gateway` trait every provider client implements, the constructors `build_gateway` /
//! `build_gateway_with` / `build_gateway_with_clock`, and `charge_or_recover`, the only safe
//! way to repeat a charge whose answer was lost. Provider specifics live in `midtrans` and
//! `xendit`; the wire behind them is a `transport::Transport`. Knows no HTTP library and no
//! JSON shape.

use std::sync::Arc;

use async_trait::async_trait;
use kasir_shared::time::{system_clock, Clock};

use crate::error::{GatewayError, Result};
use crate::model::{
    Charge, ChargeRequest, GatewayConfig, PaymentStatus, ProviderKind, RefundLookup, RefundReport,
    RefundRequest, StatusReport,
};
use crate::policy::ClientOptions;
use crate::transport::ReqwestTransport;
use crate::{midtrans::MidtransClient, xendit::XenditClient};

#[async_trait]
pub trait Gateway: Send + Sync {
    fn kind(&self) -> ProviderKind;
    /// Creates a dynamic QRIS charge. Never blindly retried once it may have reached the
    /// gateway: use [`charge_or_recover`] to repeat it safely.
    async fn charge(&self, req: &ChargeRequest) -> Result<Charge>;
    /// Midtrans accepts `order_id` or `transaction_id`; Xendit needs `gateway_ref`
    /// (the `payment_request_id`).
    async fn status(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport>;
    /// Midtrans: a 412 (already settled/finished) comes back as `Err(Rejected{412,..})`.
    async fn cancel(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport>;
    /// Xendit has no expire: same as cancel.
    async fn expire(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport>;
    /// Asks the gateway to give `req.amount` of a settled QRIS payment back (full or partial).
    ///
    /// Safe to repeat with the **same** `refund_key`: the gateway dedups on it (Midtrans
    /// `refund_key`, Xendit `Idempotency-key`), so a reply lost to a timeout or a dropped
    /// connection is re-sent within the retry policy and may be re-sent by the caller too —
    /// it answers with the refund already made, never a second one. A refusal (not supported
    /// by the payer's app, more than is left, not settled…) is
    /// `Err(GatewayError::RefundRefused)` with an Indonesian reason. `Ok` may still be
    /// [`crate::RefundStatus::Pending`]: follow it with [`Gateway::refund_status`].
    async fn refund(&self, req: &RefundRequest) -> Result<RefundReport>;
    /// Where a refund asked earlier stands now (pending → succeeded / failed).
    async fn refund_status(&self, lookup: &RefundLookup) -> Result<RefundReport>;
    /// True when `charge` itself already re-sends a create that may have landed (Xendit with
    /// retries, safe under its idempotency key): [`charge_or_recover`] then adds no second
    /// retry layer.
    fn charge_replays_itself(&self) -> bool {
        false
    }
    /// Gateway clock − our clock, from the `Date` header of the last reply (if any).
    fn clock_skew(&self) -> Option<chrono::Duration> {
        None
    }
    /// The QR image behind a charge's `qr_image_url`, for a gateway that sent no payload.
    async fn qr_image(&self, url: &str) -> Result<crate::transport::QrImage> {
        let _ = url;
        Err(GatewayError::InvalidRequest(
            "gateway ini tidak mengirim gambar QR".into(),
        ))
    }
}

/// Real client for the configured provider, default timeouts (5 s connect, 15 s total) and
/// retry policy. The emulator is just another `base_url`.
pub fn build_gateway(cfg: GatewayConfig) -> Result<Arc<dyn Gateway>> {
    build_gateway_with(cfg, ClientOptions::default())
}

/// Real client with these timeouts and retry policy, on the wall clock.
pub fn build_gateway_with(cfg: GatewayConfig, opts: ClientOptions) -> Result<Arc<dyn Gateway>> {
    build_gateway_with_clock(cfg, opts, system_clock())
}

/// Real client whose times (Xendit's `expires_at`) come from `clock`: pass the service's clock
/// so a test that moves it moves the gateway's view of "now" too.
pub fn build_gateway_with_clock(
    cfg: GatewayConfig,
    opts: ClientOptions,
    clock: Clock,
) -> Result<Arc<dyn Gateway>> {
    if cfg.key.is_empty() {
        return Err(GatewayError::Config("kunci API kosong".into()));
    }
    let transport = Arc::new(ReqwestTransport::new(&cfg.base_url, &opts.timeouts)?);
    Ok(match cfg.kind {
        ProviderKind::Midtrans => Arc::new(
            MidtransClient::with_transport(transport, cfg.key, opts.retry).with_clock(clock),
        ),
        ProviderKind::Xendit => Arc::new(XenditClient::with_transport(
            transport, cfg.key, opts.retry, clock,
        )),
    })
}

/// Charges, and when the answer was lost after the request may have reached the gateway
/// (response timeout, dropped connection, 5xx, unreadable body) recovers the same charge
/// instead of creating a second one:
///
/// * Midtrans: asks the status of the same `order_id`. Unknown there → the charge never
///   landed, charge again. Pending with the same amount → re-send the charge with the same
///   `Idempotency-Key` (Midtrans keeps it 5 minutes) to get the original reply with its QR.
///   Paid → returns the charge as paid (no QR). Other outcomes return the original error.
/// * Xendit: the very same create (body built once, `expires_at` fixed in the request) under
///   the same `Idempotency-key` (= order_id) is re-sent — Xendit answers a repeat with the
///   original. One retry layer only: when the client already re-sent it within its retry
///   policy ([`Gateway::charge_replays_itself`]) nothing is added here (the two layers used to
///   multiply into six POSTs); a client without retries gets one re-send here.
///
/// One recovery round only: if that fails too, the error is returned and the service should
/// ask the cashier before trying again.
pub async fn charge_or_recover(gw: &dyn Gateway, req: &ChargeRequest) -> Result<Charge> {
    let first = match gw.charge(req).await {
        Ok(c) => return Ok(c),
        Err(e) if !e.may_have_reached_gateway() => return Err(e),
        Err(e) => e,
    };
    match gw.kind() {
        ProviderKind::Xendit if gw.charge_replays_itself() => Err(first),
        ProviderKind::Xendit => gw.charge(req).await,
        ProviderKind::Midtrans => match gw.status(&req.order_id, None).await {
            Err(GatewayError::NotFound) => gw.charge(req).await,
            Ok(rep) if rep.order_id != req.order_id => Err(GatewayError::OrderMismatch),
            Ok(rep) if rep.amount.is_some_and(|a| a != req.amount) => {
                Err(GatewayError::AmountMismatch {
                    expected: req.amount,
                    got: rep.amount.unwrap_or_default(),
                })
            }
            Ok(rep) if rep.status == PaymentStatus::Pending => gw.charge(req).await,
            Ok(rep) if rep.status == PaymentStatus::Paid => {
                crate::model::verify(&rep, &req.order_id, req.amount)?;
                Ok(Charge {
                    order_id: rep.order_id,
                    gateway_ref: rep.gateway_ref.unwrap_or_default(),
                    amount: req.amount,
                    qr_string: None,
                    qr_image_url: None,
                    expires_at: None,
                    lifetime: None,
                    status: PaymentStatus::Paid,
                })
            }
            Ok(_) => Err(first),
            Err(_) => Err(first),
        },
    }
}

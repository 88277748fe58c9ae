//! kasir-emulator: a local payment gateway on 127.0.0.1 speaking the Midtrans Core API (QRIS
//! subset, `/v2/...`) and the Xendit Payments API v3 (`/v3/payment_requests...`) in their
//! documented shapes, for Mode Demo, `kasir-cli emulator` and tests. It validates like the real
//! services (auth, bodies, duplicates, 404/406/407/409/412), mints real dynamic QRIS payloads,
//! and is driven in-process ([`EmulatorHandle`]) or over HTTP (`/_emulator/pay|expire|faults|
//! transactions`, plus `hold` — a payment in flight: the QR stays pending past its expiry and
//! expire/cancel answer 412 until `pay` — `refund` / `chargeback` `{id, amount?}` of a settled
//! transaction, and `GET requests` — how many gateway requests arrived), with fault injection
//! ([`Fault`]: also `still_processing` (Midtrans 202 on a charge), `echo_headers` (a 400 that
//! echoes the request headers, Authorization included), `no_qr_string`). Every gateway reply
//! carries an HTTP `Date` from the emulator's clock.
//!
//! Its "now" is the [`Clock`] in [`EmulatorConfig`]: a test passes the service's clock, so
//! moving one moves both.
//!
//! Modules: [`server`] (listener, routing, control API, faults applied), [`midtrans`] and
//! [`xendit`] (each gateway's endpoints and reply shapes), [`faults`], [`state`]
//! (transactions, pay/expire). Uses `kasir-gateway` only for wire facts shared with the clients
//! (signature, QRIS codec, order id rules, WIB time) and `kasir-shared` for issuers and time;
//! holds no client logic, and must not depend on tauri, a database or the payment service.

pub mod error;
pub mod faults;
pub mod midtrans;
pub mod refunds;
pub mod server;
pub mod state;
pub mod xendit;

use kasir_gateway::{MerchantInfo, SecretKey};
pub use kasir_shared::time::Clock;

pub use error::{EmulatorError, Result};
pub use faults::{Fault, FaultKind, FaultTarget};
pub use kasir_shared::Issuer;
pub use refunds::{issuer_supports_refund, EmuRefund, EmuRefundStatus};
pub use server::{Emulator, EmulatorHandle};
pub use state::{EmuStatus, EmuTransaction};

#[derive(Clone)]
pub struct EmulatorConfig {
    /// `None` or `Some(0)`: pick a free port.
    pub port: Option<u16>,
    pub midtrans_key: SecretKey,
    pub xendit_key: SecretKey,
    pub merchant: MerchantInfo,
    /// "Now" for expiry, timestamps and the idempotency window
    /// (`kasir_shared::time::system_clock()` outside tests).
    pub clock: Clock,
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("port", &self.port)
            .field("midtrans_key", &self.midtrans_key)
            .field("xendit_key", &self.xendit_key)
            .field("merchant", &self.merchant)
            .finish_non_exhaustive()
    }
}

//! kasir-emulator: a local payment gateway on 127.0.0.1 speaking the Midtrans Core API (QRIS
//! subset, `/v2/...`) and the Xendit Payments API v3 (`/v3/payment_requests...`, `/refunds`) in
//! their documented shapes, for Mode Demo, `kasir-cli emulator` and tests. It validates like
//! the real services (auth, bodies, duplicates, 404/406/407/409/412), mints real dynamic QRIS
//! payloads, and is driven in-process ([`EmulatorHandle`]) or over HTTP (`/_emulator/pay|
//! expire|faults|transactions`, plus `hold` — a payment in flight: the QR stays pending past
//! its expiry and expire/cancel answer 412 until `pay` — `refund` / `chargeback` `{id, amount?}`
//! of a settled transaction by the gateway itself, and `GET requests` — how many gateway
//! requests arrived, and `log`, each as `METHOD /path`), with fault injection ([`Fault`]: also
//! `still_processing` (Midtrans 202 on a charge), `echo_headers` (a 400 that echoes the request
//! headers, Authorization included), `no_qr_string`). Every gateway reply carries an HTTP
//! `Date` from the emulator's clock.
//!
//! Refunds asked through the APIs ([`refunds`]): Midtrans `POST /v2/{id}/refund/online/direct`
//! (and `/v2/{id}/refund`), Xendit `POST /refunds`, `GET /refunds/{id}`, `GET /refunds?
//! payment_request_id=`. Full or partial, never above what is left (pending refunds count);
//! refused on an unpaid/expired transaction (Midtrans 412, Xendit 403 `INELIGIBLE_TRANSACTION`)
//! and for the bank apps without QRIS refunds (BCA, BRI, BNI: Midtrans 412, Xendit 400
//! `REFUND_NOT_SUPPORTED`); a repeated `refund_key` (Midtrans) or `Idempotency-key` (Xendit)
//! returns the same refund. A Midtrans refund answers `status_code` "200" and shows in the
//! status as `refund` / `partial_refund` with a `refunds[]` entry; a Xendit one answers
//! `PENDING` and reads `SUCCEEDED` afterwards. Controls:
//!
//! * fault `{"kind": "refund_refused"}` — the next refund is refused as unsupported by the
//!   payer's app;
//! * fault `{"kind": "refund_pending", "checks": N}` — the next refund stays pending for N
//!   status checks (Midtrans status of its transaction, Xendit `GET /refunds…`), or with
//!   `checks: 0` until a control call; a pending Midtrans refund is listed without
//!   `bank_confirmed_at`, a failed one is no longer listed;
//! * `POST /_emulator/refund_complete {id}` / `POST /_emulator/refund_fail {id,
//!   failure_code?}` — a pending refund, named by its gateway id or its `refund_key`, goes
//!   through / fails (Xendit `failure_code`, default `REFUND_FAILED`); 409 when not pending;
//! * `GET /_emulator/refunds` — every refund with its key, amount and state.
//!
//! Its "now" is the [`Clock`] in [`EmulatorConfig`]: a test passes the service's clock, so
//! moving one moves both.
//!
//! Modules: [`server`] (listener, routing, control API, faults applied), [`midtrans`] and
//! [`xendit`] (each gateway's endpoints and reply shapes), [`faults`], [`state`]
//! (transactions, pay/expire), [`refunds`] (refund records and checks). Uses `kasir-gateway`
//! only for wire facts shared with the clients (signature, QRIS codec, order id rules, WIB
//! time) and `kasir-shared` for issuers and time; holds no client logic, and must not depend
//! on tauri, a database or the payment service.

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

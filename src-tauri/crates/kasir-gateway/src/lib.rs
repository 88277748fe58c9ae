//! kasir-gateway: dynamic QRIS payment gateway clients (Midtrans Core API, Xendit Payments
//! API v3) behind one `Gateway` trait — charge, status, cancel, refund and refund status — and
//! the EMVCo QRIS payload codec. Refund endpoints and their documented replies are described
//! in [`midtrans_refund`] and [`xendit_refund`].
//!
//! Each client builds one typed request per endpoint (`midtrans::ChargeQrisBody`,
//! `xendit::PaymentRequestBody`, …) and hands it to a [`Transport`]: [`ReqwestTransport`] on the
//! wire, [`FakeTransport`] in tests. Retry policy and timeouts are values ([`ClientOptions`]).
//!
//! Must not depend on tauri, a database, or any server code: the payment service owns orders
//! and decides; the gateway emulator lives in `kasir-emulator`. Shared facts (error kinds,
//! issuers, rupiah, time) come from `kasir-shared`. Money is `i64` rupiah. The secret key lives
//! in [`SecretKey`] and never appears in `Debug`, `Display`, logs or errors.

pub mod error;
pub mod gateway;
pub mod midtrans;
pub mod midtrans_refund;
pub mod model;
pub mod policy;
pub mod qris;
pub mod redact;
pub mod secret;
pub mod transport;
pub mod xendit;
pub mod xendit_refund;

pub use error::{GatewayError, Result, TimeoutPhase};
pub use gateway::{
    build_gateway, build_gateway_with, build_gateway_with_clock, charge_or_recover, Gateway,
};
pub use model::{
    validate_order_id, validate_refund_key, verify, Charge, ChargeItem, ChargeRequest,
    GatewayConfig, PaymentStatus, ProviderKind, RefundLookup, RefundReport, RefundRequest,
    RefundStatus, Reversal, SignatureCheck, StatusReport, MAX_QRIS_AMOUNT, MAX_REFUND_KEY_LEN,
};
pub use policy::{ClientOptions, Replay, RetryPolicy, Timeouts};
pub use qris::{MerchantInfo, QrisPayload};
pub use redact::redact;
pub use secret::SecretKey;
pub use transport::{
    format_http_date, parse_http_date, FakeTransport, Method, QrImage, Request, ReqwestTransport,
    Response, SkewMeter, Transport, TransportError,
};

//! kasir-gateway: dynamic QRIS payment gateway clients (Midtrans Core API, Xendit Payments
//! API v3) behind one `Gateway` trait, the EMVCo QRIS payload codec, and a local gateway
//! emulator for demos and tests. No tauri, no database: the payment service in the app owns
//! orders and decides; this crate only talks to gateways and reports what they said.
//!
//! Money is `i64` rupiah. The secret key lives in [`SecretKey`] and never appears in
//! `Debug`, `Display`, logs or errors.

pub mod emulator;
pub mod error;
pub mod gateway;
pub mod http;
pub mod midtrans;
pub mod model;
pub mod qris;
pub mod secret;
pub mod xendit;

pub use emulator::{
    EmuStatus, EmuTransaction, Emulator, EmulatorConfig, EmulatorHandle, Fault, FaultKind,
    FaultTarget,
};
pub use error::{GatewayError, Result, TimeoutPhase};
pub use gateway::{build_gateway, build_gateway_with, charge_or_recover, Gateway};
pub use http::{ClientOptions, RetryPolicy, Timeouts};
pub use model::{
    validate_order_id, verify, Charge, ChargeItem, ChargeRequest, GatewayConfig, Issuer,
    PaymentStatus, ProviderKind, SignatureCheck, StatusReport, MAX_QRIS_AMOUNT,
};
pub use qris::{MerchantInfo, QrisPayload};
pub use secret::SecretKey;

//! kasir-payment: the QRIS payment service of Kasir Alpiant.
//!
//! Owns the payment configuration (`.env`, read only here, in Rust), the attempt state machine
//! (charge → poll → verify → finalise once), recovery of attempts after a crash or a late
//! settlement, and rendering the QR. Uses `kasir-core` for every state change (SQLite
//! transactions; its change feed announces every attempt change), `kasir-gateway` for the wire
//! and `kasir-emulator` in Mode Demo. Must not depend on `tauri`.

pub mod config;
pub mod error;
pub mod qr;
pub mod runtime;
pub mod service;
pub mod types;

pub use config::{load_config, read_env, PaymentConfig, ProviderChoice};
pub use error::{PaymentError, Result};
pub use kasir_core::PaymentState;
pub use runtime::PaymentRuntime;
pub use service::{Clock, PaymentService, Refreshed};
pub use types::{DemoIssuer, DemoPayRequest, PaymentMode, QrPayment, StartQrisRequest};

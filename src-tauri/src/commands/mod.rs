//! IPC commands, grouped by feature. Each is a one-line adapter onto a library crate.

pub mod auth;
pub mod backups;
pub mod checkout;
pub mod payment;
pub mod pricing;
pub mod printing;
pub mod products;
pub mod refunds;
pub mod reports;
pub mod settings;
pub mod shifts;

//! Kasir Alpiant core: domain types and the SQLite store (catalogue, categories, stock ledger,
//! cart pricing, orders, QRIS attempts, print queue, typed settings). Owns the schema and every
//! state change of a sale:
//!
//! - a payment becomes Lunas only in [`orders::settle`] (cash and QRIS alike);
//! - every write runs in [`Store::write`], whose [`Tx`] collects the [`DomainEvent`]s it
//!   announces; they are published on [`Store::events`] after the commit (the one change feed);
//! - reads use read-only WAL connections ([`Store::read`]) and never wait for a write.
//!
//! Must not depend on `tauri`, HTTP or printing: the app crate and the CLI wire this to the
//! outside world. Time is passed in (`now`), never read inside a state change.

pub mod attempts;
pub mod cart;
pub mod catalog;
pub mod categories;
pub mod db;
pub mod error;
pub mod events;
pub mod orders;
pub mod print_jobs;
pub mod products;
pub mod settings;
pub mod stock;

pub use attempts::{
    AttemptStatus, Finalized, NewAttempt, PaymentAttempt, PaymentReversal, PaymentState,
    ReversalKind,
};
pub use cart::{CartLineInput, PricedCart, PricedLine};
pub use catalog::{Catalog, Category, Product};
pub use categories::{CategoryInput, CategoryRow};
pub use db::{Store, Tx};
pub use error::{CoreError, Result};
pub use events::{DomainEvent, EventBus, SettingsSection};
pub use kasir_shared::{format_rupiah, issuers, paths, shop_clock, time, ErrorKind, IpcError};
pub use orders::{settle, Settlement};
pub use orders::{Order, OrderLine, OrderStatus, PayCashRequest, PaymentMethod};
pub use print_jobs::{PrintJob, PrintJobStatus};
pub use products::{DemoRemoval, ProductInput, ProductQuery, ProductRow};
pub use settings::printer::{
    CodePageChoice, ConnectionType, OrderCodeChoice, PaperChoice, PrinterSettings,
};
pub use settings::{ShopClock, ShopProfile, AUTO_PRINT_KEY};
pub use stock::{StockAdjustment, StockMovement, StockMovementKind};

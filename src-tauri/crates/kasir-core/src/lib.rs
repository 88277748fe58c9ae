//! Kasir Alpiant core: domain types and the SQLite store (catalogue, categories, stock ledger,
//! product photos, in-store barcodes, product import, cart pricing, orders, QRIS attempts, print
//! queue, kitchen/bar printers and their tickets, typed settings, the customer display's view).
//! Owns the schema and every state change of a sale:
//!
//! - a payment becomes Lunas only in [`orders::settle`] (cash and QRIS alike);
//! - every write runs in [`Store::write`], whose [`Tx`] collects the [`DomainEvent`]s it
//!   announces; they are published on [`Store::events`] after the commit (the one change feed);
//! - reads use read-only WAL connections ([`Store::read`]) and never wait for a write.
//!
//! Must not depend on `tauri`, HTTP or printing: the app crate and the CLI wire this to the
//! outside world. Time is passed in (`now`), never read inside a state change.

pub mod attempts;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod barcodes;
pub mod bills;
pub mod cart;
pub mod catalog;
pub mod categories;
pub mod db;
pub mod display;
pub mod error;
pub mod events;
pub mod held;
pub mod import;
pub mod kitchen;
pub mod options;
pub mod orders;
pub mod permissions;
pub mod photos;
pub mod pricing;
pub mod print_jobs;
pub mod products;
pub mod refunds;
pub mod settings;
pub mod shifts;
pub mod stock;
pub mod tenders;

pub use attempts::{
    AttemptStatus, Finalized, NewAttempt, PaymentAttempt, PaymentReversal, PaymentState,
    ReversalKind,
};
pub use audit::{AuditAction, AuditEntry, AuditExport, AuditQuery};
pub use auth::{AuthStatus, FirstRunSetup, NewUser, Operator, Role, SessionInfo, User, UserUpdate};
pub use backup::{BackupInfo, BackupRecord, BackupSettings, BackupStatus, BackupTrigger, Restored};
pub use bills::{AddToBillRequest, Bill, BillLine, BillStatus, OpenBillsAtClose};
pub use cart::{CartLineInput, PricedCart, PricedLine};
pub use catalog::{Catalog, CatalogSettings, Category, Product};
pub use categories::{CategoryInput, CategoryRow};
pub use db::{Store, Tx, DEFAULT_TILL, TILL_ENV};
pub use display::{
    CustomerDisplayView, DisplayAmount, DisplayBoard, DisplayCart, DisplayLine, PAID_SHOWN_MS,
};
pub use error::{CoreError, Result};
pub use events::{DomainEvent, EventBus, SettingsSection};
pub use held::{HeldCart, HoldCartRequest};
pub use import::{
    ImportColumn, ImportField, ImportOutcome, ImportPreview, ImportResult, ImportRowPreview,
    ImportRowStatus, ImportTable, ProductFileFormat,
};
pub use kasir_pricing;
pub use kasir_shared::{format_rupiah, issuers, paths, shop_clock, time, ErrorKind, IpcError};
pub use kitchen::{
    CategoryRoute, CategoryRouteInput, KitchenLine, KitchenTicket, PrepPrinter, PrepPrinterInput,
};
pub use options::{ChosenOption, OptionGroup, OptionGroupInput, ProductOption, ProductOptionInput};
pub use orders::{settle, Settlement};
pub use orders::{Order, OrderDiscount, OrderLine, OrderStatus, PayCashRequest, PaymentMethod};
pub use permissions::{Access, Permission};
pub use photos::PhotoDir;
pub use pricing::{CartOptions, Promo};
pub use print_jobs::{PrintJob, PrintJobKind, PrintJobStatus};
pub use products::{DemoRemoval, ProductInput, ProductQuery, ProductRow};
pub use refunds::{
    QrisRefundRequest, Refund, RefundInput, RefundLine, RefundLineInput, RefundOutcome, RefundPlan,
    RefundStatus, Refundable, RefundableLine,
};
pub use settings::display::{
    CustomerDisplaySettings, CustomerDisplayWindow, DisplayMonitor, DisplayWindowSettings,
};
pub use settings::printer::{
    CodePageChoice, ConnectionType, OrderCodeChoice, PaperChoice, PrinterSettings, StoredConnection,
};
pub use settings::{ShopClock, ShopProfile, TillSettings, AUTO_PRINT_KEY};
pub use shifts::{
    CashMovement, CashMovementInput, CashMovementKind, CloseShiftInput, CountedCash,
    DenominationCount, Shift, ShiftQuery, ShiftReport,
};
pub use stock::{StockAdjustment, StockMovement, StockMovementKind};
pub use tenders::{OrderTender, PartPlan};

/// Test support for this crate and the crates above it (feature `testing`): a till with a
/// signed-in owner and an open shift, made through the real sign-in and shift API.
#[cfg(any(test, feature = "testing"))]
pub mod testing {
    use chrono::{DateTime, Utc};

    use crate::{Operator, Store};

    /// The test owner's PIN (tests only; the shipped app has no built-in PIN).
    pub const TEST_PIN: &str = "246813";

    /// Sign in a test owner (created on first use) and open a shift with no starting cash.
    pub fn open_till(store: &Store, now: DateTime<Utc>) -> Operator {
        let owner = match store
            .list_users()
            .expect("users")
            .into_iter()
            .find(|u| u.name == "Pemilik Tes")
        {
            Some(u) => u,
            None => store
                .create_owner_unattended("Pemilik Tes", TEST_PIN, now)
                .expect("test owner"),
        };
        let session = store.sign_in(owner.id, TEST_PIN, now).expect("sign in");
        if store.current_shift().expect("shift").is_none() {
            store.open_shift(0, now).expect("open shift");
        }
        session.operator
    }

    /// Queue the kitchen tickets of one send of an open bill, in a transaction of its own
    /// (the bill API does it inside its send; tests of the crates above call it directly).
    pub fn enqueue_bill_tickets(
        store: &Store,
        bill_id: i64,
        batch: i64,
        now: DateTime<Utc>,
    ) -> crate::Result<Vec<crate::PrintJob>> {
        store.write(|tx| crate::kitchen::enqueue_bill_tickets(tx, bill_id, batch, now))
    }

    /// Queue the kitchen tickets of a paid quick sale, in a transaction of its own
    /// ([`crate::orders::settle`] does it inside the payment).
    pub fn enqueue_order_tickets(
        store: &Store,
        order_id: i64,
        now: DateTime<Utc>,
    ) -> crate::Result<Vec<crate::PrintJob>> {
        store.write(|tx| crate::kitchen::enqueue_order_tickets(tx, order_id, now))
    }

    /// A product "Barang {sku}" at `price` with 50 in stock; its id.
    pub fn product(store: &Store, sku: &str, price: i64) -> i64 {
        store
            .save_product(
                &crate::ProductInput {
                    id: None,
                    sku: sku.into(),
                    barcode: None,
                    name: format!("Barang {sku}"),
                    category_id: None,
                    price,
                    stock: 50,
                    active: true,
                    cost_price: None,
                    tax_exempt: None,
                    low_stock_threshold: None,
                },
                Utc::now(),
            )
            .expect("product")
            .product
            .id
    }

    /// A cart line of `qty` × product `product_id`, no options, discount or note.
    pub fn line(product_id: i64, qty: i64) -> crate::CartLineInput {
        crate::CartLineInput {
            product_id,
            qty,
            discount: None,
            options: Vec::new(),
            note: None,
        }
    }

    /// An in-memory store, migrated, with [`open_till`] done.
    pub fn till() -> Store {
        let store = Store::open_in_memory().expect("store");
        open_till(&store, Utc::now());
        store
    }
}

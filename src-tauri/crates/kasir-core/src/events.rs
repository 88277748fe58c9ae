//! The one change feed. Every write transaction collects typed [`DomainEvent`]s while it runs
//! ([`crate::db::Tx::emit`]); the store publishes them on its [`EventBus`] only after the commit,
//! so a subscriber never hears of a change that was rolled back.
//!
//! Subscribers: the app forwards every event to the window as one Tauri event (the frontend maps
//! each to the queries it invalidates), the print worker wakes on queued jobs, the log writes one
//! line per change. Nothing else announces state changes.

use serde::Serialize;
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::attempts::PaymentState;
use crate::orders::PaymentMethod;
use crate::print_jobs::PrintJob;

/// Which settings form was saved.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SettingsSection {
    /// Shop name, timezone, business-day start ("Toko & Waktu").
    Shop,
    /// Receipt printer.
    Printer,
}

/// A committed state change.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum DomainEvent {
    /// An order was stored awaiting a QRIS payment.
    OrderCreated {
        #[ts(type = "number")]
        order_id: i64,
    },
    /// An order became Lunas (the one paid path, [`crate::orders::settle`]).
    OrderPaid {
        #[ts(type = "number")]
        order_id: i64,
        method: PaymentMethod,
    },
    /// An unpaid order was released (its QR expired or was cancelled).
    OrderCancelled {
        #[ts(type = "number")]
        order_id: i64,
    },
    /// The stock of these products changed (sale, adjustment).
    StockChanged {
        #[ts(type = "number[]")]
        product_ids: Vec<i64>,
    },
    /// Products or categories were created, edited or removed.
    CatalogChanged,
    /// A QRIS attempt changed: created, charged, paid, closed, flagged.
    AttemptChanged { state: PaymentState },
    /// A print job was queued, claimed, printed, failed or dismissed.
    PrintJobChanged { job: PrintJob },
    /// A settings form was saved.
    SettingsChanged { section: SettingsSection },
}

impl DomainEvent {
    /// The event's name (its `type` on IPC), for logs.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::OrderCreated { .. } => "orderCreated",
            DomainEvent::OrderPaid { .. } => "orderPaid",
            DomainEvent::OrderCancelled { .. } => "orderCancelled",
            DomainEvent::StockChanged { .. } => "stockChanged",
            DomainEvent::CatalogChanged => "catalogChanged",
            DomainEvent::AttemptChanged { .. } => "attemptChanged",
            DomainEvent::PrintJobChanged { .. } => "printJobChanged",
            DomainEvent::SettingsChanged { .. } => "settingsChanged",
        }
    }
}

/// Fan-out of committed events to every subscriber. A slow subscriber that falls more than
/// [`EventBus::CAPACITY`] events behind is told it lagged (it then re-reads what it needs).
pub struct EventBus {
    tx: broadcast::Sender<DomainEvent>,
}

impl EventBus {
    pub const CAPACITY: usize = 1024;

    pub fn new() -> EventBus {
        let (tx, _) = broadcast::channel(Self::CAPACITY);
        EventBus { tx }
    }

    /// A receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<DomainEvent> {
        self.tx.subscribe()
    }

    pub(crate) fn publish(&self, events: Vec<DomainEvent>) {
        for e in events {
            // No subscriber is not an error: the CLI and unit tests often have none.
            let _ = self.tx.send(e);
        }
    }
}

impl Default for EventBus {
    fn default() -> Self {
        EventBus::new()
    }
}

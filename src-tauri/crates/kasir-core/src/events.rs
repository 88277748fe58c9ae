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
    /// Till: idle lock, difference threshold.
    Till,
    /// Backup folder and how many are kept.
    Backup,
    /// "Pajak & Harga": tax, service, rounding, discount cap.
    Pricing,
    /// Label printing (Pengaturan → Label).
    Labels,
    /// Kitchen and bar printers and which categories print where ("Printer Dapur & Bar").
    Kitchen,
    /// The customer display: its promo text (shop-wide) and this till's window (open, monitor,
    /// fullscreen).
    Display,
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
    /// A part of a split order was paid; the rest is still due.
    OrderPartPaid {
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
    /// The gateway reported a refund or chargeback on a paid order (recorded in
    /// `payment_reversals`; the order stays paid).
    PaymentReversed {
        #[ts(type = "number")]
        order_id: i64,
    },
    /// A refund of this order was made, asked of the gateway, or finished.
    RefundChanged {
        #[ts(type = "number")]
        order_id: i64,
    },
    /// A backup was taken or failed.
    BackupChanged,
    /// A user was added, changed, locked out or deactivated.
    UsersChanged,
    /// A shift was opened or closed, or cash went in or out of its drawer.
    ShiftChanged {
        #[ts(type = "number")]
        shift_id: i64,
    },
    /// A cart was parked or resumed on a till ("Tahan transaksi").
    HeldCartsChanged,
    /// An open bill was opened, added to, sent, printed, charged, paid or voided.
    BillChanged {
        #[ts(type = "number")]
        bill_id: i64,
    },
    /// What the customer display shows may have changed without a database change: the
    /// checkout sent another cart or emptied it (the cart on the till lives in memory,
    /// [`crate::display::DisplayBoard`]), or someone signed in, out or locked the screen.
    /// Announced on the same feed so the display refetches.
    CustomerDisplayChanged,
    /// A subscriber fell behind and missed events: everything it shows must be read again.
    /// Never emitted by a transaction; the app sends it when its forwarder lagged.
    ChangesMissed,
}

impl DomainEvent {
    /// One log line for a support person: what changed, with ids and states, never a secret
    /// (events carry none).
    pub fn log(&self) {
        match self {
            DomainEvent::OrderPaid { order_id, method } => {
                tracing::info!(target: "order", order_id, method = method.as_str(), "lunas")
            }
            DomainEvent::OrderCreated { order_id } => {
                tracing::info!(target: "order", order_id, "menunggu pembayaran")
            }
            DomainEvent::OrderPartPaid { order_id, method } => {
                tracing::info!(target: "order", order_id, method = method.as_str(), "sebagian dibayar")
            }
            DomainEvent::OrderCancelled { order_id } => {
                tracing::info!(target: "order", order_id, "dibatalkan")
            }
            DomainEvent::AttemptChanged { state } => tracing::info!(
                target: "payment",
                attempt = %state.attempt_id,
                order_id = state.order_id,
                status = state.status.as_str(),
                issuer = state.issuer.as_deref().unwrap_or("-"),
                late = state.late,
                anomaly = state.anomaly.is_some(),
                "status pembayaran"
            ),
            DomainEvent::PrintJobChanged { job } => {
                if job.status == crate::PrintJobStatus::Failed {
                    tracing::warn!(
                        target: "print",
                        job = job.id,
                        order = %job.title,
                        kind = job.last_error_kind.as_deref().unwrap_or("-"),
                        "struk gagal dicetak: {}",
                        job.last_error.as_deref().unwrap_or("")
                    )
                } else {
                    tracing::info!(
                        target: "print",
                        job = job.id,
                        order = %job.title,
                        status = job.status.as_str(),
                        "antrian cetak"
                    )
                }
            }
            DomainEvent::StockChanged { product_ids } => {
                tracing::debug!(target: "stock", ?product_ids, "stok berubah")
            }
            DomainEvent::CatalogChanged => tracing::debug!(target: "catalog", "katalog berubah"),
            DomainEvent::SettingsChanged { section } => {
                tracing::info!(target: "settings", ?section, "pengaturan disimpan")
            }
            DomainEvent::PaymentReversed { order_id } => {
                tracing::warn!(target: "payment", order_id, "refund/chargeback dari gateway")
            }
            DomainEvent::UsersChanged => tracing::info!(target: "auth", "pengguna berubah"),
            DomainEvent::BackupChanged => tracing::info!(target: "backup", "cadangan berubah"),
            DomainEvent::RefundChanged { order_id } => {
                tracing::info!(target: "refund", order_id, "pengembalian berubah")
            }
            DomainEvent::ShiftChanged { shift_id } => {
                tracing::info!(target: "shift", shift_id, "shift berubah")
            }
            DomainEvent::HeldCartsChanged => {
                tracing::info!(target: "checkout", "transaksi tertahan berubah")
            }
            DomainEvent::BillChanged { bill_id } => {
                tracing::info!(target: "bill", bill_id, "tagihan berubah")
            }
            DomainEvent::CustomerDisplayChanged => {
                tracing::debug!(target: "display", "keranjang di layar pelanggan berubah")
            }
            DomainEvent::ChangesMissed => {
                tracing::warn!(target: "events", "perubahan terlewat: jendela membaca ulang semuanya")
            }
        }
    }

    /// The event's name (its `type` on IPC), for logs.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::OrderCreated { .. } => "orderCreated",
            DomainEvent::OrderPaid { .. } => "orderPaid",
            DomainEvent::OrderPartPaid { .. } => "orderPartPaid",
            DomainEvent::OrderCancelled { .. } => "orderCancelled",
            DomainEvent::StockChanged { .. } => "stockChanged",
            DomainEvent::CatalogChanged => "catalogChanged",
            DomainEvent::AttemptChanged { .. } => "attemptChanged",
            DomainEvent::PrintJobChanged { .. } => "printJobChanged",
            DomainEvent::SettingsChanged { .. } => "settingsChanged",
            DomainEvent::PaymentReversed { .. } => "paymentReversed",
            DomainEvent::RefundChanged { .. } => "refundChanged",
            DomainEvent::BackupChanged => "backupChanged",
            DomainEvent::UsersChanged => "usersChanged",
            DomainEvent::ShiftChanged { .. } => "shiftChanged",
            DomainEvent::HeldCartsChanged => "heldCartsChanged",
            DomainEvent::BillChanged { .. } => "billChanged",
            DomainEvent::CustomerDisplayChanged => "customerDisplayChanged",
            DomainEvent::ChangesMissed => "changesMissed",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CartLineInput, CoreError, PayCashRequest};
    use chrono::Utc;

    fn drain(rx: &mut broadcast::Receiver<DomainEvent>) -> Vec<DomainEvent> {
        let mut out = Vec::new();
        while let Ok(e) = rx.try_recv() {
            out.push(e);
        }
        out
    }

    #[test]
    fn a_committed_sale_announces_paid_stock_and_receipt_and_a_rollback_announces_nothing() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let product = store.catalog().expect("catalog").products[0].clone();
        let mut rx = store.events().subscribe();
        let lines = vec![CartLineInput {
            product_id: product.id,
            qty: 1,
            discount: None,
            options: Vec::new(),
            note: None,
        }];
        let short = PayCashRequest {
            lines: lines.clone(),
            tendered: 1,
            cart: None,
        };
        assert!(store.pay_cash(&short, Utc::now()).is_err());
        assert!(
            drain(&mut rx).is_empty(),
            "a refused sale announces nothing"
        );

        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines,
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("sale");
        let names: Vec<&str> = drain(&mut rx)
            .iter()
            .map(DomainEvent::name)
            .collect::<Vec<_>>();
        assert_eq!(
            names,
            ["stockChanged", "printJobChanged", "orderPaid"],
            "one cash sale: stock, receipt, paid — in commit order"
        );

        // An event emitted inside a transaction that fails is never published.
        let err = store.write(|tx| -> crate::Result<()> {
            tx.emit(DomainEvent::CatalogChanged);
            Err(CoreError::Validation("batal".into()))
        });
        assert!(err.is_err());
        assert!(drain(&mut rx).is_empty(), "rolled back: nothing published");
        assert_eq!(order.payment_method, Some(PaymentMethod::Cash));
    }

    #[test]
    fn removing_the_demo_catalogue_announces_a_catalogue_change() {
        // Regression: the Barang table kept the demo rows after "Hapus katalog demo" because
        // the removal announced nothing on the change feed.
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let mut rx = store.events().subscribe();
        store.remove_demo_catalog(Utc::now()).expect("remove");
        let names: Vec<&str> = drain(&mut rx).iter().map(DomainEvent::name).collect();
        assert_eq!(names, ["catalogChanged"]);
    }

    #[test]
    fn a_failed_gateway_check_announces_nothing_unless_the_attempt_gives_up() {
        // Regression: every failed check announced the unchanged attempt, and that event could
        // overtake the error reply and turn "Koneksi Bermasalah" back into "Menunggu pembayaran".
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let product = store.catalog().expect("catalog").products[0].clone();
        let lines = [CartLineInput {
            product_id: product.id,
            qty: 1,
            discount: None,
            options: Vec::new(),
            note: None,
        }];
        let order = store
            .create_awaiting_order(&lines, &Default::default(), Utc::now())
            .expect("order");
        let new = crate::NewAttempt {
            id: "att-err",
            gateway_order_id: "gw-err",
            provider: "midtrans",
        };
        store
            .begin_attempt(order.id, new, Utc::now())
            .expect("attempt");
        let mut rx = store.events().subscribe();
        store
            .record_attempt_error("att-err", "gateway_server_error: 503", false, Utc::now())
            .expect("record");
        assert!(
            drain(&mut rx).is_empty(),
            "a failed check changes no state the window sees"
        );
        store
            .record_attempt_error("att-err", "never charged", true, Utc::now())
            .expect("give up");
        let states: Vec<crate::AttemptStatus> = drain(&mut rx)
            .into_iter()
            .filter_map(|e| match e {
                DomainEvent::AttemptChanged { state } => Some(state.status),
                _ => None,
            })
            .collect();
        assert_eq!(states, [crate::AttemptStatus::Failed]);
    }

    #[test]
    fn events_serialise_with_a_type_tag_and_camel_case_fields() {
        let json = serde_json::to_string(&DomainEvent::OrderPaid {
            order_id: 7,
            method: PaymentMethod::Qris,
        })
        .expect("json");
        assert_eq!(json, r#"{"type":"orderPaid","orderId":7,"method":"qris"}"#);
    }
}

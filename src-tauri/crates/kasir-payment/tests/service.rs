//! The payment service over real HTTP against the built-in emulator, for both protocols:
//! charge → pay → verified paid; expiry; cancel; faults; anomalies; late settlement; recovery
//! after a restart; double clicks.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use kasir_core::{AttemptStatus, CartLineInput, DomainEvent, OrderStatus, PaymentMethod, Store};
use kasir_emulator::{
    EmuStatus, Emulator, EmulatorConfig, EmulatorHandle, Fault, FaultKind, FaultTarget, Issuer,
};
use kasir_gateway::{
    build_gateway_with, build_gateway_with_clock, ClientOptions, GatewayConfig, MerchantInfo,
    ProviderKind, RetryPolicy, SecretKey, Timeouts,
};
use kasir_payment::{Clock, PaymentService, QrPayment};

struct Rig {
    emulator: EmulatorHandle,
    store: Arc<Store>,
    service: Arc<PaymentService>,
    now: Arc<Mutex<DateTime<Utc>>>,
    kind: ProviderKind,
    keys: (SecretKey, SecretKey),
    _dir: tempfile::TempDir,
    /// The store's change feed, subscribed before anything happened.
    feed: Mutex<tokio::sync::broadcast::Receiver<DomainEvent>>,
}

fn key(prefix: &str) -> SecretKey {
    SecretKey::new(format!("{prefix}{}", uuid::Uuid::new_v4().simple()))
}

fn options() -> ClientOptions {
    ClientOptions {
        timeouts: Timeouts {
            connect: StdDuration::from_millis(500),
            request: StdDuration::from_millis(800),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            base_backoff: StdDuration::from_millis(10),
            max_backoff: StdDuration::from_millis(40),
        },
    }
}

fn clock_of(now: &Arc<Mutex<DateTime<Utc>>>) -> Clock {
    let now = now.clone();
    Arc::new(move || *now.lock().expect("clock"))
}

impl Rig {
    async fn new(kind: ProviderKind) -> Rig {
        Self::with_gateway_clock_offset(kind, Duration::zero()).await
    }

    /// The emulator's clock runs `offset` away from the till's (a shop PC hours off).
    async fn with_gateway_clock_offset(kind: ProviderKind, offset: Duration) -> Rig {
        let dir = tempfile::tempdir().expect("tmp");
        let store = Arc::new(Store::open(&dir.path().join("kasir.db")).expect("store"));
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        kasir_core::testing::open_till(&store, Utc::now());
        let keys = (key("mid-test-"), key("xnd-test-"));
        let now = Arc::new(Mutex::new(Utc::now()));
        // The emulator runs on the service's clock: advancing the test clock moves both.
        let emulator = Emulator::start(EmulatorConfig {
            port: Some(0),
            midtrans_key: keys.0.clone(),
            xendit_key: keys.1.clone(),
            merchant: MerchantInfo::demo(),
            clock: {
                let till = clock_of(&now);
                Arc::new(move || till() + offset)
            },
        })
        .await
        .expect("emulator");
        let service = Self::service(&store, &emulator, kind, &keys, &now);
        let feed = Mutex::new(store.events().subscribe());
        Rig {
            emulator,
            store,
            service,
            now,
            kind,
            keys,
            _dir: dir,
            feed,
        }
    }

    /// The till's cart as a live QR (the charge every test starts from).
    async fn qr(&self) -> QrPayment {
        self.service
            .start_qris(&self.cart(), &Default::default())
            .await
            .expect("QR")
    }

    /// "Crash and start again": a new store on the same database file, the till opened, and a
    /// second service on the same emulator and clock.
    fn restart(&self) -> (Arc<Store>, Arc<PaymentService>) {
        let db = self.store.path().expect("file db").to_path_buf();
        let store = Arc::new(Store::open(&db).expect("reopen"));
        kasir_core::testing::open_till(&store, Utc::now());
        let service = Rig::service(&store, &self.emulator, self.kind, &self.keys, &self.now);
        (store, service)
    }

    fn service(
        store: &Arc<Store>,
        emulator: &EmulatorHandle,
        kind: ProviderKind,
        keys: &(SecretKey, SecretKey),
        now: &Arc<Mutex<DateTime<Utc>>>,
    ) -> Arc<PaymentService> {
        let key = match kind {
            ProviderKind::Midtrans => keys.0.clone(),
            ProviderKind::Xendit => keys.1.clone(),
        };
        let clock = clock_of(now);
        let gateway = build_gateway_with_clock(
            GatewayConfig {
                kind,
                base_url: emulator.base_url(),
                key,
            },
            options(),
            clock.clone(),
        )
        .expect("gateway");
        Arc::new(PaymentService::new(
            store.clone(),
            gateway,
            kind.as_str(),
            10,
            3,
            clock,
        ))
    }

    fn advance(&self, d: Duration) {
        *self.now.lock().expect("clock") += d;
    }

    fn cart(&self) -> Vec<CartLineInput> {
        let p = self.store.catalog().expect("catalog").products;
        vec![
            CartLineInput {
                product_id: p[0].id,
                qty: 2,
                discount: None,
                options: Vec::new(),
                note: None,
            },
            CartLineInput {
                product_id: p[3].id,
                qty: 1,
                discount: None,
                options: Vec::new(),
                note: None,
            },
        ]
    }

    fn gateway_order_id(&self, attempt_id: &str) -> String {
        self.store
            .attempt(attempt_id)
            .expect("attempt")
            .gateway_order_id
    }

    fn pay(&self, attempt_id: &str, issuer: Issuer) {
        self.emulator
            .pay(&self.gateway_order_id(attempt_id), issuer, None)
            .expect("emulator pay");
    }

    /// Attempt states announced as paid on the change feed so far (drains the feed).
    fn paid_events(&self) -> usize {
        let mut feed = self.feed.lock().expect("feed");
        let mut paid = 0;
        while let Ok(event) = feed.try_recv() {
            if let DomainEvent::AttemptChanged { state } = event {
                if state.status == AttemptStatus::Paid {
                    paid += 1;
                }
            }
        }
        paid
    }
}

async fn charge_pay_and_verify(kind: ProviderKind) {
    let rig = Rig::new(kind).await;
    let cart = rig.cart();
    let total = rig
        .store
        .price_cart(&cart, &Default::default(), chrono::Utc::now())
        .expect("priced")
        .total;
    let stock_before: i64 = rig
        .store
        .catalog()
        .expect("c")
        .products
        .iter()
        .map(|p| p.stock)
        .sum();
    let qr = rig
        .service
        .start_qris(&cart, &Default::default())
        .await
        .expect("QR");
    assert_eq!(qr.amount, total, "amount comes from the stored order");
    assert_eq!(qr.status, AttemptStatus::Pending);
    assert_eq!(qr.provider, kind.as_str());
    let svg = qr.qr_svg.as_deref().expect("svg");
    assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
    let attempt = rig.store.attempt(&qr.attempt_id).expect("attempt");
    let payload = kasir_gateway::qris::parse(attempt.qr_string.as_deref().expect("qr string"))
        .expect("valid QRIS");
    assert_eq!(payload.amount, Some(total), "QR carries the exact total");
    assert!(payload.is_dynamic());

    let waiting = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(waiting.status, AttemptStatus::Pending);

    rig.pay(&qr.attempt_id, Issuer::ShopeePay);
    let paid = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(paid.status, AttemptStatus::Paid);
    assert_eq!(paid.issuer_label.as_deref(), Some("ShopeePay"));
    let order = rig.store.order(qr.order_id).expect("order");
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(order.payment_method, Some(PaymentMethod::Qris));
    assert_eq!(order.payment_issuer_label.as_deref(), Some("ShopeePay"));
    assert!(order.gateway_txn_id.is_some());

    // Idempotent: checking again changes nothing and emits nothing.
    rig.service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("again");
    assert_eq!(rig.paid_events(), 1, "one paid event");
    let stock_after: i64 = rig
        .store
        .catalog()
        .expect("c")
        .products
        .iter()
        .map(|p| p.stock)
        .sum();
    assert_eq!(stock_after, stock_before - 3, "stock taken once");
    assert_eq!(
        rig.emulator
            .charge_count(&rig.gateway_order_id(&qr.attempt_id)),
        1
    );
}

#[tokio::test]
async fn midtrans_charge_pay_status_paid() {
    charge_pay_and_verify(ProviderKind::Midtrans).await;
}

#[tokio::test]
async fn xendit_charge_pay_status_paid() {
    charge_pay_and_verify(ProviderKind::Xendit).await;
}

#[tokio::test]
async fn double_generate_yields_one_charge() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let order = rig
            .store
            .create_awaiting_order(&rig.cart(), &Default::default(), Utc::now())
            .expect("order");
        let (a, b) = tokio::join!(
            rig.service.generate_payment_qr(order.id),
            rig.service.generate_payment_qr(order.id)
        );
        let (a, b) = (a.expect("first"), b.expect("second"));
        assert_eq!(a.attempt_id, b.attempt_id, "{kind:?}: same attempt back");
        assert_eq!(
            rig.emulator.transactions().len(),
            1,
            "{kind:?}: one charge at the gateway"
        );
    }
}

#[tokio::test]
async fn local_expiry_expires_at_gateway_and_a_new_qr_can_be_made() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let qr = rig.qr().await;
        rig.advance(Duration::minutes(11));
        let state = rig
            .service
            .check_payment_status(&qr.attempt_id)
            .await
            .expect("check");
        assert_eq!(state.status, AttemptStatus::Expired, "{kind:?}");
        let emu = rig.emulator.transactions();
        assert_ne!(
            emu[0].status,
            EmuStatus::Pending,
            "{kind:?}: stopped at gateway"
        );
        let again = rig
            .service
            .generate_payment_qr(qr.order_id)
            .await
            .expect("new QR");
        assert_ne!(
            again.attempt_id, qr.attempt_id,
            "Buat QR Baru makes a new attempt"
        );
        assert_eq!(again.amount, qr.amount);
        // The new QR expires too and the cashier closes the window: the order is released.
        rig.advance(Duration::minutes(11));
        let state = rig
            .service
            .check_payment_status(&again.attempt_id)
            .await
            .expect("check");
        assert_eq!(state.status, AttemptStatus::Expired, "{kind:?}");
        rig.service
            .cancel_payment(&again.attempt_id)
            .await
            .expect("close");
        assert_eq!(
            rig.store.order(qr.order_id).expect("order").status,
            OrderStatus::Cancelled,
            "{kind:?}: closing an expired QR cancels its waiting order"
        );
    }
}

#[tokio::test]
async fn emulator_side_expiry_is_reported_as_expired() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.emulator
        .expire(&rig.gateway_order_id(&qr.attempt_id))
        .expect("expire");
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(
        state.status,
        AttemptStatus::Expired,
        "407 on status means expired"
    );
}

#[tokio::test]
async fn cancel_stops_the_qr_and_the_order() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let qr = rig.qr().await;
        let state = rig
            .service
            .cancel_payment(&qr.attempt_id)
            .await
            .expect("cancel");
        assert_eq!(state.status, AttemptStatus::Cancelled, "{kind:?}");
        assert_eq!(
            rig.store.order(qr.order_id).expect("order").status,
            OrderStatus::Cancelled
        );
    }
}

#[tokio::test]
async fn cancel_after_paid_finalises_instead() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let qr = rig.qr().await;
        rig.pay(&qr.attempt_id, Issuer::Dana);
        let state = rig
            .service
            .cancel_payment(&qr.attempt_id)
            .await
            .expect("cancel");
        assert_eq!(
            state.status,
            AttemptStatus::Paid,
            "{kind:?}: the payment wins"
        );
        assert_eq!(
            rig.store.order(qr.order_id).expect("order").status,
            OrderStatus::Paid
        );
    }
}

#[tokio::test]
async fn wrong_amount_is_an_anomaly_and_never_paid() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.pay(&qr.attempt_id, Issuer::GoPay);
    rig.emulator.set_fault(Fault::times(
        FaultKind::WrongAmount { delta: -1000 },
        FaultTarget::Status,
        0,
    ));
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_ne!(state.status, AttemptStatus::Paid);
    let anomaly = state.anomaly.expect("anomaly flagged");
    assert!(anomaly.contains("amount_mismatch"), "{anomaly}");
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::AwaitingPayment,
        "a wrong amount never marks the order paid"
    );
}

#[tokio::test]
async fn bad_signature_is_an_anomaly_and_never_paid() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.pay(&qr.attempt_id, Issuer::GoPay);
    rig.emulator.set_fault(Fault::times(
        FaultKind::BadSignature,
        FaultTarget::Status,
        0,
    ));
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_ne!(state.status, AttemptStatus::Paid);
    assert!(state
        .anomaly
        .expect("anomaly")
        .contains("signature_mismatch"));
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::AwaitingPayment
    );
    rig.emulator.clear_faults();
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(
        state.status,
        AttemptStatus::Paid,
        "a genuine report is accepted afterwards"
    );
}

#[tokio::test]
async fn late_settlement_after_expiry_is_finalised_by_the_worker() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.advance(Duration::minutes(11));
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(state.status, AttemptStatus::Expired);
    rig.emulator
        .set_fault(Fault::once(FaultKind::LateSettlement, FaultTarget::Any));
    rig.pay(&qr.attempt_id, Issuer::Ovo);
    rig.advance(Duration::minutes(6));
    assert!(
        rig.service.tick().await >= 1,
        "the worker re-checks closed attempts"
    );
    let attempt = rig.store.attempt(&qr.attempt_id).expect("attempt");
    assert_eq!(attempt.status, AttemptStatus::Paid);
    assert!(attempt.late, "flagged as pembayaran terlambat");
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::Paid
    );
}

/// The window polled the QR just before the till was closed; the payment came while it was
/// closed. The first pass after the restart asks at once (a plain pass would wait until the
/// last check is WORKER_OPEN_EVERY_SECONDS old: seen as a 14 s wait in the e2e restart test).
#[tokio::test]
async fn restart_recovery_asks_at_once_about_a_qr_polled_just_before_the_close() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    let polled = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("the window's poll");
    assert_eq!(polled.status, AttemptStatus::Pending);
    rig.pay(&qr.attempt_id, Issuer::Dana);
    let (store2, service2) = rig.restart();
    assert_eq!(
        service2.tick().await,
        0,
        "a plain pass leaves a QR checked just now alone"
    );
    assert_eq!(service2.startup_tick().await, 1);
    assert_eq!(
        store2.order(qr.order_id).expect("order").status,
        OrderStatus::Paid
    );
}

#[tokio::test]
async fn restart_recovery_finalises_a_payment_made_while_down() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    // "Crash": a new process opens the same database file.
    rig.pay(&qr.attempt_id, Issuer::BcaMobile);
    let (store2, service2) = rig.restart();
    assert_eq!(service2.tick().await, 1);
    let order = store2.order(qr.order_id).expect("order");
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(order.payment_issuer_label.as_deref(), Some("BCA mobile"));
}

#[tokio::test]
async fn lost_charge_reply_is_recovered_without_a_second_charge() {
    for (kind, fault) in [
        (ProviderKind::Midtrans, FaultKind::Hang),
        (ProviderKind::Midtrans, FaultKind::DropConnection),
        (ProviderKind::Xendit, FaultKind::DropConnection),
    ] {
        let rig = Rig::new(kind).await;
        rig.emulator
            .set_fault(Fault::once(fault.clone(), FaultTarget::Charge));
        let qr = rig
            .service
            .start_qris(&rig.cart(), &Default::default())
            .await
            .expect("recovered QR");
        assert_eq!(qr.status, AttemptStatus::Pending);
        let gid = rig.gateway_order_id(&qr.attempt_id);
        assert_eq!(
            rig.emulator.charge_count(&gid),
            1,
            "{kind:?} {fault:?}: one charge"
        );
        assert_eq!(rig.emulator.transactions().len(), 1);
    }
}

#[tokio::test]
async fn gateway_errors_are_typed_and_change_nothing() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    let cases = [
        (FaultKind::Status { status: 500 }, "gateway_server_error"),
        (FaultKind::Status { status: 503 }, "gateway_server_error"),
        (FaultKind::Status { status: 429 }, "gateway_rate_limited"),
        (FaultKind::MalformedJson, "gateway_invalid_response"),
        (FaultKind::DropConnection, "gateway_unreachable"),
        (FaultKind::Hang, "gateway_timeout"),
    ];
    for (fault, kind) in cases {
        rig.emulator
            .set_fault(Fault::times(fault.clone(), FaultTarget::Status, 0));
        let err = rig
            .service
            .check_payment_status(&qr.attempt_id)
            .await
            .expect_err("must fail");
        assert_eq!(err.kind().as_str(), kind, "{fault:?}: {err}");
        rig.emulator.clear_faults();
        let a = rig.store.attempt(&qr.attempt_id).expect("attempt");
        assert_eq!(
            a.status,
            AttemptStatus::Pending,
            "{fault:?} left the attempt alone"
        );
        assert!(a.last_error.is_some());
    }
    // One transient 5xx is retried by the client and the check succeeds.
    rig.emulator.set_fault(Fault::once(
        FaultKind::Status { status: 503 },
        FaultTarget::Status,
    ));
    rig.pay(&qr.attempt_id, Issuer::GoPay);
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("retried");
    assert_eq!(state.status, AttemptStatus::Paid);
}

#[tokio::test]
async fn wrong_key_is_rejected_and_no_order_is_paid() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let wrong = key("mid-wrong-");
    let gateway = build_gateway_with(
        GatewayConfig {
            kind: ProviderKind::Midtrans,
            base_url: rig.emulator.base_url(),
            key: wrong.clone(),
        },
        options(),
    )
    .expect("gateway");
    let clock: Clock = Arc::new(Utc::now);
    let service = PaymentService::new(rig.store.clone(), gateway, "midtrans", 10, 3, clock);
    let err = service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect_err("401");
    let text = format!("{err} {err:?} {}", err.message_id());
    assert!(!text.contains(wrong.expose()), "key leaked: {text}");
    assert_eq!(err.kind().as_str(), "gateway_rejected", "{text}");
    assert!(rig.emulator.transactions().is_empty());
}

#[tokio::test]
async fn amount_limits_are_enforced_before_any_charge() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let big = rig
        .store
        .catalog()
        .expect("c")
        .products
        .iter()
        .max_by_key(|p| p.price)
        .cloned()
        .expect("p");
    let qty = 10_000_000 / big.price + 1;
    let err = rig
        .service
        .start_qris(
            &[CartLineInput {
                product_id: big.id,
                qty: qty.min(9_999),
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
        )
        .await;
    if qty <= 9_999 {
        assert_eq!(err.expect_err("over limit").kind().as_str(), "validation");
    }
    let order = rig
        .store
        .create_awaiting_custom_order("Tagihan", 10_000_001, Utc::now())
        .expect("order");
    let err = rig
        .service
        .generate_payment_qr(order.id)
        .await
        .expect_err("over limit");
    assert_eq!(err.kind().as_str(), "validation");
    assert!(rig.emulator.transactions().is_empty());
}

// ---- Issue 8: QRIS hardening ------------------------------------------------------------------

/// Item 1: a refused expire (Midtrans 412 / Xendit 400 while pending: a payment is in flight) is
/// not an expiry. The attempt stays open as "processing", no new QR is offered for its order,
/// and the payment that was in flight is an ordinary (not late) payment.
#[tokio::test]
async fn refused_expire_is_not_an_expiry_and_blocks_a_second_qr() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let qr = rig.qr().await;
        let gid = rig.gateway_order_id(&qr.attempt_id);
        rig.emulator.hold_in_flight(&gid).expect("hold");
        rig.advance(Duration::minutes(11));
        let state = rig
            .service
            .check_payment_status(&qr.attempt_id)
            .await
            .expect("check");
        assert_eq!(
            state.status,
            AttemptStatus::Pending,
            "{kind:?}: a refused expire must not close the attempt"
        );
        assert!(state.processing, "{kind:?}: shown as 'sedang diproses'");
        let err = rig
            .service
            .generate_payment_qr(qr.order_id)
            .await
            .expect_err("no new QR while a payment is in flight");
        assert_eq!(err.kind().as_str(), "order_state", "{kind:?}: {err}");
        assert!(err.message_id().contains("sedang diproses"), "{err}");
        assert_eq!(
            rig.emulator.transactions().len(),
            1,
            "{kind:?}: no 2nd charge"
        );
        // Keeps following it; "Batal" is refused too and keeps the order.
        let again = rig
            .service
            .cancel_payment(&qr.attempt_id)
            .await
            .expect("cancel refused");
        assert!(again.processing && again.status == AttemptStatus::Pending);
        assert_eq!(
            rig.store.order(qr.order_id).expect("order").status,
            OrderStatus::AwaitingPayment,
            "{kind:?}: the order waits for the payment in flight"
        );
        rig.pay(&qr.attempt_id, Issuer::Dana);
        rig.advance(Duration::seconds(5));
        let paid = rig
            .service
            .check_payment_status(&qr.attempt_id)
            .await
            .expect("check");
        assert_eq!(paid.status, AttemptStatus::Paid, "{kind:?}");
        assert!(
            !paid.late,
            "{kind:?}: the payment in flight is an ordinary one"
        );
        assert!(!paid.processing);
        assert_eq!(
            rig.store.order(qr.order_id).expect("order").status,
            OrderStatus::Paid
        );
    }
}

/// Item 1: a refused cancel ("Batal") on a pending QR keeps it open too.
#[tokio::test]
async fn refused_cancel_keeps_the_attempt_and_its_order() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.emulator
        .hold_in_flight(&rig.gateway_order_id(&qr.attempt_id))
        .expect("hold");
    let state = rig
        .service
        .cancel_payment(&qr.attempt_id)
        .await
        .expect("cancel");
    assert_eq!(state.status, AttemptStatus::Pending);
    assert!(state.processing);
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::AwaitingPayment,
        "a refused cancel must not release the order"
    );
}

/// Item 1: after 48 h without a terminal state it becomes an anomaly for the owner.
#[tokio::test]
async fn a_payment_in_flight_for_48_hours_becomes_an_anomaly() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.emulator
        .hold_in_flight(&rig.gateway_order_id(&qr.attempt_id))
        .expect("hold");
    rig.advance(Duration::minutes(11));
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert!(state.processing);
    rig.advance(Duration::hours(49));
    rig.service.tick().await;
    let a = rig.store.attempt(&qr.attempt_id).expect("attempt");
    assert_eq!(a.status, AttemptStatus::Failed);
    assert!(a.anomaly.is_some(), "the owner is told");
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::Cancelled
    );
}

/// Item 2: the till's clock hours away from the gateway's. The QR lives its full life (from
/// the gateway's own times), Xendit gets an expiry on its own clock, and the skew is exposed.
#[tokio::test]
async fn a_till_clock_hours_off_still_shows_the_full_countdown() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        for hours in [-3i64, 3] {
            let rig = Rig::with_gateway_clock_offset(kind, Duration::hours(hours)).await;
            let qr = rig
                .service
                .start_qris(&rig.cart(), &Default::default())
                .await
                .unwrap_or_else(|e| panic!("{kind:?} {hours}h: {e}"));
            let left = Duration::milliseconds(qr.expires_in_ms);
            assert!(
                left > Duration::minutes(9) && left <= Duration::minutes(10),
                "{kind:?} {hours}h: countdown {left}"
            );
            let now = *rig.now.lock().expect("clock");
            assert!(
                qr.expires_at > (now + Duration::minutes(9)).timestamp_millis(),
                "{kind:?} {hours}h: expiry on the till's own timeline"
            );
            let state = rig
                .service
                .check_payment_status(&qr.attempt_id)
                .await
                .expect("check");
            assert_eq!(
                state.status,
                AttemptStatus::Pending,
                "{kind:?} {hours}h: not killed at the first poll"
            );
            let emu = &rig.emulator.transactions()[0];
            let life = emu.expires_at - emu.created_at;
            assert!(
                (life - Duration::minutes(10)).num_seconds().abs() <= 3,
                "{kind:?} {hours}h: the gateway got a 10-minute QR on its own clock \
                 (Date has whole seconds): {life}"
            );
            let skew = rig.service.clock_skew_seconds().expect("skew shown");
            assert!(
                (skew - hours * 3600).abs() <= 5,
                "{kind:?} {hours}h: skew {skew}"
            );
            rig.advance(Duration::minutes(11));
            let state = rig
                .service
                .check_payment_status(&qr.attempt_id)
                .await
                .expect("check");
            assert_eq!(state.status, AttemptStatus::Expired, "{kind:?} {hours}h");
        }
    }
    let rig = Rig::new(ProviderKind::Midtrans).await;
    rig.qr().await;
    assert_eq!(
        rig.service.clock_skew_seconds(),
        None,
        "no warning when the clocks agree"
    );
}

/// Item 3: after Lunas the gateway can still change its mind. The worker re-checks paid
/// attempts; a refund or chargeback is recorded with amount and time, the order stays paid.
#[tokio::test]
async fn refund_and_chargeback_after_lunas_are_recorded_without_unpaying() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.pay(&qr.attempt_id, Issuer::GoPay);
    rig.service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("paid");
    let gid = rig.gateway_order_id(&qr.attempt_id);
    rig.emulator
        .reverse(&gid, Some(5_000), false)
        .expect("refund");
    rig.paid_events();
    rig.advance(Duration::hours(7));
    rig.service.tick().await;
    let rev = rig.store.reversals_for_order(qr.order_id).expect("rows");
    assert_eq!(rev.len(), 1, "the worker found the partial refund");
    assert_eq!(rev[0].kind, kasir_core::ReversalKind::PartialRefund);
    assert_eq!(rev[0].amount, 5_000);
    assert!(rev[0].occurred_at.is_some(), "with its time");
    let order = rig.store.order(qr.order_id).expect("order");
    assert_eq!(order.status, OrderStatus::Paid, "never un-paid");
    let reversed = {
        let mut feed = rig.feed.lock().expect("feed");
        let mut n = 0;
        while let Ok(e) = feed.try_recv() {
            if matches!(e, DomainEvent::PaymentReversed { order_id } if order_id == qr.order_id) {
                n += 1;
            }
        }
        n
    };
    assert_eq!(reversed, 1, "announced once");
    // The rest is charged back; `refresh` (kasir-cli qris status --refresh) finds it at once.
    rig.emulator.reverse(&gid, None, true).expect("chargeback");
    let r = rig.service.refresh(&qr.attempt_id).await.expect("refresh");
    assert_eq!(r.state.status, AttemptStatus::Paid);
    assert_eq!(r.reversals.len(), 1);
    assert_eq!(r.reversals[0].kind, kasir_core::ReversalKind::Chargeback);
    assert_eq!(r.reversals[0].amount, qr.amount, "the running total");
    // After 7 days paid attempts are no longer asked about.
    let before = rig.emulator.request_times().len();
    rig.advance(Duration::days(8));
    rig.service.tick().await;
    assert_eq!(rig.emulator.request_times().len(), before);
}

/// Item 4: with the internet down and a QR on screen, the sale is set aside in one call and
/// the next customer is served; the worker finishes it when the gateway answers.
#[tokio::test]
async fn an_outage_never_locks_the_till() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.emulator
        .set_fault(Fault::times(FaultKind::DropConnection, FaultTarget::Any, 0));
    let err = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect_err("offline");
    assert_eq!(err.kind().as_str(), "gateway_unreachable");
    let aside = rig
        .service
        .set_aside(&qr.attempt_id)
        .expect("set aside offline");
    assert!(aside.set_aside);
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::AwaitingPayment
    );
    rig.emulator.clear_faults();
    let next = rig
        .service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect("next customer");
    assert_ne!(next.order_id, qr.order_id);
    // The customer had paid; the connection comes back; the worker settles it.
    rig.pay(&qr.attempt_id, Issuer::Ovo);
    rig.advance(Duration::seconds(20));
    rig.service.tick().await;
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::Paid,
        "finalised by the worker"
    );
}

/// Item 4: a status the client cannot parse has a way out (typed error, set aside), and a
/// set-aside QR that ends unpaid releases its order.
#[tokio::test]
async fn an_unreadable_status_can_be_set_aside_and_an_unpaid_one_is_cancelled() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.qr().await;
    rig.emulator.set_fault(Fault::times(
        FaultKind::MalformedJson,
        FaultTarget::Status,
        0,
    ));
    let err = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect_err("unreadable");
    assert_eq!(err.kind().as_str(), "gateway_invalid_response");
    rig.service.set_aside(&qr.attempt_id).expect("way out");
    rig.emulator.clear_faults();
    rig.advance(Duration::minutes(11));
    rig.service.tick().await;
    assert_eq!(
        rig.store.attempt(&qr.attempt_id).expect("a").status,
        AttemptStatus::Expired
    );
    assert_eq!(
        rig.store.order(qr.order_id).expect("order").status,
        OrderStatus::Cancelled,
        "the worker cancels a set-aside sale whose QR ended unpaid"
    );
}

/// Item 5: Midtrans 202 "still being processed" is retried with the same key and, if it
/// persists, is "may have reached the gateway" — never an unreadable reply.
#[tokio::test]
async fn midtrans_202_is_retried_then_treated_as_possibly_charged() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    rig.emulator.set_fault(Fault::times(
        FaultKind::StillProcessing,
        FaultTarget::Charge,
        2,
    ));
    let qr = rig
        .service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect("after 202s");
    assert_eq!(
        rig.emulator
            .charge_count(&rig.gateway_order_id(&qr.attempt_id)),
        1
    );
    rig.emulator.set_fault(Fault::times(
        FaultKind::StillProcessing,
        FaultTarget::Charge,
        0,
    ));
    let err = rig
        .service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect_err("202 forever");
    assert_eq!(
        err.kind().as_str(),
        "gateway_timeout",
        "not gateway_invalid_response: {err}"
    );
}

/// Item 6: a Xendit 409 that can never be resolved ends as failed with a clear message, not
/// `creating` for 48 h.
#[tokio::test]
async fn xendit_409_ends_failed_not_creating() {
    let rig = Rig::new(ProviderKind::Xendit).await;
    rig.emulator.set_fault(Fault::times(
        FaultKind::Status { status: 409 },
        FaultTarget::Charge,
        0,
    ));
    let err = rig
        .service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect_err("409");
    assert!(err.message_id().contains("QR baru"), "{err}");
    let order_id = rig
        .store
        .read(|c| Ok(c.query_row("SELECT MAX(id) FROM orders", [], |r| r.get::<_, i64>(0))?))
        .expect("order");
    let attempts = rig.store.attempts_for_order(order_id).expect("attempts");
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].status, AttemptStatus::Failed, "not creating");
    assert!(attempts[0].last_error.is_some());
}

/// Item 6: a restart mid-charge (attempt row written, no reply) that ends an attempt as never
/// charged also cancels its order; Xendit re-sends the very same create to find out.
#[tokio::test]
async fn restart_mid_charge_never_charged_cancels_the_order() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let now = *rig.now.lock().expect("clock");
        let order = rig
            .store
            .create_awaiting_order(&rig.cart(), &Default::default(), now)
            .expect("order");
        let id = uuid::Uuid::new_v4().simple().to_string();
        let gid = format!("KA-{}-{}", order.number, &id[..8]);
        rig.store
            .begin_attempt(
                order.id,
                kasir_core::NewAttempt {
                    id: &id,
                    gateway_order_id: &gid,
                    provider: kind.as_str(),
                },
                now,
            )
            .expect("attempt row, then the crash");
        assert_eq!(rig.service.tick().await, 1);
        let a = rig.store.attempt(&id).expect("a");
        assert!(!a.status.is_open(), "{kind:?}: settled, not left creating");
        assert_eq!(
            rig.store.order(order.id).expect("order").status,
            OrderStatus::Cancelled,
            "{kind:?}: the order is released"
        );
        assert!(
            rig.emulator
                .transactions()
                .iter()
                .all(|t| t.status != EmuStatus::Pending),
            "{kind:?}: nothing payable left at the gateway"
        );
    }
}

/// Item 6: a charge the gateway never confirms (here: it answers 503 for two days) ends as
/// failed with a clear message after the re-check window, and its order is released.
#[tokio::test]
async fn a_charge_never_confirmed_in_48_hours_ends_failed() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let now = *rig.now.lock().expect("clock");
    let order = rig
        .store
        .create_awaiting_order(&rig.cart(), &Default::default(), now)
        .expect("order");
    let id = uuid::Uuid::new_v4().simple().to_string();
    let gid = format!("KA-{}-{}", order.number, &id[..8]);
    rig.store
        .begin_attempt(
            order.id,
            kasir_core::NewAttempt {
                id: &id,
                gateway_order_id: &gid,
                provider: "midtrans",
            },
            now,
        )
        .expect("attempt");
    rig.emulator.set_fault(Fault::times(
        FaultKind::Status { status: 503 },
        FaultTarget::Any,
        0,
    ));
    rig.service.tick().await;
    assert_eq!(
        rig.store.attempt(&id).expect("a").status,
        AttemptStatus::Creating
    );
    rig.advance(Duration::hours(49));
    rig.service.tick().await;
    let a = rig.store.attempt(&id).expect("a");
    assert_eq!(a.status, AttemptStatus::Failed, "not creating forever");
    assert!(a
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("48 jam")));
    assert_eq!(
        rig.store.order(order.id).expect("order").status,
        OrderStatus::Cancelled
    );
}

/// Item 7: background re-checks stay within budget: two tills with a backlog of closed and
/// paid attempts, one simulated hour of worker ticks every 3 s, requests counted per minute.
#[tokio::test]
async fn background_rechecks_stay_inside_the_gateway_budget() {
    let rig = Rig::new(ProviderKind::Xendit).await;
    let dir2 = tempfile::tempdir().expect("tmp");
    let store2 = Arc::new(Store::open(&dir2.path().join("till2.db")).expect("store"));
    store2.seed_demo_if_empty(Utc::now()).expect("seed");
    kasir_core::testing::open_till(&store2, Utc::now());
    let till2 = Rig::service(&store2, &rig.emulator, rig.kind, &rig.keys, &rig.now);
    let mut backlog = 0;
    for service in [&rig.service, &till2] {
        for i in 0..45 {
            let qr = service
                .start_qris(&rig.cart(), &Default::default())
                .await
                .expect("QR");
            if i % 3 == 0 {
                rig.emulator
                    .pay(
                        &service
                            .store()
                            .attempt(&qr.attempt_id)
                            .expect("a")
                            .gateway_order_id,
                        Issuer::GoPay,
                        None,
                    )
                    .expect("pay");
                service
                    .check_payment_status(&qr.attempt_id)
                    .await
                    .expect("paid");
            } else {
                service
                    .cancel_payment(&qr.attempt_id)
                    .await
                    .expect("closed");
            }
            backlog += 1;
        }
    }
    assert_eq!(backlog, 90);
    let start = *rig.now.lock().expect("clock");
    let before = rig.emulator.request_times().len();
    for _ in 0..(60 * 20) {
        rig.advance(Duration::seconds(3));
        rig.service.tick().await;
        till2.tick().await;
    }
    let times = rig.emulator.request_times();
    let mut per_minute = std::collections::BTreeMap::<i64, usize>::new();
    for t in &times[before..] {
        *per_minute.entry((*t - start).num_minutes()).or_default() += 1;
    }
    let peak = per_minute.values().copied().max().unwrap_or(0);
    let total = times.len() - before;
    eprintln!(
        "item 7: two tills, 90 attempts, 60 simulated minutes: {total} requests, peak {peak}/min"
    );
    assert!(
        peak <= 40,
        "two tills ≤ 20 requests/minute each: peak {peak}"
    );
    assert!(peak < 60, "inside Xendit's test-mode limit");
}

/// Item 8: a charge with only a QR image URL: the image is fetched by Rust and handed over as
/// a data URL (the CSP stays strict).
#[tokio::test]
async fn qr_image_url_fallback_arrives_as_a_data_url() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    rig.emulator
        .set_fault(Fault::once(FaultKind::NoQrString, FaultTarget::Charge));
    let qr = rig.qr().await;
    assert!(qr.qr_svg.is_none(), "no payload to render");
    assert!(qr.qr_image_url.is_some());
    let data = qr.qr_image_data_url.expect("data URL");
    assert!(
        data.starts_with("data:image/svg+xml;base64,"),
        "{}",
        &data[..40]
    );
}

/// Item 10: gateway text is untrusted: an endpoint echoing our headers never puts the key,
/// its base64 form or the Authorization value on screen or into `last_error`.
#[tokio::test]
async fn echoed_authorization_never_reaches_the_screen_or_the_database() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let key = match kind {
            ProviderKind::Midtrans => rig.keys.0.clone(),
            ProviderKind::Xendit => rig.keys.1.clone(),
        };
        let b64 = key
            .basic_auth_header()
            .trim_start_matches("Basic ")
            .to_string();
        let qr = rig.qr().await;
        rig.emulator
            .set_fault(Fault::once(FaultKind::EchoHeaders, FaultTarget::Status));
        let err = rig
            .service
            .check_payment_status(&qr.attempt_id)
            .await
            .expect_err("400");
        let shown = format!("{} {err} {err:?}", err.message_id());
        let stored = rig
            .store
            .attempt(&qr.attempt_id)
            .expect("a")
            .last_error
            .unwrap_or_default();
        for text in [&shown, &stored] {
            assert!(!text.contains(key.expose()), "{kind:?}: key leaked: {text}");
            assert!(!text.contains(&b64), "{kind:?}: base64 leaked: {text}");
        }
        assert!(err.message_id().chars().count() < 400, "{kind:?}: capped");
        rig.emulator
            .set_fault(Fault::once(FaultKind::EchoHeaders, FaultTarget::Charge));
        let err = rig
            .service
            .start_qris(&rig.cart(), &Default::default())
            .await
            .expect_err("400");
        let shown = format!("{} {err} {err:?}", err.message_id());
        assert!(
            !shown.contains(key.expose()) && !shown.contains(&b64),
            "{shown}"
        );
    }
}

/// A paid QRIS sale for the refund tests.
async fn paid_qris(rig: &Rig, issuer: Issuer) -> (kasir_core::Order, String) {
    let qr = rig.qr().await;
    rig.pay(&qr.attempt_id, issuer);
    let state = rig
        .service
        .check_payment_status(&qr.attempt_id)
        .await
        .expect("check");
    assert_eq!(state.status, AttemptStatus::Paid);
    (
        rig.store.order(state.order_id).expect("order"),
        qr.attempt_id,
    )
}

fn refund_input(
    order: &kasir_core::Order,
    lines: Vec<kasir_core::RefundLineInput>,
) -> kasir_core::RefundInput {
    kasir_core::RefundInput {
        order_id: order.id,
        lines,
        reason: "salah pesan".into(),
        to_cash: false,
        replaces_refund_id: None,
    }
}

async fn qris_refunds_through_the_gateway(kind: ProviderKind) {
    let rig = Rig::new(kind).await;
    let (order, _) = paid_qris(&rig, Issuer::GoPay).await;
    let state = rig.store.refundable(order.id).expect("refundable");
    let first = &state.lines[0];
    let stock_before = rig
        .store
        .product_row(rig.cart()[0].product_id)
        .expect("p")
        .product
        .stock;
    // A partial refund of one unit: accepted, done, restocked, one refund at the gateway.
    let done = rig
        .service
        .refund_qris(&refund_input(
            &order,
            vec![kasir_core::RefundLineInput {
                order_line_id: first.order_line_id,
                qty: 1,
                restock: true,
            }],
        ))
        .await
        .expect("refund");
    // Midtrans answers a direct refund at once; Xendit creates it PENDING and completes it
    // shortly after (the worker follows it with GET /refunds/{id}).
    let done = if done.status == kasir_core::RefundStatus::Pending {
        assert_eq!(kind, ProviderKind::Xendit, "{done:?}");
        rig.advance(Duration::minutes(1));
        rig.service.tick().await;
        rig.store.refund(done.id).expect("refund")
    } else {
        done
    };
    assert_eq!(
        done.status,
        kasir_core::RefundStatus::Succeeded,
        "{kind:?}: {done:?}"
    );
    assert_eq!(done.amount, first.unit_price);
    assert_eq!(
        rig.store
            .product_row(rig.cart()[0].product_id)
            .expect("p")
            .product
            .stock,
        stock_before + 1
    );
    let at_gateway = rig.emulator.refunds();
    assert_eq!(at_gateway.len(), 1);
    assert_eq!(
        at_gateway[0].refund_key, done.refund_key,
        "the key we stored is the gateway's"
    );

    // Pending at the gateway, then done: followed by the worker with the same key.
    rig.emulator.set_fault(Fault::once(
        FaultKind::RefundPending { checks: 0 },
        FaultTarget::Refund,
    ));
    let pending = rig
        .service
        .refund_qris(&refund_input(&order, Vec::new()))
        .await
        .expect("pending refund");
    assert_eq!(
        pending.status,
        kasir_core::RefundStatus::Pending,
        "{pending:?}"
    );
    rig.advance(Duration::minutes(1));
    rig.service.tick().await;
    assert_eq!(
        rig.store.refund(pending.id).expect("r").status,
        kasir_core::RefundStatus::Pending,
        "still pending at the gateway"
    );
    rig.emulator
        .refund_complete(&pending.refund_key)
        .expect("complete at the gateway");
    rig.advance(Duration::minutes(1));
    rig.service.tick().await;
    let finished = rig.store.refund(pending.id).expect("r");
    assert_eq!(
        finished.status,
        kasir_core::RefundStatus::Succeeded,
        "{finished:?}"
    );
    assert_eq!(
        rig.emulator.refunds().len(),
        2,
        "one refund per key, never twice"
    );
    let all = rig.store.refundable(order.id).expect("r");
    assert_eq!(all.refunded_total, all.paid_total);
}

#[tokio::test]
async fn midtrans_qris_refunds_partial_then_pending_then_done() {
    qris_refunds_through_the_gateway(ProviderKind::Midtrans).await;
}

#[tokio::test]
async fn xendit_qris_refunds_partial_then_pending_then_done() {
    qris_refunds_through_the_gateway(ProviderKind::Xendit).await;
}

async fn refused_refund_then_cash(kind: ProviderKind) {
    let rig = Rig::new(kind).await;
    // Paid from a bank app that does not support refunds.
    let (order, _) = paid_qris(&rig, Issuer::BcaMobile).await;
    let refused = rig
        .service
        .refund_qris(&refund_input(&order, Vec::new()))
        .await
        .expect("the refund is recorded as failed, not an error");
    assert_eq!(refused.status, kasir_core::RefundStatus::Failed);
    let reason = refused.failure_reason.clone().expect("reason");
    assert!(
        reason.contains("ditolak") || reason.contains("tidak"),
        "Indonesian reason: {reason}"
    );
    assert!(
        rig.emulator.refunds().is_empty(),
        "nothing refunded at the gateway"
    );
    // "Kembalikan tunai" instead, from the drawer (put the cash in first: this till sold by QRIS).
    rig.store
        .record_cash_movement(
            &kasir_core::CashMovementInput {
                kind: kasir_core::CashMovementKind::In,
                amount: order.total,
                reason: "uang kembalian".into(),
            },
            Utc::now(),
        )
        .expect("cash in");
    let cash = rig
        .store
        .refund_cash(
            &kasir_core::RefundInput {
                to_cash: true,
                replaces_refund_id: Some(refused.id),
                ..refund_input(&order, Vec::new())
            },
            Utc::now(),
        )
        .expect("cash instead");
    assert_eq!(
        (cash.method, cash.amount),
        (PaymentMethod::Cash, order.total)
    );
}

#[tokio::test]
async fn midtrans_refund_refused_by_the_issuer_is_given_in_cash() {
    refused_refund_then_cash(ProviderKind::Midtrans).await;
}

#[tokio::test]
async fn xendit_refund_refused_by_the_issuer_is_given_in_cash() {
    refused_refund_then_cash(ProviderKind::Xendit).await;
}

async fn void_cancels_the_live_qr_first(kind: ProviderKind) {
    let rig = Rig::new(kind).await;
    let qr = rig.qr().await;
    let voided = rig
        .service
        .void_order(qr.order_id, "pelanggan batal")
        .await
        .expect("void");
    assert_eq!(voided.status, OrderStatus::Cancelled);
    assert_eq!(
        rig.store.attempt(&qr.attempt_id).expect("a").status,
        AttemptStatus::Cancelled,
        "the QR was stopped at the gateway"
    );
    // Paid at the gateway before the void arrived: it becomes paid, never void.
    let qr2 = rig
        .service
        .start_qris(&rig.cart(), &Default::default())
        .await
        .expect("QR 2");
    rig.pay(&qr2.attempt_id, Issuer::Dana);
    let e = rig
        .service
        .void_order(qr2.order_id, "salah")
        .await
        .expect_err("paid");
    assert_eq!(e.kind().as_str(), "order_state", "{e:?}");
    assert_eq!(
        rig.store.order(qr2.order_id).expect("o").status,
        OrderStatus::Paid
    );
}

#[tokio::test]
async fn midtrans_void_cancels_the_live_qr_first() {
    void_cancels_the_live_qr_first(ProviderKind::Midtrans).await;
}

#[tokio::test]
async fn xendit_void_cancels_the_live_qr_first() {
    void_cancels_the_live_qr_first(ProviderKind::Xendit).await;
}

/// Split payment over real HTTP: a cash part, a QR share that expires (the cash part stays, the
/// rest is due, the order is not released), a new QR for the share paid, then the QR for the
/// rest: Lunas when the parts add up exactly. Every QR carries the part Rust computed.
#[tokio::test]
async fn split_order_cash_part_expired_qr_share_then_qris_for_the_rest() {
    for kind in [ProviderKind::Midtrans, ProviderKind::Xendit] {
        let rig = Rig::new(kind).await;
        let order = rig
            .store
            .create_split_order(&rig.cart(), &Default::default(), Utc::now())
            .expect("split order");
        let total = order.total;
        rig.store
            .pay_part_cash(order.id, Some(5_000), 10_000, Utc::now())
            .expect("cash part");
        let share = (total - 5_000 + 1) / 2;
        let plan = kasir_core::PartPlan::Equal { people: 2 };
        let qr_amount = |attempt_id: &str| {
            let a = rig.store.attempt(attempt_id).expect("attempt");
            kasir_gateway::qris::parse(a.qr_string.as_deref().expect("qr string"))
                .expect("valid QRIS")
                .amount
        };

        let first = rig
            .service
            .generate_part_qr(order.id, &plan)
            .await
            .expect("share QR");
        assert_eq!(first.amount, share, "{kind:?}");
        assert_eq!(
            qr_amount(&first.attempt_id),
            Some(share),
            "{kind:?}: the QR carries the share"
        );
        rig.advance(Duration::minutes(11));
        let state = rig
            .service
            .check_payment_status(&first.attempt_id)
            .await
            .expect("check");
        assert_eq!(state.status, AttemptStatus::Expired, "{kind:?}");
        rig.service
            .cancel_payment(&first.attempt_id)
            .await
            .expect("close");
        let waiting = rig.store.order(order.id).expect("order");
        assert_eq!(
            waiting.status,
            OrderStatus::AwaitingPayment,
            "{kind:?}: not released"
        );
        assert_eq!(waiting.due, total - 5_000, "{kind:?}: the cash part stays");

        let second = rig
            .service
            .generate_part_qr(order.id, &plan)
            .await
            .expect("share QR again");
        assert_ne!(second.attempt_id, first.attempt_id);
        rig.pay(&second.attempt_id, Issuer::GoPay);
        let state = rig
            .service
            .check_payment_status(&second.attempt_id)
            .await
            .expect("check");
        assert_eq!(state.status, AttemptStatus::Paid, "{kind:?}");
        let part_paid = rig.store.order(order.id).expect("order");
        assert_eq!(part_paid.status, OrderStatus::AwaitingPayment, "{kind:?}");
        assert_eq!(part_paid.due, total - 5_000 - share, "{kind:?}");

        let rest = rig
            .service
            .generate_payment_qr(order.id)
            .await
            .expect("rest QR");
        assert_eq!(
            rest.amount,
            total - 5_000 - share,
            "{kind:?}: the QR for what is left"
        );
        assert_eq!(qr_amount(&rest.attempt_id), Some(rest.amount), "{kind:?}");
        rig.pay(&rest.attempt_id, Issuer::Dana);
        rig.service
            .check_payment_status(&rest.attempt_id)
            .await
            .expect("check");
        let paid = rig.store.order(order.id).expect("order");
        assert_eq!(paid.status, OrderStatus::Paid, "{kind:?}");
        let parts: Vec<(PaymentMethod, i64)> =
            paid.tenders.iter().map(|t| (t.method, t.amount)).collect();
        assert_eq!(
            parts,
            vec![
                (PaymentMethod::Cash, 5_000),
                (PaymentMethod::Qris, share),
                (PaymentMethod::Qris, total - 5_000 - share)
            ],
            "{kind:?}"
        );
        // Nothing is left to charge.
        assert!(rig
            .service
            .generate_part_qr(order.id, &kasir_core::PartPlan::Rest)
            .await
            .is_err());
        assert_eq!(
            rig.emulator.transactions().len(),
            3,
            "{kind:?}: three charges"
        );
    }
}

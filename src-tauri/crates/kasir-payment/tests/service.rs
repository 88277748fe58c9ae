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
use kasir_payment::{Clock, PaymentService};

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
        let dir = tempfile::tempdir().expect("tmp");
        let store = Arc::new(Store::open(&dir.path().join("kasir.db")).expect("store"));
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let keys = (key("mid-test-"), key("xnd-test-"));
        let now = Arc::new(Mutex::new(Utc::now()));
        // The emulator runs on the service's clock: advancing the test clock moves both.
        let emulator = Emulator::start(EmulatorConfig {
            port: Some(0),
            midtrans_key: keys.0.clone(),
            xendit_key: keys.1.clone(),
            merchant: MerchantInfo::demo(),
            clock: clock_of(&now),
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
            },
            CartLineInput {
                product_id: p[3].id,
                qty: 1,
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
    let total = rig.store.price_cart(&cart).expect("priced").total;
    let stock_before: i64 = rig
        .store
        .catalog()
        .expect("c")
        .products
        .iter()
        .map(|p| p.stock)
        .sum();
    let qr = rig.service.start_qris(&cart).await.expect("QR");
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
            .create_awaiting_order(&rig.cart(), Utc::now())
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
        let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
        let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
        let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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

#[tokio::test]
async fn restart_recovery_finalises_a_payment_made_while_down() {
    let rig = Rig::new(ProviderKind::Midtrans).await;
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
    let db = rig.store.path().expect("file db").to_path_buf();
    // "Crash": a new process opens the same database file.
    rig.pay(&qr.attempt_id, Issuer::BcaMobile);
    let store2 = Arc::new(Store::open(&db).expect("reopen"));
    let service2 = Rig::service(&store2, &rig.emulator, rig.kind, &rig.keys, &rig.now);
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
            .start_qris(&rig.cart())
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
    let qr = rig.service.start_qris(&rig.cart()).await.expect("QR");
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
    let err = service.start_qris(&rig.cart()).await.expect_err("401");
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
        .start_qris(&[CartLineInput {
            product_id: big.id,
            qty: qty.min(9_999),
        }])
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

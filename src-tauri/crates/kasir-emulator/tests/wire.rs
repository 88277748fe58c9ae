//! Wire tests: the real clients (kasir-gateway over reqwest) over real HTTP against the
//! emulator on 127.0.0.1, and the emulator's own fidelity (bodies, control API, expiry on its
//! clock). Keys are generated at run time; nothing key-shaped is committed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kasir_emulator::{
    Clock, EmuStatus, Emulator, EmulatorConfig, EmulatorHandle, Fault, FaultKind, FaultTarget,
    Issuer,
};
use kasir_gateway::*;
use serde_json::{json, Value};

struct Env {
    emu: EmulatorHandle,
    mid_key: SecretKey,
    xen_key: SecretKey,
}

fn random_part() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

async fn env() -> Env {
    // Built from parts at run time so no key-shaped literal exists in the repo.
    let mid_key = SecretKey::new(format!("{}-Mid-server-{}", "SB", random_part()));
    let xen_key = SecretKey::new(format!("xnd_{}_{}", "development", random_part()));
    let emu = Emulator::start(EmulatorConfig {
        port: Some(0),
        midtrans_key: mid_key.clone(),
        xendit_key: xen_key.clone(),
        merchant: MerchantInfo::demo(),
        clock: kasir_shared::time::system_clock(),
    })
    .await
    .expect("emulator starts");
    Env {
        emu,
        mid_key,
        xen_key,
    }
}

fn fast() -> ClientOptions {
    ClientOptions {
        timeouts: Timeouts {
            connect: Duration::from_millis(500),
            request: Duration::from_millis(700),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            base_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(80),
        },
    }
}

impl Env {
    fn gw(&self, kind: ProviderKind) -> Arc<dyn Gateway> {
        self.gw_with(kind, fast())
    }
    fn gw_with(&self, kind: ProviderKind, opts: ClientOptions) -> Arc<dyn Gateway> {
        let key = match kind {
            ProviderKind::Midtrans => self.mid_key.clone(),
            ProviderKind::Xendit => self.xen_key.clone(),
        };
        build_gateway_with(
            GatewayConfig {
                kind,
                base_url: self.emu.base_url(),
                key,
            },
            opts,
        )
        .expect("client builds")
    }
    fn no_retry(&self, kind: ProviderKind) -> Arc<dyn Gateway> {
        let mut o = fast();
        o.retry = RetryPolicy::none();
        self.gw_with(kind, o)
    }
    fn secrets(&self) -> [String; 2] {
        [
            self.mid_key.expose().to_string(),
            self.xen_key.expose().to_string(),
        ]
    }
}

fn order(prefix: &str) -> String {
    format!("{prefix}-{}", &random_part()[..12])
}

fn req(order_id: &str, amount: i64) -> ChargeRequest {
    ChargeRequest {
        order_id: order_id.to_string(),
        amount,
        items: vec![ChargeItem {
            id: "SKU-1".into(),
            name: "Kopi Susu".into(),
            price: amount,
            quantity: 1,
        }],
        expiry_minutes: 15,
        expires_at: None,
    }
}

const BOTH: [ProviderKind; 2] = [ProviderKind::Midtrans, ProviderKind::Xendit];

#[tokio::test]
async fn charge_pay_status_paid_and_verified_for_both_providers() {
    let env = env().await;
    for (kind, issuer) in [
        (ProviderKind::Midtrans, Issuer::GoPay),
        (ProviderKind::Xendit, Issuer::Ovo),
    ] {
        let gw = env.gw(kind);
        assert_eq!(gw.kind(), kind);
        let oid = order("PAY");
        let c = gw.charge(&req(&oid, 15_000)).await.expect("charge");
        assert_eq!(c.status, PaymentStatus::Pending);
        assert_eq!(c.amount, 15_000);
        let qr = c.qr_string.as_deref().expect("emulator returns qr_string");
        let p = qris::parse(qr).expect("emulator QR is valid EMVCo");
        assert_eq!(p.amount, Some(15_000), "QR must carry the exact amount");
        assert!(p.is_dynamic());
        let exp = c.expires_at.expect("expiry reported");
        let mins = (exp - chrono::Utc::now()).num_minutes();
        assert!(
            (13..=15).contains(&mins),
            "expiry about 15 min away, got {mins}"
        );

        let pending = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap();
        assert_eq!(pending.status, PaymentStatus::Pending);

        env.emu.pay(&c.gateway_ref, issuer, None).unwrap();
        let rep = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap();
        assert_eq!(rep.status, PaymentStatus::Paid, "{kind:?}");
        assert_eq!(rep.amount, Some(15_000));
        assert!(rep.paid_at.is_some());
        assert_eq!(rep.gateway_ref.as_deref(), Some(c.gateway_ref.as_str()));
        match kind {
            ProviderKind::Midtrans => {
                assert_eq!(rep.signature, SignatureCheck::Valid);
                assert_eq!(rep.issuer.as_deref(), Some("gopay"));
                // Midtrans also answers by order id.
                assert_eq!(
                    gw.status(&oid, None).await.unwrap().status,
                    PaymentStatus::Paid
                );
            }
            ProviderKind::Xendit => {
                assert_eq!(rep.signature, SignatureCheck::NotApplicable);
                assert_eq!(rep.issuer.as_deref(), Some("OVO"));
            }
        }
        verify(&rep, &oid, 15_000).expect("a genuine paid report verifies");
        assert!(matches!(
            verify(&rep, "other", 15_000),
            Err(GatewayError::OrderMismatch)
        ));
        assert_eq!(env.emu.charge_count(&oid), 1);
    }
}

#[tokio::test]
async fn expire_is_407_success_for_midtrans_and_cancel_for_xendit() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("EXP");
    let c = gw.charge(&req(&oid, 5_000)).await.unwrap();
    let r = gw
        .expire(&oid, Some(&c.gateway_ref))
        .await
        .expect("407 on /expire is success");
    assert_eq!(r.status, PaymentStatus::Expired);
    let s = gw
        .status(&oid, None)
        .await
        .expect("407 on status is expired, not an error");
    assert_eq!(s.status, PaymentStatus::Expired);
    assert_eq!(s.raw_status, "expire");
    // expire again: not pending any more → 412
    assert!(matches!(
        gw.expire(&oid, None).await,
        Err(GatewayError::Rejected {
            http_status: 412,
            ..
        })
    ));
    // an expired order id may be charged again (Midtrans frees it)
    gw.charge(&req(&oid, 5_000))
        .await
        .expect("order id freed by expire");

    let xgw = env.gw(ProviderKind::Xendit);
    let xo = order("XEXP");
    let xc = xgw.charge(&req(&xo, 5_000)).await.unwrap();
    let r = xgw.expire(&xo, Some(&xc.gateway_ref)).await.unwrap();
    assert_eq!(r.status, PaymentStatus::Cancelled, "Xendit expire = cancel");
    env.emu.clear_faults();
    let xo2 = order("XEXP2");
    let xc2 = xgw.charge(&req(&xo2, 5_000)).await.unwrap();
    env.emu.expire(&xc2.gateway_ref).unwrap();
    assert_eq!(
        xgw.status(&xo2, Some(&xc2.gateway_ref))
            .await
            .unwrap()
            .status,
        PaymentStatus::Expired
    );
}

#[tokio::test]
async fn cancel_then_reuse_and_cancel_after_paid_is_412_then_status_paid() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("CAN");
    let c = gw.charge(&req(&oid, 7_000)).await.unwrap();
    let r = gw.cancel(&oid, Some(&c.gateway_ref)).await.unwrap();
    assert_eq!(r.status, PaymentStatus::Cancelled);
    assert_eq!(
        gw.status(&oid, Some(&c.gateway_ref)).await.unwrap().status,
        PaymentStatus::Cancelled
    );

    let oid = order("CANPAID");
    let c = gw.charge(&req(&oid, 7_000)).await.unwrap();
    env.emu.pay(&oid, Issuer::Dana, None).unwrap();
    match gw.cancel(&oid, Some(&c.gateway_ref)).await {
        Err(GatewayError::Rejected {
            http_status: 412,
            code,
            ..
        }) => assert_eq!(code, "412"),
        other => panic!("cancel after settlement must be Rejected 412, got {other:?}"),
    }
    let s = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap();
    assert_eq!(
        s.status,
        PaymentStatus::Paid,
        "the service checks status after a 412"
    );
    assert_eq!(s.issuer.as_deref(), Some("dana"));

    let xgw = env.gw(ProviderKind::Xendit);
    let xo = order("XCAN");
    let xc = xgw.charge(&req(&xo, 7_000)).await.unwrap();
    env.emu.pay(&xo, Issuer::ShopeePay, None).unwrap();
    assert!(matches!(
        xgw.cancel(&xo, Some(&xc.gateway_ref)).await,
        Err(GatewayError::Rejected {
            http_status: 400,
            ..
        })
    ));
    assert_eq!(
        xgw.status(&xo, Some(&xc.gateway_ref)).await.unwrap().status,
        PaymentStatus::Paid
    );
    assert!(
        matches!(
            xgw.status(&xo, None).await,
            Err(GatewayError::InvalidRequest(_))
        ),
        "Xendit status needs the payment_request_id"
    );
}

#[tokio::test]
async fn wrong_key_is_401_for_both_and_never_echoed() {
    let env = env().await;
    for kind in BOTH {
        let bad_key = SecretKey::new(format!("wrong-{}", random_part()));
        let gw = build_gateway_with(
            GatewayConfig {
                kind,
                base_url: env.emu.base_url(),
                key: bad_key.clone(),
            },
            fast(),
        )
        .unwrap();
        let e = gw.charge(&req(&order("K"), 1_000)).await.unwrap_err();
        match &e {
            GatewayError::Rejected {
                http_status: 401, ..
            } => {}
            other => panic!("{kind:?}: expected 401, got {other:?}"),
        }
        assert_eq!(e.kind().as_str(), "gateway_rejected");
        for s in [format!("{e}"), format!("{e:?}"), e.message_id()] {
            assert!(!s.contains(bad_key.expose()), "key leaked: {s}");
        }
    }
}

#[tokio::test]
async fn reused_order_id_is_406_midtrans_and_409_xendit() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("DUP");
    gw.charge(&req(&oid, 1_000)).await.unwrap();
    // Same order id, other amount: not an idempotent replay → 406 while pending.
    let e = gw.charge(&req(&oid, 2_000)).await.unwrap_err();
    assert!(matches!(e, GatewayError::Duplicate), "got {e:?}");
    env.emu.pay(&oid, Issuer::GoPay, None).unwrap();
    assert!(
        matches!(
            gw.charge(&req(&oid, 3_000)).await,
            Err(GatewayError::Duplicate)
        ),
        "settled too"
    );
    assert_eq!(env.emu.charge_count(&oid), 1);

    // Raw request without Idempotency-Key and the very same body: still 406.
    let oid2 = order("DUPRAW");
    let body = json!({"payment_type": "qris", "transaction_details": {"order_id": oid2, "gross_amount": 1000}});
    let (s1, _) = raw_post(&env, "/v2/charge", &env.mid_key, &body, false).await;
    let (s2, v2) = raw_post(&env, "/v2/charge", &env.mid_key, &body, false).await;
    assert_eq!(s1, 200);
    assert_eq!(s2, 406);
    assert_eq!(v2["status_code"], "406");

    let xgw = env.gw(ProviderKind::Xendit);
    let xo = order("XDUP");
    let first = xgw.charge(&req(&xo, 1_000)).await.unwrap();
    // Same Idempotency-key (= order id): Xendit returns the original.
    let again = xgw.charge(&req(&xo, 1_000)).await.unwrap();
    assert_eq!(first.gateway_ref, again.gateway_ref);
    assert_eq!(env.emu.charge_count(&xo), 1);
    let body = json!({"reference_id": xo, "type": "PAY", "country": "ID", "currency": "IDR",
        "request_amount": 1000, "channel_code": "QRIS"});
    let (s, v) = raw_post(&env, "/v3/payment_requests", &env.xen_key, &body, true).await;
    assert_eq!(s, 409, "duplicate reference_id without the key: {v}");
}

async fn raw_post(
    env: &Env,
    path: &str,
    key: &SecretKey,
    body: &Value,
    xendit: bool,
) -> (u16, Value) {
    use base64::Engine as _;
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{}:", key.expose()))
    );
    let mut rb = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}{}", env.emu.base_url(), path))
        .header("Authorization", auth)
        .json(body);
    if xendit {
        rb = rb.header("api-version", "2024-11-11");
    }
    let r = rb.send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn emulator_validates_bodies_like_the_gateways() {
    let env = env().await;
    let cases = [
        (
            json!({"payment_type": "qris", "transaction_details": {"gross_amount": 1000}}),
            "order_id",
        ),
        (
            json!({"payment_type": "qris", "transaction_details": {"order_id": "a", "gross_amount": 10.5}}),
            "integer",
        ),
        (
            json!({"payment_type": "qris", "transaction_details": {"order_id": "a", "gross_amount": 0}}),
            "greater",
        ),
        (
            json!({"payment_type": "qris", "transaction_details": {"order_id": "a", "gross_amount": 10_000_001}}),
            "limit",
        ),
        (
            json!({"payment_type": "qris", "transaction_details": {"order_id": "a b", "gross_amount": 100}}),
            "order_id",
        ),
        (
            json!({"payment_type": "qris", "transaction_details": {"order_id": "a", "gross_amount": 100},
            "item_details": [{"id": "1", "name": "x", "price": 60, "quantity": 1}]}),
            "sum of item_details",
        ),
    ];
    for (body, needle) in cases {
        let (s, v) = raw_post(&env, "/v2/charge", &env.mid_key, &body, false).await;
        assert_eq!(s, 400, "{body}");
        assert_eq!(v["status_code"], "400");
        let msgs = v["validation_messages"].to_string();
        assert!(msgs.contains(needle), "{needle:?} not in {msgs}");
    }
    let (s, v) = raw_post(&env, "/v3/payment_requests", &env.xen_key,
        &json!({"reference_id": "r1", "type": "PAY", "country": "ID", "currency": "IDR", "request_amount": -5, "channel_code": "QRIS"}), true).await;
    assert_eq!(
        (s, v["error_code"].as_str()),
        (400, Some("API_VALIDATION_ERROR"))
    );
    let (s, v) = raw_post(&env, "/v3/payment_requests", &env.mid_key, &json!({}), true).await;
    assert_eq!(
        (s, v["error_code"].as_str()),
        (401, Some("INVALID_API_KEY"))
    );
    // The client refuses out-of-range requests before sending them.
    let gw = env.gw(ProviderKind::Midtrans);
    assert!(matches!(
        gw.charge(&req("ok-id", 10_000_001)).await,
        Err(GatewayError::InvalidRequest(_))
    ));
    assert!(matches!(
        gw.charge(&req("bad id", 100)).await,
        Err(GatewayError::InvalidRequest(_))
    ));
    assert!(
        matches!(
            gw.status("nope-404", None).await,
            Err(GatewayError::NotFound)
        ),
        "HTTP 200 + body 404"
    );
    let xgw = env.gw(ProviderKind::Xendit);
    assert!(matches!(
        xgw.status("x", Some("pr-unknown")).await,
        Err(GatewayError::NotFound)
    ));
}

#[tokio::test]
async fn rate_limit_and_5xx_back_off_then_succeed_or_fail_typed() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let oid = order("RL");
        let c = gw.charge(&req(&oid, 2_000)).await.unwrap();
        env.emu.set_fault(Fault::times(
            FaultKind::Status { status: 429 },
            FaultTarget::Status,
            1,
        ));
        env.emu.set_fault(Fault::times(
            FaultKind::Status { status: 503 },
            FaultTarget::Status,
            1,
        ));
        let t = Instant::now();
        let r = gw
            .status(&oid, Some(&c.gateway_ref))
            .await
            .expect("third try succeeds");
        assert_eq!(r.status, PaymentStatus::Pending);
        assert!(t.elapsed() >= Duration::from_millis(20), "backed off");
        assert!(env.emu.faults().is_empty(), "both faults consumed");

        env.emu.set_fault(Fault::times(
            FaultKind::Status { status: 500 },
            FaultTarget::Status,
            0,
        ));
        assert!(matches!(
            gw.status(&oid, Some(&c.gateway_ref)).await,
            Err(GatewayError::Server { status: 500 })
        ));
        env.emu.clear_faults();
        env.emu.set_fault(Fault::times(
            FaultKind::Status { status: 429 },
            FaultTarget::Any,
            0,
        ));
        let e = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap_err();
        assert!(matches!(e, GatewayError::RateLimited));
        assert_eq!(e.kind().as_str(), "gateway_rate_limited");
        env.emu.clear_faults();

        // A 503 on charge is not blindly retried and nothing was recorded.
        env.emu.set_fault(Fault::times(
            FaultKind::Status { status: 503 },
            FaultTarget::Charge,
            0,
        ));
        let o2 = order("RL5");
        let e = gw.charge(&req(&o2, 2_000)).await.unwrap_err();
        assert!(matches!(e, GatewayError::Server { status: 503 }), "{e:?}");
        env.emu.clear_faults();
        assert_eq!(env.emu.charge_count(&o2), 0);
    }
}

#[tokio::test]
async fn hang_times_out_in_response_phase() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.no_retry(kind);
        let oid = order("HANG");
        let c = gw.charge(&req(&oid, 2_000)).await.unwrap();
        env.emu
            .set_fault(Fault::once(FaultKind::Hang, FaultTarget::Status));
        let t = Instant::now();
        let e = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap_err();
        assert!(
            matches!(
                e,
                GatewayError::Timeout {
                    phase: TimeoutPhase::Response
                }
            ),
            "{e:?}"
        );
        assert!(e.may_have_reached_gateway());
        assert_eq!(e.kind().as_str(), "gateway_timeout");
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "short timeout honoured"
        );
        // next request is fine again
        assert!(gw.status(&oid, Some(&c.gateway_ref)).await.is_ok());
    }
}

#[tokio::test]
async fn dropped_connection_and_malformed_json() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.no_retry(kind);
        let oid = order("DROP");
        let c = gw.charge(&req(&oid, 2_000)).await.unwrap();
        env.emu
            .set_fault(Fault::once(FaultKind::DropConnection, FaultTarget::Status));
        let e = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap_err();
        assert!(
            matches!(
                e,
                GatewayError::Unreachable {
                    after_send: true,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.may_have_reached_gateway());
        assert_eq!(e.kind().as_str(), "gateway_unreachable");

        env.emu
            .set_fault(Fault::once(FaultKind::MalformedJson, FaultTarget::Status));
        let e = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap_err();
        assert!(matches!(e, GatewayError::InvalidResponse(_)), "{e:?}");
        assert_eq!(e.kind().as_str(), "gateway_invalid_response");
    }
    // With retries, one drop on status is absorbed.
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("DROP2");
    gw.charge(&req(&oid, 2_000)).await.unwrap();
    env.emu
        .set_fault(Fault::once(FaultKind::DropConnection, FaultTarget::Status));
    assert!(gw.status(&oid, None).await.is_ok());
}

#[tokio::test]
async fn unreachable_gateway_is_before_send() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let gw = build_gateway_with(
        GatewayConfig {
            kind: ProviderKind::Midtrans,
            base_url: format!("http://127.0.0.1:{port}"),
            key: SecretKey::new("k"),
        },
        fast(),
    )
    .unwrap();
    let e = gw.charge(&req("UNR-1", 1_000)).await.unwrap_err();
    assert!(
        matches!(
            e,
            GatewayError::Unreachable {
                after_send: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        !e.may_have_reached_gateway(),
        "connect refused: the charge cannot have landed"
    );
    assert!(e.message_id().contains("Coba Lagi"));
}

#[tokio::test]
async fn wrong_amount_and_bad_signature_fail_verify() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let oid = order("AMT");
        let c = gw.charge(&req(&oid, 10_000)).await.unwrap();
        env.emu.pay(&oid, Issuer::BcaMobile, None).unwrap();
        env.emu.set_fault(Fault::once(
            FaultKind::WrongAmount { delta: -9_000 },
            FaultTarget::Status,
        ));
        let r = gw.status(&oid, Some(&c.gateway_ref)).await.unwrap();
        assert_eq!(r.amount, Some(1_000));
        let e = verify(&r, &oid, 10_000).unwrap_err();
        assert!(
            matches!(
                e,
                GatewayError::AmountMismatch {
                    expected: 10_000,
                    got: 1_000
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.kind().as_str(), "amount_mismatch");
    }
    // amount override at pay time (payer paid another amount)
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("AMT2");
    gw.charge(&req(&oid, 10_000)).await.unwrap();
    env.emu.pay(&oid, Issuer::Livin, Some(100)).unwrap();
    let r = gw.status(&oid, None).await.unwrap();
    assert!(matches!(
        verify(&r, &oid, 10_000),
        Err(GatewayError::AmountMismatch { got: 100, .. })
    ));

    let oid = order("SIG");
    gw.charge(&req(&oid, 10_000)).await.unwrap();
    env.emu.pay(&oid, Issuer::Brimo, None).unwrap();
    env.emu
        .set_fault(Fault::once(FaultKind::BadSignature, FaultTarget::Status));
    let r = gw.status(&oid, None).await.unwrap();
    assert_eq!(r.signature, SignatureCheck::Invalid);
    let e = verify(&r, &oid, 10_000).unwrap_err();
    assert!(matches!(e, GatewayError::SignatureMismatch));
    assert_eq!(e.kind().as_str(), "signature_mismatch");
}

#[tokio::test]
async fn late_settlement_after_expiry_shows_settlement() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("LATE");
    let c = gw.charge(&req(&oid, 4_000)).await.unwrap();
    env.emu.expire(&oid).unwrap();
    assert_eq!(
        gw.status(&oid, None).await.unwrap().status,
        PaymentStatus::Expired
    );
    assert!(
        env.emu.pay(&oid, Issuer::GoPay, None).is_err(),
        "no payment on expired without the fault"
    );
    env.emu
        .set_fault(Fault::once(FaultKind::LateSettlement, FaultTarget::Any));
    let t = env.emu.pay(&c.gateway_ref, Issuer::GoPay, None).unwrap();
    assert!(t.late_settlement);
    let r = gw.status(&oid, None).await.unwrap();
    assert_eq!(
        r.status,
        PaymentStatus::Paid,
        "settlement after expiry must be visible"
    );
    verify(&r, &oid, 4_000).unwrap();
}

#[tokio::test]
async fn transactions_expire_on_time() {
    let env = env().await;
    let oid = order("TTL");
    let body = json!({"payment_type": "qris", "transaction_details": {"order_id": oid, "gross_amount": 1000},
        "custom_expiry": {"expiry_duration": 1, "unit": "second"}});
    let (s, v) = raw_post(&env, "/v2/charge", &env.mid_key, &body, false).await;
    assert_eq!(s, 200, "{v}");
    let gw = env.gw(ProviderKind::Midtrans);
    assert_eq!(
        gw.status(&oid, None).await.unwrap().status,
        PaymentStatus::Pending
    );
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(
        gw.status(&oid, None).await.unwrap().status,
        PaymentStatus::Expired
    );
}

#[tokio::test]
async fn lost_charge_reply_is_recovered_without_a_second_charge() {
    let env = env().await;
    for kind in BOTH {
        for fault in [
            FaultKind::Hang,
            FaultKind::DropConnection,
            FaultKind::MalformedJson,
        ] {
            let gw = env.no_retry(kind);
            let oid = order("REC");
            env.emu
                .set_fault(Fault::once(fault.clone(), FaultTarget::Charge));
            let c = charge_or_recover(gw.as_ref(), &req(&oid, 12_500))
                .await
                .unwrap_or_else(|e| panic!("{kind:?} {fault:?}: {e:?}"));
            assert_eq!(
                env.emu.charge_count(&oid),
                1,
                "{kind:?} {fault:?}: exactly one charge"
            );
            let qr = c.qr_string.expect("recovered charge has its QR");
            assert_eq!(qris::parse(&qr).unwrap().amount, Some(12_500));
            assert_eq!(c.status, PaymentStatus::Pending);
        }
    }
    // Without recovery the error says the charge may have landed.
    let gw = env.no_retry(ProviderKind::Midtrans);
    let oid = order("REC2");
    env.emu
        .set_fault(Fault::once(FaultKind::Hang, FaultTarget::Charge));
    let e = gw.charge(&req(&oid, 1_000)).await.unwrap_err();
    assert!(e.may_have_reached_gateway());
    assert_eq!(
        env.emu.charge_count(&oid),
        1,
        "the emulator recorded it before hanging"
    );
    // ...and a recovery later finds it.
    let c = charge_or_recover(gw.as_ref(), &req(&oid, 1_000))
        .await
        .unwrap();
    assert_eq!(env.emu.charge_count(&oid), 1);
    assert!(c.qr_string.is_some());
}

#[tokio::test]
async fn control_http_api() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    let oid = order("CTL");
    gw.charge(&req(&oid, 3_000)).await.unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = env.emu.base_url();
    let r = http
        .post(format!("{base}/_emulator/faults"))
        .json(&json!({"kind": "status", "status": 503, "target": "status", "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(env.emu.faults().len(), 1);
    let r = http
        .delete(format!("{base}/_emulator/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(env.emu.faults().is_empty());
    let r = http
        .post(format!("{base}/_emulator/pay"))
        .json(&json!({"id": oid, "issuer": "ShopeePay", "amount": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let r = http
        .post(format!("{base}/_emulator/pay"))
        .json(&json!({"id": "missing"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let list: Value = http
        .get(format!("{base}/_emulator/transactions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tx = &list["transactions"][0];
    assert_eq!(tx["status"], "settlement");
    assert_eq!(tx["issuer"], "shopeepay");
    assert_eq!(tx["provider"], "midtrans");
    let s = gw.status(&oid, None).await.unwrap();
    assert_eq!(s.issuer.as_deref(), Some("shopeepay"));
    let oid2 = order("CTL2");
    gw.charge(&req(&oid2, 3_000)).await.unwrap();
    let r = http
        .post(format!("{base}/_emulator/expire"))
        .json(&json!({"id": oid2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(
        gw.status(&oid2, None).await.unwrap().status,
        PaymentStatus::Expired
    );
    let r = http
        .post(format!("{base}/_emulator/faults"))
        .json(&json!({"kind": "nonsense"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(env.emu.transactions().len(), 2);
    env.emu.shutdown();
}

#[tokio::test]
async fn secret_key_never_in_any_error_or_debug() {
    let env = env().await;
    let secrets = env.secrets();
    let mut errors: Vec<GatewayError> = vec![
        GatewayError::Unreachable {
            detail: "x".into(),
            after_send: true,
        },
        GatewayError::Timeout {
            phase: TimeoutPhase::Connect,
        },
        GatewayError::Timeout {
            phase: TimeoutPhase::Response,
        },
        GatewayError::Rejected {
            http_status: 401,
            code: "401".into(),
            message: "m".into(),
        },
        GatewayError::NotFound,
        GatewayError::Duplicate,
        GatewayError::RateLimited,
        GatewayError::Server { status: 503 },
        GatewayError::InvalidResponse("x".into()),
        GatewayError::AmountMismatch {
            expected: 1,
            got: 2,
        },
        GatewayError::SignatureMismatch,
        GatewayError::OrderMismatch,
        GatewayError::InvalidRequest("x".into()),
        GatewayError::Config("x".into()),
    ];
    // Real errors produced over the wire with the real key in the Authorization header.
    for kind in BOTH {
        let gw = env.no_retry(kind);
        let oid = order("SEC");
        let c = gw.charge(&req(&oid, 1_000)).await.unwrap();
        for f in [
            FaultKind::Hang,
            FaultKind::DropConnection,
            FaultKind::MalformedJson,
            FaultKind::Status { status: 503 },
            FaultKind::Status { status: 429 },
            FaultKind::Status { status: 418 },
        ] {
            env.emu.set_fault(Fault::once(f, FaultTarget::Status));
            errors.push(gw.status(&oid, Some(&c.gateway_ref)).await.unwrap_err());
        }
        errors.push(gw.charge(&req(&oid, 2_000)).await.unwrap_err());
        errors.push(gw.status(&oid, Some("unknown-ref")).await.unwrap_err());
        assert!(format!("{gw:p}").len() > 2);
    }
    let mut kinds = std::collections::BTreeSet::new();
    for e in &errors {
        kinds.insert(e.kind());
        for text in [format!("{e}"), format!("{e:?}"), e.message_id()] {
            for s in &secrets {
                assert!(!text.contains(s.as_str()), "key leaked in {text}");
            }
            assert!(!text.contains("Basic "), "auth header leaked in {text}");
        }
    }
    assert!(kinds.len() >= 12, "{kinds:?}");
    let cfg = GatewayConfig {
        kind: ProviderKind::Midtrans,
        base_url: "http://x".into(),
        key: env.mid_key.clone(),
    };
    assert!(!format!("{cfg:?}").contains(secrets[0].as_str()));
    assert!(!serde_json::to_string(&cfg)
        .unwrap()
        .contains(secrets[0].as_str()));
    assert!(matches!(
        build_gateway(GatewayConfig {
            kind: ProviderKind::Xendit,
            base_url: "http://x".into(),
            key: SecretKey::new("")
        }),
        Err(GatewayError::Config(_))
    ));
}

#[tokio::test]
async fn the_emulator_expires_and_stamps_on_the_clock_it_is_given() {
    let now = Arc::new(Mutex::new(Utc::now()));
    let clock_now = now.clone();
    let clock: Clock = Arc::new(move || *clock_now.lock().expect("clock"));
    let key = SecretKey::new(format!("SB-Mid-server-{}", random_part()));
    let emu = Emulator::start(EmulatorConfig {
        port: Some(0),
        midtrans_key: key.clone(),
        xendit_key: SecretKey::new(format!("xnd_development_{}", random_part())),
        merchant: MerchantInfo::demo(),
        clock: clock.clone(),
    })
    .await
    .expect("emulator starts");
    let gw = build_gateway_with_clock(
        GatewayConfig {
            kind: ProviderKind::Midtrans,
            base_url: emu.base_url(),
            key,
        },
        fast(),
        clock,
    )
    .expect("client");
    let oid = order("CLK");
    let c = gw.charge(&req(&oid, 2_000)).await.expect("charge");
    let at: DateTime<Utc> = *now.lock().expect("clock");
    assert_eq!(
        emu.transactions()[0].created_at.timestamp(),
        at.timestamp(),
        "created on the given clock, not the wall clock"
    );
    // 16 minutes later on the given clock, with no wall time passing: expired.
    *now.lock().expect("clock") += chrono::Duration::minutes(16);
    assert_eq!(
        gw.status(&oid, Some(&c.gateway_ref)).await.unwrap().status,
        PaymentStatus::Expired,
        "the 15-minute QR expired on the emulator's clock"
    );
    assert_eq!(emu.transactions()[0].status, EmuStatus::Expire);
    assert!(
        emu.pay(&oid, Issuer::GoPay, None).is_err(),
        "an expired QR cannot be paid (without the late-settlement fault)"
    );
}

#[tokio::test]
async fn midtrans_names_bank_apps_by_app_and_the_report_normalises_to_the_shared_id() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Midtrans);
    for (issuer, wire, id) in [
        (Issuer::Livin, "livin", "mandiri"),
        (Issuer::Brimo, "brimo", "bri"),
        (Issuer::Jago, "jago", "jago"),
    ] {
        let oid = order("ISS");
        gw.charge(&req(&oid, 1_000)).await.unwrap();
        env.emu.pay(&oid, issuer, None).unwrap();
        let r = gw.status(&oid, None).await.unwrap();
        assert_eq!(r.issuer.as_deref(), Some(wire), "Midtrans wire code");
        assert_eq!(r.issuer_id().as_deref(), Some(id), "one id for one app");
    }
    let xgw = env.gw(ProviderKind::Xendit);
    let xo = order("XISS");
    let xc = xgw.charge(&req(&xo, 1_000)).await.unwrap();
    env.emu.pay(&xo, Issuer::Livin, None).unwrap();
    let r = xgw.status(&xo, Some(&xc.gateway_ref)).await.unwrap();
    assert_eq!(
        r.issuer.as_deref(),
        Some("Livin' by Mandiri"),
        "Xendit sends a name"
    );
    assert_eq!(r.issuer_id().as_deref(), Some("mandiri"));
}

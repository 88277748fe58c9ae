//! Refund client logic against the fake transport (no network): every documented reply and
//! refusal of Midtrans direct refund and Xendit `POST /refunds` parses into the right report or
//! typed error with its Indonesian reason, a refund is re-sent only as the very same request
//! (same `refund_key`, same body), a 406/409 is answered from the refund that already exists,
//! and the status of a refund is read the documented way. The wire is tested in kasir-emulator.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use kasir_gateway::midtrans::{signature, MidtransClient};
use kasir_gateway::xendit::XenditClient;
use kasir_gateway::*;
use kasir_shared::ErrorKind;
use serde_json::{json, Value};

fn key() -> SecretKey {
    SecretKey::new(format!("fake-{}", "r".repeat(10)))
}

fn retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    }
}

fn midtrans(fake: &Arc<FakeTransport>) -> MidtransClient {
    MidtransClient::with_transport(fake.clone(), key(), retry(3))
}

fn xendit(fake: &Arc<FakeTransport>) -> XenditClient {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
        .single()
        .expect("time");
    XenditClient::with_transport(fake.clone(), key(), retry(3), Arc::new(move || at))
}

fn mid_req(amount: i64) -> RefundRequest {
    RefundRequest {
        order_id: "A-1".into(),
        gateway_ref: Some("tx-A-1".into()),
        refund_key: "RF-1".into(),
        amount,
        reason: "Barang rusak".into(),
    }
}

fn xen_req(amount: i64) -> RefundRequest {
    RefundRequest {
        order_id: "X-1".into(),
        gateway_ref: Some("pr-X-1".into()),
        refund_key: "RF-9".into(),
        amount,
        reason: "Barang rusak".into(),
    }
}

fn mid_refund_ok(code: &str, amount: i64, status: &str) -> Value {
    json!({"status_code": code, "status_message": "Success, refund request is approved",
        "transaction_id": "tx-A-1", "order_id": "A-1", "gross_amount": "20000.00",
        "payment_type": "qris", "transaction_status": status, "refund_chargeback_id": 1,
        "refund_chargeback_uuid": "uuid-1", "refund_amount": format!("{amount}.00"),
        "refund_key": "RF-1"})
}

fn mid_error(code: &str, message: &str) -> Value {
    json!({"status_code": code, "status_message": message, "id": "e-1"})
}

fn mid_status(status: &str, refunds: Value) -> Value {
    let gross = "20000.00";
    let code = "200";
    json!({"status_code": code, "transaction_id": "tx-A-1", "order_id": "A-1",
        "gross_amount": gross, "transaction_status": status, "fraud_status": "accept",
        "signature_key": signature("A-1", code, gross, &key()), "issuer": "gopay",
        "settlement_time": "2026-11-26 10:05:00", "refunds": refunds})
}

fn refused_reason(r: Result<RefundReport>) -> (u16, String) {
    match r {
        Err(e @ GatewayError::RefundRefused { .. }) => {
            assert_eq!(e.kind(), ErrorKind::GatewayRefundRefused, "{e:?}");
            let GatewayError::RefundRefused {
                http_status,
                reason,
                ..
            } = &e
            else {
                unreachable!()
            };
            assert!(
                e.message_id().contains(reason.as_str()),
                "the cashier sees the reason"
            );
            (*http_status, reason.clone())
        }
        other => panic!("expected RefundRefused, got {other:?}"),
    }
}

#[tokio::test]
async fn midtrans_refund_goes_to_direct_refund_with_the_documented_body() {
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_refund_ok("200", 20_000, "refund"));
    let rep = midtrans(&fake)
        .refund(&mid_req(20_000))
        .await
        .expect("refund");
    assert_eq!(rep.status, RefundStatus::Succeeded);
    assert_eq!(rep.gateway_refund_id.as_deref(), Some("uuid-1"));
    assert_eq!(rep.amount, 20_000);
    assert_eq!(rep.raw_status, "refund");
    let sent = &fake.requests()[0];
    assert_eq!(sent.method, Method::Post);
    assert_eq!(
        sent.path, "/v2/tx-A-1/refund/online/direct",
        "QRIS refunds go through Direct Refund (docs: direct-refund-transaction)"
    );
    assert_eq!(
        sent.json_body(),
        Some(json!({"refund_key": "RF-1", "amount": 20000, "reason": "Barang rusak"})),
        "amount always sent: without it Midtrans refunds everything"
    );
    assert!(sent.header_value("authorization").is_some());
}

#[tokio::test]
async fn midtrans_201_is_pending_and_partial_refund_is_succeeded() {
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_refund_ok("201", 5_000, "settlement"));
    fake.reply(200, &mid_refund_ok("200", 5_000, "partial_refund"));
    let gw = midtrans(&fake);
    let r = gw.refund(&mid_req(5_000)).await.unwrap();
    assert_eq!(
        r.status,
        RefundStatus::Pending,
        "body status_code 201 = pending"
    );
    let r = gw.refund(&mid_req(5_000)).await.unwrap();
    assert_eq!(r.status, RefundStatus::Succeeded);
    assert_eq!(r.raw_status, "partial_refund");
}

#[tokio::test]
async fn every_documented_midtrans_refusal_maps_to_a_reason() {
    use kasir_gateway::midtrans_refund::reasons;
    let cases = [
        (
            200,
            mid_error("412", "Transaction status cannot be updated."),
            412,
            reasons::CANNOT_UPDATE,
        ),
        (
            412,
            mid_error("412", "Refund is not supported by the issuer."),
            412,
            reasons::NOT_SUPPORTED_BY_ISSUER,
        ),
        (
            400,
            json!({"status_code": "400", "status_message": "One or more parameters in the payload is invalid.",
            "validation_messages": ["amount must not exceed the remaining refundable amount"]}),
            400,
            reasons::OVER_AMOUNT,
        ),
        (
            400,
            mid_error("400", "refund_key is invalid"),
            400,
            reasons::INVALID,
        ),
        (
            200,
            mid_error("402", "Merchant doesn't have access for this payment type"),
            402,
            reasons::NOT_ENABLED,
        ),
        (
            200,
            mid_error("407", "Expired transaction"),
            407,
            reasons::EXPIRED,
        ),
        (
            200,
            mid_error(
                "414",
                "Refund request is rejected due to merchant insufficient funds",
            ),
            414,
            reasons::MERCHANT_FUNDS,
        ),
        (
            200,
            mid_error("418", "Refund is not allowed for this payment type"),
            418,
            reasons::PAYMENT_TYPE,
        ),
        (200, mid_error("202", "Refund denied"), 202, reasons::DENIED),
    ];
    for (http, body, want_code, want_reason) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(http, &body);
        let got = refused_reason(midtrans(&fake).refund(&mid_req(5_000)).await);
        assert_eq!(got, (want_code, want_reason.to_string()), "{body}");
        assert_eq!(fake.requests().len(), 1, "a refusal is not retried: {body}");
    }
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_error("404", "Transaction doesn't exist."));
    assert!(matches!(
        midtrans(&fake).refund(&mid_req(5_000)).await,
        Err(GatewayError::NotFound)
    ));
    let fake = Arc::new(FakeTransport::new());
    fake.reply(401, &mid_error("401", "Unknown Merchant server_key/id"));
    assert!(matches!(
        midtrans(&fake).refund(&mid_req(5_000)).await,
        Err(GatewayError::Rejected {
            http_status: 401,
            ..
        })
    ));
}

#[tokio::test]
async fn a_lost_midtrans_refund_reply_is_resent_as_the_same_refund() {
    let fake = Arc::new(FakeTransport::new());
    fake.fail(TransportError::Timeout {
        phase: TimeoutPhase::Response,
    });
    fake.reply(503, &mid_error("503", "payment partner connection issue"));
    fake.reply(200, &mid_refund_ok("200", 5_000, "partial_refund"));
    let rep = midtrans(&fake)
        .refund(&mid_req(5_000))
        .await
        .expect("third try");
    assert_eq!(rep.status, RefundStatus::Succeeded);
    let sent = fake.requests();
    assert_eq!(
        sent.len(),
        3,
        "a response-phase timeout is retried: refund_key dedups"
    );
    assert!(
        sent.windows(2).all(|w| w[0] == w[1]),
        "every re-send is byte-for-byte the same refund (same refund_key)"
    );
}

#[tokio::test]
async fn midtrans_406_is_answered_from_the_existing_refund() {
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_error("406", "refund_key has been used"));
    fake.reply(
        200,
        &mid_status(
            "partial_refund",
            json!([{"refund_chargeback_id": 1, "refund_chargeback_uuid": "uuid-1",
                "refund_amount": "5000.00", "refund_key": "RF-1", "created_at": "2026-11-26 10:06:00",
                "bank_confirmed_at": "2026-11-26 10:06:05"}]),
        ),
    );
    let rep = midtrans(&fake)
        .refund(&mid_req(5_000))
        .await
        .expect("same refund");
    assert_eq!(rep.status, RefundStatus::Succeeded);
    assert_eq!(rep.gateway_refund_id.as_deref(), Some("uuid-1"));
    assert_eq!(fake.requests()[1].path, "/v2/tx-A-1/status");
    // The key names a refund of another amount: refused, not reported as ours.
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_error("406", "refund_key has been used"));
    fake.reply(
        200,
        &mid_status(
            "partial_refund",
            json!([{"refund_amount": "1000.00", "refund_key": "RF-1", "bank_confirmed_at": "x"}]),
        ),
    );
    let (code, _) = refused_reason(midtrans(&fake).refund(&mid_req(5_000)).await);
    assert_eq!(code, 406);
}

#[tokio::test]
async fn midtrans_refund_status_reads_the_refunds_array() {
    let lookup = |id: Option<&str>| RefundLookup {
        order_id: "A-1".into(),
        gateway_ref: Some("tx-A-1".into()),
        refund_key: "RF-1".into(),
        gateway_refund_id: id.map(str::to_string),
    };
    let entry = |confirmed: Value| {
        json!([{"refund_chargeback_id": 1, "refund_chargeback_uuid": "uuid-1",
            "refund_amount": "5000.00", "refund_key": "RF-1", "created_at": "2026-11-26 10:06:00",
            "bank_confirmed_at": confirmed}])
    };
    let cases = [
        (
            mid_status("partial_refund", entry(json!("2026-11-26 10:07:00"))),
            None,
            RefundStatus::Succeeded,
        ),
        (
            mid_status("settlement", entry(Value::Null)),
            None,
            RefundStatus::Pending,
        ),
        (
            mid_status(
                "refund",
                json!([{"refund_amount": "5000.00", "refund_key": "RF-1"}]),
            ),
            None,
            RefundStatus::Succeeded,
        ),
        (
            mid_status(
                "settlement",
                json!([{"refund_amount": "5000.00", "refund_key": "RF-1"}]),
            ),
            None,
            RefundStatus::Pending,
        ),
        (
            mid_status("settlement", json!([])),
            None,
            RefundStatus::Pending,
        ),
        (
            mid_status("settlement", json!([])),
            Some("uuid-1"),
            RefundStatus::Failed,
        ),
        (mid_status("pending", json!([])), None, RefundStatus::Failed),
    ];
    for (body, id, want) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(200, &body);
        let rep = midtrans(&fake)
            .refund_status(&lookup(id))
            .await
            .expect("status");
        assert_eq!(rep.status, want, "{body}");
        if want == RefundStatus::Failed {
            assert!(rep.failure_reason.is_some(), "a failure says why");
        }
        assert_eq!(fake.requests()[0].path, "/v2/tx-A-1/status");
    }
    // A status signed with another key is not trusted.
    let mut forged = mid_status("refund", entry(json!("x")));
    forged["signature_key"] = json!(signature(
        "A-1",
        "200",
        "20000.00",
        &SecretKey::new("other")
    ));
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &forged);
    assert!(matches!(
        midtrans(&fake).refund_status(&lookup(None)).await,
        Err(GatewayError::SignatureMismatch)
    ));
}

fn xen_refund(status: &str, amount: i64, failure: Option<&str>) -> Value {
    json!({"id": "rfd-1", "payment_request_id": "pr-X-1", "amount": amount, "currency": "IDR",
        "status": status, "reason": "REQUESTED_BY_CUSTOMER", "reference_id": "RF-9",
        "failure_code": failure, "created": "2026-11-26T03:06:00Z", "updated": "2026-11-26T03:06:00Z"})
}

#[tokio::test]
async fn xendit_refund_posts_refunds_with_the_idempotency_key() {
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &xen_refund("PENDING", 4_000, None));
    let rep = xendit(&fake).refund(&xen_req(4_000)).await.expect("refund");
    assert_eq!(
        rep.status,
        RefundStatus::Pending,
        "QRIS refunds start PENDING"
    );
    assert_eq!(rep.gateway_refund_id.as_deref(), Some("rfd-1"));
    let sent = &fake.requests()[0];
    assert_eq!(
        (sent.method, sent.path.as_str()),
        (Method::Post, "/refunds")
    );
    assert_eq!(sent.header_value("idempotency-key"), Some("RF-9"));
    assert_eq!(
        sent.json_body(),
        Some(
            json!({"payment_request_id": "pr-X-1", "reference_id": "RF-9", "currency": "IDR",
            "amount": 4000, "reason": "REQUESTED_BY_CUSTOMER", "metadata": {"alasan": "Barang rusak"}})
        )
    );
    // Without a payment_request_id Xendit cannot be asked.
    let mut no_ref = xen_req(4_000);
    no_ref.gateway_ref = None;
    assert!(matches!(
        xendit(&fake).refund(&no_ref).await,
        Err(GatewayError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn every_documented_xendit_refusal_maps_to_a_reason() {
    use kasir_gateway::xendit_refund::reasons;
    let cases = [
        (400, "MAXIMUM_REFUND_AMOUNT_REACHED", reasons::OVER_AMOUNT),
        (
            400,
            "PARTIAL_REFUND_NOT_SUPPORTED",
            reasons::PARTIAL_NOT_SUPPORTED,
        ),
        (
            400,
            "REFUND_NOT_SUPPORTED",
            reasons::NOT_SUPPORTED_BY_ISSUER,
        ),
        (400, "REFUND_IN_PROGRESS", reasons::IN_PROGRESS),
        (403, "INELIGIBLE_TRANSACTION", reasons::INELIGIBLE),
    ];
    for (http, code, want) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(http, &json!({"error_code": code, "message": "m"}));
        let got = refused_reason(xendit(&fake).refund(&xen_req(4_000)).await);
        assert_eq!(got, (http, want.to_string()), "{code}");
        assert_eq!(fake.requests().len(), 1, "{code} is not retried");
    }
    let fake = Arc::new(FakeTransport::new());
    fake.reply(
        404,
        &json!({"error_code": "DATA_NOT_FOUND", "message": "m"}),
    );
    assert!(matches!(
        xendit(&fake).refund(&xen_req(4_000)).await,
        Err(GatewayError::NotFound)
    ));
    let fake = Arc::new(FakeTransport::new());
    fake.reply(
        400,
        &json!({"error_code": "API_VALIDATION_ERROR", "message": "reason is invalid"}),
    );
    assert!(matches!(
        xendit(&fake).refund(&xen_req(4_000)).await,
        Err(GatewayError::Rejected {
            http_status: 400,
            ..
        })
    ));
}

#[tokio::test]
async fn xendit_failure_codes_become_indonesian_reasons() {
    use kasir_gateway::xendit_refund::reasons;
    let lookup = RefundLookup {
        order_id: "X-1".into(),
        gateway_ref: Some("pr-X-1".into()),
        refund_key: "RF-9".into(),
        gateway_refund_id: Some("rfd-1".into()),
    };
    let cases = [
        ("INELIGIBLE_TRANSACTION", reasons::PAST_WINDOW),
        ("INSUFFICIENT_BALANCE", reasons::INSUFFICIENT_BALANCE),
        (
            "REFUND_TEMPORARILY_UNAVAILABLE",
            reasons::TEMPORARILY_UNAVAILABLE,
        ),
        ("MAXIMUM_USER_BALANCE_EXCEEDED", reasons::USER_BALANCE),
        ("REFUND_FAILED", reasons::FAILED),
        ("SOMETHING_NEW", reasons::FAILED),
    ];
    for (code, want) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(200, &xen_refund("FAILED", 4_000, Some(code)));
        let rep = xendit(&fake).refund_status(&lookup).await.expect(code);
        assert_eq!(rep.status, RefundStatus::Failed);
        assert_eq!(rep.failure_reason.as_deref(), Some(want), "{code}");
        assert_eq!(rep.raw_status, format!("FAILED {code}"));
        assert_eq!(fake.requests()[0].path, "/refunds/rfd-1");
    }
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &xen_refund("SUCCEEDED", 4_000, None));
    let rep = xendit(&fake).refund_status(&lookup).await.unwrap();
    assert_eq!((rep.status, rep.amount), (RefundStatus::Succeeded, 4_000));
    // Without the refund id, the payment request's refund list is searched by reference_id.
    let fake = Arc::new(FakeTransport::new());
    fake.reply(
        200,
        &json!({"data": [xen_refund("SUCCEEDED", 4_000, None)], "has_more": false}),
    );
    let rep = xendit(&fake)
        .refund_status(&RefundLookup {
            gateway_refund_id: None,
            ..lookup.clone()
        })
        .await
        .unwrap();
    assert_eq!(rep.gateway_refund_id.as_deref(), Some("rfd-1"));
    assert_eq!(
        fake.requests()[0].path,
        "/refunds?payment_request_id=pr-X-1"
    );
}

#[tokio::test]
async fn xendit_409_and_lost_replies_never_make_a_second_refund() {
    let fake = Arc::new(FakeTransport::new());
    fake.fail(TransportError::Broken {
        detail: "reset after send".into(),
    });
    fake.reply(
        409,
        &json!({"error_code": "DUPLICATE_ERROR", "message": "reference_id exists"}),
    );
    fake.reply(
        200,
        &json!({"data": [xen_refund("SUCCEEDED", 4_000, None)], "has_more": false}),
    );
    let rep = xendit(&fake)
        .refund(&xen_req(4_000))
        .await
        .expect("the existing refund");
    assert_eq!(rep.gateway_refund_id.as_deref(), Some("rfd-1"));
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        sent[0], sent[1],
        "the re-send is the same request, same Idempotency-key"
    );
    assert_eq!(sent[2].method, Method::Get);
}

#[tokio::test]
async fn refund_errors_never_carry_the_key() {
    let k = key();
    let echoed = format!(
        "bad request; Authorization: {} key={}",
        k.basic_auth_header(),
        k.expose()
    );
    let fake = Arc::new(FakeTransport::new());
    fake.reply(
        400,
        &json!({"status_code": "400", "status_message": echoed}),
    );
    let e = midtrans(&fake).refund(&mid_req(5_000)).await.unwrap_err();
    let fake = Arc::new(FakeTransport::new());
    fake.reply(
        400,
        &json!({"error_code": "REFUND_NOT_SUPPORTED", "message": echoed}),
    );
    let x = xendit(&fake).refund(&xen_req(4_000)).await.unwrap_err();
    let b64 = k
        .basic_auth_header()
        .trim_start_matches("Basic ")
        .to_string();
    for e in [e, x] {
        for text in [format!("{e:?}"), e.to_string(), e.message_id()] {
            assert!(!text.contains(k.expose()), "key leaked: {text}");
            assert!(!text.contains(&b64), "base64 key leaked: {text}");
        }
    }
}

#[test]
fn refund_requests_are_validated_before_anything_is_sent() {
    let ok = mid_req(5_000);
    assert!(ok.validate().is_ok());
    for bad in [
        RefundRequest {
            amount: 0,
            ..ok.clone()
        },
        RefundRequest {
            amount: MAX_QRIS_AMOUNT + 1,
            ..ok.clone()
        },
        RefundRequest {
            refund_key: String::new(),
            ..ok.clone()
        },
        RefundRequest {
            refund_key: "a b".into(),
            ..ok.clone()
        },
        RefundRequest {
            refund_key: "k".repeat(MAX_REFUND_KEY_LEN + 1),
            ..ok.clone()
        },
        RefundRequest {
            order_id: "a/b".into(),
            ..ok.clone()
        },
    ] {
        assert!(
            matches!(bad.validate(), Err(GatewayError::InvalidRequest(_))),
            "{bad:?}"
        );
    }
}

//! Client logic against the fake transport (no network): how each documented status maps,
//! which failures are retried and how often, that a charge is never blindly repeated once it
//! may have reached the gateway, and that every retry is the very same request (same
//! idempotency key, same body). The wire itself is tested over real HTTP in kasir-emulator.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use kasir_gateway::midtrans::{signature, MidtransClient};
use kasir_gateway::qris::build_dynamic;
use kasir_gateway::xendit::XenditClient;
use kasir_gateway::*;
use kasir_shared::ErrorKind;
use serde_json::{json, Value};

fn key() -> SecretKey {
    SecretKey::new(format!("fake-{}", "k".repeat(8)))
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

fn req(order_id: &str, amount: i64) -> ChargeRequest {
    ChargeRequest {
        order_id: order_id.into(),
        amount,
        items: vec![],
        expiry_minutes: 15,
        expires_at: None,
    }
}

fn mid_charge_reply(order_id: &str, amount: i64) -> Value {
    json!({
        "status_code": "201", "transaction_id": format!("tx-{order_id}"), "order_id": order_id,
        "gross_amount": format!("{amount}.00"), "transaction_status": "pending",
        "fraud_status": "accept", "expiry_time": "2026-11-26 10:15:00",
        "qr_string": build_dynamic(&MerchantInfo::demo(), amount, order_id),
    })
}

fn mid_status_reply(order_id: &str, amount: i64, status: &str, code: &str) -> Value {
    let gross = format!("{amount}.00");
    json!({
        "status_code": code, "transaction_id": format!("tx-{order_id}"), "order_id": order_id,
        "gross_amount": gross, "transaction_status": status, "fraud_status": "accept",
        "signature_key": signature(order_id, code, &gross, &key()),
        "settlement_time": "2026-11-26 10:05:00", "issuer": "gopay",
    })
}

fn xen_reply(order_id: &str, amount: i64, status: &str) -> Value {
    json!({
        "payment_request_id": format!("pr-{order_id}"), "reference_id": order_id,
        "status": status, "request_amount": amount,
        "updated": "2026-11-26T03:05:00Z",
        "actions": [{"type": "PRESENT_TO_CUSTOMER", "descriptor": "QR_STRING",
            "value": build_dynamic(&MerchantInfo::demo(), amount, order_id)}],
    })
}

fn response_timeout() -> TransportError {
    TransportError::Timeout {
        phase: TimeoutPhase::Response,
    }
}

fn connect_refused() -> TransportError {
    TransportError::Connect {
        detail: "connection refused".into(),
    }
}

#[tokio::test]
async fn every_documented_midtrans_status_maps_through_the_client() {
    let cases = [
        ("settlement", "200", PaymentStatus::Paid),
        ("SETTLEMENT", "200", PaymentStatus::Paid),
        ("pending", "201", PaymentStatus::Pending),
        ("expire", "407", PaymentStatus::Expired),
        ("cancel", "200", PaymentStatus::Cancelled),
        ("deny", "202", PaymentStatus::Failed),
        ("failure", "202", PaymentStatus::Failed),
        ("refund", "200", PaymentStatus::Refunded),
        ("partial_refund", "200", PaymentStatus::Refunded),
    ];
    for (raw, code, want) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(200, &mid_status_reply("A-1", 5_000, raw, code));
        let r = midtrans(&fake).status("A-1", None).await.expect(raw);
        assert_eq!(r.status, want, "{raw}");
        assert_eq!(r.raw_status, raw);
        assert_eq!(
            r.signature,
            SignatureCheck::Valid,
            "{raw}: signed with the key"
        );
        let sent = fake.requests();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].method, Method::Get);
        assert_eq!(sent[0].path, "/v2/A-1/status");
    }
}

#[tokio::test]
async fn every_documented_xendit_status_maps_through_the_client() {
    let cases = [
        ("REQUIRES_ACTION", PaymentStatus::Pending),
        ("ACCEPTING_PAYMENTS", PaymentStatus::Pending),
        ("AUTHORIZED", PaymentStatus::Pending),
        ("SUCCEEDED", PaymentStatus::Paid),
        ("CANCELED", PaymentStatus::Cancelled),
        ("EXPIRED", PaymentStatus::Expired),
        ("FAILED", PaymentStatus::Failed),
    ];
    for (raw, want) in cases {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(200, &xen_reply("X-1", 4_000, raw));
        let r = xendit(&fake)
            .status("X-1", Some("pr-X-1"))
            .await
            .expect(raw);
        assert_eq!(r.status, want, "{raw}");
        assert_eq!(r.signature, SignatureCheck::NotApplicable);
        let sent = &fake.requests()[0];
        assert_eq!(sent.path, "/v3/payment_requests/pr-X-1");
        assert_eq!(sent.header_value("api-version"), Some("2024-11-11"));
    }
}

#[tokio::test]
async fn documented_error_statuses_map_to_typed_errors_without_retrying_refusals() {
    let mid = [
        (401, "401", "gateway_rejected"),
        (200, "404", "gateway_not_found"),
        (404, "404", "gateway_not_found"),
        (406, "406", "gateway_duplicate"),
        (412, "412", "gateway_rejected"),
    ];
    for (http, code, kind) in mid {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(http, &json!({"status_code": code, "status_message": "m"}));
        let e = midtrans(&fake).status("A-1", None).await.unwrap_err();
        assert_eq!(e.kind().as_str(), kind, "Midtrans HTTP {http} body {code}");
        assert_eq!(fake.requests().len(), 1, "{code} is not retried");
    }
    let xen = [
        (400, "API_VALIDATION_ERROR", "gateway_rejected"),
        (401, "INVALID_API_KEY", "gateway_rejected"),
        (403, "CHANNEL_NOT_ACTIVATED", "gateway_rejected"),
        (404, "DATA_NOT_FOUND", "gateway_not_found"),
        (409, "DUPLICATE_ERROR", "gateway_duplicate"),
    ];
    for (http, code, kind) in xen {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(http, &json!({"error_code": code, "message": "m"}));
        let e = xendit(&fake).status("X-1", Some("pr-1")).await.unwrap_err();
        assert_eq!(e.kind().as_str(), kind, "Xendit {http} {code}");
        assert_eq!(fake.requests().len(), 1, "{code} is not retried");
    }
}

#[tokio::test]
async fn status_is_retried_only_on_documented_transient_statuses() {
    // 429, 500 and 503 are documented as transient: retried, then the third try answers.
    for (first, second) in [(429, 503), (500, 429), (503, 500)] {
        let fake = Arc::new(FakeTransport::new());
        fake.reply(first, &json!({"status_code": first.to_string()}))
            .reply(second, &json!({"status_code": second.to_string()}))
            .reply(200, &mid_status_reply("A-1", 5_000, "pending", "201"));
        let r = midtrans(&fake).status("A-1", None).await;
        assert_eq!(r.expect("third try").status, PaymentStatus::Pending);
        assert_eq!(fake.requests().len(), 3, "{first}, {second}, then success");
    }
    // 502 and 504 are not documented by either gateway: reported once, not retried.
    for s in [502, 504] {
        let fake = Arc::new(FakeTransport::new());
        fake.reply_raw(s, "<html>proxy</html>");
        let e = midtrans(&fake).status("A-1", None).await.unwrap_err();
        assert!(
            matches!(e, GatewayError::Server { status } if status == s),
            "{e:?}"
        );
        assert_eq!(fake.requests().len(), 1, "{s} is not retried");
    }
    // Bounded: three 503s in a row give up after max_attempts.
    let fake = Arc::new(FakeTransport::new());
    for _ in 0..5 {
        fake.reply(503, &json!({"error_code": "CHANNEL_UNAVAILABLE"}));
    }
    let e = xendit(&fake).status("X-1", Some("pr-1")).await.unwrap_err();
    assert!(matches!(e, GatewayError::Server { status: 503 }));
    assert_eq!(fake.requests().len(), 3, "max_attempts bounds the retries");
    assert_eq!(fake.remaining(), 2);
    // Transport failures on an idempotent call are retried, whatever their phase.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .fail(TransportError::Broken {
            detail: "reset".into(),
        })
        .reply(200, &mid_status_reply("A-1", 5_000, "settlement", "200"));
    let r = midtrans(&fake).cancel("A-1", None).await.expect("retried");
    assert_eq!(r.status, PaymentStatus::Paid);
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    assert!(sent
        .iter()
        .all(|r| r.path == "/v2/A-1/cancel" && r.method == Method::Post));
    assert_eq!(
        sent[0].json_body(),
        Some(json!({})),
        "cancel sends an empty JSON object"
    );
}

#[tokio::test]
async fn a_midtrans_charge_is_never_blindly_repeated_once_it_may_have_landed() {
    let landed: [fn(&FakeTransport); 4] = [
        |f| {
            f.fail(response_timeout());
        },
        |f| {
            f.fail(TransportError::Broken {
                detail: "reset after send".into(),
            });
        },
        |f| {
            f.reply(503, &json!({"status_code": "503"}));
        },
        |f| {
            f.reply_raw(200, "{\"status_code\": \"201\", \"transac");
        },
    ];
    for script in landed {
        let fake = Arc::new(FakeTransport::new());
        script(&fake);
        fake.reply(200, &mid_charge_reply("C-1", 7_000));
        let e = midtrans(&fake)
            .charge(&req("C-1", 7_000))
            .await
            .unwrap_err();
        assert!(
            e.may_have_reached_gateway(),
            "{e:?} says it may have charged"
        );
        assert_eq!(fake.requests().len(), 1, "{e:?}: no second charge");
        assert_eq!(fake.remaining(), 1);
    }
}

#[tokio::test]
async fn a_charge_that_certainly_never_left_is_retried_as_the_same_request() {
    let fake = Arc::new(FakeTransport::new());
    fake.fail(connect_refused())
        .fail(TransportError::Timeout {
            phase: TimeoutPhase::Connect,
        })
        .reply(200, &mid_charge_reply("C-2", 7_000));
    let c = midtrans(&fake)
        .charge(&req("C-2", 7_000))
        .await
        .expect("third try");
    assert_eq!(c.gateway_ref, "tx-C-2");
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    for r in &sent {
        assert_eq!(r, &sent[0], "every retry is the very same request");
        assert_eq!(r.header_value("Idempotency-Key"), Some("C-2"));
        assert_eq!(r.path, "/v2/charge");
    }
    let body = sent[0].json_body().expect("JSON body");
    assert_eq!(body["payment_type"], "qris");
    assert_eq!(body["transaction_details"]["order_id"], "C-2");
    assert_eq!(body["transaction_details"]["gross_amount"], 7_000);

    // 429 means "not processed": retried too.
    let fake = Arc::new(FakeTransport::new());
    fake.reply(429, &json!({"status_code": "429"}))
        .reply(200, &mid_charge_reply("C-3", 1_000));
    midtrans(&fake)
        .charge(&req("C-3", 1_000))
        .await
        .expect("after 429");
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn a_xendit_create_is_replayed_with_the_same_idempotency_key_and_body() {
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .reply(503, &json!({"error_code": "CHANNEL_UNAVAILABLE"}))
        .reply(201, &xen_reply("X-2", 4_000, "REQUIRES_ACTION"));
    let c = xendit(&fake)
        .charge(&req("X-2", 4_000))
        .await
        .expect("replayed");
    assert_eq!(c.gateway_ref, "pr-X-2");
    let sent = fake.requests();
    assert_eq!(
        sent.len(),
        3,
        "Xendit answers a repeated key with the original"
    );
    for r in &sent {
        assert_eq!(r, &sent[0], "same request each time");
        assert_eq!(r.header_value("Idempotency-key"), Some("X-2"));
    }
    let body = sent[0].json_body().expect("body");
    assert_eq!(body["reference_id"], "X-2");
    assert_eq!(body["type"], "PAY");
    assert_eq!(body["channel_code"], "QRIS");
    assert_eq!(body["request_amount"], 4_000);
    assert_eq!(
        body["channel_properties"]["expires_at"], "2026-11-26T03:15:00Z",
        "expiry dated by the clock passed in"
    );
}

#[tokio::test]
async fn charge_or_recover_asks_status_then_resends_the_same_charge() {
    // Pending with the same amount: the original charge is fetched again with its key.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .reply(200, &mid_status_reply("R-1", 9_000, "pending", "201"))
        .reply(200, &mid_charge_reply("R-1", 9_000));
    let gw = midtrans(&fake);
    let c = charge_or_recover(&gw, &req("R-1", 9_000))
        .await
        .expect("recovered");
    assert!(c.qr_string.is_some());
    let sent = fake.requests();
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/v2/charge", "/v2/R-1/status", "/v2/charge"]);
    assert_eq!(
        sent[0], sent[2],
        "the recovery re-sends the identical charge"
    );

    // Unknown at the gateway: it never landed, charge again.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .reply(
            200,
            &json!({"status_code": "404", "status_message": "Transaction doesn't exist."}),
        )
        .reply(200, &mid_charge_reply("R-2", 9_000));
    charge_or_recover(&midtrans(&fake), &req("R-2", 9_000))
        .await
        .expect("charged after not found");
    assert_eq!(fake.requests().len(), 3);

    // Already paid: reported as paid, no second charge.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .reply(200, &mid_status_reply("R-3", 9_000, "settlement", "200"));
    let c = charge_or_recover(&midtrans(&fake), &req("R-3", 9_000))
        .await
        .expect("paid");
    assert_eq!(c.status, PaymentStatus::Paid);
    assert_eq!(
        fake.requests().len(),
        2,
        "status only; nothing charged again"
    );

    // Another amount at the gateway: an anomaly, never a second charge.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(response_timeout())
        .reply(200, &mid_status_reply("R-4", 1_000, "pending", "201"));
    let e = charge_or_recover(&midtrans(&fake), &req("R-4", 9_000))
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        GatewayError::AmountMismatch {
            expected: 9_000,
            got: 1_000
        }
    ));
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn requests_carry_basic_auth_and_never_show_it_in_debug() {
    let fake = Arc::new(FakeTransport::new());
    fake.reply(200, &mid_status_reply("A-1", 1_000, "pending", "201"));
    midtrans(&fake).status("A-1", None).await.expect("status");
    let r = &fake.requests()[0];
    let auth = r.header_value("Authorization").expect("auth header");
    assert!(auth.starts_with("Basic "));
    assert!(!format!("{r:?}").contains(auth), "Debug redacts the key");
    assert!(!format!("{:?}", midtrans(&fake)).contains(key().expose()));
    // Nothing scripted: the fake refuses to connect, which can never have charged.
    let e = midtrans(&fake)
        .charge(&req("N-1", 1_000))
        .await
        .unwrap_err();
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
}

// ---- Issue 8 -----------------------------------------------------------------------------------

/// Item 5: HTTP 202 "still being processed" on a charge is asked again with the very same
/// request (same Idempotency-Key) a bounded number of times, then it is "may have reached the
/// gateway" — never an unreadable reply.
#[tokio::test]
async fn midtrans_202_is_retried_with_the_same_key_then_may_have_landed() {
    let processing = json!({"status_code": "202",
        "status_message": "The request is still being processed, please try again"});
    let fake = Arc::new(FakeTransport::new());
    fake.reply(202, &processing)
        .reply(202, &processing)
        .reply(200, &mid_charge_reply("P-1", 5_000));
    let c = midtrans(&fake)
        .charge(&req("P-1", 5_000))
        .await
        .expect("third answer is the charge");
    assert_eq!(c.gateway_ref, "tx-P-1");
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|r| r == &sent[0]), "same request, same key");

    let fake = Arc::new(FakeTransport::new());
    for _ in 0..10 {
        fake.reply(202, &processing);
    }
    let e = midtrans(&fake)
        .charge(&req("P-2", 5_000))
        .await
        .expect_err("still processing");
    assert!(matches!(e, GatewayError::StillProcessing), "{e:?}");
    assert!(
        e.may_have_reached_gateway(),
        "recovery must ask, not charge blindly"
    );
    assert_ne!(e.kind(), ErrorKind::GatewayInvalidResponse);
    assert_eq!(
        fake.requests().len(),
        1 + midtrans::STILL_PROCESSING_RETRIES as usize
    );
}

/// Item 6: a lost Xendit create reply is recovered by re-sending exactly the same body under
/// the same key, with one retry layer only (it used to be up to six POSTs, with `expires_at`
/// moving between tries).
#[tokio::test]
async fn a_lost_xendit_create_is_resent_identically_and_at_most_max_attempts_times() {
    let ticks = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let t = ticks.clone();
    let base = Utc
        .with_ymd_and_hms(2026, 11, 26, 3, 0, 0)
        .single()
        .expect("time");
    let clock: kasir_shared::time::Clock = Arc::new(move || {
        base + chrono::Duration::seconds(t.fetch_add(7, std::sync::atomic::Ordering::SeqCst))
    });
    let fake = Arc::new(FakeTransport::new());
    for _ in 0..10 {
        fake.fail(TransportError::Broken {
            detail: "reset".into(),
        });
    }
    let gw = XenditClient::with_transport(fake.clone(), key(), retry(3), clock);
    let e = charge_or_recover(&gw, &req("X-9", 4_000))
        .await
        .expect_err("never answered");
    assert!(e.may_have_reached_gateway());
    let sent = fake.requests();
    assert!(sent.len() <= 3, "one retry layer: {} POSTs", sent.len());
    assert!(
        sent.iter().all(|r| r == &sent[0]),
        "every re-send is the very same body and key"
    );
    // A client without retries gets exactly one re-send from charge_or_recover, same body.
    let fake = Arc::new(FakeTransport::new());
    fake.fail(TransportError::Broken {
        detail: "reset".into(),
    })
    .reply(201, &xen_reply("X-10", 4_000, "REQUIRES_ACTION"));
    let mut fixed = req("X-10", 4_000);
    fixed.expires_at = Some(base + chrono::Duration::minutes(15));
    let ticking: kasir_shared::time::Clock = {
        let t = ticks.clone();
        Arc::new(move || {
            base + chrono::Duration::seconds(t.fetch_add(7, std::sync::atomic::Ordering::SeqCst))
        })
    };
    let gw = XenditClient::with_transport(fake.clone(), key(), retry(1), ticking);
    charge_or_recover(&gw, &fixed).await.expect("recovered");
    let sent = fake.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1], "same body although the clock moved");
    assert_eq!(
        sent[0].json_body().expect("body")["channel_properties"]["expires_at"],
        "2026-11-26T03:15:00Z"
    );
}

/// Item 3: every documented Midtrans status after settlement parses, with the amount and time
/// of the reversal.
#[tokio::test]
async fn refunds_and_chargebacks_after_settlement_parse_with_amount_and_time() {
    for (status, expected, partial) in [
        ("refund", PaymentStatus::Refunded, false),
        ("partial_refund", PaymentStatus::Refunded, true),
        ("chargeback", PaymentStatus::Chargeback, false),
        ("partial_chargeback", PaymentStatus::Chargeback, true),
    ] {
        let mut body = mid_status_reply("R-1", 20_000, status, "200");
        body["refund_amount"] = json!("5000.00");
        body["refunds"] = json!([{"refund_chargeback_id": 1, "refund_amount": "5000.00",
            "created_at": "2026-11-27 09:00:00", "reason": "x"}]);
        let fake = Arc::new(FakeTransport::new());
        fake.reply(200, &body);
        let r = midtrans(&fake)
            .status("R-1", None)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(r.status, expected, "{status}");
        assert_eq!(r.signature, SignatureCheck::Valid);
        let rev = r.reversal.expect("reversal");
        assert_eq!(
            (rev.partial, rev.amount),
            (partial, Some(5_000)),
            "{status}"
        );
        assert!(rev.at.is_some());
    }
}

/// Item 2: the QR's lifetime comes from the gateway's own two times, and the skew from its
/// `Date` header, whatever the local clock says.
#[tokio::test]
async fn lifetime_and_clock_skew_come_from_the_gateway() {
    let local = Utc
        .with_ymd_and_hms(2026, 11, 26, 0, 0, 0)
        .single()
        .expect("time");
    let mut body = mid_charge_reply("L-1", 3_000);
    body["transaction_time"] = json!("2026-11-26 10:00:00");
    body["expiry_time"] = json!("2026-11-26 10:15:00");
    let fake = Arc::new(FakeTransport::new());
    // The gateway's Date is 3 h after our local clock.
    fake.reply_with_headers(200, &body, &[("Date", "Thu, 26 Nov 2026 03:00:00 GMT")]);
    let gw = midtrans(&fake).with_clock(Arc::new(move || local));
    let c = gw.charge(&req("L-1", 3_000)).await.expect("charge");
    assert_eq!(c.lifetime, Some(chrono::Duration::minutes(15)));
    assert_eq!(gw.clock_skew(), Some(chrono::Duration::hours(3)));
}

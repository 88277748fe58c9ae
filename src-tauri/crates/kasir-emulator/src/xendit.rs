//! The Xendit side of the emulator (Payments API v3): `POST /v3/payment_requests`,
//! `GET /v3/payment_requests/{id}`, `POST /v3/payment_requests/{id}/cancel`, the refunds API
//! (`POST /refunds`, `GET /refunds/{id}`, `GET /refunds?payment_request_id=`), with Xendit's
//! reply shapes (`REQUIRES_ACTION` + a `QR_STRING` action, `SUCCEEDED` with `payment_details`),
//! its `{error_code, message}` errors (400, 404, 409) and its `Idempotency-key` replay.
//! Validates request bodies as raw JSON; never uses kasir-gateway's client code and knows no
//! HTTP server type.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use kasir_gateway::qris::build_dynamic;
use kasir_gateway::{validate_order_id, ProviderKind, MAX_QRIS_AMOUNT};
use kasir_shared::time::{parse_rfc3339, rfc3339_millis, to_millis};
use serde_json::{json, Value};

use crate::faults::Tweaks;
use crate::refunds::{ask_refund, status_checked, Ask, EmuRefund, EmuRefundStatus, Refusal};
use crate::server::Route;
use crate::state::{EmuStatus, EmuTransaction, Reply, State};
use crate::EmulatorConfig;

fn xen_error(status: u16, code: &str, message: &str) -> Reply {
    (status, json!({"error_code": code, "message": message}))
}

fn iso(t: DateTime<Utc>) -> String {
    rfc3339_millis(to_millis(t))
}

fn xen_reply(tx: &EmuTransaction, tw: Tweaks) -> Value {
    let status = match tx.status {
        EmuStatus::Pending => "REQUIRES_ACTION",
        EmuStatus::Expire => "EXPIRED",
        EmuStatus::Cancel => "CANCELED",
        // Xendit keeps a refunded payment request SUCCEEDED (refunds are their own objects).
        _ => "SUCCEEDED",
    };
    let mut v = json!({
        "payment_request_id": tx.gateway_ref,
        "reference_id": tx.order_id,
        "business_id": "emulator-business",
        "type": "PAY",
        "country": "ID",
        "currency": "IDR",
        "request_amount": tx.reported_amount(tw.amount_delta),
        "capture_method": "AUTOMATIC",
        "channel_code": "QRIS",
        "channel_properties": { "expires_at": iso(tx.expires_at) },
        "status": status,
        "created": iso(tx.created_at),
        "updated": iso(tx.paid_at.unwrap_or(tx.created_at)),
    });
    if tx.status == EmuStatus::Pending {
        v["actions"] = json!([{
            "type": "PRESENT_TO_CUSTOMER",
            "descriptor": "QR_STRING",
            "value": tx.qr_string,
        }]);
    }
    if let (Some(paid), Some(issuer)) = (tx.paid_at, tx.issuer) {
        v["latest_payment_id"] = json!(format!("py-{}", tx.gateway_ref.trim_start_matches("pr-")));
        v["payment_details"] = json!({
            "issuer_name": issuer.label(),
            "receipt_id": format!("RCPT{}", paid.timestamp()),
            "paid_at": iso(paid),
        });
    }
    v
}

pub(crate) fn xendit_route(
    st: &mut State,
    cfg: &EmulatorConfig,
    route: &Route,
    body: &[u8],
    idem: Option<String>,
    tw: Tweaks,
    now: DateTime<Utc>,
) -> Reply {
    match route {
        Route::XenCreate => {
            if let Some(k) = &idem {
                if let Some((s, v)) = st.xendit_idem.get(k) {
                    return (*s, v.clone());
                }
            }
            let reply = xendit_create(st, cfg, body, now);
            if let Some(k) = idem {
                if (200..300).contains(&reply.0) {
                    st.xendit_idem.insert(k, reply.clone());
                }
            }
            reply
        }
        Route::XenGet(id) | Route::XenCancel(id) => {
            let Some(idx) = st
                .txs
                .iter()
                .position(|t| t.provider == ProviderKind::Xendit && t.gateway_ref == *id)
            else {
                return xen_error(404, "DATA_NOT_FOUND", "Payment request not found");
            };
            let tx = &mut st.txs[idx];
            tx.refresh(now);
            if matches!(route, Route::XenCancel(_)) {
                if tx.status != EmuStatus::Pending || tx.in_flight {
                    return xen_error(
                        400,
                        "INVALID_PAYMENT_REQUEST_STATUS",
                        "Payment request can no longer be canceled",
                    );
                }
                tx.status = EmuStatus::Cancel;
            }
            (200, xen_reply(tx, tw))
        }
        Route::XenRefundCreate => {
            if let Some(k) = &idem {
                if let Some((s, v)) = st.xendit_refund_idem.get(k) {
                    return (*s, v.clone());
                }
            }
            let reply = xendit_refund(st, body, idem.as_deref(), tw, now);
            if let Some(k) = idem {
                if (200..300).contains(&reply.0) {
                    st.xendit_refund_idem.insert(k, reply.clone());
                }
            }
            reply
        }
        Route::XenRefundGet(id) => {
            status_checked(st, None, Some(id), now);
            match st
                .refunds
                .iter()
                .find(|r| r.provider == ProviderKind::Xendit && r.id == *id)
            {
                Some(r) => (200, refund_object(r, None)),
                None => xen_error(404, "DATA_NOT_FOUND", "Refund not found"),
            }
        }
        Route::XenRefundList(prid) => {
            let Some(prid) = prid else {
                return xen_error(
                    400,
                    "API_VALIDATION_ERROR",
                    "payment_request_id is required",
                );
            };
            status_checked(st, Some(prid), None, now);
            let data: Vec<Value> = st
                .refunds
                .iter()
                .filter(|r| r.provider == ProviderKind::Xendit && r.gateway_ref == *prid)
                .map(|r| refund_object(r, None))
                .collect();
            (200, json!({"data": data, "has_more": false}))
        }
        _ => xen_error(404, "NOT_FOUND", "unknown path"),
    }
}

/// A refund object as Xendit returns it; `status` overrides the refund's own (a create
/// answers `PENDING`, as the QRIS refund docs say, and completes afterwards).
fn refund_object(r: &EmuRefund, status: Option<&str>) -> Value {
    let own = match r.status {
        EmuRefundStatus::Pending => "PENDING",
        EmuRefundStatus::Succeeded => "SUCCEEDED",
        EmuRefundStatus::Failed => "FAILED",
    };
    json!({
        "id": r.id,
        "payment_request_id": r.gateway_ref,
        "payment_id": format!("py-{}", r.gateway_ref.trim_start_matches("pr-")),
        "invoice_id": "",
        "amount": r.amount,
        "payment_method_type": "QR_CODE",
        "channel_code": "QRIS",
        "currency": "IDR",
        "country": "ID",
        "status": status.unwrap_or(own),
        "reason": r.reason,
        "reference_id": r.refund_key,
        "failure_code": if status.is_none() { r.failure_code.clone() } else { None },
        "refund_fee_amount": null,
        "created": iso(r.created_at),
        "updated": iso(r.updated_at),
        "metadata": null,
    })
}

/// Xendit's documented `reason` values.
const REFUND_REASONS: [&str; 5] = [
    "FRAUDULENT",
    "DUPLICATE",
    "REQUESTED_BY_CUSTOMER",
    "CANCELLATION",
    "OTHERS",
];

fn xendit_refund(
    st: &mut State,
    body: &[u8],
    idem: Option<&str>,
    tw: Tweaks,
    now: DateTime<Utc>,
) -> Reply {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return xen_error(
            400,
            "API_VALIDATION_ERROR",
            "Request body is not valid JSON",
        );
    };
    let invalid = |m: &str| xen_error(400, "API_VALIDATION_ERROR", m);
    let Some(prid) = v.get("payment_request_id").and_then(Value::as_str) else {
        return invalid("payment_request_id is required");
    };
    match v.get("currency") {
        None | Some(Value::Null) => {}
        Some(c) if c.as_str() == Some("IDR") => {}
        Some(_) => return invalid("currency must be IDR for this payment request"),
    }
    let reason = v.get("reason").and_then(Value::as_str).unwrap_or("");
    if !REFUND_REASONS.contains(&reason) {
        return invalid("reason must be one of FRAUDULENT, DUPLICATE, REQUESTED_BY_CUSTOMER, CANCELLATION, OTHERS");
    }
    let amount = match v.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match a.as_i64() {
            Some(a) if a > 0 => Some(a),
            _ => return invalid("amount must be a positive integer"),
        },
    };
    let generated = uuid::Uuid::new_v4().to_string();
    let reference_id = match v.get("reference_id") {
        None | Some(Value::Null) => generated.as_str(),
        Some(Value::String(r)) if !r.is_empty() && r.len() <= 255 => r.as_str(),
        Some(_) => return invalid("reference_id must be 1-255 characters"),
    };
    // A reference_id already used on this payment request, under another (or no) key.
    if st
        .refunds
        .iter()
        .any(|r| r.gateway_ref == prid && r.refund_key == reference_id)
    {
        return xen_error(
            409,
            "DUPLICATE_ERROR",
            "A refund with this reference_id already exists",
        );
    }
    let ask = Ask {
        provider: ProviderKind::Xendit,
        tx_id: prid,
        refund_key: reference_id,
        idempotency_key: idem,
        amount,
        reason,
        pending: tw.refund_pending,
        refused: tw.refund_refused,
    };
    match ask_refund(st, ask, now) {
        Ok((r, _)) => (200, refund_object(&r, Some("PENDING"))),
        Err(Refusal::NotFound) => xen_error(404, "DATA_NOT_FOUND", "Payment request not found"),
        Err(Refusal::NotSettled) => xen_error(
            403,
            "INELIGIBLE_TRANSACTION",
            "Requested refund transaction cannot be processed as the transaction is not SUCCEEDED",
        ),
        Err(Refusal::IssuerUnsupported) => xen_error(
            400,
            "REFUND_NOT_SUPPORTED",
            "Refund feature is not available as the method is not supported for this specific issuer",
        ),
        Err(Refusal::OverAmount) | Err(Refusal::KeyReused) => xen_error(
            400,
            "MAXIMUM_REFUND_AMOUNT_REACHED",
            "Requested refund amount cannot exceed remaining unrefunded amount of the original payment",
        ),
    }
}

fn xendit_create(st: &mut State, cfg: &EmulatorConfig, body: &[u8], now: DateTime<Utc>) -> Reply {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return xen_error(
            400,
            "API_VALIDATION_ERROR",
            "Request body is not valid JSON",
        );
    };
    let invalid = |m: &str| xen_error(400, "API_VALIDATION_ERROR", m);
    let Some(reference_id) = v.get("reference_id").and_then(Value::as_str) else {
        return invalid("reference_id is required");
    };
    if validate_order_id(reference_id).is_err() {
        return invalid("reference_id must be 1-50 characters of letters, digits, - _ ~ .");
    }
    for (field, want) in [
        ("type", "PAY"),
        ("country", "ID"),
        ("currency", "IDR"),
        ("channel_code", "QRIS"),
    ] {
        if v.get(field).and_then(Value::as_str) != Some(want) {
            return invalid(&format!("{field} must be {want}"));
        }
    }
    let amount = match v.get("request_amount").and_then(Value::as_i64) {
        Some(a) if a > 0 && a <= MAX_QRIS_AMOUNT => a,
        _ => return invalid("request_amount must be an integer between 1 and 10000000"),
    };
    let expires_at = match v.pointer("/channel_properties/expires_at") {
        None | Some(Value::Null) => now + ChronoDuration::minutes(15),
        Some(x) => match x.as_str().and_then(parse_rfc3339) {
            Some(t) if t > now => t,
            _ => return invalid("channel_properties.expires_at must be a future ISO 8601 time"),
        },
    };
    if st
        .txs
        .iter()
        .any(|t| t.provider == ProviderKind::Xendit && t.order_id == reference_id)
    {
        return xen_error(
            409,
            "DUPLICATE_ERROR",
            "A payment request with this reference_id already exists",
        );
    }
    let tx = EmuTransaction {
        provider: ProviderKind::Xendit,
        order_id: reference_id.to_string(),
        gateway_ref: format!("pr-{}", uuid::Uuid::new_v4()),
        amount,
        paid_amount: None,
        status: EmuStatus::Pending,
        qr_string: build_dynamic(&cfg.merchant, amount, reference_id),
        created_at: now,
        expires_at,
        paid_at: None,
        issuer: None,
        late_settlement: false,
        in_flight: false,
        reversed_amount: 0,
        reversed_at: None,
    };
    let reply = xen_reply(&tx, Tweaks::default());
    st.txs.push(tx);
    (201, reply)
}

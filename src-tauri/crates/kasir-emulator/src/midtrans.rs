//! The Midtrans side of the emulator (Core API, QRIS subset): `POST /v2/charge`,
//! `GET /v2/{id}/status`, `POST /v2/{id}/cancel|expire`, `POST /v2/{id}/refund/online/direct`
//! (and `/v2/{id}/refund`), with Midtrans's reply shapes and
//! quirks (string `gross_amount` with `.00`, body `status_code` next to the HTTP status, 407 for
//! expired, 406 for a reused order id, 412 when the state cannot change, a valid
//! `signature_key`, WIB times). Validates request bodies as raw JSON, like the real service.
//! Borrows only wire facts from kasir-gateway (signature, QRIS codec, WIB format), never its
//! client code; knows no HTTP server type.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use kasir_gateway::midtrans::{format_wib, signature};
use kasir_gateway::qris::build_dynamic;
use kasir_gateway::{validate_order_id, ProviderKind, SecretKey, MAX_QRIS_AMOUNT};
use kasir_shared::Issuer;
use serde_json::{json, Value};

use crate::faults::Tweaks;
use crate::refunds::{ask_refund, status_checked, Ask, EmuRefund, EmuRefundStatus, Refusal};
use crate::server::Route;
use crate::state::{find_idx, EmuStatus, EmuTransaction, Reply, State};
use crate::EmulatorConfig;

/// The code Midtrans puts in `issuer` for the payer's app. Midtrans names two bank apps by the
/// app (`livin`, `brimo`) where the shared id names the bank; every other code is the id.
pub(crate) fn midtrans_issuer_code(issuer: Issuer) -> &'static str {
    match issuer {
        Issuer::Livin => "livin",
        Issuer::Brimo => "brimo",
        other => other.id(),
    }
}

pub(crate) fn mid_error(code: u16, message: &str) -> Reply {
    (
        code,
        json!({"status_code": code.to_string(), "status_message": message,
               "id": uuid::Uuid::new_v4().to_string()}),
    )
}

fn mid_validation(messages: Vec<String>) -> Reply {
    (
        400,
        json!({"status_code": "400",
               "status_message": "One or more parameters in the payload is invalid.",
               "validation_messages": messages,
               "id": uuid::Uuid::new_v4().to_string()}),
    )
}

fn gross(amount: i64) -> String {
    format!("{amount}.00")
}

fn mid_status_code(s: EmuStatus) -> &'static str {
    match s {
        EmuStatus::Pending => "201",
        EmuStatus::Expire => "407",
        _ => "200",
    }
}

fn mid_status_reply(
    tx: &EmuTransaction,
    refunds: &[EmuRefund],
    key: &SecretKey,
    merchant_id: &str,
    tw: Tweaks,
) -> Value {
    let code = mid_status_code(tx.status);
    let gross_amount = gross(tx.reported_amount(tw.amount_delta));
    let mut sig = signature(&tx.order_id, code, &gross_amount, key);
    if tw.bad_signature {
        sig = signature(
            &tx.order_id,
            code,
            &gross_amount,
            &SecretKey::new("not-the-key"),
        );
    }
    let mut v = json!({
        "status_code": code,
        "status_message": "Success, transaction is found",
        "transaction_id": tx.gateway_ref,
        "order_id": tx.order_id,
        "merchant_id": merchant_id,
        "gross_amount": gross_amount,
        "currency": "IDR",
        "payment_type": "qris",
        "transaction_time": format_wib(tx.created_at),
        "transaction_status": tx.status.midtrans_word(),
        "fraud_status": "accept",
        "acquirer": "gopay",
        "expiry_time": format_wib(tx.expires_at),
        "signature_key": sig,
    });
    if let (Some(paid), Some(issuer)) = (tx.paid_at, tx.issuer) {
        v["settlement_time"] = json!(format_wib(paid));
        v["issuer"] = json!(midtrans_issuer_code(issuer));
    }
    // As Midtrans reports a refunded transaction: the running total and the list, one entry
    // per refund (a pending one without `bank_confirmed_at`; a failed one is not listed) and
    // one for what was charged back.
    let mine: Vec<&EmuRefund> = refunds
        .iter()
        .filter(|r| r.gateway_ref == tx.gateway_ref && r.status != EmuRefundStatus::Failed)
        .collect();
    let refunded: i64 = mine
        .iter()
        .filter(|r| r.status == EmuRefundStatus::Succeeded)
        .map(|r| r.amount)
        .sum();
    let mut list: Vec<Value> = mine.iter().map(|r| refund_entry(r)).collect();
    if tx.reversed_amount > refunded {
        list.push(json!({
            "refund_chargeback_id": list.len() + 1,
            "refund_amount": gross(tx.reversed_amount - refunded),
            "created_at": tx.reversed_at.map(format_wib),
            "reason": "chargeback",
        }));
    }
    if tx.reversed_amount > 0 {
        v["refund_amount"] = json!(gross(tx.reversed_amount));
    }
    if !list.is_empty() {
        v["refunds"] = json!(list);
    }
    v
}

/// One `refunds[]` entry (midtrans-go `RefundDetails`).
fn refund_entry(r: &EmuRefund) -> Value {
    json!({
        "refund_chargeback_id": r.chargeback_id,
        "refund_chargeback_uuid": r.id,
        "refund_amount": gross(r.amount),
        "created_at": format_wib(r.created_at),
        "reason": r.reason,
        "refund_key": r.refund_key,
        "refund_method": "",
        "bank_confirmed_at": (r.status == EmuRefundStatus::Succeeded)
            .then(|| format_wib(r.updated_at)),
    })
}

/// The reply to a direct refund: the transaction as it is now and this refund; body
/// `status_code` "200" when it went through, "201" while it is pending.
fn mid_refund_reply(tx: &EmuTransaction, r: &EmuRefund, merchant_id: &str) -> Reply {
    if r.status == EmuRefundStatus::Failed {
        return mid_error(412, "Refund request failed at the payment provider");
    }
    let pending = r.status == EmuRefundStatus::Pending;
    let mut v = json!({
        "status_code": if pending { "201" } else { "200" },
        "status_message": if pending {
            "Refund request is being processed"
        } else {
            "Success, refund request is approved"
        },
        "transaction_id": tx.gateway_ref,
        "order_id": tx.order_id,
        "merchant_id": merchant_id,
        "gross_amount": gross(tx.paid_amount.unwrap_or(tx.amount)),
        "currency": "IDR",
        "payment_type": "qris",
        "transaction_time": format_wib(tx.created_at),
        "transaction_status": tx.status.midtrans_word(),
        "fraud_status": "accept",
        "refund_chargeback_id": r.chargeback_id,
        "refund_chargeback_uuid": r.id,
        "refund_amount": gross(r.amount),
        "refund_key": r.refund_key,
    });
    if let Some(paid) = tx.paid_at {
        v["settlement_time"] = json!(format_wib(paid));
    }
    (200, v)
}

fn midtrans_refund(
    st: &mut State,
    cfg: &EmulatorConfig,
    id: &str,
    body: &[u8],
    tw: Tweaks,
    now: DateTime<Utc>,
) -> Reply {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return mid_validation(vec!["Request body is not valid JSON".into()]),
    };
    let mut problems = Vec::new();
    let generated;
    let refund_key = match v.get("refund_key") {
        None | Some(Value::Null) => {
            generated = uuid::Uuid::new_v4().simple().to_string();
            generated.as_str()
        }
        Some(Value::String(k))
            if !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            k.as_str()
        }
        Some(_) => {
            problems.push("refund_key may only contain letters, numbers, - and _".to_string());
            ""
        }
    };
    let amount = match v.get("amount") {
        None | Some(Value::Null) => None,
        Some(a) => match a.as_i64() {
            Some(a) if a > 0 => Some(a),
            _ => {
                problems.push("amount must be a positive integer".into());
                None
            }
        },
    };
    let reason = v.get("reason").and_then(Value::as_str).unwrap_or("");
    if reason.chars().count() > 255 {
        problems.push("reason must be at most 255 characters".into());
    }
    if !problems.is_empty() {
        return mid_validation(problems);
    }
    let ask = Ask {
        provider: ProviderKind::Midtrans,
        tx_id: id,
        refund_key,
        idempotency_key: None,
        amount,
        reason,
        pending: tw.refund_pending,
        refused: tw.refund_refused,
    };
    match ask_refund(st, ask, now) {
        Ok((r, _)) => {
            let Some(tx) = st.txs.iter().find(|t| t.gateway_ref == r.gateway_ref) else {
                return mid_error(404, "Transaction doesn't exist.");
            };
            mid_refund_reply(tx, &r, &cfg.merchant.merchant_id)
        }
        Err(Refusal::NotFound) => mid_error(404, "Transaction doesn't exist."),
        Err(Refusal::NotSettled) => mid_error(412, "Transaction status cannot be updated."),
        Err(Refusal::IssuerUnsupported) => mid_error(
            412,
            "Refund is not supported by the issuer of this transaction.",
        ),
        Err(Refusal::OverAmount) => mid_validation(vec![
            "amount must not exceed the remaining refundable amount".into(),
        ]),
        Err(Refusal::KeyReused) => mid_error(406, "refund_key has been used for another refund."),
    }
}

pub(crate) fn midtrans_route(
    st: &mut State,
    cfg: &EmulatorConfig,
    route: &Route,
    body: &[u8],
    idem: Option<String>,
    tw: Tweaks,
    now: DateTime<Utc>,
) -> Reply {
    let merchant_id = cfg.merchant.merchant_id.clone();
    match route {
        Route::MidCharge if tw.still_processing => (
            202,
            json!({"status_code": "202",
                   "status_message": "The request is still being processed, please try again"}),
        ),
        Route::MidCharge => {
            let body_json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            if let Some(k) = &idem {
                if let Some((b, at, reply)) = st.midtrans_idem.get(k) {
                    if *b == body_json && now - *at < ChronoDuration::minutes(5) {
                        return reply.clone();
                    }
                }
            }
            let mut reply = midtrans_charge(st, cfg, body, now);
            if tw.no_qr_string {
                if let Some(o) = reply.1.as_object_mut() {
                    o.remove("qr_string");
                }
            }
            if let Some(k) = idem {
                if (200..300).contains(&reply.0) {
                    st.midtrans_idem.insert(k, (body_json, now, reply.clone()));
                }
            }
            reply
        }
        Route::MidStatus(id) | Route::MidCancel(id) | Route::MidExpire(id) => {
            let Some(idx) = find_idx(st, id, Some(ProviderKind::Midtrans)) else {
                // Real Midtrans answers an unknown id with HTTP 200 and body 404 on status.
                let (_, v) = mid_error(404, "Transaction doesn't exist.");
                let http = if matches!(route, Route::MidStatus(_)) {
                    200
                } else {
                    404
                };
                return (http, v);
            };
            if matches!(route, Route::MidStatus(_)) {
                let gref = st.txs[idx].gateway_ref.clone();
                status_checked(st, Some(&gref), None, now);
            }
            let refunds = st.refunds.clone();
            let tx = &mut st.txs[idx];
            tx.refresh(now);
            match route {
                Route::MidStatus(_) => (
                    200,
                    mid_status_reply(tx, &refunds, &cfg.midtrans_key, &merchant_id, tw),
                ),
                Route::MidCancel(_) => {
                    if tx.status != EmuStatus::Pending || tx.in_flight {
                        return mid_error(412, "Merchant cannot modify status of the transaction");
                    }
                    tx.status = EmuStatus::Cancel;
                    let mut v = mid_status_reply(tx, &refunds, &cfg.midtrans_key, &merchant_id, tw);
                    v["status_message"] = json!("Success, transaction is canceled");
                    (200, v)
                }
                _ => {
                    if tx.status != EmuStatus::Pending || tx.in_flight {
                        return mid_error(412, "Merchant cannot modify status of the transaction");
                    }
                    tx.status = EmuStatus::Expire;
                    let mut v = mid_status_reply(tx, &refunds, &cfg.midtrans_key, &merchant_id, tw);
                    v["status_message"] = json!("Success, transaction has expired");
                    (200, v)
                }
            }
        }
        Route::MidRefund(id) => midtrans_refund(st, cfg, id, body, tw, now),
        _ => mid_error(404, "unknown path"),
    }
}

fn midtrans_charge(st: &mut State, cfg: &EmulatorConfig, body: &[u8], now: DateTime<Utc>) -> Reply {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return mid_validation(vec!["Request body is not valid JSON".into()]),
    };
    let mut problems = Vec::new();
    if v.get("payment_type").and_then(Value::as_str) != Some("qris") {
        problems.push("payment_type must be qris".to_string());
    }
    let td = v.get("transaction_details");
    let order_id = td.and_then(|t| t.get("order_id")).and_then(Value::as_str);
    match order_id {
        None => problems.push("transaction_details.order_id is required".into()),
        Some(o) if validate_order_id(o).is_err() => problems.push(
            "transaction_details.order_id must be 1-50 characters of letters, digits, - _ ~ ."
                .into(),
        ),
        _ => {}
    }
    let amount = match td.and_then(|t| t.get("gross_amount")) {
        None => {
            problems.push("transaction_details.gross_amount is required".into());
            None
        }
        Some(g) => match g.as_i64() {
            Some(a) if a <= 0 => {
                problems.push("transaction_details.gross_amount must be greater than 0".into());
                None
            }
            Some(a) if a > MAX_QRIS_AMOUNT => {
                problems.push(
                    "transaction_details.gross_amount exceeds the QRIS limit of 10000000".into(),
                );
                None
            }
            Some(a) => Some(a),
            None => {
                problems.push("transaction_details.gross_amount must be an integer".into());
                None
            }
        },
    };
    if let (Some(items), Some(a)) = (v.get("item_details").and_then(Value::as_array), amount) {
        let mut sum: Option<i64> = Some(0);
        for it in items {
            let p = it.get("price").and_then(Value::as_i64);
            let q = it.get("quantity").and_then(Value::as_i64);
            sum = match (sum, p, q) {
                (Some(s), Some(p), Some(q)) => p.checked_mul(q).and_then(|x| s.checked_add(x)),
                _ => None,
            };
        }
        if sum != Some(a) {
            problems.push(
                "transaction_details.gross_amount is not equal to the sum of item_details".into(),
            );
        }
    }
    let expiry = match v.get("custom_expiry") {
        None => Some(ChronoDuration::minutes(15)),
        Some(ce) => {
            let d = ce
                .get("expiry_duration")
                .and_then(Value::as_i64)
                .filter(|d| *d > 0);
            let unit = ce.get("unit").and_then(Value::as_str).unwrap_or("minute");
            match (d, unit) {
                (Some(d), "second") => Some(ChronoDuration::seconds(d)),
                (Some(d), "minute") => Some(ChronoDuration::minutes(d)),
                (Some(d), "hour") => Some(ChronoDuration::hours(d)),
                (Some(d), "day") => Some(ChronoDuration::days(d)),
                _ => {
                    problems.push("custom_expiry is invalid".into());
                    None
                }
            }
        }
    };
    let (Some(order_id), Some(amount), Some(expiry), true) =
        (order_id, amount, expiry, problems.is_empty())
    else {
        return mid_validation(problems);
    };
    let busy = st.txs.iter_mut().any(|t| {
        t.refresh(now);
        t.provider == ProviderKind::Midtrans
            && t.order_id == order_id
            && matches!(t.status, EmuStatus::Pending | EmuStatus::Settlement)
    });
    if busy {
        return mid_error(
            406,
            "The request could not be completed due to a conflict with the current state of the target resource, please try again",
        );
    }
    let id = uuid::Uuid::new_v4().to_string();
    let tx = EmuTransaction {
        provider: ProviderKind::Midtrans,
        order_id: order_id.to_string(),
        gateway_ref: id.clone(),
        amount,
        paid_amount: None,
        status: EmuStatus::Pending,
        qr_string: build_dynamic(&cfg.merchant, amount, order_id),
        created_at: now,
        expires_at: now + expiry,
        paid_at: None,
        issuer: None,
        late_settlement: false,
        in_flight: false,
        reversed_amount: 0,
        reversed_at: None,
    };
    let reply = json!({
        "status_code": "201",
        "status_message": "QRIS transaction is created",
        "transaction_id": id,
        "order_id": tx.order_id,
        "merchant_id": cfg.merchant.merchant_id,
        "gross_amount": gross(amount),
        "currency": "IDR",
        "payment_type": "qris",
        "transaction_time": format_wib(now),
        "transaction_status": "pending",
        "fraud_status": "accept",
        "actions": [{
            "name": "generate-qr-code",
            "method": "GET",
            "url": format!("/v2/qris/{id}/qr-code"),
        }],
        "qr_string": tx.qr_string,
        "acquirer": "gopay",
        "expiry_time": format_wib(tx.expires_at),
    });
    st.txs.push(tx);
    (200, reply)
}

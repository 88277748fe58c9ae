//! Midtrans Core API client for QRIS: one typed body per request, the requests handed to a
//! [`Transport`], reply parsing (with the documented quirks: string amounts, body vs HTTP status
//! codes, `expiry_time`/`expire_time`, upper-case statuses, missing `qr_string`), status mapping,
//! `signature_key` checking and Midtrans's WIB wall-clock times. Knows no HTTP library.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha512};

use crate::error::{GatewayError, Result};
use crate::gateway::Gateway;
use crate::model::{
    validate_path_id, Charge, ChargeRequest, PaymentStatus, ProviderKind, RefundLookup,
    RefundReport, RefundRequest, Reversal, SignatureCheck, StatusReport,
};
use crate::policy::{with_retry, ClientOptions, Replay, RetryPolicy};
use crate::secret::SecretKey;
use crate::transport::{
    exchange, fetch_qr_image, EmptyBody, QrImage, Request, ReqwestTransport, SkewMeter, Transport,
};
use kasir_shared::time::{system_clock, Clock};

/// HTTP 202 on a charge: the first request with this `Idempotency-Key` is still being
/// processed (Midtrans idempotency docs). A body `status_code` "202" alone means `deny` for
/// some payment types, so only a reply without a transaction is read this way.
fn is_still_processing(http: u16, body: &[u8]) -> bool {
    if http == 202 {
        return true;
    }
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    body_code(&v) == Some(202) && str_field(&v, "transaction_id").is_none()
}

pub struct MidtransClient {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) key: SecretKey,
    pub(crate) retry: RetryPolicy,
    skew: SkewMeter,
}

/// How many times a charge answered HTTP 202 ("the first request with this `Idempotency-Key`
/// is still being processed") is asked again before it counts as "may have reached Midtrans".
pub const STILL_PROCESSING_RETRIES: u32 = 3;

impl std::fmt::Debug for MidtransClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MidtransClient")
            .field("key", &self.key)
            .finish()
    }
}

/// `hex(SHA512(order_id + status_code + gross_amount + server_key))`, lower-case.
pub fn signature(order_id: &str, status_code: &str, gross_amount: &str, key: &SecretKey) -> String {
    let mut h = Sha512::new();
    h.update(order_id.as_bytes());
    h.update(status_code.as_bytes());
    h.update(gross_amount.as_bytes());
    h.update(key.expose().as_bytes());
    hex::encode(h.finalize())
}

/// WIB = UTC+7, the zone of Midtrans timestamps.
fn wib() -> FixedOffset {
    // 7 * 3600 is always in range; east_opt only fails outside ±24h.
    FixedOffset::east_opt(7 * 3600).unwrap_or(chrono::Offset::fix(&Utc))
}

/// Midtrans's time format: `YYYY-MM-DD HH:MM:SS` in WIB.
pub fn format_wib(t: DateTime<Utc>) -> String {
    t.with_timezone(&wib())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Parses Midtrans `YYYY-MM-DD HH:MM:SS` (WIB) into UTC.
pub fn parse_wib(s: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    wib()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The body of `POST /v2/charge` for a dynamic QRIS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChargeQrisBody {
    /// Always `"qris"`.
    pub payment_type: &'static str,
    pub transaction_details: TransactionDetails,
    /// Left out when the items would not add up to `gross_amount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_details: Option<Vec<ItemDetail>>,
    pub qris: QrisOptions,
    pub custom_expiry: CustomExpiry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionDetails {
    pub order_id: String,
    /// Integer rupiah, no decimals.
    pub gross_amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemDetail {
    /// At most 50 characters.
    pub id: String,
    /// At most 50 characters.
    pub name: String,
    pub price: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrisOptions {
    /// `"gopay"` (default) or `"airpay shopee"`.
    pub acquirer: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomExpiry {
    pub expiry_duration: u32,
    pub unit: ExpiryUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpiryUnit {
    Second,
    Minute,
    Hour,
    Day,
}

/// The charge body sent to `POST /v2/charge`. `item_details` is left out when the items
/// would not add up to the amount (Midtrans would refuse the whole charge).
pub fn charge_body(req: &ChargeRequest) -> ChargeQrisBody {
    let items_ok = req.items_total() == Some(req.amount)
        && req
            .items
            .iter()
            .all(|i| i.quantity > 0 && !i.name.trim().is_empty());
    let item_details = items_ok.then(|| {
        req.items
            .iter()
            .map(|i| ItemDetail {
                id: i.id.chars().take(50).collect(),
                name: i.name.chars().take(50).collect(),
                price: i.price,
                quantity: i.quantity,
            })
            .collect()
    });
    ChargeQrisBody {
        payment_type: "qris",
        transaction_details: TransactionDetails {
            order_id: req.order_id.clone(),
            gross_amount: req.amount,
        },
        item_details,
        qris: QrisOptions { acquirer: "gopay" },
        custom_expiry: CustomExpiry {
            expiry_duration: req.expiry_minutes,
            unit: ExpiryUnit::Minute,
        },
    }
}

pub(crate) fn body_json(http: u16, body: &[u8]) -> Result<Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(match http {
            429 => GatewayError::RateLimited,
            s if s >= 500 => GatewayError::Server { status: s },
            404 => GatewayError::NotFound,
            s => GatewayError::InvalidResponse(format!(
                "Midtrans HTTP {s}: body is not a JSON object"
            )),
        }),
    }
}

pub(crate) fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A string or number field as its exact text (`"15000.00"` stays `"15000.00"`).
pub(crate) fn text_field(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `"15000.00"`, `"15000"`, `15000`, `15000.0` → 15000. Fractions of a rupiah are refused.
pub(crate) fn parse_amount_text(s: &str) -> Result<i64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || !int.bytes().all(|c| c.is_ascii_digit())
        || !frac.bytes().all(|c| c == b'0')
    {
        return Err(GatewayError::InvalidResponse(format!("bad amount {s:?}")));
    }
    int.parse()
        .map_err(|_| GatewayError::InvalidResponse(format!("bad amount {s:?}")))
}

/// Body `status_code` (string or number) as a number, if present.
pub(crate) fn body_code(v: &Value) -> Option<u16> {
    text_field(v, "status_code").and_then(|s| s.trim().parse().ok())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Charge,
    Status,
    Cancel,
    Expire,
}

/// Checks HTTP status and body `status_code` together; either one saying error is an error.
/// 407 means "expired" (success) for status and expire.
fn check_codes(http: u16, v: &Value, op: Op) -> Result<()> {
    let body = body_code(v);
    let codes = [Some(http), body];
    let expired_ok = matches!(op, Op::Status | Op::Expire);
    let is_ok = |c: u16| (200..300).contains(&c) || (c == 407 && expired_ok);
    let bad = codes.iter().flatten().copied().find(|c| !is_ok(*c));
    let Some(code) = bad else { return Ok(()) };
    let message = gateway_message(v);
    Err(match code {
        404 => GatewayError::NotFound,
        406 => GatewayError::Duplicate,
        429 => GatewayError::RateLimited,
        c if c >= 500 => GatewayError::Server { status: c },
        c => GatewayError::Rejected {
            http_status: c,
            code: body.map(|b| b.to_string()).unwrap_or_else(|| c.to_string()),
            message,
        },
    })
}

/// `status_message` plus up to five `validation_messages`, as Midtrans wrote them (not yet
/// redacted: the caller redacts the error).
pub(crate) fn gateway_message(v: &Value) -> String {
    let message = str_field(v, "status_message")
        .unwrap_or("")
        .chars()
        .take(300)
        .collect::<String>();
    match v.get("validation_messages").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => {
            let extra: Vec<String> = list
                .iter()
                .filter_map(Value::as_str)
                .take(5)
                .map(str::to_string)
                .collect();
            format!("{message} ({})", extra.join("; "))
        }
        _ => message,
    }
}

pub(crate) fn map_status(
    transaction_status: &str,
    fraud_status: Option<&str>,
) -> Result<PaymentStatus> {
    let ts = transaction_status.trim().to_ascii_lowercase();
    let fraud = fraud_status.map(|f| f.trim().to_ascii_lowercase());
    let fraud_ok = fraud.as_deref().is_none_or(|f| f == "accept");
    let fraud_deny = fraud.as_deref() == Some("deny");
    Ok(match ts.as_str() {
        "settlement" if fraud_ok => PaymentStatus::Paid,
        "capture" if fraud.as_deref() == Some("accept") => PaymentStatus::Paid,
        "settlement" | "capture" if fraud_deny => PaymentStatus::Failed,
        "settlement" | "capture" | "pending" | "authorize" => PaymentStatus::Pending,
        "expire" | "expired" => PaymentStatus::Expired,
        "cancel" => PaymentStatus::Cancelled,
        "deny" | "failure" => PaymentStatus::Failed,
        "refund" | "partial_refund" => PaymentStatus::Refunded,
        "chargeback" | "partial_chargeback" => PaymentStatus::Chargeback,
        other => {
            return Err(GatewayError::InvalidResponse(format!(
                "unknown Midtrans transaction_status {other:?}"
            )))
        }
    })
}

fn time_field(v: &Value, names: &[&str]) -> Option<DateTime<Utc>> {
    names
        .iter()
        .find_map(|n| str_field(v, n).and_then(parse_wib))
}

/// Parses a charge reply (after an HTTP exchange).
pub fn parse_charge(http: u16, body: &[u8], req: &ChargeRequest) -> Result<Charge> {
    let v = body_json(http, body)?;
    check_codes(http, &v, Op::Charge)?;
    let transaction_id = str_field(&v, "transaction_id").ok_or_else(|| {
        GatewayError::InvalidResponse("charge reply without transaction_id".into())
    })?;
    let order_id = str_field(&v, "order_id").unwrap_or(&req.order_id);
    if order_id != req.order_id {
        return Err(GatewayError::OrderMismatch);
    }
    if let Some(text) = text_field(&v, "gross_amount") {
        let got = parse_amount_text(&text)?;
        if got != req.amount {
            return Err(GatewayError::AmountMismatch {
                expected: req.amount,
                got,
            });
        }
    }
    let qr_string = str_field(&v, "qr_string").map(str::to_string);
    if let Some(qr) = &qr_string {
        let p = crate::qris::parse(qr)?;
        if let Some(got) = p.amount {
            if got != req.amount {
                return Err(GatewayError::AmountMismatch {
                    expected: req.amount,
                    got,
                });
            }
        }
    }
    let actions = v.get("actions").and_then(Value::as_array);
    let action_url = |name: &str| {
        actions.and_then(|a| {
            a.iter()
                .find(|x| x.get("name").and_then(Value::as_str) == Some(name))
                .and_then(|x| str_field(x, "url"))
                .map(str::to_string)
        })
    };
    let qr_image_url = action_url("generate-qr-code").or_else(|| action_url("generate-qr-code-v2"));
    if qr_string.is_none() && qr_image_url.is_none() {
        return Err(GatewayError::InvalidResponse(
            "charge reply has neither qr_string nor a generate-qr-code action".into(),
        ));
    }
    let status = match str_field(&v, "transaction_status") {
        Some(ts) => map_status(ts, str_field(&v, "fraud_status"))?,
        None => PaymentStatus::Pending,
    };
    let expires_at = time_field(&v, &["expiry_time", "expire_time"]);
    // Both times are on Midtrans's clock: their difference is the QR's lifetime, whatever
    // the till's clock says.
    let lifetime = match (expires_at, time_field(&v, &["transaction_time"])) {
        (Some(end), Some(start)) if end > start => Some(end - start),
        _ => None,
    };
    Ok(Charge {
        order_id: req.order_id.clone(),
        gateway_ref: transaction_id.to_string(),
        amount: req.amount,
        qr_string,
        qr_image_url,
        expires_at,
        lifetime,
        status,
    })
}

/// Parses a status / cancel / expire reply and checks its `signature_key` with `key`.
pub fn parse_status(http: u16, body: &[u8], key: &SecretKey) -> Result<StatusReport> {
    parse_status_op(http, body, key, Op::Status)
}

pub(crate) fn parse_status_op(
    http: u16,
    body: &[u8],
    key: &SecretKey,
    op: Op,
) -> Result<StatusReport> {
    let v = body_json(http, body)?;
    check_codes(http, &v, op)?;
    let order_id = str_field(&v, "order_id")
        .ok_or_else(|| GatewayError::InvalidResponse("status reply without order_id".into()))?
        .to_string();
    let code = body_code(&v);
    let raw_status = str_field(&v, "transaction_status")
        .map(str::to_string)
        .or_else(|| (code == Some(407)).then(|| "expire".to_string()))
        .ok_or_else(|| GatewayError::InvalidResponse("reply without transaction_status".into()))?;
    let status = map_status(&raw_status, str_field(&v, "fraud_status"))?;
    let gross_text = text_field(&v, "gross_amount");
    let amount = gross_text.as_deref().map(parse_amount_text).transpose()?;
    let signature = match (
        str_field(&v, "signature_key"),
        text_field(&v, "status_code"),
        &gross_text,
    ) {
        (None, _, _) => SignatureCheck::Missing,
        (Some(sig), Some(sc), Some(ga)) => {
            if sig.eq_ignore_ascii_case(&signature(&order_id, &sc, ga, key)) {
                SignatureCheck::Valid
            } else {
                SignatureCheck::Invalid
            }
        }
        (Some(_), _, _) => SignatureCheck::Invalid,
    };
    let paid_at = if status == PaymentStatus::Paid {
        time_field(&v, &["settlement_time", "transaction_time"])
    } else {
        None
    };
    let partial = raw_status
        .trim()
        .to_ascii_lowercase()
        .starts_with("partial_");
    let reversal = status
        .is_reversal()
        .then(|| reversal_of(&v, partial))
        .transpose()?;
    Ok(StatusReport {
        order_id,
        gateway_ref: str_field(&v, "transaction_id").map(str::to_string),
        status,
        raw_status,
        amount,
        issuer: str_field(&v, "issuer").map(str::to_string),
        paid_at,
        signature,
        reversal,
    })
}

/// How much went back and when: `refund_amount` (the running total Midtrans reports), else the
/// sum of `refunds[].refund_amount`; the time of the latest `refunds[].created_at`.
fn reversal_of(v: &Value, partial: bool) -> Result<Reversal> {
    let list = v
        .get("refunds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut sum: Option<i64> = None;
    let mut at = None;
    for r in &list {
        if let Some(t) = text_field(r, "refund_amount") {
            let a = parse_amount_text(&t)?;
            sum = Some(sum.unwrap_or(0).saturating_add(a));
        }
        if let Some(t) = time_field(r, &["created_at", "bank_confirmed_at"]) {
            at = Some(at.map_or(t, |prev: DateTime<Utc>| prev.max(t)));
        }
    }
    let top = ["refund_amount", "chargeback_amount"]
        .iter()
        .find_map(|k| text_field(v, k))
        .map(|t| parse_amount_text(&t))
        .transpose()?;
    Ok(Reversal {
        partial,
        amount: top.or(sum),
        at,
    })
}

impl MidtransClient {
    /// Over real HTTP (reqwest) to `base_url`.
    pub fn new(base_url: &str, key: SecretKey, opts: &ClientOptions) -> Result<Self> {
        let transport = ReqwestTransport::new(base_url, &opts.timeouts)?;
        Ok(Self::with_transport(Arc::new(transport), key, opts.retry))
    }

    /// Over any [`Transport`] (a fake in tests).
    pub fn with_transport(
        transport: Arc<dyn Transport>,
        key: SecretKey,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            transport,
            key,
            retry,
            skew: SkewMeter::new(system_clock()),
        }
    }

    /// Measure the gateway's clock (its `Date` header) against `clock`.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.skew = SkewMeter::new(clock);
        self
    }

    /// One exchange; the reply's `Date` header feeds the skew meter.
    pub(crate) async fn send(&self, request: &Request) -> Result<crate::transport::Response> {
        let reply = exchange(self.transport.as_ref(), request).await?;
        self.skew.observe(&reply);
        Ok(reply)
    }

    /// `POST /v2/charge` with `Idempotency-Key` = order id: every retry of this request is
    /// the very same request.
    pub fn charge_request(&self, req: &ChargeRequest) -> Result<Request> {
        Ok(Request::post("/v2/charge", &charge_body(req))?
            .header("Authorization", self.key.basic_auth_header())
            .header("Idempotency-Key", req.order_id.clone()))
    }

    pub(crate) fn status_like_request(&self, op: Op, id: &str) -> Result<Request> {
        validate_path_id(id)?;
        let req = match op {
            Op::Status => Request::get(format!("/v2/{id}/status")),
            Op::Cancel => Request::post(format!("/v2/{id}/cancel"), &EmptyBody {})?,
            Op::Expire => Request::post(format!("/v2/{id}/expire"), &EmptyBody {})?,
            Op::Charge => return Err(GatewayError::InvalidRequest("internal: charge".into())),
        };
        Ok(req.header("Authorization", self.key.basic_auth_header()))
    }

    async fn call_status_like(
        &self,
        op: Op,
        order_id: &str,
        gateway_ref: Option<&str>,
    ) -> Result<StatusReport> {
        let request = self.status_like_request(op, gateway_ref.unwrap_or(order_id))?;
        with_retry(&self.retry, Replay::Safe, || async {
            let reply = self.send(&request).await?;
            parse_status_op(reply.status, &reply.body, &self.key, op)
        })
        .await
        .map_err(|e| e.redacted(&self.key))
    }
}

#[async_trait]
impl Gateway for MidtransClient {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Midtrans
    }

    /// Retried only when it certainly did not reach Midtrans (connect failures, 429).
    async fn charge(&self, req: &ChargeRequest) -> Result<Charge> {
        req.validate()?;
        let request = self.charge_request(req)?;
        let mut still_processing = 0;
        loop {
            // `None`: HTTP 202, the first request with this key is still being processed.
            let reply = with_retry(&self.retry, Replay::UnsentOnly, || async {
                let reply = self.send(&request).await?;
                if is_still_processing(reply.status, &reply.body) {
                    return Ok(None);
                }
                parse_charge(reply.status, &reply.body, req).map(Some)
            })
            .await
            .map_err(|e| e.redacted(&self.key))?;
            if let Some(charge) = reply {
                return Ok(charge);
            }
            // Ask again, with the very same request, after a short pause; then give up as
            // "may have reached Midtrans" (charge_or_recover asks its status).
            still_processing += 1;
            if still_processing > STILL_PROCESSING_RETRIES {
                return Err(GatewayError::StillProcessing);
            }
            tokio::time::sleep(self.retry.backoff(still_processing)).await;
        }
    }

    fn clock_skew(&self) -> Option<chrono::Duration> {
        self.skew.last()
    }

    async fn qr_image(&self, url: &str) -> Result<QrImage> {
        fetch_qr_image(self.transport.as_ref(), url, &self.key).await
    }

    async fn status(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        self.call_status_like(Op::Status, order_id, gateway_ref)
            .await
    }

    async fn cancel(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        self.call_status_like(Op::Cancel, order_id, gateway_ref)
            .await
    }

    async fn expire(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        self.call_status_like(Op::Expire, order_id, gateway_ref)
            .await
    }

    async fn refund(&self, req: &RefundRequest) -> Result<RefundReport> {
        self.direct_refund(req).await
    }

    async fn refund_status(&self, lookup: &RefundLookup) -> Result<RefundReport> {
        self.follow_refund(lookup).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChargeItem;
    use serde_json::json;

    fn req(amount: i64) -> ChargeRequest {
        ChargeRequest {
            order_id: "order102".into(),
            amount,
            items: vec![],
            expiry_minutes: 15,
            expires_at: None,
        }
    }

    fn key() -> SecretKey {
        SecretKey::new(format!("unit-{}", "k".repeat(6)))
    }

    const DOC_QR: &str = "00020101021226620014COM.GO-JEK.WWW011993600914349052630340210G4905263030303UKE51440014ID.CO.QRIS.WWW0215AID0607336128660303UKE5204341453033605802ID5904Test6007BANDUNG6105402845409789000.0062475036c032f87c-f773-4619-aefa-675e1f06f9210703A016304A623";

    #[test]
    fn charge_reply_with_expiry_time() {
        let body = json!({
            "status_code": "201", "transaction_id": "1015a919", "order_id": "order102",
            "gross_amount": "789000.00", "transaction_status": "pending", "fraud_status": "accept",
            "qr_string": DOC_QR, "expiry_time": "2021-06-23 15:40:24",
            "actions": [{"name": "generate-qr-code", "method": "GET", "url": "https://x/qr"}],
            "some_future_field": {"nested": true}
        });
        let c = parse_charge(200, body.to_string().as_bytes(), &req(789_000)).unwrap();
        assert_eq!(c.gateway_ref, "1015a919");
        assert_eq!(c.qr_string.as_deref(), Some(DOC_QR));
        assert_eq!(c.qr_image_url.as_deref(), Some("https://x/qr"));
        assert_eq!(
            c.expires_at.map(|t| t.to_rfc3339()),
            Some("2021-06-23T08:40:24+00:00".into()),
            "WIB is UTC+7"
        );
        assert_eq!(c.status, PaymentStatus::Pending);
    }

    #[test]
    fn charge_reply_with_expire_time_and_no_qr_string_uses_action_url() {
        let body = json!({
            "status_code": "201", "transaction_id": "t-1", "order_id": "order102",
            "gross_amount": 789000, "transaction_status": "PENDING",
            "expire_time": "2021-06-23 15:40:24",
            "actions": [{"name": "generate-qr-code-v2", "method": "GET", "url": "https://x/v2"}]
        });
        let c = parse_charge(201, body.to_string().as_bytes(), &req(789_000)).unwrap();
        assert_eq!(c.qr_string, None);
        assert_eq!(c.qr_image_url.as_deref(), Some("https://x/v2"));
        assert!(c.expires_at.is_some(), "expire_time must be accepted too");
    }

    #[test]
    fn charge_reply_amount_or_qr_mismatch_is_refused() {
        let body = json!({"status_code": "201", "transaction_id": "t", "order_id": "order102",
            "gross_amount": "789000.00", "qr_string": DOC_QR});
        assert!(matches!(
            parse_charge(200, body.to_string().as_bytes(), &req(1000)),
            Err(GatewayError::AmountMismatch {
                expected: 1000,
                got: 789_000
            })
        ));
        let body = json!({"status_code": "201", "transaction_id": "t", "order_id": "order102",
            "qr_string": DOC_QR});
        assert!(
            matches!(
                parse_charge(200, body.to_string().as_bytes(), &req(1000)),
                Err(GatewayError::AmountMismatch { .. })
            ),
            "the QR itself must carry the right amount"
        );
    }

    #[test]
    fn http_200_with_body_error_codes() {
        let nf = json!({"status_code": "404", "status_message": "Transaction doesn't exist."});
        assert!(matches!(
            parse_status(200, nf.to_string().as_bytes(), &key()),
            Err(GatewayError::NotFound)
        ));
        let dup = json!({"status_code": "406", "status_message": "conflict"});
        assert!(matches!(
            parse_charge(200, dup.to_string().as_bytes(), &req(1)),
            Err(GatewayError::Duplicate)
        ));
        let v = json!({"status_code": "400", "status_message": "One or more parameters in the payload is invalid.",
            "validation_messages": ["transaction_details.gross_amount is required"]});
        match parse_charge(200, v.to_string().as_bytes(), &req(1)) {
            Err(GatewayError::Rejected {
                http_status: 400,
                message,
                ..
            }) => {
                assert!(message.contains("gross_amount is required"), "{message}")
            }
            other => panic!("expected Rejected 400, got {other:?}"),
        }
        let unavailable = json!({"status_code": "503"});
        assert!(matches!(
            parse_status(200, unavailable.to_string().as_bytes(), &key()),
            Err(GatewayError::Server { status: 503 })
        ));
        // HTTP error with a body claiming success is still an error.
        let ok_body =
            json!({"status_code": "200", "order_id": "o", "transaction_status": "settlement"});
        assert!(parse_status(500, ok_body.to_string().as_bytes(), &key()).is_err());
    }

    #[test]
    fn status_settlement_upper_case_with_valid_signature() {
        let k = key();
        let sig = signature("order102", "200", "789000.00", &k).to_ascii_uppercase();
        let body = json!({
            "status_code": "200", "transaction_status": "SETTLEMENT", "transaction_id": "t",
            "order_id": "order102", "gross_amount": "789000.00", "fraud_status": "accept",
            "signature_key": sig, "issuer": "gopay", "settlement_time": "2021-06-23 15:46:00",
            "unknown": [1, 2, 3]
        });
        let r = parse_status(200, body.to_string().as_bytes(), &k).unwrap();
        assert_eq!(r.status, PaymentStatus::Paid);
        assert_eq!(
            r.signature,
            SignatureCheck::Valid,
            "compare case-insensitively"
        );
        assert_eq!(r.amount, Some(789_000));
        assert_eq!(r.issuer.as_deref(), Some("gopay"));
        assert!(r.paid_at.is_some());
        assert!(crate::model::verify(&r, "order102", 789_000).is_ok());
    }

    #[test]
    fn status_signature_wrong_key_is_invalid() {
        let sig = signature("order102", "200", "789000.00", &SecretKey::new("other"));
        let body = json!({"status_code": "200", "transaction_status": "settlement",
            "order_id": "order102", "gross_amount": "789000.00", "signature_key": sig});
        let r = parse_status(200, body.to_string().as_bytes(), &key()).unwrap();
        assert_eq!(r.signature, SignatureCheck::Invalid);
    }

    #[test]
    fn status_407_means_expired() {
        let body = json!({"status_code": "407", "order_id": "order102",
            "transaction_status": "expire", "gross_amount": "1000.00"});
        let r = parse_status(200, body.to_string().as_bytes(), &key()).unwrap();
        assert_eq!(r.status, PaymentStatus::Expired);
        let body = json!({"status_code": "407", "order_id": "order102"});
        let r = parse_status(407, body.to_string().as_bytes(), &key()).unwrap();
        assert_eq!(r.status, PaymentStatus::Expired);
        // but 407 on a charge is not success
        assert!(parse_charge(200, body.to_string().as_bytes(), &req(1)).is_err());
    }

    #[test]
    fn status_mapping() {
        use PaymentStatus::*;
        assert_eq!(map_status("settlement", None).unwrap(), Paid);
        assert_eq!(
            map_status("settlement", Some("challenge")).unwrap(),
            Pending
        );
        assert_eq!(map_status("capture", Some("accept")).unwrap(), Paid);
        assert_eq!(map_status("capture", None).unwrap(), Pending);
        assert_eq!(map_status("Expire", None).unwrap(), Expired);
        assert_eq!(map_status("cancel", None).unwrap(), Cancelled);
        assert_eq!(map_status("deny", None).unwrap(), Failed);
        assert_eq!(map_status("failure", None).unwrap(), Failed);
        assert_eq!(map_status("partial_refund", None).unwrap(), Refunded);
        assert!(map_status("weird", None).is_err());
    }

    #[test]
    fn malformed_bodies() {
        assert!(matches!(
            parse_status(200, b"{not json", &key()),
            Err(GatewayError::InvalidResponse(_))
        ));
        assert!(matches!(
            parse_status(502, b"<html>bad gateway</html>", &key()),
            Err(GatewayError::Server { status: 502 })
        ));
        assert!(matches!(
            parse_status(429, b"", &key()),
            Err(GatewayError::RateLimited)
        ));
        let weird_amount = json!({"status_code": "200", "order_id": "o", "transaction_status": "settlement",
            "gross_amount": "12.50"});
        assert!(parse_status(200, weird_amount.to_string().as_bytes(), &key()).is_err());
    }

    #[test]
    fn charge_body_items_only_when_they_add_up() {
        let mut r = req(30_000);
        r.items = vec![
            ChargeItem {
                id: "1".into(),
                name: "Kopi".into(),
                price: 10_000,
                quantity: 2,
            },
            ChargeItem {
                id: "2".into(),
                name: "Roti".into(),
                price: 10_000,
                quantity: 1,
            },
        ];
        let b = serde_json::to_value(charge_body(&r)).unwrap();
        assert_eq!(b["payment_type"], "qris");
        assert_eq!(b["transaction_details"]["gross_amount"], 30_000);
        assert_eq!(b["item_details"].as_array().map(Vec::len), Some(2));
        assert_eq!(b["custom_expiry"]["unit"], "minute");
        assert_eq!(b["qris"]["acquirer"], "gopay");
        r.amount = 29_000; // e.g. a discount not listed as an item
        let b = serde_json::to_value(charge_body(&r)).unwrap();
        assert!(b.get("item_details").is_none());
    }

    #[test]
    fn wib_round_trip() {
        let t = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(format_wib(t), "2024-01-02 10:04:05");
        assert_eq!(parse_wib("2024-01-02 10:04:05"), Some(t));
        assert_eq!(parse_wib("garbage"), None);
    }
}

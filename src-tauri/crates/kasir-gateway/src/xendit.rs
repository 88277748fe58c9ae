//! Xendit Payments API v3 client for QRIS (`/v3/payment_requests`, `api-version: 2024-11-11`):
//! one typed body per request handed to a [`Transport`], create with an `Idempotency-key`
//! (= order_id) so a lost reply can be re-sent safely, get, cancel, reply parsing and status
//! mapping. Xendit does not sign replies. Times come from the [`Clock`] passed in; knows no
//! HTTP library.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use kasir_shared::time::{parse_rfc3339, rfc3339_secs, system_clock, Clock};
use serde::Serialize;
use serde_json::Value;

use crate::error::{GatewayError, Result};
use crate::gateway::Gateway;
use crate::midtrans::parse_amount_text;
use crate::model::{
    validate_path_id, Charge, ChargeRequest, PaymentStatus, ProviderKind, RefundLookup,
    RefundReport, RefundRequest, SignatureCheck, StatusReport,
};
use crate::policy::{with_retry, ClientOptions, Replay, RetryPolicy};
use crate::secret::SecretKey;
use crate::transport::{exchange, EmptyBody, Request, ReqwestTransport, SkewMeter, Transport};

pub const API_VERSION: &str = "2024-11-11";

pub struct XenditClient {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) key: SecretKey,
    pub(crate) retry: RetryPolicy,
    clock: Clock,
    pub(crate) skew: SkewMeter,
}

impl std::fmt::Debug for XenditClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XenditClient")
            .field("key", &self.key)
            .finish()
    }
}

/// The body of `POST /v3/payment_requests` for a QRIS payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentRequestBody {
    /// Our order id; also the `Idempotency-key`.
    pub reference_id: String,
    /// Always `"PAY"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Always `"ID"`.
    pub country: &'static str,
    /// Always `"IDR"`.
    pub currency: &'static str,
    /// Integer rupiah.
    pub request_amount: i64,
    /// Always `"AUTOMATIC"`.
    pub capture_method: &'static str,
    /// Always `"QRIS"`.
    pub channel_code: &'static str,
    pub channel_properties: QrisChannelProperties,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrisChannelProperties {
    /// RFC 3339, whole seconds, UTC. Whether QRIS honours it is unconfirmed: the app cancels
    /// at the end of its own countdown anyway.
    pub expires_at: String,
}

/// The body of `POST /v3/payment_requests`.
/// `expires_at` is `req.expires_at` when set (fixed per attempt, on the gateway's clock), so a
/// re-send is byte-for-byte the same; otherwise `now` + the expiry.
pub fn create_body(req: &ChargeRequest, now: DateTime<Utc>) -> PaymentRequestBody {
    let expires = req
        .expires_at
        .unwrap_or_else(|| now + ChronoDuration::minutes(i64::from(req.expiry_minutes)));
    PaymentRequestBody {
        reference_id: req.order_id.clone(),
        kind: "PAY",
        country: "ID",
        currency: "IDR",
        request_amount: req.amount,
        capture_method: "AUTOMATIC",
        channel_code: "QRIS",
        channel_properties: QrisChannelProperties {
            expires_at: rfc3339_secs(expires),
        },
        description: format!("Pesanan {}", req.order_id),
    }
}

pub(crate) fn parse_json(http: u16, body: &[u8]) -> Result<Value> {
    let v = match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Some(v),
        _ => None,
    };
    if (200..300).contains(&http) {
        return v.ok_or_else(|| {
            GatewayError::InvalidResponse(format!("Xendit HTTP {http}: body is not a JSON object"))
        });
    }
    let v = v.unwrap_or(Value::Null);
    let code = v
        .get("error_code")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let message: String = v
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    Err(match http {
        404 => GatewayError::NotFound,
        409 => GatewayError::Duplicate,
        429 => GatewayError::RateLimited,
        s if s >= 500 => GatewayError::Server { status: s },
        s => GatewayError::Rejected {
            http_status: s,
            code: if code.is_empty() { s.to_string() } else { code },
            message,
        },
    })
}

pub(crate) fn map_status(s: &str) -> Result<PaymentStatus> {
    Ok(match s.trim().to_ascii_uppercase().as_str() {
        "REQUIRES_ACTION" | "ACCEPTING_PAYMENTS" | "AUTHORIZED" | "PENDING" => {
            PaymentStatus::Pending
        }
        "SUCCEEDED" => PaymentStatus::Paid,
        "CANCELED" | "CANCELLED" => PaymentStatus::Cancelled,
        "EXPIRED" => PaymentStatus::Expired,
        "FAILED" => PaymentStatus::Failed,
        other => {
            return Err(GatewayError::InvalidResponse(format!(
                "unknown Xendit status {other:?}"
            )))
        }
    })
}

fn amount_of(v: &Value) -> Result<Option<i64>> {
    match v.get("request_amount") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => parse_amount_text(s).map(Some),
        Some(Value::Number(n)) => parse_amount_text(&n.to_string()).map(Some),
        Some(_) => Err(GatewayError::InvalidResponse("bad request_amount".into())),
    }
}

pub(crate) fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str().filter(|x| !x.is_empty())
}

fn rfc3339(v: Option<&str>) -> Option<DateTime<Utc>> {
    v.and_then(parse_rfc3339)
}

/// Parses a create reply.
pub fn parse_create(http: u16, body: &[u8], req: &ChargeRequest) -> Result<Charge> {
    let v = parse_json(http, body)?;
    let id = s(&v, &["payment_request_id"])
        .or_else(|| s(&v, &["id"]))
        .ok_or_else(|| GatewayError::InvalidResponse("reply without payment_request_id".into()))?;
    if let Some(r) = s(&v, &["reference_id"]) {
        if r != req.order_id {
            return Err(GatewayError::OrderMismatch);
        }
    }
    if let Some(got) = amount_of(&v)? {
        if got != req.amount {
            return Err(GatewayError::AmountMismatch {
                expected: req.amount,
                got,
            });
        }
    }
    let qr_string = v
        .get("actions")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter().find(|x| {
                s(x, &["descriptor"]).is_some_and(|d| d.eq_ignore_ascii_case("QR_STRING"))
            })
        })
        .and_then(|x| s(x, &["value"]))
        .or_else(|| s(&v, &["qr_string"]))
        .map(str::to_string);
    let qr = qr_string
        .as_deref()
        .ok_or_else(|| GatewayError::InvalidResponse("reply without a QR_STRING action".into()))?;
    if let Some(got) = crate::qris::parse(qr)?.amount {
        if got != req.amount {
            return Err(GatewayError::AmountMismatch {
                expected: req.amount,
                got,
            });
        }
    }
    let status = match s(&v, &["status"]) {
        Some(st) => map_status(st)?,
        None => PaymentStatus::Pending,
    };
    let expires_at = rfc3339(s(&v, &["channel_properties", "expires_at"]));
    // Both on Xendit's clock: the QR's lifetime, whatever the till's clock says.
    let lifetime = match (expires_at, rfc3339(s(&v, &["created"]))) {
        (Some(end), Some(start)) if end > start => Some(end - start),
        _ => None,
    };
    Ok(Charge {
        order_id: req.order_id.clone(),
        gateway_ref: id.to_string(),
        amount: req.amount,
        qr_string,
        qr_image_url: None,
        expires_at,
        lifetime,
        status,
    })
}

/// Parses a get/cancel reply.
pub fn parse_payment_request(http: u16, body: &[u8]) -> Result<StatusReport> {
    let v = parse_json(http, body)?;
    let order_id = s(&v, &["reference_id"])
        .ok_or_else(|| GatewayError::InvalidResponse("reply without reference_id".into()))?
        .to_string();
    let raw_status = s(&v, &["status"])
        .ok_or_else(|| GatewayError::InvalidResponse("reply without status".into()))?
        .to_string();
    let status = map_status(&raw_status)?;
    // Where Xendit puts the payer's app for QRIS is not pinned down in the docs we have;
    // read the likely places, first one wins.
    let issuer = [
        &["payment_details", "issuer_name"][..],
        &["payment_details", "issuer"][..],
        &["channel_properties", "issuer_name"][..],
        &["issuer"][..],
    ]
    .iter()
    .find_map(|p| s(&v, p))
    .map(str::to_string);
    let paid_at = if status == PaymentStatus::Paid {
        rfc3339(s(&v, &["payment_details", "paid_at"]).or_else(|| s(&v, &["updated"])))
    } else {
        None
    };
    Ok(StatusReport {
        order_id,
        gateway_ref: s(&v, &["payment_request_id"]).map(str::to_string),
        status,
        raw_status,
        amount: amount_of(&v)?,
        issuer,
        paid_at,
        signature: SignatureCheck::NotApplicable,
        // Xendit reports refunds as separate refund objects, not as a payment request status.
        reversal: None,
    })
}

impl XenditClient {
    /// Over real HTTP (reqwest) to `base_url`, with the wall clock.
    pub fn new(base_url: &str, key: SecretKey, opts: &ClientOptions) -> Result<Self> {
        let transport = ReqwestTransport::new(base_url, &opts.timeouts)?;
        Ok(Self::with_transport(
            Arc::new(transport),
            key,
            opts.retry,
            system_clock(),
        ))
    }

    /// Over any [`Transport`] (a fake in tests); `clock` dates the QR's `expires_at`.
    pub fn with_transport(
        transport: Arc<dyn Transport>,
        key: SecretKey,
        retry: RetryPolicy,
        clock: Clock,
    ) -> Self {
        Self {
            transport,
            key,
            retry,
            skew: SkewMeter::new(clock.clone()),
            clock,
        }
    }

    pub(crate) fn authorise(&self, req: Request) -> Request {
        req.header("Authorization", self.key.basic_auth_header())
            .header("api-version", API_VERSION)
    }

    /// `POST /v3/payment_requests` with `Idempotency-key` = order id: every retry of this
    /// request is the very same request, and Xendit answers a repeat with the original.
    pub fn create_request(&self, req: &ChargeRequest) -> Result<Request> {
        let body = create_body(req, (self.clock)());
        Ok(self
            .authorise(Request::post("/v3/payment_requests", &body)?)
            .header("Idempotency-key", req.order_id.clone()))
    }

    pub(crate) fn need_ref(gateway_ref: Option<&str>) -> Result<&str> {
        let id = gateway_ref.ok_or_else(|| {
            GatewayError::InvalidRequest("Xendit butuh payment_request_id (gateway_ref)".into())
        })?;
        validate_path_id(id)?;
        Ok(id)
    }

    /// The reply's `reference_id` is reported as is; `verify()` compares it with the order.
    async fn call(&self, request: Request) -> Result<StatusReport> {
        let request = self.authorise(request);
        with_retry(&self.retry, Replay::Safe, || async {
            let reply = exchange(self.transport.as_ref(), &request).await?;
            self.skew.observe(&reply);
            parse_payment_request(reply.status, &reply.body)
        })
        .await
        .map_err(|e| e.redacted(&self.key))
    }
}

#[async_trait]
impl Gateway for XenditClient {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Xendit
    }

    /// Safe to retry on transient errors: Xendit returns the original payment request for a
    /// repeated `Idempotency-key`, and the request (body included, its `expires_at` fixed) is
    /// built once. This is the only retry layer for a Xendit create: [`crate::charge_or_recover`]
    /// does not repeat it, so a create is POSTed at most `max_attempts` times.
    async fn charge(&self, req: &ChargeRequest) -> Result<Charge> {
        req.validate()?;
        let request = self.create_request(req)?;
        with_retry(&self.retry, Replay::Safe, || async {
            let reply = exchange(self.transport.as_ref(), &request).await?;
            self.skew.observe(&reply);
            parse_create(reply.status, &reply.body, req)
        })
        .await
        .map_err(|e| e.redacted(&self.key))
    }

    fn clock_skew(&self) -> Option<chrono::Duration> {
        self.skew.last()
    }

    fn charge_replays_itself(&self) -> bool {
        self.retry.max_attempts > 1
    }

    async fn status(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        let id = Self::need_ref(gateway_ref)?;
        let _ = order_id;
        self.call(Request::get(format!("/v3/payment_requests/{id}")))
            .await
    }

    async fn cancel(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        let id = Self::need_ref(gateway_ref)?;
        let _ = order_id;
        self.call(Request::post(
            format!("/v3/payment_requests/{id}/cancel"),
            &EmptyBody {},
        )?)
        .await
    }

    async fn expire(&self, order_id: &str, gateway_ref: Option<&str>) -> Result<StatusReport> {
        self.cancel(order_id, gateway_ref).await
    }

    async fn refund(&self, req: &RefundRequest) -> Result<RefundReport> {
        self.create_refund(req).await
    }

    async fn refund_status(&self, lookup: &RefundLookup) -> Result<RefundReport> {
        self.follow_refund(lookup).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req() -> ChargeRequest {
        ChargeRequest {
            order_id: "INV-1".into(),
            amount: 4000,
            items: vec![],
            expiry_minutes: 10,
            expires_at: None,
        }
    }

    const QR_4000: &str = "00020101021226660014ID.LINKAJA.WWW011893600911002411480002152004230411480010303UME51450015ID.OR.GPNQR.WWW02150000000000000000303UME520454995802ID5920Placeholder merchant6007Jakarta610612345662380115wLoc6DRGwAOgSkZ0715wLoc6DRGwAOgSkZ53033605404400063047668";

    #[test]
    fn create_reply_with_string_amount_and_unknown_fields() {
        let body = json!({
            "payment_request_id": "pr-1", "reference_id": "INV-1", "status": "REQUIRES_ACTION",
            "request_amount": "4000", "currency": "IDR", "new_field": {"x": 1},
            "channel_properties": {"expires_at": "2025-01-01T00:10:00Z"},
            "actions": [{"type": "PRESENT_TO_CUSTOMER", "descriptor": "QR_STRING", "value": QR_4000}]
        });
        let c = parse_create(201, body.to_string().as_bytes(), &req()).unwrap();
        assert_eq!(c.gateway_ref, "pr-1");
        assert_eq!(c.qr_string.as_deref(), Some(QR_4000));
        assert_eq!(c.status, PaymentStatus::Pending);
        assert!(c.expires_at.is_some());
    }

    #[test]
    fn create_body_shape() {
        let b = serde_json::to_value(create_body(&req(), Utc::now())).unwrap();
        assert_eq!(b["type"], "PAY");
        assert_eq!(b["channel_code"], "QRIS");
        assert_eq!(b["request_amount"], 4000);
        assert_eq!(b["currency"], "IDR");
        assert!(b["channel_properties"]["expires_at"].as_str().is_some());
        assert_eq!(b["reference_id"], "INV-1");
        assert_eq!(b["country"], "ID");
    }

    #[test]
    fn errors_map_by_http_status() {
        let e = |st: u16, code: &str| {
            parse_payment_request(
                st,
                json!({"error_code": code, "message": "m"})
                    .to_string()
                    .as_bytes(),
            )
        };
        assert!(matches!(
            e(404, "DATA_NOT_FOUND"),
            Err(GatewayError::NotFound)
        ));
        assert!(matches!(
            e(409, "DUPLICATE_ERROR"),
            Err(GatewayError::Duplicate)
        ));
        assert!(matches!(
            e(429, "RATE_LIMIT_EXCEEDED"),
            Err(GatewayError::RateLimited)
        ));
        assert!(matches!(
            e(503, "CHANNEL_UNAVAILABLE"),
            Err(GatewayError::Server { status: 503 })
        ));
        match e(401, "INVALID_API_KEY") {
            Err(GatewayError::Rejected {
                http_status: 401,
                code,
                ..
            }) => assert_eq!(code, "INVALID_API_KEY"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_payment_request(200, b"[]"),
            Err(GatewayError::InvalidResponse(_))
        ));
    }

    #[test]
    fn succeeded_with_issuer() {
        let body = json!({"payment_request_id": "pr-1", "reference_id": "INV-1", "status": "SUCCEEDED",
            "request_amount": 4000, "updated": "2025-01-01T00:05:00Z",
            "payment_details": {"issuer_name": "DANA"}});
        let r = parse_payment_request(200, body.to_string().as_bytes()).unwrap();
        assert_eq!(r.status, PaymentStatus::Paid);
        assert_eq!(r.issuer.as_deref(), Some("DANA"));
        assert_eq!(r.signature, SignatureCheck::NotApplicable);
        assert!(r.paid_at.is_some());
        assert!(crate::model::verify(&r, "INV-1", 4000).is_ok());
    }

    #[test]
    fn status_mapping() {
        assert_eq!(
            map_status("accepting_payments").unwrap(),
            PaymentStatus::Pending
        );
        assert_eq!(map_status("CANCELED").unwrap(), PaymentStatus::Cancelled);
        assert_eq!(map_status("EXPIRED").unwrap(), PaymentStatus::Expired);
        assert_eq!(map_status("FAILED").unwrap(), PaymentStatus::Failed);
        assert!(map_status("NOPE").is_err());
    }
}

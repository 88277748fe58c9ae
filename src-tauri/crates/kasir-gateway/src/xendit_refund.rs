//! Xendit refunds of a settled QRIS payment request (Payments API v3): the request, its
//! reply and following it. Knows no HTTP library; the client in `xendit` sends.
//!
//! **Endpoints** (docs.xendit.co/apidocs/refund-payment-request, xendit-go `RefundApi`):
//! `POST /refunds` with `{payment_request_id, reference_id, currency: "IDR", amount, reason,
//! metadata}` and the header `Idempotency-key`; `GET /refunds/{refund_id}`; `GET /refunds?
//! payment_request_id=…` (a `data[]` list) to find a refund by our `reference_id` when its id
//! was never seen. `reason` is an enum (`FRAUDULENT`, `DUPLICATE`, `REQUESTED_BY_CUSTOMER`,
//! `CANCELLATION`, `OTHERS`); the cashier's own words travel in `metadata.alasan`.
//!
//! **Retry.** `refund_key` is both the `Idempotency-key` and the `reference_id`: Xendit answers
//! a repeated key with the refund it already made, so the request (built once) is retried
//! like an idempotent call ([`Replay::Safe`]). A 409 (the `reference_id` exists) is answered
//! by finding that refund in the list instead of as an error.
//!
//! **Reply.** `{id: "rfd-…", payment_request_id, amount, currency, status, reason,
//! reference_id, failure_code, created, updated}`; `status` `PENDING` (QRIS refunds start so,
//! docs.xendit.co/qr-codes/test-scenarios) → `SUCCEEDED` / `FAILED` with a `failure_code`
//! (`INELIGIBLE_TRANSACTION`, `INSUFFICIENT_BALANCE`, `REFUND_TEMPORARILY_UNAVAILABLE`,
//! `MAXIMUM_USER_BALANCE_EXCEEDED`, `REFUND_FAILED`, …). Refusals (same test-scenarios page):
//! 400 `MAXIMUM_REFUND_AMOUNT_REACHED`, `PARTIAL_REFUND_NOT_SUPPORTED`,
//! `REFUND_NOT_SUPPORTED`, `REFUND_IN_PROGRESS`; 403 `INELIGIBLE_TRANSACTION` (not
//! `SUCCEEDED`); 404 `DATA_NOT_FOUND`; 409 `DUPLICATE_ERROR`.

use serde::Serialize;
use serde_json::Value;

use crate::error::{GatewayError, Result};
use crate::midtrans::parse_amount_text;
use crate::model::{validate_path_id, RefundLookup, RefundReport, RefundRequest, RefundStatus};
use crate::policy::{with_retry, Replay};
use crate::transport::{exchange, Request};
use crate::xendit::{s, XenditClient};

/// The body of `POST /refunds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateRefundBody {
    pub payment_request_id: String,
    /// Our `refund_key`.
    pub reference_id: String,
    /// Always `"IDR"`.
    pub currency: &'static str,
    /// Integer rupiah, always sent (without it Xendit refunds everything left).
    pub amount: i64,
    /// One of Xendit's reason codes.
    pub reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<RefundMetadata>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundMetadata {
    /// The cashier's reason, as typed.
    pub alasan: String,
}

/// Xendit's documented `reason` values.
pub const REASONS: [&str; 5] = [
    "FRAUDULENT",
    "DUPLICATE",
    "REQUESTED_BY_CUSTOMER",
    "CANCELLATION",
    "OTHERS",
];

/// The reason code for the cashier's text: the code itself when it is one, else
/// `REQUESTED_BY_CUSTOMER` (a shop refund is the customer's wish).
pub fn reason_code(text: &str) -> &'static str {
    let t = text.trim().to_ascii_uppercase();
    REASONS
        .iter()
        .find(|r| **r == t)
        .copied()
        .unwrap_or("REQUESTED_BY_CUSTOMER")
}

pub fn refund_body(req: &RefundRequest, payment_request_id: &str) -> CreateRefundBody {
    let reason = req.reason.trim();
    CreateRefundBody {
        payment_request_id: payment_request_id.to_string(),
        reference_id: req.refund_key.clone(),
        currency: "IDR",
        amount: req.amount,
        reason: reason_code(reason),
        metadata: (!reason.is_empty() && reason_code(reason) != reason).then(|| RefundMetadata {
            alasan: reason.chars().take(255).collect(),
        }),
    }
}

/// The cashier's reasons, one per documented code.
pub mod reasons {
    pub use crate::midtrans_refund::reasons::{NOT_SUPPORTED_BY_ISSUER, OVER_AMOUNT, PAYMENT_TYPE};
    pub const PARTIAL_NOT_SUPPORTED: &str =
        "Aplikasi pembayar ini tidak mendukung pengembalian sebagian. Kembalikan seluruh nominal atau dengan cara lain.";
    pub const IN_PROGRESS: &str =
        "Masih ada pengembalian lain yang sedang diproses untuk transaksi ini. Tunggu hingga selesai.";
    pub const INELIGIBLE: &str =
        "Transaksi ini tidak bisa dikembalikan: belum lunas, gagal, atau sudah dibatalkan.";
    pub const PAST_WINDOW: &str =
        "Transaksi sudah lewat batas waktu pengembalian atau batas jumlah percobaan pengembalian.";
    pub const INSUFFICIENT_BALANCE: &str =
        "Saldo di gateway tidak cukup untuk pengembalian ini. Isi saldo lalu coba lagi.";
    pub const TEMPORARILY_UNAVAILABLE: &str =
        "Pengembalian sementara tidak tersedia dari mitra QRIS. Coba lagi nanti.";
    pub const USER_BALANCE: &str =
        "Saldo dompet pelanggan akan melebihi batas maksimum, jadi pengembalian tidak bisa diterima.";
    pub const FAILED: &str = "Pengembalian gagal diproses oleh penyedia pembayaran.";
    pub const CANCELLED: &str = "Pengembalian dibatalkan sebelum diproses.";
    pub const KEY_REUSED: &str =
        "Kunci pengembalian ini sudah dipakai untuk pengembalian lain. Buat pengembalian baru.";
}

/// The Indonesian reason for a `failure_code` of a `FAILED` refund.
pub fn failure_reason(code: &str) -> &'static str {
    match code.trim().to_ascii_uppercase().as_str() {
        "INELIGIBLE_TRANSACTION" => reasons::PAST_WINDOW,
        "INSUFFICIENT_BALANCE" => reasons::INSUFFICIENT_BALANCE,
        "REFUND_TEMPORARILY_UNAVAILABLE" => reasons::TEMPORARILY_UNAVAILABLE,
        "MAXIMUM_USER_BALANCE_EXCEEDED" => reasons::USER_BALANCE,
        "REFUND_NOT_SUPPORTED" => reasons::NOT_SUPPORTED_BY_ISSUER,
        _ => reasons::FAILED,
    }
}

/// A non-2xx refund reply as a typed error.
pub fn refund_error(http: u16, body: &[u8]) -> GatewayError {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let code = s(&v, &["error_code"]).unwrap_or("").to_string();
    let message: String = s(&v, &["message"])
        .unwrap_or("")
        .chars()
        .take(300)
        .collect();
    let refused = |reason: &str| GatewayError::RefundRefused {
        http_status: http,
        code: code.clone(),
        reason: reason.to_string(),
        message: message.clone(),
    };
    match (http, code.to_ascii_uppercase().as_str()) {
        (404, _) => GatewayError::NotFound,
        (409, _) => GatewayError::Duplicate,
        (429, _) => GatewayError::RateLimited,
        (s, _) if s >= 500 => GatewayError::Server { status: s },
        (_, "MAXIMUM_REFUND_AMOUNT_REACHED" | "REFUND_AMOUNT_EXCEEDED") => {
            refused(reasons::OVER_AMOUNT)
        }
        (_, "PARTIAL_REFUND_NOT_SUPPORTED") => refused(reasons::PARTIAL_NOT_SUPPORTED),
        (_, "REFUND_NOT_SUPPORTED") => refused(reasons::NOT_SUPPORTED_BY_ISSUER),
        (_, "REFUND_IN_PROGRESS") => refused(reasons::IN_PROGRESS),
        (_, "INELIGIBLE_TRANSACTION") => refused(reasons::INELIGIBLE),
        (_, "REFUND_NOT_AVAILABLE" | "PAYMENT_METHOD_NOT_SUPPORTED") => {
            refused(reasons::PAYMENT_TYPE)
        }
        (s, _) => GatewayError::Rejected {
            http_status: s,
            code: if code.is_empty() { s.to_string() } else { code },
            message,
        },
    }
}

fn amount_of(v: &Value) -> Result<Option<i64>> {
    match v.get("amount") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(t)) => parse_amount_text(t).map(Some),
        Some(Value::Number(n)) => parse_amount_text(&n.to_string()).map(Some),
        Some(_) => Err(GatewayError::InvalidResponse("bad refund amount".into())),
    }
}

/// What a refund object must say to be the one we asked for.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    pub refund_key: &'a str,
    pub payment_request_id: Option<&'a str>,
    /// The amount asked, when known (a lookup does not know it).
    pub amount: Option<i64>,
}

/// Reads one refund object.
pub fn refund_from_value(v: &Value, expect: Expect<'_>) -> Result<RefundReport> {
    let id = s(v, &["id"])
        .ok_or_else(|| GatewayError::InvalidResponse("refund reply without id".into()))?;
    if s(v, &["reference_id"]).is_some_and(|r| r != expect.refund_key) {
        return Err(GatewayError::InvalidResponse(
            "refund reply carries another reference_id".into(),
        ));
    }
    if let (Some(want), Some(got)) = (expect.payment_request_id, s(v, &["payment_request_id"])) {
        if want != got {
            return Err(GatewayError::OrderMismatch);
        }
    }
    let got = amount_of(v)?;
    if let (Some(want), Some(got)) = (expect.amount, got) {
        if want != got {
            return Err(GatewayError::AmountMismatch {
                expected: want,
                got,
            });
        }
    }
    let raw = s(v, &["status"])
        .ok_or_else(|| GatewayError::InvalidResponse("refund reply without status".into()))?;
    let failure_code = s(v, &["failure_code"]);
    let (status, failure_reason) = match raw.trim().to_ascii_uppercase().as_str() {
        "PENDING" | "REQUIRES_ACTION" | "ACCEPTED" => (RefundStatus::Pending, None),
        "SUCCEEDED" => (RefundStatus::Succeeded, None),
        "FAILED" => (
            RefundStatus::Failed,
            Some(failure_code.map_or(reasons::FAILED, failure_reason)),
        ),
        "CANCELLED" | "CANCELED" => (RefundStatus::Failed, Some(reasons::CANCELLED)),
        other => {
            return Err(GatewayError::InvalidResponse(format!(
                "unknown Xendit refund status {other:?}"
            )))
        }
    };
    let raw_status = match failure_code {
        Some(fc) => format!("{raw} {fc}"),
        None => raw.to_string(),
    };
    Ok(RefundReport {
        refund_key: expect.refund_key.to_string(),
        gateway_refund_id: Some(id.to_string()),
        status,
        amount: got.or(expect.amount).unwrap_or(0),
        failure_reason: failure_reason.map(str::to_string),
        raw_status,
    })
}

/// Parses the reply to `POST /refunds` or `GET /refunds/{id}`.
pub fn parse_refund(http: u16, body: &[u8], expect: Expect<'_>) -> Result<RefundReport> {
    if !(200..300).contains(&http) {
        return Err(refund_error(http, body));
    }
    let v: Value = serde_json::from_slice(body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            GatewayError::InvalidResponse(format!("Xendit HTTP {http}: body is not a JSON object"))
        })?;
    refund_from_value(&v, expect)
}

/// Finds our refund (by `reference_id`) in a `GET /refunds?payment_request_id=…` reply.
pub fn parse_refund_list(http: u16, body: &[u8], expect: Expect<'_>) -> Result<RefundReport> {
    let v = crate::xendit::parse_json(http, body)?;
    let list = v
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| GatewayError::InvalidResponse("refund list without data".into()))?;
    let ours = list
        .iter()
        .find(|r| s(r, &["reference_id"]) == Some(expect.refund_key))
        .ok_or(GatewayError::NotFound)?;
    refund_from_value(ours, expect)
}

impl XenditClient {
    /// `POST /refunds` with `Idempotency-key` = `refund_key`, built once per refund.
    pub fn refund_request(&self, req: &RefundRequest) -> Result<Request> {
        let prid = Self::need_ref(req.gateway_ref.as_deref())?;
        Ok(self
            .authorise(Request::post("/refunds", &refund_body(req, prid))?)
            .header("Idempotency-key", req.refund_key.clone()))
    }

    async fn exchange_refund(
        &self,
        request: &Request,
        list: bool,
        expect: Expect<'_>,
    ) -> Result<RefundReport> {
        with_retry(&self.retry, Replay::Safe, || async {
            let reply = exchange(self.transport.as_ref(), request).await?;
            self.skew.observe(&reply);
            if list {
                parse_refund_list(reply.status, &reply.body, expect)
            } else {
                parse_refund(reply.status, &reply.body, expect)
            }
        })
        .await
    }

    fn list_request(&self, prid: &str) -> Request {
        self.authorise(Request::get(format!("/refunds?payment_request_id={prid}")))
    }

    /// Creates the refund; retried on transient failures even after a response-phase
    /// timeout, because Xendit answers a repeated `Idempotency-key` with the original refund.
    pub(crate) async fn create_refund(&self, req: &RefundRequest) -> Result<RefundReport> {
        req.validate()?;
        let request = self.refund_request(req)?;
        let prid = Self::need_ref(req.gateway_ref.as_deref())?;
        let expect = Expect {
            refund_key: &req.refund_key,
            payment_request_id: Some(prid),
            amount: Some(req.amount),
        };
        let result = match self.exchange_refund(&request, false, expect).await {
            // 409: a refund with this reference_id exists. If it is this very refund, report it.
            Err(GatewayError::Duplicate) => {
                let found = self
                    .exchange_refund(
                        &self.list_request(prid),
                        true,
                        Expect {
                            amount: None,
                            ..expect
                        },
                    )
                    .await;
                match found {
                    Ok(rep) if rep.amount == req.amount => Ok(rep),
                    Ok(_) | Err(GatewayError::NotFound) => Err(GatewayError::RefundRefused {
                        http_status: 409,
                        code: "DUPLICATE_ERROR".into(),
                        reason: reasons::KEY_REUSED.into(),
                        message: String::new(),
                    }),
                    Err(e) => Err(e),
                }
            }
            other => other,
        };
        result.map_err(|e| e.redacted(&self.key))
    }

    /// `GET /refunds/{id}`, or the refund list of the payment request when the id is unknown.
    pub(crate) async fn follow_refund(&self, lookup: &RefundLookup) -> Result<RefundReport> {
        crate::model::validate_refund_key(&lookup.refund_key)?;
        let prid = lookup.gateway_ref.as_deref();
        let expect = Expect {
            refund_key: &lookup.refund_key,
            payment_request_id: prid,
            amount: None,
        };
        let result = match lookup.gateway_refund_id.as_deref() {
            Some(id) => {
                validate_path_id(id)?;
                let request = self.authorise(Request::get(format!("/refunds/{id}")));
                self.exchange_refund(&request, false, expect).await
            }
            None => {
                let prid = Self::need_ref(prid)?;
                self.exchange_refund(&self.list_request(prid), true, expect)
                    .await
            }
        };
        result.map_err(|e| e.redacted(&self.key))
    }
}

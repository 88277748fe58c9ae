//! Midtrans refunds of a settled QRIS payment: the request, its reply, and following it in
//! the transaction status (`refunds[]`). Knows no HTTP library; the client in `midtrans` sends.
//!
//! **Endpoint.** Direct Refund, `POST /v2/{order_id|transaction_id}/refund/online/direct`
//! with `{refund_key, amount, reason}` (docs.midtrans.com/reference/direct-refund-transaction:
//! "Direct Refund transaction is only supported for GoPay, QRIS, ShopeePay, …"). The plain
//! Refund API `POST /v2/{id}/refund` (docs.midtrans.com/reference/refund-transaction) is listed
//! in some versions of the docs for credit cards only and in newer ones for QRIS too; Direct
//! Refund is the one every version lists for QRIS, and it answers with the provider's result
//! instead of queueing it for days, so it is the one used here.
//!
//! **Retry.** The docs: "If you want to do retry the same refund request please use the same
//! refund_key". The request (body included) is built once, so every re-send is the same
//! refund; it is retried like an idempotent call ([`Replay::Safe`]), and a 406 (key already
//! used) is answered from the transaction status instead of as an error.
//!
//! **Reply.** `status_code` (a string, checked together with the HTTP status): "200" success
//! (`transaction_status` `refund` / `partial_refund`), "201" accepted and still pending (the
//! Midtrans meaning of 201). Refusals, from docs.midtrans.com/reference/code-4xx: 400
//! validation (e.g. more than is left), 402 no access for this payment type, 404 not found,
//! 406 duplicate, 407 expired, 412 "transaction status cannot be updated" (not settled,
//! already fully refunded, past the refund window, or not supported by the payer's app),
//! 414 "refund request is rejected due to merchant insufficient funds"; 418 (not allowed for
//! this payment type) is mapped too although only some SDKs mention it.
//!
//! **Status.** `GET /v2/{id}/status`: `transaction_status` `refund` / `partial_refund`,
//! `refund_amount` and `refunds[]` entries `{refund_chargeback_id, refund_chargeback_uuid,
//! refund_amount, refund_key, reason, created_at, bank_confirmed_at}` (docs get-transaction-
//! status, midtrans-go `RefundDetails`). An entry with our `refund_key` and a
//! `bank_confirmed_at` is done; with `bank_confirmed_at` empty it is pending; without the field
//! the transaction status decides. Midtrans documents no "failed refund" state: a refund it
//! had acknowledged (we hold its id) that is no longer listed is reported `Failed`; one never
//! acknowledged and not listed stays `Pending` (re-sending it with the same key is safe).

use serde::Serialize;
use serde_json::Value;

use crate::error::{GatewayError, Result};
use crate::midtrans::{
    body_code, body_json, gateway_message, parse_amount_text, parse_status_op, str_field,
    text_field, MidtransClient, Op,
};
use crate::model::{
    validate_path_id, PaymentStatus, RefundLookup, RefundReport, RefundRequest, RefundStatus,
    SignatureCheck,
};
use crate::policy::{with_retry, Replay};
use crate::secret::SecretKey;
use crate::transport::Request;

/// The body of `POST /v2/{id}/refund/online/direct`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectRefundBody {
    /// Our refund id: Midtrans dedups on it.
    pub refund_key: String,
    /// Always sent: without it Midtrans refunds the whole transaction.
    pub amount: i64,
    /// At most 255 characters.
    pub reason: String,
}

/// Longest `reason` Midtrans takes.
pub const MAX_REASON_LEN: usize = 255;

pub fn refund_body(req: &RefundRequest) -> DirectRefundBody {
    let reason = req.reason.trim();
    let reason = if reason.is_empty() {
        "Pengembalian dana pelanggan"
    } else {
        reason
    };
    DirectRefundBody {
        refund_key: req.refund_key.clone(),
        amount: req.amount,
        reason: reason.chars().take(MAX_REASON_LEN).collect(),
    }
}

/// The path: by `transaction_id` when known, else by order id (Midtrans takes either).
pub fn refund_path(req: &RefundRequest) -> Result<String> {
    let id = req.gateway_ref.as_deref().unwrap_or(&req.order_id);
    validate_path_id(id)?;
    Ok(format!("/v2/{id}/refund/online/direct"))
}

/// The cashier's reasons, one per documented refusal.
pub mod reasons {
    pub const NOT_SUPPORTED_BY_ISSUER: &str =
        "Pengembalian lewat QRIS tidak didukung oleh aplikasi pembayar ini. Kembalikan dana dengan cara lain (misalnya tunai).";
    pub const OVER_AMOUNT: &str =
        "Nominal pengembalian melebihi sisa pembayaran yang belum dikembalikan.";
    pub const INVALID: &str = "Permintaan pengembalian tidak valid menurut gateway pembayaran.";
    pub const NOT_ENABLED: &str =
        "Fitur pengembalian dana belum aktif untuk akun gateway ini. Minta gateway mengaktifkannya.";
    pub const EXPIRED: &str =
        "Transaksi sudah kedaluwarsa: tidak ada pembayaran yang bisa dikembalikan.";
    pub const CANNOT_UPDATE: &str =
        "Transaksi ini tidak bisa dikembalikan: belum lunas, sudah dikembalikan seluruhnya, atau sudah lewat batas waktu pengembalian.";
    pub const MERCHANT_FUNDS: &str =
        "Saldo merchant di gateway tidak cukup untuk pengembalian ini. Isi saldo lalu coba lagi.";
    pub const PAYMENT_TYPE: &str = "Pengembalian tidak diizinkan untuk jenis pembayaran ini.";
    pub const DENIED: &str = "Pengembalian ditolak oleh penyedia pembayaran.";
    pub const KEY_REUSED: &str =
        "Kunci pengembalian ini sudah dipakai untuk pengembalian lain. Buat pengembalian baru.";
    pub const NOT_LISTED: &str =
        "Gateway tidak lagi mencatat pengembalian ini: pengembalian gagal diproses. Dana belum kembali ke pelanggan.";
    pub const NOT_SETTLED: &str =
        "Transaksi belum lunas atau sudah dibatalkan: tidak ada pengembalian yang berjalan.";
}

fn refused(code: u16, reason: &str, message: String) -> GatewayError {
    GatewayError::RefundRefused {
        http_status: code,
        code: code.to_string(),
        reason: reason.to_string(),
        message,
    }
}

/// A refund reply's error code as a typed error. `message` is Midtrans's own text; the
/// Indonesian reason comes from the documented code (the text only refines 400 and 412).
pub fn refund_error(code: u16, message: String) -> GatewayError {
    let lower = message.to_ascii_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    match code {
        404 => GatewayError::NotFound,
        406 => GatewayError::Duplicate,
        429 => GatewayError::RateLimited,
        c if c >= 500 => GatewayError::Server { status: c },
        400 if says(&["amount", "exceed", "greater"]) => {
            refused(400, reasons::OVER_AMOUNT, message)
        }
        400 => refused(400, reasons::INVALID, message),
        402 => refused(402, reasons::NOT_ENABLED, message),
        407 => refused(407, reasons::EXPIRED, message),
        412 if says(&["issuer", "not support", "unsupported", "not allowed"]) => {
            refused(412, reasons::NOT_SUPPORTED_BY_ISSUER, message)
        }
        412 if says(&["amount", "exceed", "greater"]) => {
            refused(412, reasons::OVER_AMOUNT, message)
        }
        412 => refused(412, reasons::CANNOT_UPDATE, message),
        414 => refused(414, reasons::MERCHANT_FUNDS, message),
        418 => refused(418, reasons::PAYMENT_TYPE, message),
        202 => refused(202, reasons::DENIED, message),
        c => GatewayError::Rejected {
            http_status: c,
            code: c.to_string(),
            message,
        },
    }
}

/// Midtrans names a refund by `refund_chargeback_uuid` (newer) or `refund_chargeback_id`.
fn refund_id_of(v: &Value) -> Option<String> {
    str_field(v, "refund_chargeback_uuid")
        .map(str::to_string)
        .or_else(|| text_field(v, "refund_chargeback_id"))
}

/// Parses the reply to a direct refund of `req`.
pub fn parse_refund(http: u16, body: &[u8], req: &RefundRequest) -> Result<RefundReport> {
    let v = body_json(http, body)?;
    let code = body_code(&v);
    if let Some(bad) = [Some(http), code]
        .into_iter()
        .flatten()
        .find(|c| !(200..300).contains(c) || *c == 202)
    {
        return Err(refund_error(bad, gateway_message(&v)));
    }
    if str_field(&v, "order_id").is_some_and(|o| o != req.order_id) {
        return Err(GatewayError::OrderMismatch);
    }
    if str_field(&v, "refund_key").is_some_and(|k| k != req.refund_key) {
        return Err(GatewayError::InvalidResponse(
            "refund reply carries another refund_key".into(),
        ));
    }
    // `refund_amount` is this refund in the documented samples; a running total can only be
    // larger. Less than asked means less went back.
    if let Some(text) = text_field(&v, "refund_amount") {
        let got = parse_amount_text(&text)?;
        if got < req.amount {
            return Err(GatewayError::AmountMismatch {
                expected: req.amount,
                got,
            });
        }
    }
    let status = match code.unwrap_or(http) {
        201 => RefundStatus::Pending,
        _ => RefundStatus::Succeeded,
    };
    let raw_status = str_field(&v, "transaction_status")
        .map(str::to_string)
        .unwrap_or_else(|| code.unwrap_or(http).to_string());
    Ok(RefundReport {
        refund_key: req.refund_key.clone(),
        gateway_refund_id: refund_id_of(&v),
        status,
        amount: req.amount,
        failure_reason: None,
        raw_status,
    })
}

/// Finds the refund of `lookup` in a status reply (signature checked with `key`).
pub fn parse_refund_status(
    http: u16,
    body: &[u8],
    key: &SecretKey,
    lookup: &RefundLookup,
) -> Result<RefundReport> {
    let report = parse_status_op(http, body, key, Op::Status)?;
    if report.order_id != lookup.order_id {
        return Err(GatewayError::OrderMismatch);
    }
    if report.signature == SignatureCheck::Invalid {
        return Err(GatewayError::SignatureMismatch);
    }
    let v = body_json(http, body)?;
    let entries = v
        .get("refunds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let ours = entries.iter().find(|r| {
        str_field(r, "refund_key") == Some(lookup.refund_key.as_str())
            || lookup
                .gateway_refund_id
                .as_deref()
                .is_some_and(|id| refund_id_of(r).as_deref() == Some(id))
    });
    let Some(entry) = ours else {
        let settled = matches!(
            report.status,
            PaymentStatus::Paid | PaymentStatus::Refunded | PaymentStatus::Chargeback
        );
        let (status, reason) = if !settled {
            (RefundStatus::Failed, Some(reasons::NOT_SETTLED))
        } else if lookup.gateway_refund_id.is_some() {
            (RefundStatus::Failed, Some(reasons::NOT_LISTED))
        } else {
            (RefundStatus::Pending, None)
        };
        return Ok(RefundReport {
            refund_key: lookup.refund_key.clone(),
            gateway_refund_id: lookup.gateway_refund_id.clone(),
            status,
            amount: 0,
            failure_reason: reason.map(str::to_string),
            raw_status: report.raw_status,
        });
    };
    let amount = text_field(entry, "refund_amount")
        .map(|t| parse_amount_text(&t))
        .transpose()?
        .unwrap_or(0);
    let status = match entry.get("bank_confirmed_at") {
        Some(Value::String(s)) if !s.trim().is_empty() => RefundStatus::Succeeded,
        Some(_) => RefundStatus::Pending,
        None if report.status == PaymentStatus::Refunded => RefundStatus::Succeeded,
        None => RefundStatus::Pending,
    };
    Ok(RefundReport {
        refund_key: lookup.refund_key.clone(),
        gateway_refund_id: refund_id_of(entry).or_else(|| lookup.gateway_refund_id.clone()),
        status,
        amount,
        failure_reason: None,
        raw_status: report.raw_status,
    })
}

impl MidtransClient {
    /// `POST /v2/{id}/refund/online/direct`, built once per refund so every re-send is the
    /// same request with the same `refund_key`.
    pub fn refund_request(&self, req: &RefundRequest) -> Result<Request> {
        Ok(Request::post(refund_path(req)?, &refund_body(req))?
            .header("Authorization", self.key.basic_auth_header()))
    }

    /// Sends the refund; retried on transient failures even after a response-phase timeout,
    /// because Midtrans answers a repeated `refund_key` with the refund it already made.
    pub(crate) async fn direct_refund(&self, req: &RefundRequest) -> Result<RefundReport> {
        req.validate()?;
        let request = self.refund_request(req)?;
        let sent = with_retry(&self.retry, Replay::Safe, || async {
            let reply = self.send(&request).await?;
            parse_refund(reply.status, &reply.body, req)
        })
        .await;
        let result = match sent {
            // 406: the key is already in use. If it is this very refund, report it.
            Err(GatewayError::Duplicate) => match self.follow_refund(&req.lookup(None)).await {
                Ok(rep) if rep.amount == req.amount => Ok(rep),
                Ok(_) => Err(refused(406, reasons::KEY_REUSED, String::new())),
                Err(e) => Err(e),
            },
            other => other,
        };
        result.map_err(|e| e.redacted(&self.key))
    }

    /// Reads the transaction status and finds the refund in `refunds[]`.
    pub(crate) async fn follow_refund(&self, lookup: &RefundLookup) -> Result<RefundReport> {
        crate::model::validate_refund_key(&lookup.refund_key)?;
        let id = lookup.gateway_ref.as_deref().unwrap_or(&lookup.order_id);
        let request = self.status_like_request(Op::Status, id)?;
        with_retry(&self.retry, Replay::Safe, || async {
            let reply = self.send(&request).await?;
            parse_refund_status(reply.status, &reply.body, &self.key, lookup)
        })
        .await
        .map_err(|e| e.redacted(&self.key))
    }
}

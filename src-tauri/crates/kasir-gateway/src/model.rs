//! Provider-neutral data: charge requests, charges, status reports, payment status, `verify()`
//! and order id validation. No I/O here. The issuer a report carries is normalised through
//! `kasir_shared::issuers` (the one issuer table); this crate keeps no issuer table of its own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{GatewayError, Result};
use crate::secret::SecretKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Midtrans,
    Xendit,
}

impl ProviderKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ProviderKind::Midtrans => "midtrans",
            ProviderKind::Xendit => "xendit",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GatewayConfig {
    pub kind: ProviderKind,
    pub base_url: String,
    pub key: SecretKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeItem {
    pub id: String,
    pub name: String,
    pub price: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRequest {
    /// ≤ 50 chars of `[A-Za-z0-9-_~.]`.
    pub order_id: String,
    pub amount: i64,
    pub items: Vec<ChargeItem>,
    pub expiry_minutes: u32,
    /// The QR's end as an instant on the *gateway's* clock (local instant + the skew seen in
    /// the gateway's `Date` header), fixed once per attempt so every re-send of the create is
    /// byte-for-byte the same body. `None`: now + `expiry_minutes` on the client's clock.
    pub expires_at: Option<DateTime<Utc>>,
}

impl ChargeRequest {
    /// Validates the order id, the amount (Rp 1 – Rp 10.000.000) and the expiry.
    pub fn validate(&self) -> Result<()> {
        validate_order_id(&self.order_id)?;
        if self.amount < 1 || self.amount > MAX_QRIS_AMOUNT {
            return Err(GatewayError::InvalidRequest(format!(
                "nominal QRIS harus Rp 1 – {}",
                kasir_shared::format_rupiah(MAX_QRIS_AMOUNT)
            )));
        }
        if self.expiry_minutes == 0 {
            return Err(GatewayError::InvalidRequest(
                "masa berlaku QR minimal 1 menit".into(),
            ));
        }
        Ok(())
    }

    /// Sum of items, `None` on overflow or when the list is empty.
    pub fn items_total(&self) -> Option<i64> {
        if self.items.is_empty() {
            return None;
        }
        self.items.iter().try_fold(0i64, |acc, it| {
            it.price
                .checked_mul(it.quantity)
                .and_then(|v| acc.checked_add(v))
        })
    }
}

/// Largest QRIS charge per transaction (the shared fact in `kasir-shared`).
pub const MAX_QRIS_AMOUNT: i64 = kasir_shared::money::QRIS_MAX_AMOUNT;

pub fn validate_order_id(order_id: &str) -> Result<()> {
    if order_id.is_empty() || order_id.len() > 50 {
        return Err(GatewayError::InvalidRequest(
            "order_id harus 1–50 karakter".into(),
        ));
    }
    if !order_id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '~' | '.'))
    {
        return Err(GatewayError::InvalidRequest(
            "order_id hanya boleh huruf, angka dan - _ ~ .".into(),
        ));
    }
    Ok(())
}

/// Ids that are put into URL paths (order ids, transaction ids, payment request ids).
pub(crate) fn validate_path_id(id: &str) -> Result<()> {
    if id.is_empty()
        || id.len() > 100
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '~' | '.'))
        || id == "."
        || id == ".."
    {
        return Err(GatewayError::InvalidRequest(
            "id transaksi tidak valid".into(),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    Pending,
    Paid,
    Expired,
    Cancelled,
    Failed,
    /// Midtrans `refund` / `partial_refund`: paid, then (part of) the amount went back to
    /// the payer ([`StatusReport::reversal`] says which and how much).
    Refunded,
    /// Midtrans `chargeback` / `partial_chargeback`: the payer's bank took (part of) it back.
    Chargeback,
}

impl PaymentStatus {
    pub fn is_final(&self) -> bool {
        !matches!(self, PaymentStatus::Pending)
    }

    /// A status that can only follow a settlement and takes (part of) the money back.
    pub fn is_reversal(&self) -> bool {
        matches!(self, PaymentStatus::Refunded | PaymentStatus::Chargeback)
    }

    /// Stable snake_case word (`refund`, `partial_chargeback`, …) as stored by the app.
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Paid => "paid",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Cancelled => "cancelled",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refund",
            PaymentStatus::Chargeback => "chargeback",
        }
    }
}

/// Money taken back after a settlement, as the gateway reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversal {
    /// `partial_refund` / `partial_chargeback`: part of the amount only.
    pub partial: bool,
    /// Total reversed so far (rupiah); `None` when the gateway did not say.
    pub amount: Option<i64>,
    /// When the (latest) reversal happened, if the gateway said.
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub order_id: String,
    /// Midtrans `transaction_id` / Xendit `payment_request_id`.
    pub gateway_ref: String,
    pub amount: i64,
    pub qr_string: Option<String>,
    pub qr_image_url: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// How long the QR lives by the gateway's own clock (`expiry_time − transaction_time`,
    /// Xendit `expires_at − created`): apply it to the local instant the reply arrived, never
    /// compare the gateway's absolute times with the till's clock.
    pub lifetime: Option<chrono::Duration>,
    pub status: PaymentStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    Valid,
    Invalid,
    /// The provider does not sign status replies (Xendit).
    NotApplicable,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReport {
    pub order_id: String,
    pub gateway_ref: Option<String>,
    pub status: PaymentStatus,
    pub raw_status: String,
    pub amount: Option<i64>,
    pub issuer: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub signature: SignatureCheck,
    /// Set for a refund/chargeback status: how much and when.
    pub reversal: Option<Reversal>,
}

impl StatusReport {
    /// The payer's app as the stable id of `kasir_shared::issuers` (`"gopay"`, `"mandiri"`, …;
    /// an app we do not know keeps its lower-cased name). `issuer` stays as the gateway said it.
    pub fn issuer_id(&self) -> Option<String> {
        self.issuer
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(kasir_shared::issuers::issuer_id)
    }
}

/// Checks a status report against the local order before it is trusted.
///
/// Fails with `OrderMismatch` on another order, `SignatureMismatch` on an `Invalid` signature
/// (or a `Missing` one on a `Paid` report), `AmountMismatch` when the amount differs, and a
/// `Paid` report without an amount is refused as `InvalidResponse`.
pub fn verify(report: &StatusReport, expected_order_id: &str, expected_amount: i64) -> Result<()> {
    if report.order_id != expected_order_id {
        return Err(GatewayError::OrderMismatch);
    }
    match report.signature {
        SignatureCheck::Invalid => return Err(GatewayError::SignatureMismatch),
        SignatureCheck::Missing if report.status == PaymentStatus::Paid => {
            return Err(GatewayError::SignatureMismatch)
        }
        _ => {}
    }
    match report.amount {
        Some(got) if got != expected_amount => Err(GatewayError::AmountMismatch {
            expected: expected_amount,
            got,
        }),
        None if report.status == PaymentStatus::Paid => Err(GatewayError::InvalidResponse(
            "status lunas tanpa nominal".into(),
        )),
        _ => Ok(()),
    }
}

/// Longest `refund_key` accepted (it travels as Midtrans `refund_key` and as Xendit
/// `reference_id` + `Idempotency-key`).
pub const MAX_REFUND_KEY_LEN: usize = 50;

/// Ask the gateway to give (part of) a settled QRIS payment back to the payer.
///
/// `refund_key` is the refund's identity at the gateway: Midtrans dedups on `refund_key`,
/// Xendit on the `Idempotency-key` (= `refund_key`, also sent as `reference_id`). Re-sending
/// the very same request with the same key never refunds twice, so a lost reply may be retried
/// with the same key; a *new* refund needs a new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    /// The gateway order id of the paid charge.
    pub order_id: String,
    /// Midtrans `transaction_id` or Xendit `payment_request_id` (Xendit needs it).
    pub gateway_ref: Option<String>,
    /// Unique per refund: 1–50 characters of letters, digits, `-` and `_`.
    pub refund_key: String,
    /// Rupiah to give back (always sent: Midtrans would refund everything without it).
    pub amount: i64,
    /// Why, for the gateway's records (Midtrans `reason`; Xendit keeps it in `metadata`).
    pub reason: String,
}

impl RefundRequest {
    /// Checks the order id, the refund key and the amount (Rp 1 – Rp 10.000.000).
    pub fn validate(&self) -> Result<()> {
        validate_order_id(&self.order_id)?;
        validate_refund_key(&self.refund_key)?;
        if self.amount < 1 || self.amount > MAX_QRIS_AMOUNT {
            return Err(GatewayError::InvalidRequest(format!(
                "nominal pengembalian harus Rp 1 – {}",
                kasir_shared::format_rupiah(MAX_QRIS_AMOUNT)
            )));
        }
        Ok(())
    }

    /// How to follow this refund later with [`crate::Gateway::refund_status`].
    pub fn lookup(&self, gateway_refund_id: Option<String>) -> RefundLookup {
        RefundLookup {
            order_id: self.order_id.clone(),
            gateway_ref: self.gateway_ref.clone(),
            refund_key: self.refund_key.clone(),
            gateway_refund_id,
        }
    }
}

/// `refund_key`: Midtrans allows letters, digits, `-` and `_`.
pub fn validate_refund_key(key: &str) -> Result<()> {
    if key.is_empty()
        || key.len() > MAX_REFUND_KEY_LEN
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
    {
        return Err(GatewayError::InvalidRequest(
            "kunci pengembalian harus 1–50 karakter huruf, angka, - atau _".into(),
        ));
    }
    Ok(())
}

/// Which refund to follow: the one asked with `refund_key` on this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLookup {
    pub order_id: String,
    /// Midtrans `transaction_id` / Xendit `payment_request_id`.
    pub gateway_ref: Option<String>,
    pub refund_key: String,
    /// What the gateway called it (Midtrans `refund_chargeback_uuid` or
    /// `refund_chargeback_id`, Xendit `rfd-…`), when its reply arrived.
    pub gateway_refund_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Asked and accepted, the money is not back with the payer yet: ask again later.
    Pending,
    /// The money went back.
    Succeeded,
    /// The gateway or the payer's app could not carry it out (`failure_reason` says why).
    Failed,
}

impl RefundStatus {
    pub fn is_final(self) -> bool {
        !matches!(self, RefundStatus::Pending)
    }
}

/// One refund as the gateway reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundReport {
    pub refund_key: String,
    pub gateway_refund_id: Option<String>,
    pub status: RefundStatus,
    /// Rupiah of this refund.
    pub amount: i64,
    /// Indonesian, for the cashier, when `status` is `Failed`.
    pub failure_reason: Option<String>,
    /// The gateway's own word (Midtrans `status_code`/`transaction_status`, Xendit `status`
    /// and `failure_code`).
    pub raw_status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: PaymentStatus, amount: Option<i64>, sig: SignatureCheck) -> StatusReport {
        StatusReport {
            order_id: "A-1".into(),
            gateway_ref: Some("t".into()),
            status,
            raw_status: "x".into(),
            amount,
            issuer: None,
            paid_at: None,
            signature: sig,
            reversal: None,
        }
    }

    #[test]
    fn verify_rules() {
        use PaymentStatus::*;
        use SignatureCheck::*;
        assert!(verify(&report(Paid, Some(100), Valid), "A-1", 100).is_ok());
        assert!(verify(&report(Paid, Some(100), NotApplicable), "A-1", 100).is_ok());
        assert!(matches!(
            verify(&report(Paid, Some(100), Valid), "A-2", 100),
            Err(GatewayError::OrderMismatch)
        ));
        assert!(matches!(
            verify(&report(Paid, Some(90), Valid), "A-1", 100),
            Err(GatewayError::AmountMismatch {
                expected: 100,
                got: 90
            })
        ));
        assert!(matches!(
            verify(&report(Paid, Some(100), Invalid), "A-1", 100),
            Err(GatewayError::SignatureMismatch)
        ));
        assert!(
            matches!(
                verify(&report(Paid, Some(100), Missing), "A-1", 100),
                Err(GatewayError::SignatureMismatch)
            ),
            "a paid Midtrans report without signature must not be trusted"
        );
        assert!(
            verify(&report(Paid, None, Valid), "A-1", 100).is_err(),
            "paid without amount must fail"
        );
        assert!(verify(&report(Pending, None, Missing), "A-1", 100).is_ok());
    }

    #[test]
    fn order_id_rules() {
        assert!(validate_order_id("INV-2024.01_a~b").is_ok());
        assert!(validate_order_id("").is_err());
        assert!(validate_order_id(&"a".repeat(51)).is_err());
        assert!(validate_order_id(&"a".repeat(50)).is_ok());
        assert!(validate_order_id("a b").is_err());
        assert!(validate_order_id("a/b").is_err());
    }

    #[test]
    fn a_reported_issuer_is_normalised_through_the_shared_table() {
        use kasir_shared::Issuer;
        let with = |raw: &str| StatusReport {
            issuer: Some(raw.into()),
            ..report(PaymentStatus::Paid, Some(1), SignatureCheck::Valid)
        };
        for i in Issuer::all() {
            for raw in [i.id(), i.label()] {
                assert_eq!(with(raw).issuer_id().as_deref(), Some(i.id()), "{raw}");
            }
        }
        assert_eq!(Issuer::Ovo.label(), "OVO");
        // Midtrans wire codes and Xendit display names land on the same ids.
        assert_eq!(with("livin").issuer_id().as_deref(), Some("mandiri"));
        assert_eq!(with("brimo").issuer_id().as_deref(), Some("bri"));
        assert_eq!(with("DANA").issuer_id().as_deref(), Some("dana"));
        assert_eq!(with("  ").issuer_id(), None);
        assert_eq!(
            report(PaymentStatus::Paid, None, SignatureCheck::Valid).issuer_id(),
            None
        );
    }
}

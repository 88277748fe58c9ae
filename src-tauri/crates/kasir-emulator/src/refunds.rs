//! Refunds the merchant asks for through the gateway APIs (Midtrans direct refund, Xendit
//! `POST /refunds`) and the ones the gateway makes on its own (`/_emulator/refund`): their
//! records, the checks every gateway makes before one (settled, the payer's app supports
//! refunds, never more than is left — pending ones included), the dedup on `refund_key`, and
//! the pending → succeeded / failed life of one. Protocol shapes live in `midtrans` and
//! `xendit`; nothing here reads a clock or knows HTTP.
//!
//! Which apps refuse: the bank apps of BCA, BRI and BNI do not support QRIS refunds (Antom's
//! QRIS method notes; Xendit's QRIS page lists the issuers that do, and none of these three).

use chrono::{DateTime, Utc};
use kasir_gateway::ProviderKind;
use kasir_shared::Issuer;
use serde::{Deserialize, Serialize};

use crate::error::{EmulatorError, Result};
use crate::state::{find_idx, EmuStatus, EmuTransaction, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmuRefundStatus {
    Pending,
    Succeeded,
    Failed,
}

/// One refund, as the emulator remembers it (`GET /_emulator/refunds`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmuRefund {
    /// Midtrans `refund_chargeback_uuid` / Xendit `rfd-…`.
    pub id: String,
    /// Midtrans `refund_chargeback_id`: 1, 2, … per transaction.
    pub chargeback_id: u32,
    pub provider: ProviderKind,
    pub order_id: String,
    /// The transaction's Midtrans `transaction_id` / Xendit `payment_request_id`.
    pub gateway_ref: String,
    /// Midtrans `refund_key` / Xendit `reference_id`.
    pub refund_key: String,
    /// Xendit `Idempotency-key` it was created with.
    pub idempotency_key: Option<String>,
    pub amount: i64,
    pub reason: String,
    pub status: EmuRefundStatus,
    pub failure_code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Status checks left before a pending refund completes by itself; 0 = it waits for
    /// `/_emulator/refund_complete` or `refund_fail`.
    pub pending_checks: u32,
    /// Made by the gateway itself (`/_emulator/refund`), not asked through the API.
    pub by_gateway: bool,
}

/// Why a refund is refused; each protocol answers it in its own documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    NotFound,
    /// Not settled (pending, expired, cancelled).
    NotSettled,
    /// The payer's app does not take refunds (or the `refund_refused` fault).
    IssuerUnsupported,
    /// More than is left (pending refunds count).
    OverAmount,
    /// The key names another refund (Midtrans: other amount).
    KeyReused,
}

/// QRIS refunds are not supported by these bank apps.
pub fn issuer_supports_refund(issuer: Issuer) -> bool {
    !matches!(
        issuer,
        Issuer::BcaMobile | Issuer::Brimo | Issuer::BniMobile
    )
}

/// What a refund request asks for.
pub(crate) struct Ask<'a> {
    pub provider: ProviderKind,
    /// Order id or transaction id (Midtrans), payment request id (Xendit).
    pub tx_id: &'a str,
    pub refund_key: &'a str,
    pub idempotency_key: Option<&'a str>,
    /// `None`: everything that is left.
    pub amount: Option<i64>,
    pub reason: &'a str,
    /// `Some(n)`: stays pending (`n` status checks, 0 = until a control call).
    pub pending: Option<u32>,
    pub refused: bool,
}

fn tx_idx(st: &State, provider: ProviderKind, id: &str) -> Option<usize> {
    match provider {
        ProviderKind::Midtrans => find_idx(st, id, Some(provider)),
        ProviderKind::Xendit => st
            .txs
            .iter()
            .position(|t| t.provider == provider && t.gateway_ref == id),
    }
}

/// Rupiah still refundable: paid − reversed − pending refunds.
fn left(st: &State, tx: &EmuTransaction) -> i64 {
    let pending: i64 = st
        .refunds
        .iter()
        .filter(|r| r.gateway_ref == tx.gateway_ref && r.status == EmuRefundStatus::Pending)
        .map(|r| r.amount)
        .sum();
    tx.paid_amount.unwrap_or(tx.amount) - tx.reversed_amount - pending
}

/// Money back on the transaction: `refund`/`partial_refund` (or chargeback) by the total.
pub(crate) fn apply_reversal(
    tx: &mut EmuTransaction,
    amount: i64,
    chargeback: bool,
    now: DateTime<Utc>,
) {
    let paid = tx.paid_amount.unwrap_or(tx.amount);
    tx.reversed_amount += amount;
    tx.reversed_at = Some(now);
    let full = tx.reversed_amount >= paid;
    tx.status = match (chargeback, full) {
        (false, true) => EmuStatus::Refund,
        (false, false) => EmuStatus::PartialRefund,
        (true, true) => EmuStatus::Chargeback,
        (true, false) => EmuStatus::PartialChargeback,
    };
}

/// Asks for a refund: the existing one for a known `refund_key` (`true`: replayed), else a
/// new one after the gateway's checks.
pub(crate) fn ask_refund(
    st: &mut State,
    ask: Ask<'_>,
    now: DateTime<Utc>,
) -> std::result::Result<(EmuRefund, bool), Refusal> {
    let idx = tx_idx(st, ask.provider, ask.tx_id).ok_or(Refusal::NotFound)?;
    st.txs[idx].refresh(now);
    let tx = st.txs[idx].clone();
    if let Some(r) = st
        .refunds
        .iter()
        .find(|r| r.gateway_ref == tx.gateway_ref && r.refund_key == ask.refund_key)
    {
        return if ask.amount.is_none_or(|a| a == r.amount) {
            Ok((r.clone(), true))
        } else {
            Err(Refusal::KeyReused)
        };
    }
    if !matches!(
        tx.status,
        EmuStatus::Settlement | EmuStatus::PartialRefund | EmuStatus::Refund
    ) {
        return Err(Refusal::NotSettled);
    }
    if ask.refused || tx.issuer.is_some_and(|i| !issuer_supports_refund(i)) {
        return Err(Refusal::IssuerUnsupported);
    }
    let left = left(st, &tx);
    let amount = ask.amount.unwrap_or(left);
    if amount <= 0 || amount > left {
        return Err(Refusal::OverAmount);
    }
    let chargeback_id = st
        .refunds
        .iter()
        .filter(|r| r.gateway_ref == tx.gateway_ref)
        .count() as u32
        + 1;
    let id = match ask.provider {
        ProviderKind::Midtrans => uuid::Uuid::new_v4().to_string(),
        ProviderKind::Xendit => format!("rfd-{}", uuid::Uuid::new_v4()),
    };
    let r = EmuRefund {
        id,
        chargeback_id,
        provider: ask.provider,
        order_id: tx.order_id.clone(),
        gateway_ref: tx.gateway_ref.clone(),
        refund_key: ask.refund_key.to_string(),
        idempotency_key: ask.idempotency_key.map(str::to_string),
        amount,
        reason: ask.reason.to_string(),
        status: if ask.pending.is_some() {
            EmuRefundStatus::Pending
        } else {
            EmuRefundStatus::Succeeded
        },
        failure_code: None,
        created_at: now,
        updated_at: now,
        pending_checks: ask.pending.unwrap_or(0),
        by_gateway: false,
    };
    if r.status == EmuRefundStatus::Succeeded {
        apply_reversal(&mut st.txs[idx], amount, false, now);
    }
    st.refunds.push(r.clone());
    Ok((r, false))
}

/// The gateway refunds on its own (`/_emulator/refund`): a succeeded refund record too.
pub(crate) fn record_gateway_refund(
    st: &mut State,
    tx: &EmuTransaction,
    amount: i64,
    now: DateTime<Utc>,
) {
    let chargeback_id = st
        .refunds
        .iter()
        .filter(|r| r.gateway_ref == tx.gateway_ref)
        .count() as u32
        + 1;
    let id = match tx.provider {
        ProviderKind::Midtrans => uuid::Uuid::new_v4().to_string(),
        ProviderKind::Xendit => format!("rfd-{}", uuid::Uuid::new_v4()),
    };
    st.refunds.push(EmuRefund {
        id,
        chargeback_id,
        provider: tx.provider,
        order_id: tx.order_id.clone(),
        gateway_ref: tx.gateway_ref.clone(),
        refund_key: format!("gateway-{chargeback_id}"),
        idempotency_key: None,
        amount,
        reason: "refund by the gateway".into(),
        status: EmuRefundStatus::Succeeded,
        failure_code: None,
        created_at: now,
        updated_at: now,
        pending_checks: 0,
        by_gateway: true,
    });
}

/// What `refunds` may still reverse of `tx` (pending refunds count as spent).
pub(crate) fn refundable(st: &State, tx: &EmuTransaction) -> i64 {
    left(st, tx)
}

fn finish(st: &mut State, ri: usize, ok: bool, code: Option<String>, now: DateTime<Utc>) {
    let r = &mut st.refunds[ri];
    r.updated_at = now;
    if ok {
        r.status = EmuRefundStatus::Succeeded;
        let (gref, amount) = (r.gateway_ref.clone(), r.amount);
        if let Some(tx) = st.txs.iter_mut().find(|t| t.gateway_ref == gref) {
            apply_reversal(tx, amount, false, now);
        }
    } else {
        r.status = EmuRefundStatus::Failed;
        r.failure_code = Some(code.unwrap_or_else(|| "REFUND_FAILED".into()));
    }
}

/// Completes (`ok`) or fails a pending refund named by its id or its `refund_key`.
pub(crate) fn settle_refund(
    st: &mut State,
    id: &str,
    ok: bool,
    failure_code: Option<String>,
    now: DateTime<Utc>,
) -> Result<EmuRefund> {
    let ri = st
        .refunds
        .iter()
        .position(|r| r.id == id)
        .or_else(|| st.refunds.iter().rposition(|r| r.refund_key == id))
        .ok_or(EmulatorError::NotFound)?;
    if st.refunds[ri].status != EmuRefundStatus::Pending {
        return Err(EmulatorError::Refused(
            "hanya pengembalian yang masih pending yang bisa diselesaikan".into(),
        ));
    }
    finish(st, ri, ok, failure_code, now);
    Ok(st.refunds[ri].clone())
}

/// A status check of the transaction `gateway_ref` (or of one refund, `refund_id`): pending
/// refunds counting down their checks complete when they reach zero.
pub(crate) fn status_checked(
    st: &mut State,
    gateway_ref: Option<&str>,
    refund_id: Option<&str>,
    now: DateTime<Utc>,
) {
    let due: Vec<usize> = st
        .refunds
        .iter_mut()
        .enumerate()
        .filter(|(_, r)| {
            r.status == EmuRefundStatus::Pending
                && r.pending_checks > 0
                && (gateway_ref == Some(r.gateway_ref.as_str()) || refund_id == Some(r.id.as_str()))
        })
        .filter_map(|(i, r)| {
            r.pending_checks -= 1;
            (r.pending_checks == 0).then_some(i)
        })
        .collect();
    for i in due {
        finish(st, i, true, None, now);
    }
}

//! The emulator's memory: its transactions (Midtrans vocabulary for their states), the faults
//! waiting to fire, and the idempotency keys each gateway remembers. The customer's actions
//! (pay, and the gateway's own expiry) are applied here. Every "now" is passed in; nothing here
//! reads a clock or knows HTTP.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kasir_gateway::ProviderKind;
use kasir_shared::Issuer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{EmulatorError, Result};
use crate::faults::{consume, Fault, FaultKind};

/// State of an emulated transaction (Midtrans vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmuStatus {
    Pending,
    Settlement,
    Expire,
    Cancel,
    /// Settled, then (part of) the money went back: Midtrans `refund` / `partial_refund`.
    Refund,
    PartialRefund,
    /// Settled, then the payer's bank took it back: `chargeback` / `partial_chargeback`.
    Chargeback,
    PartialChargeback,
}

impl EmuStatus {
    /// Midtrans `transaction_status` word.
    pub fn midtrans_word(self) -> &'static str {
        match self {
            EmuStatus::Pending => "pending",
            EmuStatus::Settlement => "settlement",
            EmuStatus::Expire => "expire",
            EmuStatus::Cancel => "cancel",
            EmuStatus::Refund => "refund",
            EmuStatus::PartialRefund => "partial_refund",
            EmuStatus::Chargeback => "chargeback",
            EmuStatus::PartialChargeback => "partial_chargeback",
        }
    }

    pub(crate) fn is_settled(self) -> bool {
        !matches!(
            self,
            EmuStatus::Pending | EmuStatus::Expire | EmuStatus::Cancel
        )
    }
}

/// Snapshot of one emulated transaction, for tests and the demo panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmuTransaction {
    pub provider: ProviderKind,
    pub order_id: String,
    /// Midtrans `transaction_id` / Xendit `payment_request_id`.
    pub gateway_ref: String,
    pub amount: i64,
    /// Amount the payer actually paid when different from `amount` (simulated fraud/bug).
    pub paid_amount: Option<i64>,
    pub status: EmuStatus,
    pub qr_string: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    /// The payer's app, as its `kasir_shared::issuers` id in JSON (`"shopeepay"`).
    #[serde(with = "issuer_as_id")]
    pub issuer: Option<Issuer>,
    /// Settled after it had expired or been cancelled (late-settlement fault).
    pub late_settlement: bool,
    /// A payment is in flight: the transaction stays pending past its expiry and refuses
    /// expire/cancel (Midtrans 412, Xendit 400) until `pay` settles it.
    #[serde(default)]
    pub in_flight: bool,
    /// Money taken back after settlement (refund/chargeback), total so far.
    #[serde(default)]
    pub reversed_amount: i64,
    #[serde(default)]
    pub reversed_at: Option<DateTime<Utc>>,
}

impl EmuTransaction {
    pub(crate) fn refresh(&mut self, now: DateTime<Utc>) {
        if self.status == EmuStatus::Pending && !self.in_flight && now >= self.expires_at {
            self.status = EmuStatus::Expire;
        }
    }

    pub(crate) fn reported_amount(&self, delta: i64) -> i64 {
        self.paid_amount
            .unwrap_or(self.amount)
            .saturating_add(delta)
    }
}

/// `Option<Issuer>` as the shared issuer id, so snapshots speak the same ids as the database.
mod issuer_as_id {
    use kasir_shared::Issuer;
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Issuer>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(i) => s.serialize_some(i.id()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Issuer>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(raw) => Issuer::parse(&raw)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("unknown issuer {raw:?}"))),
        }
    }
}

/// A remembered Midtrans charge: request body, when, original reply.
pub(crate) type MidtransIdem = (Value, DateTime<Utc>, Reply);

/// An HTTP status and JSON body.
pub(crate) type Reply = (u16, Value);

#[derive(Debug, Default)]
pub(crate) struct State {
    pub txs: Vec<EmuTransaction>,
    pub faults: Vec<Fault>,
    /// Midtrans `Idempotency-Key` → (request body, when, original reply). A replay must carry
    /// the same body and come within 5 minutes, as Midtrans keeps keys that long.
    pub midtrans_idem: HashMap<String, MidtransIdem>,
    /// Xendit `Idempotency-key` → original (HTTP status, reply).
    pub xendit_idem: HashMap<String, Reply>,
    /// Gateway API requests received (control API excluded), with the emulator's time.
    pub requests: Vec<DateTime<Utc>>,
    /// The same requests as `METHOD /path` (no query, no headers), in order.
    pub request_log: Vec<String>,
    /// Refunds asked through the APIs or made by the gateway, oldest first.
    pub refunds: Vec<crate::refunds::EmuRefund>,
    /// Xendit `Idempotency-key` of `POST /refunds` → original (HTTP status, reply).
    pub xendit_refund_idem: HashMap<String, Reply>,
}

impl State {
    /// Applies expiry as of `now` to every transaction.
    pub fn refresh_all(&mut self, now: DateTime<Utc>) {
        self.txs.iter_mut().for_each(|t| t.refresh(now));
    }
}

/// By gateway ref first, then the latest with this order id.
pub(crate) fn find_idx(st: &State, id: &str, provider: Option<ProviderKind>) -> Option<usize> {
    let ok = |t: &EmuTransaction| provider.is_none_or(|p| t.provider == p);
    st.txs
        .iter()
        .position(|t| ok(t) && t.gateway_ref == id)
        .or_else(|| st.txs.iter().rposition(|t| ok(t) && t.order_id == id))
}

pub(crate) fn pay_locked(
    st: &mut State,
    id: &str,
    issuer: Issuer,
    amount_override: Option<i64>,
    now: DateTime<Utc>,
) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(EmulatorError::NotFound)?;
    st.txs[idx].refresh(now);
    let late = match st.txs[idx].status {
        EmuStatus::Pending => false,
        s if s.is_settled() => {
            return Err(EmulatorError::Refused("transaksi sudah dibayar".into()))
        }
        _ => {
            let pos = st
                .faults
                .iter()
                .position(|f| f.kind == FaultKind::LateSettlement);
            match pos {
                Some(p) => {
                    consume(&mut st.faults, p);
                    true
                }
                None => {
                    return Err(EmulatorError::Refused(
                        "transaksi sudah kedaluwarsa atau dibatalkan".into(),
                    ))
                }
            }
        }
    };
    let tx = &mut st.txs[idx];
    tx.status = EmuStatus::Settlement;
    tx.paid_at = Some(now);
    tx.issuer = Some(issuer);
    tx.paid_amount = amount_override.filter(|a| *a != tx.amount);
    tx.late_settlement = late;
    tx.in_flight = false;
    Ok(tx.clone())
}

/// A payment is in flight on this pending transaction: it will not expire by itself and
/// refuses expire/cancel until it is paid.
pub(crate) fn hold_in_flight_locked(
    st: &mut State,
    id: &str,
    now: DateTime<Utc>,
) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(EmulatorError::NotFound)?;
    let tx = &mut st.txs[idx];
    tx.refresh(now);
    if tx.status != EmuStatus::Pending {
        return Err(EmulatorError::Refused(
            "hanya transaksi pending yang bisa ditahan".into(),
        ));
    }
    tx.in_flight = true;
    Ok(tx.clone())
}

/// Refund (`chargeback = false`) or chargeback `amount` of a settled transaction; `None` =
/// the rest of it. Partial when something is left.
pub(crate) fn reverse_locked(
    st: &mut State,
    id: &str,
    amount: Option<i64>,
    chargeback: bool,
    now: DateTime<Utc>,
) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(EmulatorError::NotFound)?;
    let tx = &mut st.txs[idx];
    if !tx.status.is_settled() {
        return Err(EmulatorError::Refused(
            "hanya transaksi yang sudah dibayar yang bisa direfund".into(),
        ));
    }
    let snapshot = tx.clone();
    let left = crate::refunds::refundable(st, &snapshot);
    let amount = amount.unwrap_or(left);
    if amount <= 0 || amount > left {
        return Err(EmulatorError::Refused("nominal refund tidak valid".into()));
    }
    if !chargeback {
        crate::refunds::record_gateway_refund(st, &snapshot, amount, now);
    }
    let tx = &mut st.txs[idx];
    crate::refunds::apply_reversal(tx, amount, chargeback, now);
    Ok(tx.clone())
}

pub(crate) fn expire_locked(
    st: &mut State,
    id: &str,
    now: DateTime<Utc>,
) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(EmulatorError::NotFound)?;
    let tx = &mut st.txs[idx];
    tx.refresh(now);
    if tx.status != EmuStatus::Pending {
        return Err(EmulatorError::Refused(
            "hanya transaksi pending yang bisa dikedaluwarsakan".into(),
        ));
    }
    tx.status = EmuStatus::Expire;
    Ok(tx.clone())
}

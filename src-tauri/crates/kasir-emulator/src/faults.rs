//! Fault injection: what can go wrong (latency, hang, a status, broken JSON, a dropped
//! connection, a wrong amount, a bad signature, a late settlement, a refused or pending
//! refund), which requests it targets,
//! and how many times it fires. Pure data and bookkeeping; the server applies them.

use serde::{Deserialize, Serialize};

use crate::state::State;

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultTarget {
    #[default]
    Any,
    Charge,
    Status,
    Cancel,
    Expire,
    /// A refund request (Midtrans direct refund, Xendit `POST /refunds`).
    Refund,
}

fn default_delta() -> i64 {
    1000
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer after `ms` milliseconds.
    Latency { ms: u64 },
    /// Process the request, then never answer (client times out).
    Hang,
    /// Answer with this HTTP status (500, 503, 429, ...) without processing the request.
    Status { status: u16 },
    /// Process the request, answer 200 with a broken JSON body.
    MalformedJson,
    /// Process the request, then close the socket without any reply.
    DropConnection,
    /// Status replies report the amount plus `delta` (signature stays valid).
    WrongAmount {
        #[serde(default = "default_delta")]
        delta: i64,
    },
    /// Midtrans status replies carry a wrong `signature_key`.
    BadSignature,
    /// The next `pay` on an expired/cancelled transaction settles it anyway.
    LateSettlement,
    /// Midtrans charge: answer HTTP 202 "still being processed" (the charge itself is made on
    /// the request that gets through, so a replay with the same key finds it).
    StillProcessing,
    /// Midtrans charge replies leave out `qr_string` (as the newest reference example does):
    /// the QR is only behind the `generate-qr-code` action URL.
    NoQrString,
    /// Answer 400 with the request's headers echoed in the message, as a misconfigured proxy
    /// or a wrong base URL does (`Authorization` included).
    EchoHeaders,
    /// The next refund request is refused as the payer's app not supporting refunds
    /// (Midtrans 412, Xendit 400 `REFUND_NOT_SUPPORTED`). Applies to refund requests only.
    RefundRefused,
    /// The next refund is accepted but stays pending: for `checks` status checks (of its
    /// transaction or of the refund), or with `checks: 0` until `POST /_emulator/
    /// refund_complete` / `refund_fail`. Applies to refund requests only.
    RefundPending {
        #[serde(default)]
        checks: u32,
    },
}

impl FaultKind {
    /// Faults that only a refund request consumes.
    fn refund_only(&self) -> bool {
        matches!(
            self,
            FaultKind::RefundRefused | FaultKind::RefundPending { .. }
        )
    }
}

fn one() -> u32 {
    1
}

/// A fault applied to the next `times` matching requests (`0` = until cleared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default)]
    pub target: FaultTarget,
    #[serde(default = "one")]
    pub times: u32,
}

impl Fault {
    pub fn once(kind: FaultKind, target: FaultTarget) -> Self {
        Self {
            kind,
            target,
            times: 1,
        }
    }
    pub fn times(kind: FaultKind, target: FaultTarget, times: u32) -> Self {
        Self {
            kind,
            target,
            times,
        }
    }
}

pub(crate) fn consume(faults: &mut Vec<Fault>, idx: usize) {
    if faults[idx].times == 1 {
        faults.remove(idx);
    } else if faults[idx].times > 1 {
        faults[idx].times -= 1;
    }
}

/// Takes the per-request faults matching `target` (each used once).
pub(crate) fn take_faults(st: &mut State, target: FaultTarget) -> Vec<FaultKind> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < st.faults.len() {
        let f = &st.faults[i];
        let matches = f.kind != FaultKind::LateSettlement
            && (!f.kind.refund_only() || target == FaultTarget::Refund)
            && (f.target == FaultTarget::Any || f.target == target);
        if matches {
            out.push(f.kind.clone());
            let before = st.faults.len();
            consume(&mut st.faults, i);
            if st.faults.len() < before {
                continue;
            }
        }
        i += 1;
    }
    out
}

/// How the faults of one request change its reply.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tweaks {
    pub amount_delta: i64,
    pub bad_signature: bool,
    pub still_processing: bool,
    pub no_qr_string: bool,
    pub refund_refused: bool,
    /// `Some(checks)`: the refund stays pending.
    pub refund_pending: Option<u32>,
}

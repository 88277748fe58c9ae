//! The QRIS payment state machine.
//!
//! generate → (customer pays) → check → verify → finalise once. Every state change is a
//! `kasir-core` transaction; the attempt row exists before the gateway is called; a charge
//! whose reply was lost is recovered through the gateway (same order id), never charged
//! blindly again; nothing becomes paid unless the gateway's report passes `verify` against the
//! amount stored locally.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};
use kasir_core::{
    AttemptStatus, CartLineInput, NewAttempt, Order, PaymentAttempt, PaymentReversal, ReversalKind,
    Store,
};
use kasir_core::{CoreError, RefundOutcome};
use kasir_gateway::{
    charge_or_recover, verify, ChargeItem, ChargeRequest, Gateway, GatewayError, PaymentStatus,
    ProviderKind, SignatureCheck, StatusReport, MAX_QRIS_AMOUNT,
};

use crate::error::{PaymentError, Result};
use crate::qr::render_svg;
use crate::types::QrPayment;
use kasir_core::PaymentState;

pub use kasir_core::time::Clock;

/// How long after creation a closed attempt is still asked about (late settlements).
pub const RECHECK_WINDOW_HOURS: i64 = 48;
/// How often a closed attempt is asked about in its first hour.
pub const RECHECK_CLOSED_MINUTES: i64 = 5;
/// How often a closed attempt older than an hour is asked about (budget, item 7).
pub const RECHECK_CLOSED_LATER_MINUTES: i64 = 30;
/// How long after payment a paid attempt is re-checked for refunds and chargebacks.
pub const RECHECK_PAID_DAYS: i64 = 7;
/// How often a paid attempt is re-checked.
pub const RECHECK_PAID_HOURS: i64 = 6;
/// The worker asks about an open attempt at most this often (the window polls faster while
/// it is on screen; the worker skips what the window checked recently).
pub const WORKER_OPEN_EVERY_SECONDS: i64 = 15;
/// Background checks per minute, whatever the backlog (each is 1–3 requests). With two tills
/// this stays well inside Xendit's test-mode limit of 60 requests per minute per endpoint.
pub const BACKGROUND_CHECKS_PER_MINUTE: u32 = 6;
/// A clock difference with the gateway above this is shown to the cashier.
pub const CLOCK_SKEW_WARN_SECONDS: i64 = 120;

/// The worker's request budget: at most `BACKGROUND_CHECKS_PER_MINUTE` per minute window.
#[derive(Debug)]
struct Budget {
    window_start: Option<DateTime<Utc>>,
    used: u32,
}

impl Budget {
    fn take(&mut self, now: DateTime<Utc>) -> bool {
        let fresh = self
            .window_start
            .is_none_or(|s| now - s >= Duration::minutes(1) || now < s);
        if fresh {
            self.window_start = Some(now);
            self.used = 0;
        }
        if self.used >= BACKGROUND_CHECKS_PER_MINUTE {
            return false;
        }
        self.used += 1;
        true
    }
}

pub struct PaymentService {
    store: Arc<Store>,
    gateway: Arc<dyn Gateway>,
    provider: String,
    expiry_minutes: u32,
    poll_seconds: u32,
    clock: Clock,
    /// One charge at a time: a double click waits and then gets the same attempt back.
    charge_lock: tokio::sync::Mutex<()>,
    /// One status conversation at a time: UI polling and the worker never overlap.
    check_lock: tokio::sync::Mutex<()>,
    budget: Mutex<Budget>,
}

/// What is stored in `last_error` and logged: the typed kind and the cashier message. Gateway
/// text inside it was redacted by the client (key, base64 of it, Authorization values).
/// The gateway's refund report as the store records it.
fn refund_outcome(report: &kasir_gateway::RefundReport) -> RefundOutcome {
    match report.status {
        kasir_gateway::RefundStatus::Succeeded => RefundOutcome::Succeeded {
            gateway_refund_id: report.gateway_refund_id.clone(),
        },
        kasir_gateway::RefundStatus::Pending => RefundOutcome::Pending {
            gateway_refund_id: report.gateway_refund_id.clone(),
        },
        kasir_gateway::RefundStatus::Failed => RefundOutcome::Failed {
            reason: report
                .failure_reason
                .clone()
                .unwrap_or_else(|| "Gateway gagal mengembalikan dana.".into()),
        },
    }
}

/// A gateway error that certainly ends the refund (refused, rejected, wrong request) with the
/// reason for the cashier; `None` when it may still have happened (connection, timeout, 5xx).
fn refund_failure(e: &GatewayError) -> Option<String> {
    match e {
        GatewayError::RefundRefused { .. }
        | GatewayError::Rejected { .. }
        | GatewayError::NotFound
        | GatewayError::InvalidRequest(_)
        | GatewayError::Config(_) => Some(e.message_id()),
        _ => None,
    }
}

fn error_note(e: &GatewayError) -> String {
    format!("{}: {}", e.kind(), e.message_id())
}

/// The gateway would not change the status (Midtrans 412 "Merchant cannot modify the status
/// of the transaction", Xendit 400 INVALID_PAYMENT_REQUEST_STATUS / 409) or did not find it
/// (404): on a pending QR that means a payment is in flight.
fn refused_change(e: &GatewayError) -> bool {
    matches!(
        e,
        GatewayError::NotFound
            | GatewayError::Rejected {
                http_status: 400 | 409 | 412,
                ..
            }
    )
}

fn reversal_kind(report: &StatusReport) -> Option<ReversalKind> {
    let partial = report.reversal.as_ref().is_some_and(|r| r.partial);
    Some(match (report.status, partial) {
        (PaymentStatus::Refunded, false) => ReversalKind::Refund,
        (PaymentStatus::Refunded, true) => ReversalKind::PartialRefund,
        (PaymentStatus::Chargeback, false) => ReversalKind::Chargeback,
        (PaymentStatus::Chargeback, true) => ReversalKind::PartialChargeback,
        _ => return None,
    })
}

/// What `kasir-cli qris status --refresh` prints: the attempt and any refund/chargeback.
#[derive(Debug, Clone)]
pub struct Refreshed {
    pub state: PaymentState,
    pub reversals: Vec<PaymentReversal>,
}

impl PaymentService {
    pub fn new(
        store: Arc<Store>,
        gateway: Arc<dyn Gateway>,
        provider: &str,
        expiry_minutes: u32,
        poll_seconds: u32,
        clock: Clock,
    ) -> Self {
        PaymentService {
            store,
            gateway,
            provider: provider.to_string(),
            expiry_minutes,
            poll_seconds,
            clock,
            charge_lock: tokio::sync::Mutex::new(()),
            check_lock: tokio::sync::Mutex::new(()),
            budget: Mutex::new(Budget {
                window_start: None,
                used: 0,
            }),
        }
    }

    /// Gateway clock − this PC's clock in whole seconds, when it exceeds
    /// [`CLOCK_SKEW_WARN_SECONDS`] ("Jam komputer selisih N menit dengan server pembayaran");
    /// `None` when close enough or not measured yet.
    pub fn clock_skew_seconds(&self) -> Option<i64> {
        let skew = self.gateway.clock_skew()?.num_seconds();
        (skew.abs() > CLOCK_SKEW_WARN_SECONDS).then_some(skew)
    }

    pub fn provider(&self) -> &str {
        &self.provider
    }

    pub fn poll_seconds(&self) -> u32 {
        self.poll_seconds
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The attempt as the window sees it (every change is also announced on the store's
    /// change feed by `kasir-core`).
    pub fn state_of(attempt: &PaymentAttempt) -> PaymentState {
        attempt.state()
    }

    fn state(&self, id: &str) -> Result<PaymentState> {
        Ok(Self::state_of(&self.store.attempt(id)?))
    }

    /// Store the cart as an order awaiting payment and show its QR.
    /// The QR charges exactly the non-cash rounded total of the stored order.
    pub async fn start_qris(
        &self,
        lines: &[CartLineInput],
        options: &kasir_core::CartOptions,
    ) -> Result<QrPayment> {
        // Priced once, by the store; an amount outside the QRIS range writes no order.
        let order = self
            .store
            .create_awaiting_order(lines, options, self.now())?;
        self.qr_for_new_order(order.id).await
    }

    /// Charge an open bill by QRIS: its lines become an order awaiting payment (priced now,
    /// unsent lines sent to the kitchen) and its QR is shown. A failure releases the order and
    /// leaves the bill open.
    pub async fn start_bill_qris(
        &self,
        bill_id: i64,
        options: &kasir_core::CartOptions,
    ) -> Result<QrPayment> {
        let order = self
            .store
            .create_awaiting_order_for_bill(bill_id, options, self.now())?;
        self.qr_for_new_order(order.id).await
    }

    /// The QR of an order just stored; if none reaches the customer the order is released.
    async fn qr_for_new_order(&self, order_id: i64) -> Result<QrPayment> {
        match self.generate_payment_qr(order_id).await {
            Ok(qr) => Ok(qr),
            Err(e) => {
                // No QR reached the customer: the cart goes back to the cashier and this order
                // is closed. Should the gateway have taken the charge after all, the worker
                // still finds the attempt and a settlement still pays the order (flagged late).
                self.store.cancel_awaiting_order(order_id)?;
                Err(e)
            }
        }
    }

    /// The QR for an order: the live attempt if there is one (double-click safe), otherwise a
    /// new charge for what the order has due (its stored total, or the rest of a split order).
    pub async fn generate_payment_qr(&self, order_id: i64) -> Result<QrPayment> {
        self.qr_for(order_id, None).await
    }

    /// The QR for one part of a split order, its amount computed by `plan` from what is due.
    pub async fn generate_part_qr(
        &self,
        order_id: i64,
        plan: &kasir_core::PartPlan,
    ) -> Result<QrPayment> {
        let part = self.store.part_amount(order_id, plan)?;
        self.qr_for(order_id, Some(part)).await
    }

    async fn qr_for(&self, order_id: i64, part: Option<i64>) -> Result<QrPayment> {
        let _one_at_a_time = self.charge_lock.lock().await;
        // At most one retry: a stale attempt the gateway refuses to replay is closed and a
        // fresh one is made.
        for _ in 0..2 {
            let now = self.now();
            let order = self.store.order(order_id)?;
            check_amount(part.unwrap_or(order.due))?;
            let attempt_id = uuid::Uuid::new_v4().simple().to_string();
            let gateway_order_id = format!("KA-{}-{}", order.number, &attempt_id[..8]);
            let new = NewAttempt {
                id: &attempt_id,
                gateway_order_id: &gateway_order_id,
                provider: &self.provider,
            };
            let (attempt, _created) = match part {
                Some(amount) => self.store.begin_part_attempt(order.id, new, amount, now)?,
                None => self.store.begin_attempt(order.id, new, now)?,
            };
            match attempt.status {
                AttemptStatus::Pending => return self.qr_payment(&order, &attempt).await,
                AttemptStatus::Creating => {}
                _ => {
                    return Err(PaymentError::Validation(
                        "Status pembayaran tidak terduga; coba lagi.".into(),
                    ))
                }
            }
            match self.charge(&order, &attempt).await? {
                Some(qr) => return Ok(qr),
                None => continue,
            }
        }
        Err(PaymentError::Validation(
            "QR tidak dapat dibuat setelah dua percobaan. Coba Lagi.".into(),
        ))
    }

    /// Charge one `creating` attempt. `Ok(None)` = the attempt was closed, make a new one.
    async fn charge(&self, order: &Order, attempt: &PaymentAttempt) -> Result<Option<QrPayment>> {
        let attempt = &self.with_charge_expiry(attempt).await?;
        let req = charge_request(order, attempt, self.expiry_minutes);
        let result = charge_or_recover(self.gateway.as_ref(), &req).await;
        let now = self.now();
        let charge = match result {
            Ok(c) => c,
            Err(GatewayError::Duplicate)
                if attempt.gateway_ref.is_none() && self.gateway.kind() == ProviderKind::Xendit =>
            {
                // Xendit knows the reference_id but would not replay the reply, and without
                // its payment_request_id it cannot be looked up: this attempt can never be
                // resolved. The customer never saw its QR. End it now, clearly.
                return Err(self.unresolvable(attempt, now)?);
            }
            Err(GatewayError::Duplicate) => {
                // The gateway knows this order id but will not replay the reply: settle it.
                let report = self
                    .gateway
                    .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                    .await?;
                if report.status == PaymentStatus::Paid {
                    self.apply_report(attempt, &report).await?;
                    return Ok(Some(
                        self.qr_payment(order, &self.store.attempt(&attempt.id)?)
                            .await?,
                    ));
                }
                let _ = self
                    .gateway
                    .cancel(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                    .await;
                self.store.close_attempt(
                    &attempt.id,
                    AttemptStatus::Cancelled,
                    "duplicate",
                    now,
                )?;
                return Ok(None);
            }
            Err(e) => {
                // Keep `creating` when the gateway may have acted: the worker settles it.
                self.store.record_attempt_error(
                    &attempt.id,
                    &error_note(&e),
                    !e.may_have_reached_gateway(),
                    now,
                )?;
                return Err(e.into());
            }
        };
        if charge.amount != attempt.amount {
            let note = format!(
                "Nominal charge {} tidak sama dengan total pesanan {}",
                charge.amount, attempt.amount
            );
            self.store.flag_anomaly(&attempt.id, &note, now)?;
            let _ = self
                .gateway
                .cancel(&charge.order_id, Some(&charge.gateway_ref))
                .await;
            self.store
                .close_attempt(&attempt.id, AttemptStatus::Failed, "amount_mismatch", now)?;
            return Err(GatewayError::AmountMismatch {
                expected: attempt.amount,
                got: charge.amount,
            }
            .into());
        }
        if charge.status == PaymentStatus::Paid {
            // Recovered a charge that was already paid (charge_or_recover verified it).
            self.store
                .record_charge(&attempt.id, &charge.gateway_ref, None, None, now, now)?;
            let report = self
                .gateway
                .status(&attempt.gateway_order_id, Some(&charge.gateway_ref))
                .await?;
            self.apply_report(&self.store.attempt(&attempt.id)?, &report)
                .await?;
            return Ok(Some(
                self.qr_payment(order, &self.store.attempt(&attempt.id)?)
                    .await?,
            ));
        }
        if charge.qr_string.is_none() && charge.qr_image_url.is_none() {
            let e = GatewayError::InvalidResponse("charge reply has no QR".into());
            self.store
                .record_attempt_error(&attempt.id, &error_note(&e), false, now)?;
            let _ = self
                .gateway
                .cancel(&charge.order_id, Some(&charge.gateway_ref))
                .await;
            self.store
                .close_attempt(&attempt.id, AttemptStatus::Failed, "no_qr", now)?;
            return Err(e.into());
        }
        // The QR's life by the gateway's own clock, applied to the instant its reply arrived
        // here: a till whose clock is hours off still shows the full countdown.
        let ours = Duration::minutes(i64::from(self.expiry_minutes));
        let life = charge.lifetime.map_or(ours, |l| l.min(ours));
        let expires_at = now + life;
        let stored = self.store.record_charge(
            &attempt.id,
            &charge.gateway_ref,
            charge.qr_string.as_deref(),
            charge.qr_image_url.as_deref(),
            expires_at,
            now,
        )?;
        Ok(Some(self.qr_payment(order, &stored).await?))
    }

    /// Fix, once per attempt, the QR end sent in a create body (on the gateway's clock: our
    /// clock + the skew its `Date` header showed), so every re-send is the same body.
    async fn with_charge_expiry(&self, attempt: &PaymentAttempt) -> Result<PaymentAttempt> {
        if attempt.charge_expires_at.is_some() {
            return Ok(attempt.clone());
        }
        if self.gateway.clock_skew().is_none() && self.gateway.kind() == ProviderKind::Xendit {
            // Xendit is sent an absolute expiry: learn its clock first from the `Date` of a
            // harmless lookup (an id that cannot exist), once per run.
            let _ = self.gateway.status("KA-jam", Some("pr-kasir-jam")).await;
        }
        let skew = self.gateway.clock_skew().unwrap_or_else(Duration::zero);
        let end = attempt.created_at + skew + Duration::minutes(i64::from(self.expiry_minutes));
        let end = end.duration_trunc(Duration::seconds(1)).unwrap_or(end);
        Ok(self.store.fix_charge_expiry(&attempt.id, end)?)
    }

    /// End a `creating` attempt that can never be resolved at the gateway as failed, with a
    /// clear message, and release its order if nothing else is live.
    fn unresolvable(&self, attempt: &PaymentAttempt, now: DateTime<Utc>) -> Result<PaymentError> {
        let message = "QR tidak dapat dipastikan di gateway pembayaran (nomor transaksi sudah \
                       dipakai, jawabannya hilang). Transaksi ini dihentikan; buat QR baru."
            .to_string();
        self.store.record_attempt_error(
            &attempt.id,
            &format!("gateway_duplicate: {message}"),
            true,
            now,
        )?;
        self.release_order_if_idle(attempt.order_id)?;
        Ok(PaymentError::Validation(message))
    }

    /// Cancel the order of a closed, unpaid attempt when no other attempt is live or in flight.
    fn release_order_if_idle(&self, order_id: i64) -> Result<()> {
        let now = self.now();
        let busy = self.store.attempts_for_order(order_id)?.iter().any(|a| {
            a.status == AttemptStatus::Paid
                || (a.status.is_open()
                    && (a.processing_since.is_some() || a.expires_at.is_none_or(|t| t > now)))
        });
        if !busy {
            self.store.cancel_awaiting_order(order_id)?;
        }
        Ok(())
    }

    /// The QR image as a data URL, fetched by Rust (the window's CSP allows no remote images).
    async fn image_data_url(&self, url: &str) -> Option<String> {
        use base64::Engine as _;
        match self.gateway.qr_image(url).await {
            Ok(img) => Some(format!(
                "data:{};base64,{}",
                img.content_type,
                base64::engine::general_purpose::STANDARD.encode(img.bytes)
            )),
            Err(e) => {
                tracing::warn!(target: "payment", kind = %e.kind(), "gambar QR tidak dapat diambil");
                None
            }
        }
    }

    async fn qr_payment(&self, order: &Order, attempt: &PaymentAttempt) -> Result<QrPayment> {
        let qr_svg = attempt.qr_string.as_deref().map(render_svg).transpose()?;
        let qr_image_data_url = match (&qr_svg, attempt.qr_image_url.as_deref()) {
            (None, Some(url)) => self.image_data_url(url).await,
            _ => None,
        };
        let expires_in_ms = attempt
            .expires_at
            .map_or(0, |t| (t - self.now()).num_milliseconds().max(0));
        Ok(QrPayment {
            attempt_id: attempt.id.clone(),
            order_id: order.id,
            order_number: order.number.clone(),
            qr_svg,
            qr_image_url: attempt.qr_image_url.clone(),
            qr_image_data_url,
            expires_in_ms,
            amount: attempt.amount,
            expires_at: attempt.expires_at.map_or(0, |t| t.timestamp_millis()),
            provider: self.provider.clone(),
            merchant_name: self.store.shop_profile()?.name,
            status: attempt.status,
        })
    }

    /// Ask the gateway, verify, and finalise on paid. Idempotent; a paid attempt is answered
    /// from the database without calling the gateway.
    pub async fn check_payment_status(&self, attempt_id: &str) -> Result<PaymentState> {
        let _one_at_a_time = self.check_lock.lock().await;
        self.check_locked(attempt_id).await
    }

    async fn check_locked(&self, attempt_id: &str) -> Result<PaymentState> {
        let attempt = self.store.attempt(attempt_id)?;
        if matches!(attempt.status, AttemptStatus::Paid | AttemptStatus::Failed) {
            return Ok(Self::state_of(&attempt));
        }
        let now = self.now();
        let report = match self
            .gateway
            .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
            .await
        {
            Ok(r) => r,
            Err(GatewayError::NotFound) if attempt.status == AttemptStatus::Creating => {
                // Never reached the gateway; the charge path or the worker decides.
                self.store.touch_attempt(attempt_id, "not_found", now)?;
                return Ok(Self::state_of(&attempt));
            }
            Err(e) => {
                self.store
                    .record_attempt_error(attempt_id, &error_note(&e), false, now)?;
                return Err(e.into());
            }
        };
        let mut state = self.apply_report(&attempt, &report).await?;
        let expired_locally = attempt.expires_at.is_some_and(|t| now >= t);
        if state.status == AttemptStatus::Pending && expired_locally {
            if attempt.processing_since.is_some() {
                // The gateway already refused to stop it: keep following, never close it here.
                return Ok(state);
            }
            // Our countdown is over: stop the QR at the gateway, then ask once more — a
            // payment can land in the last second.
            let refused = match self
                .gateway
                .expire(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await
            {
                Ok(_) => false,
                Err(e) if refused_change(&e) => true,
                Err(e) => {
                    self.store
                        .record_attempt_error(attempt_id, &error_note(&e), false, now)?;
                    return Err(e.into());
                }
            };
            let mut last = self
                .gateway
                .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await?;
            if last.status == PaymentStatus::Cancelled {
                // Xendit has no "expire": our expiry is a cancel there. For us it expired.
                last.status = PaymentStatus::Expired;
            }
            let current = self.store.attempt(attempt_id)?;
            state = self.apply_report(&current, &last).await?;
            if state.status == AttemptStatus::Pending {
                if refused {
                    // The gateway would not expire a pending QR: a payment is in flight. The
                    // attempt stays open (no "Buat QR Baru") until the gateway says how it ended.
                    state = self.store.mark_processing(attempt_id, now)?.state();
                } else {
                    let closed = self.store.close_attempt(
                        attempt_id,
                        AttemptStatus::Expired,
                        "local_expiry",
                        now,
                    )?;
                    state = Self::state_of(&closed);
                }
            }
        }
        Ok(state)
    }

    /// Record what the gateway said. Paid only after `verify`; a failed verification is an
    /// anomaly for the owner and changes nothing else.
    async fn apply_report(
        &self,
        attempt: &PaymentAttempt,
        report: &StatusReport,
    ) -> Result<PaymentState> {
        let now = self.now();
        match report.status {
            PaymentStatus::Paid => {
                if let Err(e) = verify(report, &attempt.gateway_order_id, attempt.amount) {
                    let note = format!("{}: {}", e.kind(), e.message_id());
                    self.store.flag_anomaly(&attempt.id, &note, now)?;
                    return self.state(&attempt.id);
                }
                self.store.finalize_paid_attempt(
                    &attempt.id,
                    report.issuer.as_deref(),
                    report.gateway_ref.as_deref(),
                    report.paid_at.unwrap_or(now),
                    now,
                )?;
                self.state(&attempt.id)
            }
            PaymentStatus::Pending => {
                self.store
                    .touch_attempt(&attempt.id, &report.raw_status, now)?;
                self.state(&attempt.id)
            }
            PaymentStatus::Expired | PaymentStatus::Cancelled | PaymentStatus::Failed => {
                let target = match report.status {
                    PaymentStatus::Expired => AttemptStatus::Expired,
                    PaymentStatus::Cancelled => AttemptStatus::Cancelled,
                    _ => AttemptStatus::Failed,
                };
                let closed =
                    self.store
                        .close_attempt(&attempt.id, target, &report.raw_status, now)?;
                Ok(closed.state())
            }
            PaymentStatus::Refunded | PaymentStatus::Chargeback => {
                if attempt.status == AttemptStatus::Paid {
                    self.record_reversal(attempt, report)?;
                } else {
                    self.store.flag_anomaly(
                        &attempt.id,
                        "Gateway melaporkan refund untuk pembayaran yang belum lunas di kasir",
                        now,
                    )?;
                }
                self.state(&attempt.id)
            }
        }
    }

    /// A refund/chargeback on a paid attempt: recorded on the order (never un-paid). A report
    /// whose signature or order id does not check out is an anomaly instead.
    fn record_reversal(&self, attempt: &PaymentAttempt, report: &StatusReport) -> Result<()> {
        let now = self.now();
        let Some(kind) = reversal_kind(report) else {
            return Ok(());
        };
        if report.order_id != attempt.gateway_order_id
            || report.signature == SignatureCheck::Invalid
        {
            self.store.flag_anomaly(
                &attempt.id,
                "Laporan refund dari gateway tidak dapat diverifikasi",
                now,
            )?;
            return Ok(());
        }
        let full = matches!(kind, ReversalKind::Refund | ReversalKind::Chargeback);
        let amount = report
            .reversal
            .as_ref()
            .and_then(|r| r.amount)
            .unwrap_or(if full { attempt.amount } else { 0 });
        let at = report.reversal.as_ref().and_then(|r| r.at);
        self.store
            .record_reversal(&attempt.id, kind, amount, at, now)?;
        Ok(())
    }

    /// Ask the gateway about a paid attempt again (refund, chargeback).
    async fn recheck_paid(&self, attempt: &PaymentAttempt) -> Result<()> {
        let now = self.now();
        let report = match self
            .gateway
            .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
            .await
        {
            Ok(r) => r,
            Err(e) => {
                self.store
                    .record_attempt_error(&attempt.id, &error_note(&e), false, now)?;
                return Err(e.into());
            }
        };
        if report.status.is_reversal() {
            self.record_reversal(attempt, &report)
        } else {
            self.store
                .touch_attempt(&attempt.id, &report.raw_status, now)?;
            Ok(())
        }
    }

    /// Ask the gateway again even about a finished attempt (`kasir-cli qris status --refresh`):
    /// finalises a late payment, records a refund/chargeback, and returns both.
    pub async fn refresh(&self, attempt_id: &str) -> Result<Refreshed> {
        let _one_at_a_time = self.check_lock.lock().await;
        let attempt = self.store.attempt(attempt_id)?;
        if attempt.status == AttemptStatus::Paid {
            self.recheck_paid(&attempt).await?;
        } else if attempt.status != AttemptStatus::Failed || attempt.gateway_ref.is_some() {
            let report = self
                .gateway
                .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await?;
            if attempt.status.is_open() {
                self.check_locked(attempt_id).await?;
            } else {
                self.apply_report(&attempt, &report).await?;
            }
        }
        let state = self.state(attempt_id)?;
        let reversals = self
            .store
            .reversals_for_order(attempt.order_id)?
            .into_iter()
            .filter(|r| r.attempt_id == attempt_id)
            .collect();
        Ok(Refreshed { state, reversals })
    }

    /// "Simpan & tutup: dicek otomatis saat koneksi kembali": the cashier closes the QR window
    /// and sells on. No gateway call (works offline, and while a status reply is unreadable).
    /// The order stays awaiting payment; the worker follows the attempt and pays the order when
    /// the gateway reports it paid, or cancels the order when the QR ended unpaid.
    pub fn set_aside(&self, attempt_id: &str) -> Result<PaymentState> {
        Ok(self.store.set_aside(attempt_id, self.now())?.state())
    }

    /// "Batal": stop the QR at the gateway. If the gateway says it is too late (paid), the
    /// payment is checked and finalised instead. The order is cancelled unless it got paid.
    pub async fn cancel_payment(&self, attempt_id: &str) -> Result<PaymentState> {
        let _one_at_a_time = self.check_lock.lock().await;
        let attempt = self.store.attempt(attempt_id)?;
        let mut state = Self::state_of(&attempt);
        if attempt.status.is_open() {
            match self
                .gateway
                .cancel(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await
            {
                Ok(report) => {
                    state = self.apply_report(&attempt, &report).await?;
                    if state.status.is_open() {
                        let closed = self.store.close_attempt(
                            attempt_id,
                            AttemptStatus::Cancelled,
                            &report.raw_status,
                            self.now(),
                        )?;
                        state = Self::state_of(&closed);
                    }
                }
                Err(GatewayError::NotFound) if attempt.status == AttemptStatus::Creating => {
                    let closed = self.store.close_attempt(
                        attempt_id,
                        AttemptStatus::Cancelled,
                        "not_found",
                        self.now(),
                    )?;
                    state = Self::state_of(&closed);
                }
                Err(e) if refused_change(&e) => {
                    // 412 (Midtrans) / 400 (Xendit) / 404: it can no longer be cancelled —
                    // paid? If the gateway still says pending, a payment is in flight: keep
                    // the attempt open and following, and keep the order.
                    let report = self
                        .gateway
                        .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                        .await?;
                    state = self.apply_report(&attempt, &report).await?;
                    if state.status.is_open() {
                        state = self.store.mark_processing(attempt_id, self.now())?.state();
                        return Ok(state);
                    }
                }
                Err(e) => {
                    self.store.record_attempt_error(
                        attempt_id,
                        &error_note(&e),
                        false,
                        self.now(),
                    )?;
                    return Err(e.into());
                }
            }
        }
        if state.status != AttemptStatus::Paid
            && self
                .store
                .live_attempt_for_order(attempt.order_id, self.now())?
                .is_none()
        {
            self.store.cancel_awaiting_order(attempt.order_id)?;
        }
        Ok(state)
    }

    /// Void an unpaid order with a reason: its live QR is cancelled at the gateway first; if the
    /// gateway says it was paid, the order becomes paid (never void) and that is returned as an
    /// error the cashier reads.
    pub async fn void_order(&self, order_id: i64, reason: &str) -> Result<kasir_core::Order> {
        if reason.trim().is_empty() {
            return Err(PaymentError::Validation(
                "Alasan pembatalan wajib diisi.".into(),
            ));
        }
        let open: Vec<String> = self
            .store
            .attempts_for_order(order_id)?
            .into_iter()
            .filter(|a| a.status.is_open())
            .map(|a| a.id)
            .collect();
        for attempt_id in open {
            let state = self.cancel_payment(&attempt_id).await?;
            if state.processing {
                let order = self.store.order(order_id)?;
                return Err(CoreError::PaymentProcessing {
                    number: order.number,
                }
                .into());
            }
        }
        Ok(self.store.void_order(order_id, reason, self.now())?)
    }

    /// Refund (part of) a QRIS sale through the gateway it was paid with. The pending refund and
    /// its unique key are stored first; the gateway's answer is recorded: done (goods back on
    /// the shelf, slip printed), refused (the reason for the cashier, who may give cash instead)
    /// or still pending (followed by the worker; a connection problem leaves it pending too,
    /// since the gateway may have taken it: re-sending the same key never refunds twice).
    pub async fn refund_qris(&self, input: &kasir_core::RefundInput) -> Result<kasir_core::Refund> {
        let (_, request) = self.store.begin_qris_refund(input, self.now())?;
        self.send_refund(&request).await
    }

    async fn send_refund(&self, req: &kasir_core::QrisRefundRequest) -> Result<kasir_core::Refund> {
        if req.provider != self.provider {
            let reason = format!(
                "Pembayaran ini lewat {}, sedangkan gateway aktif {}; kembalikan tunai.",
                req.provider, self.provider
            );
            return Ok(self.store.finish_qris_refund(
                req.refund_id,
                &RefundOutcome::Failed { reason },
                self.now(),
            )?);
        }
        let gw = kasir_gateway::RefundRequest {
            order_id: req.gateway_order_id.clone(),
            gateway_ref: req.gateway_ref.clone(),
            refund_key: req.refund_key.clone(),
            amount: req.amount,
            reason: req.reason.clone(),
        };
        let outcome = match self.gateway.refund(&gw).await {
            Ok(report) => refund_outcome(&report),
            Err(e) => match refund_failure(&e) {
                Some(reason) => RefundOutcome::Failed { reason },
                None => {
                    tracing::warn!(target: "refund", refund = req.refund_id, "{}", error_note(&e));
                    RefundOutcome::Pending {
                        gateway_refund_id: None,
                    }
                }
            },
        };
        Ok(self
            .store
            .finish_qris_refund(req.refund_id, &outcome, self.now())?)
    }

    /// Follow one pending QRIS refund: ask where it stands; one the gateway never acknowledged
    /// is sent again with the same key.
    async fn follow_refund(&self, refund: &kasir_core::Refund) -> Result<kasir_core::Refund> {
        let req = self.store.qris_refund_request(refund)?;
        if req.gateway_refund_id.is_none() {
            return self.send_refund(&req).await;
        }
        let lookup = kasir_gateway::RefundLookup {
            order_id: req.gateway_order_id.clone(),
            gateway_ref: req.gateway_ref.clone(),
            refund_key: req.refund_key.clone(),
            gateway_refund_id: req.gateway_refund_id.clone(),
        };
        let outcome = match self.gateway.refund_status(&lookup).await {
            Ok(report) => refund_outcome(&report),
            Err(e) => match refund_failure(&e) {
                Some(reason) => RefundOutcome::Failed { reason },
                None => return Err(e.into()),
            },
        };
        Ok(self
            .store
            .finish_qris_refund(req.refund_id, &outcome, self.now())?)
    }

    /// One pass of the background worker: settle attempts left `creating` by a crash or a lost
    /// reply, poll live QRs nobody is polling (and set-aside sales), re-ask about recently
    /// closed ones (late settlement) and paid ones (refund, chargeback), within a budget of
    /// [`BACKGROUND_CHECKS_PER_MINUTE`] checks. Returns how many attempts were looked at.
    pub async fn tick(&self) -> usize {
        self.pass(false).await
    }

    /// The worker's first pass after the app starts: like [`Self::tick`], but every live QR is
    /// asked about whenever it was last checked. The window that polled it went with the
    /// process before, so a payment made while the till was closed is Lunas at once, not up to
    /// [`WORKER_OPEN_EVERY_SECONDS`] later.
    pub async fn startup_tick(&self) -> usize {
        self.pass(true).await
    }

    async fn pass(&self, starting: bool) -> usize {
        let now = self.now();
        self.expire_stale_processing(now);
        let mut list = match self.store.attempts_to_recheck(
            now,
            Duration::hours(RECHECK_WINDOW_HOURS),
            Duration::minutes(RECHECK_CLOSED_MINUTES),
        ) {
            Ok(l) => l,
            Err(_) => return 0,
        };
        // Open attempts first (a customer may be waiting), then closed ones by oldest check.
        list.sort_by_key(|a| (!a.status.is_open(), a.last_checked_at));
        let open_every =
            Duration::seconds(WORKER_OPEN_EVERY_SECONDS.max(i64::from(self.poll_seconds)));
        let mut looked = 0;
        for attempt in list {
            let since_check = attempt.last_checked_at.map(|t| now - t);
            if attempt.status.is_open() && !starting && since_check.is_some_and(|d| d < open_every)
            {
                continue;
            }
            if !attempt.status.is_open()
                && now - attempt.created_at > Duration::hours(1)
                && since_check.is_some_and(|d| d < Duration::minutes(RECHECK_CLOSED_LATER_MINUTES))
            {
                continue;
            }
            if attempt.status == AttemptStatus::Creating {
                // A charge is in flight right now: leave it to its caller.
                let Ok(_guard) = self.charge_lock.try_lock() else {
                    continue;
                };
                if !self.take_budget(now) {
                    break;
                }
                looked += 1;
                let _ = self.settle_creating(&attempt).await;
                continue;
            }
            if !self.take_budget(now) {
                break;
            }
            looked += 1;
            let _ = self.check_payment_status(&attempt.id).await;
            if attempt.set_aside_at.is_some() {
                // A set-aside sale whose QR ended unpaid releases its order.
                if let Ok(a) = self.store.attempt(&attempt.id) {
                    if !a.status.is_open() && a.status != AttemptStatus::Paid {
                        let _ = self.release_order_if_idle(a.order_id);
                    }
                }
            }
        }
        // QRIS refunds still pending at the gateway.
        if let Ok(pending) = self.store.pending_qris_refunds() {
            for refund in pending {
                if !self.take_budget(now) {
                    break;
                }
                looked += 1;
                if let Err(e) = self.follow_refund(&refund).await {
                    tracing::warn!(target: "refund", refund = refund.id, "{}", e.message_id());
                }
            }
        }
        if let Ok(paid) = self.store.paid_attempts_to_recheck(
            now,
            Duration::days(RECHECK_PAID_DAYS),
            Duration::hours(RECHECK_PAID_HOURS),
        ) {
            for attempt in paid {
                if !self.take_budget(now) {
                    break;
                }
                looked += 1;
                let _one_at_a_time = self.check_lock.lock().await;
                let _ = self.recheck_paid(&attempt).await;
            }
        }
        looked
    }

    fn take_budget(&self, now: DateTime<Utc>) -> bool {
        self.budget.lock().map(|mut b| b.take(now)).unwrap_or(false)
    }

    /// An attempt the gateway would not stop for 48 h is an anomaly for the owner: it is
    /// closed (failed) with a note and its order released, so the till is never blocked.
    fn expire_stale_processing(&self, now: DateTime<Utc>) {
        // A charge the gateway never confirmed within the re-check window can no longer be
        // resolved (the worker stops asking): end it clearly instead of leaving it `creating`.
        if let Ok(list) = self
            .store
            .creating_attempts_before(now - Duration::hours(RECHECK_WINDOW_HOURS))
        {
            for a in list {
                let note = "gateway_unreachable: Charge QR tidak pernah dapat dipastikan di \
                            gateway pembayaran dalam 48 jam; transaksi dihentikan.";
                let _ = self.store.record_attempt_error(&a.id, note, true, now);
                let _ = self.release_order_if_idle(a.order_id);
            }
        }
        let Ok(list) = self.store.processing_attempts() else {
            return;
        };
        for a in list {
            if now - a.created_at < Duration::hours(RECHECK_WINDOW_HOURS) {
                continue;
            }
            let note = "Gateway tidak pernah menyelesaikan pembayaran yang sedang diproses \
                        (48 jam). Periksa transaksi ini di dasbor gateway.";
            let _ = self.store.flag_anomaly(&a.id, note, now);
            let _ =
                self.store
                    .close_attempt(&a.id, AttemptStatus::Failed, "processing_timeout", now);
            let _ = self.release_order_if_idle(a.order_id);
        }
    }

    /// An attempt whose charge reply never arrived (crash, timeout): ask the gateway what
    /// happened. The customer never saw its QR, so an unpaid one is cancelled, not shown, and
    /// its order released. Xendit cannot be asked without the payment_request_id: the very
    /// same create (same body, same `Idempotency-key`) is sent once to learn it.
    async fn settle_creating(&self, attempt: &PaymentAttempt) -> Result<()> {
        let now = self.now();
        let status = if attempt.gateway_ref.is_none() && self.gateway.kind() == ProviderKind::Xendit
        {
            let order = self.store.order(attempt.order_id)?;
            let attempt = self.with_charge_expiry(attempt).await?;
            let req = charge_request(&order, &attempt, self.expiry_minutes);
            match self.gateway.charge(&req).await {
                Ok(c) => {
                    self.gateway
                        .status(&attempt.gateway_order_id, Some(&c.gateway_ref))
                        .await
                }
                Err(GatewayError::Duplicate) => {
                    self.unresolvable(&attempt, now)?;
                    return Ok(());
                }
                Err(e) if !e.is_transient() && !e.may_have_reached_gateway() => {
                    // Refused outright (validation, key): it was never created and never will
                    // be from this attempt.
                    self.store
                        .record_attempt_error(&attempt.id, &error_note(&e), true, now)?;
                    self.release_order_if_idle(attempt.order_id)?;
                    return Ok(());
                }
                Err(e) => Err(e),
            }
        } else {
            self.gateway
                .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await
        };
        match status {
            Err(GatewayError::NotFound) => {
                self.store.close_attempt(
                    &attempt.id,
                    AttemptStatus::Failed,
                    "never_charged",
                    now,
                )?;
                self.release_order_if_idle(attempt.order_id)?;
                Ok(())
            }
            Ok(report) if report.status == PaymentStatus::Pending => {
                let _ = self
                    .gateway
                    .cancel(&attempt.gateway_order_id, report.gateway_ref.as_deref())
                    .await;
                self.store
                    .close_attempt(&attempt.id, AttemptStatus::Cancelled, "orphan", now)?;
                self.release_order_if_idle(attempt.order_id)?;
                Ok(())
            }
            Ok(report) => {
                self.apply_report(attempt, &report).await?;
                Ok(())
            }
            Err(e) => {
                self.store
                    .record_attempt_error(&attempt.id, &error_note(&e), false, now)?;
                Err(e.into())
            }
        }
    }

    /// Reachability and key check for `doctor`: ask the status of an order id that cannot
    /// exist. "Not found" proves the gateway answered and accepted the key.
    pub async fn probe(&self, order_id: &str) -> Result<()> {
        match self.gateway.status(order_id, Some(order_id)).await {
            Ok(_) | Err(GatewayError::NotFound) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// [`startup_tick`](Self::startup_tick) once, then [`tick`](Self::tick) every `poll_seconds`.
    pub async fn run_worker(self: Arc<Self>) {
        self.startup_tick().await;
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(u64::from(self.poll_seconds))).await;
            self.tick().await;
        }
    }
}

fn check_amount(total: i64) -> Result<()> {
    if !(1..=MAX_QRIS_AMOUNT).contains(&total) {
        return Err(PaymentError::Validation(format!(
            "Nominal QRIS harus antara Rp 1 dan {} (total ini {}).",
            kasir_core::format_rupiah(MAX_QRIS_AMOUNT),
            kasir_core::format_rupiah(total)
        )));
    }
    Ok(())
}

fn charge_request(order: &Order, attempt: &PaymentAttempt, expiry_minutes: u32) -> ChargeRequest {
    let items: Vec<ChargeItem> = order
        .lines
        .iter()
        .map(|l| ChargeItem {
            id: l.sku.chars().take(50).collect(),
            name: l.name.chars().take(50).collect(),
            price: l.unit_price,
            quantity: l.qty,
        })
        .collect();
    let sum: i64 = items
        .iter()
        .map(|i| i.price.saturating_mul(i.quantity))
        .sum();
    ChargeRequest {
        order_id: attempt.gateway_order_id.clone(),
        amount: attempt.amount,
        // Item details must add up to the amount; otherwise send none.
        items: if sum == attempt.amount {
            items
        } else {
            Vec::new()
        },
        expiry_minutes,
        expires_at: attempt.charge_expires_at,
    }
}

//! The QRIS payment state machine.
//!
//! generate → (customer pays) → check → verify → finalise once. Every state change is a
//! `kasir-core` transaction; the attempt row exists before the gateway is called; a charge
//! whose reply was lost is recovered through the gateway (same order id), never charged
//! blindly again; nothing becomes paid unless the gateway's report passes `verify` against the
//! amount stored locally.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use kasir_core::{AttemptStatus, CartLineInput, NewAttempt, Order, PaymentAttempt, Store};
use kasir_gateway::{
    charge_or_recover, verify, ChargeItem, ChargeRequest, Gateway, GatewayError, PaymentStatus,
    StatusReport, MAX_QRIS_AMOUNT,
};

use crate::error::{PaymentError, Result};
use crate::qr::render_svg;
use crate::types::QrPayment;
use kasir_core::PaymentState;

pub use kasir_core::time::Clock;

/// How long after creation a closed attempt is still asked about (late settlements).
pub const RECHECK_WINDOW_HOURS: i64 = 48;
/// How often a closed attempt is asked about.
pub const RECHECK_CLOSED_MINUTES: i64 = 5;

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
}

fn error_note(e: &GatewayError) -> String {
    format!("{}: {}", e.kind(), e.message_id())
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
        }
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
    pub async fn start_qris(&self, lines: &[CartLineInput]) -> Result<QrPayment> {
        let priced = self.store.price_cart(lines)?;
        check_amount(priced.total)?;
        let order = self.store.create_awaiting_order(lines, self.now())?;
        match self.generate_payment_qr(order.id).await {
            Ok(qr) => Ok(qr),
            Err(e) => {
                // No QR reached the customer: the cart goes back to the cashier and this order
                // is closed. Should the gateway have taken the charge after all, the worker
                // still finds the attempt and a settlement still pays the order (flagged late).
                self.store.cancel_awaiting_order(order.id)?;
                Err(e)
            }
        }
    }

    /// The QR for an order: the live attempt if there is one (double-click safe), otherwise a
    /// new charge for the order's stored total.
    pub async fn generate_payment_qr(&self, order_id: i64) -> Result<QrPayment> {
        let _one_at_a_time = self.charge_lock.lock().await;
        // At most one retry: a stale attempt the gateway refuses to replay is closed and a
        // fresh one is made.
        for _ in 0..2 {
            let now = self.now();
            let order = self.store.order(order_id)?;
            check_amount(order.total)?;
            let attempt_id = uuid::Uuid::new_v4().simple().to_string();
            let gateway_order_id = format!("KA-{}-{}", order.number, &attempt_id[..8]);
            let (attempt, _created) = self.store.begin_attempt(
                order.id,
                NewAttempt {
                    id: &attempt_id,
                    gateway_order_id: &gateway_order_id,
                    provider: &self.provider,
                },
                now,
            )?;
            match attempt.status {
                AttemptStatus::Pending => return self.qr_payment(&order, &attempt),
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
        let req = charge_request(order, attempt, self.expiry_minutes);
        let result = charge_or_recover(self.gateway.as_ref(), &req).await;
        let now = self.now();
        let charge = match result {
            Ok(c) => c,
            Err(GatewayError::Duplicate) => {
                // The gateway knows this order id but will not replay the reply: settle it.
                let report = self
                    .gateway
                    .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                    .await?;
                if report.status == PaymentStatus::Paid {
                    self.apply_report(attempt, &report).await?;
                    return Ok(Some(
                        self.qr_payment(order, &self.store.attempt(&attempt.id)?)?,
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
                self.qr_payment(order, &self.store.attempt(&attempt.id)?)?,
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
        let local_deadline = now + Duration::minutes(i64::from(self.expiry_minutes));
        let expires_at = charge
            .expires_at
            .map_or(local_deadline, |t| t.min(local_deadline));
        let stored = self.store.record_charge(
            &attempt.id,
            &charge.gateway_ref,
            charge.qr_string.as_deref(),
            charge.qr_image_url.as_deref(),
            expires_at,
            now,
        )?;
        Ok(Some(self.qr_payment(order, &stored)?))
    }

    fn qr_payment(&self, order: &Order, attempt: &PaymentAttempt) -> Result<QrPayment> {
        let qr_svg = attempt.qr_string.as_deref().map(render_svg).transpose()?;
        Ok(QrPayment {
            attempt_id: attempt.id.clone(),
            order_id: order.id,
            order_number: order.number.clone(),
            qr_svg,
            qr_image_url: attempt.qr_image_url.clone(),
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
            // Our countdown is over: stop the QR at the gateway, then ask once more — a
            // payment can land in the last second.
            match self
                .gateway
                .expire(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
                .await
            {
                Ok(_) | Err(GatewayError::Rejected { .. }) | Err(GatewayError::NotFound) => {}
                Err(e) => {
                    self.store
                        .record_attempt_error(attempt_id, &error_note(&e), false, now)?;
                    return Err(e.into());
                }
            }
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
                let closed = self.store.close_attempt(
                    attempt_id,
                    AttemptStatus::Expired,
                    "local_expiry",
                    now,
                )?;
                state = Self::state_of(&closed);
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
            PaymentStatus::Refunded => {
                self.store.flag_anomaly(
                    &attempt.id,
                    "Gateway melaporkan refund untuk pembayaran ini",
                    now,
                )?;
                self.state(&attempt.id)
            }
        }
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
                Err(GatewayError::Rejected { .. }) => {
                    // 412 (Midtrans) / 400 (Xendit): it can no longer be cancelled — paid?
                    state = self.check_locked(attempt_id).await?;
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

    /// One pass of the background worker: settle attempts left `creating` by a crash or a lost
    /// reply, poll live QRs nobody is polling, and re-ask about recently closed ones (late
    /// settlement). Returns how many attempts were looked at.
    pub async fn tick(&self) -> usize {
        let now = self.now();
        let list = match self.store.attempts_to_recheck(
            now,
            Duration::hours(RECHECK_WINDOW_HOURS),
            Duration::minutes(RECHECK_CLOSED_MINUTES),
        ) {
            Ok(l) => l,
            Err(_) => return 0,
        };
        let poll = Duration::seconds(i64::from(self.poll_seconds));
        let mut looked = 0;
        for attempt in list {
            let recently_checked = attempt.last_checked_at.is_some_and(|t| now - t < poll);
            if attempt.status.is_open() && recently_checked {
                continue;
            }
            if attempt.status == AttemptStatus::Creating {
                // A charge is in flight right now: leave it to its caller.
                let Ok(_guard) = self.charge_lock.try_lock() else {
                    continue;
                };
                looked += 1;
                let _ = self.settle_creating(&attempt).await;
                continue;
            }
            looked += 1;
            let _ = self.check_payment_status(&attempt.id).await;
        }
        looked
    }

    /// An attempt whose charge reply never arrived (crash, timeout): ask the gateway what
    /// happened. The customer never saw its QR, so an unpaid one is cancelled, not shown.
    async fn settle_creating(&self, attempt: &PaymentAttempt) -> Result<()> {
        let now = self.now();
        match self
            .gateway
            .status(&attempt.gateway_order_id, attempt.gateway_ref.as_deref())
            .await
        {
            Err(GatewayError::NotFound) => {
                self.store.close_attempt(
                    &attempt.id,
                    AttemptStatus::Failed,
                    "never_charged",
                    now,
                )?;
                Ok(())
            }
            Ok(report) if report.status == PaymentStatus::Pending => {
                let _ = self
                    .gateway
                    .cancel(&attempt.gateway_order_id, report.gateway_ref.as_deref())
                    .await;
                self.store
                    .close_attempt(&attempt.id, AttemptStatus::Cancelled, "orphan", now)?;
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

    /// Run [`tick`](Self::tick) forever, every `poll_seconds`.
    pub async fn run_worker(self: Arc<Self>) {
        loop {
            self.tick().await;
            tokio::time::sleep(std::time::Duration::from_secs(u64::from(self.poll_seconds))).await;
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
    }
}

//! Refunds over real HTTP: the real clients (kasir-gateway over reqwest) against the emulator
//! on 127.0.0.1, both protocols. Full and partial refunds, never more than was paid, an
//! issuer without refunds, pending → succeeded / failed, a lost reply re-sent with the same
//! `refund_key` (one refund, checked in the emulator's refund and request logs), refunds of
//! unpaid charges, the gateway's own `/_emulator/refund`, and no key in any error. Keys are
//! generated at run time.

use std::sync::Arc;
use std::time::Duration;

use kasir_emulator::{
    EmuRefundStatus, EmuStatus, Emulator, EmulatorConfig, EmulatorHandle, Fault, FaultKind,
    FaultTarget, Issuer,
};
use kasir_gateway::midtrans_refund::reasons as mid_reasons;
use kasir_gateway::xendit_refund::reasons as xen_reasons;
use kasir_gateway::*;
use kasir_shared::ErrorKind;
use serde_json::{json, Value};

struct Env {
    emu: EmulatorHandle,
    mid_key: SecretKey,
    xen_key: SecretKey,
}

fn random_part() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

async fn env() -> Env {
    let mid_key = SecretKey::new(format!("{}-Mid-server-{}", "SB", random_part()));
    let xen_key = SecretKey::new(format!("xnd_{}_{}", "development", random_part()));
    let emu = Emulator::start(EmulatorConfig {
        port: Some(0),
        midtrans_key: mid_key.clone(),
        xendit_key: xen_key.clone(),
        merchant: MerchantInfo::demo(),
        clock: kasir_shared::time::system_clock(),
    })
    .await
    .expect("emulator starts");
    Env {
        emu,
        mid_key,
        xen_key,
    }
}

const BOTH: [ProviderKind; 2] = [ProviderKind::Midtrans, ProviderKind::Xendit];

impl Env {
    fn gw(&self, kind: ProviderKind) -> Arc<dyn Gateway> {
        let key = match kind {
            ProviderKind::Midtrans => self.mid_key.clone(),
            ProviderKind::Xendit => self.xen_key.clone(),
        };
        build_gateway_with(
            GatewayConfig {
                kind,
                base_url: self.emu.base_url(),
                key,
            },
            ClientOptions {
                timeouts: Timeouts {
                    connect: Duration::from_millis(500),
                    request: Duration::from_millis(1500),
                },
                retry: RetryPolicy {
                    max_attempts: 3,
                    base_backoff: Duration::from_millis(20),
                    max_backoff: Duration::from_millis(80),
                },
            },
        )
        .expect("client builds")
    }

    /// A charge of `amount`, paid with `issuer` (unpaid when `None`).
    async fn charge(&self, kind: ProviderKind, amount: i64, issuer: Option<Issuer>) -> Charge {
        let order_id = format!("RF-{}", &random_part()[..12]);
        let c = self
            .gw(kind)
            .charge(&ChargeRequest {
                order_id,
                amount,
                items: vec![],
                expiry_minutes: 15,
                expires_at: None,
            })
            .await
            .expect("charge");
        if let Some(i) = issuer {
            self.emu.pay(&c.gateway_ref, i, None).expect("pay");
        }
        c
    }

    fn refunds_of(&self, c: &Charge) -> Vec<kasir_emulator::EmuRefund> {
        self.emu
            .refunds()
            .into_iter()
            .filter(|r| r.gateway_ref == c.gateway_ref)
            .collect()
    }

    fn tx(&self, c: &Charge) -> kasir_emulator::EmuTransaction {
        self.emu
            .transactions()
            .into_iter()
            .find(|t| t.gateway_ref == c.gateway_ref)
            .expect("transaction")
    }

    async fn control(&self, cmd: &str, body: Value) -> (u16, Value) {
        let r = reqwest::Client::new()
            .post(format!("{}/_emulator/{cmd}", self.emu.base_url()))
            .json(&body)
            .send()
            .await
            .expect("control call");
        let status = r.status().as_u16();
        (status, r.json().await.expect("control reply"))
    }
}

fn ask(c: &Charge, key: &str, amount: i64) -> RefundRequest {
    RefundRequest {
        order_id: c.order_id.clone(),
        gateway_ref: Some(c.gateway_ref.clone()),
        refund_key: key.to_string(),
        amount,
        reason: "Pelanggan membatalkan pesanan".into(),
    }
}

fn refused(r: Result<RefundReport>) -> (String, GatewayError) {
    match r {
        Err(e @ GatewayError::RefundRefused { .. }) => {
            assert_eq!(e.kind(), ErrorKind::GatewayRefundRefused);
            assert_eq!(e.kind().as_str(), "gateway_refund_refused");
            let GatewayError::RefundRefused { reason, .. } = &e else {
                unreachable!()
            };
            (reason.clone(), e)
        }
        other => panic!("expected a refused refund, got {other:?}"),
    }
}

/// Xendit answers a create `PENDING`; one status check shows where it stands.
async fn settled(gw: &dyn Gateway, req: &RefundRequest, rep: RefundReport) -> RefundReport {
    if gw.kind() == ProviderKind::Xendit && rep.status == RefundStatus::Pending {
        return gw
            .refund_status(&req.lookup(rep.gateway_refund_id.clone()))
            .await
            .expect("refund status");
    }
    rep
}

#[tokio::test]
async fn a_full_refund_goes_through_and_the_transaction_shows_refund() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 15_000, Some(Issuer::Ovo)).await;
        let req = ask(&c, "FULL-1", 15_000);
        let rep = gw.refund(&req).await.expect("refund accepted");
        if kind == ProviderKind::Xendit {
            assert_eq!(
                rep.status,
                RefundStatus::Pending,
                "Xendit QRIS refunds start PENDING"
            );
        }
        let rep = settled(gw.as_ref(), &req, rep).await;
        assert_eq!(rep.status, RefundStatus::Succeeded, "{kind:?}");
        assert_eq!(rep.amount, 15_000);
        assert_eq!(rep.refund_key, "FULL-1");
        assert!(rep.gateway_refund_id.is_some());
        let tx = env.tx(&c);
        assert_eq!(tx.status, EmuStatus::Refund);
        assert_eq!(tx.reversed_amount, 15_000);
        if kind == ProviderKind::Midtrans {
            let s = gw.status(&c.order_id, Some(&c.gateway_ref)).await.unwrap();
            assert_eq!(
                s.raw_status, "refund",
                "Midtrans shows the refund in the status"
            );
            assert_eq!(s.status, PaymentStatus::Refunded);
            assert_eq!(s.reversal.as_ref().and_then(|r| r.amount), Some(15_000));
            assert_eq!(s.signature, SignatureCheck::Valid);
        }
    }
}

#[tokio::test]
async fn two_partial_refunds_then_more_than_is_left_is_refused() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 20_000, Some(Issuer::Dana)).await;
        for (key, amount) in [("PART-1", 5_000), ("PART-2", 7_000)] {
            let req = ask(&c, key, amount);
            let rep = gw.refund(&req).await.expect(key);
            let rep = settled(gw.as_ref(), &req, rep).await;
            assert_eq!((rep.status, rep.amount), (RefundStatus::Succeeded, amount));
        }
        assert_eq!(env.tx(&c).status, EmuStatus::PartialRefund);
        let (reason, _) = refused(gw.refund(&ask(&c, "PART-3", 8_001)).await);
        let want = match kind {
            ProviderKind::Midtrans => mid_reasons::OVER_AMOUNT,
            ProviderKind::Xendit => xen_reasons::OVER_AMOUNT,
        };
        assert_eq!(reason, want, "{kind:?}: 20.000 − 12.000 leaves 8.000");
        assert_eq!(
            env.tx(&c).reversed_amount,
            12_000,
            "the refused one took nothing"
        );
        // What is left can still go back.
        let req = ask(&c, "PART-4", 8_000);
        let rep = gw.refund(&req).await.expect("the rest");
        settled(gw.as_ref(), &req, rep).await;
        assert_eq!(env.tx(&c).status, EmuStatus::Refund);
        if kind == ProviderKind::Midtrans {
            let s = gw.status(&c.order_id, None).await.unwrap();
            assert_eq!(s.raw_status, "refund");
            assert_eq!(s.reversal.and_then(|r| r.amount), Some(20_000));
        }
    }
}

#[tokio::test]
async fn an_issuer_without_refunds_is_refused_with_the_reason() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 9_000, Some(Issuer::BcaMobile)).await;
        let (reason, e) = refused(gw.refund(&ask(&c, "BCA-1", 9_000)).await);
        assert_eq!(reason, mid_reasons::NOT_SUPPORTED_BY_ISSUER, "{kind:?}");
        assert!(
            e.message_id()
                .contains("Pengembalian lewat QRIS tidak didukung oleh aplikasi pembayar ini"),
            "{}",
            e.message_id()
        );
        // The same through the fault, with an app that normally takes refunds.
        let c = env.charge(kind, 9_000, Some(Issuer::GoPay)).await;
        env.emu
            .set_fault(Fault::once(FaultKind::RefundRefused, FaultTarget::Refund));
        let (reason, _) = refused(gw.refund(&ask(&c, "GP-1", 9_000)).await);
        assert_eq!(reason, mid_reasons::NOT_SUPPORTED_BY_ISSUER);
        assert!(env.refunds_of(&c).is_empty(), "nothing was refunded");
        assert!(env.emu.faults().is_empty(), "the fault fired once");
    }
}

#[tokio::test]
async fn a_pending_refund_succeeds_after_status_checks() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 10_000, Some(Issuer::ShopeePay)).await;
        env.emu.set_fault(Fault::once(
            FaultKind::RefundPending { checks: 2 },
            FaultTarget::Refund,
        ));
        let req = ask(&c, "PEND-1", 10_000);
        let rep = gw.refund(&req).await.expect("accepted");
        assert_eq!(rep.status, RefundStatus::Pending, "{kind:?}");
        assert_eq!(env.tx(&c).reversed_amount, 0, "nothing back yet");
        let lookup = req.lookup(rep.gateway_refund_id.clone());
        let first = gw.refund_status(&lookup).await.unwrap();
        assert_eq!(
            first.status,
            RefundStatus::Pending,
            "{kind:?}: check 1 of 2"
        );
        // Pending money is spoken for: no second refund of it meanwhile.
        let (reason, _) = refused(gw.refund(&ask(&c, "PEND-2", 1)).await);
        assert!(reason.contains("melebihi"), "{reason}");
        let second = gw.refund_status(&lookup).await.unwrap();
        assert_eq!(
            second.status,
            RefundStatus::Succeeded,
            "{kind:?}: check 2 of 2"
        );
        assert_eq!(second.amount, 10_000);
        assert_eq!(env.tx(&c).status, EmuStatus::Refund);
    }
}

#[tokio::test]
async fn a_pending_refund_completes_or_fails_by_control_call() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 12_000, Some(Issuer::Ovo)).await;
        env.emu.set_fault(Fault::times(
            FaultKind::RefundPending { checks: 0 },
            FaultTarget::Refund,
            2,
        ));
        let ok = ask(&c, "CTL-OK", 2_000);
        let bad = ask(&c, "CTL-BAD", 3_000);
        let ok_rep = gw.refund(&ok).await.unwrap();
        let bad_rep = gw.refund(&bad).await.unwrap();
        let ok_lookup = ok.lookup(ok_rep.gateway_refund_id.clone());
        let bad_lookup = bad.lookup(bad_rep.gateway_refund_id.clone());
        for _ in 0..3 {
            assert_eq!(
                gw.refund_status(&bad_lookup).await.unwrap().status,
                RefundStatus::Pending,
                "checks: 0 waits for the control call"
            );
        }
        let (st, v) = env
            .control("refund_complete", json!({"id": ok_rep.gateway_refund_id}))
            .await;
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["status"], "succeeded");
        let (st, v) = env
            .control(
                "refund_fail",
                json!({"id": "CTL-BAD", "failure_code": "INSUFFICIENT_BALANCE"}),
            )
            .await;
        assert_eq!(st, 200, "a refund can be named by its refund_key too: {v}");
        let done = gw.refund_status(&ok_lookup).await.unwrap();
        assert_eq!(done.status, RefundStatus::Succeeded, "{kind:?}");
        let failed = gw.refund_status(&bad_lookup).await.unwrap();
        assert_eq!(failed.status, RefundStatus::Failed, "{kind:?}");
        let why = failed.failure_reason.expect("a failure says why");
        match kind {
            ProviderKind::Midtrans => assert_eq!(why, mid_reasons::NOT_LISTED),
            ProviderKind::Xendit => assert_eq!(why, xen_reasons::INSUFFICIENT_BALANCE),
        }
        let tx = env.tx(&c);
        assert_eq!(
            tx.reversed_amount, 2_000,
            "only the completed one went back"
        );
        assert_eq!(tx.status, EmuStatus::PartialRefund);
        // A finished refund cannot be finished again.
        let (st, _) = env
            .control("refund_complete", json!({"id": "CTL-BAD"}))
            .await;
        assert_eq!(st, 409);
    }
}

#[tokio::test]
async fn a_lost_reply_is_resent_with_the_same_key_and_refunds_once() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 8_000, Some(Issuer::Dana)).await;
        // The emulator makes the refund, then drops the connection before answering.
        env.emu
            .set_fault(Fault::once(FaultKind::DropConnection, FaultTarget::Refund));
        let req = ask(&c, "LOST-1", 8_000);
        let before = env.emu.request_log().len();
        let rep = gw.refund(&req).await.expect("the re-send gets the refund");
        let log = env.emu.request_log()[before..].to_vec();
        let refund_posts = log
            .iter()
            .filter(|l| l.starts_with("POST") && l.contains("refund"))
            .count();
        assert_eq!(refund_posts, 2, "{kind:?}: sent twice: {log:?}");
        let mine = env.refunds_of(&c);
        assert_eq!(mine.len(), 1, "{kind:?}: one refund, not two: {mine:?}");
        assert_eq!(mine[0].refund_key, "LOST-1");
        assert_eq!(rep.gateway_refund_id.as_deref(), Some(mine[0].id.as_str()));
        // The app asking again later with the same key: still the same refund.
        let again = gw.refund(&req).await.expect("same key again");
        assert_eq!(again.gateway_refund_id, rep.gateway_refund_id);
        assert_eq!(env.refunds_of(&c).len(), 1);
        assert_eq!(env.tx(&c).reversed_amount, 8_000, "money went back once");
    }
}

#[tokio::test]
async fn a_xendit_reference_id_used_without_our_key_is_found_not_doubled() {
    let env = env().await;
    let gw = env.gw(ProviderKind::Xendit);
    let c = env
        .charge(ProviderKind::Xendit, 6_000, Some(Issuer::Ovo))
        .await;
    // Someone (another till, the dashboard) made this refund under another Idempotency-key.
    let r = reqwest::Client::new()
        .post(format!("{}/refunds", env.emu.base_url()))
        .header("Authorization", env.xen_key.basic_auth_header())
        .json(
            &json!({"payment_request_id": c.gateway_ref, "reference_id": "SHARED-1",
            "currency": "IDR", "amount": 6000, "reason": "REQUESTED_BY_CUSTOMER"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let rep = gw
        .refund(&ask(&c, "SHARED-1", 6_000))
        .await
        .expect("409 answered from the refund list");
    assert_eq!(rep.status, RefundStatus::Succeeded);
    assert_eq!(env.refunds_of(&c).len(), 1);
}

#[tokio::test]
async fn a_refund_of_an_unpaid_or_expired_charge_is_refused() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let unpaid = env.charge(kind, 5_000, None).await;
        let (reason, _) = refused(gw.refund(&ask(&unpaid, "UNPAID-1", 5_000)).await);
        let want = match kind {
            ProviderKind::Midtrans => mid_reasons::CANNOT_UPDATE,
            ProviderKind::Xendit => xen_reasons::INELIGIBLE,
        };
        assert_eq!(reason, want, "{kind:?}");
        let expired = env.charge(kind, 5_000, None).await;
        env.emu.expire(&expired.gateway_ref).unwrap();
        let (reason, _) = refused(gw.refund(&ask(&expired, "EXP-1", 5_000)).await);
        assert_eq!(reason, want, "{kind:?}");
        assert!(env.refunds_of(&unpaid).is_empty() && env.refunds_of(&expired).is_empty());
        // Unknown transaction.
        let mut ghost = ask(&unpaid, "GHOST-1", 5_000);
        ghost.order_id = "no-such-order".into();
        ghost.gateway_ref = Some(match kind {
            ProviderKind::Midtrans => "no-such-tx".into(),
            ProviderKind::Xendit => "pr-no-such".into(),
        });
        assert!(matches!(
            gw.refund(&ghost).await,
            Err(GatewayError::NotFound)
        ));
    }
}

#[tokio::test]
async fn the_gateways_own_refund_still_shows_and_limits_what_is_left() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 10_000, Some(Issuer::GoPay)).await;
        let (st, v) = env
            .control("refund", json!({"id": c.gateway_ref, "amount": 4_000}))
            .await;
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["reversed_amount"], 4_000, "{v}");
        if kind == ProviderKind::Midtrans {
            let s = gw.status(&c.order_id, None).await.unwrap();
            assert_eq!(s.raw_status, "partial_refund");
            let rev = s.reversal.expect("reversal");
            assert!(rev.partial);
            assert_eq!(rev.amount, Some(4_000));
        }
        let (reason, _) = refused(gw.refund(&ask(&c, "AFTER-1", 6_001)).await);
        assert!(reason.contains("melebihi"), "{reason}");
        let req = ask(&c, "AFTER-2", 6_000);
        let rep = gw.refund(&req).await.unwrap();
        settled(gw.as_ref(), &req, rep).await;
        let tx = env.tx(&c);
        assert_eq!((tx.status, tx.reversed_amount), (EmuStatus::Refund, 10_000));
        let recs = env.refunds_of(&c);
        assert_eq!(recs.len(), 2);
        assert!(recs[0].by_gateway && !recs[1].by_gateway);
        assert!(recs.iter().all(|r| r.status == EmuRefundStatus::Succeeded));
    }
}

#[tokio::test]
async fn refund_errors_never_echo_the_key() {
    let env = env().await;
    for kind in BOTH {
        let gw = env.gw(kind);
        let c = env.charge(kind, 5_000, Some(Issuer::Ovo)).await;
        env.emu
            .set_fault(Fault::once(FaultKind::EchoHeaders, FaultTarget::Refund));
        let e = gw
            .refund(&ask(&c, "ECHO-1", 5_000))
            .await
            .expect_err("400 with our headers echoed");
        let (key, other) = match kind {
            ProviderKind::Midtrans => (&env.mid_key, &env.xen_key),
            ProviderKind::Xendit => (&env.xen_key, &env.mid_key),
        };
        let b64 = key
            .basic_auth_header()
            .trim_start_matches("Basic ")
            .to_string();
        for text in [format!("{e:?}"), e.to_string(), e.message_id()] {
            for secret in [key.expose(), other.expose(), b64.as_str()] {
                assert!(!text.contains(secret), "{kind:?}: secret in {text}");
            }
        }
        assert!(env.refunds_of(&c).is_empty());
    }
}

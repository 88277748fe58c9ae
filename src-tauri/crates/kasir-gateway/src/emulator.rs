//! A local payment gateway emulator on 127.0.0.1 speaking both the Midtrans Core API (QRIS
//! subset, `/v2/...`) and Xendit Payments API v3 (`/v3/payment_requests...`), with in-process
//! and HTTP (`/_emulator/...`) controls: pay, expire, fault injection, transaction snapshots.
//! It validates like the real services (auth, bodies, duplicates, 404/406/407/409/412) and mints
//! real dynamic QRIS payloads via `qris`. It owns no client logic and never logs keys.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::error::{GatewayError, Result};
use crate::midtrans::signature;
use crate::model::{format_wib, validate_order_id, Issuer, ProviderKind, MAX_QRIS_AMOUNT};
use crate::qris::{build_dynamic, MerchantInfo};
use crate::secret::SecretKey;

#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// `None` or `Some(0)`: pick a free port.
    pub port: Option<u16>,
    pub midtrans_key: SecretKey,
    pub xendit_key: SecretKey,
    pub merchant: MerchantInfo,
}

/// State of an emulated transaction (Midtrans vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmuStatus {
    Pending,
    Settlement,
    Expire,
    Cancel,
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
    pub issuer: Option<Issuer>,
    /// Settled after it had expired or been cancelled (late-settlement fault).
    pub late_settlement: bool,
}

impl EmuTransaction {
    fn refresh(&mut self, now: DateTime<Utc>) {
        if self.status == EmuStatus::Pending && now >= self.expires_at {
            self.status = EmuStatus::Expire;
        }
    }
    fn reported_amount(&self, delta: i64) -> i64 {
        self.paid_amount
            .unwrap_or(self.amount)
            .saturating_add(delta)
    }
}

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

#[derive(Debug, Default)]
struct State {
    txs: Vec<EmuTransaction>,
    faults: Vec<Fault>,
    /// Midtrans `Idempotency-Key` → (request body, when, original reply). A replay must carry
    /// the same body and come within 5 minutes, as Midtrans keeps keys that long.
    midtrans_idem: HashMap<String, (Value, DateTime<Utc>, Reply)>,
    /// Xendit `Idempotency-key` → original (HTTP status, reply).
    xendit_idem: HashMap<String, (u16, Value)>,
}

struct Shared {
    cfg: EmulatorConfig,
    state: Mutex<State>,
    shutdown: watch::Receiver<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data; keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct Emulator;

impl Emulator {
    /// Binds 127.0.0.1 and serves until [`EmulatorHandle::shutdown`].
    pub async fn start(cfg: EmulatorConfig) -> Result<EmulatorHandle> {
        let port = cfg.port.unwrap_or(0);
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| GatewayError::Config(format!("emulator bind 127.0.0.1:{port}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| GatewayError::Config(format!("emulator address: {e}")))?;
        let (tx, rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            cfg,
            state: Mutex::new(State::default()),
            shutdown: rx.clone(),
        });
        let server_shared = shared.clone();
        let mut stop = rx;
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let conn_shared = server_shared.clone();
                        tokio::spawn(async move {
                            let svc = hyper::service::service_fn(move |req| {
                                let s = conn_shared.clone();
                                async move { handle(s, req).await }
                            });
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), svc)
                                .await;
                        });
                    }
                    _ = stop.changed() => break,
                }
            }
        });
        Ok(EmulatorHandle {
            addr,
            shared,
            stop: Arc::new(tx),
        })
    }
}

/// Handle to a running emulator. Cheap to clone.
#[derive(Clone)]
pub struct EmulatorHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<watch::Sender<bool>>,
}

impl std::fmt::Debug for EmulatorHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("addr", &self.addr)
            .finish()
    }
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT` — use as `GatewayConfig::base_url` for either provider.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and releases hanging requests.
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }

    /// Simulates the customer paying with `issuer`. `id` may be an order id, Midtrans
    /// transaction id or Xendit payment request id.
    pub fn pay(
        &self,
        id: &str,
        issuer: Issuer,
        amount_override: Option<i64>,
    ) -> Result<EmuTransaction> {
        let mut st = self.shared.lock();
        pay_locked(&mut st, id, issuer, amount_override)
    }

    /// Expires a pending transaction now.
    pub fn expire(&self, id: &str) -> Result<EmuTransaction> {
        let mut st = self.shared.lock();
        expire_locked(&mut st, id)
    }

    pub fn set_fault(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    pub fn faults(&self) -> Vec<Fault> {
        self.shared.lock().faults.clone()
    }

    /// All transactions, oldest first, with expiry applied.
    pub fn transactions(&self) -> Vec<EmuTransaction> {
        let mut st = self.shared.lock();
        let now = Utc::now();
        st.txs.iter_mut().for_each(|t| t.refresh(now));
        st.txs.clone()
    }

    /// How many charges/payment requests were created for `order_id` (both providers).
    pub fn charge_count(&self, order_id: &str) -> usize {
        self.shared
            .lock()
            .txs
            .iter()
            .filter(|t| t.order_id == order_id)
            .count()
    }
}

fn find_idx(st: &State, id: &str, provider: Option<ProviderKind>) -> Option<usize> {
    let ok = |t: &EmuTransaction| provider.is_none_or(|p| t.provider == p);
    st.txs
        .iter()
        .position(|t| ok(t) && t.gateway_ref == id)
        .or_else(|| st.txs.iter().rposition(|t| ok(t) && t.order_id == id))
}

fn pay_locked(
    st: &mut State,
    id: &str,
    issuer: Issuer,
    amount_override: Option<i64>,
) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(GatewayError::NotFound)?;
    let now = Utc::now();
    st.txs[idx].refresh(now);
    let late = match st.txs[idx].status {
        EmuStatus::Pending => false,
        EmuStatus::Settlement => {
            return Err(GatewayError::InvalidRequest(
                "transaksi sudah dibayar".into(),
            ))
        }
        EmuStatus::Expire | EmuStatus::Cancel => {
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
                    return Err(GatewayError::InvalidRequest(
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
    Ok(tx.clone())
}

fn expire_locked(st: &mut State, id: &str) -> Result<EmuTransaction> {
    let idx = find_idx(st, id, None).ok_or(GatewayError::NotFound)?;
    let tx = &mut st.txs[idx];
    tx.refresh(Utc::now());
    if tx.status != EmuStatus::Pending {
        return Err(GatewayError::InvalidRequest(
            "hanya transaksi pending yang bisa dikedaluwarsakan".into(),
        ));
    }
    tx.status = EmuStatus::Expire;
    Ok(tx.clone())
}

fn consume(faults: &mut Vec<Fault>, idx: usize) {
    if faults[idx].times == 1 {
        faults.remove(idx);
    } else if faults[idx].times > 1 {
        faults[idx].times -= 1;
    }
}

/// Takes the per-request faults matching `target` (each used once).
fn take_faults(st: &mut State, target: FaultTarget) -> Vec<FaultKind> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < st.faults.len() {
        let f = &st.faults[i];
        let matches = f.kind != FaultKind::LateSettlement
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

#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("emulator dropped the connection on purpose")
    }
}

impl std::error::Error for DropConnection {}

type Reply = (u16, Value);

fn json_response(status: u16, v: &Value) -> Response<Full<Bytes>> {
    raw_response(status, Bytes::from(v.to_string()))
}

fn raw_response(status: u16, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    MidCharge,
    MidStatus(String),
    MidCancel(String),
    MidExpire(String),
    XenCreate,
    XenGet(String),
    XenCancel(String),
    Control(String),
    Unknown,
}

impl Route {
    fn parse(method: &hyper::Method, path: &str) -> Route {
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let post = method == hyper::Method::POST;
        let get = method == hyper::Method::GET;
        match segs.as_slice() {
            ["_emulator", rest @ ..] => Route::Control(rest.join("/")),
            ["v2", "charge"] if post => Route::MidCharge,
            ["v2", id, "status"] if get => Route::MidStatus(id.to_string()),
            ["v2", id, "cancel"] if post => Route::MidCancel(id.to_string()),
            ["v2", id, "expire"] if post => Route::MidExpire(id.to_string()),
            ["v3", "payment_requests"] if post => Route::XenCreate,
            ["v3", "payment_requests", id] if get => Route::XenGet(id.to_string()),
            ["v3", "payment_requests", id, "cancel"] if post => Route::XenCancel(id.to_string()),
            _ => Route::Unknown,
        }
    }

    fn target(&self) -> FaultTarget {
        match self {
            Route::MidCharge | Route::XenCreate => FaultTarget::Charge,
            Route::MidStatus(_) | Route::XenGet(_) => FaultTarget::Status,
            Route::MidCancel(_) | Route::XenCancel(_) => FaultTarget::Cancel,
            Route::MidExpire(_) => FaultTarget::Expire,
            Route::Control(_) | Route::Unknown => FaultTarget::Any,
        }
    }

    fn is_midtrans(&self) -> bool {
        matches!(
            self,
            Route::MidCharge | Route::MidStatus(_) | Route::MidCancel(_) | Route::MidExpire(_)
        )
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Tweaks {
    amount_delta: i64,
    bad_signature: bool,
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> std::result::Result<Response<Full<Bytes>>, DropConnection> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let body = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(json_response(413, &json!({"error": "body too large"}))),
    };
    let route = Route::parse(&method, &path);
    if let Route::Control(cmd) = &route {
        let (st, v) = control(&shared, &method, cmd, &body);
        return Ok(json_response(st, &v));
    }
    if route == Route::Unknown {
        return Ok(json_response(
            404,
            &json!({"status_code": "404", "error_code": "NOT_FOUND", "message": "unknown path"}),
        ));
    }

    let faults = {
        let mut st = shared.lock();
        take_faults(&mut st, route.target())
    };
    let mut tweaks = Tweaks::default();
    let mut after: Option<FaultKind> = None;
    for f in &faults {
        match f {
            FaultKind::Latency { ms } => tokio::time::sleep(Duration::from_millis(*ms)).await,
            FaultKind::Status { status } => {
                let s = *status;
                let v = if route.is_midtrans() {
                    json!({"status_code": s.to_string(), "status_message": "Emulated gateway failure"})
                } else {
                    let code = match s {
                        429 => "RATE_LIMIT_EXCEEDED",
                        503 => "CHANNEL_UNAVAILABLE",
                        _ => "SERVER_ERROR",
                    };
                    json!({"error_code": code, "message": "Emulated gateway failure"})
                };
                return Ok(json_response(s, &v));
            }
            FaultKind::WrongAmount { delta } => tweaks.amount_delta = *delta,
            FaultKind::BadSignature => tweaks.bad_signature = true,
            FaultKind::Hang | FaultKind::DropConnection | FaultKind::MalformedJson => {
                after = Some(f.clone())
            }
            FaultKind::LateSettlement => {}
        }
    }

    let (status, reply) = {
        let mut st = shared.lock();
        let cfg = &shared.cfg;
        let auth = headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let idem = headers
            .get("idempotency-key")
            .and_then(|h| h.to_str().ok())
            .map(str::to_string);
        if route.is_midtrans() {
            if auth != cfg.midtrans_key.basic_auth_header() || cfg.midtrans_key.is_empty() {
                (
                    401,
                    json!({"status_code": "401",
                    "status_message": "Unknown Merchant server_key/id",
                    "id": uuid::Uuid::new_v4().to_string()}),
                )
            } else {
                midtrans_route(&mut st, cfg, &route, &body, idem, tweaks)
            }
        } else if auth != cfg.xendit_key.basic_auth_header() || cfg.xendit_key.is_empty() {
            (
                401,
                json!({"error_code": "INVALID_API_KEY", "message": "API key is invalid"}),
            )
        } else if headers.get("api-version").is_none() {
            (
                400,
                json!({"error_code": "API_VALIDATION_ERROR", "message": "api-version header is required"}),
            )
        } else {
            xendit_route(&mut st, cfg, &route, &body, idem, tweaks)
        }
    };

    match after {
        Some(FaultKind::Hang) => {
            let mut stop = shared.shutdown.clone();
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(300)) => {}
                _ = stop.wait_for(|s| *s) => {}
            }
            Err(DropConnection)
        }
        Some(FaultKind::DropConnection) => Err(DropConnection),
        Some(FaultKind::MalformedJson) => {
            let text = reply.to_string();
            let cut = text.len() / 2;
            Ok(raw_response(200, Bytes::from(text[..cut].to_string())))
        }
        _ => Ok(json_response(status, &reply)),
    }
}

fn control(shared: &Shared, method: &hyper::Method, cmd: &str, body: &[u8]) -> Reply {
    let parsed: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return (400, json!({"error": format!("bad JSON: {e}")})),
        }
    };
    let err = |e: GatewayError| {
        let st = match e {
            GatewayError::NotFound => 404,
            _ => 409,
        };
        (st, json!({"error": e.to_string()}))
    };
    let mut st = shared.lock();
    match (method.as_str(), cmd) {
        ("POST", "pay") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            let issuer = match parsed.get("issuer").and_then(Value::as_str) {
                None => Issuer::GoPay,
                Some(s) => match Issuer::parse(s) {
                    Some(i) => i,
                    None => return (400, json!({"error": format!("unknown issuer {s:?}")})),
                },
            };
            let amount = parsed.get("amount").and_then(Value::as_i64);
            match pay_locked(&mut st, id, issuer, amount) {
                Ok(t) => (200, json!(t)),
                Err(e) => err(e),
            }
        }
        ("POST", "expire") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            match expire_locked(&mut st, id) {
                Ok(t) => (200, json!(t)),
                Err(e) => err(e),
            }
        }
        ("POST", "faults") => match serde_json::from_value::<Fault>(parsed) {
            Ok(f) => {
                st.faults.push(f);
                (200, json!({"faults": st.faults}))
            }
            Err(e) => (400, json!({"error": format!("bad fault: {e}")})),
        },
        ("DELETE", "faults") => {
            st.faults.clear();
            (200, json!({"faults": []}))
        }
        ("GET", "faults") => (200, json!({"faults": st.faults})),
        ("GET", "transactions") => {
            let now = Utc::now();
            st.txs.iter_mut().for_each(|t| t.refresh(now));
            (200, json!({"transactions": st.txs}))
        }
        _ => (404, json!({"error": "unknown control endpoint"})),
    }
}

// ---------------------------------------------------------------- Midtrans

fn mid_error(code: u16, message: &str) -> Reply {
    (
        code,
        json!({"status_code": code.to_string(), "status_message": message,
               "id": uuid::Uuid::new_v4().to_string()}),
    )
}

fn mid_validation(messages: Vec<String>) -> Reply {
    (
        400,
        json!({"status_code": "400",
               "status_message": "One or more parameters in the payload is invalid.",
               "validation_messages": messages,
               "id": uuid::Uuid::new_v4().to_string()}),
    )
}

fn gross(amount: i64) -> String {
    format!("{amount}.00")
}

fn mid_status_code(s: EmuStatus) -> &'static str {
    match s {
        EmuStatus::Pending => "201",
        EmuStatus::Settlement | EmuStatus::Cancel => "200",
        EmuStatus::Expire => "407",
    }
}

fn mid_status_reply(tx: &EmuTransaction, key: &SecretKey, merchant_id: &str, tw: Tweaks) -> Value {
    let code = mid_status_code(tx.status);
    let gross_amount = gross(tx.reported_amount(tw.amount_delta));
    let mut sig = signature(&tx.order_id, code, &gross_amount, key);
    if tw.bad_signature {
        sig = signature(
            &tx.order_id,
            code,
            &gross_amount,
            &SecretKey::new("not-the-key"),
        );
    }
    let mut v = json!({
        "status_code": code,
        "status_message": "Success, transaction is found",
        "transaction_id": tx.gateway_ref,
        "order_id": tx.order_id,
        "merchant_id": merchant_id,
        "gross_amount": gross_amount,
        "currency": "IDR",
        "payment_type": "qris",
        "transaction_time": format_wib(tx.created_at),
        "transaction_status": match tx.status {
            EmuStatus::Pending => "pending",
            EmuStatus::Settlement => "settlement",
            EmuStatus::Expire => "expire",
            EmuStatus::Cancel => "cancel",
        },
        "fraud_status": "accept",
        "acquirer": "gopay",
        "expiry_time": format_wib(tx.expires_at),
        "signature_key": sig,
    });
    if let (Some(paid), Some(issuer)) = (tx.paid_at, tx.issuer) {
        v["settlement_time"] = json!(format_wib(paid));
        v["issuer"] = json!(issuer.as_str());
    }
    v
}

fn midtrans_route(
    st: &mut State,
    cfg: &EmulatorConfig,
    route: &Route,
    body: &[u8],
    idem: Option<String>,
    tw: Tweaks,
) -> Reply {
    let now = Utc::now();
    let merchant_id = cfg.merchant.merchant_id.clone();
    match route {
        Route::MidCharge => {
            let body_json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
            if let Some(k) = &idem {
                if let Some((b, at, reply)) = st.midtrans_idem.get(k) {
                    if *b == body_json && now - *at < ChronoDuration::minutes(5) {
                        return reply.clone();
                    }
                }
            }
            let reply = midtrans_charge(st, cfg, body, now);
            if let Some(k) = idem {
                if (200..300).contains(&reply.0) {
                    st.midtrans_idem.insert(k, (body_json, now, reply.clone()));
                }
            }
            reply
        }
        Route::MidStatus(id) | Route::MidCancel(id) | Route::MidExpire(id) => {
            let Some(idx) = find_idx(st, id, Some(ProviderKind::Midtrans)) else {
                // Real Midtrans answers an unknown id with HTTP 200 and body 404 on status.
                let (_, v) = mid_error(404, "Transaction doesn't exist.");
                let http = if matches!(route, Route::MidStatus(_)) {
                    200
                } else {
                    404
                };
                return (http, v);
            };
            let tx = &mut st.txs[idx];
            tx.refresh(now);
            match route {
                Route::MidStatus(_) => (
                    200,
                    mid_status_reply(tx, &cfg.midtrans_key, &merchant_id, tw),
                ),
                Route::MidCancel(_) => {
                    if tx.status != EmuStatus::Pending {
                        return mid_error(412, "Merchant cannot modify status of the transaction");
                    }
                    tx.status = EmuStatus::Cancel;
                    let mut v = mid_status_reply(tx, &cfg.midtrans_key, &merchant_id, tw);
                    v["status_message"] = json!("Success, transaction is canceled");
                    (200, v)
                }
                _ => {
                    if tx.status != EmuStatus::Pending {
                        return mid_error(412, "Merchant cannot modify status of the transaction");
                    }
                    tx.status = EmuStatus::Expire;
                    let mut v = mid_status_reply(tx, &cfg.midtrans_key, &merchant_id, tw);
                    v["status_message"] = json!("Success, transaction has expired");
                    (200, v)
                }
            }
        }
        _ => mid_error(404, "unknown path"),
    }
}

fn midtrans_charge(st: &mut State, cfg: &EmulatorConfig, body: &[u8], now: DateTime<Utc>) -> Reply {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return mid_validation(vec!["Request body is not valid JSON".into()]),
    };
    let mut problems = Vec::new();
    if v.get("payment_type").and_then(Value::as_str) != Some("qris") {
        problems.push("payment_type must be qris".to_string());
    }
    let td = v.get("transaction_details");
    let order_id = td.and_then(|t| t.get("order_id")).and_then(Value::as_str);
    match order_id {
        None => problems.push("transaction_details.order_id is required".into()),
        Some(o) if validate_order_id(o).is_err() => problems.push(
            "transaction_details.order_id must be 1-50 characters of letters, digits, - _ ~ ."
                .into(),
        ),
        _ => {}
    }
    let amount = match td.and_then(|t| t.get("gross_amount")) {
        None => {
            problems.push("transaction_details.gross_amount is required".into());
            None
        }
        Some(g) => match g.as_i64() {
            Some(a) if a <= 0 => {
                problems.push("transaction_details.gross_amount must be greater than 0".into());
                None
            }
            Some(a) if a > MAX_QRIS_AMOUNT => {
                problems.push(
                    "transaction_details.gross_amount exceeds the QRIS limit of 10000000".into(),
                );
                None
            }
            Some(a) => Some(a),
            None => {
                problems.push("transaction_details.gross_amount must be an integer".into());
                None
            }
        },
    };
    if let (Some(items), Some(a)) = (v.get("item_details").and_then(Value::as_array), amount) {
        let mut sum: Option<i64> = Some(0);
        for it in items {
            let p = it.get("price").and_then(Value::as_i64);
            let q = it.get("quantity").and_then(Value::as_i64);
            sum = match (sum, p, q) {
                (Some(s), Some(p), Some(q)) => p.checked_mul(q).and_then(|x| s.checked_add(x)),
                _ => None,
            };
        }
        if sum != Some(a) {
            problems.push(
                "transaction_details.gross_amount is not equal to the sum of item_details".into(),
            );
        }
    }
    let expiry = match v.get("custom_expiry") {
        None => Some(ChronoDuration::minutes(15)),
        Some(ce) => {
            let d = ce
                .get("expiry_duration")
                .and_then(Value::as_i64)
                .filter(|d| *d > 0);
            let unit = ce.get("unit").and_then(Value::as_str).unwrap_or("minute");
            match (d, unit) {
                (Some(d), "second") => Some(ChronoDuration::seconds(d)),
                (Some(d), "minute") => Some(ChronoDuration::minutes(d)),
                (Some(d), "hour") => Some(ChronoDuration::hours(d)),
                (Some(d), "day") => Some(ChronoDuration::days(d)),
                _ => {
                    problems.push("custom_expiry is invalid".into());
                    None
                }
            }
        }
    };
    let (Some(order_id), Some(amount), Some(expiry), true) =
        (order_id, amount, expiry, problems.is_empty())
    else {
        return mid_validation(problems);
    };
    let busy = st.txs.iter_mut().any(|t| {
        t.refresh(now);
        t.provider == ProviderKind::Midtrans
            && t.order_id == order_id
            && matches!(t.status, EmuStatus::Pending | EmuStatus::Settlement)
    });
    if busy {
        return mid_error(
            406,
            "The request could not be completed due to a conflict with the current state of the target resource, please try again",
        );
    }
    let id = uuid::Uuid::new_v4().to_string();
    let tx = EmuTransaction {
        provider: ProviderKind::Midtrans,
        order_id: order_id.to_string(),
        gateway_ref: id.clone(),
        amount,
        paid_amount: None,
        status: EmuStatus::Pending,
        qr_string: build_dynamic(&cfg.merchant, amount, order_id),
        created_at: now,
        expires_at: now + expiry,
        paid_at: None,
        issuer: None,
        late_settlement: false,
    };
    let reply = json!({
        "status_code": "201",
        "status_message": "QRIS transaction is created",
        "transaction_id": id,
        "order_id": tx.order_id,
        "merchant_id": cfg.merchant.merchant_id,
        "gross_amount": gross(amount),
        "currency": "IDR",
        "payment_type": "qris",
        "transaction_time": format_wib(now),
        "transaction_status": "pending",
        "fraud_status": "accept",
        "actions": [{
            "name": "generate-qr-code",
            "method": "GET",
            "url": format!("/v2/qris/{id}/qr-code"),
        }],
        "qr_string": tx.qr_string,
        "acquirer": "gopay",
        "expiry_time": format_wib(tx.expires_at),
    });
    st.txs.push(tx);
    (200, reply)
}

// ---------------------------------------------------------------- Xendit

fn xen_error(status: u16, code: &str, message: &str) -> Reply {
    (status, json!({"error_code": code, "message": message}))
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn xen_reply(tx: &EmuTransaction, tw: Tweaks) -> Value {
    let status = match tx.status {
        EmuStatus::Pending => "REQUIRES_ACTION",
        EmuStatus::Settlement => "SUCCEEDED",
        EmuStatus::Expire => "EXPIRED",
        EmuStatus::Cancel => "CANCELED",
    };
    let mut v = json!({
        "payment_request_id": tx.gateway_ref,
        "reference_id": tx.order_id,
        "business_id": "emulator-business",
        "type": "PAY",
        "country": "ID",
        "currency": "IDR",
        "request_amount": tx.reported_amount(tw.amount_delta),
        "capture_method": "AUTOMATIC",
        "channel_code": "QRIS",
        "channel_properties": { "expires_at": iso(tx.expires_at) },
        "status": status,
        "created": iso(tx.created_at),
        "updated": iso(tx.paid_at.unwrap_or(tx.created_at)),
    });
    if tx.status == EmuStatus::Pending {
        v["actions"] = json!([{
            "type": "PRESENT_TO_CUSTOMER",
            "descriptor": "QR_STRING",
            "value": tx.qr_string,
        }]);
    }
    if let (Some(paid), Some(issuer)) = (tx.paid_at, tx.issuer) {
        v["latest_payment_id"] = json!(format!("py-{}", tx.gateway_ref.trim_start_matches("pr-")));
        v["payment_details"] = json!({
            "issuer_name": issuer.label(),
            "receipt_id": format!("RCPT{}", paid.timestamp()),
            "paid_at": iso(paid),
        });
    }
    v
}

fn xendit_route(
    st: &mut State,
    cfg: &EmulatorConfig,
    route: &Route,
    body: &[u8],
    idem: Option<String>,
    tw: Tweaks,
) -> Reply {
    let now = Utc::now();
    match route {
        Route::XenCreate => {
            if let Some(k) = &idem {
                if let Some((s, v)) = st.xendit_idem.get(k) {
                    return (*s, v.clone());
                }
            }
            let reply = xendit_create(st, cfg, body, now);
            if let Some(k) = idem {
                if (200..300).contains(&reply.0) {
                    st.xendit_idem.insert(k, reply.clone());
                }
            }
            reply
        }
        Route::XenGet(id) | Route::XenCancel(id) => {
            let Some(idx) = st
                .txs
                .iter()
                .position(|t| t.provider == ProviderKind::Xendit && t.gateway_ref == *id)
            else {
                return xen_error(404, "DATA_NOT_FOUND", "Payment request not found");
            };
            let tx = &mut st.txs[idx];
            tx.refresh(now);
            if matches!(route, Route::XenCancel(_)) {
                if tx.status != EmuStatus::Pending {
                    return xen_error(
                        400,
                        "INVALID_PAYMENT_REQUEST_STATUS",
                        "Payment request can no longer be canceled",
                    );
                }
                tx.status = EmuStatus::Cancel;
            }
            (200, xen_reply(tx, tw))
        }
        _ => xen_error(404, "NOT_FOUND", "unknown path"),
    }
}

fn xendit_create(st: &mut State, cfg: &EmulatorConfig, body: &[u8], now: DateTime<Utc>) -> Reply {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return xen_error(
            400,
            "API_VALIDATION_ERROR",
            "Request body is not valid JSON",
        );
    };
    let invalid = |m: &str| xen_error(400, "API_VALIDATION_ERROR", m);
    let Some(reference_id) = v.get("reference_id").and_then(Value::as_str) else {
        return invalid("reference_id is required");
    };
    if validate_order_id(reference_id).is_err() {
        return invalid("reference_id must be 1-50 characters of letters, digits, - _ ~ .");
    }
    for (field, want) in [
        ("type", "PAY"),
        ("country", "ID"),
        ("currency", "IDR"),
        ("channel_code", "QRIS"),
    ] {
        if v.get(field).and_then(Value::as_str) != Some(want) {
            return invalid(&format!("{field} must be {want}"));
        }
    }
    let amount = match v.get("request_amount").and_then(Value::as_i64) {
        Some(a) if a > 0 && a <= MAX_QRIS_AMOUNT => a,
        _ => return invalid("request_amount must be an integer between 1 and 10000000"),
    };
    let expires_at = match v.pointer("/channel_properties/expires_at") {
        None | Some(Value::Null) => now + ChronoDuration::minutes(15),
        Some(x) => match x
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        {
            Some(t) if t.with_timezone(&Utc) > now => t.with_timezone(&Utc),
            _ => return invalid("channel_properties.expires_at must be a future ISO 8601 time"),
        },
    };
    if st
        .txs
        .iter()
        .any(|t| t.provider == ProviderKind::Xendit && t.order_id == reference_id)
    {
        return xen_error(
            409,
            "DUPLICATE_ERROR",
            "A payment request with this reference_id already exists",
        );
    }
    let tx = EmuTransaction {
        provider: ProviderKind::Xendit,
        order_id: reference_id.to_string(),
        gateway_ref: format!("pr-{}", uuid::Uuid::new_v4()),
        amount,
        paid_amount: None,
        status: EmuStatus::Pending,
        qr_string: build_dynamic(&cfg.merchant, amount, reference_id),
        created_at: now,
        expires_at,
        paid_at: None,
        issuer: None,
        late_settlement: false,
    };
    let reply = xen_reply(&tx, Tweaks::default());
    st.txs.push(tx);
    (201, reply)
}

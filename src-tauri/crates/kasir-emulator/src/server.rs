//! The HTTP server: binds 127.0.0.1, routes each request to the Midtrans or Xendit side or to
//! the control API (`/_emulator/pay|expire|faults|transactions|refunds|refund_complete|
//! refund_fail`), checks the key the way each
//! gateway does, and applies the faults waiting for the request (a status, latency, hang,
//! broken JSON, a dropped connection). The in-process [`EmulatorHandle`] offers the same
//! controls. Never logs a key or a header.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use kasir_shared::Issuer;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::error::{EmulatorError, Result};
use crate::faults::{take_faults, Fault, FaultKind, FaultTarget, Tweaks};
use crate::midtrans::midtrans_route;
use crate::refunds::{settle_refund, EmuRefund};
use crate::state::{
    expire_locked, hold_in_flight_locked, pay_locked, reverse_locked, EmuTransaction, Reply, State,
};
use crate::xendit::xendit_route;
use crate::EmulatorConfig;

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

    /// The emulator's "now", from the clock it was given.
    fn now(&self) -> DateTime<Utc> {
        (self.cfg.clock)()
    }
}

pub struct Emulator;

impl Emulator {
    /// Binds 127.0.0.1 and serves until [`EmulatorHandle::shutdown`].
    pub async fn start(cfg: EmulatorConfig) -> Result<EmulatorHandle> {
        let port = cfg.port.unwrap_or(0);
        let bind_error = |e: std::io::Error| EmulatorError::Bind {
            port,
            detail: e.to_string(),
        };
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
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
        let now = self.shared.now();
        let mut st = self.shared.lock();
        pay_locked(&mut st, id, issuer, amount_override, now)
    }

    /// Expires a pending transaction now.
    pub fn expire(&self, id: &str) -> Result<EmuTransaction> {
        let now = self.shared.now();
        let mut st = self.shared.lock();
        expire_locked(&mut st, id, now)
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
        let now = self.shared.now();
        let mut st = self.shared.lock();
        st.refresh_all(now);
        st.txs.clone()
    }

    /// A payment is in flight on this pending transaction: it stays pending past its expiry
    /// and expire/cancel are refused (Midtrans 412) until [`pay`](Self::pay).
    pub fn hold_in_flight(&self, id: &str) -> Result<EmuTransaction> {
        let now = self.shared.now();
        let mut st = self.shared.lock();
        hold_in_flight_locked(&mut st, id, now)
    }

    /// Refund (or, with `chargeback`, charge back) `amount` of a settled transaction
    /// (`None` = all that is left).
    pub fn reverse(
        &self,
        id: &str,
        amount: Option<i64>,
        chargeback: bool,
    ) -> Result<EmuTransaction> {
        let now = self.shared.now();
        let mut st = self.shared.lock();
        reverse_locked(&mut st, id, amount, chargeback, now)
    }

    /// Gateway API requests received so far (control API excluded), stamped with the
    /// emulator's clock: tests count them per simulated minute.
    pub fn request_times(&self) -> Vec<DateTime<Utc>> {
        self.shared.lock().requests.clone()
    }

    /// Every refund asked through the APIs or made by the gateway, oldest first.
    pub fn refunds(&self) -> Vec<EmuRefund> {
        self.shared.lock().refunds.clone()
    }

    /// The pending refund `id` (its gateway id or its `refund_key`) goes through.
    pub fn refund_complete(&self, id: &str) -> Result<EmuRefund> {
        let now = self.shared.now();
        settle_refund(&mut self.shared.lock(), id, true, None, now)
    }

    /// The pending refund `id` fails with `failure_code` (default `REFUND_FAILED`).
    pub fn refund_fail(&self, id: &str, failure_code: Option<&str>) -> Result<EmuRefund> {
        let now = self.shared.now();
        settle_refund(
            &mut self.shared.lock(),
            id,
            false,
            failure_code.map(str::to_string),
            now,
        )
    }

    /// Gateway API requests so far as `METHOD /path`, in order (control API excluded).
    pub fn request_log(&self) -> Vec<String> {
        self.shared.lock().request_log.clone()
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

#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("emulator dropped the connection on purpose")
    }
}

impl std::error::Error for DropConnection {}

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

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    MidCharge,
    MidStatus(String),
    MidCancel(String),
    MidExpire(String),
    XenCreate,
    XenGet(String),
    XenCancel(String),
    /// `POST /v2/{id}/refund/online/direct` (or the plain `/v2/{id}/refund`).
    MidRefund(String),
    /// `POST /refunds`.
    XenRefundCreate,
    /// `GET /refunds/{id}`.
    XenRefundGet(String),
    /// `GET /refunds?payment_request_id=…`.
    XenRefundList(Option<String>),
    /// `GET /v2/qris/{id}/qr-code`: the QR image of a Midtrans charge.
    MidQrImage(String),
    Control(String),
    Unknown,
}

impl Route {
    fn parse(method: &hyper::Method, path: &str, query: Option<&str>) -> Route {
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let post = method == hyper::Method::POST;
        let get = method == hyper::Method::GET;
        match segs.as_slice() {
            ["_emulator", rest @ ..] => Route::Control(rest.join("/")),
            ["v2", "charge"] if post => Route::MidCharge,
            ["v2", "qris", id, "qr-code"] if get => Route::MidQrImage(id.to_string()),
            ["v2", id, "status"] if get => Route::MidStatus(id.to_string()),
            ["v2", id, "cancel"] if post => Route::MidCancel(id.to_string()),
            ["v2", id, "expire"] if post => Route::MidExpire(id.to_string()),
            ["v3", "payment_requests"] if post => Route::XenCreate,
            ["v3", "payment_requests", id] if get => Route::XenGet(id.to_string()),
            ["v3", "payment_requests", id, "cancel"] if post => Route::XenCancel(id.to_string()),
            ["v2", id, "refund", "online", "direct"] | ["v2", id, "refund"] if post => {
                Route::MidRefund(id.to_string())
            }
            ["refunds"] if post => Route::XenRefundCreate,
            ["refunds"] if get => Route::XenRefundList(query.and_then(|q| {
                q.split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .find(|(k, _)| *k == "payment_request_id")
                    .map(|(_, v)| v.to_string())
            })),
            ["refunds", id] if get => Route::XenRefundGet(id.to_string()),
            _ => Route::Unknown,
        }
    }

    fn target(&self) -> FaultTarget {
        match self {
            Route::MidCharge | Route::XenCreate => FaultTarget::Charge,
            Route::MidStatus(_) | Route::XenGet(_) => FaultTarget::Status,
            Route::MidCancel(_) | Route::XenCancel(_) => FaultTarget::Cancel,
            Route::MidExpire(_) => FaultTarget::Expire,
            Route::MidRefund(_) | Route::XenRefundCreate => FaultTarget::Refund,
            Route::XenRefundGet(_) | Route::XenRefundList(_) => FaultTarget::Status,
            Route::Control(_) | Route::Unknown | Route::MidQrImage(_) => FaultTarget::Any,
        }
    }

    fn is_midtrans(&self) -> bool {
        matches!(
            self,
            Route::MidCharge
                | Route::MidStatus(_)
                | Route::MidCancel(_)
                | Route::MidExpire(_)
                | Route::MidRefund(_)
        )
    }
}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> std::result::Result<Response<Full<Bytes>>, DropConnection> {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let req_query = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();
    let body = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(json_response(413, &json!({"error": "body too large"}))),
    };
    let query = req_query;
    let route = Route::parse(&method, &path, query.as_deref());
    if let Route::Control(cmd) = &route {
        let (st, v) = control(&shared, &method, cmd, &body);
        return Ok(json_response(st, &v));
    }
    if let Route::MidQrImage(id) = &route {
        let qr = {
            let st = shared.lock();
            st.txs
                .iter()
                .find(|t| t.gateway_ref == *id)
                .map(|t| t.qr_string.clone())
        };
        return Ok(match qr.and_then(|q| qr_svg(&q)) {
            Some(svg) => {
                let mut r = raw_response(200, Bytes::from(svg));
                r.headers_mut().insert(
                    hyper::header::CONTENT_TYPE,
                    hyper::header::HeaderValue::from_static("image/svg+xml"),
                );
                r
            }
            None => json_response(
                404,
                &json!({"status_code": "404", "status_message": "not found"}),
            ),
        });
    }
    if route == Route::Unknown {
        return Ok(json_response(
            404,
            &json!({"status_code": "404", "error_code": "NOT_FOUND", "message": "unknown path"}),
        ));
    }

    let faults = {
        let now = shared.now();
        let mut st = shared.lock();
        st.requests.push(now);
        st.request_log.push(format!("{method} {path}"));
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
            FaultKind::StillProcessing => tweaks.still_processing = true,
            FaultKind::NoQrString => tweaks.no_qr_string = true,
            FaultKind::RefundRefused => tweaks.refund_refused = true,
            FaultKind::RefundPending { checks } => tweaks.refund_pending = Some(*checks),
            FaultKind::EchoHeaders => {
                let echoed: Vec<String> = headers
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k, v.to_str().unwrap_or("")))
                    .collect();
                let text = format!("Bad request. Headers received: {}", echoed.join(", "));
                let v = if route.is_midtrans() {
                    json!({"status_code": "400", "status_message": text,
                           "validation_messages": [format!("echo {}", echoed.join(" | "))]})
                } else {
                    json!({"error_code": "API_VALIDATION_ERROR", "message": text})
                };
                return Ok(with_date(json_response(400, &v), shared.now()));
            }
            FaultKind::LateSettlement => {}
        }
    }

    let (status, reply) = {
        let now = shared.now();
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
                midtrans_route(&mut st, cfg, &route, &body, idem, tweaks, now)
            }
        } else if auth != cfg.xendit_key.basic_auth_header() || cfg.xendit_key.is_empty() {
            (
                401,
                json!({"error_code": "INVALID_API_KEY", "message": "API key is invalid"}),
            )
        } else if headers.get("api-version").is_none()
            && !matches!(
                route,
                Route::XenRefundCreate | Route::XenRefundGet(_) | Route::XenRefundList(_)
            )
        {
            (
                400,
                json!({"error_code": "API_VALIDATION_ERROR", "message": "api-version header is required"}),
            )
        } else {
            xendit_route(&mut st, cfg, &route, &body, idem, tweaks, now)
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
        _ => Ok(with_date(json_response(status, &reply), shared.now())),
    }
}

/// The HTTP `Date` header, from the emulator's clock (clients measure their skew with it).
fn with_date(mut r: Response<Full<Bytes>>, now: DateTime<Utc>) -> Response<Full<Bytes>> {
    if let Ok(v) = hyper::header::HeaderValue::from_str(&kasir_gateway::format_http_date(now)) {
        r.headers_mut().insert(hyper::header::DATE, v);
    }
    r
}

/// A QR payload as a small SVG (black modules on white), for the image-URL fallback.
fn qr_svg(payload: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(payload.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .build(),
    )
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
    let err = |e: EmulatorError| {
        let st = match e {
            EmulatorError::NotFound => 404,
            _ => 409,
        };
        (st, json!({"error": e.to_string()}))
    };
    let now = shared.now();
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
            match pay_locked(&mut st, id, issuer, amount, now) {
                Ok(t) => (200, json!(t)),
                Err(e) => err(e),
            }
        }
        ("POST", "hold") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            match hold_in_flight_locked(&mut st, id, now) {
                Ok(t) => (200, json!(t)),
                Err(e) => err(e),
            }
        }
        ("POST", "refund") | ("POST", "chargeback") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            let amount = parsed.get("amount").and_then(Value::as_i64);
            match reverse_locked(&mut st, id, amount, cmd == "chargeback", now) {
                Ok(t) => (200, json!(t)),
                Err(e) => err(e),
            }
        }
        ("GET", "requests") => (
            200,
            json!({"count": st.requests.len(), "log": st.request_log}),
        ),
        ("GET", "refunds") => (200, json!({"refunds": st.refunds})),
        ("POST", "refund_complete") | ("POST", "refund_fail") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            let code = parsed
                .get("failure_code")
                .and_then(Value::as_str)
                .map(str::to_string);
            match settle_refund(&mut st, id, cmd == "refund_complete", code, now) {
                Ok(r) => (200, json!(r)),
                Err(e) => err(e),
            }
        }
        ("POST", "expire") => {
            let Some(id) = parsed.get("id").and_then(Value::as_str) else {
                return (400, json!({"error": "id is required"}));
            };
            match expire_locked(&mut st, id, now) {
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
            st.refresh_all(now);
            (200, json!({"transactions": st.txs}))
        }
        _ => (404, json!({"error": "unknown control endpoint"})),
    }
}

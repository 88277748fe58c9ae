//! The transport seam: a gateway client builds a [`Request`] (method, path, headers including
//! the idempotency key, a JSON body serialised from a typed struct) and hands it to a
//! [`Transport`], which answers with a [`Response`] (status, headers, body) or a typed
//! [`TransportError`]. The error records where it hit (connect vs response phase), so "may the
//! charge have happened?" stays visible all the way up.
//!
//! Implementations: [`ReqwestTransport`] (real HTTP) and [`FakeTransport`] (scripted replies for
//! client logic tests). This module knows no gateway's JSON and never prints a header value:
//! `Request`'s `Debug` redacts `Authorization`.

use async_trait::async_trait;
use serde::Serialize;

use crate::error::{GatewayError, Result, TimeoutPhase};

mod fake;
mod reqwest_transport;

pub use fake::FakeTransport;
pub use reqwest_transport::ReqwestTransport;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// The `{}` body of a POST that carries no fields (Midtrans cancel/expire, Xendit cancel).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EmptyBody {}

/// One request as a client built it; the transport adds only the base URL.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// Path and query, starting with `/`.
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    /// The serialised JSON body, if any.
    pub body: Option<Vec<u8>>,
}

impl Request {
    /// A `GET` that accepts JSON.
    pub fn get(path: impl Into<String>) -> Request {
        Request {
            method: Method::Get,
            path: path.into(),
            headers: vec![("Accept", "application/json".into())],
            body: None,
        }
    }

    /// A `POST` of `body` as JSON.
    pub fn post<B: Serialize>(path: impl Into<String>, body: &B) -> Result<Request> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| GatewayError::InvalidRequest(format!("body: {e}")))?;
        Ok(Request {
            method: Method::Post,
            path: path.into(),
            headers: vec![
                ("Accept", "application/json".into()),
                ("Content-Type", "application/json".into()),
            ],
            body: Some(bytes),
        })
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }

    /// The value of a header (name compared case-insensitively).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed back as JSON (tests and fakes).
    pub fn json_body(&self) -> Option<serde_json::Value> {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case("authorization") {
                    (*k, "***")
                } else {
                    (*k, v.as_str())
                }
            })
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// A finished HTTP exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no [`Response`] came back. Never carries a header value or the URL's credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection was made (DNS, refused): the request never left.
    #[error("connect failed: {detail}")]
    Connect { detail: String },
    /// Time ran out; `phase` says whether the request could have reached the gateway.
    #[error("timed out ({phase:?} phase)")]
    Timeout { phase: TimeoutPhase },
    /// The connection broke after the request was (possibly) written.
    #[error("connection broken: {detail}")]
    Broken { detail: String },
    /// The request could not be built (bad base URL or header).
    #[error("request could not be built: {detail}")]
    Build { detail: String },
}

impl TransportError {
    /// True when the gateway may have acted on the request although no reply came back.
    pub fn may_have_reached_gateway(&self) -> bool {
        match self {
            TransportError::Timeout { phase } => *phase == TimeoutPhase::Response,
            TransportError::Broken { .. } => true,
            TransportError::Connect { .. } | TransportError::Build { .. } => false,
        }
    }
}

impl From<TransportError> for GatewayError {
    fn from(e: TransportError) -> GatewayError {
        match e {
            TransportError::Connect { detail } => GatewayError::Unreachable {
                detail,
                after_send: false,
            },
            TransportError::Timeout { phase } => GatewayError::Timeout { phase },
            TransportError::Broken { detail } => GatewayError::Unreachable {
                detail,
                after_send: true,
            },
            TransportError::Build { detail } => GatewayError::Config(detail),
        }
    }
}

/// Sends one request, no retry. Implementations must not log or echo request headers.
#[async_trait]
pub trait Transport: Send + Sync {
    async fn send(&self, req: &Request) -> std::result::Result<Response, TransportError>;
}

/// The skew between the gateway's clock and ours, read from the HTTP `Date` header of each
/// reply (gateway − local, at the instant the reply arrived). Shop PCs are often hours off.
pub struct SkewMeter {
    clock: kasir_shared::time::Clock,
    last: std::sync::Mutex<Option<chrono::Duration>>,
}

impl SkewMeter {
    pub fn new(clock: kasir_shared::time::Clock) -> SkewMeter {
        SkewMeter {
            clock,
            last: std::sync::Mutex::new(None),
        }
    }

    /// Record the skew a reply shows (replies without a readable `Date` change nothing).
    pub fn observe(&self, reply: &Response) {
        let Some(server) = reply.header("date").and_then(parse_http_date) else {
            return;
        };
        let skew = server - (self.clock)();
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(skew);
    }

    /// The last skew seen, if any reply carried a `Date`.
    pub fn last(&self) -> Option<chrono::Duration> {
        *self.last.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc2822(s.trim())
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// HTTP-date of an instant, as a server writes it.
pub fn format_http_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A QR image fetched for the window (the gateway sent only its URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrImage {
    /// `image/png`, `image/svg+xml`, …
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Largest QR image accepted.
pub const MAX_QR_IMAGE_BYTES: usize = 512 * 1024;

/// GET a QR image: a relative URL goes to the gateway's base URL with our Authorization; an
/// absolute one (another host) is fetched as is, https only (or http on loopback), without it.
pub(crate) async fn fetch_qr_image(
    t: &dyn Transport,
    url: &str,
    key: &crate::secret::SecretKey,
) -> Result<QrImage> {
    let url = url.trim();
    let req = if url.starts_with('/') {
        Request::get(url).header("Authorization", key.basic_auth_header())
    } else if url.starts_with("https://") || crate::policy::is_loopback_http(url) {
        Request::get(url)
    } else {
        return Err(GatewayError::InvalidResponse(
            "alamat gambar QR bukan https".into(),
        ));
    };
    let mut req = req;
    req.headers.retain(|(k, _)| *k != "Accept");
    req = req.header("Accept", "image/png, image/svg+xml, image/*");
    let reply = exchange(t, &req).await?;
    if !(200..300).contains(&reply.status) {
        return Err(match reply.status {
            404 => GatewayError::NotFound,
            s if s >= 500 => GatewayError::Server { status: s },
            s => GatewayError::InvalidResponse(format!("gambar QR: HTTP {s}")),
        });
    }
    let content_type = reply
        .header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !matches!(
        content_type.as_str(),
        "image/png" | "image/svg+xml" | "image/jpeg" | "image/gif" | "image/webp"
    ) {
        return Err(GatewayError::InvalidResponse(
            "gambar QR bukan gambar".into(),
        ));
    }
    if reply.body.is_empty() || reply.body.len() > MAX_QR_IMAGE_BYTES {
        return Err(GatewayError::InvalidResponse(
            "ukuran gambar QR tidak wajar".into(),
        ));
    }
    Ok(QrImage {
        content_type,
        bytes: reply.body,
    })
}

/// One exchange through `t`, its failure as a [`GatewayError`].
pub(crate) async fn exchange(t: &dyn Transport, req: &Request) -> Result<Response> {
    t.send(req).await.map_err(GatewayError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_request_hides_the_authorization_header() {
        let secret = format!("Basic {}", "Z".repeat(12));
        let r = Request::get("/v2/x/status").header("Authorization", secret.clone());
        let text = format!("{r:?}");
        assert!(!text.contains(&secret), "auth leaked: {text}");
        assert_eq!(r.header_value("authorization"), Some(secret.as_str()));
    }

    #[test]
    fn the_phase_of_a_failure_says_whether_it_may_have_landed() {
        let landed = [
            TransportError::Timeout {
                phase: TimeoutPhase::Response,
            },
            TransportError::Broken {
                detail: "reset".into(),
            },
        ];
        for e in landed {
            assert!(e.may_have_reached_gateway(), "{e:?}");
            assert!(GatewayError::from(e).may_have_reached_gateway());
        }
        let never = [
            TransportError::Timeout {
                phase: TimeoutPhase::Connect,
            },
            TransportError::Connect {
                detail: "refused".into(),
            },
            TransportError::Build {
                detail: "url".into(),
            },
        ];
        for e in never {
            assert!(!e.may_have_reached_gateway(), "{e:?}");
            assert!(!GatewayError::from(e).may_have_reached_gateway());
        }
    }
}

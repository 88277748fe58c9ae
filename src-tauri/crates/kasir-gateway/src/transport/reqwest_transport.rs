//! The real transport: reqwest over HTTP(S) with connect and whole-request timeouts, its
//! failures mapped to [`TransportError`] with the phase a timeout hit. Only the message of a
//! reqwest error is kept, without its URL; request headers are never echoed.

use async_trait::async_trait;

use super::{Method, Request, Response, Transport, TransportError};
use crate::error::{GatewayError, Result, TimeoutPhase};
use crate::policy::Timeouts;

pub struct ReqwestTransport {
    client: reqwest::Client,
    base_url: String,
}

impl std::fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl ReqwestTransport {
    /// `base_url` must start with `http://` or `https://`; loopback hosts bypass any proxy.
    pub fn new(base_url: &str, timeouts: &Timeouts) -> Result<ReqwestTransport> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(GatewayError::Config(
                "base_url harus diawali http:// atau https://".into(),
            ));
        }
        if base.starts_with("http://") && !crate::policy::is_loopback_http(&base) {
            // The key travels in every request: plain HTTP is for the emulator on this PC only.
            return Err(GatewayError::Config(
                "alamat gateway memakai http:// tanpa enkripsi; gunakan https://".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            .user_agent(concat!("kasir-alpiant/", env!("CARGO_PKG_VERSION")));
        let host_is_loopback = crate::policy::url_host_is_loopback(&base);
        if host_is_loopback {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| GatewayError::Config(format!("HTTP client: {e}")))?;
        Ok(ReqwestTransport {
            client,
            base_url: base,
        })
    }
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, req: &Request) -> std::result::Result<Response, TransportError> {
        // Absolute URLs (a QR image on another host) were vetted by the client: https only.
        let url = if req.path.starts_with("https://") || req.path.starts_with("http://") {
            req.path.clone()
        } else {
            format!("{}{}", self.base_url, req.path)
        };
        let mut rb = match req.method {
            Method::Get => self.client.get(&url),
            Method::Post => self.client.post(&url),
        };
        for (k, v) in &req.headers {
            rb = rb.header(*k, v.as_str());
        }
        if let Some(b) = &req.body {
            rb = rb.body(b.clone());
        }
        let resp = rb.send().await.map_err(map_reqwest_error)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (k.as_str().to_ascii_lowercase(), v.to_string()))
            })
            .collect();
        let body = resp.bytes().await.map_err(map_reqwest_error)?;
        Ok(Response {
            status,
            headers,
            body: body.to_vec(),
        })
    }
}

/// Maps a reqwest error, keeping only what is safe to show (its message without the URL).
fn map_reqwest_error(e: reqwest::Error) -> TransportError {
    let e = e.without_url();
    if e.is_timeout() {
        let phase = if e.is_connect() {
            TimeoutPhase::Connect
        } else {
            TimeoutPhase::Response
        };
        return TransportError::Timeout { phase };
    }
    if e.is_connect() {
        return TransportError::Connect {
            detail: short_chain(&e),
        };
    }
    if e.is_builder() {
        return TransportError::Build {
            detail: short_chain(&e),
        };
    }
    // Request written (or being written) and the connection broke: it may have landed.
    TransportError::Broken {
        detail: short_chain(&e),
    }
}

fn short_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    let mut depth = 0;
    while let Some(inner) = src {
        if depth >= 3 {
            break;
        }
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
        depth += 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_base_url_is_config_error() {
        assert!(matches!(
            ReqwestTransport::new("ftp://x", &Timeouts::default()),
            Err(GatewayError::Config(_))
        ));
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for bad in [
            "http://api.midtrans.com",
            "http://127.0.0.1.evil.example",
            "http://10.0.0.2:8900",
        ] {
            match ReqwestTransport::new(bad, &Timeouts::default()) {
                Err(e @ GatewayError::Config(_)) => {
                    assert!(e.to_string().contains("https"), "{bad}: {e}")
                }
                other => panic!("{bad} must be refused: {other:?}"),
            }
        }
        for ok in [
            "http://127.0.0.1:8900",
            "http://localhost:1",
            "http://[::1]:2",
            "https://api.xendit.co",
        ] {
            assert!(
                ReqwestTransport::new(ok, &Timeouts::default()).is_ok(),
                "{ok}"
            );
        }
    }
}

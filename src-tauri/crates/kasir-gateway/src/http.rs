//! HTTP transport shared by the gateway clients: timeouts, retry policy, and mapping of
//! transport failures to `GatewayError` (with the phase a timeout hit). Knows nothing about
//! either gateway's JSON; never logs or echoes request headers (they carry the key).

use std::time::Duration;

use crate::error::{GatewayError, Result, TimeoutPhase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP/TLS connect.
    pub connect: Duration,
    /// Whole request, connect included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(15),
        }
    }
}

/// Retries for idempotent calls (status, cancel, expire) on 429/5xx/transport errors.
/// Charges are never retried by this policy once they may have reached the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total tries, first one included (1 = no retry).
    pub max_attempts: u32,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_backoff: Duration::from_millis(300),
            max_backoff: Duration::from_secs(3),
        }
    }
}

impl RetryPolicy {
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Backoff before retry number `retry` (1-based): base * 2^(retry-1), capped.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.base_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientOptions {
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
}

/// A finished HTTP exchange: status and raw body.
#[derive(Debug)]
pub(crate) struct RawReply {
    pub status: u16,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
}

pub(crate) struct Transport {
    client: reqwest::Client,
    base_url: String,
    pub(crate) retry: RetryPolicy,
}

impl Transport {
    pub fn new(base_url: &str, opts: &ClientOptions) -> Result<Self> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(GatewayError::Config(
                "base_url harus diawali http:// atau https://".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(opts.timeouts.connect)
            .timeout(opts.timeouts.request)
            .user_agent(concat!("kasir-alpiant/", env!("CARGO_PKG_VERSION")));
        let host_is_loopback = base
            .split("://")
            .nth(1)
            .map(|rest| {
                rest.starts_with("127.")
                    || rest.starts_with("localhost")
                    || rest.starts_with("[::1]")
            })
            .unwrap_or(false);
        if host_is_loopback {
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| GatewayError::Config(format!("HTTP client: {e}")))?;
        Ok(Self {
            client,
            base_url: base,
            retry: opts.retry,
        })
    }

    /// One HTTP exchange, no retry. `headers` must not be echoed anywhere.
    pub async fn send_once(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<RawReply> {
        let url = format!("{}{}", self.base_url, path);
        let mut rb = match method {
            Method::Get => self.client.get(&url),
            Method::Post => self.client.post(&url),
        };
        rb = rb.header("Accept", "application/json");
        for (k, v) in headers {
            rb = rb.header(*k, v.as_str());
        }
        if let Some(b) = body {
            rb = rb.json(b);
        } else if method == Method::Post {
            rb = rb.header("Content-Type", "application/json").body("{}");
        }
        let resp = rb.send().await.map_err(map_reqwest_error)?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.map_err(map_reqwest_error)?;
        Ok(RawReply {
            status,
            body: body.to_vec(),
        })
    }
}

/// Maps a transport error, keeping only what is safe to show (reqwest's message without URL).
pub(crate) fn map_reqwest_error(e: reqwest::Error) -> GatewayError {
    let e = e.without_url();
    if e.is_timeout() {
        let phase = if e.is_connect() {
            TimeoutPhase::Connect
        } else {
            TimeoutPhase::Response
        };
        return GatewayError::Timeout { phase };
    }
    if e.is_connect() {
        return GatewayError::Unreachable {
            detail: short_chain(&e),
            after_send: false,
        };
    }
    if e.is_builder() {
        return GatewayError::Config(short_chain(&e));
    }
    // Request written (or being written) and the connection broke: it may have landed.
    GatewayError::Unreachable {
        detail: short_chain(&e),
        after_send: true,
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

/// Runs `op` with the retry policy while the error is transient.
pub(crate) async fn with_retry<T, F, Fut>(policy: &RetryPolicy, mut op: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let attempts = policy.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        match op().await {
            Err(e) if e.is_transient() && attempt < attempts => {
                tokio::time::sleep(policy.backoff(attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy {
            max_attempts: 5,
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
        };
        assert_eq!(p.backoff(1), Duration::from_millis(100));
        assert_eq!(p.backoff(2), Duration::from_millis(200));
        assert_eq!(p.backoff(3), Duration::from_millis(350));
        assert_eq!(p.backoff(40), Duration::from_millis(350));
    }

    #[tokio::test]
    async fn retry_stops_on_non_transient_and_bounds_attempts() {
        let p = RetryPolicy {
            max_attempts: 3,
            base_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
        };
        let mut n = 0;
        let r: Result<()> = with_retry(&p, || {
            n += 1;
            async { Err(GatewayError::RateLimited) }
        })
        .await;
        assert!(matches!(r, Err(GatewayError::RateLimited)));
        assert_eq!(n, 3);
        let mut m = 0;
        let r: Result<()> = with_retry(&p, || {
            m += 1;
            async { Err(GatewayError::NotFound) }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(m, 1, "NotFound is not retried");
    }

    #[test]
    fn bad_base_url_is_config_error() {
        assert!(matches!(
            Transport::new("ftp://x", &ClientOptions::default()),
            Err(GatewayError::Config(_))
        ));
    }
}

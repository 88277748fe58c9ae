//! Client policy as values: timeouts, the retry policy, and which failures are worth a retry.
//! Retries happen only on the statuses the gateways document as transient (429, 500, 503) and
//! on transport failures, and only as far as the call allows ([`Replay`]): a charge that may
//! have reached the gateway is never repeated here. Knows nothing about either gateway's JSON
//! and nothing about HTTP libraries.

use std::time::Duration;

use crate::error::{GatewayError, Result};

/// The host of `url` (`scheme://host[:port]/…`) is this PC: 127.0.0.0/8, `localhost`, `[::1]`.
pub fn url_host_is_loopback(url: &str) -> bool {
    let Some(rest) = url.trim().split("://").nth(1) else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.eq_ignore_ascii_case("localhost") || host == "::1" {
        return true;
    }
    host.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// `http://` to a loopback host (the emulator): the only place plain HTTP is allowed.
pub fn is_loopback_http(url: &str) -> bool {
    url.trim().to_ascii_lowercase().starts_with("http://") && url_host_is_loopback(url)
}

/// HTTP statuses both gateways document as "try again later": Midtrans 429/500/503
/// ("payment partner connection issue"), Xendit 429 `RATE_LIMIT_EXCEEDED`, 500 `SERVER_ERROR`,
/// 503 `CHANNEL_UNAVAILABLE`. Other 5xx are reported as server errors but not retried.
pub const DOCUMENTED_TRANSIENT_STATUSES: [u16; 3] = [429, 500, 503];

/// True for a status the gateways document as transient.
pub fn is_documented_transient(status: u16) -> bool {
    DOCUMENTED_TRANSIENT_STATUSES.contains(&status)
}

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

/// How far a call may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Repeating it cannot do harm (status, cancel, expire, or a create the gateway replays
    /// from its idempotency key): retry every transient error.
    Safe,
    /// A charge the gateway might carry out twice: retry only what certainly never reached
    /// it (connect failures and 429). A response-phase timeout, a broken connection after
    /// sending, a 5xx or an unreadable reply is returned; `charge_or_recover` decides.
    UnsentOnly,
}

impl Replay {
    pub fn allows(self, e: &GatewayError) -> bool {
        match self {
            Replay::Safe => e.is_transient(),
            Replay::UnsentOnly => {
                !e.may_have_reached_gateway()
                    && matches!(
                        e,
                        GatewayError::RateLimited
                            | GatewayError::Unreachable { .. }
                            | GatewayError::Timeout { .. }
                    )
            }
        }
    }
}

/// Runs `op` under the retry policy while `replay` allows the error.
pub(crate) async fn with_retry<T, F, Fut>(
    policy: &RetryPolicy,
    replay: Replay,
    mut op: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let attempts = policy.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        match op().await {
            Err(e) if replay.allows(&e) && attempt < attempts => {
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
    use crate::error::TimeoutPhase;

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
        let r: Result<()> = with_retry(&p, Replay::Safe, || {
            n += 1;
            async { Err(GatewayError::RateLimited) }
        })
        .await;
        assert!(matches!(r, Err(GatewayError::RateLimited)));
        assert_eq!(n, 3);
        let mut m = 0;
        let r: Result<()> = with_retry(&p, Replay::Safe, || {
            m += 1;
            async { Err(GatewayError::NotFound) }
        })
        .await;
        assert!(r.is_err());
        assert_eq!(m, 1, "NotFound is not retried");
    }

    #[test]
    fn only_documented_statuses_are_transient() {
        for s in [429, 500, 503] {
            assert!(is_documented_transient(s), "{s} is documented as transient");
        }
        for s in [400, 401, 404, 406, 409, 412, 501, 502, 504] {
            assert!(
                !is_documented_transient(s),
                "{s} is not documented as transient"
            );
        }
        assert!(GatewayError::Server { status: 503 }.is_transient());
        assert!(
            !GatewayError::Server { status: 502 }.is_transient(),
            "an undocumented 5xx is reported, not retried"
        );
    }

    #[test]
    fn a_charge_is_replayed_only_when_it_cannot_have_landed() {
        let sent = [
            GatewayError::Timeout {
                phase: TimeoutPhase::Response,
            },
            GatewayError::Unreachable {
                detail: "reset".into(),
                after_send: true,
            },
            GatewayError::Server { status: 503 },
            GatewayError::InvalidResponse("cut".into()),
        ];
        for e in &sent {
            assert!(Replay::Safe.allows(e) || matches!(e, GatewayError::InvalidResponse(_)));
            assert!(!Replay::UnsentOnly.allows(e), "{e:?} may have charged");
        }
        let unsent = [
            GatewayError::Timeout {
                phase: TimeoutPhase::Connect,
            },
            GatewayError::Unreachable {
                detail: "refused".into(),
                after_send: false,
            },
            GatewayError::RateLimited,
        ];
        for e in &unsent {
            assert!(
                Replay::UnsentOnly.allows(e),
                "{e:?} never reached the gateway"
            );
        }
    }
}

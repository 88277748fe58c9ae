//! Time: unix milliseconds (UTC) are the one unit in SQLite and on IPC. Only the backend stamps
//! times, through a [`Clock`] passed in (tests move it).

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};

/// UTC instant as unix milliseconds.
pub type Millis = i64;

/// "Now", injected so tests can move it.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The wall clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// Milliseconds of an instant.
pub fn to_millis(t: DateTime<Utc>) -> Millis {
    t.timestamp_millis()
}

/// The instant of stored milliseconds (`None` for a value chrono cannot represent).
pub fn from_millis(ms: Millis) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp_millis(ms)
}

/// RFC 3339 with milliseconds, UTC (`2026-12-01T03:04:05.678Z`): exports and logs.
pub fn rfc3339_millis(ms: Millis) -> String {
    from_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// RFC 3339 with whole seconds, UTC: what gateways are sent.
pub fn rfc3339_secs(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parse an RFC 3339 instant from outside (a gateway); `None` when it is not one.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_round_trip_through_rfc3339() {
        let ms = 1_764_558_245_678;
        let text = rfc3339_millis(ms);
        assert_eq!(text, "2025-12-01T03:04:05.678Z");
        assert_eq!(parse_rfc3339(&text).map(to_millis), Some(ms));
        assert_eq!(parse_rfc3339("not a time"), None);
        assert_eq!(rfc3339_millis(i64::MAX), "", "out of range renders empty");
    }
}

//! The shop's clock: its IANA timezone (WIB `Asia/Jakarta`, WITA `Asia/Makassar`, WIT
//! `Asia/Jayapura`), parsed in this one place. Day boundaries, order numbers and reports use it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The default when the shop has not chosen: WIB.
pub const DEFAULT_TIMEZONE: &str = "Asia/Jakarta";

/// The timezones a shop in Indonesia can pick, with their Indonesian names.
pub const INDONESIAN_TIMEZONES: [(&str, &str); 3] = [
    ("Asia/Jakarta", "WIB"),
    ("Asia/Makassar", "WITA"),
    ("Asia/Jayapura", "WIT"),
];

/// Parse a stored or chosen timezone name; `None` when it is not an IANA zone.
pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The stored name, or WIB when it is missing or unreadable.
pub fn timezone_or_default(name: Option<&str>) -> Tz {
    name.and_then(parse_timezone)
        .unwrap_or(chrono_tz::Asia::Jakarta)
}

/// `YYMMDD` of the shop's local date (order numbers: `INV-261126-0001`).
pub fn local_day_code(now: DateTime<Utc>, tz: Tz) -> String {
    now.with_timezone(&tz).format("%y%m%d").to_string()
}

/// "WIB", "WITA", "WIT", or the zone name for another zone.
pub fn zone_abbreviation(name: &str) -> &str {
    INDONESIAN_TIMEZONES
        .iter()
        .find(|(zone, _)| *zone == name)
        .map_or(name, |(_, abbr)| abbr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_late_evening_sale_in_utc_is_the_next_day_in_wit() {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 26, 16, 30, 0)
            .single()
            .expect("time");
        assert_eq!(local_day_code(t, chrono_tz::Asia::Jakarta), "261126");
        assert_eq!(local_day_code(t, chrono_tz::Asia::Jayapura), "261127");
        assert_eq!(
            timezone_or_default(Some("Mars/Olympus")),
            chrono_tz::Asia::Jakarta
        );
        assert_eq!(zone_abbreviation("Asia/Makassar"), "WITA");
    }
}

//! Report periods in the shop's timezone with a business-day cutoff.
//!
//! A business day `D` runs from `D 00:00 + cutoff` to `D+1 00:00 + cutoff`, local time. With the
//! default cutoff 0 that is the calendar day in the shop's zone (a sale at 00:30 WIB belongs to
//! that WIB day, i.e. 17:30 UTC the day before). With a cutoff of 02:00 a sale at 01:30 counts in
//! the previous day. Only this module turns dates into instants.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use kasir_core::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ReportError, Result};

/// Latest accepted cutoff: 06:00 (the rule lives with the setting, in kasir-core).
pub use kasir_core::settings::MAX_CUTOFF_MINUTES;
/// The shop's report settings are its clock: timezone and business-day start (kasir-core).
pub use kasir_core::ShopClock as ReportSettings;
/// Longest period a report may cover (about ten years).
pub const MAX_PERIOD_DAYS: i64 = 3660;

#[cfg(test)]
const MS_PER_MINUTE: i64 = 60_000;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Preset {
    /// Hari ini
    Today,
    /// Kemarin
    Yesterday,
    /// 7 hari terakhir (today included)
    Last7Days,
    /// Bulan ini (first day of the month up to today)
    ThisMonth,
    /// Bulan lalu (the whole previous month)
    LastMonth,
    /// Rentang tanggal: `from`..=`to`
    Custom,
}

/// What the UI asks for: a preset, or `custom` with two business dates `YYYY-MM-DD` (inclusive).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PeriodRequest {
    pub preset: Preset,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl PeriodRequest {
    pub fn preset(preset: Preset) -> PeriodRequest {
        PeriodRequest {
            preset,
            from: None,
            to: None,
        }
    }

    /// A custom range of business dates, `YYYY-MM-DD`, both inclusive.
    pub fn custom(from: &str, to: &str) -> PeriodRequest {
        PeriodRequest {
            preset: Preset::Custom,
            from: Some(from.to_string()),
            to: Some(to.to_string()),
        }
    }
}

/// Two business dates `YYYY-MM-DD`, inclusive: the input of history, reconciliation and export.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DateRange {
    pub from: String,
    pub to: String,
}

/// A resolved period, as shown to the owner.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Period {
    pub preset: Preset,
    /// First business date, `YYYY-MM-DD`.
    pub from: String,
    /// Last business date, `YYYY-MM-DD`, inclusive.
    pub to: String,
    pub days: u32,
    /// First instant, UTC unix ms (inclusive).
    #[ts(type = "number")]
    pub start_ms: i64,
    /// End instant, UTC unix ms (exclusive).
    #[ts(type = "number")]
    pub end_ms: i64,
    /// IANA zone, e.g. `Asia/Jakarta`.
    pub timezone: String,
    /// `WIB`, `WITA`, `WIT` or the zone name.
    pub zone_label: String,
    pub cutoff_minutes: u32,
}

/// Zone and cutoff, read once per report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub tz: Tz,
    pub cutoff_minutes: u32,
}

impl Clock {
    pub fn new(tz: Tz, cutoff_minutes: u32) -> Clock {
        Clock { tz, cutoff_minutes }
    }

    /// Read zone and cutoff from the settings (owned by kasir-core).
    pub fn load(conn: &Connection) -> Result<Clock> {
        Ok(Clock::from_shop(&kasir_core::settings::read_shop_clock(
            conn,
        )?))
    }

    /// The clock of the stored shop settings.
    pub fn from_shop(shop: &kasir_core::ShopClock) -> Clock {
        Clock {
            tz: shop.tz(),
            cutoff_minutes: shop.business_day_cutoff_minutes,
        }
    }

    /// UTC instant of a local wall-clock time. Indonesian zones have no DST; elsewhere a time in
    /// a spring-forward gap maps to the first instant after the gap.
    pub fn local_to_utc_ms(&self, local: NaiveDateTime) -> i64 {
        match self.tz.from_local_datetime(&local).earliest() {
            Some(t) => t.timestamp_millis(),
            None => {
                let mut probe = local;
                for _ in 0..(4 * 60) {
                    probe += Duration::minutes(1);
                    if let Some(t) = self.tz.from_local_datetime(&probe).earliest() {
                        return t.timestamp_millis();
                    }
                }
                local.and_utc().timestamp_millis()
            }
        }
    }

    /// Local wall-clock time at which business day `day` starts.
    pub fn day_start_local(&self, day: NaiveDate) -> NaiveDateTime {
        day.and_hms_opt(0, 0, 0).expect("midnight exists")
            + Duration::minutes(i64::from(self.cutoff_minutes))
    }

    /// First instant (UTC ms) of business day `day`.
    pub fn day_start_ms(&self, day: NaiveDate) -> i64 {
        self.local_to_utc_ms(self.day_start_local(day))
    }

    /// Local wall-clock time of an instant.
    pub fn local(&self, ms: i64) -> NaiveDateTime {
        DateTime::<Utc>::from_timestamp_millis(ms)
            .unwrap_or_default()
            .with_timezone(&self.tz)
            .naive_local()
    }

    /// Business date of an instant.
    pub fn business_date(&self, ms: i64) -> NaiveDate {
        (self.local(ms) - Duration::minutes(i64::from(self.cutoff_minutes))).date()
    }

    /// `2026-11-26 00:30:00`, local.
    pub fn format_local(&self, ms: i64) -> String {
        self.local(ms).format("%Y-%m-%d %H:%M:%S").to_string()
    }

    pub fn zone_label(&self) -> &'static str {
        kasir_core::settings::zone_label(self.tz)
    }

    pub fn settings(&self) -> ReportSettings {
        ReportSettings {
            timezone: self.tz.name().to_string(),
            zone_label: self.zone_label().to_string(),
            business_day_cutoff_minutes: self.cutoff_minutes,
        }
    }
}

/// A period resolved against a clock: business dates `from..=to` and their instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub preset: Preset,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clock: Clock,
}

impl Window {
    pub fn new(clock: Clock, from: NaiveDate, to: NaiveDate) -> Result<Window> {
        Window::with_preset(clock, Preset::Custom, from, to)
    }

    fn with_preset(clock: Clock, preset: Preset, from: NaiveDate, to: NaiveDate) -> Result<Window> {
        if from > to {
            return Err(ReportError::InvalidPeriod(format!(
                "tanggal awal {from} sesudah tanggal akhir {to}"
            )));
        }
        if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
            return Err(ReportError::InvalidPeriod(format!(
                "rentang paling panjang {MAX_PERIOD_DAYS} hari"
            )));
        }
        Ok(Window {
            preset,
            from,
            to,
            clock,
        })
    }

    /// Resolve a request at `now`.
    pub fn resolve(clock: Clock, req: &PeriodRequest, now: DateTime<Utc>) -> Result<Window> {
        let today = clock.business_date(now.timestamp_millis());
        let (from, to) = match req.preset {
            Preset::Today => (today, today),
            Preset::Yesterday => {
                let y = today - Duration::days(1);
                (y, y)
            }
            Preset::Last7Days => (today - Duration::days(6), today),
            Preset::ThisMonth => (first_of_month(today), today),
            Preset::LastMonth => {
                let last = first_of_month(today) - Duration::days(1);
                (first_of_month(last), last)
            }
            Preset::Custom => {
                let from = parse_date(req.from.as_deref(), "tanggal awal")?;
                let to = parse_date(req.to.as_deref(), "tanggal akhir")?;
                (from, to)
            }
        };
        Window::with_preset(clock, req.preset, from, to)
    }

    pub fn from_range(clock: Clock, range: &DateRange) -> Result<Window> {
        let from = parse_date(Some(&range.from), "tanggal awal")?;
        let to = parse_date(Some(&range.to), "tanggal akhir")?;
        Window::with_preset(clock, Preset::Custom, from, to)
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Window {
        let len = Duration::days(self.days());
        Window {
            preset: Preset::Custom,
            from: self.from - len,
            to: self.from - Duration::days(1),
            clock: self.clock,
        }
    }

    pub fn start_ms(&self) -> i64 {
        self.clock.day_start_ms(self.from)
    }

    pub fn end_ms(&self) -> i64 {
        self.clock.day_start_ms(self.to + Duration::days(1))
    }

    /// Every business date of the period, in order.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.days()).map(move |i| from + Duration::days(i))
    }

    /// The period cut into pieces that each lie inside one business day and one local clock
    /// hour: `(business date index, local hour, start ms, end ms)`. A cutoff that is not a whole
    /// hour splits that hour in two pieces belonging to two business days.
    pub fn hour_slices(&self) -> Vec<Slice> {
        let mut out = Vec::with_capacity(self.days() as usize * 25);
        for (i, day) in self.dates().enumerate() {
            let start = self.clock.day_start_local(day);
            let end = self.clock.day_start_local(day + Duration::days(1));
            let mut at = start;
            while at < end {
                let next_hour = (at + Duration::hours(1))
                    .with_minute(0)
                    .and_then(|t| t.with_second(0))
                    .and_then(|t| t.with_nanosecond(0))
                    .unwrap_or(end);
                let next = next_hour.min(end);
                let start_ms = self.clock.local_to_utc_ms(at);
                let end_ms = self.clock.local_to_utc_ms(next);
                if end_ms > start_ms {
                    out.push(Slice {
                        day_index: i,
                        hour: at.hour() as u8,
                        start_ms,
                        end_ms,
                    });
                }
                at = next;
            }
        }
        out
    }

    pub fn to_period(&self) -> Period {
        Period {
            preset: self.preset,
            from: self.from.to_string(),
            to: self.to.to_string(),
            days: self.days() as u32,
            start_ms: self.start_ms(),
            end_ms: self.end_ms(),
            timezone: self.clock.tz.name().to_string(),
            zone_label: self.clock.zone_label().to_string(),
            cutoff_minutes: self.clock.cutoff_minutes,
        }
    }
}

/// One piece of a period inside one business day and one local hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub day_index: usize,
    pub hour: u8,
    pub start_ms: i64,
    pub end_ms: i64,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

/// Parse a business date `YYYY-MM-DD`.
pub fn parse_date(s: Option<&str>, what: &str) -> Result<NaiveDate> {
    let s = s
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ReportError::InvalidPeriod(format!("{what} wajib diisi")))?;
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| ReportError::InvalidPeriod(format!("{what} '{s}' bukan tanggal TTTT-BB-HH")))
}

/// Zone and cutoff of the shop.
pub fn report_settings(store: &Store) -> Result<ReportSettings> {
    Ok(load_clock(store)?.settings())
}

/// Set the business-day cutoff, 0..=360 minutes after local midnight.
pub fn set_business_day_cutoff(
    store: &Store,
    minutes: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ReportSettings> {
    Ok(store.set_business_day_cutoff(minutes, now)?)
}

pub(crate) fn load_clock(store: &Store) -> Result<Clock> {
    crate::read(store, Clock::load)
}

/// Resolve a period request against the shop's settings at `now`.
pub fn resolve_period(store: &Store, req: &PeriodRequest, now: DateTime<Utc>) -> Result<Period> {
    Ok(Window::resolve(load_clock(store)?, req, now)?.to_period())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wib(cutoff: u32) -> Clock {
        Clock::new(chrono_tz::Asia::Jakarta, cutoff)
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
            .single()
            .expect("valid")
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn wib_day_starts_at_17_utc_the_day_before() {
        let w = Window::new(wib(0), date("2026-11-26"), date("2026-11-26")).expect("window");
        assert_eq!(w.start_ms(), utc(2026, 11, 25, 17, 0).timestamp_millis());
        assert_eq!(w.end_ms(), utc(2026, 11, 26, 17, 0).timestamp_millis());
        // 00:30 WIB on the 26th is 17:30 UTC on the 25th and belongs to the 26th.
        assert_eq!(
            wib(0).business_date(utc(2026, 11, 25, 17, 30).timestamp_millis()),
            date("2026-11-26")
        );
    }

    #[test]
    fn cutoff_moves_early_morning_sales_to_the_previous_day() {
        // 01:30 WIB on the 26th = 18:30 UTC on the 25th.
        let at = utc(2026, 11, 25, 18, 30).timestamp_millis();
        assert_eq!(wib(120).business_date(at), date("2026-11-25"));
        assert_eq!(wib(0).business_date(at), date("2026-11-26"));
        let w = Window::new(wib(120), date("2026-11-26"), date("2026-11-26")).expect("window");
        assert_eq!(w.start_ms(), utc(2026, 11, 25, 19, 0).timestamp_millis());
    }

    #[test]
    fn presets_resolve_in_the_shop_zone_with_the_cutoff() {
        // 1 Dec 2026 01:00 WIB = 30 Nov 18:00 UTC. Without cutoff it is already December.
        let now = utc(2026, 11, 30, 18, 0);
        let r = |clock, p| Window::resolve(clock, &PeriodRequest::preset(p), now).expect("r");
        let today = r(wib(0), Preset::Today);
        assert_eq!(
            (today.from, today.to),
            (date("2026-12-01"), date("2026-12-01"))
        );
        let month = r(wib(0), Preset::ThisMonth);
        assert_eq!(
            (month.from, month.to),
            (date("2026-12-01"), date("2026-12-01"))
        );
        // With a 02:00 cutoff the business day is still 30 November.
        let today = r(wib(120), Preset::Today);
        assert_eq!(today.from, date("2026-11-30"));
        let month = r(wib(120), Preset::ThisMonth);
        assert_eq!(
            (month.from, month.to),
            (date("2026-11-01"), date("2026-11-30"))
        );
        let last = r(wib(120), Preset::LastMonth);
        assert_eq!(
            (last.from, last.to),
            (date("2026-10-01"), date("2026-10-31"))
        );
        let y = r(wib(0), Preset::Yesterday);
        assert_eq!((y.from, y.to), (date("2026-11-30"), date("2026-11-30")));
        let week = r(wib(0), Preset::Last7Days);
        assert_eq!(
            (week.from, week.to),
            (date("2026-11-25"), date("2026-12-01"))
        );
        assert_eq!(week.days(), 7);
        let prev = week.previous();
        assert_eq!(
            (prev.from, prev.to),
            (date("2026-11-18"), date("2026-11-24"))
        );
        let jan = r(wib(0), Preset::LastMonth);
        assert_eq!((jan.from, jan.to), (date("2026-11-01"), date("2026-11-30")));
    }

    #[test]
    fn custom_periods_are_validated() {
        let now = utc(2026, 11, 30, 3, 0);
        let bad = |from: &str, to: &str| {
            Window::resolve(wib(0), &PeriodRequest::custom(from, to), now)
                .expect_err("must be refused")
                .kind()
                .as_str()
        };
        assert_eq!(bad("2026-11-30", "2026-11-01"), "validation");
        assert_eq!(bad("30/11/2026", "2026-12-01"), "validation");
        assert_eq!(bad("2000-01-01", "2026-12-01"), "validation");
        let empty = PeriodRequest {
            preset: Preset::Custom,
            from: None,
            to: Some("2026-11-01".into()),
        };
        assert!(Window::resolve(wib(0), &empty, now).is_err());
    }

    #[test]
    fn hour_slices_split_an_hour_at_a_half_hour_cutoff() {
        let w = Window::new(wib(150), date("2026-11-26"), date("2026-11-27")).expect("window");
        let slices = w.hour_slices();
        // Day 1 starts 02:30: 02:30-03:00, 03..04, …, 01..02, 02:00-02:30 = 25 pieces.
        let day0: Vec<_> = slices.iter().filter(|s| s.day_index == 0).collect();
        assert_eq!(day0.len(), 25);
        assert_eq!(day0[0].hour, 2);
        assert_eq!(day0[0].end_ms - day0[0].start_ms, 30 * MS_PER_MINUTE);
        assert_eq!(day0[24].hour, 2);
        assert_eq!(day0[24].end_ms - day0[24].start_ms, 30 * MS_PER_MINUTE);
        // The pieces tile the period exactly.
        assert_eq!(slices[0].start_ms, w.start_ms());
        assert_eq!(slices.last().expect("last").end_ms, w.end_ms());
        assert!(slices.windows(2).all(|p| p[0].end_ms == p[1].start_ms));
    }

    #[test]
    fn cutoff_setting_round_trips_and_is_bounded() {
        let store = Store::open_in_memory().expect("store");
        assert_eq!(
            report_settings(&store)
                .expect("s")
                .business_day_cutoff_minutes,
            0
        );
        let s = set_business_day_cutoff(&store, 120, chrono::Utc::now()).expect("set");
        assert_eq!(s.business_day_cutoff_minutes, 120);
        assert_eq!(s.zone_label, "WIB");
        assert_eq!(
            set_business_day_cutoff(&store, 361, chrono::Utc::now())
                .expect_err("too late")
                .kind()
                .as_str(),
            "validation"
        );
        assert_eq!(
            report_settings(&store)
                .expect("s")
                .business_day_cutoff_minutes,
            120,
            "a refused value must not change the setting"
        );
    }
}

//! Typed settings, owned here and nowhere else: the shop's identity ([`ShopProfile`]), its clock
//! ([`ShopClock`]: timezone and business-day start, the "Toko & Waktu" form) and the printer
//! form ([`printer::PrinterSettings`]). Each form is saved whole in one transaction and announced
//! as `SettingsChanged`. The key/value rows underneath are private to this module.

pub mod display;
pub mod labels;
pub mod printer;

use chrono_tz::Tz;
use kasir_shared::shop_clock::{parse_timezone, zone_abbreviation};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, SettingsSection};
use crate::Store;

pub use kasir_shared::shop_clock::DEFAULT_TIMEZONE;

/// Settings key of the auto-print switch (`"1"`/`"0"`; missing means on).
pub const AUTO_PRINT_KEY: &str = "printer.auto_print";
const K_SHOP_NAME: &str = "shop_name";
const K_SHOP_ADDRESS: &str = "shop_address";
const K_SHOP_PHONE: &str = "shop_phone";
const K_TIMEZONE: &str = "shop_timezone";
const K_CUTOFF: &str = "business_day_cutoff_minutes";

/// The latest a business day may start: 06:00.
pub const MAX_CUTOFF_MINUTES: u32 = 360;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShopProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// IANA name, e.g. `Asia/Jakarta` (WIB), `Asia/Makassar` (WITA), `Asia/Jayapura` (WIT).
    pub timezone: String,
}

/// The "Toko & Waktu" form: the shop's timezone and when its business day starts.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShopClock {
    /// IANA name, e.g. `Asia/Jakarta`.
    pub timezone: String,
    /// `WIB`, `WITA`, `WIT` or the zone name (read only).
    pub zone_label: String,
    /// Minutes after local midnight at which a business day starts (0 = midnight, 120 = 02:00).
    pub business_day_cutoff_minutes: u32,
}

impl ShopClock {
    /// The parsed zone (validated when saved; WIB if the stored row is unreadable).
    pub fn tz(&self) -> Tz {
        kasir_shared::shop_clock::timezone_or_default(Some(&self.timezone))
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

/// Write `key` and note the change (old → new) for the form's one audit row.
pub(crate) fn set_noting(
    conn: &Connection,
    changes: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: &str,
) -> Result<()> {
    let old = get(conn, key)?;
    if old.as_deref() != Some(value) {
        changes.insert(
            key.to_string(),
            serde_json::json!({ "from": old, "to": value }),
        );
    }
    set(conn, key, value)
}

/// One audit row for a settings form that changed something.
pub(crate) fn audit_form(
    tx: &crate::Tx<'_>,
    actor: Option<&crate::Operator>,
    form: &str,
    changes: serde_json::Map<String, serde_json::Value>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    crate::audit::record(
        tx,
        actor,
        crate::AuditAction::SettingsChanged,
        form,
        serde_json::Value::Object(changes),
        now,
    )
}

/// The shop's name, written by the first-run setup in its transaction.
pub(crate) fn set_shop_name(conn: &Connection, name: &str) -> Result<()> {
    if name.chars().count() > 60 {
        return Err(CoreError::Validation("nama toko maks. 60 huruf".into()));
    }
    set(conn, K_SHOP_NAME, name)
}

/// True unless auto-print was switched off (default on).
pub(crate) fn auto_print_enabled(conn: &Connection) -> Result<bool> {
    Ok(get(conn, AUTO_PRINT_KEY)?.is_none_or(|v| v.trim() != "0"))
}

pub(crate) fn shop_timezone(conn: &Connection) -> Result<Tz> {
    let name = get(conn, K_TIMEZONE)?.unwrap_or_else(|| DEFAULT_TIMEZONE.to_string());
    parse_timezone(&name)
        .ok_or_else(|| CoreError::Validation(format!("zona waktu tidak dikenal: {name}")))
}

/// "WIB", "WITA" or "WIT" for Indonesian zones; the zone name otherwise.
pub fn zone_label(tz: Tz) -> &'static str {
    match tz.name() {
        "Asia/Pontianak" => "WIB",
        other => zone_abbreviation(other),
    }
}

pub(crate) fn read_shop_profile(c: &Connection) -> Result<ShopProfile> {
    Ok(ShopProfile {
        name: get(c, K_SHOP_NAME)?.unwrap_or_else(|| "Warung Alpiant (Demo)".into()),
        address: get(c, K_SHOP_ADDRESS)?.unwrap_or_else(|| "Jl. Merdeka No. 17, Bandung".into()),
        phone: get(c, K_SHOP_PHONE)?.unwrap_or_else(|| "0812-3456-7890".into()),
        timezone: shop_timezone(c)?.name().to_string(),
    })
}

/// The shop clock as stored; an unreadable cutoff row counts as midnight.
pub fn read_shop_clock(c: &Connection) -> Result<ShopClock> {
    let tz = shop_timezone(c)?;
    let cutoff = get(c, K_CUTOFF)?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|m| *m <= MAX_CUTOFF_MINUTES)
        .unwrap_or(0);
    Ok(ShopClock {
        timezone: tz.name().to_string(),
        zone_label: zone_label(tz).to_string(),
        business_day_cutoff_minutes: cutoff,
    })
}

fn valid_timezone(name: &str) -> Result<Tz> {
    parse_timezone(name)
        .ok_or_else(|| CoreError::Validation(format!("zona waktu tidak dikenal: {}", name.trim())))
}

fn valid_cutoff(minutes: u32) -> Result<u32> {
    if minutes > MAX_CUTOFF_MINUTES {
        return Err(CoreError::Validation(format!(
            "batas pergantian hari paling lambat 06:00 (diterima {minutes} menit)"
        )));
    }
    Ok(minutes)
}

/// The till form: idle lock and the shift difference above which a note is required.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TillSettings {
    /// Minutes without activity before the screen locks (0 = never, at most 240).
    pub idle_lock_minutes: u32,
    /// A shift difference (selisih) above this many rupiah needs a note (0 = always).
    #[ts(type = "number")]
    pub difference_note_threshold: i64,
}

impl Store {
    pub fn till_settings(&self) -> Result<TillSettings> {
        self.read(|c| {
            let num = |key: &str| -> Result<Option<i64>> {
                Ok(get(c, key)?.and_then(|v| v.parse().ok()))
            };
            Ok(TillSettings {
                idle_lock_minutes: num(crate::auth::IDLE_LOCK_KEY)?
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(crate::auth::DEFAULT_IDLE_LOCK_MINUTES),
                difference_note_threshold: num(crate::shifts::NOTE_THRESHOLD_KEY)?
                    .unwrap_or(crate::shifts::DEFAULT_NOTE_THRESHOLD),
            })
        })
    }

    pub fn save_till_settings(
        &self,
        till: &TillSettings,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<TillSettings> {
        if till.idle_lock_minutes > 240 {
            return Err(CoreError::Validation(
                "kunci otomatis paling lama 240 menit (0 = tidak pernah)".into(),
            ));
        }
        if !(0..=10_000_000).contains(&till.difference_note_threshold) {
            return Err(CoreError::Validation(
                "batas selisih Rp 0 sampai Rp 10.000.000".into(),
            ));
        }
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            set_noting(
                tx,
                &mut changes,
                crate::auth::IDLE_LOCK_KEY,
                &till.idle_lock_minutes.to_string(),
            )?;
            set_noting(
                tx,
                &mut changes,
                crate::shifts::NOTE_THRESHOLD_KEY,
                &till.difference_note_threshold.to_string(),
            )?;
            audit_form(tx, actor.as_ref(), "Kasir & shift", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Till,
            });
            Ok(till.clone())
        })
        .inspect(|saved| {
            self.idle_lock_cache.store(
                saved.idle_lock_minutes,
                std::sync::atomic::Ordering::Relaxed,
            )
        })
    }

    pub fn shop_profile(&self) -> Result<ShopProfile> {
        self.read(read_shop_profile)
    }

    /// The shop's timezone and business-day start.
    pub fn shop_clock(&self) -> Result<ShopClock> {
        self.read(read_shop_clock)
    }

    /// Save the whole "Toko & Waktu" form (timezone and business-day start) in one
    /// transaction: both change or neither does.
    pub fn save_shop_clock(
        &self,
        clock: &ShopClock,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ShopClock> {
        let tz = valid_timezone(&clock.timezone)?;
        let cutoff = valid_cutoff(clock.business_day_cutoff_minutes)?;
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            set_noting(tx, &mut changes, K_TIMEZONE, tz.name())?;
            set_noting(tx, &mut changes, K_CUTOFF, &cutoff.to_string())?;
            audit_form(tx, actor.as_ref(), "Toko & Waktu", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Shop,
            });
            read_shop_clock(tx)
        })
    }

    /// Change only the shop's timezone (day boundaries, display, order numbers).
    pub fn set_shop_timezone(
        &self,
        timezone: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ShopProfile> {
        let mut clock = self.shop_clock()?;
        clock.timezone = timezone.to_string();
        self.save_shop_clock(&clock, now)?;
        self.shop_profile()
    }

    /// Change only when the business day starts, 0..=360 minutes after local midnight.
    pub fn set_business_day_cutoff(
        &self,
        minutes: u32,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ShopClock> {
        let mut clock = self.shop_clock()?;
        clock.business_day_cutoff_minutes = minutes;
        self.save_shop_clock(&clock, now)
    }

    pub fn set_shop_profile(
        &self,
        profile: &ShopProfile,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<ShopProfile> {
        let name = profile.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(CoreError::Validation(
                "nama toko wajib diisi (maks. 60 huruf)".into(),
            ));
        }
        let tz = valid_timezone(&profile.timezone)?;
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            set_noting(tx, &mut changes, K_SHOP_NAME, name)?;
            set_noting(tx, &mut changes, K_SHOP_ADDRESS, profile.address.trim())?;
            set_noting(tx, &mut changes, K_SHOP_PHONE, profile.phone.trim())?;
            set_noting(tx, &mut changes, K_TIMEZONE, tz.name())?;
            audit_form(tx, actor.as_ref(), "Profil toko", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Shop,
            });
            read_shop_profile(tx)
        })
    }

    /// Whether paid orders print their receipt automatically.
    pub fn auto_print(&self) -> Result<bool> {
        self.read(auto_print_enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use kasir_shared::shop_clock::local_day_code;

    #[test]
    fn day_code_uses_shop_zone_not_utc() {
        // 17:30 UTC on the 25th is 00:30 WIB on the 26th.
        let at = Utc
            .with_ymd_and_hms(2026, 11, 25, 17, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(local_day_code(at, chrono_tz::Asia::Jakarta), "261126");
        assert_eq!(local_day_code(at, chrono_tz::UTC), "261125");
    }

    #[test]
    fn profile_defaults_and_validation() {
        let store = Store::open_in_memory().expect("store");
        let p = store.shop_profile().expect("profile");
        assert_eq!(p.timezone, DEFAULT_TIMEZONE);
        let mut bad = p.clone();
        bad.timezone = "Mars/Olympus".into();
        assert_eq!(
            store
                .set_shop_profile(&bad, chrono::Utc::now())
                .expect_err("tz")
                .kind()
                .as_str(),
            "validation"
        );
        let mut good = p;
        good.name = "Kopi Kenangan Mantan".into();
        good.timezone = "Asia/Makassar".into();
        let saved = store
            .set_shop_profile(&good, chrono::Utc::now())
            .expect("saved");
        assert_eq!(
            store
                .set_shop_timezone("Asia/Jayapura", chrono::Utc::now())
                .expect("tz")
                .timezone,
            "Asia/Jayapura"
        );
        assert_eq!(
            store
                .set_shop_timezone("Bulan/Mare", chrono::Utc::now())
                .expect_err("bad")
                .kind()
                .as_str(),
            "validation"
        );
        store
            .set_shop_timezone("Asia/Makassar", chrono::Utc::now())
            .expect("back");
        let both = ShopClock {
            timezone: "Asia/Jayapura".into(),
            zone_label: String::new(),
            business_day_cutoff_minutes: 361,
        };
        assert!(
            store.save_shop_clock(&both, chrono::Utc::now()).is_err(),
            "a bad cutoff refuses the form"
        );
        assert_eq!(
            store.shop_clock().expect("clock").timezone,
            "Asia/Makassar",
            "the timezone of a refused form is not saved either (one transaction)"
        );
        assert_eq!(saved.name, "Kopi Kenangan Mantan");
        assert_eq!(zone_label(saved.timezone.parse().expect("tz")), "WITA");
    }
}

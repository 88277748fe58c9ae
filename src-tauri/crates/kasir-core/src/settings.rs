//! Shop settings stored as key/value rows, with typed accessors and defaults.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::Store;

pub const DEFAULT_TIMEZONE: &str = "Asia/Jakarta";

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

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )?;
    Ok(())
}

pub(crate) fn shop_timezone(conn: &Connection) -> Result<Tz> {
    let name = get(conn, "shop_timezone")?.unwrap_or_else(|| DEFAULT_TIMEZONE.to_string());
    name.parse::<Tz>()
        .map_err(|_| CoreError::Validation(format!("zona waktu tidak dikenal: {name}")))
}

/// "WIB", "WITA" or "WIT" for Indonesian zones; the zone name otherwise.
pub fn zone_label(tz: Tz) -> &'static str {
    match tz.name() {
        "Asia/Jakarta" | "Asia/Pontianak" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        other => other,
    }
}

/// Local calendar date of an instant in the shop's zone, as `YYMMDD`.
pub(crate) fn local_day_code(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%y%m%d").to_string()
}

impl Store {
    pub fn shop_profile(&self) -> Result<ShopProfile> {
        self.read(|c| {
            Ok(ShopProfile {
                name: get(c, "shop_name")?.unwrap_or_else(|| "Warung Alpiant (Demo)".into()),
                address: get(c, "shop_address")?
                    .unwrap_or_else(|| "Jl. Merdeka No. 17, Bandung".into()),
                phone: get(c, "shop_phone")?.unwrap_or_else(|| "0812-3456-7890".into()),
                timezone: shop_timezone(c)?.name().to_string(),
            })
        })
    }

    /// Change only the shop's timezone (day boundaries, display, order numbers).
    pub fn set_shop_timezone(&self, timezone: &str) -> Result<ShopProfile> {
        let tz = timezone.trim();
        if tz.parse::<Tz>().is_err() {
            return Err(CoreError::Validation(format!(
                "zona waktu tidak dikenal: {tz}"
            )));
        }
        self.write(|tx| set(tx, "shop_timezone", tz))?;
        self.shop_profile()
    }

    pub fn set_shop_profile(&self, profile: &ShopProfile) -> Result<ShopProfile> {
        let name = profile.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(CoreError::Validation(
                "nama toko wajib diisi (maks. 60 huruf)".into(),
            ));
        }
        if profile.timezone.parse::<Tz>().is_err() {
            return Err(CoreError::Validation(format!(
                "zona waktu tidak dikenal: {}",
                profile.timezone
            )));
        }
        self.write(|tx| {
            set(tx, "shop_name", name)?;
            set(tx, "shop_address", profile.address.trim())?;
            set(tx, "shop_phone", profile.phone.trim())?;
            set(tx, "shop_timezone", &profile.timezone)?;
            Ok(())
        })?;
        self.shop_profile()
    }
}

/// Raw key/value access for feature crates that own their keys (e.g. `printer.*` in
/// `kasir-receipts`); they validate values before saving.
impl Store {
    /// One setting's stored value, if any.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| get(c, key))
    }

    /// Save several settings in one transaction (all or nothing).
    pub fn set_settings(&self, pairs: &[(&str, String)]) -> Result<()> {
        self.write(|tx| {
            for (key, value) in pairs {
                set(tx, key, value)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
                .set_shop_profile(&bad)
                .expect_err("tz")
                .kind()
                .as_str(),
            "validation"
        );
        let mut good = p;
        good.name = "Kopi Kenangan Mantan".into();
        good.timezone = "Asia/Makassar".into();
        let saved = store.set_shop_profile(&good).expect("saved");
        assert_eq!(
            store
                .set_shop_timezone("Asia/Jayapura")
                .expect("tz")
                .timezone,
            "Asia/Jayapura"
        );
        assert_eq!(
            store
                .set_shop_timezone("Bulan/Mare")
                .expect_err("bad")
                .kind()
                .as_str(),
            "validation"
        );
        store.set_shop_timezone("Asia/Makassar").expect("back");
        assert_eq!(saved.name, "Kopi Kenangan Mantan");
        assert_eq!(zone_label(saved.timezone.parse().expect("tz")), "WITA");
    }
}

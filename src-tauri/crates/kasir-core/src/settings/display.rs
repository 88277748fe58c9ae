//! Settings of the customer display ("Layar Pelanggan"): the promo text on its idle screen
//! (shop-wide, the owner's, Pengaturan → Toko & Waktu) and this till's window: open or not,
//! on which monitor, fullscreen or not (per till, remembered across restarts). Each is saved
//! whole in one transaction and announced as `SettingsChanged { Display }`.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{audit_form, get, set, set_noting};
use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, SettingsSection};
use crate::Store;

const K_PROMO: &str = "display.promo_text";

/// Longest promo text, in characters.
pub const PROMO_MAX_CHARS: usize = 200;
/// Longest monitor name stored.
const MONITOR_MAX_CHARS: usize = 120;

/// The row of one till's window: `display.window.KASIR-1`.
fn window_key(till: &str) -> String {
    format!("display.window.{till}")
}

/// What the owner sets for the customer display.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDisplaySettings {
    /// Shown under the shop's name on the idle screen ("Es teh gratis setiap Jumat"); may be
    /// empty.
    pub promo_text: String,
}

/// This till's customer display window.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayWindowSettings {
    /// It was open when last seen: it opens again when the app starts.
    pub open: bool,
    /// The monitor's name as the system reports it. None ("Otomatis"), or a monitor no longer
    /// connected: the first one the till's window is not on, else the first.
    pub monitor: Option<String>,
    pub fullscreen: bool,
}

impl Default for DisplayWindowSettings {
    fn default() -> Self {
        DisplayWindowSettings {
            open: false,
            monitor: None,
            fullscreen: true,
        }
    }
}

/// A monitor the display window can go to, as the system reports it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayMonitor {
    /// None when the system gives it no name (it can then only be reached as "Otomatis").
    pub name: Option<String>,
    pub width: u32,
    pub height: u32,
    pub x: i32,
    pub y: i32,
    /// The till's own window is on it.
    pub has_till: bool,
}

/// The header's "Layar Pelanggan" menu: what is saved for this till, whether the window is
/// open now, and the monitors to pick from.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDisplayWindow {
    pub settings: DisplayWindowSettings,
    /// The window exists right now.
    pub shown: bool,
    pub monitors: Vec<DisplayMonitor>,
}

pub(crate) fn read_customer_display_settings(c: &Connection) -> Result<CustomerDisplaySettings> {
    Ok(CustomerDisplaySettings {
        promo_text: get(c, K_PROMO)?.unwrap_or_default(),
    })
}

impl Store {
    pub fn customer_display_settings(&self) -> Result<CustomerDisplaySettings> {
        self.read(read_customer_display_settings)
    }

    /// Save the promo text (trimmed, at most [`PROMO_MAX_CHARS`]), audited.
    pub fn save_customer_display_settings(
        &self,
        settings: &CustomerDisplaySettings,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<CustomerDisplaySettings> {
        let promo = settings.promo_text.trim();
        if promo.chars().count() > PROMO_MAX_CHARS {
            return Err(CoreError::Validation(format!(
                "teks promo maks. {PROMO_MAX_CHARS} huruf"
            )));
        }
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            set_noting(tx, &mut changes, K_PROMO, promo)?;
            audit_form(tx, actor.as_ref(), "Layar Pelanggan", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Display,
            });
            read_customer_display_settings(tx)
        })
    }

    /// This till's display window as last saved (defaults: closed, fullscreen). An unreadable
    /// row counts as the defaults.
    pub fn display_window_settings(&self) -> Result<DisplayWindowSettings> {
        let key = window_key(self.till());
        self.read(|c| {
            Ok(get(c, &key)?
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default())
        })
    }

    /// Remember this till's display window (opened, closed, moved to another monitor).
    pub fn save_display_window_settings(
        &self,
        settings: &DisplayWindowSettings,
    ) -> Result<DisplayWindowSettings> {
        let monitor = settings
            .monitor
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        if monitor.is_some_and(|m| m.chars().count() > MONITOR_MAX_CHARS) {
            return Err(CoreError::Validation("nama monitor terlalu panjang".into()));
        }
        let saved = DisplayWindowSettings {
            open: settings.open,
            monitor: monitor.map(str::to_string),
            fullscreen: settings.fullscreen,
        };
        let json = serde_json::to_string(&saved)
            .map_err(|e| CoreError::Validation(format!("pengaturan layar: {e}")))?;
        let key = window_key(self.till());
        self.write(|tx| {
            set(tx, &key, &json)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Display,
            });
            Ok(())
        })?;
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn promo_text_is_trimmed_capped_and_audited() {
        let store = crate::testing::till();
        let saved = store
            .save_customer_display_settings(
                &CustomerDisplaySettings {
                    promo_text: "  Es teh gratis setiap Jumat  ".into(),
                },
                Utc::now(),
            )
            .expect("saved");
        assert_eq!(saved.promo_text, "Es teh gratis setiap Jumat");
        assert_eq!(store.customer_display_settings().expect("read"), saved);
        let audited: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%display.promo_text%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited, 1, "the promo change is in the audit trail");
        let err = store
            .save_customer_display_settings(
                &CustomerDisplaySettings {
                    promo_text: "x".repeat(PROMO_MAX_CHARS + 1),
                },
                Utc::now(),
            )
            .expect_err("too long");
        assert_eq!(err.kind().as_str(), "validation");
        assert_eq!(
            store.customer_display_settings().expect("read"),
            saved,
            "a refused save stores nothing"
        );
    }

    #[test]
    fn the_window_is_remembered_per_till() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("kasir.db");
        let one = Store::open(&db).expect("one");
        let two = Store::open(&db)
            .expect("two")
            .with_till("KASIR-2")
            .expect("till 2");
        assert_eq!(
            one.display_window_settings().expect("default"),
            DisplayWindowSettings::default()
        );
        let mut rx = one.events().subscribe();
        one.save_display_window_settings(&DisplayWindowSettings {
            open: true,
            monitor: Some("  HDMI-1 ".into()),
            fullscreen: true,
        })
        .expect("saved");
        assert_eq!(
            rx.try_recv().ok(),
            Some(DomainEvent::SettingsChanged {
                section: SettingsSection::Display
            })
        );
        let reopened = Store::open(&db).expect("reopen");
        assert_eq!(
            reopened.display_window_settings().expect("read"),
            DisplayWindowSettings {
                open: true,
                monitor: Some("HDMI-1".into()),
                fullscreen: true,
            },
            "remembered across restarts"
        );
        assert!(
            !two.display_window_settings().expect("two").open,
            "another till keeps its own window"
        );
    }
}

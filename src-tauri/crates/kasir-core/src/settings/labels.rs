//! Label settings (Pengaturan → Label): where "Cetak Label" prints by default (the receipt
//! printer, a TSPL label printer, or an A4 sheet as PDF), the label printer's connection, the
//! label size in whole millimetres and the A4 layout. Stored as `label.*` rows, saved whole in
//! one transaction with one audit row.
//!
//! The size is only checked for being whole, positive millimetres here; what a TSPL printer can
//! take (its limits) is the printer crate's rule, checked by `kasir-receipts` before saving.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::get;
use super::printer::{
    ConnectionFields, ConnectionType, StoredConnection, DEFAULT_BAUD_RATE, DEFAULT_TCP_PORT,
};
use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, SettingsSection};
use crate::Store;

/// Where labels go.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum LabelTarget {
    /// The receipt printer (ESC/POS): barcode, name and price on the roll.
    Receipt,
    /// A label printer speaking TSPL (Xprinter, TSC).
    Tspl,
    /// An A4 sheet of sticker labels, as a PDF opened in the system viewer.
    #[default]
    Pdf,
}

impl LabelTarget {
    fn as_str(self) -> &'static str {
        match self {
            LabelTarget::Receipt => "receipt",
            LabelTarget::Tspl => "tspl",
            LabelTarget::Pdf => "pdf",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "receipt" => LabelTarget::Receipt,
            "tspl" => LabelTarget::Tspl,
            "pdf" => LabelTarget::Pdf,
            _ => return None,
        })
    }
}

/// The A4 sticker sheet layouts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[ts(export)]
pub enum LabelSheet {
    /// 3 columns × 8 rows (24 labels, 70 × 37 mm).
    #[default]
    #[serde(rename = "a4_3x8")]
    A4Grid3x8,
    /// 4 columns × 10 rows (40 labels, 52.5 × 29.7 mm).
    #[serde(rename = "a4_4x10")]
    A4Grid4x10,
}

impl LabelSheet {
    fn as_str(self) -> &'static str {
        match self {
            LabelSheet::A4Grid3x8 => "a4_3x8",
            LabelSheet::A4Grid4x10 => "a4_4x10",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "a4_3x8" => LabelSheet::A4Grid3x8,
            "a4_4x10" => LabelSheet::A4Grid4x10,
            _ => return None,
        })
    }
}

/// Everything on Pengaturan → Label.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabelSettings {
    /// Where "Cetak Label" prints unless the owner picks another target in the dialog.
    pub target: LabelTarget,
    /// How the TSPL label printer is connected (`preview` when there is none).
    pub connection: ConnectionType,
    pub host: String,
    pub port: u16,
    pub device_path: String,
    pub usb_device: String,
    pub windows_printer: String,
    pub serial_port: String,
    pub baud_rate: u32,
    /// Label width in mm (TSPL `SIZE`).
    pub width_mm: u32,
    /// Label height in mm.
    pub height_mm: u32,
    /// Gap between labels in mm (TSPL `GAP`).
    pub gap_mm: u32,
    /// A4 layout of the PDF sheet.
    pub sheet: LabelSheet,
    /// Print the shop's name small above the product name.
    pub show_shop_name: bool,
}

impl Default for LabelSettings {
    fn default() -> Self {
        LabelSettings {
            target: LabelTarget::Pdf,
            connection: ConnectionType::Preview,
            host: String::new(),
            port: DEFAULT_TCP_PORT,
            device_path: String::new(),
            usb_device: String::new(),
            windows_printer: String::new(),
            serial_port: String::new(),
            baud_rate: DEFAULT_BAUD_RATE,
            width_mm: 40,
            height_mm: 30,
            gap_mm: 2,
            sheet: LabelSheet::A4Grid3x8,
            show_shop_name: true,
        }
    }
}

/// Key prefix of the label printer's rows (its connection: see [`ConnectionFields::rows`]).
const PREFIX: &str = "label";
const K_TARGET: &str = "label.target";
const K_WIDTH: &str = "label.width_mm";
const K_HEIGHT: &str = "label.height_mm";
const K_GAP: &str = "label.gap_mm";
const K_SHEET: &str = "label.sheet";
const K_SHOP_NAME: &str = "label.show_shop_name";

impl LabelSettings {
    /// Reads the stored settings; a missing or unreadable row takes its default.
    pub fn load(store: &Store) -> Result<LabelSettings> {
        store.read(Self::read)
    }

    fn read(conn: &rusqlite::Connection) -> Result<LabelSettings> {
        let d = LabelSettings::default();
        let get = |k: &str| get(conn, k);
        let number = |k: &str, def: u32| -> Result<u32> {
            Ok(get(k)?.and_then(|v| v.trim().parse().ok()).unwrap_or(def))
        };
        let c = StoredConnection::read(conn, PREFIX, d.connection_fields())?;
        Ok(LabelSettings {
            target: get(K_TARGET)?
                .and_then(|v| LabelTarget::parse(&v))
                .unwrap_or(d.target),
            connection: c.connection,
            host: c.host,
            port: c.port,
            device_path: c.device_path,
            usb_device: c.usb_device,
            windows_printer: c.windows_printer,
            serial_port: c.serial_port,
            baud_rate: c.baud_rate,
            width_mm: number(K_WIDTH, d.width_mm)?,
            height_mm: number(K_HEIGHT, d.height_mm)?,
            gap_mm: number(K_GAP, d.gap_mm)?,
            sheet: get(K_SHEET)?
                .and_then(|v| LabelSheet::parse(&v))
                .unwrap_or(d.sheet),
            show_shop_name: get(K_SHOP_NAME)?.map_or(d.show_shop_name, |v| v.trim() != "0"),
        })
    }

    /// Where the label printer is.
    pub fn connection_fields(&self) -> ConnectionFields<'_> {
        ConnectionFields {
            connection: self.connection,
            host: &self.host,
            port: self.port,
            device_path: &self.device_path,
            usb_device: &self.usb_device,
            windows_printer: &self.windows_printer,
            serial_port: &self.serial_port,
            baud_rate: self.baud_rate,
        }
    }

    /// The connection has what its kind needs; the size is whole, positive millimetres.
    pub fn validate(&self) -> Result<()> {
        self.connection_fields().validate()?;
        if self.width_mm == 0 || self.height_mm == 0 {
            return Err(CoreError::Validation(
                "ukuran label (lebar dan tinggi) wajib diisi dalam mm".into(),
            ));
        }
        Ok(())
    }

    /// Validates and stores every field in one transaction (one audit row), then reads them
    /// back. Announced as `SettingsChanged { section: labels }`.
    pub fn save(&self, store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<LabelSettings> {
        self.validate()?;
        let flag = |v: bool| if v { "1" } else { "0" }.to_string();
        let connection = self.connection_fields().rows(PREFIX);
        let pairs = [
            (K_TARGET, self.target.as_str().to_string()),
            (K_WIDTH, self.width_mm.to_string()),
            (K_HEIGHT, self.height_mm.to_string()),
            (K_GAP, self.gap_mm.to_string()),
            (K_SHEET, self.sheet.as_str().to_string()),
            (K_SHOP_NAME, flag(self.show_shop_name)),
        ];
        let actor = store.operator();
        store.write(|tx| {
            let mut changes = serde_json::Map::new();
            for (key, value) in &connection {
                super::set_noting(tx, &mut changes, key, value)?;
            }
            for (key, value) in &pairs {
                super::set_noting(tx, &mut changes, key, value)?;
            }
            let changed = !changes.is_empty();
            super::audit_form(tx, actor.as_ref(), "Label", changes, now)?;
            if changed {
                tx.emit(DomainEvent::SettingsChanged {
                    section: SettingsSection::Labels,
                });
            }
            Self::read(tx)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_a_saved_form_reads_back_whole_and_is_audited_once() {
        let store = Store::open_in_memory().expect("store");
        let now = chrono::Utc::now();
        assert_eq!(
            LabelSettings::load(&store).expect("load"),
            LabelSettings::default()
        );
        let form = LabelSettings {
            target: LabelTarget::Tspl,
            connection: ConnectionType::Network,
            host: " 192.168.1.50 ".into(),
            width_mm: 50,
            height_mm: 25,
            gap_mm: 3,
            sheet: LabelSheet::A4Grid4x10,
            show_shop_name: false,
            ..LabelSettings::default()
        };
        let saved = form.save(&store, now).expect("save");
        assert_eq!(saved.host, "192.168.1.50");
        assert_eq!(saved.target, LabelTarget::Tspl);
        assert_eq!((saved.width_mm, saved.height_mm, saved.gap_mm), (50, 25, 3));
        assert_eq!(saved.sheet, LabelSheet::A4Grid4x10);
        assert!(!saved.show_shop_name);
        assert_eq!(LabelSettings::load(&store).expect("reload"), saved);
        let audited: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE subject = 'Label'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited, 1);
        // Saving the same form again changes nothing and writes no second audit row.
        saved.save(&store, now).expect("again");
        let audited_again: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE subject = 'Label'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited_again, 1);
    }

    #[test]
    fn a_network_label_printer_without_host_or_a_zero_size_is_refused_and_nothing_is_stored() {
        let store = Store::open_in_memory().expect("store");
        let now = chrono::Utc::now();
        let no_host = LabelSettings {
            connection: ConnectionType::Network,
            ..LabelSettings::default()
        };
        assert!(matches!(
            no_host.save(&store, now),
            Err(CoreError::Validation(_))
        ));
        let zero = LabelSettings {
            width_mm: 0,
            ..LabelSettings::default()
        };
        assert!(matches!(
            zero.save(&store, now),
            Err(CoreError::Validation(_))
        ));
        assert_eq!(
            LabelSettings::load(&store).expect("load"),
            LabelSettings::default()
        );
    }
}

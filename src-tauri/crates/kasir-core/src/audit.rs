//! The audit trail (table `audit_log`, migration 8): who did what, when, written inside the
//! transaction of the change it describes. Append-only: the app never updates or deletes a row
//! and SQLite triggers refuse it. The owner reads it with filters and exports it as CSV.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::auth::Operator;
use crate::db::Tx;
use crate::error::Result;
use crate::Store;

/// What happened. Stored as its snake_case name.
#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    TS,
    PartialEq,
    Eq,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[ts(export)]
pub enum AuditAction {
    SignIn,
    SignOut,
    Unlocked,
    ScreenLocked,
    PinFailed,
    UserLocked,
    OwnerOverride,
    UserCreated,
    UserChanged,
    ProductCreated,
    ProductChanged,
    CategoryChanged,
    CatalogRemoved,
    StockAdjusted,
    ShiftOpened,
    ShiftClosed,
    CashIn,
    CashOut,
    DrawerOpened,
    SettingsChanged,
    PaymentAnomaly,
    Reprint,
    Refund,
    Void,
    Restore,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        use strum::IntoEnumIterator;
        AuditAction::iter().find(|a| a.as_str() == s)
    }

    /// Indonesian label for the audit page and the CSV.
    pub fn label(self) -> &'static str {
        use AuditAction::*;
        match self {
            SignIn => "Masuk",
            SignOut => "Keluar",
            Unlocked => "Buka kunci layar",
            ScreenLocked => "Kunci layar",
            PinFailed => "PIN salah",
            UserLocked => "Akun terkunci",
            OwnerOverride => "Izin PIN pemilik",
            UserCreated => "Pengguna ditambah",
            UserChanged => "Pengguna diubah",
            ProductCreated => "Barang ditambah",
            ProductChanged => "Barang diubah",
            CategoryChanged => "Kategori diubah",
            CatalogRemoved => "Katalog contoh dihapus",
            StockAdjusted => "Penyesuaian stok",
            ShiftOpened => "Buka kasir",
            ShiftClosed => "Tutup kasir",
            CashIn => "Kas masuk",
            CashOut => "Kas keluar",
            DrawerOpened => "Laci dibuka",
            SettingsChanged => "Pengaturan diubah",
            PaymentAnomaly => "Anomali pembayaran",
            Reprint => "Cetak ulang",
            Refund => "Pengembalian",
            Void => "Pembatalan (void)",
            Restore => "Pemulihan data",
        }
    }
}

/// Write one audit row in the caller's transaction. `actor` None is the app itself ("Sistem":
/// the payment worker, a command-line tool).
pub fn record(
    tx: &Tx<'_>,
    actor: Option<&Operator>,
    action: AuditAction,
    subject: &str,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, user_id, user_name, action, subject, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            now.timestamp_millis(),
            actor.map(|a| a.user_id),
            actor.map(|a| a.name.as_str()),
            action.as_str(),
            subject,
            detail.to_string()
        ],
    )?;
    Ok(())
}

/// One row of the audit page.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub at: i64,
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    /// The name at the time; "Sistem" for the app itself.
    pub user_name: String,
    pub action: String,
    pub action_label: String,
    pub subject: String,
    /// JSON object (old → new, amounts, reasons).
    pub detail: String,
}

/// Filters of the audit page: period (UTC ms, `to` exclusive), who, what.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditQuery {
    #[ts(type = "number | null")]
    pub from: Option<i64>,
    #[ts(type = "number | null")]
    pub to: Option<i64>,
    #[ts(type = "number | null")]
    pub user_id: Option<i64>,
    pub action: Option<AuditAction>,
    /// Newest first; at most this many (default 500, at most 5000).
    pub limit: Option<u32>,
}

fn query_entries(c: &rusqlite::Connection, q: &AuditQuery, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut st = c.prepare(
        "SELECT id, at, user_id, user_name, action, subject, detail FROM audit_log
         WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)
           AND (?3 IS NULL OR user_id = ?3) AND (?4 IS NULL OR action = ?4)
         ORDER BY at DESC, id DESC LIMIT ?5",
    )?;
    let rows = st
        .query_map(
            params![q.from, q.to, q.user_id, q.action.map(|a| a.as_str()), limit],
            |r| {
                let action: String = r.get(4)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user_id: r.get(2)?,
                    user_name: r
                        .get::<_, Option<String>>(3)?
                        .unwrap_or_else(|| "Sistem".into()),
                    action_label: AuditAction::parse(&action)
                        .map_or_else(|| action.clone(), |a| a.label().to_string()),
                    action,
                    subject: r.get(5)?,
                    detail: r.get(6)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Where an export was written.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditExport {
    pub path: String,
    #[ts(type = "number")]
    pub rows: i64,
}

fn csv_field(s: &str) -> String {
    // Formula injection: a cell starting with = + - @ is text, not a formula.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl Store {
    pub fn audit_entries(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
        let limit = q.limit.unwrap_or(500).clamp(1, 5000);
        self.read(|c| query_entries(c, q, limit))
    }

    /// Every matching row (no limit) as CSV at `path`, times in the shop's timezone. Returns the
    /// number of rows written.
    pub fn export_audit_csv(&self, q: &AuditQuery, path: &Path) -> Result<usize> {
        let tz = self.shop_clock()?.tz();
        let rows = self.read(|c| query_entries(c, q, u32::MAX))?;
        let mut out = Vec::new();
        out.extend_from_slice(b"\xEF\xBB\xBFwaktu,pengguna,aksi,kode_aksi,subjek,detail\r\n");
        for e in &rows {
            let at = crate::time::from_millis(e.at)
                .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default();
            let line = [
                at.as_str(),
                &e.user_name,
                &e.action_label,
                &e.action,
                &e.subject,
                &e.detail,
            ]
            .map(csv_field)
            .join(",");
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        let mut f = std::fs::File::create(path)?;
        f.write_all(&out)?;
        f.sync_all()?;
        Ok(rows.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_trail_refuses_updates_and_deletes() {
        let store = Store::open_in_memory().expect("store");
        let now = Utc::now();
        store
            .write(|tx| {
                record(
                    tx,
                    None,
                    AuditAction::SettingsChanged,
                    "Printer",
                    json!({"a": 1}),
                    now,
                )
            })
            .expect("insert");
        let upd = store.write(|tx| {
            tx.execute("UPDATE audit_log SET subject = 'x'", [])?;
            Ok(())
        });
        assert!(upd.is_err(), "UPDATE is refused by the trigger");
        let del = store.write(|tx| {
            tx.execute("DELETE FROM audit_log", [])?;
            Ok(())
        });
        assert!(del.is_err(), "DELETE is refused by the trigger");
        let rows = store.audit_entries(&AuditQuery::default()).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].subject, "Printer");
        assert_eq!(rows[0].user_name, "Sistem");
    }

    #[test]
    fn every_action_round_trips_and_has_a_label() {
        use strum::IntoEnumIterator;
        for a in AuditAction::iter() {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(
                serde_json::to_string(&a).expect("json"),
                format!("\"{}\"", a.as_str())
            );
            assert!(!a.label().is_empty());
        }
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("{\"x\":1}"), "\"{\"\"x\"\":1}\"");
    }
}

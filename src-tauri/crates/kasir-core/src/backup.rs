//! Backups and restore of the shop's database, always through SQLite's online backup API (never
//! a file copy of a live database): a consistent snapshot taken page by page from a read-only
//! connection while the till keeps selling. Every backup is written to a `.partial` file,
//! verified with `PRAGMA integrity_check`, renamed, recorded (table `backups`) and pruned to the
//! last N. Restore verifies the file, refuses one from a newer app, takes a safety backup of the
//! current database, then copies the backup into the live database (again with the backup API,
//! so every connection of this process sees it), migrates it, and signs everyone out.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rusqlite::backup::Backup;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::db::LATEST_SCHEMA;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::Store;

/// Settings keys.
const K_DIR: &str = "backup.dir";
const K_KEEP: &str = "backup.keep";
pub const DEFAULT_KEEP: u32 = 30;
/// Every page in one step: the copy reads one snapshot of the source (in WAL mode that never
/// blocks the writer). Stepwise, SQLite restarts a backup when another connection writes between
/// two steps (test `a_large_database_backs_up_while_the_till_keeps_writing`, 60 000 orders and a
/// commit every 2 ms: 3,3 s in steps of 256 pages, 1,6 s in one step).
const PAGES_PER_STEP: std::os::raw::c_int = -1;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupTrigger {
    /// After every shift close.
    ShiftClose,
    /// Once a day while the app runs.
    Daily,
    /// "Cadangkan sekarang" or `kasir-cli backup`.
    Manual,
    /// The safety copy taken right before a restore.
    BeforeRestore,
}

impl BackupTrigger {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupTrigger::ShiftClose => "shift_close",
            BackupTrigger::Daily => "daily",
            BackupTrigger::Manual => "manual",
            BackupTrigger::BeforeRestore => "before_restore",
        }
    }
}

/// One backup taken (or tried).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub path: String,
    pub trigger: String,
    pub ok: bool,
    #[ts(type = "number | null")]
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    #[ts(type = "number | null")]
    pub orders: Option<i64>,
    #[ts(type = "number")]
    pub started_at: i64,
    #[ts(type = "number")]
    pub finished_at: i64,
}

/// Where backups go and how many are kept.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupSettings {
    /// Folder (absolute). Default: `backups/` beside the database.
    pub dir: String,
    /// Keep the last N backups of this folder (1–365).
    pub keep: u32,
}

/// The Pengaturan → Cadangan panel: settings, recent backups, and whether the last one failed
/// (a persistent badge).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    pub recent: Vec<BackupRecord>,
    pub last_failed: bool,
}

/// What a backup file holds, shown before a restore.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub shop_name: String,
    #[ts(type = "number")]
    pub schema_version: u32,
    #[ts(type = "number")]
    pub orders: i64,
    pub last_order_number: Option<String>,
    #[ts(type = "number | null")]
    pub last_order_at: Option<i64>,
    #[ts(type = "number")]
    pub size_bytes: i64,
}

/// A restore done: what came back, and the safety copy of the database it replaced.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Restored {
    pub restored: BackupInfo,
    pub safety_copy: BackupRecord,
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn io_err(what: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::Validation(format!("{what}: {e}"))
}

/// `integrity_check` says "ok" for a sound database.
fn integrity_ok(conn: &Connection) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(CoreError::Validation(format!(
            "berkas cadangan rusak (integrity_check: {verdict})"
        )))
    }
}

/// Copy `src` into `dst` with the online backup API, every page in one step (retried while a
/// lock is held elsewhere, for at most 30 s).
fn copy_db(src: &Connection, dst: &mut Connection) -> Result<()> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new(src, dst)?;
    let deadline = std::time::Instant::now() + StdDuration::from_secs(30);
    loop {
        match backup.step(PAGES_PER_STEP)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if std::time::Instant::now() > deadline {
                    return Err(CoreError::Validation(
                        "database sedang dikunci terlalu lama; cadangan dibatalkan".into(),
                    ));
                }
                std::thread::sleep(StdDuration::from_millis(50));
            }
            _ => {}
        }
    }
}

fn inspect(path: &Path) -> Result<BackupInfo> {
    if !path.is_file() {
        return Err(CoreError::NotFound {
            what: format!("Berkas cadangan {}", path.display()),
        });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| io_err("berkas cadangan tidak bisa dibuka", e))?;
    integrity_ok(&conn).map_err(|_| {
        CoreError::Validation("berkas ini bukan database Kasir Alpiant yang utuh".into())
    })?;
    let version: Option<u32> = conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))
        .map_err(|_| CoreError::Validation("berkas ini bukan cadangan Kasir Alpiant".into()))?;
    let version = version.unwrap_or(0);
    if version > LATEST_SCHEMA {
        return Err(CoreError::SchemaTooNew {
            found: version,
            supported: LATEST_SCHEMA,
        });
    }
    let shop_name = setting(&conn, "shop_name")?.unwrap_or_default();
    let orders: i64 = conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?;
    let last: Option<(String, i64)> = conn
        .query_row(
            "SELECT number, created_at FROM orders ORDER BY created_at DESC, id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let size_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo {
        path: path.display().to_string(),
        shop_name,
        schema_version: version,
        orders,
        last_order_number: last.as_ref().map(|l| l.0.clone()),
        last_order_at: last.map(|l| l.1),
        size_bytes: i64::try_from(size_bytes).unwrap_or(i64::MAX),
    })
}

impl Store {
    fn default_backup_dir(&self) -> PathBuf {
        self.path()
            .and_then(Path::parent)
            .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups"))
    }

    pub fn backup_settings(&self) -> Result<BackupSettings> {
        let (dir, keep) = self.read(|c| Ok((setting(c, K_DIR)?, setting(c, K_KEEP)?)))?;
        Ok(BackupSettings {
            dir: dir
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| self.default_backup_dir().display().to_string()),
            keep: keep.and_then(|k| k.parse().ok()).unwrap_or(DEFAULT_KEEP),
        })
    }

    pub fn save_backup_settings(
        &self,
        settings: &BackupSettings,
        now: DateTime<Utc>,
    ) -> Result<BackupSettings> {
        if !(1..=365).contains(&settings.keep) {
            return Err(CoreError::Validation(
                "simpan 1 sampai 365 cadangan terakhir".into(),
            ));
        }
        let dir = settings.dir.trim();
        if !Path::new(dir).is_absolute() {
            return Err(CoreError::Validation(
                "folder cadangan harus lengkap (mis. /home/toko/cadangan)".into(),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| io_err("folder cadangan tidak bisa dibuat", e))?;
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            crate::settings::set_noting(tx, &mut changes, K_DIR, dir)?;
            crate::settings::set_noting(tx, &mut changes, K_KEEP, &settings.keep.to_string())?;
            crate::settings::audit_form(tx, actor.as_ref(), "Cadangan", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: crate::SettingsSection::Backup,
            });
            Ok(())
        })?;
        self.backup_settings()
    }

    /// Settings, the last 20 backups, and whether the latest one failed.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let recent = self.read(|c| {
            let mut st = c.prepare(
                "SELECT id, path, trigger, ok, size_bytes, error, orders, started_at, finished_at
                 FROM backups ORDER BY id DESC LIMIT 20",
            )?;
            let rows = st
                .query_map([], |r| {
                    Ok(BackupRecord {
                        id: r.get(0)?,
                        path: r.get(1)?,
                        trigger: r.get(2)?,
                        ok: r.get(3)?,
                        size_bytes: r.get(4)?,
                        error: r.get(5)?,
                        orders: r.get(6)?,
                        started_at: r.get(7)?,
                        finished_at: r.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        Ok(BackupStatus {
            settings: self.backup_settings()?,
            last_failed: recent.first().is_some_and(|r| !r.ok),
            recent,
        })
    }

    /// A daily backup is due when no successful backup was taken in the last 24 hours.
    pub fn daily_backup_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let last: Option<i64> = self.read(|c| {
            Ok(c.query_row(
                "SELECT MAX(started_at) FROM backups WHERE ok = 1",
                [],
                |r| r.get(0),
            )?)
        })?;
        Ok(last
            .is_none_or(|t| now.timestamp_millis() - t >= Duration::hours(24).num_milliseconds()))
    }

    /// Take a backup into the configured folder (named by time and trigger), verify it, record
    /// it and keep the last N. A failure is recorded too (the badge) and returned.
    pub fn backup_now(&self, trigger: BackupTrigger, now: DateTime<Utc>) -> Result<BackupRecord> {
        let settings = self.backup_settings()?;
        let dir = PathBuf::from(&settings.dir);
        let name = format!(
            "kasir-{}-{}.db",
            now.format("%Y%m%d-%H%M%S%3f"),
            trigger.as_str().replace('_', "-")
        );
        let target = dir.join(name);
        let outcome = self.backup_to(&target);
        let finished = Utc::now().max(now);
        let (ok, size, error, orders) = match &outcome {
            Ok(info) => (true, Some(info.size_bytes), None, Some(info.orders)),
            Err(e) => (false, None, Some(e.message_id()), None),
        };
        let record_id = self.write(|tx| {
            tx.execute(
                "INSERT INTO backups (path, trigger, ok, size_bytes, error, orders, started_at, finished_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    target.display().to_string(),
                    trigger.as_str(),
                    ok,
                    size,
                    error,
                    orders,
                    now.timestamp_millis(),
                    finished.timestamp_millis()
                ],
            )?;
            tx.emit(DomainEvent::BackupChanged);
            Ok(tx.last_insert_rowid())
        })?;
        outcome?;
        if let Err(e) = prune(&dir, settings.keep) {
            tracing::warn!(target: "backup", "cadangan lama tidak terhapus: {}", e.message_id());
        }
        tracing::info!(target: "backup", path = %target.display(), trigger = trigger.as_str(), "cadangan dibuat");
        self.backup_status()?
            .recent
            .into_iter()
            .find(|r| r.id == record_id)
            .ok_or_else(|| CoreError::NotFound {
                what: "Catatan cadangan".into(),
            })
    }

    /// Write a verified copy of the database to `target` (online backup API from a fresh
    /// read-only connection; `.partial` until verified). Returns what it holds.
    pub fn backup_to(&self, target: &Path) -> Result<BackupInfo> {
        let source = self.path().ok_or_else(|| {
            CoreError::Validation("database di memori tidak bisa dicadangkan".into())
        })?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| io_err("folder cadangan tidak bisa dibuat", e))?;
        }
        let partial = target.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let result = (|| {
            let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            src.busy_timeout(StdDuration::from_secs(5))?;
            let mut dst = Connection::open(&partial)?;
            copy_db(&src, &mut dst)?;
            // A self-contained file: no WAL beside it.
            let _mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            integrity_ok(&dst)?;
            drop(dst);
            std::fs::rename(&partial, target)
                .map_err(|e| io_err("berkas cadangan tidak bisa disimpan", e))?;
            inspect(target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    /// What a backup file holds (verified; refused when made by a newer app).
    pub fn inspect_backup(&self, path: &Path) -> Result<BackupInfo> {
        inspect(path)
    }

    /// Restore the shop's database from `path`: verify it, take a safety backup of the current
    /// database, copy the backup into the live database, migrate it, and sign everyone out.
    /// Returns what was restored and the safety copy.
    pub fn restore_from(&self, path: &Path, now: DateTime<Utc>) -> Result<Restored> {
        let info = inspect(path)?;
        let safety = self.backup_now(BackupTrigger::BeforeRestore, now)?;
        let actor = self.operator();
        {
            let src = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let mut conn = self.conn();
            copy_db(&src, &mut conn)?;
            crate::db::migrate_restored(&mut conn, self.path())?;
        }
        // The restored database has its own settings.
        self.idle_lock_cache
            .store(u32::MAX, std::sync::atomic::Ordering::Relaxed);
        self.sign_out(now).ok();
        self.write(|tx| {
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::Restore,
                &info.path,
                serde_json::json!({
                    "orders": info.orders, "lastOrder": info.last_order_number,
                    "safetyCopy": safety.path,
                }),
                now,
            )?;
            tx.emit(DomainEvent::ChangesMissed);
            Ok(())
        })?;
        Ok(Restored {
            restored: info,
            safety_copy: safety,
        })
    }
}

/// Keep the newest `keep` files named `kasir-*.db` in `dir`.
fn prune(dir: &Path, keep: u32) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("kasir-") && n.ends_with(".db"))
        })
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(keep as usize);
    for old in files.into_iter().take(excess) {
        std::fs::remove_file(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CartLineInput, PayCashRequest};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    #[test]
    fn a_backup_taken_while_selling_restores_every_sale_committed_before_it() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("kasir.db");
        let store = Arc::new(Store::open(&db).expect("store"));
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        crate::testing::open_till(&store, Utc::now());
        let product = store.catalog().expect("catalog").products[0].id;
        store
            .write(|tx| {
                tx.execute("UPDATE products SET stock = 100000", [])?;
                Ok(())
            })
            .expect("stock");
        let sell = move |s: &Store| {
            s.pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        product_id: product,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    tendered: 1_000_000,
                    cart: None,
                },
                Utc::now(),
            )
            .expect("sale")
        };
        for _ in 0..200 {
            sell(&store);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, stop) = (store.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    sell(&store);
                    n += 1;
                }
                n
            })
        };
        std::thread::sleep(StdDuration::from_millis(50));
        let committed_before: i64 = store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
            .expect("count");
        let record = store
            .backup_now(BackupTrigger::Manual, Utc::now())
            .expect("backup");
        stop.store(true, Ordering::Relaxed);
        let during = writer.join().expect("writer");
        assert!(during > 0, "sales went on during the backup");
        assert!(
            record.ok && record.size_bytes.unwrap_or(0) > 0,
            "{record:?}"
        );
        let info = store
            .inspect_backup(Path::new(&record.path))
            .expect("inspect");
        assert!(
            info.orders >= committed_before,
            "every sale committed before the backup started is in it ({} < {committed_before})",
            info.orders
        );
        // Restore into a second app on a new file: integrity ok, the sales are there.
        let other = Store::open(&dir.path().join("other.db")).expect("other");
        let Restored {
            restored,
            safety_copy: safety,
        } = other
            .restore_from(Path::new(&record.path), Utc::now())
            .expect("restore");
        assert!(safety.ok, "a safety copy first");
        assert_eq!(restored.orders, info.orders);
        let n: i64 = other
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?))
            .expect("count");
        assert_eq!(n, info.orders, "readers see the restored database");
        other.read(integrity_ok).expect("integrity after restore");
        assert!(
            other.operator().is_none(),
            "everyone signs in again after a restore"
        );
    }

    /// A large database is backed up, whole and consistent, while another connection commits
    /// every few milliseconds (the till selling during the backup).
    #[test]
    fn a_large_database_backs_up_while_the_till_keeps_writing() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Arc::new(Store::open(&dir.path().join("kasir.db")).expect("store"));
        // ~60 000 orders (tens of MB, thousands of pages), written directly.
        store
            .write(|tx| {
                tx.execute_batch(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
                     INSERT INTO orders (number, status, subtotal, total, payment_method,
                                         cash_tendered, cash_change, created_at, paid_at, cashier)
                     SELECT 'BIG-' || i, 'paid', 10000 + i, 10000 + i, 'cash', 10000 + i, 0,
                            i * 1000, i * 1000, 'Kasir dengan nama yang cukup panjang ' || i
                     FROM n;",
                )?;
                Ok(())
            })
            .expect("bulk");
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, stop) = (store.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    store
                        .write(|tx| {
                            tx.execute(
                                "INSERT INTO settings (key, value) VALUES ('tick', ?1)
                                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                [n.to_string()],
                            )?;
                            Ok(())
                        })
                        .expect("tick");
                    n += 1;
                    std::thread::sleep(StdDuration::from_millis(2));
                }
                n
            })
        };
        std::thread::sleep(StdDuration::from_millis(20));
        let started = std::time::Instant::now();
        let record = store.backup_now(BackupTrigger::Manual, Utc::now());
        stop.store(true, Ordering::Relaxed);
        let ticks = writer.join().expect("writer");
        let record = record.expect("the backup finishes while the till writes");
        assert!(
            ticks > 10,
            "the till kept writing during the backup ({ticks} commits)"
        );
        assert!(record.orders.unwrap_or(0) >= 60_000, "{record:?}");
        assert!(
            started.elapsed() < StdDuration::from_secs(60),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_broken_or_newer_file_is_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("kasir.db")).expect("store");
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, b"not a database at all").expect("write");
        assert!(store.restore_from(&junk, Utc::now()).is_err());
        let newer = dir.path().join("newer.db");
        let record = store.backup_to(&newer).expect("backup");
        let c = Connection::open(&newer).expect("open");
        c.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, 0)",
            [LATEST_SCHEMA + 1],
        )
        .expect("bump");
        drop(c);
        let e = store.restore_from(&newer, Utc::now()).expect_err("newer");
        assert!(matches!(e, CoreError::SchemaTooNew { .. }), "{e:?}");
        assert!(record.orders >= 0);
        assert_eq!(store.schema_version().expect("v"), LATEST_SCHEMA);
    }

    #[test]
    fn only_the_last_n_backups_are_kept_and_a_failure_is_recorded() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("kasir.db")).expect("store");
        crate::testing::open_till(&store, Utc::now());
        let backups = dir.path().join("cadangan");
        store
            .save_backup_settings(
                &BackupSettings {
                    dir: backups.display().to_string(),
                    keep: 2,
                },
                Utc::now(),
            )
            .expect("settings");
        let t = Utc::now();
        for i in 0..4 {
            store
                .backup_now(BackupTrigger::Daily, t + Duration::seconds(i))
                .expect("backup");
        }
        let files = std::fs::read_dir(&backups).expect("dir").count();
        assert_eq!(files, 2, "the last two are kept");
        assert!(!store.daily_backup_due(t + Duration::hours(1)).expect("due"));
        assert!(store
            .daily_backup_due(t + Duration::hours(25))
            .expect("due"));
        // An unwritable folder: the failure is recorded and shown.
        let blocked = dir.path().join("file-not-dir");
        std::fs::write(&blocked, b"x").expect("file");
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE settings SET value = ?1 WHERE key = 'backup.dir'",
                    [blocked.join("sub").display().to_string()],
                )?;
                Ok(())
            })
            .expect("point at a file");
        assert!(store.backup_now(BackupTrigger::Manual, t).is_err());
        assert!(
            store.backup_status().expect("status").last_failed,
            "the badge shows"
        );
    }
}

//! SQLite connection, pragmas and the numbered, add-only migrations.
//!
//! Owns the schema. All pending migrations run in one transaction: a failure leaves the database
//! exactly as it was. A non-empty database is copied (`VACUUM INTO`) before it is migrated.

use std::cell::RefCell;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, EventBus};

/// Add-only. Never edit a shipped migration; append a new one.
pub(crate) const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_payment_attempts.sql")),
    (3, include_str!("migrations/0003_report_indexes.sql")),
    (4, include_str!("migrations/0004_print_jobs.sql")),
    (5, include_str!("migrations/0005_report_rollups.sql")),
    (6, include_str!("migrations/0006_stock_movements.sql")),
    (7, include_str!("migrations/0007_qris_hardening.sql")),
    (8, include_str!("migrations/0008_till.sql")),
    (9, include_str!("migrations/0009_refunds.sql")),
    (10, include_str!("migrations/0010_pricing.sql")),
    (11, include_str!("migrations/0011_catalog.sql")),
    (12, include_str!("migrations/0012_counter.sql")),
    (13, include_str!("migrations/0013_split_payment.sql")),
];

pub const LATEST_SCHEMA: u32 = 13;

/// Environment variable naming this till when several share one database (default `KASIR-1`).
pub const TILL_ENV: &str = "KASIR_TILL";
/// The till's name when none is given.
pub const DEFAULT_TILL: &str = "KASIR-1";

/// How many read-only connections serve reports, exports and history next to the writer.
pub const READERS: usize = 3;

/// One write transaction: the SQLite transaction (through `Deref`) plus the domain events it
/// announces. The events are published only after the commit.
pub struct Tx<'c> {
    tx: Transaction<'c>,
    events: RefCell<Vec<DomainEvent>>,
}

impl<'c> Tx<'c> {
    /// Announce a change made in this transaction (published after the commit).
    pub fn emit(&self, event: DomainEvent) {
        self.events.borrow_mut().push(event);
    }
}

impl<'c> Deref for Tx<'c> {
    type Target = Transaction<'c>;
    fn deref(&self) -> &Transaction<'c> {
        &self.tx
    }
}

/// The SQLite store: a single writer connection (SQLite serialises writers anyway; one guarded
/// connection makes "two tills race" impossible inside one process) and a few read-only WAL
/// connections, so a long export never makes the checkout wait. Committed changes are
/// announced on [`Store::events`].
pub struct Store {
    /// Empty for an in-memory database (reads then share the writer). Declared before the
    /// writer so it is dropped first: the last connection to close checkpoints the WAL into the
    /// database file and deletes it, and a read-only connection cannot. A shop that copies
    /// `kasir.db` alone after closing the till then copies every sale.
    readers: Vec<Mutex<Connection>>,
    writer: Mutex<Connection>,
    events: EventBus,
    path: Option<PathBuf>,
    /// Who is signed in at this till ([`crate::auth`]).
    pub(crate) session: crate::auth::TillSession,
    /// This till's name: shifts and the orders sold here carry it.
    till: String,
    /// The idle-lock minutes, read once (the gate runs before every command): `u32::MAX` until
    /// read; set again when the till settings are saved or a backup is restored.
    pub(crate) idle_lock_cache: std::sync::atomic::AtomicU32,
    /// The cart on the till now, as the customer display shows it (memory only).
    pub(crate) display: crate::display::DisplayBoard,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A poisoned lock only means another thread panicked mid-call; SQLite rolled back its
    // transaction, so the connection itself is still consistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Store {
    /// Open (creating if needed) and migrate to the latest schema.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_up_to(path, LATEST_SCHEMA)
    }

    /// Open with `readers` read-only connections (0: every read waits for the writer's lock, the
    /// single-connection design before issue 9; benchmarks compare the two).
    pub fn open_with_readers(path: &Path, readers: usize) -> Result<Store> {
        Self::open_migrated(path, LATEST_SCHEMA, readers)
    }

    /// Open and migrate only up to `version` (tests use this to build an old database).
    pub fn open_up_to(path: &Path, version: u32) -> Result<Store> {
        Self::open_migrated(path, version, READERS)
    }

    fn open_migrated(path: &Path, version: u32, readers: usize) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn, Some(path), version)?;
        let readers = (0..readers)
            .map(|_| open_reader(path).map(Mutex::new))
            .collect::<Result<Vec<_>>>()?;
        Ok(Store {
            writer: Mutex::new(conn),
            readers,
            events: EventBus::new(),
            path: Some(path.to_path_buf()),
            session: Default::default(),
            till: DEFAULT_TILL.to_string(),
            idle_lock_cache: std::sync::atomic::AtomicU32::new(u32::MAX),
            display: Default::default(),
        })
    }

    /// A private in-memory database, fully migrated (unit tests).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn, None, LATEST_SCHEMA)?;
        Ok(Store {
            writer: Mutex::new(conn),
            readers: Vec::new(),
            events: EventBus::new(),
            path: None,
            session: Default::default(),
            till: DEFAULT_TILL.to_string(),
            idle_lock_cache: std::sync::atomic::AtomicU32::new(u32::MAX),
            display: Default::default(),
        })
    }

    /// Name this till (`KASIR-2`…) when several share one database.
    pub fn with_till(mut self, till: &str) -> Result<Store> {
        let till = till.trim();
        if till.is_empty() || till.chars().count() > 20 {
            return Err(CoreError::Validation(
                "nama kasir (KASIR_TILL) 1–20 huruf".into(),
            ));
        }
        self.till = till.to_string();
        Ok(self)
    }

    /// This till's name.
    pub fn till(&self) -> &str {
        &self.till
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The change feed: every committed write's events.
    pub fn events(&self) -> &EventBus {
        &self.events
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        lock(&self.writer)
    }

    /// Run `f` inside one IMMEDIATE transaction; commit on `Ok` and then publish the events it
    /// emitted, roll back (and publish nothing) on `Err`.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = Tx {
            tx: conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            events: RefCell::new(Vec::new()),
        };
        let out = f(&tx)?;
        let events = tx.events.into_inner();
        tx.tx.commit()?;
        self.events.publish(events);
        Ok(out)
    }

    /// Run a read-only closure on a reader connection (the writer's for an in-memory store).
    /// A reader sees the last committed state; it never waits for a write in progress.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.readers.is_empty() {
            return f(&self.conn());
        }
        // Take a free reader if there is one; otherwise wait for the first.
        for r in &self.readers {
            if let Ok(conn) = r.try_lock() {
                return f(&conn);
            }
        }
        f(&lock(&self.readers[0]))
    }

    pub fn schema_version(&self) -> Result<u32> {
        current_version(&self.conn())
    }

    /// Copy every committed write from the WAL into the database file and empty the WAL. The
    /// app calls it when it exits (a GUI event loop ends the process without dropping the
    /// store), so `kasir.db` alone holds every sale once the till is closed. `false` when a
    /// reader still held an old snapshot and part of the WAL stayed (nothing is lost: SQLite
    /// replays it on the next open).
    pub fn checkpoint(&self) -> Result<bool> {
        if self.path.is_none() {
            return Ok(true);
        }
        let (busy, _, _): (i64, i64, i64) =
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        Ok(busy == 0)
    }
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // journal_mode returns a row, so query it rather than execute it.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;",
    )?;
    Ok(())
}

fn current_version(conn: &Connection) -> Result<u32> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version    INTEGER PRIMARY KEY,
             applied_at INTEGER NOT NULL
         );",
    )?;
    let v: Option<u32> =
        conn.query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))?;
    Ok(v.unwrap_or(0))
}

/// A database just restored from a backup into the live connection: bring it to this app's
/// schema (a backup from an older version is migrated like any old database).
pub(crate) fn migrate_restored(conn: &mut Connection, path: Option<&Path>) -> Result<()> {
    configure(conn)?;
    migrate(conn, path, LATEST_SCHEMA)
}

fn migrate(conn: &mut Connection, path: Option<&Path>, target: u32) -> Result<()> {
    let current = current_version(conn)?;
    if current > LATEST_SCHEMA {
        return Err(CoreError::SchemaTooNew {
            found: current,
            supported: LATEST_SCHEMA,
        });
    }
    let pending: Vec<&(u32, &str)> = MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > current && *v <= target)
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    if current > 0 {
        if let Some(path) = path {
            backup(conn, path, current)?;
        }
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let now = chrono::Utc::now().timestamp_millis();
    for (version, sql) in pending {
        tx.execute_batch(sql)
            .map_err(|source| CoreError::Migration {
                version: *version,
                source,
            })?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            (version, now),
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Copy the whole database next to itself before changing its schema.
fn backup(conn: &Connection, path: &Path, version: u32) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".v{version}-{stamp}.bak"));
    let target = PathBuf::from(name);
    if target.exists() {
        return Ok(target);
    }
    let target_str = target
        .to_str()
        .ok_or_else(|| CoreError::Validation("path database bukan UTF-8".into()))?;
    conn.execute("VACUUM INTO ?1", [target_str])?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_exists(store: &Store, name: &str) -> bool {
        store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?1",
                    [name],
                    |r| r.get::<_, i64>(0),
                )?)
            })
            .unwrap_or(0)
            == 1
    }

    #[test]
    fn fresh_database_reaches_latest_schema_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("kasir.db")).expect("open");
        assert_eq!(store.schema_version().expect("version"), LATEST_SCHEMA);
        let (mode, fk): (String, i64) = store
            .read(|c| {
                let mode = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                let fk = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
                Ok((mode, fk))
            })
            .expect("pragmas");
        assert_eq!(mode, "wal", "journal mode must be WAL for crash safety");
        assert_eq!(fk, 1, "foreign keys must be enforced");
    }

    #[test]
    fn closing_the_store_leaves_every_write_in_the_database_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kasir.db");
        let store = Store::open(&path).expect("open");
        let seeded = store.seed_demo_if_empty(chrono::Utc::now()).expect("seed");
        assert!(seeded > 0);
        // A read on a reader connection, so it holds the WAL open too.
        assert!(table_exists(&store, "products"));
        drop(store);
        let wal = dir.path().join("kasir.db-wal");
        assert!(
            !wal.exists(),
            "the WAL must be checkpointed and removed on close"
        );
        // The database file alone (what a shop copies to a USB stick) holds the writes.
        assert_eq!(products_in_a_copy_of(&path) as usize, seeded);
    }

    /// Products in a copy of the database file alone (no WAL beside it); -1 if unreadable.
    fn products_in_a_copy_of(path: &Path) -> i64 {
        let copy = path.with_extension("copy.db");
        std::fs::copy(path, &copy).expect("copy");
        let n = Connection::open(&copy)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM products", [], |r| r.get(0)))
            .unwrap_or(-1);
        std::fs::remove_file(&copy).expect("remove copy");
        n
    }

    #[test]
    fn a_checkpoint_puts_every_write_in_the_database_file_while_the_store_stays_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kasir.db");
        let store = Store::open(&path).expect("open");
        let seeded = store.seed_demo_if_empty(chrono::Utc::now()).expect("seed");
        assert!(table_exists(&store, "products"));
        assert_ne!(
            products_in_a_copy_of(&path) as usize,
            seeded,
            "the writes are still in the WAL"
        );
        assert!(store.checkpoint().expect("checkpoint"));
        assert_eq!(products_in_a_copy_of(&path) as usize, seeded);
        // The store goes on working after it.
        assert!(table_exists(&store, "products"));
    }

    #[test]
    fn upgrade_from_migration_1_keeps_data_and_makes_a_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kasir.db");
        {
            let v1 = Store::open_up_to(&path, 1).expect("open v1");
            assert_eq!(v1.schema_version().expect("v"), 1);
            assert!(!table_exists(&v1, "payment_attempts"));
            v1.write(|tx| {
                tx.execute(
                    "INSERT INTO products (sku, name, price, stock, created_at, updated_at)
                     VALUES ('OLD-1', 'Kopi Lama', 5000, 3, 0, 0)",
                    [],
                )?;
                Ok(())
            })
            .expect("insert");
        }
        let store = Store::open(&path).expect("upgrade");
        assert_eq!(store.schema_version().expect("v"), LATEST_SCHEMA);
        assert!(table_exists(&store, "payment_attempts"));
        let price: i64 = store
            .read(|c| {
                Ok(
                    c.query_row("SELECT price FROM products WHERE sku='OLD-1'", [], |r| {
                        r.get(0)
                    })?,
                )
            })
            .expect("row survives");
        assert_eq!(
            price, 5000,
            "data written under migration 1 must survive the upgrade"
        );
        let backups: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".v1-"))
            .collect();
        assert_eq!(backups.len(), 1, "a copy of the v1 database must be kept");
    }

    #[test]
    fn failed_migration_leaves_old_database_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("kasir.db");
        {
            let v1 = Store::open_up_to(&path, 1).expect("open v1");
            // Sabotage: an object migration 2 wants to create already exists.
            v1.write(|tx| {
                tx.execute_batch(
                    "CREATE TABLE payment_attempts (x INTEGER);
                     INSERT INTO settings (key, value) VALUES ('shop_name', 'Warung Uji');",
                )?;
                Ok(())
            })
            .expect("sabotage");
        }
        let err = Store::open(&path).err().expect("migration must fail");
        assert!(
            matches!(err, CoreError::Migration { version: 2, .. }),
            "got {err:?}"
        );
        let v1 = Store::open_up_to(&path, 1).expect("reopen at v1");
        assert_eq!(v1.schema_version().expect("v"), 1, "version must not move");
        let has_issuer_col: i64 = v1
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM pragma_table_info('orders') WHERE name='payment_issuer'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("pragma");
        assert_eq!(has_issuer_col, 0, "half a migration must never be applied");
    }
}

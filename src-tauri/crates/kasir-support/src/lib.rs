//! What a support person needs: a log file they can read and the Settings → "Info & Log" page.
//!
//! - [`init_logging`]: `tracing` into a daily rolling file `kasir.log.YYYY-MM-DD` in the app data
//!   dir's `logs/` (the last [`KEEP_DAYS`] kept) and to stderr. One line per state change comes
//!   from the change feed (`DomainEvent::log`); warnings and errors are also kept in memory for
//!   the page ([`RecentErrors`]). Nothing logged carries a key: events carry none, and gateway
//!   text is redacted by the payment crates before it is stored or logged.
//! - [`support_info`]: app version, data dir, database size, log dir and the last errors, as one
//!   value the page shows and copies ("Salin info").
//!
//! Must not depend on `tauri`.

#[cfg(target_os = "linux")]
pub mod rendering;
#[cfg(target_os = "linux")]
pub mod single_instance;

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use kasir_core::paths::AppPaths;
use serde::Serialize;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};
use ts_rs::TS;

/// Daily log files kept.
pub const KEEP_DAYS: usize = 14;
/// Warnings and errors kept in memory for the Info & Log page.
pub const RECENT: usize = 20;

/// One warning or error, as the page lists it.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LogEntry {
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub at: i64,
    /// `WARN` or `ERROR`.
    pub level: String,
    /// Where it came from (`payment`, `print`, …).
    pub target: String,
    pub message: String,
}

/// The last warnings and errors, newest last.
#[derive(Clone, Default)]
pub struct RecentErrors(Arc<Mutex<VecDeque<LogEntry>>>);

impl RecentErrors {
    pub fn entries(&self) -> Vec<LogEntry> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    fn push(&self, entry: LogEntry) {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if q.len() == RECENT {
            q.pop_front();
        }
        q.push_back(entry);
    }
}

/// Collects an event's message and fields into one line.
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0.push_str(value);
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}

impl<S: Subscriber> Layer<S> for RecentErrors {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let level = *event.metadata().level();
        if level > Level::WARN {
            return;
        }
        let mut line = Line(String::new());
        event.record(&mut line);
        self.push(LogEntry {
            at: chrono::Utc::now().timestamp_millis(),
            level: level.to_string(),
            target: event.metadata().target().to_string(),
            message: line.0,
        });
    }
}

/// Keeps the file writer flushing; drop it only at exit.
pub struct LogGuard {
    _file: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// Start logging into `paths.log_dir` (created if needed) and stderr. `KASIR_LOG` (an
/// `EnvFilter`, e.g. `debug`) changes the level; the default is `info`. If the folder cannot be
/// written, the app logs to stderr only and says so: a log problem never stops the till.
pub fn init_logging(paths: &AppPaths) -> (LogGuard, RecentErrors) {
    let recent = RecentErrors::default();
    let filter = || EnvFilter::try_from_env("KASIR_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let appender = std::fs::create_dir_all(&paths.log_dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            tracing_appender::rolling::Builder::new()
                .rotation(tracing_appender::rolling::Rotation::DAILY)
                .filename_prefix("kasir.log")
                .max_log_files(KEEP_DAYS)
                .build(&paths.log_dir)
                .map_err(|e| e.to_string())
        });
    let (file_layer, guard, problem) = match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            (Some(layer), Some(guard), None)
        }
        Err(e) => (None, None, Some(e)),
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr)
        .with(recent.clone())
        .try_init();
    if let Some(e) = problem {
        tracing::warn!(target: "log", "berkas log tidak bisa ditulis di {}: {e}", paths.log_dir.display());
    }
    tracing::info!(target: "app", version = env!("CARGO_PKG_VERSION"), data_dir = %paths.data_dir.display(), "Kasir Alpiant mulai");
    (LogGuard { _file: guard }, recent)
}

/// Everything the Info & Log page shows and "Salin info" copies.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SupportInfo {
    pub app_version: String,
    pub data_dir: String,
    pub database: String,
    /// Database file plus its WAL, bytes.
    #[ts(type = "number")]
    pub database_bytes: u64,
    #[ts(type = "number")]
    pub schema_version: u32,
    pub log_dir: String,
    /// Which gateway is in use (`midtrans`, `xendit`, `emulator`, `none`): never a key.
    pub payment_provider: String,
    pub recent_errors: Vec<LogEntry>,
    /// The whole thing as plain text for a support message.
    pub text: String,
}

fn file_size(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Gather the page's facts.
pub fn support_info(
    paths: &AppPaths,
    schema_version: u32,
    payment_provider: &str,
    recent: &RecentErrors,
) -> SupportInfo {
    let mut wal = paths.db.as_os_str().to_owned();
    wal.push("-wal");
    let database_bytes = file_size(&paths.db) + file_size(std::path::Path::new(&wal));
    let recent_errors = recent.entries();
    let mut text = format!(
        "Kasir Alpiant {}\nData: {}\nDatabase: {} ({} KB, skema {})\nLog: {}\nPembayaran: {}\n",
        env!("CARGO_PKG_VERSION"),
        paths.data_dir.display(),
        paths.db.display(),
        database_bytes / 1024,
        schema_version,
        paths.log_dir.display(),
        payment_provider,
    );
    if recent_errors.is_empty() {
        text.push_str("Kesalahan terakhir: tidak ada\n");
    } else {
        text.push_str("Kesalahan terakhir:\n");
        for e in &recent_errors {
            let at = kasir_core::time::rfc3339_millis(e.at);
            let _ = writeln!(text, "- {at} {} [{}] {}", e.level, e.target, e.message);
        }
    }
    SupportInfo {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: paths.data_dir.display().to_string(),
        database: paths.db.display().to_string(),
        database_bytes,
        schema_version,
        log_dir: paths.log_dir.display().to_string(),
        payment_provider: payment_provider.to_string(),
        recent_errors,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::layer::SubscriberExt;

    #[test]
    fn warnings_are_kept_newest_last_and_capped() {
        let recent = RecentErrors::default();
        let subscriber = tracing_subscriber::registry().with(recent.clone());
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!("not kept");
            for i in 0..(RECENT + 3) {
                tracing::warn!(target: "print", job = i, "struk gagal");
            }
            tracing::error!(target: "payment", "gateway menolak");
        });
        let entries = recent.entries();
        assert_eq!(entries.len(), RECENT, "only the last {RECENT} are kept");
        let last = entries.last().expect("last");
        assert_eq!(last.level, "ERROR");
        assert_eq!(last.target, "payment");
        assert_eq!(last.message, "gateway menolak");
        assert!(entries[0].message.contains("job=4"), "{:?}", entries[0]);
    }

    #[test]
    fn support_info_names_the_places_and_sizes_without_secrets() {
        let dir = tempfile::tempdir().expect("tmp");
        let paths = AppPaths::from_parts(dir.path(), dir.path(), None, None);
        std::fs::write(&paths.db, vec![0u8; 4096]).expect("db");
        let recent = RecentErrors::default();
        recent.push(LogEntry {
            at: 0,
            level: "WARN".into(),
            target: "print".into(),
            message: "printer mati".into(),
        });
        let info = support_info(&paths, 6, "midtrans", &recent);
        assert_eq!(info.database_bytes, 4096);
        assert!(info.text.contains("skema 6"), "{}", info.text);
        assert!(info.text.contains("printer mati"), "{}", info.text);
        assert!(info.text.contains("Pembayaran: midtrans"));
    }
}

//! Application state shared by commands: the store, the payment runtime and the print service,
//! plus the one bridge from the store's change feed to the window.

use std::sync::Arc;

use kasir_core::paths::{AppPaths, EnvLookup};
use kasir_core::photos::PhotoDir;
use kasir_core::time::system_clock;
use kasir_core::{DomainEvent, Store};
use kasir_payment::{load_config, PaymentMode, PaymentRuntime};
use kasir_receipts::PrintService;
use kasir_support::{LogGuard, RecentErrors};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::error::RecvError;

/// The one Tauri event: every committed change, as a typed `DomainEvent`.
pub const DOMAIN_EVENT: &str = "domain-event";

pub struct AppState {
    pub store: Arc<Store>,
    pub paths: AppPaths,
    /// `Err` holds why QRIS is off (a broken `.env`: the key's name, never its value).
    pub payments: Result<PaymentRuntime, String>,
    /// Receipt printing: queue worker, settings, test print, preview, reprint.
    pub printing: Arc<PrintService>,
    /// Product photo thumbnails (beside the database), served to the window as `kasirfoto:`.
    pub photos: PhotoDir,
    /// The last warnings and errors, for Settings → Info & Log.
    pub recent_errors: RecentErrors,
    /// Keeps the log file flushing for the life of the app.
    _log: LogGuard,
}

impl AppState {
    pub fn init(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
        let started = std::time::Instant::now();
        let paths = app_paths(app)?;
        let (log, recent_errors) = kasir_support::init_logging(&paths);
        let store = Store::open(&paths.db).map_err(|e| {
            format!(
                "database {} tidak bisa dibuka: {}",
                paths.db.display(),
                e.message_id()
            )
        })?;
        // Several tills may share one database; each names itself (default KASIR-1).
        let store = match std::env::var(kasir_core::TILL_ENV) {
            Ok(till) if !till.trim().is_empty() => store.with_till(&till)?,
            _ => store,
        };
        store.seed_demo_if_empty(chrono::Utc::now())?;
        create_owner_from_env(&store);
        let store = Arc::new(store);
        forward_events(app, &store);
        let printing = Arc::new(PrintService::new(store.clone(), system_clock()));
        tauri::async_runtime::spawn(printing.clone().run_worker());
        start_daily_backups(store.clone());
        let payments = start_payments(&paths, store.clone());
        if let Err(reason) = &payments {
            tracing::warn!(target: "payment", "QRIS dinonaktifkan: {reason}");
        }
        let photos = PhotoDir::beside_database(&paths.db);
        // Runs on the main thread before the window's first request is served: its cost is
        // launch time (see the log when `make bench` shows a slow first button).
        tracing::info!(target: "startup", ms = started.elapsed().as_millis() as u64, "status aplikasi siap");
        Ok(AppState {
            store,
            photos,
            paths,
            payments,
            printing,
            recent_errors,
            _log: log,
        })
    }

    pub fn payment_mode(&self) -> PaymentMode {
        match &self.payments {
            Ok(rt) => rt.mode(),
            Err(reason) => PaymentMode {
                provider: "none".into(),
                demo: false,
                poll_seconds: 3,
                expiry_minutes: 10,
                demo_issuers: Vec::new(),
                config_error: Some(reason.clone()),
                clock_skew_seconds: None,
            },
        }
    }
}

/// Unattended first run (tests, `KASIR_OWNER_PIN=… make run`): with no user yet and
/// `KASIR_OWNER_PIN` set, the owner (`KASIR_OWNER_NAME`, default "Pemilik") is created and the
/// first-run screen is skipped; the PIN pad opens. The PIN is never logged.
fn create_owner_from_env(store: &Store) {
    let Ok(pin) = std::env::var(OWNER_PIN_ENV) else {
        return;
    };
    match store.list_users() {
        Ok(users) if users.is_empty() => {}
        _ => return,
    }
    let name = std::env::var("KASIR_OWNER_NAME").unwrap_or_else(|_| "Pemilik".into());
    match store.create_owner_unattended(&name, pin.trim(), chrono::Utc::now()) {
        Ok(owner) => {
            tracing::info!(target: "auth", owner = %owner.name, "pemilik dibuat dari {OWNER_PIN_ENV}")
        }
        Err(e) => tracing::warn!(target: "auth", "{OWNER_PIN_ENV} diabaikan: {}", e.message_id()),
    }
}

/// Environment variable with the first owner's PIN for an unattended first run.
pub const OWNER_PIN_ENV: &str = "KASIR_OWNER_PIN";

/// The shared resolver, fed with Tauri's own data and config dirs. Dev builds also read `.env`
/// from the working directory (and its parent, since `tauri dev` runs in `src-tauri/`).
fn app_paths(app: &AppHandle) -> Result<AppPaths, Box<dyn std::error::Error>> {
    let data_dir = app.path().app_data_dir()?;
    let config_dir = app.path().app_config_dir()?;
    let db_override = std::env::var_os(kasir_core::paths::DB_ENV)
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from);
    let lookup = if cfg!(debug_assertions) {
        EnvLookup::WithWorkingDir
    } else {
        EnvLookup::ConfigDirOnly
    };
    let cwd = match lookup {
        EnvLookup::WithWorkingDir => std::env::current_dir().ok(),
        EnvLookup::ConfigDirOnly => None,
    };
    Ok(AppPaths::from_parts(
        &data_dir,
        &config_dir,
        db_override,
        cwd.as_deref(),
    ))
}

/// Every committed change goes to the window as one `domain-event` and one log line.
fn forward_events(app: &AppHandle, store: &Store) {
    let mut feed = store.events().subscribe();
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match feed.recv().await {
                Ok(event) => {
                    event.log();
                    let _ = handle.emit(DOMAIN_EVENT, &event);
                }
                // The window refetches everything it shows when told it missed changes.
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(target: "events", missed, "perubahan terlewat");
                    let _ = handle.emit(DOMAIN_EVENT, &DomainEvent::ChangesMissed);
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// A daily backup while the app runs: checked every 15 minutes (the first check a minute after
/// start, never during start-up).
fn start_daily_backups(store: Arc<Store>) {
    tauri::async_runtime::spawn(async move {
        let mut wait = std::time::Duration::from_secs(60);
        loop {
            tokio::time::sleep(wait).await;
            wait = std::time::Duration::from_secs(15 * 60);
            let store = store.clone();
            let _ = tauri::async_runtime::spawn_blocking(move || {
                let now = chrono::Utc::now();
                match store.daily_backup_due(now) {
                    Ok(true) => {
                        if let Err(e) = store.backup_now(kasir_core::BackupTrigger::Daily, now) {
                            tracing::warn!(target: "backup", "cadangan harian gagal: {}", e.message_id());
                        }
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(target: "backup", "{}", e.message_id()),
                }
            })
            .await;
        }
    });
}

fn start_payments(paths: &AppPaths, store: Arc<Store>) -> Result<PaymentRuntime, String> {
    let config = load_config(&paths.env_paths()).map_err(|e| e.message_id())?;
    let runtime =
        tauri::async_runtime::block_on(PaymentRuntime::start(config, store, system_clock()))
            .map_err(|e| e.message_id())?;
    // Recovery on startup and background checks of live QRs nobody is looking at.
    tauri::async_runtime::spawn(runtime.service.clone().run_worker());
    Ok(runtime)
}

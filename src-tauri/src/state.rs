//! Application state shared by commands: the store, the payment runtime and the print service.

use std::path::PathBuf;
use std::sync::Arc;

use kasir_core::Store;
use kasir_payment::{load_config, Clock, PaymentMode, PaymentRuntime, PaymentState};
use kasir_receipts::{PrintEvent, PrintService};
use tauri::{AppHandle, Emitter, Manager};

pub const PAYMENT_EVENT: &str = "payment-updated";
/// Emitted after every print attempt (printed or failed) with a `PrintEvent`.
pub const PRINT_EVENT: &str = "print-updated";

pub struct AppState {
    pub store: Arc<Store>,
    /// `Err` holds why QRIS is off (a broken `.env`: the key's name, never its value).
    pub payments: Result<PaymentRuntime, String>,
    /// Receipt printing: queue worker, settings, test print, preview, reprint.
    pub printing: Arc<PrintService>,
}

impl AppState {
    pub fn init(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
        let db_path = database_path(app)?;
        let store = Store::open(&db_path).map_err(|e| {
            format!(
                "database {} tidak bisa dibuka: {}",
                db_path.display(),
                e.message_id()
            )
        })?;
        store.seed_demo_if_empty(chrono::Utc::now())?;
        let store = Arc::new(store);
        let printing = start_printing(app, store.clone());
        let payments = start_payments(app, store.clone());
        if let Err(reason) = &payments {
            eprintln!("QRIS dinonaktifkan: {reason}");
        }
        if let Ok(rt) = &payments {
            // A QRIS Lunas queued its receipt in the same transaction: print it now.
            let printing = printing.clone();
            rt.service
                .subscribe(Arc::new(move |_: &PaymentState| printing.notify()));
        }
        Ok(AppState {
            store,
            payments,
            printing,
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
            },
        }
    }
}

/// `.env` in the app config dir, and in dev builds also in the working directory (and its
/// parent, since `tauri dev` runs from `src-tauri/`). Real environment variables win.
fn env_files(app: &AppHandle) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(dir) = app.path().app_config_dir() {
        files.push(dir.join(".env"));
    }
    if cfg!(debug_assertions) {
        if let Ok(cwd) = std::env::current_dir() {
            files.push(cwd.join(".env"));
            if let Some(parent) = cwd.parent() {
                files.push(parent.join(".env"));
            }
        }
    }
    files
}

fn start_payments(app: &AppHandle, store: Arc<Store>) -> Result<PaymentRuntime, String> {
    let files = env_files(app);
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let config = load_config(&paths).map_err(|e| e.message_id())?;
    let clock: Clock = Arc::new(chrono::Utc::now);
    let runtime = tauri::async_runtime::block_on(PaymentRuntime::start(config, store, clock))
        .map_err(|e| e.message_id())?;
    let handle = app.clone();
    runtime
        .service
        .subscribe(Arc::new(move |state: &PaymentState| {
            let _ = handle.emit(PAYMENT_EVENT, state);
        }));
    // Recovery on startup and background checks of live QRs nobody is looking at.
    tauri::async_runtime::spawn(runtime.service.clone().run_worker());
    Ok(runtime)
}

/// The print service and its worker (retries unsent receipts once, then prints on demand).
fn start_printing(app: &AppHandle, store: Arc<Store>) -> Arc<PrintService> {
    let printing = Arc::new(PrintService::new(store, Arc::new(chrono::Utc::now)));
    let handle = app.clone();
    printing.subscribe(Arc::new(move |event: &PrintEvent| {
        let _ = handle.emit(PRINT_EVENT, event);
    }));
    tauri::async_runtime::spawn(printing.clone().run_worker());
    printing
}

/// `KASIR_DB` (tests, tools) or `kasir.db` in the OS app-data dir.
fn database_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(p) = std::env::var_os("KASIR_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(app.path().app_data_dir()?.join("kasir.db"))
}

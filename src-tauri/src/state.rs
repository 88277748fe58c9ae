//! Application state shared by commands: the store and (later) the payment and print services.

use std::path::PathBuf;
use std::sync::Arc;

use kasir_core::Store;
use tauri::{AppHandle, Manager};

pub struct AppState {
    pub store: Arc<Store>,
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
        Ok(AppState {
            store: Arc::new(store),
        })
    }
}

/// `KASIR_DB` (tests, tools) or `kasir.db` in the OS app-data dir.
fn database_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(p) = std::env::var_os("KASIR_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(app.path().app_data_dir()?.join("kasir.db"))
}

//! Where Kasir Alpiant keeps its files, resolved the same way by the app and by `kasir-cli`:
//!
//! - the database: `$KASIR_DB`, else `kasir.db` in the app data dir;
//! - `.env` files, lowest priority last: the app config dir, then (dev builds and the CLI) the
//!   working directory and its parent (`tauri dev` runs in `src-tauri/`).
//!
//! The app data and config dirs are the ones Tauri uses for [`APP_IDENTIFIER`]:
//! `~/.local/share/id.alpiant.kasir` and `~/.config/id.alpiant.kasir` on Linux,
//! `%APPDATA%\id.alpiant.kasir` on Windows, `~/Library/Application Support/id.alpiant.kasir` on
//! macOS.

use std::path::{Path, PathBuf};

/// The bundle identifier in `tauri.conf.json`; it names the app's folders.
pub const APP_IDENTIFIER: &str = "id.alpiant.kasir";
/// The database file name inside the data dir.
pub const DB_FILE: &str = "kasir.db";
/// Environment variable that moves the database (tests, tools).
pub const DB_ENV: &str = "KASIR_DB";

/// The resolved places of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    /// The app data dir (database, logs).
    pub data_dir: PathBuf,
    /// The database file.
    pub db: PathBuf,
    /// `.env` candidates, the first found value of a key wins.
    pub env_files: Vec<PathBuf>,
    /// Daily rolling log files.
    pub log_dir: PathBuf,
}

/// Which `.env` files a run looks at besides the config dir's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvLookup {
    /// Only the config dir (a released app).
    ConfigDirOnly,
    /// The config dir, then the working directory and its parent (dev builds, the CLI).
    WithWorkingDir,
}

impl AppPaths {
    /// Resolve from the OS dirs, `$KASIR_DB` and the working directory.
    pub fn resolve(lookup: EnvLookup) -> AppPaths {
        let data_dir = dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_IDENTIFIER);
        let config_dir = dirs::config_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(APP_IDENTIFIER);
        let db_override = std::env::var_os(DB_ENV)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        let cwd = match lookup {
            EnvLookup::ConfigDirOnly => None,
            EnvLookup::WithWorkingDir => std::env::current_dir().ok(),
        };
        AppPaths::from_parts(&data_dir, &config_dir, db_override, cwd.as_deref())
    }

    /// The same resolution from explicit parts (tests, and the app passing Tauri's own dirs).
    pub fn from_parts(
        data_dir: &Path,
        config_dir: &Path,
        db_override: Option<PathBuf>,
        working_dir: Option<&Path>,
    ) -> AppPaths {
        let mut env_files = vec![config_dir.join(".env")];
        if let Some(cwd) = working_dir {
            env_files.push(cwd.join(".env"));
            if let Some(parent) = cwd.parent() {
                env_files.push(parent.join(".env"));
            }
        }
        AppPaths {
            data_dir: data_dir.to_path_buf(),
            db: db_override.unwrap_or_else(|| data_dir.join(DB_FILE)),
            env_files,
            log_dir: data_dir.join("logs"),
        }
    }

    /// The `.env` candidates as path slices (what the config reader takes).
    pub fn env_paths(&self) -> Vec<&Path> {
        self.env_files.iter().map(PathBuf::as_path).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_override_wins_and_env_files_keep_their_priority() {
        let p = AppPaths::from_parts(
            Path::new("/data/id.alpiant.kasir"),
            Path::new("/conf/id.alpiant.kasir"),
            None,
            Some(Path::new("/repo/src-tauri")),
        );
        assert_eq!(p.db, Path::new("/data/id.alpiant.kasir/kasir.db"));
        assert_eq!(
            p.env_files,
            vec![
                PathBuf::from("/conf/id.alpiant.kasir/.env"),
                PathBuf::from("/repo/src-tauri/.env"),
                PathBuf::from("/repo/.env"),
            ]
        );
        let q = AppPaths::from_parts(
            Path::new("/d"),
            Path::new("/c"),
            Some(PathBuf::from("/tmp/x.db")),
            None,
        );
        assert_eq!(q.db, Path::new("/tmp/x.db"));
        assert_eq!(q.env_files, vec![PathBuf::from("/c/.env")]);
        assert_eq!(q.log_dir, Path::new("/d/logs"));
    }

    #[test]
    fn a_data_dir_with_spaces_and_non_ascii_letters_is_kept_verbatim() {
        let p = AppPaths::from_parts(
            Path::new("/home/Siti Nurhaliza/Data Aplikasi/é"),
            Path::new("/c"),
            None,
            None,
        );
        assert_eq!(
            p.db,
            Path::new("/home/Siti Nurhaliza/Data Aplikasi/é/kasir.db")
        );
    }
}

//! Device-file driver: writes to e.g. `/dev/usb/lp0` (never creating missing `/dev` paths) or,
//! for tests and debugging, to a normal file (created if missing, appended to).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::PrinterDriver;
use crate::error::{PrinterError, Result};

/// A printer reached through a file path.
#[derive(Debug)]
pub struct DeviceFileDriver {
    path: PathBuf,
    file: File,
}

impl DeviceFileDriver {
    /// Opens the path for writing.
    pub fn open(path: &Path) -> Result<Self> {
        let is_dev = path.starts_with("/dev");
        let mut opts = OpenOptions::new();
        opts.write(true);
        if !is_dev {
            opts.create(true).append(true);
        }
        let file = opts
            .open(path)
            .map_err(|e| PrinterError::from_io(&e, "connect", &path.display().to_string()))?;
        Ok(DeviceFileDriver {
            path: path.to_path_buf(),
            file,
        })
    }
}

impl PrinterDriver for DeviceFileDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let what = self.path.display().to_string();
        self.file
            .write_all(bytes)
            .and_then(|()| self.file.flush())
            .map_err(|e| PrinterError::from_io(&e, "write", &what))
    }

    fn describe(&self) -> String {
        format!("Berkas perangkat {}", self.path.display())
    }
}

//! Serial driver over the `serialport` crate: RS-232/USB-serial printers and cheap Bluetooth
//! printers, which the OS shows as a serial port (`COM5` on Windows, `/dev/rfcomm0` on Linux
//! after `rfcomm bind`). 8 data bits, no parity, 1 stop bit, no flow control; the baud rate
//! comes from the settings. Every `send` opens the port, writes within the write timeout and
//! closes it, so a printer switched off between receipts is found again on the next one.
//!
//! A port that disappears (unplugged, Bluetooth out of range) or stops taking bytes is a
//! typed [`PrinterError::Offline`] / [`PrinterError::Timeout`], which the print queue records
//! like an offline network printer ("Struk belum tercetak").

use std::io::Write;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{PrinterDriver, Timeouts};
use crate::error::{PrinterError, Result};

/// Baud rate of most thermal printers out of the box.
pub const DEFAULT_BAUD_RATE: u32 = 9600;
/// Bytes per `write` call: small enough to check the deadline often at 9600 baud
/// (≈ 1 KB/s), large enough to stream quickly at 115200.
const CHUNK: usize = 512;

/// Linux fix for a serial permission problem, in Indonesian.
pub const SERIAL_PERMISSION_HINT: &str =
    "Tambahkan pengguna ke grup `dialout` (sudo usermod -aG dialout $USER, lalu keluar dan \
masuk lagi). Untuk printer Bluetooth, sambungkan dulu dengan `sudo rfcomm bind 0 <alamat MAC>`.";

/// A serial port the OS reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SerialPortInfo {
    /// What goes into the settings: `COM5`, `/dev/ttyUSB0`, `/dev/rfcomm0`.
    pub path: String,
    /// What it is, e.g. `"USB: Prolific USB-Serial (067b:2303)"`, `"Bluetooth"`.
    pub description: String,
}

/// Ports the OS lists now, sorted by path. On Linux `/dev/rfcomm*` (bound Bluetooth printers)
/// are always included, even where the port enumeration misses them.
pub fn list_serial_ports() -> Result<Vec<SerialPortInfo>> {
    let ports = serialport::available_ports()
        .map_err(|e| PrinterError::Unsupported(format!("daftar port serial: {e}")))?;
    let mut out: Vec<SerialPortInfo> = ports
        .into_iter()
        .map(|p| SerialPortInfo {
            description: describe_type(&p.port_type),
            path: p.port_name,
        })
        .collect();
    #[cfg(target_os = "linux")]
    add_rfcomm(&mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

#[cfg(target_os = "linux")]
fn add_rfcomm(out: &mut Vec<SerialPortInfo>) {
    let Ok(dir) = std::fs::read_dir("/dev") else {
        return;
    };
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("rfcomm") {
            let path = format!("/dev/{name}");
            if !out.iter().any(|p| p.path == path) {
                out.push(SerialPortInfo {
                    path,
                    description: "Bluetooth (RFCOMM)".into(),
                });
            }
        }
    }
}

fn describe_type(t: &serialport::SerialPortType) -> String {
    match t {
        serialport::SerialPortType::UsbPort(u) => {
            let name = match (&u.manufacturer, &u.product) {
                (Some(m), Some(p)) if p.starts_with(m.as_str()) => p.clone(),
                (Some(m), Some(p)) => format!("{m} {p}"),
                (None, Some(p)) => p.clone(),
                (Some(m), None) => m.clone(),
                (None, None) => "Serial".to_string(),
            };
            format!("USB: {name} ({:04x}:{:04x})", u.vid, u.pid)
        }
        serialport::SerialPortType::BluetoothPort => "Bluetooth".into(),
        serialport::SerialPortType::PciPort => "Port serial (PCI)".into(),
        serialport::SerialPortType::Unknown => "Port serial".into(),
    }
}

/// A printer on a serial port.
#[derive(Debug, Clone)]
pub struct SerialDriver {
    port: String,
    baud_rate: u32,
    timeouts: Timeouts,
}

impl SerialDriver {
    /// Checks the settings; the port is opened on each `send`.
    pub fn new(port: &str, baud_rate: u32, timeouts: Timeouts) -> Result<Self> {
        let port = port.trim();
        if port.is_empty() {
            return Err(PrinterError::NotFound("port serial belum dipilih".into()));
        }
        if baud_rate == 0 {
            return Err(PrinterError::InvalidReceipt("baud rate 0".into()));
        }
        Ok(SerialDriver {
            port: port.to_string(),
            baud_rate,
            timeouts,
        })
    }

    fn open_port(&self) -> Result<Box<dyn serialport::SerialPort>> {
        serialport::new(&self.port, self.baud_rate)
            .data_bits(serialport::DataBits::Eight)
            .parity(serialport::Parity::None)
            .stop_bits(serialport::StopBits::One)
            .flow_control(serialport::FlowControl::None)
            .timeout(self.timeouts.connect)
            .open()
            .map_err(|e| self.open_error(e))
    }

    fn open_error(&self, e: serialport::Error) -> PrinterError {
        let detail = format!("{}: {e}", self.port);
        match e.kind() {
            serialport::ErrorKind::NoDevice => PrinterError::NotFound(detail),
            serialport::ErrorKind::Io(std::io::ErrorKind::NotFound) => {
                PrinterError::NotFound(detail)
            }
            serialport::ErrorKind::Io(std::io::ErrorKind::PermissionDenied) => {
                PrinterError::PermissionDenied {
                    detail,
                    hint: SERIAL_PERMISSION_HINT.to_string(),
                }
            }
            serialport::ErrorKind::Io(std::io::ErrorKind::TimedOut) => PrinterError::Timeout {
                phase: "connect",
                detail,
            },
            serialport::ErrorKind::InvalidInput => PrinterError::Unsupported(detail),
            _ => PrinterError::Offline(detail),
        }
    }

    fn describe_target(&self) -> String {
        format!("{} ({} baud)", self.port, self.baud_rate)
    }
}

/// A write error on an open port: a port that was there a moment ago and now fails is gone
/// (unplugged, Bluetooth link lost), except for a timeout.
fn write_error(e: &std::io::Error, target: &str, left: usize) -> PrinterError {
    let detail = format!("{target}: {e} ({left} byte belum terkirim)");
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => PrinterError::Timeout {
            phase: "write",
            detail,
        },
        _ => PrinterError::Offline(detail),
    }
}

impl PrinterDriver for SerialDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let mut port = self.open_port()?;
        let target = self.describe_target();
        let deadline = Instant::now() + self.timeouts.write;
        let mut rest = bytes;
        while !rest.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PrinterError::Timeout {
                    phase: "write",
                    detail: format!("{target}: {} byte belum terkirim", rest.len()),
                });
            }
            port.set_timeout(left.max(Duration::from_millis(1)))
                .map_err(|e| self.open_error(e))?;
            let n = rest.len().min(CHUNK);
            match port.write(&rest[..n]) {
                Ok(0) => {
                    return Err(PrinterError::Offline(format!(
                        "{target}: port tidak menerima data"
                    )))
                }
                Ok(written) => rest = &rest[written..],
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(write_error(&e, &target, rest.len())),
            }
        }
        // No `flush()`: serialport's flush is `tcdrain`, which no timeout bounds (a stuck
        // Bluetooth link would hang the queue). Closing the port lets the OS drain the rest.
        Ok(())
    }

    fn describe(&self) -> String {
        format!("Serial {}", self.describe_target())
    }
}

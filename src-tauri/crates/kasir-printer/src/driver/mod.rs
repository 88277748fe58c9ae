//! Printer drivers: one [`PrinterDriver`] trait (sync; call it from a blocking task) and
//! [`open`], which builds a driver from a [`PrinterConnection`]. Transports: USB printer class
//! (nusb), TCP/9100, serial port (also Bluetooth printers), device file, Windows spooler (RAW,
//! Windows only) and preview-only.

mod file;
mod serial;
mod tcp;
mod usb;
#[cfg(windows)]
mod windows;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Result;

pub use file::DeviceFileDriver;
pub use serial::{
    list_serial_ports, SerialDriver, SerialPortInfo, DEFAULT_BAUD_RATE, SERIAL_PERMISSION_HINT,
};
pub use tcp::TcpDriver;
pub use usb::{list_usb_printers, UsbDriver, UsbPrinterInfo};

/// Default raw TCP port of network receipt printers.
pub const DEFAULT_TCP_PORT: u16 = 9100;

/// Sends ESC/POS bytes to a printer.
pub trait PrinterDriver: Send {
    /// Sends all bytes or fails with a typed error.
    fn send(&mut self, bytes: &[u8]) -> Result<()>;
    /// Human-readable description, e.g. `"Jaringan 192.168.1.50:9100"`.
    fn describe(&self) -> String;
}

/// Where the printer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PrinterConnection {
    /// USB printer-class device (class 7), claimed directly through nusb.
    #[serde(rename_all = "camelCase")]
    Usb {
        /// idVendor.
        vendor_id: u16,
        /// idProduct.
        product_id: u16,
        /// Serial number to pick one of several identical printers.
        serial: Option<String>,
    },
    /// Raw TCP (port 9100 by default).
    Network {
        /// Host name or IP.
        host: String,
        /// TCP port.
        port: u16,
    },
    /// A serial port: `COM5` (Windows; Bluetooth printers too), `/dev/ttyUSB0`,
    /// `/dev/rfcomm0` (a bound Bluetooth printer on Linux).
    #[serde(rename_all = "camelCase")]
    Serial {
        /// Port name or path.
        port: String,
        /// Baud rate, e.g. 9600.
        baud_rate: u32,
    },
    /// A device file such as `/dev/usb/lp0` (or a normal file, for tests/debugging).
    DeviceFile {
        /// Path.
        path: PathBuf,
    },
    /// A printer installed in Windows, printed to through the spooler in RAW mode.
    WindowsPrinter {
        /// Printer name as shown in Windows.
        name: String,
    },
    /// No printer: bytes are collected (preview / testing).
    PreviewOnly,
}

/// Connect and write timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to establish a connection (TCP) or open the device.
    pub connect: Duration,
    /// Time allowed for the whole `send` (TCP, USB, serial). Device files and the Windows spooler
    /// block in the OS and are not bounded by it.
    pub write: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(3),
            write: Duration::from_secs(10),
        }
    }
}

/// Opens a driver for the connection.
///
/// USB and device-file drivers open the device here (so a missing printer or a permission
/// problem is reported immediately); the TCP and serial drivers connect on each `send`.
/// `WindowsPrinter` returns [`crate::PrinterError::Unsupported`] on non-Windows systems.
pub fn open(conn: &PrinterConnection, timeouts: Timeouts) -> Result<Box<dyn PrinterDriver>> {
    match conn {
        PrinterConnection::Usb {
            vendor_id,
            product_id,
            serial,
        } => Ok(Box::new(UsbDriver::open(
            *vendor_id,
            *product_id,
            serial.as_deref(),
            timeouts,
        )?)),
        PrinterConnection::Network { host, port } => {
            Ok(Box::new(TcpDriver::new(host.clone(), *port, timeouts)?))
        }
        PrinterConnection::Serial { port, baud_rate } => {
            Ok(Box::new(SerialDriver::new(port, *baud_rate, timeouts)?))
        }
        PrinterConnection::DeviceFile { path } => Ok(Box::new(DeviceFileDriver::open(path)?)),
        PrinterConnection::WindowsPrinter { name } => open_windows(name),
        PrinterConnection::PreviewOnly => Ok(Box::new(PreviewDriver::new())),
    }
}

#[cfg(windows)]
fn open_windows(name: &str) -> Result<Box<dyn PrinterDriver>> {
    Ok(Box::new(windows::WindowsSpoolerDriver::open(name)?))
}

#[cfg(not(windows))]
fn open_windows(name: &str) -> Result<Box<dyn PrinterDriver>> {
    Err(crate::PrinterError::Unsupported(format!(
        "Windows printer `{name}` is only available on Windows"
    )))
}

/// Collects the bytes it is sent; no printer involved.
#[derive(Debug, Clone, Default)]
pub struct PreviewDriver {
    buf: Arc<Mutex<Vec<u8>>>,
}

impl PreviewDriver {
    /// Empty preview driver.
    pub fn new() -> Self {
        PreviewDriver::default()
    }

    /// Everything sent so far.
    pub fn bytes(&self) -> Vec<u8> {
        match self.buf.lock() {
            Ok(b) => b.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl PrinterDriver for PreviewDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        match self.buf.lock() {
            Ok(mut b) => b.extend_from_slice(bytes),
            Err(poisoned) => poisoned.into_inner().extend_from_slice(bytes),
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "Pratinjau (tanpa printer)".to_string()
    }
}

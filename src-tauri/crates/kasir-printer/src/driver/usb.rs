//! USB printer-class driver through `nusb` (pure Rust, no libusb): lists connected printers,
//! claims the printer interface (class 7, falling back to a vendor-specific interface) and
//! writes to its bulk-OUT endpoint with a timeout. An IN endpoint is never required.

use std::time::{Duration, Instant};

use nusb::descriptors::TransferType;
use nusb::transfer::{Buffer, Bulk, Direction, Out, TransferError};
use nusb::{Endpoint, MaybeFuture};
use serde::{Deserialize, Serialize};

use super::{PrinterDriver, Timeouts};
use crate::error::{PrinterError, Result};

/// USB interface class of printers.
pub const USB_CLASS_PRINTER: u8 = 0x07;
const USB_CLASS_VENDOR: u8 = 0xFF;
/// Bytes per bulk transfer.
const CHUNK: usize = 16 * 1024;

/// A connected USB printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsbPrinterInfo {
    /// idVendor.
    pub vendor_id: u16,
    /// idProduct.
    pub product_id: u16,
    /// Manufacturer string, if the OS cached it.
    pub manufacturer: Option<String>,
    /// Product string, if the OS cached it.
    pub product: Option<String>,
    /// Serial number string, if any.
    pub serial: Option<String>,
    /// Display name, e.g. `"EPSON TM-T82 (04b8:0202)"`.
    pub name: String,
}

fn map_nusb(err: nusb::Error, what: &str) -> PrinterError {
    let detail = format!("{what}: {err}");
    match err.kind() {
        nusb::ErrorKind::NotFound => PrinterError::NotFound(detail),
        nusb::ErrorKind::PermissionDenied => PrinterError::permission(detail),
        nusb::ErrorKind::Busy => PrinterError::Busy(detail),
        nusb::ErrorKind::Disconnected => PrinterError::Offline(detail),
        nusb::ErrorKind::Unsupported => PrinterError::Unsupported(detail),
        _ => PrinterError::WriteFailed(detail),
    }
}

fn map_transfer(err: TransferError, what: &str) -> PrinterError {
    let detail = format!("{what}: {err}");
    match err {
        TransferError::Disconnected => PrinterError::Offline(detail),
        TransferError::Cancelled => PrinterError::Timeout {
            phase: "write",
            detail,
        },
        _ => PrinterError::WriteFailed(detail),
    }
}

fn is_printer(d: &nusb::DeviceInfo) -> bool {
    d.class() == USB_CLASS_PRINTER || d.interfaces().any(|i| i.class() == USB_CLASS_PRINTER)
}

fn info(d: &nusb::DeviceInfo) -> UsbPrinterInfo {
    let manufacturer = d.manufacturer_string().map(str::to_string);
    let product = d.product_string().map(str::to_string);
    let label = match (&manufacturer, &product) {
        (Some(m), Some(p)) if p.starts_with(m.as_str()) => p.clone(),
        (Some(m), Some(p)) => format!("{m} {p}"),
        (None, Some(p)) => p.clone(),
        (Some(m), None) => m.clone(),
        (None, None) => "Printer USB".to_string(),
    };
    UsbPrinterInfo {
        vendor_id: d.vendor_id(),
        product_id: d.product_id(),
        manufacturer,
        product,
        serial: d.serial_number().map(str::to_string),
        name: format!("{label} ({:04x}:{:04x})", d.vendor_id(), d.product_id()),
    }
}

/// Lists connected USB devices that expose the printer class (7).
pub fn list_usb_printers() -> Result<Vec<UsbPrinterInfo>> {
    let devices = nusb::list_devices()
        .wait()
        .map_err(|e| map_nusb(e, "list USB devices"))?;
    Ok(devices.filter(is_printer).map(|d| info(&d)).collect())
}

/// A claimed USB printer.
pub struct UsbDriver {
    endpoint: Endpoint<Bulk, Out>,
    label: String,
    timeouts: Timeouts,
}

impl std::fmt::Debug for UsbDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UsbDriver")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl UsbDriver {
    /// Finds the device, claims its printer interface and its bulk-OUT endpoint.
    pub fn open(
        vendor_id: u16,
        product_id: u16,
        serial: Option<&str>,
        timeouts: Timeouts,
    ) -> Result<Self> {
        let what = format!("USB {vendor_id:04x}:{product_id:04x}");
        let dev_info = nusb::list_devices()
            .wait()
            .map_err(|e| map_nusb(e, &what))?
            .find(|d| {
                d.vendor_id() == vendor_id
                    && d.product_id() == product_id
                    && serial.is_none_or(|s| d.serial_number() == Some(s))
            })
            .ok_or_else(|| PrinterError::NotFound(what.clone()))?;
        let label = info(&dev_info).name;
        let device = dev_info.open().wait().map_err(|e| map_nusb(e, &what))?;

        // (rank, interface number, alt setting, endpoint address); class 7 preferred.
        let mut best: Option<(u8, u8, u8, u8)> = None;
        {
            let config = device.active_configuration().map_err(|e| {
                PrinterError::WriteFailed(format!("{what}: no active configuration: {e}"))
            })?;
            for alt in config.interface_alt_settings() {
                let rank = match alt.class() {
                    USB_CLASS_PRINTER => 0,
                    USB_CLASS_VENDOR => 1,
                    _ => continue,
                };
                let out = alt.endpoints().find(|ep| {
                    ep.direction() == Direction::Out && ep.transfer_type() == TransferType::Bulk
                });
                if let Some(ep) = out {
                    if best.is_none_or(|b| rank < b.0) {
                        best = Some((
                            rank,
                            alt.interface_number(),
                            alt.alternate_setting(),
                            ep.address(),
                        ));
                    }
                }
            }
        }
        let (_, iface_no, alt_setting, ep_addr) = best.ok_or_else(|| {
            PrinterError::Unsupported(format!(
                "{what}: no printer interface with a bulk OUT endpoint"
            ))
        })?;
        let iface = device
            .detach_and_claim_interface(iface_no)
            .wait()
            .map_err(|e| map_nusb(e, &what))?;
        if alt_setting != 0 {
            iface
                .set_alt_setting(alt_setting)
                .wait()
                .map_err(|e| map_nusb(e, &what))?;
        }
        let endpoint = iface
            .endpoint::<Bulk, Out>(ep_addr)
            .map_err(|e| map_nusb(e, &what))?;
        Ok(UsbDriver {
            endpoint,
            label,
            timeouts,
        })
    }
}

impl PrinterDriver for UsbDriver {
    fn send(&mut self, bytes: &[u8]) -> Result<()> {
        let deadline = Instant::now() + self.timeouts.write;
        for chunk in bytes.chunks(CHUNK) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PrinterError::Timeout {
                    phase: "write",
                    detail: self.label.clone(),
                });
            }
            let mut buf = Buffer::new(chunk.len());
            buf.extend_from_slice(chunk);
            self.endpoint.submit(buf);
            let completion = match self.endpoint.wait_next_complete(left) {
                Some(c) => c,
                None => {
                    self.endpoint.cancel_all();
                    // Drain the cancelled transfer so the endpoint is reusable.
                    let _ = self.endpoint.wait_next_complete(Duration::from_secs(1));
                    return Err(PrinterError::Timeout {
                        phase: "write",
                        detail: self.label.clone(),
                    });
                }
            };
            completion
                .status
                .map_err(|e| map_transfer(e, &self.label))?;
            if completion.actual_len != chunk.len() {
                return Err(PrinterError::WriteFailed(format!(
                    "{}: short write {} of {}",
                    self.label,
                    completion.actual_len,
                    chunk.len()
                )));
            }
        }
        Ok(())
    }

    fn describe(&self) -> String {
        format!("USB {}", self.label)
    }
}

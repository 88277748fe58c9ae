//! From the printer settings (owned by `kasir-core`) to what the printer crate needs: where the
//! bytes go ([`PrinterSetup::connection`]) and the layout profile ([`PrinterSetup::profile`]).

use std::path::PathBuf;

use kasir_core::settings::printer::{
    parse_usb_id, CodePageChoice, ConnectionFields, ConnectionType, OrderCodeChoice, PaperChoice,
    PrinterSettings,
};
use kasir_printer::{CodePage, OrderCode, PaperWidth, PrinterConnection, PrinterProfile};

use crate::error::{ReceiptsError, Result};

/// Paper width of a paper choice.
pub fn paper_width(paper: PaperChoice) -> PaperWidth {
    match paper {
        PaperChoice::Mm58 => PaperWidth::Mm58,
        PaperChoice::Mm80 => PaperWidth::Mm80,
        PaperChoice::Columns42 => PaperWidth::Columns42,
    }
}

/// The machine-readable code under the receipt, if any.
pub fn order_code(choice: OrderCodeChoice) -> Option<OrderCode> {
    match choice {
        OrderCodeChoice::None => None,
        OrderCodeChoice::Qr => Some(OrderCode::Qr),
        OrderCodeChoice::Code128 => Some(OrderCode::Code128),
    }
}

/// Printer-side views of the stored settings.
pub trait PrinterSetup {
    /// Where the bytes go.
    fn connection(&self) -> Result<PrinterConnection>;
    /// Layout profile. The drawer pulses only for the first copy of an original cash receipt.
    fn profile(&self, open_drawer: bool) -> PrinterProfile;
}

/// Where the bytes go for a printer form's connection fields (receipt or label printer).
pub fn connection_of(fields: ConnectionFields<'_>) -> Result<PrinterConnection> {
    fields.validate()?;
    Ok(match fields.connection {
        ConnectionType::Usb => {
            let (vendor_id, product_id) = parse_usb_id(fields.usb_device)
                .ok_or_else(|| ReceiptsError::Validation("printer USB belum dipilih".into()))?;
            PrinterConnection::Usb {
                vendor_id,
                product_id,
                serial: None,
            }
        }
        ConnectionType::Network => PrinterConnection::Network {
            host: fields.host.trim().to_string(),
            port: fields.port,
        },
        ConnectionType::Device => PrinterConnection::DeviceFile {
            path: PathBuf::from(fields.device_path.trim()),
        },
        ConnectionType::Windows => PrinterConnection::WindowsPrinter {
            name: fields.windows_printer.trim().to_string(),
        },
        ConnectionType::Serial => PrinterConnection::Serial {
            port: fields.serial_port.trim().to_string(),
            baud_rate: fields.baud_rate,
        },
        ConnectionType::Preview => PrinterConnection::PreviewOnly,
    })
}

impl PrinterSetup for PrinterSettings {
    fn connection(&self) -> Result<PrinterConnection> {
        connection_of(self.connection_fields())
    }

    fn profile(&self, open_drawer: bool) -> PrinterProfile {
        PrinterProfile {
            paper: paper_width(self.paper),
            code_page: match self.code_page {
                CodePageChoice::Pc437 => CodePage::Pc437,
                CodePageChoice::Pc850 => CodePage::Pc850,
            },
            cancel_kanji: self.cancel_kanji,
            cut: true,
            open_drawer: open_drawer && self.drawer_on_cash,
            feed_lines: 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kasir_core::Store;

    #[test]
    fn a_usb_printer_is_found_by_its_hex_vendor_and_product() {
        let store = Store::open_in_memory().expect("store");
        let mut s = PrinterSettings::load(&store).expect("load");
        s.connection = ConnectionType::Usb;
        s.usb_device = "zz".into();
        assert!(s.connection().is_err());
        s.usb_device = "04B8:0202".into();
        let usb = s.connection().expect("usb");
        s.connection = ConnectionType::Serial;
        s.serial_port = " COM5 ".into();
        s.baud_rate = 19200;
        assert_eq!(
            s.connection().expect("serial"),
            PrinterConnection::Serial {
                port: "COM5".into(),
                baud_rate: 19200
            },
            "a Bluetooth printer's COM port and the chosen baud rate"
        );
        s.connection = ConnectionType::Usb;
        assert_eq!(usb, s.connection().expect("usb"));
        assert_eq!(
            s.connection().expect("usb"),
            PrinterConnection::Usb {
                vendor_id: 0x04b8,
                product_id: 0x0202,
                serial: None
            }
        );
    }
}

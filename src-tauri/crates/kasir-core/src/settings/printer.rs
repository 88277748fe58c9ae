//! Printer settings (Pengaturan → Printer): the typed form, its defaults, validation, and how it
//! is stored as `printer.*` rows plus the shop identity rows (`shop_name`, `shop_address`,
//! `shop_phone`, `shop_npwp`). The whole form is saved in one transaction.
//!
//! Knows nothing about printers: `kasir-receipts` turns these settings into a connection and a
//! layout profile.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{get, AUTO_PRINT_KEY};
use crate::error::{CoreError, Result};
use crate::events::{DomainEvent, SettingsSection};
use crate::Store;

/// The usual port of a network receipt printer.
pub const DEFAULT_TCP_PORT: u16 = 9100;
/// Baud rates offered for serial / Bluetooth printers; most ship at 9600.
pub const BAUD_RATES: [u32; 5] = [9600, 19200, 38400, 57600, 115200];
/// Default baud rate of a serial printer.
pub const DEFAULT_BAUD_RATE: u32 = 9600;

/// How the printer is connected.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ConnectionType {
    /// USB printer class, claimed directly (vendor:product).
    Usb,
    /// Raw TCP, usually port 9100.
    Network,
    /// A device file such as `/dev/usb/lp0`.
    Device,
    /// A printer installed in Windows (spooler, RAW).
    Windows,
    /// A serial port: USB-serial, RS-232, or a Bluetooth printer (`COM5`, `/dev/rfcomm0`).
    Serial,
    /// No printer: receipts are only shown on screen.
    #[default]
    Preview,
}

impl ConnectionType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ConnectionType::Usb => "usb",
            ConnectionType::Network => "network",
            ConnectionType::Device => "device",
            ConnectionType::Windows => "windows",
            ConnectionType::Serial => "serial",
            ConnectionType::Preview => "preview",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "usb" => ConnectionType::Usb,
            "network" => ConnectionType::Network,
            "device" => ConnectionType::Device,
            "windows" => ConnectionType::Windows,
            "serial" => ConnectionType::Serial,
            "preview" => ConnectionType::Preview,
            _ => return None,
        })
    }
}

/// Paper width.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[ts(export)]
pub enum PaperChoice {
    /// 58 mm, 32 columns.
    #[default]
    #[serde(rename = "58")]
    Mm58,
    /// 80 mm, 48 columns.
    #[serde(rename = "80")]
    Mm80,
    /// 42 columns.
    #[serde(rename = "42")]
    Columns42,
}

impl PaperChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            PaperChoice::Mm58 => "58",
            PaperChoice::Mm80 => "80",
            PaperChoice::Columns42 => "42",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "58" => PaperChoice::Mm58,
            "80" => PaperChoice::Mm80,
            "42" => PaperChoice::Columns42,
            _ => return None,
        })
    }
}

/// Character table of the printer.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CodePageChoice {
    #[default]
    Pc437,
    Pc850,
}

impl CodePageChoice {
    fn as_str(self) -> &'static str {
        match self {
            CodePageChoice::Pc437 => "pc437",
            CodePageChoice::Pc850 => "pc850",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pc437" => CodePageChoice::Pc437,
            "pc850" => CodePageChoice::Pc850,
            _ => return None,
        })
    }
}

/// Machine-readable order number at the bottom of the receipt.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum OrderCodeChoice {
    None,
    #[default]
    Qr,
    Code128,
}

impl OrderCodeChoice {
    fn as_str(self) -> &'static str {
        match self {
            OrderCodeChoice::None => "none",
            OrderCodeChoice::Qr => "qr",
            OrderCodeChoice::Code128 => "code128",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => OrderCodeChoice::None,
            "qr" => OrderCodeChoice::Qr,
            "code128" => OrderCodeChoice::Code128,
            _ => return None,
        })
    }
}

/// Everything on Pengaturan → Printer.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrinterSettings {
    pub connection: ConnectionType,
    /// Network printer host (IP or name).
    pub host: String,
    /// Network printer port (9100).
    pub port: u16,
    /// Device file, e.g. `/dev/usb/lp0`.
    pub device_path: String,
    /// USB printer as `vvvv:pppp` (hex vendor:product), e.g. `04b8:0202`.
    pub usb_device: String,
    /// Windows printer name.
    pub windows_printer: String,
    /// Serial port of a serial / Bluetooth printer: `COM5`, `/dev/ttyUSB0`, `/dev/rfcomm0`.
    #[serde(default)]
    pub serial_port: String,
    /// Baud rate of the serial port, one of [`BAUD_RATES`] (default 9600).
    #[serde(default = "default_baud_rate")]
    pub baud_rate: u32,
    pub paper: PaperChoice,
    pub code_page: CodePageChoice,
    /// Send `FS .` first (printers that boot in Chinese mode).
    pub cancel_kanji: bool,
    /// Print the receipt automatically when an order is paid (Lunas).
    pub auto_print: bool,
    /// Copies per automatic receipt (1–5).
    pub copies: u8,
    /// Open the cash drawer after a cash sale (never for QRIS).
    pub drawer_on_cash: bool,
    pub order_code: OrderCodeChoice,
    /// Extra header lines under the address.
    pub header_text: String,
    /// Footer lines, e.g. "Terima kasih".
    pub footer_text: String,
    pub store_name: String,
    pub store_address: String,
    pub store_phone: String,
    /// Tax id, printed when filled.
    pub store_npwp: String,
    /// Print the shop's address on the receipt.
    #[serde(default = "yes")]
    pub show_address: bool,
    /// Print the shop's phone number.
    #[serde(default = "yes")]
    pub show_phone: bool,
    /// Print the NPWP (when filled).
    #[serde(default = "yes")]
    pub show_npwp: bool,
    /// Print the cashier's name.
    #[serde(default = "yes")]
    pub show_cashier: bool,
}

fn yes() -> bool {
    true
}

fn default_baud_rate() -> u32 {
    DEFAULT_BAUD_RATE
}

impl Default for PrinterSettings {
    fn default() -> Self {
        PrinterSettings {
            connection: ConnectionType::Preview,
            host: String::new(),
            port: DEFAULT_TCP_PORT,
            device_path: "/dev/usb/lp0".into(),
            usb_device: String::new(),
            windows_printer: String::new(),
            serial_port: String::new(),
            baud_rate: DEFAULT_BAUD_RATE,
            paper: PaperChoice::Mm58,
            code_page: CodePageChoice::Pc437,
            cancel_kanji: true,
            auto_print: true,
            copies: 1,
            drawer_on_cash: true,
            order_code: OrderCodeChoice::Qr,
            header_text: String::new(),
            footer_text: "Terima kasih atas kunjungan Anda".into(),
            store_name: String::new(),
            store_address: String::new(),
            store_phone: String::new(),
            store_npwp: String::new(),
            show_address: true,
            show_phone: true,
            show_npwp: true,
            show_cashier: true,
        }
    }
}

const K_PAPER: &str = "printer.paper";
const K_CODE_PAGE: &str = "printer.code_page";
const K_KANJI: &str = "printer.cancel_kanji";
const K_COPIES: &str = "printer.copies";
const K_DRAWER: &str = "printer.drawer_on_cash";
const K_ORDER_CODE: &str = "printer.order_code";
const K_HEADER: &str = "printer.header_text";
const K_FOOTER: &str = "printer.footer_text";
const K_NPWP: &str = "shop_npwp";
const K_SHOW_ADDRESS: &str = "printer.show_address";
const K_SHOW_PHONE: &str = "printer.show_phone";
const K_SHOW_NPWP: &str = "printer.show_npwp";
const K_SHOW_CASHIER: &str = "printer.show_cashier";
/// What the stored logo is (shown in the audit log): `"384×128, 512×171, 576×192"`.
const K_LOGO: &str = "printer.logo";
/// The logo's 1-bit PNG for one paper dot width, hex encoded: `printer.logo.384`, ….
fn logo_key(dots: u32) -> String {
    format!("{K_LOGO}.{dots}")
}

/// A receipt logo is stored (the customer display's idle screen shows it).
pub(crate) fn logo_stored(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key LIKE 'printer.logo.%')",
        [],
        |r| r.get(0),
    )?)
}

fn flag(v: bool) -> String {
    if v { "1" } else { "0" }.to_string()
}

/// Parses `vvvv:pppp` (hex).
pub fn parse_usb_id(s: &str) -> Option<(u16, u16)> {
    let (v, p) = s.trim().split_once(':')?;
    Some((
        u16::from_str_radix(v.trim(), 16).ok()?,
        u16::from_str_radix(p.trim(), 16).ok()?,
    ))
}

/// Where a printer is: the connection part of a printer form (the receipt printer in
/// [`PrinterSettings`], the label printer in [`super::labels::LabelSettings`]). One check of
/// what each kind of connection needs, for both forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionFields<'a> {
    pub connection: ConnectionType,
    pub host: &'a str,
    pub port: u16,
    pub device_path: &'a str,
    pub usb_device: &'a str,
    pub windows_printer: &'a str,
    pub serial_port: &'a str,
    pub baud_rate: u32,
}

impl ConnectionFields<'_> {
    /// The fields the chosen connection needs are filled and in range.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: &str| Err(CoreError::Validation(m.to_string()));
        match self.connection {
            ConnectionType::Network if self.host.trim().is_empty() => {
                return bad("alamat printer jaringan (host) wajib diisi")
            }
            ConnectionType::Network if self.port == 0 => return bad("port harus 1–65535"),
            ConnectionType::Device if self.device_path.trim().is_empty() => {
                return bad("path perangkat wajib diisi, misalnya /dev/usb/lp0")
            }
            ConnectionType::Usb if parse_usb_id(self.usb_device).is_none() => {
                return bad("pilih printer USB (format vendor:produk, misalnya 04b8:0202)")
            }
            ConnectionType::Windows if self.windows_printer.trim().is_empty() => {
                return bad("nama printer Windows wajib diisi")
            }
            ConnectionType::Serial if self.serial_port.trim().is_empty() => {
                return bad("pilih port serial printer, misalnya COM5 atau /dev/rfcomm0")
            }
            _ => {}
        }
        if !BAUD_RATES.contains(&self.baud_rate) {
            return bad("baud rate harus 9600, 19200, 38400, 57600 atau 115200");
        }
        Ok(())
    }
}

impl ConnectionFields<'_> {
    /// The settings rows of these fields under `prefix` (`printer`, `label`): `prefix.connection`,
    /// `prefix.host`, …, trimmed as they are stored.
    pub(crate) fn rows(&self, prefix: &str) -> [(String, String); 8] {
        let key = |suffix: &str| format!("{prefix}.{suffix}");
        [
            (key("connection"), self.connection.as_str().to_string()),
            (key("host"), self.host.trim().to_string()),
            (key("port"), self.port.to_string()),
            (key("device_path"), self.device_path.trim().to_string()),
            (key("usb_device"), self.usb_device.trim().to_lowercase()),
            (
                key("windows_printer"),
                self.windows_printer.trim().to_string(),
            ),
            (key("serial_port"), self.serial_port.trim().to_string()),
            (key("baud_rate"), self.baud_rate.to_string()),
        ]
    }
}

/// The connection fields of a printer form, owned, as stored under a prefix (see
/// [`ConnectionFields::rows`]); a missing or unreadable row takes the form's default. A kitchen
/// or bar printer's form carries them whole ([`crate::kitchen::PrepPrinterInput`], flattened:
/// the same camelCase fields as [`PrinterSettings`]); they are checked through
/// [`StoredConnection::fields`] and [`ConnectionFields::validate`].
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StoredConnection {
    pub connection: ConnectionType,
    pub host: String,
    pub port: u16,
    pub device_path: String,
    pub usb_device: String,
    pub windows_printer: String,
    pub serial_port: String,
    pub baud_rate: u32,
}

impl Default for StoredConnection {
    /// No printer yet (preview), with the usual TCP port and baud rate filled in.
    fn default() -> Self {
        StoredConnection {
            connection: ConnectionType::Preview,
            host: String::new(),
            port: DEFAULT_TCP_PORT,
            device_path: String::new(),
            usb_device: String::new(),
            windows_printer: String::new(),
            serial_port: String::new(),
            baud_rate: DEFAULT_BAUD_RATE,
        }
    }
}

impl StoredConnection {
    /// These fields as the one check and the row writer take them.
    pub fn fields(&self) -> ConnectionFields<'_> {
        ConnectionFields {
            connection: self.connection,
            host: &self.host,
            port: self.port,
            device_path: &self.device_path,
            usb_device: &self.usb_device,
            windows_printer: &self.windows_printer,
            serial_port: &self.serial_port,
            baud_rate: self.baud_rate,
        }
    }

    pub(crate) fn read(
        conn: &rusqlite::Connection,
        prefix: &str,
        d: ConnectionFields<'_>,
    ) -> Result<StoredConnection> {
        let get = |suffix: &str| get(conn, &format!("{prefix}.{suffix}"));
        let text = |suffix: &str, def: &str| -> Result<String> {
            Ok(get(suffix)?.unwrap_or_else(|| def.to_string()))
        };
        Ok(StoredConnection {
            connection: get("connection")?
                .and_then(|v| ConnectionType::parse(v.trim()))
                .unwrap_or(d.connection),
            host: text("host", d.host)?,
            port: get("port")?
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(d.port),
            device_path: text("device_path", d.device_path)?,
            usb_device: text("usb_device", d.usb_device)?,
            windows_printer: text("windows_printer", d.windows_printer)?,
            serial_port: text("serial_port", d.serial_port)?,
            baud_rate: get("baud_rate")?
                .and_then(|v| v.trim().parse().ok())
                .filter(|b| BAUD_RATES.contains(b))
                .unwrap_or(d.baud_rate),
        })
    }
}

/// Key prefix of the receipt printer's rows.
const PREFIX: &str = "printer";

impl PrinterSettings {
    /// Reads the stored settings; a missing or unreadable row takes its default.
    pub fn load(store: &Store) -> Result<PrinterSettings> {
        store.read(Self::read)
    }

    fn read(conn: &rusqlite::Connection) -> Result<PrinterSettings> {
        let d = PrinterSettings::default();
        let get = |k: &str| get(conn, k);
        let text = |k: &str, def: &str| -> Result<String> {
            Ok(get(k)?.unwrap_or_else(|| def.to_string()))
        };
        let boolean =
            |k: &str, def: bool| -> Result<bool> { Ok(get(k)?.map_or(def, |v| v.trim() != "0")) };
        let shop = super::read_shop_profile(conn)?;
        let c = StoredConnection::read(conn, PREFIX, d.connection_fields())?;
        Ok(PrinterSettings {
            connection: c.connection,
            host: c.host,
            port: c.port,
            device_path: c.device_path,
            usb_device: c.usb_device,
            windows_printer: c.windows_printer,
            serial_port: c.serial_port,
            baud_rate: c.baud_rate,
            paper: get(K_PAPER)?
                .and_then(|v| PaperChoice::parse(&v))
                .unwrap_or(d.paper),
            code_page: get(K_CODE_PAGE)?
                .and_then(|v| CodePageChoice::parse(&v))
                .unwrap_or(d.code_page),
            cancel_kanji: boolean(K_KANJI, d.cancel_kanji)?,
            auto_print: boolean(AUTO_PRINT_KEY, d.auto_print)?,
            copies: get(K_COPIES)?
                .and_then(|v| v.trim().parse().ok())
                .filter(|c| (1..=5).contains(c))
                .unwrap_or(d.copies),
            drawer_on_cash: boolean(K_DRAWER, d.drawer_on_cash)?,
            order_code: get(K_ORDER_CODE)?
                .and_then(|v| OrderCodeChoice::parse(&v))
                .unwrap_or(d.order_code),
            header_text: text(K_HEADER, &d.header_text)?,
            footer_text: text(K_FOOTER, &d.footer_text)?,
            store_name: shop.name,
            store_address: shop.address,
            store_phone: shop.phone,
            store_npwp: text(K_NPWP, "")?,
            show_address: boolean(K_SHOW_ADDRESS, d.show_address)?,
            show_phone: boolean(K_SHOW_PHONE, d.show_phone)?,
            show_npwp: boolean(K_SHOW_NPWP, d.show_npwp)?,
            show_cashier: boolean(K_SHOW_CASHIER, d.show_cashier)?,
        })
    }

    /// Checks the fields the chosen connection needs and the ranges of the rest.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: &str| Err(CoreError::Validation(m.to_string()));
        self.connection_fields().validate()?;
        if !(1..=5).contains(&self.copies) {
            return bad("jumlah salinan 1–5");
        }
        let name = self.store_name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return bad("nama toko wajib diisi (maks. 60 huruf)");
        }
        if self.header_text.chars().count() > 300 || self.footer_text.chars().count() > 300 {
            return bad("teks kepala/kaki struk maks. 300 huruf");
        }
        Ok(())
    }

    /// Where the receipt printer is (the fields its connection uses).
    pub fn connection_fields(&self) -> ConnectionFields<'_> {
        ConnectionFields {
            connection: self.connection,
            host: &self.host,
            port: self.port,
            device_path: &self.device_path,
            usb_device: &self.usb_device,
            windows_printer: &self.windows_printer,
            serial_port: &self.serial_port,
            baud_rate: self.baud_rate,
        }
    }

    /// Validates and stores every field in one transaction, then reads them back.
    pub fn save(
        &self,
        store: &Store,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<PrinterSettings> {
        self.validate()?;
        let connection = self.connection_fields().rows(PREFIX);
        let pairs = [
            (K_PAPER, self.paper.as_str().to_string()),
            (K_CODE_PAGE, self.code_page.as_str().to_string()),
            (K_KANJI, flag(self.cancel_kanji)),
            (AUTO_PRINT_KEY, flag(self.auto_print)),
            (K_COPIES, self.copies.to_string()),
            (K_DRAWER, flag(self.drawer_on_cash)),
            (K_ORDER_CODE, self.order_code.as_str().to_string()),
            (K_HEADER, self.header_text.trim().to_string()),
            (K_FOOTER, self.footer_text.trim().to_string()),
            ("shop_name", self.store_name.trim().to_string()),
            ("shop_address", self.store_address.trim().to_string()),
            ("shop_phone", self.store_phone.trim().to_string()),
            (K_NPWP, self.store_npwp.trim().to_string()),
            (K_SHOW_ADDRESS, flag(self.show_address)),
            (K_SHOW_PHONE, flag(self.show_phone)),
            (K_SHOW_NPWP, flag(self.show_npwp)),
            (K_SHOW_CASHIER, flag(self.show_cashier)),
        ];
        let actor = store.operator();
        store.write(|tx| {
            let mut changes = serde_json::Map::new();
            for (key, value) in &connection {
                super::set_noting(tx, &mut changes, key, value)?;
            }
            for (key, value) in &pairs {
                super::set_noting(tx, &mut changes, key, value)?;
            }
            super::audit_form(tx, actor.as_ref(), "Printer & struk", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Printer,
            });
            Self::read(tx)
        })
    }
}

/// The receipt logo as stored: one fitted, dithered 1-bit PNG per paper dot width (384, 512,
/// 576), made once when the owner picks the image. The preview and every printed receipt use
/// those very dots, and changing the paper width needs no new pick. This module keeps the
/// bytes opaque; `kasir-printer` makes and reads them.
pub struct ReceiptLogoRows;

impl ReceiptLogoRows {
    /// The stored PNG for paper `dots` wide, if a logo is set.
    pub fn png(store: &Store, dots: u32) -> Result<Option<Vec<u8>>> {
        store.read(|c| Ok(get(c, &logo_key(dots))?.and_then(|h| from_hex(&h))))
    }

    /// Replaces the logo (every width at once) in one transaction, with one audit row saying
    /// what it is (`summary`, e.g. `"logo-toko.png: 384×128, 512×171, 576×192"`).
    pub fn save(
        store: &Store,
        fitted: &[(u32, Vec<u8>)],
        summary: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        if fitted.is_empty() {
            return Err(CoreError::Validation("logo kosong".into()));
        }
        let actor = store.operator();
        store.write(|tx| {
            tx.execute("DELETE FROM settings WHERE key LIKE 'printer.logo.%'", [])?;
            let mut changes = serde_json::Map::new();
            for (dots, png) in fitted {
                super::set(tx, &logo_key(*dots), &to_hex(png))?;
            }
            super::set_noting(tx, &mut changes, K_LOGO, summary)?;
            super::audit_form(tx, actor.as_ref(), "Logo struk", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: SettingsSection::Printer,
            });
            Ok(())
        })
    }

    /// Removes the logo; false when there was none.
    pub fn remove(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        let actor = store.operator();
        store.write(|tx| {
            let removed = tx.execute("DELETE FROM settings WHERE key LIKE 'printer.logo.%'", [])?;
            let mut changes = serde_json::Map::new();
            if get(tx, K_LOGO)?.is_some_and(|s| !s.is_empty()) {
                super::set_noting(tx, &mut changes, K_LOGO, "")?;
            }
            super::audit_form(tx, actor.as_ref(), "Logo struk", changes, now)?;
            if removed > 0 {
                tx.emit(DomainEvent::SettingsChanged {
                    section: SettingsSection::Printer,
                });
            }
            Ok(removed > 0)
        })
    }
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0F)]));
    }
    s
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    s.chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_the_settings_table() {
        let store = Store::open_in_memory().expect("store");
        let loaded = PrinterSettings::load(&store).expect("load");
        assert!(loaded.auto_print, "auto-print is on by default");
        assert_eq!(loaded.connection, ConnectionType::Preview);
        let mut s = loaded.clone();
        s.connection = ConnectionType::Network;
        s.host = "192.168.1.50".into();
        s.paper = PaperChoice::Mm80;
        s.auto_print = false;
        s.store_npwp = "01.234.567.8-901.000".into();
        let saved = s.save(&store, chrono::Utc::now()).expect("save");
        assert_eq!(saved, s);
        assert_eq!(
            store
                .read(|c| get(c, AUTO_PRINT_KEY))
                .expect("row")
                .as_deref(),
            Some("0"),
            "kasir-core reads the same auto-print key"
        );
    }

    #[test]
    fn validation_names_the_missing_field() {
        let store = Store::open_in_memory().expect("store");
        let mut s = PrinterSettings::load(&store).expect("load");
        s.connection = ConnectionType::Network;
        s.host = " ".into();
        assert_eq!(
            s.save(&store, chrono::Utc::now())
                .expect_err("no host")
                .kind()
                .as_str(),
            "validation"
        );
        s.connection = ConnectionType::Usb;
        s.usb_device = "zz".into();
        assert!(s.validate().is_err(), "a USB id must be vvvv:pppp");
        s.usb_device = "04B8:0202".into();
        assert!(s.validate().is_ok());
        assert_eq!(parse_usb_id(&s.usb_device), Some((0x04b8, 0x0202)));
    }

    #[test]
    fn the_logo_is_kept_per_paper_width_replaced_whole_and_audited() {
        let store = Store::open_in_memory().expect("store");
        assert_eq!(ReceiptLogoRows::png(&store, 384).expect("read"), None);
        let now = chrono::Utc::now();
        ReceiptLogoRows::save(
            &store,
            &[(384, vec![0x89, b'P', 0x00, 0xFF]), (576, vec![1, 2, 3])],
            "a.png: 384×10, 576×15",
            now,
        )
        .expect("save");
        assert_eq!(
            ReceiptLogoRows::png(&store, 384).expect("read"),
            Some(vec![0x89, b'P', 0x00, 0xFF]),
            "bytes round-trip exactly"
        );
        ReceiptLogoRows::save(&store, &[(512, vec![9])], "b.png: 512×4", now).expect("replace");
        assert_eq!(
            ReceiptLogoRows::png(&store, 576).expect("read"),
            None,
            "a new logo replaces every width of the old one"
        );
        assert!(ReceiptLogoRows::remove(&store, now).expect("remove"));
        assert_eq!(ReceiptLogoRows::png(&store, 512).expect("read"), None);
        assert!(
            !ReceiptLogoRows::remove(&store, now).expect("again"),
            "nothing left to remove"
        );
        let logged: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%printer.logo%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(logged, 3, "set, replaced, removed: one audit row each");
    }

    #[test]
    fn serial_settings_need_a_port_and_a_common_baud_rate() {
        let store = Store::open_in_memory().expect("store");
        let mut s = PrinterSettings::load(&store).expect("load");
        assert_eq!(s.baud_rate, 9600, "default 9600");
        assert!(s.show_address && s.show_phone && s.show_npwp && s.show_cashier);
        s.store_name = "Toko".into();
        s.connection = ConnectionType::Serial;
        assert!(s.validate().is_err(), "a port is needed");
        s.serial_port = "/dev/rfcomm0".into();
        s.baud_rate = 12345;
        assert!(s.validate().is_err(), "an odd baud rate is refused");
        s.baud_rate = 115_200;
        s.show_npwp = false;
        s.show_cashier = false;
        let saved = s.save(&store, chrono::Utc::now()).expect("save");
        assert_eq!(
            saved, s,
            "serial port, baud rate and field toggles round-trip"
        );
    }
}

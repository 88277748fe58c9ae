//! Input types of the printer crate: the [`Receipt`] to print and the [`PrinterProfile`] of the
//! printer it goes to. These are this crate's own types; the app maps its stored order into them.
//! No dependency on other project crates or on tauri.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Default shop timezone.
pub const DEFAULT_TIMEZONE: &str = "Asia/Jakarta";

fn default_timezone() -> String {
    DEFAULT_TIMEZONE.to_string()
}

/// Shop identity printed in the receipt header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct StoreInfo {
    /// Shop name (printed bold, double height, centred).
    pub name: String,
    /// Address; may contain `\n` for several lines; each is wrapped to the paper width.
    pub address: String,
    /// Phone number, printed as `Telp: ...`.
    pub phone: Option<String>,
    /// Tax id, printed as `NPWP: ...` when present.
    pub npwp: Option<String>,
}

/// One sold item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptLine {
    /// Product name; wrapped to the paper width.
    pub name: String,
    /// Quantity.
    pub qty: u32,
    /// Unit price in rupiah.
    pub unit_price: i64,
    /// Line total in rupiah (as stored; not recomputed here).
    pub line_total: i64,
    /// Printed under the name, indented: the chosen options ("+ Large (+Rp 5.000)") and the
    /// note ("Catatan: tanpa es").
    #[serde(default)]
    pub details: Vec<String>,
}

/// A labelled amount (discount or tax).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Adjustment {
    /// Label, e.g. `"Diskon member"` or `"PPN 11%"`.
    pub label: String,
    /// Amount in rupiah. Discounts are given as a positive amount and printed negative
    /// (`-Rp 2.000`); taxes are printed as given.
    pub amount: i64,
}

/// How the sale was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "camelCase")]
pub enum Payment {
    /// Cash: printed as `Tunai`, `Dibayar`, `Kembalian`. Opens the drawer when the profile says so.
    Cash {
        /// Money handed over by the customer.
        tendered: i64,
        /// Change given back.
        change: i64,
    },
    /// QRIS: printed as `QRIS (GoPay)` and `Ref: ...`. Never opens the drawer.
    #[serde(rename_all = "camelCase")]
    Qris {
        /// Issuer / wallet name reported by the gateway, e.g. `"GoPay"`.
        issuer: Option<String>,
        /// Gateway transaction reference.
        gateway_ref: Option<String>,
    },
    /// Paid in parts (split payment): each tender in the order taken.
    Split { parts: Vec<PaidPart> },
}

/// One tender of a split payment: `Tunai Rp 20.000` (with what was handed over and the change)
/// or `QRIS (GoPay) Rp 15.000` (with its reference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaidPart {
    /// `Tunai`, `QRIS (GoPay)`.
    pub label: String,
    pub amount: i64,
    pub tendered: Option<i64>,
    pub change: Option<i64>,
    pub gateway_ref: Option<String>,
}

impl Payment {
    /// True when cash went into the drawer (a cash sale, or a split one with a cash part).
    pub fn is_cash(&self) -> bool {
        match self {
            Payment::Cash { .. } => true,
            Payment::Qris { .. } => false,
            Payment::Split { parts } => parts.iter().any(|p| p.tendered.is_some()),
        }
    }
}

/// Machine-readable code of the order number printed at the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OrderCode {
    /// QR code, Model 2 (`GS ( k`).
    Qr,
    /// CODE128 barcode, code set B (`GS k 73`); order number must be printable ASCII.
    Code128,
}

/// A receipt, ready to lay out. Money is integer rupiah.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Shop identity.
    pub store: StoreInfo,
    /// Order number, e.g. `"INV-20261126-0001"`.
    pub order_number: String,
    /// When the order was paid (UTC; converted to the shop timezone when printed).
    pub paid_at: DateTime<Utc>,
    /// IANA timezone name of the shop (default `Asia/Jakarta`).
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Cashier name.
    pub cashier: Option<String>,
    /// Sold items.
    pub lines: Vec<ReceiptLine>,
    /// Sum of line totals.
    pub subtotal: i64,
    /// Discounts (printed negative).
    #[serde(default)]
    pub discounts: Vec<Adjustment>,
    /// Taxes / service charges.
    #[serde(default)]
    pub taxes: Vec<Adjustment>,
    /// Amount paid.
    pub total: i64,
    /// Payment method.
    pub payment: Payment,
    /// Footer lines (centred, wrapped), e.g. `"Terima kasih"`.
    #[serde(default)]
    pub footer: Vec<String>,
    /// Optional QR/barcode of the order number.
    #[serde(default)]
    pub code: Option<OrderCode>,
    /// Reprint: prints `SALINAN` prominently at the top and bottom.
    #[serde(default)]
    pub copy: bool,
    /// Money given back after the sale (refunds), printed after the payment with what the
    /// customer kept paying.
    #[serde(default)]
    pub refunds: Vec<Adjustment>,
    /// Extra header lines under the shop's identity (centred, wrapped), e.g. opening hours.
    #[serde(default)]
    pub header: Vec<String>,
    /// The shop's logo, already fitted and dithered for this paper; printed centred at the
    /// very top with `GS v 0`.
    #[serde(default)]
    pub logo: Option<crate::raster::Raster>,
}

/// A printed document other than a receipt (shift close report, cash in/out slip): a title and
/// rows of text. Money is already formatted by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slip {
    /// Shop name (bold, centred).
    pub store_name: String,
    /// Document title, e.g. `"TUTUP KASIR"` (bold, double height, centred).
    pub title: String,
    pub rows: Vec<SlipRow>,
    /// Reprint: `SALINAN` at the top and bottom.
    #[serde(default)]
    pub copy: bool,
    /// Pulse the drawer at the end (cash in/out), when the profile allows it.
    #[serde(default)]
    pub open_drawer: bool,
}

/// A preparation ticket for a kitchen or bar printer: what to make and for whom, in large type,
/// without prices. Names and notes are the app's; this crate only lays them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// The printer it is for, e.g. `"Dapur"` (bold, centred, at the top).
    pub station: String,
    /// The table or name, or the order number (bold, double size, centred).
    pub title: String,
    /// A banner under the title (bold, double size), e.g. `"TAMBAHAN"` for a later send.
    pub banner: Option<String>,
    /// When it was rung up.
    pub at: DateTime<Utc>,
    /// IANA timezone for [`Ticket::at`].
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Who rang it up.
    pub cashier: Option<String>,
    /// Further labelled rows under the time, e.g. `("Pesanan", "INV-…")`.
    #[serde(default)]
    pub details: Vec<(String, String)>,
    pub lines: Vec<TicketLine>,
}

/// One line of a [`Ticket`]: `qty x name` in large type, its options and note indented under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketLine {
    pub qty: u32,
    pub name: String,
    /// E.g. `"Ukuran: Large"`, one per printed line.
    #[serde(default)]
    pub options: Vec<String>,
    /// The cashier's note, e.g. `"tanpa es"`.
    pub note: Option<String>,
}

/// One row of a [`Slip`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "camelCase")]
pub enum SlipRow {
    /// A bold heading on its own line.
    Heading(String),
    /// Label left, value right.
    Pair(String, String),
    /// Label left, value right, bold (totals, the difference).
    Total(String, String),
    /// Wrapped text.
    Text(String),
    /// A line of dashes.
    Separator,
}

/// Paper width of the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum PaperWidth {
    /// 58 mm: 32 columns (Font A), 384 dots.
    #[default]
    Mm58,
    /// 80 mm: 48 columns (Font A), 576 dots.
    Mm80,
    /// 42 columns (80 mm printers with a 512-dot head, or 76 mm paper).
    Columns42,
}

impl PaperWidth {
    /// Characters per line in Font A.
    pub fn columns(self) -> usize {
        match self {
            PaperWidth::Mm58 => 32,
            PaperWidth::Mm80 => 48,
            PaperWidth::Columns42 => 42,
        }
    }

    /// Printable dots per line.
    pub fn dots(self) -> u32 {
        match self {
            PaperWidth::Mm58 => 384,
            PaperWidth::Mm80 => 576,
            PaperWidth::Columns42 => 512,
        }
    }
}

/// Character code table selected with `ESC t n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum CodePage {
    /// PC437 (USA, standard Europe), `ESC t 0`. Default.
    #[default]
    Pc437,
    /// PC850 (Multilingual), `ESC t 2`.
    Pc850,
}

impl CodePage {
    /// The `n` of `ESC t n`.
    pub fn esc_t(self) -> u8 {
        match self {
            CodePage::Pc437 => 0,
            CodePage::Pc850 => 2,
        }
    }

    /// Inverse of [`CodePage::esc_t`].
    pub fn from_esc_t(n: u8) -> Option<CodePage> {
        match n {
            0 => Some(CodePage::Pc437),
            2 => Some(CodePage::Pc850),
            _ => None,
        }
    }
}

/// How a given printer is driven.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrinterProfile {
    /// Paper width.
    pub paper: PaperWidth,
    /// Code page for text.
    pub code_page: CodePage,
    /// Emit `FS .` right after `ESC @` (cheap printers that boot in Chinese/Kanji mode).
    pub cancel_kanji: bool,
    /// Cut the paper at the end.
    pub cut: bool,
    /// Pulse the cash drawer (pin 2) after a cash sale.
    pub open_drawer: bool,
    /// Blank lines fed before the cut (so the footer clears the cutter).
    pub feed_lines: u8,
}

impl Default for PrinterProfile {
    fn default() -> Self {
        PrinterProfile {
            paper: PaperWidth::Mm58,
            code_page: CodePage::Pc437,
            cancel_kanji: false,
            cut: true,
            open_drawer: false,
            feed_lines: 4,
        }
    }
}

impl PrinterProfile {
    /// Profile for a given paper width with defaults for the rest.
    pub fn for_paper(paper: PaperWidth) -> Self {
        PrinterProfile {
            paper,
            ..PrinterProfile::default()
        }
    }
}

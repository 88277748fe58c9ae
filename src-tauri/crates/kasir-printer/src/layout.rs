//! Pure receipt layout: [`render`] turns a [`Receipt`] and a [`PrinterProfile`] into ESC/POS
//! bytes, and [`test_page`] builds the "Cetak Tes" page. No I/O, no clock: the paid time and
//! timezone come from the receipt. Wrapping, columns and transliteration are ours; the ESC/POS
//! commands are generated with the `escpos` crate through [`EscposWriter`].

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{PrinterError, Result};
use crate::escpos::{Align, Builder, EscposWriter, DRAWER_PIN2, PARTIAL_CUT};
use crate::model::{CodePage, OrderCode, Payment, PrinterProfile, Receipt, Slip, SlipRow, Ticket};
use crate::text::{format_rupiah, transliterate, two_columns, wrap};

/// Largest QR payload (Model 2, byte mode, level L) a printer accepts.
const MAX_QR_BYTES: usize = 7089;
/// Largest CODE128 payload we emit (n ≤ 255 including the `{B` prefix and `{` escapes).
const MAX_CODE128_BYTES: usize = 120;
/// Quiet zone a CODE128 scanner needs on each side, in modules.
pub const CODE128_QUIET_MODULES: u32 = 10;

/// Modules of a CODE128 code set B symbol of `data`: start, one symbol per character, check
/// symbol (11 modules each) and the 13-module stop.
pub fn code128_modules(data: &str) -> u32 {
    let symbols = u32::try_from(data.len()).unwrap_or(u32::MAX / 16);
    11 * (symbols + 2) + 13
}

/// The widest module (2 dots, else 1) at which the CODE128 of `data` and its quiet zones fit
/// on the paper: a barcode wider than the print area is not printed at all by most printers.
pub fn code128_module_width(data: &str, dots: u32) -> u8 {
    let total = code128_modules(data) + 2 * CODE128_QUIET_MODULES;
    if total * 2 <= dots {
        2
    } else {
        1
    }
}

/// Local time as printed on the receipt, e.g. `26/11/2026 14:05 WIB`.
///
/// Fails with [`PrinterError::InvalidReceipt`] for an unknown IANA timezone name.
pub fn format_local_time(at: DateTime<Utc>, timezone: &str) -> Result<String> {
    let tz: Tz = timezone.parse().map_err(|_| {
        PrinterError::InvalidReceipt(format!("zona waktu tidak dikenal: {timezone}"))
    })?;
    let local = at.with_timezone(&tz);
    let abbr = match timezone {
        "Asia/Jakarta" | "Asia/Pontianak" => "WIB".to_string(),
        "Asia/Makassar" => "WITA".to_string(),
        "Asia/Jayapura" => "WIT".to_string(),
        _ => local.format("%Z").to_string(),
    };
    Ok(format!("{} {abbr}", local.format("%d/%m/%Y %H:%M")))
}

/// An escpos error while building the document. The in-memory driver cannot fail and all
/// parameters are validated or constant, so this means a bug; it is reported, never sent.
fn escpos_error(e: ::escpos::errors::PrinterError) -> PrinterError {
    PrinterError::InvalidReceipt(format!("ESC/POS: {e}"))
}

struct Layout {
    b: EscposWriter,
    cols: usize,
    cp: CodePage,
}

impl Layout {
    fn text(&self, s: &str) -> Vec<u8> {
        transliterate(s, self.cp)
    }

    fn line(&mut self, bytes: &[u8]) -> Result<()> {
        self.b.line(bytes).map_err(escpos_error)?;
        Ok(())
    }

    fn align(&mut self, align: Align) -> Result<()> {
        self.b.align(align).map_err(escpos_error)?;
        Ok(())
    }

    /// Bold on/off and character size in one go (`ESC E`, `GS !`).
    fn style(&mut self, bold: bool, width: u8, height: u8) -> Result<()> {
        self.b.bold(bold).map_err(escpos_error)?;
        self.b.size(width, height).map_err(escpos_error)?;
        Ok(())
    }

    /// Back to normal size, then bold off (`GS ! 0`, `ESC E 0`).
    fn normal(&mut self) -> Result<()> {
        self.b.size(1, 1).map_err(escpos_error)?;
        self.b.bold(false).map_err(escpos_error)?;
        Ok(())
    }

    fn bold(&mut self, on: bool) -> Result<()> {
        self.b.bold(on).map_err(escpos_error)?;
        Ok(())
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.b.raw(bytes).map_err(escpos_error)?;
        Ok(())
    }

    fn wrapped(&mut self, s: &str) -> Result<()> {
        for line in s.split('\n') {
            for l in wrap(&self.text(line), self.cols) {
                self.line(&l)?;
            }
        }
        Ok(())
    }

    /// `first` then `text`, wrapped to `width` columns of the current character size; the
    /// lines after the first are indented by `first`'s width (`2 x Nasi goreng` /
    /// `    spesial`).
    fn hanging(&mut self, first: &str, text: &str, width: usize) -> Result<()> {
        let lead = self.text(first);
        let indent = vec![b' '; lead.len()];
        let room = width.saturating_sub(lead.len()).max(1);
        for (i, part) in wrap(&self.text(text), room).into_iter().enumerate() {
            let mut line = if i == 0 { lead.clone() } else { indent.clone() };
            line.extend_from_slice(&part);
            self.line(&line)?;
        }
        Ok(())
    }

    fn separator(&mut self, ch: u8) -> Result<()> {
        self.line(&vec![ch; self.cols])
    }

    /// Label left, value right; if they do not fit on one line the label is wrapped and the
    /// value goes right-aligned on its own line.
    fn pair(&mut self, label: &str, value: &str) -> Result<()> {
        let left = self.text(label);
        let right = self.text(value);
        if let Some(line) = two_columns(&left, &right, self.cols) {
            return self.line(&line);
        }
        for l in wrap(&left, self.cols) {
            self.line(&l)?;
        }
        for l in wrap(&right, self.cols) {
            let line = two_columns(b"", &l, self.cols).unwrap_or(l);
            self.line(&line)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>> {
        self.b.finish().map_err(escpos_error)
    }
}

fn validate(receipt: &Receipt) -> Result<()> {
    if receipt.store.name.trim().is_empty() {
        return Err(PrinterError::InvalidReceipt("nama toko kosong".into()));
    }
    if receipt.order_number.trim().is_empty() {
        return Err(PrinterError::InvalidReceipt("nomor pesanan kosong".into()));
    }
    match receipt.code {
        Some(OrderCode::Code128) => {
            let ok = receipt
                .order_number
                .bytes()
                .all(|b| (0x20..=0x7E).contains(&b));
            if !ok || receipt.order_number.len() > MAX_CODE128_BYTES {
                return Err(PrinterError::InvalidReceipt(
                    "nomor pesanan tidak bisa dijadikan barcode CODE128 (hanya ASCII, maks 120 karakter)".into(),
                ));
            }
        }
        Some(OrderCode::Qr) if receipt.order_number.len() > MAX_QR_BYTES => {
            return Err(PrinterError::InvalidReceipt(
                "nomor pesanan terlalu panjang untuk QR".into(),
            ));
        }
        _ => {}
    }
    Ok(())
}

fn start(profile: &PrinterProfile) -> Result<Layout> {
    let cols = profile.paper.columns();
    let b =
        EscposWriter::start(cols, profile.code_page, profile.cancel_kanji).map_err(escpos_error)?;
    Ok(Layout {
        b,
        cols,
        cp: profile.code_page,
    })
}

fn salinan(l: &mut Layout) -> Result<()> {
    l.align(Align::Center)?;
    l.style(true, 2, 2)?;
    l.line(b"SALINAN")?;
    l.normal()?;
    l.line(b"(cetak ulang)")?;
    l.align(Align::Left)
}

/// Feed, then the partial cut and the drawer pulse as raw bytes (see [`crate::escpos`] for why
/// escpos' `partial_cut()` and `cash_drawer()` are not used).
fn finish(mut l: Layout, profile: &PrinterProfile, pulse_drawer: bool) -> Result<Vec<u8>> {
    l.b.feed(profile.feed_lines).map_err(escpos_error)?;
    if profile.cut {
        l.raw(&PARTIAL_CUT)?;
    }
    if pulse_drawer {
        l.raw(&DRAWER_PIN2)?;
    }
    l.finish()
}

/// Lays out a receipt as ESC/POS bytes for the given printer profile.
///
/// Commands are generated with the `escpos` crate. Text is transliterated to the profile's code
/// page (no UTF-8 ever reaches the printer), every printed line fits the paper's columns, and
/// the drawer pulse `1B 70 00 19 FA` is appended only for a cash sale when
/// `profile.open_drawer` is set.
pub fn render(receipt: &Receipt, profile: &PrinterProfile) -> Result<Vec<u8>> {
    validate(receipt)?;
    let when = format_local_time(receipt.paid_at, &receipt.timezone)?;
    let mut l = start(profile)?;

    if let Some(logo) = &receipt.logo {
        // Padded to the paper width: centred on printers that ignore `ESC a` for images.
        let mut raster = Builder::new();
        raster.raster(&logo.centred(profile.paper.dots())?);
        l.raw(&raster.into_bytes())?;
    }

    if receipt.copy {
        salinan(&mut l)?;
    }

    // Header.
    l.align(Align::Center)?;
    l.style(true, 1, 2)?;
    l.wrapped(&receipt.store.name)?;
    l.normal()?;
    if !receipt.store.address.trim().is_empty() {
        l.wrapped(&receipt.store.address)?;
    }
    if let Some(phone) = receipt
        .store
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        l.wrapped(&format!("Telp: {phone}"))?;
    }
    if let Some(npwp) = receipt
        .store
        .npwp
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        l.wrapped(&format!("NPWP: {npwp}"))?;
    }
    for h in receipt.header.iter().filter(|h| !h.trim().is_empty()) {
        l.wrapped(h)?;
    }
    l.align(Align::Left)?;
    l.separator(b'-')?;

    l.wrapped(&format!("No   : {}", receipt.order_number))?;
    l.wrapped(&format!("Tgl  : {when}"))?;
    if let Some(cashier) = receipt.cashier.as_deref().filter(|c| !c.trim().is_empty()) {
        l.wrapped(&format!("Kasir: {cashier}"))?;
    }
    l.separator(b'-')?;

    // Items.
    for item in &receipt.lines {
        l.wrapped(&item.name)?;
        for detail in &item.details {
            l.wrapped(&format!("  {detail}"))?;
        }
        let qty = format!("  {} x {}", item.qty, format_rupiah(item.unit_price));
        l.pair(&qty, &format_rupiah(item.line_total))?;
    }
    l.separator(b'-')?;

    // Totals.
    l.pair("Subtotal", &format_rupiah(receipt.subtotal))?;
    for d in &receipt.discounts {
        l.pair(&d.label, &format_rupiah(-d.amount.saturating_abs()))?;
    }
    for t in &receipt.taxes {
        l.pair(&t.label, &format_rupiah(t.amount))?;
    }
    l.style(true, 1, 2)?;
    l.pair("TOTAL", &format_rupiah(receipt.total))?;
    l.normal()?;
    l.separator(b'-')?;

    // Payment.
    match &receipt.payment {
        Payment::Cash { tendered, change } => {
            l.pair("Pembayaran", "Tunai")?;
            l.pair("Dibayar", &format_rupiah(*tendered))?;
            l.pair("Kembalian", &format_rupiah(*change))?;
        }
        Payment::Qris {
            issuer,
            gateway_ref,
        } => {
            let method = match issuer.as_deref().filter(|i| !i.trim().is_empty()) {
                Some(i) => format!("QRIS ({i})"),
                None => "QRIS".to_string(),
            };
            l.pair("Pembayaran", &method)?;
            if let Some(r) = gateway_ref.as_deref().filter(|r| !r.trim().is_empty()) {
                l.wrapped(&format!("Ref: {r}"))?;
            }
        }
        Payment::Split { parts } => {
            l.pair("Pembayaran", "Terpisah")?;
            for p in parts {
                l.pair(&p.label, &format_rupiah(p.amount))?;
                if let (Some(tendered), Some(change)) = (p.tendered, p.change) {
                    l.pair("  Dibayar", &format_rupiah(tendered))?;
                    l.pair("  Kembalian", &format_rupiah(change))?;
                }
                if let Some(r) = p.gateway_ref.as_deref().filter(|r| !r.trim().is_empty()) {
                    l.wrapped(&format!("  Ref: {r}"))?;
                }
            }
        }
    }

    if !receipt.refunds.is_empty() {
        l.separator(b'-')?;
        let mut left = receipt.total;
        for r in &receipt.refunds {
            l.pair(&r.label, &format_rupiah(-r.amount.saturating_abs()))?;
            left -= r.amount.saturating_abs();
        }
        l.bold(true)?;
        l.pair("Total setelah pengembalian", &format_rupiah(left))?;
        l.bold(false)?;
    }

    // Footer.
    if !receipt.footer.is_empty() {
        l.separator(b'-')?;
        l.align(Align::Center)?;
        for f in &receipt.footer {
            l.wrapped(f)?;
        }
        l.align(Align::Left)?;
    }

    match receipt.code {
        Some(OrderCode::Qr) => {
            l.align(Align::Center)?;
            let module = if l.cols >= 42 { 6 } else { 5 };
            l.b.qr(&receipt.order_number, module)
                .map_err(escpos_error)?;
            l.align(Align::Left)?;
        }
        Some(OrderCode::Code128) => {
            // escpos 0.20 has no CODE128: our own `GS k 73` bytes, sent through escpos.
            l.align(Align::Center)?;
            let mut code = Builder::new();
            let module = code128_module_width(&receipt.order_number, profile.paper.dots());
            code.code128_with_module(receipt.order_number.as_bytes(), module);
            l.raw(&code.into_bytes())?;
            l.align(Align::Left)?;
        }
        None => {}
    }

    if receipt.copy {
        salinan(&mut l)?;
    }

    let pulse = receipt.payment.is_cash() && profile.open_drawer;
    finish(l, profile, pulse)
}

/// Lays out a [`Slip`] (close report, cash slip) for the printer: shop name, title, rows, feed
/// and cut; the drawer pulse only when the slip asks for it and the profile allows it.
pub fn render_slip(slip: &Slip, profile: &PrinterProfile) -> Result<Vec<u8>> {
    if slip.title.trim().is_empty() {
        return Err(PrinterError::InvalidReceipt("judul dokumen kosong".into()));
    }
    let mut l = start(profile)?;
    if slip.copy {
        salinan(&mut l)?;
    }
    l.align(Align::Center)?;
    if !slip.store_name.trim().is_empty() {
        l.bold(true)?;
        l.wrapped(&slip.store_name)?;
        l.bold(false)?;
    }
    l.style(true, 1, 2)?;
    l.wrapped(&slip.title)?;
    l.normal()?;
    l.align(Align::Left)?;
    l.separator(b'-')?;
    for row in &slip.rows {
        match row {
            SlipRow::Heading(h) => {
                l.bold(true)?;
                l.wrapped(h)?;
                l.bold(false)?;
            }
            SlipRow::Pair(k, v) => l.pair(k, v)?,
            SlipRow::Total(k, v) => {
                l.bold(true)?;
                l.pair(k, v)?;
                l.bold(false)?;
            }
            SlipRow::Text(t) => l.wrapped(t)?,
            SlipRow::Separator => l.separator(b'-')?,
        }
    }
    if slip.copy {
        salinan(&mut l)?;
    }
    finish(l, profile, slip.open_drawer && profile.open_drawer)
}

/// Lays out a kitchen/bar [`Ticket`]: the station, the title (table or order number) and its
/// banner ("TAMBAHAN") bold and double size, time and cashier, then each line as `qty x name`
/// bold and double size with its options and note indented under it in normal type. No prices,
/// never the drawer; feed and cut.
pub fn render_ticket(ticket: &Ticket, profile: &PrinterProfile) -> Result<Vec<u8>> {
    if ticket.title.trim().is_empty() {
        return Err(PrinterError::InvalidReceipt("judul tiket kosong".into()));
    }
    if ticket.lines.is_empty() {
        return Err(PrinterError::InvalidReceipt("tiket tanpa baris".into()));
    }
    let when = format_local_time(ticket.at, &ticket.timezone)?;
    let mut l = start(profile)?;
    // Double width: half as many characters per line.
    let large = l.cols / 2;
    l.align(Align::Center)?;
    if !ticket.station.trim().is_empty() {
        l.bold(true)?;
        l.wrapped(&ticket.station.trim().to_uppercase())?;
        l.bold(false)?;
    }
    // Double size when it fits one line (a table, a name); a long order number keeps the
    // double height at normal width rather than breaking in two.
    let title = l.text(ticket.title.trim());
    let (title_width, title_cols) = if title.len() <= large {
        (2, large)
    } else {
        (1, l.cols)
    };
    l.style(true, title_width, 2)?;
    for part in wrap(&title, title_cols) {
        l.line(&part)?;
    }
    l.style(true, 2, 2)?;
    if let Some(banner) = ticket.banner.as_deref().filter(|b| !b.trim().is_empty()) {
        l.line(&vec![b'*'; large])?;
        for part in wrap(&l.text(banner.trim()), large) {
            l.line(&part)?;
        }
        l.line(&vec![b'*'; large])?;
    }
    l.normal()?;
    l.align(Align::Left)?;
    l.separator(b'-')?;
    l.pair("Waktu", &when)?;
    if let Some(cashier) = ticket.cashier.as_deref().filter(|c| !c.trim().is_empty()) {
        l.pair("Kasir", cashier)?;
    }
    for (label, value) in &ticket.details {
        l.pair(label, value)?;
    }
    l.separator(b'-')?;
    for (i, line) in ticket.lines.iter().enumerate() {
        if i > 0 {
            l.line(b"")?;
        }
        l.style(true, 2, 2)?;
        l.hanging(&format!("{} x ", line.qty), &line.name, large)?;
        l.normal()?;
        for option in line.options.iter().filter(|o| !o.trim().is_empty()) {
            l.hanging("   - ", option.trim(), l.cols)?;
        }
        if let Some(note) = line.note.as_deref().filter(|n| !n.trim().is_empty()) {
            l.bold(true)?;
            l.hanging("   Catatan: ", note.trim(), l.cols)?;
            l.bold(false)?;
        }
    }
    l.separator(b'-')?;
    let items: u64 = ticket.lines.iter().map(|t| u64::from(t.qty)).sum();
    l.align(Align::Center)?;
    l.wrapped(&format!("{items} item"))?;
    l.align(Align::Left)?;
    finish(l, profile, false)
}

/// The "Cetak Tes" page: paper width, code page, a column ruler, money formatting, bold and
/// double-size text, then feed and cut. Never pulses the drawer.
pub fn test_page(profile: &PrinterProfile) -> Vec<u8> {
    // Only fixed text and valid sizes: building it with escpos cannot fail.
    build_test_page(profile).expect("test page uses only fixed, valid ESC/POS commands")
}

fn build_test_page(profile: &PrinterProfile) -> Result<Vec<u8>> {
    let mut l = start(profile)?;
    l.align(Align::Center)?;
    l.style(true, 2, 2)?;
    l.line(b"CETAK TES")?;
    l.normal()?;
    l.line(b"Kasir Alpiant")?;
    l.align(Align::Left)?;
    l.separator(b'=')?;
    let paper = match profile.paper {
        crate::model::PaperWidth::Mm58 => "58 mm",
        crate::model::PaperWidth::Mm80 => "80 mm",
        crate::model::PaperWidth::Columns42 => "42 kolom",
    };
    l.pair("Kertas", paper)?;
    l.pair("Kolom", &l.cols.to_string())?;
    let cp = match profile.code_page {
        CodePage::Pc437 => "PC437",
        CodePage::Pc850 => "PC850",
    };
    l.pair("Code page", cp)?;
    l.pair("Contoh harga", &format_rupiah(1_234_500))?;
    let ruler: Vec<u8> = (0..l.cols).map(|i| b'0' + ((i + 1) % 10) as u8).collect();
    l.line(&ruler)?;
    l.bold(true)?;
    l.wrapped("Teks tebal")?;
    l.bold(false)?;
    l.wrapped("Karakter: Café é ñ ü -> ok")?;
    l.separator(b'=')?;
    l.align(Align::Center)?;
    l.wrapped("Jika halaman ini tercetak rapi, printer siap dipakai.")?;
    l.align(Align::Left)?;
    finish(l, profile, false)
}

//! Pure receipt layout: [`render`] turns a [`Receipt`] and a [`PrinterProfile`] into ESC/POS
//! bytes, and [`test_page`] builds the "Cetak Tes" page. No I/O, no clock: the paid time and
//! timezone come from the receipt.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::error::{PrinterError, Result};
use crate::escpos::{Align, Builder, CANCEL_KANJI, DRAWER_PIN2, INIT, PARTIAL_CUT};
use crate::model::{CodePage, OrderCode, Payment, PrinterProfile, Receipt};
use crate::text::{format_rupiah, transliterate, two_columns, wrap};

/// Largest QR payload (Model 2, byte mode, level L) a printer accepts.
const MAX_QR_BYTES: usize = 7089;
/// Largest CODE128 payload we emit (n ≤ 255 including the `{B` prefix and `{` escapes).
const MAX_CODE128_BYTES: usize = 120;

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

struct Layout {
    b: Builder,
    cols: usize,
    cp: CodePage,
}

impl Layout {
    fn text(&self, s: &str) -> Vec<u8> {
        transliterate(s, self.cp)
    }

    fn wrapped(&mut self, s: &str) {
        for line in s.split('\n') {
            for l in wrap(&self.text(line), self.cols) {
                self.b.line(&l);
            }
        }
    }

    fn separator(&mut self, ch: u8) {
        self.b.line(&vec![ch; self.cols]);
    }

    /// Label left, value right; if they do not fit on one line the label is wrapped and the
    /// value goes right-aligned on its own line.
    fn pair(&mut self, label: &str, value: &str) {
        let left = self.text(label);
        let right = self.text(value);
        if let Some(line) = two_columns(&left, &right, self.cols) {
            self.b.line(&line);
            return;
        }
        for l in wrap(&left, self.cols) {
            self.b.line(&l);
        }
        for l in wrap(&right, self.cols) {
            let line = two_columns(b"", &l, self.cols).unwrap_or(l);
            self.b.line(&line);
        }
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

fn start(profile: &PrinterProfile) -> Layout {
    let mut b = Builder::new();
    b.raw(&INIT);
    if profile.cancel_kanji {
        b.raw(&CANCEL_KANJI);
    }
    b.code_page(profile.code_page.esc_t());
    Layout {
        b,
        cols: profile.paper.columns(),
        cp: profile.code_page,
    }
}

fn salinan(l: &mut Layout) {
    l.b.align(Align::Center).bold(true).size(2, 2);
    l.b.line(b"SALINAN");
    l.b.size(1, 1).bold(false);
    l.b.line(b"(cetak ulang)");
    l.b.align(Align::Left);
}

fn finish(l: &mut Layout, profile: &PrinterProfile, pulse_drawer: bool) {
    l.b.feed(profile.feed_lines);
    if profile.cut {
        l.b.raw(&PARTIAL_CUT);
    }
    if pulse_drawer {
        l.b.raw(&DRAWER_PIN2);
    }
}

/// Lays out a receipt as ESC/POS bytes for the given printer profile.
///
/// Text is transliterated to the profile's code page (no UTF-8 ever reaches the printer),
/// every printed line fits the paper's columns, and the drawer pulse `1B 70 00 19 FA` is
/// appended only for a cash sale when `profile.open_drawer` is set.
pub fn render(receipt: &Receipt, profile: &PrinterProfile) -> Result<Vec<u8>> {
    validate(receipt)?;
    let when = format_local_time(receipt.paid_at, &receipt.timezone)?;
    let mut l = start(profile);

    if receipt.copy {
        salinan(&mut l);
    }

    // Header.
    l.b.align(Align::Center).bold(true).size(1, 2);
    l.wrapped(&receipt.store.name);
    l.b.size(1, 1).bold(false);
    if !receipt.store.address.trim().is_empty() {
        l.wrapped(&receipt.store.address);
    }
    if let Some(phone) = receipt
        .store
        .phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        l.wrapped(&format!("Telp: {phone}"));
    }
    if let Some(npwp) = receipt
        .store
        .npwp
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        l.wrapped(&format!("NPWP: {npwp}"));
    }
    l.b.align(Align::Left);
    l.separator(b'-');

    l.wrapped(&format!("No   : {}", receipt.order_number));
    l.wrapped(&format!("Tgl  : {when}"));
    if let Some(cashier) = receipt.cashier.as_deref().filter(|c| !c.trim().is_empty()) {
        l.wrapped(&format!("Kasir: {cashier}"));
    }
    l.separator(b'-');

    // Items.
    for item in &receipt.lines {
        l.wrapped(&item.name);
        let qty = format!("  {} x {}", item.qty, format_rupiah(item.unit_price));
        l.pair(&qty, &format_rupiah(item.line_total));
    }
    l.separator(b'-');

    // Totals.
    l.pair("Subtotal", &format_rupiah(receipt.subtotal));
    for d in &receipt.discounts {
        l.pair(&d.label, &format_rupiah(-d.amount.saturating_abs()));
    }
    for t in &receipt.taxes {
        l.pair(&t.label, &format_rupiah(t.amount));
    }
    l.b.bold(true).size(1, 2);
    l.pair("TOTAL", &format_rupiah(receipt.total));
    l.b.size(1, 1).bold(false);
    l.separator(b'-');

    // Payment.
    match &receipt.payment {
        Payment::Cash { tendered, change } => {
            l.pair("Pembayaran", "Tunai");
            l.pair("Dibayar", &format_rupiah(*tendered));
            l.pair("Kembalian", &format_rupiah(*change));
        }
        Payment::Qris {
            issuer,
            gateway_ref,
        } => {
            let method = match issuer.as_deref().filter(|i| !i.trim().is_empty()) {
                Some(i) => format!("QRIS ({i})"),
                None => "QRIS".to_string(),
            };
            l.pair("Pembayaran", &method);
            if let Some(r) = gateway_ref.as_deref().filter(|r| !r.trim().is_empty()) {
                l.wrapped(&format!("Ref: {r}"));
            }
        }
    }

    // Footer.
    if !receipt.footer.is_empty() {
        l.separator(b'-');
        l.b.align(Align::Center);
        for f in &receipt.footer {
            l.wrapped(f);
        }
        l.b.align(Align::Left);
    }

    match receipt.code {
        Some(OrderCode::Qr) => {
            l.b.align(Align::Center);
            let module = if l.cols >= 42 { 6 } else { 5 };
            l.b.qr(receipt.order_number.as_bytes(), module);
            l.b.align(Align::Left);
        }
        Some(OrderCode::Code128) => {
            l.b.align(Align::Center);
            l.b.code128(receipt.order_number.as_bytes());
            l.b.align(Align::Left);
        }
        None => {}
    }

    if receipt.copy {
        salinan(&mut l);
    }

    let pulse = receipt.payment.is_cash() && profile.open_drawer;
    finish(&mut l, profile, pulse);
    Ok(l.b.into_bytes())
}

/// The "Cetak Tes" page: paper width, code page, a column ruler, money formatting, bold and
/// double-size text, then feed and cut. Never pulses the drawer.
pub fn test_page(profile: &PrinterProfile) -> Vec<u8> {
    let mut l = start(profile);
    l.b.align(Align::Center).bold(true).size(2, 2);
    l.b.line(b"CETAK TES");
    l.b.size(1, 1).bold(false);
    l.b.line(b"Kasir Alpiant");
    l.b.align(Align::Left);
    l.separator(b'=');
    let paper = match profile.paper {
        crate::model::PaperWidth::Mm58 => "58 mm",
        crate::model::PaperWidth::Mm80 => "80 mm",
        crate::model::PaperWidth::Columns42 => "42 kolom",
    };
    l.pair("Kertas", paper);
    l.pair("Kolom", &l.cols.to_string());
    let cp = match profile.code_page {
        CodePage::Pc437 => "PC437",
        CodePage::Pc850 => "PC850",
    };
    l.pair("Code page", cp);
    l.pair("Contoh harga", &format_rupiah(1_234_500));
    let ruler: Vec<u8> = (0..l.cols).map(|i| b'0' + ((i + 1) % 10) as u8).collect();
    l.b.line(&ruler);
    l.b.bold(true);
    l.wrapped("Teks tebal");
    l.b.bold(false);
    l.wrapped("Karakter: Café é ñ ü -> ok");
    l.separator(b'=');
    l.b.align(Align::Center);
    l.wrapped("Jika halaman ini tercetak rapi, printer siap dipakai.");
    l.b.align(Align::Left);
    finish(&mut l, profile, false);
    l.b.into_bytes()
}

//! Product price labels: the job ([`LabelJob`]: products, prices, barcodes and how many of
//! each), its checks ([`LabelJob::prepare`]: counts, a printable barcode for every product) and
//! the receipt-printer output ([`render_escpos`]). The label printer (TSPL) and the A4 sheet
//! (PDF) outputs live in [`crate::tspl`] and [`crate::label_pdf`]; all three take the same
//! prepared job, so every output prints the same names, prices and codes.
//!
//! Pure: no I/O, no clock. Names and prices come from the caller (the app reads them from the
//! database by product id, never from the window).

use serde::{Deserialize, Serialize};

use crate::barcode::{Symbol, Symbology};
use crate::error::{PrinterError, Result};
use crate::escpos::{Align, Builder, EscposWriter, PARTIAL_CUT};
use crate::model::PrinterProfile;
use crate::text::{format_rupiah, transliterate, wrap};

/// Most labels of one product in one job.
pub const MAX_LABELS_PER_ITEM: u32 = 500;
/// Most labels in one job.
pub const MAX_LABELS_PER_JOB: u32 = 2000;

/// One product and how many labels of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelItem {
    /// Product name (wrapped and truncated to fit the label).
    pub name: String,
    /// Price in rupiah, printed as `Rp 15.000`.
    pub price: i64,
    /// The product's barcode; empty when it has none (refused).
    pub barcode: String,
    /// Labels of this product, 1..=[`MAX_LABELS_PER_ITEM`].
    pub count: u32,
}

impl LabelItem {
    /// `count` labels of the product `name` at `price` rupiah with `barcode`.
    pub fn new(
        name: impl Into<String>,
        price: i64,
        barcode: impl Into<String>,
        count: u32,
    ) -> Self {
        LabelItem {
            name: name.into(),
            price,
            barcode: barcode.into(),
            count,
        }
    }
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LabelJob {
    /// Printed small above the name when given.
    pub shop_name: Option<String>,
    /// The products, printed in this order.
    pub items: Vec<LabelItem>,
}

/// One product of a checked job: its label text and barcode symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedItem {
    /// Product name, trimmed.
    pub name: String,
    /// `Rp 15.000`.
    pub price: String,
    /// The barcode as printed.
    pub symbol: Symbol,
    /// Labels of this product.
    pub count: u32,
}

/// A checked job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedJob {
    /// Shop name line, if any (trimmed, never empty).
    pub shop_name: Option<String>,
    /// The products in order.
    pub items: Vec<PreparedItem>,
}

impl PreparedJob {
    /// Labels in the job.
    pub fn labels(&self) -> u32 {
        self.items.iter().map(|i| i.count).sum()
    }

    /// Every label in print order, one entry per label.
    pub fn each_label(&self) -> impl Iterator<Item = &PreparedItem> {
        self.items
            .iter()
            .flat_map(|i| std::iter::repeat_n(i, usize::try_from(i.count).unwrap_or(0)))
    }
}

fn invalid(message: String) -> PrinterError {
    PrinterError::InvalidLabel(message)
}

impl LabelJob {
    /// Labels asked for (saturating).
    pub fn labels(&self) -> u32 {
        self.items
            .iter()
            .fold(0u32, |sum, i| sum.saturating_add(i.count))
    }

    /// Checks the whole job before anything is printed: at least one product, 1–500 labels of
    /// each and 2000 in all, a name, a price of at least Rp 0 and a printable barcode for every
    /// product. The first problem is reported in Indonesian.
    pub fn prepare(&self) -> Result<PreparedJob> {
        if self.items.is_empty() {
            return Err(invalid(
                "Pilih minimal satu barang untuk dicetak labelnya.".into(),
            ));
        }
        let mut items = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let name = item.name.trim();
            if name.is_empty() {
                return Err(invalid(
                    "Ada barang tanpa nama; beri nama dulu di Barang.".into(),
                ));
            }
            if !(1..=MAX_LABELS_PER_ITEM).contains(&item.count) {
                return Err(invalid(format!(
                    "Jumlah label {name} harus 1 sampai {MAX_LABELS_PER_ITEM} (diminta {}).",
                    item.count
                )));
            }
            if item.price < 0 {
                return Err(invalid(format!("Harga {name} tidak boleh negatif.")));
            }
            if item.barcode.trim().is_empty() {
                return Err(invalid(format!(
                    "Barang {name} belum punya barcode — buat barcode dulu di Barang"
                )));
            }
            let symbol = Symbol::for_code(&item.barcode).ok_or_else(|| {
                invalid(format!(
                    "Barcode {} milik {name} tidak bisa dicetak (hanya angka/huruf biasa, maks. {} karakter).",
                    item.barcode.trim(),
                    crate::barcode::MAX_CODE128_CHARS
                ))
            })?;
            items.push(PreparedItem {
                name: name.to_string(),
                price: format_rupiah(item.price),
                symbol,
                count: item.count,
            });
        }
        let total = self.labels();
        if total > MAX_LABELS_PER_JOB {
            return Err(invalid(format!(
                "Paling banyak {MAX_LABELS_PER_JOB} label sekali cetak (diminta {total}). Bagi menjadi beberapa kali cetak."
            )));
        }
        Ok(PreparedJob {
            shop_name: self
                .shop_name
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            items,
        })
    }
}

/// `lines` wrapped to `width` columns, at most `max_lines`; a cut-off last line ends in `...`.
pub(crate) fn fit_lines(text: &[u8], width: usize, max_lines: usize) -> Vec<Vec<u8>> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let keep = width.saturating_sub(3).min(last.len());
            last.truncate(keep);
            while last.last() == Some(&b' ') {
                last.pop();
            }
            last.extend_from_slice(b"...");
        }
    }
    lines
}

/// An escpos error while building the document (a bug: the in-memory driver cannot fail).
fn escpos_error(e: ::escpos::errors::PrinterError) -> PrinterError {
    PrinterError::InvalidLabel(format!("Label gagal disusun (ESC/POS: {e})."))
}

/// Labels on the receipt printer: for each label, centred, the shop name (if any), the name
/// (bold, at most two lines), the price (double width and height) and the barcode with its
/// digits below (EAN-13/EAN-8 with `GS k` function B, CODE128 code set B), then a short feed.
/// After each product the paper is fed and, when the profile cuts, cut.
pub fn render_escpos(job: &LabelJob, profile: &PrinterProfile) -> Result<Vec<u8>> {
    let job = job.prepare()?;
    let cols = profile.paper.columns();
    let cp = profile.code_page;
    let mut w = EscposWriter::start(cols, cp, profile.cancel_kanji).map_err(escpos_error)?;
    w.align(Align::Center).map_err(escpos_error)?;
    let shop = job.shop_name.as_deref().map(|s| transliterate(s, cp));
    for item in &job.items {
        let name = fit_lines(&transliterate(&item.name, cp), cols, 2);
        let price = transliterate(&item.price, cp);
        let mut code = Builder::new();
        match item.symbol.symbology {
            Symbology::Ean13 => code.ean13(item.symbol.payload().as_bytes()),
            Symbology::Ean8 => code.ean8(item.symbol.payload().as_bytes()),
            Symbology::Code128 => code.code128(item.symbol.payload().as_bytes()),
        };
        let code = code.into_bytes();
        for _ in 0..item.count {
            if let Some(shop) = &shop {
                for line in fit_lines(shop, cols, 1) {
                    w.line(&line).map_err(escpos_error)?;
                }
            }
            w.bold(true).map_err(escpos_error)?;
            for line in &name {
                w.line(line).map_err(escpos_error)?;
            }
            w.bold(false).map_err(escpos_error)?;
            w.size(2, 2).map_err(escpos_error)?;
            for line in fit_lines(&price, cols / 2, 1) {
                w.line(&line).map_err(escpos_error)?;
            }
            w.size(1, 1).map_err(escpos_error)?;
            w.raw(&code).map_err(escpos_error)?;
            w.feed(2).map_err(escpos_error)?;
        }
        w.feed(profile.feed_lines).map_err(escpos_error)?;
        if profile.cut {
            w.raw(&PARTIAL_CUT).map_err(escpos_error)?;
        }
    }
    w.finish().map_err(escpos_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{decode, decode_lines, Event};
    use crate::model::PaperWidth;

    fn job() -> LabelJob {
        LabelJob {
            shop_name: Some("Warung Alpiant".into()),
            items: vec![
                LabelItem::new("Indomie Goreng Spesial", 3_500, "8998866200578", 2),
                LabelItem::new(
                    "Kopi Kapal Api Special Mix Sachet 25 g",
                    15_000,
                    "12345678",
                    1,
                ),
                LabelItem::new("Teh Celup Sariwangi", 7_250, "96385074", 1),
            ],
        }
    }

    /// The receipt-printer job decoded by the project's decoder: per label the shop, the name
    /// (bold), the price (double size) and the barcode with the product's exact code and
    /// symbology; a cut after each product.
    #[test]
    fn escpos_labels_decode_to_names_prices_and_barcodes() {
        let profile = PrinterProfile::for_paper(PaperWidth::Mm58);
        let bytes = render_escpos(&job(), &profile).expect("renders");
        let events = decode(&bytes).expect("the decoder accepts every byte");
        let barcodes: Vec<(Option<Symbology>, String)> = events
            .iter()
            .filter_map(|e| match e {
                Event::Barcode { symbology, data } => Some((*symbology, data.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            barcodes,
            vec![
                (Some(Symbology::Ean13), "8998866200578".to_string()),
                (Some(Symbology::Ean13), "8998866200578".to_string()),
                (Some(Symbology::Code128), "12345678".to_string()),
                (Some(Symbology::Ean8), "96385074".to_string()),
            ],
            "one barcode per label, each scanning back to its product"
        );
        let cuts = events
            .iter()
            .filter(|e| matches!(e, Event::Cut { .. }))
            .count();
        assert_eq!(cuts, 3, "a cut after each product");

        let lines = decode_lines(&bytes).expect("decodes");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            &texts[..4],
            &[
                "Warung Alpiant",
                "Indomie Goreng Spesial",
                "Rp 3.500",
                "Warung Alpiant"
            ],
            "shop, name, price (the barcode is no text line), then the second label"
        );
        let name = lines
            .iter()
            .find(|l| l.text == "Indomie Goreng Spesial")
            .expect("name");
        assert!(name.bold, "the name is bold");
        let price = lines.iter().find(|l| l.text == "Rp 15.000").expect("price");
        assert_eq!(
            (price.width, price.height),
            (2, 2),
            "the price is double size"
        );
        assert!(
            texts.contains(&"Kopi Kapal Api Special Mix") && texts.contains(&"Sachet 25 g"),
            "a long name wraps onto a second line: {texts:?}"
        );
        for l in &lines {
            assert!(l.columns <= 32, "{:?} fits 32 columns", l.text);
        }
    }

    #[test]
    fn without_cutting_the_labels_are_only_fed() {
        let mut profile = PrinterProfile::for_paper(PaperWidth::Mm80);
        profile.cut = false;
        let bytes = render_escpos(&job(), &profile).expect("renders");
        let events = decode(&bytes).expect("decodes");
        assert!(!events.iter().any(|e| matches!(e, Event::Cut { .. })));
    }

    #[test]
    fn a_product_without_barcode_is_refused_by_name() {
        let mut j = job();
        j.items[1].barcode = " ".into();
        let err = render_escpos(&j, &PrinterProfile::default()).expect_err("no barcode");
        assert_eq!(
            err.message_id(),
            "Barang Kopi Kapal Api Special Mix Sachet 25 g belum punya barcode — buat barcode dulu di Barang"
        );
        assert_eq!(err.kind(), kasir_shared::ErrorKind::Validation);
    }

    #[test]
    fn counts_are_bounded_per_product_and_per_job() {
        let mut j = job();
        j.items[0].count = 0;
        assert!(j.prepare().is_err(), "0 labels");
        j.items[0].count = MAX_LABELS_PER_ITEM + 1;
        assert!(j.prepare().is_err(), "501 labels of one product");
        j.items = (0..5)
            .map(|i| LabelItem::new(format!("Barang {i}"), 1_000, "4006381333931", 500))
            .collect();
        let err = j.prepare().expect_err("2500 labels");
        assert!(err.message_id().contains("2000"), "{}", err.message_id());
        j.items.pop();
        assert_eq!(j.prepare().expect("2000 labels").labels(), 2000);
        assert!(
            LabelJob::default().prepare().is_err(),
            "an empty job is refused"
        );
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        let lines = fit_lines(b"Satu dua tiga empat lima enam tujuh", 10, 2);
        assert_eq!(lines, vec![b"Satu dua".to_vec(), b"tiga em...".to_vec()]);
    }
}

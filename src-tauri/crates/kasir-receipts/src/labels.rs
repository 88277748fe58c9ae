//! "Cetak Label": product price labels on the receipt printer (ESC/POS), a TSPL label printer
//! or an A4 sticker sheet (PDF), and the label settings they use.
//!
//! Names, prices and barcodes are read from the store by product id; the window only says which
//! products and how many of each. A job the printer or sheet cannot take (a product without a
//! barcode, too many labels, a size the label printer refuses) is refused before anything is
//! sent or written.

use std::path::Path;

use kasir_core::settings::labels::{LabelSettings, LabelSheet, LabelTarget};
use kasir_printer::{LabelItem, LabelJob, LabelSize, Sheet};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection::{connection_of, PrinterSetup};
use crate::error::{ReceiptsError, Result};
use crate::service::PrintService;

/// One product and how many labels of it (what the window sends).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabelPrintItem {
    #[ts(type = "number")]
    pub product_id: i64,
    pub count: u32,
}

/// What "Cetak Label" did.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabelPrintResult {
    /// Labels printed (or laid out on the sheet).
    pub labels: u32,
    /// A4 pages of the PDF (0 for a printer).
    pub pages: u32,
    /// The PDF written (A4 sheet only).
    pub path: Option<String>,
    /// Where the bytes went (printer description), for the toast.
    pub target: String,
    /// The PDF was handed to the system viewer (the app crate sets it after opening).
    pub opened: bool,
}

/// The printer crate's sheet for a layout choice.
pub fn sheet_of(sheet: LabelSheet) -> Sheet {
    match sheet {
        LabelSheet::A4Grid3x8 => Sheet::A4x24,
        LabelSheet::A4Grid4x10 => Sheet::A4x40,
    }
}

/// The TSPL label size of the settings, or the printer crate's Indonesian reason it cannot be.
pub fn label_size(settings: &LabelSettings) -> Result<LabelSize> {
    Ok(LabelSize::new(
        settings.width_mm,
        settings.height_mm,
        settings.gap_mm,
    )?)
}

impl PrintService {
    pub fn label_settings(&self) -> Result<LabelSettings> {
        Ok(LabelSettings::load(self.store())?)
    }

    /// Saves Pengaturan → Label; a size the label printer cannot take is refused with its reason
    /// and nothing is stored.
    pub fn save_label_settings(&self, settings: &LabelSettings) -> Result<LabelSettings> {
        label_size(settings)?;
        Ok(settings.save(self.store(), self.now())?)
    }

    /// The job from the stored products (name, price, barcode) and the label settings.
    fn label_job(&self, items: &[LabelPrintItem], settings: &LabelSettings) -> Result<LabelJob> {
        if items.is_empty() {
            return Err(ReceiptsError::Validation(
                "Pilih minimal satu barang untuk dicetak labelnya.".into(),
            ));
        }
        let store = self.store();
        let shop_name = if settings.show_shop_name {
            Some(store.shop_profile()?.name).filter(|n| !n.trim().is_empty())
        } else {
            None
        };
        let items = items
            .iter()
            .map(|item| {
                let row = store.product_row(item.product_id)?;
                Ok(LabelItem::new(
                    row.product.name,
                    row.product.price,
                    row.product.barcode.unwrap_or_default(),
                    item.count,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(LabelJob { shop_name, items })
    }

    /// Print labels to `target`. The A4 sheet is written into `pdf_dir` as
    /// `label-barang-YYYY-MM-DD.pdf` (never overwriting); the printers get the bytes through the
    /// same drivers as receipts, one sender at a time.
    pub fn print_labels(
        &self,
        items: &[LabelPrintItem],
        target: LabelTarget,
        pdf_dir: &Path,
    ) -> Result<LabelPrintResult> {
        let settings = self.label_settings()?;
        let job = self.label_job(items, &settings)?;
        let labels = job.items.iter().map(|i| i.count).sum();
        match target {
            LabelTarget::Receipt => {
                let printer = self.settings()?;
                let bytes = kasir_printer::render_labels_escpos(&job, &printer.profile(false))?;
                let _guard = self.lock_sender();
                let target = self.send_to(&printer.connection()?, &bytes)?;
                Ok(LabelPrintResult {
                    labels,
                    pages: 0,
                    path: None,
                    target,
                    opened: false,
                })
            }
            LabelTarget::Tspl => {
                let bytes = kasir_printer::render_labels_tspl(&job, label_size(&settings)?)?;
                let connection = connection_of(settings.connection_fields())?;
                let _guard = self.lock_sender();
                let target = self.send_to(&connection, &bytes)?;
                Ok(LabelPrintResult {
                    labels,
                    pages: 0,
                    path: None,
                    target,
                    opened: false,
                })
            }
            LabelTarget::Pdf => {
                let pdf = kasir_printer::render_labels_pdf(&job, sheet_of(settings.sheet))?;
                let date = self
                    .now()
                    .with_timezone(&self.store().shop_clock()?.tz())
                    .date_naive();
                std::fs::create_dir_all(pdf_dir).map_err(|e| ReceiptsError::SaveFailed {
                    path: pdf_dir.display().to_string(),
                    detail: e.to_string(),
                })?;
                let path = kasir_shared::files::free_file_name(
                    pdf_dir,
                    &format!("label-barang-{date}"),
                    "pdf",
                );
                crate::service::write_whole(&path, &pdf.bytes)?;
                Ok(LabelPrintResult {
                    labels: pdf.labels,
                    pages: pdf.pages,
                    path: Some(path.display().to_string()),
                    target: "PDF A4".into(),
                    opened: false,
                })
            }
        }
    }
}

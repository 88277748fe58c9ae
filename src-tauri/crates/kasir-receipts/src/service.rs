//! [`PrintService`]: the print worker and the printing operations the UI and CLI use.
//!
//! The worker claims queued jobs from `kasir-core` and sends them on a blocking thread (the
//! drivers are synchronous) to the receipt printer, or a kitchen ticket to its own kitchen/bar
//! printer, one at a time, and records the outcome on the job; `kasir-core` announces every
//! change of a job on the store's change feed. The worker listens to that feed too: it wakes as
//! soon as a job is queued (a sale was paid, "Cetak Ulang", a reprint) and also checks every few
//! seconds.
//! On start, every job not yet printed gets one more automatic try; a job that fails then waits
//! for the cashier ("Cetak Ulang"). A sale never waits for, or fails because of, printing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use kasir_core::{DomainEvent, PrintJob, PrintJobKind, PrintJobStatus, PrinterSettings, Store};
use kasir_printer::{PrinterConnection, PrinterDriver, Timeouts};
use tokio::sync::broadcast::error::RecvError;

use crate::connection::PrinterSetup;
use crate::documents::document_bytes;
use crate::error::{ReceiptsError, Result};
use crate::kitchen::job_printer;
use crate::receipt::{digital_receipt_bytes, receipt_for_order, sample_receipt, stored_logo};
use crate::types::{
    DetectedPrinter, DigitalReceiptFormat, PreviewRequest, ReceiptLogo, ReceiptPreview,
    SavedReceipt, SerialPortInfo, TestPrintResult,
};
use kasir_core::settings::printer::ReceiptLogoRows;
use kasir_printer::digital::Page;
use kasir_printer::{PaperWidth, Raster};

pub use kasir_core::time::Clock;
/// Opens a driver for a connection (tests swap it; the app uses [`kasir_printer::open`]).
pub type Opener = Arc<
    dyn Fn(&PrinterConnection, Timeouts) -> kasir_printer::Result<Box<dyn PrinterDriver>>
        + Send
        + Sync,
>;

/// A job waiting for the worker was announced.
fn queued(event: &DomainEvent) -> bool {
    matches!(event, DomainEvent::PrintJobChanged { job } if job.status == PrintJobStatus::Pending)
}

/// How often the worker looks for pending jobs without being woken.
const IDLE_CHECK: Duration = Duration::from_secs(5);

pub struct PrintService {
    store: Arc<Store>,
    clock: Clock,
    opener: Opener,
    timeouts: Timeouts,
    /// One sender at a time: jobs reach the printer in order, never interleaved.
    send_lock: Mutex<()>,
}

impl PrintService {
    pub fn new(store: Arc<Store>, clock: Clock) -> Self {
        Self::with_opener(store, clock, Arc::new(kasir_printer::open))
    }

    pub fn with_opener(store: Arc<Store>, clock: Clock, opener: Opener) -> Self {
        PrintService {
            store,
            clock,
            opener,
            timeouts: Timeouts::default(),
            send_lock: Mutex::new(()),
        }
    }

    /// Shorter timeouts (tests).
    pub fn set_timeouts(&mut self, timeouts: Timeouts) {
        self.timeouts = timeouts;
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Blocking: send every pending job, oldest first. Returns the jobs it finished (printed or
    /// failed). A failure is recorded on the job; only store errors are returned.
    pub fn tick(&self) -> Result<Vec<PrintJob>> {
        let _guard = self.lock_sender();
        let mut done = Vec::new();
        while let Some(job) = self.store.claim_next_print_job(self.now())? {
            let outcome = self.send_job(&job);
            let finished = match outcome {
                Ok(()) => self.store.mark_print_job_printed(job.id, self.now())?,
                Err(e) => self.store.mark_print_job_failed(
                    job.id,
                    e.kind().as_str(),
                    &e.message_id(),
                    self.now(),
                )?,
            };
            done.push(finished);
        }
        Ok(done)
    }

    /// A kitchen ticket goes to its own prep printer; everything else to the receipt printer.
    fn send_job(&self, job: &PrintJob) -> Result<()> {
        let settings = PrinterSettings::load(&self.store)?;
        let bytes = document_bytes(&self.store, job, &settings, self.now())?;
        let target = match job.kind {
            PrintJobKind::Kitchen => job_printer(&self.store, job)?.connection()?,
            _ => settings.connection()?,
        };
        self.send_to(&target, &bytes).map(|_| ())
    }

    fn send(&self, settings: &PrinterSettings, bytes: &[u8]) -> Result<String> {
        self.send_to(&settings.connection()?, bytes)
    }

    /// Send `bytes` to `conn` through the driver opener (the caller holds the send lock when
    /// the receipt printer is the target). Returns the driver's description of where it went.
    pub(crate) fn send_to(&self, conn: &PrinterConnection, bytes: &[u8]) -> Result<String> {
        let mut driver = (self.opener)(conn, self.timeouts)?;
        driver.send(bytes)?;
        Ok(driver.describe())
    }

    /// One sender at a time (receipts, test prints and labels never interleave).
    pub(crate) fn lock_sender(&self) -> std::sync::MutexGuard<'_, ()> {
        self.send_lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The worker loop: one more try for every unprinted job, then print whenever woken (or
    /// every few seconds). Runs until the runtime shuts down.
    pub async fn run_worker(self: Arc<Self>) {
        match self.store.requeue_unprinted_print_jobs(self.now()) {
            Ok(n) if n > 0 => eprintln!("cetak: {n} struk yang belum tercetak dicoba lagi"),
            Ok(_) => {}
            Err(e) => eprintln!("cetak: antrian tidak terbaca: {}", e.message_id()),
        }
        let mut feed = self.store.events().subscribe();
        loop {
            let me = self.clone();
            match tokio::task::spawn_blocking(move || me.tick()).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => eprintln!("cetak: {}", e.message_id()),
                Err(e) => eprintln!("cetak: pekerja berhenti tak terduga: {e}"),
            }
            // Wait for a queued job on the change feed, or look again after a while.
            let _ = tokio::time::timeout(IDLE_CHECK, async {
                loop {
                    match feed.recv().await {
                        Ok(event) if queued(&event) => return,
                        Ok(_) => {}
                        // Missed events: one of them may have been a queued job.
                        Err(RecvError::Lagged(_)) => return,
                        Err(RecvError::Closed) => std::future::pending::<()>().await,
                    }
                }
            })
            .await;
        }
    }

    pub fn settings(&self) -> Result<PrinterSettings> {
        Ok(PrinterSettings::load(&self.store)?)
    }

    pub fn save_settings(&self, settings: &PrinterSettings) -> Result<PrinterSettings> {
        Ok(settings.save(&self.store, self.now())?)
    }

    /// Blocking: "Cetak Tes" with the given (possibly unsaved) settings. Fails with the real,
    /// typed printer error.
    pub fn test_print(&self, settings: &PrinterSettings) -> Result<TestPrintResult> {
        let bytes = kasir_printer::test_page(&settings.profile(false));
        let _guard = self.lock_sender();
        let target = self.send(settings, &bytes)?;
        Ok(TestPrintResult {
            target,
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        })
    }

    /// The receipt as printed, from the same bytes the printer would receive.
    pub fn preview(&self, req: &PreviewRequest) -> Result<ReceiptPreview> {
        let settings = match &req.settings {
            Some(s) => s.clone(),
            None => self.settings()?,
        };
        let timezone = self.store.shop_profile()?.timezone;
        let order_id = match req.order_id {
            Some(id) => Some(id),
            None => self.store.latest_paid_order_id()?,
        };
        let (receipt, order_number) = match order_id {
            Some(id) => {
                let order = self.store.order(id)?;
                let number = order.number.clone();
                (
                    receipt_for_order(&order, &settings, &timezone, false)?,
                    Some(number),
                )
            }
            None => (sample_receipt(&settings, &timezone, self.now()), None),
        };
        let mut receipt = receipt;
        if receipt.store.name.is_empty() {
            receipt.store.name = "Nama Toko".into();
        }
        receipt.logo = stored_logo(&self.store, &settings)?;
        let profile = settings.profile(receipt.payment.is_cash());
        let bytes = kasir_printer::render(&receipt, &profile)?;
        let columns = profile.paper.columns();
        Ok(ReceiptPreview {
            paper: settings.paper,
            columns: u32::try_from(columns).unwrap_or(u32::MAX),
            lines: kasir_printer::decode::preview_lines(&bytes, columns)?,
            order_number,
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            logo_data_url: receipt.logo.as_ref().map(data_url).transpose()?,
        })
    }

    /// Receipts not yet at the printer (pending, printing, failed).
    pub fn unprinted(&self) -> Result<Vec<PrintJob>> {
        Ok(self.store.unprinted_print_jobs()?)
    }

    /// "Cetak Ulang" on the badge: every failed job goes back to the worker, which is woken.
    pub fn retry_failed(&self) -> Result<Vec<PrintJob>> {
        Ok(self.store.retry_failed_print_jobs(self.now())?)
    }

    /// Reprint an order's receipt, marked "SALINAN".
    pub fn reprint(&self, order_id: i64) -> Result<PrintJob> {
        Ok(self.store.reprint_order(order_id, self.now())?)
    }

    /// The cashier gives up on a failed receipt.
    pub fn dismiss(&self, job_id: i64) -> Result<PrintJob> {
        Ok(self.store.dismiss_print_job(job_id, self.now())?)
    }

    /// Serial ports the OS lists now (USB-serial, Bluetooth COM / `/dev/rfcomm*`).
    pub fn detect_serial() -> Result<Vec<SerialPortInfo>> {
        Ok(kasir_printer::list_serial_ports()?
            .into_iter()
            .map(|p| SerialPortInfo {
                path: p.path,
                description: p.description,
            })
            .collect())
    }

    /// "Pilih logo": reads the image (at most 10 MB, checked before decoding), fits and
    /// dithers it once per paper width and stores those bitmaps in one transaction. Returns
    /// the logo as it prints on the saved paper width. A bad file changes nothing.
    pub fn set_logo(&self, path: &std::path::Path) -> Result<ReceiptLogo> {
        let bytes = kasir_printer::raster::read_logo_file(path)?;
        let mut fitted = Vec::new();
        let mut rasters = Vec::new();
        for paper in LOGO_WIDTHS {
            let raster = kasir_printer::raster::logo_from_bytes(&bytes, paper.dots())?;
            fitted.push((paper.dots(), raster.to_png()?));
            rasters.push((paper.dots(), raster));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let sizes = rasters
            .iter()
            .map(|(_, r)| format!("{}×{}", r.width(), r.height()))
            .collect::<Vec<_>>()
            .join(", ");
        ReceiptLogoRows::save(
            &self.store,
            &fitted,
            &format!("{name}: {sizes}"),
            self.now(),
        )?;
        let dots = crate::connection::paper_width(self.settings()?.paper).dots();
        let shown = rasters
            .iter()
            .find(|(d, _)| *d == dots)
            .map(|(_, r)| r)
            .ok_or_else(|| ReceiptsError::Validation("lebar kertas tidak dikenal".into()))?;
        logo_view(shown)
    }

    /// The logo as it prints on the saved paper width, or `None`.
    pub fn logo(&self) -> Result<Option<ReceiptLogo>> {
        stored_logo(&self.store, &self.settings()?)?
            .as_ref()
            .map(logo_view)
            .transpose()
    }

    /// Removes the logo (receipts print without one from now on).
    pub fn remove_logo(&self) -> Result<()> {
        ReceiptLogoRows::remove(&self.store, self.now())?;
        Ok(())
    }

    /// "Simpan Struk": the paid order's receipt as PNG or PDF in `dir`, named
    /// `struk-<order number>.<ext>` (never overwriting an earlier file). Drawn from the very
    /// bytes the printer would get, so its text is the printed text.
    pub fn save_digital_receipt(
        &self,
        order_id: i64,
        format: DigitalReceiptFormat,
        dir: &std::path::Path,
    ) -> Result<SavedReceipt> {
        let settings = self.settings()?;
        let (receipt, bytes) = digital_receipt_bytes(&self.store, order_id, &settings)?;
        let page = Page::from_escpos(&bytes, crate::connection::paper_width(settings.paper))?;
        let rendered = match format {
            DigitalReceiptFormat::Png => kasir_printer::digital::to_png(&page)?,
            DigitalReceiptFormat::Pdf => kasir_printer::digital::to_pdf(&page)?,
        };
        std::fs::create_dir_all(dir).map_err(|e| ReceiptsError::SaveFailed {
            path: dir.display().to_string(),
            detail: e.to_string(),
        })?;
        let path = kasir_shared::files::free_file_name(
            dir,
            &file_stem(&receipt.order_number),
            format.ext(),
        );
        write_whole(&path, &rendered.bytes)?;
        Ok(SavedReceipt {
            path: path.display().to_string(),
        })
    }

    /// USB printer-class devices connected now.
    pub fn detect_usb() -> Result<Vec<DetectedPrinter>> {
        Ok(kasir_printer::list_usb_printers()?
            .into_iter()
            .map(|p| DetectedPrinter {
                id: format!("{:04x}:{:04x}", p.vendor_id, p.product_id),
                name: p.name,
                serial: p.serial,
            })
            .collect())
    }
}

/// Every paper width a logo is fitted for when it is picked.
const LOGO_WIDTHS: [PaperWidth; 3] = [PaperWidth::Mm58, PaperWidth::Columns42, PaperWidth::Mm80];

/// `data:image/png;base64,…` of a bitmap.
fn data_url(raster: &Raster) -> Result<String> {
    use base64::Engine as _;
    let png = raster.to_png()?;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

fn logo_view(raster: &Raster) -> Result<ReceiptLogo> {
    Ok(ReceiptLogo {
        data_url: data_url(raster)?,
        width: raster.width(),
        height: raster.height(),
    })
}

/// The file name part of an order number: letters, digits, `-` and `_` (anything else `_`).
fn file_stem(order_number: &str) -> String {
    let safe: String = order_number
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("struk-{safe}")
}

/// Writes `bytes` to `path` through `path.part` and a rename: a failure leaves no half file.
/// The document whole under `path`, or nothing (see [`kasir_shared::files::write_whole`]).
pub(crate) fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    kasir_shared::files::write_whole(path, bytes).map_err(|e| ReceiptsError::SaveFailed {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

impl From<tokio::task::JoinError> for ReceiptsError {
    fn from(e: tokio::task::JoinError) -> Self {
        ReceiptsError::Worker(e.to_string())
    }
}

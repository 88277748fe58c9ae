//! Kitchen and bar tickets on paper: a queued `kitchen` job's [`KitchenTicket`] (read from the
//! store by `kasir-core`) laid out with [`kasir_printer::render_ticket`] for its prep printer's
//! paper, and the "Printer Dapur & Bar" operations (printers, routes, "Tes Cetak").
//!
//! The print worker sends a kitchen job to its own printer's connection
//! ([`crate::service::PrintService`]), one sender at a time with receipts; a failed ticket waits
//! in the same failed-jobs list ("Cetak Ulang") as a failed receipt.

use kasir_core::kitchen::ADDITION_BANNER;
use kasir_core::{
    CategoryRoute, CategoryRouteInput, KitchenTicket, PrepPrinter, PrepPrinterInput, PrintJob,
    PrintJobKind, Store,
};
use kasir_printer::{
    CodePage, PrinterConnection, PrinterProfile, Ticket, TicketLine, DEFAULT_TIMEZONE,
};

use crate::connection::{connection_of, paper_width, PrinterSetup};
use crate::error::{ReceiptsError, Result};
use crate::service::PrintService;
use crate::types::TestPrintResult;

/// The printer crate's ticket for a stored one, times in the shop's `timezone`.
pub fn kitchen_ticket(ticket: &KitchenTicket, timezone: &str) -> Result<Ticket> {
    let at = kasir_core::time::from_millis(ticket.at)
        .ok_or_else(|| ReceiptsError::Validation(format!("waktu tidak wajar: {}", ticket.at)))?;
    let lines = ticket
        .lines
        .iter()
        .map(|l| {
            Ok(TicketLine {
                qty: u32::try_from(l.qty).map_err(|_| {
                    ReceiptsError::Validation(format!("jumlah {} tidak wajar", l.qty))
                })?,
                name: l.name.clone(),
                options: l.options.clone(),
                note: l.note.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Ticket {
        station: ticket.printer_name.clone(),
        title: ticket.title.clone(),
        banner: ticket.addition.then(|| ADDITION_BANNER.to_string()),
        at,
        timezone: if timezone.trim().is_empty() {
            DEFAULT_TIMEZONE.to_string()
        } else {
            timezone.to_string()
        },
        cashier: ticket.cashier.clone(),
        details: if ticket.addition {
            vec![("Kiriman".to_string(), format!("ke-{}", ticket.batch))]
        } else {
            Vec::new()
        },
        lines,
    })
}

impl PrinterSetup for PrepPrinter {
    fn connection(&self) -> Result<PrinterConnection> {
        connection_of(self.connection.fields())
    }

    /// Its paper; the usual code page, `FS .` first (cheap printers that boot in Chinese mode,
    /// as the receipt printer's default), a cut, never the drawer.
    fn profile(&self, _open_drawer: bool) -> PrinterProfile {
        PrinterProfile {
            paper: paper_width(self.paper),
            code_page: CodePage::Pc437,
            cancel_kanji: true,
            cut: true,
            open_drawer: false,
            feed_lines: 4,
        }
    }
}

/// The prep printer a kitchen job goes to.
pub fn job_printer(store: &Store, job: &PrintJob) -> Result<PrepPrinter> {
    if job.kind != PrintJobKind::Kitchen {
        return Err(ReceiptsError::Validation(format!(
            "antrian cetak #{} bukan tiket dapur/bar",
            job.id
        )));
    }
    let id = job.prep_printer_id.ok_or_else(|| {
        ReceiptsError::Validation(format!("antrian cetak #{} tanpa printer dapur/bar", job.id))
    })?;
    Ok(store.prep_printer(id)?)
}

/// The exact bytes of a kitchen job for its printer's paper.
pub fn ticket_bytes(store: &Store, job: &PrintJob) -> Result<Vec<u8>> {
    let printer = job_printer(store, job)?;
    let stored = store.kitchen_ticket(job.id)?;
    let ticket = kitchen_ticket(&stored, &store.shop_profile()?.timezone)?;
    Ok(kasir_printer::render_ticket(
        &ticket,
        &printer.profile(false),
    )?)
}

impl PrintService {
    /// The kitchen and bar printers in use.
    pub fn prep_printers(&self) -> Result<Vec<PrepPrinter>> {
        Ok(self.store().list_prep_printers()?)
    }

    pub fn save_prep_printer(&self, input: &PrepPrinterInput) -> Result<PrepPrinter> {
        Ok(self.store().save_prep_printer(input, self.now())?)
    }

    pub fn remove_prep_printer(&self, id: i64) -> Result<()> {
        Ok(self.store().remove_prep_printer(id, self.now())?)
    }

    pub fn category_routes(&self) -> Result<Vec<CategoryRoute>> {
        Ok(self.store().category_routes()?)
    }

    pub fn save_category_routes(
        &self,
        routes: &[CategoryRouteInput],
    ) -> Result<Vec<CategoryRoute>> {
        Ok(self.store().save_category_routes(routes, self.now())?)
    }

    /// Blocking: "Tes Cetak" on a kitchen/bar printer with the form as it is (saved or not):
    /// the test page on its paper, through the same drivers and send lock as receipts. Fails
    /// with the real, typed printer error.
    pub fn test_print_prep_printer(&self, input: &PrepPrinterInput) -> Result<TestPrintResult> {
        let printer = PrepPrinter {
            id: input.id.unwrap_or(0),
            name: input.name.clone(),
            active: true,
            paper: input.paper,
            connection: input.connection.clone(),
        };
        let connection = printer.connection()?;
        let bytes = kasir_printer::test_page(&printer.profile(false));
        let _guard = self.lock_sender();
        let target = self.send_to(&connection, &bytes)?;
        Ok(TestPrintResult {
            target,
            bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kasir_core::KitchenLine;

    #[test]
    fn a_later_send_prints_tambahan_and_which_send_it_is() {
        let stored = KitchenTicket {
            job_id: 7,
            printer_id: 2,
            printer_name: "Bar".into(),
            title: "Meja 4".into(),
            batch: 2,
            addition: true,
            at: 1_764_745_500_000,
            cashier: Some("Rina".into()),
            lines: vec![KitchenLine {
                qty: 2,
                name: "Es Teh".into(),
                options: vec![],
                note: None,
            }],
        };
        let ticket = kitchen_ticket(&stored, "Asia/Makassar").expect("ticket");
        assert_eq!(ticket.banner.as_deref(), Some("TAMBAHAN"));
        assert_eq!(
            ticket.details,
            vec![("Kiriman".to_string(), "ke-2".to_string())]
        );
        let first = kitchen_ticket(
            &KitchenTicket {
                batch: 1,
                addition: false,
                ..stored
            },
            "",
        )
        .expect("ticket");
        assert_eq!(first.banner, None, "a first send has no banner");
        assert!(first.details.is_empty());
        assert_eq!(first.timezone, DEFAULT_TIMEZONE);
    }
}

//! Till documents other than receipts, from what is **stored**: the shift close report
//! ("TUTUP KASIR", per method expected vs counted), the kas masuk / kas keluar slip (which
//! opens the drawer), the NOTA PENGEMBALIAN and kitchen/bar tickets ([`crate::kitchen`]). All go
//! through the same durable print queue as receipts.

use kasir_core::{
    Bill, CashMovement, CashMovementKind, PaymentMethod, PrintJob, PrintJobKind, PrinterSettings,
    Refund, ShiftReport, Store,
};
use kasir_printer::{format_local_time, format_rupiah, Slip, SlipRow};

use crate::connection::PrinterSetup;
use crate::error::{ReceiptsError, Result};
use crate::receipt::job_bytes;

fn when(ms: i64, timezone: &str) -> Result<String> {
    let at = kasir_core::time::from_millis(ms)
        .ok_or_else(|| ReceiptsError::Validation(format!("waktu tidak wajar: {ms}")))?;
    Ok(format_local_time(at, timezone)?)
}

fn signed(amount: i64) -> String {
    if amount > 0 {
        format!("+{}", format_rupiah(amount))
    } else {
        format_rupiah(amount)
    }
}

fn pair(k: &str, v: impl Into<String>) -> SlipRow {
    SlipRow::Pair(k.to_string(), v.into())
}

/// The close report as printed. `copy` prints SALINAN (a reprint from Laporan).
pub fn shift_close_slip(
    report: &ShiftReport,
    settings: &PrinterSettings,
    timezone: &str,
    copy: bool,
) -> Result<Slip> {
    let s = &report.shift;
    let closed_at = s
        .closed_at
        .ok_or_else(|| ReceiptsError::Validation(format!("shift #{} belum ditutup", s.id)))?;
    let c = &report.cash;
    let q = &report.qris;
    let mut rows = vec![
        pair("Shift", format!("#{} {}", s.id, s.till)),
        pair("Kasir", s.cashier_name.clone()),
        pair("Buka", when(s.opened_at, timezone)?),
        pair("Tutup", when(closed_at, timezone)?),
    ];
    if let Some(by) = s.closed_by_name.as_deref().filter(|b| *b != s.cashier_name) {
        rows.push(pair("Ditutup oleh", by));
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Heading("TUNAI".into()));
    rows.push(pair("Modal awal", format_rupiah(c.opening)));
    rows.push(pair(
        &format!("Penjualan tunai ({})", c.sales_count),
        format_rupiah(c.sales),
    ));
    if c.refunds > 0 {
        rows.push(pair("Pengembalian tunai", format_rupiah(-c.refunds)));
    }
    rows.push(pair("Kas masuk", format_rupiah(c.cash_in)));
    rows.push(pair("Kas keluar", format_rupiah(-c.cash_out)));
    rows.push(SlipRow::Total(
        "Seharusnya".into(),
        format_rupiah(c.expected),
    ));
    if let Some(counted) = c.counted {
        rows.push(SlipRow::Total("Dihitung".into(), format_rupiah(counted)));
    }
    if let Some(diff) = c.difference {
        let label = match diff.cmp(&0) {
            std::cmp::Ordering::Less => "Selisih (kurang)",
            std::cmp::Ordering::Greater => "Selisih (lebih)",
            std::cmp::Ordering::Equal => "Selisih",
        };
        rows.push(SlipRow::Total(label.into(), signed(diff)));
    }
    if let Some(detail) = report.counted_detail.as_ref().filter(|d| !d.is_empty()) {
        rows.push(SlipRow::Text("Rincian hitungan:".into()));
        for d in detail {
            rows.push(pair(
                &format!("  {} x {}", format_rupiah(d.value), d.count),
                format_rupiah(d.value * d.count),
            ));
        }
    }
    if let Some(note) = s.close_note.as_deref() {
        rows.push(SlipRow::Text(format!("Catatan: {note}")));
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Heading("QRIS (terverifikasi gateway)".into()));
    rows.push(pair(
        &format!("Transaksi ({})", q.count),
        format_rupiah(q.total),
    ));
    rows.push(pair(
        "ID transaksi gateway",
        q.gateway_txn_count.to_string(),
    ));
    for i in &q.by_issuer {
        rows.push(pair(
            &format!("  {} ({})", i.issuer_label, i.count),
            format_rupiah(i.total),
        ));
    }
    if !q.late.is_empty() {
        rows.push(SlipRow::Text(format!(
            "Pembayaran terlambat ({}):",
            q.late.len()
        )));
        for n in &q.late {
            rows.push(pair(
                &format!("  {}", n.order_number),
                format_rupiah(n.amount),
            ));
            rows.push(SlipRow::Text(format!("    {}", n.note)));
        }
    }
    if !q.anomalies.is_empty() {
        rows.push(SlipRow::Text(format!("ANOMALI ({}):", q.anomalies.len())));
        for n in &q.anomalies {
            rows.push(pair(
                &format!("  {}", n.order_number),
                format_rupiah(n.amount),
            ));
            rows.push(SlipRow::Text(format!("    {}", n.note)));
        }
    }
    if !q.still_open.is_empty() {
        rows.push(SlipRow::Text(format!(
            "QR masih terbuka ({}): masuk shift berikutnya bila dibayar",
            q.still_open.len()
        )));
        for n in &q.still_open {
            rows.push(pair(
                &format!("  {}", n.order_number),
                format_rupiah(n.amount),
            ));
        }
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Total(
        format!("TOTAL PENJUALAN ({})", report.order_count),
        format_rupiah(report.sales_total),
    ));
    if !report.movements.is_empty() {
        rows.push(SlipRow::Separator);
        rows.push(SlipRow::Heading("KAS MASUK/KELUAR".into()));
        for m in &report.movements {
            let amount = match m.kind {
                CashMovementKind::In => format_rupiah(m.amount),
                _ => format_rupiah(-m.amount),
            };
            rows.push(pair(&format!("{} {}", m.kind.label(), m.reason), amount));
        }
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Text("Tanda tangan kasir:".into()));
    rows.push(SlipRow::Text(String::new()));
    rows.push(SlipRow::Text("Tanda tangan pemilik:".into()));
    Ok(Slip {
        store_name: settings.store_name.trim().to_string(),
        title: "TUTUP KASIR".into(),
        rows,
        copy,
        open_drawer: false,
    })
}

/// The kas masuk / kas keluar slip; it pulses the drawer (when the printer setting allows it).
pub fn cash_movement_slip(
    movement: &CashMovement,
    settings: &PrinterSettings,
    timezone: &str,
) -> Result<Slip> {
    let title = match movement.kind {
        CashMovementKind::In => "KAS MASUK",
        CashMovementKind::Out => "KAS KELUAR",
        CashMovementKind::Refund => "PENGEMBALIAN TUNAI",
    };
    let mut rows = vec![
        pair("No", format!("#{}", movement.id)),
        pair("Shift", format!("#{}", movement.shift_id)),
        pair("Waktu", when(movement.created_at, timezone)?),
        pair("Kasir", movement.user_name.clone()),
    ];
    if let Some(n) = &movement.order_number {
        rows.push(pair("Pesanan", n.clone()));
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Total(
        "Nominal".into(),
        format_rupiah(movement.amount),
    ));
    rows.push(SlipRow::Text(format!("Alasan: {}", movement.reason)));
    Ok(Slip {
        store_name: settings.store_name.trim().to_string(),
        title: title.into(),
        rows,
        copy: false,
        open_drawer: true,
    })
}

/// The NOTA PENGEMBALIAN: which order, what went back, how the money was returned. A cash
/// refund's slip opens the drawer.
pub fn refund_slip(refund: &Refund, settings: &PrinterSettings, timezone: &str) -> Result<Slip> {
    let at = refund.completed_at.unwrap_or(refund.created_at);
    let mut rows = vec![
        pair("No", format!("#{}", refund.id)),
        pair("Pesanan", refund.order_number.clone()),
        pair("Waktu", when(at, timezone)?),
    ];
    if let Some(by) = &refund.user_name {
        rows.push(pair("Oleh", by.clone()));
    }
    rows.push(SlipRow::Separator);
    for l in &refund.lines {
        rows.push(SlipRow::Text(l.name.clone()));
        let note = if l.restock { "" } else { " (rusak)" };
        rows.push(pair(
            &format!("  {} x{note}", l.qty),
            format_rupiah(-l.amount),
        ));
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Total(
        "TOTAL DIKEMBALIKAN".into(),
        format_rupiah(refund.amount),
    ));
    let method = match refund.method {
        PaymentMethod::Cash => "Tunai".to_string(),
        PaymentMethod::Qris => "QRIS (ke aplikasi pembayar)".to_string(),
    };
    rows.push(pair("Dikembalikan", method));
    if let Some(id) = &refund.gateway_refund_id {
        rows.push(SlipRow::Text(format!("Ref: {id}")));
    }
    rows.push(SlipRow::Text(format!("Alasan: {}", refund.reason)));
    Ok(Slip {
        store_name: settings.store_name.trim().to_string(),
        title: "NOTA PENGEMBALIAN".into(),
        rows,
        copy: false,
        open_drawer: refund.method == PaymentMethod::Cash,
    })
}

/// An open bill as it stands, priced now ("BILL - BELUM LUNAS"): what the table has ordered and
/// what it would pay. Not a receipt: nothing is paid yet.
pub fn bill_slip(bill: &Bill, settings: &PrinterSettings, timezone: &str) -> Result<Slip> {
    let mut rows = vec![
        SlipRow::Heading(bill.name.clone()),
        pair("Dibuka", when(bill.created_at, timezone)?),
    ];
    if let Some(by) = bill.opened_by.as_deref().filter(|_| settings.show_cashier) {
        rows.push(pair("Kasir", by));
    }
    rows.push(SlipRow::Separator);
    // Priced lines: the same product with the same options and note, added in two rounds,
    // prints once with its whole quantity.
    for l in &bill.priced.lines {
        rows.push(SlipRow::Text(l.name.clone()));
        for detail in crate::receipt::line_details(&l.options, l.note.as_deref()) {
            rows.push(SlipRow::Text(format!("  {detail}")));
        }
        rows.push(pair(
            &format!("  {} x {}", l.qty, format_rupiah(l.unit_price)),
            format_rupiah(l.line_total),
        ));
    }
    rows.push(SlipRow::Separator);
    let b = &bill.priced.breakdown;
    rows.push(pair("Subtotal", format_rupiah(b.subtotal)));
    for d in &b.discounts {
        rows.push(pair(&d.label, format_rupiah(-d.amount)));
    }
    if b.service_charge > 0 {
        let label = b.service_label.as_deref().unwrap_or("Service");
        rows.push(pair(label, format_rupiah(b.service_charge)));
    }
    if b.tax > 0 {
        let label = b.tax_label.as_deref().unwrap_or("Pajak");
        if b.tax_included {
            rows.push(pair(&format!("{label} (termasuk)"), format_rupiah(b.tax)));
        } else {
            rows.push(pair(label, format_rupiah(b.tax)));
        }
    }
    rows.push(SlipRow::Total(
        "TOTAL".into(),
        format_rupiah(bill.priced.non_cash.total),
    ));
    if bill.priced.cash.total != bill.priced.non_cash.total {
        rows.push(pair(
            "Bayar tunai (dibulatkan)",
            format_rupiah(bill.priced.cash.total),
        ));
    }
    rows.push(SlipRow::Separator);
    rows.push(SlipRow::Text(
        "Belum lunas. Bayar di kasir: tunai atau QRIS.".into(),
    ));
    Ok(Slip {
        store_name: settings.store_name.trim().to_string(),
        title: "BILL - BELUM LUNAS".into(),
        rows,
        copy: false,
        open_drawer: false,
    })
}

/// The exact bytes a queued job sends, whatever it prints.
pub fn document_bytes(
    store: &Store,
    job: &PrintJob,
    settings: &PrinterSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>> {
    let timezone = store.shop_profile()?.timezone;
    let missing =
        |what: &str| ReceiptsError::Validation(format!("antrian cetak #{} tanpa {what}", job.id));
    match job.kind {
        PrintJobKind::Receipt => {
            let order_id = job.order_id.ok_or_else(|| missing("pesanan"))?;
            job_bytes(store, order_id, settings, job.copy)
        }
        PrintJobKind::ShiftClose => {
            let shift_id = job.shift_id.ok_or_else(|| missing("shift"))?;
            let report = store.shift_report(shift_id, now)?;
            let slip = shift_close_slip(&report, settings, &timezone, job.copy)?;
            Ok(kasir_printer::render_slip(&slip, &settings.profile(false))?)
        }
        PrintJobKind::Refund => {
            let id = job.refund_id.ok_or_else(|| missing("pengembalian"))?;
            let refund = store.refund(id)?;
            let slip = refund_slip(&refund, settings, &timezone)?;
            let cash = refund.method == PaymentMethod::Cash;
            Ok(kasir_printer::render_slip(&slip, &settings.profile(cash))?)
        }
        PrintJobKind::CashMovement => {
            let id = job.cash_movement_id.ok_or_else(|| missing("kas"))?;
            let movement = store.cash_movement(id)?;
            let slip = cash_movement_slip(&movement, settings, &timezone)?;
            Ok(kasir_printer::render_slip(&slip, &settings.profile(true))?)
        }
        PrintJobKind::Bill => {
            let id = job.bill_id.ok_or_else(|| missing("tagihan"))?;
            let bill = store.bill(id, now)?;
            let slip = bill_slip(&bill, settings, &timezone)?;
            Ok(kasir_printer::render_slip(&slip, &settings.profile(false))?)
        }
        // Laid out for its prep printer's paper (the worker sends it to that printer).
        PrintJobKind::Kitchen => crate::kitchen::ticket_bytes(store, job),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kasir_core::{CashMovementInput, CloseShiftInput, CountedCash, DenominationCount};

    #[test]
    fn an_open_bill_prints_its_lines_options_notes_and_total_unpaid() {
        let store = kasir_core::testing::till();
        let now = chrono::Utc::now();
        store.seed_demo_if_empty(now).expect("seed");
        let products = store.catalog().expect("catalog").products;
        let (a, b) = (&products[0], &products[1]);
        let bill = store.open_bill("Meja 4", now).expect("open");
        let mut noted = kasir_core::CartLineInput::new(a.id, 2);
        noted.note = Some("tanpa es".into());
        store
            .add_to_bill(
                &kasir_core::AddToBillRequest {
                    bill_id: bill.id,
                    lines: vec![noted, kasir_core::CartLineInput::new(b.id, 1)],
                },
                now,
            )
            .expect("add");
        let job = store.print_bill(bill.id, now).expect("queued");
        let settings = PrinterSettings::load(&store).expect("settings");
        let bytes = document_bytes(&store, &job, &settings, now).expect("bytes");
        let text = kasir_printer::decode::decode_text(&bytes)
            .expect("decode")
            .join("\n");
        let total = a.price * 2 + b.price;
        for expected in [
            "BILL - BELUM LUNAS".to_string(),
            "Meja 4".to_string(),
            a.name.clone(),
            "  Catatan: tanpa es".to_string(),
            format!("  2 x {}", format_rupiah(a.price)),
            b.name.clone(),
            format_rupiah(total),
            "Belum lunas".to_string(),
        ] {
            assert!(text.contains(&expected), "{expected:?} missing in:\n{text}");
        }
        assert!(
            !text.contains("Kembalian"),
            "a bill is not a receipt:\n{text}"
        );
    }

    #[test]
    fn a_close_report_prints_per_method_and_decodes_to_its_figures() {
        let store = kasir_core::testing::till();
        let now = chrono::Utc::now();
        store
            .record_cash_movement(
                &CashMovementInput {
                    kind: CashMovementKind::In,
                    amount: 50_000,
                    reason: "tambah kembalian".into(),
                },
                now,
            )
            .expect("cash in");
        let report = store
            .close_shift(
                &CloseShiftInput {
                    counted: CountedCash::Denominations {
                        counts: vec![DenominationCount {
                            value: 50_000,
                            count: 1,
                        }],
                    },
                    note: None,
                    open_bills: None,
                },
                now,
            )
            .expect("close");
        let settings = PrinterSettings::load(&store).expect("settings");
        let slip = shift_close_slip(&report, &settings, "Asia/Jakarta", false).expect("slip");
        let bytes = kasir_printer::render_slip(&slip, &settings.profile(false)).expect("bytes");
        let text = kasir_printer::decode::decode_text(&bytes)
            .expect("decode")
            .join("\n");
        for expected in [
            "TUTUP KASIR",
            "Kasir",
            "Pemilik Tes",
            "Modal awal",
            "Kas masuk",
            "Rp 50.000",
            "Seharusnya",
            "Dihitung",
            "Selisih",
            "QRIS (terverifikasi gateway)",
            "TOTAL PENJUALAN (0)",
        ] {
            assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
        }
        let jobs = store.unprinted_print_jobs().expect("jobs");
        assert!(
            jobs.iter()
                .any(|j| j.kind == PrintJobKind::ShiftClose && j.shift_id == Some(report.shift.id)),
            "the close report is queued: {jobs:?}"
        );
        assert!(
            jobs.iter().any(|j| j.kind == PrintJobKind::CashMovement),
            "the cash slip is queued: {jobs:?}"
        );
    }
}

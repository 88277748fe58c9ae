//! From a **stored** paid order (lines, totals, cash tendered/change, QRIS issuer and gateway
//! reference as written by the payment transaction) to a [`kasir_printer::Receipt`], and to the
//! exact bytes a print job sends. Frontend data never reaches a receipt.

use chrono::{DateTime, Utc};
use kasir_core::settings::printer::ReceiptLogoRows;
use kasir_core::{Order, OrderStatus, PaymentMethod, Store};
use kasir_printer::{Adjustment, Payment, Raster, Receipt, ReceiptLine, StoreInfo};

use crate::connection::{order_code, PrinterSetup};
use crate::error::{ReceiptsError, Result};
use kasir_core::PrinterSettings;

fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The shop's identity as the owner chose to show it (address, phone, NPWP can be hidden).
fn store_info(settings: &PrinterSettings) -> StoreInfo {
    let opt = |s: &str, show: bool| Some(s.trim().to_string()).filter(|s| show && !s.is_empty());
    StoreInfo {
        name: settings.store_name.trim().to_string(),
        address: opt(&settings.store_address, settings.show_address).unwrap_or_default(),
        phone: opt(&settings.store_phone, settings.show_phone),
        npwp: opt(&settings.store_npwp, settings.show_npwp),
    }
}

/// The stored logo for the settings' paper width (see [`ReceiptLogoRows`]).
pub fn stored_logo(store: &Store, settings: &PrinterSettings) -> Result<Option<Raster>> {
    let dots = crate::connection::paper_width(settings.paper).dots();
    match ReceiptLogoRows::png(store, dots)? {
        None => Ok(None),
        Some(png) => Raster::from_png(&png).map(Some).map_err(|_| {
            ReceiptsError::Validation(
                "logo struk yang tersimpan rusak; pilih logo lagi atau hapus logo".into(),
            )
        }),
    }
}

/// Maps a stored, paid order. `copy` prints "SALINAN".
pub fn receipt_for_order(
    order: &Order,
    settings: &PrinterSettings,
    timezone: &str,
    copy: bool,
) -> Result<Receipt> {
    if order.status != OrderStatus::Paid {
        return Err(ReceiptsError::NotPaid {
            number: order.number.clone(),
        });
    }
    let paid_at = order
        .paid_at
        .and_then(kasir_core::time::from_millis)
        .ok_or_else(|| ReceiptsError::NotPaid {
            number: order.number.clone(),
        })?;
    let lines = order
        .lines
        .iter()
        .map(|l| {
            Ok(ReceiptLine {
                name: l.name.clone(),
                qty: u32::try_from(l.qty).map_err(|_| {
                    ReceiptsError::Validation(format!("jumlah {} tidak wajar", l.qty))
                })?,
                unit_price: l.unit_price,
                line_total: l.line_total,
                details: line_details(&l.options, l.note.as_deref()),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let payment = match order.payment_method {
        _ if order.split => Payment::Split {
            parts: order
                .tenders
                .iter()
                .map(|t| kasir_printer::PaidPart {
                    label: t.label.clone(),
                    amount: t.amount,
                    tendered: t.tendered,
                    change: t.change,
                    gateway_ref: t.gateway_txn_id.clone(),
                })
                .collect(),
        },
        Some(PaymentMethod::Qris) => Payment::Qris {
            issuer: order.payment_issuer_label.clone(),
            gateway_ref: order.gateway_txn_id.clone(),
        },
        Some(PaymentMethod::Cash) | None => Payment::Cash {
            tendered: order.cash_tendered.unwrap_or(order.total),
            change: order.cash_change.unwrap_or(0),
        },
    };
    let adjustment = |label: &str, amount: i64| {
        (amount > 0)
            .then(|| Adjustment {
                label: label.to_string(),
                amount,
            })
            .into_iter()
            .collect::<Vec<_>>()
    };
    Ok(Receipt {
        store: store_info(settings),
        order_number: order.number.clone(),
        paid_at,
        timezone: timezone.to_string(),
        cashier: order.cashier.clone().filter(|_| settings.show_cashier),
        lines,
        subtotal: order.subtotal,
        discounts: if order.discounts.is_empty() {
            adjustment("Diskon", order.discount_total)
        } else {
            order
                .discounts
                .iter()
                .filter(|d| d.amount > 0)
                .map(|d| Adjustment {
                    label: d.label.clone(),
                    amount: d.amount,
                })
                .collect()
        },
        taxes: {
            let mut t = adjustment(
                order.service_label.as_deref().unwrap_or("Biaya layanan"),
                order.service_total,
            );
            let tax_label = match (&order.tax_label, order.tax_included) {
                (Some(l), true) => format!("{l} (termasuk)"),
                (Some(l), false) => l.clone(),
                (None, _) => "Pajak".to_string(),
            };
            t.extend(adjustment(&tax_label, order.tax_total));
            if order.rounding != 0 {
                t.push(Adjustment {
                    label: "Pembulatan".into(),
                    amount: order.rounding,
                });
            }
            t
        },
        total: order.total,
        payment,
        footer: lines_of(&settings.footer_text),
        code: order_code(settings.order_code),
        copy,
        refunds: Vec::new(),
        header: lines_of(&settings.header_text),
        logo: None,
    })
}

/// What is printed under a line's name: each chosen option, then the note.
pub(crate) fn line_details(
    options: &[kasir_core::ChosenOption],
    note: Option<&str>,
) -> Vec<String> {
    options
        .iter()
        .map(|o| format!("+ {}", o.label()))
        .chain(note.map(|n| format!("Catatan: {n}")))
        .collect()
}

/// A made-up cash sale for the settings preview before the first real sale.
pub fn sample_receipt(settings: &PrinterSettings, timezone: &str, now: DateTime<Utc>) -> Receipt {
    let line = |name: &str, qty: u32, unit_price: i64| ReceiptLine {
        name: name.to_string(),
        qty,
        unit_price,
        line_total: unit_price * i64::from(qty),
        details: Vec::new(),
    };
    let lines = vec![
        line("Kopi Susu Gula Aren", 2, 18_000),
        line("Roti Bakar Cokelat Keju", 1, 15_000),
        line("Air Mineral 600ml", 1, 4_000),
    ];
    let total: i64 = lines.iter().map(|l| l.line_total).sum();
    Receipt {
        store: store_info(settings),
        order_number: "INV-CONTOH-0001".into(),
        paid_at: now,
        timezone: timezone.to_string(),
        cashier: None,
        lines,
        subtotal: total,
        discounts: Vec::new(),
        taxes: Vec::new(),
        total,
        payment: Payment::Cash {
            tendered: 100_000,
            change: 100_000 - total,
        },
        footer: lines_of(&settings.footer_text),
        code: order_code(settings.order_code),
        copy: false,
        refunds: Vec::new(),
        header: lines_of(&settings.header_text),
        logo: None,
    }
}

/// The receipt of a stored order as it prints now: the shop's logo, and for a refunded order
/// what was given back.
pub fn order_receipt(
    store: &Store,
    order_id: i64,
    settings: &PrinterSettings,
    copy: bool,
) -> Result<Receipt> {
    let order = store.order(order_id)?;
    let timezone = store.shop_profile()?.timezone;
    let mut receipt = receipt_for_order(&order, settings, &timezone, copy)?;
    receipt.logo = stored_logo(store, settings)?;
    // A reprint of a refunded order shows what was given back.
    receipt.refunds = store
        .refunds_for_order(order_id)?
        .into_iter()
        .filter(|r| r.status == kasir_core::RefundStatus::Succeeded)
        .map(|r| kasir_printer::Adjustment {
            label: format!("Pengembalian #{} ({})", r.id, r.method.label()),
            amount: r.amount,
        })
        .collect();
    Ok(receipt)
}

/// The exact bytes a print job of `order_id` sends: `copies` receipts (one for a copy), the
/// drawer pulse only on the first copy of an original cash receipt.
pub fn job_bytes(
    store: &Store,
    order_id: i64,
    settings: &PrinterSettings,
    copy: bool,
) -> Result<Vec<u8>> {
    let receipt = order_receipt(store, order_id, settings, copy)?;
    let copies = if copy { 1 } else { settings.copies.max(1) };
    let mut out = Vec::new();
    for n in 0..copies {
        let drawer = n == 0 && !copy && receipt.payment.is_cash();
        out.extend(kasir_printer::render(&receipt, &settings.profile(drawer))?);
    }
    Ok(out)
}

/// The bytes behind the digital receipt of `order_id`: one original receipt, exactly as the
/// printer would get it, without the drawer pulse.
pub fn digital_receipt_bytes(
    store: &Store,
    order_id: i64,
    settings: &PrinterSettings,
) -> Result<(Receipt, Vec<u8>)> {
    let receipt = order_receipt(store, order_id, settings, false)?;
    let bytes = kasir_printer::render(&receipt, &settings.profile(false))?;
    Ok((receipt, bytes))
}

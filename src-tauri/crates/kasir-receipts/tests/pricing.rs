//! The receipt carries the stored breakdown: for random priced carts (discounts, service, PBJT,
//! cash rounding) the decoded receipt shows the order's own total, each discount label, the
//! service, the tax and the rounding, with the same rupiah as the order row.

use chrono::Utc;
use kasir_core::kasir_pricing::{
    DiscountValue, PricingSettings, RoundingMode, RoundingRule, RoundingStep, TaxMode,
};
use kasir_core::{format_rupiah, CartLineInput, CartOptions, PayCashRequest, Store};
use kasir_printer::decode::decode_text;
use kasir_receipts::{job_bytes, PrinterSettings};

#[test]
fn random_priced_sales_print_their_stored_breakdown() {
    let store = Store::open_in_memory().expect("store");
    let now = Utc::now();
    store.seed_demo_if_empty(now).expect("seed");
    kasir_core::testing::open_till(&store, now);
    store
        .write(|tx| {
            tx.execute("UPDATE products SET stock = 100000", [])?;
            Ok(())
        })
        .expect("stock");
    store
        .save_pricing_settings(
            &PricingSettings {
                tax: TaxMode::pbjt_default(),
                service_bps: 500,
                service_taxed: true,
                cash_rounding: RoundingRule {
                    step: RoundingStep::Rp500,
                    mode: RoundingMode::Nearest,
                },
                ..PricingSettings::default()
            },
            now,
        )
        .expect("pricing");
    let ids: Vec<i64> = store
        .catalog()
        .expect("c")
        .products
        .iter()
        .map(|p| p.id)
        .collect();
    let settings = PrinterSettings::load(&store).expect("printer settings");
    let mut seed: u64 = 7;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for i in 0..60 {
        let mut lines: Vec<CartLineInput> = Vec::new();
        for _ in 0..=next(3) {
            let id = ids[next(ids.len() as u64) as usize];
            if lines.iter().any(|l| l.product_id == id) {
                continue;
            }
            let mut l = CartLineInput::new(id, 1 + next(3) as i64);
            if next(3) == 0 {
                l.discount = Some(DiscountValue::Percent { bps: 1000 });
            }
            lines.push(l);
        }
        let cart = (next(2) == 0).then_some(CartOptions {
            discount: Some(DiscountValue::Amount { rupiah: 1_000 }),
            promo_ids: vec![],
        });
        let order = store
            .pay_cash(
                &PayCashRequest {
                    lines,
                    tendered: 10_000_000,
                    cart,
                },
                now,
            )
            .expect("sale");
        let text = decode_text(&job_bytes(&store, order.id, &settings, false).expect("bytes"))
            .expect("decode")
            .join("\n");
        let has = |label: &str, amount: i64| {
            text.lines()
                .any(|l| l.contains(label) && l.trim_end().ends_with(&format_rupiah(amount)))
        };
        assert!(
            has("TOTAL", order.total),
            "sale {i}: TOTAL {}\n{text}",
            order.total
        );
        assert!(has("Subtotal", order.subtotal), "sale {i}\n{text}");
        for d in &order.discounts {
            assert!(has(&d.label, -d.amount), "sale {i}: {} \n{text}", d.label);
        }
        assert!(has("Service 5%", order.service_total), "sale {i}\n{text}");
        assert!(has("PBJT 10%", order.tax_total), "sale {i}\n{text}");
        if order.rounding != 0 {
            assert!(has("Pembulatan", order.rounding), "sale {i}\n{text}");
        }
        assert_eq!(
            order.subtotal - order.discount_total
                + order.service_total
                + order.tax_total
                + order.rounding,
            order.total,
            "sale {i}: the stored breakdown adds up"
        );
    }
}

//! Pure pricing of an order (issue 12): discounts and promos, PPN / PBJT, service charge,
//! rounding per tender class, the QRIS charge and its estimated MDR, cost price and gross profit.
//! Money is `i64` whole rupiah throughout; there is no float anywhere.
//!
//! Owns the arithmetic only. Depends on `kasir-shared` (rupiah formatting, [`ErrorKind`]) and
//! never on `tauri`, SQLite, files, the network or the clock: the shop-local time of the sale is
//! an input ([`PricingInput::at`]). The one entry point is [`price_order`]: the store is meant to
//! price the stored order with it (not wired in yet), so that the cart panel, cash dialog, QRIS
//! modal, receipt and reports all show the one [`PriceBreakdown`] it returns.
//!
//! # Order of operations
//!
//! Every discount applies to the **running** amount left by the steps before it, and nothing
//! ever goes below Rp 0 (a fixed discount larger than what is left takes only what is left).
//!
//! 1. **Gross**: `unitPrice × qty` per line; `subtotal = Σ gross`.
//! 2. **Line promos** (automatic, or picked by the cashier; in the order of [`PricingInput::promos`]):
//!    a percentage comes off each matching line; a fixed amount comes off the matching lines
//!    together, split by largest remainder.
//! 3. **The cashier's line discount** on each line (percent, or rupiah off the whole line).
//! 4. **Cart promos**, in list order: off the running order total, split over the lines.
//! 5. **The cashier's cart discount**: off the running order total, split over the lines.
//!    → `netSales = Σ line.net = subtotal − hemat`.
//! 6. **Service charge**: `serviceBps` of `netSales` (tax-exempt goods included).
//! 7. **Tax**, computed **once** on the order, then split over the taxed lines (and the service
//!    charge when it is taxed) by largest remainder. Tax-exempt lines carry none. With the rate
//!    `r` and the DPP fraction `f` (11/12 for PPN on DPP nilai lain, 1 for PBJT and PPN on the
//!    full price), the effective rate is `k = f × r`:
//!    - exclusive prices: `tax = taxed × k`, added to the total;
//!    - inclusive prices: `tax = taxed × k / (1 + k)`, extracted (already in the price), so each
//!      line's `net = salesExclTax + tax`.
//!
//!    `taxBase` (DPP) is `f × taxableSales`, shown for the tax summary; the tax is computed from
//!    the exact fraction, not from the rounded DPP, so PPN 12 % on DPP 11/12 is exactly 11 % of
//!    the price (up to one rounding).
//! 8. **Rounding** of `totalBeforeRounding = netSales + service + (exclusive ? tax : 0)`,
//!    separately for cash and for non-cash ([`round_total`]). QRIS charges exactly the
//!    non-cash total ([`PriceBreakdown::qris_amount`] checks Rp 1 – Rp 10.000.000).
//!
//! Then per line `cost = costPrice × qty` and `grossProfit = salesExclTax − cost`; the order's
//! gross profit is over the goods (the service charge is not sales of goods).
//!
//! Promo conditions (minimum purchase, products / categories, dates, days, hours) are judged on
//! the gross amounts and on [`PricingInput::at`], never on amounts after other discounts; see
//! [`PromoConditions`] and [`PromoHours`] (a window may span midnight).
//!
//! # Rounding: one rule per step
//!
//! - Every percentage (percent discounts, service, tax, MDR) is the exact fraction rounded
//!   **half up** to whole rupiah, with `i128` intermediates.
//! - Every order-level amount split over lines (cart promo, cart discount, tax) uses the
//!   **largest remainder** method proportional to the lines' running amounts, so the lines sum
//!   exactly; ties go to the earlier line.
//! - The final total rounds to the step of its tender class, down / nearest (half up) / up; a
//!   positive total is never rounded to Rp 0.
//!
//! A cashier's discount (not a promo) above [`PricingSettings::manual_discount_cap_bps`] of what
//! it applies to sets [`PriceBreakdown::needs_owner_approval`].
//!
//! # Worked example: a café sale with a promo, service and PB1, paid by QRIS
//!
//! Kopi susu 2 × Rp 18.000 and air mineral 1 × Rp 8.000 (category 1, drinks), croissant
//! 1 × Rp 22.000. Happy hour: 20 % off drinks, 15:00–17:00, automatic. Service 5 %, taxed;
//! PBJT 10 % on top of the prices. Cash rounds down to Rp 500, non-cash to the nearest Rp 100.
//!
//! | step | amount |
//! |---|---|
//! | subtotal | 36.000 + 8.000 + 22.000 = **66.000** |
//! | Happy Hour 20 % | 7.200 + 1.600 = **−8.800** |
//! | net sales | **57.200** |
//! | Service 5 % | 57.200 × 5 % = **2.860** |
//! | PBJT 10 % | (57.200 + 2.860) × 10 % = **6.006** |
//! | total before rounding | **66.066** |
//! | cash: down to Rp 500 | −66 → **66.000** |
//! | QRIS: nearest Rp 100 | +34 → **66.100** |
//!
//! ```
//! use chrono::NaiveDate;
//! use kasir_pricing::*;
//!
//! let happy_hour = PromoRule {
//!     id: 7,
//!     name: "Happy Hour Minuman 20%".into(),
//!     value: DiscountValue::Percent { bps: 2000 },
//!     target: PromoTarget::Lines,
//!     activation: PromoActivation::Automatic,
//!     conditions: PromoConditions {
//!         category_ids: vec![1],
//!         hours: Some(PromoHours::hm(15, 0, 17, 0)),
//!         ..Default::default()
//!     },
//! };
//! let input = PricingInput {
//!     lines: vec![
//!         PricingLineInput::new(1, 18_000, 2).category(1).cost(6_000), // kopi susu
//!         PricingLineInput::new(2, 22_000, 1).category(2).cost(9_000), // croissant
//!         PricingLineInput::new(3, 8_000, 1).category(1).cost(3_000),  // air mineral
//!     ],
//!     cart_discount: None,
//!     promos: vec![happy_hour],
//!     picked_promo_ids: vec![],
//!     settings: PricingSettings {
//!         tax: TaxMode::pbjt_default(),
//!         prices_include_tax: false,
//!         service_bps: 500,
//!         service_taxed: true,
//!         cash_rounding: RoundingRule { step: RoundingStep::Rp500, mode: RoundingMode::Down },
//!         non_cash_rounding: RoundingRule { step: RoundingStep::Rp100, mode: RoundingMode::Nearest },
//!         ..PricingSettings::default()
//!     },
//!     // Friday 7 March 2025, 15:30 shop time
//!     at: NaiveDate::from_ymd_opt(2025, 3, 7).unwrap().and_hms_opt(15, 30, 0).unwrap(),
//! };
//! let b = price_order(&input).unwrap();
//!
//! assert_eq!(b.subtotal, 66_000);
//! assert_eq!(b.discounts[0].label, "Happy Hour Minuman 20%");
//! assert_eq!(b.discounts[0].amount, 8_800);
//! assert_eq!(b.hemat, 8_800, "the cart panel shows 'hemat Rp 8.800'");
//! assert_eq!(b.net_sales, 57_200);
//! assert_eq!(b.service_label.as_deref(), Some("Service 5%"));
//! assert_eq!(b.service_charge, 2_860);
//! assert_eq!(b.tax_label.as_deref(), Some("PBJT 10%"));
//! assert_eq!(b.tax, 6_006);
//! assert_eq!(b.service_tax, 286, "the taxed service carries its 10 %");
//! assert_eq!(
//!     b.lines.iter().map(|l| l.tax).collect::<Vec<_>>(),
//!     vec![2_880, 2_200, 640],
//!     "the order's tax split over the lines"
//! );
//! assert_eq!(b.total_before_rounding, 66_066);
//! assert_eq!((b.cash.rounding, b.cash.total), (-66, 66_000));
//! assert_eq!((b.non_cash.rounding, b.non_cash.total), (34, 66_100));
//! assert_eq!(b.qris_amount().unwrap(), 66_100, "the QR carries the non-cash rounded total");
//! assert_eq!((b.qris.mdr, b.qris.net_settlement), (0, 66_100), "micro merchant ≤ Rp 500.000");
//! assert_eq!(b.cost_total, 24_000);
//! assert_eq!(b.gross_profit, 57_200 - 24_000, "laba kotor = penjualan bersih tanpa pajak − HPP");
//! ```
//!
//! # PPN 12 % on DPP 11/12, exclusive and inclusive
//!
//! Exclusive: Rp 100.000 → DPP 100.000 × 11/12 = 91.667, PPN 100.000 × 11/12 × 12 % = 11.000,
//! total 111.000. Inclusive: Rp 111.000 already holds it: PPN = 111.000 × 0,11 / 1,11 = 11.000,
//! sales 100.000, same DPP.
//!
//! ```
//! # use chrono::NaiveDate;
//! use kasir_pricing::*;
//! let at = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().and_hms_opt(10, 0, 0).unwrap();
//! let order = |price: i64, inclusive: bool| PricingInput {
//!     lines: vec![PricingLineInput::new(1, price, 1)],
//!     cart_discount: None,
//!     promos: vec![],
//!     picked_promo_ids: vec![],
//!     settings: PricingSettings {
//!         tax: TaxMode::ppn_default(),
//!         prices_include_tax: inclusive,
//!         ..PricingSettings::default()
//!     },
//!     at,
//! };
//! let ex = price_order(&order(100_000, false)).unwrap();
//! assert_eq!((ex.tax_base, ex.tax, ex.total_before_rounding), (91_667, 11_000, 111_000));
//! assert_eq!(ex.tax_label.as_deref(), Some("PPN 12% (DPP 11/12)"));
//!
//! let inc = price_order(&order(111_000, true)).unwrap();
//! assert_eq!((inc.taxable_sales, inc.tax_base, inc.tax), (100_000, 91_667, 11_000));
//! assert_eq!(inc.total_before_rounding, 111_000, "inclusive tax is not added again");
//! ```
//!
//! # Stacking
//!
//! One line of Rp 100.000: automatic line promo 10 % (−10.000 → 90.000), the cashier's line
//! discount Rp 5.000 (→ 85.000), a cart promo 10 % of the running 85.000 (−8.500 → 76.500),
//! the cashier's cart discount 10 % of 76.500 (−7.650 → 68.850). Hemat Rp 31.150.
//!
//! ```
//! # use chrono::NaiveDate;
//! use kasir_pricing::*;
//! let promo = |id: i64, target: PromoTarget| PromoRule {
//!     id,
//!     name: format!("Promo {id}"),
//!     value: DiscountValue::Percent { bps: 1000 },
//!     target,
//!     activation: PromoActivation::Automatic,
//!     conditions: PromoConditions::default(),
//! };
//! let input = PricingInput {
//!     lines: vec![PricingLineInput::new(1, 100_000, 1)
//!         .discount(DiscountValue::Amount { rupiah: 5_000 })],
//!     cart_discount: Some(DiscountValue::Percent { bps: 1000 }),
//!     // listed cart-first: the stacking order does not depend on the list order of kinds
//!     promos: vec![promo(2, PromoTarget::Cart), promo(1, PromoTarget::Lines)],
//!     picked_promo_ids: vec![],
//!     settings: PricingSettings::default(),
//!     at: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().and_hms_opt(10, 0, 0).unwrap(),
//! };
//! let b = price_order(&input).unwrap();
//! let steps: Vec<(String, i64)> = b.discounts.iter().map(|d| (d.label.clone(), d.amount)).collect();
//! assert_eq!(steps, vec![
//!     ("Promo 1".to_string(), 10_000),
//!     ("Diskon barang".to_string(), 5_000),
//!     ("Promo 2".to_string(), 8_500),
//!     ("Diskon transaksi 10%".to_string(), 7_650),
//! ]);
//! assert_eq!((b.hemat, b.total_before_rounding), (31_150, 68_850));
//! ```

mod arith;
mod breakdown;
mod error;
mod input;
mod price;
mod promo;
mod qris;
mod rounding;
mod settings;

pub use arith::BPS_100;
pub use breakdown::{
    BreakdownDiscount, BreakdownLine, DiscountScope, DiscountSource, PriceBreakdown,
    QrisMdrEstimate, TenderTotal, UnappliedPromo,
};
pub use error::{PricingError, Result};
pub use input::{DiscountValue, PricingInput, PricingLineInput};
pub use kasir_shared::ErrorKind;
pub use price::price_order;
pub use promo::{
    PromoActivation, PromoConditions, PromoDay, PromoHours, PromoRule, PromoTarget, MINUTES_PER_DAY,
};
pub use qris::{
    check_qris_amount, estimate_qris_mdr, qris_mdr_bps, MDR_MICRO_BPS, MDR_MICRO_FREE_UP_TO,
    MDR_OTHER_BPS, QRIS_MAX_AMOUNT, QRIS_MIN_AMOUNT,
};
pub use rounding::round_total;
pub use settings::{
    PpnBase, PricingSettings, QrisMerchantCategory, RoundingMode, RoundingRule, RoundingStep,
    TaxMode, PBJT_DEFAULT_BPS, PPN_DEFAULT_BPS,
};

/// Basis points as Indonesian percent text: `1200` → `"12%"`, `1050` → `"10,5%"`,
/// `30` → `"0,3%"`, `1225` → `"12,25%"`.
pub fn format_bps(bps: u32) -> String {
    let whole = bps / 100;
    let frac = bps % 100;
    if frac == 0 {
        format!("{whole}%")
    } else {
        let frac = format!("{frac:02}");
        format!("{whole},{}%", frac.trim_end_matches('0'))
    }
}

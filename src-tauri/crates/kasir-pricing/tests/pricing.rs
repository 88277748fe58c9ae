//! Table-driven pricing tests with hand-computed rupiah (the computation is in each row's
//! comment). Uses the public API only.

use chrono::{NaiveDate, NaiveDateTime};
use kasir_pricing::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, s)
        .unwrap()
}

/// Friday 7 March 2025, 10:00.
fn friday() -> NaiveDateTime {
    at(2025, 3, 7, 10, 0, 0)
}

fn order(lines: Vec<PricingLineInput>, settings: PricingSettings) -> PricingInput {
    PricingInput {
        lines,
        cart_discount: None,
        promos: vec![],
        picked_promo_ids: vec![],
        settings,
        at: friday(),
    }
}

fn taxed(tax: TaxMode, inclusive: bool) -> PricingSettings {
    PricingSettings {
        tax,
        prices_include_tax: inclusive,
        ..PricingSettings::default()
    }
}

fn promo(id: i64, value: DiscountValue, target: PromoTarget) -> PromoRule {
    PromoRule {
        id,
        name: format!("Promo {id}"),
        value,
        target,
        activation: PromoActivation::Automatic,
        conditions: PromoConditions::default(),
    }
}

fn pct(bps: u32) -> DiscountValue {
    DiscountValue::Percent { bps }
}

fn rp(rupiah: i64) -> DiscountValue {
    DiscountValue::Amount { rupiah }
}

fn price(input: &PricingInput) -> PriceBreakdown {
    price_order(input).unwrap_or_else(|e| panic!("valid input must price: {e}"))
}

// ---------------------------------------------------------------- tax

#[test]
fn ppn_on_the_eleven_twelfths_base_exclusive_and_inclusive() {
    let ppn = TaxMode::ppn_default();
    let full = TaxMode::Ppn {
        rate_bps: 1200,
        base: PpnBase::Full,
    };
    // (tax, inclusive, unit price, qty, taxable sales, DPP, tax, total, why)
    #[rustfmt::skip]
    let rows = [
        (ppn, false, 100_000, 1, 100_000, 91_667, 11_000, 111_000,
            "100.000 × 11/12 = 91.666,67 → DPP 91.667; × 12 % = 11.000 (11 % of the price)"),
        (ppn, false, 10_000, 3, 30_000, 27_500, 3_300, 33_300,
            "30.000 × 11/12 = 27.500; × 12 % = 3.300"),
        (ppn, false, 12_345, 1, 12_345, 11_316, 1_358, 13_703,
            "12.345 × 11 % = 1.357,95 → 1.358 from the exact base, DPP 11.316,25 → 11.316"),
        (ppn, false, 5, 1, 5, 5, 1, 6,
            "5 × 11 % = 0,55 rounds half up to 1"),
        (ppn, false, 1, 1, 1, 1, 0, 1,
            "Rp 1: 0,11 of tax rounds to 0"),
        (ppn, true, 111_000, 1, 100_000, 91_667, 11_000, 111_000,
            "111.000 × 0,11 / 1,11 = 11.000 extracted; sales 100.000; total unchanged"),
        (ppn, true, 25_000, 1, 22_523, 20_646, 2_477, 25_000,
            "25.000 × 11/111 = 2.477,48 → 2.477; sales 22.523; DPP 20.646,08 → 20.646"),
        (ppn, true, 1, 1, 1, 1, 0, 1,
            "Rp 1 inclusive: 0,099 of tax rounds to 0"),
        (full, false, 100_000, 1, 100_000, 100_000, 12_000, 112_000,
            "PPN on the full price: 12 % of 100.000"),
        (full, true, 112_000, 1, 100_000, 100_000, 12_000, 112_000,
            "112.000 × 0,12 / 1,12 = 12.000 extracted"),
    ];
    for (tax, inclusive, unit, qty, sales, dpp, tax_amount, total, why) in rows {
        let b = price(&order(
            vec![PricingLineInput::new(1, unit, qty)],
            taxed(tax, inclusive),
        ));
        assert_eq!(
            (b.taxable_sales, b.tax_base, b.tax, b.total_before_rounding),
            (sales, dpp, tax_amount, total),
            "{why}"
        );
        assert_eq!(
            b.tax_included, inclusive,
            "the flag follows the setting: {why}"
        );
        assert_eq!(
            b.lines[0].tax, tax_amount,
            "a single line carries all the tax: {why}"
        );
        assert_eq!(
            b.lines[0].sales_excl_tax, sales,
            "the line's sales without tax are the taxable sales: {why}"
        );
    }
}

#[test]
fn tax_labels_name_the_rate_and_the_base() {
    let rows = [
        (TaxMode::ppn_default(), Some("PPN 12% (DPP 11/12)")),
        (
            TaxMode::Ppn {
                rate_bps: 1100,
                base: PpnBase::Full,
            },
            Some("PPN 11%"),
        ),
        (TaxMode::pbjt_default(), Some("PBJT 10%")),
        (TaxMode::Pbjt { rate_bps: 1050 }, Some("PBJT 10,5%")),
        (TaxMode::None, None),
    ];
    for (tax, label) in rows {
        assert_eq!(tax.label().as_deref(), label, "label of {tax:?}");
    }
}

#[test]
fn pbjt_with_taxed_and_untaxed_service() {
    // (inclusive, goods, service bps, service taxed, service, tax, service tax, total, why)
    #[rustfmt::skip]
    let rows = [
        (false, 100_000, 500, true, 5_000, 10_500, 500, 115_500,
            "service 5 % = 5.000; PBJT 10 % of (100.000 + 5.000) = 10.500"),
        (false, 100_000, 500, false, 5_000, 10_000, 0, 115_000,
            "untaxed service: PBJT 10 % of the goods only"),
        (false, 45_500, 1000, true, 4_550, 5_005, 455, 55_055,
            "service 10 % of 45.500 = 4.550; PBJT 10 % of 50.050 = 5.005"),
        (false, 45_500, 1000, false, 4_550, 4_550, 0, 54_600,
            "PBJT 10 % of 45.500 = 4.550"),
        (false, 12_345, 500, true, 617, 1_296, 62, 14_258,
            "service 617,25 → 617; PBJT of 12.962 = 1.296,2 → 1.296, split 1.234,5/61,7 → 1.234 + 62"),
        (true, 110_000, 500, true, 5_500, 10_500, 500, 115_500,
            "inclusive: service 5 % of 110.000 = 5.500 (tax inside); 115.500 / 11 = 10.500 extracted"),
        (true, 110_000, 500, false, 5_500, 10_000, 0, 115_500,
            "inclusive, untaxed service: 110.000 / 11 = 10.000 extracted from the goods only"),
        (false, 100_000, 0, true, 0, 10_000, 0, 110_000,
            "no service at all"),
    ];
    for (inclusive, goods, service_bps, service_taxed, service, tax, service_tax, total, why) in
        rows
    {
        let settings = PricingSettings {
            service_bps,
            service_taxed,
            ..taxed(TaxMode::pbjt_default(), inclusive)
        };
        let b = price(&order(vec![PricingLineInput::new(1, goods, 1)], settings));
        assert_eq!(
            (
                b.service_charge,
                b.tax,
                b.service_tax,
                b.total_before_rounding
            ),
            (service, tax, service_tax, total),
            "{why}"
        );
        assert_eq!(
            b.lines[0].tax + b.service_tax,
            b.tax,
            "goods and service tax add up: {why}"
        );
        let label = (service_bps > 0).then(|| "Service ".to_string());
        assert_eq!(
            b.service_label.as_ref().map(|l| l[..8].to_string()),
            label,
            "a service line is labelled only when charged: {why}"
        );
    }
}

#[test]
fn tax_exempt_lines_carry_no_tax() {
    // Beras Rp 50.000 is sembako (exempt), sabun Rp 20.000 is taxed.
    let lines = || {
        vec![
            PricingLineInput::new(1, 50_000, 1).tax_exempt(),
            PricingLineInput::new(2, 20_000, 1),
        ]
    };
    let b = price(&order(lines(), taxed(TaxMode::ppn_default(), false)));
    assert_eq!(
        (
            b.lines[0].tax,
            b.lines[1].tax,
            b.tax,
            b.total_before_rounding
        ),
        (0, 2_200, 2_200, 72_200),
        "only the 20.000 is taxed: 11 % = 2.200"
    );
    assert_eq!(
        b.taxable_sales, 20_000,
        "exempt goods are not taxable sales"
    );

    let inclusive = vec![
        PricingLineInput::new(1, 50_000, 1).tax_exempt(),
        PricingLineInput::new(2, 22_200, 1),
    ];
    let b = price(&order(inclusive, taxed(TaxMode::ppn_default(), true)));
    assert_eq!(
        (b.lines[0].tax, b.lines[1].tax, b.total_before_rounding),
        (0, 2_200, 72_200),
        "inclusive: 22.200 × 11/111 = 2.200 extracted, the exempt line keeps its price"
    );
    assert_eq!(
        (b.lines[0].sales_excl_tax, b.sales_excl_tax),
        (50_000, 70_000),
        "an exempt line's sales are its whole price"
    );

    // A 10 % cart discount is split 5.000 / 2.000, the tax follows the discounted price.
    let mut input = order(lines(), taxed(TaxMode::ppn_default(), false));
    input.cart_discount = Some(pct(1000));
    let b = price(&input);
    assert_eq!(
        (
            b.lines[0].net,
            b.lines[1].net,
            b.tax,
            b.total_before_rounding
        ),
        (45_000, 18_000, 1_980, 64_980),
        "tax is on the price after discount: 18.000 × 11 % = 1.980"
    );
    let mut input = order(lines(), taxed(TaxMode::pbjt_default(), false));
    input.lines.iter_mut().for_each(|l| l.tax_exempt = true);
    let b = price(&input);
    assert_eq!(
        (b.tax, b.taxable_sales, b.total_before_rounding),
        (0, 0, 70_000),
        "an all-exempt order has no tax"
    );
}

#[test]
fn no_tax_mode_reports_no_tax_and_no_base() {
    let b = price(&order(
        vec![PricingLineInput::new(1, 10_000, 2)],
        PricingSettings::default(),
    ));
    assert_eq!(
        (
            b.tax,
            b.taxable_sales,
            b.tax_base,
            b.tax_label,
            b.tax_included
        ),
        (0, 0, 0, None, false),
        "without a tax mode nothing about tax is shown"
    );
    assert_eq!(b.total_before_rounding, 20_000, "total is the goods");
}

// ---------------------------------------------------------------- stacking

#[test]
fn line_cart_and_promo_discounts_stack_in_the_documented_order() {
    struct Row {
        why: &'static str,
        lines: Vec<PricingLineInput>,
        promos: Vec<PromoRule>,
        cart: Option<DiscountValue>,
        nets: Vec<i64>,
        discounts: Vec<(&'static str, i64)>,
    }
    let rows = vec![
        Row {
            why: "10 % promo → 90.000, −5.000 → 85.000, cart promo 10 % → 76.500, cart 10 % → 68.850",
            lines: vec![PricingLineInput::new(1, 100_000, 1).discount(rp(5_000))],
            promos: vec![
                promo(2, pct(1000), PromoTarget::Cart),
                promo(1, pct(1000), PromoTarget::Lines),
            ],
            cart: Some(pct(1000)),
            nets: vec![68_850],
            discounts: vec![
                ("Promo 1", 10_000),
                ("Diskon barang", 5_000),
                ("Promo 2", 8_500),
                ("Diskon transaksi 10%", 7_650),
            ],
        },
        Row {
            why: "cart promo Rp 5.000 split 3.750/1.250 over 30.000/10.000; cart 10 % of 35.000 = 3.500 split 2.625/875",
            lines: vec![
                PricingLineInput::new(1, 15_000, 2),
                PricingLineInput::new(2, 10_000, 1),
            ],
            promos: vec![promo(3, rp(5_000), PromoTarget::Cart)],
            cart: Some(pct(1000)),
            nets: vec![23_625, 7_875],
            discounts: vec![("Promo 3", 5_000), ("Diskon transaksi 10%", 3_500)],
        },
        Row {
            why: "a Rp 5.000 line promo on drinks is split 4.000/1.000 over 36.000/9.000; the roti is not a drink",
            lines: vec![
                PricingLineInput::new(1, 18_000, 2).category(1),
                PricingLineInput::new(2, 9_000, 1).category(1),
                PricingLineInput::new(3, 15_000, 1).category(2),
            ],
            promos: vec![PromoRule {
                conditions: PromoConditions {
                    category_ids: vec![1],
                    ..Default::default()
                },
                ..promo(4, rp(5_000), PromoTarget::Lines)
            }],
            cart: None,
            nets: vec![32_000, 8_000, 15_000],
            discounts: vec![("Promo 4", 5_000)],
        },
        Row {
            why: "promo 60 % leaves 4.000; the cashier's Rp 6.000 takes only those 4.000: never below 0",
            lines: vec![PricingLineInput::new(1, 10_000, 1).discount(rp(6_000))],
            promos: vec![promo(5, pct(6000), PromoTarget::Lines)],
            cart: Some(rp(1_000)),
            nets: vec![0],
            discounts: vec![("Promo 5", 6_000), ("Diskon barang", 4_000)],
        },
        Row {
            why: "15 % of 9.999 = 1.499,85 → 1.500 (half up per line)",
            lines: vec![PricingLineInput::new(1, 3_333, 3)],
            promos: vec![promo(6, pct(1500), PromoTarget::Lines)],
            cart: None,
            nets: vec![8_499],
            discounts: vec![("Promo 6", 1_500)],
        },
        Row {
            why: "two line promos stack: 20 % of 50.000 = 10.000, then 10 % of 40.000 = 4.000",
            lines: vec![PricingLineInput::new(1, 50_000, 1)],
            promos: vec![
                promo(7, pct(2000), PromoTarget::Lines),
                promo(8, pct(1000), PromoTarget::Lines),
            ],
            cart: None,
            nets: vec![36_000],
            discounts: vec![("Promo 7", 10_000), ("Promo 8", 4_000)],
        },
        Row {
            why: "Rp 1.000 cart discount over three equal lines: 334/333/333, the first takes the leftover",
            lines: vec![
                PricingLineInput::new(1, 1_000, 1),
                PricingLineInput::new(2, 1_000, 1),
                PricingLineInput::new(3, 1_000, 1),
            ],
            promos: vec![],
            cart: Some(rp(1_000)),
            nets: vec![666, 667, 667],
            discounts: vec![("Diskon transaksi", 1_000)],
        },
    ];
    for row in rows {
        let mut input = order(row.lines, PricingSettings::default());
        input.promos = row.promos;
        input.cart_discount = row.cart;
        let b = price(&input);
        let nets: Vec<i64> = b.lines.iter().map(|l| l.net).collect();
        assert_eq!(nets, row.nets, "{}", row.why);
        let discounts: Vec<(&str, i64)> = b
            .discounts
            .iter()
            .map(|d| (d.label.as_str(), d.amount))
            .collect();
        assert_eq!(discounts, row.discounts, "{}", row.why);
        assert_eq!(
            b.hemat,
            row.discounts.iter().map(|d| d.1).sum::<i64>(),
            "hemat is every discount: {}",
            row.why
        );
        assert_eq!(
            b.total_before_rounding,
            nets.iter().sum::<i64>(),
            "without tax or service the total is the nets: {}",
            row.why
        );
    }
}

#[test]
fn discount_lines_say_where_they_come_from() {
    let mut input = order(
        vec![PricingLineInput::new(1, 100_000, 1).discount(pct(500))],
        PricingSettings::default(),
    );
    input.promos = vec![promo(9, pct(1000), PromoTarget::Cart)];
    input.cart_discount = Some(rp(2_000));
    let b = price(&input);
    let kinds: Vec<(DiscountScope, DiscountSource, Option<i64>)> = b
        .discounts
        .iter()
        .map(|d| (d.scope, d.source, d.promo_id))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (DiscountScope::Line, DiscountSource::Manual, None),
            (DiscountScope::Cart, DiscountSource::Promo, Some(9)),
            (DiscountScope::Cart, DiscountSource::Manual, None),
        ],
        "the receipt can tell a promo from a cashier's discount"
    );
    assert_eq!(
        (
            b.line_discount_total,
            b.cart_discount_total,
            b.manual_discount_total
        ),
        (5_000, 9_500 + 2_000, 5_000 + 2_000),
        "5 % of 100.000; 10 % of 95.000 + Rp 2.000; the cashier gave 5.000 + 2.000"
    );
    assert_eq!(
        b.applied_promo_ids,
        vec![9],
        "the promo that applied is listed"
    );
}

#[test]
fn the_owner_approves_a_cashier_discount_above_the_cap() {
    let cap = |bps| PricingSettings {
        manual_discount_cap_bps: bps,
        ..PricingSettings::default()
    };
    // (cap, line discount, cart discount, promo, needs approval, why)
    #[rustfmt::skip]
    let rows = [
        (1000, Some(pct(1000)), None, None, false, "10 % is at the 10 % cap"),
        (1000, Some(pct(1001)), None, None, true, "10,01 % is above the cap"),
        (1000, Some(rp(1_000)), None, None, false, "Rp 1.000 of 10.000 is 10 %"),
        (1000, Some(rp(1_001)), None, None, true, "Rp 1.001 of 10.000 is above 10 %"),
        (1000, None, Some(pct(1500)), None, true, "a 15 % cart discount is above the cap"),
        (1000, None, None, Some(pct(5000)), false, "promos are the owner's own: no PIN"),
        (1000, Some(rp(1_000)), None, Some(pct(5000)), true,
            "after a 50 % promo, Rp 1.000 is 20 % of the 5.000 left"),
        (10_000, Some(pct(10_000)), Some(pct(10_000)), None, false, "cap 100 % = never"),
        (0, Some(pct(1)), None, None, true, "cap 0 %: every discount needs the owner"),
    ];
    for (cap_bps, line, cart, promo_value, needs, why) in rows {
        let mut l = PricingLineInput::new(1, 10_000, 1);
        l.discount = line;
        let mut input = order(vec![l], cap(cap_bps));
        input.cart_discount = cart;
        input.promos = promo_value
            .map(|v| vec![promo(1, v, PromoTarget::Lines)])
            .unwrap_or_default();
        assert_eq!(price(&input).needs_owner_approval, needs, "{why}");
    }
}

// ---------------------------------------------------------------- rounding

#[test]
fn each_rounding_mode_for_cash_and_non_cash() {
    use RoundingMode::*;
    use RoundingStep::*;
    // (total before rounding, step, mode, final, why)
    let rows = [
        (12_345, None, Nearest, 12_345, "no rounding"),
        (12_345, Rp100, Down, 12_300, "down to Rp 100"),
        (12_345, Rp100, Nearest, 12_300, "45 < 50: down"),
        (12_345, Rp100, Up, 12_400, "up to Rp 100"),
        (12_350, Rp100, Nearest, 12_400, "exactly half goes up"),
        (12_345, Rp500, Down, 12_000, "down to Rp 500"),
        (12_345, Rp500, Nearest, 12_500, "345 ≥ 250: up"),
        (12_249, Rp500, Nearest, 12_000, "249 < 250: down"),
        (
            12_250,
            Rp500,
            Nearest,
            12_500,
            "exactly half of 500 goes up",
        ),
        (12_345, Rp500, Up, 12_500, "up to Rp 500"),
        (12_345, Rp1000, Down, 12_000, "down to Rp 1.000"),
        (12_499, Rp1000, Nearest, 12_000, "499 < 500: down"),
        (
            12_500,
            Rp1000,
            Nearest,
            13_000,
            "exactly half of 1.000 goes up",
        ),
        (12_001, Rp1000, Up, 13_000, "any remainder rounds up"),
        (
            12_000,
            Rp1000,
            Up,
            12_000,
            "a total on the step is unchanged",
        ),
        (99, Rp100, Down, 99, "never rounds a positive total to Rp 0"),
        (
            40,
            Rp100,
            Nearest,
            40,
            "never rounds a positive total to Rp 0",
        ),
        (60, Rp100, Nearest, 100, "60 rounds to the nearest 100"),
        (0, Rp1000, Up, 0, "an empty order stays Rp 0"),
    ];
    for (total, step, mode, expected, why) in rows {
        let rule = RoundingRule { step, mode };
        // Cash takes the rule, non-cash none; then the other way round.
        for cash_side in [true, false] {
            let settings = PricingSettings {
                cash_rounding: if cash_side { rule } else { RoundingRule::NONE },
                non_cash_rounding: if cash_side { RoundingRule::NONE } else { rule },
                ..PricingSettings::default()
            };
            let lines = if total > 0 {
                vec![PricingLineInput::new(1, total, 1)]
            } else {
                vec![]
            };
            let b = price(&order(lines, settings));
            let (rounded, other) = if cash_side {
                (b.cash, b.non_cash)
            } else {
                (b.non_cash, b.cash)
            };
            assert_eq!(rounded.total, expected, "{why} (cash side: {cash_side})");
            assert_eq!(
                rounded.rounding,
                expected - total,
                "the rounding line is the difference: {why}"
            );
            assert_eq!(
                (other.total, other.rounding),
                (total, 0),
                "the other tender class is not rounded: {why}"
            );
        }
    }
}

#[test]
fn cash_and_qris_round_differently_and_qris_charges_the_non_cash_total() {
    let settings = PricingSettings {
        cash_rounding: RoundingRule {
            step: RoundingStep::Rp500,
            mode: RoundingMode::Down,
        },
        non_cash_rounding: RoundingRule {
            step: RoundingStep::Rp100,
            mode: RoundingMode::Up,
        },
        ..PricingSettings::default()
    };
    let b = price(&order(vec![PricingLineInput::new(1, 12_345, 1)], settings));
    assert_eq!(
        (b.cash.total, b.cash.rounding),
        (12_000, -345),
        "cash rounds down to 500"
    );
    assert_eq!(
        (b.non_cash.total, b.non_cash.rounding),
        (12_400, 55),
        "non-cash rounds up to 100"
    );
    assert_eq!(
        b.qris.amount, 12_400,
        "the MDR estimate is on the QRIS charge"
    );
    assert_eq!(
        b.qris_amount(),
        Ok(12_400),
        "QRIS charges the non-cash total"
    );
}

// ---------------------------------------------------------------- promo conditions

fn conditional(conditions: PromoConditions, activation: PromoActivation) -> PromoRule {
    PromoRule {
        id: 1,
        name: "Promo".into(),
        value: pct(1000),
        target: PromoTarget::Cart,
        activation,
        conditions,
    }
}

/// Does the promo apply to these lines at `when`? A picked promo that does not apply must say
/// why (returned as the second value).
fn applies(
    conditions: PromoConditions,
    lines: Vec<PricingLineInput>,
    when: NaiveDateTime,
) -> (bool, Option<String>) {
    let mut input = order(lines, PricingSettings::default());
    input.promos = vec![conditional(conditions, PromoActivation::Picked)];
    input.picked_promo_ids = vec![1];
    input.at = when;
    let b = price(&input);
    let applied = b.applied_promo_ids == vec![1];
    let reason = b.unapplied_promos.first().map(|u| u.reason.clone());
    assert_eq!(
        applied,
        reason.is_none(),
        "a picked promo is applied or explained"
    );
    assert_eq!(
        applied,
        b.hemat > 0,
        "an applied 10 % promo takes something off"
    );
    (applied, reason)
}

#[test]
fn minimum_purchase_is_judged_on_the_gross_of_the_matching_lines() {
    let min = |min_purchase, category_ids: Vec<i64>| PromoConditions {
        min_purchase,
        category_ids,
        ..Default::default()
    };
    let one = |price| vec![PricingLineInput::new(1, price, 1).category(1)];
    assert!(
        !applies(min(50_000, vec![]), one(49_999), friday()).0,
        "Rp 1 short"
    );
    assert!(
        applies(min(50_000, vec![]), one(50_000), friday()).0,
        "exactly the minimum"
    );
    let (_, reason) = applies(min(50_000, vec![]), one(30_000), friday());
    assert_eq!(
        reason.as_deref(),
        Some("minimum belanja Rp 50.000 (baru Rp 30.000)"),
        "the cashier is told what is missing"
    );
    let mixed = vec![
        PricingLineInput::new(1, 20_000, 1).category(1),
        PricingLineInput::new(2, 40_000, 1).category(2),
    ];
    assert!(
        !applies(min(30_000, vec![1]), mixed.clone(), friday()).0,
        "only the 20.000 of category 1 counts towards a category-1 minimum"
    );
    assert!(
        applies(min(60_000, vec![]), mixed, friday()).0,
        "without a filter the whole 60.000 counts"
    );
    let discounted = vec![PricingLineInput::new(1, 50_000, 1).discount(pct(5000))];
    assert!(
        applies(min(50_000, vec![]), discounted, friday()).0,
        "the minimum is on the gross, before the cashier's 50 %"
    );
}

#[test]
fn product_and_category_conditions_select_lines() {
    let mut input = order(
        vec![
            PricingLineInput::new(10, 10_000, 1).category(1),
            PricingLineInput::new(11, 10_000, 1).category(2),
            PricingLineInput::new(12, 10_000, 1).category(3),
            PricingLineInput::new(13, 10_000, 1),
        ],
        PricingSettings::default(),
    );
    input.promos = vec![PromoRule {
        conditions: PromoConditions {
            product_ids: vec![12],
            category_ids: vec![1],
            ..Default::default()
        },
        ..promo(1, pct(1000), PromoTarget::Lines)
    }];
    let b = price(&input);
    let promo_per_line: Vec<i64> = b.lines.iter().map(|l| l.line_promo).collect();
    assert_eq!(
        promo_per_line,
        vec![1_000, 0, 1_000, 0],
        "a line matches by category 1 or by product 12; no category matches no category filter"
    );
    let (ok, reason) = applies(
        PromoConditions {
            category_ids: vec![9],
            ..Default::default()
        },
        vec![PricingLineInput::new(1, 10_000, 1).category(1)],
        friday(),
    );
    assert!(!ok, "a cart promo for category 9 needs a category-9 item");
    assert_eq!(
        reason.as_deref(),
        Some("tidak ada barang yang termasuk promo")
    );
}

#[test]
fn days_of_week_use_the_local_date() {
    let weekend = PromoConditions {
        days: vec![PromoDay::Saturday, PromoDay::Sunday],
        ..Default::default()
    };
    let line = || vec![PricingLineInput::new(1, 10_000, 1)];
    // 1 March 2025 is a Saturday.
    let rows = [
        (at(2025, 3, 7, 23, 59, 59), false, "Friday"),
        (at(2025, 3, 8, 0, 0, 0), true, "Saturday from midnight"),
        (at(2025, 3, 9, 23, 59, 59), true, "Sunday until midnight"),
        (at(2025, 3, 10, 0, 0, 0), false, "Monday"),
    ];
    for (when, expected, why) in rows {
        let (ok, reason) = applies(weekend.clone(), line(), when);
        assert_eq!(ok, expected, "{why}");
        if !ok {
            assert_eq!(
                reason.as_deref(),
                Some("hanya berlaku hari Sabtu, Minggu"),
                "{why}"
            );
        }
    }
}

#[test]
fn happy_hour_boundaries_are_start_inclusive_end_exclusive() {
    let happy = PromoConditions {
        hours: Some(PromoHours::hm(15, 0, 17, 0)),
        ..Default::default()
    };
    let line = || vec![PricingLineInput::new(1, 10_000, 1)];
    let rows = [
        (at(2025, 3, 7, 14, 59, 59), false, "14:59:59 is before"),
        (at(2025, 3, 7, 15, 0, 0), true, "15:00 is the first minute"),
        (
            at(2025, 3, 7, 16, 59, 59),
            true,
            "16:59:59 is in the last minute",
        ),
        (at(2025, 3, 7, 17, 0, 0), false, "17:00 is already over"),
    ];
    for (when, expected, why) in rows {
        let (ok, reason) = applies(happy.clone(), line(), when);
        assert_eq!(ok, expected, "{why}");
        if !ok {
            assert_eq!(
                reason.as_deref(),
                Some("hanya berlaku jam 15:00–17:00"),
                "{why}"
            );
        }
    }
}

#[test]
fn a_window_across_midnight_belongs_to_the_day_it_started() {
    let friday_night = PromoConditions {
        days: vec![PromoDay::Friday],
        hours: Some(PromoHours::hm(22, 0, 2, 0)),
        ..Default::default()
    };
    let line = || vec![PricingLineInput::new(1, 10_000, 1)];
    let rows = [
        (
            at(2025, 3, 7, 21, 59, 0),
            false,
            "Friday 21:59 is before the window",
        ),
        (at(2025, 3, 7, 22, 0, 0), true, "Friday 22:00 opens it"),
        (
            at(2025, 3, 8, 1, 59, 0),
            true,
            "Saturday 01:59 is still Friday night",
        ),
        (at(2025, 3, 8, 2, 0, 0), false, "Saturday 02:00 closes it"),
        (
            at(2025, 3, 7, 1, 0, 0),
            false,
            "Friday 01:00 is Thursday night",
        ),
        (
            at(2025, 3, 8, 23, 0, 0),
            false,
            "Saturday 23:00 is Saturday night",
        ),
    ];
    for (when, expected, why) in rows {
        assert_eq!(
            applies(friday_night.clone(), line(), when).0,
            expected,
            "{why}"
        );
    }
    let march_only = PromoConditions {
        until_date: NaiveDate::from_ymd_opt(2025, 3, 31),
        hours: Some(PromoHours::hm(22, 0, 2, 0)),
        ..Default::default()
    };
    assert!(
        applies(march_only, line(), at(2025, 4, 1, 1, 0, 0)).0,
        "01:00 on 1 April is the night of 31 March, still inside the date range"
    );
}

#[test]
fn date_range_is_inclusive_on_both_ends() {
    let march = PromoConditions {
        from_date: NaiveDate::from_ymd_opt(2025, 3, 1),
        until_date: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Default::default()
    };
    let line = || vec![PricingLineInput::new(1, 10_000, 1)];
    #[rustfmt::skip]
    let rows = [
        (at(2025, 2, 28, 23, 59, 59), false, Some("belum mulai (mulai 01/03/2025)"), "the day before"),
        (at(2025, 3, 1, 0, 0, 0), true, None, "the first day from midnight"),
        (at(2025, 3, 31, 23, 59, 59), true, None, "the last day until midnight"),
        (at(2025, 4, 1, 0, 0, 0), false, Some("sudah berakhir (31/03/2025)"), "the day after"),
    ];
    for (when, expected, reason, why) in rows {
        let (ok, why_not) = applies(march.clone(), line(), when);
        assert_eq!(ok, expected, "{why}");
        assert_eq!(why_not.as_deref(), reason, "{why}");
    }
}

#[test]
fn picked_promos_apply_only_when_picked_and_automatic_ones_by_themselves() {
    let weekend_auto = PromoRule {
        activation: PromoActivation::Automatic,
        conditions: PromoConditions {
            days: vec![PromoDay::Saturday],
            ..Default::default()
        },
        ..promo(1, pct(1000), PromoTarget::Cart)
    };
    let member = PromoRule {
        activation: PromoActivation::Picked,
        name: "Member".into(),
        ..promo(2, rp(2_000), PromoTarget::Cart)
    };
    let mut input = order(
        vec![PricingLineInput::new(1, 20_000, 1)],
        PricingSettings::default(),
    );
    input.promos = vec![weekend_auto, member];
    let b = price(&input);
    assert!(
        b.applied_promo_ids.is_empty() && b.unapplied_promos.is_empty(),
        "on Friday the weekend promo quietly does not apply and Member is not picked"
    );
    input.picked_promo_ids = vec![2];
    let b = price(&input);
    assert_eq!(b.applied_promo_ids, vec![2], "the picked promo applies");
    assert_eq!(b.total_before_rounding, 18_000, "20.000 − Rp 2.000");
    input.at = at(2025, 3, 8, 10, 0, 0);
    let b = price(&input);
    assert_eq!(
        b.applied_promo_ids,
        vec![1, 2],
        "on Saturday both, in list order"
    );
    assert_eq!(
        b.total_before_rounding, 16_000,
        "10 % of 20.000 = 2.000, then Rp 2.000 off 18.000"
    );
}

// ---------------------------------------------------------------- QRIS

#[test]
fn qris_amount_limits_apply_after_rounding() {
    let non_cash = |step, mode| PricingSettings {
        non_cash_rounding: RoundingRule { step, mode },
        ..PricingSettings::default()
    };
    use RoundingMode::*;
    use RoundingStep::*;
    // (order total, rounding, QRIS charge or error, why)
    type Row = (
        i64,
        PricingSettings,
        std::result::Result<i64, PricingError>,
        &'static str,
    );
    #[rustfmt::skip]
    let rows: [Row; 8] = [
        (1, PricingSettings::default(), Ok(1), "Rp 1 is the smallest charge"),
        (1, non_cash(Rp100, Down), Ok(1), "Rp 1 is not rounded to 0"),
        (10_000_000, PricingSettings::default(), Ok(10_000_000), "the limit itself"),
        (10_000_001, PricingSettings::default(),
            Err(PricingError::QrisAmountTooLarge { amount: 10_000_001 }), "Rp 1 over"),
        (10_000_499, non_cash(Rp1000, Down), Ok(10_000_000), "rounded down into the limit"),
        (9_999_950, non_cash(Rp100, Nearest), Ok(10_000_000), "rounded up onto the limit"),
        (9_999_901, non_cash(Rp1000, Up), Ok(10_000_000), "9.999.901 up to 1.000 is 10.000.000"),
        (10_000_001, non_cash(Rp100, Up),
            Err(PricingError::QrisAmountTooLarge { amount: 10_000_100 }), "rounded up beyond the limit"),
    ];
    for (total, settings, expected, why) in rows {
        let b = price(&order(vec![PricingLineInput::new(1, total, 1)], settings));
        assert_eq!(b.qris_amount(), expected, "{why}");
    }
    let empty = price(&order(vec![], PricingSettings::default()));
    assert_eq!(
        empty.qris_amount(),
        Err(PricingError::QrisAmountTooSmall { amount: 0 }),
        "a Rp 0 order cannot be paid by QRIS"
    );
    assert_eq!(
        check_qris_amount(-5),
        Err(PricingError::QrisAmountTooSmall { amount: -5 })
    );
}

#[test]
fn qris_mdr_by_merchant_category() {
    use QrisMerchantCategory::*;
    // (amount, category, rate, MDR, why)
    #[rustfmt::skip]
    let rows = [
        (500_000, Micro, 0, 0, "micro up to and including Rp 500.000: free"),
        (500_001, Micro, 30, 1_500, "0,3 % of 500.001 = 1.500,003 → 1.500"),
        (500_167, Micro, 30, 1_501, "0,3 % of 500.167 = 1.500,501 → 1.501"),
        (10_000_000, Micro, 30, 30_000, "0,3 % of the whole 10.000.000"),
        (66_100, Other, 70, 463, "0,7 % of 66.100 = 462,7 → 463"),
        (1, Other, 70, 0, "0,007 rounds to 0"),
        (72, Other, 70, 1, "0,504 rounds to 1"),
        (0, Other, 70, 0, "nothing charged, nothing paid"),
    ];
    for (amount, category, rate, mdr, why) in rows {
        let e = estimate_qris_mdr(amount, category).expect("estimate");
        assert_eq!((e.mdr_bps, e.mdr), (rate, mdr), "{why}");
        assert_eq!(
            e.net_settlement,
            amount - mdr,
            "settlement is net of MDR: {why}"
        );
    }
    let settings = PricingSettings {
        merchant_category: Other,
        non_cash_rounding: RoundingRule {
            step: RoundingStep::Rp1000,
            mode: RoundingMode::Up,
        },
        ..PricingSettings::default()
    };
    let b = price(&order(vec![PricingLineInput::new(1, 99_001, 1)], settings));
    assert_eq!(
        (b.qris.amount, b.qris.mdr, b.qris.net_settlement),
        (100_000, 700, 99_300),
        "the estimate is on the rounded QRIS charge: 0,7 % of 100.000"
    );
}

// ---------------------------------------------------------------- cost and profit

#[test]
fn gross_profit_is_net_sales_without_tax_minus_cost() {
    // (inclusive, unit price, qty, cost, cart discount, sales excl. tax, cost total, profit, why)
    #[rustfmt::skip]
    let rows = [
        (false, 100_000, 1, 60_000, None, 100_000, 60_000, 40_000,
            "exclusive: the added tax is not revenue"),
        (true, 111_000, 1, 60_000, None, 100_000, 60_000, 40_000,
            "inclusive: the 11.000 PPN inside is not revenue"),
        (false, 25_000, 4, 15_000, Some(pct(1000)), 90_000, 60_000, 30_000,
            "100.000 − 10 % = 90.000; HPP 4 × 15.000"),
        (false, 10_000, 1, 12_000, None, 10_000, 12_000, -2_000,
            "sold below cost: a negative profit, not an error"),
    ];
    for (inclusive, unit, qty, cost, cart, sales, cost_total, profit, why) in rows {
        let mut input = order(
            vec![PricingLineInput::new(1, unit, qty).cost(cost)],
            PricingSettings {
                service_bps: 500,
                ..taxed(TaxMode::ppn_default(), inclusive)
            },
        );
        input.cart_discount = cart;
        let b = price(&input);
        assert_eq!(
            (b.sales_excl_tax, b.cost_total, b.gross_profit),
            (sales, cost_total, profit),
            "{why}"
        );
        assert_eq!(
            b.lines[0].gross_profit, profit,
            "the line carries it too: {why}"
        );
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_is_refused_with_a_typed_indonesian_error() {
    let ok_line = || PricingLineInput::new(1, 10_000, 1);
    let with = |f: &dyn Fn(&mut PricingInput)| {
        let mut input = order(vec![ok_line()], PricingSettings::default());
        f(&mut input);
        price_order(&input).expect_err("bad input must be refused")
    };
    let cases: Vec<(PricingError, &str, &str)> = vec![
        (
            with(&|i| i.lines[0].unit_price = -1),
            "Harga barang baris 1 tidak boleh negatif",
            "a negative price",
        ),
        (
            with(&|i| i.lines[0].qty = 0),
            "harus lebih dari 0",
            "a zero quantity",
        ),
        (
            with(&|i| i.lines[0].qty = -2),
            "harus lebih dari 0",
            "a negative quantity",
        ),
        (
            with(&|i| i.lines[0].cost_price = -1),
            "HPP",
            "a negative cost price",
        ),
        (
            with(&|i| i.lines[0].discount = Some(pct(10_001))),
            "tidak boleh lebih dari 100%",
            "a line discount above 100 %",
        ),
        (
            with(&|i| i.lines[0].discount = Some(rp(10_001))),
            "melebihi harga barisnya",
            "a line discount above the line",
        ),
        (
            with(&|i| i.lines[0].discount = Some(rp(-1))),
            "tidak boleh negatif",
            "a negative discount",
        ),
        (
            with(&|i| i.cart_discount = Some(rp(10_001))),
            "melebihi subtotal",
            "a cart discount above the subtotal",
        ),
        (
            with(&|i| i.settings.tax = TaxMode::Pbjt { rate_bps: 10_001 }),
            "Tarif pajak",
            "a tax rate above 100 %",
        ),
        (
            with(&|i| i.settings.service_bps = 10_001),
            "Biaya layanan",
            "a service charge above 100 %",
        ),
        (
            with(&|i| i.settings.manual_discount_cap_bps = 10_001),
            "Batas diskon kasir",
            "a discount cap above 100 %",
        ),
        (
            with(&|i| {
                let mut p = promo(1, pct(1000), PromoTarget::Cart);
                p.conditions.from_date = NaiveDate::from_ymd_opt(2025, 3, 10);
                p.conditions.until_date = NaiveDate::from_ymd_opt(2025, 3, 1);
                i.promos = vec![p];
            }),
            "tanggal berakhir 2025-03-01 sebelum tanggal mulai 2025-03-10",
            "a promo that ends before it starts",
        ),
        (
            with(&|i| {
                let mut p = promo(1, pct(1000), PromoTarget::Cart);
                p.conditions.hours = Some(PromoHours::hm(15, 0, 15, 0));
                i.promos = vec![p];
            }),
            "jam mulai sama dengan jam selesai",
            "an empty hours window",
        ),
        (
            with(&|i| {
                let mut p = promo(1, pct(1000), PromoTarget::Cart);
                p.conditions.hours = Some(PromoHours {
                    start_minute: 0,
                    end_minute: MINUTES_PER_DAY,
                });
                i.promos = vec![p];
            }),
            "menit harus 0–1439",
            "a minute past the end of the day",
        ),
        (
            with(&|i| i.promos = vec![promo(1, pct(20_000), PromoTarget::Lines)]),
            "Promo \"Promo 1\" tidak boleh lebih dari 100%",
            "a promo above 100 %",
        ),
        (
            with(&|i| {
                let mut p = promo(1, pct(1000), PromoTarget::Cart);
                p.conditions.min_purchase = -1;
                i.promos = vec![p];
            }),
            "Minimum belanja",
            "a negative minimum purchase",
        ),
        (
            with(&|i| {
                i.promos = vec![
                    promo(1, pct(1000), PromoTarget::Cart),
                    promo(1, pct(500), PromoTarget::Lines),
                ]
            }),
            "lebih dari sekali",
            "two promos with one id",
        ),
        (
            with(&|i| i.picked_promo_ids = vec![42]),
            "Promo #42",
            "a picked promo that does not exist",
        ),
        (
            with(&|i| {
                i.lines = vec![
                    PricingLineInput::new(1, i64::MAX / 2 + 1, 1),
                    PricingLineInput::new(2, i64::MAX / 2 + 1, 1),
                ]
            }),
            "terlalu besar",
            "a subtotal beyond i64",
        ),
        (
            with(&|i| i.lines[0] = PricingLineInput::new(1, i64::MAX, 2)),
            "terlalu besar",
            "a line beyond i64",
        ),
    ];
    for (err, text, why) in cases {
        assert_eq!(
            err.kind(),
            ErrorKind::Validation,
            "{why} is a validation error"
        );
        assert!(
            err.to_string().contains(text),
            "{why}: message {:?} should contain {text:?}",
            err.to_string()
        );
        let ipc: kasir_shared::IpcError = err.clone().into();
        assert_eq!(
            (ipc.kind, ipc.message),
            (ErrorKind::Validation, err.to_string()),
            "{why} crosses IPC as {{ kind, message }}"
        );
    }
    let qris = [check_qris_amount(0), check_qris_amount(10_000_001)];
    for err in qris {
        assert_eq!(
            err.expect_err("out of the QRIS range").kind(),
            ErrorKind::Validation,
            "a QRIS amount out of range is a validation error"
        );
    }
}

#[test]
fn a_huge_but_representable_order_prices_without_overflow() {
    let b = price(&order(
        vec![PricingLineInput::new(1, i64::MAX / 4, 1).discount(pct(3333))],
        PricingSettings {
            service_bps: 1000,
            service_taxed: true,
            ..taxed(TaxMode::pbjt_default(), false)
        },
    ));
    assert!(
        b.total_before_rounding > 0,
        "i128 intermediates keep percentages of large amounts exact"
    );
}

// ---------------------------------------------------------------- IPC shape

#[test]
fn input_json_is_camel_case_with_tagged_discounts_and_tax_mode() {
    let json = r#"{
        "lines": [
            { "productId": 1, "categoryId": 2, "unitPrice": 18000, "qty": 2, "costPrice": 6000,
              "taxExempt": false, "discount": { "type": "percent", "bps": 1000 } },
            { "productId": 3, "categoryId": null, "unitPrice": 5000, "qty": 1, "costPrice": 0 }
        ],
        "cartDiscount": { "type": "amount", "rupiah": 1000 },
        "promos": [],
        "pickedPromoIds": [],
        "settings": {
            "tax": { "mode": "ppn", "rateBps": 1200, "base": "elevenTwelfths" },
            "pricesIncludeTax": false, "serviceBps": 0, "serviceTaxed": false,
            "cashRounding": { "step": "500", "mode": "down" },
            "nonCashRounding": { "step": "none", "mode": "nearest" },
            "manualDiscountCapBps": 10000, "merchantCategory": "micro"
        },
        "at": "2025-03-07T15:30:00"
    }"#;
    let input: PricingInput = serde_json::from_str(json).expect("the TS shape parses");
    assert_eq!(
        input.lines[0].discount,
        Some(pct(1000)),
        "a tagged percent discount"
    );
    assert!(
        !input.lines[1].tax_exempt && input.lines[1].discount.is_none(),
        "omitted optional fields default"
    );
    let b = price(&input);
    // 36.000 − 3.600 = 32.400; + 5.000 = 37.400; − 1.000 = 36.400; PPN 11 % = 4.004.
    assert_eq!(
        b.total_before_rounding, 40_404,
        "parsed input prices as hand-computed"
    );
    assert_eq!(b.cash.total, 40_000, "cash rounds down to Rp 500");
    let out = serde_json::to_value(&b).expect("serialise");
    assert_eq!(out["nonCash"]["total"], 40_404, "output is camelCase");
    assert_eq!(out["taxLabel"], "PPN 12% (DPP 11/12)");
}

#[test]
fn format_bps_uses_the_indonesian_decimal_comma() {
    let rows = [
        (1200, "12%"),
        (1050, "10,5%"),
        (30, "0,3%"),
        (1225, "12,25%"),
        (5, "0,05%"),
        (0, "0%"),
        (10_000, "100%"),
    ];
    for (bps, text) in rows {
        assert_eq!(format_bps(bps), text, "{bps} bps");
    }
}

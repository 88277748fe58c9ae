//! Property tests: invariants of the breakdown for random orders, promos and settings.

use chrono::{NaiveDate, NaiveDateTime};
use kasir_pricing::*;
use proptest::prelude::*;

fn discount(gross: i64) -> impl Strategy<Value = Option<DiscountValue>> {
    prop_oneof![
        2 => Just(None),
        1 => (0u32..=10_000).prop_map(|bps| Some(DiscountValue::Percent { bps })),
        1 => (0i64..=10_000).prop_map(move |frac| Some(DiscountValue::Amount {
            rupiah: gross * frac / 10_000
        })),
    ]
}

fn line() -> impl Strategy<Value = PricingLineInput> {
    (
        1i64..=6,
        prop_oneof![Just(None), (1i64..=3).prop_map(Some)],
        prop_oneof![0i64..=100, 0i64..=2_000_000],
        1i64..=30,
        0i64..=10_000,
        any::<bool>(),
    )
        .prop_flat_map(
            |(product_id, category_id, unit_price, qty, cost_bps, exempt)| {
                discount(unit_price * qty).prop_map(move |discount| PricingLineInput {
                    product_id,
                    category_id,
                    unit_price,
                    qty,
                    cost_price: unit_price * cost_bps / 10_000,
                    tax_exempt: exempt,
                    discount,
                })
            },
        )
}

fn promo(id: i64) -> impl Strategy<Value = PromoRule> {
    (
        prop_oneof![
            (0u32..=5_000).prop_map(|bps| DiscountValue::Percent { bps }),
            (0i64..=50_000).prop_map(|rupiah| DiscountValue::Amount { rupiah }),
        ],
        prop_oneof![Just(PromoTarget::Lines), Just(PromoTarget::Cart)],
        prop_oneof![
            3 => Just(PromoActivation::Automatic),
            1 => Just(PromoActivation::Picked)
        ],
        prop_oneof![Just(0i64), 0i64..=200_000],
        proptest::collection::vec(1i64..=3, 0..=2),
        proptest::collection::vec(1i64..=6, 0..=2),
        prop_oneof![
            Just(None),
            (0u16..MINUTES_PER_DAY, 1u16..MINUTES_PER_DAY).prop_map(|(s, len)| Some(PromoHours {
                start_minute: s,
                end_minute: (s + len) % MINUTES_PER_DAY,
            })),
        ],
    )
        .prop_map(
            move |(value, target, activation, min_purchase, category_ids, product_ids, hours)| {
                PromoRule {
                    id,
                    name: format!("Promo {id}"),
                    value,
                    target,
                    activation,
                    conditions: PromoConditions {
                        min_purchase,
                        product_ids,
                        category_ids,
                        hours,
                        ..Default::default()
                    },
                }
            },
        )
}

fn rounding() -> impl Strategy<Value = RoundingRule> {
    (
        prop_oneof![
            Just(RoundingStep::None),
            Just(RoundingStep::Rp100),
            Just(RoundingStep::Rp500),
            Just(RoundingStep::Rp1000)
        ],
        prop_oneof![
            Just(RoundingMode::Down),
            Just(RoundingMode::Nearest),
            Just(RoundingMode::Up)
        ],
    )
        .prop_map(|(step, mode)| RoundingRule { step, mode })
}

fn settings() -> impl Strategy<Value = PricingSettings> {
    (
        prop_oneof![
            Just(TaxMode::None),
            (0u32..=10_000).prop_map(|rate_bps| TaxMode::Ppn {
                rate_bps,
                base: PpnBase::ElevenTwelfths
            }),
            (0u32..=10_000).prop_map(|rate_bps| TaxMode::Ppn {
                rate_bps,
                base: PpnBase::Full
            }),
            (0u32..=10_000).prop_map(|rate_bps| TaxMode::Pbjt { rate_bps }),
        ],
        any::<bool>(),
        prop_oneof![Just(0u32), 0u32..=2_000],
        any::<bool>(),
        rounding(),
        rounding(),
        0u32..=10_000,
        prop_oneof![
            Just(QrisMerchantCategory::Micro),
            Just(QrisMerchantCategory::Other)
        ],
    )
        .prop_map(
            |(tax, inclusive, service_bps, service_taxed, cash, non_cash, cap, category)| {
                PricingSettings {
                    tax,
                    prices_include_tax: inclusive,
                    service_bps,
                    service_taxed,
                    cash_rounding: cash,
                    non_cash_rounding: non_cash,
                    manual_discount_cap_bps: cap,
                    merchant_category: category,
                }
            },
        )
}

fn when() -> impl Strategy<Value = NaiveDateTime> {
    (0u64..=730, 0u32..86_400).prop_map(|(day, secs)| {
        NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .checked_add_days(chrono::Days::new(day))
            .unwrap()
            .and_hms_opt(secs / 3600, secs / 60 % 60, secs % 60)
            .unwrap()
    })
}

fn input() -> impl Strategy<Value = PricingInput> {
    (
        proptest::collection::vec(line(), 0..=8),
        proptest::collection::vec(any::<bool>(), 0..=4),
        settings(),
        when(),
        prop_oneof![Just(None), (0u32..=10_000).prop_map(Some)],
        any::<bool>(),
    )
        .prop_flat_map(
            |(lines, promo_picks, settings, at, cart_frac, cart_is_percent)| {
                let subtotal: i64 = lines.iter().map(|l| l.unit_price * l.qty).sum();
                let cart_discount = cart_frac.map(|frac| {
                    if cart_is_percent {
                        DiscountValue::Percent { bps: frac }
                    } else {
                        DiscountValue::Amount {
                            rupiah: subtotal * i64::from(frac) / 10_000,
                        }
                    }
                });
                let n = promo_picks.len();
                (
                    (0..n as i64).map(promo).collect::<Vec<_>>(),
                    Just(promo_picks),
                    Just((lines, settings, at, cart_discount)),
                )
            },
        )
        .prop_map(|(promos, picks, (lines, settings, at, cart_discount))| {
            let picked_promo_ids = promos
                .iter()
                .zip(&picks)
                .filter(|(_, pick)| **pick)
                .map(|(p, _)| p.id)
                .collect();
            PricingInput {
                lines,
                cart_discount,
                promos,
                picked_promo_ids,
                settings,
                at,
            }
        })
}

fn priced(input: &PricingInput) -> PriceBreakdown {
    price_order(input).unwrap_or_else(|e| panic!("generated input is valid, yet: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn totals_and_nets_are_never_negative(input in input()) {
        let b = priced(&input);
        prop_assert!(b.total_before_rounding >= 0, "total before rounding ≥ 0");
        prop_assert!(b.cash.total >= 0 && b.non_cash.total >= 0, "final totals ≥ 0");
        for l in &b.lines {
            prop_assert!(l.net >= 0, "a line never goes below Rp 0: {l:?}");
            prop_assert!(l.tax >= 0 && l.sales_excl_tax >= 0, "tax and sales ≥ 0: {l:?}");
        }
        prop_assert!(b.hemat <= b.subtotal, "savings never exceed the subtotal");
        prop_assert!(b.qris.mdr >= 0 && b.qris.mdr <= b.qris.amount, "MDR is a part of the charge");
    }

    #[test]
    fn rounding_stays_within_its_step_and_goes_the_set_way(input in input()) {
        let b = priced(&input);
        let s = input.settings;
        for (tender, rule) in [(b.cash, s.cash_rounding), (b.non_cash, s.non_cash_rounding)] {
            prop_assert_eq!(tender.step, rule.step.rupiah(), "the step is the setting's");
            prop_assert!(tender.rounding.abs() < tender.step, "|rounding| < step: {:?}", tender);
            let on_step = tender.total % tender.step == 0;
            let kept = tender.rounding == 0 && b.total_before_rounding < tender.step;
            prop_assert!(on_step || kept, "the total lands on the step unless it would be Rp 0: {:?}", tender);
            match rule.mode {
                RoundingMode::Down => prop_assert!(tender.rounding <= 0, "down never adds"),
                RoundingMode::Up => prop_assert!(tender.rounding >= 0, "up never takes off"),
                RoundingMode::Nearest => prop_assert!(
                    2 * tender.rounding.abs() <= tender.step,
                    "nearest moves at most half a step"
                ),
            }
        }
        prop_assert_eq!(b.qris.amount, b.non_cash.total, "QRIS charges the non-cash total");
    }

    #[test]
    fn the_breakdown_sums_exactly_to_the_total(input in input()) {
        let b = priced(&input);
        let gross: i64 = b.lines.iter().map(|l| l.gross).sum();
        prop_assert_eq!(gross, b.subtotal, "subtotal = Σ gross");
        for l in &b.lines {
            prop_assert_eq!(
                l.gross - l.line_promo - l.line_discount - l.cart_promo_share - l.cart_discount_share,
                l.net,
                "each line: gross − its discounts = net"
            );
            prop_assert_eq!(l.gross_profit, l.sales_excl_tax - l.cost, "line profit");
        }
        let nets: i64 = b.lines.iter().map(|l| l.net).sum();
        prop_assert_eq!(nets, b.net_sales, "net sales = Σ line net");
        prop_assert_eq!(b.subtotal - b.hemat, b.net_sales, "subtotal − hemat = net sales");
        let listed: i64 = b.discounts.iter().map(|d| d.amount).sum();
        prop_assert_eq!(listed, b.hemat, "the discount lines add up to hemat");
        prop_assert_eq!(b.line_discount_total + b.cart_discount_total, b.hemat, "line + cart = hemat");
        let added_tax = if b.tax_included { 0 } else { b.tax };
        prop_assert_eq!(
            b.net_sales + b.service_charge + added_tax,
            b.total_before_rounding,
            "goods + service + added tax = total before rounding"
        );
        for tender in [b.cash, b.non_cash] {
            prop_assert_eq!(
                b.subtotal - b.hemat + b.service_charge + added_tax + tender.rounding,
                tender.total,
                "lines + service + tax (exclusive) − discounts + rounding = total"
            );
        }
        prop_assert_eq!(b.qris.amount - b.qris.mdr, b.qris.net_settlement, "settlement = charge − MDR");
        prop_assert_eq!(b.sales_excl_tax - b.cost_total, b.gross_profit, "profit = sales − HPP");
        let items: i64 = input.lines.iter().map(|l| l.qty).sum();
        prop_assert_eq!(b.item_count, items, "item count");
    }

    #[test]
    fn inclusive_tax_is_inside_the_price(input in input()) {
        let b = priced(&input);
        let inclusive = input.settings.prices_include_tax && input.settings.tax != TaxMode::None;
        for (l, i) in b.lines.iter().zip(&input.lines) {
            if inclusive {
                prop_assert_eq!(l.sales_excl_tax + l.tax, l.net, "inclusive: net = sales excl. tax + tax");
            } else {
                prop_assert_eq!(l.sales_excl_tax, l.net, "exclusive: the net has no tax in it");
            }
            if i.tax_exempt || input.settings.tax == TaxMode::None {
                prop_assert_eq!(l.tax, 0, "exempt or untaxed lines carry no tax");
            }
        }
        let taxed_service = if input.settings.service_taxed && input.settings.tax != TaxMode::None {
            b.service_charge
        } else {
            0
        };
        let taxed_goods: i64 = b
            .lines
            .iter()
            .zip(&input.lines)
            .filter(|(_, i)| !i.tax_exempt && input.settings.tax != TaxMode::None)
            .map(|(l, _)| l.net)
            .sum();
        if inclusive {
            prop_assert_eq!(
                b.taxable_sales + b.tax,
                taxed_goods + taxed_service,
                "inclusive: taxed amounts = taxable sales + tax"
            );
        } else if input.settings.tax != TaxMode::None {
            prop_assert_eq!(b.taxable_sales, taxed_goods + taxed_service, "exclusive: taxable = taxed amounts");
        }
    }

    #[test]
    fn allocations_sum_to_the_order_level_amounts(input in input()) {
        let b = priced(&input);
        let line_tax: i64 = b.lines.iter().map(|l| l.tax).sum();
        prop_assert_eq!(line_tax + b.service_tax, b.tax, "Σ line tax + service tax = tax");
        let by = |scope: DiscountScope, source: DiscountSource| -> i64 {
            b.discounts.iter().filter(|d| d.scope == scope && d.source == source).map(|d| d.amount).sum()
        };
        let sum = |f: fn(&BreakdownLine) -> i64| -> i64 { b.lines.iter().map(f).sum() };
        prop_assert_eq!(sum(|l| l.line_promo), by(DiscountScope::Line, DiscountSource::Promo), "line promos");
        prop_assert_eq!(sum(|l| l.line_discount), by(DiscountScope::Line, DiscountSource::Manual), "cashier line discounts");
        prop_assert_eq!(sum(|l| l.cart_promo_share), by(DiscountScope::Cart, DiscountSource::Promo), "cart promo shares");
        prop_assert_eq!(sum(|l| l.cart_discount_share), by(DiscountScope::Cart, DiscountSource::Manual), "cart discount shares");
        prop_assert_eq!(
            sum(|l| l.line_discount) + sum(|l| l.cart_discount_share),
            b.manual_discount_total,
            "manual = cashier line + cart"
        );
    }

    #[test]
    fn pricing_is_deterministic_and_survives_json(input in input()) {
        let json = serde_json::to_string(&input).expect("serialise input");
        let back: PricingInput = serde_json::from_str(&json).expect("parse input");
        prop_assert_eq!(&back, &input, "the IPC shape round-trips");
        prop_assert_eq!(priced(&back), priced(&input), "same input, same breakdown");
    }
}

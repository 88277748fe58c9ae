//! Pricing through the store: the café sale of the kasir-pricing docs (happy hour on drinks,
//! service 5 % taxed, PBJT 10 %, cash rounded down to Rp 500, non-cash to the nearest Rp 100)
//! sold by cash and by QRIS, the stored breakdown, a refund of a discounted line, and a
//! differential check over random carts: the order row, the attempt the QR charges and the
//! breakdown always carry the same numbers.

use chrono::{TimeZone, Utc};
use kasir_core::kasir_pricing::{
    DiscountValue, PricingSettings, PromoActivation, PromoConditions, PromoHours, PromoRule,
    PromoTarget, RoundingMode, RoundingRule, RoundingStep, TaxMode,
};
use kasir_core::{
    CartLineInput, CartOptions, CategoryInput, CoreError, NewAttempt, PayCashRequest, ProductInput,
    RefundInput, RefundLineInput, Store,
};

/// Friday 7 March 2025, 15:30 WIB (happy hour).
fn happy_hour_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 7, 8, 30, 0)
        .single()
        .expect("t")
}

struct Cafe {
    store: Store,
    kopi: i64,
    croissant: i64,
    air: i64,
}

fn cafe() -> Cafe {
    let store = Store::open_in_memory().expect("store");
    let now = happy_hour_now();
    kasir_core::testing::open_till(&store, now);
    let drinks = store
        .save_category(
            &CategoryInput {
                id: None,
                name: "Minuman".into(),
            },
            now,
        )
        .expect("drinks")
        .id;
    let food = store
        .save_category(
            &CategoryInput {
                id: None,
                name: "Makanan".into(),
            },
            now,
        )
        .expect("food")
        .id;
    let product = |sku: &str, price: i64, cost: i64, category: i64| {
        store
            .save_product(
                &ProductInput {
                    id: None,
                    sku: sku.into(),
                    barcode: None,
                    name: sku.into(),
                    category_id: Some(category),
                    price,
                    stock: 100,
                    active: true,
                    cost_price: Some(cost),
                    tax_exempt: None,
                    low_stock_threshold: None,
                },
                now,
            )
            .expect("product")
            .product
            .id
    };
    let kopi = product("KOPI", 18_000, 6_000, drinks);
    let croissant = product("CROISSANT", 22_000, 9_000, food);
    let air = product("AIR", 8_000, 3_000, drinks);
    store
        .save_pricing_settings(
            &PricingSettings {
                tax: TaxMode::pbjt_default(),
                prices_include_tax: false,
                service_bps: 500,
                service_taxed: true,
                cash_rounding: RoundingRule {
                    step: RoundingStep::Rp500,
                    mode: RoundingMode::Down,
                },
                non_cash_rounding: RoundingRule {
                    step: RoundingStep::Rp100,
                    mode: RoundingMode::Nearest,
                },
                ..PricingSettings::default()
            },
            now,
        )
        .expect("settings");
    store
        .save_promo(
            &PromoRule {
                id: 0,
                name: "Happy Hour Minuman 20%".into(),
                value: DiscountValue::Percent { bps: 2000 },
                target: PromoTarget::Lines,
                activation: PromoActivation::Automatic,
                conditions: PromoConditions {
                    category_ids: vec![drinks],
                    hours: Some(PromoHours::hm(15, 0, 17, 0)),
                    ..Default::default()
                },
            },
            true,
            now,
        )
        .expect("promo");
    Cafe {
        store,
        kopi,
        croissant,
        air,
    }
}

fn cart(c: &Cafe) -> Vec<CartLineInput> {
    vec![
        CartLineInput::new(c.kopi, 2),
        CartLineInput::new(c.croissant, 1),
        CartLineInput::new(c.air, 1),
    ]
}

#[test]
fn the_cafe_sale_is_priced_stored_and_charged_as_the_docs_compute() {
    let c = cafe();
    let now = happy_hour_now();
    let priced = c
        .store
        .price_cart(&cart(&c), &CartOptions::default(), now)
        .expect("priced");
    assert_eq!(priced.subtotal, 66_000);
    assert_eq!(priced.discount_total, 8_800, "hemat");
    assert_eq!(priced.service_total, 2_860);
    assert_eq!(priced.tax_total, 6_006);
    assert_eq!(priced.total, 66_066, "before rounding");
    assert_eq!((priced.cash.total, priced.cash.rounding), (66_000, -66));
    assert_eq!(
        (priced.non_cash.total, priced.non_cash.rounding),
        (66_100, 34)
    );

    // Cash: the customer pays the cash total.
    let short = c.store.pay_cash(
        &PayCashRequest {
            lines: cart(&c),
            tendered: 65_999,
            cart: None,
        },
        now,
    );
    assert!(matches!(
        short,
        Err(CoreError::InsufficientTender { total: 66_000, .. })
    ));
    let cash = c
        .store
        .pay_cash(
            &PayCashRequest {
                lines: cart(&c),
                tendered: 70_000,
                cart: None,
            },
            now,
        )
        .expect("cash");
    assert_eq!(
        (cash.total, cash.rounding, cash.cash_change),
        (66_000, -66, Some(4_000))
    );
    assert_eq!(cash.service_total, 2_860);
    assert_eq!(cash.tax_label.as_deref(), Some("PBJT 10%"));
    assert_eq!(cash.discounts[0].label, "Happy Hour Minuman 20%");
    assert_eq!(cash.cost_total, 24_000);

    // QRIS: the order (and so the QR) carries the non-cash total.
    let qris = c
        .store
        .create_awaiting_order(&cart(&c), &CartOptions::default(), now)
        .expect("qris order");
    assert_eq!((qris.total, qris.rounding), (66_100, 34));
    let (attempt, _) = c
        .store
        .begin_attempt(
            qris.id,
            NewAttempt {
                id: "q1",
                gateway_order_id: "G-q1",
                provider: "emulator",
            },
            now,
        )
        .expect("attempt");
    assert_eq!(
        attempt.amount, 66_100,
        "the charge is the stored non-cash total"
    );

    // A stored breakdown that does not add up is refused by the database.
    let bad = c.store.write(|tx| {
        tx.execute(
            "UPDATE orders SET total = total + 1 WHERE id = ?1",
            [cash.id],
        )?;
        Ok(())
    });
    assert!(bad.is_err(), "the CHECK trigger refuses it");

    // Returning one coffee gives back its share of what was paid, not the shelf price.
    let state = c.store.refundable(cash.id).expect("refundable");
    let kopi_line = &state.lines[0];
    let plan = c
        .store
        .plan_refund(&RefundInput {
            order_id: cash.id,
            lines: vec![RefundLineInput {
                order_line_id: kopi_line.order_line_id,
                qty: 1,
                restock: true,
            }],
            reason: "tumpah".into(),
            to_cash: false,
            replaces_refund_id: None,
        })
        .expect("plan");
    let charged = kopi_line.charged.expect("charged");
    assert_eq!(plan.amount, charged / 2);
    assert!(
        plan.amount < 18_000,
        "the discount is not given back twice: {}",
        plan.amount
    );
    let all_charged: i64 = state.lines.iter().map(|l| l.charged.unwrap_or(0)).sum();
    assert_eq!(
        all_charged, cash.total,
        "the lines' shares add up to the total"
    );
}

#[test]
fn outside_happy_hour_no_promo_and_a_big_manual_discount_needs_the_owner() {
    let c = cafe();
    let evening = Utc
        .with_ymd_and_hms(2025, 3, 7, 13, 0, 0)
        .single()
        .expect("20:00 WIB");
    let priced = c
        .store
        .price_cart(&cart(&c), &CartOptions::default(), evening)
        .expect("priced");
    assert_eq!(priced.discount_total, 0, "happy hour is over at 20:00");
    // A 50 % cart discount above a 10 % cap, given by a cashier, needs the owner's PIN.
    let mut settings = c.store.pricing_settings().expect("s");
    settings.manual_discount_cap_bps = 1000;
    c.store
        .save_pricing_settings(&settings, evening)
        .expect("cap");
    let rina = c
        .store
        .add_user(
            &kasir_core::NewUser {
                name: "Rina".into(),
                role: kasir_core::Role::Cashier,
                pin: "802461".into(),
            },
            evening,
        )
        .expect("rina");
    let big = CartOptions {
        discount: Some(DiscountValue::Percent { bps: 5000 }),
        promo_ids: vec![],
    };
    // Rina sells in the owner's shift? No: she needs her own. Close it, open hers.
    c.store
        .close_shift(
            &kasir_core::CloseShiftInput {
                counted: kasir_core::CountedCash::Total { amount: 0 },
                note: None,
                open_bills: None,
            },
            evening,
        )
        .expect("close");
    c.store
        .sign_in(rina.id, "802461", evening)
        .expect("rina in");
    c.store.open_shift(100_000, evening).expect("rina's shift");
    let req = PayCashRequest {
        lines: cart(&c),
        tendered: 100_000,
        cart: Some(big.clone()),
    };
    let e = c.store.pay_cash(&req, evening).expect_err("above the cap");
    assert!(matches!(e, CoreError::OwnerPinRequired { .. }), "{e:?}");
    c.store
        .grant_owner_override(None, kasir_core::testing::TEST_PIN, "pay_cash", evening)
        .expect("owner PIN");
    let sold = c
        .store
        .pay_cash(&req, evening)
        .expect("with the owner's PIN");
    assert_eq!(sold.discount_total, 33_000);
}

#[test]
fn a_discount_above_its_line_or_the_cart_is_refused_with_a_message() {
    let c = cafe();
    let now = happy_hour_now();
    let mut line = CartLineInput::new(c.kopi, 1);
    line.discount = Some(DiscountValue::Amount { rupiah: 18_001 });
    let e = c
        .store
        .price_cart(&[line], &CartOptions::default(), now)
        .expect_err("above the line");
    assert!(
        e.message_id().contains("melebihi harga baris"),
        "{}",
        e.message_id()
    );
    let over = CartOptions {
        discount: Some(DiscountValue::Amount { rupiah: 66_001 }),
        promo_ids: vec![],
    };
    let e = c
        .store
        .price_cart(&cart(&c), &over, now)
        .expect_err("above the cart");
    assert!(
        e.message_id().contains("melebihi subtotal"),
        "{}",
        e.message_id()
    );
    let pct = CartOptions {
        discount: Some(DiscountValue::Percent { bps: 10_001 }),
        promo_ids: vec![],
    };
    assert!(
        c.store.price_cart(&cart(&c), &pct, now).is_err(),
        "above 100 %"
    );
}

#[test]
fn random_carts_carry_the_same_numbers_on_the_order_and_the_charge() {
    let c = cafe();
    let now = happy_hour_now();
    let ids = [c.kopi, c.croissant, c.air];
    let mut seed: u64 = 42;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for i in 0..300 {
        let lines: Vec<CartLineInput> = (0..=next(3))
            .map(|k| {
                let mut l = CartLineInput::new(ids[k as usize], 1 + next(4) as i64);
                if next(4) == 0 {
                    l.discount = Some(DiscountValue::Amount {
                        rupiah: 500 * next(5) as i64,
                    });
                }
                l
            })
            .collect();
        let options = CartOptions {
            discount: (next(3) == 0).then_some(DiscountValue::Percent { bps: 500 }),
            promo_ids: vec![],
        };
        let priced = c.store.price_cart(&lines, &options, now).expect("priced");
        let b = &priced.breakdown;
        assert_eq!(
            b.subtotal - b.hemat + b.service_charge + if b.tax_included { 0 } else { b.tax },
            b.total_before_rounding,
            "cart {i}"
        );
        let order = c
            .store
            .create_awaiting_order(&lines, &options, now)
            .expect("order");
        assert_eq!(order.total, b.non_cash.total, "cart {i}: the order row");
        assert_eq!(order.subtotal, b.subtotal);
        assert_eq!(order.discount_total, b.hemat);
        assert_eq!(order.tax_total, b.tax);
        assert_eq!(order.service_total, b.service_charge);
        let (attempt, _) = c
            .store
            .begin_attempt(
                order.id,
                NewAttempt {
                    id: &format!("r{i}"),
                    gateway_order_id: &format!("G-r{i}"),
                    provider: "emulator",
                },
                now,
            )
            .expect("attempt");
        assert_eq!(attempt.amount, order.total, "cart {i}: the charge");
        c.store.cancel_awaiting_order(order.id).expect("release");
    }
}

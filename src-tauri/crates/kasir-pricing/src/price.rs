//! The pipeline: validate → line promos → cashier line discounts → cart promos → cashier cart
//! discount → service charge → tax → rounding per tender class. See the crate docs for the rules;
//! each step's rounding is one of the two rules in [`crate::arith`].

use crate::arith::{add, allocate, mul_div_half_up, percent_of, sub, sum, BPS_100};
use crate::breakdown::{
    BreakdownDiscount, BreakdownLine, DiscountScope, DiscountSource, PriceBreakdown, UnappliedPromo,
};
use crate::error::{PricingError, Result};
use crate::format_bps;
use crate::input::{DiscountValue, PricingInput};
use crate::promo::{PromoActivation, PromoRule, PromoTarget};
use crate::qris::estimate_qris_mdr;
use crate::rounding::round_total;
use crate::settings::TaxMode;

/// Price an order. Pure: the same input always gives the same breakdown.
pub fn price_order(input: &PricingInput) -> Result<PriceBreakdown> {
    let settings = &input.settings;
    settings.validate()?;
    let lines = &input.lines;
    let n = lines.len();

    // ---- validation and gross amounts ----
    let mut gross = Vec::with_capacity(n);
    let mut cost = Vec::with_capacity(n);
    for (i, l) in lines.iter().enumerate() {
        let line = i + 1;
        if l.unit_price < 0 {
            return Err(PricingError::NegativePrice {
                line,
                price: l.unit_price,
            });
        }
        if l.cost_price < 0 {
            return Err(PricingError::NegativeCost {
                line,
                cost: l.cost_price,
            });
        }
        if l.qty <= 0 {
            return Err(PricingError::InvalidQuantity { line, qty: l.qty });
        }
        let g = l
            .unit_price
            .checked_mul(l.qty)
            .ok_or(PricingError::Overflow)?;
        if let Some(d) = l.discount {
            d.validate(&format!("Diskon barang baris {line}"))?;
            if let DiscountValue::Amount { rupiah } = d {
                if rupiah > g {
                    return Err(PricingError::LineDiscountTooLarge {
                        line,
                        discount: rupiah,
                        gross: g,
                    });
                }
            }
        }
        gross.push(g);
        cost.push(
            l.cost_price
                .checked_mul(l.qty)
                .ok_or(PricingError::Overflow)?,
        );
    }
    let subtotal = sum(gross.iter().copied())?;
    let item_count = sum(lines.iter().map(|l| l.qty))?;
    if let Some(d) = input.cart_discount {
        d.validate("Diskon transaksi")?;
        if let DiscountValue::Amount { rupiah } = d {
            if rupiah > subtotal {
                return Err(PricingError::CartDiscountTooLarge {
                    discount: rupiah,
                    subtotal,
                });
            }
        }
    }
    for (i, p) in input.promos.iter().enumerate() {
        p.validate()?;
        if input.promos[..i].iter().any(|q| q.id == p.id) {
            return Err(PricingError::DuplicatePromo { id: p.id });
        }
    }
    for id in &input.picked_promo_ids {
        if !input.promos.iter().any(|p| p.id == *id) {
            return Err(PricingError::UnknownPromo { id: *id });
        }
    }

    // ---- which promos apply (judged on gross amounts and the passed-in time) ----
    let mut active: Vec<(&PromoRule, Vec<usize>)> = Vec::new();
    let mut unapplied = Vec::new();
    for p in &input.promos {
        let picked = input.picked_promo_ids.contains(&p.id);
        if p.activation == PromoActivation::Picked && !picked {
            continue;
        }
        match p.evaluate(lines, &gross, input.at)? {
            Ok(matching) => active.push((p, matching)),
            Err(reason) if picked => unapplied.push(UnappliedPromo {
                id: p.id,
                name: p.name.clone(),
                reason,
            }),
            Err(_) => {}
        }
    }

    let cap = settings.manual_discount_cap_bps;
    let mut needs_owner_approval = false;
    let mut running = gross.clone();
    let mut discounts = Vec::new();
    let mut line_promo = vec![0i64; n];
    let mut line_discount = vec![0i64; n];
    let mut cart_promo_share = vec![0i64; n];
    let mut cart_discount_share = vec![0i64; n];

    // ---- step 1: line promos, in list order ----
    for (p, matching) in active
        .iter()
        .filter(|(p, _)| p.target == PromoTarget::Lines)
    {
        let off: Vec<i64> = match p.value {
            DiscountValue::Percent { bps } => matching
                .iter()
                .map(|&i| percent_of(running[i], bps))
                .collect::<Result<_>>()?,
            DiscountValue::Amount { rupiah } => {
                let weights: Vec<i64> = matching.iter().map(|&i| running[i]).collect();
                allocate(rupiah.min(sum(weights.iter().copied())?), &weights)?
            }
        };
        for (&i, a) in matching.iter().zip(&off) {
            running[i] -= a;
            line_promo[i] += a;
        }
        push_discount(
            &mut discounts,
            p.name.clone(),
            sum(off)?,
            DiscountScope::Line,
            Some(p.id),
        );
    }

    // ---- step 2: the cashier's line discounts ----
    for (i, l) in lines.iter().enumerate() {
        if let Some(d) = l.discount {
            let a = d.amount_off(running[i])?;
            needs_owner_approval |= exceeds_cap(d, a, running[i], cap);
            running[i] -= a;
            line_discount[i] = a;
        }
    }
    push_discount(
        &mut discounts,
        "Diskon barang".to_string(),
        sum(line_discount.iter().copied())?,
        DiscountScope::Line,
        None,
    );

    // ---- step 3: cart promos, in list order, split over lines by largest remainder ----
    for (p, _) in active.iter().filter(|(p, _)| p.target == PromoTarget::Cart) {
        let off = p.value.amount_off(sum(running.iter().copied())?)?;
        let shares = allocate(off, &running)?;
        for ((r, c), s) in running.iter_mut().zip(&mut cart_promo_share).zip(&shares) {
            *r -= s;
            *c += s;
        }
        push_discount(
            &mut discounts,
            p.name.clone(),
            off,
            DiscountScope::Cart,
            Some(p.id),
        );
    }

    // ---- step 4: the cashier's cart discount ----
    if let Some(d) = input.cart_discount {
        let base = sum(running.iter().copied())?;
        let off = d.amount_off(base)?;
        needs_owner_approval |= exceeds_cap(d, off, base, cap);
        let shares = allocate(off, &running)?;
        for (r, s) in running.iter_mut().zip(&shares) {
            *r -= s;
        }
        cart_discount_share = shares;
        let label = match d {
            DiscountValue::Percent { bps } => format!("Diskon transaksi {}", format_bps(bps)),
            DiscountValue::Amount { .. } => "Diskon transaksi".to_string(),
        };
        push_discount(&mut discounts, label, off, DiscountScope::Cart, None);
    }
    let net = running;
    let net_sales = sum(net.iter().copied())?;
    let line_discount_total = add(
        sum(line_promo.iter().copied())?,
        sum(line_discount.iter().copied())?,
    )?;
    let cart_discount_total = add(
        sum(cart_promo_share.iter().copied())?,
        sum(cart_discount_share.iter().copied())?,
    )?;
    let hemat = add(line_discount_total, cart_discount_total)?;
    let manual_discount_total = add(
        sum(line_discount.iter().copied())?,
        sum(cart_discount_share.iter().copied())?,
    )?;

    // ---- step 5: service charge on the discounted goods ----
    let service_charge = percent_of(net_sales, settings.service_bps)?;
    let service_label =
        (settings.service_bps > 0).then(|| format!("Service {}", format_bps(settings.service_bps)));

    // ---- step 6: tax, computed once on the order and split over what is taxed ----
    let taxed = settings.tax != TaxMode::None;
    let mut weights: Vec<i64> = lines
        .iter()
        .zip(&net)
        .map(|(l, &amount)| if taxed && !l.tax_exempt { amount } else { 0 })
        .collect();
    weights.push(if taxed && settings.service_taxed {
        service_charge
    } else {
        0
    });
    let taxed_amount = sum(weights.iter().copied())?;
    let rate = i128::from(settings.tax.rate_bps());
    let (base_num, base_den) = settings.tax.base_fraction();
    let k_num = base_num * rate;
    let k_den = base_den * i128::from(BPS_100);
    let tax = if settings.prices_include_tax {
        // price = sales × (1 + k)  ⇒  tax = price × k / (1 + k)
        mul_div_half_up(taxed_amount, k_num, k_den + k_num)?
    } else {
        mul_div_half_up(taxed_amount, k_num, k_den)?
    };
    let taxable_sales = if settings.prices_include_tax {
        sub(taxed_amount, tax)?
    } else {
        taxed_amount
    };
    let tax_base = mul_div_half_up(taxable_sales, base_num, base_den)?;
    let tax_shares = allocate(tax, &weights)?;
    let service_tax = tax_shares[n];

    let total_before_rounding = add(
        add(net_sales, service_charge)?,
        if settings.prices_include_tax { 0 } else { tax },
    )?;

    // ---- step 7: rounding per tender class ----
    let cash = round_total(total_before_rounding, settings.cash_rounding)?;
    let non_cash = round_total(total_before_rounding, settings.non_cash_rounding)?;
    let qris = estimate_qris_mdr(non_cash.total, settings.merchant_category)?;

    // ---- lines, cost and profit ----
    let mut out_lines = Vec::with_capacity(n);
    for (i, l) in lines.iter().enumerate() {
        let sales_excl_tax = if settings.prices_include_tax {
            net[i] - tax_shares[i]
        } else {
            net[i]
        };
        out_lines.push(BreakdownLine {
            product_id: l.product_id,
            qty: l.qty,
            unit_price: l.unit_price,
            gross: gross[i],
            line_promo: line_promo[i],
            line_discount: line_discount[i],
            cart_promo_share: cart_promo_share[i],
            cart_discount_share: cart_discount_share[i],
            net: net[i],
            tax: tax_shares[i],
            sales_excl_tax,
            cost: cost[i],
            gross_profit: sub(sales_excl_tax, cost[i])?,
        });
    }
    let cost_total = sum(cost.iter().copied())?;
    let sales_excl_tax = sum(out_lines.iter().map(|l| l.sales_excl_tax))?;

    Ok(PriceBreakdown {
        lines: out_lines,
        item_count,
        subtotal,
        discounts,
        line_discount_total,
        cart_discount_total,
        hemat,
        net_sales,
        service_label,
        service_charge,
        service_tax,
        tax_label: settings.tax.label(),
        tax_included: taxed && settings.prices_include_tax,
        taxable_sales: if taxed { taxable_sales } else { 0 },
        tax_base: if taxed { tax_base } else { 0 },
        tax,
        total_before_rounding,
        cash,
        non_cash,
        qris,
        cost_total,
        sales_excl_tax,
        gross_profit: sub(sales_excl_tax, cost_total)?,
        manual_discount_total,
        needs_owner_approval,
        applied_promo_ids: active
            .iter()
            .filter(|(p, _)| p.target == PromoTarget::Lines)
            .chain(active.iter().filter(|(p, _)| p.target == PromoTarget::Cart))
            .map(|(p, _)| p.id)
            .collect(),
        unapplied_promos: unapplied,
    })
}

/// A discount line is shown only when it took something off.
fn push_discount(
    discounts: &mut Vec<BreakdownDiscount>,
    label: String,
    amount: i64,
    scope: DiscountScope,
    promo_id: Option<i64>,
) {
    if amount > 0 {
        discounts.push(BreakdownDiscount {
            label,
            amount,
            scope,
            source: if promo_id.is_some() {
                DiscountSource::Promo
            } else {
                DiscountSource::Manual
            },
            promo_id,
        });
    }
}

/// A cashier's discount needs the owner when it takes more than `cap_bps` of the amount it was
/// applied to: a percentage is compared as set, a fixed amount by what it actually took off.
fn exceeds_cap(d: DiscountValue, taken: i64, base: i64, cap_bps: u32) -> bool {
    match d {
        DiscountValue::Percent { bps } => bps > cap_bps,
        DiscountValue::Amount { .. } => {
            i128::from(taken) * i128::from(BPS_100) > i128::from(cap_bps) * i128::from(base)
        }
    }
}

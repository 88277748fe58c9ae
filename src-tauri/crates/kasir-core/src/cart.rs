//! Cart pricing. Prices always come from the database; the frontend only says which products
//! and how many.

use chrono::{DateTime, Utc};
use kasir_pricing::{DiscountValue, PriceBreakdown, TenderTotal};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::options::{clean_note, resolve, ChosenOption};
use crate::pricing::{CartOptions, StoredLine};
use crate::Store;

/// Largest quantity of one product on one order; guards against a stuck scanner key.
pub const MAX_QTY: i64 = 9_999;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CartLineInput {
    #[ts(type = "number")]
    pub product_id: i64,
    #[ts(type = "number")]
    pub qty: i64,
    /// The cashier's discount on this line (percent or rupiah off the whole line).
    #[serde(default)]
    #[ts(optional)]
    pub discount: Option<DiscountValue>,
    /// Chosen options of the product's option groups, by id (variants and modifiers).
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<i32>>")]
    pub options: Vec<i64>,
    /// The cashier's note for this line ("tanpa es").
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

impl CartLineInput {
    pub fn new(product_id: i64, qty: i64) -> CartLineInput {
        CartLineInput {
            product_id,
            qty,
            discount: None,
            options: Vec::new(),
            note: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricedLine {
    #[ts(type = "number")]
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    /// The product's price plus the chosen options' price changes.
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub line_total: i64,
    /// Stock on hand now, so the UI can warn before paying.
    #[ts(type = "number")]
    pub stock: i64,
    /// The chosen options as they will be sold ("Large (+Rp 5.000)").
    pub options: Vec<ChosenOption>,
    /// Their ids, as sent (the cart keeps them to change the line).
    #[ts(type = "number[]")]
    pub option_ids: Vec<i64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricedCart {
    pub lines: Vec<PricedLine>,
    #[ts(type = "number")]
    pub subtotal: i64,
    #[ts(type = "number")]
    pub discount_total: i64,
    #[ts(type = "number")]
    pub tax_total: i64,
    /// Before rounding (the tender's own total is in `cash` / `nonCash`).
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub item_count: i64,
    #[ts(type = "number")]
    pub service_total: i64,
    /// Cash: rounded total and its rounding ("Pembulatan").
    pub cash: TenderTotal,
    /// QRIS and other non-cash: exactly what the QR charges.
    pub non_cash: TenderTotal,
    /// Every step: discounts with labels, service, tax, rounding, hemat, profit.
    pub breakdown: PriceBreakdown,
}

/// One line of the cart after merging: a product with one set of options and one note.
struct MergedLine {
    product_id: i64,
    qty: i64,
    discount: Option<DiscountValue>,
    options: Vec<i64>,
    note: Option<String>,
}

/// Price the cart from stored prices, settings and promos. Lines for the same product with the
/// same options and note are merged, in first-seen order (a line discount stays with its
/// line's first occurrence); the same product with other options is its own line. Unknown or
/// inactive products, options that do not fit the product, quantities ≤ 0 and overflow are
/// typed errors.
pub(crate) fn price_lines(
    conn: &Connection,
    input: &[CartLineInput],
    options: &CartOptions,
    now: DateTime<Utc>,
) -> Result<PricedCart> {
    let mut merged: Vec<MergedLine> = Vec::with_capacity(input.len());
    for line in input {
        if line.qty <= 0 {
            return Err(CoreError::InvalidQuantity { qty: line.qty });
        }
        let mut option_ids = line.options.clone();
        option_ids.sort_unstable();
        let note = clean_note(line.note.as_deref())?;
        let same = |m: &&mut MergedLine| {
            m.product_id == line.product_id && m.options == option_ids && m.note == note
        };
        match merged.iter_mut().find(same) {
            Some(m) => {
                m.qty = m.qty.checked_add(line.qty).ok_or(CoreError::Overflow)?;
                if m.discount.is_none() {
                    m.discount = line.discount;
                }
            }
            None => merged.push(MergedLine {
                product_id: line.product_id,
                qty: line.qty,
                discount: line.discount,
                options: option_ids,
                note,
            }),
        }
    }
    let mut lines = Vec::with_capacity(merged.len());
    let mut stored = Vec::with_capacity(merged.len());
    let mut subtotal: i64 = 0;
    let mut item_count: i64 = 0;
    for MergedLine {
        product_id,
        qty,
        discount,
        options: option_ids,
        note,
    } in merged
    {
        if qty > MAX_QTY {
            return Err(CoreError::Validation(format!(
                "jumlah maksimal {MAX_QTY} per barang"
            )));
        }
        let row = conn
            .query_row(
                "SELECT sku, name, price, stock, active, category_id, cost_price, tax_exempt
                 FROM products WHERE id = ?1",
                [product_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, bool>(4)?,
                        r.get::<_, Option<i64>>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, bool>(7)?,
                    ))
                },
            )
            .optional()?
            .filter(|r| r.4)
            .ok_or_else(|| CoreError::NotFound {
                what: format!("Barang #{product_id}"),
            })?;
        let (sku, name, base_price, stock, _, category_id, cost_price, tax_exempt) = row;
        let chosen = resolve(conn, product_id, &name, &option_ids)?;
        let price = chosen
            .iter()
            .try_fold(base_price, |p, o| p.checked_add(o.price_delta))
            .ok_or(CoreError::Overflow)?;
        let line_total = price.checked_mul(qty).ok_or(CoreError::Overflow)?;
        if let Some(DiscountValue::Amount { rupiah }) = discount {
            if rupiah > line_total {
                return Err(CoreError::Validation(format!(
                    "diskon {} untuk {name} melebihi harga barisnya {}",
                    kasir_shared::format_rupiah(rupiah),
                    kasir_shared::format_rupiah(line_total)
                )));
            }
        }
        subtotal = subtotal
            .checked_add(line_total)
            .ok_or(CoreError::Overflow)?;
        item_count += qty;
        stored.push(StoredLine {
            product_id,
            category_id,
            unit_price: price,
            qty,
            cost_price,
            tax_exempt,
            discount,
        });
        lines.push(PricedLine {
            product_id,
            sku,
            name,
            unit_price: price,
            qty,
            line_total,
            stock,
            options: chosen,
            option_ids,
            note,
        });
    }
    if let Some(DiscountValue::Amount { rupiah }) = options.discount {
        if rupiah > subtotal {
            return Err(CoreError::Validation(format!(
                "diskon keranjang {} melebihi subtotal {}",
                kasir_shared::format_rupiah(rupiah),
                kasir_shared::format_rupiah(subtotal)
            )));
        }
    }
    let breakdown = crate::pricing::price(conn, &stored, options, now)?;
    debug_assert_eq!(breakdown.subtotal, subtotal);
    Ok(PricedCart {
        lines,
        subtotal,
        discount_total: breakdown.hemat,
        tax_total: breakdown.tax,
        total: breakdown.total_before_rounding,
        item_count,
        service_total: breakdown.service_charge,
        cash: breakdown.cash,
        non_cash: breakdown.non_cash,
        breakdown,
    })
}

impl Store {
    /// Price a cart for display at `now` (promos by the shop's local time). An empty cart
    /// prices to zero.
    pub fn price_cart(
        &self,
        input: &[CartLineInput],
        options: &CartOptions,
        now: DateTime<Utc>,
    ) -> Result<PricedCart> {
        self.read(|c| price_lines(c, input, options, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn seeded() -> (Store, Vec<crate::Product>) {
        let store = Store::open_in_memory().expect("store");
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let products = store.catalog().expect("catalog").products;
        (store, products)
    }

    #[test]
    fn prices_from_database_and_merges_duplicate_lines() {
        let (store, p) = seeded();
        let cart = store
            .price_cart(
                &[
                    CartLineInput {
                        product_id: p[0].id,
                        qty: 2,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                    CartLineInput {
                        product_id: p[1].id,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                    CartLineInput {
                        product_id: p[0].id,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                ],
                &Default::default(),
                chrono::Utc::now(),
            )
            .expect("priced");
        assert_eq!(cart.lines.len(), 2, "same product twice becomes one line");
        assert_eq!(cart.lines[0].qty, 3);
        assert_eq!(cart.lines[0].line_total, p[0].price * 3);
        assert_eq!(cart.subtotal, p[0].price * 3 + p[1].price);
        assert_eq!(cart.total, cart.subtotal);
        assert_eq!(cart.item_count, 4);
    }

    #[test]
    fn empty_cart_prices_to_zero() {
        let (store, _) = seeded();
        let cart = store
            .price_cart(&[], &Default::default(), chrono::Utc::now())
            .expect("priced");
        assert_eq!((cart.total, cart.item_count, cart.lines.len()), (0, 0, 0));
    }

    #[test]
    fn rejects_unknown_product_and_non_positive_quantity() {
        let (store, p) = seeded();
        let err = store
            .price_cart(
                &[CartLineInput {
                    product_id: 999_999,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                &Default::default(),
                chrono::Utc::now(),
            )
            .expect_err("unknown product");
        assert_eq!(err.kind().as_str(), "not_found");
        for qty in [0, -1] {
            let err = store
                .price_cart(
                    &[CartLineInput {
                        product_id: p[0].id,
                        qty,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    }],
                    &Default::default(),
                    chrono::Utc::now(),
                )
                .expect_err("bad qty");
            assert!(matches!(err, CoreError::InvalidQuantity { .. }), "{err:?}");
        }
        let err = store
            .price_cart(
                &[CartLineInput {
                    product_id: p[0].id,
                    qty: MAX_QTY + 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                &Default::default(),
                chrono::Utc::now(),
            )
            .expect_err("too many");
        assert_eq!(err.kind().as_str(), "validation");
    }

    #[test]
    fn inactive_product_cannot_be_sold() {
        let (store, p) = seeded();
        store
            .write(|tx| {
                tx.execute("UPDATE products SET active = 0 WHERE id = ?1", [p[0].id])?;
                Ok(())
            })
            .expect("deactivate");
        let err = store
            .price_cart(
                &[CartLineInput {
                    product_id: p[0].id,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                &Default::default(),
                chrono::Utc::now(),
            )
            .expect_err("inactive");
        assert_eq!(err.kind().as_str(), "not_found");
    }
}

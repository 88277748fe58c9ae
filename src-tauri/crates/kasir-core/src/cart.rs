//! Cart pricing. Prices always come from the database; the frontend only says which products
//! and how many.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::product_by_id;
use crate::error::{CoreError, Result};
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
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricedLine {
    #[ts(type = "number")]
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub line_total: i64,
    /// Stock on hand now, so the UI can warn before paying.
    #[ts(type = "number")]
    pub stock: i64,
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
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub item_count: i64,
}

/// Price the cart from stored prices. Lines for the same product are merged, in first-seen
/// order. Unknown or inactive products, quantities ≤ 0 and overflow are typed errors.
pub(crate) fn price_lines(conn: &Connection, input: &[CartLineInput]) -> Result<PricedCart> {
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(input.len());
    for line in input {
        if line.qty <= 0 {
            return Err(CoreError::InvalidQuantity { qty: line.qty });
        }
        match merged.iter_mut().find(|(id, _)| *id == line.product_id) {
            Some((_, qty)) => *qty = qty.checked_add(line.qty).ok_or(CoreError::Overflow)?,
            None => merged.push((line.product_id, line.qty)),
        }
    }
    let mut lines = Vec::with_capacity(merged.len());
    let mut subtotal: i64 = 0;
    let mut item_count: i64 = 0;
    for (product_id, qty) in merged {
        if qty > MAX_QTY {
            return Err(CoreError::Validation(format!(
                "jumlah maksimal {MAX_QTY} per barang"
            )));
        }
        let product = product_by_id(conn, product_id)?
            .filter(|p| p.active)
            .ok_or_else(|| CoreError::NotFound {
                what: format!("Barang #{product_id}"),
            })?;
        let line_total = product.price.checked_mul(qty).ok_or(CoreError::Overflow)?;
        subtotal = subtotal
            .checked_add(line_total)
            .ok_or(CoreError::Overflow)?;
        item_count += qty;
        lines.push(PricedLine {
            product_id,
            sku: product.sku,
            name: product.name,
            unit_price: product.price,
            qty,
            line_total,
            stock: product.stock,
        });
    }
    Ok(PricedCart {
        lines,
        subtotal,
        discount_total: 0,
        tax_total: 0,
        total: subtotal,
        item_count,
    })
}

impl Store {
    /// Price a cart for display. An empty cart prices to zero.
    pub fn price_cart(&self, input: &[CartLineInput]) -> Result<PricedCart> {
        self.read(|c| price_lines(c, input))
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
            .price_cart(&[
                CartLineInput {
                    product_id: p[0].id,
                    qty: 2,
                },
                CartLineInput {
                    product_id: p[1].id,
                    qty: 1,
                },
                CartLineInput {
                    product_id: p[0].id,
                    qty: 1,
                },
            ])
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
        let cart = store.price_cart(&[]).expect("priced");
        assert_eq!((cart.total, cart.item_count, cart.lines.len()), (0, 0, 0));
    }

    #[test]
    fn rejects_unknown_product_and_non_positive_quantity() {
        let (store, p) = seeded();
        let err = store
            .price_cart(&[CartLineInput {
                product_id: 999_999,
                qty: 1,
            }])
            .expect_err("unknown product");
        assert_eq!(err.kind().as_str(), "not_found");
        for qty in [0, -1] {
            let err = store
                .price_cart(&[CartLineInput {
                    product_id: p[0].id,
                    qty,
                }])
                .expect_err("bad qty");
            assert!(matches!(err, CoreError::InvalidQuantity { .. }), "{err:?}");
        }
        let err = store
            .price_cart(&[CartLineInput {
                product_id: p[0].id,
                qty: MAX_QTY + 1,
            }])
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
            .price_cart(&[CartLineInput {
                product_id: p[0].id,
                qty: 1,
            }])
            .expect_err("inactive");
        assert_eq!(err.kind().as_str(), "not_found");
    }
}

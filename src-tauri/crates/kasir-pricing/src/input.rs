//! What the pricing is computed from: the stored order lines, the cashier's discounts, the saved
//! promos, the shop's settings and the shop-local time of the sale (passed in, never read here).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::arith::BPS_100;
use crate::error::{PricingError, Result};
use crate::promo::PromoRule;
use crate::settings::PricingSettings;

/// A discount: a percentage (basis points, `1000` = 10 %) of the amount it applies to, or a
/// fixed rupiah amount. JSON: `{ "type": "percent", "bps": 1000 }` or
/// `{ "type": "amount", "rupiah": 5000 }`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum DiscountValue {
    Percent {
        bps: u32,
    },
    Amount {
        #[ts(type = "number")]
        rupiah: i64,
    },
}

impl DiscountValue {
    /// `what` names the discount in the error ("Diskon barang baris 2", "Promo \"Happy Hour\"").
    pub(crate) fn validate(&self, what: &str) -> Result<()> {
        match *self {
            DiscountValue::Percent { bps } if bps > BPS_100 => Err(PricingError::PercentTooLarge {
                what: what.to_string(),
                bps,
            }),
            DiscountValue::Amount { rupiah } if rupiah < 0 => Err(PricingError::NegativeAmount {
                what: what.to_string(),
                amount: rupiah,
            }),
            _ => Ok(()),
        }
    }

    /// The rupiah this discount takes off `running` (the amount it is applied to, ≥ 0): a
    /// percentage rounded half up, a fixed amount capped at `running` so nothing goes below 0.
    pub(crate) fn amount_off(&self, running: i64) -> Result<i64> {
        Ok(match *self {
            DiscountValue::Percent { bps } => crate::arith::percent_of(running, bps)?,
            DiscountValue::Amount { rupiah } => rupiah.min(running),
        })
    }
}

/// One order line as stored: prices are copied from the product at sale time.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricingLineInput {
    #[ts(type = "number")]
    pub product_id: i64,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub category_id: Option<i64>,
    /// Shelf price of one unit (inclusive or exclusive of tax, as the settings say).
    #[ts(type = "number")]
    pub unit_price: i64,
    #[ts(type = "number")]
    pub qty: i64,
    /// Cost price (HPP) of one unit, copied onto the line at sale time.
    #[ts(type = "number")]
    pub cost_price: i64,
    /// Not taxed at all (e.g. sembako).
    #[serde(default)]
    pub tax_exempt: bool,
    /// The cashier's discount on this line; a fixed amount is off the whole line, not per unit.
    #[serde(default)]
    pub discount: Option<DiscountValue>,
}

/// Everything [`crate::price_order`] needs.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricingInput {
    pub lines: Vec<PricingLineInput>,
    /// The cashier's discount on the whole order.
    #[serde(default)]
    pub cart_discount: Option<DiscountValue>,
    /// Saved promos; automatic ones apply when their conditions hold.
    #[serde(default)]
    pub promos: Vec<PromoRule>,
    /// Ids (in `promos`) of the promos the cashier picked.
    #[ts(type = "number[]")]
    #[serde(default)]
    pub picked_promo_ids: Vec<i64>,
    pub settings: PricingSettings,
    /// Shop-local wall-clock time of the sale (`YYYY-MM-DDTHH:MM:SS`), for promo conditions.
    #[ts(type = "string")]
    pub at: NaiveDateTime,
}

impl PricingLineInput {
    /// A line without category, cost, discount or tax exemption; add them with the builders.
    pub fn new(product_id: i64, unit_price: i64, qty: i64) -> PricingLineInput {
        PricingLineInput {
            product_id,
            category_id: None,
            unit_price,
            qty,
            cost_price: 0,
            tax_exempt: false,
            discount: None,
        }
    }

    pub fn category(mut self, category_id: i64) -> Self {
        self.category_id = Some(category_id);
        self
    }

    /// Cost price (HPP) per unit.
    pub fn cost(mut self, cost_price: i64) -> Self {
        self.cost_price = cost_price;
        self
    }

    pub fn tax_exempt(mut self) -> Self {
        self.tax_exempt = true;
        self
    }

    pub fn discount(mut self, discount: DiscountValue) -> Self {
        self.discount = Some(discount);
        self
    }
}

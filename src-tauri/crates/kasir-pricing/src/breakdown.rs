//! What [`crate::price_order`] returns: every number the cart panel, the cash dialog, the QRIS
//! modal, the receipt, the stored order and the reports show, computed once.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;

/// One order line after pricing. `gross − linePromo − lineDiscount − cartPromoShare −
/// cartDiscountShare = net`; with inclusive prices `net = salesExclTax + tax`, with exclusive
/// prices `net = salesExclTax` and the tax comes on top.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BreakdownLine {
    #[ts(type = "number")]
    pub product_id: i64,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub unit_price: i64,
    /// `unitPrice × qty`.
    #[ts(type = "number")]
    pub gross: i64,
    /// Line promos (step 1).
    #[ts(type = "number")]
    pub line_promo: i64,
    /// The cashier's line discount (step 2).
    #[ts(type = "number")]
    pub line_discount: i64,
    /// This line's share of the cart promos (step 3).
    #[ts(type = "number")]
    pub cart_promo_share: i64,
    /// This line's share of the cashier's cart discount (step 4).
    #[ts(type = "number")]
    pub cart_discount_share: i64,
    /// After every discount, in shelf-price terms.
    #[ts(type = "number")]
    pub net: i64,
    /// This line's share of the order's tax (0 when tax-exempt).
    #[ts(type = "number")]
    pub tax: i64,
    /// Net sales of this line without tax: the revenue the profit is computed on.
    #[ts(type = "number")]
    pub sales_excl_tax: i64,
    /// `costPrice × qty` (HPP).
    #[ts(type = "number")]
    pub cost: i64,
    /// `salesExclTax − cost` (may be negative: sold below cost).
    #[ts(type = "number")]
    pub gross_profit: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DiscountScope {
    Line,
    Cart,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DiscountSource {
    Promo,
    /// Given by the cashier.
    Manual,
}

/// One discount line of the breakdown, in the order it was applied. The cashier's line
/// discounts are one entry ("Diskon barang") summed over the lines; each promo is one entry.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BreakdownDiscount {
    pub label: String,
    #[ts(type = "number")]
    pub amount: i64,
    pub scope: DiscountScope,
    pub source: DiscountSource,
    #[ts(type = "number | null")]
    pub promo_id: Option<i64>,
}

/// The final total for one tender class: `totalBeforeRounding + rounding = total`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TenderTotal {
    /// The rounding step in rupiah (1 = no rounding).
    #[ts(type = "number")]
    pub step: i64,
    /// Pembulatan: negative when rounded down; `|rounding| < step`.
    #[ts(type = "number")]
    pub rounding: i64,
    #[ts(type = "number")]
    pub total: i64,
}

/// The owner's estimate of what QRIS costs on this sale; never charged to the buyer.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QrisMdrEstimate {
    /// The QRIS charge: exactly the non-cash rounded total.
    #[ts(type = "number")]
    pub amount: i64,
    pub mdr_bps: u32,
    #[ts(type = "number")]
    pub mdr: i64,
    /// `amount − mdr`: what the acquirer is expected to settle.
    #[ts(type = "number")]
    pub net_settlement: i64,
}

/// A promo the cashier picked whose conditions do not hold now.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnappliedPromo {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Why not, in Indonesian ("minimum belanja Rp 50.000 (baru Rp 30.000)").
    pub reason: String,
}

/// The whole price of an order. Identities (tested as properties):
/// `subtotal − hemat = netSales = Σ line.net`;
/// `totalBeforeRounding = netSales + serviceCharge + (taxIncluded ? 0 : tax)`;
/// `tax = Σ line.tax + serviceTax`; `tender.total = totalBeforeRounding + tender.rounding`.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PriceBreakdown {
    pub lines: Vec<BreakdownLine>,
    #[ts(type = "number")]
    pub item_count: i64,
    /// `Σ gross`.
    #[ts(type = "number")]
    pub subtotal: i64,
    pub discounts: Vec<BreakdownDiscount>,
    /// Line promos + cashier line discounts.
    #[ts(type = "number")]
    pub line_discount_total: i64,
    /// Cart promos + cashier cart discount.
    #[ts(type = "number")]
    pub cart_discount_total: i64,
    /// Total savings ("hemat Rp …") = every discount.
    #[ts(type = "number")]
    pub hemat: i64,
    /// `subtotal − hemat`, in shelf-price terms.
    #[ts(type = "number")]
    pub net_sales: i64,
    /// "Service 5%", `None` without service charge.
    pub service_label: Option<String>,
    /// In shelf-price terms (with inclusive prices it includes its own tax when taxed).
    #[ts(type = "number")]
    pub service_charge: i64,
    /// The part of `tax` on the service charge.
    #[ts(type = "number")]
    pub service_tax: i64,
    /// "PPN 12% (DPP 11/12)", "PBJT 10%", `None` without tax.
    pub tax_label: Option<String>,
    /// Prices include the tax: it is shown as "termasuk", not added.
    pub tax_included: bool,
    /// Selling price without tax of everything taxed (goods and, when taxed, service).
    #[ts(type = "number")]
    pub taxable_sales: i64,
    /// DPP: what the rate applies to (`taxableSales × 11/12` for PPN on DPP 11/12).
    #[ts(type = "number")]
    pub tax_base: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub total_before_rounding: i64,
    pub cash: TenderTotal,
    /// QRIS and other non-cash tenders.
    pub non_cash: TenderTotal,
    pub qris: QrisMdrEstimate,
    /// `Σ line.cost` (HPP).
    #[ts(type = "number")]
    pub cost_total: i64,
    /// Net sales of the goods without tax (service charge excluded).
    #[ts(type = "number")]
    pub sales_excl_tax: i64,
    /// Laba kotor: `salesExclTax − costTotal`.
    #[ts(type = "number")]
    pub gross_profit: i64,
    /// The cashier's own discounts (not promos), in rupiah.
    #[ts(type = "number")]
    pub manual_discount_total: i64,
    /// A cashier's discount exceeds `manualDiscountCapBps`: ask for the owner's PIN.
    pub needs_owner_approval: bool,
    /// Promos whose conditions held, in the order applied.
    #[ts(type = "number[]")]
    pub applied_promo_ids: Vec<i64>,
    pub unapplied_promos: Vec<UnappliedPromo>,
}

impl PriceBreakdown {
    /// The QRIS charge (the non-cash rounded total), refused outside Rp 1 – Rp 10.000.000.
    pub fn qris_amount(&self) -> Result<i64> {
        crate::qris::check_qris_amount(self.non_cash.total)
    }
}

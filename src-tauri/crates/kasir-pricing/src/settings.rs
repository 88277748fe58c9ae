//! The shop's "Pajak & Harga" settings, as values.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::arith::BPS_100;
use crate::error::{PricingError, Result};
use crate::format_bps;

/// Default PPN rate: 12 % (on a DPP of 11/12 of the price, i.e. effectively 11 %).
pub const PPN_DEFAULT_BPS: u32 = 1200;
/// Default PBJT (PB1) rate for food and drink: 10 %.
pub const PBJT_DEFAULT_BPS: u32 = 1000;

/// Which tax the shop charges.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(
    tag = "mode",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TaxMode {
    None,
    /// PPN at `rate_bps` of the tax base (DPP).
    Ppn {
        rate_bps: u32,
        base: PpnBase,
    },
    /// PBJT / PB1 (regional tax on food and drink) at `rate_bps` of the price.
    Pbjt {
        rate_bps: u32,
    },
}

/// The PPN tax base (DPP) as a fraction of the selling price excluding tax.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PpnBase {
    /// DPP nilai lain = 11/12 of the price (the 2025 rule for non-luxury goods).
    ElevenTwelfths,
    /// DPP = the full price (luxury goods).
    Full,
}

impl TaxMode {
    /// PPN 12 % on DPP 11/12.
    pub fn ppn_default() -> TaxMode {
        TaxMode::Ppn {
            rate_bps: PPN_DEFAULT_BPS,
            base: PpnBase::ElevenTwelfths,
        }
    }

    /// PBJT 10 %.
    pub fn pbjt_default() -> TaxMode {
        TaxMode::Pbjt {
            rate_bps: PBJT_DEFAULT_BPS,
        }
    }

    pub(crate) fn rate_bps(&self) -> u32 {
        match *self {
            TaxMode::None => 0,
            TaxMode::Ppn { rate_bps, .. } | TaxMode::Pbjt { rate_bps } => rate_bps,
        }
    }

    /// DPP = selling price × `num / den`.
    pub(crate) fn base_fraction(&self) -> (i128, i128) {
        match *self {
            TaxMode::Ppn {
                base: PpnBase::ElevenTwelfths,
                ..
            } => (11, 12),
            _ => (1, 1),
        }
    }

    /// "PPN 12% (DPP 11/12)", "PPN 12%", "PBJT 10%"; `None` without tax.
    pub fn label(&self) -> Option<String> {
        match *self {
            TaxMode::None => None,
            TaxMode::Ppn {
                rate_bps,
                base: PpnBase::ElevenTwelfths,
            } => Some(format!("PPN {} (DPP 11/12)", format_bps(rate_bps))),
            TaxMode::Ppn {
                rate_bps,
                base: PpnBase::Full,
            } => Some(format!("PPN {}", format_bps(rate_bps))),
            TaxMode::Pbjt { rate_bps } => Some(format!("PBJT {}", format_bps(rate_bps))),
        }
    }
}

/// Rounding step of a final total.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[ts(export)]
pub enum RoundingStep {
    #[serde(rename = "none")]
    None,
    #[serde(rename = "100")]
    Rp100,
    #[serde(rename = "500")]
    Rp500,
    #[serde(rename = "1000")]
    Rp1000,
}

impl RoundingStep {
    /// The step in rupiah; `None` is 1 (whole rupiah, i.e. no rounding).
    pub fn rupiah(self) -> i64 {
        match self {
            RoundingStep::None => 1,
            RoundingStep::Rp100 => 100,
            RoundingStep::Rp500 => 500,
            RoundingStep::Rp1000 => 1000,
        }
    }
}

/// Which way a total is rounded to its step. `Nearest` takes an exact half up.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RoundingMode {
    Down,
    Nearest,
    Up,
}

/// How one tender class (cash, non-cash) rounds the final total.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoundingRule {
    pub step: RoundingStep,
    pub mode: RoundingMode,
}

impl RoundingRule {
    pub const NONE: RoundingRule = RoundingRule {
        step: RoundingStep::None,
        mode: RoundingMode::Nearest,
    };
}

/// The merchant category that sets the QRIS MDR (Bank Indonesia).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum QrisMerchantCategory {
    /// Usaha mikro (UMI): 0 % up to Rp 500.000 per transaction, 0,3 % above.
    Micro,
    /// Every other merchant: 0,7 %.
    Other,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PricingSettings {
    pub tax: TaxMode,
    /// Shelf prices already include the tax (it is extracted), or not (it is added).
    pub prices_include_tax: bool,
    /// Service charge in basis points of the discounted goods; `0` = no service charge.
    pub service_bps: u32,
    /// The service charge is itself taxed.
    pub service_taxed: bool,
    pub cash_rounding: RoundingRule,
    pub non_cash_rounding: RoundingRule,
    /// A cashier's own discount taking more than this (basis points of what it applies to)
    /// needs the owner's PIN; `10000` = never.
    pub manual_discount_cap_bps: u32,
    pub merchant_category: QrisMerchantCategory,
}

impl Default for PricingSettings {
    /// No tax, exclusive prices, no service, no rounding, no discount cap, micro merchant.
    fn default() -> Self {
        PricingSettings {
            tax: TaxMode::None,
            prices_include_tax: false,
            service_bps: 0,
            service_taxed: false,
            cash_rounding: RoundingRule::NONE,
            non_cash_rounding: RoundingRule::NONE,
            manual_discount_cap_bps: BPS_100,
            merchant_category: QrisMerchantCategory::Micro,
        }
    }
}

impl PricingSettings {
    /// Rates outside 0–100 % are refused.
    pub fn validate(&self) -> Result<()> {
        let checks = [
            ("Tarif pajak", self.tax.rate_bps()),
            ("Biaya layanan", self.service_bps),
            ("Batas diskon kasir", self.manual_discount_cap_bps),
        ];
        for (what, bps) in checks {
            if bps > BPS_100 {
                return Err(PricingError::PercentTooLarge {
                    what: what.to_string(),
                    bps,
                });
            }
        }
        Ok(())
    }
}

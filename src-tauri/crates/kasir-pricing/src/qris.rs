//! QRIS facts: the amount limits of one charge and the estimated MDR (merchant discount rate).
//!
//! Bank Indonesia forbids passing the MDR to the buyer, so it is never a line of the bill; the
//! estimate is for the owner's reports. Rule: the rate is chosen on the whole charge (micro
//! merchant: 0 % up to and including Rp 500.000, 0,3 % above it, on the whole amount; any other
//! merchant: 0,7 %), and the MDR is that percentage rounded **half up** to whole rupiah (the
//! crate's one percent rule). Acquirers may round differently; this is an estimate.

use crate::arith::percent_of;
use crate::breakdown::QrisMdrEstimate;
use crate::error::{PricingError, Result};
use crate::settings::QrisMerchantCategory;

pub use kasir_shared::money::{QRIS_MAX_AMOUNT, QRIS_MIN_AMOUNT};
/// A micro merchant pays no MDR on charges up to and including this.
pub const MDR_MICRO_FREE_UP_TO: i64 = 500_000;
/// 0,3 %: micro merchant above [`MDR_MICRO_FREE_UP_TO`].
pub const MDR_MICRO_BPS: u32 = 30;
/// 0,7 %: every other merchant.
pub const MDR_OTHER_BPS: u32 = 70;

/// `Ok(amount)` when QRIS may charge it (Rp 1 – Rp 10.000.000), else a typed error.
pub fn check_qris_amount(amount: i64) -> Result<i64> {
    if amount < QRIS_MIN_AMOUNT {
        Err(PricingError::QrisAmountTooSmall { amount })
    } else if amount > QRIS_MAX_AMOUNT {
        Err(PricingError::QrisAmountTooLarge { amount })
    } else {
        Ok(amount)
    }
}

/// The MDR rate for one charge.
pub fn qris_mdr_bps(amount: i64, category: QrisMerchantCategory) -> u32 {
    match category {
        QrisMerchantCategory::Micro if amount <= MDR_MICRO_FREE_UP_TO => 0,
        QrisMerchantCategory::Micro => MDR_MICRO_BPS,
        QrisMerchantCategory::Other => MDR_OTHER_BPS,
    }
}

/// Estimated MDR and net settlement of a QRIS charge of `amount` (≤ 0 costs nothing).
pub fn estimate_qris_mdr(amount: i64, category: QrisMerchantCategory) -> Result<QrisMdrEstimate> {
    let mdr_bps = qris_mdr_bps(amount, category);
    let mdr = if amount > 0 {
        percent_of(amount, mdr_bps)?
    } else {
        0
    };
    Ok(QrisMdrEstimate {
        amount,
        mdr_bps,
        mdr,
        net_settlement: crate::arith::sub(amount, mdr)?,
    })
}

//! Rounding of the final total, per tender class (step 5 of the pipeline).

use crate::breakdown::TenderTotal;
use crate::error::{PricingError, Result};
use crate::settings::{RoundingMode, RoundingRule};

/// Round `total` (≥ 0) to the rule's step: `Down` to the multiple below, `Up` to the multiple
/// above, `Nearest` to the closer one with an exact half going up. A total already on the step is
/// unchanged. One guard: a positive total is never rounded to Rp 0 (that would give the goods
/// away); it stays unrounded instead. So `0 ≤ total`, `|rounding| < step`.
pub fn round_total(total: i64, rule: RoundingRule) -> Result<TenderTotal> {
    debug_assert!(total >= 0, "totals are never negative");
    let step = rule.step.rupiah();
    let rem = total.rem_euclid(step);
    let down = total - rem;
    let up = if rem == 0 {
        total
    } else {
        down.checked_add(step).ok_or(PricingError::Overflow)?
    };
    let mut rounded = match rule.mode {
        RoundingMode::Down => down,
        RoundingMode::Up => up,
        RoundingMode::Nearest if rem * 2 >= step => up,
        RoundingMode::Nearest => down,
    };
    if rounded == 0 && total > 0 {
        rounded = total;
    }
    Ok(TenderTotal {
        step,
        rounding: rounded - total,
        total: rounded,
    })
}

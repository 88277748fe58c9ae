//! The two rounding rules of the crate, written once:
//!
//! - [`mul_div_half_up`]: every percent amount (discount, service, tax, MDR) is the exact
//!   fraction of a non-negative rupiah amount, rounded **half up** to whole rupiah, computed in
//!   `i128` so no intermediate can overflow;
//! - [`allocate`]: every order-level amount (a cart discount, the tax) is split over lines by the
//!   **largest remainder** method, proportional to the lines' current amounts, so the lines sum
//!   exactly to the order-level amount.
//!
//! Plus the checked `i64` sums the pipeline uses.

use crate::error::{PricingError, Result};

/// Basis points in 100 %.
pub const BPS_100: u32 = 10_000;

/// `amount × num / den`, rounded half up (…,5 goes up). `amount ≥ 0`, `num ≥ 0`, `den > 0`.
pub(crate) fn mul_div_half_up(amount: i64, num: i128, den: i128) -> Result<i64> {
    debug_assert!(amount >= 0 && num >= 0 && den > 0, "non-negative operands");
    let n = i128::from(amount)
        .checked_mul(num)
        .ok_or(PricingError::Overflow)?;
    // floor(n/den + 1/2) == floor((2n + den) / 2den), exact for any den.
    let q = n
        .checked_mul(2)
        .and_then(|x| x.checked_add(den))
        .ok_or(PricingError::Overflow)?
        / (den * 2);
    i64::try_from(q).map_err(|_| PricingError::Overflow)
}

/// `bps` basis points of `amount`, rounded half up.
pub(crate) fn percent_of(amount: i64, bps: u32) -> Result<i64> {
    mul_div_half_up(amount, i128::from(bps), i128::from(BPS_100))
}

/// Split `total` over `weights` (all ≥ 0) proportionally, by largest remainder: each part is
/// `floor(total × w / Σw)`, and the rupiah left over go one each to the largest remainders
/// (ties: the earlier line). The parts sum exactly to `total`; when `total ≤ Σw` no part exceeds
/// its weight, and a zero weight gets zero. With `Σw = 0` the whole `total` goes to the first
/// weight (callers only do that with `total = 0`).
pub(crate) fn allocate(total: i64, weights: &[i64]) -> Result<Vec<i64>> {
    debug_assert!(total >= 0 && weights.iter().all(|w| *w >= 0));
    let mut parts = vec![0i64; weights.len()];
    if weights.is_empty() || total == 0 {
        return Ok(parts);
    }
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if sum == 0 {
        parts[0] = total;
        return Ok(parts);
    }
    let t = i128::from(total);
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    let mut given: i128 = 0;
    for (i, w) in weights.iter().enumerate() {
        let n = t
            .checked_mul(i128::from(*w))
            .ok_or(PricingError::Overflow)?;
        let q = n / sum;
        parts[i] = i64::try_from(q).map_err(|_| PricingError::Overflow)?;
        given += q;
        remainders.push((n % sum, i));
    }
    let left = usize::try_from(t - given).map_err(|_| PricingError::Overflow)?;
    // Largest remainder first; equal remainders keep line order (stable sort).
    remainders.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (_, i) in remainders.into_iter().take(left) {
        parts[i] += 1;
    }
    Ok(parts)
}

/// Checked sum of rupiah amounts.
pub(crate) fn sum(values: impl IntoIterator<Item = i64>) -> Result<i64> {
    values.into_iter().try_fold(0i64, |acc, v| {
        acc.checked_add(v).ok_or(PricingError::Overflow)
    })
}

pub(crate) fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or(PricingError::Overflow)
}

pub(crate) fn sub(a: i64, b: i64) -> Result<i64> {
    a.checked_sub(b).ok_or(PricingError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_rounds_exact_halves_up_and_the_rest_to_nearest() {
        let cases = [
            // (amount, bps, expected, why)
            (15, 1000, 2, "1,5 rounds half up to 2"),
            (14, 1000, 1, "1,4 rounds down to 1"),
            (25, 1000, 3, "2,5 rounds half up to 3, not to even"),
            (1, 5000, 1, "0,5 rounds up to 1"),
            (1, 4999, 0, "0,4999 rounds down to 0"),
            (0, 10_000, 0, "nothing of nothing"),
            (100_000, 1100, 11_000, "exact amounts stay exact"),
        ];
        for (amount, bps, expected, why) in cases {
            assert_eq!(percent_of(amount, bps).unwrap(), expected, "{why}");
        }
        assert_eq!(
            mul_div_half_up(1, 1, 3).unwrap(),
            0,
            "a third rounds down, odd denominators are exact"
        );
        assert_eq!(mul_div_half_up(2, 1, 3).unwrap(), 1, "two thirds round up");
    }

    #[test]
    fn half_up_reports_overflow_instead_of_wrapping() {
        assert_eq!(
            mul_div_half_up(i64::MAX, 3, 1),
            Err(PricingError::Overflow),
            "a result beyond i64 is a typed error"
        );
        assert_eq!(
            percent_of(i64::MAX, 10_000).unwrap(),
            i64::MAX,
            "the i128 intermediate holds i64::MAX × 10 000"
        );
    }

    #[test]
    fn largest_remainder_sums_exactly_and_favours_the_largest_fraction() {
        assert_eq!(
            allocate(100, &[1, 1, 1]).unwrap(),
            vec![34, 33, 33],
            "equal remainders: the leftover rupiah goes to the first line"
        );
        assert_eq!(
            allocate(10, &[5, 3, 2]).unwrap(),
            vec![5, 3, 2],
            "exact proportions need no leftover"
        );
        assert_eq!(
            allocate(7, &[10, 20, 0, 40]).unwrap(),
            vec![1, 2, 0, 4],
            "1,0 + 2,0 + 4,0: a zero weight gets nothing"
        );
        assert_eq!(
            allocate(5, &[1, 1, 98]).unwrap(),
            vec![0, 0, 5],
            "0,05 + 0,05 + 4,9: the largest remainder (0,9) takes the leftover"
        );
        assert_eq!(
            allocate(0, &[3, 4]).unwrap(),
            vec![0, 0],
            "nothing to split"
        );
        assert_eq!(
            allocate(3, &[0, 0]).unwrap(),
            vec![3, 0],
            "no weights: first"
        );
    }
}

//! Rupiah formatting, and the QRIS amount range. Money is always `i64` whole rupiah.

/// The smallest and largest QRIS charge per transaction (Rp 1 – Rp 10.000.000): one home for
/// the gateway clients, the emulator and the pricing crate.
pub const QRIS_MIN_AMOUNT: i64 = 1;
pub const QRIS_MAX_AMOUNT: i64 = 10_000_000;

/// `15000` → `"15.000"`: digits grouped by three with dots, as Indonesian counts are written.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    grouped
}

/// `15000` → `"Rp 15.000"`, `-2000` → `"-Rp 2.000"`.
pub fn format_rupiah(amount: i64) -> String {
    let grouped = group_thousands(amount.unsigned_abs());
    if amount < 0 {
        format!("-Rp {grouped}")
    } else {
        format!("Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_rupiah;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(15000), "Rp 15.000");
        assert_eq!(format_rupiah(1_234_567), "Rp 1.234.567");
        assert_eq!(format_rupiah(-2000), "-Rp 2.000");
        assert_eq!(format_rupiah(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }
}

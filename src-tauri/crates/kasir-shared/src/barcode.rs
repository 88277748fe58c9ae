//! EAN-13 (GS1) arithmetic, in one place for the catalogue (validation, in-store codes) and the
//! printers (label barcodes). Pure functions, no I/O.

/// GS1 check digit of the first 12 digits of an EAN-13 (non-digits are skipped).
pub fn ean13_check_digit(first12: &str) -> u32 {
    let sum: u32 = first12
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
}

/// True for 13 ASCII digits whose last one is the GS1 check digit of the others.
pub fn is_valid_ean13(code: &str) -> bool {
    code.len() == 13
        && code.bytes().all(|b| b.is_ascii_digit())
        && code[12..].parse::<u32>().ok() == Some(ean13_check_digit(&code[..12]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_matches_gs1_examples() {
        // 4006381333931 is the textbook GS1 example.
        assert_eq!(ean13_check_digit("400638133393"), 1);
        // ISBN-13 978-0-306-40615-7, the standard worked example.
        assert_eq!(ean13_check_digit("978030640615"), 7);
    }

    #[test]
    fn validity_needs_thirteen_digits_and_the_right_check_digit() {
        assert!(is_valid_ean13("4006381333931"));
        assert!(!is_valid_ean13("4006381333932"), "wrong check digit");
        assert!(!is_valid_ean13("400638133393"), "12 digits");
        assert!(!is_valid_ean13("40063813339a1"), "a letter");
    }
}

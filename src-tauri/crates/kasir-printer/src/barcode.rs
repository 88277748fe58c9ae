//! The barcode of a product label: which symbology a product code prints as ([`Symbol::for_code`])
//! and, for outputs that draw the bars themselves (the A4 PDF sheet), its module pattern (one
//! `bool` per module, `true` = bar) with the quiet zones the standard asks for.
//!
//! - EAN-13 and EAN-8 after the GS1 General Specifications (ISO/IEC 15420): left-hand digits in
//!   number sets A (odd parity, "L") and B (even parity, "G"), right-hand digits in set C ("R");
//!   the first EAN-13 digit is carried by the A/B pattern of the left half. Quiet zones 11/7
//!   modules (EAN-13) and 7/7 (EAN-8).
//! - CODE128 after ISO/IEC 15417: code set C for digit pairs, code set B otherwise; modulo-103
//!   check symbol; quiet zones of 10 modules.
//!
//! Check digits come from [`kasir_shared::barcode`]; this module adds no arithmetic of its own
//! beyond the symbol patterns. Pure functions, no I/O.

use kasir_shared::barcode::{ean13_check_digit, is_valid_ean13};
use serde::{Deserialize, Serialize};

/// The symbologies a label barcode prints as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Symbology {
    /// EAN-13 (GTIN-13), 13 digits including the check digit.
    Ean13,
    /// EAN-8 (GTIN-8), 8 digits including the check digit.
    Ean8,
    /// CODE128, any printable ASCII.
    Code128,
}

impl Symbology {
    /// The name shown to people, e.g. in an error message.
    pub fn label(self) -> &'static str {
        match self {
            Symbology::Ean13 => "EAN-13",
            Symbology::Ean8 => "EAN-8",
            Symbology::Code128 => "CODE128",
        }
    }
}

/// Longest code printed as CODE128 (product barcodes are 8–14 digits; this bounds odd data).
pub const MAX_CODE128_CHARS: usize = 40;

/// A product code and the symbology it prints as. `data` is exactly what a scanner reads back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// How it is printed.
    pub symbology: Symbology,
    /// The code, e.g. `"4006381333931"` (EAN codes include their check digit).
    pub data: String,
}

/// True for 8 digits whose last one is the GS1 check digit of the other seven.
///
/// EAN-8 uses the EAN-13 weights on the same digits right-aligned (weight 3 on the digit next
/// to the check digit), so it is the EAN-13 rule applied to the code padded with five zeros.
pub fn is_valid_ean8(code: &str) -> bool {
    code.len() == 8
        && code.bytes().all(|b| b.is_ascii_digit())
        && code[7..].parse::<u32>().ok() == Some(ean13_check_digit(&format!("00000{}", &code[..7])))
}

impl Symbol {
    /// The symbol for a product code: a valid EAN-13 prints as EAN-13, a valid EAN-8 as EAN-8,
    /// any other printable-ASCII code (at most [`MAX_CODE128_CHARS`]) as CODE128. `None` for an
    /// empty code or one that cannot be printed as a barcode.
    pub fn for_code(code: &str) -> Option<Symbol> {
        let code = code.trim();
        let symbology = if is_valid_ean13(code) {
            Symbology::Ean13
        } else if is_valid_ean8(code) {
            Symbology::Ean8
        } else if !code.is_empty()
            && code.len() <= MAX_CODE128_CHARS
            && code.bytes().all(|b| (0x20..=0x7E).contains(&b))
        {
            Symbology::Code128
        } else {
            return None;
        };
        Some(Symbol {
            symbology,
            data: code.to_string(),
        })
    }

    /// The code without its check digit for EAN (what label printers are sent: they add the
    /// check digit themselves), the whole code for CODE128.
    pub fn payload(&self) -> &str {
        match self.symbology {
            Symbology::Ean13 => &self.data[..12],
            Symbology::Ean8 => &self.data[..7],
            Symbology::Code128 => &self.data,
        }
    }

    /// Text printed under the bars: `4 006381 333931`, `9638 5074`, or the CODE128 data.
    pub fn human_readable(&self) -> String {
        match self.symbology {
            Symbology::Ean13 => format!(
                "{} {} {}",
                &self.data[..1],
                &self.data[1..7],
                &self.data[7..]
            ),
            Symbology::Ean8 => format!("{} {}", &self.data[..4], &self.data[4..]),
            Symbology::Code128 => self.data.clone(),
        }
    }

    /// Quiet zones (left, right) in modules.
    pub fn quiet_zones(&self) -> (u32, u32) {
        match self.symbology {
            Symbology::Ean13 => (11, 7),
            Symbology::Ean8 => (7, 7),
            Symbology::Code128 => (10, 10),
        }
    }

    /// The bars and spaces, one entry per module (`true` = bar), without quiet zones.
    pub fn modules(&self) -> Vec<bool> {
        let digits: Vec<usize> = self
            .data
            .bytes()
            .map(|b| usize::from(b.wrapping_sub(b'0')))
            .collect();
        match self.symbology {
            Symbology::Ean13 => ean13_modules(&digits),
            Symbology::Ean8 => ean8_modules(&digits),
            Symbology::Code128 => code128_modules(&self.data),
        }
    }

    /// Width of the symbol including both quiet zones, in modules.
    pub fn total_modules(&self) -> u32 {
        let (l, r) = self.quiet_zones();
        u32::try_from(self.modules().len()).unwrap_or(u32::MAX) + l + r
    }
}

/// Number set A (odd parity) of the EAN/UPC digits 0–9, 7 modules each, space first.
const SET_A: [&str; 10] = [
    "0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
    "0110111", "0001011",
];

/// Which number set (A or B) encodes each of the six left-hand digits, by the first digit.
const FIRST_DIGIT_PARITY: [&str; 10] = [
    "AAAAAA", "AABABB", "AABBAB", "AABBBA", "ABAABB", "ABBAAB", "ABBBAA", "ABABAB", "ABABBA",
    "ABBABA",
];

fn push_pattern(out: &mut Vec<bool>, pattern: &str) {
    out.extend(pattern.bytes().map(|b| b == b'1'));
}

/// Set A: as tabled. Set C ("R"): set A inverted. Set B ("G"): set C reversed.
fn ean_digit(out: &mut Vec<bool>, digit: usize, set: u8) {
    let a: Vec<bool> = SET_A[digit % 10].bytes().map(|b| b == b'1').collect();
    match set {
        b'A' => out.extend(a),
        b'B' => out.extend(a.iter().rev().map(|m| !m)),
        _ => out.extend(a.iter().map(|m| !m)),
    }
}

fn ean13_modules(d: &[usize]) -> Vec<bool> {
    let mut out = Vec::with_capacity(95);
    push_pattern(&mut out, "101");
    let parity = FIRST_DIGIT_PARITY[d[0] % 10].as_bytes();
    for (i, digit) in d[1..7].iter().enumerate() {
        ean_digit(&mut out, *digit, parity[i]);
    }
    push_pattern(&mut out, "01010");
    for digit in &d[7..13] {
        ean_digit(&mut out, *digit, b'C');
    }
    push_pattern(&mut out, "101");
    out
}

fn ean8_modules(d: &[usize]) -> Vec<bool> {
    let mut out = Vec::with_capacity(67);
    push_pattern(&mut out, "101");
    for digit in &d[..4] {
        ean_digit(&mut out, *digit, b'A');
    }
    push_pattern(&mut out, "01010");
    for digit in &d[4..8] {
        ean_digit(&mut out, *digit, b'C');
    }
    push_pattern(&mut out, "101");
    out
}

/// CODE128 symbol character widths (bar, space, bar, space, bar, space) of values 0–106;
/// 106 is the stop character, which has a seventh element (a final 2-module bar).
const CODE128_WIDTHS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

/// CODE128 value of "Code B" (switch to code set B) inside code set C.
const CODE128_CODE_B: u16 = 100;
/// CODE128 Start B.
const CODE128_START_B: u16 = 104;
/// CODE128 Start C.
const CODE128_START_C: u16 = 105;
/// CODE128 Stop.
const CODE128_STOP: u16 = 106;

/// The symbol values of `data`: start, data, check, stop. Digit strings use code set C (pairs),
/// with a final odd digit in code set B; anything else is code set B throughout.
pub fn code128_values(data: &str) -> Vec<u16> {
    let bytes = data.as_bytes();
    let mut values = Vec::with_capacity(bytes.len() + 4);
    if bytes.len() >= 2 && bytes.iter().all(u8::is_ascii_digit) {
        values.push(CODE128_START_C);
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            values.push(u16::from(pair[0] - b'0') * 10 + u16::from(pair[1] - b'0'));
        }
        if let [last] = pairs.remainder() {
            values.push(CODE128_CODE_B);
            values.push(u16::from(*last) - 32);
        }
    } else {
        values.push(CODE128_START_B);
        values.extend(bytes.iter().map(|b| u16::from(*b).saturating_sub(32)));
    }
    let weighted: u32 = values
        .iter()
        .enumerate()
        .map(|(i, v)| u32::from(*v) * u32::try_from(i.max(1)).unwrap_or(u32::MAX))
        .sum();
    values.push(u16::try_from(weighted % 103).unwrap_or(0));
    values.push(CODE128_STOP);
    values
}

fn code128_modules(data: &str) -> Vec<bool> {
    let mut out = Vec::new();
    for value in code128_values(data) {
        let widths = CODE128_WIDTHS[usize::from(value).min(106)];
        for (i, w) in widths.bytes().enumerate() {
            let bar = i % 2 == 0;
            out.extend(std::iter::repeat_n(bar, usize::from(w - b'0')));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(code: &str) -> Symbol {
        Symbol::for_code(code).expect("printable code")
    }

    fn bits(modules: &[bool]) -> String {
        modules.iter().map(|m| if *m { '1' } else { '0' }).collect()
    }

    /// Element widths (space, bar, space, bar) of EAN number set A, as tabled in the GS1 General
    /// Specifications; set C ("R") has the same widths starting with a bar, set B ("G") the
    /// same widths reversed. An independent form of the tables above, used to read symbols back.
    const SET_A_WIDTHS: [&str; 10] = [
        "3211", "2221", "2122", "1411", "1132", "1231", "1114", "1312", "1213", "3112",
    ];

    fn widths(group: &[bool]) -> String {
        let mut out = String::new();
        let mut run = 1;
        for w in group.windows(2) {
            if w[0] == w[1] {
                run += 1;
            } else {
                out.push(char::from(b'0' + run));
                run = 1;
            }
        }
        out.push(char::from(b'0' + run));
        out
    }

    /// Reads one 7-module digit: its value and number set ('A', 'B' or 'C').
    fn read_digit(group: &[bool]) -> (usize, char) {
        let w = widths(group);
        let reversed: String = w.chars().rev().collect();
        for (digit, a) in SET_A_WIDTHS.iter().enumerate() {
            if !group[0] && w == *a {
                return (digit, 'A');
            }
            if !group[0] && reversed == *a {
                return (digit, 'B');
            }
            if group[0] && w == *a {
                return (digit, 'C');
            }
        }
        panic!("{} is no EAN digit", bits(group));
    }

    /// Reads an EAN-13 module pattern back into its digits and the A/B pattern of its left half.
    fn read_ean13(m: &[bool]) -> (String, String) {
        assert_eq!(m.len(), 95, "95 modules");
        assert_eq!(bits(&m[..3]), "101", "start guard");
        assert_eq!(bits(&m[45..50]), "01010", "centre guard");
        assert_eq!(bits(&m[92..]), "101", "end guard");
        let mut digits = String::new();
        let mut sets = String::new();
        for i in 0..6 {
            let (d, set) = read_digit(&m[3 + 7 * i..10 + 7 * i]);
            assert_ne!(set, 'C', "left half uses sets A and B only");
            digits.push(char::from(b'0' + d as u8));
            sets.push(set);
        }
        for i in 0..6 {
            let (d, set) = read_digit(&m[50 + 7 * i..57 + 7 * i]);
            assert_eq!(set, 'C', "right half uses set C only");
            digits.push(char::from(b'0' + d as u8));
        }
        (digits, sets)
    }

    #[test]
    fn ean13_examples_read_back_with_the_gs1_first_digit_parity() {
        // (code, A/B pattern of the left half for its first digit, per the GS1 table)
        for (code, parity) in [
            ("4006381333931", "ABAABB"),
            ("9780306406157", "ABBABA"),
            ("5901234123457", "ABBAAB"),
            ("0012345678905", "AAAAAA"),
            ("8991002101234", "ABABBA"),
        ] {
            let s = symbol(code);
            assert_eq!(s.symbology, Symbology::Ean13, "{code} is a valid EAN-13");
            let (digits, sets) = read_ean13(&s.modules());
            assert_eq!(digits, code[1..], "{code}: the twelve encoded digits");
            assert_eq!(
                sets, parity,
                "{code}: the first digit is carried by the parity"
            );
        }
    }

    #[test]
    fn ean13_module_string_of_the_textbook_example() {
        // 4006381333931, written out from the GS1 tables: guard, 0(A) 0(B) 6(A) 3(A) 8(B) 1(B),
        // centre, 3 3 3 9 3 1 in set C, guard.
        let expected = concat!(
            "101", "0001101", "0100111", "0101111", "0111101", "0001001", "0110011", "01010",
            "1000010", "1000010", "1000010", "1110100", "1000010", "1100110", "101"
        );
        assert_eq!(bits(&symbol("4006381333931").modules()), expected);
    }

    #[test]
    fn number_sets_have_the_parity_the_standard_names_them_by() {
        for digit in 0..10 {
            let mut a = Vec::new();
            let mut b = Vec::new();
            let mut c = Vec::new();
            ean_digit(&mut a, digit, b'A');
            ean_digit(&mut b, digit, b'B');
            ean_digit(&mut c, digit, b'C');
            let dark = |m: &[bool]| m.iter().filter(|x| **x).count();
            assert_eq!(dark(&a) % 2, 1, "set A of {digit} has odd parity");
            assert_eq!(dark(&b) % 2, 0, "set B of {digit} has even parity");
            assert_eq!(dark(&c) % 2, 0, "set C of {digit} has even parity");
            assert!(
                !a[0] && a[6],
                "set A starts with a space and ends with a bar"
            );
            assert!(
                c[0] && !c[6],
                "set C starts with a bar and ends with a space"
            );
            assert_eq!(read_digit(&a), (digit, 'A'));
            assert_eq!(read_digit(&b), (digit, 'B'));
            assert_eq!(read_digit(&c), (digit, 'C'));
        }
    }

    #[test]
    fn ean8_reads_back_and_its_check_digit_is_the_gs1_one() {
        assert!(is_valid_ean8("96385074"), "the GS1 EAN-8 example");
        assert!(!is_valid_ean8("96385075"), "wrong check digit");
        let s = symbol("96385074");
        assert_eq!(s.symbology, Symbology::Ean8);
        let m = s.modules();
        assert_eq!(m.len(), 67);
        assert_eq!(bits(&m[31..36]), "01010", "centre guard");
        let read: String = (0..4)
            .map(|i| read_digit(&m[3 + 7 * i..10 + 7 * i]))
            .chain((0..4).map(|i| read_digit(&m[36 + 7 * i..43 + 7 * i])))
            .map(|(d, _)| char::from(b'0' + d as u8))
            .collect();
        assert_eq!(read, "96385074");
        assert_eq!(s.human_readable(), "9638 5074");
        assert_eq!(s.payload(), "9638507", "label printers add the check digit");
    }

    #[test]
    fn other_codes_print_as_code128() {
        for code in [
            "4006381333932",
            "12345678",
            "123456789012",
            "12345678901234",
        ] {
            assert_eq!(
                symbol(code).symbology,
                Symbology::Code128,
                "{code}: not a valid EAN-13/EAN-8"
            );
        }
        assert!(Symbol::for_code("  ").is_none(), "no code, no symbol");
        assert!(Symbol::for_code("kopi\u{7}").is_none(), "control bytes");
    }

    #[test]
    fn code128_uses_code_set_c_for_digits_with_the_modulo_103_check() {
        // Start C, 12 34 56 78, check (105 + 12·1 + 34·2 + 56·3 + 78·4) mod 103 = 47, stop.
        assert_eq!(
            code128_values("12345678"),
            vec![105, 12, 34, 56, 78, 47, 106]
        );
        // An odd digit count ends in code set B: 12 34 56, Code B, "7" (23).
        let odd = code128_values("1234567");
        assert_eq!(&odd[..6], &[105, 12, 34, 56, 100, 23]);
        let check = (105 + 12 + 34 * 2 + 56 * 3 + 100 * 4 + 23 * 5) % 103;
        assert_eq!(odd[6], check);
        // Letters: code set B, value = ASCII - 32.
        assert_eq!(&code128_values("Ab")[..3], &[104, 33, 66]);
    }

    #[test]
    fn code128_symbols_are_eleven_modules_of_three_bars_and_spaces() {
        let mut seen = std::collections::HashSet::new();
        for (value, w) in CODE128_WIDTHS.iter().enumerate() {
            let total: u32 = w.bytes().map(|b| u32::from(b - b'0')).sum();
            let expected = if value == 106 { 13 } else { 11 };
            assert_eq!(total, expected, "value {value}: {w}");
            assert!(seen.insert(*w), "value {value}: {w} appears twice");
        }
        let m = symbol("12345678").modules();
        assert_eq!(m.len(), 6 * 11 + 13, "start, 4 pairs, check, stop");
        assert!(
            m[0] && *m.last().expect("modules"),
            "starts and ends with a bar"
        );
    }
}

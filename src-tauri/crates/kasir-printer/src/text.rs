//! Text helpers for layout: rupiah formatting (from `kasir-shared`), transliteration of Unicode text to single-byte
//! code-page bytes (never raw UTF-8), and word wrapping on those bytes (1 byte = 1 column).

use crate::model::CodePage;

/// Rupiah as `Rp 15.000`: the one formatter, shared with the screen and the reports.
pub use kasir_shared::format_rupiah;

/// Characters at 0x80.. that PC437 and PC850 share (0x80–0x9A, 0x9C, 0xA0–0xA8, 0xAA–0xAF).
const COMMON_HIGH: &[(char, u8)] = &[
    ('Ç', 0x80),
    ('ü', 0x81),
    ('é', 0x82),
    ('â', 0x83),
    ('ä', 0x84),
    ('à', 0x85),
    ('å', 0x86),
    ('ç', 0x87),
    ('ê', 0x88),
    ('ë', 0x89),
    ('è', 0x8A),
    ('ï', 0x8B),
    ('î', 0x8C),
    ('ì', 0x8D),
    ('Ä', 0x8E),
    ('Å', 0x8F),
    ('É', 0x90),
    ('æ', 0x91),
    ('Æ', 0x92),
    ('ô', 0x93),
    ('ö', 0x94),
    ('ò', 0x95),
    ('û', 0x96),
    ('ù', 0x97),
    ('ÿ', 0x98),
    ('Ö', 0x99),
    ('Ü', 0x9A),
    ('£', 0x9C),
    ('á', 0xA0),
    ('í', 0xA1),
    ('ó', 0xA2),
    ('ú', 0xA3),
    ('ñ', 0xA4),
    ('Ñ', 0xA5),
    ('ª', 0xA6),
    ('º', 0xA7),
    ('¿', 0xA8),
    ('¬', 0xAA),
    ('½', 0xAB),
    ('¼', 0xAC),
    ('¡', 0xAD),
    ('«', 0xAE),
    ('»', 0xAF),
];

/// Characters only in PC437 (in addition to [`COMMON_HIGH`]).
const PC437_ONLY: &[(char, u8)] = &[
    ('¢', 0x9B),
    ('¥', 0x9D),
    ('ß', 0xE1),
    ('µ', 0xE6),
    ('±', 0xF1),
    ('÷', 0xF6),
    ('°', 0xF8),
    ('·', 0xFA),
    ('²', 0xFD),
];

/// Characters only in PC850 (in addition to [`COMMON_HIGH`]).
const PC850_ONLY: &[(char, u8)] = &[
    ('ø', 0x9B),
    ('Ø', 0x9D),
    ('×', 0x9E),
    ('ß', 0xE1),
    ('µ', 0xE6),
];

fn table(cp: CodePage) -> [&'static [(char, u8)]; 2] {
    match cp {
        CodePage::Pc437 => [COMMON_HIGH, PC437_ONLY],
        CodePage::Pc850 => [COMMON_HIGH, PC850_ONLY],
    }
}

/// The byte for `ch` in code page `cp`, if this crate maps it (ASCII printable or a known
/// high character).
pub fn encode_char(ch: char, cp: CodePage) -> Option<u8> {
    if (' '..='~').contains(&ch) {
        return Some(ch as u8);
    }
    table(cp)
        .iter()
        .flat_map(|t| t.iter())
        .find(|(c, _)| *c == ch)
        .map(|(_, b)| *b)
}

/// The character printed for byte `b` in code page `cp`, for bytes this crate emits.
/// Returns `None` for control bytes and unmapped high bytes.
pub fn decode_byte(b: u8, cp: CodePage) -> Option<char> {
    if (0x20..=0x7E).contains(&b) {
        return Some(b as char);
    }
    table(cp)
        .iter()
        .flat_map(|t| t.iter())
        .find(|(_, byte)| *byte == b)
        .map(|(c, _)| *c)
}

/// ASCII fallback for characters outside the code page. `None` means "drop it" (combining
/// marks, zero-width characters); unknown characters become `?` in [`transliterate`].
fn fold(ch: char) -> Option<Option<&'static str>> {
    let s = match ch {
        '\u{300}'..='\u{36F}' | '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{FE0F}' => {
            return Some(None)
        }
        '\t' | '\n' | '\r' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => " ",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => "'",
        '–' | '—' | '‒' | '―' | '−' | '‐' | '‑' => "-",
        '…' => "...",
        '•' | '·' | '∙' => "*",
        '×' => "x",
        '÷' => "/",
        '€' => "EUR",
        '¢' => "c",
        '£' => "GBP",
        '¥' => "Y",
        '©' => "(C)",
        '®' => "(R)",
        '™' => "TM",
        '°' => "o",
        '±' => "+/-",
        '½' => "1/2",
        '¼' => "1/4",
        '¾' => "3/4",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ø' => "o",
        'Ø' => "O",
        'đ' => "d",
        'Đ' => "D",
        'ł' => "l",
        'Ł' => "L",
        'µ' => "u",
        '¡' => "!",
        '¿' => "?",
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' => "D",
        'ď' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò'..='Ö' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'Ţ' | 'Ť' | 'Ț' => "T",
        'ţ' | 'ť' | 'ț' => "t",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    };
    Some(Some(s))
}

/// Converts text to code-page bytes: printable ASCII as is, characters of the code page as
/// their byte, typographic punctuation and accented letters folded to ASCII, control
/// characters to spaces, anything else to `?`. The result never contains a byte below 0x20
/// or a UTF-8 multibyte sequence.
pub fn transliterate(text: &str, cp: CodePage) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for ch in text.chars() {
        if let Some(b) = encode_char(ch, cp) {
            out.push(b);
            continue;
        }
        match fold(ch) {
            Some(Some(s)) => out.extend_from_slice(s.as_bytes()),
            Some(None) => {}
            None if ch.is_control() => out.push(b' '),
            None => out.push(b'?'),
        }
    }
    out
}

/// Word-wraps code-page bytes to `width` columns. Words longer than `width` are broken.
/// Always returns at least one (possibly empty) line.
pub fn wrap(text: &[u8], width: usize) -> Vec<Vec<u8>> {
    let width = width.max(1);
    let trimmed_len = text.iter().rposition(|b| *b != b' ').map_or(0, |i| i + 1);
    if trimmed_len <= width {
        // Fits: keep the spacing exactly as given.
        return vec![text[..trimmed_len].to_vec()];
    }
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for word in text.split(|b| *b == b' ').filter(|w| !w.is_empty()) {
        let mut word = word;
        loop {
            let needed = if current.is_empty() {
                word.len()
            } else {
                current.len() + 1 + word.len()
            };
            if needed <= width {
                if !current.is_empty() {
                    current.push(b' ');
                }
                current.extend_from_slice(word);
                break;
            }
            if word.len() <= width {
                // Fits on a fresh line.
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // Word longer than a line: hard-break it, filling the current line first.
            let used = if current.is_empty() {
                0
            } else {
                current.len() + 1
            };
            if used + 1 > width {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            let (head, tail) = word.split_at(width - used);
            if !current.is_empty() {
                current.push(b' ');
            }
            current.extend_from_slice(head);
            lines.push(std::mem::take(&mut current));
            word = tail;
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// `left` and `right` on one line of exactly `width` columns, right part flush right.
/// Returns `None` when they do not fit with at least one space between them.
pub fn two_columns(left: &[u8], right: &[u8], width: usize) -> Option<Vec<u8>> {
    if left.len() + right.len() + usize::from(!left.is_empty()) > width {
        return None;
    }
    let mut line = left.to_vec();
    line.resize(width - right.len(), b' ');
    line.extend_from_slice(right);
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_formats_with_dots() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(1000), "Rp 1.000");
        assert_eq!(format_rupiah(15000), "Rp 15.000");
        assert_eq!(format_rupiah(1_234_567), "Rp 1.234.567");
        assert_eq!(format_rupiah(-2000), "-Rp 2.000");
        assert_eq!(format_rupiah(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }

    #[test]
    fn transliteration_never_emits_utf8() {
        let s = "Café “Nasi” – Kopi—Susu … ½ 日本 😀 e\u{301}";
        let bytes = transliterate(s, CodePage::Pc437);
        assert_eq!(
            bytes,
            b"Caf\x82 \"Nasi\" - Kopi-Susu ... \xAB ?? ? e".to_vec(),
            "é maps to CP437 0x82, quotes/dashes fold to ASCII, unknown to '?', combining mark dropped"
        );
        for b in &bytes {
            assert!(*b >= 0x20, "no control bytes");
            if *b >= 0x80 {
                assert!(
                    decode_byte(*b, CodePage::Pc437).is_some(),
                    "high byte must be CP437"
                );
            }
        }
    }

    #[test]
    fn pc850_folds_chars_missing_from_it() {
        assert_eq!(transliterate("¥ ø", CodePage::Pc850), b"Y \x9B".to_vec());
        assert_eq!(transliterate("¥ ø", CodePage::Pc437), b"\x9D o".to_vec());
    }

    #[test]
    fn wrap_breaks_words_and_long_words() {
        assert_eq!(wrap(b"No   : 1  ", 10), vec![b"No   : 1".to_vec()]);
        assert_eq!(
            wrap(b"Ref: ABCDEFGHIJKLMN", 10),
            vec![b"Ref: ABCDE".to_vec(), b"FGHIJKLMN".to_vec()]
        );
        let lines = wrap(b"Nasi goreng spesial pakai telur", 10);
        assert_eq!(
            lines,
            vec![
                b"Nasi".to_vec(),
                b"goreng".to_vec(),
                b"spesial".to_vec(),
                b"pakai".to_vec(),
                b"telur".to_vec()
            ]
        );
        let lines = wrap(b"ABCDEFGHIJKLMNOPQRSTUVWXY", 10);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.len() <= 10));
        assert_eq!(wrap(b"", 10), vec![Vec::<u8>::new()]);
    }

    #[test]
    fn two_columns_right_aligns() {
        assert_eq!(two_columns(b"ab", b"cd", 6), Some(b"ab  cd".to_vec()));
        assert_eq!(two_columns(b"abc", b"cd", 5), None);
        assert_eq!(two_columns(b"", b"cd", 2), Some(b"cd".to_vec()));
    }
}

//! Strict ESC/POS decoder for the subset of commands this crate emits (and a few common
//! siblings). Used for the on-screen preview and by end-to-end tests. It fails with a typed
//! [`DecodeError`] on unknown commands, truncated commands, invalid parameters and bytes the
//! selected code page does not map, so a layout bug cannot slip through silently.

use crate::barcode::{is_valid_ean8, Symbology};
use crate::escpos::Align;
use crate::model::CodePage;
use crate::text::decode_byte;

/// Why decoding failed. `offset` is the byte index where the offending command starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A control byte or command the decoder does not know.
    #[error("unknown command {bytes:02X?} at offset {offset}")]
    UnknownCommand {
        /// Start of the command.
        offset: usize,
        /// The bytes identifying the command (prefix and function byte when present).
        bytes: Vec<u8>,
    },
    /// The input ends in the middle of a command.
    #[error("truncated {command} at offset {offset}")]
    Truncated {
        /// Start of the command.
        offset: usize,
        /// Command name, e.g. `"GS ( k"`.
        command: &'static str,
    },
    /// A known command with a parameter outside its range.
    #[error("invalid parameter {value} for {command} at offset {offset}")]
    InvalidParameter {
        /// Start of the command.
        offset: usize,
        /// Command name.
        command: &'static str,
        /// Offending value.
        value: u8,
    },
    /// A text byte the selected code page does not map (or a stray control byte in text).
    #[error("unmapped text byte {byte:#04X} at offset {offset}")]
    UnmappedByte {
        /// Position of the byte.
        offset: usize,
        /// The byte.
        byte: u8,
    },
}

/// Decoder result.
pub type Result<T> = std::result::Result<T, DecodeError>;

/// One decoded ESC/POS event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `ESC @`.
    Init,
    /// `FS .`.
    CancelKanji,
    /// `ESC t n`.
    CodePage(u8),
    /// `ESC a n`.
    Align(Align),
    /// `ESC E n`.
    Bold(bool),
    /// `GS ! n`: width and height multipliers (1..=8).
    Size {
        /// Width multiplier.
        width: u8,
        /// Height multiplier.
        height: u8,
    },
    /// A printed text line (terminated by `LF`, or flushed at the end of input).
    Text(String),
    /// `ESC d n`.
    Feed(u8),
    /// `GS V`.
    Cut {
        /// Partial (true) or full (false) cut.
        partial: bool,
    },
    /// `ESC p m t1 t2`: pin 2 (m = 0) or pin 5 (m = 1), on/off times in 2 ms units.
    Drawer {
        /// Connector pin (2 or 5).
        pin: u8,
        /// On time.
        t1: u8,
        /// Off time.
        t2: u8,
    },
    /// A QR code printed (`GS ( k` store + print).
    Qr {
        /// Stored data.
        data: String,
    },
    /// A barcode printed (`GS k`).
    Barcode {
        /// EAN-13 (m = 2, 67), EAN-8 (m = 3, 68) or CODE128 (m = 73); `None` for the other
        /// symbologies (UPC, CODE39, ITF, CODABAR, CODE93).
        symbology: Option<Symbology>,
        /// Data without the CODE128 code-set prefix; EAN codes with their check digit (added
        /// when the command sent the digits without it, as the printer does).
        data: String,
    },
    /// Barcode settings: `GS H` (HRI position), `GS h` (height), `GS w` (width), `GS f` (font),
    /// and QR model/size/error-correction functions of `GS ( k`.
    Setting {
        /// Command name, e.g. `"GS h"`.
        name: &'static str,
        /// Its parameter.
        value: u8,
    },
    /// `GS v 0 m`: a raster bit image.
    Raster {
        /// Width in dots (8 × bytes per row).
        width: u32,
        /// Height in dots.
        height: u32,
        /// Packed rows, most significant bit first, 1 = black.
        bits: Vec<u8>,
        /// Density mode `m` (0 normal, 1 double width, 2 double height, 3 quadruple).
        mode: u8,
    },
}

/// A printed text line with the attributes in force when it was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedLine {
    /// The text.
    pub text: String,
    /// Alignment in force at the end of the line.
    pub align: Align,
    /// Bold at the end of the line.
    pub bold: bool,
    /// Columns the line occupies in Font A (characters × width multiplier).
    pub columns: usize,
    /// Width multiplier at the end of the line.
    pub width: u8,
    /// Height multiplier at the end of the line.
    pub height: u8,
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, start: usize, command: &'static str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(DecodeError::Truncated {
                offset: start,
                command,
            }),
        }
    }

    fn byte(&mut self, start: usize, command: &'static str) -> Result<u8> {
        Ok(self.take(1, start, command)?[0])
    }
}

#[derive(Default)]
struct State {
    events: Vec<Event>,
    lines: Vec<PrintedLine>,
    line: String,
    line_cols: usize,
    align: Option<Align>,
    bold: bool,
    width: u8,
    height: u8,
    code_page: CodePage,
    qr_data: Option<String>,
}

impl State {
    fn end_line(&mut self) {
        let text = std::mem::take(&mut self.line);
        self.lines.push(PrintedLine {
            text: text.clone(),
            align: self.align.unwrap_or(Align::Left),
            bold: self.bold,
            columns: self.line_cols,
            width: self.width.max(1),
            height: self.height.max(1),
        });
        self.line_cols = 0;
        self.events.push(Event::Text(text));
    }

    fn reset(&mut self) {
        self.align = None;
        self.bold = false;
        self.width = 1;
        self.height = 1;
        self.code_page = CodePage::Pc437;
    }
}

fn latin(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// EAN data of `GS k` as the printer prints it: `len - 1` digits get their GS1 check digit
/// appended, `len` digits must carry the right one; anything else is an invalid parameter.
fn ean_as_printed(data: &str, len: usize, offset: usize) -> Result<String> {
    let invalid = |value: u8| DecodeError::InvalidParameter {
        offset,
        command: "GS k EAN data",
        value,
    };
    if let Some(b) = data.bytes().find(|b| !b.is_ascii_digit()) {
        return Err(invalid(b));
    }
    let full = if data.len() + 1 == len {
        let padded = format!("{:0>12}", data);
        format!(
            "{data}{}",
            kasir_shared::barcode::ean13_check_digit(&padded)
        )
    } else {
        data.to_string()
    };
    let valid = match len {
        13 => kasir_shared::barcode::is_valid_ean13(&full),
        _ => is_valid_ean8(&full),
    };
    if full.len() != len || !valid {
        return Err(invalid(u8::try_from(data.len()).unwrap_or(u8::MAX)));
    }
    Ok(full)
}

fn run(bytes: &[u8]) -> Result<State> {
    let mut st = State {
        width: 1,
        height: 1,
        ..State::default()
    };
    let mut c = Cursor { bytes, pos: 0 };
    while c.pos < bytes.len() {
        let start = c.pos;
        let b = bytes[start];
        c.pos += 1;
        match b {
            0x0A => st.end_line(),
            0x0D => {}
            0x1B => {
                let cmd = c.byte(start, "ESC")?;
                match cmd {
                    b'@' => {
                        st.reset();
                        st.events.push(Event::Init);
                    }
                    b't' => {
                        let n = c.byte(start, "ESC t")?;
                        st.code_page =
                            CodePage::from_esc_t(n).ok_or(DecodeError::InvalidParameter {
                                offset: start,
                                command: "ESC t",
                                value: n,
                            })?;
                        st.events.push(Event::CodePage(n));
                    }
                    b'a' => {
                        let n = c.byte(start, "ESC a")?;
                        let a = match n {
                            0 | 48 => Align::Left,
                            1 | 49 => Align::Center,
                            2 | 50 => Align::Right,
                            _ => {
                                return Err(DecodeError::InvalidParameter {
                                    offset: start,
                                    command: "ESC a",
                                    value: n,
                                })
                            }
                        };
                        st.align = Some(a);
                        st.events.push(Event::Align(a));
                    }
                    b'E' => {
                        let n = c.byte(start, "ESC E")?;
                        st.bold = n & 1 == 1;
                        st.events.push(Event::Bold(st.bold));
                    }
                    b'd' => {
                        let n = c.byte(start, "ESC d")?;
                        if !st.line.is_empty() {
                            st.end_line();
                        }
                        st.events.push(Event::Feed(n));
                    }
                    b'p' => {
                        let p = c.take(3, start, "ESC p")?;
                        let pin = match p[0] {
                            0 | 48 => 2,
                            1 | 49 => 5,
                            v => {
                                return Err(DecodeError::InvalidParameter {
                                    offset: start,
                                    command: "ESC p",
                                    value: v,
                                })
                            }
                        };
                        st.events.push(Event::Drawer {
                            pin,
                            t1: p[1],
                            t2: p[2],
                        });
                    }
                    other => {
                        return Err(DecodeError::UnknownCommand {
                            offset: start,
                            bytes: vec![0x1B, other],
                        })
                    }
                }
            }
            0x1D => {
                let cmd = c.byte(start, "GS")?;
                match cmd {
                    b'!' => {
                        let n = c.byte(start, "GS !")?;
                        if n & 0x88 != 0 {
                            return Err(DecodeError::InvalidParameter {
                                offset: start,
                                command: "GS !",
                                value: n,
                            });
                        }
                        st.width = (n >> 4) + 1;
                        st.height = (n & 0x07) + 1;
                        st.events.push(Event::Size {
                            width: st.width,
                            height: st.height,
                        });
                    }
                    b'V' => {
                        let m = c.byte(start, "GS V")?;
                        let partial = match m {
                            0 | 48 => false,
                            1 | 49 => true,
                            65 | 66 => {
                                c.byte(start, "GS V")?;
                                m == 66
                            }
                            v => {
                                return Err(DecodeError::InvalidParameter {
                                    offset: start,
                                    command: "GS V",
                                    value: v,
                                })
                            }
                        };
                        st.events.push(Event::Cut { partial });
                    }
                    b'H' | b'h' | b'w' | b'f' => {
                        let name = match cmd {
                            b'H' => "GS H",
                            b'h' => "GS h",
                            b'w' => "GS w",
                            _ => "GS f",
                        };
                        let value = c.byte(start, name)?;
                        st.events.push(Event::Setting { name, value });
                    }
                    b'k' => {
                        let m = c.byte(start, "GS k")?;
                        let data: Vec<u8> = match m {
                            0..=6 => {
                                let rest = &bytes[c.pos..];
                                let len = rest.iter().position(|b| *b == 0).ok_or(
                                    DecodeError::Truncated {
                                        offset: start,
                                        command: "GS k",
                                    },
                                )?;
                                let d = c.take(len, start, "GS k")?.to_vec();
                                c.take(1, start, "GS k")?;
                                d
                            }
                            65..=79 => {
                                let n = c.byte(start, "GS k")?;
                                c.take(usize::from(n), start, "GS k")?.to_vec()
                            }
                            v => {
                                return Err(DecodeError::InvalidParameter {
                                    offset: start,
                                    command: "GS k",
                                    value: v,
                                })
                            }
                        };
                        let mut s = latin(&data);
                        if m == 73 {
                            for prefix in ["{A", "{B", "{C"] {
                                if let Some(rest) = s.strip_prefix(prefix) {
                                    s = rest.to_string();
                                    break;
                                }
                            }
                            s = s.replace("{{", "{");
                        }
                        let symbology = match m {
                            2 | 67 => {
                                s = ean_as_printed(&s, 13, start)?;
                                Some(Symbology::Ean13)
                            }
                            3 | 68 => {
                                s = ean_as_printed(&s, 8, start)?;
                                Some(Symbology::Ean8)
                            }
                            73 => Some(Symbology::Code128),
                            _ => None,
                        };
                        if !st.line.is_empty() {
                            st.end_line();
                        }
                        st.events.push(Event::Barcode { symbology, data: s });
                    }
                    b'(' => {
                        let k = c.byte(start, "GS (")?;
                        if k != b'k' {
                            return Err(DecodeError::UnknownCommand {
                                offset: start,
                                bytes: vec![0x1D, b'(', k],
                            });
                        }
                        let p = c.take(2, start, "GS ( k")?;
                        let len = usize::from(p[0]) | (usize::from(p[1]) << 8);
                        if len < 2 {
                            return Err(DecodeError::InvalidParameter {
                                offset: start,
                                command: "GS ( k",
                                value: p[0],
                            });
                        }
                        let body = c.take(len, start, "GS ( k")?;
                        let (cn, func, params) = (body[0], body[1], &body[2..]);
                        if cn != 0x31 {
                            return Err(DecodeError::UnknownCommand {
                                offset: start,
                                bytes: vec![0x1D, b'(', b'k', cn, func],
                            });
                        }
                        let first = params.first().copied().unwrap_or(0);
                        match func {
                            0x41 => st.events.push(Event::Setting {
                                name: "QR model",
                                value: first,
                            }),
                            0x43 => st.events.push(Event::Setting {
                                name: "QR module size",
                                value: first,
                            }),
                            0x45 => st.events.push(Event::Setting {
                                name: "QR error correction",
                                value: first,
                            }),
                            0x50 => {
                                let data = params.get(1..).unwrap_or(&[]);
                                st.qr_data = Some(latin(data));
                            }
                            0x51 => {
                                let data =
                                    st.qr_data.clone().ok_or(DecodeError::InvalidParameter {
                                        offset: start,
                                        command: "GS ( k print without stored data",
                                        value: func,
                                    })?;
                                if !st.line.is_empty() {
                                    st.end_line();
                                }
                                st.events.push(Event::Qr { data });
                            }
                            other => {
                                return Err(DecodeError::UnknownCommand {
                                    offset: start,
                                    bytes: vec![0x1D, b'(', b'k', cn, other],
                                })
                            }
                        }
                    }
                    b'v' => {
                        // GS v 0 m xL xH yL yH d1…dk: raster bit image.
                        let p = c.take(6, start, "GS v 0")?;
                        if p[0] != b'0' {
                            return Err(DecodeError::UnknownCommand {
                                offset: start,
                                bytes: vec![0x1D, b'v', p[0]],
                            });
                        }
                        let mode = match p[1] {
                            m @ 0..=3 => m,
                            m @ 48..=51 => m - 48,
                            v => {
                                return Err(DecodeError::InvalidParameter {
                                    offset: start,
                                    command: "GS v 0",
                                    value: v,
                                })
                            }
                        };
                        let x = usize::from(p[2]) | (usize::from(p[3]) << 8);
                        let y = usize::from(p[4]) | (usize::from(p[5]) << 8);
                        if x == 0 || y == 0 {
                            return Err(DecodeError::InvalidParameter {
                                offset: start,
                                command: "GS v 0",
                                value: 0,
                            });
                        }
                        let bits = c.take(x * y, start, "GS v 0")?.to_vec();
                        if !st.line.is_empty() {
                            st.end_line();
                        }
                        st.events.push(Event::Raster {
                            width: u32::try_from(x * 8).unwrap_or(u32::MAX),
                            height: u32::try_from(y).unwrap_or(u32::MAX),
                            bits,
                            mode,
                        });
                    }
                    other => {
                        return Err(DecodeError::UnknownCommand {
                            offset: start,
                            bytes: vec![0x1D, other],
                        })
                    }
                }
            }
            0x1C => {
                let cmd = c.byte(start, "FS")?;
                if cmd == b'.' {
                    st.events.push(Event::CancelKanji);
                } else {
                    return Err(DecodeError::UnknownCommand {
                        offset: start,
                        bytes: vec![0x1C, cmd],
                    });
                }
            }
            0x00..=0x1F | 0x7F => {
                return Err(DecodeError::UnknownCommand {
                    offset: start,
                    bytes: vec![b],
                })
            }
            _ => {
                let ch = decode_byte(b, st.code_page).ok_or(DecodeError::UnmappedByte {
                    offset: start,
                    byte: b,
                })?;
                st.line.push(ch);
                st.line_cols += usize::from(st.width.max(1));
            }
        }
    }
    if !st.line.is_empty() {
        st.end_line();
    }
    Ok(st)
}

/// Decodes ESC/POS bytes into events.
pub fn decode(bytes: &[u8]) -> Result<Vec<Event>> {
    Ok(run(bytes)?.events)
}

/// Decodes ESC/POS bytes into printed text lines with their attributes.
pub fn decode_lines(bytes: &[u8]) -> Result<Vec<PrintedLine>> {
    Ok(run(bytes)?.lines)
}

/// The printed text lines, in order (no alignment padding; QR codes and barcodes appear as
/// `[QR: data]` / `[BARCODE: data]`; feeds and cuts are not shown).
pub fn decode_text(bytes: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in decode(bytes)? {
        match e {
            Event::Text(t) => out.push(t),
            Event::Qr { data } => out.push(format!("[QR: {data}]")),
            Event::Barcode { data, .. } => out.push(format!("[BARCODE: {data}]")),
            _ => {}
        }
    }
    Ok(out)
}

/// Preview as the paper would look at `columns` columns: centred and right-aligned lines are
/// padded, double-width characters are followed by a space (`S A L I N A N`),
/// trailing spaces are trimmed, and QR/barcodes appear as centred `[QR: ...]`/`[BARCODE: ...]`.
pub fn preview_lines(bytes: &[u8], columns: usize) -> Result<Vec<String>> {
    let st = run(bytes)?;
    let mut lines = st.lines.into_iter();
    let mut out = Vec::new();
    let pad = |text: &str, used: usize, align: Align| -> String {
        let free = columns.saturating_sub(used);
        let left = match align {
            Align::Left => 0,
            Align::Center => free / 2,
            Align::Right => free,
        };
        format!("{}{}", " ".repeat(left), text)
            .trim_end()
            .to_string()
    };
    for e in st.events {
        match e {
            Event::Text(_) => {
                if let Some(l) = lines.next() {
                    let shown: String = if l.width > 1 {
                        let gap = " ".repeat(usize::from(l.width) - 1);
                        l.text.chars().map(|c| format!("{c}{gap}")).collect()
                    } else {
                        l.text.clone()
                    };
                    out.push(pad(&shown, l.columns, l.align));
                }
            }
            Event::Qr { data } => {
                let t = format!("[QR: {data}]");
                out.push(pad(&t, t.chars().count(), Align::Center));
            }
            Event::Barcode { data, .. } => {
                let t = format!("[BARCODE: {data}]");
                out.push(pad(&t, t.chars().count(), Align::Center));
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_basic_commands() {
        let bytes = [
            0x1B, 0x40, 0x1C, 0x2E, 0x1B, 0x74, 0x00, b'H', b'i', 0x0A, 0x1D, 0x56, 0x01, 0x1B,
            0x70, 0x00, 0x19, 0xFA,
        ];
        let events = decode(&bytes).expect("valid stream");
        assert_eq!(
            events,
            vec![
                Event::Init,
                Event::CancelKanji,
                Event::CodePage(0),
                Event::Text("Hi".into()),
                Event::Cut { partial: true },
                Event::Drawer {
                    pin: 2,
                    t1: 25,
                    t2: 250
                },
            ]
        );
    }

    #[test]
    fn fails_on_unknown_command() {
        let err = decode(&[0x1B, 0x40, 0x1B, 0x7A, 0x01]).expect_err("ESC z is unknown");
        assert_eq!(
            err,
            DecodeError::UnknownCommand {
                offset: 2,
                bytes: vec![0x1B, 0x7A]
            }
        );
        assert!(matches!(
            decode(&[0x07]),
            Err(DecodeError::UnknownCommand { offset: 0, .. })
        ));
        assert!(matches!(
            decode(&[0x1C, 0x26]),
            Err(DecodeError::UnknownCommand { .. })
        ));
    }

    #[test]
    fn fails_on_truncated_command() {
        // Drawer pulse missing its two timing bytes (the escpos 0.20 defect).
        assert_eq!(
            decode(&[0x1B, 0x70, 0x00]),
            Err(DecodeError::Truncated {
                offset: 0,
                command: "ESC p"
            })
        );
        assert!(matches!(
            decode(&[0x1D, 0x28, 0x6B, 0x10, 0x00, 0x31, 0x50, 0x30, b'A']),
            Err(DecodeError::Truncated { .. })
        ));
        assert!(matches!(
            decode(&[0x1B]),
            Err(DecodeError::Truncated { .. })
        ));
        assert!(matches!(
            decode(&[0x1D, 0x6B, 73, 5, b'{', b'B']),
            Err(DecodeError::Truncated { .. })
        ));
    }

    #[test]
    fn fails_on_unmapped_high_byte() {
        assert!(matches!(
            decode(&[0xC4]),
            Err(DecodeError::UnmappedByte { byte: 0xC4, .. })
        ));
    }

    #[test]
    fn decodes_cp437_text_and_barcode() {
        let mut bytes = b"Caf\x82\n".to_vec();
        bytes.extend_from_slice(&[0x1D, 0x6B, 73, 6, b'{', b'B', b'A', b'{', b'{', b'1']);
        assert_eq!(
            decode_text(&bytes).expect("valid"),
            vec!["Café".to_string(), "[BARCODE: A{1]".to_string()]
        );
    }

    #[test]
    fn decodes_ean_barcodes_with_their_check_digit() {
        let ean13 = |m: u8, data: &[u8]| {
            let mut b = vec![0x1D, 0x6B, m];
            if m >= 65 {
                b.push(data.len() as u8);
                b.extend_from_slice(data);
            } else {
                b.extend_from_slice(data);
                b.push(0);
            }
            decode(&b)
        };
        for (m, data) in [
            (67, &b"400638133393"[..]),
            (67, b"4006381333931"),
            (2, b"400638133393"),
        ] {
            assert_eq!(
                ean13(m, data),
                Ok(vec![Event::Barcode {
                    symbology: Some(Symbology::Ean13),
                    data: "4006381333931".into()
                }]),
                "m = {m}: the printer prints the check digit it computes (or was given)"
            );
        }
        assert_eq!(
            ean13(68, b"9638507"),
            Ok(vec![Event::Barcode {
                symbology: Some(Symbology::Ean8),
                data: "96385074".into()
            }])
        );
        assert!(
            matches!(
                ean13(67, b"4006381333932"),
                Err(DecodeError::InvalidParameter { .. })
            ),
            "a wrong check digit is refused"
        );
        assert!(
            matches!(
                ean13(67, b"40063813339A"),
                Err(DecodeError::InvalidParameter { .. })
            ),
            "EAN data is digits only"
        );
        assert!(
            matches!(
                ean13(67, b"4006381"),
                Err(DecodeError::InvalidParameter { .. })
            ),
            "EAN-13 takes 12 or 13 digits"
        );
    }
}

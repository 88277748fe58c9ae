//! Minimal ESC/POS byte builder: exactly the commands this crate emits, as named constants
//! and methods, so tests can assert byte sequences. Pure; no I/O.

/// `ESC @` — initialise printer.
pub const INIT: [u8; 2] = [0x1B, 0x40];
/// `FS .` — cancel Kanji (Chinese) character mode.
pub const CANCEL_KANJI: [u8; 2] = [0x1C, 0x2E];
/// `ESC p 0 25 250` — pulse drawer pin 2 for 50 ms on / 500 ms off. Always with both pulse
/// times (escpos 0.20's `cash_drawer()` omits them and the printer eats the next two bytes).
pub const DRAWER_PIN2: [u8; 5] = [0x1B, 0x70, 0x00, 0x19, 0xFA];
/// `GS V 1` — partial cut.
pub const PARTIAL_CUT: [u8; 3] = [0x1D, 0x56, 0x01];

/// Text alignment (`ESC a n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// n = 0
    Left,
    /// n = 1
    Center,
    /// n = 2
    Right,
}

/// Appends ESC/POS commands to a byte buffer.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    buf: Vec<u8>,
}

impl Builder {
    /// Empty builder.
    pub fn new() -> Self {
        Builder::default()
    }

    /// The bytes built so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Raw bytes (already valid ESC/POS or code-page text).
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self
    }

    /// `ESC t n` — select character code table.
    pub fn code_page(&mut self, n: u8) -> &mut Self {
        self.raw(&[0x1B, 0x74, n])
    }

    /// `ESC a n`.
    pub fn align(&mut self, align: Align) -> &mut Self {
        let n = match align {
            Align::Left => 0,
            Align::Center => 1,
            Align::Right => 2,
        };
        self.raw(&[0x1B, 0x61, n])
    }

    /// `ESC E n` — emphasised (bold) on/off.
    pub fn bold(&mut self, on: bool) -> &mut Self {
        self.raw(&[0x1B, 0x45, u8::from(on)])
    }

    /// `GS ! n` — character size; `width` and `height` are multipliers 1..=8.
    pub fn size(&mut self, width: u8, height: u8) -> &mut Self {
        let w = width.clamp(1, 8) - 1;
        let h = height.clamp(1, 8) - 1;
        self.raw(&[0x1D, 0x21, (w << 4) | h])
    }

    /// One line of code-page text followed by `LF`. Caller guarantees no control bytes.
    pub fn line(&mut self, text: &[u8]) -> &mut Self {
        self.raw(text).raw(&[0x0A])
    }

    /// `ESC d n` — print and feed n lines.
    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.raw(&[0x1B, 0x64, lines])
    }

    /// QR code Model 2 via `GS ( k`: model, module size, error correction M, store, print.
    /// `data` must be at most 7089 bytes (checked by the caller).
    pub fn qr(&mut self, data: &[u8], module_size: u8) -> &mut Self {
        // Function 165: select model 2.
        self.raw(&[0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
        // Function 167: module size.
        self.raw(&[0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, module_size]);
        // Function 169: error correction level M (49).
        self.raw(&[0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31]);
        // Function 180: store data. pL pH = len + 3.
        let len = data.len() + 3;
        let pl = (len & 0xFF) as u8;
        let ph = ((len >> 8) & 0xFF) as u8;
        self.raw(&[0x1D, 0x28, 0x6B, pl, ph, 0x31, 0x50, 0x30]);
        self.raw(data);
        // Function 181: print.
        self.raw(&[0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30])
    }

    /// CODE128 code set B via `GS k 73 n {B data`, with HRI below (`GS H 2`), height 80 dots
    /// (`GS h 80`) and module width 2 (`GS w 2`). `data` must be printable ASCII and at most
    /// 253 bytes after escaping `{` (checked by the caller).
    pub fn code128(&mut self, data: &[u8]) -> &mut Self {
        self.raw(&[0x1D, 0x48, 0x02]);
        self.raw(&[0x1D, 0x68, 80]);
        self.raw(&[0x1D, 0x77, 0x02]);
        let mut payload = vec![b'{', b'B'];
        for b in data {
            payload.push(*b);
            if *b == b'{' {
                payload.push(b'{');
            }
        }
        let n = payload.len().min(255) as u8;
        self.raw(&[0x1D, 0x6B, 73, n]);
        self.raw(&payload[..usize::from(n)])
    }
}

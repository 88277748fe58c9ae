//! ESC/POS command generation.
//!
//! The layout drives the [escpos crate](::escpos)'s `Printer` over an in-memory
//! [`MemoryDriver`] (see [`EscposWriter`]). This module also keeps, as named constants, the few
//! commands we send raw because escpos 0.20 gets them wrong or lacks them:
//!
//! - [`CANCEL_KANJI`] (`FS .`): escpos has no command for it.
//! - [`DRAWER_PIN2`]: escpos' `cash_drawer()` emits only `ESC p 0`, without the two pulse times, so
//!   the printer swallows the next two bytes (often the cut).
//! - [`PARTIAL_CUT`] (`GS V 1`): escpos' `partial_cut()` emits `GS V 65 1`, which in ESC/POS is
//!   function B *full* cut (m = 65); many partial-cut-only printers accept only m = 0/1/48/49/66.
//! - CODE128 ([`Builder::code128`]): escpos 0.20 only knows the function-A barcodes (UPC, EAN,
//!   CODE39, ITF, CODABAR).
//!
//! [`Builder`] is the hand-written, spec-level encoder of all commands this crate emits; the
//! layout uses it only for the raw commands above, and tests use it to cross-check escpos' bytes.

use std::cell::RefCell;
use std::rc::Rc;

use ::escpos::driver::Driver;
use ::escpos::errors::Result as EscposResult;
use ::escpos::printer::Printer;
use ::escpos::printer_options::PrinterOptions;
use ::escpos::utils::{
    Encoder, JustifyMode, PageCode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption,
};

use crate::model::CodePage;

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

/// Appends ESC/POS commands to a byte buffer (spec-level reference encoder; see the module docs).
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
        self.code128_with_module(data, 2)
    }

    /// [`Builder::code128`] with module width `module` dots (`GS w`, 1..=6).
    pub fn code128_with_module(&mut self, data: &[u8], module: u8) -> &mut Self {
        self.raw(&[0x1D, 0x48, 0x02]);
        self.raw(&[0x1D, 0x68, 80]);
        self.raw(&[0x1D, 0x77, module.clamp(1, 6)]);
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

    /// EAN-13 via `GS k 67 12 d1..d12` (function B; the printer adds the check digit), with
    /// HRI below (`GS H 2`), height 80 dots (`GS h 80`) and module width 3 (`GS w 3`, 0.375 mm
    /// at 203 dpi, close to the nominal 0.33 mm; 95 modules = 285 dots fit a 58 mm head).
    /// `first12` must be 12 ASCII digits (checked by the caller).
    pub fn ean13(&mut self, first12: &[u8]) -> &mut Self {
        self.raw(&[0x1D, 0x48, 0x02]);
        self.raw(&[0x1D, 0x68, 80]);
        self.raw(&[0x1D, 0x77, 0x03]);
        self.raw(&[0x1D, 0x6B, 67, 12]);
        self.raw(&first12[..first12.len().min(12)])
    }

    /// EAN-8 via `GS k 68 7 d1..d7` (function B; the printer adds the check digit), HRI below,
    /// height 80 dots, module width 3. `first7` must be 7 ASCII digits (checked by the caller).
    pub fn ean8(&mut self, first7: &[u8]) -> &mut Self {
        self.raw(&[0x1D, 0x48, 0x02]);
        self.raw(&[0x1D, 0x68, 80]);
        self.raw(&[0x1D, 0x77, 0x03]);
        self.raw(&[0x1D, 0x6B, 68, 7]);
        self.raw(&first7[..first7.len().min(7)])
    }
}

impl Builder {
    /// `GS v 0 0 xL xH yL yH d…`: a raster bit image at normal density (1 = black dot).
    pub fn raster(&mut self, image: &crate::raster::Raster) -> &mut Self {
        let x = image.row_bytes();
        let y = image.height() as usize;
        self.raw(&[
            0x1D,
            0x76,
            0x30,
            0x00,
            (x & 0xFF) as u8,
            ((x >> 8) & 0xFF) as u8,
            (y & 0xFF) as u8,
            ((y >> 8) & 0xFF) as u8,
        ]);
        self.raw(image.bits())
    }
}

/// An escpos [`Driver`] that collects the bytes in memory
/// (cheap to clone; clones share the buffer). Nothing is read back from it.
#[derive(Debug, Clone, Default)]
pub struct MemoryDriver {
    buf: Rc<RefCell<Vec<u8>>>,
}

impl MemoryDriver {
    /// Empty driver.
    pub fn new() -> Self {
        MemoryDriver::default()
    }

    /// Takes the bytes written so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buf.borrow_mut())
    }
}

impl Driver for MemoryDriver {
    fn name(&self) -> String {
        "memory".to_string()
    }

    fn write(&self, data: &[u8]) -> EscposResult<()> {
        self.buf.try_borrow_mut()?.extend_from_slice(data);
        Ok(())
    }

    fn read(&self, _buf: &mut [u8]) -> EscposResult<usize> {
        Ok(0)
    }

    fn flush(&self) -> EscposResult<()> {
        Ok(())
    }
}

/// escpos' page code for our code page.
pub fn page_code(cp: CodePage) -> PageCode {
    match cp {
        CodePage::Pc437 => PageCode::PC437,
        CodePage::Pc850 => PageCode::PC850,
    }
}

/// The bytes escpos generates for the commands `f` adds to a fresh printer (no `ESC @`).
pub fn escpos_bytes(
    f: impl FnOnce(&mut Printer<MemoryDriver>) -> EscposResult<()>,
) -> EscposResult<Vec<u8>> {
    let out = MemoryDriver::new();
    let mut p = Printer::new(out.clone(), Protocol::default(), None);
    f(&mut p)?;
    p.print()?;
    Ok(out.take())
}

/// Code-page bytes as a string that escpos' text path encodes back to exactly those bytes.
///
/// The writer's escpos `Protocol` uses the WHATWG `x-user-defined` encoding, which is
/// byte-transparent: ASCII maps to itself and U+F780..=U+F7FF to 0x80..=0xFF. Anything else is
/// unencodable and makes escpos fail instead of sending raw UTF-8.
fn byte_transparent(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                char::from_u32(0xF700 + u32::from(b)).unwrap_or('\u{FFFD}')
            }
        })
        .collect()
}

/// Builds a document with the escpos crate: `ESC @`, optional `FS .`, `ESC t n`, then text lines
/// of already transliterated code-page bytes and formatting commands. All bytes go through one
/// escpos `Printer` (its instruction buffer and [`MemoryDriver`]), in order.
pub struct EscposWriter {
    printer: Printer<MemoryDriver>,
    out: MemoryDriver,
}

impl EscposWriter {
    /// Starts a document: escpos `init()` (`ESC @`), `FS .` when `cancel_kanji`, then the code
    /// table `ESC t n` as generated by escpos' `page_code()`.
    ///
    /// The code table command comes from a separate escpos printer because `Printer::page_code`
    /// also switches that printer's text path to escpos' own char→byte tables, and its PC850
    /// table maps ASCII `-` to 0xF0 (soft hyphen). Our text is already transliterated, so the
    /// writer keeps no page code in its options and its text path byte-transparent.
    pub fn start(columns: usize, code_page: CodePage, cancel_kanji: bool) -> EscposResult<Self> {
        let out = MemoryDriver::new();
        let protocol = Protocol::new(Encoder::new(encoding_rs::X_USER_DEFINED));
        let chars_per_line = u8::try_from(columns).unwrap_or(u8::MAX);
        let options = PrinterOptions::new(None, None, chars_per_line);
        let mut printer = Printer::new(out.clone(), protocol, Some(options));
        printer.init()?;
        if cancel_kanji {
            printer.custom(&CANCEL_KANJI)?;
        }
        let esc_t = escpos_bytes(|p| p.page_code(page_code(code_page)).map(|_| ()))?;
        printer.custom(&esc_t)?;
        Ok(EscposWriter { printer, out })
    }

    /// One line of code-page text (no control bytes) followed by `LF`, through escpos' `write`.
    ///
    /// Not escpos' `writeln`: that ends lines with `ESC d 1` instead of `LF`.
    pub fn line(&mut self, text: &[u8]) -> EscposResult<&mut Self> {
        let mut s = byte_transparent(text);
        s.push('\n');
        self.printer.write(&s)?;
        Ok(self)
    }

    /// `ESC a n` via escpos' `justify`.
    pub fn align(&mut self, align: Align) -> EscposResult<&mut Self> {
        let mode = match align {
            Align::Left => JustifyMode::LEFT,
            Align::Center => JustifyMode::CENTER,
            Align::Right => JustifyMode::RIGHT,
        };
        self.printer.justify(mode)?;
        Ok(self)
    }

    /// `ESC E n` via escpos' `bold`.
    pub fn bold(&mut self, on: bool) -> EscposResult<&mut Self> {
        self.printer.bold(on)?;
        Ok(self)
    }

    /// `GS ! n` via escpos' `size` (multipliers 1..=8).
    pub fn size(&mut self, width: u8, height: u8) -> EscposResult<&mut Self> {
        self.printer.size(width, height)?;
        Ok(self)
    }

    /// `ESC d n` via escpos' `feeds`.
    pub fn feed(&mut self, lines: u8) -> EscposResult<&mut Self> {
        self.printer.feeds(lines)?;
        Ok(self)
    }

    /// QR code Model 2, error correction M, via escpos' `qrcode_option` (`GS ( k` functions
    /// 165, 167, 169, 180, 181).
    pub fn qr(&mut self, data: &str, module_size: u8) -> EscposResult<&mut Self> {
        let option = QRCodeOption::new(QRCodeModel::Model2, module_size, QRCodeCorrectionLevel::M);
        self.printer.qrcode_option(data, option)?;
        Ok(self)
    }

    /// Bytes escpos cannot generate correctly (see the module docs), through escpos' `custom`.
    pub fn raw(&mut self, bytes: &[u8]) -> EscposResult<&mut Self> {
        self.printer.custom(bytes)?;
        Ok(self)
    }

    /// Flushes escpos' instruction buffer and returns the document.
    pub fn finish(mut self) -> EscposResult<Vec<u8>> {
        self.printer.print()?;
        Ok(self.out.take())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::decode_byte;

    fn escpos(f: impl FnOnce(&mut Printer<MemoryDriver>) -> EscposResult<()>) -> Vec<u8> {
        escpos_bytes(f).expect("escpos builds the command")
    }

    fn reference(f: impl FnOnce(&mut Builder)) -> Vec<u8> {
        let mut b = Builder::new();
        f(&mut b);
        b.into_bytes()
    }

    /// The commands the layout takes from escpos are byte for byte the ones of the spec-level
    /// reference encoder (so the decoder and the byte-level tests apply unchanged).
    #[test]
    fn escpos_commands_match_the_reference_encoder() {
        assert_eq!(escpos(|p| p.init().map(|_| ())), INIT.to_vec());
        for cp in [CodePage::Pc437, CodePage::Pc850] {
            assert_eq!(
                escpos(|p| p.page_code(page_code(cp)).map(|_| ())),
                reference(|b| {
                    b.code_page(cp.esc_t());
                }),
                "{cp:?}"
            );
        }
        for (mode, align) in [
            (JustifyMode::LEFT, Align::Left),
            (JustifyMode::CENTER, Align::Center),
            (JustifyMode::RIGHT, Align::Right),
        ] {
            assert_eq!(
                escpos(|p| p.justify(mode).map(|_| ())),
                reference(|b| {
                    b.align(align);
                })
            );
        }
        for on in [true, false] {
            assert_eq!(
                escpos(|p| p.bold(on).map(|_| ())),
                reference(|b| {
                    b.bold(on);
                })
            );
        }
        for (w, h) in [(1, 1), (1, 2), (2, 2), (8, 8)] {
            assert_eq!(
                escpos(|p| p.size(w, h).map(|_| ())),
                reference(|b| {
                    b.size(w, h);
                })
            );
        }
        for n in [0, 1, 4, 255] {
            assert_eq!(
                escpos(|p| p.feeds(n).map(|_| ())),
                reference(|b| {
                    b.feed(n);
                })
            );
        }
        let data = "INV-20261126-0002";
        for module in [5, 6] {
            let option = QRCodeOption::new(QRCodeModel::Model2, module, QRCodeCorrectionLevel::M);
            assert_eq!(
                escpos(|p| p.qrcode_option(data, option).map(|_| ())),
                reference(|b| {
                    b.qr(data.as_bytes(), module);
                }),
                "QR Model 2, module {module}, level M"
            );
        }
    }

    /// Every byte our transliteration can produce reaches the printer unchanged through
    /// escpos' text path, in both code pages (ASCII `-` included: escpos' own PC850 table would
    /// turn it into 0xF0).
    #[test]
    fn text_path_is_byte_transparent() {
        for cp in [CodePage::Pc437, CodePage::Pc850] {
            let bytes: Vec<u8> = (0x20..=0xFF)
                .filter(|b| decode_byte(*b, cp).is_some())
                .collect();
            assert!(bytes.len() > 95 + 40, "{cp:?}: ASCII and the high table");
            let mut w = EscposWriter::start(32, cp, false).expect("start");
            w.line(&bytes).expect("line");
            let out = w.finish().expect("finish");
            let mut expected = INIT.to_vec();
            expected.extend_from_slice(&[0x1B, 0x74, cp.esc_t()]);
            expected.extend_from_slice(&bytes);
            expected.push(0x0A);
            assert_eq!(out, expected, "{cp:?}");
        }
    }

    /// The writer's encoder cannot fall back to UTF-8: a character outside the byte-transparent
    /// range is an error, not raw UTF-8 bytes.
    #[test]
    fn text_path_refuses_non_code_page_characters() {
        let out = MemoryDriver::new();
        let protocol = Protocol::new(Encoder::new(encoding_rs::X_USER_DEFINED));
        let mut p = Printer::new(out.clone(), protocol, None);
        assert!(p.write("Café").is_err());
        assert!(p.write("Cafe\u{F782}").is_ok());
        p.print().expect("print");
        assert_eq!(out.take(), b"Cafe\x82".to_vec());
    }

    /// escpos 0.20.1 behaviour that the layout works around by sending raw bytes. If one of
    /// these starts failing after an escpos upgrade, the workaround may no longer be needed.
    #[test]
    fn escpos_0_20_defects_that_we_work_around() {
        use ::escpos::utils::CashDrawer;
        // cash_drawer(): `ESC p 0` without t1/t2; we send `ESC p 0 25 250`.
        assert_eq!(
            escpos(|p| p.cash_drawer(CashDrawer::Pin2).map(|_| ())),
            vec![0x1B, 0x70, 0x00]
        );
        assert_eq!(DRAWER_PIN2, [0x1B, 0x70, 0x00, 0x19, 0xFA]);
        // partial_cut(): `GS V 65 1` is function B full cut; we send `GS V 1`.
        assert_eq!(
            escpos(|p| p.partial_cut().map(|_| ())),
            vec![0x1D, 0x56, 0x41, 0x01]
        );
        assert_eq!(PARTIAL_CUT, [0x1D, 0x56, 0x01]);
        // page_code(PC850) makes write() map ASCII '-' to 0xF0 (soft hyphen); the writer
        // takes only the `ESC t 2` bytes from escpos.
        assert_eq!(
            escpos(|p| p.page_code(PageCode::PC850)?.write("-").map(|_| ())),
            vec![0x1B, 0x74, 0x02, 0xF0]
        );
    }
}

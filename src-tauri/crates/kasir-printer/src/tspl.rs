//! Labels for label printers speaking TSPL (TSC's language; Xprinter and most cheap thermal
//! label printers take it): [`LabelSize`] checks the label size against what a 4-inch printer
//! takes, [`render_tspl`] lays out every product on one label and prints it `count` times.
//!
//! Commands as in the TSC TSPL/TSPL2 programming manual: `SIZE w mm,h mm`, `GAP g mm,0`,
//! `DIRECTION`, `CODEPAGE`, `CLS`, `TEXT x,y,"font",rotation,x-mul,y-mul,"text"`,
//! `BARCODE x,y,"type",height,human readable,rotation,narrow,wide,"code"` and
//! `PRINT sets,copies`; one command per line, lines end in CR LF. Coordinates are dots of a
//! 203-dpi head (8 dots per mm), the resolution of the common 2- and 4-inch desktop models.
//!
//! Pure: the whole job is laid out and checked before a byte is produced, so a label that does
//! not fit is refused with an Indonesian message and nothing reaches the printer.

use crate::barcode::Symbology;
use crate::error::{PrinterError, Result};
use crate::label::{fit_lines, LabelJob, PreparedItem};
use crate::model::CodePage;
use crate::text::transliterate;

/// Dots per millimetre of a 203-dpi print head.
pub const DOTS_PER_MM: u32 = 8;
/// Narrowest label: the smallest media width the 2- and 4-inch desktop models feed (TSC TE200
/// and Xprinter XP-365B data sheets: 20 mm).
pub const MIN_WIDTH_MM: u32 = 20;
/// Widest label: a 4-inch head is 832 dots wide, 832 / 8 = 104 mm of printable width.
pub const MAX_WIDTH_MM: u32 = 104;
/// Shortest label: the printers' minimum label length (TSC and Xprinter data sheets: 10 mm);
/// the gap sensor cannot find anything shorter.
pub const MIN_HEIGHT_MM: u32 = 10;
/// Longest label we lay out. The printers feed far longer media (TSC: 2286 mm), but a price
/// label is never longer than this, and it keeps a job's size bounded.
pub const MAX_HEIGHT_MM: u32 = 200;
/// Largest gap between labels: the range of the `GAP` command, 0 ≤ m ≤ 25.4 mm.
pub const MAX_GAP_MM: u32 = 25;

/// A label size a TSPL printer takes (checked by [`LabelSize::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelSize {
    width_mm: u32,
    height_mm: u32,
    gap_mm: u32,
}

impl LabelSize {
    /// The size, or an Indonesian explanation of what the printer cannot take.
    pub fn new(width_mm: u32, height_mm: u32, gap_mm: u32) -> Result<LabelSize> {
        if !(MIN_WIDTH_MM..=MAX_WIDTH_MM).contains(&width_mm) {
            return Err(PrinterError::InvalidLabel(format!(
                "Lebar label {width_mm} mm tidak bisa dipakai printer label: harus {MIN_WIDTH_MM}–{MAX_WIDTH_MM} mm (kepala cetak 4 inci)."
            )));
        }
        if !(MIN_HEIGHT_MM..=MAX_HEIGHT_MM).contains(&height_mm) {
            return Err(PrinterError::InvalidLabel(format!(
                "Tinggi label {height_mm} mm tidak bisa dipakai printer label: harus {MIN_HEIGHT_MM}–{MAX_HEIGHT_MM} mm."
            )));
        }
        if gap_mm > MAX_GAP_MM {
            return Err(PrinterError::InvalidLabel(format!(
                "Jarak antar label {gap_mm} mm tidak bisa dipakai printer label: harus 0–{MAX_GAP_MM} mm."
            )));
        }
        Ok(LabelSize {
            width_mm,
            height_mm,
            gap_mm,
        })
    }

    /// Width in mm.
    pub fn width_mm(self) -> u32 {
        self.width_mm
    }

    /// Height in mm.
    pub fn height_mm(self) -> u32 {
        self.height_mm
    }

    /// Gap in mm.
    pub fn gap_mm(self) -> u32 {
        self.gap_mm
    }
}

/// An internal bitmap font of TSPL: its name and cell size in dots.
#[derive(Debug, Clone, Copy)]
struct Font {
    name: &'static str,
    width: u32,
    height: u32,
}

const FONT_2: Font = Font {
    name: "2",
    width: 12,
    height: 20,
};
const FONT_3: Font = Font {
    name: "3",
    width: 16,
    height: 24,
};
const FONT_4: Font = Font {
    name: "4",
    width: 24,
    height: 32,
};

/// Side margin, top margin and bottom margin in dots.
const MARGIN_X: u32 = 16;
const MARGIN_TOP: u32 = 12;
const MARGIN_BOTTOM: u32 = 8;
/// Room under the bars for the digits the printer prints (human readable).
const HRI_DOTS: u32 = 28;
/// Bar height limits: 5 mm (still scans with a handheld scanner) to 15 mm.
const MIN_BAR_DOTS: u32 = 40;
const MAX_BAR_DOTS: u32 = 120;
/// Narrow bar width tried, widest first (3 dots = 0.375 mm, 2 dots = 0.25 mm).
const MODULE_DOTS: [u32; 2] = [3, 2];
/// TSPL lines use this code page (`CODEPAGE 850`); text is transliterated into it.
const TSPL_CODE_PAGE: CodePage = CodePage::Pc850;

/// One text line on a label.
struct TextLine {
    y: u32,
    font: Font,
    bytes: Vec<u8>,
}

/// A product's label, laid out.
struct Layout {
    texts: Vec<TextLine>,
    bar_x: u32,
    bar_y: u32,
    bar_height: u32,
    module: u32,
}

/// TSPL text: no double quote (it ends the string; TSPL has no portable escape for it).
fn tspl_text(s: &str) -> Vec<u8> {
    transliterate(s, TSPL_CODE_PAGE)
        .into_iter()
        .map(|b| if b == b'"' { b'\'' } else { b })
        .collect()
}

fn chars_fitting(width_dots: u32, font: Font) -> usize {
    usize::try_from(width_dots / font.width).unwrap_or(0)
}

fn layout(item: &PreparedItem, shop: Option<&str>, size: LabelSize) -> Result<Layout> {
    let w = size.width_mm * DOTS_PER_MM;
    let h = size.height_mm * DOTS_PER_MM;
    let inner = w - 2 * MARGIN_X;
    let symbol = &item.symbol;
    // The printer picks CODE128 code sets itself; allow one symbol more than our encoding.
    let slack = if symbol.symbology == Symbology::Code128 {
        11
    } else {
        0
    };
    let total = symbol.total_modules() + slack;
    let module = MODULE_DOTS
        .iter()
        .copied()
        .find(|m| total * m <= w)
        .ok_or_else(|| {
            let need = (total * 2).div_ceil(DOTS_PER_MM);
            PrinterError::InvalidLabel(format!(
                "Label {} mm terlalu sempit untuk barcode {} {} milik {}: perlu lebar minimal {need} mm.",
                size.width_mm,
                symbol.symbology.label(),
                symbol.data,
                item.name
            ))
        })?;
    let (quiet_left, _) = symbol.quiet_zones();
    let bar_x = (w - total * module) / 2 + quiet_left * module;

    let price_font = [FONT_4, FONT_3, FONT_2]
        .into_iter()
        .find(|f| chars_fitting(inner, *f) >= item.price.len())
        .ok_or_else(|| {
            PrinterError::InvalidLabel(format!(
                "Label {} mm terlalu sempit untuk harga {}.",
                size.width_mm, item.price
            ))
        })?;
    let name_font = if chars_fitting(inner, FONT_3) >= 10 {
        FONT_3
    } else {
        FONT_2
    };
    let name_width = chars_fitting(inner, name_font);
    let name = tspl_text(&item.name);

    let mut shortest = u32::MAX;
    for name_lines in [2, 1] {
        let mut texts = Vec::new();
        let mut y = MARGIN_TOP;
        if let Some(shop) = shop {
            for bytes in fit_lines(&tspl_text(shop), chars_fitting(inner, FONT_2), 1) {
                texts.push(TextLine {
                    y,
                    font: FONT_2,
                    bytes,
                });
                y += FONT_2.height + 4;
            }
        }
        for bytes in fit_lines(&name, name_width, name_lines) {
            texts.push(TextLine {
                y,
                font: name_font,
                bytes,
            });
            y += name_font.height + 4;
        }
        texts.push(TextLine {
            y,
            font: price_font,
            bytes: tspl_text(&item.price),
        });
        y += price_font.height + 6;
        let needed = y + MIN_BAR_DOTS + HRI_DOTS + MARGIN_BOTTOM;
        shortest = shortest.min(needed);
        if needed <= h {
            let bar_height = (h - y - HRI_DOTS - MARGIN_BOTTOM).min(MAX_BAR_DOTS);
            return Ok(Layout {
                texts,
                bar_x,
                bar_y: y,
                bar_height,
                module,
            });
        }
    }
    Err(PrinterError::InvalidLabel(format!(
        "Label {} mm terlalu pendek untuk nama, harga dan barcode {}: perlu tinggi minimal {} mm.",
        size.height_mm,
        item.name,
        shortest.div_ceil(DOTS_PER_MM)
    )))
}

fn line(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// The TSPL job: the size, gap, direction and code page once, then for each product `CLS`,
/// its text lines (centred), its barcode and `PRINT 1,count`. Every product is laid out and
/// checked first; a label that does not fit fails the whole job.
pub fn render_tspl(job: &LabelJob, size: LabelSize) -> Result<Vec<u8>> {
    let job = job.prepare()?;
    let shop = job.shop_name.as_deref();
    let layouts = job
        .items
        .iter()
        .map(|item| layout(item, shop, size))
        .collect::<Result<Vec<_>>>()?;
    let w = size.width_mm * DOTS_PER_MM;
    let mut out = Vec::new();
    line(
        &mut out,
        &format!("SIZE {} mm,{} mm", size.width_mm, size.height_mm),
    );
    line(&mut out, &format!("GAP {} mm,0", size.gap_mm));
    line(&mut out, "DIRECTION 1");
    line(&mut out, "CODEPAGE 850");
    for (item, l) in job.items.iter().zip(&layouts) {
        line(&mut out, "CLS");
        for t in &l.texts {
            let used = u32::try_from(t.bytes.len()).unwrap_or(0) * t.font.width;
            let x = w.saturating_sub(used) / 2;
            out.extend_from_slice(
                format!("TEXT {x},{},\"{}\",0,1,1,\"", t.y, t.font.name).as_bytes(),
            );
            out.extend_from_slice(&t.bytes);
            out.extend_from_slice(b"\"\r\n");
        }
        let kind = match item.symbol.symbology {
            Symbology::Ean13 => "EAN13",
            Symbology::Ean8 => "EAN8",
            Symbology::Code128 => "128",
        };
        line(
            &mut out,
            &format!(
                "BARCODE {},{},\"{kind}\",{},1,0,{m},{m},\"{}\"",
                l.bar_x,
                l.bar_y,
                l.bar_height,
                item.symbol.payload(),
                m = l.module
            ),
        );
        line(&mut out, &format!("PRINT 1,{}", item.count));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::LabelItem;
    use kasir_shared::barcode::ean13_check_digit;

    /// One parsed TSPL command: its name and its comma-separated parameters (quoted strings
    /// unquoted; a quote inside a string would end it, so the parser fails on stray quotes).
    #[derive(Debug, PartialEq)]
    struct Command {
        name: String,
        params: Vec<String>,
    }

    fn parse(bytes: &[u8]) -> Vec<Command> {
        assert!(bytes.ends_with(b"\r\n"), "the last line is terminated");
        let text: String = bytes.iter().map(|b| char::from(*b)).collect();
        let body = text.strip_suffix("\r\n").expect("terminated");
        body.split("\r\n")
            .map(|line| {
                assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
                let (name, rest) = line.split_once(' ').unwrap_or((line, ""));
                let mut params = Vec::new();
                let mut current = String::new();
                let mut quoted = false;
                let mut was_quoted = false;
                for ch in rest.chars() {
                    match ch {
                        '"' if !quoted => {
                            assert!(current.trim().is_empty(), "quote mid-parameter: {line}");
                            quoted = true;
                            was_quoted = true;
                            current.clear();
                        }
                        '"' => quoted = false,
                        ',' if !quoted => {
                            params.push(std::mem::take(&mut current));
                            was_quoted = false;
                        }
                        c if quoted || !was_quoted => current.push(c),
                        c => panic!("{c:?} after a closing quote in {line}"),
                    }
                }
                assert!(!quoted, "unterminated string in {line}");
                if !rest.is_empty() {
                    params.push(current);
                }
                Command {
                    name: name.to_string(),
                    params,
                }
            })
            .collect()
    }

    fn num(s: &str) -> u32 {
        s.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{s:?} is a number"))
    }

    fn job() -> LabelJob {
        LabelJob {
            shop_name: Some("Toko \"Maju\" Jaya".into()),
            items: vec![
                LabelItem::new("Indomie Goreng Spesial", 3_500, "8998866200578", 3),
                LabelItem::new(
                    "Kopi Kapal Api Special Mix Sachet 25 g",
                    15_000,
                    "12345678",
                    1,
                ),
                LabelItem::new("Teh Celup Sariwangi", 7_250, "96385074", 12),
            ],
        }
    }

    /// The job parsed back: the header once, then per product CLS, texts inside the label,
    /// the barcode whose data (with the check digit the printer adds) is the product's code,
    /// and PRINT 1,count.
    #[test]
    fn tspl_job_parses_back_to_sizes_barcodes_and_counts() {
        let size = LabelSize::new(50, 30, 2).expect("50×30 mm");
        let bytes = render_tspl(&job(), size).expect("renders");
        let cmds = parse(&bytes);
        let names: Vec<&str> = cmds.iter().take(4).map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["SIZE", "GAP", "DIRECTION", "CODEPAGE"]);
        assert_eq!(cmds[0].params, ["50 mm", "30 mm"], "SIZE w mm,h mm");
        assert_eq!(cmds[1].params, ["2 mm", "0"], "GAP g mm,0");
        let (w, h) = (50 * 8, 30 * 8);

        let mut labels = Vec::new();
        let mut block: Vec<&Command> = Vec::new();
        for c in &cmds[4..] {
            match c.name.as_str() {
                "CLS" => {
                    assert!(block.is_empty(), "CLS starts a label");
                    block.push(c);
                }
                "TEXT" | "BARCODE" => {
                    assert!(!block.is_empty(), "{} after CLS", c.name);
                    block.push(c);
                }
                "PRINT" => {
                    assert_eq!(c.params.len(), 2, "PRINT sets,copies");
                    assert_eq!(num(&c.params[0]), 1);
                    labels.push((std::mem::take(&mut block), num(&c.params[1])));
                }
                other => panic!("unexpected command {other}"),
            }
        }
        assert!(block.is_empty(), "every label ends in PRINT");
        assert_eq!(labels.len(), 3, "one label per product");

        let expected = [
            ("EAN13", "8998866200578", 3, "Rp 3.500"),
            ("128", "12345678", 1, "Rp 15.000"),
            ("EAN8", "96385074", 12, "Rp 7.250"),
        ];
        for ((cmds, count), (kind, code, want_count, price)) in labels.iter().zip(expected) {
            assert_eq!(*count, want_count, "{code}: PRINT 1,{want_count}");
            let texts: Vec<&Command> = cmds.iter().copied().filter(|c| c.name == "TEXT").collect();
            let shown: Vec<&str> = texts.iter().map(|t| t.params[6].as_str()).collect();
            assert_eq!(shown[0], "Toko 'Maju' Jaya", "shop name, quotes made safe");
            assert!(shown.contains(&price), "{code}: price {price} in {shown:?}");
            for t in &texts {
                let (x, y) = (num(&t.params[0]), num(&t.params[1]));
                let cell = match t.params[2].as_str() {
                    "2" => (12, 20),
                    "3" => (16, 24),
                    "4" => (24, 32),
                    f => panic!("font {f}"),
                };
                let chars = u32::try_from(t.params[6].len()).expect("short");
                assert!(x + chars * cell.0 <= w, "{:?} fits the width", t.params[6]);
                assert!(y + cell.1 <= h, "{:?} fits the height", t.params[6]);
            }
            let bc: Vec<&Command> = cmds
                .iter()
                .copied()
                .filter(|c| c.name == "BARCODE")
                .collect();
            assert_eq!(bc.len(), 1, "one barcode per label");
            let p = &bc[0].params;
            assert_eq!(
                p.len(),
                9,
                "BARCODE x,y,type,height,hri,rotation,narrow,wide,data"
            );
            assert_eq!(p[2], kind);
            assert_eq!(p[4], "1", "digits printed under the bars");
            assert_eq!(p[5], "0", "not rotated");
            let printed = match kind {
                "EAN13" => format!("{}{}", p[8], ean13_check_digit(&p[8])),
                "EAN8" => format!("{}{}", p[8], ean13_check_digit(&format!("00000{}", p[8]))),
                _ => p[8].clone(),
            };
            assert_eq!(
                printed, code,
                "the printed barcode scans back to the product"
            );
            let (x, y, height, narrow) = (num(&p[0]), num(&p[1]), num(&p[3]), num(&p[6]));
            let modules = match kind {
                "EAN13" => 95,
                "EAN8" => 67,
                _ => 6 * 11 + 13,
            };
            assert!(narrow >= 2, "bars at least 0.25 mm");
            assert!(
                x >= 7 * narrow && x + modules * narrow + 7 * narrow <= w,
                "quiet zones on the label"
            );
            assert!(y + height + HRI_DOTS <= h, "bars and digits fit the height");
            assert!(height >= MIN_BAR_DOTS, "bars at least 5 mm high");
        }
    }

    #[test]
    fn sizes_outside_what_the_printer_takes_are_refused_in_indonesian() {
        for (w, h, g, word) in [
            (19, 30, 2, "Lebar"),
            (105, 30, 2, "Lebar"),
            (50, 9, 2, "Tinggi"),
            (50, 201, 2, "Tinggi"),
            (50, 30, 26, "Jarak"),
        ] {
            let err = LabelSize::new(w, h, g).expect_err("outside the range");
            assert!(err.message_id().starts_with(word), "{}", err.message_id());
            assert_eq!(err.kind(), kasir_shared::ErrorKind::Validation);
        }
        assert!(LabelSize::new(20, 10, 0).is_ok() && LabelSize::new(104, 200, 25).is_ok());
    }

    #[test]
    fn a_label_too_small_for_its_content_fails_the_whole_job_before_any_byte() {
        let narrow = LabelSize::new(25, 40, 2).expect("25 mm is a size the printer takes");
        let err = render_tspl(&job(), narrow).expect_err("EAN-13 needs 29 mm at 0.25 mm bars");
        assert!(
            err.message_id().contains("terlalu sempit")
                && err.message_id().contains("8998866200578"),
            "{}",
            err.message_id()
        );
        let short = LabelSize::new(50, 12, 2).expect("12 mm high");
        let err = render_tspl(&job(), short).expect_err("too short");
        assert!(
            err.message_id().contains("terlalu pendek"),
            "{}",
            err.message_id()
        );
    }
}

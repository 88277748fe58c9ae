//! Labels on A4 label sheets as a PDF ([`render_pdf`]), for any office printer: 3 × 8 labels of
//! 70 × 37 mm or 4 × 10 labels of 52.5 × 29.7 mm ([`Sheet`]), as many pages as the job needs.
//!
//! Each label: the shop name (optional), the product name (bold, at most two lines, cut with
//! `…`), the price and the barcode with its digits. Bars are filled rectangles, each module an
//! exact number of pixels at 300 dpi (2–4 px, 0.17–0.34 mm, the nominal EAN module being
//! 0.33 mm) with the standard's quiet zones inside the label, so a scanner and `zbarimg` on a
//! 300-dpi rendering read them. Text uses the PDF base-14 fonts Helvetica and Helvetica-Bold in
//! WinAnsiEncoding; nothing is embedded.
//!
//! Pure: bytes in memory, no file, no clock (the caller saves and opens the file).

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::error::{PrinterError, Result};
use crate::label::{LabelJob, PreparedItem};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// A4 portrait in points.
const A4_WIDTH: f32 = 210.0 * PT_PER_MM;
const A4_HEIGHT: f32 = 297.0 * PT_PER_MM;
/// One pixel at 300 dpi in points: bar edges fall on pixel edges of a 300-dpi rendering.
const PX_300: f32 = 72.0 / 300.0;

/// The label sheets we lay out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// 3 × 8 = 24 labels of 70 × 37 mm; 8 × 37 = 296 mm, so 0.5 mm top and bottom margin and
    /// none at the sides (the common "70 × 37 mm, 24 per sheet", e.g. Avery Zweckform 3474).
    A4x24,
    /// 4 × 10 = 40 labels of 52.5 × 29.7 mm filling the page edge to edge (e.g. Avery Zweckform
    /// 3651).
    A4x40,
}

/// Geometry and type sizes of a sheet, in points.
struct Spec {
    cols: usize,
    rows: usize,
    cell_w: f32,
    cell_h: f32,
    top: f32,
    left: f32,
    pad_x: f32,
    pad_y: f32,
    shop_pt: f32,
    name_pt: f32,
    price_pt: f32,
    digits_pt: f32,
    min_bar: f32,
    max_bar: f32,
}

impl Sheet {
    fn spec(self) -> Spec {
        match self {
            Sheet::A4x24 => Spec {
                cols: 3,
                rows: 8,
                cell_w: 70.0 * PT_PER_MM,
                cell_h: 37.0 * PT_PER_MM,
                top: 0.5 * PT_PER_MM,
                left: 0.0,
                pad_x: 4.0 * PT_PER_MM,
                pad_y: 3.0 * PT_PER_MM,
                shop_pt: 6.5,
                name_pt: 9.0,
                price_pt: 13.0,
                digits_pt: 7.0,
                min_bar: 8.0 * PT_PER_MM,
                max_bar: 15.0 * PT_PER_MM,
            },
            Sheet::A4x40 => Spec {
                cols: 4,
                rows: 10,
                cell_w: 52.5 * PT_PER_MM,
                cell_h: 29.7 * PT_PER_MM,
                top: 0.0,
                left: 0.0,
                pad_x: 3.0 * PT_PER_MM,
                pad_y: 2.5 * PT_PER_MM,
                shop_pt: 5.5,
                name_pt: 7.5,
                price_pt: 11.0,
                digits_pt: 6.0,
                min_bar: 7.0 * PT_PER_MM,
                max_bar: 15.0 * PT_PER_MM,
            },
        }
    }

    /// Labels per page.
    pub fn per_page(self) -> usize {
        let s = self.spec();
        s.cols * s.rows
    }

    /// The rectangle of label `index` (0-based, row by row from the top left) on its page, in
    /// millimetres from the top left corner: (x, y, width, height).
    pub fn cell_mm(self, index: usize) -> (f32, f32, f32, f32) {
        let s = self.spec();
        let i = index % self.per_page();
        let (row, col) = (i / s.cols, i % s.cols);
        (
            (s.left + col as f32 * s.cell_w) / PT_PER_MM,
            (s.top + row as f32 * s.cell_h) / PT_PER_MM,
            s.cell_w / PT_PER_MM,
            s.cell_h / PT_PER_MM,
        )
    }
}

/// The PDF and how many pages and labels it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfLabels {
    /// The document.
    pub bytes: Vec<u8>,
    /// Pages.
    pub pages: u32,
    /// Labels.
    pub labels: u32,
}

/// Advance widths of Helvetica-Bold (Adobe AFM, 1/1000 em) for ASCII 32–126. Used to measure
/// both fonts: regular Helvetica is never wider, so measured text always fits.
const BOLD_WIDTHS: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/// WinAnsiEncoding's horizontal ellipsis.
const ELLIPSIS: u8 = 0x85;

fn glyph_width(b: u8) -> f32 {
    let units = match b {
        0x20..=0x7E => BOLD_WIDTHS[usize::from(b - 0x20)],
        ELLIPSIS => 1000,
        // Accented Latin letters are as wide as their base letter; 722 covers the widest.
        _ => 722,
    };
    f32::from(units) / 1000.0
}

fn text_width(bytes: &[u8], size: f32) -> f32 {
    bytes.iter().map(|b| glyph_width(*b)).sum::<f32>() * size
}

/// Text in WinAnsiEncoding: ASCII and Latin-1 as themselves, typographic quotes, dashes, the
/// euro and the ellipsis at their WinAnsi codes, anything else `?`; controls become spaces.
fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '€' => 0x80,
            '…' => ELLIPSIS,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            c if c.is_control() => b' ',
            _ => b'?',
        })
        .collect()
}

/// Greedy word wrap by measured width; at most `max_lines`, the last one cut with `…` when the
/// text does not fit. Words longer than a line are broken.
fn wrap_measured(text: &[u8], size: f32, max_width: f32, max_lines: usize) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for word in text.split(|b| *b == b' ').filter(|w| !w.is_empty()) {
        let mut candidate = current.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(word);
        if text_width(&candidate, size) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        for b in word {
            current.push(*b);
            if text_width(&current, size) > max_width {
                current.pop();
                lines.push(std::mem::replace(&mut current, vec![*b]));
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            last.push(ELLIPSIS);
            while last.len() > 1 && text_width(last, size) > max_width {
                last.remove(last.len() - 2);
            }
            while last.len() > 1 && last[last.len() - 2] == b' ' {
                last.remove(last.len() - 2);
            }
        }
    }
    lines
}

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

fn show(c: &mut Content, font: Name<'_>, size: f32, x: f32, y: f32, bytes: &[u8]) {
    c.begin_text();
    c.set_font(font, size);
    c.next_line(x, y);
    c.show(Str(bytes));
    c.end_text();
}

/// Module width in points: 4, 3 or 2 pixels at 300 dpi, the widest whose whole symbol (quiet
/// zones included) fits the label with 1 mm to spare on each side and whose bars fit inside
/// the padding.
fn module_width(item: &PreparedItem, s: &Spec) -> Result<f32> {
    let total = item.symbol.total_modules() as f32;
    let bars = item.symbol.modules().len() as f32;
    [4.0, 3.0, 2.0]
        .into_iter()
        .map(|px| px * PX_300)
        .find(|m| total * m <= s.cell_w - 2.0 * PT_PER_MM && bars * m <= s.cell_w - 2.0 * s.pad_x)
        .ok_or_else(|| {
            PrinterError::InvalidLabel(format!(
                "Barcode {} milik {} terlalu panjang untuk label {:.1} mm.",
                item.symbol.data,
                item.name,
                s.cell_w / PT_PER_MM
            ))
        })
}

/// One label drawn into `c` with its top left corner at (`x`, `top`) in PDF coordinates.
fn draw_label(
    c: &mut Content,
    item: &PreparedItem,
    shop: Option<&[u8]>,
    s: &Spec,
    x: f32,
    top: f32,
) -> Result<()> {
    let inner = s.cell_w - 2.0 * s.pad_x;
    let centred = |bytes: &[u8], size: f32| x + (s.cell_w - text_width(bytes, size)) / 2.0;
    let bottom = top - s.cell_h + s.pad_y;
    let bar_bottom = bottom + s.digits_pt * 1.15;
    let name = winansi(&item.name);
    let price = winansi(&item.price);
    if text_width(&price, s.price_pt) > inner {
        return Err(PrinterError::InvalidLabel(format!(
            "Harga {} tidak muat di label.",
            item.price
        )));
    }
    let mut plan = None;
    for max_lines in [2, 1] {
        let mut y = top - s.pad_y;
        let mut texts: Vec<(Name<'static>, f32, f32, Vec<u8>)> = Vec::new();
        if let Some(shop) = shop {
            let line = wrap_measured(shop, s.shop_pt, inner, 1).remove(0);
            y -= s.shop_pt;
            texts.push((REGULAR, s.shop_pt, y, line));
            y -= s.shop_pt * 0.35;
        }
        for (i, line) in wrap_measured(&name, s.name_pt, inner, max_lines)
            .into_iter()
            .enumerate()
        {
            y -= if i == 0 { s.name_pt } else { s.name_pt * 1.15 };
            texts.push((BOLD, s.name_pt, y, line));
        }
        y -= s.price_pt * 1.1;
        texts.push((BOLD, s.price_pt, y, price.clone()));
        let bar_top = y - s.price_pt * 0.3;
        if bar_top - bar_bottom >= s.min_bar {
            plan = Some((texts, bar_top));
            break;
        }
    }
    let (texts, bar_top) = plan.ok_or_else(|| {
        PrinterError::InvalidLabel(format!("Nama {} tidak muat di label.", item.name))
    })?;
    for (font, size, y, line) in &texts {
        show(c, *font, *size, centred(line, *size), *y, line);
    }

    let module = module_width(item, s)?;
    let modules = item.symbol.modules();
    let (quiet_left, _) = item.symbol.quiet_zones();
    let symbol_width = item.symbol.total_modules() as f32 * module;
    let origin = x + (s.cell_w - symbol_width) / 2.0 + quiet_left as f32 * module;
    let origin = (origin / PX_300).round() * PX_300;
    let height = (bar_top - bar_bottom).min(s.max_bar);
    let bar_y = bar_bottom + (bar_top - bar_bottom - height);
    let mut i = 0;
    while i < modules.len() {
        if modules[i] {
            let start = i;
            while i < modules.len() && modules[i] {
                i += 1;
            }
            let run = (i - start) as f32;
            c.rect(origin + start as f32 * module, bar_y, run * module, height);
        } else {
            i += 1;
        }
    }
    c.fill_nonzero();
    let digits = winansi(&item.symbol.human_readable());
    let digits_x =
        origin + (modules.len() as f32 * module - text_width(&digits, s.digits_pt)) / 2.0;
    show(
        c,
        REGULAR,
        s.digits_pt,
        digits_x,
        bottom + s.digits_pt * 0.2,
        &digits,
    );
    Ok(())
}

/// The labels on A4 sheets, filled row by row from the top left, each product's labels one
/// after another, a new page whenever one is full.
pub fn render_pdf(job: &LabelJob, sheet: Sheet) -> Result<PdfLabels> {
    let job = job.prepare()?;
    let s = sheet.spec();
    let per_page = sheet.per_page();
    let labels: Vec<&PreparedItem> = job.each_label().collect();
    let pages = labels.len().div_ceil(per_page);
    let shop = job.shop_name.as_deref().map(winansi);

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let page_ref = |i: usize| Ref::new(i32::try_from(10 + 2 * i).unwrap_or(i32::MAX));
    let content_ref = |i: usize| Ref::new(i32::try_from(11 + 2 * i).unwrap_or(i32::MAX));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages).map(page_ref))
        .count(i32::try_from(pages).unwrap_or(i32::MAX));
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr("Label barang"))
        .producer(TextStr("Kasir Alpiant"));

    for (page, chunk) in labels.chunks(per_page).enumerate() {
        let mut c = Content::new();
        c.set_fill_gray(0.0);
        for (i, item) in chunk.iter().enumerate() {
            let (row, col) = (i / s.cols, i % s.cols);
            let x = s.left + col as f32 * s.cell_w;
            let top = A4_HEIGHT - s.top - row as f32 * s.cell_h;
            draw_label(&mut c, item, shop.as_deref(), &s, x, top)?;
        }
        pdf.stream(content_ref(page), &c.finish());
        let mut p = pdf.page(page_ref(page));
        p.parent(tree)
            .media_box(Rect::new(0.0, 0.0, A4_WIDTH, A4_HEIGHT))
            .contents(content_ref(page));
        p.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        p.finish();
    }
    Ok(PdfLabels {
        bytes: pdf.finish(),
        pages: u32::try_from(pages).unwrap_or(u32::MAX),
        labels: job.labels(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_fit_a4_as_the_label_makers_cut_them() {
        for (sheet, per_page) in [(Sheet::A4x24, 24), (Sheet::A4x40, 40)] {
            assert_eq!(sheet.per_page(), per_page);
            let (x, y, w, h) = sheet.cell_mm(per_page - 1);
            assert!(
                (x + w - 210.0).abs() < 0.01,
                "{sheet:?}: the last column ends at the right edge"
            );
            assert!(
                y + h <= 297.0 + 0.01,
                "{sheet:?}: the last row is on the page"
            );
        }
        assert_eq!(Sheet::A4x24.cell_mm(0), (0.0, 0.5, 70.0, 37.0));
        let (_, y, _, h) = Sheet::A4x24.cell_mm(23);
        assert!((y + h - 296.5).abs() < 0.01, "0.5 mm bottom margin");
        let (x, y, w, h) = Sheet::A4x40.cell_mm(5);
        let near = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(near(x, 52.5) && near(y, 29.7) && near(w, 52.5) && near(h, 29.7));
    }

    #[test]
    fn names_wrap_by_measured_width_and_end_in_an_ellipsis() {
        let lines = wrap_measured(b"Susu Kental Manis Frisian Flag Gold 370 g", 9.0, 60.0, 2);
        assert_eq!(lines.len(), 2);
        for l in &lines {
            assert!(
                text_width(l, 9.0) <= 60.0,
                "{:?} fits",
                String::from_utf8_lossy(l)
            );
        }
        assert_eq!(lines[1].last(), Some(&ELLIPSIS), "cut text ends in …");
        assert_eq!(
            wrap_measured(b"Gula", 9.0, 100.0, 2),
            vec![b"Gula".to_vec()]
        );
    }

    #[test]
    fn text_is_winansi() {
        assert_eq!(
            winansi("Café – “ok” €"),
            b"Caf\xE9 \x96 \x93ok\x94 \x80".to_vec()
        );
        assert_eq!(winansi("日"), b"?".to_vec());
    }
}

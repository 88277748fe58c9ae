//! The digital receipt ("Simpan Struk"): the **same ESC/POS bytes** the printer gets, decoded
//! ([`crate::decode`]) into a [`Page`] of blocks (text lines with their alignment, bold and
//! size, the logo raster, the QR / CODE128 order code), laid out once in printer dots
//! ([`Page::layout`]) and drawn from that one layout as
//!
//! - a PNG ([`to_png`]): a white page exactly the paper's dot width, one pixel per printer dot,
//!   text in a 10×20 ISO 8859-1 bitmap font in the printer's 12×24 Font A cell (bold = double
//!   strike, `GS !` sizes scale the glyph), the logo dot for dot, the code as real modules;
//! - a PDF ([`to_pdf`]): the same lines in Courier (base-14, no embedded font), the logo as a
//!   1-bit image XObject, the code as vector rectangles.
//!
//! Because both come from the decoded bytes, their text is the printed text; [`Rendered::lines`]
//! is what was laid out, for the test that proves it. No I/O: callers write the bytes.

use std::convert::Infallible;

use embedded_graphics::mono_font::{iso_8859_1::FONT_10X20, MonoTextStyle};
use embedded_graphics::pixelcolor::BinaryColor;
use embedded_graphics::prelude::{
    DrawTarget, Drawable, OriginDimensions, Pixel, Point, Size as EgSize,
};
use embedded_graphics::text::{Baseline, Text};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use crate::decode::{decode, Event};
use crate::error::{PrinterError, Result};
use crate::escpos::Align;
use crate::model::PaperWidth;
use crate::raster::Raster;

/// Font A cell of the printer, in dots.
pub const CELL_WIDTH: u32 = 12;
/// Font A cell height, in dots.
pub const CELL_HEIGHT: u32 = 24;
/// Default line pitch (`ESC 2`) in dots: the cell plus 6 dots of spacing.
pub const LINE_PITCH: u32 = 30;
/// White space above the first and below the last block, in dots.
const MARGIN: u32 = 24;
/// PDF side margin, in dots.
const PDF_SIDE: u32 = 16;
/// One printer dot in PDF points (8 dots per mm).
const PT_PER_DOT: f32 = 72.0 / 203.2;
/// CODE128 quiet zone on each side, in modules.
const QUIET: u32 = crate::layout::CODE128_QUIET_MODULES;

fn digital(e: impl std::fmt::Display) -> PrinterError {
    PrinterError::Digital(e.to_string())
}

/// One printed text line with the attributes in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// The text, as decoded from the printer's code page.
    pub text: String,
    pub align: Align,
    pub bold: bool,
    /// `GS !` width multiplier.
    pub width: u8,
    /// `GS !` height multiplier.
    pub height: u8,
}

/// What the paper shows, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Text(TextLine),
    /// A `GS v 0` raster (the logo), scaled by its density mode.
    Image {
        raster: Raster,
        align: Align,
        /// Dots per image bit horizontally / vertically (`GS v 0` modes 1–3 double them).
        scale_x: u32,
        scale_y: u32,
    },
    /// A QR code (`GS ( k`), modules `module` dots wide.
    Qr {
        data: String,
        module: u32,
        align: Align,
    },
    /// A CODE128 barcode (`GS k 73`), `height` dots tall, the text under it when `hri`.
    Barcode {
        data: String,
        module: u32,
        height: u32,
        hri: bool,
        align: Align,
    },
    /// `ESC d n`: n blank lines.
    Feed(u32),
}

/// A decoded receipt ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Paper width in dots.
    pub dots: u32,
    pub blocks: Vec<Block>,
}

/// Something placed on the page at `(x, y)` (top-left, dots).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    Text {
        x: u32,
        y: u32,
        line: TextLine,
    },
    /// Text under a barcode (HRI), Font A, normal size.
    Hri {
        x: u32,
        y: u32,
        text: String,
    },
    Image {
        x: u32,
        y: u32,
        raster: Raster,
        scale_x: u32,
        scale_y: u32,
    },
    /// Dark modules as rectangles `(x, y, w, h)` in dots.
    Code {
        rects: Vec<(u32, u32, u32, u32)>,
    },
}

/// The page laid out in dots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub items: Vec<Placed>,
}

/// A drawn digital receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// PNG or PDF file contents.
    pub bytes: Vec<u8>,
    /// The text lines drawn, in order (the receipt's printed lines; not the barcode HRI).
    pub lines: Vec<String>,
}

fn x_for(align: Align, used: u32, dots: u32) -> u32 {
    let free = dots.saturating_sub(used);
    match align {
        Align::Left => 0,
        Align::Center => free / 2,
        Align::Right => free,
    }
}

impl Page {
    /// Decodes the printer bytes of **one** receipt (everything up to the first cut).
    pub fn from_escpos(bytes: &[u8], paper: PaperWidth) -> Result<Page> {
        let events =
            decode(bytes).map_err(|e| PrinterError::InvalidReceipt(format!("ESC/POS: {e}")))?;
        let mut align = Align::Left;
        let (mut bold, mut width, mut height) = (false, 1u8, 1u8);
        let (mut qr_module, mut bar_height, mut bar_module, mut hri) = (3u32, 162u32, 3u32, 0u8);
        let mut blocks = Vec::new();
        for e in events {
            match e {
                Event::Init => {
                    align = Align::Left;
                    (bold, width, height) = (false, 1, 1);
                    (qr_module, bar_height, bar_module, hri) = (3, 162, 3, 0);
                }
                Event::Align(a) => align = a,
                Event::Bold(b) => bold = b,
                Event::Size {
                    width: w,
                    height: h,
                } => (width, height) = (w, h),
                Event::Text(text) => blocks.push(Block::Text(TextLine {
                    text,
                    align,
                    bold,
                    width,
                    height,
                })),
                Event::Feed(n) => blocks.push(Block::Feed(u32::from(n))),
                Event::Cut { .. } => break,
                Event::Raster {
                    width: w,
                    height: h,
                    bits,
                    mode,
                } => blocks.push(Block::Image {
                    raster: Raster::new(w, h, bits)?,
                    align,
                    scale_x: if mode & 1 == 1 { 2 } else { 1 },
                    scale_y: if mode & 2 == 2 { 2 } else { 1 },
                }),
                Event::Qr { data } => blocks.push(Block::Qr {
                    data,
                    module: qr_module.max(1),
                    align,
                }),
                Event::Barcode { data, .. } => blocks.push(Block::Barcode {
                    data,
                    module: bar_module.max(1),
                    height: bar_height.max(1),
                    hri: hri == 2 || hri == 50 || hri == 3 || hri == 51,
                    align,
                }),
                Event::Setting { name, value } => match name {
                    "QR module size" => qr_module = u32::from(value),
                    "GS h" => bar_height = u32::from(value),
                    "GS w" => bar_module = u32::from(value),
                    "GS H" => hri = value,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(Page {
            dots: paper.dots(),
            blocks,
        })
    }

    /// The printed text lines, in order.
    pub fn text_lines(&self) -> Vec<String> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Text(t) => Some(t.text.clone()),
                _ => None,
            })
            .collect()
    }

    /// Places every block, top to bottom, in printer dots. Trailing feeds (the cutter's
    /// clearance) are dropped.
    pub fn layout(&self) -> Result<Layout> {
        let dots = self.dots;
        let mut blocks: &[Block] = &self.blocks;
        while let Some((Block::Feed(_), rest)) = blocks.split_last() {
            blocks = rest;
        }
        let mut y = MARGIN;
        let mut items = Vec::new();
        for b in blocks {
            match b {
                Block::Text(line) => {
                    let (w, h) = (u32::from(line.width), u32::from(line.height));
                    let used = line.text.chars().count() as u32 * CELL_WIDTH * w;
                    items.push(Placed::Text {
                        x: x_for(line.align, used, dots),
                        y,
                        line: line.clone(),
                    });
                    y += CELL_HEIGHT * h + (LINE_PITCH - CELL_HEIGHT);
                }
                Block::Feed(n) => y += n * LINE_PITCH,
                Block::Image {
                    raster,
                    align,
                    scale_x,
                    scale_y,
                } => {
                    let used = raster.width() * scale_x;
                    items.push(Placed::Image {
                        x: x_for(*align, used, dots),
                        y,
                        raster: raster.clone(),
                        scale_x: *scale_x,
                        scale_y: *scale_y,
                    });
                    y += raster.height() * scale_y;
                }
                Block::Qr {
                    data,
                    module,
                    align,
                } => {
                    let code = qrcode::QrCode::with_error_correction_level(
                        data.as_bytes(),
                        qrcode::EcLevel::M,
                    )
                    .map_err(digital)?;
                    let n = code.width() as u32;
                    let m = (*module).min(dots / (n + 8)).max(1);
                    let x0 = x_for(*align, n * m, dots);
                    // The printer prints no quiet zone; keep 4 modules of paper above and below.
                    y += 4 * m;
                    let colors = code.to_colors();
                    let mut rects = Vec::new();
                    for row in 0..n {
                        let mut col = 0;
                        while col < n {
                            let dark =
                                |c: u32| colors[(row * n + c) as usize] == qrcode::Color::Dark;
                            if dark(col) {
                                let start = col;
                                while col < n && dark(col) {
                                    col += 1;
                                }
                                rects.push((x0 + start * m, y + row * m, (col - start) * m, m));
                            } else {
                                col += 1;
                            }
                        }
                    }
                    items.push(Placed::Code { rects });
                    y += n * m + 4 * m;
                }
                Block::Barcode {
                    data,
                    module,
                    height,
                    hri,
                    align,
                } => {
                    let modules = barcoders::sym::code128::Code128::new(format!("\u{0181}{data}"))
                        .map_err(digital)?
                        .encode();
                    let n = modules.len() as u32;
                    let mut m = *module;
                    while m > 1 && (n + 2 * QUIET) * m > dots {
                        m -= 1;
                    }
                    let x0 = x_for(*align, n * m, dots);
                    let mut rects = Vec::new();
                    let mut i = 0;
                    while i < n {
                        if modules[i as usize] == 1 {
                            let start = i;
                            while i < n && modules[i as usize] == 1 {
                                i += 1;
                            }
                            rects.push((x0 + start * m, y, (i - start) * m, *height));
                        } else {
                            i += 1;
                        }
                    }
                    items.push(Placed::Code { rects });
                    y += height;
                    if *hri {
                        let used = data.chars().count() as u32 * CELL_WIDTH;
                        items.push(Placed::Hri {
                            x: x_for(*align, used, dots),
                            y: y + 2,
                            text: data.clone(),
                        });
                        y += LINE_PITCH;
                    }
                }
            }
        }
        Ok(Layout {
            width: dots,
            height: y + MARGIN,
            items,
        })
    }
}

impl Layout {
    /// The receipt lines placed, in order.
    pub fn lines(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Placed::Text { line, .. } => Some(line.text.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A white page of dots; `true` is black.
struct Canvas {
    width: u32,
    height: u32,
    dots: Vec<bool>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            dots: vec![false; width as usize * height as usize],
        }
    }

    fn set(&mut self, x: i64, y: i64) {
        if x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height {
            self.dots[y as usize * self.width as usize + x as usize] = true;
        }
    }

    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32) {
        for yy in y..y.saturating_add(h) {
            for xx in x..x.saturating_add(w) {
                self.set(i64::from(xx), i64::from(yy));
            }
        }
    }

    /// One character in a Font A cell at `(x, y)`, scaled `sx`×`sy`.
    fn glyph(&mut self, ch: char, x: u32, y: u32, sx: u32, sy: u32, bold: bool) {
        let mut buf = [0u8; 4];
        let s: &str = ch.encode_utf8(&mut buf);
        let style = MonoTextStyle::new(&FONT_10X20, BinaryColor::On);
        for strike in 0..if bold { 2 } else { 1 } {
            let mut target = Scaled {
                canvas: self,
                x0: i64::from(x + sx + strike),
                y0: i64::from(y + 2 * sy),
                sx: i64::from(sx),
                sy: i64::from(sy),
            };
            // Drawing into memory cannot fail (`Infallible`).
            let _ = Text::with_baseline(s, Point::zero(), style, Baseline::Top).draw(&mut target);
        }
    }
}

/// Draws font pixels into the canvas, each one `sx`×`sy` dots.
struct Scaled<'a> {
    canvas: &'a mut Canvas,
    x0: i64,
    y0: i64,
    sx: i64,
    sy: i64,
}

impl OriginDimensions for Scaled<'_> {
    fn size(&self) -> EgSize {
        EgSize::new(64, 64)
    }
}

impl DrawTarget for Scaled<'_> {
    type Color = BinaryColor;
    type Error = Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> std::result::Result<(), Infallible>
    where
        I: IntoIterator<Item = Pixel<BinaryColor>>,
    {
        for Pixel(p, color) in pixels {
            if color == BinaryColor::On {
                for dy in 0..self.sy {
                    for dx in 0..self.sx {
                        self.canvas.set(
                            self.x0 + i64::from(p.x) * self.sx + dx,
                            self.y0 + i64::from(p.y) * self.sy + dy,
                        );
                    }
                }
            }
        }
        Ok(())
    }
}

/// The receipt as a PNG: white page `paper dots` wide, one pixel per printer dot.
pub fn to_png(page: &Page) -> Result<Rendered> {
    let layout = page.layout()?;
    let mut c = Canvas::new(layout.width, layout.height);
    for item in &layout.items {
        match item {
            Placed::Text { x, y, line } => {
                let (sx, sy) = (u32::from(line.width), u32::from(line.height));
                for (i, ch) in line.text.chars().enumerate() {
                    let cx = x + i as u32 * CELL_WIDTH * sx;
                    c.glyph(ch, cx, *y, sx, sy, line.bold);
                }
            }
            Placed::Hri { x, y, text } => {
                for (i, ch) in text.chars().enumerate() {
                    c.glyph(ch, x + i as u32 * CELL_WIDTH, *y, 1, 1, false);
                }
            }
            Placed::Image {
                x,
                y,
                raster,
                scale_x,
                scale_y,
            } => {
                for ry in 0..raster.height() {
                    for rx in 0..raster.width() {
                        if raster.is_black(rx, ry) {
                            c.fill(x + rx * scale_x, y + ry * scale_y, *scale_x, *scale_y);
                        }
                    }
                }
            }
            Placed::Code { rects } => {
                for (x, y, w, h) in rects {
                    c.fill(*x, *y, *w, *h);
                }
            }
        }
    }
    let img = image::GrayImage::from_fn(c.width, c.height, |x, y| {
        let black = c.dots[y as usize * c.width as usize + x as usize];
        image::Luma([if black { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(digital)?;
    Ok(Rendered {
        bytes: out.into_inner(),
        lines: layout.lines(),
    })
}

/// Text for a base-14 font in WinAnsiEncoding: ASCII and Latin-1 map to themselves (every
/// character the printer's code pages can print is among them); anything else is `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            v @ 0x20..=0x7E | v @ 0xA0..=0xFF => v as u8,
            _ => b'?',
        })
        .collect()
}

/// The receipt as a one-page PDF, the page the receipt's size (paper width plus a margin).
pub fn to_pdf(page: &Page) -> Result<Rendered> {
    let layout = page.layout()?;
    let page_w = layout.width + 2 * PDF_SIDE;
    let page_h = layout.height;
    // Dots (top-left origin) to points (bottom-left origin).
    let px = |x: u32| (x + PDF_SIDE) as f32 * PT_PER_DOT;
    let py = |y: u32| (page_h as f32 - y as f32) * PT_PER_DOT;

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let page_id = Ref::new(3);
    let content_id = Ref::new(4);
    let regular = Ref::new(5);
    let bold = Ref::new(6);
    let mut next = 7;
    let mut images: Vec<(Ref, String, &Raster)> = Vec::new();
    for item in &layout.items {
        if let Placed::Image { raster, .. } = item {
            images.push((Ref::new(next), format!("Im{}", images.len() + 1), raster));
            next += 1;
        }
    }

    let mut content = Content::new();
    let mut image_index = 0;
    for item in &layout.items {
        match item {
            Placed::Text { x, y, line } => {
                let (w, h) = (f32::from(line.width), f32::from(line.height));
                let size = 20.0 * h * PT_PER_DOT;
                let font = if line.bold { Name(b"F2") } else { Name(b"F1") };
                content.begin_text();
                content.set_font(font, size);
                content.set_horizontal_scaling(100.0 * w / h);
                let baseline = y + (19.0 * h) as u32;
                content.next_line(px(*x), py(baseline));
                content.show(Str(&win_ansi(&line.text)));
                content.end_text();
            }
            Placed::Hri { x, y, text } => {
                content.begin_text();
                content.set_font(Name(b"F1"), 20.0 * PT_PER_DOT);
                content.set_horizontal_scaling(100.0);
                content.next_line(px(*x), py(y + 19));
                content.show(Str(&win_ansi(text)));
                content.end_text();
            }
            Placed::Image {
                x,
                y,
                raster,
                scale_x,
                scale_y,
            } => {
                let w = (raster.width() * scale_x) as f32 * PT_PER_DOT;
                let h = (raster.height() * scale_y) as f32 * PT_PER_DOT;
                let name = &images[image_index].1;
                image_index += 1;
                content.save_state();
                content.transform([w, 0.0, 0.0, h, px(*x), py(y + raster.height() * scale_y)]);
                content.x_object(Name(name.as_bytes()));
                content.restore_state();
            }
            Placed::Code { rects } => {
                content.set_fill_gray(0.0);
                for (x, y, w, h) in rects {
                    content.rect(
                        px(*x),
                        py(y + h),
                        *w as f32 * PT_PER_DOT,
                        *h as f32 * PT_PER_DOT,
                    );
                }
                content.fill_nonzero();
            }
        }
    }
    let content = content.finish();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    {
        let mut p = pdf.page(page_id);
        p.media_box(Rect::new(
            0.0,
            0.0,
            page_w as f32 * PT_PER_DOT,
            page_h as f32 * PT_PER_DOT,
        ));
        p.parent(tree);
        p.contents(content_id);
        let mut res = p.resources();
        {
            let mut fonts = res.fonts();
            fonts.pair(Name(b"F1"), regular);
            fonts.pair(Name(b"F2"), bold);
        }
        {
            let mut xo = res.x_objects();
            for (id, name, _) in &images {
                xo.pair(Name(name.as_bytes()), *id);
            }
        }
        res.finish();
        p.finish();
    }
    pdf.type1_font(regular)
        .base_font(Name(b"Courier"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Courier-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    // Uncompressed: a full-width logo is at most 72 × 240 = 17 KB.
    for (id, _, raster) in &images {
        let mut img = pdf.image_xobject(*id, raster.bits());
        img.width(i32::try_from(raster.width()).map_err(digital)?);
        img.height(i32::try_from(raster.height()).map_err(digital)?);
        img.color_space().device_gray();
        img.bits_per_component(1);
        // Raster bits are 1 = black; DeviceGray 1 is white.
        img.decode([1.0, 0.0]);
        img.finish();
    }
    pdf.stream(content_id, &content);
    Ok(Rendered {
        bytes: pdf.finish(),
        lines: layout.lines(),
    })
}

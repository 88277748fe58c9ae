//! 1-bit bitmaps for the printer: the receipt logo ([`logo_from_file`], [`logo_from_bytes`]:
//! PNG/JPEG in, grayscale, fitted to the paper's dot width, Floyd–Steinberg dithered) and the
//! [`Raster`] that `GS v 0` prints, stored as a 1-bit PNG ([`Raster::to_png`],
//! [`Raster::from_png`]) so what the owner previewed is exactly what prints.
//!
//! Pure: no printer I/O; the only file read is the owner's chosen image, size-checked first.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, ImageReader, Limits};
use serde::{Deserialize, Serialize};

use crate::error::{PrinterError, Result};

/// Largest logo file accepted, checked before decoding (10 MB).
pub const MAX_LOGO_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Tallest logo printed, in dots (30 mm at 8 dots/mm); taller images are scaled down.
pub const MAX_LOGO_HEIGHT: u32 = 240;
/// Largest source image side decoded (a 10 MB file can still claim 60 000 × 60 000 pixels).
const MAX_SOURCE_SIDE: u32 = 10_000;
/// Memory the decoder may take for one image.
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

/// A 1-bit image: rows top to bottom, each `row_bytes()` long, most significant bit first,
/// `1` = black dot (the `GS v 0` layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Raster {
    width: u32,
    height: u32,
    bits: Vec<u8>,
}

impl Raster {
    /// Wraps packed rows; fails when `bits` does not hold exactly `height` rows.
    pub fn new(width: u32, height: u32, bits: Vec<u8>) -> Result<Raster> {
        let expected = (width.div_ceil(8) as usize) * height as usize;
        if width == 0 || height == 0 || bits.len() != expected {
            return Err(PrinterError::InvalidReceipt(format!(
                "gambar {width}x{height} butuh {expected} byte, ada {}",
                bits.len()
            )));
        }
        Ok(Raster {
            width,
            height,
            bits,
        })
    }

    /// A raster whose dot `(x, y)` is black when `black(x, y)`.
    pub fn from_fn(width: u32, height: u32, black: impl Fn(u32, u32) -> bool) -> Raster {
        let row = width.div_ceil(8) as usize;
        let mut bits = vec![0u8; row * height as usize];
        for y in 0..height {
            for x in 0..width {
                if black(x, y) {
                    bits[y as usize * row + (x / 8) as usize] |= 0x80 >> (x % 8);
                }
            }
        }
        Raster {
            width,
            height,
            bits,
        }
    }

    /// Width in dots.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in dots.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Bytes per row (`xL + 256·xH` of `GS v 0`).
    pub fn row_bytes(&self) -> usize {
        self.width.div_ceil(8) as usize
    }

    /// The packed rows.
    pub fn bits(&self) -> &[u8] {
        &self.bits
    }

    /// True when dot `(x, y)` is black (false outside the image).
    pub fn is_black(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        let byte = self.bits[y as usize * self.row_bytes() + (x / 8) as usize];
        byte & (0x80 >> (x % 8)) != 0
    }

    /// The same image centred on a white strip `dots` wide, so it prints centred on every
    /// printer (some ignore `ESC a` for raster images). Fails when the image is wider.
    pub fn centred(&self, dots: u32) -> Result<Raster> {
        if self.width > dots {
            return Err(PrinterError::InvalidReceipt(format!(
                "logo {} titik lebih lebar dari kertas ({dots} titik)",
                self.width
            )));
        }
        let left = (dots - self.width) / 2;
        Ok(Raster::from_fn(dots, self.height, |x, y| {
            x >= left && self.is_black(x - left, y)
        }))
    }

    /// Lossless PNG of the bitmap (8-bit gray, black and white only).
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let img = image::GrayImage::from_fn(self.width, self.height, |x, y| {
            image::Luma([if self.is_black(x, y) { 0 } else { 255 }])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png)
            .map_err(|e| PrinterError::Digital(format!("PNG logo: {e}")))?;
        Ok(out.into_inner())
    }

    /// Reads a bitmap written by [`Raster::to_png`] (dark pixels are black dots).
    pub fn from_png(png: &[u8]) -> Result<Raster> {
        let img = decode_limited(png)?.to_luma8();
        let (w, h) = img.dimensions();
        if w == 0 || h == 0 {
            return Err(PrinterError::InvalidImage("gambar kosong".into()));
        }
        Ok(Raster::from_fn(w, h, |x, y| img.get_pixel(x, y).0[0] < 128))
    }
}

fn decode_limited(bytes: &[u8]) -> Result<image::DynamicImage> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PrinterError::InvalidImage(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg) => {}
        _ => {
            return Err(PrinterError::InvalidImage(
                "bukan berkas PNG atau JPEG".into(),
            ))
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| PrinterError::InvalidImage(e.to_string()))
}

/// Reads the owner's image file, refusing one over [`MAX_LOGO_FILE_BYTES`] before reading it.
pub fn read_logo_file(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path)
        .map_err(|e| PrinterError::ImageUnreadable(format!("{}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(PrinterError::ImageUnreadable(format!(
            "{} bukan berkas",
            path.display()
        )));
    }
    if meta.len() > MAX_LOGO_FILE_BYTES {
        return Err(PrinterError::ImageTooLarge { bytes: meta.len() });
    }
    std::fs::read(path)
        .map_err(|e| PrinterError::ImageUnreadable(format!("{}: {e}", path.display())))
}

/// Reads the owner's image file ([`read_logo_file`]) and fits it as a logo for a paper `dots`
/// wide ([`logo_from_bytes`]).
pub fn logo_from_file(path: &Path, dots: u32) -> Result<Raster> {
    logo_from_bytes(&read_logo_file(path)?, dots)
}

/// The size a `w`×`h` image takes on paper `dots` wide: as wide as the paper, at most
/// [`MAX_LOGO_HEIGHT`] tall, aspect kept, at least 1×1.
pub fn fitted_size(w: u32, h: u32, dots: u32) -> (u32, u32) {
    let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
    let (dots, max_h) = (u64::from(dots), u64::from(MAX_LOGO_HEIGHT));
    // Scale to the paper width, then down to the height cap if needed.
    let (mut tw, mut th) = (dots, (h * dots).div_ceil(w));
    if th > max_h {
        th = max_h;
        tw = (w * max_h / h).max(1);
    }
    (
        u32::try_from(tw.clamp(1, dots)).unwrap_or(1),
        u32::try_from(th.max(1)).unwrap_or(1),
    )
}

/// Decodes a PNG/JPEG logo (at most [`MAX_LOGO_FILE_BYTES`]), composites transparency on
/// white, converts to gray, scales it with [`fitted_size`] and dithers it to 1 bit
/// (Floyd–Steinberg).
pub fn logo_from_bytes(bytes: &[u8], dots: u32) -> Result<Raster> {
    if bytes.len() as u64 > MAX_LOGO_FILE_BYTES {
        return Err(PrinterError::ImageTooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let img = decode_limited(bytes)?.to_rgba8();
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Err(PrinterError::InvalidImage("gambar kosong".into()));
    }
    // Gray over a white background (ITU-R BT.601 luma, integer).
    let gray = image::GrayImage::from_fn(w, h, |x, y| {
        let [r, g, b, a] = img.get_pixel(x, y).0;
        let luma = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
        let a = u32::from(a);
        image::Luma([((luma * a + 255 * (255 - a)) / 255) as u8])
    });
    let (tw, th) = fitted_size(w, h, dots);
    let scaled = image::imageops::resize(&gray, tw, th, image::imageops::FilterType::Triangle);
    Ok(dither(&scaled))
}

/// Floyd–Steinberg error diffusion to 1 bit, in integers (the same dots on every machine).
pub fn dither(gray: &image::GrayImage) -> Raster {
    let (w, h) = gray.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    let mut level: Vec<i32> = gray.pixels().map(|p| i32::from(p.0[0]) * 16).collect();
    let mut black = vec![false; wu * hu];
    for y in 0..hu {
        for x in 0..wu {
            let i = y * wu + x;
            let old = level[i];
            let is_black = old < 128 * 16;
            black[i] = is_black;
            let err = old - if is_black { 0 } else { 255 * 16 };
            let mut spread = |dx: isize, dy: usize, weight: i32| {
                let nx = x as isize + dx;
                let ny = y + dy;
                if nx >= 0 && (nx as usize) < wu && ny < hu {
                    level[ny * wu + nx as usize] += err * weight / 16;
                }
            };
            spread(1, 0, 7);
            spread(-1, 1, 3);
            spread(0, 1, 5);
            spread(1, 1, 1);
        }
    }
    Raster::from_fn(w, h, |x, y| black[y as usize * wu + x as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(img: &image::RgbaImage) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    #[test]
    fn a_wide_logo_fills_the_paper_and_a_tall_one_is_capped() {
        assert_eq!(fitted_size(1000, 250, 384), (384, 96));
        assert_eq!(fitted_size(100, 25, 576), (576, 144));
        assert_eq!(fitted_size(500, 1000, 384), (120, 240), "height capped");
        assert_eq!(fitted_size(1, 1, 512), (240, 240));
    }

    #[test]
    fn black_stays_black_white_stays_white_and_gray_is_half_dots() {
        let img = image::RgbaImage::from_fn(200, 100, |x, _| {
            if x < 50 {
                image::Rgba([0, 0, 0, 255])
            } else if x < 100 {
                image::Rgba([255, 255, 255, 255])
            } else if x < 150 {
                image::Rgba([128, 128, 128, 255])
            } else {
                image::Rgba([0, 0, 0, 0]) // transparent: paper
            }
        });
        let r = logo_from_bytes(&png_of(&img), 384).expect("logo");
        assert_eq!((r.width(), r.height()), (384, 192));
        let count = |x0: u32, x1: u32| {
            (x0..x1)
                .flat_map(|x| (0..r.height()).map(move |y| (x, y)))
                .filter(|(x, y)| r.is_black(*x, *y))
                .count() as f64
                / f64::from((x1 - x0) * r.height())
        };
        assert!(count(4, 90) > 0.99, "black area prints black");
        assert!(count(100, 188) < 0.01, "white area stays paper");
        let gray = count(196, 284);
        assert!(
            (0.4..0.6).contains(&gray),
            "mid gray dithers to ~half: {gray}"
        );
        assert!(count(292, 384) < 0.01, "transparent is white paper");
    }

    #[test]
    fn the_png_round_trip_keeps_every_dot() {
        let r = Raster::from_fn(37, 11, |x, y| (x * 7 + y * 3) % 5 == 0);
        let back = Raster::from_png(&r.to_png().expect("png")).expect("read");
        assert_eq!(back, r);
    }

    #[test]
    fn centring_pads_both_sides_with_white() {
        let r = Raster::from_fn(10, 2, |_, _| true);
        let c = r.centred(30).expect("fits");
        assert_eq!(c.width(), 30);
        assert!(!c.is_black(9, 0) && c.is_black(10, 0) && c.is_black(19, 1) && !c.is_black(20, 1));
        assert!(r.centred(8).is_err(), "wider than the paper is refused");
    }

    #[test]
    fn text_that_is_not_an_image_is_refused_as_invalid_image() {
        let err = logo_from_bytes(b"bukan gambar sama sekali", 384).expect_err("not an image");
        assert!(matches!(err, PrinterError::InvalidImage(_)), "{err:?}");
        assert_eq!(err.kind().as_str(), "validation");
        // A PNG signature with garbage after it.
        let mut broken = png_of(&image::RgbaImage::new(4, 4));
        broken.truncate(20);
        assert!(matches!(
            logo_from_bytes(&broken, 384),
            Err(PrinterError::InvalidImage(_))
        ));
    }

    #[test]
    fn a_file_over_ten_megabytes_is_refused_before_decoding() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("besar.png");
        let f = std::fs::File::create(&path).expect("create");
        f.set_len(50 * 1024 * 1024).expect("50 MB sparse file");
        let err = logo_from_file(&path, 384).expect_err("too large");
        assert!(
            matches!(err, PrinterError::ImageTooLarge { bytes } if bytes == 50 * 1024 * 1024),
            "{err:?}"
        );
        assert!(err.message_id().contains("10 MB"), "{}", err.message_id());
        let missing = logo_from_file(&dir.path().join("tidak-ada.png"), 384).expect_err("missing");
        assert!(matches!(missing, PrinterError::ImageUnreadable(_)));
    }
}

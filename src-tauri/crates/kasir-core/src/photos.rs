//! Product photos: the owner picks a JPG or PNG, it is shrunk to a thumbnail (at most
//! [`THUMB_SIDE`] pixels on its long side, JPEG) and stored in the photos folder as
//! `<sha-256 of the thumbnail>.jpg`. The name is the content, so the webview may cache a photo
//! for ever and two products with the same picture share one file. `products.photo` holds the
//! file name only (migration 11).
//!
//! Bad input never reaches the decoder or the disk: a file over [`MAX_PHOTO_BYTES`] is refused
//! before it is read, anything that is not a readable JPG/PNG (or decodes to more than
//! [`MAX_SIDE`] pixels a side) gets a clear message, and nothing is written.
//!
//! Order of writes, so a row never points at a missing file: the thumbnail is written, then the
//! row is updated in one transaction; an old file is removed only after the commit and only if
//! no product uses it any more. Both happen under the store's writer lock, so two changes cannot
//! interleave. The app serves the folder to the webview through its `kasirfoto` URI scheme,
//! which reads only names that pass [`is_photo_name`] ([`PhotoDir::read`]).
//! Must not depend on `tauri`; time is passed in.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::db::Tx;
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::products::{invalid, product_not_found, row_by_id, ProductRow};
use crate::Store;

/// Largest photo file accepted: 10 MB.
pub const MAX_PHOTO_BYTES: u64 = 10 * 1024 * 1024;
/// The thumbnail's long side, in pixels.
pub const THUMB_SIDE: u32 = 256;
/// Largest picture decoded, in pixels a side (a 10 MB file can claim far more).
pub const MAX_SIDE: u32 = 12_000;
/// Memory the decoder may take.
const MAX_DECODE_BYTES: u64 = 600 * 1024 * 1024;
/// JPEG quality of the thumbnail.
const JPEG_QUALITY: u8 = 85;
/// The folder's name next to the database.
pub const PHOTOS_FOLDER: &str = "photos";

const TOO_BIG: &str = "foto terlalu besar (maks 10 MB)";
const NOT_AN_IMAGE: &str = "file ini bukan gambar JPG/PNG yang bisa dibaca";

/// Lower-case hex SHA-256 of `bytes`: a photo's file name, an import file's `fileHash`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// A name this module writes: 64 lower-case hex digits and `.jpg`. Nothing else is ever read
/// from the photos folder (no path, no `..`).
pub fn is_photo_name(name: &str) -> bool {
    name.len() == 68
        && name.ends_with(".jpg")
        && name[..64]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The folder the thumbnails live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoDir {
    dir: PathBuf,
}

impl PhotoDir {
    pub fn new(dir: impl Into<PathBuf>) -> PhotoDir {
        PhotoDir { dir: dir.into() }
    }

    /// `photos/` next to the database file (the app data dir unless `KASIR_DB` moved it), so a
    /// test database never shares photos with the shop's.
    pub fn beside_database(db: &Path) -> PhotoDir {
        let parent = db.parent().filter(|p| !p.as_os_str().is_empty());
        PhotoDir::new(parent.unwrap_or(Path::new(".")).join(PHOTOS_FOLDER))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where a photo of this name lives; `None` for any other name.
    pub fn file(&self, name: &str) -> Option<PathBuf> {
        is_photo_name(name).then(|| self.dir.join(name))
    }

    /// The bytes of a stored photo (the URI scheme's answer); `None` for a name this module
    /// never writes or a missing file.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.file(name)?).ok()
    }

    /// Write a thumbnail unless a file of that name (same content) is already there.
    fn write(&self, name: &str, jpeg: &[u8]) -> Result<()> {
        let path = self
            .file(name)
            .ok_or_else(|| invalid("nama foto tidak valid"))?;
        if path.is_file() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let tmp = self.dir.join(format!("{name}.part"));
        std::fs::write(&tmp, jpeg)?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        Ok(())
    }
}

/// Read a picked file, refusing a missing one or one over [`MAX_PHOTO_BYTES`] before reading.
fn read_source(path: &Path) -> Result<Vec<u8>> {
    let unreadable = || invalid("file foto tidak ditemukan atau tidak bisa dibuka");
    let meta = std::fs::metadata(path).map_err(|_| unreadable())?;
    if !meta.is_file() {
        return Err(unreadable());
    }
    if meta.len() > MAX_PHOTO_BYTES {
        return Err(invalid(TOO_BIG));
    }
    let file = std::fs::File::open(path).map_err(|_| unreadable())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the size check: never read more than the limit allows.
    file.take(MAX_PHOTO_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| unreadable())?;
    if bytes.len() as u64 > MAX_PHOTO_BYTES {
        return Err(invalid(TOO_BIG));
    }
    Ok(bytes)
}

fn decode_error(e: ImageError) -> CoreError {
    match e {
        ImageError::Limits(_) => invalid(format!(
            "gambar terlalu besar (maks {MAX_SIDE} × {MAX_SIDE} piksel)"
        )),
        _ => invalid(NOT_AN_IMAGE),
    }
}

/// The thumbnail of a JPG or PNG: upright (EXIF orientation applied), at most [`THUMB_SIDE`]
/// pixels on its long side (never enlarged), transparency on white, as JPEG bytes.
pub fn thumbnail_jpeg(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| invalid(NOT_AN_IMAGE))?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(invalid(NOT_AN_IMAGE));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    img.apply_orientation(orientation);
    if img.width().max(img.height()) > THUMB_SIDE {
        img = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    }
    let rgb = on_white(&img);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| CoreError::Validation(format!("foto tidak bisa disimpan: {e}")))?;
    Ok(out)
}

/// JPEG has no transparency: blend any alpha onto white (a transparent PNG would turn black).
fn on_white(img: &DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

fn current_photo(tx: &Tx<'_>, product_id: i64) -> Result<(Option<String>, String)> {
    tx.query_row(
        "SELECT photo, name || ' (' || sku || ')' FROM products WHERE id = ?1",
        [product_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(product_not_found)
}

fn set_photo_row(
    tx: &Tx<'_>,
    actor: Option<&crate::Operator>,
    product_id: i64,
    photo: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Option<String>, ProductRow)> {
    let (old, subject) = current_photo(tx, product_id)?;
    if old.as_deref() != photo {
        tx.execute(
            "UPDATE products SET photo = ?2, updated_at = ?3 WHERE id = ?1",
            params![product_id, photo, now.timestamp_millis()],
        )?;
        crate::audit::record(
            tx,
            actor,
            crate::AuditAction::ProductChanged,
            &subject,
            serde_json::json!({ "photo": { "from": old, "to": photo } }),
            now,
        )?;
        tx.emit(DomainEvent::CatalogChanged);
    }
    Ok((old, row_by_id(tx, product_id)?))
}

impl Store {
    /// Give a product the photo in the file at `source` (a JPG or PNG of at most 10 MB). The
    /// thumbnail is written to `photos`, then the row points at it; the product's previous
    /// photo is removed when no product uses it any more. Announced as `CatalogChanged`.
    pub fn set_product_photo(
        &self,
        product_id: i64,
        source: &Path,
        photos: &PhotoDir,
        now: DateTime<Utc>,
    ) -> Result<ProductRow> {
        let jpeg = thumbnail_jpeg(&read_source(source)?)?;
        let name = format!("{}.jpg", content_hash(&jpeg));
        let actor = self.operator();
        let saved = self.write(|tx| {
            current_photo(tx, product_id)?; // unknown product: no file written
            photos.write(&name, &jpeg)?;
            set_photo_row(tx, actor.as_ref(), product_id, Some(&name), now)
        });
        match saved {
            Ok((old, row)) => {
                if let Some(old) = old.filter(|old| *old != name) {
                    self.remove_unused_photo(photos, &old);
                }
                Ok(row)
            }
            Err(e) => {
                // Rolled back: the file written for it goes unless some product uses it.
                self.remove_unused_photo(photos, &name);
                Err(e)
            }
        }
    }

    /// Take a product's photo away (its file goes when no product uses it any more).
    pub fn remove_product_photo(
        &self,
        product_id: i64,
        photos: &PhotoDir,
        now: DateTime<Utc>,
    ) -> Result<ProductRow> {
        let actor = self.operator();
        let (old, row) =
            self.write(|tx| set_photo_row(tx, actor.as_ref(), product_id, None, now))?;
        if let Some(old) = old {
            self.remove_unused_photo(photos, &old);
        }
        Ok(row)
    }

    /// Delete `name` from the photos folder if no product refers to it. Checked and removed
    /// under the writer lock, so a photo being set at the same moment is never pulled away. A
    /// failure only leaves a stray file behind, so it is logged, not returned.
    fn remove_unused_photo(&self, photos: &PhotoDir, name: &str) {
        let Some(path) = photos.file(name) else {
            return;
        };
        let outcome = self.write(|tx| {
            let used: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM products WHERE photo = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if !used {
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(())
        });
        if let Err(e) = outcome {
            tracing::warn!(target: "catalog", photo = name, "foto lama tidak terhapus: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::tests::{input, message};
    use image::{Rgba, RgbaImage};

    fn png(width: u32, height: u32, pixel: [u8; 4]) -> Vec<u8> {
        let img = RgbaImage::from_pixel(width, height, Rgba(pixel));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("png");
        out
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&img)
            .expect("jpeg");
        out
    }

    struct Setup {
        store: Store,
        photos: PhotoDir,
        dir: tempfile::TempDir,
    }

    fn setup() -> Setup {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = crate::testing::till();
        let photos = PhotoDir::new(dir.path().join("photos"));
        Setup { store, photos, dir }
    }

    impl Setup {
        fn product(&self, sku: &str) -> i64 {
            self.store
                .save_product(&input(sku, &format!("Barang {sku}"), 5_000), Utc::now())
                .expect("product")
                .product
                .id
        }

        fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.dir.path().join(name);
            std::fs::write(&path, bytes).expect("write source");
            path
        }

        fn stored_files(&self) -> Vec<String> {
            let Ok(entries) = std::fs::read_dir(self.photos.dir()) else {
                return Vec::new();
            };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    #[test]
    fn a_png_becomes_a_jpeg_thumbnail_named_by_its_content() {
        let s = setup();
        let id = s.product("FOTO-1");
        let source = s.file("kopi.png", &png(1000, 500, [200, 10, 10, 255]));
        let row = s
            .store
            .set_product_photo(id, &source, &s.photos, Utc::now())
            .expect("photo");
        let name = row.product.photo.clone().expect("photo set");
        assert!(is_photo_name(&name), "{name}");
        let bytes = s.photos.read(&name).expect("file stored");
        assert_eq!(
            format!("{}.jpg", content_hash(&bytes)),
            name,
            "the name is the hash of the stored thumbnail"
        );
        let thumb = image::load_from_memory(&bytes).expect("decodes");
        assert_eq!(
            image::guess_format(&bytes).expect("format"),
            ImageFormat::Jpeg
        );
        assert_eq!(
            (thumb.width(), thumb.height()),
            (256, 128),
            "the long side shrinks to 256 and the aspect ratio stays"
        );
        assert_eq!(
            s.store.catalog().expect("catalog").products[0].photo,
            Some(name.clone())
        );
        // The same picture for another product shares the file.
        let other = s.product("FOTO-2");
        let row2 = s
            .store
            .set_product_photo(other, &source, &s.photos, Utc::now())
            .expect("second");
        assert_eq!(row2.product.photo, Some(name));
        assert_eq!(s.stored_files().len(), 1, "one file for one picture");
    }

    #[test]
    fn a_small_jpeg_is_not_enlarged_and_transparency_turns_white() {
        let s = setup();
        let id = s.product("FOTO-1");
        let row = s
            .store
            .set_product_photo(
                id,
                &s.file("kecil.jpg", &jpeg(40, 30)),
                &s.photos,
                Utc::now(),
            )
            .expect("jpeg");
        let thumb = image::load_from_memory(
            &s.photos
                .read(&row.product.photo.expect("photo"))
                .expect("file"),
        )
        .expect("decodes");
        assert_eq!((thumb.width(), thumb.height()), (40, 30));

        let clear = s.file("bening.png", &png(20, 20, [0, 0, 0, 0]));
        let row = s
            .store
            .set_product_photo(id, &clear, &s.photos, Utc::now())
            .expect("png");
        let thumb = image::load_from_memory(
            &s.photos
                .read(&row.product.photo.expect("photo"))
                .expect("file"),
        )
        .expect("decodes")
        .to_rgb8();
        let [r, g, b] = thumb.get_pixel(10, 10).0;
        assert!(
            r > 245 && g > 245 && b > 245,
            "a transparent pixel must become white, not black: {:?}",
            (r, g, b)
        );
    }

    #[test]
    fn bad_files_get_a_clear_message_and_nothing_is_written() {
        let s = setup();
        let id = s.product("FOTO-1");
        let mut truncated = png(300, 300, [1, 2, 3, 255]);
        truncated.truncate(truncated.len() / 2);
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "catatan.png",
                b"bukan gambar, cuma teks".to_vec(),
                NOT_AN_IMAGE,
            ),
            ("rusak.png", truncated, NOT_AN_IMAGE),
            ("anim.gif", gif, NOT_AN_IMAGE),
            ("kosong.jpg", Vec::new(), NOT_AN_IMAGE),
            // 13 000 × 1 pixels is a tiny file but more than MAX_SIDE.
            (
                "lebar.png",
                png(13_000, 1, [0, 0, 0, 255]),
                "gambar terlalu besar",
            ),
        ];
        for (name, bytes, expected) in cases {
            let err = s
                .store
                .set_product_photo(id, &s.file(name, &bytes), &s.photos, Utc::now())
                .expect_err(name);
            assert_eq!(err.kind().as_str(), "validation", "{name}");
            assert!(
                message(&err).contains(expected),
                "{name}: expected {expected:?}, got {:?}",
                message(&err)
            );
        }
        let missing = s.dir.path().join("tidak-ada.png");
        let err = s
            .store
            .set_product_photo(id, &missing, &s.photos, Utc::now())
            .expect_err("missing");
        assert!(
            message(&err).contains("tidak ditemukan"),
            "{}",
            message(&err)
        );
        assert!(
            s.stored_files().is_empty(),
            "nothing written for a bad file"
        );
        assert_eq!(s.store.product_row(id).expect("row").product.photo, None);
    }

    #[test]
    fn a_file_over_10_mb_is_refused_before_it_is_decoded() {
        let s = setup();
        let id = s.product("FOTO-1");
        // A valid PNG header followed by 10 MB of padding: it would decode if read.
        let mut big = png(10, 10, [1, 2, 3, 255]);
        big.resize((MAX_PHOTO_BYTES + 1) as usize, 0);
        let err = s
            .store
            .set_product_photo(id, &s.file("besar.png", &big), &s.photos, Utc::now())
            .expect_err("too big");
        assert_eq!(
            message(&err),
            "Input tidak valid: foto terlalu besar (maks 10 MB).",
            "the owner is told the limit"
        );
        assert!(s.stored_files().is_empty());
    }

    #[test]
    fn replacing_a_photo_removes_the_old_file_only_when_no_product_uses_it() {
        let s = setup();
        let a = s.product("FOTO-A");
        let b = s.product("FOTO-B");
        let red = s.file("merah.png", &png(50, 50, [255, 0, 0, 255]));
        let blue = s.file("biru.png", &png(50, 50, [0, 0, 255, 255]));
        let red_name = s
            .store
            .set_product_photo(a, &red, &s.photos, Utc::now())
            .expect("a red")
            .product
            .photo
            .expect("name");
        s.store
            .set_product_photo(b, &red, &s.photos, Utc::now())
            .expect("b red");
        let blue_name = s
            .store
            .set_product_photo(a, &blue, &s.photos, Utc::now())
            .expect("a blue")
            .product
            .photo
            .expect("name");
        assert_eq!(
            s.stored_files(),
            {
                let mut v = vec![red_name.clone(), blue_name.clone()];
                v.sort();
                v
            },
            "red stays: product B still shows it"
        );
        let row = s
            .store
            .remove_product_photo(b, &s.photos, Utc::now())
            .expect("remove");
        assert_eq!(row.product.photo, None);
        assert_eq!(
            s.stored_files(),
            vec![blue_name],
            "red went with its last user"
        );
    }

    #[test]
    fn an_unknown_product_is_not_found_and_leaves_no_file() {
        let s = setup();
        let err = s
            .store
            .set_product_photo(
                999,
                &s.file("x.png", &png(10, 10, [0, 0, 0, 255])),
                &s.photos,
                Utc::now(),
            )
            .expect_err("unknown");
        assert_eq!(err.kind().as_str(), "not_found");
        assert!(s.stored_files().is_empty());
    }

    #[test]
    fn photo_changes_announce_a_catalogue_change_and_are_audited() {
        let s = setup();
        let id = s.product("FOTO-1");
        let mut rx = s.store.events().subscribe();
        s.store
            .set_product_photo(
                id,
                &s.file("a.png", &png(10, 10, [9, 9, 9, 255])),
                &s.photos,
                Utc::now(),
            )
            .expect("set");
        s.store
            .remove_product_photo(id, &s.photos, Utc::now())
            .expect("remove");
        s.store
            .remove_product_photo(id, &s.photos, Utc::now())
            .expect("remove again is harmless");
        let mut names = Vec::new();
        while let Ok(e) = rx.try_recv() {
            names.push(e.name());
        }
        assert_eq!(
            names,
            ["catalogChanged", "catalogChanged"],
            "no event for a no-op"
        );
        let audited: i64 = s
            .store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'product_changed'
                       AND detail LIKE '%photo%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited, 2);
    }

    #[test]
    fn only_hash_names_are_ever_read_from_the_photos_folder() {
        let s = setup();
        std::fs::create_dir_all(s.photos.dir()).expect("dir");
        let good = format!("{}.jpg", "a".repeat(64));
        std::fs::write(s.photos.dir().join(&good), b"x").expect("write");
        std::fs::write(s.dir.path().join("kasir.db"), b"secret").expect("write");
        assert_eq!(s.photos.read(&good), Some(b"x".to_vec()));
        for bad in [
            "../kasir.db",
            "..%2Fkasir.db",
            &format!("{}.jpg", "A".repeat(64)),
            &format!("{}.png", "a".repeat(64)),
            &format!("{}.jpg", "a".repeat(63)),
            &format!("../{}.jpg", "a".repeat(61)),
            "",
        ] {
            assert!(!is_photo_name(bad), "{bad:?} must be refused");
            assert_eq!(s.photos.read(bad), None, "{bad:?} must not be served");
        }
    }

    #[test]
    fn the_photos_folder_sits_next_to_the_database() {
        assert_eq!(
            PhotoDir::beside_database(Path::new("/data/id.alpiant.kasir/kasir.db")).dir(),
            Path::new("/data/id.alpiant.kasir/photos")
        );
        assert_eq!(
            PhotoDir::beside_database(Path::new("kasir.db")).dir(),
            Path::new("./photos")
        );
    }
}

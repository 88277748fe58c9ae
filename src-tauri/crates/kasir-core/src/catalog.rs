//! Categories and products as the checkout sees them: listing, barcode lookup, the catalogue
//! settings the grid reads with it ("Tampilkan foto barang"), and the demo catalogue seeded on
//! first run. Reads `products`, `categories` and `settings`; must not depend on `tauri`.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::Store;

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Category {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Product {
    #[ts(type = "number")]
    pub id: i64,
    pub sku: String,
    pub barcode: Option<String>,
    pub name: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    /// Whole rupiah.
    #[ts(type = "number")]
    pub price: i64,
    #[ts(type = "number")]
    pub stock: i64,
    pub active: bool,
    /// File name of the thumbnail (`<hash>.jpg`), served as `kasirfoto://localhost/<name>`
    /// (`convertFileSrc(name, 'kasirfoto')`); `None`: no photo.
    pub photo: Option<String>,
    /// "Stok Menipis" when `stock <= lowStockThreshold`; `None`: never low.
    #[ts(type = "number | null")]
    pub low_stock_threshold: Option<i64>,
    /// `stock <= lowStockThreshold` (false without a threshold).
    pub low_stock: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub products: Vec<Product>,
    /// True while the demo catalogue is still in place.
    pub is_demo: bool,
    /// Show product photos on the checkout grid (a setting; off is faster on a slow PC).
    pub show_photos: bool,
    /// The option groups of the active products (a product with groups asks before it goes on
    /// the cart).
    pub option_groups: Vec<crate::options::OptionGroup>,
}

/// The catalogue's own settings ("Tampilkan foto barang").
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CatalogSettings {
    pub show_photos: bool,
}

/// Settings key of the photo switch (`"1"`/`"0"`; missing means on).
pub const SHOW_PHOTOS_KEY: &str = "catalog.show_photos";

/// The columns of [`product_from_row`], for `products` unaliased.
pub(crate) const PRODUCT_COLUMNS: &str =
    "id, sku, barcode, name, category_id, price, stock, active,
    photo, low_stock_threshold,
    (low_stock_threshold IS NOT NULL AND stock <= low_stock_threshold)";

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        sku: r.get(1)?,
        barcode: r.get(2)?,
        name: r.get(3)?,
        category_id: r.get(4)?,
        price: r.get(5)?,
        stock: r.get(6)?,
        active: r.get(7)?,
        photo: r.get(8)?,
        low_stock_threshold: r.get(9)?,
        low_stock: r.get(10)?,
    })
}

pub(crate) fn show_photos(conn: &rusqlite::Connection) -> Result<bool> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SHOW_PHOTOS_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value.is_none_or(|v| v.trim() != "0"))
}

impl Store {
    /// Active products and all categories, in display order.
    pub fn catalog(&self) -> Result<Catalog> {
        self.read(|c| {
            let mut st = c.prepare("SELECT id, name FROM categories ORDER BY sort_order, name")?;
            let categories = st
                .query_map([], |r| {
                    Ok(Category {
                        id: r.get(0)?,
                        name: r.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut st = c.prepare(&format!(
                "SELECT {PRODUCT_COLUMNS} FROM products WHERE active = 1 ORDER BY name"
            ))?;
            let products = st
                .query_map([], product_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let is_demo: bool = c.query_row(
                "SELECT EXISTS (SELECT 1 FROM products WHERE is_demo = 1)",
                [],
                |r| r.get(0),
            )?;
            Ok(Catalog {
                categories,
                products,
                is_demo,
                show_photos: show_photos(c)?,
                option_groups: crate::options::all_groups(c)?,
            })
        })
    }

    /// The catalogue settings as stored (photos on unless switched off).
    pub fn catalog_settings(&self) -> Result<CatalogSettings> {
        self.read(|c| {
            Ok(CatalogSettings {
                show_photos: show_photos(c)?,
            })
        })
    }

    /// Save the catalogue settings. Announced as `CatalogChanged`: the checkout reads the switch
    /// with its catalogue, so an open grid refetches and shows or hides the photos. Audited.
    pub fn save_catalog_settings(
        &self,
        settings: &CatalogSettings,
        now: DateTime<Utc>,
    ) -> Result<CatalogSettings> {
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            let value = if settings.show_photos { "1" } else { "0" };
            crate::settings::set_noting(tx, &mut changes, SHOW_PHOTOS_KEY, value)?;
            let changed = !changes.is_empty();
            crate::settings::audit_form(tx, actor.as_ref(), "Katalog", changes, now)?;
            if changed {
                tx.emit(crate::DomainEvent::CatalogChanged);
            }
            Ok(settings.clone())
        })
    }

    /// The active product with this barcode (what a keyboard-wedge scanner typed).
    pub fn product_by_barcode(&self, barcode: &str) -> Result<Product> {
        let code = barcode.trim();
        if code.is_empty() || code.len() > 64 {
            return Err(CoreError::Validation(
                "barcode kosong atau terlalu panjang".into(),
            ));
        }
        self.read(|c| {
            c.query_row(
                &format!(
                    "SELECT {PRODUCT_COLUMNS} FROM products WHERE (barcode = ?1 OR sku = ?1) AND active = 1"
                ),
                [code],
                product_from_row,
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound {
                what: format!("Barang dengan kode {code}"),
            })
        })
    }

    /// Seed the demo catalogue when the database has never had products. Returns how many
    /// products were added (0 when the shop already has a catalogue).
    pub fn seed_demo_if_empty(&self, now: DateTime<Utc>) -> Result<usize> {
        self.write(|tx| {
            let any: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM products)", [], |r| r.get(0))?;
            let seeded: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'demo_seeded')",
                [],
                |r| r.get(0),
            )?;
            if any || seeded {
                return Ok(0);
            }
            let ts = now.timestamp_millis();
            for (i, (cat, _)) in DEMO_CATEGORIES.iter().enumerate() {
                tx.execute(
                    "INSERT INTO categories (name, sort_order, is_demo) VALUES (?1, ?2, 1)",
                    params![cat, i as i64],
                )?;
            }
            let mut n = 0usize;
            for (cat_idx, (cat, items)) in DEMO_CATEGORIES.iter().enumerate() {
                let cat_id: i64 =
                    tx.query_row("SELECT id FROM categories WHERE name = ?1", [cat], |r| {
                        r.get(0)
                    })?;
                for (item_idx, (sku, name, price, stock)) in items.iter().enumerate() {
                    let barcode = demo_ean13(cat_idx, item_idx);
                    tx.execute(
                        "INSERT INTO products
                           (sku, barcode, name, category_id, price, stock, active, is_demo,
                            created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 1, ?7, ?7)",
                        params![sku, barcode, name, cat_id, price, stock, ts],
                    )?;
                    n += 1;
                }
            }
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('demo_seeded', '1')",
                [],
            )?;
            Ok(n)
        })
    }
}

/// (sku, name, price, stock).
type DemoItem = (&'static str, &'static str, i64, i64);

/// (category, items) — a believable warung/café range.
const DEMO_CATEGORIES: &[(&str, &[DemoItem])] = &[
    (
        "Minuman",
        &[
            ("MNM-001", "Es Teh Manis", 5_000, 200),
            ("MNM-002", "Es Jeruk", 8_000, 150),
            ("MNM-003", "Kopi Susu Gula Aren", 18_000, 120),
            ("MNM-004", "Kopi Hitam Tubruk", 8_000, 150),
            ("MNM-005", "Teh Botol Sosro 450ml", 6_000, 96),
            ("MNM-006", "Aqua 600ml", 4_000, 240),
            ("MNM-007", "Jus Alpukat", 15_000, 60),
        ],
    ),
    (
        "Makanan",
        &[
            ("MKN-001", "Nasi Goreng Spesial", 25_000, 80),
            ("MKN-002", "Mie Goreng Jawa", 22_000, 80),
            ("MKN-003", "Nasi Ayam Geprek", 20_000, 70),
            ("MKN-004", "Soto Ayam", 18_000, 60),
            ("MKN-005", "Nasi Uduk Komplit", 17_000, 50),
            ("MKN-006", "Bakso Urat", 20_000, 60),
            ("MKN-007", "Gado-Gado", 15_000, 40),
        ],
    ),
    (
        "Camilan",
        &[
            ("CML-001", "Pisang Goreng (3 pcs)", 10_000, 50),
            ("CML-002", "Tahu Isi (4 pcs)", 10_000, 50),
            ("CML-003", "Chitato Sapi Panggang 68g", 11_500, 48),
            ("CML-004", "Roti Bakar Coklat Keju", 16_000, 40),
            ("CML-005", "Kerupuk Udang", 3_000, 100),
            ("CML-006", "Martabak Manis Mini", 12_000, 30),
        ],
    ),
    (
        "Sembako",
        &[
            ("SMB-001", "Indomie Goreng", 3_500, 200),
            ("SMB-002", "Beras Premium 5kg", 78_000, 20),
            ("SMB-003", "Minyak Goreng Bimoli 1L", 21_000, 36),
            ("SMB-004", "Gula Pasir Gulaku 1kg", 18_500, 30),
            ("SMB-005", "Telur Ayam (1/4 kg)", 8_000, 40),
            ("SMB-006", "Kecap Manis Bango 220ml", 11_000, 36),
        ],
    ),
    (
        "Kebutuhan Rumah",
        &[
            ("RMH-001", "Sabun Lifebuoy 85g", 4_500, 60),
            ("RMH-002", "Rinso Cair 800ml", 19_500, 24),
            ("RMH-003", "Pepsodent 190g", 14_000, 30),
            ("RMH-004", "Tisu Paseo 250 lembar", 13_000, 24),
        ],
    ),
];

/// Demo EAN-13 with the Indonesian GS1 prefix 899 and a correct check digit.
fn demo_ean13(cat: usize, item: usize) -> String {
    let body = format!("899{:04}{:02}{:03}", 2024, cat + 1, item + 1);
    let check = ean13_check_digit(&body);
    format!("{body}{check}")
}

pub use kasir_shared::barcode::ean13_check_digit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_catalogue_is_seeded_once_with_valid_unique_barcodes() {
        let store = Store::open_in_memory().expect("store");
        let n = store.seed_demo_if_empty(Utc::now()).expect("seed");
        assert!((25..=40).contains(&n), "about 30 demo products, got {n}");
        assert_eq!(store.seed_demo_if_empty(Utc::now()).expect("reseed"), 0);
        let catalog = store.catalog().expect("catalog");
        assert!(catalog.is_demo);
        assert_eq!(catalog.products.len(), n);
        let mut codes: Vec<&str> = catalog
            .products
            .iter()
            .filter_map(|p| p.barcode.as_deref())
            .collect();
        assert_eq!(codes.len(), n, "every demo product has a barcode");
        for code in &codes {
            assert_eq!(code.len(), 13);
            let check = ean13_check_digit(&code[..12]);
            assert_eq!(
                code[12..].parse::<u32>().ok(),
                Some(check),
                "bad check digit {code}"
            );
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "barcodes are unique");
    }

    #[test]
    fn barcode_lookup_finds_product_and_rejects_unknown() {
        let store = Store::open_in_memory().expect("store");
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let p = store.catalog().expect("catalog").products[0].clone();
        let code = p.barcode.clone().expect("barcode");
        assert_eq!(store.product_by_barcode(&code).expect("found").id, p.id);
        let err = store
            .product_by_barcode("0000000000000")
            .expect_err("unknown");
        assert_eq!(err.kind().as_str(), "not_found");
    }

    #[test]
    fn photos_show_by_default_and_the_switch_is_saved_announced_and_audited() {
        let store = crate::testing::till();
        assert!(
            store.catalog().expect("catalog").show_photos,
            "on by default"
        );
        let mut rx = store.events().subscribe();
        store
            .save_catalog_settings(&CatalogSettings { show_photos: false }, Utc::now())
            .expect("off");
        assert!(!store.catalog().expect("catalog").show_photos);
        assert!(!store.catalog_settings().expect("settings").show_photos);
        store
            .save_catalog_settings(&CatalogSettings { show_photos: false }, Utc::now())
            .expect("unchanged");
        let mut events = Vec::new();
        while let Ok(e) = rx.try_recv() {
            events.push(e.name());
        }
        assert_eq!(
            events,
            ["catalogChanged"],
            "the checkout refetches its catalogue once; saving the same value announces nothing"
        );
        let audited: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'settings_changed'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audit");
        assert_eq!(audited, 1);
    }
}

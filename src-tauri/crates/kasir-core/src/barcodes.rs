//! In-store barcodes ("Buat barcode"): an EAN-13 for goods that have none (bread, repacked
//! sugar, the shop's own snacks), in the GS1 restricted-circulation range, prefix 20–29, which
//! never appears on goods from a manufacturer.
//!
//! A code is `2` + 11 random digits + the check digit ([`kasir_shared::barcode`], its one home),
//! so its prefix is 20–29. It is checked against every product's barcode *and* SKU (the till
//! looks a scanned code up as either) on the same connection; after a few random tries that
//! all hit, the code after the highest in-store code in use is taken, and the range is walked
//! from there. The code is only proposed: the product form saves it like a scanned one, where
//! the UNIQUE index and the form's clash check refuse it if someone took it in between.
//! Must not depend on `tauri`.

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::Store;
use kasir_shared::barcode::ean13_check_digit;

/// The lowest and highest 12-digit body of an in-store code (prefixes 20–29).
const FIRST_BODY: u64 = 200_000_000_000;
const LAST_BODY: u64 = 299_999_999_999;
/// Random tries before the sequential walk.
const RANDOM_TRIES: usize = 16;
/// How far the sequential walk goes before giving up (a shop has far fewer products).
const MAX_WALK: u64 = 1_000_000;

/// The EAN-13 of a 12-digit body in the in-store range.
fn with_check_digit(body: u64) -> String {
    let body = format!("{body:012}");
    let check = ean13_check_digit(&body);
    format!("{body}{check}")
}

/// A body in the in-store range from any 64-bit number.
fn body_from(random: u64) -> u64 {
    FIRST_BODY + random % (LAST_BODY - FIRST_BODY + 1)
}

/// Pick an in-store EAN-13 for which `taken` is false: [`RANDOM_TRIES`] bodies from `random`,
/// then the bodies after `highest` (the largest in-store body in use, if any), wrapping round
/// the range. `None` only when every code tried is taken.
pub fn pick_in_store_code(
    mut random: impl FnMut() -> u64,
    highest: Option<u64>,
    mut taken: impl FnMut(&str) -> bool,
) -> Option<String> {
    for _ in 0..RANDOM_TRIES {
        let code = with_check_digit(body_from(random()));
        if !taken(&code) {
            return Some(code);
        }
    }
    let start = highest.map_or(FIRST_BODY, |h| body_from(h.saturating_sub(FIRST_BODY) + 1));
    (0..MAX_WALK)
        .map(|i| body_from(start - FIRST_BODY + i))
        .map(with_check_digit)
        .find(|code| !taken(code))
}

/// True when `code` is 13 digits in the in-store range 20–29 (check digit not checked here).
pub fn is_in_store_range(code: &str) -> bool {
    code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) && code.starts_with('2')
}

fn random_u64() -> Result<u64> {
    getrandom::u64().map_err(|e| CoreError::Validation(format!("angka acak tidak tersedia: {e}")))
}

fn code_in_use(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM products WHERE barcode = ?1 OR sku = ?1)",
        [code],
        |r| r.get(0),
    )?)
}

/// The largest in-store body (first 12 digits) among the barcodes in use.
fn highest_in_store_body(conn: &Connection) -> Result<Option<u64>> {
    let max: Option<String> = conn.query_row(
        "SELECT MAX(barcode) FROM products
         WHERE length(barcode) = 13 AND barcode GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'",
        [],
        |r| r.get(0),
    )?;
    Ok(max.and_then(|m| m[..12].parse().ok()))
}

impl Store {
    /// A new in-store EAN-13 (prefix 20–29, valid check digit) that no product uses as its
    /// barcode or SKU right now.
    pub fn generate_barcode(&self) -> Result<String> {
        let draws = (0..RANDOM_TRIES)
            .map(|_| random_u64())
            .collect::<Result<Vec<u64>>>()?;
        self.read(|c| {
            let highest = highest_in_store_body(c)?;
            let mut draws = draws.iter().copied();
            let mut db_error = None;
            let picked = pick_in_store_code(
                || draws.next().unwrap_or(0),
                highest,
                |code| match code_in_use(c, code) {
                    Ok(used) => used,
                    Err(e) => {
                        db_error.get_or_insert(e);
                        true
                    }
                },
            );
            if let Some(e) = db_error {
                return Err(e);
            }
            picked.ok_or_else(|| {
                CoreError::Validation("tidak ada kode barcode toko yang tersisa".into())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::tests::input;
    use chrono::Utc;
    use kasir_shared::barcode::is_valid_ean13;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        /// Whatever the random source and whichever codes are taken, the pick is a valid EAN-13
        /// in the in-store range that is not taken.
        #[test]
        fn picked_code_is_valid_in_range_and_never_taken(
            randoms in proptest::collection::vec(any::<u64>(), 1..40),
            taken_bodies in proptest::collection::hash_set(FIRST_BODY..=LAST_BODY, 0..64),
            highest in proptest::option::of(FIRST_BODY..=LAST_BODY),
            // Every random draw collides: the sequential walk has to find the code.
            all_random_taken in any::<bool>(),
        ) {
            let mut taken: HashSet<String> =
                taken_bodies.iter().map(|b| with_check_digit(*b)).collect();
            let mut draws = randoms.iter().cycle().copied();
            if all_random_taken {
                taken.extend(randoms.iter().map(|r| with_check_digit(body_from(*r))));
            }
            let code = pick_in_store_code(|| draws.next().unwrap_or(0), highest, |c| taken.contains(c))
                .expect("a free code exists");
            prop_assert!(is_valid_ean13(&code), "{code} must carry its check digit");
            prop_assert!(is_in_store_range(&code), "{code} must start with 20–29");
            let prefix: u32 = code[..2].parse().expect("digits");
            prop_assert!((20..=29).contains(&prefix), "{code}: prefix {prefix}");
            prop_assert!(!taken.contains(&code), "{code} is already in use");
        }
    }

    #[test]
    fn the_walk_wraps_round_the_top_of_the_range() {
        let top = with_check_digit(LAST_BODY);
        let code = pick_in_store_code(
            || LAST_BODY - FIRST_BODY, // always the top body
            Some(LAST_BODY),
            |c| c == top,
        )
        .expect("code");
        assert_eq!(
            code,
            with_check_digit(FIRST_BODY),
            "after 299999999999 comes 200000000000, not a 13-digit overflow"
        );
    }

    #[test]
    fn generated_codes_are_unique_against_barcodes_and_skus_in_the_store() {
        let store = crate::testing::till();
        let mut seen = HashSet::new();
        for i in 0..40 {
            let code = store.generate_barcode().expect("code");
            assert!(is_valid_ean13(&code) && is_in_store_range(&code), "{code}");
            assert!(
                seen.insert(code.clone()),
                "{code} was proposed twice though it was saved"
            );
            let mut p = input(&format!("TOKO-{i}"), &format!("Roti {i}"), 5_000);
            p.barcode = Some(code);
            store
                .save_product(&p, Utc::now())
                .expect("a proposed code saves as a barcode");
        }
        // A SKU that looks like an in-store code counts as taken: the scanner matches SKUs too.
        let sku_code = with_check_digit(271_234_567_890);
        store
            .save_product(&input(&sku_code, "Kue Kering", 20_000), Utc::now())
            .expect("numeric SKU");
        assert!(
            store.read(|c| code_in_use(c, &sku_code)).expect("check"),
            "a code equal to a SKU is in use"
        );
    }

    #[test]
    fn highest_in_store_body_ignores_manufacturer_codes() {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        assert_eq!(
            store.read(highest_in_store_body).expect("max"),
            None,
            "demo codes start with 899, not an in-store prefix"
        );
        let mut p = input("TOKO-1", "Roti", 5_000);
        p.barcode = Some(with_check_digit(254_000_000_123));
        store.save_product(&p, Utc::now()).expect("save");
        assert_eq!(
            store.read(highest_in_store_body).expect("max"),
            Some(254_000_000_123)
        );
    }
}

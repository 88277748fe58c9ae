//! Variants and modifiers of a product (issue 14): option groups such as "Ukuran: Regular /
//! Large +Rp 5.000" (required, pick one), "Gula: normal / less / no" (optional, pick one) and
//! "Tambahan: extra shot +Rp 4.000" (pick many).
//!
//! The catalogue keeps the groups (tables `option_groups`, `product_options`); a cart line names
//! the chosen options by id and [`resolve`] checks them against the product's groups and turns
//! them into [`ChosenOption`]s, the copy an order line keeps as sold (name and price change), so
//! that a later change of the catalogue never rewrites history. A removed group or option stays
//! in the table, inactive.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::Store;

/// Largest price change of one option (Rp 100.000.000, as the schema checks).
pub const MAX_PRICE_DELTA: i64 = 100_000_000;
/// Groups per product and options per group a form may save.
pub const MAX_GROUPS: usize = 10;
pub const MAX_OPTIONS: usize = 20;
/// Longest note on a line ("tanpa es, pedas sedang").
pub const MAX_NOTE_CHARS: usize = 120;

/// One choice of a group, as the catalogue has it now.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductOption {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Added to the unit price when chosen (0: no change).
    #[ts(type = "number")]
    pub price_delta: i64,
}

/// A product's option group.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OptionGroup {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    pub name: String,
    /// A choice must be made before the line goes on the cart.
    pub required: bool,
    /// Several options may be picked (otherwise at most one).
    pub multiple: bool,
    pub options: Vec<ProductOption>,
}

/// One option of the form (id: an existing option to keep; none: a new one).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductOptionInput {
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub id: Option<i64>,
    pub name: String,
    #[ts(type = "number")]
    pub price_delta: i64,
}

/// One group of the form; groups and options not sent again are removed (kept inactive).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OptionGroupInput {
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub id: Option<i64>,
    pub name: String,
    pub required: bool,
    pub multiple: bool,
    pub options: Vec<ProductOptionInput>,
}

/// An option as sold: stored on the order line (JSON in `order_lines.options`), printed on the
/// receipt and the kitchen ticket.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChosenOption {
    /// The group's name ("Ukuran").
    pub group: String,
    /// The option's name ("Large").
    pub name: String,
    #[ts(type = "number")]
    pub price_delta: i64,
}

impl ChosenOption {
    /// "Large (+Rp 5.000)" or "less sugar".
    pub fn label(&self) -> String {
        if self.price_delta > 0 {
            format!(
                "{} (+{})",
                self.name,
                kasir_shared::format_rupiah(self.price_delta)
            )
        } else {
            self.name.clone()
        }
    }
}

/// The options column of an order line: `None` for a line without options.
pub(crate) fn to_column(options: &[ChosenOption]) -> Result<Option<String>> {
    if options.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(options)
        .map(Some)
        .map_err(|e| CoreError::Validation(format!("pilihan barang: {e}")))
}

/// Reads an order line's options column (a line sold before options existed has none).
pub fn from_column(column: Option<&str>) -> Result<Vec<ChosenOption>> {
    match column {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(json)
            .map_err(|e| CoreError::Validation(format!("pilihan barang tersimpan rusak: {e}"))),
    }
}

/// A line's note as stored: trimmed, `None` when empty, refused when too long.
pub fn clean_note(note: Option<&str>) -> Result<Option<String>> {
    let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(CoreError::Validation(format!(
            "catatan paling panjang {MAX_NOTE_CHARS} huruf"
        )));
    }
    Ok(Some(note.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// The active groups of the active products `filter` selects, with their active options, in
/// the form's order.
fn load_groups(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<OptionGroup>> {
    // Cached: the cart prices every line through here (checkout path).
    let mut st = conn.prepare_cached(&format!(
        "SELECT g.id, g.product_id, g.name, g.required, g.multiple
         FROM option_groups g JOIN products p ON p.id = g.product_id
         WHERE g.active = 1 AND {filter}
         ORDER BY g.product_id, g.sort_order, g.id"
    ))?;
    let mut groups = st
        .query_map(args, |r| {
            Ok(OptionGroup {
                id: r.get(0)?,
                product_id: r.get(1)?,
                name: r.get(2)?,
                required: r.get(3)?,
                multiple: r.get(4)?,
                options: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT id, name, price_delta FROM product_options
         WHERE group_id = ?1 AND active = 1 ORDER BY sort_order, id",
    )?;
    for g in &mut groups {
        g.options = st
            .query_map([g.id], |r| {
                Ok(ProductOption {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    price_delta: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(groups)
}

/// Every active product's groups (the checkout's catalogue).
pub(crate) fn all_groups(conn: &Connection) -> Result<Vec<OptionGroup>> {
    load_groups(conn, "p.active = 1", &[])
}

/// One product's groups.
pub(crate) fn groups_of(conn: &Connection, product_id: i64) -> Result<Vec<OptionGroup>> {
    load_groups(conn, "g.product_id = ?1", &[&product_id])
}

/// Checks the options chosen for a line of `product_name` (`option_ids`, any order, each once)
/// against the product's groups and returns them as sold, in the groups' order: an option of
/// another product or one removed is refused, a required group needs a choice, a pick-one
/// group takes at most one.
pub(crate) fn resolve(
    conn: &Connection,
    product_id: i64,
    product_name: &str,
    option_ids: &[i64],
) -> Result<Vec<ChosenOption>> {
    let groups = groups_of(conn, product_id)?;
    if groups.is_empty() && option_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut seen = std::collections::HashSet::new();
    for id in option_ids {
        if !seen.insert(*id) {
            return Err(CoreError::Validation(format!(
                "pilihan yang sama dipilih dua kali untuk {product_name}"
            )));
        }
        let known = groups.iter().any(|g| g.options.iter().any(|o| o.id == *id));
        if !known {
            return Err(CoreError::Validation(format!(
                "pilihan #{id} tidak ada (lagi) untuk {product_name}: pilih ulang"
            )));
        }
    }
    let mut chosen = Vec::new();
    for g in &groups {
        let picked: Vec<&ProductOption> = g
            .options
            .iter()
            .filter(|o| option_ids.contains(&o.id))
            .collect();
        if g.required && picked.is_empty() {
            return Err(CoreError::Validation(format!(
                "pilih {} untuk {product_name}",
                g.name
            )));
        }
        if !g.multiple && picked.len() > 1 {
            return Err(CoreError::Validation(format!(
                "{} untuk {product_name}: pilih satu saja",
                g.name
            )));
        }
        chosen.extend(picked.into_iter().map(|o| ChosenOption {
            group: g.name.clone(),
            name: o.name.clone(),
            price_delta: o.price_delta,
        }));
    }
    Ok(chosen)
}

fn check_form(groups: &[OptionGroupInput]) -> Result<()> {
    let bad = |m: String| Err(CoreError::Validation(m));
    if groups.len() > MAX_GROUPS {
        return bad(format!(
            "paling banyak {MAX_GROUPS} grup pilihan per barang"
        ));
    }
    let mut names = std::collections::HashSet::new();
    for g in groups {
        let name = g.name.trim();
        if name.is_empty() {
            return bad("nama grup pilihan wajib diisi".into());
        }
        if !names.insert(name.to_lowercase()) {
            return bad(format!("grup pilihan {name} ada dua kali"));
        }
        if g.options.is_empty() {
            return bad(format!("grup {name} belum punya pilihan"));
        }
        if g.options.len() > MAX_OPTIONS {
            return bad(format!("grup {name}: paling banyak {MAX_OPTIONS} pilihan"));
        }
        let mut option_names = std::collections::HashSet::new();
        for o in &g.options {
            let oname = o.name.trim();
            if oname.is_empty() {
                return bad(format!("grup {name}: nama pilihan wajib diisi"));
            }
            if !option_names.insert(oname.to_lowercase()) {
                return bad(format!("grup {name}: pilihan {oname} ada dua kali"));
            }
            if !(0..=MAX_PRICE_DELTA).contains(&o.price_delta) {
                return bad(format!(
                    "grup {name}: tambahan harga {oname} harus Rp 0 – {}",
                    kasir_shared::format_rupiah(MAX_PRICE_DELTA)
                ));
            }
        }
    }
    Ok(())
}

impl Store {
    /// A product's option groups as the form shows them.
    pub fn product_options(&self, product_id: i64) -> Result<Vec<OptionGroup>> {
        self.read(|c| groups_of(c, product_id))
    }

    /// Save a product's option groups as the form holds them, in one transaction: groups and
    /// options with an id are updated, those without are added, those not sent are removed
    /// (kept inactive: open bills and held carts name them). Audited old → new; announced as a
    /// catalogue change.
    pub fn save_product_options(
        &self,
        product_id: i64,
        groups: &[OptionGroupInput],
        now: DateTime<Utc>,
    ) -> Result<Vec<OptionGroup>> {
        check_form(groups)?;
        let actor = self.operator();
        self.write(|tx| {
            let name: String = tx
                .query_row(
                    "SELECT name FROM products WHERE id = ?1",
                    [product_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("Barang #{product_id}"),
                })?;
            let before = groups_of(tx, product_id)?;
            tx.execute(
                "UPDATE option_groups SET active = 0 WHERE product_id = ?1",
                [product_id],
            )?;
            for (gi, g) in groups.iter().enumerate() {
                let group_id = match g.id {
                    Some(id) => {
                        let n = tx.execute(
                            "UPDATE option_groups SET name = ?3, required = ?4, multiple = ?5,
                                    sort_order = ?6, active = 1
                             WHERE id = ?1 AND product_id = ?2",
                            params![id, product_id, g.name.trim(), g.required, g.multiple, gi],
                        )?;
                        if n == 0 {
                            return Err(CoreError::NotFound {
                                what: format!("Grup pilihan #{id} barang {name}"),
                            });
                        }
                        id
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO option_groups (product_id, name, required, multiple,
                                                        sort_order)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![product_id, g.name.trim(), g.required, g.multiple, gi],
                        )?;
                        tx.last_insert_rowid()
                    }
                };
                tx.execute(
                    "UPDATE product_options SET active = 0 WHERE group_id = ?1",
                    [group_id],
                )?;
                for (oi, o) in g.options.iter().enumerate() {
                    match o.id {
                        Some(id) => {
                            let n = tx.execute(
                                "UPDATE product_options SET name = ?3, price_delta = ?4,
                                        sort_order = ?5, active = 1
                                 WHERE id = ?1 AND group_id = ?2",
                                params![id, group_id, o.name.trim(), o.price_delta, oi],
                            )?;
                            if n == 0 {
                                return Err(CoreError::NotFound {
                                    what: format!("Pilihan #{id} grup {}", g.name.trim()),
                                });
                            }
                        }
                        None => {
                            tx.execute(
                                "INSERT INTO product_options (group_id, name, price_delta,
                                                              sort_order)
                                 VALUES (?1, ?2, ?3, ?4)",
                                params![group_id, o.name.trim(), o.price_delta, oi],
                            )?;
                        }
                    }
                }
            }
            let after = groups_of(tx, product_id)?;
            if before != after {
                let summary = |gs: &[OptionGroup]| {
                    gs.iter()
                        .map(|g| {
                            let opts: Vec<String> = g
                                .options
                                .iter()
                                .map(|o| {
                                    ChosenOption {
                                        group: g.name.clone(),
                                        name: o.name.clone(),
                                        price_delta: o.price_delta,
                                    }
                                    .label()
                                })
                                .collect();
                            format!("{}: {}", g.name, opts.join(" / "))
                        })
                        .collect::<Vec<_>>()
                };
                audit::record(
                    tx,
                    actor.as_ref(),
                    AuditAction::ProductChanged,
                    &format!("Pilihan barang {name}"),
                    serde_json::json!({ "before": summary(&before), "after": summary(&after) }),
                    now,
                )?;
                tx.emit(DomainEvent::CatalogChanged);
            }
            Ok(after)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn till() -> Store {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        store
    }

    pub(crate) fn kopi_groups() -> Vec<OptionGroupInput> {
        let opt = |name: &str, price_delta: i64| ProductOptionInput {
            id: None,
            name: name.into(),
            price_delta,
        };
        vec![
            OptionGroupInput {
                id: None,
                name: "Ukuran".into(),
                required: true,
                multiple: false,
                options: vec![opt("Regular", 0), opt("Large", 5_000)],
            },
            OptionGroupInput {
                id: None,
                name: "Gula".into(),
                required: false,
                multiple: false,
                options: vec![opt("Normal", 0), opt("Less", 0), opt("No", 0)],
            },
            OptionGroupInput {
                id: None,
                name: "Tambahan".into(),
                required: false,
                multiple: true,
                options: vec![opt("Extra shot", 4_000), opt("Oat milk", 6_000)],
            },
        ]
    }

    fn id_of(groups: &[OptionGroup], group: &str, option: &str) -> i64 {
        groups
            .iter()
            .find(|g| g.name == group)
            .and_then(|g| g.options.iter().find(|o| o.name == option))
            .map(|o| o.id)
            .expect("option")
    }

    #[test]
    fn choices_are_checked_against_the_groups_and_kept_as_sold() {
        let store = till();
        let p = store.catalog().expect("catalog").products[0].clone();
        let groups = store
            .save_product_options(p.id, &kopi_groups(), Utc::now())
            .expect("save");
        let large = id_of(&groups, "Ukuran", "Large");
        let regular = id_of(&groups, "Ukuran", "Regular");
        let less = id_of(&groups, "Gula", "Less");
        let shot = id_of(&groups, "Tambahan", "Extra shot");
        let oat = id_of(&groups, "Tambahan", "Oat milk");
        let resolve = |ids: &[i64]| store.read(|c| resolve(c, p.id, &p.name, ids));

        let chosen = resolve(&[shot, less, large, oat]).expect("valid");
        let names: Vec<String> = chosen.iter().map(ChosenOption::label).collect();
        assert_eq!(
            names,
            [
                "Large (+Rp 5.000)",
                "Less",
                "Extra shot (+Rp 4.000)",
                "Oat milk (+Rp 6.000)"
            ]
        );
        let message = |ids: &[i64]| resolve(ids).expect_err("refused").to_string();
        assert!(message(&[less]).contains("pilih Ukuran"), "required group");
        assert!(message(&[large, regular]).contains("pilih satu saja"));
        assert!(message(&[large, large]).contains("dua kali"));
        assert!(message(&[large, 999_999]).contains("tidak ada"));
    }

    #[test]
    fn a_removed_option_is_kept_inactive_and_refused_on_a_new_line() {
        let store = till();
        let p = store.catalog().expect("catalog").products[0].clone();
        let groups = store
            .save_product_options(p.id, &kopi_groups(), Utc::now())
            .expect("save");
        let oat = id_of(&groups, "Tambahan", "Oat milk");
        let mut form: Vec<OptionGroupInput> = groups
            .iter()
            .map(|g| OptionGroupInput {
                id: Some(g.id),
                name: g.name.clone(),
                required: g.required,
                multiple: g.multiple,
                options: g
                    .options
                    .iter()
                    .filter(|o| o.id != oat)
                    .map(|o| ProductOptionInput {
                        id: Some(o.id),
                        name: o.name.clone(),
                        price_delta: o.price_delta,
                    })
                    .collect(),
            })
            .collect();
        form[0].options[1].price_delta = 7_000;
        let after = store
            .save_product_options(p.id, &form, Utc::now())
            .expect("save again");
        assert_eq!(after[0].options[1].price_delta, 7_000);
        assert_eq!(after[2].options.len(), 1);
        let kept: i64 = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT active FROM product_options WHERE id = ?1",
                    [oat],
                    |r| r.get(0),
                )?)
            })
            .expect("row");
        assert_eq!(kept, 0, "a removed option stays in the table, inactive");
        let large = id_of(&after, "Ukuran", "Large");
        let err = store
            .read(|c| resolve(c, p.id, &p.name, &[large, oat]))
            .expect_err("removed");
        assert!(err.to_string().contains("tidak ada"));
    }

    #[test]
    fn a_bad_form_is_refused_whole() {
        let store = till();
        let p = store.catalog().expect("catalog").products[0].clone();
        let mut form = kopi_groups();
        form[1].options[0].price_delta = -1;
        assert!(store.save_product_options(p.id, &form, Utc::now()).is_err());
        let mut form = kopi_groups();
        form[2].options.clear();
        assert!(store.save_product_options(p.id, &form, Utc::now()).is_err());
        assert!(store.product_options(p.id).expect("read").is_empty());
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(
            clean_note(Some("  tanpa   es ")).expect("ok"),
            Some("tanpa es".into())
        );
        assert_eq!(clean_note(Some("   ")).expect("ok"), None);
        assert!(clean_note(Some(&"a".repeat(MAX_NOTE_CHARS + 1))).is_err());
    }
}

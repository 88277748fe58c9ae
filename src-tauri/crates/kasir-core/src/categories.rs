//! Product categories: list with product counts, create, rename, and delete only when empty.
//! Reads and writes the `categories` table (counting `products`); every change is announced as
//! `CatalogChanged`. Must not depend on `tauri`.

use chrono::{DateTime, Utc};
use rusqlite::{params, ErrorCode, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::products::invalid;
use crate::Store;

pub(crate) const MAX_CATEGORY_CHARS: usize = 60;

/// Create (`id: null`) or rename a category.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
}

/// A category with how many products (active or not) it holds.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub product_count: i64,
    pub is_demo: bool,
}

pub(crate) fn category_not_found() -> CoreError {
    CoreError::NotFound {
        what: "Kategori".into(),
    }
}

fn map_unique_category(err: rusqlite::Error, name: &str) -> CoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &err {
        if f.code == ErrorCode::ConstraintViolation {
            return invalid(format!("kategori {name} sudah ada"));
        }
    }
    CoreError::Db(err)
}

fn clean_category_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("nama kategori wajib diisi"));
    }
    if name.chars().count() > MAX_CATEGORY_CHARS {
        return Err(invalid(format!(
            "nama kategori paling panjang {MAX_CATEGORY_CHARS} huruf"
        )));
    }
    Ok(name.to_string())
}

impl Store {
    /// Every category with its product count, in display order.
    pub fn list_categories(&self) -> Result<Vec<CategoryRow>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT c.id, c.name, COUNT(p.id), c.is_demo
                 FROM categories c LEFT JOIN products p ON p.category_id = c.id
                 GROUP BY c.id ORDER BY c.sort_order, c.name",
            )?;
            let rows = st
                .query_map([], |r| {
                    Ok(CategoryRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        product_count: r.get(2)?,
                        is_demo: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Create (`input.id` is `None`, placed last) or rename a category.
    pub fn save_category(&self, input: &CategoryInput, now: DateTime<Utc>) -> Result<CategoryRow> {
        let name = clean_category_name(&input.name)?;
        let actor = self.operator();
        self.write(|tx| {
            let old: Option<String> = match input.id {
                Some(id) => tx
                    .query_row("SELECT name FROM categories WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?,
                None => None,
            };
            let id = match input.id {
                None => {
                    tx.execute(
                        "INSERT INTO categories (name, sort_order, is_demo)
                         VALUES (?1, (SELECT IFNULL(MAX(sort_order), -1) + 1 FROM categories), 0)",
                        [&name],
                    )
                    .map_err(|e| map_unique_category(e, &name))?;
                    tx.last_insert_rowid()
                }
                Some(id) => {
                    let n = tx
                        .execute(
                            "UPDATE categories SET name = ?2 WHERE id = ?1",
                            params![id, name],
                        )
                        .map_err(|e| map_unique_category(e, &name))?;
                    if n == 0 {
                        return Err(category_not_found());
                    }
                    id
                }
            };
            crate::audit::record(
                tx,
                actor.as_ref(),
                crate::AuditAction::CategoryChanged,
                &name,
                serde_json::json!({ "from": old, "to": name }),
                now,
            )?;
            tx.emit(DomainEvent::CatalogChanged);
            Ok(tx.query_row(
                "SELECT c.id, c.name, (SELECT COUNT(*) FROM products WHERE category_id = c.id),
                        c.is_demo
                 FROM categories c WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(CategoryRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        product_count: r.get(2)?,
                        is_demo: r.get(3)?,
                    })
                },
            )?)
        })
    }

    /// Delete a category that holds no product (inactive ones count too).
    pub fn delete_category(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let actor = self.operator();
        self.write(|tx| {
            let found: Option<(String, i64)> = tx
                .query_row(
                    "SELECT name, (SELECT COUNT(*) FROM products WHERE category_id = ?1)
                     FROM categories WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (name, count) = found.ok_or_else(category_not_found)?;
            if count > 0 {
                return Err(invalid(format!(
                    "kategori {name} masih berisi {count} barang; pindahkan barangnya dulu"
                )));
            }
            tx.execute("DELETE FROM categories WHERE id = ?1", [id])?;
            crate::audit::record(
                tx,
                actor.as_ref(),
                crate::AuditAction::CategoryChanged,
                &name,
                serde_json::json!({ "from": name, "to": null, "deleted": true }),
                now,
            )?;
            tx.emit(DomainEvent::CatalogChanged);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::products::tests::{input, message};
    use crate::{CategoryInput, Store};
    use chrono::Utc;

    #[test]
    fn categories_create_rename_and_delete_only_when_empty() {
        let store = Store::open_in_memory().expect("store");
        let a = store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: " Minuman ".into(),
                },
                Utc::now(),
            )
            .expect("create");
        assert_eq!(a.name, "Minuman");
        let b = store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: "Snack".into(),
                },
                Utc::now(),
            )
            .expect("create 2");
        let err = store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: "Minuman".into(),
                },
                Utc::now(),
            )
            .expect_err("duplicate");
        assert_eq!(err.kind().as_str(), "validation");
        assert!(message(&err).contains("sudah ada"));
        let err = store
            .save_category(
                &CategoryInput {
                    id: None,
                    name: " ".into(),
                },
                Utc::now(),
            )
            .expect_err("empty");
        assert!(message(&err).contains("wajib diisi"));

        let renamed = store
            .save_category(
                &CategoryInput {
                    id: Some(b.id),
                    name: "Camilan".into(),
                },
                Utc::now(),
            )
            .expect("rename");
        assert_eq!(renamed.id, b.id);
        assert_eq!(renamed.name, "Camilan");
        let names: Vec<String> = store
            .list_categories()
            .expect("list")
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Minuman", "Camilan"], "new categories go last");

        let mut p = input("M-1", "Teh", 3_000);
        p.category_id = Some(a.id);
        p.active = false;
        store.save_product(&p, Utc::now()).expect("product");
        let err = store
            .delete_category(a.id, Utc::now())
            .expect_err("not empty");
        assert_eq!(err.kind().as_str(), "validation");
        assert!(
            message(&err).contains("masih berisi 1 barang"),
            "an inactive product still counts: {}",
            message(&err)
        );
        store
            .delete_category(b.id, Utc::now())
            .expect("empty category goes");
        assert_eq!(store.list_categories().expect("list").len(), 1);
        assert_eq!(
            store
                .delete_category(b.id, Utc::now())
                .expect_err("gone")
                .kind()
                .as_str(),
            "not_found"
        );
    }
}

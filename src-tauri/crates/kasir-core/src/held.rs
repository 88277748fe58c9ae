//! "Tahan transaksi" (issue 14): park the cart on the till (the customer forgot something),
//! serve the next customer, and resume it later in one click. A held cart is the cashier's
//! working state, not a sale: nothing is charged or taken from stock until it is paid.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cart::{price_lines, CartLineInput};
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::pricing::CartOptions;
use crate::Store;

/// Longest label a held cart may have ("Ibu baju merah").
pub const MAX_LABEL_CHARS: usize = 40;

/// The cart the checkout holds, as it would be priced.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HoldCartRequest {
    pub lines: Vec<CartLineInput>,
    #[serde(default)]
    #[ts(optional)]
    pub cart: Option<CartOptions>,
    /// Who it belongs to, optional.
    #[serde(default)]
    #[ts(optional)]
    pub label: Option<String>,
}

/// A parked cart waiting on this till.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HeldCart {
    #[ts(type = "number")]
    pub id: i64,
    pub label: Option<String>,
    pub cashier: Option<String>,
    /// What it came to when it was parked (priced again when resumed).
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub item_count: i64,
    /// UTC unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    pub lines: Vec<CartLineInput>,
    pub cart: CartOptions,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct StoredCart {
    lines: Vec<CartLineInput>,
    cart: CartOptions,
}

fn clean_label(label: Option<&str>) -> Result<Option<String>> {
    let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(CoreError::Validation(format!(
            "nama transaksi paling panjang {MAX_LABEL_CHARS} huruf"
        )));
    }
    Ok(Some(label.to_string()))
}

fn load(
    conn: &rusqlite::Connection,
    filter: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Vec<HeldCart>> {
    let mut st = conn.prepare(&format!(
        "SELECT id, label, cashier, total, item_count, created_at, cart FROM held_carts
         WHERE {filter} ORDER BY id"
    ))?;
    let rows = st
        .query_map([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(
            |(id, label, cashier, total, item_count, created_at, cart)| {
                let stored: StoredCart = serde_json::from_str(&cart).map_err(|e| {
                    CoreError::Validation(format!("transaksi tertahan #{id} rusak: {e}"))
                })?;
                Ok(HeldCart {
                    id,
                    label,
                    cashier,
                    total,
                    item_count,
                    created_at,
                    lines: stored.lines,
                    cart: stored.cart,
                })
            },
        )
        .collect()
}

impl Store {
    /// Park the cart: priced from the database (so the list shows a true total), stored with
    /// who held it, announced. An empty cart is refused.
    pub fn hold_cart(&self, req: &HoldCartRequest, now: DateTime<Utc>) -> Result<HeldCart> {
        if req.lines.is_empty() {
            return Err(CoreError::EmptyCart);
        }
        let label = clean_label(req.label.as_deref())?;
        let operator = self.operator().ok_or(CoreError::NotSignedIn)?;
        let cart = req.cart.clone().unwrap_or_default();
        let id = self.write(|tx| {
            let priced = price_lines(tx, &req.lines, &cart, now)?;
            let stored = serde_json::to_string(&StoredCart {
                lines: req.lines.clone(),
                cart: cart.clone(),
            })
            .map_err(|e| CoreError::Validation(format!("keranjang: {e}")))?;
            tx.execute(
                "INSERT INTO held_carts (till, cashier_id, cashier, label, cart, total, item_count,
                                         created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    self.till(),
                    operator.user_id,
                    operator.name,
                    label,
                    stored,
                    priced.non_cash.total,
                    priced.item_count,
                    now.timestamp_millis()
                ],
            )?;
            tx.emit(DomainEvent::HeldCartsChanged);
            Ok(tx.last_insert_rowid())
        })?;
        self.read(|c| load(c, "id = ?1", &id))?
            .pop()
            .ok_or_else(|| CoreError::NotFound {
                what: format!("Transaksi tertahan #{id}"),
            })
    }

    /// The carts parked on this till, oldest first.
    pub fn held_carts(&self) -> Result<Vec<HeldCart>> {
        let till = self.till().to_string();
        self.read(|c| load(c, "till = ?1 AND resumed_at IS NULL", &till))
    }

    /// Take a parked cart back onto the checkout: it leaves the list (once: a second resume is
    /// refused) and the checkout prices it again.
    pub fn resume_held_cart(&self, id: i64, now: DateTime<Utc>) -> Result<HeldCart> {
        let till = self.till().to_string();
        self.write(|tx| {
            let cart = load(tx, "id = ?1", &id)?
                .pop()
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("Transaksi tertahan #{id}"),
                })?;
            let resumed: Option<i64> = tx
                .query_row(
                    "SELECT resumed_at FROM held_carts WHERE id = ?1 AND till = ?2",
                    params![id, till],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("Transaksi tertahan #{id} di {till}"),
                })?;
            if resumed.is_some() {
                return Err(CoreError::Validation(
                    "transaksi ini sudah dilanjutkan".into(),
                ));
            }
            tx.execute(
                "UPDATE held_carts SET resumed_at = ?2 WHERE id = ?1",
                params![id, now.timestamp_millis()],
            )?;
            tx.emit(DomainEvent::HeldCartsChanged);
            Ok(cart)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn till() -> Store {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        store
    }

    #[test]
    fn a_held_cart_is_listed_with_its_total_and_resumed_once() {
        let store = till();
        let p = store.catalog().expect("catalog").products;
        let mut line = CartLineInput::new(p[0].id, 2);
        line.note = Some("bungkus".into());
        let req = HoldCartRequest {
            lines: vec![line, CartLineInput::new(p[1].id, 1)],
            cart: None,
            label: Some("  Ibu baju merah ".into()),
        };
        let held = store.hold_cart(&req, Utc::now()).expect("hold");
        assert_eq!(held.label.as_deref(), Some("Ibu baju merah"));
        assert_eq!(held.total, p[0].price * 2 + p[1].price);
        assert_eq!(held.item_count, 3);
        assert_eq!(held.lines, req.lines, "kept as the cashier built it");
        assert_eq!(store.held_carts().expect("list"), vec![held.clone()]);

        let back = store.resume_held_cart(held.id, Utc::now()).expect("resume");
        assert_eq!(back.lines, req.lines);
        assert!(store.held_carts().expect("list").is_empty());
        assert!(store.resume_held_cart(held.id, Utc::now()).is_err());
    }

    #[test]
    fn an_empty_or_unpriceable_cart_is_not_held() {
        let store = till();
        assert!(matches!(
            store.hold_cart(&HoldCartRequest::default(), Utc::now()),
            Err(CoreError::EmptyCart)
        ));
        let req = HoldCartRequest {
            lines: vec![CartLineInput::new(999_999, 1)],
            ..Default::default()
        };
        assert!(store.hold_cart(&req, Utc::now()).is_err());
        assert!(store.held_carts().expect("list").is_empty());
    }
}

//! The store side of pricing (issue 12): the "Pajak & Harga" settings, saved promos, and the
//! one function that prices a cart from what is stored ([`price`]) with the pure
//! `kasir-pricing` crate. Every amount the window shows, the order stores, the receipt prints
//! and the gateway charges comes from the [`PriceBreakdown`] computed here.

use chrono::{DateTime, Utc};
use kasir_pricing::{
    price_order, DiscountValue, PriceBreakdown, PricingInput, PricingLineInput, PricingSettings,
    PromoRule,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, AuditAction};
use crate::error::{CoreError, Result};
use crate::events::DomainEvent;
use crate::Store;

const K_PRICING: &str = "pricing.settings";

/// Cart-level choices of the cashier: a discount on the whole order and the promos picked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CartOptions {
    #[ts(optional)]
    pub discount: Option<DiscountValue>,
    #[ts(type = "number[]")]
    pub promo_ids: Vec<i64>,
}

/// A saved promo and whether it is in use.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Promo {
    pub rule: PromoRule,
    pub active: bool,
}

impl From<kasir_pricing::PricingError> for CoreError {
    fn from(e: kasir_pricing::PricingError) -> Self {
        CoreError::Validation(e.to_string())
    }
}

pub(crate) fn settings_of(conn: &Connection) -> Result<PricingSettings> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [K_PRICING],
            |r| r.get(0),
        )
        .optional()?;
    match json {
        None => Ok(PricingSettings::default()),
        Some(j) => serde_json::from_str(&j)
            .map_err(|e| CoreError::Validation(format!("pengaturan harga rusak: {e}"))),
    }
}

pub(crate) fn active_promos(conn: &Connection) -> Result<Vec<PromoRule>> {
    Ok(promos_where(conn, "active = 1")?
        .into_iter()
        .map(|p| p.rule)
        .collect())
}

fn promos_where(conn: &Connection, filter: &str) -> Result<Vec<Promo>> {
    let mut st = conn.prepare(&format!(
        "SELECT id, rule, active FROM promos WHERE {filter} ORDER BY id"
    ))?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, rule, active)| {
            let mut rule: PromoRule = serde_json::from_str(&rule)
                .map_err(|e| CoreError::Validation(format!("promo #{id} rusak: {e}")))?;
            rule.id = id;
            Ok(Promo { rule, active })
        })
        .collect()
}

/// One cart line as the pricing crate needs it, from the stored product.
pub(crate) struct StoredLine {
    pub product_id: i64,
    pub category_id: Option<i64>,
    pub unit_price: i64,
    pub qty: i64,
    pub cost_price: i64,
    pub tax_exempt: bool,
    pub discount: Option<DiscountValue>,
}

/// Price stored lines with the shop's settings and promos at `now` (shop-local time for the
/// promo conditions).
pub(crate) fn price(
    conn: &Connection,
    lines: &[StoredLine],
    options: &CartOptions,
    now: DateTime<Utc>,
) -> Result<PriceBreakdown> {
    let tz = crate::settings::read_shop_clock(conn)?.tz();
    let input = PricingInput {
        lines: lines
            .iter()
            .map(|l| PricingLineInput {
                product_id: l.product_id,
                category_id: l.category_id,
                unit_price: l.unit_price,
                qty: l.qty,
                cost_price: l.cost_price,
                tax_exempt: l.tax_exempt,
                discount: l.discount,
            })
            .collect(),
        cart_discount: options.discount,
        promos: active_promos(conn)?,
        picked_promo_ids: options.promo_ids.clone(),
        settings: settings_of(conn)?,
        at: now.with_timezone(&tz).naive_local(),
    };
    Ok(price_order(&input)?)
}

impl Store {
    pub fn pricing_settings(&self) -> Result<PricingSettings> {
        self.read(settings_of)
    }

    /// Save "Pajak & Harga" whole (validated by the pricing crate).
    pub fn save_pricing_settings(
        &self,
        settings: &PricingSettings,
        now: DateTime<Utc>,
    ) -> Result<PricingSettings> {
        settings.validate()?;
        let json = serde_json::to_string(settings)
            .map_err(|e| CoreError::Validation(format!("pengaturan harga: {e}")))?;
        let actor = self.operator();
        self.write(|tx| {
            let mut changes = serde_json::Map::new();
            crate::settings::set_noting(tx, &mut changes, K_PRICING, &json)?;
            crate::settings::audit_form(tx, actor.as_ref(), "Pajak & Harga", changes, now)?;
            tx.emit(DomainEvent::SettingsChanged {
                section: crate::SettingsSection::Pricing,
            });
            settings_of(tx)
        })
    }

    /// Every promo (active first).
    pub fn promos(&self) -> Result<Vec<Promo>> {
        self.read(|c| {
            let mut all = promos_where(c, "1")?;
            all.sort_by_key(|p| (!p.active, p.rule.id));
            Ok(all)
        })
    }

    /// Create (`rule.id` 0) or change a promo; validated by the pricing crate.
    pub fn save_promo(&self, rule: &PromoRule, active: bool, now: DateTime<Utc>) -> Result<Promo> {
        rule.validate()?;
        let name = rule.name.trim().to_string();
        if name.is_empty() {
            return Err(CoreError::Validation("nama promo wajib diisi".into()));
        }
        let actor = self.operator();
        self.write(|tx| {
            let ms = now.timestamp_millis();
            let json = |r: &PromoRule| {
                serde_json::to_string(r)
                    .map_err(|e| CoreError::Validation(format!("promo: {e}")))
            };
            let id = if rule.id <= 0 {
                tx.execute(
                    "INSERT INTO promos (name, rule, active, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![name, json(rule)?, active, ms],
                )?;
                tx.last_insert_rowid()
            } else {
                let n = tx.execute(
                    "UPDATE promos SET name = ?2, rule = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
                    params![rule.id, name, json(rule)?, active, ms],
                )?;
                if n == 0 {
                    return Err(CoreError::NotFound {
                        what: format!("Promo #{}", rule.id),
                    });
                }
                rule.id
            };
            let mut saved = rule.clone();
            saved.id = id;
            saved.name = name.clone();
            tx.execute(
                "UPDATE promos SET rule = ?2 WHERE id = ?1",
                params![id, json(&saved)?],
            )?;
            audit::record(
                tx,
                actor.as_ref(),
                AuditAction::SettingsChanged,
                &format!("Promo {name}"),
                serde_json::json!({ "promo": saved, "active": active }),
                now,
            )?;
            tx.emit(DomainEvent::CatalogChanged);
            Ok(Promo {
                rule: saved,
                active,
            })
        })
    }
}

/// Split `total` over weights by largest remainder (ties to the earlier line): the lines sum
/// exactly to `total`.
pub(crate) fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if sum == 0 || weights.is_empty() {
        let mut out = vec![0; weights.len()];
        if let Some(first) = out.first_mut() {
            *first = total;
        }
        return out;
    }
    let mut out = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    let mut given: i64 = 0;
    for (i, w) in weights.iter().enumerate() {
        let exact = i128::from(total) * i128::from((*w).max(0));
        let share = (exact / sum) as i64;
        rems.push((exact % sum, i));
        given += share;
        out.push(share);
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut left = total - given;
    for (_, i) in rems {
        if left <= 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_sums_exactly() {
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(
            allocate(66_000, &[28_800, 6_400, 22_000])
                .iter()
                .sum::<i64>(),
            66_000
        );
        assert_eq!(allocate(5, &[0, 0]), vec![5, 0]);
    }
}

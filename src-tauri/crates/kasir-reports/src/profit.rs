//! Laporan → Laba & Pajak: for the paid orders of a period, the price breakdown totals
//! (discounts, service, tax, rounding), the cost of goods (HPP, copied onto each line at sale
//! time) and the gross profit (penjualan bersih tanpa pajak − HPP) by product and category with
//! margin, the tax per month for filing, and the estimated QRIS MDR cost (never charged to the
//! buyer) with the net settlement expected. Everything from what the orders stored.

use chrono::{DateTime, Datelike, Utc};
use kasir_core::kasir_pricing::{estimate_qris_mdr, QrisMerchantCategory};
use kasir_core::Store;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::period::{load_clock, Period, PeriodRequest, Window};

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfitRow {
    /// SKU (by product) or category name (by category).
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub qty: i64,
    /// Net sales of the goods without tax.
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub cost: i64,
    #[ts(type = "number")]
    pub gross_profit: i64,
    /// Gross profit / sales in basis points (0 when nothing was sold).
    pub margin_bps: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaxMonth {
    /// `YYYY-MM` (business date of payment, shop time).
    pub month: String,
    #[ts(type = "number")]
    pub orders: i64,
    /// Tax collected (PPN / PBJT).
    #[ts(type = "number")]
    pub tax: i64,
    /// Service charge collected.
    #[ts(type = "number")]
    pub service: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProfitReport {
    pub period: Period,
    #[ts(type = "number")]
    pub orders: i64,
    #[ts(type = "number")]
    pub subtotal: i64,
    #[ts(type = "number")]
    pub discounts: i64,
    #[ts(type = "number")]
    pub service: i64,
    #[ts(type = "number")]
    pub tax: i64,
    #[ts(type = "number")]
    pub rounding: i64,
    /// What customers paid.
    #[ts(type = "number")]
    pub omzet: i64,
    /// Net sales of goods without tax.
    #[ts(type = "number")]
    pub sales: i64,
    #[ts(type = "number")]
    pub cost: i64,
    #[ts(type = "number")]
    pub gross_profit: i64,
    pub margin_bps: i32,
    pub by_product: Vec<ProfitRow>,
    pub by_category: Vec<ProfitRow>,
    pub tax_by_month: Vec<TaxMonth>,
    /// QRIS paid in the period and its estimated MDR at the shop's merchant category.
    #[ts(type = "number")]
    pub qris_total: i64,
    #[ts(type = "number")]
    pub qris_mdr_estimate: i64,
    #[ts(type = "number")]
    pub qris_net_settlement: i64,
}

fn margin(profit: i64, sales: i64) -> i32 {
    if sales <= 0 {
        return 0;
    }
    (i128::from(profit) * 10_000 / i128::from(sales)) as i32
}

fn rows(conn: &Connection, window: &Window, by_category: bool) -> Result<Vec<ProfitRow>> {
    let (key, label, join) = if by_category {
        (
            "COALESCE(c.name, 'Tanpa kategori')",
            "COALESCE(c.name, 'Tanpa kategori')",
            "LEFT JOIN products p ON p.id = l.product_id LEFT JOIN categories c ON c.id = p.category_id",
        )
    } else {
        ("l.sku", "MAX(l.name)", "")
    };
    let sql = format!(
        "SELECT {key}, {label}, SUM(l.qty),
                SUM(l.line_total - l.discount - CASE WHEN o.tax_included = 1 THEN l.tax ELSE 0 END),
                SUM(l.cost)
         FROM orders o INDEXED BY orders_paid_at
         JOIN order_lines l ON l.order_id = o.id {join}
         WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         GROUP BY {key}"
    );
    let mut st = conn.prepare(&sql)?;
    let mut out = st
        .query_map((window.start_ms(), window.end_ms()), |r| {
            let sales: i64 = r.get(3)?;
            let cost: i64 = r.get(4)?;
            Ok(ProfitRow {
                key: r.get(0)?,
                label: r.get(1)?,
                qty: r.get(2)?,
                sales,
                cost,
                gross_profit: sales - cost,
                margin_bps: margin(sales - cost, sales),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    out.sort_by(|a, b| {
        b.gross_profit
            .cmp(&a.gross_profit)
            .then(a.label.cmp(&b.label))
    });
    Ok(out)
}

/// The profit and tax report of a period, on one read connection (one snapshot).
pub fn profit_report(
    store: &Store,
    req: &PeriodRequest,
    now: DateTime<Utc>,
) -> Result<ProfitReport> {
    let window = Window::resolve(load_clock(store)?, req, now)?;
    let category = store
        .pricing_settings()
        .map(|s| s.merchant_category)
        .unwrap_or(QrisMerchantCategory::Micro);
    crate::read(store, |c| {
        let (orders, subtotal, discounts, service, tax, rounding, omzet): (
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
        ) = c.query_row(
            "SELECT COUNT(*), COALESCE(SUM(subtotal), 0), COALESCE(SUM(discount_total), 0),
                    COALESCE(SUM(service_total), 0), COALESCE(SUM(tax_total), 0),
                    COALESCE(SUM(rounding), 0), COALESCE(SUM(total), 0)
             FROM orders INDEXED BY orders_paid_at
             WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
            (window.start_ms(), window.end_ms()),
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?;
        let by_product = rows(c, &window, false)?;
        let by_category = rows(c, &window, true)?;
        let sales: i64 = by_product.iter().map(|r| r.sales).sum();
        let cost: i64 = by_product.iter().map(|r| r.cost).sum();
        // Tax and service per month of the business date.
        let mut months: Vec<TaxMonth> = Vec::new();
        let mut qris_total = 0;
        let mut mdr = 0;
        {
            let mut st = c.prepare(
                "SELECT paid_at, tax_total, service_total, payment_method, total, split, id
                 FROM orders INDEXED BY orders_paid_at
                 WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2 ORDER BY paid_at",
            )?;
            let mut q = st.query((window.start_ms(), window.end_ms()))?;
            while let Some(r) = q.next()? {
                let paid_at: i64 = r.get(0)?;
                let date = window.clock.business_date(paid_at);
                let month = format!("{:04}-{:02}", date.year(), date.month());
                let (t, s): (i64, i64) = (r.get(1)?, r.get(2)?);
                match months.last_mut().filter(|m| m.month == month) {
                    Some(m) => {
                        m.orders += 1;
                        m.tax += t;
                        m.service += s;
                    }
                    None => months.push(TaxMonth {
                        month,
                        orders: 1,
                        tax: t,
                        service: s,
                    }),
                }
                // Each QRIS payment is one transaction at the gateway: the order's, or each QRIS
                // part of a split order.
                let qris_amounts: Vec<i64> = if r.get::<_, bool>(5)? {
                    let mut parts = c.prepare_cached(
                        "SELECT amount FROM order_tenders WHERE order_id = ?1 AND method = 'qris'",
                    )?;
                    let rows = parts
                        .query_map([r.get::<_, i64>(6)?], |p| p.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?;
                    rows
                } else if r.get::<_, Option<String>>(3)?.as_deref() == Some("qris") {
                    vec![r.get(4)?]
                } else {
                    Vec::new()
                };
                for amount in qris_amounts {
                    qris_total += amount;
                    if let Ok(e) = estimate_qris_mdr(amount, category) {
                        mdr += e.mdr;
                    }
                }
            }
        }
        Ok(ProfitReport {
            period: window.to_period(),
            orders,
            subtotal,
            discounts,
            service,
            tax,
            rounding,
            omzet,
            sales,
            cost,
            gross_profit: sales - cost,
            margin_bps: margin(sales - cost, sales),
            by_product,
            by_category,
            tax_by_month: months,
            qris_total,
            qris_mdr_estimate: mdr,
            qris_net_settlement: qris_total - mdr,
        })
    })
}

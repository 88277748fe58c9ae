//! The owner's dashboard: cards with comparison, payment breakdown, sales by hour and per day,
//! top products. Every figure is computed here in SQL over the indexes of migration 3.
//!
//! A sale counts when the order is `paid`, at its `paid_at` instant. Cancelled and unpaid orders
//! never count. The panels are public so the benchmark can time each query on its own.
//!
//! How it stays fast on years of data:
//! - totals, per hour and per day come from one small range query per (business day, local hour)
//!   over the covering index `orders_report_paid`;
//! - the payment breakdown seeks `orders_report_method` once per (method, issuer);
//! - lines are summed per SKU over the order-id span of the period on `order_lines_report`, then
//!   the few orders inside that span that do not belong to the period (cancelled, unpaid, paid
//!   outside it) are subtracted line by line. No per-order join over millions of rows.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use kasir_core::{PaymentMethod, Store};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::period::{load_clock, Period, PeriodRequest, Window};

/// How many products each top list shows.
pub const TOP_PRODUCTS: usize = 10;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Summary {
    /// Gross sales (sum of paid order totals), rupiah.
    #[ts(type = "number")]
    pub omzet: i64,
    #[ts(type = "number")]
    pub transactions: i64,
    /// `omzet / transactions`, rounded; 0 when there is none.
    #[ts(type = "number")]
    pub average_ticket: i64,
    #[ts(type = "number")]
    pub items_sold: i64,
}

/// Change against the previous period in basis points (12.34 % = 1234); `null` when the
/// previous figure is 0.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Changes {
    #[ts(type = "number | null")]
    pub omzet_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub transactions_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub average_ticket_bp: Option<i64>,
    #[ts(type = "number | null")]
    pub items_sold_bp: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MethodSales {
    pub method: PaymentMethod,
    /// `Tunai` or `QRIS`.
    pub label: String,
    #[ts(type = "number")]
    pub transactions: i64,
    #[ts(type = "number")]
    pub omzet: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IssuerSales {
    /// Normalised issuer id (`gopay`, `ovo`, …), `null` when the gateway did not say.
    pub issuer: Option<String>,
    /// Name to show: `GoPay`, `OVO`, `DANA`, `ShopeePay`, …
    pub label: String,
    #[ts(type = "number")]
    pub transactions: i64,
    #[ts(type = "number")]
    pub omzet: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HourSales {
    /// Local clock hour 0..=23.
    pub hour: u8,
    #[ts(type = "number")]
    pub transactions: i64,
    #[ts(type = "number")]
    pub omzet: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DaySales {
    /// Business date `YYYY-MM-DD`.
    pub date: String,
    #[ts(type = "number")]
    pub transactions: i64,
    #[ts(type = "number")]
    pub omzet: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProductSales {
    pub sku: String,
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub revenue: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    pub period: Period,
    /// The period of the same length just before `period`.
    pub previous_period: Period,
    pub summary: Summary,
    pub previous: Summary,
    pub changes: Changes,
    /// Always two rows: cash, then QRIS.
    pub by_method: Vec<MethodSales>,
    /// QRIS only, largest omzet first.
    pub by_issuer: Vec<IssuerSales>,
    /// Always 24 rows, hour 0..=23 local.
    pub by_hour: Vec<HourSales>,
    /// One row per business date of the period, empty days included.
    pub by_day: Vec<DaySales>,
    pub top_by_qty: Vec<ProductSales>,
    pub top_by_revenue: Vec<ProductSales>,
}

/// Totals of a period cut by business day and local hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesSlices {
    pub transactions: i64,
    pub omzet: i64,
    /// `(transactions, omzet)` per business date of the window.
    pub by_day: Vec<(i64, i64)>,
    /// `(transactions, omzet)` per local hour 0..=23.
    pub by_hour: [(i64, i64); 24],
    /// Smallest and largest id of the orders that count, if any.
    pub id_span: Option<(i64, i64)>,
}

/// `(transactions, omzet, smallest and largest counted order id)`.
pub type PeriodTotals = (i64, i64, Option<(i64, i64)>);

/// `(method, issuer, transactions, omzet)` of paid orders in a window.
pub type PaymentRow = (String, Option<String>, i64, i64);

/// The whole dashboard for a period request at `now`, in the shop's zone and cutoff.
pub fn dashboard(store: &Store, req: &PeriodRequest, now: DateTime<Utc>) -> Result<Dashboard> {
    let window = Window::resolve(load_clock(store)?, req, now)?;
    crate::read(store, |c| dashboard_for(c, &window))
}

/// The whole dashboard for a resolved window, on one connection (one consistent snapshot).
pub fn dashboard_for(conn: &Connection, window: &Window) -> Result<Dashboard> {
    let slices = sales_slices(conn, window)?;
    let products = product_sales(conn, window, slices.id_span)?;
    let qris = payment_breakdown_qris(conn, window)?;
    let previous = period_summary(conn, &window.previous())?;
    // Paid orders always have a method: cash is everything that is not QRIS.
    let qris_n: i64 = qris.iter().map(|r| r.2).sum();
    let qris_sum: i64 = qris.iter().map(|r| r.3).sum();
    let mut payments = qris;
    if slices.transactions > qris_n {
        payments.push((
            "cash".into(),
            None,
            slices.transactions - qris_n,
            slices.omzet - qris_sum,
        ));
    }
    assemble(conn, window, slices, products, &payments, previous)
}

fn assemble(
    conn: &Connection,
    window: &Window,
    slices: SalesSlices,
    products: Vec<ProductSales>,
    payments: &[PaymentRow],
    previous: Summary,
) -> Result<Dashboard> {
    let prev_window = window.previous();

    let items_sold = products.iter().map(|p| p.qty).sum();
    let summary = Summary {
        omzet: slices.omzet,
        transactions: slices.transactions,
        average_ticket: average(slices.omzet, slices.transactions),
        items_sold,
    };
    let changes = Changes {
        omzet_bp: change_bp(summary.omzet, previous.omzet),
        transactions_bp: change_bp(summary.transactions, previous.transactions),
        average_ticket_bp: change_bp(summary.average_ticket, previous.average_ticket),
        items_sold_bp: change_bp(summary.items_sold, previous.items_sold),
    };

    let (by_method, by_issuer) = shape_payments(payments);
    let by_hour = slices
        .by_hour
        .iter()
        .enumerate()
        .map(|(h, (n, sum))| HourSales {
            hour: h as u8,
            transactions: *n,
            omzet: *sum,
        })
        .collect();
    let by_day = window
        .dates()
        .zip(slices.by_day.iter())
        .map(|(d, (n, sum))| DaySales {
            date: d.to_string(),
            transactions: *n,
            omzet: *sum,
        })
        .collect();
    let (top_by_qty, top_by_revenue) = top_products(conn, products)?;

    Ok(Dashboard {
        period: window.to_period(),
        previous_period: prev_window.to_period(),
        summary,
        previous,
        changes,
        by_method,
        by_issuer,
        by_hour,
        by_day,
        top_by_qty,
        top_by_revenue,
    })
}

/// Cards only (no breakdowns): used for the comparison period.
pub fn period_summary(conn: &Connection, window: &Window) -> Result<Summary> {
    let (transactions, omzet, span) = period_totals(conn, window)?;
    let items_sold = product_sales(conn, window, span)?
        .iter()
        .map(|p| p.qty)
        .sum();
    Ok(Summary {
        omzet,
        transactions,
        average_ticket: average(omzet, transactions),
        items_sold,
    })
}

/// Paid orders of a window in one aggregate: `(transactions, omzet, id span)`.
pub fn period_totals(conn: &Connection, window: &Window) -> Result<PeriodTotals> {
    let mut st = conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(total), 0), MIN(id), MAX(id)
         FROM orders INDEXED BY orders_report_paid
         WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
    )?;
    let row = st.query_row((window.start_ms(), window.end_ms()), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, Option<i64>>(3)?,
        ))
    })?;
    Ok((row.0, row.1, row.2.zip(row.3)))
}

/// Totals, per business day and per local hour, in one range query per hour slice.
pub fn sales_slices(conn: &Connection, window: &Window) -> Result<SalesSlices> {
    let mut st = conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(total), 0), MIN(id), MAX(id)
         FROM orders INDEXED BY orders_report_paid
         WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
    )?;
    let mut out = SalesSlices {
        transactions: 0,
        omzet: 0,
        by_day: vec![(0, 0); window.days() as usize],
        by_hour: [(0, 0); 24],
        id_span: None,
    };
    for s in window.hour_slices() {
        let (n, sum, lo, hi) = st.query_row((s.start_ms, s.end_ms), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        if n == 0 {
            continue;
        }
        out.transactions += n;
        out.omzet += sum;
        let day = &mut out.by_day[s.day_index];
        day.0 += n;
        day.1 += sum;
        let hour = &mut out.by_hour[usize::from(s.hour)];
        hour.0 += n;
        hour.1 += sum;
        if let (Some(lo), Some(hi)) = (lo, hi) {
            out.id_span = Some(match out.id_span {
                None => (lo, hi),
                Some((a, b)) => (a.min(lo), b.max(hi)),
            });
        }
    }
    Ok(out)
}

/// Paid orders of a window by method and raw issuer, one index seek per pair.
pub fn payment_breakdown(conn: &Connection, window: &Window) -> Result<Vec<PaymentRow>> {
    breakdown_of(conn, window, &["cash", "qris"])
}

/// QRIS only, by raw issuer (the dashboard derives cash from the totals).
pub fn payment_breakdown_qris(conn: &Connection, window: &Window) -> Result<Vec<PaymentRow>> {
    breakdown_of(conn, window, &["qris"])
}

fn breakdown_of(conn: &Connection, window: &Window, methods: &[&str]) -> Result<Vec<PaymentRow>> {
    let (start, end) = (window.start_ms(), window.end_ms());
    let mut no_issuer = conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM orders INDEXED BY orders_report_method
         WHERE status = 'paid' AND payment_method = ?1 AND payment_issuer IS NULL
           AND paid_at >= ?2 AND paid_at < ?3",
    )?;
    let mut with_issuer = conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM orders INDEXED BY orders_report_method
         WHERE status = 'paid' AND payment_method = ?1 AND payment_issuer = ?2
           AND paid_at >= ?3 AND paid_at < ?4",
    )?;
    let mut first_issuer = conn.prepare_cached(
        "SELECT payment_issuer FROM orders INDEXED BY orders_report_method
         WHERE status = 'paid' AND payment_method = ?1 AND payment_issuer IS NOT NULL
         ORDER BY payment_issuer LIMIT 1",
    )?;
    let mut next_issuer = conn.prepare_cached(
        "SELECT payment_issuer FROM orders INDEXED BY orders_report_method
         WHERE status = 'paid' AND payment_method = ?1 AND payment_issuer > ?2
         ORDER BY payment_issuer LIMIT 1",
    )?;
    let mut rows = Vec::new();
    for &method in methods {
        let (n, sum) = no_issuer.query_row((method, start, end), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        if n > 0 {
            rows.push((method.to_string(), None, n, sum));
        }
        let mut issuer: Option<String> =
            first_issuer.query_row([method], |r| r.get(0)).optional()?;
        while let Some(name) = issuer {
            let (n, sum) = with_issuer.query_row((method, &name, start, end), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?;
            if n > 0 {
                rows.push((method.to_string(), Some(name.clone()), n, sum));
            }
            issuer = next_issuer
                .query_row((method, &name), |r| r.get(0))
                .optional()?;
        }
    }
    Ok(rows)
}

/// Quantity and revenue per SKU of the orders that count in `window`, whose ids lie in
/// `id_span` (from [`sales_slices`] or [`period_totals`]). SKUs with nothing sold are left out;
/// names are filled in by the caller for the rows it shows.
pub fn product_sales(
    conn: &Connection,
    window: &Window,
    id_span: Option<(i64, i64)>,
) -> Result<Vec<ProductSales>> {
    let Some(span) = id_span else {
        return Ok(Vec::new());
    };
    let skus = list_skus(conn)?;
    let sums = sku_totals(conn, &skus, &AtomicUsize::new(0), span)?;
    let outsiders = outsider_lines(conn, window, span)?;
    Ok(combine_products(vec![sums], outsiders))
}

/// Every SKU that was ever sold, by a loose index scan (one seek per SKU).
pub fn list_skus(conn: &Connection) -> Result<Vec<String>> {
    let mut first_sku = conn.prepare_cached(
        "SELECT sku FROM order_lines INDEXED BY order_lines_report ORDER BY sku LIMIT 1",
    )?;
    let mut next_sku = conn.prepare_cached(
        "SELECT sku FROM order_lines INDEXED BY order_lines_report WHERE sku > ?1
         ORDER BY sku LIMIT 1",
    )?;
    let mut out = Vec::new();
    let mut sku: Option<String> = first_sku.query_row([], |r| r.get(0)).optional()?;
    while let Some(s) = sku {
        sku = next_sku.query_row([&s], |r| r.get(0)).optional()?;
        out.push(s);
    }
    Ok(out)
}

/// `(sku, qty, revenue)` of every line whose order id lies in `span`, for the SKUs taken from
/// `skus` through the shared cursor `next` (two threads can share the list).
pub fn sku_totals(
    conn: &Connection,
    skus: &[String],
    next: &AtomicUsize,
    (lo, hi): (i64, i64),
) -> Result<Vec<(String, i64, i64)>> {
    let mut per_sku = conn.prepare_cached(
        "SELECT COALESCE(SUM(qty), 0), COALESCE(SUM(line_total), 0)
         FROM order_lines INDEXED BY order_lines_report
         WHERE sku = ?1 AND order_id BETWEEN ?2 AND ?3",
    )?;
    let mut out = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(sku) = skus.get(i) else {
            return Ok(out);
        };
        let (qty, revenue) = per_sku.query_row((sku, lo, hi), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        out.push((sku.clone(), qty, revenue));
    }
}

/// Lines of the orders inside `span` that do not count in `window` (cancelled, unpaid, paid
/// outside it): `sku -> (qty, revenue)` to subtract.
pub fn outsider_lines(
    conn: &Connection,
    window: &Window,
    (lo, hi): (i64, i64),
) -> Result<HashMap<String, (i64, i64)>> {
    let mut outsiders = conn.prepare_cached(
        "SELECT id FROM orders INDEXED BY orders_report_id
         WHERE id BETWEEN ?1 AND ?2
           AND NOT (status = 'paid' AND paid_at >= ?3 AND paid_at < ?4)",
    )?;
    let ids = outsiders
        .query_map((lo, hi, window.start_ms(), window.end_ms()), |r| {
            r.get::<_, i64>(0)
        })?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let mut lines = conn.prepare_cached(
        "SELECT sku, qty, line_total FROM order_lines INDEXED BY order_lines_order
         WHERE order_id = ?1",
    )?;
    let mut out: HashMap<String, (i64, i64)> = HashMap::new();
    for id in ids {
        let mut rows = lines.query([id])?;
        while let Some(r) = rows.next()? {
            let e = out.entry(r.get::<_, String>(0)?).or_insert((0, 0));
            e.0 += r.get::<_, i64>(1)?;
            e.1 += r.get::<_, i64>(2)?;
        }
    }
    Ok(out)
}

/// Sum the per-SKU parts, take the outsiders out, drop SKUs with nothing left; by SKU.
pub fn combine_products(
    parts: Vec<Vec<(String, i64, i64)>>,
    outsiders: HashMap<String, (i64, i64)>,
) -> Vec<ProductSales> {
    let mut totals: HashMap<String, (i64, i64)> = HashMap::new();
    for (sku, qty, revenue) in parts.into_iter().flatten() {
        let e = totals.entry(sku).or_insert((0, 0));
        e.0 += qty;
        e.1 += revenue;
    }
    for (sku, (qty, revenue)) in outsiders {
        let e = totals.entry(sku).or_insert((0, 0));
        e.0 -= qty;
        e.1 -= revenue;
    }
    let mut out: Vec<ProductSales> = totals
        .into_iter()
        .filter(|(_, (q, r))| *q != 0 || *r != 0)
        .map(|(sku, (qty, revenue))| ProductSales {
            sku,
            name: String::new(),
            qty,
            revenue,
        })
        .collect();
    out.sort_by(|a, b| a.sku.cmp(&b.sku));
    out
}

fn top_products(
    conn: &Connection,
    products: Vec<ProductSales>,
) -> Result<(Vec<ProductSales>, Vec<ProductSales>)> {
    let mut by_qty = products.clone();
    by_qty.sort_by(|a, b| {
        b.qty
            .cmp(&a.qty)
            .then(b.revenue.cmp(&a.revenue))
            .then(a.sku.cmp(&b.sku))
    });
    by_qty.truncate(TOP_PRODUCTS);
    let mut by_revenue = products;
    by_revenue.sort_by(|a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then(b.qty.cmp(&a.qty))
            .then(a.sku.cmp(&b.sku))
    });
    by_revenue.truncate(TOP_PRODUCTS);
    let mut names: HashMap<String, String> = HashMap::new();
    for p in by_qty.iter_mut().chain(by_revenue.iter_mut()) {
        if !names.contains_key(&p.sku) {
            let name = product_name(conn, &p.sku)?;
            names.insert(p.sku.clone(), name);
        }
        p.name = names[&p.sku].clone();
    }
    Ok((by_qty, by_revenue))
}

/// The catalogue's current name of a SKU, or the name on its latest sold line.
fn product_name(conn: &Connection, sku: &str) -> Result<String> {
    let mut st = conn.prepare_cached("SELECT name FROM products WHERE sku = ?1")?;
    if let Some(name) = st.query_row([sku], |r| r.get(0)).optional()? {
        return Ok(name);
    }
    let mut st = conn.prepare_cached(
        "SELECT name FROM order_lines INDEXED BY order_lines_report WHERE sku = ?1
         ORDER BY order_id DESC LIMIT 1",
    )?;
    Ok(st
        .query_row([sku], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| sku.to_string()))
}

fn shape_payments(rows: &[PaymentRow]) -> (Vec<MethodSales>, Vec<IssuerSales>) {
    let mut by_method = vec![
        MethodSales {
            method: PaymentMethod::Cash,
            label: "Tunai".into(),
            transactions: 0,
            omzet: 0,
        },
        MethodSales {
            method: PaymentMethod::Qris,
            label: "QRIS".into(),
            transactions: 0,
            omzet: 0,
        },
    ];
    let mut issuers: Vec<IssuerSales> = Vec::new();
    for (method, issuer, n, sum) in rows {
        let slot = if method == "cash" { 0 } else { 1 };
        by_method[slot].transactions += n;
        by_method[slot].omzet += sum;
        if method != "qris" {
            continue;
        }
        let id = issuer.as_deref().map(issuer_id);
        match issuers.iter_mut().find(|i| i.issuer == id) {
            Some(i) => {
                i.transactions += n;
                i.omzet += sum;
            }
            None => issuers.push(IssuerSales {
                label: id.as_deref().map_or("Tidak diketahui".into(), issuer_label),
                issuer: id,
                transactions: *n,
                omzet: *sum,
            }),
        }
    }
    issuers.sort_by(|a, b| b.omzet.cmp(&a.omzet).then(a.label.cmp(&b.label)));
    (by_method, issuers)
}

/// Normalise a gateway's issuer name: `GoPay`, `gopay`, `GOPAY ` → `gopay`; `airpay shopee` →
/// `shopeepay`. Unknown names are kept, lower-cased.
pub fn issuer_id(raw: &str) -> String {
    let s = raw.trim().to_lowercase();
    let compact: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let known = [
        ("gopay", "gopay"),
        ("ovo", "ovo"),
        ("danamon", "danamon"),
        ("dana", "dana"),
        ("shopee", "shopeepay"),
        ("airpay", "shopeepay"),
        ("linkaja", "linkaja"),
        ("bca", "bca"),
        ("mandiri", "mandiri"),
        ("livin", "mandiri"),
        ("brimo", "bri"),
        ("bri", "bri"),
        ("bni", "bni"),
        ("jago", "jago"),
    ];
    known
        .iter()
        .find(|(needle, _)| compact.starts_with(needle))
        .map_or(s, |(_, id)| (*id).to_string())
}

/// Name to show for a normalised issuer id.
pub fn issuer_label(id: &str) -> String {
    match id {
        "gopay" => "GoPay",
        "ovo" => "OVO",
        "dana" => "DANA",
        "shopeepay" => "ShopeePay",
        "linkaja" => "LinkAja",
        "bca" => "BCA mobile",
        "mandiri" => "Livin' by Mandiri",
        "bri" => "BRImo",
        "bni" => "BNI Mobile",
        "jago" => "Bank Jago",
        "danamon" => "D-Bank PRO",
        other => return other.to_string(),
    }
    .to_string()
}

fn average(sum: i64, n: i64) -> i64 {
    if n <= 0 {
        0
    } else {
        (sum + n / 2) / n
    }
}

/// `(cur - prev) / prev` in basis points, rounded half away from zero.
pub fn change_bp(cur: i64, prev: i64) -> Option<i64> {
    if prev == 0 {
        return None;
    }
    let num = (i128::from(cur) - i128::from(prev)) * 10_000;
    let den = i128::from(prev);
    let q = (2 * num + num.signum() * den.abs()) / (2 * den);
    i64::try_from(q).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_in_basis_points() {
        assert_eq!(change_bp(110, 100), Some(1000));
        assert_eq!(change_bp(90, 100), Some(-1000));
        assert_eq!(change_bp(1, 3), Some(-6667));
        assert_eq!(change_bp(5, 0), None);
        assert_eq!(change_bp(0, 7), Some(-10000));
    }

    #[test]
    fn issuers_are_normalised() {
        assert_eq!(issuer_id("GoPay"), "gopay");
        assert_eq!(issuer_id("airpay shopee"), "shopeepay");
        assert_eq!(issuer_id("ShopeePay"), "shopeepay");
        assert_eq!(issuer_id("Livin by Mandiri"), "mandiri");
        assert_eq!(issuer_id("BRImo"), "bri");
        assert_eq!(issuer_id("Bank Lokal"), "bank lokal");
        assert_eq!(issuer_label("mandiri"), "Livin' by Mandiri");
        assert_eq!(issuer_label("bank lokal"), "bank lokal");
    }

    #[test]
    fn average_ticket_rounds() {
        assert_eq!(average(10, 3), 3);
        assert_eq!(average(11, 2), 6);
        assert_eq!(average(0, 0), 0);
    }
}

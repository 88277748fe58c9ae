//! The owner's dashboard: cards with comparison, payment breakdown, sales by hour and per day,
//! top products. Every figure is computed here in SQL.
//!
//! A sale counts when the order is `paid`, at its `paid_at` instant. Cancelled and unpaid orders
//! never count. The panels are public so the benchmark can time each query on its own.
//!
//! How it stays fast on years of data: kasir-core migration 5 keeps roll-ups of paid sales per
//! UTC hour and UTC day (`report_sales_hourly`, `report_payment_hourly/daily`,
//! `report_product_hourly/daily`), exact at every commit because SQLite triggers maintain them.
//! A period `[start_ms, end_ms)` is answered by [`cover`]: whole UTC days from the daily
//! roll-ups, whole UTC hours at its edges from the hourly roll-ups, and only the partial hours
//! left over (a cutoff like 02:30, a zone offset that is not a whole hour) from the raw tables
//! over the indexes of migration 3. Per hour and per day come from the hourly roll-up, one row
//! per (business day, local hour) slice that is a whole UTC hour, and a small raw range query for
//! every other slice.

use std::collections::{BTreeMap, HashMap};

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
    /// Given back on these orders (refunds, chargebacks).
    #[ts(type = "number")]
    pub refunds: i64,
    /// omzet − refunds.
    #[ts(type = "number")]
    pub net: i64,
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
    #[ts(type = "number")]
    pub refunds: i64,
    #[ts(type = "number")]
    pub net: i64,
}

/// Sales rung up by one cashier in the period.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CashierSales {
    #[ts(type = "number | null")]
    pub cashier_id: Option<i64>,
    /// The name as printed on the receipts ("Tanpa kasir" for sales before sign-in existed).
    pub name: String,
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

/// One variant of a product as sold: its options as printed ("Ukuran: Large (+Rp 5.000)";
/// empty for the plain product).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VariantSales {
    pub sku: String,
    pub name: String,
    pub options: String,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub revenue: i64,
}

/// The period's top variants from the paid order lines (options as stored on each line).
fn top_variants(conn: &Connection, window: &Window) -> Result<Vec<VariantSales>> {
    let mut st = conn.prepare_cached(
        "SELECT l.sku, MAX(l.name), l.options, SUM(l.qty), SUM(l.line_total)
         FROM orders o INDEXED BY orders_paid_at
         JOIN order_lines l INDEXED BY order_lines_order ON l.order_id = o.id
         WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         GROUP BY l.sku, l.options
         ORDER BY SUM(l.qty) DESC, SUM(l.line_total) DESC, l.sku, l.options
         LIMIT ?3",
    )?;
    let rows = st
        .query_map(
            (window.start_ms(), window.end_ms(), TOP_PRODUCTS as i64),
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(sku, name, options, qty, revenue)| {
            Ok(VariantSales {
                sku,
                name,
                options: crate::export::options_text(options.as_deref())?,
                qty,
                revenue,
            })
        })
        .collect()
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
    /// Who rang the sales up, largest omzet first.
    pub by_cashier: Vec<CashierSales>,
    /// Always 24 rows, hour 0..=23 local.
    pub by_hour: Vec<HourSales>,
    /// One row per business date of the period, empty days included.
    pub by_day: Vec<DaySales>,
    pub top_by_qty: Vec<ProductSales>,
    pub top_by_revenue: Vec<ProductSales>,
    /// Top sellers by variant (the same product with other options is another row), most sold
    /// first.
    pub top_variants: Vec<VariantSales>,
    /// Refunds and chargebacks the gateway reported on orders paid in this period
    /// (`payment_reversals`; the orders stay paid and stay in `summary.omzet`).
    #[ts(type = "number")]
    pub refunds: i64,
    /// `summary.omzet − refunds`: what the shop keeps.
    #[ts(type = "number")]
    pub net_omzet: i64,
    /// "Stok Menipis" as it stands now (stock is not a figure of the period).
    pub low_stock: LowStockCard,
}

/// How many active products are at or below their low-stock threshold, and the ones furthest
/// below it (at most [`LOW_STOCK_CARD_ITEMS`]).
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LowStockCard {
    #[ts(type = "number")]
    pub count: i64,
    pub items: Vec<kasir_core::ProductRow>,
}

/// Products listed on the low-stock card.
pub const LOW_STOCK_CARD_ITEMS: u32 = 5;

fn low_stock_card(conn: &Connection) -> Result<LowStockCard> {
    Ok(LowStockCard {
        count: kasir_core::stock::low_stock_count(conn)?,
        items: kasir_core::stock::low_stock(conn, Some(LOW_STOCK_CARD_ITEMS))?,
    })
}

/// Rupiah given back on orders paid in `[start_ms, end_ms)`, by payment method and issuer.
///
/// Per order: cash refunds from the drawer, plus the larger of the QRIS refunds this app asked
/// of the gateway and what the gateway itself reports as refunded or charged back
/// (`payment_reversals`; a refund made here shows there too, so the two are never added).
pub fn refunds_by_payment(
    conn: &Connection,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<(String, Option<String>, i64)>> {
    let mut st = conn.prepare_cached(
        // A split order is refunded in cash (kasir-core refunds): counted under Tunai.
        "SELECT CASE WHEN o.split = 1 THEN 'cash' ELSE o.payment_method END,
                CASE WHEN o.split = 1 THEN NULL ELSE o.payment_issuer END, SUM(
             COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.order_id = o.id
                         AND r.status = 'succeeded' AND r.method = 'cash'), 0)
           + MAX(COALESCE((SELECT SUM(r.amount) FROM refunds r WHERE r.order_id = o.id
                             AND r.status = 'succeeded' AND r.method = 'qris'), 0),
                 COALESCE((SELECT SUM(p.amount) FROM payment_reversals p
                           WHERE p.order_id = o.id), 0)))
         FROM orders o
         WHERE o.id IN (SELECT order_id FROM refunds WHERE status = 'succeeded'
                        UNION SELECT order_id FROM payment_reversals)
           AND o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2
         GROUP BY 1, 2",
    )?;
    let rows = st
        .query_map((start_ms, end_ms), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Rupiah given back (refunds, chargebacks) on orders paid in `[start_ms, end_ms)`.
pub fn reversals_between(conn: &Connection, start_ms: i64, end_ms: i64) -> Result<i64> {
    Ok(refunds_by_payment(conn, start_ms, end_ms)?
        .iter()
        .map(|r| r.2)
        .sum())
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
}

/// `(transactions, omzet)` of the paid orders of a window.
pub type PeriodTotals = (i64, i64);

/// `(method, issuer, transactions, omzet)` of paid orders in a window.
pub type PaymentRow = (String, Option<String>, i64, i64);

pub const MS_PER_HOUR: i64 = 3_600_000;
pub const HOURS_PER_DAY: i64 = 24;
/// The roll-ups are never read before this instant (1970-01-02 00:00 UTC): SQLite's integer
/// division truncates toward zero, so earlier instants would share buckets 0 and -1 wrongly.
pub const ROLLUP_FROM_MS: i64 = 86_400_000;

/// How a span of instants `[start_ms, end_ms)` is answered: whole UTC days `[d0, d1)` from the
/// daily roll-ups, whole UTC hours (ranges `[h0, h1)`) from the hourly roll-ups, and what is left
/// (`[a, b)` in ms: the partial hours at both ends, or the whole span when it holds no whole
/// hour, so always shorter than two hours except before [`ROLLUP_FROM_MS`]) from the raw tables.
/// The three parts tile the span exactly, without overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    pub days: Option<(i64, i64)>,
    pub hours: Vec<(i64, i64)>,
    pub raw: Vec<(i64, i64)>,
}

impl Cover {
    /// The whole UTC hours covered by `days` and `hours` together (one contiguous range).
    pub fn hour_span(&self) -> Option<(i64, i64)> {
        let mut lo = self.days.map(|(d0, _)| d0 * HOURS_PER_DAY);
        let mut hi = self.days.map(|(_, d1)| d1 * HOURS_PER_DAY);
        for &(h0, h1) in &self.hours {
            lo = Some(lo.map_or(h0, |l| l.min(h0)));
            hi = Some(hi.map_or(h1, |h| h.max(h1)));
        }
        lo.zip(hi)
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    -(-a).div_euclid(b)
}

/// Cut `[start_ms, end_ms)` into roll-up days, roll-up hours and raw slivers.
pub fn cover(start_ms: i64, end_ms: i64) -> Cover {
    let mut c = Cover::default();
    if end_ms <= start_ms {
        return c;
    }
    let mut start = start_ms;
    if start < ROLLUP_FROM_MS {
        let e = end_ms.min(ROLLUP_FROM_MS);
        c.raw.push((start, e));
        start = e;
        if start >= end_ms {
            return c;
        }
    }
    let h0 = ceil_div(start, MS_PER_HOUR);
    let h1 = end_ms.div_euclid(MS_PER_HOUR);
    if h0 >= h1 {
        c.raw.push((start, end_ms));
        return c;
    }
    if start < h0 * MS_PER_HOUR {
        c.raw.push((start, h0 * MS_PER_HOUR));
    }
    if h1 * MS_PER_HOUR < end_ms {
        c.raw.push((h1 * MS_PER_HOUR, end_ms));
    }
    let d0 = ceil_div(h0, HOURS_PER_DAY);
    let d1 = h1.div_euclid(HOURS_PER_DAY);
    if d0 < d1 {
        c.days = Some((d0, d1));
        if h0 < d0 * HOURS_PER_DAY {
            c.hours.push((h0, d0 * HOURS_PER_DAY));
        }
        if d1 * HOURS_PER_DAY < h1 {
            c.hours.push((d1 * HOURS_PER_DAY, h1));
        }
    } else {
        c.hours.push((h0, h1));
    }
    c
}

/// The whole dashboard for a period request at `now`, in the shop's zone and cutoff.
pub fn dashboard(store: &Store, req: &PeriodRequest, now: DateTime<Utc>) -> Result<Dashboard> {
    let window = Window::resolve(load_clock(store)?, req, now)?;
    crate::read(store, |c| dashboard_for(c, &window))
}

/// The whole dashboard for a resolved window, on one connection (one consistent snapshot).
pub fn dashboard_for(conn: &Connection, window: &Window) -> Result<Dashboard> {
    let slices = sales_slices(conn, window)?;
    let products = product_sales(conn, window)?;
    // Read by method, not derived as "everything that is not QRIS": a split order paid part
    // cash, part QRIS counts under both.
    let payments = payment_breakdown(conn, window)?;
    let previous = period_summary(conn, &window.previous())?;
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

    let (mut by_method, mut by_issuer) = shape_payments(payments);
    let given_back = refunds_by_payment(conn, window.start_ms(), window.end_ms())?;
    for (method, issuer, amount) in &given_back {
        let slot = if method == "cash" { 0 } else { 1 };
        by_method[slot].refunds += amount;
        if method == "qris" {
            let id = issuer.as_deref().map(issuer_id);
            if let Some(i) = by_issuer.iter_mut().find(|i| i.issuer == id) {
                i.refunds += amount;
            }
        }
    }
    for m in &mut by_method {
        m.net = m.omzet - m.refunds;
    }
    for i in &mut by_issuer {
        i.net = i.omzet - i.refunds;
    }
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
    let by_cashier = {
        let mut st = conn.prepare_cached(
            "SELECT cashier_id, MAX(cashier), COUNT(*), SUM(total)
             FROM orders INDEXED BY orders_paid_at
             WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2
             GROUP BY cashier_id ORDER BY SUM(total) DESC",
        )?;
        let rows = st
            .query_map((window.start_ms(), window.end_ms()), |r| {
                Ok(CashierSales {
                    cashier_id: r.get(0)?,
                    name: r
                        .get::<_, Option<String>>(1)?
                        .unwrap_or_else(|| "Tanpa kasir".into()),
                    transactions: r.get(2)?,
                    omzet: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let refunds: i64 = given_back.iter().map(|r| r.2).sum();
    let net_omzet = summary.omzet - refunds;

    Ok(Dashboard {
        period: window.to_period(),
        previous_period: prev_window.to_period(),
        summary,
        previous,
        changes,
        by_method,
        by_issuer,
        by_cashier,
        by_hour,
        by_day,
        top_by_qty,
        top_by_revenue,
        top_variants: top_variants(conn, window)?,
        refunds,
        net_omzet,
        low_stock: low_stock_card(conn)?,
    })
}

/// Cards only (no breakdowns): used for the comparison period.
pub fn period_summary(conn: &Connection, window: &Window) -> Result<Summary> {
    let (transactions, omzet) = period_totals(conn, window)?;
    let items_sold = product_sales(conn, window)?.iter().map(|p| p.qty).sum();
    Ok(Summary {
        omzet,
        transactions,
        average_ticket: average(omzet, transactions),
        items_sold,
    })
}

/// Paid orders of a window: `(transactions, omzet)`.
pub fn period_totals(conn: &Connection, window: &Window) -> Result<PeriodTotals> {
    totals_between(conn, window.start_ms(), window.end_ms())
}

/// Paid orders with `start_ms <= paid_at < end_ms`: `(transactions, omzet)`.
pub fn totals_between(conn: &Connection, start_ms: i64, end_ms: i64) -> Result<PeriodTotals> {
    let c = cover(start_ms, end_ms);
    let mut out = (0, 0);
    if let Some((h0, h1)) = c.hour_span() {
        let mut st = conn.prepare_cached(
            "SELECT COALESCE(SUM(orders), 0), COALESCE(SUM(omzet), 0) FROM report_sales_hourly
             WHERE hour >= ?1 AND hour < ?2",
        )?;
        let (n, sum) =
            st.query_row((h0, h1), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        out.0 += n;
        out.1 += sum;
    }
    for (a, b) in c.raw {
        let (n, sum) = raw_totals(conn, a, b)?;
        out.0 += n;
        out.1 += sum;
    }
    Ok(out)
}

/// Paid orders with `start_ms <= paid_at < end_ms` from the raw table.
fn raw_totals(conn: &Connection, start_ms: i64, end_ms: i64) -> Result<(i64, i64)> {
    let mut st = conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(total), 0)
         FROM orders INDEXED BY orders_report_paid
         WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2",
    )?;
    Ok(st.query_row((start_ms, end_ms), |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?)
}

/// Totals, per business day and per local hour: every (business day, local hour) slice that is
/// a whole UTC hour comes from the hourly roll-up (read once for the whole window), any other
/// slice from a small range query on the raw table.
pub fn sales_slices(conn: &Connection, window: &Window) -> Result<SalesSlices> {
    let mut out = SalesSlices {
        transactions: 0,
        omzet: 0,
        by_day: vec![(0, 0); window.days() as usize],
        by_hour: [(0, 0); 24],
    };
    let (lo, hi) = (
        ceil_div(window.start_ms().max(ROLLUP_FROM_MS), MS_PER_HOUR),
        window.end_ms().div_euclid(MS_PER_HOUR),
    );
    let mut hourly: Vec<(i64, i64)> = vec![(0, 0); usize::try_from(hi - lo).unwrap_or(0)];
    if hi > lo {
        let mut st = conn.prepare_cached(
            "SELECT hour, orders, omzet FROM report_sales_hourly WHERE hour >= ?1 AND hour < ?2",
        )?;
        let mut rows = st.query((lo, hi))?;
        while let Some(r) = rows.next()? {
            let h: i64 = r.get(0)?;
            hourly[(h - lo) as usize] = (r.get(1)?, r.get(2)?);
        }
    }
    for s in window.hour_slices() {
        let whole_hour = s.start_ms >= ROLLUP_FROM_MS
            && s.start_ms.rem_euclid(MS_PER_HOUR) == 0
            && s.end_ms - s.start_ms == MS_PER_HOUR;
        let (n, sum) = if whole_hour {
            hourly[(s.start_ms / MS_PER_HOUR - lo) as usize]
        } else {
            raw_totals(conn, s.start_ms, s.end_ms)?
        };
        if n == 0 && sum == 0 {
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
    }
    Ok(out)
}

/// Paid orders of a window by method and raw issuer: cash first, then QRIS; within a method the
/// orders without issuer first, then by issuer. Pairs with no order are left out.
pub fn payment_breakdown(conn: &Connection, window: &Window) -> Result<Vec<PaymentRow>> {
    breakdown_between(conn, window.start_ms(), window.end_ms(), &["cash", "qris"])
}

/// QRIS only, by raw issuer (the reconciliation's paid count and total).
pub fn payment_breakdown_qris(conn: &Connection, window: &Window) -> Result<Vec<PaymentRow>> {
    breakdown_between(conn, window.start_ms(), window.end_ms(), &["qris"])
}

/// [`payment_breakdown`] of the paid orders with `start_ms <= paid_at < end_ms`, for `methods`.
pub fn breakdown_between(
    conn: &Connection,
    start_ms: i64,
    end_ms: i64,
    methods: &[&str],
) -> Result<Vec<PaymentRow>> {
    let c = cover(start_ms, end_ms);
    let mut acc: BTreeMap<(usize, Option<String>), (i64, i64)> = BTreeMap::new();
    let mut add = |method: &str, issuer: Option<String>, n: i64, sum: i64| {
        if let Some(i) = methods.iter().position(|m| *m == method) {
            let e = acc.entry((i, issuer)).or_insert((0, 0));
            e.0 += n;
            e.1 += sum;
        }
    };
    let mut read_rollup = |sql: &str, (a, b): (i64, i64)| -> Result<()> {
        let mut st = conn.prepare_cached(sql)?;
        let mut rows = st.query((a, b))?;
        while let Some(r) = rows.next()? {
            let method: String = r.get(0)?;
            let issuer = if r.get::<_, i64>(1)? != 0 {
                Some(r.get::<_, String>(2)?)
            } else {
                None
            };
            add(&method, issuer, r.get(3)?, r.get(4)?);
        }
        Ok(())
    };
    if let Some(days) = c.days {
        read_rollup(
            "SELECT method, has_issuer, issuer, SUM(orders), SUM(omzet) FROM report_payment_daily
             WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2, 3",
            days,
        )?;
    }
    for &hours in &c.hours {
        read_rollup(
            "SELECT method, has_issuer, issuer, SUM(orders), SUM(omzet) FROM report_payment_hourly
             WHERE hour >= ?1 AND hour < ?2 GROUP BY 1, 2, 3",
            hours,
        )?;
    }
    for &(a, b) in &c.raw {
        let mut st = conn.prepare_cached(
            // A split order counts by its tenders (as the roll-ups of kasir-core migration 13
            // do: the order once per method and issuer, at its paid instant).
            "SELECT payment_method, payment_issuer, COUNT(*), COALESCE(SUM(total), 0)
             FROM orders INDEXED BY orders_report_paid
             WHERE status = 'paid' AND paid_at >= ?1 AND paid_at < ?2 AND split = 0
             GROUP BY 1, 2
             UNION ALL
             SELECT t.method, t.issuer, COUNT(DISTINCT t.order_id), SUM(t.amount)
             FROM orders o INDEXED BY orders_report_paid JOIN order_tenders t ON t.order_id = o.id
             WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2 AND o.split = 1
             GROUP BY 1, 2",
        )?;
        let mut rows = st.query((a, b))?;
        while let Some(r) = rows.next()? {
            let method: String = r.get(0)?;
            add(&method, r.get(1)?, r.get(2)?, r.get(3)?);
        }
    }
    Ok(acc
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|((i, issuer), (n, sum))| (methods[i].to_string(), issuer, n, sum))
        .collect())
}

/// Quantity and revenue per SKU of the orders that count in `window`, by SKU. SKUs with nothing
/// sold are left out; names are filled in by the caller for the rows it shows.
pub fn product_sales(conn: &Connection, window: &Window) -> Result<Vec<ProductSales>> {
    product_sales_between(conn, window.start_ms(), window.end_ms())
}

/// [`product_sales`] of the paid orders with `start_ms <= paid_at < end_ms`.
pub fn product_sales_between(
    conn: &Connection,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<ProductSales>> {
    let c = cover(start_ms, end_ms);
    let mut totals: HashMap<String, (i64, i64)> = HashMap::new();
    let mut read = |sql: &str, (a, b): (i64, i64)| -> Result<()> {
        let mut st = conn.prepare_cached(sql)?;
        let mut rows = st.query((a, b))?;
        while let Some(r) = rows.next()? {
            let e = totals.entry(r.get::<_, String>(0)?).or_insert((0, 0));
            e.0 += r.get::<_, i64>(1)?;
            e.1 += r.get::<_, i64>(2)?;
        }
        Ok(())
    };
    if let Some(days) = c.days {
        read(
            "SELECT sku, SUM(qty), SUM(revenue) FROM report_product_daily
             WHERE day >= ?1 AND day < ?2 GROUP BY sku",
            days,
        )?;
    }
    for &hours in &c.hours {
        read(
            "SELECT sku, SUM(qty), SUM(revenue) FROM report_product_hourly
             WHERE hour >= ?1 AND hour < ?2 GROUP BY sku",
            hours,
        )?;
    }
    for &raw in &c.raw {
        read(
            "SELECT l.sku, SUM(l.qty), SUM(l.line_total)
             FROM orders o INDEXED BY orders_report_paid
             CROSS JOIN order_lines l INDEXED BY order_lines_order ON l.order_id = o.id
             WHERE o.status = 'paid' AND o.paid_at >= ?1 AND o.paid_at < ?2 GROUP BY l.sku",
            raw,
        )?;
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
    Ok(out)
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
            refunds: 0,
            net: 0,
        },
        MethodSales {
            method: PaymentMethod::Qris,
            label: "QRIS".into(),
            transactions: 0,
            omzet: 0,
            refunds: 0,
            net: 0,
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
                refunds: 0,
                net: 0,
            }),
        }
    }
    issuers.sort_by(|a, b| b.omzet.cmp(&a.omzet).then(a.label.cmp(&b.label)));
    (by_method, issuers)
}

pub use kasir_core::issuers::{issuer_id, issuer_label};

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

    /// The parts of a cover, as ms ranges, in order: they must tile the span exactly.
    fn tiles(c: &Cover) -> Vec<(i64, i64)> {
        let mut parts: Vec<(i64, i64)> = c.raw.clone();
        parts.extend(
            c.hours
                .iter()
                .map(|(a, b)| (a * MS_PER_HOUR, b * MS_PER_HOUR)),
        );
        if let Some((a, b)) = c.days {
            let day = MS_PER_HOUR * HOURS_PER_DAY;
            parts.push((a * day, b * day));
        }
        parts.sort_unstable();
        parts
    }

    #[test]
    fn cover_tiles_any_span_with_days_hours_and_short_raw_slivers() {
        const H: i64 = MS_PER_HOUR;
        const D: i64 = 24 * H;
        let base = 20_000 * D;
        for (start, end) in [
            (base, base + 730 * D),
            (base - 7 * H, base + 730 * D - 7 * H),
            (base - 7 * H + 30 * 60_000, base + 3 * D + 1),
            (base + 5 * 60_000, base + 50 * 60_000),
            (base + 5 * 60_000, base + H + 50 * 60_000),
            (base + H, base + 5 * H),
            (base, base),
            (-5 * D, 3 * D + 17),
        ] {
            let c = cover(start, end);
            let parts = tiles(&c);
            if start >= end {
                assert!(parts.is_empty());
                continue;
            }
            assert_eq!(parts.first().map(|p| p.0), Some(start), "{start}..{end}");
            assert_eq!(parts.last().map(|p| p.1), Some(end), "{start}..{end}");
            assert!(parts.windows(2).all(|w| w[0].1 == w[1].0), "{start}..{end}");
            assert!(parts.iter().all(|p| p.0 < p.1), "{start}..{end}");
            for &(a, b) in &c.raw {
                assert!(b - a < 2 * H || a < ROLLUP_FROM_MS, "raw sliver {a}..{b}");
            }
            assert!(c.hours.iter().all(|(a, b)| b - a < 48), "{start}..{end}");
        }
        let two_years = cover(base - 7 * H, base + 730 * D - 7 * H);
        assert_eq!(two_years.days, Some((20_000, 20_729)));
        assert_eq!(
            two_years.hours,
            vec![
                (20_000 * 24 - 7, 20_000 * 24),
                (20_729 * 24, 20_730 * 24 - 7)
            ]
        );
        assert!(two_years.raw.is_empty());
    }

    #[test]
    fn average_ticket_rounds() {
        assert_eq!(average(10, 3), 3);
        assert_eq!(average(11, 2), 6);
        assert_eq!(average(0, 0), 0);
    }
}

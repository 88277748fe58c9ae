//! A realistic sales generator for demos and benchmarks: `orders` orders over the two years
//! before `now`, shaped like a warung/café (opening hours with lunch and evening peaks, busier
//! weekends, slow growth, QRIS share rising over time), ~3 lines each, mixed methods and issuers,
//! a few cancelled QRIS orders, late payments and anomalies.
//!
//! Deterministic: the same store content, `seed` and `now` give the same rows. Everything is
//! written in one transaction with prepared statements. Stock is not touched (demo data).
//!
//! Report roll-ups (kasir-core migration 5) are kept by kasir-core's triggers only, exactly as
//! for a sale at the till: the generator never writes them itself, so there is one definition
//! of every roll-up figure. Readers never see orders without their roll-ups (one transaction),
//! and a failure rolls both back.
//!
//! Depends on `kasir-core` (store, catalogue) and `kasir-reports` (the shop clock's local hours);
//! the app never links it: only `kasir-cli demo-sales`, tests and benchmarks do.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use kasir_core::Store;
use kasir_reports::{Clock, ReportError, Result};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

/// Days covered by the generator, the last one being the local day of `now`.
pub const DEMO_DAYS: i64 = 730;

/// Relative number of sales per local clock hour (a café open 06:00–02:00).
const HOUR_WEIGHTS: [f64; 24] = [
    2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 2.0, 5.0, 6.0, 5.0, 5.0, 8.0, 10.0, 8.0, 5.0, 5.0, 6.0, 7.0, 9.0,
    10.0, 8.0, 6.0, 4.0, 3.0,
];

const ISSUERS: [(&str, f64); 8] = [
    ("gopay", 30.0),
    ("shopeepay", 22.0),
    ("dana", 20.0),
    ("ovo", 14.0),
    ("bca", 6.0),
    ("mandiri", 4.0),
    ("bri", 3.0),
    ("linkaja", 1.0),
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DemoSalesSummary {
    pub orders: u64,
    pub paid: u64,
    pub cancelled: u64,
    pub qris_paid: u64,
    pub lines: u64,
    pub late_payments: u64,
    pub anomalies: u64,
    pub omzet: i64,
    /// First and last local calendar day with generated orders.
    pub first_day: String,
    pub last_day: String,
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo).max(1) as u64) as i64
    }

    /// Index picked by a cumulative weight table.
    fn pick(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.f64() * total;
        cumulative
            .partition_point(|c| *c <= x)
            .min(cumulative.len() - 1)
    }
}

fn cumulative(weights: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .map(|w| {
            acc += w;
            acc
        })
        .collect()
}

struct DemoProduct {
    id: i64,
    sku: String,
    name: String,
    price: i64,
}

/// Fill `store` with `orders` demo orders ending at `now`. Seeds the demo catalogue first if the
/// store has no products. Order numbers continue after any existing number of the same day.
pub fn generate_demo_sales(
    store: &Store,
    orders: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DemoSalesSummary> {
    if orders > 20_000_000 {
        return Err(ReportError::Validation(
            "paling banyak 20.000.000 pesanan".into(),
        ));
    }
    let clock = Clock::from_shop(&store.shop_clock()?);
    let mut products = load_products(store)?;
    if products.is_empty() {
        store.seed_demo_if_empty(now)?;
        products = load_products(store)?;
    }
    if products.is_empty() {
        return Err(ReportError::Validation("katalog kosong".into()));
    }

    // Any failure inside rolls the whole generation back, roll-ups included.
    store
        .write(|tx| {
            let previous_cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
            tx.execute_batch("PRAGMA cache_size = -262144")?;
            let summary = generate(tx, &clock, &products, orders, seed, now);
            tx.execute_batch(&format!("PRAGMA cache_size = {previous_cache}"))?;
            summary
        })
        .map_err(ReportError::from)
}

fn load_products(store: &Store) -> Result<Vec<DemoProduct>> {
    kasir_reports::read(store, |c| {
        let mut st = c.prepare(
            "SELECT id, sku, name, price FROM products WHERE active = 1 AND price > 0 ORDER BY id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(DemoProduct {
                    id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                    price: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })
}

fn generate(
    tx: &Transaction<'_>,
    clock: &Clock,
    products: &[DemoProduct],
    orders: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> kasir_core::Result<DemoSalesSummary> {
    let mut rng = Rng(seed ^ 0x4B41_5349_5221_u64);
    let now_ms = now.timestamp_millis();
    let now_local = clock.local(now_ms);
    let last_day = now_local.date();
    let first_day = last_day - Duration::days(DEMO_DAYS - 1);

    // Product popularity: a shuffled Zipf-like curve.
    let mut order_idx: Vec<usize> = (0..products.len()).collect();
    for i in (1..order_idx.len()).rev() {
        let j = rng.range(0, i as i64 + 1) as usize;
        order_idx.swap(i, j);
    }
    let mut popularity = vec![0.0; products.len()];
    for (rank, &i) in order_idx.iter().enumerate() {
        popularity[i] = 1.0 / (rank as f64 + 1.0).powf(0.9);
    }
    let product_cdf = cumulative(popularity.into_iter());
    let hour_cdf = cumulative(HOUR_WEIGHTS.iter().copied());
    let issuer_cdf = cumulative(ISSUERS.iter().map(|(_, w)| *w));

    // How much of today's trading is already behind us.
    let hour_total: f64 = HOUR_WEIGHTS.iter().sum();
    let elapsed_today: f64 = {
        let secs = f64::from(now_local.time().num_seconds_from_midnight());
        HOUR_WEIGHTS
            .iter()
            .enumerate()
            .map(|(h, w)| w * ((secs - h as f64 * 3600.0) / 3600.0).clamp(0.0, 1.0))
            .sum::<f64>()
            / hour_total
    };

    let day_weights: Vec<f64> = (0..DEMO_DAYS)
        .map(|d| {
            let day = first_day + Duration::days(d);
            let weekday = match day.format("%u").to_string().as_str() {
                "5" => 1.1,
                "6" => 1.35,
                "7" => 1.25,
                _ => 1.0,
            };
            let trend = 0.75 + 0.5 * d as f64 / (DEMO_DAYS - 1) as f64;
            let noise = 0.85 + 0.3 * rng.f64();
            let part = if day == last_day { elapsed_today } else { 1.0 };
            weekday * trend * noise * part
        })
        .collect();
    let weight_total: f64 = day_weights.iter().sum();

    let mut summary = DemoSalesSummary {
        orders,
        paid: 0,
        cancelled: 0,
        qris_paid: 0,
        lines: 0,
        late_payments: 0,
        anomalies: 0,
        omzet: 0,
        first_day: String::new(),
        last_day: String::new(),
    };
    let mut insert_order = tx.prepare_cached(
        "INSERT INTO orders (number, status, subtotal, discount_total, tax_total, total,
                             payment_method, cash_tendered, cash_change, cashier, created_at,
                             paid_at, payment_issuer, gateway_txn_id)
         VALUES (?1, ?2, ?3, 0, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_line = tx.prepare_cached(
        "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty, line_total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut insert_attempt = tx.prepare_cached(
        "INSERT INTO payment_attempts (id, order_id, provider, gateway_order_id, gateway_ref,
                                       amount, status, expires_at, issuer, gateway_status,
                                       paid_at, late, anomaly, created_at, updated_at)
         VALUES (?1, ?2, 'midtrans', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut last_number = tx.prepare_cached(
        "SELECT number FROM orders WHERE number >= ?1 AND number < ?2
         ORDER BY number DESC LIMIT 1",
    )?;

    let mut cum_weight = 0.0;
    let mut emitted: u64 = 0;
    let mut times: Vec<i64> = Vec::new();
    let mut picked: Vec<usize> = Vec::with_capacity(8);
    for (d, w) in day_weights.iter().enumerate() {
        cum_weight += w;
        let target = if d as i64 == DEMO_DAYS - 1 {
            orders
        } else {
            ((orders as f64) * cum_weight / weight_total).round() as u64
        };
        let count = target.saturating_sub(emitted);
        emitted += count;
        if count == 0 {
            continue;
        }
        let day = first_day + Duration::days(d as i64);
        times.clear();
        for _ in 0..count {
            times.push(sample_time(&mut rng, clock, day, &hour_cdf, now_ms));
        }
        times.sort_unstable();

        let code = day.format("%y%m%d").to_string();
        let prefix = format!("INV-{code}-");
        let upper = format!("INV-{code}.");
        let mut seq: u32 = last_number
            .query_row([&prefix, &upper], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|n| n[prefix.len()..].parse::<u32>().ok())
            .unwrap_or(0);
        if summary.first_day.is_empty() {
            summary.first_day = day.to_string();
        }
        summary.last_day = day.to_string();

        let qris_share = 0.30 + 0.30 * d as f64 / (DEMO_DAYS - 1) as f64;
        for &created_at in &times {
            seq += 1;
            let number = format!("{prefix}{seq:04}");
            // Lines: 1..=6 distinct products, mean ≈ 2.9.
            let k = match rng.f64() {
                x if x < 0.22 => 1,
                x if x < 0.47 => 2,
                x if x < 0.70 => 3,
                x if x < 0.86 => 4,
                x if x < 0.96 => 5,
                _ => 6,
            }
            .min(products.len());
            picked.clear();
            while picked.len() < k {
                let p = rng.pick(&product_cdf);
                if !picked.contains(&p) {
                    picked.push(p);
                }
            }
            let qtys: Vec<i64> = picked
                .iter()
                .map(|_| match rng.f64() {
                    x if x < 0.72 => 1,
                    x if x < 0.92 => 2,
                    _ => 3,
                })
                .collect();
            let total: i64 = picked
                .iter()
                .zip(&qtys)
                .map(|(p, q)| products[*p].price * q)
                .sum();

            let qris = rng.f64() < qris_share;
            let cancelled = qris && rng.f64() < 0.02;
            let cashier = if rng.f64() < 0.6 { "Sari" } else { "Budi" };
            let (status, method, paid_at, tendered, change, issuer, txn) = if cancelled {
                ("cancelled", None, None, None, None, None, None)
            } else if qris {
                let late = rng.f64() < 0.003;
                let delay = if late {
                    rng.range(16 * 60_000, 45 * 60_000)
                } else {
                    rng.range(8_000, 120_000)
                };
                let issuer = ISSUERS[rng.pick(&issuer_cdf)].0;
                let txn = format!(
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    rng.next_u64() as u32,
                    rng.next_u64() as u16,
                    rng.next_u64() as u16 & 0xfff,
                    (rng.next_u64() as u16 & 0x3fff) | 0x8000,
                    rng.next_u64() & 0xffff_ffff_ffff
                );
                (
                    "paid",
                    Some("qris"),
                    Some(created_at + delay),
                    None,
                    None,
                    Some(issuer),
                    Some(txn),
                )
            } else {
                let tendered = cash_tendered(&mut rng, total);
                (
                    "paid",
                    Some("cash"),
                    Some(created_at),
                    Some(tendered),
                    Some(tendered - total),
                    None,
                    None,
                )
            };
            insert_order.execute(params![
                number, status, total, method, tendered, change, cashier, created_at, paid_at,
                issuer, txn
            ])?;
            let order_id = tx.last_insert_rowid();
            for (p, q) in picked.iter().zip(&qtys) {
                let p = &products[*p];
                insert_line.execute(params![
                    order_id,
                    p.id,
                    p.sku,
                    p.name,
                    p.price,
                    q,
                    p.price * q
                ])?;
            }
            summary.lines += picked.len() as u64;
            if qris {
                let late = paid_at.is_some_and(|t| t - created_at > 15 * 60_000);
                let anomaly = if !cancelled && rng.f64() < 0.001 {
                    Some(if rng.f64() < 0.5 {
                        "amount_mismatch"
                    } else {
                        "signature_mismatch"
                    })
                } else {
                    None
                };
                insert_attempt.execute(params![
                    format!("demo-{order_id:012}"),
                    order_id,
                    format!("{number}-A1"),
                    txn,
                    total,
                    if cancelled { "expired" } else { "paid" },
                    created_at + 15 * 60_000,
                    issuer,
                    if cancelled { "expire" } else { "settlement" },
                    paid_at,
                    i64::from(late),
                    anomaly,
                    created_at,
                    paid_at.unwrap_or(created_at + 15 * 60_000),
                ])?;
                summary.late_payments += u64::from(late);
                summary.anomalies += u64::from(anomaly.is_some());
            }
            if cancelled {
                summary.cancelled += 1;
            } else {
                summary.paid += 1;
                summary.omzet += total;
                summary.qris_paid += u64::from(qris);
            }
        }
    }
    Ok(summary)
}

/// A local time on calendar `day` shaped by the opening hours, never after `now_ms`.
fn sample_time(rng: &mut Rng, clock: &Clock, day: NaiveDate, hour_cdf: &[f64], now_ms: i64) -> i64 {
    let mut at = 0;
    for _ in 0..64 {
        let hour = rng.pick(hour_cdf) as u32;
        let secs = rng.range(0, 3600) as u32;
        let ms = rng.range(0, 1000);
        let t = NaiveTime::from_hms_opt(hour, secs / 60, secs % 60).expect("valid time");
        at = clock.local_to_utc_ms(day.and_time(t)) + ms;
        if at <= now_ms {
            return at;
        }
    }
    at.min(now_ms - 1_000)
}

/// What a customer hands over: exact money or the next 5k/10k/50k/100k note.
fn cash_tendered(rng: &mut Rng, total: i64) -> i64 {
    let round_up =
        |step: i64| total.div_euclid(step) * step + if total % step == 0 { 0 } else { step };
    match rng.f64() {
        x if x < 0.30 => total,
        x if x < 0.50 => round_up(5_000),
        x if x < 0.70 => round_up(10_000),
        x if x < 0.85 => round_up(50_000),
        _ => round_up(100_000),
    }
}

//! Exact report figures on a small hand-made database: WIB/WITA day boundaries, the
//! business-day cutoff, QRIS issuers, cancelled and unpaid orders, late payments, empty periods,
//! history, reconciliation and the CSV and XLSX round trips.

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{DateTime, TimeZone, Utc};
use kasir_core::{OrderStatus, PaymentMethod, Store};
use kasir_reports::export::{parse_csv, CSV_HEADER, XLSX_DATA_SHEET, XLSX_SUMMARY_SHEET};
use kasir_reports::{
    dashboard, export_csv, export_csv_to_dir, export_xlsx_file, export_xlsx_to_dir,
    qris_reconciliation, sale_detail, sales_history, set_business_day_cutoff, Clock, DateRange,
    HistoryQuery, PeriodRequest, Preset, ReconciliationQuery,
};

const KOPI: i64 = 1;
const ROTI: i64 = 2;
const TEH: i64 = 3;

/// Local wall-clock time in Jakarta (WIB, UTC+7) as a UTC instant.
fn wib(d: u32, h: u32, mi: u32, s: u32, ms: i64) -> DateTime<Utc> {
    chrono_tz::Asia::Jakarta
        .with_ymd_and_hms(2026, 11, d, h, mi, s)
        .single()
        .expect("valid")
        .with_timezone(&Utc)
        + chrono::Duration::milliseconds(ms)
}

fn store() -> Store {
    let store = Store::open_in_memory().expect("store");
    store
        .write(|tx| {
            tx.execute_batch(
                "INSERT INTO products (id, sku, name, price, stock, created_at, updated_at) VALUES
                   (1, 'KOPI-1', 'Kopi Susu', 18000, 100, 0, 0),
                   (2, 'ROTI-1', 'Roti Bakar', 15000, 100, 0, 0),
                   (3, 'TEH-1', 'Es Teh, \"Manis\"', 5000, 100, 0, 0);",
            )?;
            Ok(())
        })
        .expect("products");
    store
}

struct O<'a> {
    number: &'a str,
    status: &'a str,
    method: Option<&'a str>,
    issuer: Option<&'a str>,
    created: DateTime<Utc>,
    paid: Option<DateTime<Utc>>,
    lines: &'a [(i64, i64)],
}

fn insert(store: &Store, o: O<'_>) -> i64 {
    store
        .write(|tx| {
            let mut total = 0;
            for (p, q) in o.lines {
                let price: i64 =
                    tx.query_row("SELECT price FROM products WHERE id = ?1", [p], |r| {
                        r.get(0)
                    })?;
                total += price * q;
            }
            tx.execute(
                "INSERT INTO orders (number, status, subtotal, total, payment_method, created_at,
                                     paid_at, payment_issuer, gateway_txn_id)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    o.number,
                    o.status,
                    total,
                    o.method,
                    o.created.timestamp_millis(),
                    o.paid.map(|t| t.timestamp_millis()),
                    o.issuer,
                    o.issuer.map(|_| format!("txn-{}", o.number)),
                ],
            )?;
            let id = tx.last_insert_rowid();
            for (p, q) in o.lines {
                tx.execute(
                    "INSERT INTO order_lines (order_id, product_id, sku, name, unit_price, qty,
                                              line_total)
                     SELECT ?1, id, sku, name, price, ?2, price * ?2 FROM products WHERE id = ?3",
                    (id, q, p),
                )?;
            }
            Ok(id)
        })
        .expect("insert order")
}

fn paid_cash<'a>(number: &'a str, at: DateTime<Utc>, lines: &'a [(i64, i64)]) -> O<'a> {
    O {
        number,
        status: "paid",
        method: Some("cash"),
        issuer: None,
        created: at,
        paid: Some(at),
        lines,
    }
}

fn paid_qris<'a>(
    number: &'a str,
    issuer: &'a str,
    created: DateTime<Utc>,
    paid: DateTime<Utc>,
    lines: &'a [(i64, i64)],
) -> O<'a> {
    O {
        number,
        status: "paid",
        method: Some("qris"),
        issuer: Some(issuer),
        created,
        paid: Some(paid),
        lines,
    }
}

/// Ids of the scenario's orders, named by what they test.
struct Ids {
    cash_0030: i64,
    gopay_noon: i64,
    ovo_evening: i64,
    cancelled: i64,
    awaiting: i64,
    late_crossing_midnight: i64,
}

/// Inserted deliberately out of time order so that orders that do not count in a period sit
/// inside the id span of the orders that do.
fn scenario(store: &Store) -> Ids {
    // 25 Nov 23:59 WIB: the day before.
    insert(
        store,
        paid_cash("INV-261125-0001", wib(25, 23, 59, 0, 0), &[(TEH, 1)]),
    );
    // 26 Nov 00:30 WIB = 25 Nov 17:30 UTC: belongs to the 26th (WIB), to the 25th with a 02:00 cutoff.
    let cash_0030 = insert(
        store,
        paid_cash("INV-261126-0001", wib(26, 0, 30, 0, 0), &[(KOPI, 2)]),
    );
    let gopay_noon = insert(
        store,
        paid_qris(
            "INV-261126-0002",
            "gopay",
            wib(26, 12, 0, 0, 0),
            wib(26, 12, 1, 0, 0),
            &[(ROTI, 1), (TEH, 2)],
        ),
    );
    let cancelled = insert(
        store,
        O {
            number: "INV-261126-0003",
            status: "cancelled",
            method: None,
            issuer: None,
            created: wib(26, 13, 0, 0, 0),
            paid: None,
            lines: &[(KOPI, 5)],
        },
    );
    let ovo_evening = insert(
        store,
        paid_qris(
            "INV-261126-0004",
            "OVO",
            wib(26, 19, 14, 0, 0),
            wib(26, 19, 15, 0, 0),
            &[(KOPI, 1)],
        ),
    );
    let awaiting = insert(
        store,
        O {
            number: "INV-261126-0005",
            status: "awaiting_payment",
            method: None,
            issuer: None,
            created: wib(26, 14, 0, 0, 0),
            paid: None,
            lines: &[(ROTI, 3)],
        },
    );
    // Created 26th 23:50, paid 27th 00:20: counts on the 27th (payment instant).
    let late_crossing_midnight = insert(
        store,
        paid_qris(
            "INV-261126-0006",
            "dana",
            wib(26, 23, 50, 0, 0),
            wib(27, 0, 20, 0, 0),
            &[(ROTI, 2)],
        ),
    );
    // The last millisecond of the 26th, issuer spelled differently.
    insert(
        store,
        paid_qris(
            "INV-261126-0007",
            "GoPay",
            wib(26, 23, 59, 0, 0),
            wib(26, 23, 59, 59, 999),
            &[(TEH, 1)],
        ),
    );
    // The first millisecond of the 27th.
    insert(
        store,
        paid_cash("INV-261127-0001", wib(27, 0, 0, 0, 0), &[(KOPI, 1)]),
    );
    Ids {
        cash_0030,
        gopay_noon,
        ovo_evening,
        cancelled,
        awaiting,
        late_crossing_midnight,
    }
}

fn day(d: &str) -> PeriodRequest {
    PeriodRequest::custom(d, d)
}

fn now() -> DateTime<Utc> {
    wib(28, 10, 0, 0, 0)
}

#[test]
fn one_wib_day_has_exact_cards_methods_issuers_hours_and_products() {
    let store = store();
    scenario(&store);
    let d = dashboard(&store, &day("2026-11-26"), now()).expect("dashboard");
    assert_eq!(d.period.from, "2026-11-26");
    assert_eq!(d.period.zone_label, "WIB");
    assert_eq!(
        wib(26, 0, 30, 0, 0),
        Utc.with_ymd_and_hms(2026, 11, 25, 17, 30, 0).unwrap()
    );
    assert_eq!(
        d.period.start_ms,
        Utc.with_ymd_and_hms(2026, 11, 25, 17, 0, 0)
            .unwrap()
            .timestamp_millis(),
        "a WIB day starts at 17:00 UTC the day before"
    );
    // 36000 (cash 00:30) + 25000 (GoPay) + 18000 (OVO) + 5000 (GoPay 23:59:59.999);
    // the cancelled, the unpaid and the order paid after midnight do not count.
    assert_eq!(d.summary.omzet, 84_000);
    assert_eq!(d.summary.transactions, 4);
    assert_eq!(d.summary.average_ticket, 21_000);
    assert_eq!(
        d.summary.items_sold, 7,
        "2 kopi + 1 roti + 2 teh + 1 kopi + 1 teh"
    );

    assert_eq!(d.previous_period.from, "2026-11-25");
    assert_eq!(d.previous.omzet, 5_000);
    assert_eq!(d.previous.items_sold, 1);
    assert_eq!(d.changes.omzet_bp, Some(158_000), "84000 vs 5000 = +1580 %");
    assert_eq!(d.changes.transactions_bp, Some(30_000));

    let methods: Vec<_> = d
        .by_method
        .iter()
        .map(|m| (m.label.as_str(), m.transactions, m.omzet))
        .collect();
    assert_eq!(methods, vec![("Tunai", 1, 36_000), ("QRIS", 3, 48_000)]);
    let issuers: Vec<_> = d
        .by_issuer
        .iter()
        .map(|i| (i.label.as_str(), i.transactions, i.omzet))
        .collect();
    assert_eq!(
        issuers,
        vec![("GoPay", 2, 30_000), ("OVO", 1, 18_000)],
        "'GoPay' and 'gopay' are one issuer"
    );

    assert_eq!(d.by_hour.len(), 24);
    let hours: Vec<_> = d
        .by_hour
        .iter()
        .filter(|h| h.transactions > 0)
        .map(|h| (h.hour, h.transactions, h.omzet))
        .collect();
    assert_eq!(
        hours,
        vec![
            (0, 1, 36_000),
            (12, 1, 25_000),
            (19, 1, 18_000),
            (23, 1, 5_000)
        ]
    );
    assert_eq!(d.by_day.len(), 1);
    assert_eq!((d.by_day[0].transactions, d.by_day[0].omzet), (4, 84_000));

    let by_qty: Vec<_> = d
        .top_by_qty
        .iter()
        .map(|p| (p.sku.as_str(), p.qty, p.revenue))
        .collect();
    assert_eq!(
        by_qty,
        vec![
            ("KOPI-1", 3, 54_000),
            ("TEH-1", 3, 15_000),
            ("ROTI-1", 1, 15_000)
        ],
        "lines of the cancelled, unpaid and next-day orders inside the id span are taken out"
    );
    let by_rev: Vec<_> = d.top_by_revenue.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(by_rev, vec!["KOPI-1", "TEH-1", "ROTI-1"]);
    assert_eq!(d.top_by_qty[1].name, "Es Teh, \"Manis\"");
}

#[test]
fn sale_at_0030_wib_is_that_wib_day_and_the_previous_business_day_with_a_0200_cutoff() {
    let store = store();
    scenario(&store);
    set_business_day_cutoff(&store, 120, chrono::Utc::now()).expect("cutoff");
    let d26 = dashboard(&store, &day("2026-11-26"), now()).expect("26");
    // 26th 02:00 .. 27th 02:00: GoPay, OVO, GoPay 23:59, cash 27th 00:00, DANA paid 27th 00:20.
    assert_eq!(d26.summary.omzet, 25_000 + 18_000 + 5_000 + 18_000 + 30_000);
    assert_eq!(d26.summary.transactions, 5);
    assert_eq!(d26.summary.items_sold, 3 + 1 + 1 + 1 + 2);
    let h0 = &d26.by_hour[0];
    assert_eq!(
        (h0.transactions, h0.omzet),
        (2, 48_000),
        "00:xx after midnight is the 26th's"
    );
    let d25 = dashboard(&store, &day("2026-11-25"), now()).expect("25");
    assert_eq!(
        d25.summary.omzet,
        5_000 + 36_000,
        "00:30 on the 26th belongs to business day 25"
    );
    assert_eq!(d26.previous.omzet, d25.summary.omzet);
}

#[test]
fn cutoff_boundary_is_exact_to_the_millisecond() {
    let store = store();
    set_business_day_cutoff(&store, 120, chrono::Utc::now()).expect("cutoff");
    insert(&store, paid_cash("A", wib(26, 1, 59, 59, 999), &[(TEH, 1)]));
    insert(&store, paid_cash("B", wib(26, 2, 0, 0, 0), &[(KOPI, 1)]));
    let d25 = dashboard(&store, &day("2026-11-25"), now()).expect("25");
    let d26 = dashboard(&store, &day("2026-11-26"), now()).expect("26");
    assert_eq!(
        d25.summary.omzet, 5_000,
        "01:59:59.999 is still the previous business day"
    );
    assert_eq!(
        d26.summary.omzet, 18_000,
        "02:00:00.000 starts the new business day"
    );
    assert_eq!(d25.by_hour[1].omzet, 5_000);
    assert_eq!(d26.by_hour[2].omzet, 18_000);
}

#[test]
fn wita_shop_counts_by_wita_day() {
    let store = store();
    scenario(&store);
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('shop_timezone', 'Asia/Makassar')",
                [],
            )?;
            Ok(())
        })
        .expect("tz");
    let d = dashboard(&store, &day("2026-11-26"), now()).expect("wita");
    assert_eq!(d.period.zone_label, "WITA");
    // 25th 23:59 WIB = 26th 00:59 WITA now counts; 26th 23:59:59.999 WIB = 27th 00:59 WITA does not;
    // the cash sale at 27th 00:00 WIB = 01:00 WITA does not; DANA at 27th 00:20 WIB neither.
    assert_eq!(d.summary.omzet, 5_000 + 36_000 + 25_000 + 18_000);
    assert_eq!(d.by_hour[0].omzet, 5_000);
    assert_eq!(d.by_hour[1].omzet, 36_000);
}

#[test]
fn empty_period_is_all_zeros_with_every_day_and_hour_present() {
    let store = store();
    scenario(&store);
    let d = dashboard(
        &store,
        &PeriodRequest::custom("2026-01-01", "2026-01-03"),
        now(),
    )
    .expect("empty");
    assert_eq!(d.summary, kasir_reports::Summary::default());
    assert_eq!(
        d.changes,
        kasir_reports::Changes::default(),
        "no comparison against nothing"
    );
    assert_eq!(d.by_day.len(), 3);
    assert!(d.by_day.iter().all(|x| x.transactions == 0 && x.omzet == 0));
    assert_eq!(d.by_hour.len(), 24);
    assert!(d.by_method.iter().all(|m| m.transactions == 0));
    assert!(d.by_issuer.is_empty() && d.top_by_qty.is_empty() && d.top_by_revenue.is_empty());
    let fresh = Store::open_in_memory().expect("fresh");
    let d = dashboard(&fresh, &PeriodRequest::preset(Preset::Today), now()).expect("fresh");
    assert_eq!(d.summary.omzet, 0);
}

#[test]
fn presets_follow_now_in_wib() {
    let store = store();
    scenario(&store);
    // "now" = 27th 08:00 WIB: today is the 27th, yesterday the 26th.
    let now = wib(27, 8, 0, 0, 0);
    let today = dashboard(&store, &PeriodRequest::preset(Preset::Today), now).expect("today");
    assert_eq!(today.period.from, "2026-11-27");
    assert_eq!(today.summary.omzet, 30_000 + 18_000);
    let y = dashboard(&store, &PeriodRequest::preset(Preset::Yesterday), now).expect("y");
    assert_eq!(y.summary.omzet, 84_000);
    let m = dashboard(&store, &PeriodRequest::preset(Preset::ThisMonth), now).expect("m");
    assert_eq!(
        (m.period.from.as_str(), m.period.to.as_str()),
        ("2026-11-01", "2026-11-27")
    );
    assert_eq!(m.summary.omzet, 5_000 + 84_000 + 48_000);
    assert_eq!(m.summary.transactions, 7);
    assert_eq!(
        m.previous_period.from, "2026-10-05",
        "27 days before the 1st"
    );
}

#[test]
fn history_pages_searches_and_filters_orders_created_in_the_period() {
    let store = store();
    let ids = scenario(&store);
    let q = |search: Option<&str>, method, status, page, page_size| HistoryQuery {
        from: "2026-11-26".into(),
        to: "2026-11-27".into(),
        search: search.map(String::from),
        method,
        status,
        cashier_id: None,
        page,
        page_size,
    };
    let p1 = sales_history(&store, &q(None, None, None, 1, 3)).expect("page 1");
    assert_eq!(
        p1.total_rows, 8,
        "every order created on the 26th or 27th, any status"
    );
    assert_eq!(p1.page_count, 3);
    let numbers: Vec<_> = p1.rows.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(
        numbers,
        vec!["INV-261127-0001", "INV-261126-0007", "INV-261126-0006"]
    );
    assert_eq!(
        Clock::new(chrono_tz::Asia::Jakarta, 0).format_local(p1.rows[0].created_at),
        "2026-11-27 00:00:00"
    );
    let p3 = sales_history(&store, &q(None, None, None, 3, 3)).expect("page 3");
    assert_eq!(p3.rows.len(), 2);
    assert_eq!(p3.rows[1].id, ids.cash_0030);

    let found =
        sales_history(&store, &q(Some("inv-261126-0004"), None, None, 1, 10)).expect("search");
    assert_eq!(found.total_rows, 1);
    assert_eq!(found.rows[0].id, ids.ovo_evening);
    assert_eq!(found.rows[0].issuer_label.as_deref(), Some("OVO"));
    assert_eq!(found.rows[0].items, 1);

    let qris = sales_history(
        &store,
        &q(
            None,
            Some(PaymentMethod::Qris),
            Some(OrderStatus::Paid),
            1,
            10,
        ),
    )
    .expect("qris");
    assert_eq!(qris.total_rows, 4);
    let cancelled =
        sales_history(&store, &q(None, None, Some(OrderStatus::Cancelled), 1, 10)).expect("c");
    assert_eq!(
        cancelled.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![ids.cancelled]
    );
    assert_eq!(cancelled.rows[0].status_label, "dibatalkan");
    let awaiting = sales_history(
        &store,
        &q(None, None, Some(OrderStatus::AwaitingPayment), 1, 10),
    )
    .expect("a");
    assert_eq!(awaiting.rows[0].id, ids.awaiting);
    assert_eq!(
        sales_history(&store, &q(None, None, None, 0, 10))
            .expect_err("page 0")
            .kind()
            .as_str(),
        "validation"
    );
}

fn add_attempt(
    store: &Store,
    id: &str,
    order_id: i64,
    late: bool,
    anomaly: Option<&str>,
    at: DateTime<Utc>,
) {
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO payment_attempts (id, order_id, provider, gateway_order_id, gateway_ref,
                        amount, status, issuer, paid_at, late, anomaly, created_at, updated_at)
                 SELECT ?1, id, 'emulator', ?1, 'ref-' || ?1, total, 'paid', payment_issuer,
                        paid_at, ?2, ?3, ?4, ?4 FROM orders WHERE id = ?5",
                rusqlite::params![id, i64::from(late), anomaly, at.timestamp_millis(), order_id],
            )?;
            Ok(())
        })
        .expect("attempt");
}

#[test]
fn reconciliation_lists_paid_qris_with_txn_ids_and_flags_anomalies_and_late_payments() {
    let store = store();
    let ids = scenario(&store);
    add_attempt(
        &store,
        "att-1",
        ids.gopay_noon,
        false,
        Some("amount_mismatch"),
        wib(26, 12, 0, 0, 0),
    );
    add_attempt(
        &store,
        "att-2",
        ids.ovo_evening,
        true,
        None,
        wib(26, 19, 14, 0, 0),
    );
    add_attempt(
        &store,
        "att-3",
        ids.late_crossing_midnight,
        false,
        None,
        wib(26, 23, 50, 0, 0),
    );
    let r = qris_reconciliation(
        &store,
        &ReconciliationQuery {
            from: "2026-11-26".into(),
            to: "2026-11-26".into(),
            page: 1,
            page_size: 50,
        },
    )
    .expect("reconciliation");
    assert_eq!((r.paid_count, r.paid_total), (3, 48_000));
    let rows: Vec<_> = r
        .rows
        .iter()
        .map(|x| (x.number.as_str(), x.late, x.anomaly.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("INV-261126-0007", false, None),
            ("INV-261126-0004", true, None),
            ("INV-261126-0002", false, Some("amount_mismatch")),
        ]
    );
    assert_eq!(
        r.rows[2].gateway_txn_id.as_deref(),
        Some("txn-INV-261126-0002")
    );
    assert_eq!(r.rows[2].issuer_label.as_deref(), Some("GoPay"));
    let flagged: Vec<_> = r
        .flagged
        .iter()
        .map(|f| (f.attempt_id.as_str(), f.late, f.anomaly.clone()))
        .collect();
    assert_eq!(
        flagged,
        vec![
            ("att-2", true, None),
            ("att-1", false, Some("amount_mismatch".to_string()))
        ],
        "only attempts with an anomaly or a late payment are flagged"
    );
    assert!(!r.flagged_truncated);

    let detail = sale_detail(&store, ids.gopay_noon).expect("detail");
    assert_eq!(detail.order.lines.len(), 2);
    assert_eq!(detail.order.total, 25_000);
    assert_eq!(detail.issuer_label.as_deref(), Some("GoPay"));
    let wib = Clock::new(chrono_tz::Asia::Jakarta, 0);
    assert_eq!(wib.format_local(detail.created_at), "2026-11-26 12:00:00");
    assert_eq!(
        detail.paid_at.map(|t| wib.format_local(t)).as_deref(),
        Some("2026-11-26 12:01:00")
    );
    assert_eq!(detail.attempts.len(), 1);
    assert_eq!(
        detail.attempts[0].anomaly.as_deref(),
        Some("amount_mismatch")
    );
    assert_eq!(
        sale_detail(&store, 9_999)
            .expect_err("missing")
            .kind()
            .as_str(),
        "not_found"
    );
}

#[test]
fn csv_export_parses_back_and_its_totals_equal_the_dashboard() {
    let store = store();
    scenario(&store);
    let range = DateRange {
        from: "2026-11-26".into(),
        to: "2026-11-26".into(),
    };
    let mut buf = Vec::new();
    let result = export_csv(&store, &range, &mut buf).expect("export");
    let text = String::from_utf8(buf).expect("UTF-8");
    let records = parse_csv(&text);
    assert_eq!(
        records[0],
        CSV_HEADER.map(String::from).to_vec(),
        "header row first"
    );
    let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).expect("column");
    let rows = &records[1..];
    assert!(rows.iter().all(|r| r.len() == CSV_HEADER.len()));
    assert_eq!(result.rows as usize, rows.len());
    // 5 lines of the 4 paid orders + 1 line each of the cancelled and the unpaid order.
    assert_eq!(rows.len(), 7);
    let d = dashboard(&store, &day("2026-11-26"), now()).expect("dashboard");
    let paid: Vec<_> = rows
        .iter()
        .filter(|r| r[col("status")] == "lunas")
        .collect();
    let mut seen = std::collections::BTreeMap::new();
    for r in &paid {
        seen.insert(
            r[col("no_pesanan")].clone(),
            r[col("total_pesanan")].parse::<i64>().expect("integer"),
        );
    }
    assert_eq!(seen.len() as i64, d.summary.transactions);
    assert_eq!(seen.values().sum::<i64>(), d.summary.omzet);
    assert_eq!((result.paid_orders, result.omzet), (4, 84_000));
    let qty: i64 = paid
        .iter()
        .map(|r| r[col("qty")].parse::<i64>().expect("integer"))
        .sum();
    assert_eq!(qty, d.summary.items_sold);
    let line_sum: i64 = paid
        .iter()
        .map(|r| r[col("total_baris")].parse::<i64>().expect("int"))
        .sum();
    assert_eq!(
        line_sum, d.summary.omzet,
        "no discounts here: lines add up to the orders"
    );
    let first = &rows[0];
    assert_eq!(first[col("no_pesanan")], "INV-261126-0001");
    assert_eq!(first[col("waktu_bayar")], "2026-11-26 00:30:00");
    assert_eq!(first[col("tanggal_bisnis")], "2026-11-26");
    assert_eq!(first[col("metode_bayar")], "tunai");
    assert!(
        rows.iter()
            .any(|r| r[col("nama_barang")] == "Es Teh, \"Manis\""),
        "quoted names survive"
    );
    assert!(rows.iter().any(|r| r[col("status")] == "dibatalkan"));
    assert!(rows.iter().any(|r| r[col("penerbit_qris")] == "OVO"
        && r[col("id_transaksi_gateway")] == "txn-INV-261126-0004"));

    let dir = tempfile::tempdir().expect("tempdir");
    let a = export_csv_to_dir(&store, &range, dir.path()).expect("file");
    let b = export_csv_to_dir(&store, &range, dir.path()).expect("second file");
    assert!(a
        .path
        .ends_with("laporan-penjualan-2026-11-26_2026-11-26.csv"));
    assert!(
        b.path
            .ends_with("laporan-penjualan-2026-11-26_2026-11-26 (2).csv"),
        "never overwrite: {}",
        b.path
    );
    assert_eq!(std::fs::read_to_string(&a.path).expect("read"), text);
    let bad = DateRange {
        from: "2026-11-27".into(),
        to: "2026-11-26".into(),
    };
    assert_eq!(
        export_csv_to_dir(&store, &bad, dir.path())
            .expect_err("bad")
            .kind()
            .as_str(),
        "validation"
    );
}

/// Every row of a sheet as cells (the header row first).
fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let range = wb.worksheet_range(name).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn int(d: &Data) -> i64 {
    match d {
        Data::Float(f) if f.fract() == 0.0 => *f as i64,
        Data::Int(i) => *i,
        other => panic!("expected a number, got {other:?}"),
    }
}

/// The value next to `label` in column A of the summary sheet.
fn summary_value(rows: &[Vec<Data>], label: &str) -> Data {
    rows.iter()
        .find(|r| r.first().map(text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no row {label}"))[1]
        .clone()
}

#[test]
fn xlsx_export_reads_back_with_the_csv_rows_and_the_dashboard_totals() {
    let store = store();
    scenario(&store);
    let range = DateRange {
        from: "2026-11-26".into(),
        to: "2026-11-26".into(),
    };
    let mut buf = Vec::new();
    let csv_result = export_csv(&store, &range, &mut buf).expect("csv");
    let csv = parse_csv(&String::from_utf8(buf).expect("utf8"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested").join("laporan.xlsx");
    let result = export_xlsx_file(&store, &range, &path).expect("xlsx");
    assert_eq!(result.path, path.display().to_string());
    assert_eq!(
        (result.rows, result.orders, result.paid_orders, result.omzet),
        (
            csv_result.rows,
            csv_result.orders,
            csv_result.paid_orders,
            csv_result.omzet
        )
    );
    assert!(
        !path.with_extension("xlsx.part").exists(),
        "no temporary file left"
    );

    let wb: Xlsx<_> = open_workbook(&path).expect("open xlsx");
    assert_eq!(wb.sheet_names(), [XLSX_DATA_SHEET, XLSX_SUMMARY_SHEET]);
    let rows = sheet(&path, XLSX_DATA_SHEET);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        CSV_HEADER.map(String::from).to_vec(),
        "header row first"
    );
    let data = &rows[1..];
    assert_eq!(data.len(), csv.len() - 1, "as many rows as the CSV");
    assert_eq!(data.len() as i64, result.rows);
    let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).expect("column");
    let numeric = [
        "subtotal_pesanan",
        "diskon_pesanan",
        "pajak_pesanan",
        "total_pesanan",
        "qty",
        "harga_satuan",
        "total_baris",
        "layanan_pesanan",
        "pembulatan_pesanan",
        "diskon_baris",
        "hpp_baris",
    ];
    // Same cells as the CSV, in the same order; numbers are real numbers, not text.
    for (x, c) in data.iter().zip(&csv[1..]) {
        for (i, name) in CSV_HEADER.iter().enumerate() {
            let cell = x.get(i).unwrap_or(&Data::Empty);
            if numeric.contains(name) {
                assert!(
                    matches!(cell, Data::Float(_) | Data::Int(_)),
                    "{name}: {cell:?}"
                );
                assert_eq!(int(cell).to_string(), c[i], "{name}");
            } else {
                assert_eq!(text(cell), c[i], "{name}");
            }
        }
    }

    let d = dashboard(&store, &day("2026-11-26"), now()).expect("dashboard");
    let paid: Vec<_> = data
        .iter()
        .filter(|r| text(&r[col("status")]) == "lunas")
        .collect();
    let line_sum: i64 = paid.iter().map(|r| int(&r[col("total_baris")])).sum();
    assert_eq!(
        line_sum, d.summary.omzet,
        "money column adds up to the omzet"
    );
    let mut orders = std::collections::BTreeMap::new();
    for r in &paid {
        orders.insert(text(&r[col("no_pesanan")]), int(&r[col("total_pesanan")]));
    }
    assert_eq!(orders.len() as i64, d.summary.transactions);
    assert_eq!(orders.values().sum::<i64>(), d.summary.omzet);
    let qty: i64 = paid.iter().map(|r| int(&r[col("qty")])).sum();
    assert_eq!(qty, d.summary.items_sold);

    let summary = sheet(&path, XLSX_SUMMARY_SHEET);
    assert_eq!(text(&summary_value(&summary, "Dari tanggal")), "2026-11-26");
    assert_eq!(
        text(&summary_value(&summary, "Sampai tanggal")),
        "2026-11-26"
    );
    assert_eq!(int(&summary_value(&summary, "Omzet")), d.summary.omzet);
    assert_eq!(
        int(&summary_value(&summary, "Transaksi")),
        d.summary.transactions
    );
    assert_eq!(
        int(&summary_value(&summary, "Rata-rata per transaksi")),
        d.summary.average_ticket
    );
    assert_eq!(
        int(&summary_value(&summary, "Barang terjual")),
        d.summary.items_sold
    );
    for m in &d.by_method {
        let row = summary
            .iter()
            .find(|r| text(&r[0]) == m.label)
            .unwrap_or_else(|| panic!("method {}", m.label));
        assert_eq!((int(&row[1]), int(&row[2])), (m.transactions, m.omzet));
    }
    assert!(!d.by_issuer.is_empty());
    for i in &d.by_issuer {
        let row = summary
            .iter()
            .find(|r| text(&r[0]) == i.label)
            .unwrap_or_else(|| panic!("issuer {}", i.label));
        assert_eq!((int(&row[1]), int(&row[2])), (i.transactions, i.omzet));
    }

    let a = export_xlsx_to_dir(&store, &range, dir.path()).expect("file");
    let b = export_xlsx_to_dir(&store, &range, dir.path()).expect("second file");
    assert!(a
        .path
        .ends_with("laporan-penjualan-2026-11-26_2026-11-26.xlsx"));
    assert!(
        b.path
            .ends_with("laporan-penjualan-2026-11-26_2026-11-26 (2).xlsx"),
        "never overwrite: {}",
        b.path
    );
    let bad = DateRange {
        from: "2026-11-27".into(),
        to: "2026-11-26".into(),
    };
    assert_eq!(
        export_xlsx_to_dir(&store, &bad, dir.path())
            .expect_err("bad")
            .kind()
            .as_str(),
        "validation"
    );
}

#[test]
fn xlsx_of_an_empty_period_has_the_header_and_a_zero_summary() {
    let store = store();
    scenario(&store);
    let range = DateRange {
        from: "2026-12-01".into(),
        to: "2026-12-02".into(),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let r = export_xlsx_to_dir(&store, &range, dir.path()).expect("xlsx");
    assert_eq!((r.rows, r.omzet), (0, 0));
    let path = std::path::Path::new(&r.path);
    let rows = sheet(path, XLSX_DATA_SHEET);
    assert_eq!(rows.len(), 1, "header only");
    assert_eq!(text(&rows[0][0]), "no_pesanan");
    let summary = sheet(path, XLSX_SUMMARY_SHEET);
    assert_eq!(int(&summary_value(&summary, "Omzet")), 0);
    assert_eq!(int(&summary_value(&summary, "Jumlah hari")), 2);
}

/// Issue 8 item 3: a refund or chargeback after Lunas shows in the sale's detail and in the
/// reconciliation panel, and is subtracted in the net figures; the order stays paid and the
/// existing omzet figures do not change.
#[test]
fn refunds_and_chargebacks_show_in_detail_and_reconciliation_and_reduce_net() {
    let store = store();
    let ids = scenario(&store);
    add_attempt(
        &store,
        "att-r",
        ids.gopay_noon,
        false,
        None,
        wib(26, 12, 0, 0, 0),
    );
    let before = dashboard(&store, &day("2026-11-26"), now()).expect("dashboard");
    assert_eq!(
        (before.refunds, before.net_omzet),
        (0, before.summary.omzet)
    );
    let changed = store
        .record_reversal(
            "att-r",
            kasir_core::ReversalKind::PartialRefund,
            4_000,
            Some(wib(27, 9, 0, 0, 0)),
            wib(27, 9, 5, 0, 0),
        )
        .expect("refund");
    assert!(changed);
    assert!(
        !store
            .record_reversal(
                "att-r",
                kasir_core::ReversalKind::PartialRefund,
                4_000,
                None,
                wib(27, 10, 0, 0, 0)
            )
            .expect("again"),
        "the same report twice records nothing new"
    );
    let after = dashboard(&store, &day("2026-11-26"), now()).expect("dashboard");
    assert_eq!(after.summary, before.summary, "omzet and counts unchanged");
    assert_eq!(after.refunds, 4_000);
    assert_eq!(after.net_omzet, before.summary.omzet - 4_000);
    let detail = sale_detail(&store, ids.gopay_noon).expect("detail");
    assert_eq!(detail.order.status, OrderStatus::Paid, "never un-paid");
    assert_eq!(detail.reversals.len(), 1);
    assert_eq!(detail.reversals[0].amount, 4_000);
    assert_eq!(detail.net_total, detail.order.total - 4_000);
    let r = qris_reconciliation(
        &store,
        &ReconciliationQuery {
            from: "2026-11-26".into(),
            to: "2026-11-26".into(),
            page: 1,
            page_size: 50,
        },
    )
    .expect("reconciliation");
    assert_eq!(r.reversals.len(), 1);
    assert_eq!(r.reversals[0].kind, "partial_refund");
    assert_eq!(r.reversals[0].kind_label, "Refund sebagian");
    assert_eq!(r.reversed_total, 4_000);
    assert_eq!(r.net_total, r.paid_total - 4_000);
}

#[test]
fn history_filters_by_who_rang_the_sale_up() {
    use kasir_core::{CartLineInput, CloseShiftInput, CountedCash, NewUser, PayCashRequest, Role};
    let store = store();
    let now = chrono::Utc::now();
    let owner = kasir_core::testing::open_till(&store, now);
    let sale = |qty| PayCashRequest {
        lines: vec![CartLineInput {
            product_id: 1,
            qty,
            discount: None,
            options: Vec::new(),
            note: None,
        }],
        tendered: 1_000_000,
        cart: None,
    };
    store.pay_cash(&sale(1), now).expect("owner's sale");
    let rina = store
        .add_user(
            &NewUser {
                name: "Rina".into(),
                role: Role::Cashier,
                pin: "802461".into(),
            },
            now,
        )
        .expect("cashier");
    store
        .close_shift(
            &CloseShiftInput {
                counted: CountedCash::Total { amount: 18_000 },
                note: None,
                open_bills: None,
            },
            now,
        )
        .expect("close");
    store.sign_in(rina.id, "802461", now).expect("rina");
    store.open_shift(0, now).expect("rina's shift");
    store.pay_cash(&sale(1), now).expect("rina 1");
    store.pay_cash(&sale(2), now).expect("rina 2");
    let day = kasir_core::shop_clock::local_day_code(now, chrono_tz::Asia::Jakarta);
    let date = format!("20{}-{}-{}", &day[0..2], &day[2..4], &day[4..6]);
    let q = |cashier_id| HistoryQuery {
        from: date.clone(),
        to: date.clone(),
        search: None,
        method: None,
        status: None,
        cashier_id,
        page: 1,
        page_size: 50,
    };
    let mine = sales_history(&store, &q(Some(rina.id))).expect("rina's");
    assert_eq!(mine.total_rows, 2, "only Rina's two sales");
    assert!(mine
        .rows
        .iter()
        .all(|r| r.cashier.as_deref() == Some("Rina")));
    let owners = sales_history(&store, &q(Some(owner.user_id))).expect("owner's");
    assert_eq!(owners.total_rows, 1);
    assert_eq!(sales_history(&store, &q(None)).expect("all").total_rows, 3);
}

/// Refunds against hand-computed rupiah: a cash sale refunded in part from the drawer, a QRIS
/// sale refunded through the gateway and also reported by the gateway (never counted twice),
/// per method and issuer, and the export's refund rows.
#[test]
fn net_omzet_subtracts_refunds_once_per_method_and_issuer() {
    use kasir_core::{
        CartLineInput, NewAttempt, PayCashRequest, RefundInput, RefundLineInput, RefundOutcome,
    };
    let store = store();
    let now = chrono::Utc::now();
    kasir_core::testing::open_till(&store, now);
    // Cash: 2 × Kopi Susu 18.000 = 36.000; one back → refund 18.000.
    let cash = store
        .pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput {
                    product_id: 1,
                    qty: 2,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                tendered: 50_000,
                cart: None,
            },
            now,
        )
        .expect("cash sale");
    let line = store.refundable(cash.id).expect("r").lines[0].order_line_id;
    store
        .refund_cash(
            &RefundInput {
                order_id: cash.id,
                lines: vec![RefundLineInput {
                    order_line_id: line,
                    qty: 1,
                    restock: true,
                }],
                reason: "kebanyakan".into(),
                to_cash: false,
                replaces_refund_id: None,
            },
            now,
        )
        .expect("cash refund");
    // QRIS (GoPay): Roti Bakar 15.000 + Es Teh 5.000 = 20.000; the Es Teh back → 5.000, which the
    // gateway also reports as a partial refund of 5.000.
    let qris = store
        .create_awaiting_order(
            &[
                CartLineInput {
                    product_id: 2,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                },
                CartLineInput {
                    product_id: 3,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                },
            ],
            &Default::default(),
            now,
        )
        .expect("qris order");
    let (a, _) = store
        .begin_attempt(
            qris.id,
            NewAttempt {
                id: "rq1",
                gateway_order_id: "G-rq1",
                provider: "emulator",
            },
            now,
        )
        .expect("attempt");
    store
        .finalize_paid_attempt(&a.id, Some("gopay"), Some("TX-1"), now, now)
        .expect("paid");
    let teh = store.refundable(qris.id).expect("r").lines[1].order_line_id;
    let (pending, _) = store
        .begin_qris_refund(
            &RefundInput {
                order_id: qris.id,
                lines: vec![RefundLineInput {
                    order_line_id: teh,
                    qty: 1,
                    restock: true,
                }],
                reason: "salah rasa".into(),
                to_cash: false,
                replaces_refund_id: None,
            },
            now,
        )
        .expect("qris refund");
    store
        .finish_qris_refund(
            pending.id,
            &RefundOutcome::Succeeded {
                gateway_refund_id: Some("rf-1".into()),
            },
            now,
        )
        .expect("done");
    store
        .record_reversal(
            &a.id,
            kasir_core::ReversalKind::PartialRefund,
            5_000,
            Some(now),
            now,
        )
        .expect("the gateway reports it too");

    let day = kasir_core::shop_clock::local_day_code(now, chrono_tz::Asia::Jakarta);
    let date = format!("20{}-{}-{}", &day[0..2], &day[2..4], &day[4..6]);
    let d = kasir_reports::dashboard(
        &store,
        &kasir_reports::PeriodRequest {
            preset: kasir_reports::Preset::Custom,
            from: Some(date.clone()),
            to: Some(date.clone()),
        },
        now,
    )
    .expect("dashboard");
    assert_eq!(d.summary.omzet, 56_000, "bruto: 36.000 + 20.000");
    assert_eq!(
        d.refunds, 23_000,
        "18.000 cash + 5.000 QRIS (reported twice, counted once)"
    );
    assert_eq!(d.net_omzet, 33_000);
    let cash_row = &d.by_method[0];
    assert_eq!(
        (cash_row.omzet, cash_row.refunds, cash_row.net),
        (36_000, 18_000, 18_000)
    );
    let qris_row = &d.by_method[1];
    assert_eq!(
        (qris_row.omzet, qris_row.refunds, qris_row.net),
        (20_000, 5_000, 15_000)
    );
    let gopay = d
        .by_issuer
        .iter()
        .find(|i| i.label == "GoPay")
        .expect("gopay");
    assert_eq!((gopay.refunds, gopay.net), (5_000, 15_000));

    let mut out = Vec::new();
    kasir_reports::export_csv(
        &store,
        &DateRange {
            from: date.clone(),
            to: date,
        },
        &mut out,
    )
    .expect("csv");
    let rows = parse_csv(&String::from_utf8(out).expect("utf8"));
    let refunds: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "pengembalian").collect();
    assert_eq!(refunds.len(), 2, "one row per returned line");
    let total: i64 = refunds
        .iter()
        .map(|r| r[17].parse::<i64>().expect("int"))
        .sum();
    assert_eq!(total, -23_000);
}

/// Laba & Pajak against hand-computed rupiah: HPP copied at sale time, profit by product and
/// category, tax and service per month, and the QRIS MDR estimate (micro merchant: 0 % up to
/// Rp 500.000 per transaction).
#[test]
fn profit_report_uses_the_cost_copied_at_sale_time() {
    use kasir_core::kasir_pricing::{PricingSettings, TaxMode};
    use kasir_core::{CartLineInput, PayCashRequest};
    let store = store();
    let now = chrono::Utc::now();
    kasir_core::testing::open_till(&store, now);
    store
        .write(|tx| {
            tx.execute("UPDATE products SET cost_price = 6000 WHERE id = 1", [])?;
            tx.execute("UPDATE products SET cost_price = 9000 WHERE id = 2", [])?;
            Ok(())
        })
        .expect("costs");
    store
        .save_pricing_settings(
            &PricingSettings {
                tax: TaxMode::pbjt_default(),
                ..PricingSettings::default()
            },
            now,
        )
        .expect("PBJT 10 %");
    // 2 × Kopi 18.000 + 1 × Roti 15.000 = 51.000, PBJT 5.100 → 56.100.
    let sale = store
        .pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput::new(1, 2), CartLineInput::new(2, 1)],
                tendered: 60_000,
                cart: None,
            },
            now,
        )
        .expect("sale");
    assert_eq!((sale.total, sale.tax_total), (56_100, 5_100));
    // The cost changes afterwards: the report keeps the cost of the sale.
    store
        .write(|tx| {
            tx.execute("UPDATE products SET cost_price = 99000", [])?;
            Ok(())
        })
        .expect("new costs");
    let day = kasir_core::shop_clock::local_day_code(now, chrono_tz::Asia::Jakarta);
    let date = format!("20{}-{}-{}", &day[0..2], &day[2..4], &day[4..6]);
    let r = kasir_reports::profit_report(
        &store,
        &kasir_reports::PeriodRequest {
            preset: kasir_reports::Preset::Custom,
            from: Some(date.clone()),
            to: Some(date.clone()),
        },
        now,
    )
    .expect("profit");
    assert_eq!(
        (r.orders, r.subtotal, r.tax, r.omzet),
        (1, 51_000, 5_100, 56_100)
    );
    assert_eq!(r.sales, 51_000, "sales without tax");
    assert_eq!(r.cost, 2 * 6_000 + 9_000);
    assert_eq!(r.gross_profit, 51_000 - 21_000);
    assert_eq!(r.margin_bps, 5882, "30.000 / 51.000 = 58,82 %");
    let kopi = r
        .by_product
        .iter()
        .find(|p| p.key == "KOPI-1")
        .expect("kopi");
    assert_eq!(
        (kopi.qty, kopi.sales, kopi.cost, kopi.gross_profit),
        (2, 36_000, 12_000, 24_000)
    );
    assert_eq!(r.tax_by_month.len(), 1);
    assert_eq!(r.tax_by_month[0].tax, 5_100);
    assert_eq!((r.qris_total, r.qris_mdr_estimate), (0, 0));
}

#[test]
fn a_split_sale_counts_each_tender_by_its_method_from_roll_ups_and_raw_rows_alike() {
    let store = store();
    let at = wib(26, 12, 10, 0, 0);
    kasir_core::testing::open_till(&store, at);
    let line = kasir_core::testing::line;
    let order = store
        .create_split_order(&[line(KOPI, 2), line(ROTI, 1)], &Default::default(), at)
        .expect("split order");
    assert_eq!(order.total, 51_000);
    store
        .pay_part_cash(order.id, Some(20_000), 20_000, at)
        .expect("cash part");
    let (attempt, _) = store
        .begin_attempt(
            order.id,
            kasir_core::NewAttempt {
                id: "split-rest",
                gateway_order_id: "KA-split-rest",
                provider: "midtrans",
            },
            at,
        )
        .expect("rest");
    store
        .finalize_paid_attempt(&attempt.id, Some("GOPAY"), Some("trx-split"), at, at)
        .expect("paid");
    // Ten minutes later the sale's hour is still open (read from the raw rows); two days later
    // the day comes from the roll-ups. Both count the sale once and each tender by its method.
    for now in [wib(26, 12, 20, 0, 0), wib(28, 10, 0, 0, 0)] {
        let d = dashboard(&store, &day("2026-11-26"), now).expect("dashboard");
        assert_eq!(
            (d.summary.transactions, d.summary.omzet),
            (1, 51_000),
            "{now}"
        );
        let methods: Vec<_> = d
            .by_method
            .iter()
            .map(|m| (m.label.as_str(), m.transactions, m.omzet))
            .collect();
        assert_eq!(
            methods,
            vec![("Tunai", 1, 20_000), ("QRIS", 1, 31_000)],
            "{now}"
        );
        let issuers: Vec<_> = d
            .by_issuer
            .iter()
            .map(|i| (i.label.as_str(), i.transactions, i.omzet))
            .collect();
        assert_eq!(issuers, vec![("GoPay", 1, 31_000)], "{now}");
    }
    // The CSV names both tenders.
    let range = DateRange {
        from: "2026-11-26".into(),
        to: "2026-11-26".into(),
    };
    let mut buf = Vec::new();
    export_csv(&store, &range, &mut buf).expect("csv");
    let csv = String::from_utf8(buf).expect("utf8");
    assert!(csv.contains("tunai:20000+qris:31000"), "{csv}");
}

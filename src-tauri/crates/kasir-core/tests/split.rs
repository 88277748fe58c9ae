//! Split payment against hand-computed rupiah: part cash + QRIS for the rest, an expired QR
//! part that leaves the cash part paid and the rest due, equal and item shares, exact-sum
//! enforcement (in Rust and in the database), the shift and the report roll-ups counting each
//! tender by its method, and giving a split order up.

use chrono::{Duration, Utc};
use kasir_core::{
    AttemptStatus, CoreError, Finalized, NewAttempt, OrderStatus, PartPlan, PaymentMethod, Store,
};

use kasir_core::testing::{line, product};

/// A till with KOPI Rp 18.000 and ROTI Rp 15.000; an order of 2 KOPI + 1 ROTI = Rp 51.000.
fn split_order() -> (Store, i64, i64, i64) {
    let store = kasir_core::testing::till();
    let kopi = product(&store, "KOPI", 18_000);
    let roti = product(&store, "ROTI", 15_000);
    let order = store
        .create_split_order(
            &[line(kopi, 2), line(roti, 1)],
            &Default::default(),
            Utc::now(),
        )
        .expect("split order");
    assert_eq!(order.total, 51_000);
    assert!(order.split);
    assert_eq!(order.due, 51_000);
    (store, order.id, kopi, roti)
}

fn stock(store: &Store, id: i64) -> i64 {
    store.product_row(id).expect("row").product.stock
}

fn qr_part(store: &Store, order_id: i64, n: u32, amount: i64) -> String {
    let id = format!("att-{order_id}-{n}");
    let (attempt, created) = store
        .begin_part_attempt(
            order_id,
            NewAttempt {
                id: &id,
                gateway_order_id: &format!("KA-{id}"),
                provider: "midtrans",
            },
            amount,
            Utc::now(),
        )
        .expect("attempt");
    assert!(created);
    assert_eq!(attempt.amount, amount);
    store
        .record_charge(
            &id,
            &format!("ref-{id}"),
            Some("000201"),
            None,
            Utc::now() + Duration::minutes(15),
            Utc::now(),
        )
        .expect("charge");
    id
}

fn payment_rollup(store: &Store) -> Vec<(String, i64, i64)> {
    store
        .read(|c| {
            let mut st = c.prepare(
                "SELECT method, SUM(orders), SUM(omzet) FROM report_payment_daily
                 GROUP BY method ORDER BY method",
            )?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .expect("rollup")
}

#[test]
fn part_cash_then_qris_for_the_rest_is_lunas_and_each_tender_counts_by_its_method() {
    let (store, order_id, kopi, roti) = split_order();
    let now = Utc::now();

    // Rp 20.000 in cash out of a Rp 50.000 note: change Rp 30.000, Rp 31.000 still due.
    let order = store
        .pay_part_cash(order_id, Some(20_000), 50_000, now)
        .expect("cash part");
    assert_eq!(order.status, OrderStatus::AwaitingPayment);
    assert_eq!(order.due, 31_000);
    assert_eq!(order.tenders.len(), 1);
    assert_eq!(order.tenders[0].amount, 20_000);
    assert_eq!(order.tenders[0].change, Some(30_000));
    // Nothing leaves the shelf until the order is Lunas.
    assert_eq!((stock(&store, kopi), stock(&store, roti)), (50, 50));

    // The QR is for exactly what is due, computed from the stored order.
    assert_eq!(
        store.part_amount(order_id, &PartPlan::Rest).expect("rest"),
        31_000
    );
    let (attempt, _) = store
        .begin_attempt(
            order_id,
            NewAttempt {
                id: "rest",
                gateway_order_id: "KA-rest",
                provider: "midtrans",
            },
            now,
        )
        .expect("rest attempt");
    assert_eq!(attempt.amount, 31_000);
    let out = store
        .finalize_paid_attempt("rest", Some("GOPAY"), Some("txn-1"), now, now)
        .expect("paid");
    assert_eq!(out, Finalized::OrderPaid { late: false });

    let order = store.order(order_id).expect("order");
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(order.due, 0);
    assert_eq!(order.payment_method, Some(PaymentMethod::Qris));
    let parts: Vec<(PaymentMethod, i64)> =
        order.tenders.iter().map(|t| (t.method, t.amount)).collect();
    assert_eq!(
        parts,
        vec![(PaymentMethod::Cash, 20_000), (PaymentMethod::Qris, 31_000)]
    );
    assert_eq!(order.tenders[1].issuer_label.as_deref(), Some("GoPay"));
    assert_eq!((stock(&store, kopi), stock(&store, roti)), (48, 49));

    // The shift: Rp 20.000 cash in the drawer, Rp 31.000 by QRIS, one sale.
    let report = store
        .current_shift_report(now)
        .expect("report")
        .expect("open shift");
    assert_eq!((report.cash.sales_count, report.cash.sales), (1, 20_000));
    assert_eq!(report.cash.expected, 20_000);
    assert_eq!((report.qris.count, report.qris.total), (1, 31_000));
    assert_eq!(report.qris.by_issuer[0].issuer_label, "GoPay");
    assert_eq!((report.order_count, report.sales_total), (1, 51_000));

    // The report roll-ups count each tender under its method; the sale once.
    assert_eq!(
        payment_rollup(&store),
        vec![("cash".into(), 1, 20_000), ("qris".into(), 1, 31_000)]
    );
    let (orders, omzet): (i64, i64) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT SUM(orders), SUM(omzet) FROM report_sales_hourly",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("sales");
    assert_eq!((orders, omzet), (1, 51_000));
}

#[test]
fn an_expired_qr_part_leaves_the_cash_part_paid_and_the_rest_due() {
    let (store, order_id, _, _) = split_order();
    let now = Utc::now();
    store
        .pay_part_cash(order_id, Some(20_000), 20_000, now)
        .expect("cash part");
    // Two friends share the rest: Rp 31.000 / 2 = Rp 15.500 each.
    let share = store
        .part_amount(order_id, &PartPlan::Equal { people: 2 })
        .expect("share");
    assert_eq!(share, 15_500);
    let first = qr_part(&store, order_id, 1, share);
    store
        .close_attempt(&first, AttemptStatus::Expired, "expire", now)
        .expect("expired");
    // The payment service releases an order whose QR ended: a split order stays open.
    let order = store.cancel_awaiting_order(order_id).expect("release");
    assert_eq!(order.status, OrderStatus::AwaitingPayment);
    assert_eq!(order.due, 31_000);
    assert_eq!(order.tenders.len(), 1);

    // A new QR for the same share is paid: one part more, the rest still due.
    let second = qr_part(&store, order_id, 2, share);
    let out = store
        .finalize_paid_attempt(&second, Some("DANA"), Some("txn-2"), now, now)
        .expect("part paid");
    assert_eq!(out, Finalized::PartPaid);
    let order = store.order(order_id).expect("order");
    assert_eq!(order.status, OrderStatus::AwaitingPayment);
    assert_eq!(order.due, 15_500);
    // Paid twice by the worker: still one part.
    assert_eq!(
        store
            .finalize_paid_attempt(&second, Some("DANA"), Some("txn-2"), now, now)
            .expect("again"),
        Finalized::AlreadyFinal
    );
    assert_eq!(store.order(order_id).expect("order").due, 15_500);

    // The second friend pays the last share in cash: Lunas, three tenders adding up exactly.
    let order = store
        .pay_part_cash(order_id, None, 20_000, now)
        .expect("last part");
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(order.cash_change, Some(4_500));
    let sum: i64 = order.tenders.iter().map(|t| t.amount).sum();
    assert_eq!((order.tenders.len(), sum), (3, 51_000));
    let report = store
        .current_shift_report(now)
        .expect("report")
        .expect("open shift");
    assert_eq!(report.cash.sales, 35_500);
    assert_eq!(report.cash.expected, 35_500);
    assert_eq!(report.qris.total, 15_500);
}

#[test]
fn parts_must_add_up_exactly_to_the_total() {
    let (store, order_id, _, _) = split_order();
    let now = Utc::now();
    // More cash than is due, or less handed over than the part: refused, nothing written.
    assert!(matches!(
        store.pay_part_cash(order_id, Some(60_000), 100_000, now),
        Err(CoreError::Validation(_))
    ));
    assert!(matches!(
        store.pay_part_cash(order_id, Some(20_000), 10_000, now),
        Err(CoreError::InsufficientTender {
            total: 20_000,
            tendered: 10_000
        })
    ));
    assert!(store.pay_part_cash(order_id, Some(0), 10_000, now).is_err());
    // A QR for more than is due is refused.
    assert!(store
        .begin_part_attempt(
            order_id,
            NewAttempt {
                id: "big",
                gateway_order_id: "KA-big",
                provider: "midtrans",
            },
            51_001,
            now,
        )
        .is_err());
    assert_eq!(store.order(order_id).expect("order").due, 51_000);

    // A QR part for Rp 31.000 is open: cash that would leave less than it charges is refused
    // (the customer could still pay it and would pay twice); Rp 20.000 leaves room for it.
    let qr = qr_part(&store, order_id, 1, 31_000);
    assert!(matches!(
        store.pay_part_cash(order_id, Some(30_000), 30_000, now),
        Err(CoreError::Validation(_))
    ));
    assert!(matches!(
        store.cancel_split_order(order_id, now),
        Err(CoreError::Validation(_))
    ));
    // The QR expires; cash for Rp 30.000 leaves Rp 21.000 due. A settlement of the expired QR
    // arriving now no longer fits.
    store
        .close_attempt(&qr, AttemptStatus::Expired, "expire", now)
        .expect("expired");
    store
        .pay_part_cash(order_id, Some(30_000), 30_000, now)
        .expect("cash");
    let out = store
        .finalize_paid_attempt(&qr, Some("OVO"), Some("txn-9"), now, now)
        .expect("stale part");
    assert_eq!(out, Finalized::LateDuplicate);
    let attempt = store.attempt(&qr).expect("attempt");
    assert!(attempt.late);
    assert!(attempt.anomaly.as_deref().unwrap_or("").contains("refund"));
    let order = store.order(order_id).expect("order");
    assert_eq!(
        (order.status, order.due),
        (OrderStatus::AwaitingPayment, 21_000)
    );

    // The database refuses a part beyond the total, a part of a one-tender order, and edits.
    let write = |sql: &str| {
        store.write(|tx| {
            tx.execute_batch(sql)?;
            Ok(())
        })
    };
    assert!(write(&format!(
        "INSERT INTO order_tenders (order_id, method, amount, tendered, change, paid_at)
         VALUES ({order_id}, 'cash', 21001, 21001, 0, 1)"
    ))
    .is_err());
    assert!(write("UPDATE order_tenders SET amount = 1").is_err());
    assert!(write("DELETE FROM order_tenders").is_err());
    assert!(write(&format!(
        "UPDATE orders SET split = 0 WHERE id = {order_id}"
    ))
    .is_err());
}

#[test]
fn item_shares_are_what_the_customer_pays_for_those_lines() {
    let (store, order_id, _, _) = split_order();
    // Line 1: 2 KOPI (Rp 36.000), line 2: 1 ROTI (Rp 15.000).
    let items = |lines: Vec<u32>| store.part_amount(order_id, &PartPlan::Items { lines });
    assert_eq!(items(vec![0]).expect("kopi"), 36_000);
    assert_eq!(items(vec![1]).expect("roti"), 15_000);
    assert_eq!(items(vec![1, 1]).expect("once"), 15_000);
    assert!(items(vec![2]).is_err());
    assert!(items(vec![]).is_err());
    store
        .pay_part_cash(order_id, Some(40_000), 40_000, Utc::now())
        .expect("cash");
    // More than is left of the bill: refused.
    assert!(items(vec![0]).is_err());
    assert!(store
        .part_amount(order_id, &PartPlan::Equal { people: 0 })
        .is_err());
}

#[test]
fn giving_up_a_split_order_hands_cash_parts_back_and_refuses_once_qris_was_paid() {
    let (store, order_id, _, _) = split_order();
    let now = Utc::now();
    // Nothing paid: given up without a reason.
    let other = store
        .create_split_order(
            &[line(product(&store, "TEH", 5_000), 1)],
            &Default::default(),
            now,
        )
        .expect("other");
    assert_eq!(
        store
            .cancel_split_order(other.id, now)
            .expect("cancel")
            .status,
        OrderStatus::Cancelled
    );

    store
        .pay_part_cash(order_id, Some(20_000), 20_000, now)
        .expect("cash");
    assert!(store.cancel_split_order(order_id, now).is_err());
    let voided = store
        .void_order(order_id, "pelanggan batal", now)
        .expect("void");
    assert_eq!(voided.status, OrderStatus::Cancelled);
    let report = store
        .current_shift_report(now)
        .expect("report")
        .expect("open shift");
    // The Rp 20.000 came in and went back out: the drawer is as before.
    assert_eq!(report.cash.sales, 20_000);
    assert_eq!(report.cash.refunds, 20_000);
    assert_eq!(report.cash.expected, 0);

    // A split order with a QRIS part paid cannot be voided (the money is at the gateway).
    let (store, order_id, _, _) = split_order();
    let qr = qr_part(&store, order_id, 1, 10_000);
    store
        .finalize_paid_attempt(&qr, Some("GOPAY"), None, now, now)
        .expect("part");
    assert!(matches!(
        store.void_order(order_id, "batal", now),
        Err(CoreError::Validation(_))
    ));
    assert_eq!(
        store.order(order_id).expect("order").status,
        OrderStatus::AwaitingPayment
    );
}

#[test]
fn a_split_order_paid_in_cash_only_is_refunded_in_cash() {
    let (store, order_id, _, _) = split_order();
    let now = Utc::now();
    store
        .pay_part_cash(order_id, Some(25_000), 25_000, now)
        .expect("first");
    store
        .pay_part_cash(order_id, None, 26_000, now)
        .expect("second");
    let refundable = store.refundable(order_id).expect("refundable");
    assert_eq!(refundable.method, PaymentMethod::Cash);
    assert_eq!(refundable.paid_total, 51_000);
}

#[test]
fn a_cash_part_by_plan_is_computed_from_the_stored_order() {
    let (store, order_id, _, _) = split_order();
    let now = Utc::now();
    // Three friends: Rp 51.000 / 3 = Rp 17.000 each.
    let order = store
        .pay_planned_part_cash(order_id, &PartPlan::Equal { people: 3 }, 20_000, now)
        .expect("share");
    assert_eq!((order.tenders[0].amount, order.due), (17_000, 34_000));
    let order = store
        .pay_planned_part_cash(order_id, &PartPlan::Items { lines: vec![1] }, 15_000, now)
        .expect("roti");
    assert_eq!(order.due, 19_000);
    let order = store
        .pay_planned_part_cash(order_id, &PartPlan::Rest, 19_000, now)
        .expect("rest");
    assert_eq!(
        (order.status, order.cash_change),
        (OrderStatus::Paid, Some(0))
    );
}

#[test]
fn a_quick_sale_left_mid_split_is_found_again_for_the_checkout() {
    let (store, order_id, _, _) = split_order();
    assert_eq!(
        store.pending_split_order().expect("pending"),
        Some(order_id)
    );
    store
        .pay_part_cash(order_id, Some(20_000), 20_000, Utc::now())
        .expect("cash");
    assert_eq!(
        store.pending_split_order().expect("pending"),
        Some(order_id)
    );
    store
        .pay_part_cash(order_id, None, 31_000, Utc::now())
        .expect("rest");
    assert_eq!(store.pending_split_order().expect("none left"), None);
}

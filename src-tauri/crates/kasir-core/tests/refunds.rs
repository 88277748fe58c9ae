//! Refunds and voids against hand-computed rupiah: partial returns with stock, the cash refund
//! in the shift arithmetic, QRIS refunds pending → done or refused → cash instead, and the
//! invariants (never more than paid, never more than sold, never edited).

use chrono::Utc;
use kasir_core::{
    CartLineInput, CloseShiftInput, CoreError, CountedCash, NewAttempt, PayCashRequest,
    RefundInput, RefundLineInput, RefundOutcome, RefundStatus, Store,
};

use kasir_core::testing::product;

fn stock(store: &Store, id: i64) -> i64 {
    store.product_row(id).expect("row").product.stock
}

fn till() -> (Store, i64, i64) {
    let store = Store::open_in_memory().expect("store");
    kasir_core::testing::open_till(&store, Utc::now());
    let kopi = product(&store, "KOPI", 18_000);
    let roti = product(&store, "ROTI", 15_000);
    (store, kopi, roti)
}

fn input(order_id: i64, lines: Vec<RefundLineInput>, to_cash: bool) -> RefundInput {
    RefundInput {
        order_id,
        lines,
        reason: "salah pesan".into(),
        to_cash,
        replaces_refund_id: None,
    }
}

#[test]
fn partial_cash_returns_restock_pay_from_the_drawer_and_never_exceed_what_was_sold() {
    let (store, kopi, roti) = till();
    let now = Utc::now();
    let order = store
        .pay_cash(
            &PayCashRequest {
                lines: vec![
                    CartLineInput {
                        product_id: kopi,
                        qty: 3,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                    CartLineInput {
                        product_id: roti,
                        qty: 1,
                        discount: None,
                        options: Vec::new(),
                        note: None,
                    },
                ],
                tendered: 100_000,
                cart: None,
            },
            now,
        )
        .expect("sale: 3 × 18.000 + 15.000 = 69.000");
    assert_eq!(order.total, 69_000);
    let kopi_line = store.refundable(order.id).expect("refundable").lines[0].order_line_id;
    let roti_line = store.refundable(order.id).expect("refundable").lines[1].order_line_id;
    assert_eq!(stock(&store, kopi), 47);

    // Two coffees back, one of them spilled (not restocked): Rp 36.000.
    let r1 = store
        .refund_cash(
            &input(
                order.id,
                vec![RefundLineInput {
                    order_line_id: kopi_line,
                    qty: 1,
                    restock: true,
                }],
                false,
            ),
            now,
        )
        .expect("first return");
    assert_eq!((r1.amount, r1.status), (18_000, RefundStatus::Succeeded));
    let r2 = store
        .refund_cash(
            &input(
                order.id,
                vec![RefundLineInput {
                    order_line_id: kopi_line,
                    qty: 1,
                    restock: false,
                }],
                false,
            ),
            now,
        )
        .expect("second return, damaged");
    assert_eq!(r2.amount, 18_000);
    assert_eq!(
        stock(&store, kopi),
        48,
        "only the restocked coffee is back on the shelf"
    );
    // Two coffees left to return at most.
    let e = store
        .refund_cash(
            &input(
                order.id,
                vec![RefundLineInput {
                    order_line_id: kopi_line,
                    qty: 2,
                    restock: true,
                }],
                false,
            ),
            now,
        )
        .expect_err("3 sold, 2 returned: not 2 more");
    assert!(matches!(e, CoreError::Validation(_)), "{e:?}");
    // The rest as a whole refund: 1 coffee + 1 roti = what is left of the total, Rp 33.000.
    let rest = store
        .refund_cash(&input(order.id, Vec::new(), false), now)
        .expect("the rest");
    assert_eq!(rest.amount, 69_000 - 36_000);
    assert_eq!(rest.lines.len(), 2);
    assert_eq!(stock(&store, roti), 50, "roti back");
    let all = store.refundable(order.id).expect("refundable");
    assert_eq!(all.refunded_total, all.paid_total);
    assert!(
        store
            .refund_cash(&input(order.id, Vec::new(), false), now)
            .is_err(),
        "nothing left"
    );
    let _ = roti_line;

    // The drawer: opening 0 + 69.000 sales − 69.000 refunds.
    let report = store
        .close_shift(
            &CloseShiftInput {
                counted: CountedCash::Total { amount: 0 },
                note: None,
                open_bills: None,
            },
            now,
        )
        .expect("close");
    assert_eq!(report.cash.sales, 69_000);
    assert_eq!(report.cash.refunds, 69_000);
    assert_eq!(report.cash.expected, 0);

    // Never edited, never deleted; the triggers hold even against raw SQL.
    let edit = store.write(|tx| {
        tx.execute("UPDATE refunds SET amount = 1 WHERE id = ?1", [r1.id])?;
        Ok(())
    });
    assert!(edit.is_err(), "a refund cannot be edited");
    let over = store.write(|tx| {
        tx.execute(
            "INSERT INTO refunds (order_id, method, amount, reason, status, refund_key, created_at, completed_at)
             VALUES (?1, 'cash', 1, 'x', 'succeeded', 'RF-raw', 0, 0)",
            [order.id],
        )?;
        Ok(())
    });
    assert!(
        over.is_err(),
        "the refunded total never exceeds the paid total"
    );
}

#[test]
fn a_cash_refund_needs_an_open_shift_and_enough_cash_in_the_drawer() {
    let (store, kopi, _) = till();
    let now = Utc::now();
    let order = store
        .pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput {
                    product_id: kopi,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                tendered: 18_000,
                cart: None,
            },
            now,
        )
        .expect("sale");
    // Take the cash out, then try to refund it.
    store
        .record_cash_movement(
            &kasir_core::CashMovementInput {
                kind: kasir_core::CashMovementKind::Out,
                amount: 18_000,
                reason: "setor ke bank".into(),
            },
            now,
        )
        .expect("cash out");
    let e = store
        .refund_cash(&input(order.id, Vec::new(), false), now)
        .expect_err("empty drawer");
    assert!(matches!(e, CoreError::Validation(_)), "{e:?}");
    assert!(
        store
            .refunds_for_order(order.id)
            .expect("refunds")
            .is_empty(),
        "nothing written"
    );
}

fn qris_sale(store: &Store, product_id: i64, id: &str) -> kasir_core::Order {
    let now = Utc::now();
    let order = store
        .create_awaiting_order(
            &[CartLineInput {
                product_id,
                qty: 2,
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
            now,
        )
        .expect("order");
    let (a, _) = store
        .begin_attempt(
            order.id,
            NewAttempt {
                id,
                gateway_order_id: &format!("G-{id}"),
                provider: "emulator",
            },
            now,
        )
        .expect("attempt");
    store
        .finalize_paid_attempt(&a.id, Some("gopay"), Some("TXN"), now, now)
        .expect("paid");
    store.order(order.id).expect("order")
}

#[test]
fn a_qris_refund_is_pending_until_the_gateway_answers_and_a_refusal_can_be_given_in_cash() {
    let (store, kopi, _) = till();
    let now = Utc::now();
    let order = qris_sale(&store, kopi, "a1");
    assert_eq!(order.total, 36_000);
    let line = store.refundable(order.id).expect("r").lines[0].order_line_id;
    let e = store
        .refund_cash(&input(order.id, Vec::new(), false), now)
        .expect_err("not cash");
    assert!(matches!(e, CoreError::Validation(_)));
    let (pending, req) = store
        .begin_qris_refund(
            &input(
                order.id,
                vec![RefundLineInput {
                    order_line_id: line,
                    qty: 1,
                    restock: true,
                }],
                false,
            ),
            now,
        )
        .expect("begin");
    assert_eq!(
        (pending.status, pending.amount),
        (RefundStatus::Pending, 18_000)
    );
    assert_eq!(req.gateway_order_id, "G-a1");
    assert_eq!(
        req.refund_key, pending.refund_key,
        "the key goes with every retry"
    );
    assert!(
        store
            .begin_qris_refund(&input(order.id, Vec::new(), false), now)
            .is_err(),
        "one at a time"
    );
    let before = stock(&store, kopi);
    let still = store
        .finish_qris_refund(
            pending.id,
            &RefundOutcome::Pending {
                gateway_refund_id: Some("rfd-1".into()),
            },
            now,
        )
        .expect("pending");
    assert_eq!(still.gateway_refund_id.as_deref(), Some("rfd-1"));
    assert_eq!(stock(&store, kopi), before, "not restocked while pending");
    let done = store
        .finish_qris_refund(
            pending.id,
            &RefundOutcome::Succeeded {
                gateway_refund_id: None,
            },
            now,
        )
        .expect("done");
    assert_eq!(done.status, RefundStatus::Succeeded);
    assert_eq!(stock(&store, kopi), before + 1);
    // Answers after the end change nothing.
    let again = store
        .finish_qris_refund(
            pending.id,
            &RefundOutcome::Failed { reason: "x".into() },
            now,
        )
        .expect("ignored");
    assert_eq!(again.status, RefundStatus::Succeeded);

    // The issuer refuses the second one: failed, then "kembalikan tunai" replaces it.
    let (second, _) = store
        .begin_qris_refund(&input(order.id, Vec::new(), false), now)
        .expect("second");
    let failed = store
        .finish_qris_refund(
            second.id,
            &RefundOutcome::Failed {
                reason: "Aplikasi pembayar tidak mendukung pengembalian".into(),
            },
            now,
        )
        .expect("refused");
    assert_eq!(failed.status, RefundStatus::Failed);
    assert_eq!(
        store.refundable(order.id).expect("r").refunded_total,
        18_000,
        "a failed refund gave nothing back"
    );
    let cash = store
        .refund_cash(
            &RefundInput {
                replaces_refund_id: Some(second.id),
                ..input(order.id, Vec::new(), true)
            },
            now,
        )
        .expect_err("the drawer holds nothing in this till");
    assert!(matches!(cash, CoreError::Validation(_)));
}

#[test]
fn a_void_cancels_an_unpaid_order_with_its_reason_and_never_a_paid_one() {
    let (store, kopi, _) = till();
    let now = Utc::now();
    let order = store
        .create_awaiting_order(
            &[CartLineInput {
                product_id: kopi,
                qty: 1,
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
            now,
        )
        .expect("order");
    assert!(
        store.void_order(order.id, "  ", now).is_err(),
        "a reason is required"
    );
    let voided = store
        .void_order(order.id, "pelanggan batal", now)
        .expect("void");
    assert_eq!(voided.status, kasir_core::OrderStatus::Cancelled);
    let paid = qris_sale(&store, kopi, "a2");
    assert!(matches!(
        store.void_order(paid.id, "salah", now),
        Err(CoreError::OrderState { .. })
    ));
}

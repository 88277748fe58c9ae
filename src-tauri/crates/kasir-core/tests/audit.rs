//! Every audited action leaves its row, with who did it and what changed, and the trail refuses
//! edits.

use chrono::Utc;
use kasir_core::{
    AuditAction, AuditQuery, CartLineInput, CashMovementInput, CashMovementKind, CategoryInput,
    CloseShiftInput, CountedCash, NewAttempt, NewUser, PayCashRequest, ProductInput, Role,
    StockAdjustment, Store, TillSettings,
};

#[test]
fn each_action_writes_its_audit_row_and_the_trail_is_append_only() {
    let store = Store::open_in_memory().expect("store");
    store.seed_demo_if_empty(Utc::now()).expect("seed");
    let now = Utc::now();
    let owner = kasir_core::testing::open_till(&store, now);
    let product = store.catalog().expect("catalog").products[0].clone();

    // Price change: old → new.
    store
        .save_product(
            &ProductInput {
                id: Some(product.id),
                sku: product.sku.clone(),
                barcode: product.barcode.clone(),
                name: product.name.clone(),
                category_id: product.category_id,
                price: product.price + 1_000,
                stock: product.stock,
                active: true,
                cost_price: None,
                tax_exempt: None,
                low_stock_threshold: None,
            },
            now,
        )
        .expect("price change");
    store
        .adjust_stock(
            &StockAdjustment {
                product_id: product.id,
                delta: 5,
                reason: "stok masuk".into(),
            },
            now,
        )
        .expect("stock");
    store
        .save_category(
            &CategoryInput {
                id: None,
                name: "Rokok".into(),
            },
            now,
        )
        .expect("category");
    store
        .save_till_settings(
            &TillSettings {
                idle_lock_minutes: 10,
                difference_note_threshold: 2_000,
            },
            now,
        )
        .expect("settings");
    store
        .record_cash_movement(
            &CashMovementInput {
                kind: CashMovementKind::In,
                amount: 30_000,
                reason: "tambah kembalian".into(),
            },
            now,
        )
        .expect("cash in");
    store
        .record_cash_movement(
            &CashMovementInput {
                kind: CashMovementKind::Out,
                amount: 10_000,
                reason: "beli es batu".into(),
            },
            now,
        )
        .expect("cash out");
    let sale = store
        .pay_cash(
            &PayCashRequest {
                lines: vec![CartLineInput {
                    product_id: product.id,
                    qty: 1,
                    discount: None,
                    options: Vec::new(),
                    note: None,
                }],
                tendered: 1_000_000,
                cart: None,
            },
            now,
        )
        .expect("sale");
    store.reprint_order(sale.id, now).expect("reprint");
    // An anomaly flagged by the payment worker ("Sistem").
    let qr = store
        .create_awaiting_order(
            &[CartLineInput {
                product_id: product.id,
                qty: 1,
                discount: None,
                options: Vec::new(),
                note: None,
            }],
            &Default::default(),
            now,
        )
        .expect("qr order");
    let (attempt, _) = store
        .begin_attempt(
            qr.id,
            NewAttempt {
                id: "a1",
                gateway_order_id: "g1",
                provider: "emulator",
            },
            now,
        )
        .expect("attempt");
    store
        .flag_anomaly(&attempt.id, "amount_mismatch", now)
        .expect("anomaly");
    store
        .flag_anomaly(&attempt.id, "amount_mismatch", now)
        .expect("same anomaly again");
    store.cancel_awaiting_order(qr.id).expect("release");
    store
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
                counted: CountedCash::Total {
                    amount: 20_000 + product.price + 1_000,
                },
                note: None,
                open_bills: None,
            },
            now,
        )
        .expect("close");
    store.lock_screen(false, now).expect("lock");

    let rows = store.audit_entries(&AuditQuery::default()).expect("audit");
    let has = |a: AuditAction| rows.iter().filter(|r| r.action == a.as_str()).count();
    for a in [
        AuditAction::UserCreated,
        AuditAction::SignIn,
        AuditAction::ShiftOpened,
        AuditAction::ProductChanged,
        AuditAction::StockAdjusted,
        AuditAction::CategoryChanged,
        AuditAction::SettingsChanged,
        AuditAction::CashIn,
        AuditAction::CashOut,
        AuditAction::DrawerOpened,
        AuditAction::Reprint,
        AuditAction::ShiftClosed,
        AuditAction::ScreenLocked,
    ] {
        assert!(has(a) >= 1, "{a:?} is audited: {rows:#?}");
    }
    assert_eq!(
        has(AuditAction::PaymentAnomaly),
        1,
        "one row per anomaly, not per re-check"
    );
    let price = rows
        .iter()
        .find(|r| r.action == "product_changed")
        .expect("price row");
    assert_eq!(price.user_name, owner.name);
    let detail: serde_json::Value = serde_json::from_str(&price.detail).expect("json");
    assert_eq!(detail["price"]["from"], product.price);
    assert_eq!(detail["price"]["to"], product.price + 1_000);
    let anomaly = rows
        .iter()
        .find(|r| r.action == "payment_anomaly")
        .expect("anomaly row");
    assert_eq!(
        anomaly.user_name, "Sistem",
        "the worker's findings are the app's own"
    );
    // Filters: who and what.
    let only_cash_out = store
        .audit_entries(&AuditQuery {
            action: Some(AuditAction::CashOut),
            ..Default::default()
        })
        .expect("filtered");
    assert_eq!(only_cash_out.len(), 1);
    let by_owner = store
        .audit_entries(&AuditQuery {
            user_id: Some(owner.user_id),
            ..Default::default()
        })
        .expect("by owner");
    assert!(by_owner.iter().all(|r| r.user_id == Some(owner.user_id)));
    // The trail refuses edits.
    let edit = store.write(|tx| {
        tx.execute("UPDATE audit_log SET user_name = 'x'", [])?;
        Ok(())
    });
    assert!(edit.is_err(), "UPDATE refused");
    let delete = store.write(|tx| {
        tx.execute("DELETE FROM audit_log WHERE action = 'cash_out'", [])?;
        Ok(())
    });
    assert!(delete.is_err(), "DELETE refused");
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("audit.csv");
    let n = store
        .export_audit_csv(&AuditQuery::default(), &csv)
        .expect("csv");
    assert_eq!(n, rows.len());
    let text = std::fs::read_to_string(&csv).expect("read");
    assert!(
        text.contains("Kas keluar") && text.contains("beli es batu"),
        "{text}"
    );
}

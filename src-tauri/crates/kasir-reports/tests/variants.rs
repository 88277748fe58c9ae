//! Variants in the reports: the top list by variant keeps the same product with other options
//! apart, and the export carries each line's options and note as sold.

use chrono::Utc;
use kasir_core::{CartLineInput, OptionGroupInput, PayCashRequest, ProductOptionInput, Store};
use kasir_reports::export::{parse_csv, CSV_HEADER};
use kasir_reports::{dashboard, export_csv, DateRange, PeriodRequest, Preset};

fn opt(name: &str, price_delta: i64) -> ProductOptionInput {
    ProductOptionInput {
        id: None,
        name: name.into(),
        price_delta,
    }
}

#[test]
fn top_variants_and_the_export_show_options_and_notes_as_sold() {
    let store: Store = kasir_core::testing::till();
    let now = Utc::now();
    store.seed_demo_if_empty(now).expect("seed");
    let kopi = store.catalog().expect("catalog").products[0].clone();
    let groups = store
        .save_product_options(
            kopi.id,
            &[OptionGroupInput {
                id: None,
                name: "Ukuran".into(),
                required: true,
                multiple: false,
                options: vec![opt("Regular", 0), opt("Large", 5_000)],
            }],
            now,
        )
        .expect("options");
    let id = |name: &str| {
        groups[0]
            .options
            .iter()
            .find(|o| o.name == name)
            .expect("option")
            .id
    };
    let sell = |option: i64, qty: i64, note: Option<&str>| {
        store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput {
                        options: vec![option],
                        note: note.map(String::from),
                        ..CartLineInput::new(kopi.id, qty)
                    }],
                    cart: None,
                    tendered: 10_000_000,
                },
                now,
            )
            .expect("sale")
    };
    sell(id("Large"), 3, Some("tanpa es"));
    sell(id("Regular"), 1, None);
    sell(id("Large"), 1, None);

    let d = dashboard(&store, &PeriodRequest::preset(Preset::Today), now).expect("dashboard");
    let by_product = d
        .top_by_qty
        .iter()
        .find(|p| p.sku == kopi.sku)
        .expect("product");
    assert_eq!(by_product.qty, 5, "by product: every variant together");
    let variants: Vec<(String, i64, i64)> = d
        .top_variants
        .iter()
        .filter(|v| v.sku == kopi.sku)
        .map(|v| (v.options.clone(), v.qty, v.revenue))
        .collect();
    let large = kopi.price + 5_000;
    assert_eq!(
        variants,
        [
            ("Ukuran: Large (+Rp 5.000)".to_string(), 4, 4 * large),
            ("Ukuran: Regular".to_string(), 1, kopi.price),
        ]
    );

    let date = d.period.from.clone();
    let mut buf = Vec::new();
    export_csv(
        &store,
        &DateRange {
            from: date.clone(),
            to: date,
        },
        &mut buf,
    )
    .expect("export");
    let records = parse_csv(&String::from_utf8(buf).expect("utf-8"));
    let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).expect("column");
    let noted: Vec<&Vec<String>> = records[1..]
        .iter()
        .filter(|r| r[col("catatan_baris")] == "tanpa es")
        .collect();
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0][col("pilihan_baris")], "Ukuran: Large (+Rp 5.000)");
    assert_eq!(noted[0][col("harga_satuan")], large.to_string());
}

//! The customer display ("Layar Pelanggan"): what the screen facing the customer shows, computed
//! here from the till's own state and never from what a window says.
//!
//! Precedence, decided in one pure function ([`compose`]): an open QRIS payment of this till
//! (from the database) > an order of this till paid in the last [`PAID_SHOWN_MS`] ("Terima
//! kasih") > the cart on the till now > the idle screen. Nothing is shown but the idle screen
//! while nobody is signed in or the screen is locked.
//!
//! "The cart on the till now" is the one piece of state that is not in SQLite: the checkout
//! sends its cart lines ([`Store::show_cart_on_display`]) and they are priced here, from the
//! database, exactly as `price_cart` prices them, then kept in memory ([`DisplayBoard`]); the
//! checkout empties it when the sale is paid or set aside. During the thank-you seconds a cart
//! sent after the payment (the next customer's) wins over "Terima kasih".
//!
//! Holds no secret: the view carries the QR payload the customer scans anyway, the shop's name,
//! prices and totals (no HPP, no profit, no gateway data). Must not depend on `tauri` or on a QR
//! library: the QR picture is drawn by the caller's renderer (kasir-payment's).

use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::cart::{CartLineInput, PricedCart};
use crate::error::Result;
use crate::events::DomainEvent;
use crate::orders::{load_order, PaymentMethod};
use crate::pricing::CartOptions;
use crate::Store;

/// How long the "Terima kasih" screen stays after a payment, in milliseconds.
pub const PAID_SHOWN_MS: i64 = 6_000;

/// One line of the cart as the customer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayLine {
    pub name: String,
    #[ts(type = "number")]
    pub qty: i64,
    #[ts(type = "number")]
    pub unit_price: i64,
    /// `unitPrice × qty`, before discounts.
    #[ts(type = "number")]
    pub line_total: i64,
    /// Line promos and the cashier's discount on this line (0: none).
    #[ts(type = "number")]
    pub discount: i64,
    /// The chosen options as they will be sold ("Large (+Rp 5.000)").
    pub options: Vec<String>,
    /// The line's note ("tanpa es").
    pub note: Option<String>,
}

/// A labelled amount: a discount ("Happy Hour"), the service charge, the tax.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayAmount {
    pub label: String,
    #[ts(type = "number")]
    pub amount: i64,
}

/// The cart on the till, priced from the database.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DisplayCart {
    pub lines: Vec<DisplayLine>,
    #[ts(type = "number")]
    pub item_count: i64,
    #[ts(type = "number")]
    pub subtotal: i64,
    /// Every discount and promo, in the order applied.
    pub discounts: Vec<DisplayAmount>,
    pub service: Option<DisplayAmount>,
    pub tax: Option<DisplayAmount>,
    /// The tax is inside the prices (shown "termasuk", not added).
    pub tax_included: bool,
    /// What a QRIS payment charges (non-cash total, with its rounding).
    #[ts(type = "number")]
    pub total: i64,
    /// The cash total when cash rounds differently (None: the same as `total`).
    #[ts(type = "number | null")]
    pub cash_total: Option<i64>,
}

impl DisplayCart {
    /// The customer's view of a priced cart: names, quantities, prices, discounts and totals.
    pub fn from_priced(cart: &PricedCart) -> DisplayCart {
        let b = &cart.breakdown;
        let lines = cart
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                // The breakdown lists the lines in the cart's order.
                let discount = b
                    .lines
                    .get(i)
                    .filter(|bl| bl.product_id == line.product_id)
                    .map_or(0, |bl| bl.line_promo.saturating_add(bl.line_discount));
                DisplayLine {
                    name: line.name.clone(),
                    qty: line.qty,
                    unit_price: line.unit_price,
                    line_total: line.line_total,
                    discount,
                    options: line.options.iter().map(|o| o.label()).collect(),
                    note: line.note.clone(),
                }
            })
            .collect();
        DisplayCart {
            lines,
            item_count: cart.item_count,
            subtotal: cart.subtotal,
            discounts: b
                .discounts
                .iter()
                .filter(|d| d.amount != 0)
                .map(|d| DisplayAmount {
                    label: d.label.clone(),
                    amount: d.amount,
                })
                .collect(),
            service: b
                .service_label
                .as_ref()
                .filter(|_| b.service_charge != 0)
                .map(|label| DisplayAmount {
                    label: label.clone(),
                    amount: b.service_charge,
                }),
            tax: b
                .tax_label
                .as_ref()
                .filter(|_| b.tax != 0)
                .map(|label| DisplayAmount {
                    label: label.clone(),
                    amount: b.tax,
                }),
            tax_included: b.tax_included,
            total: cart.non_cash.total,
            cash_total: (cart.cash.total != cart.non_cash.total).then_some(cart.cash.total),
        }
    }
}

/// What the customer display shows now.
#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[serde(
    tag = "phase",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum CustomerDisplayView {
    /// Nothing on the till: the shop's name, its logo and the owner's promo text.
    Idle {
        shop_name: String,
        promo_text: String,
        /// A receipt logo is stored (`get_customer_display_logo` returns it).
        has_logo: bool,
    },
    /// The cart as the cashier builds it.
    Cart {
        shop_name: String,
        cart: DisplayCart,
    },
    /// A QRIS payment of this till is open: scan to pay.
    Qris {
        shop_name: String,
        order_number: String,
        /// What the QR charges (the attempt's stored amount).
        #[ts(type = "number")]
        amount: i64,
        /// The gateway's expiry, UTC unix milliseconds.
        #[ts(type = "number")]
        expires_at: i64,
        /// Milliseconds left when this view was made: count down from it with a monotonic
        /// clock, not by comparing this PC's wall clock with `expiresAt`.
        #[ts(type = "number")]
        expires_in_ms: i64,
        /// The QRIS payload (what the QR encodes). None when the gateway sent only an image URL:
        /// the display then points at the till's screen.
        qr_string: Option<String>,
        /// The payload drawn as a self-contained SVG (by the payment crate's renderer).
        qr_svg: Option<String>,
    },
    /// Paid: the green check and "Terima kasih", until `shownUntil`.
    Paid {
        shop_name: String,
        order_number: String,
        #[ts(type = "number")]
        total: i64,
        /// Cash change handed back (None for QRIS).
        #[ts(type = "number | null")]
        change: Option<i64>,
        method: PaymentMethod,
        /// The payer's app for QRIS ("GoPay").
        issuer_label: Option<String>,
        /// When this screen gives way to the next one, UTC unix milliseconds.
        #[ts(type = "number")]
        shown_until: i64,
    },
}

/// The cart on the till now, priced, and when the checkout sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownCart {
    pub cart: DisplayCart,
    pub shown_at: DateTime<Utc>,
}

/// An open QRIS payment of this till, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenQr {
    pub order_number: String,
    pub amount: i64,
    pub expires_at: DateTime<Utc>,
    pub qr_string: Option<String>,
}

/// An order of this till that became Lunas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidOrder {
    pub order_number: String,
    pub total: i64,
    pub change: Option<i64>,
    pub method: PaymentMethod,
    pub issuer_label: Option<String>,
    pub paid_at: DateTime<Utc>,
}

/// Everything the display depends on, read at one moment.
#[derive(Debug, Clone)]
pub struct DisplayFacts {
    /// Someone is signed in and the screen is unlocked.
    pub attended: bool,
    pub shop_name: String,
    pub promo_text: String,
    pub has_logo: bool,
    pub open_qr: Option<OpenQr>,
    /// This till's most recently paid order.
    pub last_paid: Option<PaidOrder>,
    pub cart: Option<ShownCart>,
}

/// The precedence, pure: open QR > just paid (unless a newer cart) > cart > idle (only idle
/// while unattended).
/// `render_qr` draws a payload as SVG (None when it cannot).
pub fn compose(
    facts: DisplayFacts,
    now: DateTime<Utc>,
    render_qr: &dyn Fn(&str) -> Option<String>,
) -> CustomerDisplayView {
    let DisplayFacts {
        attended,
        shop_name,
        promo_text,
        has_logo,
        open_qr,
        last_paid,
        cart,
    } = facts;
    let idle = |shop_name: String| CustomerDisplayView::Idle {
        shop_name,
        promo_text: promo_text.clone(),
        has_logo,
    };
    if !attended {
        return idle(shop_name);
    }
    if let Some(qr) = open_qr.filter(|q| q.expires_at > now) {
        return CustomerDisplayView::Qris {
            shop_name,
            order_number: qr.order_number,
            amount: qr.amount,
            expires_at: qr.expires_at.timestamp_millis(),
            expires_in_ms: (qr.expires_at - now).num_milliseconds().max(0),
            qr_svg: qr.qr_string.as_deref().and_then(render_qr),
            qr_string: qr.qr_string,
        };
    }
    // "Terima kasih" for a few seconds after this till's last payment, unless the checkout sent
    // a cart after that payment: that is the next customer's, and it wins.
    let shown_until = |paid: &PaidOrder| paid.paid_at + Duration::milliseconds(PAID_SHOWN_MS);
    let paid = last_paid.filter(|p| p.paid_at <= now && now < shown_until(p));
    match (cart, paid) {
        (Some(shown), Some(paid)) if shown.shown_at > paid.paid_at => CustomerDisplayView::Cart {
            shop_name,
            cart: shown.cart,
        },
        (_, Some(paid)) => CustomerDisplayView::Paid {
            shop_name,
            shown_until: shown_until(&paid).timestamp_millis(),
            order_number: paid.order_number,
            total: paid.total,
            change: paid.change,
            method: paid.method,
            issuer_label: paid.issuer_label,
        },
        (Some(shown), None) => CustomerDisplayView::Cart {
            shop_name,
            cart: shown.cart,
        },
        (None, None) => idle(shop_name),
    }
}

/// The cart on the till now (memory; one per [`Store`]).
#[derive(Debug, Default)]
pub struct DisplayBoard {
    cart: Mutex<Option<ShownCart>>,
}

impl DisplayBoard {
    fn lock(&self) -> MutexGuard<'_, Option<ShownCart>> {
        self.cart.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replace the shown cart; true when it changed.
    fn set(&self, cart: Option<ShownCart>) -> bool {
        let mut shown = self.lock();
        let same = match (&*shown, &cart) {
            (None, None) => true,
            (Some(a), Some(b)) => a.cart == b.cart,
            _ => false,
        };
        if !same {
            *shown = cart;
        }
        !same
    }

    pub fn current(&self) -> Option<ShownCart> {
        self.lock().clone()
    }
}

/// This till's open QRIS payment whose QR is on the till's screen: pending with a QR end in
/// the future and not set aside. The newest wins.
fn open_qr(conn: &Connection, till: &str, now: DateTime<Utc>) -> Result<Option<OpenQr>> {
    let row = conn
        .query_row(
            "SELECT o.number, a.amount, a.expires_at, a.qr_string
             FROM payment_attempts a JOIN orders o ON o.id = a.order_id
             WHERE o.till = ?1 AND o.status = 'awaiting_payment' AND a.status = 'pending'
               AND a.set_aside_at IS NULL AND a.expires_at > ?2
             ORDER BY a.created_at DESC LIMIT 1",
            params![till, now.timestamp_millis()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?;
    Ok(
        row.and_then(|(order_number, amount, expires_ms, qr_string)| {
            Some(OpenQr {
                order_number,
                amount,
                expires_at: DateTime::<Utc>::from_timestamp_millis(expires_ms)?,
                qr_string,
            })
        }),
    )
}

/// This till's most recently paid order.
fn last_paid(conn: &Connection, till: &str) -> Result<Option<PaidOrder>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM orders WHERE status = 'paid' AND till = ?1
             ORDER BY paid_at DESC, id DESC LIMIT 1",
            [till],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let order = load_order(conn, id)?;
    let (Some(method), Some(paid_at)) = (
        order.payment_method,
        order
            .paid_at
            .and_then(DateTime::<Utc>::from_timestamp_millis),
    ) else {
        return Ok(None);
    };
    Ok(Some(PaidOrder {
        order_number: order.number,
        total: order.total,
        change: order.cash_change,
        method,
        issuer_label: order.payment_issuer_label,
        paid_at,
    }))
}

impl Store {
    /// "This is the cart on the till now": priced from the database like `price_cart`, kept in
    /// memory for the customer display and announced as `CustomerDisplayChanged`. No lines
    /// clears it. A cart that does not price (an unknown product) clears it too and returns the
    /// error.
    pub fn show_cart_on_display(
        &self,
        lines: &[CartLineInput],
        options: &CartOptions,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.price_cart_on_till(lines, options, now).map(|_| ())
    }

    /// Price the cart on the till (as [`Store::price_cart`]) and show that same pricing on the
    /// customer display: the checkout's one pricing call serves both. An empty cart, or one that
    /// fails to price, clears the display.
    pub fn price_cart_on_till(
        &self,
        lines: &[CartLineInput],
        options: &CartOptions,
        now: DateTime<Utc>,
    ) -> Result<PricedCart> {
        let priced = self.price_cart(lines, options, now);
        let shown = match &priced {
            Ok(cart) if !lines.is_empty() => Some(ShownCart {
                cart: DisplayCart::from_priced(cart),
                shown_at: now,
            }),
            _ => None,
        };
        if self.display.set(shown) {
            self.events()
                .publish(vec![DomainEvent::CustomerDisplayChanged]);
        }
        priced
    }

    /// What the customer display shows at `now`. `render_qr` draws the QRIS payload as SVG.
    pub fn customer_display(
        &self,
        now: DateTime<Utc>,
        render_qr: &dyn Fn(&str) -> Option<String>,
    ) -> Result<CustomerDisplayView> {
        let attended = self.till_attended();
        let cart = self.display.current();
        let facts = self.read(|c| {
            let settings = crate::settings::display::read_customer_display_settings(c)?;
            Ok(DisplayFacts {
                attended,
                shop_name: crate::settings::read_shop_profile(c)?.name,
                promo_text: settings.promo_text,
                has_logo: crate::settings::printer::logo_stored(c)?,
                open_qr: if attended {
                    open_qr(c, self.till(), now)?
                } else {
                    None
                },
                last_paid: if attended {
                    last_paid(c, self.till())?
                } else {
                    None
                },
                cart,
            })
        })?;
        Ok(compose(facts, now, render_qr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CartLineInput, NewAttempt, PayCashRequest};

    fn svg(payload: &str) -> Option<String> {
        Some(format!("<svg>{payload}</svg>"))
    }

    fn no_svg(_: &str) -> Option<String> {
        None
    }

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp_millis(ms).expect("time")
    }

    fn cart(total: i64) -> DisplayCart {
        DisplayCart {
            lines: vec![DisplayLine {
                name: "Kopi Susu".into(),
                qty: 1,
                unit_price: total,
                line_total: total,
                discount: 0,
                options: Vec::new(),
                note: None,
            }],
            item_count: 1,
            subtotal: total,
            discounts: vec![],
            service: None,
            tax: None,
            tax_included: false,
            total,
            cash_total: None,
        }
    }

    fn facts() -> DisplayFacts {
        DisplayFacts {
            attended: true,
            shop_name: "Warung Sri".into(),
            promo_text: "Es teh gratis hari Jumat".into(),
            has_logo: false,
            open_qr: None,
            last_paid: None,
            cart: None,
        }
    }

    fn qr(expires_ms: i64) -> OpenQr {
        OpenQr {
            order_number: "INV-1".into(),
            amount: 27_500,
            expires_at: at(expires_ms),
            qr_string: Some("000201...5405275005802ID".into()),
        }
    }

    fn paid(paid_ms: i64) -> PaidOrder {
        PaidOrder {
            order_number: "INV-0".into(),
            total: 15_000,
            change: Some(5_000),
            method: PaymentMethod::Cash,
            issuer_label: None,
            paid_at: at(paid_ms),
        }
    }

    fn phase(v: &CustomerDisplayView) -> &'static str {
        match v {
            CustomerDisplayView::Idle { .. } => "idle",
            CustomerDisplayView::Cart { .. } => "cart",
            CustomerDisplayView::Qris { .. } => "qris",
            CustomerDisplayView::Paid { .. } => "paid",
        }
    }

    #[test]
    fn an_open_qr_beats_a_just_paid_order_and_the_cart_and_carries_its_picture() {
        let now = at(100_000);
        let f = DisplayFacts {
            open_qr: Some(qr(160_000)),
            last_paid: Some(paid(99_000)),
            cart: Some(ShownCart {
                cart: cart(27_500),
                shown_at: at(99_500),
            }),
            ..facts()
        };
        let view = compose(f, now, &svg);
        let CustomerDisplayView::Qris {
            amount,
            expires_in_ms,
            qr_svg,
            qr_string,
            ..
        } = view
        else {
            panic!("an open QR is what the customer must see: {view:?}");
        };
        assert_eq!(amount, 27_500);
        assert_eq!(expires_in_ms, 60_000, "a minute left on the QR");
        assert_eq!(
            qr_svg.as_deref(),
            Some("<svg>000201...5405275005802ID</svg>")
        );
        assert!(qr_string.is_some());
    }

    #[test]
    fn an_expired_qr_is_not_shown_even_if_the_worker_has_not_closed_it_yet() {
        let f = DisplayFacts {
            open_qr: Some(qr(99_999)),
            ..facts()
        };
        assert_eq!(phase(&compose(f, at(100_000), &svg)), "idle");
    }

    #[test]
    fn a_just_paid_order_shows_terima_kasih_for_a_few_seconds_then_idle() {
        let f = DisplayFacts {
            last_paid: Some(paid(100_000)),
            cart: Some(ShownCart {
                cart: cart(15_000),
                shown_at: at(90_000),
            }),
            ..facts()
        };
        let view = compose(f.clone(), at(101_000), &no_svg);
        assert_eq!(
            view,
            CustomerDisplayView::Paid {
                shop_name: "Warung Sri".into(),
                order_number: "INV-0".into(),
                total: 15_000,
                change: Some(5_000),
                method: PaymentMethod::Cash,
                issuer_label: None,
                shown_until: 100_000 + PAID_SHOWN_MS,
            }
        );
        assert_eq!(
            phase(&compose(
                DisplayFacts {
                    cart: None,
                    ..f.clone()
                },
                at(100_000 + PAID_SHOWN_MS),
                &no_svg
            )),
            "idle",
            "after the thank-you, with the till's cart emptied: idle"
        );
        assert_eq!(
            phase(&compose(f, at(100_000 + PAID_SHOWN_MS), &no_svg)),
            "cart",
            "a cart the till still holds (a set-aside sale settled in the background meanwhile) \
             comes back after the thank-you"
        );
    }

    #[test]
    fn a_cart_begun_after_the_payment_is_the_next_customer_and_wins_over_terima_kasih() {
        let f = DisplayFacts {
            last_paid: Some(paid(100_000)),
            cart: Some(ShownCart {
                cart: cart(8_000),
                shown_at: at(101_000),
            }),
            ..facts()
        };
        assert_eq!(phase(&compose(f, at(102_000), &no_svg)), "cart");
    }

    #[test]
    fn a_locked_or_empty_till_shows_only_the_idle_screen() {
        let f = DisplayFacts {
            attended: false,
            open_qr: Some(qr(160_000)),
            cart: Some(ShownCart {
                cart: cart(8_000),
                shown_at: at(99_000),
            }),
            ..facts()
        };
        assert_eq!(
            compose(f, at(100_000), &svg),
            CustomerDisplayView::Idle {
                shop_name: "Warung Sri".into(),
                promo_text: "Es teh gratis hari Jumat".into(),
                has_logo: false,
            }
        );
    }

    fn seeded_till() -> (Store, Vec<crate::Product>) {
        let store = crate::testing::till();
        store.seed_demo_if_empty(Utc::now()).expect("seed");
        let products = store.catalog().expect("catalog").products;
        (store, products)
    }

    #[test]
    fn the_tills_own_pricing_is_what_the_display_shows() {
        let (store, p) = seeded_till();
        let now = Utc::now();
        let lines = [CartLineInput::new(p[0].id, 3)];
        let priced = store
            .price_cart_on_till(&lines, &Default::default(), now)
            .expect("priced");
        assert_eq!(
            priced,
            store
                .price_cart(&lines, &Default::default(), now)
                .expect("price_cart"),
            "the checkout gets the same pricing as price_cart"
        );
        let view = store.customer_display(now, &no_svg).expect("view");
        let CustomerDisplayView::Cart { cart, .. } = view else {
            panic!("the till's cart is shown: {view:?}");
        };
        assert_eq!(cart, DisplayCart::from_priced(&priced));
        store
            .price_cart_on_till(&[], &Default::default(), now)
            .expect("empty");
        assert_eq!(
            phase(&store.customer_display(now, &no_svg).expect("view")),
            "idle",
            "an emptied cart clears the display"
        );
    }

    #[test]
    fn the_shown_cart_is_priced_from_the_database_announced_and_cleared() {
        let (store, p) = seeded_till();
        let mut rx = store.events().subscribe();
        let now = Utc::now();
        let lines = [
            CartLineInput::new(p[0].id, 2),
            CartLineInput::new(p[1].id, 1),
        ];
        store
            .show_cart_on_display(&lines, &Default::default(), now)
            .expect("shown");
        let view = store.customer_display(now, &no_svg).expect("view");
        let CustomerDisplayView::Cart { cart, .. } = view else {
            panic!("the cart on the till is shown: {view:?}");
        };
        assert_eq!(cart.lines.len(), 2);
        assert_eq!(cart.lines[0].name, p[0].name);
        assert_eq!(
            cart.lines[0].line_total,
            p[0].price * 2,
            "price from the database"
        );
        let priced = store
            .price_cart(&lines, &Default::default(), now)
            .expect("priced");
        assert_eq!(
            cart.total, priced.non_cash.total,
            "the same total as the till's"
        );
        assert_eq!(
            rx.try_recv().ok(),
            Some(DomainEvent::CustomerDisplayChanged)
        );

        // The same cart again changes nothing and announces nothing.
        store
            .show_cart_on_display(&lines, &Default::default(), now)
            .expect("again");
        assert!(rx.try_recv().is_err(), "an unchanged cart is not announced");

        store
            .show_cart_on_display(&[], &Default::default(), now)
            .expect("cleared");
        assert_eq!(
            rx.try_recv().ok(),
            Some(DomainEvent::CustomerDisplayChanged)
        );
        assert_eq!(
            phase(&store.customer_display(now, &no_svg).expect("view")),
            "idle"
        );

        // A cart that does not price clears what was shown and says why.
        store
            .show_cart_on_display(&lines, &Default::default(), now)
            .expect("shown");
        let err = store
            .show_cart_on_display(&[CartLineInput::new(999_999, 1)], &Default::default(), now)
            .expect_err("unknown product");
        assert_eq!(err.kind().as_str(), "not_found");
        assert_eq!(
            phase(&store.customer_display(now, &no_svg).expect("view")),
            "idle",
            "no stale cart after a refused one"
        );
    }

    #[test]
    fn the_display_shows_each_lines_discount_and_the_labelled_cart_discount_as_the_till_prices_them(
    ) {
        use kasir_pricing::DiscountValue;
        let (store, p) = seeded_till();
        let now = Utc::now();
        let lines = [
            CartLineInput {
                product_id: p[0].id,
                qty: 2,
                discount: Some(DiscountValue::Amount { rupiah: 1_000 }),
                options: Vec::new(),
                note: None,
            },
            CartLineInput::new(p[1].id, 1),
        ];
        let options = CartOptions {
            discount: Some(DiscountValue::Percent { bps: 1_000 }),
            promo_ids: vec![],
        };
        store
            .show_cart_on_display(&lines, &options, now)
            .expect("shown");
        let priced = store.price_cart(&lines, &options, now).expect("priced");
        let CustomerDisplayView::Cart { cart, .. } =
            store.customer_display(now, &no_svg).expect("view")
        else {
            panic!("cart");
        };
        assert_eq!(
            (cart.lines[0].discount, cart.lines[1].discount),
            (1_000, 0),
            "the cashier's line discount on its line only"
        );
        let listed: Vec<(String, i64)> = priced
            .breakdown
            .discounts
            .iter()
            .map(|d| (d.label.clone(), d.amount))
            .collect();
        assert_eq!(listed.len(), 2, "line and cart discount: {listed:?}");
        assert_eq!(
            cart.discounts
                .iter()
                .map(|d| (d.label.clone(), d.amount))
                .collect::<Vec<_>>(),
            listed,
            "every discount with the till's label and amount"
        );
        assert_eq!(cart.subtotal, priced.subtotal);
        assert_eq!(cart.total, priced.non_cash.total);
        assert!(cart.total < cart.subtotal, "the discounts lower the total");
    }

    #[test]
    fn a_qris_payment_of_this_till_shows_its_stored_qr_and_amount_then_the_paid_screen() {
        let (store, p) = seeded_till();
        // Whole milliseconds, as times are stored.
        let now = at(Utc::now().timestamp_millis());
        let lines = [CartLineInput::new(p[0].id, 3)];
        store
            .show_cart_on_display(&lines, &Default::default(), now)
            .expect("shown");
        let order = store
            .create_awaiting_order(&lines, &Default::default(), now)
            .expect("order");
        let (attempt, _) = store
            .begin_attempt(
                order.id,
                NewAttempt {
                    id: "att-display",
                    gateway_order_id: "gw-display",
                    provider: "midtrans",
                },
                now,
            )
            .expect("attempt");
        assert_eq!(
            phase(&store.customer_display(now, &svg).expect("view")),
            "cart",
            "no QR yet while the charge is being made"
        );
        let expires = now + Duration::minutes(10);
        store
            .record_charge(&attempt.id, "ref-1", Some("QRPAYLOAD"), None, expires, now)
            .expect("charged");
        let view = store.customer_display(now, &svg).expect("view");
        assert_eq!(
            view,
            CustomerDisplayView::Qris {
                shop_name: store.shop_profile().expect("profile").name,
                order_number: order.number.clone(),
                amount: order.total,
                expires_at: expires.timestamp_millis(),
                expires_in_ms: 600_000,
                qr_string: Some("QRPAYLOAD".into()),
                qr_svg: Some("<svg>QRPAYLOAD</svg>".into()),
            }
        );

        store.set_aside(&attempt.id, now).expect("set aside");
        assert_eq!(
            phase(&store.customer_display(now, &svg).expect("view")),
            "cart",
            "a sale set aside leaves the display (the worker follows it)"
        );

        // The checkout empties its cart when it sets a sale aside; a cash sale follows, later:
        // the thank-you screen, then idle.
        store
            .show_cart_on_display(&[], &Default::default(), now)
            .expect("emptied");
        let later = now + Duration::seconds(1);
        let sold = store
            .pay_cash(
                &PayCashRequest {
                    lines: vec![CartLineInput::new(p[1].id, 1)],
                    tendered: 1_000_000,
                    cart: None,
                },
                later,
            )
            .expect("cash sale");
        let view = store.customer_display(later, &svg).expect("view");
        let CustomerDisplayView::Paid { total, change, .. } = view else {
            panic!("paid: {view:?}");
        };
        assert_eq!((total, change), (sold.total, sold.cash_change));
        assert_eq!(
            phase(
                &store
                    .customer_display(later + Duration::milliseconds(PAID_SHOWN_MS), &svg)
                    .expect("view")
            ),
            "idle",
            "the thank-you gives way to the idle screen"
        );
    }

    #[test]
    fn another_tills_qr_is_not_shown_here() {
        let (store, p) = seeded_till();
        let now = Utc::now();
        let lines = [CartLineInput::new(p[0].id, 1)];
        let order = store
            .create_awaiting_order(&lines, &Default::default(), now)
            .expect("order");
        let (attempt, _) = store
            .begin_attempt(
                order.id,
                NewAttempt {
                    id: "att-other",
                    gateway_order_id: "gw-other",
                    provider: "midtrans",
                },
                now,
            )
            .expect("attempt");
        store
            .record_charge(
                &attempt.id,
                "ref-2",
                Some("OTHER"),
                None,
                now + Duration::minutes(10),
                now,
            )
            .expect("charged");
        store
            .write(|tx| {
                tx.execute(
                    "UPDATE orders SET till = 'KASIR-2' WHERE id = ?1",
                    [order.id],
                )?;
                Ok(())
            })
            .expect("move order");
        assert_eq!(
            phase(&store.customer_display(now, &svg).expect("view")),
            "idle"
        );
    }

    #[test]
    fn locking_the_screen_sends_the_display_to_idle() {
        let (store, p) = seeded_till();
        let now = Utc::now();
        store
            .show_cart_on_display(&[CartLineInput::new(p[0].id, 1)], &Default::default(), now)
            .expect("shown");
        let mut rx = store.events().subscribe();
        store.lock_screen(false, now).expect("lock");
        assert_eq!(
            phase(&store.customer_display(now, &svg).expect("view")),
            "idle"
        );
        assert_eq!(
            rx.try_recv().ok(),
            Some(DomainEvent::CustomerDisplayChanged),
            "the lock is announced, so the display goes idle at once"
        );
        store
            .sign_in(
                store.operator().expect("still the till's user").user_id,
                crate::testing::TEST_PIN,
                now,
            )
            .expect("unlock");
        assert_eq!(
            phase(&store.customer_display(now, &svg).expect("view")),
            "cart",
            "unlocked: the cart on the till again"
        );
        assert!(
            std::iter::from_fn(|| rx.try_recv().ok())
                .any(|e| e == DomainEvent::CustomerDisplayChanged),
            "the unlock is announced too"
        );
    }

    #[test]
    fn the_view_serialises_with_a_phase_tag_and_camel_case_fields() {
        let json = serde_json::to_value(CustomerDisplayView::Idle {
            shop_name: "Warung Sri".into(),
            promo_text: String::new(),
            has_logo: true,
        })
        .expect("json");
        assert_eq!(
            json,
            serde_json::json!({"phase": "idle", "shopName": "Warung Sri", "promoText": "", "hasLogo": true})
        );
    }
}

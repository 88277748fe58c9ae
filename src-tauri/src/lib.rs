//! Tauri app wiring: opens the store, registers state and the thin IPC commands.
//!
//! Logic lives in the library crates under `crates/`; nothing here decides about money.

mod commands;
mod customer_window;
mod ipc;
mod state;

use tauri::Manager;

use crate::state::AppState;

/// Every IPC command, listed once with who may call it: answered by the one dispatcher
/// ([`ipc::dispatch`], after the gate [`gate`]) and exported as the TypeScript union `Command`
/// (src/bindings/Command.ts), so a renamed command fails `tsc` in the frontend. A command
/// without an access rule, or listed here without `#[command]`, does not compile.
macro_rules! commands {
    ($($module:ident :: $name:ident => $access:expr),* $(,)?) => {
        /// The names the window may invoke.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Who may call `command` and its entry point (None: not one of ours).
        fn lookup(command: &str) -> Option<(Access, ipc::Handler)> {
            match command {
                $(stringify!($name) => Some(($access, commands::$module::$name::HANDLER)),)*
                _ => None,
            }
        }
    };
}

/// Who may call `command` (None: not one of ours).
pub fn access_of(command: &str) -> Option<Access> {
    lookup(command).map(|(access, _)| access)
}

use kasir_core::permissions::Permission::*;
use kasir_core::Access;
use kasir_core::Access::{Public, Requires, SignedIn};

commands![
    auth::get_auth_status => Public,
    auth::setup_first_run => Public,
    auth::sign_in => Public,
    auth::sign_out => SignedIn,
    auth::lock_screen => SignedIn,
    auth::grant_owner_override => SignedIn,
    auth::list_users => Requires(ManageUsers),
    auth::add_user => Requires(ManageUsers),
    auth::update_user => Requires(ManageUsers),
    auth::get_till_settings => Requires(ViewSettings),
    auth::save_till_settings => Requires(ManageSettings),
    shifts::get_current_shift => Requires(Shift),
    shifts::open_shift => Requires(Shift),
    shifts::record_cash_movement => Requires(CashMovement),
    shifts::close_shift => Requires(Shift),
    shifts::list_shifts => Requires(Reports),
    shifts::get_shift_report => Requires(Reports),
    shifts::reprint_shift_close => Requires(Reports),
    shifts::list_audit => Requires(Audit),
    shifts::export_audit_csv => Requires(Audit),
    refunds::get_refundable => Requires(ViewHistory),
    refunds::plan_refund => Requires(ViewHistory),
    refunds::refund_order => Requires(Refund),
    refunds::void_order => Requires(Refund),
    backups::get_backup_status => Requires(Backup),
    backups::save_backup_settings => Requires(Backup),
    backups::backup_now => Requires(Backup),
    backups::inspect_backup => Requires(Backup),
    backups::restore_backup => Requires(Backup),
    checkout::get_catalog => Requires(Sell),
    checkout::price_cart => Requires(Sell),
    checkout::lookup_barcode => Requires(Sell),
    checkout::pay_cash => Requires(Sell),
    checkout::get_order => Requires(Sell),
    counter::get_product_options => Requires(ViewCatalog),
    counter::save_product_options => Requires(ManageCatalog),
    counter::hold_cart => Requires(Sell),
    counter::list_held_carts => Requires(Sell),
    counter::resume_held_cart => Requires(Sell),
    counter::open_bill => Requires(Sell),
    counter::list_open_bills => Requires(Sell),
    counter::get_bill => Requires(Sell),
    counter::add_to_bill => Requires(Sell),
    counter::remove_bill_line => Requires(Sell),
    counter::send_bill => Requires(Sell),
    counter::print_bill => Requires(Sell),
    counter::pay_bill_cash => Requires(Sell),
    counter::start_bill_qris => Requires(Sell),
    counter::void_bill => Requires(Refund),
    pricing::get_pricing_settings => Requires(ViewSettings),
    pricing::save_pricing_settings => Requires(ManageSettings),
    pricing::list_promos => Requires(Sell),
    pricing::save_promo => Requires(ManageCatalog),
    settings::get_shop_profile => Public,
    settings::get_shop_clock => Requires(ViewSettings),
    settings::save_shop_clock => Requires(ManageSettings),
    settings::get_support_info => Requires(ViewSettings),
    products::list_products => Requires(ViewCatalog),
    products::save_product => Requires(ManageCatalog),
    products::adjust_stock => Requires(ManageStock),
    products::list_stock_movements => Requires(ViewCatalog),
    products::list_categories => Requires(ViewCatalog),
    products::save_category => Requires(ManageCatalog),
    products::delete_category => Requires(ManageCatalog),
    products::remove_demo_catalog => Requires(ManageCatalog),
    products::generate_barcode => Requires(ManageCatalog),
    products::set_product_photo => Requires(ManageCatalog),
    products::remove_product_photo => Requires(ManageCatalog),
    products::preview_product_import => Requires(ManageCatalog),
    products::commit_product_import => Requires(ManageCatalog),
    products::export_products => Requires(ManageCatalog),
    products::list_low_stock => Requires(ViewCatalog),
    products::save_catalog_settings => Requires(ManageSettings),
    labels::get_label_settings => Requires(ViewCatalog),
    labels::save_label_settings => Requires(ManageSettings),
    labels::print_labels => Requires(ManageCatalog),
    payment::get_payment_mode => Public,
    payment::start_qris => Requires(Sell),
    payment::generate_payment_qr => Requires(Sell),
    payment::check_payment_status => Requires(Sell),
    payment::cancel_payment => Requires(Sell),
    payment::set_aside_payment => Requires(Sell),
    payment::demo_pay => Requires(Sell),
    split::start_split => Requires(Sell),
    split::start_bill_split => Requires(Sell),
    split::pay_part_cash => Requires(Sell),
    split::get_part_amount => Requires(Sell),
    split::generate_part_qr => Requires(Sell),
    split::cancel_split => Requires(Sell),
    split::get_pending_split => Requires(Sell),
    printing::get_printer_settings => Requires(ViewSettings),
    printing::save_printer_settings => Requires(ManageSettings),
    printing::list_usb_printers => Requires(ManageSettings),
    printing::test_print => Requires(ManageSettings),
    printing::preview_receipt => Requires(ViewSettings),
    printing::list_unprinted_receipts => Requires(Reprint),
    printing::retry_failed_prints => Requires(Reprint),
    printing::reprint_receipt => Requires(Reprint),
    printing::dismiss_print_job => Requires(Reprint),
    printing::list_serial_ports => Requires(ManageSettings),
    printing::set_receipt_logo => Requires(ManageSettings),
    printing::get_receipt_logo => Requires(ViewSettings),
    printing::remove_receipt_logo => Requires(ManageSettings),
    printing::save_digital_receipt => Requires(ViewHistory),
    kitchen::list_prep_printers => Requires(ViewSettings),
    kitchen::save_prep_printer => Requires(ManageSettings),
    kitchen::remove_prep_printer => Requires(ManageSettings),
    kitchen::list_category_routes => Requires(ViewSettings),
    kitchen::save_category_routes => Requires(ManageSettings),
    kitchen::test_print_prep_printer => Requires(ManageSettings),
    reports::get_sales_dashboard => Requires(Reports),
    reports::get_profit_report => Requires(Reports),
    reports::resolve_report_period => Requires(ViewHistory),
    reports::get_qris_reconciliation => Requires(Reports),
    reports::list_sales_history => Requires(ViewHistory),
    reports::get_sale_detail => Requires(ViewHistory),
    reports::export_sales_csv => Requires(Reports),
    reports::export_sales_xlsx => Requires(Reports),
    display::get_customer_display => Public,
    display::get_customer_display_logo => Public,
    display::show_cart_on_display => Requires(Sell),
    display::get_customer_display_window => Requires(Sell),
    display::open_customer_display => Requires(Sell),
    display::close_customer_display => Requires(Sell),
    display::get_customer_display_settings => Requires(ViewSettings),
    display::save_customer_display_settings => Requires(ManageSettings),
];

/// The gate: every command of ours passes [`kasir_core::Store::authorize`] before it runs (who
/// is signed in, is the screen locked, may this role do it, did the owner allow it once). A
/// refusal reaches the window as `{ kind, message }` and the command never runs.
fn gate(store: &kasir_core::Store, command: &str) -> Result<(), kasir_core::IpcError> {
    match access_of(command) {
        Some(access) => store
            .authorize(command, access, chrono::Utc::now())
            .map(|_| ())
            .map_err(Into::into),
        None => Ok(()),
    }
}

fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    |invoke: tauri::ipc::Invoke| {
        let command = invoke.message.command();
        let Some((_, handler)) = lookup(command) else {
            return false;
        };
        if let Some(state) = invoke.message.webview_ref().try_state::<AppState>() {
            if let Err(refused) = gate(&state.store, command) {
                tracing::warn!(target: "auth", command, kind = refused.kind.as_str(), "perintah ditolak");
                invoke.resolver.reject(refused);
                return true;
            }
        }
        ipc::dispatch(invoke, handler);
        true
    }
}

/// Product photos reach the window as `kasirfoto://localhost/<name>` (Windows:
/// `http://kasirfoto.localhost/<name>`), allowed by the CSP's `img-src`.
const PHOTO_SCHEME: &str = "kasirfoto";

/// Serves one thumbnail from the photos folder: only a content-hash file name
/// ([`kasir_core::photos::is_photo_name`]), never a path, so the window cannot read other files.
fn serve_photo(
    ctx: tauri::UriSchemeContext<'_, tauri::Wry>,
    request: tauri::http::Request<Vec<u8>>,
    responder: tauri::UriSchemeResponder,
) {
    let name = request.uri().path().trim_start_matches('/').to_string();
    let photos = ctx
        .app_handle()
        .try_state::<AppState>()
        .map(|s| s.photos.clone());
    std::thread::spawn(move || {
        let bytes = photos.and_then(|p| p.read(&name));
        let response = match bytes {
            Some(jpeg) => tauri::http::Response::builder()
                .status(200)
                .header("Content-Type", "image/jpeg")
                .header("Cache-Control", "max-age=31536000, immutable")
                .body(jpeg),
            None => tauri::http::Response::builder()
                .status(404)
                .header("Content-Type", "text/plain")
                .body(b"foto tidak ada".to_vec()),
        };
        match response {
            Ok(r) => responder.respond(r),
            Err(e) => tracing::warn!(target: "photos", "foto tidak bisa dikirim: {e}"),
        }
    });
}

pub fn run() {
    #[cfg(target_os = "linux")]
    kasir_support::rendering::paint_on_cpu_without_a_gpu();
    #[cfg(target_os = "linux")]
    let Some(till) = claim_till() else {
        return;
    };
    let builder = tauri::Builder::default();
    // A second launch focuses the running till instead of opening another window on the same
    // database (Linux: `claim_till` above). The plugin must be the first one.
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
        show_till(app);
    }));
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .register_asynchronous_uri_scheme_protocol(PHOTO_SCHEME, serve_photo)
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                prepare_webview(&window);
            }
            #[cfg(target_os = "linux")]
            if let Some(till) = till {
                let handle = app.handle().clone();
                app.manage(till.listen(move || show_till(&handle))?);
            }
            let state = AppState::init(app.handle())?;
            app.manage(state);
            customer_window::reopen_if_remembered(app.handle());
            Ok(())
        })
        .on_window_event(customer_window::on_window_event)
        .invoke_handler(invoke_handler());
    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Kasir Alpiant gagal berjalan: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        // The event loop ends the process without dropping the state: the database file is
        // brought up to date here, so `kasir.db` copied after closing holds every sale.
        if let tauri::RunEvent::Exit = event {
            // A start from now on is the next till, not this closing one.
            #[cfg(target_os = "linux")]
            if let Some(socket) = handle.try_state::<kasir_support::single_instance::Release>() {
                socket.release();
            }
            if let Some(state) = handle.try_state::<AppState>() {
                match state.store.checkpoint() {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(target: "db", "checkpoint saat keluar belum tuntas"),
                    Err(e) => tracing::warn!(target: "db", "checkpoint saat keluar gagal: {}", e.message_id()),
                }
            }
        }
    });
}

/// Sets up a window's WebKit view (the till's and the customer display's):
/// - WebKitGTK's default cache model is a web browser's (memory caches sized for many sites and
///   back/forward pages). The till shows one local page and never navigates: WebKit's document
///   viewer model, "useful for applications that only access a single local file", keeps its
///   caches off and the web process smaller (`make bench` measures it).
/// - When WebKit closes the page (the page's `window.close()`, or a WebDriver session ending)
///   wry only destroys the view: the window would stay open, empty, and keep the till running
///   with nobody able to use it. The window is destroyed with its page, and from there it ends
///   as after its close button (the till's window takes the display with it, the app exits).
#[cfg(target_os = "linux")]
pub(crate) fn prepare_webview(window: &tauri::WebviewWindow) {
    use gtk::glib::object::ObjectExt;
    use gtk::prelude::WidgetExt;
    let owner = window.clone();
    let _ = window.with_webview(move |webview| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        // wry's `close` handler destroys the view first, and a `close` handler of ours after it
        // is never called (tried): the view's `destroy` is what is left to hear. A window being
        // destroyed destroys its view too; that is not a page closing. (A weak reference: the
        // view must not keep its window alive.)
        let frame = view.toplevel().map(|w| w.downgrade());
        view.connect_destroy(move |_| {
            let window_going = frame
                .as_ref()
                .and_then(|w| w.upgrade())
                .is_none_or(|w| w.in_destruction());
            if !window_going {
                let label = owner.label();
                tracing::info!(target: "window", "halaman {label} ditutup, jendelanya ikut");
                let _ = owner.destroy();
            }
        });
    });
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn prepare_webview(_window: &tauri::WebviewWindow) {}

/// Brings the till's window to the front (a second start of the app asked for it); false
/// when the window is gone (the till is closing).
fn show_till(app: &tauri::AppHandle) -> bool {
    let Some(window) = app.get_webview_window("main") else {
        return false;
    };
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
    true
}

/// One till per database: `None` when a till already runs on this database (it was asked to
/// show its window, this process ends before opening one); `Some(None)` when the check could
/// not be made (this process carries on as the till).
#[cfg(target_os = "linux")]
fn claim_till() -> Option<Option<kasir_support::single_instance::Listener>> {
    use kasir_support::single_instance::{claim, Claim};
    let db = kasir_core::paths::AppPaths::resolve(kasir_core::paths::EnvLookup::ConfigDirOnly).db;
    match claim(&db) {
        Ok(Claim::First(listener)) => Some(Some(listener)),
        Ok(Claim::Running { answered: true }) => None,
        Ok(Claim::Running { answered: false }) => {
            eprintln!(
                "Kasir Alpiant sudah berjalan untuk {} (belum menjawab).",
                db.display()
            );
            None
        }
        Err(e) => {
            eprintln!("Pemeriksaan satu kasir per database gagal ({e}); kasir tetap dibuka.");
            Some(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{access_of, COMMANDS};
    use kasir_core::{NewUser, Role, Store};

    /// Commands anyone may call before signing in.
    const PUBLIC: &[&str] = &[
        "get_auth_status",
        "setup_first_run",
        "sign_in",
        "get_shop_profile",
        "get_payment_mode",
        // The customer display never signs in; unattended it shows only the idle screen.
        "get_customer_display",
        "get_customer_display_logo",
    ];

    /// What a cashier may do at the till without the owner's PIN, by command. Deciding this
    /// list is part of adding a command: a new one fails the matrix until it is placed.
    const CASHIER_MAY: &[&str] = &[
        "sign_out",
        "lock_screen",
        "grant_owner_override",
        "get_till_settings",
        "get_current_shift",
        "open_shift",
        "record_cash_movement",
        "close_shift",
        "get_catalog",
        "price_cart",
        "lookup_barcode",
        "pay_cash",
        "get_order",
        "get_product_options",
        "hold_cart",
        "list_held_carts",
        "resume_held_cart",
        "open_bill",
        "list_open_bills",
        "get_bill",
        "add_to_bill",
        "remove_bill_line",
        "send_bill",
        "print_bill",
        "pay_bill_cash",
        "start_bill_qris",
        "start_split",
        "start_bill_split",
        "pay_part_cash",
        "get_part_amount",
        "generate_part_qr",
        "cancel_split",
        "get_pending_split",
        "get_pricing_settings",
        "list_promos",
        "get_shop_clock",
        "get_support_info",
        "list_products",
        "list_stock_movements",
        "list_categories",
        "list_low_stock",
        "get_label_settings",
        "start_qris",
        "generate_payment_qr",
        "check_payment_status",
        "cancel_payment",
        "set_aside_payment",
        "demo_pay",
        "get_printer_settings",
        "preview_receipt",
        "list_unprinted_receipts",
        "retry_failed_prints",
        "reprint_receipt",
        "dismiss_print_job",
        "get_receipt_logo",
        "save_digital_receipt",
        "list_prep_printers",
        "list_category_routes",
        "resolve_report_period",
        "list_sales_history",
        "get_sale_detail",
        "get_refundable",
        "plan_refund",
        "show_cart_on_display",
        "get_customer_display_window",
        "open_customer_display",
        "close_customer_display",
        "get_customer_display_settings",
    ];

    /// Every registered command × {nobody, locked, cashier, owner} through the real gate.
    #[test]
    fn permission_matrix_every_command_and_role() {
        for name in PUBLIC.iter().chain(CASHIER_MAY) {
            assert!(
                COMMANDS.contains(name),
                "{name} is not a registered command"
            );
        }
        let now = chrono::Utc::now();
        let store = Store::open_in_memory().expect("store");
        let owner = store
            .create_owner_unattended("Sri", "246813", now)
            .expect("owner");
        store.sign_in(owner.id, "246813", now).expect("owner in");
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
        store.sign_out(now).expect("out");
        let gate = |name: &str| super::gate(&store, name);
        for name in COMMANDS {
            assert!(access_of(name).is_some(), "{name} has an access rule");
            let public = PUBLIC.contains(name);
            let nobody = gate(name);
            assert_eq!(nobody.is_ok(), public, "{name} signed out: {nobody:?}");
            if !public {
                assert_eq!(
                    nobody.as_ref().map_err(|e| e.kind.as_str()),
                    Err("not_signed_in"),
                    "{name}"
                );
            }
        }
        store.sign_in(rina.id, "802461", now).expect("rina in");
        for name in COMMANDS {
            let r = gate(name);
            let may = PUBLIC.contains(name) || CASHIER_MAY.contains(name);
            assert_eq!(r.is_ok(), may, "cashier × {name}: {r:?}");
            if !may {
                assert_eq!(
                    r.as_ref().map_err(|e| e.kind.as_str()),
                    Err("owner_pin_required"),
                    "a cashier calling {name} directly is refused with the owner-PIN kind"
                );
            }
        }
        store.lock_screen(false, now).expect("lock");
        for name in COMMANDS {
            let r = gate(name);
            assert_eq!(r.is_ok(), PUBLIC.contains(name), "locked × {name}: {r:?}");
        }
        store.sign_in(owner.id, "246813", now).expect("owner in");
        for name in COMMANDS {
            assert!(gate(name).is_ok(), "the owner may {name}");
        }
        // Not ours (plugins): the gate leaves them to Tauri's own permissions.
        assert!(gate("plugin:event|listen").is_ok());
    }

    /// Writes `src/bindings/Command.ts` (CI fails when it drifts, like every generated binding).
    #[test]
    fn export_bindings_command_names() {
        let mut names: Vec<&str> = COMMANDS.to_vec();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "every command is registered once");
        let union = COMMANDS
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(" | ");
        let ts = format!(
            "// Generated from the command list in src-tauri/src/lib.rs. Do not edit this file manually.\n\n/** Every IPC command the window may invoke. */\nexport type Command = {union};\n"
        );
        // Where cargo runs the test (a binary reused from another checkout of the same target
        // dir must write into this one).
        let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
        let path = crate_dir.join("../src/bindings/Command.ts");
        std::fs::write(&path, ts).expect("write Command.ts");
    }
}

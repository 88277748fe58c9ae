//! kasir-cli: the same services the app uses, without a window — for developers checking
//! their sandbox key and for support. Never prints a secret key.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use kasir_core::paths::{AppPaths, EnvLookup};
use kasir_core::time::rfc3339_millis;
use kasir_core::{AttemptStatus, Store};
use kasir_emulator::{Emulator, EmulatorConfig, EmulatorError};
use kasir_gateway::{GatewayError, MerchantInfo, SecretKey};
use kasir_payment::{
    load_config, read_env, Clock, PaymentConfig, PaymentError, PaymentRuntime, PaymentService,
    ProviderChoice,
};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "kasir-cli",
    version,
    about = "Kasir Alpiant tanpa jendela: QRIS, emulator, doctor, struk dan printer"
)]
struct Cli {
    /// Database file (default: $KASIR_DB or the app's data dir).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// QRIS payments, exactly as the app makes them.
    Qris {
        #[command(subcommand)]
        action: QrisAction,
    },
    /// Run the built-in gateway emulator (Midtrans /v2 and Xendit /v3 on one port).
    Emulator {
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Check .env and reach the gateway (never prints the key).
    Doctor,
    /// Write the exact ESC/POS bytes the printer would receive for a stored, paid order.
    Receipt {
        /// Order id (as `qris charge` prints it) or the order number shown on screen.
        order: String,
        /// Paper width: 58, 80 or 42 (default: the saved printer setting).
        #[arg(long)]
        paper: Option<String>,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print as a reprint ("SALINAN").
        #[arg(long)]
        copy: bool,
    },
    /// Receipt printers: list the connected ones, print a test page.
    Printer {
        #[command(subcommand)]
        action: PrinterAction,
    },
    /// Fill the database with realistic demo sales (two years, mixed methods and issuers).
    DemoSales {
        #[arg(long)]
        orders: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// The owner's dashboard figures for a period (same code path as the Laporan tab).
    Report {
        /// First day, YYYY-MM-DD, in the shop's timezone (business day).
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD, inclusive.
        #[arg(long)]
        to: String,
        /// Print JSON (the only format for now; accepted for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Export every order and line of a period as CSV (UTF-8, header row, integer amounts), or
    /// as an Excel workbook when `--out` ends with `.xlsx`.
    Export {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Back up the database with SQLite's online backup API (safe while the app runs), verified.
    Backup {
        /// The backup file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore the database from a backup file: verified, a safety copy of the current database
    /// is taken first (in the backup folder). Close the app before restoring from here.
    Restore { file: PathBuf },
    /// Users of the till (the owner for tests and unattended setups; cashiers are added in the app).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Decode an ESC/POS file into the printed text (fails on unknown or truncated commands).
    Decode {
        file: PathBuf,
        /// Lay out as on paper of this many columns (32 = 58 mm, 48 = 80 mm).
        #[arg(long)]
        columns: Option<usize>,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create the owner of a new database (refused once any user exists), so the first-run
    /// screen is skipped. The PIN is read from the environment variable named by `--pin-env`
    /// (never from the command line, where `ps` would show it).
    CreateOwner {
        #[arg(long)]
        name: String,
        /// Environment variable holding the 6-digit PIN.
        #[arg(long, default_value = "KASIR_OWNER_PIN")]
        pin_env: String,
        /// Exit 0 without changes when users already exist (for scripts run on every start).
        #[arg(long)]
        if_none: bool,
    },
    /// List users (name, role, active, locked).
    List,
}

#[derive(Subcommand)]
enum PrinterAction {
    /// USB printer-class devices connected now.
    List,
    /// Print a test page and report the real, typed error when it fails.
    Test {
        /// Network printer, e.g. 192.168.1.50:9100.
        #[arg(long, conflicts_with_all = ["device", "usb"])]
        tcp: Option<String>,
        /// Device file, e.g. /dev/usb/lp0.
        #[arg(long, conflicts_with = "usb")]
        device: Option<PathBuf>,
        /// USB printer as VID:PID in hex, e.g. 04b8:0202.
        #[arg(long)]
        usb: Option<String>,
        /// Paper width: 58, 80 or 42.
        #[arg(long, default_value = "58")]
        paper: String,
    },
}

#[derive(Subcommand)]
enum QrisAction {
    /// Create a local order for AMOUNT rupiah and charge a QRIS for it.
    Charge {
        #[arg(long)]
        amount: i64,
    },
    /// Ask the gateway, verify and finalise like the app. `--refresh` asks again even for a
    /// finished attempt and prints any refund/chargeback it finds.
    Status {
        attempt_id: String,
        #[arg(long)]
        refresh: bool,
    },
    /// Cancel at the gateway (finalises instead if it was paid meanwhile).
    Cancel { attempt_id: String },
}

#[derive(Debug)]
struct CliError(String);

impl From<PaymentError> for CliError {
    fn from(e: PaymentError) -> Self {
        CliError(format!("[{}] {}", e.kind(), e.message_id()))
    }
}

impl From<kasir_core::CoreError> for CliError {
    fn from(e: kasir_core::CoreError) -> Self {
        CliError(format!("[{}] {}", e.kind(), e.message_id()))
    }
}

impl From<kasir_receipts::ReceiptsError> for CliError {
    fn from(e: kasir_receipts::ReceiptsError) -> Self {
        CliError(format!("[{}] {} ({e})", e.kind(), e.message_id()))
    }
}

impl From<kasir_printer::PrinterError> for CliError {
    fn from(e: kasir_printer::PrinterError) -> Self {
        CliError(format!("[{}] {} ({e})", e.kind(), e.message_id()))
    }
}

impl From<EmulatorError> for CliError {
    fn from(e: EmulatorError) -> Self {
        CliError::from(GatewayError::from(e))
    }
}

impl From<GatewayError> for CliError {
    fn from(e: GatewayError) -> Self {
        CliError(format!("[{}] {}", e.kind(), e.message_id()))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kasir-cli: tokio tidak dapat dijalankan: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("kasir-cli: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn report_error(e: kasir_reports::ReportError) -> CliError {
    CliError(format!("[{}] {}", e.kind(), e.message_id()))
}

fn json_error(e: serde_json::Error) -> CliError {
    CliError(format!("JSON: {e}"))
}

/// The same places the app uses (`kasir_core::paths`): `$KASIR_DB` or the app data dir, and
/// `.env` in the app config dir, then the working directory and its parent.
fn app_paths() -> AppPaths {
    AppPaths::resolve(EnvLookup::WithWorkingDir)
}

fn config() -> Result<PaymentConfig, CliError> {
    Ok(load_config(&app_paths().env_paths())?)
}

fn user(db: Option<PathBuf>, action: UserAction) -> Result<(), CliError> {
    let store = open_store(db)?;
    match action {
        UserAction::CreateOwner {
            name,
            pin_env,
            if_none,
        } => {
            if if_none && !store.list_users()?.is_empty() {
                println!("pengguna sudah ada; tidak ada yang diubah");
                return Ok(());
            }
            let pin = std::env::var(&pin_env).map_err(|_| {
                CliError(format!(
                    "PIN pemilik tidak ada di variabel lingkungan {pin_env}"
                ))
            })?;
            let owner = store.create_owner_unattended(&name, pin.trim(), chrono::Utc::now())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&owner).map_err(json_error)?
            );
            Ok(())
        }
        UserAction::List => {
            let users = store.list_users()?;
            println!(
                "{}",
                serde_json::to_string_pretty(&users).map_err(json_error)?
            );
            Ok(())
        }
    }
}

fn open_store(db: Option<PathBuf>) -> Result<Arc<Store>, CliError> {
    let path = db.unwrap_or_else(|| app_paths().db);
    Ok(Arc::new(Store::open(&path)?))
}

async fn service(db: Option<PathBuf>) -> Result<Arc<PaymentService>, CliError> {
    let config = config()?;
    if let ProviderChoice::Emulator { .. } = config.provider {
        return Err(CliError(
            "PAYMENT_PROVIDER=emulator hanya hidup di dalam aplikasi. Untuk CLI jalankan \
             `kasir-cli emulator --port 8900` lalu set PAYMENT_PROVIDER=midtrans, \
             MIDTRANS_BASE_URL=http://127.0.0.1:8900 dan MIDTRANS_SERVER_KEY yang sama."
                .into(),
        ));
    }
    let store = open_store(db)?;
    let clock: Clock = Arc::new(chrono::Utc::now);
    Ok(PaymentRuntime::start(config, store, clock).await?.service)
}

/// The CLI's status vocabulary: pending|paid|expired|cancelled|failed.
fn status_word(s: AttemptStatus) -> &'static str {
    match s {
        AttemptStatus::Creating | AttemptStatus::Pending => "pending",
        AttemptStatus::Paid => "paid",
        AttemptStatus::Expired => "expired",
        AttemptStatus::Cancelled => "cancelled",
        AttemptStatus::Failed => "failed",
    }
}

/// An attempt's state as the CLI prints it (times as RFC 3339).
fn state_json(state: &kasir_payment::PaymentState) -> serde_json::Value {
    json!({
        "attemptId": state.attempt_id,
        "orderId": state.order_id,
        "status": status_word(state.status),
        "issuer": state.issuer_label,
        "issuerId": state.issuer,
        "anomaly": state.anomaly,
        "late": state.late,
        "processing": state.processing,
        "expiresAt": state.expires_at.map(rfc3339_millis),
        "paidAt": state.paid_at.map(rfc3339_millis),
    })
}

fn print_state(state: &kasir_payment::PaymentState) {
    println!("{}", state_json(state));
}

async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Qris { action } => {
            let service = service(cli.db).await?;
            match action {
                QrisAction::Charge { amount } => {
                    let order = service.store().create_awaiting_custom_order(
                        "Tagihan kasir-cli",
                        amount,
                        chrono::Utc::now(),
                    )?;
                    let qr = service.generate_payment_qr(order.id).await?;
                    let attempt = service.store().attempt(&qr.attempt_id)?;
                    println!(
                        "{}",
                        json!({
                            "attemptId": qr.attempt_id,
                            "orderId": qr.order_id,
                            "orderNumber": qr.order_number,
                            "gatewayOrderId": attempt.gateway_order_id,
                            "provider": qr.provider,
                            "amount": qr.amount,
                            "qrString": attempt.qr_string,
                            "qrImageUrl": attempt.qr_image_url,
                            "expiresAt": rfc3339_millis(qr.expires_at),
                            "status": status_word(qr.status),
                        })
                    );
                }
                QrisAction::Status {
                    attempt_id,
                    refresh: false,
                } => print_state(&service.check_payment_status(&attempt_id).await?),
                QrisAction::Status {
                    attempt_id,
                    refresh: true,
                } => {
                    let r = service.refresh(&attempt_id).await?;
                    let reversals: Vec<_> = r
                        .reversals
                        .iter()
                        .map(|x| {
                            json!({
                                "kind": x.kind.as_str(),
                                "label": x.kind.label(),
                                "amount": x.amount,
                                "occurredAt": x.occurred_at.map(rfc3339_millis),
                                "recordedAt": rfc3339_millis(x.recorded_at),
                            })
                        })
                        .collect();
                    let sum = |pred: fn(kasir_core::ReversalKind) -> bool| -> i64 {
                        r.reversals
                            .iter()
                            .filter(|x| pred(x.kind))
                            .map(|x| x.amount)
                            .sum()
                    };
                    let refunded = sum(|k| {
                        matches!(
                            k,
                            kasir_core::ReversalKind::Refund
                                | kasir_core::ReversalKind::PartialRefund
                        )
                    });
                    let charged_back = sum(|k| {
                        matches!(
                            k,
                            kasir_core::ReversalKind::Chargeback
                                | kasir_core::ReversalKind::PartialChargeback
                        )
                    });
                    let mut out = state_json(&r.state);
                    out["refundAmount"] = json!(refunded);
                    out["chargebackAmount"] = json!(charged_back);
                    out["refundsAndChargebacks"] = json!(reversals);
                    println!("{out}");
                }
                QrisAction::Cancel { attempt_id } => {
                    print_state(&service.cancel_payment(&attempt_id).await?)
                }
            }
            Ok(())
        }
        Command::Emulator { port } => run_emulator(port).await,
        Command::Doctor => doctor().await,
        Command::Receipt {
            order,
            paper,
            out,
            copy,
        } => receipt(cli.db, &order, paper.as_deref(), out, copy),
        Command::Printer { action } => printer(action),
        Command::Decode { file, columns } => decode(&file, columns),
        Command::User { action } => user(cli.db, action),
        Command::Backup { out } => {
            let store = open_store(cli.db)?;
            let started = std::time::Instant::now();
            let info = store.backup_to(&out)?;
            eprintln!(
                "cadangan selesai dalam {} ms",
                started.elapsed().as_millis()
            );
            println!(
                "{}",
                serde_json::to_string_pretty(&info).map_err(json_error)?
            );
            Ok(())
        }
        Command::Restore { file } => {
            let store = open_store(cli.db)?;
            let started = std::time::Instant::now();
            let done = store.restore_from(&file, chrono::Utc::now())?;
            eprintln!(
                "dipulihkan dalam {} ms; salinan pengaman: {}",
                started.elapsed().as_millis(),
                done.safety_copy.path
            );
            println!(
                "{}",
                serde_json::to_string_pretty(&done.restored).map_err(json_error)?
            );
            Ok(())
        }
        Command::DemoSales { orders, seed } => {
            let store = open_store(cli.db)?;
            let summary = kasir_demo::generate_demo_sales(&store, orders, seed, chrono::Utc::now())
                .map_err(report_error)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&summary).map_err(json_error)?
            );
            Ok(())
        }
        Command::Report { from, to, json: _ } => {
            let store = open_store(cli.db)?;
            let dashboard = kasir_reports::dashboard(
                &store,
                &kasir_reports::PeriodRequest::custom(&from, &to),
                chrono::Utc::now(),
            )
            .map_err(report_error)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&dashboard).map_err(json_error)?
            );
            Ok(())
        }
        Command::Export { from, to, out } => {
            let store = open_store(cli.db)?;
            let range = kasir_reports::DateRange { from, to };
            let xlsx = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let result = if xlsx {
                kasir_reports::export_xlsx_file(&store, &range, &out)
            } else {
                kasir_reports::export_csv_file(&store, &range, &out)
            }
            .map_err(report_error)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&result).map_err(json_error)?
            );
            Ok(())
        }
    }
}

fn paper_arg(paper: &str) -> Result<kasir_receipts::PaperChoice, CliError> {
    kasir_receipts::PaperChoice::parse(paper)
        .ok_or_else(|| CliError(format!("--paper harus 58, 80 atau 42 (diterima {paper})")))
}

fn receipt(
    db: Option<PathBuf>,
    order: &str,
    paper: Option<&str>,
    out: Option<PathBuf>,
    copy: bool,
) -> Result<(), CliError> {
    use std::io::Write;
    let store = open_store(db)?;
    let order = match order.trim().parse::<i64>() {
        Ok(id) => store.order(id)?,
        Err(_) => store.order_by_number(order)?,
    };
    let mut settings = kasir_receipts::PrinterSettings::load(&store)?;
    if let Some(p) = paper {
        settings.paper = paper_arg(p)?;
    }
    let bytes = kasir_receipts::job_bytes(&store, order.id, &settings, copy)?;
    match out {
        Some(path) => {
            std::fs::write(&path, &bytes)
                .map_err(|e| CliError(format!("{} tidak bisa ditulis: {e}", path.display())))?;
            eprintln!(
                "struk {} ({} byte, kertas {} mm/kolom) ditulis ke {}",
                order.number,
                bytes.len(),
                settings.paper.as_str(),
                path.display()
            );
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| CliError(format!("stdout: {e}")))?,
    }
    Ok(())
}

fn printer(action: PrinterAction) -> Result<(), CliError> {
    use kasir_printer::PrinterConnection;
    match action {
        PrinterAction::List => {
            let printers = kasir_printer::list_usb_printers()?;
            if printers.is_empty() {
                println!("tidak ada printer USB terdeteksi");
            }
            for p in printers {
                println!(
                    "{}",
                    json!({
                        "usb": format!("{:04x}:{:04x}", p.vendor_id, p.product_id),
                        "name": p.name,
                        "serial": p.serial,
                    })
                );
            }
            Ok(())
        }
        PrinterAction::Test {
            tcp,
            device,
            usb,
            paper,
        } => {
            let conn = if let Some(addr) = tcp {
                let (host, port) = match addr.rsplit_once(':') {
                    Some((h, p)) => (
                        h.to_string(),
                        p.parse::<u16>()
                            .map_err(|_| CliError(format!("port tidak valid: {p}")))?,
                    ),
                    None => (addr.clone(), kasir_printer::DEFAULT_TCP_PORT),
                };
                PrinterConnection::Network { host, port }
            } else if let Some(path) = device {
                PrinterConnection::DeviceFile { path }
            } else if let Some(id) = usb {
                let (vendor_id, product_id) = kasir_core::settings::printer::parse_usb_id(&id)
                    .ok_or_else(|| CliError(format!("--usb harus VID:PID heksadesimal: {id}")))?;
                PrinterConnection::Usb {
                    vendor_id,
                    product_id,
                    serial: None,
                }
            } else {
                return Err(CliError(
                    "pilih salah satu: --tcp HOST:PORT, --device PATH atau --usb VID:PID".into(),
                ));
            };
            let profile = kasir_printer::PrinterProfile::for_paper(
                kasir_receipts::connection::paper_width(paper_arg(&paper)?),
            );
            let bytes = kasir_printer::test_page(&profile);
            let mut driver = kasir_printer::open(&conn, kasir_printer::Timeouts::default())?;
            driver.send(&bytes)?;
            println!(
                "halaman tes terkirim ke {} ({} byte)",
                driver.describe(),
                bytes.len()
            );
            Ok(())
        }
    }
}

fn decode(file: &std::path::Path, columns: Option<usize>) -> Result<(), CliError> {
    let bytes = std::fs::read(file)
        .map_err(|e| CliError(format!("{} tidak bisa dibaca: {e}", file.display())))?;
    let lines = match columns {
        Some(c) => kasir_printer::decode::preview_lines(&bytes, c),
        None => kasir_printer::decode::decode_text(&bytes),
    }
    .map_err(|e| CliError(format!("[invalid_escpos] {e}")))?;
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

async fn run_emulator(port: u16) -> Result<(), CliError> {
    // The emulator accepts the same keys the app is configured with (environment or .env, read
    // by the same code as the app); without a Midtrans key it refuses to start rather than
    // invent and print one.
    let vars = read_env(&app_paths().env_paths())?;
    let key = |name: &str| {
        vars.get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(SecretKey::new)
    };
    let midtrans_key = key("MIDTRANS_SERVER_KEY").ok_or_else(|| {
        CliError(
            "set MIDTRANS_SERVER_KEY (and optionally XENDIT_SECRET_KEY) in the environment or \
             .env: the emulator accepts exactly those keys"
                .into(),
        )
    })?;
    // Without a Xendit key the /v3 side gets one nobody knows: it answers 401 to everyone.
    let xendit_key = key("XENDIT_SECRET_KEY")
        .unwrap_or_else(|| SecretKey::new(format!("emulator-x-{}", std::process::id())));
    let handle = Emulator::start(EmulatorConfig {
        port: Some(port),
        midtrans_key,
        xendit_key,
        merchant: MerchantInfo::demo(),
        clock: Arc::new(chrono::Utc::now),
    })
    .await?;
    println!("{}", json!({ "emulator": handle.base_url() }));
    eprintln!(
        "Emulator berjalan di {} — Midtrans /v2, Xendit /v3, kontrol /_emulator (pay, expire, faults, transactions). Ctrl+C untuk berhenti.",
        handle.base_url()
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError(format!("sinyal: {e}")))?;
    handle.shutdown();
    Ok(())
}

async fn doctor() -> Result<(), CliError> {
    let config = config()?;
    println!("PAYMENT_PROVIDER: {}", config.provider_name());
    println!("QRIS_EXPIRY_MINUTES: {}", config.expiry_minutes);
    println!("QRIS_POLL_SECONDS: {}", config.poll_seconds);
    match &config.provider {
        ProviderChoice::Emulator { .. } => println!("kunci: tidak perlu (Mode Demo / emulator)"),
        ProviderChoice::Real {
            kind,
            base_url,
            key,
        } => {
            let env = if key.expose().starts_with("SB-")
                || key.expose().starts_with("xnd_development_")
            {
                "sandbox/test"
            } else {
                "production/live"
            };
            println!("gateway: {} di {base_url}", kind.as_str());
            println!("kunci: diset ({env}, {} karakter)", key.expose().len());
        }
    }
    let dir = std::env::temp_dir().join(format!("kasir-doctor-{}", std::process::id()));
    let store = Arc::new(Store::open(&dir.join("doctor.db"))?);
    let clock: Clock = Arc::new(chrono::Utc::now);
    let runtime = PaymentRuntime::start(config, store, clock).await?;
    let probe = format!("kasir-doctor-{}", std::process::id());
    let result = runtime.service.probe(&probe).await;
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(()) => {
            println!("gateway: terjangkau, kunci diterima");
            Ok(())
        }
        Err(e) => Err(CliError(format!("gateway: {}", e.message_id()))),
    }
}

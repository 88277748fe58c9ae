//! kasir-cli: the same services the app uses, without a window — for developers checking
//! their sandbox key and for support. Never prints a secret key.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use kasir_core::{AttemptStatus, Store};
use kasir_gateway::{Emulator, EmulatorConfig, GatewayError, MerchantInfo, SecretKey};
use kasir_payment::{
    load_config, Clock, PaymentConfig, PaymentError, PaymentRuntime, PaymentService, ProviderChoice,
};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "kasir-cli",
    version,
    about = "Kasir Alpiant tanpa jendela: QRIS, emulator, doctor"
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
}

#[derive(Subcommand)]
enum QrisAction {
    /// Create a local order for AMOUNT rupiah and charge a QRIS for it.
    Charge {
        #[arg(long)]
        amount: i64,
    },
    /// Ask the gateway, verify and finalise like the app.
    Status { attempt_id: String },
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

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Same place Tauri uses on Linux: `$XDG_DATA_HOME/id.alpiant.kasir/kasir.db`.
fn default_db() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KASIR_DB").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".local/share")))?;
    Some(base.join("id.alpiant.kasir").join("kasir.db"))
}

fn env_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".config")));
    if let Some(c) = config {
        files.push(c.join("id.alpiant.kasir").join(".env"));
    }
    if let Ok(cwd) = std::env::current_dir() {
        files.push(cwd.join(".env"));
    }
    files
}

fn config() -> Result<PaymentConfig, CliError> {
    let files = env_files();
    let paths: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    Ok(load_config(&paths)?)
}

fn open_store(db: Option<PathBuf>) -> Result<Arc<Store>, CliError> {
    let path = db
        .or_else(default_db)
        .ok_or_else(|| CliError("lokasi database tidak diketahui: pakai --db PATH".into()))?;
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

fn print_state(state: &kasir_payment::PaymentState) {
    println!(
        "{}",
        json!({
            "attemptId": state.attempt_id,
            "orderId": state.order_id,
            "status": status_word(state.status),
            "issuer": state.issuer,
            "anomaly": state.anomaly,
            "late": state.late,
            "expiresAt": state.expires_at,
            "paidAt": state.paid_at,
        })
    );
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
                            "expiresAt": qr.expires_at,
                            "status": status_word(qr.status),
                        })
                    );
                }
                QrisAction::Status { attempt_id } => {
                    print_state(&service.check_payment_status(&attempt_id).await?)
                }
                QrisAction::Cancel { attempt_id } => {
                    print_state(&service.cancel_payment(&attempt_id).await?)
                }
            }
            Ok(())
        }
        Command::Emulator { port } => run_emulator(port).await,
        Command::Doctor => doctor().await,
    }
}

fn env_key(name: &str) -> Option<SecretKey> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| SecretKey::new(v.trim()))
}

async fn run_emulator(port: u16) -> Result<(), CliError> {
    // The emulator accepts the same keys the app is configured with (from the environment or
    // .env); without them it refuses to start rather than invent and print one.
    let (Some(midtrans_key), Some(xendit_key)) = (
        env_key("MIDTRANS_SERVER_KEY").or_else(|| dotenv_key("MIDTRANS_SERVER_KEY")),
        env_key("XENDIT_SECRET_KEY")
            .or_else(|| dotenv_key("XENDIT_SECRET_KEY"))
            .or_else(|| Some(SecretKey::new(format!("emulator-x-{}", std::process::id())))),
    ) else {
        return Err(CliError(
            "set MIDTRANS_SERVER_KEY (and optionally XENDIT_SECRET_KEY) in the environment or \
             .env: the emulator accepts exactly those keys"
                .into(),
        ));
    };
    let handle = Emulator::start(EmulatorConfig {
        port: Some(port),
        midtrans_key,
        xendit_key,
        merchant: MerchantInfo::demo(),
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

fn dotenv_key(name: &str) -> Option<SecretKey> {
    for file in env_files() {
        if let Ok(iter) = dotenvy_lines(&file) {
            if let Some(v) = iter.into_iter().find(|(k, _)| k == name).map(|(_, v)| v) {
                return Some(SecretKey::new(v));
            }
        }
    }
    None
}

/// Minimal KEY=VALUE reader for the emulator's keys (the full parser lives in kasir-payment).
fn dotenvy_lines(path: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            if l.starts_with('#') {
                return None;
            }
            let (k, v) = l.split_once('=')?;
            Some((
                k.trim().to_string(),
                v.trim().trim_matches(|c| c == '"' || c == '\'').to_string(),
            ))
        })
        .collect())
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

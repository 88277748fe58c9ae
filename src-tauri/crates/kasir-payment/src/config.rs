//! Payment configuration from `.env` files and the environment, read only by Rust.
//!
//! Precedence: real environment variables, then `.env` in the app config dir, then (in dev)
//! `.env` in the working directory. A malformed value is an error naming the key; there are no
//! silent defaults for values that are present. Keys are held as `SecretKey` and never
//! printed.

use std::collections::HashMap;
use std::path::Path;

use kasir_gateway::{ProviderKind, SecretKey};

use crate::error::{PaymentError, Result};

pub const MIDTRANS_SANDBOX: &str = "https://api.sandbox.midtrans.com";
pub const MIDTRANS_PRODUCTION: &str = "https://api.midtrans.com";
pub const XENDIT_DEFAULT: &str = "https://api.xendit.co";

/// Every key this module reads (also what `.env.example` documents).
pub const KEYS: &[&str] = &[
    "PAYMENT_PROVIDER",
    "MIDTRANS_SERVER_KEY",
    "MIDTRANS_BASE_URL",
    "XENDIT_SECRET_KEY",
    "XENDIT_BASE_URL",
    "QRIS_EXPIRY_MINUTES",
    "QRIS_POLL_SECONDS",
    "KASIR_EMULATOR_PORT",
];

#[derive(Debug, Clone)]
pub enum ProviderChoice {
    /// The built-in emulator, started in-process (speaks the Midtrans protocol to our client).
    Emulator { port: Option<u16> },
    Real {
        kind: ProviderKind,
        base_url: String,
        key: SecretKey,
    },
}

#[derive(Debug, Clone)]
pub struct PaymentConfig {
    pub provider: ProviderChoice,
    pub expiry_minutes: u32,
    pub poll_seconds: u32,
}

impl PaymentConfig {
    /// `midtrans`, `xendit` or `emulator`.
    pub fn provider_name(&self) -> &'static str {
        match &self.provider {
            ProviderChoice::Emulator { .. } => "emulator",
            ProviderChoice::Real { kind, .. } => kind.as_str(),
        }
    }

    pub fn base_url(&self) -> Option<&str> {
        match &self.provider {
            ProviderChoice::Emulator { .. } => None,
            ProviderChoice::Real { base_url, .. } => Some(base_url),
        }
    }
}

/// Read `.env` files (later files do not override earlier ones) and the environment.
pub fn load_config(env_files: &[&Path]) -> Result<PaymentConfig> {
    from_map(&read_env(env_files)?)
}

/// The raw values of [`KEYS`] after precedence: environment, then the files in order. Values
/// are unchecked (secrets included): callers wrap keys in `SecretKey` and never print them.
pub fn read_env(env_files: &[&Path]) -> Result<HashMap<String, String>> {
    let mut vars: HashMap<String, String> = HashMap::new();
    // Lowest precedence first; each later source overwrites.
    for file in env_files.iter().rev() {
        if !file.exists() {
            continue;
        }
        let iter = dotenvy::from_path_iter(file).map_err(|e| {
            PaymentError::config(
                "(.env)",
                format!("berkas {} tidak terbaca: {e}", file.display()),
            )
        })?;
        let lines = key_lines(file);
        for item in iter {
            let (k, v) = item.map_err(|e| {
                PaymentError::config(
                    "(.env)",
                    format!(
                        "baris tidak valid di {}: {}",
                        file.display(),
                        redact_parse_error(&e)
                    ),
                )
            })?;
            if let Some(key) = KEYS.iter().find(|known| **known == k) {
                if v.contains('\n') || v.contains('\r') {
                    // A quote opened and closed lines later is legal multi-line syntax, so a
                    // missing closing quote swallows the next lines — possibly the key. Name
                    // the key and its line; never echo the value.
                    let line = lines.iter().find(|(name, _)| name == key).map(|(_, n)| *n);
                    let at = line.map_or(String::new(), |n| format!(" (baris {n})"));
                    return Err(PaymentError::config(
                        key,
                        format!(
                            "nilainya{at} memuat beberapa baris: tanda kutip pembuka tidak ditutup \
                             di baris yang sama. Tulis satu baris, mis. {key}=nilai atau {key}=\"nilai\""
                        ),
                    ));
                }
            }
            vars.insert(k, v);
        }
    }
    for key in KEYS {
        if let Ok(v) = std::env::var(key) {
            vars.insert((*key).to_string(), v);
        }
    }
    Ok(vars)
}

/// Where each `KEY=` line starts in `file` (1-based), read without interpreting values.
fn key_lines(file: &Path) -> Vec<(String, usize)> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim_start();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (name, _) = line.split_once('=')?;
            let name = name.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| (name.to_string(), i + 1))
        })
        .collect()
}

/// dotenvy's parse errors quote the offending line, which may hold a key: keep only the index.
fn redact_parse_error(e: &dotenvy::Error) -> String {
    match e {
        dotenvy::Error::LineParse(_, idx) => format!("kesalahan sintaks di posisi {idx}"),
        dotenvy::Error::Io(io) => io.kind().to_string(),
        _ => "format tidak dikenal".into(),
    }
}

fn get<'a>(vars: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    vars.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn int_in_range(
    vars: &HashMap<String, String>,
    key: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32> {
    match get(vars, key) {
        None => Ok(default),
        Some(raw) => {
            // Never echo the value: a broken quote can make it hold the next lines (a key).
            let v: u32 = raw.parse().map_err(|_| {
                PaymentError::config(
                    key,
                    format!(
                        "harus bilangan bulat antara {} dan {}",
                        range.start(),
                        range.end()
                    ),
                )
            })?;
            if range.contains(&v) {
                Ok(v)
            } else {
                Err(PaymentError::config(
                    key,
                    format!(
                        "harus antara {} dan {}, bukan {v}",
                        range.start(),
                        range.end()
                    ),
                ))
            }
        }
    }
}

fn url(vars: &HashMap<String, String>, key: &'static str, default: &str) -> Result<String> {
    let value = get(vars, key)
        .unwrap_or(default)
        .trim_end_matches('/')
        .to_string();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| PaymentError::config(key, "harus diawali http:// atau https://"))?;
    if rest.is_empty() || rest.contains(char::is_whitespace) || rest.contains('@') {
        return Err(PaymentError::config(key, "bukan alamat URL yang valid"));
    }
    if value.starts_with("http://") && !kasir_gateway::policy::is_loopback_http(&value) {
        // The key travels in every request: plain HTTP only to the emulator on this PC.
        return Err(PaymentError::config(
            key,
            "memakai http:// tanpa enkripsi ke komputer lain; gunakan https:// \
             (http:// hanya untuk emulator di 127.0.0.1/localhost)",
        ));
    }
    Ok(value)
}

fn key_of(vars: &HashMap<String, String>, key: &'static str, provider: &str) -> Result<SecretKey> {
    let v = get(vars, key).ok_or_else(|| {
        PaymentError::config(key, format!("wajib diisi bila PAYMENT_PROVIDER={provider}"))
    })?;
    if v.contains(char::is_whitespace) || v.len() < 8 {
        return Err(PaymentError::config(key, "format kunci tidak valid"));
    }
    Ok(SecretKey::new(v))
}

pub(crate) fn from_map(vars: &HashMap<String, String>) -> Result<PaymentConfig> {
    let expiry_minutes = int_in_range(vars, "QRIS_EXPIRY_MINUTES", 10, 5..=15)?;
    let poll_seconds = int_in_range(vars, "QRIS_POLL_SECONDS", 3, 3..=5)?;
    let provider_raw = get(vars, "PAYMENT_PROVIDER").map(str::to_ascii_lowercase);
    let provider_name = match provider_raw.as_deref() {
        Some(p) => p.to_string(),
        None if get(vars, "MIDTRANS_SERVER_KEY").is_some() => "midtrans".into(),
        None if get(vars, "XENDIT_SECRET_KEY").is_some() => "xendit".into(),
        None => "emulator".into(),
    };
    let provider = match provider_name.as_str() {
        "emulator" => {
            let port = match get(vars, "KASIR_EMULATOR_PORT") {
                None => None,
                Some(raw) => Some(raw.parse::<u16>().map_err(|_| {
                    PaymentError::config("KASIR_EMULATOR_PORT", "harus nomor port 1–65535")
                })?),
            };
            ProviderChoice::Emulator { port }
        }
        "midtrans" => {
            let key = key_of(vars, "MIDTRANS_SERVER_KEY", "midtrans")?;
            let default = if key.expose().starts_with("SB-") {
                MIDTRANS_SANDBOX
            } else {
                MIDTRANS_PRODUCTION
            };
            ProviderChoice::Real {
                kind: ProviderKind::Midtrans,
                base_url: url(vars, "MIDTRANS_BASE_URL", default)?,
                key,
            }
        }
        "xendit" => ProviderChoice::Real {
            kind: ProviderKind::Xendit,
            base_url: url(vars, "XENDIT_BASE_URL", XENDIT_DEFAULT)?,
            key: key_of(vars, "XENDIT_SECRET_KEY", "xendit")?,
        },
        other => {
            return Err(PaymentError::config(
                "PAYMENT_PROVIDER",
                // The value is not echoed (a broken quote may have swallowed a key into it).
                format!(
                    "harus midtrans, xendit atau emulator ({} karakter diberikan)",
                    other.chars().count()
                ),
            ));
        }
    };
    Ok(PaymentConfig {
        provider,
        expiry_minutes,
        poll_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sandbox_key() -> String {
        format!("SB-Mid-server-{}", "k".repeat(6))
    }

    #[test]
    fn no_key_means_emulator_with_defaults() {
        let c = from_map(&map(&[])).expect("defaults");
        assert_eq!(c.provider_name(), "emulator");
        assert_eq!((c.expiry_minutes, c.poll_seconds), (10, 3));
    }

    #[test]
    fn midtrans_sandbox_key_picks_sandbox_url_and_production_key_production() {
        let c = from_map(&map(&[("MIDTRANS_SERVER_KEY", &sandbox_key())])).expect("sb");
        assert_eq!(c.provider_name(), "midtrans");
        assert_eq!(c.base_url(), Some(MIDTRANS_SANDBOX));
        let prod = format!("Mid-server-{}", "p".repeat(6));
        let c = from_map(&map(&[
            ("PAYMENT_PROVIDER", "midtrans"),
            ("MIDTRANS_SERVER_KEY", &prod),
        ]))
        .expect("prod");
        assert_eq!(c.base_url(), Some(MIDTRANS_PRODUCTION));
    }

    #[test]
    fn malformed_values_name_the_key_and_never_the_secret() {
        let key = sandbox_key();
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![("QRIS_EXPIRY_MINUTES", "4")], "QRIS_EXPIRY_MINUTES"),
            (vec![("QRIS_EXPIRY_MINUTES", "ten")], "QRIS_EXPIRY_MINUTES"),
            (vec![("QRIS_POLL_SECONDS", "1")], "QRIS_POLL_SECONDS"),
            (vec![("PAYMENT_PROVIDER", "paypal")], "PAYMENT_PROVIDER"),
            (
                vec![("PAYMENT_PROVIDER", "midtrans")],
                "MIDTRANS_SERVER_KEY",
            ),
            (vec![("PAYMENT_PROVIDER", "xendit")], "XENDIT_SECRET_KEY"),
            (
                vec![
                    ("MIDTRANS_SERVER_KEY", key.as_str()),
                    ("MIDTRANS_BASE_URL", "ftp://x"),
                ],
                "MIDTRANS_BASE_URL",
            ),
            (
                vec![("KASIR_EMULATOR_PORT", "99999")],
                "KASIR_EMULATOR_PORT",
            ),
        ];
        for (pairs, expected_key) in cases {
            let err = from_map(&map(&pairs)).expect_err("must fail");
            let text = format!("{err} {err:?} {}", err.message_id());
            assert!(text.contains(expected_key), "{pairs:?}: {text}");
            assert!(!text.contains(&key), "secret leaked: {text}");
            assert_eq!(err.kind().as_str(), "config");
        }
    }

    #[test]
    fn env_file_is_read_and_a_broken_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let good = dir.path().join("good.env");
        std::fs::write(
            &good,
            "QRIS_EXPIRY_MINUTES=7\n# komentar\nQRIS_POLL_SECONDS=4\n",
        )
        .expect("write");
        let c = load_config(&[&good]).expect("loads");
        assert_eq!((c.expiry_minutes, c.poll_seconds), (7, 4));
        let secret = format!("xnd_development_{}", "s".repeat(8));
        let bad = dir.path().join("bad.env");
        std::fs::write(&bad, format!("XENDIT_SECRET_KEY='{secret}\nQRIS=\"\n")).expect("write");
        let err = load_config(&[&bad]).expect_err("broken .env");
        let text = format!("{err} {err:?} {}", err.message_id());
        assert!(!text.contains(&secret), "secret leaked: {text}");
        assert_eq!(err.kind().as_str(), "config");
    }

    #[test]
    fn an_unclosed_quote_names_the_key_and_line_and_never_shows_the_swallowed_key() {
        // Regression (issue 8, item 9): `QRIS_EXPIRY_MINUTES="10` swallowed the next line and
        // the error quoted the value, i.e. the server key, on screen and on stderr.
        let dir = tempfile::tempdir().expect("tmp");
        let secret = format!("SB-Mid-server-{}", uuid::Uuid::new_v4().simple());
        let bad = dir.path().join("swallow.env");
        std::fs::write(
            &bad,
            format!(
                "PAYMENT_PROVIDER=midtrans\nQRIS_EXPIRY_MINUTES=\"10\nMIDTRANS_SERVER_KEY={secret}\n\"\n"
            ),
        )
        .expect("write");
        let err = load_config(&[&bad]).expect_err("broken quote");
        let text = format!("{err} {err:?} {}", err.message_id());
        assert!(!text.contains(&secret), "secret leaked: {text}");
        assert!(
            !text.contains(&secret[..12]),
            "part of the secret leaked: {text}"
        );
        assert!(
            text.contains("QRIS_EXPIRY_MINUTES"),
            "names the key: {text}"
        );
        assert!(text.contains("baris 2"), "names the line: {text}");
        assert!(text.contains("satu baris"), "says what is expected: {text}");
        assert_eq!(err.kind().as_str(), "config");
        // A value that is simply wrong is not echoed either.
        let err = from_map(&map(&[("QRIS_POLL_SECONDS", "sec-ret-ish")])).expect_err("bad");
        assert!(!format!("{err} {}", err.message_id()).contains("sec-ret-ish"));
    }

    #[test]
    fn plain_http_is_only_for_loopback() {
        let key = sandbox_key();
        for bad in ["http://api.sandbox.midtrans.com", "http://192.168.1.5:8900"] {
            let err = from_map(&map(&[
                ("MIDTRANS_SERVER_KEY", key.as_str()),
                ("MIDTRANS_BASE_URL", bad),
            ]))
            .expect_err("plain http to another host");
            assert_eq!(err.kind().as_str(), "config", "{bad}");
            let text = err.message_id();
            assert!(
                text.contains("MIDTRANS_BASE_URL") && text.contains("https"),
                "{text}"
            );
        }
        for ok in [
            "http://127.0.0.1:8900",
            "http://localhost:8900",
            "https://x.example",
        ] {
            assert!(
                from_map(&map(&[
                    ("MIDTRANS_SERVER_KEY", key.as_str()),
                    ("MIDTRANS_BASE_URL", ok),
                ]))
                .is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn first_file_wins_over_later_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let app = dir.path().join("app.env");
        let dev = dir.path().join("dev.env");
        std::fs::write(&app, "QRIS_EXPIRY_MINUTES=12\n").expect("write");
        std::fs::write(&dev, "QRIS_EXPIRY_MINUTES=6\nQRIS_POLL_SECONDS=5\n").expect("write");
        let c = load_config(&[&app, &dev]).expect("loads");
        assert_eq!((c.expiry_minutes, c.poll_seconds), (12, 5));
    }
}

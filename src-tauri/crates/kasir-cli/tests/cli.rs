//! kasir-cli end to end: a real `kasir-cli emulator` process, then `doctor`, `qris charge`,
//! `qris status`, `qris cancel` processes against it, exactly as a developer would run them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kasir-cli");

struct Emu {
    child: Child,
    base: String,
}

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn test_key() -> String {
    // Built at run time so no key-shaped literal is committed.
    format!("SB-Mid-server-{}{}", "t".repeat(4), std::process::id())
}

fn start_emulator(key: &str) -> Emu {
    let mut child = Command::new(BIN)
        .args(["emulator", "--port", "0"])
        .env("MIDTRANS_SERVER_KEY", key)
        .env("HOME", std::env::temp_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn emulator");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let v: serde_json::Value = serde_json::from_str(&line).expect("json line");
    let base = v["emulator"].as_str().expect("base url").to_string();
    Emu { child, base }
}

fn cli(emu: &Emu, key: &str, db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PAYMENT_PROVIDER", "midtrans")
        .env("MIDTRANS_BASE_URL", &emu.base)
        .env("MIDTRANS_SERVER_KEY", key)
        .env("HOME", std::env::temp_dir())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run kasir-cli")
}

fn json_out(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn post(base: &str, path: &str, body: &str) -> String {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read");
    reply
}

#[test]
fn charge_pay_status_and_cancel_through_the_cli() {
    let key = test_key();
    let emu = start_emulator(&key);
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("kasir.db");

    let doctor = cli(&emu, &key, &db, &["doctor"]);
    let text = String::from_utf8_lossy(&doctor.stdout).to_string()
        + &String::from_utf8_lossy(&doctor.stderr);
    assert!(doctor.status.success(), "{text}");
    assert!(text.contains("kunci diterima"), "{text}");
    assert!(!text.contains(&key), "doctor must never print the key");

    let charge = json_out(&cli(
        &emu,
        &key,
        &db,
        &["qris", "charge", "--amount", "27500"],
    ));
    assert_eq!(charge["amount"], 27500);
    assert_eq!(charge["status"], "pending");
    assert_eq!(charge["provider"], "midtrans");
    let qr = charge["qrString"].as_str().expect("qrString");
    assert_eq!(
        kasir_gateway::qris::parse(qr).expect("valid QRIS").amount,
        Some(27500)
    );
    let attempt = charge["attemptId"].as_str().expect("attemptId").to_string();
    let gid = charge["gatewayOrderId"]
        .as_str()
        .expect("gatewayOrderId")
        .to_string();

    let status = json_out(&cli(&emu, &key, &db, &["qris", "status", &attempt]));
    assert_eq!(status["status"], "pending");

    let reply = post(
        &emu.base,
        "/_emulator/pay",
        &format!(r#"{{"id":"{gid}","issuer":"ovo"}}"#),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    let status = json_out(&cli(&emu, &key, &db, &["qris", "status", &attempt]));
    assert_eq!(status["status"], "paid");
    assert_eq!(status["issuer"], "OVO");

    // After Lunas the gateway refunds part of it: `--refresh` asks again and prints it.
    let reply = post(
        &emu.base,
        "/_emulator/refund",
        &format!(r#"{{"id":"{gid}","amount":7500}}"#),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    let plain = json_out(&cli(&emu, &key, &db, &["qris", "status", &attempt]));
    assert_eq!(
        plain["status"], "paid",
        "a finished attempt answers from the db"
    );
    let refreshed = json_out(&cli(
        &emu,
        &key,
        &db,
        &["qris", "status", &attempt, "--refresh"],
    ));
    assert_eq!(
        refreshed["status"], "paid",
        "a refund never un-pays the order"
    );
    assert_eq!(refreshed["refundAmount"], 7500, "{refreshed}");
    assert_eq!(refreshed["chargebackAmount"], 0);
    assert_eq!(
        refreshed["refundsAndChargebacks"][0]["kind"], "partial_refund",
        "{refreshed}"
    );
    let reply = post(
        &emu.base,
        "/_emulator/chargeback",
        &format!(r#"{{"id":"{gid}"}}"#),
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    let refreshed = json_out(&cli(
        &emu,
        &key,
        &db,
        &["qris", "status", &attempt, "--refresh"],
    ));
    assert_eq!(
        refreshed["chargebackAmount"], 27500,
        "running total: {refreshed}"
    );

    // A second charge, cancelled.
    let charge2 = json_out(&cli(
        &emu,
        &key,
        &db,
        &["qris", "charge", "--amount", "1000"],
    ));
    let attempt2 = charge2["attemptId"]
        .as_str()
        .expect("attemptId")
        .to_string();
    let cancelled = json_out(&cli(&emu, &key, &db, &["qris", "cancel", &attempt2]));
    assert_eq!(cancelled["status"], "cancelled");
}

#[test]
fn errors_exit_non_zero_with_a_clear_message_and_no_key() {
    let key = test_key();
    let emu = start_emulator(&key);
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("kasir.db");
    let wrong = format!("{key}x");
    let out = cli(&emu, &wrong, &db, &["doctor"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a wrong key must fail: {text}");
    assert!(
        !text.contains(&wrong),
        "the key must not be printed: {text}"
    );
    for args in [
        vec!["qris", "charge", "--amount", "0"],
        vec!["qris", "charge", "--amount", "10000001"],
        vec!["qris", "status", "no-such-attempt"],
    ] {
        let out = cli(&emu, &key, &db, &args);
        assert!(!out.status.success(), "{args:?} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("kasir-cli: ["), "{args:?}: {err}");
    }
}

//! The crate's single error type `GatewayError`, its [`ErrorKind`] (the shared list) for the IPC
//! boundary and the Indonesian cashier messages. Messages never contain the secret key: variants
//! only carry gateway-supplied text, our own text, or transport details without credentials.
//! Depends only on `kasir-shared`.

use kasir_shared::{format_rupiah, ErrorKind};

/// Where a timeout hit: before the connection was up (the request never left) or while
/// waiting for the reply (the gateway may have acted on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeoutPhase {
    Connect,
    Response,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// Could not talk to the gateway. `after_send` = the request was (possibly) written before
    /// the connection broke, so the gateway may have acted on it.
    #[error("gateway unreachable ({detail})")]
    Unreachable { detail: String, after_send: bool },
    #[error("gateway timed out ({phase:?} phase)")]
    Timeout { phase: TimeoutPhase },
    /// The gateway refused the request; `message` is the gateway's own text.
    #[error("gateway rejected the request: HTTP {http_status} code {code}: {message}")]
    Rejected {
        http_status: u16,
        code: String,
        message: String,
    },
    /// A refund the gateway (or the payer's app behind it) will not carry out. `reason` is our
    /// Indonesian explanation for the cashier, chosen from the documented code; `code` and
    /// `message` are the gateway's own (Midtrans body `status_code`, Xendit `error_code` /
    /// `failure_code`).
    #[error("gateway refused the refund: HTTP {http_status} code {code}: {message}")]
    RefundRefused {
        http_status: u16,
        code: String,
        reason: String,
        message: String,
    },
    #[error("transaction not found at the gateway")]
    NotFound,
    #[error("order id already used at the gateway")]
    Duplicate,
    #[error("gateway rate limit exceeded")]
    RateLimited,
    #[error("gateway server error (HTTP {status})")]
    Server { status: u16 },
    #[error("gateway reply could not be understood: {0}")]
    InvalidResponse(String),
    #[error("amount mismatch: expected {expected}, gateway says {got}")]
    AmountMismatch { expected: i64, got: i64 },
    #[error("gateway signature does not match")]
    SignatureMismatch,
    #[error("gateway reply is for another order")]
    OrderMismatch,
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("gateway configuration error: {0}")]
    Config(String),
    /// Midtrans answered a charge with HTTP 202 ("still being processed") every time we asked:
    /// the charge may exist. Recovery asks its status, never charges blindly.
    #[error("gateway is still processing the charge")]
    StillProcessing,
}

pub type Result<T> = std::result::Result<T, GatewayError>;

impl GatewayError {
    /// True when the request may have been processed by the gateway even though we got no
    /// usable answer: never blindly repeat a charge after such an error.
    pub fn may_have_reached_gateway(&self) -> bool {
        match self {
            GatewayError::Timeout { phase } => *phase == TimeoutPhase::Response,
            GatewayError::Unreachable { after_send, .. } => *after_send,
            GatewayError::Server { .. }
            | GatewayError::InvalidResponse(_)
            | GatewayError::StillProcessing => true,
            _ => false,
        }
    }

    /// Transient errors worth retrying for idempotent calls (status, cancel, expire):
    /// transport failures, 429, and the 5xx the gateways document as transient (500, 503).
    pub fn is_transient(&self) -> bool {
        match self {
            GatewayError::Unreachable { .. }
            | GatewayError::Timeout { .. }
            | GatewayError::RateLimited => true,
            GatewayError::Server { status } => crate::policy::is_documented_transient(*status),
            _ => false,
        }
    }

    /// Stable snake_case code for the UI (`{ kind, message }`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            GatewayError::Unreachable { .. } => ErrorKind::GatewayUnreachable,
            GatewayError::Timeout { .. } => ErrorKind::GatewayTimeout,
            GatewayError::Rejected { .. } => ErrorKind::GatewayRejected,
            GatewayError::RefundRefused { .. } => ErrorKind::GatewayRefundRefused,
            GatewayError::NotFound => ErrorKind::GatewayNotFound,
            GatewayError::Duplicate => ErrorKind::GatewayDuplicate,
            GatewayError::RateLimited => ErrorKind::GatewayRateLimited,
            GatewayError::Server { .. } => ErrorKind::GatewayServerError,
            GatewayError::InvalidResponse(_) => ErrorKind::GatewayInvalidResponse,
            GatewayError::AmountMismatch { .. } => ErrorKind::AmountMismatch,
            GatewayError::SignatureMismatch => ErrorKind::SignatureMismatch,
            GatewayError::OrderMismatch => ErrorKind::OrderMismatch,
            GatewayError::InvalidRequest(_) => ErrorKind::Validation,
            GatewayError::Config(_) => ErrorKind::Config,
            GatewayError::StillProcessing => ErrorKind::GatewayTimeout,
        }
    }

    /// A clear Indonesian message for the cashier.
    pub fn message_id(&self) -> String {
        match self {
            GatewayError::Unreachable { .. } => {
                "Koneksi ke gateway pembayaran bermasalah. Periksa internet lalu Coba Lagi.".into()
            }
            GatewayError::Timeout { phase: TimeoutPhase::Connect } => {
                "Gateway pembayaran tidak dapat dihubungi (waktu habis). Periksa internet lalu Coba Lagi.".into()
            }
            GatewayError::Timeout { phase: TimeoutPhase::Response } => {
                "Gateway pembayaran tidak menjawab tepat waktu. Status pembayaran akan dicek ulang sebelum mencoba lagi.".into()
            }
            GatewayError::Rejected { http_status, message, .. } => format!(
                "Gateway pembayaran menolak permintaan (kode {http_status}): {message}"
            ),
            GatewayError::RefundRefused { reason, .. } => {
                format!("Pengembalian dana ditolak: {reason}")
            }
            GatewayError::NotFound => "Transaksi tidak ditemukan di gateway pembayaran.".into(),
            GatewayError::Duplicate => {
                "Nomor pesanan sudah pernah dipakai di gateway pembayaran. Buat transaksi baru.".into()
            }
            GatewayError::RateLimited => {
                "Terlalu banyak permintaan ke gateway pembayaran. Tunggu sebentar lalu Coba Lagi.".into()
            }
            GatewayError::Server { status } => format!(
                "Gateway pembayaran sedang bermasalah (kode {status}). Coba Lagi beberapa saat lagi."
            ),
            GatewayError::InvalidResponse(_) => {
                "Jawaban gateway pembayaran tidak dapat dibaca. Status pembayaran akan dicek ulang.".into()
            }
            GatewayError::AmountMismatch { expected, got } => format!(
                "Nominal pembayaran tidak sesuai: seharusnya {}, gateway mencatat {}. Jangan serahkan barang; hubungi pemilik toko.",
                format_rupiah(*expected),
                format_rupiah(*got)
            ),
            GatewayError::SignatureMismatch => {
                "Tanda tangan status pembayaran tidak valid. Jangan serahkan barang; hubungi pemilik toko.".into()
            }
            GatewayError::OrderMismatch => {
                "Status pembayaran milik pesanan lain. Jangan serahkan barang; hubungi pemilik toko.".into()
            }
            GatewayError::InvalidRequest(m) => format!("Data transaksi tidak valid: {m}"),
            GatewayError::Config(m) if m.contains("https") => {
                "Alamat gateway pembayaran memakai http:// tanpa enkripsi. Gunakan https:// (http:// hanya untuk emulator di komputer ini).".into()
            }
            GatewayError::Config(_) => {
                "Pengaturan gateway pembayaran belum benar. Periksa kunci API dan alamat gateway di Pengaturan.".into()
            }
            GatewayError::StillProcessing => {
                "Gateway pembayaran masih memproses permintaan QR. Status pembayaran akan dicek ulang sebelum mencoba lagi.".into()
            }
        }
    }

    /// The same error with every gateway-supplied text passed through
    /// [`crate::redact::redact`] (key, its base64 forms, Authorization values; length capped).
    pub fn redacted(self, key: &crate::secret::SecretKey) -> GatewayError {
        use crate::redact::redact;
        match self {
            GatewayError::Rejected {
                http_status,
                code,
                message,
            } => GatewayError::Rejected {
                http_status,
                code: redact(&code, key),
                message: redact(&message, key),
            },
            GatewayError::RefundRefused {
                http_status,
                code,
                reason,
                message,
            } => GatewayError::RefundRefused {
                http_status,
                code: redact(&code, key),
                reason,
                message: redact(&message, key),
            },
            GatewayError::InvalidResponse(m) => GatewayError::InvalidResponse(redact(&m, key)),
            GatewayError::Unreachable { detail, after_send } => GatewayError::Unreachable {
                detail: redact(&detail, key),
                after_send,
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_mismatch_message_groups_thousands() {
        let m = GatewayError::AmountMismatch {
            expected: 15_000,
            got: 1_500,
        }
        .message_id();
        assert!(
            m.contains("seharusnya Rp 15.000, gateway mencatat Rp 1.500"),
            "rupiah as people write it: {m}"
        );
    }
}

//! The crate's one error type. Every variant has a stable `kind` for the UI and an Indonesian
//! message for the cashier; nothing here may carry a secret.

use kasir_shared::{format_rupiah, ErrorKind, IpcError};

pub type Result<T> = std::result::Result<T, CoreError>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("input tidak valid: {0}")]
    Validation(String),
    #[error("{what} tidak ditemukan")]
    NotFound { what: String },
    #[error("jumlah harus lebih dari 0 (diterima {qty})")]
    InvalidQuantity { qty: i64 },
    #[error("keranjang kosong")]
    EmptyCart,
    #[error("uang diterima {tendered} kurang dari total {total}")]
    InsufficientTender { total: i64, tendered: i64 },
    #[error("stok {name} tinggal {available}, diminta {requested}")]
    InsufficientStock {
        name: String,
        available: i64,
        requested: i64,
    },
    #[error("pesanan {number} sudah {status}")]
    OrderState { number: String, status: String },
    #[error("total melebihi batas")]
    Overflow,
    /// A payment is in flight for this order (the gateway refused to stop its QR): no new QR.
    #[error("pembayaran pesanan {number} sedang diproses")]
    PaymentProcessing { number: String },
    /// A payment's amount differs from the stored order total: never marks it paid.
    #[error("nominal pembayaran {got} tidak sama dengan total pesanan {expected}")]
    AmountMismatch { expected: i64, got: i64 },
    #[error("belum masuk")]
    NotSignedIn,
    #[error("layar terkunci")]
    ScreenLocked,
    #[error("PIN salah ({remaining} percobaan lagi)")]
    WrongPin { remaining: u32 },
    #[error("pengguna {name} terkunci {minutes} menit")]
    UserLocked { name: String, minutes: i64 },
    /// The role may not do `action`; the owner's PIN on the spot allows it once.
    #[error("perlu PIN pemilik: {action}")]
    OwnerPinRequired { action: String },
    #[error("belum ada shift terbuka")]
    ShiftRequired { detail: String },
    #[error("shift sudah terbuka: {detail}")]
    ShiftAlreadyOpen { detail: String },
    /// A shift close found open bills on its till and was not told what to do with them.
    #[error("{count} tagihan masih terbuka")]
    OpenBills { count: usize, names: Vec<String> },
    #[error("migrasi database {version} gagal: {source}")]
    Migration {
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database lebih baru ({found}) dari aplikasi ini ({supported})")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("berkas: {0}")]
    Io(#[from] std::io::Error),
}

impl CoreError {
    /// Stable machine-readable kind; the UI switches on this, never on the message text.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::Validation(_)
            | CoreError::InvalidQuantity { .. }
            | CoreError::EmptyCart
            | CoreError::Overflow => ErrorKind::Validation,
            CoreError::NotFound { .. } => ErrorKind::NotFound,
            CoreError::InsufficientTender { .. } => ErrorKind::InsufficientTender,
            CoreError::InsufficientStock { .. } => ErrorKind::InsufficientStock,
            CoreError::OrderState { .. } | CoreError::PaymentProcessing { .. } => {
                ErrorKind::OrderState
            }
            CoreError::AmountMismatch { .. } => ErrorKind::AmountMismatch,
            CoreError::NotSignedIn => ErrorKind::NotSignedIn,
            CoreError::ScreenLocked => ErrorKind::ScreenLocked,
            CoreError::WrongPin { .. } => ErrorKind::WrongPin,
            CoreError::UserLocked { .. } => ErrorKind::UserLocked,
            CoreError::OwnerPinRequired { .. } => ErrorKind::OwnerPinRequired,
            CoreError::ShiftRequired { .. } => ErrorKind::ShiftRequired,
            CoreError::ShiftAlreadyOpen { .. } => ErrorKind::ShiftAlreadyOpen,
            CoreError::OpenBills { .. } => ErrorKind::OpenBills,
            CoreError::Migration { .. } | CoreError::SchemaTooNew { .. } => ErrorKind::Database,
            CoreError::Db(_) | CoreError::Io(_) => ErrorKind::Internal,
        }
    }

    /// Indonesian text a cashier can act on.
    pub fn message_id(&self) -> String {
        match self {
            CoreError::Validation(m) => format!("Input tidak valid: {m}."),
            CoreError::NotFound { what } => format!("{what} tidak ditemukan."),
            CoreError::InvalidQuantity { .. } => "Jumlah barang harus lebih dari 0.".into(),
            CoreError::EmptyCart => "Keranjang masih kosong.".into(),
            CoreError::InsufficientTender { total, tendered } => format!(
                "Uang diterima {} kurang dari total {}.",
                format_rupiah(*tendered),
                format_rupiah(*total)
            ),
            CoreError::InsufficientStock {
                name, available, ..
            } => format!("Stok {name} tidak cukup (tersisa {available})."),
            CoreError::OrderState { number, status } => {
                format!("Pesanan {number} sudah berstatus {status}.")
            }
            CoreError::Overflow => "Total transaksi terlalu besar.".into(),
            CoreError::PaymentProcessing { number } => format!(
                "Pembayaran sedang diproses, tunggu sebentar. QR baru belum bisa dibuat untuk pesanan {number}."
            ),
            CoreError::AmountMismatch { expected, got } => format!(
                "Nominal pembayaran {} tidak sama dengan total pesanan {}. Jangan serahkan barang; hubungi pemilik toko.",
                format_rupiah(*got),
                format_rupiah(*expected)
            ),
            CoreError::NotSignedIn => "Silakan masuk dengan PIN terlebih dahulu.".into(),
            CoreError::ScreenLocked => "Layar terkunci. Masukkan PIN untuk melanjutkan.".into(),
            CoreError::WrongPin { remaining } => {
                format!("PIN salah. Sisa {remaining} percobaan sebelum akun dikunci 5 menit.")
            }
            CoreError::UserLocked { name, minutes } => format!(
                "Terlalu banyak PIN salah: akun {name} dikunci. Coba lagi dalam {minutes} menit."
            ),
            CoreError::OwnerPinRequired { action } => {
                format!("Perlu PIN pemilik untuk {action}.")
            }
            CoreError::ShiftRequired { detail } => detail.clone(),
            CoreError::ShiftAlreadyOpen { detail } => detail.clone(),
            CoreError::OpenBills { count, names } => format!(
                "Masih ada {count} tagihan terbuka ({}). Pilih: lanjutkan ke shift berikutnya, \
                 atau batalkan dengan alasan.",
                names.join(", ")
            ),
            CoreError::Migration { version, .. } => format!(
                "Pembaruan database (versi {version}) gagal; data lama tidak diubah. Hubungi dukungan."
            ),
            CoreError::SchemaTooNew { .. } => {
                "Database dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi.".into()
            }
            CoreError::Db(_) | CoreError::Io(_) => {
                "Terjadi kesalahan penyimpanan data. Transaksi tidak disimpan; coba lagi.".into()
            }
        }
    }
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        IpcError::new(e.kind(), e.message_id())
    }
}

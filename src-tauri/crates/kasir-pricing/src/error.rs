//! The crate's one error type. Every variant is bad input (or a total too large to compute), so
//! every variant maps to [`ErrorKind::Validation`]; the message is Indonesian, for the cashier or
//! the owner, and names the line (1-based, as on screen) or the promo it is about.

use kasir_shared::{format_rupiah, ErrorKind, IpcError};

use crate::format_bps;

pub type Result<T> = std::result::Result<T, PricingError>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("Harga barang baris {line} tidak boleh negatif ({}).", format_rupiah(*price))]
    NegativePrice { line: usize, price: i64 },
    #[error("HPP barang baris {line} tidak boleh negatif ({}).", format_rupiah(*cost))]
    NegativeCost { line: usize, cost: i64 },
    #[error("Jumlah barang baris {line} harus lebih dari 0 (diterima {qty}).")]
    InvalidQuantity { line: usize, qty: i64 },
    #[error("{what} tidak boleh lebih dari 100% (diterima {}).", format_bps(*bps))]
    PercentTooLarge { what: String, bps: u32 },
    #[error("{what} tidak boleh negatif ({}).", format_rupiah(*amount))]
    NegativeAmount { what: String, amount: i64 },
    #[error(
        "Diskon barang baris {line} ({}) melebihi harga barisnya ({}).",
        format_rupiah(*discount),
        format_rupiah(*gross)
    )]
    LineDiscountTooLarge {
        line: usize,
        discount: i64,
        gross: i64,
    },
    #[error(
        "Diskon transaksi ({}) melebihi subtotal ({}).",
        format_rupiah(*discount),
        format_rupiah(*subtotal)
    )]
    CartDiscountTooLarge { discount: i64, subtotal: i64 },
    #[error("Promo \"{name}\": tanggal berakhir {until} sebelum tanggal mulai {from}.")]
    PromoDatesReversed {
        name: String,
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
    },
    #[error("Promo \"{name}\": jam berlaku tidak valid ({reason}).")]
    PromoHoursInvalid { name: String, reason: String },
    #[error("Promo #{id} tercatat lebih dari sekali.")]
    DuplicatePromo { id: i64 },
    #[error("Promo #{id} yang dipilih kasir tidak ditemukan.")]
    UnknownPromo { id: i64 },
    #[error("Angka transaksi terlalu besar untuk dihitung.")]
    Overflow,
    #[error("Total QRIS minimal Rp 1 (sekarang {}).", format_rupiah(*amount))]
    QrisAmountTooSmall { amount: i64 },
    #[error(
        "Total QRIS maksimal {} per transaksi (sekarang {}); bayar tunai.",
        format_rupiah(crate::QRIS_MAX_AMOUNT),
        format_rupiah(*amount)
    )]
    QrisAmountTooLarge { amount: i64 },
}

impl PricingError {
    /// Stable machine-readable kind; the UI switches on this, never on the message text.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PricingError::NegativePrice { .. }
            | PricingError::NegativeCost { .. }
            | PricingError::InvalidQuantity { .. }
            | PricingError::PercentTooLarge { .. }
            | PricingError::NegativeAmount { .. }
            | PricingError::LineDiscountTooLarge { .. }
            | PricingError::CartDiscountTooLarge { .. }
            | PricingError::PromoDatesReversed { .. }
            | PricingError::PromoHoursInvalid { .. }
            | PricingError::DuplicatePromo { .. }
            | PricingError::UnknownPromo { .. }
            | PricingError::Overflow
            | PricingError::QrisAmountTooSmall { .. }
            | PricingError::QrisAmountTooLarge { .. } => ErrorKind::Validation,
        }
    }
}

impl From<PricingError> for IpcError {
    fn from(e: PricingError) -> Self {
        IpcError::new(e.kind(), e.to_string())
    }
}

//! What each role may do: the one table ([`role_may`]). Every IPC command declares its
//! [`Access`] once, in the app's command list; the gate ([`crate::Store::authorize`]) checks it
//! before the command runs. Hiding a button is not a permission.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::auth::Role;

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Before anyone signs in: first-run setup, the PIN pad, the shop's name.
    Public,
    /// Anyone signed in with the screen unlocked (lock, sign out, own session).
    SignedIn,
    /// Needs this permission (or the owner's PIN on the spot, once).
    Requires(Permission),
}

#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    TS,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// Checkout: catalogue, cart, cash and QRIS payment.
    Sell,
    /// Open and close one's own shift, see its running figures.
    Shift,
    /// Cash in / cash out during the shift (opens the drawer).
    CashMovement,
    /// Reprint a receipt, retry or dismiss a failed print.
    Reprint,
    /// Sales history and sale detail.
    ViewHistory,
    /// See the product list, categories and stock history.
    ViewCatalog,
    /// Add and edit products and categories (prices), remove the demo catalogue.
    ManageCatalog,
    /// Stock adjustments (stok masuk, opname, rusak).
    ManageStock,
    /// Laporan: dashboard, reconciliation, export, every shift's close report.
    Reports,
    /// Read settings (printer, shop, till).
    ViewSettings,
    /// Change settings, printer test print.
    ManageSettings,
    /// Add, rename, deactivate users and reset their PIN.
    ManageUsers,
    /// The audit trail and its export.
    Audit,
    /// Refund a paid order, void an unpaid one.
    Refund,
    /// Backups: take one now, restore from one.
    Backup,
}

/// What a cashier may do. The owner may do everything.
const CASHIER: &[Permission] = &[
    Permission::Sell,
    Permission::Shift,
    Permission::CashMovement,
    Permission::Reprint,
    Permission::ViewHistory,
    Permission::ViewCatalog,
    Permission::ViewSettings,
];

/// The role table.
pub fn role_may(role: Role, permission: Permission) -> bool {
    match role {
        Role::Owner => true,
        Role::Cashier => CASHIER.contains(&permission),
    }
}

impl Permission {
    /// Every permission, in declaration order.
    pub fn all() -> Vec<Permission> {
        use strum::IntoEnumIterator;
        Permission::iter().collect()
    }

    /// Indonesian name of the action ("Perlu PIN pemilik untuk …").
    pub fn label(self) -> &'static str {
        match self {
            Permission::Sell => "Berjualan",
            Permission::Shift => "Buka/tutup kasir",
            Permission::CashMovement => "Kas masuk/keluar",
            Permission::Reprint => "Cetak ulang struk",
            Permission::ViewHistory => "Melihat riwayat penjualan",
            Permission::ViewCatalog => "Melihat daftar barang",
            Permission::ManageCatalog => "Mengubah barang dan harga",
            Permission::ManageStock => "Menyesuaikan stok",
            Permission::Reports => "Melihat laporan",
            Permission::ViewSettings => "Melihat pengaturan",
            Permission::ManageSettings => "Mengubah pengaturan",
            Permission::ManageUsers => "Mengelola pengguna",
            Permission::Audit => "Melihat jejak audit",
            Permission::Refund => "Pengembalian dan pembatalan penjualan",
            Permission::Backup => "Cadangan dan pemulihan data",
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_may_everything_and_a_cashier_only_the_till() {
        for p in Permission::all() {
            assert!(role_may(Role::Owner, p), "owner may {p:?}");
        }
        for p in [
            Permission::ManageCatalog,
            Permission::ManageStock,
            Permission::Reports,
            Permission::ManageSettings,
            Permission::ManageUsers,
            Permission::Audit,
        ] {
            assert!(!role_may(Role::Cashier, p), "a cashier may not {p:?}");
        }
        assert!(role_may(Role::Cashier, Permission::Sell));
    }

    #[test]
    fn all_lists_every_permission_once() {
        let mut v = Permission::all();
        v.sort();
        v.dedup();
        assert_eq!(v.len(), Permission::all().len());
        for p in Permission::all() {
            let json = serde_json::to_string(&p).expect("json");
            assert_eq!(json, format!("\"{}\"", p.as_str()), "as_str matches serde");
        }
    }
}

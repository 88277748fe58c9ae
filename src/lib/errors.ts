/**
 * What the UI shows for a failed command, decided by its `kind` alone (never by parsing the
 * message). Rust's message is already Indonesian and free of secrets; it is always shown.
 *
 * - anomaly (amount, signature or order mismatch): the gateway reported something we refused to
 *   trust. Say so, and warn the cashier not to hand over the goods.
 * - connection (unreachable, timeout, 5xx, rate limit, unreadable reply): "Koneksi Bermasalah",
 *   and asking again is safe.
 * - config: the gateway settings are broken; point at `.env`.
 * - session (not signed in, screen locked): the PIN pad takes over (the app refetches the auth
 *   status on these, see features/auth); nothing to retry by hand.
 * - pin (wrong PIN, user locked): shown on the PIN pad itself.
 * - permission (owner PIN required): "Perlu PIN pemilik"; the owner-override dialog retries.
 * - shift (no shift open, one already open): point at "Buka Kasir" / "Tutup Kasir".
 * - anything else: Rust's message.
 */
import type { ErrorKind } from '../bindings/ErrorKind';
import type { AppError } from './ipc';

export type ErrorClass =
  | 'anomaly'
  | 'connection'
  | 'config'
  | 'session'
  | 'pin'
  | 'permission'
  | 'shift'
  | 'other';

/** Shown with every anomaly. */
export const HANDOVER_WARNING = 'Jangan serahkan barang; hubungi pemilik toko.';
export const CONFIG_HINT = 'Periksa berkas .env (kunci dan mode gateway), lalu buka ulang aplikasi.';

const ANOMALY_TITLE: Partial<Record<ErrorKind, string>> = {
  amount_mismatch: 'Anomali pembayaran: nominal tidak cocok',
  signature_mismatch: 'Anomali pembayaran: tanda tangan gateway tidak valid',
  order_mismatch: 'Anomali pembayaran: nomor pesanan tidak cocok',
};

export function errorClass(kind: ErrorKind): ErrorClass {
  switch (kind) {
    case 'amount_mismatch':
    case 'signature_mismatch':
    case 'order_mismatch':
      return 'anomaly';
    case 'gateway_unreachable':
    case 'gateway_timeout':
    case 'gateway_server_error':
    case 'gateway_rate_limited':
    case 'gateway_invalid_response':
      return 'connection';
    case 'config':
      return 'config';
    case 'not_signed_in':
    case 'screen_locked':
      return 'session';
    case 'wrong_pin':
    case 'user_locked':
      return 'pin';
    case 'owner_pin_required':
      return 'permission';
    case 'shift_required':
    case 'shift_already_open':
    case 'open_bills':
      return 'shift';
    default:
      return 'other';
  }
}

export interface ErrorView {
  class: ErrorClass;
  /** Headline, e.g. "Koneksi Bermasalah". */
  title: string;
  /** Rust's message. */
  message: string;
  /** What to do about it, when there is something specific ("Periksa berkas .env …"). */
  hint: string | null;
  /** A money warning that must stand out (anomalies). */
  warning: string | null;
  /** Offer "Coba Lagi": asking again cannot make things worse. */
  retry: boolean;
}

/** The PIN pad must come back: the session ended or the screen locked (idle, another window). */
export function needsSignIn(kind: ErrorKind): boolean {
  return errorClass(kind) === 'session';
}

/** Accepts an `AppError` or anything shaped like one (`{ kind, message }`). */
export function describeError(error: Pick<AppError, 'kind' | 'message'>): ErrorView {
  const cls = errorClass(error.kind);
  switch (cls) {
    case 'anomaly':
      return {
        class: cls,
        title: ANOMALY_TITLE[error.kind] ?? 'Anomali pembayaran',
        message: error.message,
        hint: null,
        warning: HANDOVER_WARNING,
        retry: false,
      };
    case 'connection':
      return {
        class: cls,
        title: 'Koneksi Bermasalah',
        message: error.message,
        hint: null,
        warning: null,
        retry: true,
      };
    case 'config':
      return {
        class: cls,
        title: 'Pengaturan QRIS Bermasalah',
        message: error.message,
        hint: CONFIG_HINT,
        warning: null,
        retry: false,
      };
    case 'session':
      return {
        class: cls,
        title: error.kind === 'screen_locked' ? 'Layar Terkunci' : 'Silakan Masuk',
        message: error.message,
        hint: 'Masukkan PIN untuk melanjutkan.',
        warning: null,
        retry: false,
      };
    case 'pin':
      return {
        class: cls,
        title: error.kind === 'user_locked' ? 'Akun Terkunci' : 'PIN Salah',
        message: error.message,
        hint: null,
        warning: null,
        retry: error.kind === 'wrong_pin',
      };
    case 'permission':
      return {
        class: cls,
        title: 'Perlu PIN Pemilik',
        message: error.message,
        hint: 'Minta pemilik memasukkan PIN-nya di kasir ini.',
        warning: null,
        retry: false,
      };
    case 'shift':
      return {
        class: cls,
        title: error.kind === 'shift_required' ? 'Kasir Belum Dibuka' : 'Shift Sudah Terbuka',
        message: error.message,
        hint: error.kind === 'shift_required' ? 'Buka kasir dulu dengan modal awal.' : null,
        warning: null,
        retry: false,
      };
    case 'other':
      return {
        class: cls,
        title: 'Terjadi Kesalahan',
        message: error.message,
        hint: null,
        warning: null,
        retry: true,
      };
  }
}

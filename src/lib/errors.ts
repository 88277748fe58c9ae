/**
 * What the UI shows for a failed command, decided by its `kind` alone (never by parsing the
 * message). Rust's message is already Indonesian and free of secrets; it is always shown.
 *
 * - anomaly (amount, signature or order mismatch): the gateway reported something we refused to
 *   trust. Say so, and warn the cashier not to hand over the goods.
 * - connection (unreachable, timeout, 5xx, rate limit, unreadable reply): "Koneksi Bermasalah",
 *   and asking again is safe.
 * - config: the gateway settings are broken; point at `.env`.
 * - anything else: Rust's message.
 */
import type { ErrorKind } from '../bindings/ErrorKind';
import type { AppError } from './ipc';

export type ErrorClass = 'anomaly' | 'connection' | 'config' | 'other';

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

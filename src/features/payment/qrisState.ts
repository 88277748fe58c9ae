/**
 * The QRIS modal's state machine, kept pure (no IPC, no timers) so it can be reasoned about alone.
 * It owns the rules that protect money: `paid` is final, a stale reply never revives a closed
 * attempt, and replies for another attempt are ignored.
 */
import { describeError, errorClass } from '../../lib/errors';
import type { AppError, AttemptStatus, ErrorKind, PaymentState, QrPayment } from '../../lib/ipc';

/** What the modal shows; `error` is a failed call (its title comes from lib/errors by kind). */
export type QrisPhase = 'creating' | 'pending' | 'paid' | 'expired' | 'failed' | 'cancelled' | 'error';

/** Which call failed, so "Coba Lagi" knows what is safe to repeat. */
export type FailedOp = 'start' | 'check' | 'generate' | 'cancel' | 'demo';

export interface QrisError {
  op: FailedOp;
  kind: ErrorKind;
  message: string;
}

export interface QrisState {
  /** The live QR; null until start_qris answered. */
  payment: QrPayment | null;
  status: AttemptStatus;
  /** The payer's app as shown ("GoPay"), once paid. */
  issuerLabel: string | null;
  anomaly: string | null;
  /** The error kind that reported the anomaly (amount/signature/order mismatch); null when the
   * attempt's state carried it. */
  anomalyKind: ErrorKind | null;
  /** Paid after the QR had expired or been cancelled. */
  late: boolean;
  /** The gateway refused to stop this QR: a payment is in flight. Keep polling, offer no new QR. */
  processing: boolean;
  /** The state that confirmed the payment (kept stable for the onPaid timer). */
  paid: PaymentState | null;
  error: QrisError | null;
}

export type QrisAction =
  | { type: 'qr'; payment: QrPayment }
  | { type: 'state'; state: PaymentState }
  | { type: 'failed'; op: FailedOp; error: AppError }
  /** A retry is under way: show progress instead of the old error. */
  | { type: 'retrying' };

export const initialQrisState: QrisState = {
  payment: null,
  status: 'creating',
  issuerLabel: null,
  anomaly: null,
  anomalyKind: null,
  late: false,
  processing: false,
  paid: null,
  error: null,
};

/** The attempt can still be paid, so closing the modal must cancel it first. */
export function isOpenStatus(status: AttemptStatus): boolean {
  return status === 'creating' || status === 'pending';
}

export function qrisReducer(s: QrisState, action: QrisAction): QrisState {
  switch (action.type) {
    case 'qr':
      // start_qris or "Buat QR Baru": a fresh attempt for the order.
      if (s.status === 'paid') return s;
      return {
        ...initialQrisState,
        payment: action.payment,
        status: action.payment.status,
      };
    case 'state': {
      const { state } = action;
      if (!s.payment || state.attemptId !== s.payment.attemptId) return s;
      if (s.status === 'paid') return s; // paid is final; later replies change nothing
      // A reply that was in flight when the attempt closed must not reopen it. Only `paid`
      // may follow a closed attempt (the customer paid at the last second: a late payment).
      if (!isOpenStatus(s.status) && state.status !== 'paid' && isOpenStatus(state.status)) {
        return { ...s, error: null };
      }
      return {
        ...s,
        status: state.status,
        issuerLabel: state.issuerLabel ?? s.issuerLabel,
        anomaly: state.anomaly ?? s.anomaly,
        late: state.late,
        processing: state.status === 'paid' || state.status === 'failed' ? false : state.processing,
        paid: state.status === 'paid' ? state : null,
        error: null,
      };
    }
    case 'failed':
      if (s.status === 'paid') return s;
      // The gateway reported something we refused to trust: that is not a connection problem
      // to retry but an anomaly, final for this attempt like one carried by its state.
      if (s.payment !== null && errorClass(action.error.kind) === 'anomaly') {
        return {
          ...s,
          anomaly: s.anomaly ?? action.error.message,
          anomalyKind: s.anomaly === null ? action.error.kind : s.anomalyKind,
          error: null,
        };
      }
      return {
        ...s,
        error: { op: action.op, kind: action.error.kind, message: action.error.message },
      };
    case 'retrying':
      return { ...s, error: null };
  }
}

export function phaseOf(s: QrisState): QrisPhase {
  if (s.status === 'paid') return 'paid';
  if (!s.payment) return s.error ? 'error' : 'creating';
  if (s.anomaly || s.status === 'failed') return 'failed';
  if (s.error) return 'error';
  if (s.processing) return 'pending'; // a payment is in flight: never "Kedaluwarsa"
  if (s.status === 'cancelled') return 'cancelled';
  if (s.status === 'expired') return 'expired';
  return 'pending';
}

/** True while the gateway may still report a payment for the current attempt. */
export function shouldPoll(s: QrisState): boolean {
  return s.payment !== null && (isOpenStatus(s.status) || s.processing) && s.anomaly === null;
}

export const PHASE_LABEL: Record<QrisPhase, string> = {
  creating: 'Membuat QR…',
  pending: 'Menunggu pembayaran',
  paid: 'Berhasil',
  expired: 'QR Kedaluwarsa',
  failed: 'Gagal',
  cancelled: 'Dibatalkan',
  error: 'Koneksi Bermasalah',
};

/** The status badge's text: a failed call is labelled by its kind ("Koneksi Bermasalah", …). */
export function phaseLabel(s: QrisState): string {
  const phase = phaseOf(s);
  if (phase === 'error' && s.error) return describeError(s.error).title;
  if (phase === 'pending' && s.processing) return 'Sedang diproses';
  return PHASE_LABEL[phase];
}

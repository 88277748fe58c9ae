/**
 * Dynamic QRIS checkout: creates the order's QR (amount computed in Rust), shows it with a
 * countdown, follows the payment (polling + pushed events) and reports a confirmed payment.
 *
 * Money safety: the charge is started once per mount (StrictMode-safe), a pending QR cannot be
 * dismissed without "Batal", closing an open attempt cancels it first, and a reply saying
 * "paid" always wins (even from cancel or the expiry check).
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Modal } from '../../components/Modal';
import { SuccessCheck } from '../../components/SuccessCheck';
import { formatRupiah } from '../../lib/format';
import {
  api,
  toAppError,
  type AppError,
  type CartLineInput,
  type PaymentMode,
  type PaymentState,
  type QrPayment,
} from '../../lib/ipc';
import { DemoPanel } from './DemoPanel';
import {
  initialQrisState,
  isOpenStatus,
  PHASE_LABEL,
  phaseOf,
  qrisReducer,
  shouldPoll,
  type FailedOp,
  type QrisPhase,
} from './qrisState';
import { formatCountdown, useCountdown } from './useCountdown';
import { usePaymentPolling } from './usePaymentPolling';

/** How long the green check stays before the parent closes the modal. */
export const PAID_CLOSE_DELAY_MS = 2000;
/** The countdown turns amber below this. */
const LOW_TIME_SECONDS = 60;
const WALLETS = ['GoPay', 'OVO', 'DANA', 'ShopeePay', 'm-banking'];

export interface QrisModalProps {
  lines: CartLineInput[];
  mode: PaymentMode;
  /** Called once, 2 s after the payment is confirmed; the parent closes and resets checkout. */
  onPaid: (state: PaymentState, orderNumber: string) => void;
  /** Called when the cashier closes a finished (expired, failed, cancelled) or never-created QR. */
  onClose: () => void;
}

type Busy = 'generate' | 'cancel' | null;

export function QrisModal({ lines, mode, onPaid, onClose }: QrisModalProps) {
  const [state, dispatch] = useReducer(qrisReducer, initialQrisState);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const phase = phaseOf(state);
  const { payment } = state;
  const attemptId = payment?.attemptId ?? null;
  const attemptOpen = payment !== null && isOpenStatus(state.status);
  const waiting = shouldPoll(state);

  const applyState = useCallback((next: PaymentState) => dispatch({ type: 'state', state: next }), []);
  const applyQr = useCallback((next: QrPayment) => dispatch({ type: 'qr', payment: next }), []);
  const fail = useCallback(
    (op: FailedOp) => (error: unknown) => dispatch({ type: 'failed', op, error: toAppError(error) }),
    [],
  );
  const failCheck = useCallback((error: AppError) => dispatch({ type: 'failed', op: 'check', error }), []);

  // ---- start the charge exactly once ----
  // The promise lives in a ref, so StrictMode's mount → unmount → mount reuses it instead of
  // charging twice; its reply goes through `dispatch`, which survives that remount.
  const started = useRef<Promise<void> | null>(null);
  const start = useCallback(() => {
    started.current = api.startQris(lines).then(applyQr, fail('start'));
  }, [lines, applyQr, fail]);
  useEffect(() => {
    if (started.current === null) start();
  }, [start]);

  // ---- follow the payment ----
  const { checkNow, checking } = usePaymentPolling({
    attemptId,
    active: waiting,
    pollSeconds: mode.pollSeconds,
    onState: applyState,
    onError: failCheck,
  });

  const remaining = useCountdown(payment?.expiresAt ?? null, waiting);
  // At 00:00 ask once: the backend expires the QR at the gateway and checks a last time, so the
  // answer may still be "paid". Only an "expired" answer shows "QR Kedaluwarsa".
  const expiryCheckedFor = useRef<string | null>(null);
  useEffect(() => {
    if (remaining === 0 && waiting && attemptId !== null && expiryCheckedFor.current !== attemptId) {
      expiryCheckedFor.current = attemptId;
      void checkNow();
    }
  }, [remaining, waiting, attemptId, checkNow]);

  // ---- paid: show the check, then hand over after exactly 2 s ----
  const onPaidRef = useRef(onPaid);
  useLayoutEffect(() => {
    onPaidRef.current = onPaid;
  });
  const paidState = state.paid;
  const orderNumber = payment?.orderNumber ?? '';
  useEffect(() => {
    if (paidState === null) return;
    const timer = setTimeout(() => onPaidRef.current(paidState, orderNumber), PAID_CLOSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [paidState, orderNumber]);

  // ---- actions ----
  const newQr = useCallback(async () => {
    if (payment === null) return;
    setBusy('generate');
    try {
      applyQr(await api.generatePaymentQr(payment.orderId));
    } catch (error) {
      fail('generate')(error);
    } finally {
      setBusy(null);
    }
  }, [payment, applyQr, fail]);

  /** Cancels the open attempt; returns the backend's answer (it may say "paid"). */
  const cancelAttempt = useCallback(async (): Promise<PaymentState | null> => {
    if (attemptId === null) return null;
    setBusy('cancel');
    try {
      const reply = await api.cancelPayment(attemptId);
      applyState(reply);
      return reply;
    } catch (error) {
      fail('cancel')(error);
      return null;
    } finally {
      setBusy(null);
      setConfirmingCancel(false);
    }
  }, [attemptId, applyState, fail]);

  /** "Tutup": an attempt that can still be paid is cancelled first; a late "paid" keeps us open. */
  const close = useCallback(async () => {
    if (!attemptOpen) {
      // An expired or failed QR leaves its order waiting for payment: release it, so the sale
      // is either paid or clearly cancelled (a late settlement still pays it, flagged late).
      if (attemptId !== null && (phase === 'expired' || phase === 'failed')) {
        await api.cancelPayment(attemptId).catch(() => undefined);
      }
      onClose();
      return;
    }
    const reply = await cancelAttempt();
    if (reply !== null && reply.status !== 'paid') onClose();
  }, [attemptOpen, attemptId, phase, cancelAttempt, onClose]);

  const retry = useCallback(() => {
    dispatch({ type: 'retrying' });
    if (payment === null) {
      // start_qris failed. Rust stores the order before charging, but a failed start does not
      // return its id, so we cannot reuse it; that order has no live charge (nothing can be
      // paid on it), so starting again is safe and cannot charge the customer twice.
      start();
    } else if (state.error?.op === 'generate') {
      void newQr(); // same order, new QR
    } else {
      void checkNow(); // an attempt exists: never start a second one, just ask again
    }
  }, [payment, state.error, start, newQr, checkNow]);

  const closable: boolean =
    phase === 'expired' ||
    phase === 'failed' ||
    phase === 'cancelled' ||
    (phase === 'error' && !attemptOpen);

  // Esc never dismisses a live QR silently: while it can be paid Esc asks to cancel instead.
  // Captured on window so the page's own Esc handler never sees it while the modal is up.
  const onEscape = useRef<() => void>(() => undefined);
  useLayoutEffect(() => {
    onEscape.current = () => {
      if (attemptOpen && phase !== 'failed') setConfirmingCancel(true);
      else if (closable && busy === null) void close();
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      onEscape.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <Modal
      title="Pembayaran QRIS"
      testId="qris-modal"
      width="max-w-3xl"
      onClose={closable && busy === null ? () => void close() : undefined}
    >
      <div className="space-y-4">
        <StatusBadge phase={phase} />

        {state.error && phase !== 'paid' && (
          <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3">
            <p className="font-semibold text-red-800">Koneksi Bermasalah</p>
            <p className="text-sm text-red-700" data-testid="qris-error">
              {state.error.message}
            </p>
            <button
              type="button"
              data-testid="qris-retry"
              onClick={retry}
              disabled={busy !== null || checking}
              className="mt-2 rounded-lg bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-50"
            >
              Coba Lagi
            </button>
          </div>
        )}

        {payment === null ? (
          state.error ? (
            <Actions>
              <SecondaryButton testId="qris-close" onClick={onClose}>
                Tutup
              </SecondaryButton>
            </Actions>
          ) : (
            <Creating />
          )
        ) : phase === 'paid' ? (
          <Paid payment={payment} issuer={state.issuer} late={state.late} />
        ) : waiting ? (
          <div className="grid gap-6 md:grid-cols-[auto_1fr]">
            <QrImage payment={payment} />
            <div className="flex flex-col gap-4">
              <PaymentSummary payment={payment} remaining={remaining} />
              <div>
                <p className="font-medium text-slate-700">Scan dengan aplikasi e-wallet / m-banking</p>
                <p className="mt-1 text-xs text-slate-500">{WALLETS.join(' · ')}</p>
              </div>
              {confirmingCancel ? (
                <div className="rounded-xl bg-slate-100 px-4 py-3" data-testid="qris-cancel-confirm">
                  <p className="font-semibold text-slate-800">Batalkan pembayaran QRIS ini?</p>
                  <Actions>
                    <button
                      type="button"
                      data-testid="qris-cancel-yes"
                      disabled={busy !== null}
                      onClick={() => void cancelAttempt()}
                      className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-50"
                    >
                      {busy === 'cancel' ? 'Membatalkan…' : 'Ya, batalkan'}
                    </button>
                    <SecondaryButton
                      testId="qris-cancel-no"
                      disabled={busy !== null}
                      onClick={() => setConfirmingCancel(false)}
                    >
                      Tidak
                    </SecondaryButton>
                  </Actions>
                </div>
              ) : (
                <Actions>
                  <button
                    type="button"
                    data-testid="qris-check"
                    disabled={checking}
                    onClick={() => void checkNow()}
                    className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:bg-slate-300"
                  >
                    {checking ? 'Mengecek…' : 'Cek Status'}
                  </button>
                  <SecondaryButton testId="qris-cancel" onClick={() => setConfirmingCancel(true)}>
                    Batal
                  </SecondaryButton>
                </Actions>
              )}
              {mode.demo && attemptId !== null && (
                <DemoPanel
                  attemptId={attemptId}
                  issuers={mode.demoIssuers}
                  onState={applyState}
                  onError={fail('demo')}
                />
              )}
            </div>
          </div>
        ) : (
          <Closed
            phase={phase}
            status={state.status}
            anomaly={state.anomaly}
            busy={busy}
            onNewQr={() => void newQr()}
            onClose={() => void close()}
          />
        )}
      </div>
    </Modal>
  );
}

const BADGE_TONE: Record<QrisPhase, string> = {
  creating: 'bg-slate-100 text-slate-700',
  pending: 'bg-brand-50 text-brand-800 ring-1 ring-brand-200',
  paid: 'bg-green-100 text-green-800',
  expired: 'bg-amber-100 text-amber-900',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-700',
  error: 'bg-red-100 text-red-800',
};

function StatusBadge({ phase }: { phase: QrisPhase }) {
  return (
    <p
      data-testid="qris-status"
      data-state={phase}
      aria-live="polite"
      className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${BADGE_TONE[phase]}`}
    >
      {PHASE_LABEL[phase]}
    </p>
  );
}

function Creating() {
  return (
    <div className="flex flex-col items-center gap-3 py-16 text-slate-600">
      <span
        aria-hidden
        className="h-10 w-10 animate-spin rounded-full border-4 border-brand-200 border-t-brand-700"
      />
      <p>Membuat QR…</p>
    </div>
  );
}

function qrSource(payment: QrPayment): string | null {
  if (payment.qrSvg) return `data:image/svg+xml;utf8,${encodeURIComponent(payment.qrSvg)}`;
  return payment.qrImageUrl;
}

function QrImage({ payment }: { payment: QrPayment }) {
  const src = qrSource(payment);
  return (
    <div className="flex h-[352px] w-[352px] shrink-0 items-center justify-center rounded-2xl bg-white p-4 ring-1 ring-slate-200">
      {src ? (
        <img
          data-testid="qris-image"
          src={src}
          width={320}
          height={320}
          alt={`QRIS ${formatRupiah(payment.amount)} untuk pesanan ${payment.orderNumber}`}
          className="h-80 w-80 bg-white [image-rendering:pixelated]"
        />
      ) : (
        <p className="text-center text-sm text-red-700">Gambar QR tidak tersedia. Cek Status atau buat QR baru.</p>
      )}
    </div>
  );
}

function PaymentSummary({ payment, remaining }: { payment: QrPayment; remaining: number | null }) {
  const low = remaining !== null && remaining < LOW_TIME_SECONDS;
  return (
    <div>
      <p className="text-sm text-slate-500">Total bayar</p>
      <p className="text-4xl font-extrabold tabular-nums text-slate-900" data-testid="qris-amount">
        {formatRupiah(payment.amount)}
      </p>
      <p className="mt-2 font-semibold text-slate-800">{payment.merchantName}</p>
      <p className="text-sm text-slate-500">
        No. pesanan <span className="font-mono">{payment.orderNumber}</span>
      </p>
      {remaining !== null && (
        <p className="mt-3 text-sm text-slate-600">
          Berlaku{' '}
          <span
            data-testid="qris-countdown"
            data-low={low ? 'true' : 'false'}
            className={`rounded-md px-2 py-0.5 font-mono text-lg font-bold tabular-nums ${
              low ? 'bg-amber-100 text-amber-800' : 'text-slate-900'
            }`}
          >
            {formatCountdown(remaining)}
          </span>
        </p>
      )}
    </div>
  );
}

function Paid({ payment, issuer, late }: { payment: QrPayment; issuer: string | null; late: boolean }) {
  return (
    <div data-testid="qris-success" className="flex flex-col items-center gap-2 py-8 text-center">
      <SuccessCheck size={112} />
      <p className="mt-2 text-2xl font-bold text-green-700">Pembayaran Berhasil — Lunas</p>
      <p className="text-3xl font-extrabold tabular-nums">{formatRupiah(payment.amount)}</p>
      {issuer && <p className="text-slate-600">via {issuer}</p>}
      <p className="text-sm text-slate-500">
        No. pesanan <span className="font-mono">{payment.orderNumber}</span>
      </p>
      {late && (
        <p className="text-sm text-amber-800">Dibayar setelah QR kedaluwarsa/dibatalkan — tetap lunas.</p>
      )}
    </div>
  );
}

interface ClosedProps {
  phase: QrisPhase;
  status: PaymentState['status'];
  anomaly: string | null;
  busy: Busy;
  onNewQr: () => void;
  onClose: () => void;
}

/** Expired, failed or cancelled (possibly with a connection error on top). */
function Closed({ phase, status, anomaly, busy, onNewQr, onClose }: ClosedProps) {
  const failed = anomaly !== null || status === 'failed';
  return (
    <div className="space-y-4 py-4">
      {failed ? (
        <div className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-4" data-testid="qris-failed">
          <p className="text-xl font-bold text-red-800">Pembayaran Gagal</p>
          <p className="mt-1 text-red-800">{anomaly ?? 'Gateway menolak atau gagal memproses pembayaran ini.'}</p>
          <p className="mt-3 font-bold text-red-900">⚠ Jangan serahkan barang; hubungi pemilik toko.</p>
        </div>
      ) : status === 'expired' ? (
        <div className="text-center">
          <p className="text-2xl font-bold text-amber-800">QR Kedaluwarsa</p>
          <p className="text-slate-600">Pelanggan belum membayar. Buat QR baru untuk pesanan yang sama.</p>
        </div>
      ) : (
        <p className="text-center text-xl font-semibold text-slate-700">Pembayaran dibatalkan</p>
      )}
      <Actions>
        {!failed && status === 'expired' && (
          <button
            type="button"
            data-testid="qris-new-qr"
            disabled={busy !== null}
            onClick={onNewQr}
            className="rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:bg-slate-300"
          >
            {busy === 'generate' ? 'Membuat QR…' : 'Buat QR Baru'}
          </button>
        )}
        <SecondaryButton testId="qris-close" disabled={busy !== null} onClick={onClose}>
          {phase === 'failed' && busy === 'cancel' ? 'Membatalkan…' : 'Tutup'}
        </SecondaryButton>
      </Actions>
    </div>
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div className="mt-2 flex flex-wrap justify-end gap-2">{children}</div>;
}

interface SecondaryButtonProps {
  testId: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}

function SecondaryButton({ testId, onClick, disabled, children }: SecondaryButtonProps) {
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className="rounded-lg bg-white px-4 py-2 font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
    >
      {children}
    </button>
  );
}

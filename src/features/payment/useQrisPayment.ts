/**
 * Everything the QRIS modal does, without its markup: creates the order's QR (amount computed in
 * Rust), follows the payment (polling + attempt states pushed on the change feed), runs the
 * countdown and its expiry check, and reports a confirmed payment.
 *
 * Money safety: the charge is started once per mount (StrictMode-safe), or once per tap by the
 * caller and handed in as `started`; a pending QR cannot be dismissed without "Batal", closing an
 * open attempt cancels it first, and a reply saying "paid" always wins (even from cancel or the
 * expiry check).
 */
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { useEscape } from '../../components/useEscape';
import { describeError, type ErrorView } from '../../lib/errors';
import {
  toAppError,
  type AppError,
  type CartLineInput,
  type CartOptions,
  type PaymentMode,
  type PaymentState,
  type QrPayment,
} from '../../lib/ipc';
import { useCancelPayment, useDemoPay, useGeneratePaymentQr, useSetAsidePayment, useStartQris } from './api';
import {
  initialQrisState,
  isOpenStatus,
  phaseLabel,
  phaseOf,
  qrisReducer,
  shouldPoll,
  type FailedOp,
  type QrisPhase,
  type QrisState,
} from './qrisState';
import { useCountdown } from './useCountdown';
import { usePaymentPolling } from './usePaymentPolling';

/** How long the green check stays before the parent closes the modal. */
export const PAID_CLOSE_DELAY_MS = 2000;

/**
 * What the QR charges. A cart: `start_qris` with its lines and cart options (exactly as priced in
 * the cart). Anything else (an open bill: `start_bill_qris`): `start`, called once per QR the
 * cashier asks for, answering the same `QrPayment`; polling, check and cancel are the same.
 */
export type QrisCharge = (
  | { lines: CartLineInput[]; cart?: CartOptions; start?: undefined }
  | { start: () => Promise<QrPayment>; lines?: undefined; cart?: undefined }
) & {
  /**
   * The first QR, already asked for where the cashier tapped (the tap starts the charge, not the
   * dialog's first render). Used once: "Coba Lagi" after a failed start asks again as above.
   */
  started?: Promise<QrPayment>;
};

export type QrisPaymentOptions = QrisCharge & {
  mode: PaymentMode;
  /** Called once, 2 s after the payment is confirmed; the parent closes and resets checkout. */
  onPaid: (state: PaymentState, orderNumber: string) => void;
  /** Called when the cashier closes a finished (expired, failed, cancelled) or never-created QR. */
  onClose: () => void;
  /** "Simpan & tutup" succeeded: the attempt is checked in the background; the parent closes the
   * modal and clears the cart for the next customer (as after a finished sale). */
  onSetAside: (state: PaymentState) => void;
};

export type Busy = 'generate' | 'cancel' | 'demo' | 'setAside' | null;

export interface QrisPayment {
  state: QrisState;
  phase: QrisPhase;
  /** The status badge's text. */
  label: string;
  /** How to show `state.error` (by its kind), or null. */
  errorView: ErrorView | null;
  payment: QrPayment | null;
  attemptId: string | null;
  /** The QR is live: show it and keep checking. */
  waiting: boolean;
  /** Seconds left on the QR, null without an expiry. */
  remaining: number | null;
  checking: boolean;
  busy: Busy;
  confirmingCancel: boolean;
  /** The modal may be closed now (nothing can be paid silently behind it). */
  closable: boolean;
  /** A gateway payment is in flight: "Pembayaran sedang diproses, tunggu sebentar". */
  processing: boolean;
  /** "Simpan & tutup" is offered (connection problem or unreadable status on a live attempt). */
  canSetAside: boolean;
  checkNow: () => void;
  newQr: () => void;
  askCancel: () => void;
  keepWaiting: () => void;
  confirmCancel: () => void;
  close: () => void;
  retry: () => void;
  demoPay: (issuer: string) => void;
  setAside: () => void;
}

export function useQrisPayment(options: QrisPaymentOptions): QrisPayment {
  const { mode, onPaid, onClose, onSetAside } = options;
  const [state, dispatch] = useReducer(qrisReducer, initialQrisState);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const startQris = useStartQris();
  const generateQr = useGeneratePaymentQr();
  const cancelPayment = useCancelPayment();
  const demo = useDemoPay();
  const setAsidePayment = useSetAsidePayment();
  const busy: Busy = setAsidePayment.isPending
    ? 'setAside'
    : generateQr.isPending
    ? 'generate'
    : cancelPayment.isPending
      ? 'cancel'
      : demo.isPending
        ? 'demo'
        : null;

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
  const { mutateAsync: startMutation } = startQris;
  // The charge is frozen at mount (the cart or the bill the modal was opened for).
  const charge = useRef<QrisCharge>(options);
  const start = useCallback(() => {
    const c = charge.current;
    const first = c.started;
    if (first !== undefined) charge.current = { ...c, started: undefined };
    const reply =
      first ?? (c.start !== undefined ? c.start() : startMutation({ lines: c.lines, cart: c.cart }));
    started.current = reply.then(applyQr, fail('start'));
  }, [startMutation, applyQr, fail]);
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
  const { mutateAsync: generateMutation } = generateQr;
  const newQr = useCallback(async () => {
    if (payment === null) return;
    try {
      applyQr(await generateMutation(payment.orderId));
    } catch (error) {
      fail('generate')(error);
    }
  }, [payment, generateMutation, applyQr, fail]);

  /** Cancels the open attempt; returns the backend's answer (it may say "paid"). */
  const { mutateAsync: cancelMutation } = cancelPayment;
  const cancelAttempt = useCallback(async (): Promise<PaymentState | null> => {
    if (attemptId === null) return null;
    try {
      const reply = await cancelMutation(attemptId);
      applyState(reply);
      return reply;
    } catch (error) {
      fail('cancel')(error);
      return null;
    } finally {
      setConfirmingCancel(false);
    }
  }, [attemptId, cancelMutation, applyState, fail]);

  /** "Tutup": an attempt that can still be paid is cancelled first; a late "paid" keeps us open. */
  const close = useCallback(async () => {
    if (!attemptOpen) {
      // An expired or failed QR leaves its order waiting for payment: release it, so the sale
      // is either paid or clearly cancelled (a late settlement still pays it, flagged late).
      if (attemptId !== null && (phase === 'expired' || phase === 'failed')) {
        await cancelMutation(attemptId).catch(() => undefined);
      }
      onClose();
      return;
    }
    const reply = await cancelAttempt();
    if (reply !== null && reply.status !== 'paid') onClose();
  }, [attemptOpen, attemptId, phase, cancelMutation, cancelAttempt, onClose]);

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

  const { mutateAsync: demoMutation } = demo;
  const demoPay = useCallback(
    (issuer: string) => {
      if (attemptId === null) return;
      demoMutation({ attemptId, issuer }).then(applyState, fail('demo'));
    },
    [attemptId, demoMutation, applyState, fail],
  );

  /** "Simpan & tutup": only a reply that is not "paid" closes (paid always wins: show it). */
  const { mutateAsync: setAsideMutation } = setAsidePayment;
  const setAside = useCallback(async () => {
    if (attemptId === null) return;
    try {
      const reply = await setAsideMutation(attemptId);
      applyState(reply);
      if (reply.status !== 'paid') onSetAside(reply);
    } catch (error) {
      fail('check')(error);
    }
  }, [attemptId, setAsideMutation, applyState, onSetAside, fail]);

  const processing = state.processing && phase !== 'paid' && phase !== 'failed';
  const errorView = state.error ? describeError(state.error) : null;
  const canSetAside =
    attemptId !== null &&
    phase === 'error' &&
    errorView !== null &&
    (errorView.class === 'connection' || state.error?.kind === 'gateway_invalid_response');

  const closable: boolean =
    !processing &&
    (phase === 'expired' ||
    phase === 'failed' ||
    phase === 'cancelled' ||
    (phase === 'error' && !attemptOpen));

  // Esc never dismisses a live QR silently: while it can be paid Esc asks to cancel instead.
  // Captured, so the page's own Esc handler never sees it while the modal is up.
  useEscape(
    () => {
      if (attemptOpen && phase !== 'failed') setConfirmingCancel(true);
      else if (closable && busy === null) void close();
    },
    { capture: true },
  );

  return {
    state,
    phase,
    label: phaseLabel(state),
    errorView,
    payment,
    attemptId,
    waiting,
    remaining,
    checking,
    busy,
    confirmingCancel,
    closable,
    processing,
    canSetAside,
    checkNow: () => void checkNow(),
    newQr: () => void newQr(),
    askCancel: () => setConfirmingCancel(true),
    keepWaiting: () => setConfirmingCancel(false),
    confirmCancel: () => void cancelAttempt(),
    close: () => void close(),
    retry,
    demoPay,
    setAside: () => void setAside(),
  };
}

/**
 * TanStack Query hooks for the QRIS payment commands. None of them invalidates anything by hand:
 * an attempt's changes (and the order it pays) arrive on the change feed (src/lib/events.ts).
 *
 * `check_payment_status` is not a hook: the poller (usePaymentPolling) owns when it runs so that
 * checks never overlap.
 */
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import {
  api,
  type CartLineInput,
  type CartOptions,
  type PaymentState,
  type QrPayment,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

/** Provider, demo mode and poll interval; fixed for the life of the process. */
export const paymentModeQuery = queryOptions({
  queryKey: queryKeys.paymentMode,
  queryFn: api.getPaymentMode,
  staleTime: Infinity,
});

export function usePaymentMode() {
  return useQuery(paymentModeQuery);
}

/**
 * Store the cart as an order awaiting payment and get its QR (the amount is computed in Rust).
 * A cashier's discount above the cap asks for the owner's PIN and is sent once more.
 */
export function useStartQris() {
  const { run } = useOwnerOverride();
  return useMutation<QrPayment, Error, { lines: CartLineInput[]; cart?: CartOptions }>({
    mutationFn: ({ lines, cart }) => run('start_qris', () => api.startQris(lines, cart)),
  });
}

/** "Buat QR Baru": a new QR for the same order. */
export function useGeneratePaymentQr() {
  return useMutation<QrPayment, Error, number>({ mutationFn: api.generatePaymentQr });
}

/** Cancel an open attempt; the answer may still be "paid" (the customer paid at the last second). */
export function useCancelPayment() {
  return useMutation<PaymentState, Error, string>({ mutationFn: api.cancelPayment });
}

/** "Simpan & tutup": set the attempt aside; the backend keeps checking it when the connection returns. */
export function useSetAsidePayment() {
  return useMutation<PaymentState, Error, string>({ mutationFn: api.setAsidePayment });
}

/** Demo mode only: the customer "pays" with the given issuer at the built-in emulator. */
export function useDemoPay() {
  return useMutation<PaymentState, Error, { attemptId: string; issuer: string }>({
    mutationFn: ({ attemptId, issuer }) => api.demoPay(attemptId, issuer),
  });
}

export const checkPaymentStatus = api.checkPaymentStatus;

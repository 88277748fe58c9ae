/**
 * TanStack Query hooks for the print queue (badge, retry, reprint). Every job change arrives on
 * the change feed (`printJobChanged`, src/lib/events.ts), which refreshes the unprinted list; the
 * mutations invalidate nothing by hand.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { printingApi, type PrintJob } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

/** Receipts not yet at the printer. */
export function useUnprintedReceipts() {
  return useQuery({
    queryKey: queryKeys.printing.unprinted,
    queryFn: printingApi.listUnprintedReceipts,
    // Safety net in case an event is missed (window reload, listener not yet attached).
    refetchInterval: 15_000,
  });
}

export function useRetryFailedPrints() {
  return useMutation<PrintJob[], Error, void>({ mutationFn: () => printingApi.retryFailedPrints() });
}

/** Reprint a paid order's receipt as "SALINAN" (order history, after-sale panel). */
export function useReprintReceipt() {
  return useMutation<PrintJob, Error, number>({ mutationFn: (orderId) => printingApi.reprintReceipt(orderId) });
}

/** TanStack Query hooks for the print queue (badge, retry, reprint) and the print event. */
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { onPrintUpdated, printingApi, type PrintJob } from '../../lib/ipc';

export const printingKeys = {
  unprinted: ['print-jobs', 'unprinted'] as const,
};

/** Receipts not yet at the printer; refreshed on every `print-updated` event. */
export function useUnprintedReceipts() {
  const client = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    void onPrintUpdated(() => {
      void client.invalidateQueries({ queryKey: printingKeys.unprinted });
    })
      .then((fn) => {
        if (gone) fn();
        else unlisten = fn;
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [client]);
  return useQuery({
    queryKey: printingKeys.unprinted,
    queryFn: printingApi.listUnprintedReceipts,
    // Safety net in case an event is missed (window reload, listener not yet attached).
    refetchInterval: 15_000,
  });
}

export function useRetryFailedPrints() {
  const client = useQueryClient();
  return useMutation<PrintJob[], Error, void>({
    mutationFn: () => printingApi.retryFailedPrints(),
    onSettled: () => client.invalidateQueries({ queryKey: printingKeys.unprinted }),
  });
}

/** Reprint a paid order's receipt as "SALINAN" (order history, after-sale panel). */
export function useReprintReceipt() {
  const client = useQueryClient();
  return useMutation<PrintJob, Error, number>({
    mutationFn: (orderId) => printingApi.reprintReceipt(orderId),
    onSettled: () => client.invalidateQueries({ queryKey: printingKeys.unprinted }),
  });
}

/**
 * TanStack Query hooks for refunds and voids. Every command needs the owner (`refund`); a cashier
 * is answered `owner_pin_required` and the owner-PIN dialog allows that one call
 * (`useOwnerOverride`). Changes come back on the change feed (`refundChanged`, `orderCancelled`,
 * src/lib/events.ts), which refreshes the sale, its refund chain, history, reports, the shift and
 * the stock; the mutations invalidate nothing by hand.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { refundsApi, type Order, type Refund, type RefundInput } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

/** A paid order's lines, what went back, and its refund chain. */
export function useRefundable(orderId: number, enabled = true) {
  const { run } = useOwnerOverride();
  return useQuery({
    queryKey: queryKeys.refunds.refundable(orderId),
    queryFn: () => run('get_refundable', () => refundsApi.getRefundable(orderId)),
    enabled,
    staleTime: 0,
    // A refusal (owner PIN, not paid) is an answer, not a hiccup: never ask twice by itself.
    retry: false,
  });
}

/** What Rust would give back for `req` (null: nothing picked yet). */
export function useRefundPlan(req: RefundInput | null, enabled = true) {
  const { run } = useOwnerOverride();
  return useQuery({
    queryKey: queryKeys.refunds.plan(
      req ?? { orderId: 0, lines: [], reason: '', toCash: false, replacesRefundId: null },
    ),
    queryFn: () => run('plan_refund', () => refundsApi.planRefund(req!)),
    enabled: enabled && req !== null,
    staleTime: 0,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useRefundOrder() {
  const { run } = useOwnerOverride();
  return useMutation<Refund, Error, RefundInput>({
    mutationFn: (req) => run('refund_order', () => refundsApi.refundOrder(req)),
  });
}

export function useVoidOrder() {
  const { run } = useOwnerOverride();
  return useMutation<Order, Error, { orderId: number; reason: string }>({
    mutationFn: ({ orderId, reason }) => run('void_order', () => refundsApi.voidOrder(orderId, reason)),
  });
}

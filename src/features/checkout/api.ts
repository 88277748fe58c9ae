/**
 * TanStack Query hooks for the checkout commands. Stock shown after a sale is refreshed by the
 * change feed (`orderPaid` / `stockChanged`, src/lib/events.ts), whichever way the sale was paid.
 */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  counterApi,
  pricingApi,
  type AddToBillRequest,
  type Bill,
  type CartLineInput,
  type CartOptions,
  type HeldCart,
  type HoldCartRequest,
  type Order,
  type PayCashRequest,
  type PrintJob,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

/**
 * The till's tiles: also asked for with the sign-in's answer (App.tsx, `prefetchOnSignIn`). Every
 * change to them is an invalidation (the change feed); the two seconds only keep the checkout,
 * mounting just after that answer, from reading them twice.
 */
export const catalogQuery = queryOptions({
  queryKey: queryKeys.catalog,
  queryFn: api.getCatalog,
  staleTime: 2_000,
});

export function useCatalog() {
  return useQuery(catalogQuery);
}

/** The cart priced by Rust: the same lines and cart options that pay_cash / start_qris get. */
/** `onTill`: the checkout's cart, shown on the customer display with the same pricing. */
export function usePricedCart(lines: CartLineInput[], cart?: CartOptions, enabled = true, onTill = false) {
  return useQuery({
    queryKey: queryKeys.pricedCart.of(lines, cart, onTill),
    queryFn: () => api.priceCart(lines, cart, onTill),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

/** Saved promos; the till offers the active "picked" ones to the cashier. */
export function usePromoList() {
  return useQuery({ queryKey: queryKeys.pricing.promos, queryFn: pricingApi.listPromos, retry: false });
}

/**
 * A cashier's discount above the cap: Rust answers `owner_pin_required`, the owner types their
 * PIN and the same payment is sent once more.
 */
export function usePayCash() {
  const { run } = useOwnerOverride();
  return useMutation<Order, Error, PayCashRequest>({
    mutationFn: (req) => run('pay_cash', () => api.payCash(req)),
  });
}

// ---- counter flows: held carts and open bills ----
// Every change comes back on the change feed (`heldCartsChanged`, `billChanged`), which refreshes
// the lists and the open bill (src/lib/events.ts). A mutation that returns the bill also puts it
// in the cache at once, so the panel does not wait for the event.

/** The carts parked on this till ("Tertahan (n)"). */
export function useHeldCarts(enabled = true) {
  return useQuery<HeldCart[], Error>({
    queryKey: queryKeys.counter.held,
    queryFn: counterApi.listHeldCarts,
    staleTime: 0,
    enabled,
  });
}

export function useHoldCart() {
  return useMutation<HeldCart, Error, HoldCartRequest>({ mutationFn: counterApi.holdCart });
}

export function useResumeHeldCart() {
  return useMutation<HeldCart, Error, number>({ mutationFn: counterApi.resumeHeldCart });
}

/** Every open bill (the shop's tables, any till), oldest first. */
export function useOpenBills(enabled = true) {
  return useQuery<Bill[], Error>({
    queryKey: queryKeys.counter.bills,
    queryFn: counterApi.listOpenBills,
    staleTime: 0,
    enabled,
  });
}

export function useBill(billId: number | null) {
  return useQuery<Bill, Error>({
    queryKey: queryKeys.counter.bill(billId ?? 0),
    queryFn: () => counterApi.getBill(billId ?? 0),
    enabled: billId !== null,
    staleTime: 0,
  });
}

/** A mutation answering with the bill: the answer is the bill as it now is. */
function useBillMutation<V>(fn: (vars: V) => Promise<Bill>) {
  const client = useQueryClient();
  return useMutation<Bill, Error, V>({
    mutationFn: fn,
    onSuccess: (bill) => client.setQueryData(queryKeys.counter.bill(bill.id), bill),
  });
}

export function useOpenBill() {
  return useBillMutation((name: string) => counterApi.openBill(name));
}

export function useAddToBill() {
  return useBillMutation((req: AddToBillRequest) => counterApi.addToBill(req));
}

export function useRemoveBillLine() {
  return useBillMutation(({ billId, lineId }: { billId: number; lineId: number }) =>
    counterApi.removeBillLine(billId, lineId),
  );
}

export function useSendBill() {
  return useBillMutation((billId: number) => counterApi.sendBill(billId));
}

/** "Batalkan Tagihan": a cashier needs the owner's PIN (Refund permission). */
export function useVoidBill() {
  const { run } = useOwnerOverride();
  return useBillMutation(({ billId, reason }: { billId: number; reason: string }) =>
    run('void_bill', () => counterApi.voidBill(billId, reason)),
  );
}

export function usePrintBill() {
  return useMutation<PrintJob, Error, number>({ mutationFn: counterApi.printBill });
}

/** Only the bill's id and the cash handed over: Rust prices the bill and computes the change. */
export function usePayBillCash() {
  return useMutation<Order, Error, { billId: number; tendered: number }>({
    mutationFn: ({ billId, tendered }) => counterApi.payBillCash(billId, tendered),
  });
}

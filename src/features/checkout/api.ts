/**
 * TanStack Query hooks for the checkout commands. Stock shown after a sale is refreshed by the
 * change feed (`orderPaid` / `stockChanged`, src/lib/events.ts), whichever way the sale was paid.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  api,
  pricingApi,
  type CartLineInput,
  type CartOptions,
  type Order,
  type PayCashRequest,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

export function useCatalog() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: api.getCatalog });
}

/** The cart priced by Rust: the same lines and cart options that pay_cash / start_qris get. */
export function usePricedCart(lines: CartLineInput[], cart?: CartOptions) {
  return useQuery({
    queryKey: queryKeys.pricedCart.of(lines, cart),
    queryFn: () => api.priceCart(lines, cart),
    placeholderData: keepPreviousData,
    staleTime: 0,
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

/**
 * TanStack Query hooks for the checkout commands. Stock shown after a sale is refreshed by the
 * change feed (`orderPaid` / `stockChanged`, src/lib/events.ts), whichever way the sale was paid.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, type CartLineInput, type Order, type PayCashRequest } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function useCatalog() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: api.getCatalog });
}

export function usePricedCart(lines: CartLineInput[]) {
  return useQuery({
    queryKey: queryKeys.pricedCart.of(lines),
    queryFn: () => api.priceCart(lines),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function usePayCash() {
  return useMutation<Order, Error, PayCashRequest>({ mutationFn: api.payCash });
}

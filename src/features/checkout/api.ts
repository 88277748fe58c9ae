/** TanStack Query hooks for the checkout commands. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type CartLineInput, type Order, type PayCashRequest } from '../../lib/ipc';

export const checkoutKeys = {
  catalog: ['catalog'] as const,
  priced: (lines: CartLineInput[]) => ['priced-cart', lines] as const,
  shop: ['shop-profile'] as const,
};

export function useCatalog() {
  return useQuery({ queryKey: checkoutKeys.catalog, queryFn: api.getCatalog });
}

export function useShopProfile() {
  return useQuery({ queryKey: checkoutKeys.shop, queryFn: api.getShopProfile, staleTime: Infinity });
}

export function usePaymentMode() {
  return useQuery({ queryKey: ['payment-mode'], queryFn: api.getPaymentMode, staleTime: Infinity });
}

export function usePricedCart(lines: CartLineInput[]) {
  return useQuery({
    queryKey: checkoutKeys.priced(lines),
    queryFn: () => api.priceCart(lines),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function usePayCash() {
  const client = useQueryClient();
  return useMutation<Order, Error, PayCashRequest>({
    mutationFn: api.payCash,
    onSuccess: () => {
      // Stock changed.
      void client.invalidateQueries({ queryKey: checkoutKeys.catalog });
    },
  });
}

/**
 * TanStack Query hooks for Pajak & Harga and promos. A save sets its own result in the cache; the
 * rest (priced carts, the example cart, the promo chooser) follows the change feed's
 * `settingsChanged: pricing` and `catalogChanged` (src/lib/events.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  pricingApi,
  type CartLineInput,
  type PricingSettings,
  type Promo,
  type PromoRule,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function usePricingSettings() {
  return useQuery({ queryKey: queryKeys.pricing.settings, queryFn: pricingApi.getPricingSettings });
}

export function useSavePricingSettings() {
  const client = useQueryClient();
  return useMutation<PricingSettings, Error, PricingSettings>({
    mutationFn: pricingApi.savePricingSettings,
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.pricing.settings, saved);
      // The example is re-priced by Rust with what was just saved.
      void client.invalidateQueries({ queryKey: queryKeys.pricing.exampleAll });
      void client.invalidateQueries({ queryKey: queryKeys.pricedCart.all });
    },
  });
}

/** The live example under the form: a few catalogue products priced by Rust. */
export function useExampleCart(lines: CartLineInput[]) {
  return useQuery({
    queryKey: queryKeys.pricing.example(lines),
    queryFn: () => api.priceCart(lines),
    enabled: lines.length > 0,
    staleTime: 0,
  });
}

export function useCatalogForPricing() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: api.getCatalog });
}

export function usePromos() {
  return useQuery<Promo[], Error>({ queryKey: queryKeys.pricing.promos, queryFn: pricingApi.listPromos });
}

export function useSavePromo() {
  const client = useQueryClient();
  return useMutation<Promo, Error, { rule: PromoRule; active: boolean }>({
    mutationFn: ({ rule, active }) => pricingApi.savePromo(rule, active),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.pricing.promos });
      void client.invalidateQueries({ queryKey: queryKeys.pricedCart.all });
    },
  });
}

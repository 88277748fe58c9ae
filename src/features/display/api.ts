/**
 * TanStack Query hooks of the customer display ("Layar Pelanggan"). The view is Rust's
 * (`get_customer_display`): the display window renders it and nothing else; the change feed
 * (src/lib/events.ts) marks it stale on every change it concerns.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  displayApi,
  type CartLineInput,
  type CartOptions,
  type CustomerDisplaySettings,
  type CustomerDisplayWindow,
  type DisplayWindowSettings,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

/**
 * A safety net under the change feed (a display window that missed an event while it was
 * loading): the view is read again at least this often.
 */
export const VIEW_REFRESH_MS = 15_000;

export function useCustomerDisplayView() {
  return useQuery({
    queryKey: queryKeys.display.view,
    queryFn: displayApi.getCustomerDisplay,
    refetchInterval: VIEW_REFRESH_MS,
    staleTime: 0,
    // The last view stays on screen while a refetch fails (the till is busy or restarting).
    retry: true,
  });
}

export function useDisplayLogo(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.display.logo,
    queryFn: displayApi.getCustomerDisplayLogo,
    enabled,
    staleTime: Infinity,
  });
}

/**
 * Tell Rust which lines are on the till now when they are not the checkout's own cart (an open
 * bill; the cart is shown through its pricing, `price_cart` with `onTill`). An empty list clears
 * the display. Rust prices them from the database; a refused list (e.g. the till locked) leaves
 * the display to Rust's rules.
 */
export function useCartOnDisplay(lines: CartLineInput[], cart: CartOptions | undefined, enabled = true): void {
  const key = JSON.stringify([lines, cart ?? null]);
  useEffect(() => {
    if (!enabled) return;
    const [l, c] = JSON.parse(key) as [CartLineInput[], CartOptions | null];
    displayApi.showCartOnDisplay(l, c ?? undefined).catch(() => undefined);
  }, [key, enabled]);
}

export function useDisplayWindow(enabled = true) {
  return useQuery({
    queryKey: queryKeys.display.window,
    queryFn: displayApi.getCustomerDisplayWindow,
    enabled,
  });
}

export function useOpenDisplay() {
  const client = useQueryClient();
  return useMutation<CustomerDisplayWindow, Error, DisplayWindowSettings>({
    mutationFn: displayApi.openCustomerDisplay,
    onSuccess: (status) => client.setQueryData(queryKeys.display.window, status),
  });
}

export function useCloseDisplay() {
  const client = useQueryClient();
  return useMutation<CustomerDisplayWindow, Error, void>({
    mutationFn: () => displayApi.closeCustomerDisplay(),
    onSuccess: (status) => client.setQueryData(queryKeys.display.window, status),
  });
}

export function useDisplaySettings() {
  return useQuery({
    queryKey: queryKeys.display.settings,
    queryFn: displayApi.getCustomerDisplaySettings,
  });
}

export function useSaveDisplaySettings() {
  const client = useQueryClient();
  return useMutation<CustomerDisplaySettings, Error, CustomerDisplaySettings>({
    mutationFn: displayApi.saveCustomerDisplaySettings,
    onSuccess: (saved) => client.setQueryData(queryKeys.display.settings, saved),
  });
}

/**
 * The shop profile (name, timezone) that every screen reads: the header, and every time shown,
 * which is formatted in the shop's timezone. Saving it belongs to Pengaturan → Toko & Waktu.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './ipc';
import { queryKeys } from './queryKeys';

/** Until the profile has loaded (or if it cannot), times are shown in WIB, the backend's default. */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** The profile's query, also started before the first render (main.tsx). */
export const shopProfileQuery = queryOptions({
  queryKey: queryKeys.shopProfile,
  queryFn: api.getShopProfile,
  staleTime: Infinity,
});

export function useShopProfile() {
  return useQuery(shopProfileQuery);
}

/** IANA timezone for formatting times (`formatDateTime(ms, zone)`). */
export function useShopTimeZone(): string {
  return useShopProfile().data?.timezone ?? DEFAULT_TIME_ZONE;
}

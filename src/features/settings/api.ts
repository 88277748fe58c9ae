/**
 * TanStack Query hooks for Pengaturan (Printer, Printer Dapur & Bar, Toko & Waktu). A save sets its own result in the
 * cache; everything else that depends on settings (header, report periods, receipt preview) is
 * refreshed by the change feed's `settingsChanged` (src/lib/events.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  catalogApi,
  kitchenApi,
  printingApi,
  receiptSettingsApi,
  type Catalog,
  type CatalogSettings,
  type CategoryRoute,
  type CategoryRouteInput,
  type LabelSettings,
  type PrepPrinter,
  type PrepPrinterInput,
  type PrinterSettings,
  type ReceiptLogo,
  type ReceiptPreview,
  type ShopClock,
  type ShopProfile,
  type TestPrintResult,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function usePrinterSettings() {
  return useQuery({ queryKey: queryKeys.printing.settings, queryFn: printingApi.getPrinterSettings });
}

export function useSavePrinterSettings() {
  const client = useQueryClient();
  return useMutation<PrinterSettings, Error, PrinterSettings>({
    mutationFn: printingApi.savePrinterSettings,
    onSuccess: (saved) => client.setQueryData(queryKeys.printing.settings, saved),
  });
}

/** Connected USB printers; `refetch()` is the "Muat ulang" button. */
export function useUsbPrinters(enabled = true) {
  return useQuery({
    queryKey: queryKeys.printing.usbPrinters,
    queryFn: printingApi.listUsbPrinters,
    retry: false,
    enabled,
  });
}

export function useTestPrint() {
  return useMutation<TestPrintResult, Error, PrinterSettings>({
    mutationFn: printingApi.testPrint,
  });
}

/** The receipt as it will print with these (unsaved) settings. */
export function useReceiptPreview(settings: PrinterSettings | null) {
  return useQuery<ReceiptPreview, Error>({
    queryKey: queryKeys.printing.preview(settings),
    queryFn: () => printingApi.previewReceipt({ orderId: null, settings }),
    enabled: settings !== null,
    placeholderData: keepPreviousData,
  });
}

/** "Info & Log": read fresh each time the section opens. */
export function useSupportInfo() {
  return useQuery({ queryKey: queryKeys.supportInfo, queryFn: api.getSupportInfo, staleTime: 0 });
}

/** "Toko & Waktu": the shop timezone and the business-day start. */
export function useShopClock() {
  return useQuery({ queryKey: queryKeys.shopClock, queryFn: api.getShopClock });
}

/** Saves the whole form in one command (one transaction in Rust). */
export function useSaveShopClock() {
  const client = useQueryClient();
  return useMutation<ShopClock, Error, ShopClock>({
    mutationFn: api.saveShopClock,
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.shopClock, saved);
      // The header and every time on screen follow the shop timezone at once.
      client.setQueryData<ShopProfile>(queryKeys.shopProfile, (profile) =>
        profile ? { ...profile, timezone: saved.timezone } : profile,
      );
    },
  });
}

/** Serial/Bluetooth ports with their description; `refetch()` is the "Muat ulang" button. */
export function useSerialPorts(enabled = true) {
  return useQuery({
    queryKey: queryKeys.receiptSettings.serialPorts,
    queryFn: receiptSettingsApi.listSerialPorts,
    retry: false,
    enabled,
  });
}

/** The stored receipt logo (null: none). */
export function useReceiptLogo() {
  return useQuery({ queryKey: queryKeys.receiptSettings.logo, queryFn: receiptSettingsApi.getReceiptLogo });
}

/**
 * "Pilih Logo" (the picked file's path) and "Hapus Logo". Each sets the logo in the cache and
 * refreshes the receipt preview, which prints it.
 */
export function useSetReceiptLogo() {
  const client = useQueryClient();
  return useMutation<ReceiptLogo, Error, string>({
    mutationFn: receiptSettingsApi.setReceiptLogo,
    onSuccess: (logo) => {
      client.setQueryData(queryKeys.receiptSettings.logo, logo);
      void client.invalidateQueries({ queryKey: queryKeys.printing.previewAll });
    },
  });
}

export function useRemoveReceiptLogo() {
  const client = useQueryClient();
  return useMutation<null, Error, void>({
    mutationFn: () => receiptSettingsApi.removeReceiptLogo(),
    onSuccess: () => {
      client.setQueryData(queryKeys.receiptSettings.logo, null);
      void client.invalidateQueries({ queryKey: queryKeys.printing.previewAll });
    },
  });
}

/** Pengaturan → Label. */
export function useLabelSettings() {
  return useQuery({ queryKey: queryKeys.receiptSettings.labelSettings, queryFn: catalogApi.getLabelSettings });
}

export function useSaveLabelSettings() {
  const client = useQueryClient();
  return useMutation<LabelSettings, Error, LabelSettings>({
    mutationFn: receiptSettingsApi.saveLabelSettings,
    onSuccess: (saved) => client.setQueryData(queryKeys.receiptSettings.labelSettings, saved),
  });
}

/** The catalogue the till sells; read here for its `showPhotos` switch (same query as the grid). */
export function useCatalogSwitches() {
  return useQuery({ queryKey: queryKeys.catalog, queryFn: api.getCatalog });
}

/** "Tampilkan foto barang di kasir": saved at once; the grid follows through the cache. */
export function useSaveCatalogSettings() {
  const client = useQueryClient();
  return useMutation<CatalogSettings, Error, CatalogSettings>({
    mutationFn: receiptSettingsApi.saveCatalogSettings,
    onSuccess: (saved) =>
      client.setQueryData<Catalog>(queryKeys.catalog, (catalog) =>
        catalog ? { ...catalog, showPhotos: saved.showPhotos } : catalog,
      ),
  });
}

// ---- kitchen (issue 14) ----

/** "Printer Dapur & Bar": the kitchen and bar printers in use. */
export function usePrepPrinters() {
  return useQuery({ queryKey: queryKeys.kitchen.printers, queryFn: kitchenApi.listPrepPrinters });
}

/** Add or edit a printer; the list shows what Rust stored (sorted by name, as Rust lists it). */
export function useSavePrepPrinter() {
  const client = useQueryClient();
  return useMutation<PrepPrinter, Error, PrepPrinterInput>({
    mutationFn: kitchenApi.savePrepPrinter,
    onSuccess: (saved) => {
      client.setQueryData<PrepPrinter[]>(queryKeys.kitchen.printers, (list) =>
        list
          ? [...list.filter((p) => p.id !== saved.id), saved].sort((a, b) =>
              a.name.localeCompare(b.name, 'id', { sensitivity: 'base' }),
            )
          : list,
      );
      // A printer that came back brings its routes with it.
      void client.invalidateQueries({ queryKey: queryKeys.kitchen.routes });
    },
  });
}

/** Remove a printer: out of the list, and its categories print nowhere (the routes are read again). */
export function useRemovePrepPrinter() {
  const client = useQueryClient();
  return useMutation<null, Error, number>({
    mutationFn: kitchenApi.removePrepPrinter,
    onSuccess: (_, id) => {
      client.setQueryData<PrepPrinter[]>(queryKeys.kitchen.printers, (list) =>
        list ? list.filter((p) => p.id !== id) : list,
      );
      void client.invalidateQueries({ queryKey: queryKeys.kitchen.routes });
    },
  });
}

/** Every category with the printer its lines go to. */
export function useCategoryRoutes() {
  return useQuery({ queryKey: queryKeys.kitchen.routes, queryFn: kitchenApi.listCategoryRoutes });
}

/** Saves the whole routing table in one command (one transaction in Rust). */
export function useSaveCategoryRoutes() {
  const client = useQueryClient();
  return useMutation<CategoryRoute[], Error, CategoryRouteInput[]>({
    mutationFn: kitchenApi.saveCategoryRoutes,
    onSuccess: (saved) => client.setQueryData(queryKeys.kitchen.routes, saved),
  });
}

/** "Tes Cetak" on a kitchen/bar printer, as its form stands. */
export function useTestPrintPrepPrinter() {
  return useMutation<TestPrintResult, Error, PrepPrinterInput>({
    mutationFn: kitchenApi.testPrintPrepPrinter,
  });
}
// ---- end kitchen ----

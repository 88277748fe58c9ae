/**
 * TanStack Query hooks for Pengaturan (Printer, Toko & Waktu). A save sets its own result in the
 * cache; everything else that depends on settings (header, report periods, receipt preview) is
 * refreshed by the change feed's `settingsChanged` (src/lib/events.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  printingApi,
  reportsApi,
  type PrinterSettings,
  type ReceiptPreview,
  type ReportSettings,
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
export function useUsbPrinters() {
  return useQuery({ queryKey: queryKeys.printing.usbPrinters, queryFn: printingApi.listUsbPrinters, retry: false });
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

export function useReportSettings() {
  return useQuery({ queryKey: queryKeys.reportSettings, queryFn: reportsApi.getReportSettings });
}

export interface ShopClock {
  timezone: string;
  cutoffMinutes: number;
}

/** "Toko & Waktu": the shop timezone and the business-day start, saved together. */
export function useSaveShopClock() {
  const client = useQueryClient();
  return useMutation<{ profile: ShopProfile; report: ReportSettings }, Error, ShopClock>({
    mutationFn: async ({ timezone, cutoffMinutes }) => {
      const profile = await api.setShopTimezone(timezone);
      const report = await reportsApi.setBusinessDayCutoff(cutoffMinutes);
      return { profile, report };
    },
    onSuccess: ({ profile, report }) => {
      client.setQueryData(queryKeys.shopProfile, profile);
      client.setQueryData(queryKeys.reportSettings, report);
    },
  });
}

/** TanStack Query hooks for Pengaturan → Printer. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  printingApi,
  type PrinterSettings,
  type ReceiptPreview,
  type TestPrintResult,
} from '../../lib/ipc';

export const settingsKeys = {
  printer: ['printer-settings'] as const,
  usb: ['usb-printers'] as const,
  preview: (settings: PrinterSettings | null) => ['receipt-preview', settings] as const,
};

export function usePrinterSettings() {
  return useQuery({ queryKey: settingsKeys.printer, queryFn: printingApi.getPrinterSettings });
}

export function useSavePrinterSettings() {
  const client = useQueryClient();
  return useMutation<PrinterSettings, Error, PrinterSettings>({
    mutationFn: printingApi.savePrinterSettings,
    onSuccess: (saved) => {
      client.setQueryData(settingsKeys.printer, saved);
      // The shop name in the header comes from the same rows.
      void client.invalidateQueries({ queryKey: ['shop-profile'] });
    },
  });
}

/** Connected USB printers; `refetch()` is the "Muat ulang" button. */
export function useUsbPrinters() {
  return useQuery({ queryKey: settingsKeys.usb, queryFn: printingApi.listUsbPrinters, retry: false });
}

export function useTestPrint() {
  return useMutation<TestPrintResult, Error, PrinterSettings>({
    mutationFn: printingApi.testPrint,
  });
}

/** The receipt as it will print with these (unsaved) settings. */
export function useReceiptPreview(settings: PrinterSettings | null) {
  return useQuery<ReceiptPreview, Error>({
    queryKey: settingsKeys.preview(settings),
    queryFn: () => printingApi.previewReceipt({ orderId: null, settings }),
    enabled: settings !== null,
    placeholderData: keepPreviousData,
  });
}

/**
 * TanStack Query hooks for the owner report commands. Sales, attempts and settings changes
 * refresh them through the change feed (src/lib/events.ts).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  catalogApi,
  reportsApi,
  type DateRange,
  type SavedReceipt,
  type DigitalReceiptFormat,
  type ExportResult,
  type HistoryQuery,
  type PeriodRequest,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function useDashboard(req: PeriodRequest) {
  return useQuery({
    queryKey: queryKeys.reports.dashboard(req),
    queryFn: () => reportsApi.getSalesDashboard(req),
    placeholderData: keepPreviousData,
  });
}

export function useReconciliation(range: DateRange | null, page: number) {
  return useQuery({
    queryKey: queryKeys.reports.reconciliation(range ?? { from: '', to: '' }, page),
    queryFn: () =>
      reportsApi.getQrisReconciliation({ from: range!.from, to: range!.to, page, pageSize: 20 }),
    enabled: range !== null,
    placeholderData: keepPreviousData,
  });
}

export function useHistory(q: HistoryQuery | null) {
  return useQuery({
    queryKey: queryKeys.reports.history(q ?? { from: '', to: '', page: 1, pageSize: 20 }),
    queryFn: () => reportsApi.listSalesHistory(q!),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSaleDetail(orderId: number | null) {
  return useQuery({
    queryKey: queryKeys.reports.sale(orderId ?? 0),
    queryFn: () => reportsApi.getSaleDetail(orderId!),
    enabled: orderId !== null,
  });
}

export function useExportCsv() {
  return useMutation<ExportResult, Error, DateRange>({ mutationFn: reportsApi.exportSalesCsv });
}

export function useExportXlsx() {
  return useMutation<ExportResult, Error, DateRange>({ mutationFn: reportsApi.exportXlsx });
}

/** A preset or custom range resolved in the shop's timezone (a cashier's history has no dashboard). */
export function usePeriod(req: PeriodRequest) {
  return useQuery({
    queryKey: queryKeys.reports.period(req),
    queryFn: () => reportsApi.resolveReportPeriod(req),
    placeholderData: keepPreviousData,
  });
}

// ---- catalogue (issue 13): the digital receipt ----

/** "Simpan Struk": the paid order's receipt as PNG or PDF in Downloads (same text as printed). */
export function useSaveDigitalReceipt() {
  return useMutation<SavedReceipt, Error, { orderId: number; format: DigitalReceiptFormat }>({
    mutationFn: ({ orderId, format }) => catalogApi.saveDigitalReceipt(orderId, format),
  });
}
// ---- end catalogue ----

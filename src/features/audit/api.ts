/**
 * The audit trail (owner only). Rows are only ever added; the list refreshes on the events of the
 * audited changes (src/lib/events.ts) and whenever the panel opens.
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { reportsApi, shiftsApi, type AuditEntry, type AuditExport, type AuditQuery, type PeriodRequest } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function useAuditList(query: AuditQuery, enabled = true) {
  return useQuery<AuditEntry[], Error>({
    queryKey: queryKeys.audit.list(query),
    queryFn: () => shiftsApi.listAudit(query),
    placeholderData: keepPreviousData,
    staleTime: 0,
    enabled,
  });
}

export function useExportAudit() {
  return useMutation<AuditExport, Error, AuditQuery>({ mutationFn: shiftsApi.exportAuditCsv });
}

/** A preset resolved in the shop's timezone (business days), for the period filter. */
export function useResolvedPeriod(req: PeriodRequest | null) {
  return useQuery({
    queryKey: queryKeys.reports.period(req ?? { preset: 'today' }),
    queryFn: () => reportsApi.resolveReportPeriod(req!),
    enabled: req !== null,
  });
}
